"""Putting the chosen place's local blocks (`programmes.local.page_blocks`) beside the
national content they hang on, for the templates (templates/programmes/includes/
local_blocks.html shows them, each in a box of its own)."""

from ..local import LocalBlock, PageBlocks, Target


def blocks_on(found: PageBlocks, kind: str, objects: list) -> list:
    """Give each object its `local_blocks`: those of `found` that hang on it."""
    for obj in objects:
        obj.local_blocks = found.of(kind, obj.pk)
    return objects


def level_blocks(found: PageBlocks, level_ids: list[int]) -> list[LocalBlock]:
    """The blocks on any of `level_ids` (a level and the levels below it), in that order."""
    return [block for level_id in level_ids for block in found.of(Target.LEVEL, level_id)]
