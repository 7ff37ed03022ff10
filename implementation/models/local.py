"""Local adaptation: what a region or municipality adds to the national text.

A local addition hangs on one piece of national content: a programme at a care level, a
pathway step or an intervention; hung on the programme itself, it is the region's
regional programme page. It is written by the organisation's local editors, never mixed
into the national text, and published like national content: while it is public, changes
wait as a draft (`draft`) until published, and every change is kept in its history.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import PublicationRecord

from .base import LONG_TEXT, SHORT_TEXT, Versioned
from .organisations import Organisation

#: A Swedish personal identity number (personnummer or samordningsnummer), with or without
#: the century, which local text must never hold.
PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+ ]?\d{4}(?!\d)")


def no_personal_numbers(value: str) -> None:
    if PERSONAL_NUMBER.search(value or ""):
        raise ValidationError(
            _(
                "This looks like a personal identity number. Local text holds the unit's "
                "phone numbers and addresses, never personal data."
            ),
            code="personal_data",
        )


class LocalAddition(PublicationRecord, Versioned):
    """A region's or municipality's own text beside one piece of national content."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("regional programme page")
        LEVEL = "level", _("programme at a care level")
        STEP = "step", _("pathway step")
        INTERVENTION = "intervention", _("intervention")

    #: The local texts, in the order a page shows them.
    TEXTS = ("routine", "referral", "units", "contact", "services")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="local_additions",
        verbose_name=_("responsible organisation"),
    )
    kind = models.CharField(_("hangs on"), max_length=15, choices=Kind.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("programme"),
    )
    care_level = models.ForeignKey(
        "care_levels.CareLevel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("care level"),
    )
    step = models.ForeignKey(
        "programmes.PathwayStep",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pathway step"),
    )
    intervention = models.ForeignKey(
        "programmes.ContentNode",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervention"),
    )
    title = models.CharField(_("title"), max_length=SHORT_TEXT)
    routine = models.TextField(
        _("local routine"), max_length=LONG_TEXT, blank=True, validators=[no_personal_numbers]
    )
    referral = models.TextField(
        _("how to refer here"), max_length=LONG_TEXT, blank=True, validators=[no_personal_numbers]
    )
    units = models.TextField(
        _("local units that give it"),
        max_length=LONG_TEXT,
        blank=True,
        validators=[no_personal_numbers],
    )
    contact = models.TextField(
        _("how to reach them"),
        max_length=LONG_TEXT,
        blank=True,
        validators=[no_personal_numbers],
        help_text=_("The units' phone numbers and addresses: never a person's own details."),
    )
    services = models.TextField(
        _("local services"), max_length=LONG_TEXT, blank=True, validators=[no_personal_numbers]
    )
    link = models.URLField(
        _("link to the regional site"),
        blank=True,
        help_text=_("For example the regional programme on the regional knowledge site."),
    )
    published = models.BooleanField(_("published"), default=False, editable=False)
    #: Changes to a published addition, waiting to be published: the form's values.
    draft = models.JSONField(_("draft"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(
        _("last reviewed against the national text"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["organisation__path", "programme_id", "kind", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="programme",
                        care_level__isnull=True,
                        step__isnull=True,
                        intervention__isnull=True,
                    )
                    | models.Q(
                        kind="level",
                        care_level__isnull=False,
                        step__isnull=True,
                        intervention__isnull=True,
                    )
                    | models.Q(
                        kind="step",
                        care_level__isnull=True,
                        step__isnull=False,
                        intervention__isnull=True,
                    )
                    | models.Q(
                        kind="intervention",
                        care_level__isnull=True,
                        step__isnull=True,
                        intervention__isnull=False,
                    )
                ),
                name="local_addition_hangs_on_one_thing",
            ),
        ]
        verbose_name = _("local addition")
        verbose_name_plural = _("local additions")

    def __str__(self):
        return f"{self.title} ({self.organisation})"

    def clean(self):
        super().clean()
        errors = {}
        needed = {
            self.Kind.LEVEL: "care_level",
            self.Kind.STEP: "step",
            self.Kind.INTERVENTION: "intervention",
        }
        for kind, name in needed.items():
            if self.kind == kind and getattr(self, f"{name}_id") is None:
                errors[name] = _("Choose what the addition hangs on.")
            elif self.kind != kind:
                setattr(self, name, None)
        if (
            self.step_id
            and self.programme_id
            and self.step.pathway.programme_id != self.programme_id
        ):
            errors["step"] = _("Choose a step of the addition's programme.")
        if (
            self.intervention_id
            and self.programme_id
            and self.intervention.programme_id != self.programme_id
        ):
            errors["intervention"] = _("Choose an intervention of the addition's programme.")
        if self.intervention_id and not self.intervention.is_intervention:
            errors["intervention"] = _("Choose an intervention.")
        if not any(getattr(self, name).strip() for name in self.TEXTS) and not self.link:
            errors["routine"] = _("Write at least one of the local texts.")
        if errors:
            raise ValidationError(errors)
