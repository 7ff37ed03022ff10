"""Small builders for tests: content on top of the demo content, and more of it."""

import copy
import itertools

from care_levels.models import CareLevel
from programmes.content_files import fixtures_dir, read_yaml
from programmes.models import ContentNode, Programme
from programmes.search import index_rebuild
from programmes.services import programme_import

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def make_programme(**fields) -> Programme:
    slug = fields.pop("slug", unique("program"))
    defaults = {
        "name_sv": f"Program {slug}",
        "name_en": f"Programme {slug}",
        "summary_sv": "Sammanfattning.",
        "summary_en": "Summary.",
        "status": Programme.Status.ESTABLISHED,
        "published": True,
    }
    return Programme.objects.create(slug=slug, **{**defaults, **fields})


def make_node(programme: Programme, parent: ContentNode | None = None, **fields) -> ContentNode:
    slug = fields.pop("slug", unique("sida"))
    tags = {name: fields.pop(name, []) for name in ("care_levels", "professions", "phases")}
    defaults = {
        "title_sv": f"Sida {slug}",
        "title_en": f"Page {slug}",
        "kind": ContentNode.Kind.PAGE,
        "published": True,
    }
    node = ContentNode(programme=programme, slug=slug, **{**defaults, **fields})
    if parent is None:
        node = ContentNode.objects.add_root(instance=node)
    else:
        node = ContentNode.objects.add_child(parent, instance=node)
    for name, values in tags.items():
        getattr(node, name).set(values)
    return node


def make_intervention(programme, parent=None, **fields) -> ContentNode:
    fields.setdefault("kind", ContentNode.Kind.INTERVENTION)
    fields.setdefault("priority", 3)
    fields.setdefault("slug", unique("insats"))
    return make_node(programme, parent, **fields)


def level(slug: str) -> CareLevel:
    return CareLevel.objects.get(slug=slug)


def programme_files() -> dict:
    return {
        path.stem: read_yaml(path)
        for path in sorted((fixtures_dir() / "programmes").glob("*.yaml"))
    }


def _suffixed(data: dict, suffix: str) -> dict:
    """A copy of a programme file whose every global slug carries `suffix`."""
    data = copy.deepcopy(data)
    data["slug"] += suffix
    for key in ("vignettes", "indicators", "materials"):
        for entry in data.get(key) or []:
            entry["slug"] += suffix
    return data


def _renamed_tree(entries: list, suffix: str, renames: dict) -> list:
    entries = copy.deepcopy(entries)
    stack = list(entries)
    while stack:
        entry = stack.pop()
        renames[entry["slug"]] = entry["slug"] + suffix
        entry["slug"] += suffix
        stack.extend(entry.get("children") or [])
    return entries


def triple_demo_content() -> None:
    """Make three times the demo content: three times the nodes, vignettes, indicators and
    materials inside every programme, and three times as many programmes."""
    for name, data in programme_files().items():
        tripled = copy.deepcopy(data)
        for copy_number in (2, 3):
            suffix = f"-x{copy_number}"
            renames = {}
            tripled["sections"] += _renamed_tree(data["sections"], suffix, renames)
            for key in ("vignettes", "indicators", "materials"):
                extra = copy.deepcopy(data.get(key) or [])
                for entry in extra:
                    entry["slug"] += suffix
                    if "interventions" in entry:
                        entry["interventions"] = [renames[s] for s in entry["interventions"]]
                tripled[key] = (tripled.get(key) or []) + extra
        programme_import(data=tripled, source=f"{name} (tripled)")
        for copy_number in (2, 3):
            programme_import(data=_suffixed(data, f"-p{copy_number}"), source=f"{name} copy")
    # Saves reindex on commit, and a test's transaction never commits.
    index_rebuild()
