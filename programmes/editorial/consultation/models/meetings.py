"""The working group's meetings: the timeline of how the programme was made."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Programme
from programmes.versioning import Versioned

LONG = 8000


class Meeting(Versioned):
    """One meeting of the working group. The national process has six (introduction; two
    rounds on the content; indicators; the practical test; dissemination; communication
    and self-evaluation), and more may be added. What the meeting concerns follows from
    its kind, or from the consultation round it discusses."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("introduction")
        CONTENT = "content", _("discussion of the content")
        INDICATORS = "indicators", _("indicators")
        PRACTICAL_TEST = "practical-test", _("practical test")
        DISSEMINATION = "dissemination", _("dissemination planning")
        SELF_EVALUATION = "self-evaluation", _("communication and self-evaluation")
        OTHER = "other", _("other")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind of meeting"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    due_before = models.TextField(_("to do before the meeting"), max_length=LONG, blank=True)
    agenda = models.TextField(_("agenda"), max_length=LONG, blank=True)
    minutes = models.TextField(_("minutes"), max_length=LONG, blank=True)
    decisions = models.TextField(_("decisions"), max_length=LONG, blank=True)
    round = models.ForeignKey(
        "consultation.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("consultation round discussed"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title or str(self.get_kind_display()).capitalize()
