"""What the editorial room keeps of its own: drafts, and the history of every change to
content. The content's own tables know nothing of either.

The history is django-simple-history's, as for implementation plans: one historical
table per kind of content (`HistoricalProgramme`, `HistoricalContentNode` …), registered in
`history.py` with `ContentChange` as the extra columns of each row. `Version` reads them
all as one list, through a database view.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """Unpublished changes to published content. The public sees the row; editors the draft."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("kind of content")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    data = models.JSONField(_("content"), default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_draft_each")
        ]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self):
        return f"{self.content_type} {self.object_id}"


class Action(models.TextChoices):
    """What happened to content in one recorded change."""

    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DRAFT = "draft", _("draft saved")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("withdrawn from the public site")
    DISCARDED = "discarded", _("draft discarded")
    RESTORED = "restored", _("earlier version restored")
    MOVED = "moved", _("moved in the tree")
    IMPORTED = "imported", _("imported from a file")
    DELETED = "deleted", _("deleted")


class ContentChange(models.Model):
    """The columns every historical row of content has besides the content's own fields.

    A row holds the content as the editor left it in this change: for a draft, the draft
    (the live row is unchanged until it is published). `tags` holds the many-to-many
    fields as ids, which the content's own columns cannot.
    """

    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    tags = models.JSONField(_("tags"), default=dict)
    changed_fields = models.JSONField(_("changed fields"), default=list)
    object_repr = models.CharField(_("object"), max_length=300)

    class Meta:
        abstract = True


class Version(models.Model):
    """Every recorded change to content, whatever its kind, newest first (read only).

    A database view over the historical tables, made by migrations/0001_initial.py
    (`version_view`): a new kind of content with a history makes it again in a migration
    of its own. Each row names its table's row by `content_type` and `history_id`.
    """

    id = models.CharField(primary_key=True, max_length=60)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("kind of content"),
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    history_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("object"), max_length=300)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    changed_fields = models.JSONField(_("changed fields"), default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"))

    class Meta:
        managed = False
        db_table = "editorial_version"
        ordering = ["-created_at", "-history_id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        # In the site's time zone, as every admin page shows a moment.
        when = f" {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}" if self.created_at else ""
        return f"{self.object_repr}: {self.get_action_display()}{when}"

    def record(self):
        """The historical row this version is."""
        model = self.content_type.model_class()
        return model.history.model.objects.select_related("history_user").get(
            history_id=self.history_id
        )
