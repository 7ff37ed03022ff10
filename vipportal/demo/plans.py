"""The demo implementation plans (fixtures/implementation.yaml).

Every date in the file is written relative to the day of loading (`-3m`, `+14d`, `0d`), so
the demo never goes stale: a plan loaded today has its meetings last month and next week.
The plans are written through `implementation.services`, as a person editing them would,
so the validation and the history are the real ones.
"""

import calendar
import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from care_levels.models import CareLevel
from implementation.models import (
    LONG_TEXT,
    SHORT_TEXT,
    Activity,
    GapItem,
    Measurement,
    Organisation,
    PDSACycle,
    Phase,
    Plan,
    StatusReport,
    Target,
)
from implementation.services import (
    RowChange,
    activity_save,
    gap_analysis_create,
    gap_analysis_save,
    part_save,
    plan_delete,
    plan_save,
    step_answer_problems,
    targets_save,
)
from programmes.editorial.content_file import values as check
from programmes.editorial.content_file.errors import value_kind
from programmes.models import Indicator, Pathway, Programme

from .dates import date
from .organisations import organisation_named, unit_in

PLAN_KEYS = (
    "organisation",
    "title",
    "ambition",
    "why",
    "who",
    "how",
    "when",
    "decided_by",
    "decided_on",
    "period_start",
    "period_end",
    "phase",
    "targets",
    "activities",
    "status_reports",
    "gap_analyses",
    "measurements",
    "pdsa_cycles",
)
ROW_KEYS = ("unit", "leader", "programmes", "pathways")
CELL_KEYS = ("required", "reached", "reached_on")
ACTIVITY_KEYS = (
    "kind",
    "title",
    "date",
    "duration",
    "unit",
    "programme",
    "responsible",
    "status",
    "notes",
    "agenda",
)
AGENDA_KEYS = ("title", "duration", "minutes")
REPORT_KEYS = ("reported_on", "score", "works", "difficulties", "support_needed", "reply")
REPLY_KEYS = ("text", "replied_on")
GAP_KEYS = ("programme", "pathway", "care_level", "made_on", "items")
PATHWAY_GAP_KEYS = ("programme", "pathway", "care_level", "made_on", "steps")
GAP_ITEM_KEYS = ("offered", "measure", "owner", "due", "status")
STEP_ITEM_KEYS = ("offered", "time_goal_met", "days_now", "measure", "owner", "due", "status")
MEASUREMENT_KEYS = ("indicator", "source", "values")
VALUE_KEYS = ("month", "period_start", "period_end", "numerator", "denominator", "value")
PDSA_KEYS = ("title", "indicator", "start", "end", "plan", "do", "study", "act", "decision")

#: Model fields the files name differently (for messages that point into the file).
PLAN_FIELDS = {"rationale": "why", "key_people": "who", "approach": "how", "schedule": "when"}
CELL_FIELDS = {"required_level": "required", "reached_level": "reached"}
PDSA_FIELDS = {"plan_text": "plan", "do_text": "do", "study_text": "study", "act_text": "act"}


@dataclasses.dataclass
class _Lookups:
    today: datetime.date
    programmes: dict[str, Programme]
    levels: dict[str, CareLevel]
    indicators: dict[str, Indicator]
    #: Every care pathway, by `<programme slug>/<pathway slug>`.
    pathways: dict[str, Pathway]

    @classmethod
    def load(cls, today: datetime.date) -> "_Lookups":
        return cls(
            today=today,
            programmes={p.slug: p for p in Programme.objects.all()},
            levels={level.slug: level for level in CareLevel.objects.all()},
            indicators={i.slug: i for i in Indicator.objects.all()},
            pathways={
                f"{p.programme.slug}/{p.slug}": p
                for p in Pathway.objects.select_related("programme").order_by("programme", "slug")
            },
        )

    def pathways_of(self, programme: Programme) -> dict[str, Pathway]:
        """The programme's care pathways, by slug."""
        return {p.slug: p for p in self.pathways.values() if p.programme_id == programme.pk}


