"""The history of a plan: every recorded change to it and its parts, newest first.

django-simple-history keeps a historical row per save and delete of each model; this reads
them for one plan, one query per kind of part, and works out what each change changed.
"""

import dataclasses
import datetime

from django.utils.translation import gettext_lazy as _

from programmes.models import Pathway

from .models import (
    Activity,
    AgendaItem,
    GapAnalysis,
    GapItem,
    Measurement,
    PDSACycle,
    Plan,
    PlanUnit,
    StatusReport,
    Target,
)
from .selectors import pathway_name

#: model → how its historical rows are reached from a plan id
PLAN_PARTS = [
    (Plan, "id"),
    (PlanUnit, "plan_id"),
    (Target, "row__plan_id"),
    (Activity, "plan_id"),
    (AgendaItem, "activity__plan_id"),
    (StatusReport, "plan_id"),
    (GapAnalysis, "plan_id"),
    (GapItem, "analysis__plan_id"),
    (Measurement, "plan_id"),
    (PDSACycle, "plan_id"),
]
#: Fields no person changes: not shown as changes.
QUIET_FIELDS = {
    "id",
    "lock_version",
    "created_at",
    "updated_at",
    "position",
    "plan",
    "activity",
    "analysis",
    "row",
}
#: What to read along with a related row so that naming it costs no further query.
NAMED_WITH = {
    PlanUnit: ["unit"],
    GapAnalysis: ["programme", "pathway__setting", "care_level"],
    Pathway: ["setting"],
}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclasses.dataclass
class Change:
    field: str
    old: str
    new: str


@dataclasses.dataclass
class Entry:
    when: datetime.datetime
    who: object
    kind: str
    what: str
    action: str
    changes: list[Change]

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]


def plan_history(plan: Plan) -> list[Entry]:
    """Every change to `plan` and its parts, newest first; a save that changed nothing a
    person can see is left out."""
    entries = []
    for model, lookup in PLAN_PARTS:
        entries += _entries(model, lookup, plan.pk)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _entries(model, lookup: str, plan_id: int) -> list[Entry]:
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in QUIET_FIELDS and not field.name.endswith("_ptr")
    ]
    records = (
        model.history.filter(**{lookup: plan_id})
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    records = list(records)
    related = _related_names(model, records)
    entries, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        changes = [
            Change(
                str(field.verbose_name),
                _value(before, field, related),
                _value(record, field, related),
            )
            for field in fields
            if before is None or getattr(before, field.attname) != getattr(record, field.attname)
        ]
        previous[record.id] = record
        if record.history_type == "~" and not changes:
            continue
        if record.history_type != "~":
            changes = [] if record.history_type == "-" else [c for c in changes if c.new != "–"]
        entries.append(
            Entry(
                when=record.history_date,
                who=record.history_user,
                kind=str(model._meta.verbose_name),
                what=_describe(record, related),
                action=record.history_type,
                changes=changes,
            )
        )
    return entries


def _related_names(model, records) -> dict:
    """The names of the rows the records point at, read once per related model."""
    names = {}
    for field in model._meta.concrete_fields:
        if not field.is_relation or (field.name in QUIET_FIELDS and field.name != "row"):
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}
        target = field.related_model
        rows = target.objects.filter(pk__in=ids).select_related(*NAMED_WITH.get(target, []))
        names[field.name] = {obj.pk: _name(obj) for obj in rows}
    return names


def _name(obj) -> str:
    if isinstance(obj, PlanUnit):
        return str(obj.unit)
    if isinstance(obj, Pathway):
        return pathway_name(obj)
    return str(obj)


def _value(record, field, related) -> str:
    if record is None:
        return "–"
    raw = getattr(record, field.attname)
    if raw in (None, ""):
        return "–"
    if field.is_relation:
        return related[field.name].get(raw, f"#{raw}")
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    text = str(raw)
    return text if len(text) <= 300 else text[:299] + "…"


def _describe(record, related) -> str:
    """What the record is about, in words a reader of the plan knows."""
    for name in ("title", "unit"):
        if hasattr(record, f"{name}_id") and name in related:
            return related[name].get(getattr(record, f"{name}_id"), "")
        if hasattr(record, name) and isinstance(getattr(record, name), str):
            return getattr(record, name)
    if hasattr(record, "row_id"):
        unit = related["row"].get(record.row_id, "")
        return f"{unit} – {_subject(record, related)}"
    if hasattr(record, "intervention_id"):
        if record.intervention_id is None:
            return related["step"].get(record.step_id, "")
        return related["intervention"].get(record.intervention_id, "")
    if hasattr(record, "reported_on"):
        return record.reported_on.isoformat()
    if hasattr(record, "indicator_id") and hasattr(record, "period_start"):
        return f"{related['indicator'].get(record.indicator_id, '')} {record.period_start}"
    if hasattr(record, "care_level_id"):
        level = related["care_level"].get(record.care_level_id, "")
        return f"{_subject(record, related)} – {level}"
    return str(record.id)


def _subject(record, related) -> str:
    """A target's or gap analysis's programme, or its care pathway."""
    if record.pathway_id is not None:
        return related["pathway"].get(record.pathway_id, "")
    return related["programme"].get(record.programme_id, "")
