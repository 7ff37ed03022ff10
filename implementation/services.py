"""Writes to implementation plans. Each runs validated, in one transaction, records who
made it in the history, and refuses a save made from a copy someone else has since saved.
"""

import dataclasses
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from care_levels.models import CareLevel
from programmes.models import Pathway, PathwayStep, Programme
from programmes.versioning import versioned_delete, versioned_save

from .access import Access, Can
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
from .selectors import (
    gap_missing,
    gap_steps,
    matrix_pathways,
    plan_units,
    target_key,
)


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
    target (`None` removes it); per care pathway id, the pathway's target likewise."""

    unit: Organisation
    version: int | None
    leader: str
    cells: dict[int, dict | None]
    pathway_cells: dict[int, dict | None] = dataclasses.field(default_factory=dict)

    def keyed(self) -> dict[tuple[str, int], dict | None]:
        """Every cell by its column (`selectors.column_key`)."""
        return {
            **{("programme", pk): cell for pk, cell in self.cells.items()},
            **{("pathway", pk): cell for pk, cell in self.pathway_cells.items()},
        }


@transaction.atomic
def targets_save(*, actor, plan: Plan, changes: list[RowChange]) -> int:
    """Save the rows of a plan's target matrix that changed; returns how many did.

    Every unit must belong to the plan's organisation, and every care pathway be a
    published one of a published programme. A row someone else saved since it was read
    refuses the whole save (`EditConflict` on that row); nothing is written.
    """
    allowed = {unit.pk for unit in plan_units(plan)}
    pathways = (
        {pathway.pk: pathway for pathway in matrix_pathways()}
        if any(change.pathway_cells for change in changes)
        else {}
    )
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
        if any(pk not in pathways for pk in change.pathway_cells):
            raise ValidationError(_("A care pathway in the matrix is not a published one."))
        row = existing.get(change.unit.pk)
        cells = change.keyed()
        if row is None:
            if not change.leader and not any(cells.values()):
                continue
            row = PlanUnit(plan=plan, unit=change.unit)
        targets = {target_key(target): target for target in row.targets.all()} if row.pk else {}
        if not _row_differs(row, targets, change.leader, cells):
            continue
        row.leader = change.leader
        versioned_save(row, actor=actor, version=change.version, others_changed=True)
        for key, cell in cells.items():
            target = targets.get(key)
            if cell is None:
                if target is not None:
                    target._history_user = actor
                    target.delete()
                continue
            if target is None:
                kind, pk = key
                if kind == "pathway":
                    target = Target(row=row, programme_id=pathways[pk].programme_id, pathway_id=pk)
                else:
                    target = Target(row=row, programme_id=pk)
            for name, value in cell.items():
                setattr(target, name, value)
            target.full_clean()
            target._history_user = actor
            target.save()
        saved += 1
    return saved


