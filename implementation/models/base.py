"""What every part of a plan shares: its longest texts, its edit version and its period."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes import versioning

#: The longest free text a plan field takes; a clear form error beyond it.
LONG_TEXT = 5000
SHORT_TEXT = 200


class Versioned(versioning.Versioned):
    """A part of a plan: two people may edit it at once (`programmes.versioning`), and it
    says when it was created and last updated."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def period_clean(start, end, *, start_field="period_start", end_field="period_end"):
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})
