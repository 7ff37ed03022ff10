"""Changing how a plan follows an indicator up on its chart. Each write checks the row
(`full_clean`) and saves it in a transaction, and says what happened."""

import enum

from django.db import transaction

from .models import Baseline, ChartNote, ChartSetting


class Outcome(enum.StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DELETED = "deleted"
    GONE = "gone"


def chart_setting_save(*, plan, indicator, chart_kind: str, target) -> Outcome:
    """Save the chart kind (empty: from the kind of measure) and target line of
    `indicator` in `plan`."""
    with transaction.atomic():
        # get_or_create reads the row again when two first saves race for it.
        setting, created = ChartSetting.objects.select_for_update().get_or_create(
            plan=plan, indicator=indicator, defaults={"chart_kind": chart_kind, "target": target}
        )
        if not created:
            if setting.chart_kind == chart_kind and setting.target == target:
                return Outcome.UNCHANGED
            setting.chart_kind = chart_kind
            setting.target = target
        setting.full_clean()
        setting.save()
    return Outcome.CREATED if created else Outcome.CHANGED


def baseline_add(*, baseline: Baseline) -> Outcome:
    """Start a new phase (with its own baseline) of the baseline's indicator in its plan."""
    with transaction.atomic():
        baseline.full_clean()
        baseline.save()
    return Outcome.CREATED


def note_add(*, note: ChartNote) -> Outcome:
    """Put a dated note on the note's indicator's chart in its plan."""
    with transaction.atomic():
        note.full_clean()
        note.save()
    return Outcome.CREATED


def followup_delete(*, model, plan, indicator, pk: int) -> Outcome:
    """Delete a baseline or a note of `indicator` in `plan`; GONE if it no longer exists
    (someone else deleted it first)."""
    with transaction.atomic():
        deleted, _ = model.objects.filter(plan=plan, indicator=indicator, pk=pk).delete()
    return Outcome.DELETED if deleted else Outcome.GONE
