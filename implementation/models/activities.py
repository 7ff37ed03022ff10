"""What a plan does: activities with their agendas, and the status reports sent in."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import LONG_TEXT, SHORT_TEXT, Versioned
from .organisations import Organisation
from .plans import Plan


class Activity(Versioned):
    """A workplace meeting (APT), introduction, training or case discussion."""

    class Kind(models.TextChoices):
        WORKPLACE_MEETING = "apt", _("Workplace meeting (APT)")
        INTRODUCTION = "introduction", _("Introduction")
        TRAINING = "training", _("Training")
        CASE_DISCUSSION = "case_discussion", _("Case discussion")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=SHORT_TEXT)
    date = models.DateField(_("date"))
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(60 * 24)]
    )
    unit = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    responsible = models.CharField(_("responsible"), max_length=SHORT_TEXT)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.TextField(_("notes"), max_length=LONG_TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.PLANNED and self.date < datetime.date.today()


class AgendaItem(models.Model):
    """A point on an activity's agenda, with the minutes written for it."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("activity")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("item"), max_length=SHORT_TEXT)
    duration = models.PositiveSmallIntegerField(
        _("minutes set aside"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24)],
    )
    minutes = models.TextField(_("minutes"), max_length=LONG_TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class StatusReport(Versioned):
    """A report from the contact network on how the implementation is going."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="status_reports", verbose_name=_("plan")
    )
    reported_on = models.DateField(_("reported on"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
        editable=False,
    )
    score = models.DecimalField(
        _("progress score"),
        max_digits=2,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("5.0"))],
        help_text=_("0.5 (not started) to 5.0 (outstanding, sustainable results)."),
    )
    works = models.TextField(_("what works"), max_length=LONG_TEXT, blank=True)
    difficulties = models.TextField(_("difficulties"), max_length=LONG_TEXT, blank=True)
    support_needed = models.TextField(_("support needed"), max_length=LONG_TEXT, blank=True)
    #: Regional process support's answer to `support_needed` (`services.support_reply_save`).
    support_reply = models.TextField(
        _("reply from process support"), max_length=LONG_TEXT, blank=True
    )
    support_replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
        editable=False,
    )
    support_replied_at = models.DateTimeField(
        _("replied at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self):
        return f"{self.plan}: {self.reported_on:%Y-%m-%d} ({self.score})"

    @property
    def awaits_support(self) -> bool:
        """Asks for support that process support has not answered yet."""
        return bool(self.support_needed.strip()) and not self.support_reply

    def clean(self):
        super().clean()
        if self.score is not None and (self.score * 2) % 1:
            raise ValidationError({"score": _("Give the score in steps of 0.5.")})
        if self.reported_on and self.reported_on > datetime.date.today():
            raise ValidationError({"reported_on": _("A report cannot be dated in the future.")})
