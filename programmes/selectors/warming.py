"""The addresses of a programme's public pages, for warming the page cache after it is
published (`programmes.page_cache.warm_programme`)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ..models import ContentNode, PathwayStep, Programme, ProgrammeLevel
from .content import node_url_under


def programme_paths(slug: str) -> list[str]:
    """Every public page of the published programme `slug`, in every language: the
    programme, its lists, each level, each pathway and step, each page of its tree."""
    programme = Programme.objects.filter(slug=slug, published=True).first()
    if programme is None:
        return []
    levels = list(
        ProgrammeLevel.objects.filter(programme=programme).values_list(
            "care_level__slug", flat=True
        )
    )
    pathways = list(programme.pathways.filter(published=True).values_list("slug", flat=True))
    steps = list(
        PathwayStep.objects.filter(
            pathway__programme=programme, pathway__published=True
        ).values_list("pathway__slug", "slug")
    )
    nodes = list(
        ContentNode.objects.filter(programme=programme)
        .order_by("path")
        .values_list("path", "slug", "published")
    )
    paths = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths += [
                reverse(f"programmes:{name}", args=[slug])
                for name in (
                    "detail",
                    "interventions",
                    "indicators",
                    "changes",
                    "for_you_programme",
                )
            ]
            paths += [reverse("programmes:programme_level", args=[slug, level]) for level in levels]
            paths += [reverse("programmes:pathway", args=[slug, pathway]) for pathway in pathways]
            paths += [
                reverse("programmes:pathway_step", args=[slug, pathway, step])
                for pathway, step in steps
            ]
            paths += _node_paths(reverse("programmes:detail", args=[slug]), nodes)
    return paths


def _node_paths(programme_url: str, nodes: list[tuple[str, str, bool]]) -> list[str]:
    """The addresses of the nodes that are public with every node above them."""
    step = ContentNode.steplen
    public: dict[str, list[str]] = {}
    for path, slug, published in nodes:
        above = path[:-step]
        if not published or (above and above not in public):
            continue
        public[path] = [*public.get(above, []), slug]
    return [node_url_under(programme_url, slugs) for slugs in public.values()]
