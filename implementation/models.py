"""Implementation planning: organisations, who belongs where, and each organisation's plan
with its targets, activities, status reports, gap analyses, measurements and PDSA cycles.

Every part of a plan keeps its history (django-simple-history) and a `version` that each
save moves on, so that a second person saving from an old copy is refused
(`implementation.services.versioned_save`).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

#: The longest free text a plan field takes; a clear form error beyond it.
LONG_TEXT = 5000
SHORT_TEXT = 200


class Organisation(MP_Node):
    """A county, region, municipality, administration, unit or workplace, as one tree.

    Rights given at one organisation reach every organisation below it (`access.py`).
    """

    class Kind(models.TextChoices):
        COUNTY = "county", _("county")
        REGION = "region", _("region")
        MUNICIPALITY = "municipality", _("municipality")
        ADMINISTRATION = "administration", _("administration")
        UNIT = "unit", _("unit")
        WORKPLACE = "workplace", _("workplace")

    #: The kinds each kind may sit under (a county is always a root).
    PARENT_KINDS = {
        Kind.COUNTY: (),
        Kind.REGION: (Kind.COUNTY,),
        Kind.MUNICIPALITY: (Kind.COUNTY,),
        Kind.ADMINISTRATION: (Kind.MUNICIPALITY, Kind.REGION),
        Kind.UNIT: (Kind.ADMINISTRATION, Kind.MUNICIPALITY, Kind.REGION),
        Kind.WORKPLACE: (Kind.UNIT,),
    }

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality code is four digits."))],
        help_text=_("The official four-digit kommunkod, for municipalities."),
    )
    care_level = models.ForeignKey(
        "care_levels.CareLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("care level"),
        help_text=_("The care level a unit provides."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    node_order_by = []

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~models.Q(municipality_code=""),
                name="unique_municipality_code",
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.MUNICIPALITY and not self.municipality_code:
            errors["municipality_code"] = _("A municipality needs its municipality code.")
        if self.kind != self.Kind.MUNICIPALITY and self.municipality_code:
            errors["municipality_code"] = _("Only a municipality has a municipality code.")
        if self.kind == self.Kind.UNIT and self.care_level_id is None:
            errors["care_level"] = _("A unit needs the care level it provides.")
        if errors:
            raise ValidationError(errors)

    def clean_parent(self, parent: "Organisation | None") -> None:
        """Refuse a place in the tree this kind of organisation cannot have."""
        allowed = self.PARENT_KINDS[self.Kind(self.kind)]
        if parent is None and allowed:
            raise ValidationError(
                _("A %(kind)s must sit under another organisation.")
                % {"kind": self.get_kind_display()}
            )
        if parent is not None and parent.kind not in allowed:
            raise ValidationError(
                _("A %(kind)s cannot sit under a %(parent)s.")
                % {"kind": self.get_kind_display(), "parent": parent.get_kind_display()}
            )


class Role(models.TextChoices):
    CONTACT = "kontaktperson", _("Contact person")
    LEADER = "implementeringsledare", _("Implementation leader")
    EDITOR = "redigerare", _("Editor")
    READER = "lasare", _("Reader")


class Membership(models.Model):
    """A user's role in an organisation; it reaches every organisation below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=25, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_place")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Versioned(models.Model):
    """A row that two people may edit at once: each save moves `version` on by one."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


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


def period_clean(start, end, *, start_field="period_start", end_field="period_end"):
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


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
        return reverse("implementation:plan", args=[self.pk])

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
    """One cell of the matrix: the level a unit must reach in a programme, and where it is."""

    row = models.ForeignKey(
        PlanUnit, on_delete=models.CASCADE, related_name="targets", verbose_name=_("unit")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="implementation_targets",
        verbose_name=_("programme"),
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
            models.UniqueConstraint(fields=["row", "programme"], name="one_target_per_cell"),
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
        return f"{self.row.unit} – {self.programme}: {self.required_level}"

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self):
        return f"{self.plan}: {self.reported_on:%Y-%m-%d} ({self.score})"

    def clean(self):
        super().clean()
        if self.score is not None and (self.score * 2) % 1:
            raise ValidationError({"score": _("Give the score in steps of 0.5.")})
        if self.reported_on and self.reported_on > datetime.date.today():
            raise ValidationError({"reported_on": _("A report cannot be dated in the future.")})


class GapAnalysis(Versioned):
    """Which of a programme's prioritised interventions for a level are offered."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="gap_analyses", verbose_name=_("plan")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
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
                fields=["plan", "programme", "care_level"], name="one_gap_analysis_per_level"
            )
        ]
        ordering = ["programme__position", "care_level__path"]
        verbose_name = _("gap analysis")
        verbose_name_plural = _("gap analyses")

    def __str__(self):
        return f"{self.programme} – {self.care_level}"


class GapItem(models.Model):
    """One prioritised intervention in a gap analysis; a gap gets a measure to close it."""

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
        related_name="+",
        verbose_name=_("intervention"),
    )
    offered = models.CharField(
        _("offered"), max_length=10, choices=Offered.choices, default=Offered.UNKNOWN
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
            )
        ]
        verbose_name = _("gap analysis item")
        verbose_name_plural = _("gap analysis items")

    def __str__(self):
        return str(self.intervention_id)

    @property
    def is_gap(self) -> bool:
        return self.offered in (self.Offered.PARTLY, self.Offered.NO)

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
