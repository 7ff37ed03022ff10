"""The demo organisations, implementation plans and logins (`manage.py load_initial_data`).

`fixtures/organisations.yaml` holds an organisation tree and `fixtures/implementation.yaml`
the demo plans; both formats are described in fixtures/SCHEMA.md. Every date in the plans
file is written relative to the day of loading (`-3m`, `+14d`, `0d`), so the demo never
goes stale: a plan loaded today has its meetings last month and next week.

The plans are written through `implementation.services`, as a person editing them would,
so the validation and the history are the real ones. A file with any error is refused as a
whole, and the message names the place in the file.
"""

import calendar
import dataclasses
import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from care_levels.models import CareLevel
from programmes.content_files import ContentFileError, type_name
from programmes.models import Indicator, Programme

from .models import (
    LONG_TEXT,
    SHORT_TEXT,
    Activity,
    GapItem,
    Measurement,
    Membership,
    Organisation,
    PDSACycle,
    Phase,
    Plan,
    Role,
    StatusReport,
    Target,
)
from .services import (
    RowChange,
    activity_save,
    gap_analysis_create,
    gap_analysis_save,
    part_save,
    plan_delete,
    plan_save,
    targets_save,
)

ORGANISATION_KEYS = ("name", "kind", "municipality_code", "care_level", "children")
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
ROW_KEYS = ("unit", "leader", "programmes")
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
REPORT_KEYS = ("reported_on", "score", "works", "difficulties", "support_needed")
GAP_KEYS = ("programme", "care_level", "made_on", "items")
GAP_ITEM_KEYS = ("offered", "measure", "owner", "due", "status")
MEASUREMENT_KEYS = ("indicator", "source", "values")
VALUE_KEYS = ("month", "period_start", "period_end", "numerator", "denominator", "value")
PDSA_KEYS = ("title", "indicator", "start", "end", "plan", "do", "study", "act", "decision")

#: Model fields the files name differently (for messages that point into the file).
PLAN_FIELDS = {"rationale": "why", "key_people": "who", "approach": "how", "schedule": "when"}
CELL_FIELDS = {"required_level": "required", "reached_level": "reached"}
PDSA_FIELDS = {"plan_text": "plan", "do_text": "do", "study_text": "study", "act_text": "act"}

#: One term of a relative date: an optional sign, a whole number and a unit.
DATE_TERM = re.compile(r"([+-]?)(\d{1,4})([dwmy])")
RELATIVE_DATE = re.compile(r"[+-]?\d{1,4}[dwmy](?:[+-]\d{1,4}[dwmy])*")
MUNICIPALITY_CODE = re.compile(r"\d{4}")


# Relative dates


