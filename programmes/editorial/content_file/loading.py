"""What loading a programme file shares across its parts: the tags it names, looked up
once; the state of the file so far (what each slug is and where, what the programme held
before, what the file keeps); translated texts as model field values."""

from django.conf import settings
from django.utils.translation import gettext as _

from care_levels.models import AgeGroup, CareLevel, Phase, Profession
from programmes.models import (
    CaseVignette,
    ContentNode,
    Guideline,
    Indicator,
    Material,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
)

from ..snapshots import content_fields, json_value, same_value
from . import values as check
from .outcome import CONTENT_MODELS
from .structure import WHAT


class Tags:
    """Slug look-ups for the tags a programme file names, loaded once."""

    MODELS = {
        "levels": CareLevel,
        "professions": Profession,
        "age_groups": AgeGroup,
        "phases": Phase,
    }

    def __init__(self):
        self.tables = {
            kind: {obj.slug: obj for obj in model.objects.all()}
            for kind, model in self.MODELS.items()
        }

    def pick(self, kind: str, slugs: list[str], where: str) -> list:
        """The tags of `kind` (a key of MODELS) named by `slugs`, each of which must exist."""
        table = self.tables[kind]
        unknown = [slug for slug in slugs if slug not in table]
        if unknown:
            raise check.problem(where, check.unknown(kind, ", ".join(unknown), table))
        return [table[slug] for slug in slugs]


class FileState:
    """What the loading has seen so far of one file, for checks across places, and what
    the programme held before: each object the file still has is updated in place."""

    def __init__(self, programme: Programme | None, before: dict | None = None):
        self.tags = Tags()
        #: Snapshots of what the programme held, by model and id (`snapshots_before`).
        self.before = before or {}
        self.tree: dict[int, tuple] = {}  # node id → (path, depth, numchild) before
        self.node_places: dict[str, str] = {}  # slug → where in the file
        self.node_kinds: dict[str, str] = {}
        self.interventions: dict[str, ContentNode] = {}
        self.guidelines: dict[str, Guideline] = {}  # slug → every guideline, the file's too
        self.pathways: dict[str, Pathway] = {}  # slug → the pathway as loaded
        self.steps: dict[str, dict[str, PathwayStep]] = {}  # pathway slug → slug → step
        self.old = {model: {} for model in CONTENT_MODELS}  # model → key → object
        self.kept = {model: set() for model in CONTENT_MODELS}  # model → ids
        if programme is not None:
            self.old[ContentNode] = {node.slug: node for node in programme.nodes.all()}
            self.tree = {
                node.pk: (node.path, node.depth, node.numchild)
                for node in self.old[ContentNode].values()
            }
            self.old[CaseVignette] = {obj.slug: obj for obj in programme.vignettes.all()}
            self.old[Indicator] = {obj.slug: obj for obj in programme.indicators.all()}
            self.old[Material] = {obj.slug: obj for obj in programme.materials.all()}
            self.old[ProgrammeLevel] = {
                obj.care_level_id: obj for obj in programme.level_responsibilities.all()
            }
            self.old[Pathway] = {obj.slug: obj for obj in programme.pathways.all()}
            # A step is matched by its slug within the pathway matched by its slug.
            self.old[PathwayStep] = {
                (step.pathway.slug, step.slug): step
                for step in PathwayStep.objects.filter(pathway__programme=programme).select_related(
                    "pathway"
                )
            }
        # The programme's sections get root paths after every path in use, so that no
        # node, moved or new, ever takes a path another node still has.
        last_root = ContentNode.objects.get_last_root_node()
        self.next_root = last_root._get_lastpos_in_path() + 1 if last_root else 1

    def reuse(self, model, key, **new):
        """The object the programme already has under `key`, or a new one."""
        obj = self.old[model].get(key)
        if obj is None:
            return model(**new)
        self.kept[model].add(obj.pk)
        return obj

    def save(self, obj) -> bool:
        """Save `obj` as the file has it, unless the file leaves its content as it was.

        What the file does not change keeps its "last updated" date and its edit version
        (an editor with it open need not reload), so a local addition or a visitor is
        never told that unchanged national text changed. A node that only moves in the
        tree gets its new place without a save.
        """
        old = self.before.get(type(obj), {}).get(obj.pk) if obj.pk is not None else None
        if old is not None and same_fields(old, obj):
            tree = (getattr(obj, "path", None), getattr(obj, "depth", None))
            if isinstance(obj, ContentNode) and self.tree.get(obj.pk) != (*tree, obj.numchild):
                type(obj).objects.filter(pk=obj.pk).update(
                    path=obj.path, depth=obj.depth, numchild=obj.numchild
                )
            return False
        if obj.pk is not None and hasattr(obj, "lock_version"):
            obj.lock_version += 1  # an editor with it open sees the file's version first
        obj.save()
        return True

    def intervention(self, slug: str, place: str, unknown) -> ContentNode:
        """The intervention of the file's tree that `slug` names (at `place` in the file);
        `unknown(slug)` says what is wrong when the tree has no node of that slug."""
        if slug in self.interventions:
            return self.interventions[slug]
        if slug in self.node_kinds:
            raise check.problem(
                place,
                _("%(slug)s is %(what)s (%(place)s), not an intervention")
                % {
                    "slug": slug,
                    "what": WHAT[self.node_kinds[slug]],
                    "place": self.node_places[slug],
                },
            )
        raise check.problem(place, unknown(slug))

    def removed(self, model) -> list:
        return [obj for obj in self.old[model].values() if obj.pk not in self.kept[model]]


def same_fields(before: dict, obj) -> bool:
    """Whether `obj`'s own fields (its tags aside) hold what the snapshot `before` holds."""
    for field in content_fields(type(obj)):
        if field.many_to_many or field.attname not in before:
            continue
        now = json_value(field, field.value_from_object(obj))
        if not same_value(before[field.attname], now):
            return False
    return True


def tags_set(relation, objects: list, *, new: bool) -> None:
    """Tags of an object: a new one has none yet, so an empty list costs no queries."""
    if objects or not new:
        relation.set(objects)


def texts(entry: dict, names) -> dict[str, str]:
    """Translated texts as model field values (`title_sv`, `title_en` …).

    Every language of every name gets a value, "" where the file has none: a replaced
    object loses a text the file no longer has, and no column is left NULL.
    """
    return {
        f"{name}_{code}": entry.get(name, {}).get(code, "").strip()
        for name in names
        for code, _language in settings.LANGUAGES
    }


def assign(obj, values: dict) -> None:
    for name, value in values.items():
        setattr(obj, name, value)
