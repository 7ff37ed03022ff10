"""An addition's text, and its draft: what an editor changed while the addition is public.

While an addition is published, the row holds what the public sees and `draft` holds the
editor's values (the fields below, foreign keys as ids) until they are published.
"""

import copy

from ..models import LocalAddition

#: The fields an editor writes, as stored in a draft (foreign keys by their ids).
EDITED = (
    "kind",
    "care_level_id",
    "step_id",
    "intervention_id",
    "title",
    *LocalAddition.TEXTS,
    "link",
)


def field_name(name: str) -> str:
    """The model field an edited value belongs to: "care_level_id" → "care_level"."""
    return name.removesuffix("_id")


def values_of(obj) -> dict:
    """The edited fields of an addition (or of a historical record of one)."""
    return {name: getattr(obj, name) for name in EDITED}


def content_of(obj) -> dict:
    """The text an editor sees in `obj`: its draft where it has one, else the row."""
    values = values_of(obj)
    if obj.draft:
        values.update({name: obj.draft[name] for name in EDITED if name in obj.draft})
    return values


def apply(addition: LocalAddition, values: dict) -> LocalAddition:
    """Set `values` (as stored in a draft) on `addition`, in memory."""
    for name in EDITED:
        if name in values:
            setattr(addition, name, values[name])
    return addition


def with_draft(addition: LocalAddition) -> LocalAddition:
    """A copy of `addition` carrying its draft, for the form: the row stays as it is."""
    shown = copy.copy(addition)
    if addition.draft:
        apply(shown, addition.draft)
    return shown