def months_added(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole calendar months; the 31st becomes the last day of a shorter
    month (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def relative_date(text: str, *, today: datetime.date) -> datetime.date:
    """The date `text` means, counted from `today`.

    `text` is one or more terms, each a sign, a whole number and a unit: `d` days, `w`
    weeks, `m` calendar months, `y` years; terms apply from left to right. `0d` is today,
    `-3m` three months ago, `+14d` a fortnight ahead, `-1m+3d` three days after a month
    ago. Anything else raises ValueError.
    """
    if not isinstance(text, str) or not RELATIVE_DATE.fullmatch(text.strip()):
        raise ValueError(text)
    day = today
    for sign, number, unit in DATE_TERM.findall(text):
        amount = -int(number) if sign == "-" else int(number)
        if unit == "d":
            day += datetime.timedelta(days=amount)
        elif unit == "w":
            day += datetime.timedelta(weeks=amount)
        else:
            day = months_added(day, amount * (12 if unit == "y" else 1))
    return day


# Reading values: each helper checks one kind of value and names its place when it fails.


def _error(place: str, message: str) -> ContentFileError:
    return ContentFileError(f"{place}: {message}")


def _shown(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else f"{text[:57]}…"


def _mapping(entry, place: str, what: str, keys) -> dict:
    if not isinstance(entry, dict):
        raise _error(place, f"expected {what} (a mapping), not {type_name(entry)}")
    unknown = [str(key) for key in entry if key not in keys]
    if unknown:
        raise _error(
            place,
            f"unknown key {', '.join(map(_shown, unknown))}; {what} can have {', '.join(keys)}",
        )
    return entry


def _list(value, place: str, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _error(place, f"expected a list of {what}, not {type_name(value)}")
    return value


def _text(entry: dict, key: str, place: str, *, required=False, max_length=LONG_TEXT) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _error(f"{place}.{key}", "this text is missing")
        return ""
    if not isinstance(value, str):
        raise _error(f"{place}.{key}", f"expected a text in quotes, not {_shown(value)}")
    value = value.strip()
    if len(value) > max_length:
        raise _error(f"{place}.{key}", f"at most {max_length} characters, not {len(value)}")
    return value


def _whole_number(entry: dict, key: str, place: str, low: int, high: int, *, required=False):
    value = entry.get(key)
    if value is None:
        if required:
            raise _error(f"{place}.{key}", f"expected a whole number from {low} to {high}")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _error(
            f"{place}.{key}",
            f"expected a whole number from {low} to {high}, not {_shown(value)}",
        )
    return value


def _decimal(entry: dict, key: str, place: str, *, required=False) -> Decimal | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise _error(f"{place}.{key}", "expected a number")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _error(f"{place}.{key}", f"expected a number, not {_shown(value)}")
    return Decimal(str(value))


def _choice(entry: dict, key: str, place: str, choices, default=None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or value not in choices.values:
        found = "it is missing" if value is None else f"not {_shown(value)}"
        if isinstance(value, bool):
            found += ' (YAML reads yes and no unquoted as true and false: write "yes", "no")'
        raise _error(
            f"{place}.{key}", f"expected one of {', '.join(map(str, choices.values))}; {found}"
        )
    return value


def _date(entry: dict, key: str, place: str, today: datetime.date, *, required=False):
    value = entry.get(key)
    if value is None:
        if required:
            raise _error(f"{place}.{key}", "a date is missing (like -3m, +14d or 0d)")
        return None
    try:
        return relative_date(value, today=today)
    except (ValueError, OverflowError):
        raise _error(
            f"{place}.{key}",
            "expected a date relative to the day of loading, like -3m, +14d, 0d or -1m+3d, "
            f"not {_shown(value)}",
        ) from None


def _slug_of(entry: dict, key: str, place: str, found: dict, what: str, *, required=True):
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or value not in found:
        shown = "nothing" if value is None else repr(value)
        raise _error(f"{place}.{key}", f"unknown {what} {shown}")
    return found[value]


def _invalid(place: str, error: ValidationError, fields: dict[str, str]) -> ContentFileError:
    """A model's ValidationError as a message naming the place in the file."""
    if not hasattr(error, "error_dict"):
        return _error(place, " ".join(error.messages))
    parts = []
    for field, messages in error.message_dict.items():
        at = place if field == NON_FIELD_ERRORS else f"{place}.{fields.get(field, field)}"
        parts.append(f"{at}: {' '.join(messages)}")
    return ContentFileError("; ".join(parts))


def _saved(place: str, write: Callable, fields: dict[str, str] | None = None, **arguments):
    """`write(**arguments)`, with a refusal from the model or a service named by its place
    (`fields` says how the file names the model's fields)."""
    try:
        return write(**arguments)
    except ValidationError as error:
        raise _invalid(place, error, fields or {}) from error


# Organisations


@transaction.atomic
def organisations_load(*, data, where: str = "organisations.yaml") -> int:
    """Create or update the organisation tree in `data`; returns how many it holds.

    An organisation is the one with the same name under the same parent, or a
    municipality the one with the same municipality code wherever it sits. Existing
    organisations keep their place in the tree (nothing is moved) and their kind; their
    name, code and care level follow the file. Organisations not in the file are left
    alone. A file with an error changes nothing.
    """
    levels = {level.slug: level for level in CareLevel.objects.all()}
    return _organisations(data, None, where, levels, codes={})


def _organisations(entries, parent, place, levels, codes: dict[str, str]) -> int:
    count = 0
    names: dict[str, str] = {}
    for index, entry in enumerate(_list(entries, place, "organisations")):
        at = f"{place}[{index}]"
        _mapping(entry, at, "an organisation", ORGANISATION_KEYS)
        name = _text(entry, "name", at, required=True, max_length=150)
        if name in names:
            raise _error(f"{at}.name", f"{name!r} appears twice here (also at {names[name]})")
        names[name] = at
        kind = Organisation.Kind(_choice(entry, "kind", at, Organisation.Kind))
        _place_check(kind, parent, at)
        code = _municipality_code(entry, kind, at)
        if code:
            if code in codes:
                raise _error(
                    f"{at}.municipality_code", f"{code} is used twice (also at {codes[code]})"
                )
            codes[code] = at
        care_level = _care_level(entry, kind, at, levels)

        organisation = _organisation_match(parent, name, code)
        if organisation is not None and organisation.kind != kind:
            raise _error(
                f"{at}.kind",
                f"{organisation.name!r} exists already as {_a(organisation.kind)}, not {_a(kind)}",
            )
        if organisation is None:
            organisation = Organisation(
                name=name, kind=kind, municipality_code=code, care_level=care_level
            )
            _saved(at, organisation.full_clean, exclude=["path", "depth", "numchild"])
            if parent is None:
                organisation = Organisation.objects.add_root(instance=organisation)
            else:
                organisation = Organisation.objects.add_child(parent, instance=organisation)
        elif (organisation.name, organisation.municipality_code, organisation.care_level) != (
            name,
            code,
            care_level,
        ):
            organisation.name = name
            organisation.municipality_code = code
            organisation.care_level = care_level
            _saved(at, organisation.full_clean)
            organisation.save()
        count += 1 + _organisations(
            entry.get("children"), organisation, f"{at}.children", levels, codes
        )
    return count


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeio" else f"a {kind}"


def _place_check(kind: Organisation.Kind, parent: Organisation | None, at: str) -> None:
    allowed = [_a(name) for name in Organisation.PARENT_KINDS[kind]]
    under = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else "".join(allowed)
    if parent is None and allowed:
        raise _error(f"{at}.kind", f"{_a(kind)} cannot be at the top; it goes under {under}")
    if parent is not None and parent.kind not in Organisation.PARENT_KINDS[kind]:
        where = f"it goes under {under}" if allowed else "it is always at the top"
        raise _error(f"{at}.kind", f"{_a(kind)} cannot sit under {_a(parent.kind)}; {where}")


def _municipality_code(entry: dict, kind: Organisation.Kind, at: str) -> str:
    value = entry.get("municipality_code")
    place = f"{at}.municipality_code"
    if kind != Organisation.Kind.MUNICIPALITY:
        if value is not None:
            raise _error(place, "only a municipality has a municipality code")
        return ""
    if value is None:
        raise _error(place, "a municipality needs its four-digit municipality code")
    if isinstance(value, int) and not isinstance(value, bool):
        raise _error(
            place,
            f'write the code in quotes, like "0680" (unquoted, {value} is read as a number)',
        )
    if not isinstance(value, str) or not MUNICIPALITY_CODE.fullmatch(value):
        raise _error(place, f'expected four digits in quotes, like "0680", not {_shown(value)}')
    return value


def _care_level(entry: dict, kind: Organisation.Kind, at: str, levels: dict):
    value = entry.get("care_level")
    place = f"{at}.care_level"
    if value is None:
        if kind == Organisation.Kind.UNIT:
            raise _error(place, "a unit needs the care level it provides")
        return None
    if kind not in (Organisation.Kind.UNIT, Organisation.Kind.WORKPLACE):
        raise _error(place, f"only a unit or a workplace has a care level, not {_a(kind)}")
    if not isinstance(value, str) or value not in levels:
        raise _error(place, f"unknown care level {_shown(value)!r}")
    return levels[value]


def _organisation_match(parent: Organisation | None, name: str, code: str):
    if code:
        found = Organisation.objects.filter(municipality_code=code).first()
        if found is not None:
            return found
    siblings = (
        Organisation.objects.get_root_nodes()
        if parent is None
        else Organisation.objects.get_children(parent)
    )
    return siblings.filter(name=name).first()


def _organisation_named(value, place: str) -> Organisation:
    """The one organisation with this name, or the municipality with this code."""
    if not isinstance(value, str) or not value.strip():
        raise _error(place, "expected the name of an organisation, or a municipality code")
    if MUNICIPALITY_CODE.fullmatch(value):
        found = list(Organisation.objects.filter(municipality_code=value))
    else:
        found = list(Organisation.objects.filter(name=value.strip())[:2])
    if not found:
        raise _error(place, f"no organisation {value!r} (organisations.yaml loads them)")
    if len(found) > 1:
        raise _error(place, f"several organisations are named {value!r}; give a municipality code")
    return found[0]


def _unit_in(plan: Plan, entry: dict, key: str, place: str, *, required=True):
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _error(f"{place}.{key}", f"expected the name of a unit, not {_shown(value)}")
    found = list(
        Organisation.objects.filter(
            path__startswith=plan.organisation.path, kind=Organisation.Kind.UNIT, name=value
        )[:2]
    )
    if len(found) != 1:
        problem = "no unit" if not found else "several units"
        raise _error(f"{place}.{key}", f"{problem} named {value!r} in {plan.organisation}")
    return found[0]


# Plans


@dataclasses.dataclass
class _Lookups:
    today: datetime.date
    programmes: dict[str, Programme]
    levels: dict[str, CareLevel]
    indicators: dict[str, Indicator]

    @classmethod
    def load(cls, today: datetime.date) -> "_Lookups":
        return cls(
            today=today,
            programmes={p.slug: p for p in Programme.objects.all()},
            levels={level.slug: level for level in CareLevel.objects.all()},
            indicators={i.slug: i for i in Indicator.objects.all()},
        )


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
    entries = _list(data, where, "plans")
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        _mapping(entry, at, "a plan", PLAN_KEYS)
        organisation = _organisation_named(entry.get("organisation"), f"{at}.organisation")
        title = _text(entry, "title", at, required=True, max_length=SHORT_TEXT)
        if (organisation.pk, title) in seen:
            raise _error(
                f"{at}.title",
                f"{organisation} has this plan twice (also at {seen[organisation.pk, title]})",
            )
        seen[organisation.pk, title] = at
        for old in Plan.objects.filter(organisation=organisation, title=title):
            plan_delete(actor=None, plan=old, version=old.version)
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
        decided_on=_date(entry, "decided_on", at, today),
        period_start=_date(entry, "period_start", at, today, required=True),
        period_end=_date(entry, "period_end", at, today, required=True),
        phase=_whole_number(entry, "phase", at, Phase.values[0], Phase.values[-1], required=True),
    )
    return _saved(at, plan_save, PLAN_FIELDS, actor=None, plan=plan)


def _targets(plan: Plan, rows, place: str, lookups: _Lookups) -> None:
    units: dict[int, str] = {}
    for index, entry in enumerate(_list(rows, place, "units with their targets")):
        at = f"{place}[{index}]"
        _mapping(entry, at, "a unit's targets", ROW_KEYS)
        unit = _unit_in(plan, entry, "unit", at)
        if unit.pk in units:
            raise _error(f"{at}.unit", f"{unit} has targets twice (also at {units[unit.pk]})")
        units[unit.pk] = at
        cells = {}
        programmes = entry.get("programmes") or {}
        _mapping(programmes, f"{at}.programmes", "targets by programme", lookups.programmes)
        for slug, cell in programmes.items():
            cell_at = f"{at}.programmes.{slug}"
            if isinstance(cell, int) and not isinstance(cell, bool):
                cell = {"required": cell}
            _mapping(cell, cell_at, "a target (a level, or required/reached/reached_on)", CELL_KEYS)
            values = {
                "required_level": _whole_number(cell, "required", cell_at, 1, 3, required=True),
                "reached_level": _whole_number(cell, "reached", cell_at, 1, 3),
                "reached_on": _date(cell, "reached_on", cell_at, lookups.today),
            }
            probe = Target(programme=lookups.programmes[slug], **values)
            _saved(
                cell_at,
                probe.full_clean,
                CELL_FIELDS,
                exclude=["row"],
                validate_unique=False,
                validate_constraints=False,
            )
            cells[lookups.programmes[slug].pk] = values
        change = RowChange(
            unit=unit,
            version=None,
            leader=_text(entry, "leader", at, max_length=SHORT_TEXT),
            cells=cells,
        )
        _saved(at, targets_save, actor=None, plan=plan, changes=[change])


def _activities(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(_list(entries, place, "activities")):
        at = f"{place}[{index}]"
        _mapping(entry, at, "an activity", ACTIVITY_KEYS)
        agenda = []
        for position, item in enumerate(_list(entry.get("agenda"), f"{at}.agenda", "items")):
            item_at = f"{at}.agenda[{position}]"
            _mapping(item, item_at, "an agenda item", AGENDA_KEYS)
            agenda.append(
                {
                    "title": _text(item, "title", item_at, required=True, max_length=SHORT_TEXT),
                    "duration": _whole_number(item, "duration", item_at, 1, 60 * 24),
                    "minutes": _text(item, "minutes", item_at),
                }
            )
        activity = Activity(
            plan=plan,
            kind=_choice(entry, "kind", at, Activity.Kind),
            title=_text(entry, "title", at, required=True, max_length=SHORT_TEXT),
            date=_date(entry, "date", at, lookups.today, required=True),
            duration=_whole_number(entry, "duration", at, 5, 60 * 24, required=True),
            unit=_unit_in(plan, entry, "unit", at, required=False),
            programme=_slug_of(
                entry, "programme", at, lookups.programmes, "programme", required=False
            ),
            responsible=_text(entry, "responsible", at, required=True, max_length=SHORT_TEXT),
            status=_choice(entry, "status", at, Activity.Status, Activity.Status.PLANNED),
            notes=_text(entry, "notes", at),
        )
        _saved(at, activity_save, actor=None, activity=activity, version=None, agenda=agenda)


def _status_reports(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(_list(entries, place, "status reports")):
        at = f"{place}[{index}]"
        _mapping(entry, at, "a status report", REPORT_KEYS)
        report = StatusReport(
            plan=plan,
            reported_on=_date(entry, "reported_on", at, lookups.today, required=True),
            score=_decimal(entry, "score", at, required=True),
            works=_text(entry, "works", at),
            difficulties=_text(entry, "difficulties", at),
            support_needed=_text(entry, "support_needed", at),
        )
        _saved(at, part_save, actor=None, part=report)


def _gap_analyses(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(_list(entries, place, "gap analyses")):
        at = f"{place}[{index}]"
        _mapping(entry, at, "a gap analysis", GAP_KEYS)
        programme = _slug_of(entry, "programme", at, lookups.programmes, "programme")
        level = _slug_of(entry, "care_level", at, lookups.levels, "care level")
        made_on = _date(entry, "made_on", at, lookups.today, required=True)
        analysis = _saved(
            at,
            gap_analysis_create,
            actor=None,
            plan=plan,
            programme=programme,
            care_level=level,
            made_on=made_on,
        )
        items = {
            item.intervention.slug: item for item in analysis.items.select_related("intervention")
        }
        answers = entry.get("items") or {}
        if not isinstance(answers, dict):
            raise _error(
                f"{at}.items",
                f"expected answers by intervention slug (a mapping), not {type_name(answers)}",
            )
        changes: dict[int, dict] = {}
        for slug, answer in answers.items():
            item_at = f"{at}.items.{slug}"
            if slug not in items:
                offered = ", ".join(sorted(items)) or "none"
                raise _error(
                    item_at,
                    f"not a prioritised intervention of {programme.slug} for {level.slug} "
                    f"(those are: {offered})",
                )
            _mapping(answer, item_at, "an answer", GAP_ITEM_KEYS)
            values = {
                "offered": _choice(answer, "offered", item_at, GapItem.Offered),
                "measure": _text(answer, "measure", item_at),
                "owner": _text(answer, "owner", item_at, max_length=SHORT_TEXT),
                "due": _date(answer, "due", item_at, lookups.today),
                "status": _choice(
                    answer, "status", item_at, GapItem.Status, GapItem.Status.PLANNED
                ),
            }
            probe = GapItem(analysis=analysis, intervention=items[slug].intervention, **values)
            _saved(item_at, probe.full_clean, validate_unique=False, validate_constraints=False)
            changes[items[slug].pk] = values
        _saved(
            at,
            gap_analysis_save,
            actor=None,
            analysis=analysis,
            version=analysis.version,
            items=changes,
        )


def _measurements(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(_list(entries, place, "series of measurements")):
        at = f"{place}[{index}]"
        _mapping(entry, at, "a series of measurements", MEASUREMENT_KEYS)
        indicator = _slug_of(entry, "indicator", at, lookups.indicators, "indicator")
        source = _text(entry, "source", at, max_length=SHORT_TEXT)
        for position, value in enumerate(_list(entry.get("values"), f"{at}.values", "values")):
            value_at = f"{at}.values[{position}]"
            _mapping(value, value_at, "a measurement", VALUE_KEYS)
            start, end = _measurement_period(value, value_at, lookups.today)
            measurement = Measurement(
                plan=plan,
                indicator=indicator,
                period_start=start,
                period_end=end,
                numerator=_whole_number(value, "numerator", value_at, 0, 10**9),
                denominator=_whole_number(value, "denominator", value_at, 0, 10**9),
                value=_decimal(value, "value", value_at),
                source=source,
            )
            fields = {"period_start": "month", "period_end": "month"} if "month" in value else {}
            _saved(value_at, part_save, fields, actor=None, part=measurement)


def _measurement_period(value: dict, at: str, today: datetime.date):
    if "month" in value:
        if "period_start" in value or "period_end" in value:
            raise _error(at, "give a month, or period_start and period_end, not both")
        day = _date(value, "month", at, today, required=True)
        start = day.replace(day=1)
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return (
        _date(value, "period_start", at, today, required=True),
        _date(value, "period_end", at, today, required=True),
    )


def _pdsa_cycles(plan: Plan, entries, place: str, lookups: _Lookups) -> None:
    for index, entry in enumerate(_list(entries, place, "PDSA cycles")):
        at = f"{place}[{index}]"
        _mapping(entry, at, "a PDSA cycle", PDSA_KEYS)
        decision = entry.get("decision")
        cycle = PDSACycle(
            plan=plan,
            indicator=_slug_of(
                entry, "indicator", at, lookups.indicators, "indicator", required=False
            ),
            title=_text(entry, "title", at, required=True, max_length=SHORT_TEXT),
            start=_date(entry, "start", at, lookups.today, required=True),
            end=_date(entry, "end", at, lookups.today, required=True),
            plan_text=_text(entry, "plan", at, required=True),
            do_text=_text(entry, "do", at),
            study_text=_text(entry, "study", at),
            act_text=_text(entry, "act", at),
            decision="" if decision is None else _choice(entry, "decision", at, PDSACycle.Decision),
        )
        _saved(at, part_save, PDSA_FIELDS, actor=None, part=cycle)


# Logins


@dataclasses.dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: Role
    #: The organisation's name, or a municipality's code.
    organisation: str
    description: str


DEMO_USERS = (
    DemoUser(
        "processtod",
        "vip-demo-processtod",
        "Karin",
        "Ekström",
        Role.READER,
        "Jönköpings län",
        "process support (läsare) at Jönköpings län",
    ),
    DemoUser(
        "jonkoping",
        "vip-demo-jonkoping",
        "Maria",
        "Lindqvist",
        Role.CONTACT,
        "0680",
        "kontaktperson at Jönköpings kommun",
    ),
    DemoUser(
        "varnamo",
        "vip-demo-varnamo",
        "Johan",
        "Berglund",
        Role.CONTACT,
        "0683",
        "kontaktperson at Värnamo kommun",
    ),
    DemoUser(
        "ledare",
        "vip-demo-ledare",
        "Sara",
        "Holm",
        Role.LEADER,
        "0680",
        "implementeringsledare at Jönköpings kommun",
    ),
    DemoUser(
        "redigerare",
        "vip-demo-redigerare",
        "Anders",
        "Nyberg",
        Role.EDITOR,
        "0682",
        "redigerare at Nässjö kommun",
    ),
    DemoUser(
        "lasare",
        "vip-demo-lasare",
        "Eva",
        "Sjöberg",
        Role.READER,
        "0683",
        "läsare at Värnamo kommun",
    ),
    DemoUser(
        "region",
        "vip-demo-region",
        "Lena",
        "Forsberg",
        Role.CONTACT,
        "Region Jönköpings län",
        "kontaktperson at Region Jönköpings län",
    ),
)


@transaction.atomic
def demo_users_load() -> list[tuple[str, str, str]]:
    """Create the demo implementation logins that do not exist yet, each with its one
    membership; returns (username, password, description) of each one created.

    None is staff or superuser. An existing account of that name is left as it is. The
    organisations must be loaded first.
    """
    User = get_user_model()
    created = []
    for demo in DEMO_USERS:
        if User.objects.filter(username=demo.username).exists():
            continue
        organisation = _organisation_named(demo.organisation, f"demo login {demo.username}")
        user = User.objects.create_user(
            username=demo.username,
            password=demo.password,
            first_name=demo.first_name,
            last_name=demo.last_name,
        )
        Membership.objects.create(user=user, organisation=organisation, role=demo.role)
        created.append((demo.username, demo.password, demo.description))
    return created