def _text(entry: dict, key: str, place: str, *, required=False, max_length=LONG_TEXT) -> str:
    """A plan's texts are Swedish only: one plain text each."""
    return check.plain_text(entry, key, place, required=required, max_length=max_length)


def _choice(entry: dict, key: str, place: str, choices, default=None) -> str:
    return check.choice(entry.get(key), choices, check.inside(place, key), default)


def _slug_of(entry: dict, key: str, place: str, table: dict, kind: str, *, required=True):
    """What `table` (of `kind`, a key of `values.UNKNOWN`) holds under the slug at `key`."""
    return check.looked_up(entry.get(key), table, check.inside(place, key), kind, required=required)


@transaction.atomic
def demo_plans_load(
    *, data, today: datetime.date | None = None, where: str = "implementation.yaml"
) -> int:
    """Load the demo plans in `data`; returns how many.

    A plan with the same organisation and title is deleted and created again; any other
    is created. Every write goes through `implementation.services` with no actor, as if
    a person had made it. Dates are relative to `today` (the day of loading unless given);
    a `today` later than the real date may be refused, because levels cannot be reached
    and reports not written in the future. A file with an error changes nothing.
    """
    lookups = _Lookups.load(today or datetime.date.today())
    seen: dict[tuple[int, str], str] = {}
    entries = check.a_list(data, where, _("plans"))
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        check.mapping(entry, at, _("a plan"), PLAN_KEYS)
        organisation = organisation_named(entry.get("organisation"), f"{at}.organisation")
        title = _text(entry, "title", at, required=True, max_length=SHORT_TEXT)
        if (organisation.pk, title) in seen:
            raise check.problem(
                f"{at}.title",
                _("%(organisation)s has this plan twice (also at %(place)s)")
                % {"organisation": organisation, "place": seen[organisation.pk, title]},
            )
        seen[organisation.pk, title] = at
        for old in Plan.objects.filter(organisation=organisation, title=title):
            plan_delete(actor=None, plan=old, version=old.lock_version)
        plan = _plan(entry, organisation, title, at, lookups)
        _targets(plan, entry.get("targets"), f"{at}.targets", lookups)
        _activities(plan, entry.get("activities"), f"{at}.activities", lookups)
        _status_reports(plan, entry.get("status_reports"), f"{at}.status_reports", lookups)
        _gap_analyses(plan, entry.get("gap_analyses"), f"{at}.gap_analyses", lookups)
        _measurements(plan, entry.get("measurements"), f"{at}.measurements", lookups)
        _pdsa_cycles(plan, entry.get("pdsa_cycles"), f"{at}.pdsa_cycles", lookups)
    return len(entries)


def _plan(entry: dict, organisation: Organisation, title: str, at: str, lookups) -> Plan:
    today = lookups.today
    plan = Plan(
        organisation=organisation,
        title=title,
        ambition=_text(entry, "ambition", at, required=True),
        rationale=_text(entry, "why", at),
        key_people=_text(entry, "who", at),
        approach=_text(entry, "how", at),
        schedule=_text(entry, "when", at),
        decided_by=_text(entry, "decided_by", at, max_length=SHORT_TEXT),
        decided_on=date(entry, "decided_on", at, today),
        period_start=date(entry, "period_start", at, today, required=True),
        period_end=date(entry, "period_end", at, today, required=True),
        phase=check.whole_number(
            entry, "phase", at, Phase.values[0], Phase.values[-1], required=True
        ),
    )
    return check.saved(at, plan_save, PLAN_FIELDS, actor=None, plan=plan)


