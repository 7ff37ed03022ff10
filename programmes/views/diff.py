"""Showing what a published version changed: a word-by-word diff of each text field.

The diff is made from the plain text each `ReleasedChange` keeps (no query). Insertions
and deletions are marked in the page with `<ins>`/`<del>` *and* with words and brackets
(`templates/programmes/includes/diff.html`), so that they read without colour, in print
and with a screen reader. Long unchanged stretches are shortened to their ends.
"""

import difflib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist

#: Unchanged words kept on each side of a change.
CONTEXT = 8


@dataclass
class Segment:
    """A run of words: "equal", "insert", "delete", or "gap" (unchanged words left out)."""

    op: str
    text: str


@dataclass
class FieldDiff:
    label: str
    segments: list[Segment] = field(default_factory=list)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def _shortened(words: list[str], *, first: bool, last: bool) -> list[Segment]:
    """Unchanged words, cut to CONTEXT words next to each change."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(words) <= keep_head + keep_tail + 3:
        return [Segment("equal", " ".join(words))]
    segments = []
    if keep_head:
        segments.append(Segment("equal", " ".join(words[:keep_head])))
    segments.append(Segment("gap", "…"))
    if keep_tail:
        segments.append(Segment("equal", " ".join(words[-keep_tail:])))
    return segments


def word_diff(before: str, after: str) -> list[Segment]:
    """The words of `after` against `before`, as runs of kept, added and removed words."""
    old, new = before.split(), after.split()
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    segments = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            segments += _shortened(old[i1:i2], first=index == 0, last=index == len(opcodes) - 1)
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", " ".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", " ".join(new[j1:j2])))
    return segments


def _texts(side: dict, language: str) -> dict:
    return side.get(language) or {}


def change_diffs(change, language: str) -> list[FieldDiff]:
    """Each text field `change` changed, in `language` (a field with no text in it is
    compared in the site's language), as a labelled word diff."""
    try:
        model = apps.get_model(change.model)
    except (LookupError, ValueError):
        model = None
    default = settings.LANGUAGE_CODE
    before, after = _texts(change.before, language), _texts(change.after, language)
    fallback_before, fallback_after = _texts(change.before, default), _texts(change.after, default)
    diffs = []
    for name in after or fallback_after:
        old, new = before.get(name, ""), after.get(name, "")
        if not old and not new:
            old, new = fallback_before.get(name, ""), fallback_after.get(name, "")
        if old == new:
            continue
        diffs.append(FieldDiff(_label(model, name), word_diff(old, new)))
    return diffs
