"""Reads for the public pages. Each returns what its page needs in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from care_levels.models import CareLevel

from .models import Audience, CaseVignette, ContentNode, Indicator, Programme

#: Long text fields a listing or a tree never shows.
HEAVY_NODE_FIELDS = (
    "body",
    "target_group",
    "priority_missing",
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


def node_url(programme_slug: str, slugs: list[str]) -> str:
    return reverse("programmes:node", args=[programme_slug, "/".join(slugs)])


@dataclass
class ProgrammeTree:
    """The visible part of one programme's content tree, numbered, with URLs.

    A node is visible when it and every node above it are published. Nodes get
    `number` ("2.1"), `slugs` (root to node), `url`, `children` and `parent`.
    """

    programme: Programme
    roots: list[ContentNode] = field(default_factory=list)
    by_path: dict[str, ContentNode] = field(default_factory=dict)

    @classmethod
    def load(cls, programme: Programme) -> "ProgrammeTree":
        tree = cls(programme)
        nodes = programme.nodes.defer(*HEAVY_NODE_FIELDS).order_by("path")
        for node in nodes:
            if not node.published:
                continue
            parent = tree.by_path.get(node.path[:-STEP]) if node.depth > 1 else None
            if node.depth > 1 and parent is None:
                continue  # something above it is unpublished
            siblings = parent.children if parent else tree.roots
            siblings.append(node)
            node.parent = parent
            node.children = []
            position = str(len(siblings))
            node.number = f"{parent.number}.{position}" if parent else position
            node.slugs = [*parent.slugs, node.slug] if parent else [node.slug]
            node.url = node_url(programme.slug, node.slugs)
            tree.by_path[node.path] = node
        return tree

    def __iter__(self):
        """Every visible node, depth first, in reading order."""
        return iter(self.by_path.values())

    def find(self, slugs: list[str]) -> ContentNode | None:
        level, node = self.roots, None
        for slug in slugs:
            node = next((child for child in level if child.slug == slug), None)
            if node is None:
                return None
            level = node.children
        return node

    def ancestors(self, node: ContentNode) -> list[ContentNode]:
        chain = []
        while node.parent is not None:
            node = node.parent
            chain.append(node)
        return chain[::-1]

    def contains(self, node: ContentNode) -> bool:
        return node.path in self.by_path

    def get(self, node: ContentNode) -> ContentNode | None:
        return self.by_path.get(node.path)


def attach_locations(nodes: list[ContentNode]) -> list[ContentNode]:
    """Give nodes from any programmes their `url`; drop those under an unpublished node.

    The ancestors' slugs are read in one query from the paths' prefixes. The nodes must
    have their programme selected.
    """
    prefixes = {node.path[:end] for node in nodes for end in range(STEP, len(node.path), STEP)}
    above = {
        path: (slug, published)
        for path, slug, published in ContentNode.objects.filter(path__in=prefixes).values_list(
            "path", "slug", "published"
        )
    }
    located = []
    for node in nodes:
        chain = [above.get(node.path[:end]) for end in range(STEP, len(node.path), STEP)]
        if not node.published or any(link is None or not link[1] for link in chain):
            continue
        node.slugs = [slug for slug, _published in chain] + [node.slug]
        node.url = node_url(node.programme.slug, node.slugs)
        located.append(node)
    return located


def level_scope(level: CareLevel) -> Q:
    """The levels whose content concerns `level`: itself, the levels above and below it."""
    return Q(path__startswith=level.path) | Q(path__in=level.related_paths())


def levels_in_scope(level: CareLevel) -> QuerySet[CareLevel]:
    return CareLevel.objects.filter(level_scope(level))


def interventions() -> QuerySet[ContentNode]:
    """Published interventions with the tags a listing shows."""
    return (
        ContentNode.objects.filter(kind=ContentNode.Kind.INTERVENTION, published=True)
        .defer(*HEAVY_NODE_FIELDS)
        .prefetch_related("care_levels", "professions", "phases", "age_groups")
        .order_by("path")
    )


def filter_interventions(
    queryset: QuerySet[ContentNode],
    *,
    level: CareLevel | None = None,
    profession=None,
    age_group=None,
    phase=None,
) -> QuerySet[ContentNode]:
    if level is not None:
        queryset = queryset.filter(care_levels__in=levels_in_scope(level))
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


def responsibilities_prefetch() -> Prefetch:
    return Prefetch("refer_to", queryset=CareLevel.objects.order_by("path"))