def _targets(plan: Plan, rows, place: str, lookups: _Lookups) -> None:
    units: dict[int, str] = {}
    for index, entry in enumerate(check.a_list(rows, place, _("units with their targets"))):
        at = f"{place}[{index}]"
        check.mapping(entry, at, _("a unit's targets"), ROW_KEYS)
        unit = unit_in(plan, entry, "unit", at)
        if unit.pk in units:
            raise check.problem(
                f"{at}.unit",
                _("%(unit)s has targets twice (also at %(place)s)")
                % {"unit": unit, "place": units[unit.pk]},
            )
        units[unit.pk] = at
        cells = {}
        programmes = entry.get("programmes") or {}
        check.mapping(programmes, f"{at}.programmes", _("targets by programme"), lookups.programmes)
        for slug, cell in programmes.items():
            programme = lookups.programmes[slug]
            cells[programme.pk] = _cell(cell, f"{at}.programmes.{slug}", programme, None, lookups)
        pathway_cells = {}
        pathways = entry.get("pathways") or {}
        if not isinstance(pathways, dict):
            raise check.problem(
                f"{at}.pathways", check.not_a_mapping(_("targets by care pathway"), pathways)
            )
        for key, cell in pathways.items():
            cell_at = f"{at}.pathways.{key}"
            pathway = check.looked_up(key, lookups.pathways, cell_at, "pathways")
            pathway_cells[pathway.pk] = _cell(cell, cell_at, pathway.programme, pathway, lookups)
        change = RowChange(
            unit=unit,
            version=None,
            leader=_text(entry, "leader", at, max_length=SHORT_TEXT),
            cells=cells,
            pathway_cells=pathway_cells,
        )
        check.saved(at, targets_save, actor=None, plan=plan, changes=[change])


def _cell(cell, at: str, programme: Programme, pathway: Pathway | None, lookups: _Lookups) -> dict:
    """One target of the matrix: a required level, or required/reached/reached_on."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        cell = {"required": cell}
    check.mapping(cell, at, _("a target (a level, or required/reached/reached_on)"), CELL_KEYS)
    values = {
        "required_level": check.whole_number(cell, "required", at, 1, 3, required=True),
        "reached_level": check.whole_number(cell, "reached", at, 1, 3),
        "reached_on": date(cell, "reached_on", at, lookups.today),
    }
    probe = Target(programme=programme, pathway=pathway, **values)
    check.saved(
        at,
        probe.full_clean,
        CELL_FIELDS,
        exclude=["row"],
        validate_unique=False,
        validate_constraints=False,
    )
    return values


def _activities(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(check.a_list(entries, place, _("activities"))):
        at = f"{place}[{index}]"
        check.mapping(entry, at, _("an activity"), ACTIVITY_KEYS)
        agenda = []
        items = check.a_list(entry.get("agenda"), f"{at}.agenda", _("agenda items"))
        for position, item in enumerate(items):
            item_at = f"{at}.agenda[{position}]"
            check.mapping(item, item_at, _("an agenda item"), AGENDA_KEYS)
            agenda.append(
                {
                    "title": _text(item, "title", item_at, required=True, max_length=SHORT_TEXT),
                    "duration": check.whole_number(item, "duration", item_at, 1, 60 * 24),
                    "minutes": _text(item, "minutes", item_at),
                }
            )
        activity = Activity(
            plan=plan,
            kind=_choice(entry, "kind", at, Activity.Kind),
            title=_text(entry, "title", at, required=True, max_length=SHORT_TEXT),
            date=date(entry, "date", at, lookups.today, required=True),
            duration=check.whole_number(entry, "duration", at, 5, 60 * 24, required=True),
            unit=unit_in(plan, entry, "unit", at, required=False),
            programme=_slug_of(
                entry, "programme", at, lookups.programmes, "programmes", required=False
            ),
            responsible=_text(entry, "responsible", at, required=True, max_length=SHORT_TEXT),
            status=_choice(entry, "status", at, Activity.Status, Activity.Status.PLANNED),
            notes=_text(entry, "notes", at),
        )
        check.saved(at, activity_save, actor=None, activity=activity, version=None, agenda=agenda)


def _status_reports(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(check.a_list(entries, place, _("status reports"))):
        at = f"{place}[{index}]"
        check.mapping(entry, at, _("a status report"), REPORT_KEYS)
        report = StatusReport(
            plan=plan,
            reported_on=date(entry, "reported_on", at, lookups.today, required=True),
            score=check.decimal(entry, "score", at, required=True),
            works=_text(entry, "works", at),
            difficulties=_text(entry, "difficulties", at),
            support_needed=_text(entry, "support_needed", at),
        )
        _reply(report, entry.get("reply"), f"{at}.reply", lookups)
        check.saved(at, part_save, actor=None, part=report)


def _reply(report: StatusReport, entry, at: str, lookups: _Lookups) -> None:
    """Process support's reply to the report's request for support, written on
    `replied_on` (by nobody in particular: the demo's people are loaded after the plans)."""
    if entry is None:
        return
    check.mapping(entry, at, _("a reply to a request for support"), REPLY_KEYS)
    if not report.support_needed:
        raise check.problem(at, _("a reply needs a request for support (support_needed)"))
    day = date(entry, "replied_on", at, lookups.today, required=True)
    if day < report.reported_on or day > lookups.today:
        raise check.problem(f"{at}.replied_on", _("a reply is dated between its report and today"))
    report.support_reply = _text(entry, "text", at, required=True)
    report.support_replied_at = timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(10, 0))
    )


