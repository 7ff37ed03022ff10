"""Materialised paths, as django-treebeard keeps them, read without a query.

Every tree of the portal (care levels, a programme's content, organisations) is an
`MP_Node` tree: a node's path is its parent's path and `steplen` more characters. These
are the few things the portal reads from a path; they live here, at the bottom of the
house, so that every tree uses the same ones.
"""

from collections.abc import Iterable


def parent_path(path: str, steplen: int) -> str:
    """The path of the node's parent ("" for a root)."""
    return path[:-steplen]


def ancestor_paths(path: str, steplen: int) -> list[str]:
    """The paths of every node above this one, from the root down."""
    return [path[:end] for end in range(steplen, len(path), steplen)]


def numbered(paths: Iterable[str], steplen: int) -> dict[str, str]:
    """Each path's number in reading order ("2.1.3"), counting siblings among `paths` only.

    `paths` come in tree order (sorted by path). A node whose parent is not among them is
    left out: it hangs under something not shown.
    """
    numbers: dict[str, str] = {}
    counts: dict[str, int] = {}
    for path in paths:
        parent = parent_path(path, steplen)
        if parent and parent not in numbers:
            continue
        counts[parent] = counts.get(parent, 0) + 1
        numbers[path] = f"{numbers[parent]}.{counts[parent]}" if parent else str(counts[parent])
    return numbers
