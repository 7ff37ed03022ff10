"""A programme's working group and the path of its status, with who moved it and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Programme

Status = Programme.Status

#: Where a programme's status may go from each status: the national working group's
#: path (utkast → remiss → test → fastställd), a review of an established programme
#: (under översyn, which may go through consultation and a test again), and the archive.
MOVES = {
    Status.DRAFT: (Status.CONSULTATION, Status.ARCHIVED),
    Status.CONSULTATION: (Status.DRAFT, Status.TEST, Status.ARCHIVED),
    Status.TEST: (Status.CONSULTATION, Status.ESTABLISHED, Status.ARCHIVED),
    Status.ESTABLISHED: (Status.REVIEW, Status.ARCHIVED),
    Status.REVIEW: (Status.CONSULTATION, Status.TEST, Status.ESTABLISHED, Status.ARCHIVED),
    Status.ARCHIVED: (Status.REVIEW,),
}


class Role(models.TextChoices):
    CHAIR = "chair", _("chair")
    EDITOR = "editor", _("editor")
    MEMBER = "member", _("member")


#: The roles that lead the work: open and close rounds, invite, move the status.
LEADING_ROLES = (Role.CHAIR, Role.EDITOR)


class Member(models.Model):
    """A person in a programme's working group and the region or organisation they
    represent. The programme's editors belong to it with the role editor."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="group_members",
        verbose_name=_("programme"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    represents = models.CharField(
        _("represents"),
        max_length=200,
        blank=True,
        help_text=_("The region or organisation the member represents in the group."),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "role", "user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="member_once"),
            models.UniqueConstraint(
                fields=["programme"], condition=models.Q(role="chair"), name="one_chair"
            ),
        ]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.get_role_display()})"

    @property
    def leads(self) -> bool:
        return self.role in LEADING_ROLES


class StatusChange(models.Model):
    """One move of a programme's status: from, to, who, when and why."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("programme"),
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        moved = f"{self.get_from_status_display()} → {self.get_to_status_display()}"
        return f"{self.programme}: {moved}"