def _gap_analyses(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(check.a_list(entries, place, _("gap analyses"))):
        at = f"{place}[{index}]"
        if isinstance(entry, dict) and entry.get("pathway") is not None:
            check.mapping(entry, at, _("a gap analysis of a care pathway"), PATHWAY_GAP_KEYS)
        else:
            check.mapping(entry, at, _("a gap analysis"), GAP_KEYS)
        programme = _slug_of(entry, "programme", at, lookups.programmes, "programmes")
        pathways = lookups.pathways_of(programme)
        pathway = _slug_of(entry, "pathway", at, pathways, "pathways", required=False)
        level = _slug_of(entry, "care_level", at, lookups.levels, "levels")
        made_on = date(entry, "made_on", at, lookups.today, required=True)
        analysis = check.saved(
            at,
            gap_analysis_create,
            actor=None,
            plan=plan,
            programme=programme,
            pathway=pathway,
            care_level=level,
            made_on=made_on,
        )
        key = "items" if pathway is None else "steps"
        changes = _answers(analysis, entry.get(key), f"{at}.{key}", lookups)
        check.saved(
            at,
            gap_analysis_save,
            actor=None,
            analysis=analysis,
            version=analysis.lock_version,
            items=changes,
        )


def _answers(analysis, answers, place: str, lookups: _Lookups) -> dict[int, dict]:
    """The answers of a gap analysis (by intervention slug or, for a care pathway, by
    step slug) as changes to its items, by item id."""
    steps = analysis.pathway_id is not None
    items = {
        (item.step if steps else item.intervention).slug: item
        for item in analysis.items.select_related("intervention", "step").order_by("pk")
    }
    answers = answers or {}
    if not isinstance(answers, dict):
        message = (
            _("expected answers by step slug (a mapping), not %(found)s")
            if steps
            else _("expected answers by intervention slug (a mapping), not %(found)s")
        )
        raise check.problem(place, message % {"found": value_kind(answers)})
    changes: dict[int, dict] = {}
    for slug, answer in answers.items():
        item_at = f"{place}.{slug}"
        if slug not in items:
            raise check.problem(item_at, _not_in_analysis(analysis, items))
        check.mapping(answer, item_at, _("an answer"), STEP_ITEM_KEYS if steps else GAP_ITEM_KEYS)
        values = {
            "offered": _choice(answer, "offered", item_at, GapItem.Offered),
            "measure": _text(answer, "measure", item_at),
            "owner": _text(answer, "owner", item_at, max_length=SHORT_TEXT),
            "due": date(answer, "due", item_at, lookups.today),
            "status": _choice(answer, "status", item_at, GapItem.Status, GapItem.Status.PLANNED),
        }
        item = items[slug]
        if steps:
            values["time_goal_met"] = _choice(
                answer, "time_goal_met", item_at, GapItem.Offered, GapItem.Offered.UNKNOWN
            )
            values["days_now"] = check.whole_number(answer, "days_now", item_at, 0, 32767)
            problems = step_answer_problems(
                step=item.step,
                offered=values["offered"],
                time_goal_met=values["time_goal_met"],
                days_now=values["days_now"],
            )
            if problems:
                raise check.invalid(item_at, ValidationError(problems))
        probe = GapItem(analysis=analysis, intervention=item.intervention, step=item.step, **values)
        check.saved(item_at, probe.full_clean, validate_unique=False, validate_constraints=False)
        changes[item.pk] = values
    return changes


def _not_in_analysis(analysis, items: dict) -> str:
    """The message for an answer about something the analysis does not have."""
    if analysis.pathway_id is not None:
        return _(
            "not a published step of care pathway %(pathway)s for %(level)s (those are: %(steps)s)"
        ) % {
            "pathway": analysis.pathway.slug,
            "level": analysis.care_level.slug,
            "steps": ", ".join(items) or _("none"),
        }
    return _(
        "not a prioritised intervention of %(programme)s for %(level)s (those are: %(offered)s)"
    ) % {
        "programme": analysis.programme.slug,
        "level": analysis.care_level.slug,
        "offered": ", ".join(sorted(items)) or _("none"),
    }


def _measurements(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(check.a_list(entries, place, _("series of measurements"))):
        at = f"{place}[{index}]"
        check.mapping(entry, at, _("a series of measurements"), MEASUREMENT_KEYS)
        indicator = _slug_of(entry, "indicator", at, lookups.indicators, "indicators")
        source = _text(entry, "source", at, max_length=SHORT_TEXT)
        values = check.a_list(entry.get("values"), f"{at}.values", _("measurements"))
        for position, value in enumerate(values):
            value_at = f"{at}.values[{position}]"
            check.mapping(value, value_at, _("a measurement"), VALUE_KEYS)
            start, end = _measurement_period(value, value_at, lookups.today)
            measurement = Measurement(
                plan=plan,
                indicator=indicator,
                period_start=start,
                period_end=end,
                numerator=check.whole_number(value, "numerator", value_at, 0, 10**9),
                denominator=check.whole_number(value, "denominator", value_at, 0, 10**9),
                value=check.decimal(value, "value", value_at),
                source=source,
            )
            fields = {"period_start": "month", "period_end": "month"} if "month" in value else {}
            check.saved(value_at, part_save, fields, actor=None, part=measurement)


def _measurement_period(value: dict, at: str, today: datetime.date):
    if "month" in value:
        if "period_start" in value or "period_end" in value:
            raise check.problem(at, _("give a month, or period_start and period_end, not both"))
        day = date(value, "month", at, today, required=True)
        start = day.replace(day=1)
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return (
        date(value, "period_start", at, today, required=True),
        date(value, "period_end", at, today, required=True),
    )


def _pdsa_cycles(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(check.a_list(entries, place, _("PDSA cycles"))):
        at = f"{place}[{index}]"
        check.mapping(entry, at, _("a PDSA cycle"), PDSA_KEYS)
        decision = entry.get("decision")
        cycle = PDSACycle(
            plan=plan,
            indicator=_slug_of(
                entry, "indicator", at, lookups.indicators, "indicators", required=False
            ),
            title=_text(entry, "title", at, required=True, max_length=SHORT_TEXT),
            start=date(entry, "start", at, lookups.today, required=True),
            end=date(entry, "end", at, lookups.today, required=True),
            plan_text=_text(entry, "plan", at, required=True),
            do_text=_text(entry, "do", at),
            study_text=_text(entry, "study", at),
            act_text=_text(entry, "act", at),
            decision="" if decision is None else _choice(entry, "decision", at, PDSACycle.Decision),
        )
        check.saved(at, part_save, PDSA_FIELDS, actor=None, part=cycle)
