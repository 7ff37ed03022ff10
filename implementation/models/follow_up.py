"""Following a plan up: gap analyses, measurements of indicators and PDSA cycles."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import RecommendationKind

from .base import LONG_TEXT, SHORT_TEXT, Versioned, period_clean
from .plans import Plan


class GapAnalysis(Versioned):
    """Which of the interventions a programme gives at a level are offered (and which it
    should no longer do, still are); or, for a
    care pathway, which of its steps at the level are done, and within their time goals."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="gap_analyses", verbose_name=_("plan")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
    )
    pathway = models.ForeignKey(
        "programmes.Pathway",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("care pathway"),
        help_text=_(
            "Check the unit against the pathway's steps at its level, not the "
            "programme's interventions."
        ),
    )
    care_level = models.ForeignKey(
        "care_levels.CareLevel",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("care level"),
    )
    made_on = models.DateField(_("made on"))

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "programme", "care_level"],
                condition=models.Q(pathway__isnull=True),
                name="one_gap_analysis_per_level",
            ),
            models.UniqueConstraint(
                fields=["plan", "pathway", "care_level"],
                condition=models.Q(pathway__isnull=False),
                name="one_pathway_gap_analysis_per_level",
            ),
        ]
        ordering = ["programme__position", "care_level__path"]
        verbose_name = _("gap analysis")
        verbose_name_plural = _("gap analyses")

    def __str__(self):
        return f"{self.pathway or self.programme} – {self.care_level}"


class GapItem(models.Model):
    """One intervention the level gives (or pathway step) in a gap analysis; a gap gets a
    measure to close it (`is_gap`)."""

    class Offered(models.TextChoices):
        UNKNOWN = "unknown", _("Unknown")
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Not started")
        STARTED = "started", _("In progress")
        DONE = "done", _("Done")

    analysis = models.ForeignKey(
        GapAnalysis, on_delete=models.CASCADE, related_name="items", verbose_name=_("gap analysis")
    )
    intervention = models.ForeignKey(
        "programmes.ContentNode",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervention"),
    )
    step = models.ForeignKey(
        "programmes.PathwayStep",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pathway step"),
    )
    offered = models.CharField(
        _("offered"), max_length=10, choices=Offered.choices, default=Offered.UNKNOWN
    )
    time_goal_met = models.CharField(
        _("time goal met"),
        max_length=10,
        choices=Offered.choices,
        default=Offered.UNKNOWN,
        help_text=_("For a pathway step: is the step done within its time goal here?"),
    )
    days_now = models.PositiveSmallIntegerField(
        _("days it takes here now"),
        null=True,
        blank=True,
        help_text=_("For a pathway step: how many days the step takes here today."),
    )
    measure = models.TextField(_("improvement measure"), max_length=LONG_TEXT, blank=True)
    owner = models.CharField(_("owner"), max_length=SHORT_TEXT, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "intervention"], name="one_item_per_intervention"
            ),
            models.UniqueConstraint(fields=["analysis", "step"], name="one_item_per_step"),
            models.CheckConstraint(
                condition=models.Q(intervention__isnull=True, step__isnull=False)
                | models.Q(intervention__isnull=False, step__isnull=True),
                name="gap_item_is_intervention_or_step",
            ),
        ]
        verbose_name = _("gap analysis item")
        verbose_name_plural = _("gap analysis items")

    def __str__(self):
        return str(self.intervention_id or self.step_id)

    @property
    def is_gap(self) -> bool:
        """Not offered in full, or (for a step) not within its time goal. An intervention
        the guidelines say not to do (icke-göra) is a gap while it is still done here, in
        full or in part: a gap to phase out. One to give only within research (FoU) is
        never a gap. Reads the intervention: load it with the item."""
        lacking = (self.Offered.PARTLY, self.Offered.NO)
        if self.step_id is not None:
            return self.offered in lacking or self.time_goal_met in lacking
        kind = self.intervention.recommendation if self.intervention_id else ""
        if kind == RecommendationKind.DO_NOT_DO:
            return self.offered in (self.Offered.YES, self.Offered.PARTLY)
        if kind == RecommendationKind.RESEARCH:
            return False
        return self.offered in lacking

    @property
    def is_phase_out(self) -> bool:
        """A gap to close by no longer doing the intervention (icke-göra, still done)."""
        return (
            self.intervention_id is not None
            and self.intervention.recommendation == RecommendationKind.DO_NOT_DO
            and self.is_gap
        )

    @property
    def is_overdue(self) -> bool:
        return (
            self.is_gap
            and self.status != self.Status.DONE
            and self.due is not None
            and self.due < datetime.date.today()
        )

    def clean(self):
        super().clean()
        if self.is_gap:
            missing = {
                name: _("Every gap needs this.")
                for name in ("measure", "owner", "due")
                if not getattr(self, name)
            }
            if missing:
                raise ValidationError(missing)


class Measurement(Versioned):
    """A value of an indicator for the plan's organisation in one period."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("plan")
    )
    indicator = models.ForeignKey(
        "programmes.Indicator",
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Left empty, it is worked out as numerator / denominator in percent."),
    )
    source = models.CharField(_("source"), max_length=SHORT_TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "period_start"], name="one_value_per_period"
            )
        ]
        ordering = ["indicator_id", "period_start"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self):
        return f"{self.indicator_id} {self.period_start}: {self.value}"

    def clean(self):
        super().clean()
        period_clean(self.period_start, self.period_end)
        errors = {}
        if (self.numerator is None) != (self.denominator is None):
            errors["denominator"] = _("Give both numerator and denominator, or neither.")
        elif self.denominator == 0:
            errors["denominator"] = _("The denominator cannot be zero.")
        elif self.numerator is not None and self.numerator > self.denominator:
            errors["numerator"] = _("The numerator cannot be larger than the denominator.")
        elif self.numerator is not None and self.value is None:
            self.value = (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
                Decimal("0.01")
            )
        if self.value is None and not errors:
            errors["value"] = _("Give a value, or a numerator and a denominator.")
        if errors:
            raise ValidationError(errors)


class PDSACycle(Versioned):
    """A plan-do-study-act improvement loop of about three months."""

    class Decision(models.TextChoices):
        ADOPT = "adopt", _("Adopt")
        ADAPT = "adapt", _("Adapt")
        ABANDON = "abandon", _("Abandon")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="pdsa_cycles", verbose_name=_("plan")
    )
    indicator = models.ForeignKey(
        "programmes.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
        help_text=_("The indicator that shows whether the change works."),
    )
    title = models.CharField(_("title"), max_length=SHORT_TEXT)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    plan_text = models.TextField(_("plan"), max_length=LONG_TEXT)
    do_text = models.TextField(_("do"), max_length=LONG_TEXT, blank=True)
    study_text = models.TextField(_("study"), max_length=LONG_TEXT, blank=True)
    act_text = models.TextField(_("act"), max_length=LONG_TEXT, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        period_clean(self.start, self.end, start_field="start", end_field="end")
        if self.start and self.end and (self.end - self.start).days > 366:
            raise ValidationError({"end": _("A PDSA cycle lasts about three months, not years.")})
