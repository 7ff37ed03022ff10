"""Reads for the programme pages: programmes, their content tree, interventions and their
tags, case vignettes and indicators."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from care_levels.models import CareLevel
from care_levels.trees import ancestor_paths, numbered, parent_path

from ..models import Audience, CaseVignette, ContentNode, Indicator, Programme

#: Long text fields a listing or a tree never shows.
HEAVY_NODE_FIELDS = (
    "body",
    "target_group",
    "recommendation_reason",
    "competence",
    "synopsis",
    "procedure",
)
STEP = ContentNode.steplen


def public_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(published=True)


def get_public_programme(slug: str) -> Programme:
    programme = public_programmes().filter(slug=slug).first()
    if programme is None:
        raise Http404("No such programme")
    return programme


def node_url_under(programme_url: str, slugs: list[str]) -> str:
    """A node's address: its programme's, then the slugs from the root down (the
    `programmes:node` route), built without a `reverse()` per node."""
    return f"{programme_url}{'/'.join(slugs)}/"


@dataclass(eq=False)
class TreeNode:
    """A node as the tree shows it: light, without the body and intervention fields."""

    pk: int
    path: str
    slug: str
    kind: str
    audience: str
    title: str
    summary: str
    number: str = ""
    url: str = ""
    slugs: list[str] = field(default_factory=list)
    parent: "TreeNode | None" = None
    children: list["TreeNode"] = field(default_factory=list)


@dataclass
class ProgrammeTree:
    """The visible part of one programme's content tree, numbered, with URLs.

    A node is visible when it and every node above it are published. Each `TreeNode`
    has its `number` ("2.1"), `slugs` (root to node), `url`, `children` and `parent`.
    """

    programme: Programme
    roots: list[TreeNode] = field(default_factory=list)
    by_path: dict[str, TreeNode] = field(default_factory=dict)

    @classmethod
    def load(cls, programme: Programme) -> "ProgrammeTree":
        language, fallback = get_language(), settings.LANGUAGE_CODE
        rows = (
            programme.nodes.filter(published=True)
            .order_by("path")
            .rewrite(False)  # the exact columns, language and fallback, even when the same
            .values_list(
                "pk",
                "path",
                "depth",
                "slug",
                "kind",
                "audience",
                f"title_{language}",
                f"title_{fallback}",
                f"summary_{language}",
                f"summary_{fallback}",
            )
        )
        return cls.build(programme, list(rows))

    @classmethod
    def build(cls, programme: Programme, rows: list) -> "ProgrammeTree":
        """The tree from the programme's published nodes in path order, each row starting
        with pk, path, depth, slug, kind, audience, title and its fallback, summary and its
        fallback (further columns are left for the caller)."""
        tree = cls(programme)
        base = programme.get_absolute_url()
        # A node under an unpublished one gets no number: it is not shown.
        numbers = numbered([row[1] for row in rows], STEP)
        for pk, path, depth, slug, kind, audience, title, title_fb, summary, summary_fb, *_ in rows:
            if path not in numbers:
                continue
            parent = tree.by_path.get(parent_path(path, STEP)) if depth > 1 else None
            siblings = parent.children if parent else tree.roots
            slugs = [*parent.slugs, slug] if parent else [slug]
            node = TreeNode(
                pk=pk,
                path=path,
                slug=slug,
                kind=kind,
                audience=audience,
                title=title or title_fb,
                summary=summary or summary_fb,
                number=numbers[path],
                url=node_url_under(base, slugs),
                slugs=slugs,
                parent=parent,
            )
            siblings.append(node)
            tree.by_path[path] = node
        return tree

    def __iter__(self):
        """Every visible node, depth first, in reading order."""
        return iter(self.by_path.values())

    def find(self, slugs: list[str]) -> TreeNode | None:
        level, node = self.roots, None
        for slug in slugs:
            node = next((child for child in level if child.slug == slug), None)
            if node is None:
                return None
            level = node.children
        return node

    def ancestors(self, node: TreeNode) -> list[TreeNode]:
        chain = []
        while node.parent is not None:
            node = node.parent
            chain.append(node)
        return chain[::-1]

    def get(self, node) -> TreeNode | None:
        return self.by_path.get(node.path)


def attach_locations(nodes: list[ContentNode]) -> list[ContentNode]:
    """Give nodes from any programmes their `url`; drop those under an unpublished node.

    The ancestors' slugs are read in one query from the paths' prefixes. The nodes must
    have their programme selected.
    """
    prefixes = {path for node in nodes for path in ancestor_paths(node.path, STEP)}
    above = {
        path: (slug, published)
        for path, slug, published in ContentNode.objects.filter(path__in=prefixes).values_list(
            "path", "slug", "published"
        )
    }
    bases = {}
    located = []
    for node in nodes:
        chain = [above.get(path) for path in ancestor_paths(node.path, STEP)]
        if not node.published or any(link is None or not link[1] for link in chain):
            continue
        node.slugs = [slug for slug, _published in chain] + [node.slug]
        if node.programme_id not in bases:
            bases[node.programme_id] = node.programme.get_absolute_url()
        node.url = node_url_under(bases[node.programme_id], node.slugs)
        located.append(node)
    return located


def level_scope(level: CareLevel) -> Q:
    """The levels whose content concerns `level`: itself, the levels above and below it."""
    return Q(path__startswith=level.path) | Q(path__in=level.related_paths())


def levels_in_scope(level: CareLevel) -> list[int]:
    """The ids of the levels in `level_scope`: read once, then joined on as plain ids."""
    return list(CareLevel.objects.filter(level_scope(level)).values_list("pk", flat=True))


@dataclass(frozen=True)
class LevelScope:
    """A level's scope read once: `ids` as `levels_in_scope`, `slugs` the same levels'
    slugs, `below` the level itself and the levels below it (whose local text it shows)."""

    ids: list[int]
    slugs: frozenset[str]
    below: list[int]


def scope_of(level: CareLevel) -> LevelScope:
    rows = list(
        CareLevel.objects.filter(level_scope(level))
        .order_by("path")
        .values_list("pk", "slug", "path")
    )
    return LevelScope(
        ids=[pk for pk, _slug, _path in rows],
        slugs=frozenset(slug for _pk, slug, _path in rows),
        below=[pk for pk, _slug, path in rows if path.startswith(level.path)],
    )


def interventions() -> QuerySet[ContentNode]:
    """Published interventions, light fields only, with their guideline (for the
    recommendation every list shows); `attach_tags` adds their tags."""
    return (
        ContentNode.objects.filter(kind=ContentNode.Kind.INTERVENTION, published=True)
        .select_related("guideline")
        .defer(*HEAVY_NODE_FIELDS)
        .order_by("path")
    )


@dataclass(frozen=True)
class Tag:
    """What a page shows of a related row: its slug and its name in the page's language."""

    slug: str
    name: str

    def __str__(self):
        return self.name


