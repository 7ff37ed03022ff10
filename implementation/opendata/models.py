"""Open key figures linked to the portal's indicators, the values imported from their
source with where and when they came from, and each plan's chosen comparisons."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Area codes as the open sources give them: a kommunkod ("0680"), a region ("0006",
#: "00" and the county's two-digit code) or the whole country ("0000").
COUNTRY = "0000"
area_code_validator = RegexValidator(r"^\d{4}$", _("An area code is four digits."))
kpi_validator = RegexValidator(
    r"^[A-Z]\d{5}$", _("A Kolada key figure is a capital letter and five digits, e.g. N00945.")
)


class SourceName(models.TextChoices):
    KOLADA = "kolada", "Kolada"


class Gender(models.TextChoices):
    TOTAL = "T", _("total")
    WOMEN = "K", _("women")
    MEN = "M", _("men")


class KpiLink(models.Model):
    """A key figure of an open source that follows up one of the portal's indicators."""

    indicator = models.ForeignKey(
        "programmes.Indicator",
        on_delete=models.CASCADE,
        related_name="open_data_links",
        verbose_name=_("indicator"),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=SourceName.choices, default=SourceName.KOLADA
    )
    kpi = models.CharField(_("key figure"), max_length=20, validators=[kpi_validator])
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("How the key figure relates to the indicator, if not the same measure."),
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "source", "kpi"], name="one_link_per_key_figure"
            )
        ]
        ordering = ["indicator_id", "kpi"]
        verbose_name = _("key figure link")
        verbose_name_plural = _("key figure links")

    def __str__(self):
        return f"{self.get_source_display()} {self.kpi}"


class OpenValue(models.Model):
    """One value of a key figure for one area, year and gender, as the source gave it.

    `value` is NULL when the source has no value or has suppressed it (too few people):
    never 0, which would be a real value.
    """

    source = models.CharField(_("source"), max_length=20, choices=SourceName.choices)
    kpi = models.CharField(_("key figure"), max_length=20, db_index=True)
    area = models.CharField(_("area code"), max_length=4, validators=[area_code_validator])
    period = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    preliminary = models.BooleanField(_("preliminary"), default=False)
    demo = models.BooleanField(
        _("demo value"), default=False, help_text=_("Invented for the demo, not from the source.")
    )
    fetched_at = models.DateTimeField(_("fetched"))

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kpi", "area", "period", "gender"], name="one_open_value"
            )
        ]
        ordering = ["source", "kpi", "area", "period", "gender"]
        verbose_name = _("open data value")
        verbose_name_plural = _("open data values")

    def __str__(self):
        return f"{self.kpi} {self.area} {self.period} {self.gender}: {self.value}"


class Comparison(models.Model):
    """The municipalities a plan's organisation compares itself with on the open data
    pages. With none chosen, the other municipalities of the same county are used."""

    plan = models.OneToOneField(
        "implementation.Plan",
        on_delete=models.CASCADE,
        related_name="open_data_comparison",
        verbose_name=_("plan"),
    )
    municipalities = models.ManyToManyField(
        "implementation.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("comparison municipalities"),
        limit_choices_to={"kind": "municipality"},
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")

    def __str__(self):
        return str(self.plan)


class Fetch(models.Model):
    """When a key figure was last fetched from its source: when the values shown were last
    checked, even where none of them changed."""

    source = models.CharField(_("source"), max_length=20, choices=SourceName.choices)
    kpi = models.CharField(_("key figure"), max_length=20)
    fetched_at = models.DateTimeField(_("fetched"))
    demo = models.BooleanField(_("demo values"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kpi"], name="one_fetch_per_key_figure")
        ]
        ordering = ["source", "kpi"]
        verbose_name = _("fetch")
        verbose_name_plural = _("fetches")

    def __str__(self):
        return f"{self.get_source_display()} {self.kpi} {self.fetched_at:%Y-%m-%d %H:%M}"
