"""How a plan follows one indicator up on its chart: the chart chosen and the target line
(`ChartSetting`), the baselines that start a new phase (`Baseline`) and the notes on the
chart (`ChartNote`)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChartKind(models.TextChoices):
    RUN = "run", _("run chart")
    I_CHART = "i", _("I-chart (individual values)")
    P_CHART = "p", _("P-chart (proportions)")
    U_CHART = "u", _("U-chart (rates)")


class OnChart(models.Model):
    """Something a plan keeps about one indicator's chart."""

    plan = models.ForeignKey(
        "implementation.Plan",
        on_delete=models.CASCADE,
        related_name="%(class)ss",
        verbose_name=_("plan"),
    )
    indicator = models.ForeignKey(
        "programmes.Indicator",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("indicator"),
    )

    class Meta:
        abstract = True


class ChartSetting(OnChart):
    """The chart a plan shows for an indicator, and its target line."""

    chart_kind = models.CharField(
        _("chart"),
        max_length=3,
        choices=ChartKind.choices,
        blank=True,
        help_text=_("Left empty, the chart follows the indicator's kind of measure."),
    )
    target = models.DecimalField(
        _("target value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Drawn as a line on the chart, in the unit of the measurements."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator"], name="one_chart_setting_per_indicator"
            )
        ]
        verbose_name = _("chart setting")
        verbose_name_plural = _("chart settings")

    def __str__(self):
        return f"{self.plan_id}/{self.indicator_id}: {self.chart_kind or '-'}"


class Baseline(OnChart):
    """A phase of the chart starting at `start`: its centre line and limits come from its
    first `points` measurements (frozen), or from all of them when `points` is empty."""

    start = models.DateField(
        _("from"), help_text=_("The phase starts with the first measurement from this date.")
    )
    points = models.PositiveSmallIntegerField(
        _("measurements in the baseline"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(500)],
        help_text=_(
            "The centre line is frozen from this many measurements, for example 12. "
            "Left empty, every measurement of the phase counts."
        ),
    )
    reason = models.CharField(
        _("reason"),
        max_length=200,
        blank=True,
        help_text=_("The deliberate change the new baseline follows, if any."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "start"], name="one_baseline_per_start"
            )
        ]
        ordering = ["start"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self):
        return f"{self.plan_id}/{self.indicator_id}: {self.start}"


class ChartNote(OnChart):
    """A dated note on an indicator's chart: what happened, what was tried."""

    date = models.DateField(_("date"))
    text = models.CharField(_("note"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("chart note")
        verbose_name_plural = _("chart notes")

    def __str__(self):
        return f"{self.date}: {self.text}"
