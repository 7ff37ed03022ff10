"""Writes to implementation plans. Each runs validated, in one transaction, records who
made it in the history, and refuses a save made from a copy someone else has since saved.
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from care_levels.models import CareLevel
from programmes.models import Programme
from programmes.versioning import versioned_delete, versioned_save

from .models import (
    Activity,
    AgendaItem,
    GapAnalysis,
    GapItem,
    Organisation,
    Plan,
    PlanUnit,
    StatusReport,
    Target,
    Versioned,
)
from .selectors import gap_interventions, plan_units


@transaction.atomic
def plan_save(*, actor, plan: Plan, version: int | None = None) -> Plan:
    """Create a plan (no pk yet) or save changes to one read at `version`."""
    return versioned_save(plan, actor=actor, version=version)


@transaction.atomic
def plan_delete(*, actor, plan: Plan, version: int) -> None:
    """Delete a plan with everything in it; its history stays."""
    versioned_delete(plan, actor=actor, version=version)


@dataclasses.dataclass
class RowChange:
    """What the matrix form says about one unit: its leader and, per programme id, the
    target (`None` removes it)."""

    unit: Organisation
    version: int | None
    leader: str
    cells: dict[int, dict | None]


@transaction.atomic
def targets_save(*, actor, plan: Plan, changes: list[RowChange]) -> int:
    """Save the rows of a plan's target matrix that changed; returns how many did.

    Every unit must belong to the plan's organisation. A row someone else saved since it
    was read refuses the whole save (`EditConflict` on that row); nothing is written.
    """
    allowed = {unit.pk for unit in plan_units(plan)}
    existing = {
        row.unit_id: row for row in PlanUnit.objects.filter(plan=plan).prefetch_related("targets")
    }
    saved = 0
    for change in changes:
        if change.unit.pk not in allowed:
            raise ValidationError(
                _("%(unit)s is not part of %(organisation)s.")
                % {"unit": change.unit, "organisation": plan.organisation}
            )
        row = existing.get(change.unit.pk)
        if row is None:
            if not change.leader and not any(change.cells.values()):
                continue
            row = PlanUnit(plan=plan, unit=change.unit)
        targets = {target.programme_id: target for target in row.targets.all()} if row.pk else {}
        if not _row_differs(row, targets, change):
            continue
        row.leader = change.leader
        versioned_save(row, actor=actor, version=change.version)
        for programme_id, cell in change.cells.items():
            target = targets.get(programme_id)
            if cell is None:
                if target is not None:
                    target._history_user = actor
                    target.delete()
                continue
            if target is None:
                target = Target(row=row, programme_id=programme_id)
            for name, value in cell.items():
                setattr(target, name, value)
            target.full_clean()
            target._history_user = actor
            target.save()
        saved += 1
    return saved


def _row_differs(row: PlanUnit, targets: dict[int, Target], change: RowChange) -> bool:
    if row.leader != change.leader:
        return True
    for programme_id, cell in change.cells.items():
        target = targets.get(programme_id)
        if (cell is None) != (target is None):
            return True
        if cell is not None and any(getattr(target, k) != v for k, v in cell.items()):
            return True
    return False


@transaction.atomic
def activity_save(
    *, actor, activity: Activity, version: int | None, agenda: list[dict] | None = None
) -> Activity:
    """Save an activity and, when given, its whole agenda (items in order; ones left out
    are removed)."""
    versioned_save(activity, actor=actor, version=version)
    if agenda is None:
        return activity
    kept = []
    for position, values in enumerate(agenda):
        item = values.pop("item", None) or AgendaItem(activity=activity)
        for name, value in values.items():
            setattr(item, name, value)
        item.position = position
        item.full_clean()
        item._history_user = actor
        item.save()
        kept.append(item.pk)
    for item in activity.agenda.exclude(pk__in=kept):
        item._history_user = actor
        item.delete()
    return activity


@transaction.atomic
def part_save(*, actor, part: Versioned, version: int | None = None) -> Versioned:
    """Create or save one part of a plan (a status report, measurement, PDSA cycle …)."""
    if isinstance(part, StatusReport) and part.pk is None:
        part.author = actor
    return versioned_save(part, actor=actor, version=version)


@transaction.atomic
def part_delete(*, actor, part: Versioned, version: int) -> None:
    versioned_delete(part, actor=actor, version=version)


@transaction.atomic
def gap_analysis_create(
    *, actor, plan: Plan, programme: Programme, care_level: CareLevel, made_on: datetime.date
) -> GapAnalysis:
    """Start a gap analysis: one item for each prioritised intervention the programme has
    for the level, marked "unknown" until someone says."""
    analysis = GapAnalysis(plan=plan, programme=programme, care_level=care_level, made_on=made_on)
    if GapAnalysis.objects.filter(plan=plan, programme=programme, care_level=care_level).exists():
        raise ValidationError(
            {"care_level": _("This plan already has a gap analysis for that programme and level.")}
        )
    versioned_save(analysis, actor=actor, version=None)
    gap_items_add_missing(actor=actor, analysis=analysis)
    return analysis


def gap_items_add_missing(*, actor, analysis: GapAnalysis) -> int:
    """Add an item for each prioritised intervention published since the analysis began."""
    have = set(analysis.items.values_list("intervention_id", flat=True))
    added = 0
    for intervention in gap_interventions(analysis.programme, analysis.care_level):
        if intervention.pk in have:
            continue
        item = GapItem(analysis=analysis, intervention=intervention)
        item._history_user = actor
        item.save()
        added += 1
    return added


@transaction.atomic
def gap_analysis_save(
    *, actor, analysis: GapAnalysis, version: int, items: dict[int, dict]
) -> GapAnalysis:
    """Save the analysis (read at `version`) and, of `items` (item id → answers), the
    items whose answers changed."""
    versioned_save(analysis, actor=actor, version=version)
    saved = {item.pk: item for item in analysis.items.all()}
    for pk, values in items.items():
        item = saved.get(pk)
        if item is None:
            raise ValidationError(_("An item does not belong to this gap analysis."))
        if all(getattr(item, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(item, name, value)
        item.full_clean()
        item._history_user = actor
        item.save()
    return analysis