NODE_TAGS = ("care_levels", "professions", "age_groups", "phases")


def attach_tags(objects: list, fields=NODE_TAGS) -> list:
    """Give each object `tags[<field>]`: the `Tag`s of its many-to-many `field`, in order.

    One `values_list` query per field through the join table, with no model objects
    built: several times faster than `prefetch_related` for these short lists.
    """
    if not objects:
        return objects
    model = type(objects[0])
    ids = [obj.pk for obj in objects]
    by_id = {obj.pk: obj for obj in objects}
    language, fallback = get_language(), settings.LANGUAGE_CODE
    for obj in objects:
        obj.tags = getattr(obj, "tags", {}) | {name: [] for name in fields}
    for name in fields:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        order = "path" if hasattr(field.related_model, "path") else "position"
        rows = through.objects.filter(**{f"{source}_id__in": ids}).values_list(
            f"{source}_id",
            f"{target}__slug",
            f"{target}__name_{language}",
            f"{target}__name_{fallback}",
            f"{target}__{order}",
        )
        for owner, slug, label, fallback_label, _order in sorted(rows, key=lambda row: row[4]):
            by_id[owner].tags[name].append(Tag(slug, label or fallback_label))
    return objects


def filter_interventions(
    queryset: QuerySet[ContentNode],
    *,
    levels: list[int] | None = None,
    profession=None,
    age_group=None,
    phase=None,
) -> QuerySet[ContentNode]:
    """Interventions given at any of `levels` (ids, see `levels_in_scope`) and the rest."""
    if levels is not None:
        queryset = queryset.filter(care_levels__in=levels)
    if profession is not None:
        queryset = queryset.filter(professions=profession)
    if age_group is not None:
        queryset = queryset.filter(age_groups=age_group)
    if phase is not None:
        queryset = queryset.filter(phases=phase)
    return queryset.distinct()


def in_tree(tree: ProgrammeTree, nodes) -> list[ContentNode]:
    """Keep the nodes the tree shows, carrying over their place in it."""
    located = []
    for node in nodes:
        shown = tree.get(node)
        if shown is None:
            continue
        node.number, node.url, node.slugs = shown.number, shown.url, shown.slugs
        located.append(node)
    return located


def vignettes() -> QuerySet[CaseVignette]:
    return CaseVignette.objects.filter(published=True, programme__published=True).select_related(
        "programme"
    )


def indicators_for(programme: Programme) -> QuerySet[Indicator]:
    return programme.indicators.filter(published=True)


def public_pages(programme: Programme, tree: ProgrammeTree) -> list[ContentNode]:
    """The programme's pages written for patients and relatives, in tree order."""
    nodes = programme.nodes.filter(
        published=True, audience__in=[Audience.PUBLIC, Audience.BOTH]
    ).order_by("path")
    return in_tree(tree, nodes)
