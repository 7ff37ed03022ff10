"""An organisation's implementation plan, its phase, and the target matrix of its units."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.reversing import reverse_remembered

from .base import LONG_TEXT, SHORT_TEXT, Versioned, period_clean
from .organisations import Organisation


class Phase(models.IntegerChoices):
    """The steps of the regional implementation process."""

    CONSULTATION = 1, _("1 Open consultation")
    PREPARATION = 2, _("2 Preparation")
    PROCESS_TEAM = 3, _("3 Regional process team starts")
    GAP_ANALYSIS = 4, _("4 Gap analysis done")
    DECISION = 5, _("5 Decision on the programme")
    ANCHORING = 6, _("6 Local anchoring")
    PLAN = 7, _("7 Implementation plan")
    EXECUTION = 8, _("8 Execution")
    FOLLOW_UP = 9, _("9 Follow-up of measures")
    LEARNING = 10, _("10 Learning and adjustment")
    EXECUTION_PHASE = 11, _("11 Execution phase in PDSA loops")


class Stage(models.TextChoices):
    """The four stages the eleven phases are grouped into."""

    EXPLORATION = "exploration", _("exploration")
    PREPARATION = "preparation", _("preparation")
    IMPLEMENTATION = "implementation", _("implementation")
    SUSTAINMENT = "sustainment", _("sustainment")


def stage_of(phase: int) -> Stage:
    if phase <= 3:
        return Stage.EXPLORATION
    if phase <= 7:
        return Stage.PREPARATION
    if phase <= 9:
        return Stage.IMPLEMENTATION
    return Stage.SUSTAINMENT


class Plan(Versioned):
    """An organisation's implementation plan: what, why, who, how and when, and the decision."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=SHORT_TEXT)
    ambition = models.TextField(
        _("ambition"), max_length=LONG_TEXT, help_text=_("What do we want to achieve?")
    )
    rationale = models.TextField(
        _("why"), max_length=LONG_TEXT, blank=True, help_text=_("Why does it matter here?")
    )
    key_people = models.TextField(
        _("who"), max_length=LONG_TEXT, blank=True, help_text=_("Key people and what they do.")
    )
    approach = models.TextField(
        _("how"), max_length=LONG_TEXT, blank=True, help_text=_("How we will work in practice.")
    )
    schedule = models.TextField(
        _("when"), max_length=LONG_TEXT, blank=True, help_text=_("The main steps over time.")
    )
    decided_by = models.CharField(_("decided by"), max_length=SHORT_TEXT, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    phase = models.PositiveSmallIntegerField(
        _("phase of the regional process"), choices=Phase.choices, default=Phase.CONSULTATION
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__path", "-period_start", "id"]
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_remembered("implementation:plan", [self.pk])

    @property
    def stage(self) -> Stage:
        return stage_of(self.phase)

    def clean(self):
        super().clean()
        period_clean(self.period_start, self.period_end)


class ImplementationLevel(models.IntegerChoices):
    KNOW = 1, _("1 Know the tool exists")
    USE = 2, _("2 Can use the tool")
    CONTENT = 3, _("3 Content knowledge")


class PlanUnit(Versioned):
    """A unit's row in the plan's target matrix, with its implementation leader."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="units", verbose_name=_("plan")
    )
    unit = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_rows", verbose_name=_("unit")
    )
    leader = models.CharField(_("implementation leader"), max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="one_row_per_unit")]
        verbose_name = _("unit in a plan")
        verbose_name_plural = _("units in a plan")

    def __str__(self):
        return f"{self.plan} – {self.unit}"


class Target(models.Model):
    """One cell of the matrix: the level a unit must reach in a programme (or in one of its
    care pathways), and where it is."""

    row = models.ForeignKey(
        PlanUnit, on_delete=models.CASCADE, related_name="targets", verbose_name=_("unit")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="implementation_targets",
        verbose_name=_("programme"),
    )
    pathway = models.ForeignKey(
        "programmes.Pathway",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="implementation_targets",
        verbose_name=_("care pathway"),
        help_text=_("A target for one of the programme's care pathways, not the whole."),
    )
    required_level = models.PositiveSmallIntegerField(
        _("required level"), choices=ImplementationLevel.choices
    )
    reached_level = models.PositiveSmallIntegerField(
        _("level reached"), choices=ImplementationLevel.choices, null=True, blank=True
    )
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["row", "programme"],
                condition=models.Q(pathway__isnull=True),
                name="one_target_per_cell",
            ),
            models.UniqueConstraint(
                fields=["row", "pathway"],
                condition=models.Q(pathway__isnull=False),
                name="one_pathway_target_per_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=3),
                name="required_level_1_to_3",
            ),
            models.CheckConstraint(
                condition=models.Q(reached_level__isnull=True)
                | models.Q(reached_level__gte=1, reached_level__lte=3),
                name="reached_level_1_to_3",
            ),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.row.unit} – {self.pathway or self.programme}: {self.required_level}"

    @property
    def is_met(self) -> bool:
        return self.reached_level is not None and self.reached_level >= self.required_level

    def clean(self):
        super().clean()
        if self.reached_level is not None and self.reached_on is None:
            raise ValidationError({"reached_on": _("Give the date the level was reached.")})
        if self.reached_level is None and self.reached_on is not None:
            raise ValidationError({"reached_level": _("Give the level that was reached.")})
        if self.reached_on and self.reached_on > datetime.date.today():
            raise ValidationError({"reached_on": _("A level cannot be reached in the future.")})
