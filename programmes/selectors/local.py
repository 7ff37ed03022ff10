"""Reads of local text through the content side's extension point (`programmes.local`):
the regions' regional programme pages, shown whatever place a visitor chose."""

from .. import local
from ..local import LocalBlock
from ..models import Programme


def regional_pages(programme: Programme) -> list[LocalBlock]:
    """Every published regional programme page of `programme` (one query; none without a
    local source)."""
    source = local.source()
    return source.regional_pages([programme.pk]) if source is not None else []


def regional_page(programme: Programme, organisation_slug: str) -> LocalBlock | None:
    """The regional programme page of the organisation `organisation_slug`, if published."""
    return next(
        (page for page in regional_pages(programme) if page.organisation_slug == organisation_slug),
        None,
    )
