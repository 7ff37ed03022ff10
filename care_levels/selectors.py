"""Reads of the care-level tree."""

from django.http import Http404

from .models import CareLevel
from .trees import parent_path


def level_tree() -> list[CareLevel]:
    """Every level, as roots carrying `children` lists, in one query."""
    roots, by_path = [], {}
    for level in CareLevel.objects.order_by("path"):
        level.children = []
        parent = by_path.get(parent_path(level.path, level.steplen))
        (parent.children if parent else roots).append(level)
        by_path[level.path] = level
    return roots


def get_level(slug: str) -> CareLevel:
    level = CareLevel.objects.filter(slug=slug).first()
    if level is None:
        raise Http404("No such care level")
    return level
