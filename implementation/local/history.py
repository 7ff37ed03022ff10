"""The history of a local addition: every recorded change, who made it, when, and what
changed in its text, newest first (django-simple-history's rows of `LocalAddition`).

A version's text is what its editor saw: the draft where it had one, else the row.
"""

import dataclasses
import datetime

from django.utils.translation import gettext_lazy as _

from care_levels.models import CareLevel
from programmes.models import ContentNode, PathwayStep

from ..history import Change
from ..models import LocalAddition
from .drafts import EDITED, content_of, field_name
from .selectors import step_label

#: What each write is called in the history (the reason its service recorded).
ACTIONS = {
    "created": _("created the addition"),
    "saved": _("saved the addition"),
    "draft": _("saved a draft"),
    "published": _("published the addition"),
    "withdrawn": _("withdrew the addition from the public pages"),
    "discarded": _("threw the draft away"),
    "reviewed": _("marked the addition as reviewed against the national text"),
    "restored": _("restored an earlier version"),
    "restored-draft": _("restored an earlier version as a draft"),
    "restored-published": _("restored and published an earlier version"),
}
FALLBACK = {
    "+": _("created the addition"),
    "~": _("changed the addition"),
    "-": _("deleted the addition"),
}


@dataclasses.dataclass
class Entry:
    record_id: int
    when: datetime.datetime
    who: object
    action: str
    published: bool
    changes: list[Change]
    #: Its text differs from the text being edited now: it can be brought back.
    restorable: bool


def addition_history(addition: LocalAddition) -> list[Entry]:
    """Every change to `addition`, newest first, in four queries."""
    records = list(
        addition.history.select_related("history_user").order_by("history_date", "history_id")
    )
    contents = [content_of(record) for record in records]
    names = _names(contents)
    now = content_of(addition)
    entries, before = [], None
    for record, content in zip(records, contents, strict=True):
        changes = [
            Change(_label(name), _shown(name, before, names), _shown(name, content, names))
            for name in EDITED
            if before is None or before[name] != content[name]
        ]
        if before is None:
            changes = [change for change in changes if change.new != "–"]
        entries.append(
            Entry(
                record_id=record.history_id,
                when=record.history_date,
                who=record.history_user,
                action=str(
                    ACTIONS.get(record.history_change_reason or "", FALLBACK[record.history_type])
                ),
                published=record.published,
                changes=changes,
                restorable=record.history_type != "-" and content != now,
            )
        )
        before = content
    entries.reverse()
    return entries


def _label(name: str) -> str:
    return str(LocalAddition._meta.get_field(field_name(name)).verbose_name)


def _names(contents: list[dict]) -> dict[str, dict]:
    """The names of the levels, steps and interventions the versions hang on."""

    def ids(name):
        return {c[name] for c in contents} - {None}

    steps = PathwayStep.objects.filter(pk__in=ids("step_id")).select_related("pathway__setting")
    return {
        "care_level_id": dict(
            CareLevel.objects.filter(pk__in=ids("care_level_id")).values_list("pk", "name")
        ),
        "step_id": {step.pk: step_label(step) for step in steps},
        "intervention_id": dict(
            ContentNode.objects.filter(pk__in=ids("intervention_id")).values_list("pk", "title")
        ),
    }


def _shown(name: str, content: dict | None, names: dict) -> str:
    if content is None:
        return "–"
    value = content[name]
    if value in (None, ""):
        return "–"
    if name in names:
        return names[name].get(value, f"#{value}")
    if name == "kind":
        return str(LocalAddition.Kind(value).label)
    return str(value)