def _row_differs(row: PlanUnit, targets: dict, leader: str, cells: dict) -> bool:
    if row.leader != leader:
        return True
    for key, cell in cells.items():
        target = targets.get(key)
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
    are removed). Sent back as it was, nothing is written."""
    if agenda is None:
        return versioned_save(activity, actor=actor, version=version)
    items = []
    for position, values in enumerate(agenda):
        item = values.pop("item", None) or AgendaItem(activity=activity)
        for name, value in values.items():
            setattr(item, name, value)
        item.position = position
        items.append(item)
    stored = {item.pk: item for item in activity.agenda.all()} if activity.pk else {}
    agenda_changed = {item.pk for item in items} != set(stored) or any(
        _agenda_item_differs(item, stored[item.pk]) for item in items
    )
    versioned_save(activity, actor=actor, version=version, others_changed=agenda_changed)
    if not agenda_changed:
        return activity
    for item in items:
        if item.pk in stored and not _agenda_item_differs(item, stored[item.pk]):
            continue
        item.activity = activity
        item.full_clean()
        item._history_user = actor
        item.save()
    for item in activity.agenda.exclude(pk__in=[item.pk for item in items]):
        item._history_user = actor
        item.delete()
    return activity


def _agenda_item_differs(item: AgendaItem, stored: AgendaItem) -> bool:
    return any(
        getattr(item, name) != getattr(stored, name)
        for name in ("title", "duration", "minutes", "position")
    )


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
    *,
    actor,
    plan: Plan,
    programme: Programme,
    care_level: CareLevel,
    made_on: datetime.date,
    pathway: Pathway | None = None,
) -> GapAnalysis:
    """Start a gap analysis: one item for each intervention the programme gives at the
    level (prioritised or not) or, for one of its care pathways, for each published step
    the level is responsible for; each "unknown" until someone says.

    A pathway must be a published one of the programme, with at least one step at the
    level: an analysis with nothing to answer is refused."""
    analysis = GapAnalysis(
        plan=plan, programme=programme, pathway=pathway, care_level=care_level, made_on=made_on
    )
    if pathway is not None:
        if pathway.programme_id != programme.pk or not (pathway.published and programme.published):
            raise ValidationError(
                {"pathway": _("Choose a published care pathway of the programme.")}
            )
        same = GapAnalysis.objects.filter(plan=plan, pathway=pathway, care_level=care_level)
        taken = _("This plan already has a gap analysis for that care pathway and level.")
    else:
        same = GapAnalysis.objects.filter(
            plan=plan, programme=programme, pathway__isnull=True, care_level=care_level
        )
        taken = _("This plan already has a gap analysis for that programme and level.")
    if same.exists():
        raise ValidationError({"care_level": taken})
    if pathway is not None and not gap_steps(pathway, care_level):
        raise ValidationError(
            {
                "care_level": _(
                    "No published step of %(pathway)s is the responsibility of %(level)s. "
                    "Choose a level of care that takes part in the pathway."
                )
                % {"pathway": pathway.title, "level": care_level.name}
            }
        )
    versioned_save(analysis, actor=actor, version=None)
    gap_items_add_missing(actor=actor, analysis=analysis)
    return analysis


def gap_items_add_missing(*, actor, analysis: GapAnalysis, missing: list | None = None) -> int:
    """Add an item for each intervention (or pathway step) published for the analysis's
    level since it began (`missing`, when already looked up); returns how many."""
    added = 0
    for found in gap_missing(analysis) if missing is None else missing:
        if isinstance(found, PathwayStep):
            item = GapItem(analysis=analysis, step=found)
        else:
            item = GapItem(analysis=analysis, intervention=found)
        item._history_user = actor
        item.save()
        added += 1
    return added


def step_answer_problems(
    *, step: PathwayStep, offered: str, time_goal_met: str, days_now: int | None
) -> dict[str, str]:
    """What does not add up in the answers about one pathway step, by field: a step not
    done here cannot be done in time, nor in time when it takes longer than its goal."""
    done_in_time = (GapItem.Offered.YES, GapItem.Offered.PARTLY)
    if offered == GapItem.Offered.NO and time_goal_met in done_in_time:
        return {
            "time_goal_met": _("A step that is not done here cannot be done within its time goal.")
        }
    goal_days = step.time_goal_days
    if (
        time_goal_met == GapItem.Offered.YES
        and days_now is not None
        and goal_days is not None
        and days_now > goal_days
    ):
        takes = ngettext(
            "It takes %(days)s day here now", "It takes %(days)s days here now", days_now
        ) % {"days": days_now}
        goal = ngettext(
            "the time goal of %(goal)s day", "the time goal of %(goal)s days", goal_days
        ) % {"goal": goal_days}
        return {
            "time_goal_met": _("%(takes)s, longer than %(goal)s.") % {"takes": takes, "goal": goal}
        }
    return {}


@transaction.atomic
def gap_analysis_save(
    *, actor, analysis: GapAnalysis, version: int, items: dict[int, dict]
) -> GapAnalysis:
    """Save the analysis (read at `version`) and, of `items` (item id → answers), the
    items whose answers changed; then add the interventions (or steps) published for its
    level since it began, unanswered. With none of that to do, nothing is written."""
    saved = {item.pk: item for item in analysis.items.select_related("step", "intervention")}
    changed = []
    for pk, values in items.items():
        item = saved.get(pk)
        if item is None:
            raise ValidationError(_("An item does not belong to this gap analysis."))
        if all(getattr(item, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(item, name, value)
        item.full_clean()
        if item.step_id is not None:
            problems = step_answer_problems(
                step=item.step,
                offered=item.offered,
                time_goal_met=item.time_goal_met,
                days_now=item.days_now,
            )
            if problems:
                raise ValidationError(problems)
        changed.append(item)
    missing = gap_missing(analysis)
    versioned_save(analysis, actor=actor, version=version, others_changed=bool(changed or missing))
    for item in changed:
        item._history_user = actor
        item.save()
    gap_items_add_missing(actor=actor, analysis=analysis, missing=missing)
    return analysis


def may_reply_to_support(access: Access, organisation: Organisation) -> bool:
    """Whether the user may answer requests for support from `organisation`'s plans: they
    read plans at an organisation above it (the county's or region's process support),
    never at the organisation itself, however high their role there."""
    if access.everything:
        return True
    return any(
        organisation.path.startswith(path) and organisation.path != path
        for path in access.paths.get(Can.VIEW, ())
    )


@transaction.atomic
def support_reply_save(
    *, actor, access: Access, report: StatusReport, reply: str, version: int | None
) -> StatusReport:
    """Answer the report's request for support (or change the answer), read at `version`;
    who answered and when are kept with the reply. Refused (`PermissionDenied`) for anyone
    but process support above the plan's organisation; `EditConflict` when someone saved
    the report since it was read."""
    if not may_reply_to_support(access, report.plan.organisation):
        raise PermissionDenied(_("Only process support above the organisation may reply."))
    reply = reply.strip()
    if not report.support_needed.strip():
        raise ValidationError(_("This status report does not ask for support."))
    if not reply:
        raise ValidationError({"support_reply": _("Write a reply.")})
    before = StatusReport.objects.filter(pk=report.pk).values_list("support_reply", flat=True)
    report.support_reply = reply
    if reply != before.first():  # the same reply sent again changes nothing
        report.support_replied_by = actor
        report.support_replied_at = timezone.now()
    return versioned_save(report, actor=actor, version=version)
