"""The work after the consultation rounds: the practical test (meeting 4), whether each
proposed indicator's data can be fetched, the dissemination plan (meeting 5) and the
self-evaluation (meeting 6)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import (
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    PathwayStep,
    Programme,
)
from programmes.versioning import Versioned

LONG = 8000


class PracticalTest(Versioned):
    """The draft used in one real or fictional meeting: where, at which level, with which
    case, what worked and what must change, and the parts it concerns. A case is a case
    vignette or a described case, never patient data."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="practical_tests",
        verbose_name=_("programme"),
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("where"), max_length=200)
    care_level = models.ForeignKey(
        "care_levels.CareLevel",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level of care"),
    )
    vignette = models.ForeignKey(
        CaseVignette,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case vignette"),
    )
    described_case = models.TextField(
        _("described case"),
        max_length=LONG,
        blank=True,
        help_text=_("A fictional or anonymised case in a few sentences. Never patient data."),
    )
    what_worked = models.TextField(_("what worked"), max_length=LONG)
    must_change = models.TextField(_("what must change"), max_length=LONG, blank=True)
    nodes = models.ManyToManyField(
        ContentNode, blank=True, related_name="+", verbose_name=_("parts concerned")
    )
    steps = models.ManyToManyField(
        PathwayStep, blank=True, related_name="+", verbose_name=_("pathway steps concerned")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-held_on", "-pk"]
        verbose_name = _("practical test")
        verbose_name_plural = _("practical tests")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.place}"

    def clean(self):
        if self.vignette_id is None and not self.described_case.strip():
            raise ValidationError(
                {"described_case": _("Choose a case vignette or describe the case.")}
            )
        if self.vignette_id and self.vignette.programme_id != self.programme_id:
            raise ValidationError({"vignette": _("Choose a case vignette of this programme.")})


class IndicatorCheck(Versioned):
    """Whether a proposed indicator's data can be fetched, from which source, by whom."""

    class Fetchable(models.TextChoices):
        YES = "yes", _("yes")
        PARTLY = "partly", _("partly")
        NO = "no", _("no")

    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="fetch_check",
        verbose_name=_("indicator"),
    )
    fetchable = models.CharField(
        _("can the data be fetched?"), max_length=6, choices=Fetchable.choices
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    fetched_by = models.CharField(_("by whom"), max_length=200, blank=True)
    note = models.TextField(_("note"), max_length=LONG, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator check")
        verbose_name_plural = _("indicator checks")

    def __str__(self):
        return f"{self.indicator}: {self.get_fetchable_display()}"

    def clean(self):
        if self.fetchable != self.Fetchable.NO and not self.source.strip():
            raise ValidationError({"source": _("Say where the data comes from.")})


class DisseminationItem(Versioned):
    """One line of the dissemination plan: for an audience, what material, through which
    channel, when and who is responsible."""

    class Audience(models.TextChoices):
        STAFF = "staff", _("staff")
        USERS = "users", _("user organisations")
        UNIVERSITIES = "universities", _("universities")
        CITIZENS = "citizens", _("citizens")
        DECISION_MAKERS = "decision-makers", _("decision makers")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="dissemination_items",
        verbose_name=_("programme"),
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    material = models.ForeignKey(
        Material,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("material"),
    )
    what = models.CharField(
        _("what"),
        max_length=200,
        blank=True,
        help_text=_("What is spread, where it is not one of the programme's materials."),
    )
    channel = models.CharField(_("channel"), max_length=200)
    due = models.DateField(_("when"))
    owner = models.CharField(_("responsible"), max_length=200)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "due", "audience", "pk"]
        verbose_name = _("dissemination plan item")
        verbose_name_plural = _("dissemination plan")

    def __str__(self):
        return f"{self.get_audience_display()}: {self.material or self.what}"

    def clean(self):
        if self.material_id is None and not self.what.strip():
            raise ValidationError({"what": _("Choose a material or say what is spread.")})
        if self.material_id and self.material.programme_id not in (None, self.programme_id):
            raise ValidationError({"material": _("Choose a material of this programme.")})


class SelfEvaluationAnswer(Versioned):
    """The working group's short answer to one question of the self-evaluation."""

    class Question(models.TextChoices):
        GOALS = "goals", _("Did the group reach what it set out to do, within the year?")
        PROCESS = "process", _("What worked well in the way the group worked?")
        DIFFERENTLY = "differently", _("What would the group do differently next time?")
        VOICES = "voices", _("Were the regions, professions and user organisations heard enough?")
        READY = "ready", _("Is the programme ready to be used at every level of care?")
        NEXT = "next", _("What should the next review look at first?")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="self_evaluation",
        verbose_name=_("programme"),
    )
    question = models.CharField(_("question"), max_length=12, choices=Question.choices)
    answer = models.TextField(_("answer"), max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "question"], name="one_answer_each")
        ]
        verbose_name = _("self-evaluation answer")
        verbose_name_plural = _("self-evaluation")

    def __str__(self):
        return str(self.get_question_display())
