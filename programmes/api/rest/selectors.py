"""Reads of the API that the public pages do not need: published content only, each in a
fixed number of queries, built on the content core's own selectors so that the API shows
exactly what the public pages show.

A programme shows when it is published; a node when it and every node above it are; a
pathway, step, case vignette, indicator or material when it and what it belongs to are.
A row is always the published version: drafts live elsewhere (the editorial room) and
never reach these tables' published rows.
"""

from django.utils.translation import gettext_lazy as _

from care_levels.slugs import SLUG_PATTERN
from care_levels.trees import ancestor_paths
from programmes.icd10 import normalise
from programmes.models import ContentNode, Programme
from programmes.selectors import STEP, public_programmes

from .envelope import bad_request, not_found


def valid_slug(value: str) -> bool:
    return len(value) <= 80 and SLUG_PATTERN.fullmatch(value) is not None


def programme_or_404(slug: str) -> Programme:
    programme = public_programmes().filter(slug=slug).first() if valid_slug(slug) else None
    if programme is None:
        raise not_found(_("There is no published programme with that id."))
    return programme


def programme_filter(slug: str | None) -> Programme | None:
    """The programme a list is filtered by (`?programme=`); an unknown one is a 400."""
    if slug is None:
        return None
    programme = public_programmes().filter(slug=slug).first() if valid_slug(slug) else None
    if programme is None:
        raise bad_request(_("There is no published programme with that id."), "programme")
    return programme


def checked_code(code: str | None) -> str | None:
    """The ICD-10 code of `?code=` in its written form; anything else is a 400."""
    if code is None:
        return None
    written = normalise(code[:20])
    if written is None:
        raise bad_request(
            _(
                "The code is not an ICD-10 code: write a letter and two digits, such as F20 "
                "or F41.1."
            ),
            "code",
        )
    return written


def programmes_covering(code: str | None) -> list[Programme]:
    """The published programmes, in order, that cover `code` (all of them without one)."""
    programmes = list(public_programmes())
    if code is None:
        return programmes
    return [programme for programme in programmes if programme.covers_code(code)]


def hidden_paths(programme_ids) -> set[str]:
    """The paths of the unpublished nodes of the programmes: everything below them is
    hidden too. One query."""
    return set(
        ContentNode.objects.filter(programme_id__in=list(programme_ids), published=False)
        .order_by()
        .values_list("path", flat=True)
    )


def shown(path: str, hidden: set[str]) -> bool:
    """Whether a published node at `path` shows: no node above it is unpublished."""
    return not any(above in hidden for above in ancestor_paths(path, STEP))
