"""The public pages of the portal, by name, with a URL into the demo content for each."""

import re
from urllib.parse import quote

from django.urls import reverse
from django.utils import translation

from programmes.models import ContentNode, Material
from programmes.selectors import (
    ProgrammeTree,
    get_public_pathway,
    get_public_programme,
    regional_pages,
)

#: Values an attacker puts in a query string or a form, to see them reflected unescaped.
PAYLOADS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
]

PROGRAMME = "adhd"
LEVEL = "elevhalsa"
#: The demo care pathway, its version for primary care, and the level the pages are seen from.
PATHWAY_PROGRAMME = "schizofreni"
PATHWAY = "schizofreni"
PATHWAY_VERSION = "schizofreni-primarvard"
PATHWAY_LEVEL = "vardcentral"
#: The demo programme under review, whose first consultation round's compilation is public.
CONSULTED_PROGRAMME = "sjalvskadebeteende"

PAGE_NAMES = [
    "home",
    "programme_list",
    "programme",
    "section",
    "page",
    "intervention",
    "interventions",
    "interventions_filtered",
    "programme_level",
    "meeting_summary",
    "indicators",
    "vignettes",
    "vignette",
    "materials",
    "for_you",
    "for_you_programme",
    "accessibility",
    "levels",
    "level",
    "level_parent",
    "search",
    "pathway",
    "pathway_version",
    "pathway_step",
    "pathway_level",
    "regional_page",
    "places",
    "open_data",
    "changes",
    "recommendation_scale",
    "public_compilations",
    "public_compilation",
    "flyer",
    "offline",
    "offline_unavailable",
]


def first_node(tree: ProgrammeTree, kind: str) -> ContentNode:
    return next(node for node in tree if node.kind == kind)


def page_urls(language: str = "sv") -> dict[str, str]:
    with translation.override(language):
        programme = get_public_programme(PROGRAMME)
        tree = ProgrammeTree.load(programme)
        vignette = programme.vignettes.filter(published=True).first()
        with_pathways = get_public_programme(PATHWAY_PROGRAMME)
        pathway = get_public_pathway(with_pathways, PATHWAY)
        step = pathway.steps.filter(published=True).order_by("position", "id").first()
        regional = regional_pages(with_pathways)[0]
        flyer = Material.objects.filter(programme=programme, rendered=True).order_by("pk").first()
        return {
            "home": reverse("programmes:home"),
            "programme_list": reverse("programmes:list"),
            "programme": programme.get_absolute_url(),
            "section": first_node(tree, ContentNode.Kind.SECTION).url,
            "page": first_node(tree, ContentNode.Kind.PAGE).url,
            "intervention": first_node(tree, ContentNode.Kind.INTERVENTION).url,
            "interventions": reverse("programmes:interventions", args=[PROGRAMME]),
            "interventions_filtered": reverse("programmes:interventions", args=[PROGRAMME])
            + f"?niva={LEVEL}&befattning=kurator&alder=ungdomar&fas=akut",
            "programme_level": reverse("programmes:programme_level", args=[PROGRAMME, LEVEL]),
            "meeting_summary": reverse("programmes:meeting_summary", args=[PROGRAMME, LEVEL]),
            "indicators": reverse("programmes:indicators", args=[PROGRAMME]),
            "vignettes": reverse("programmes:vignettes"),
            "vignette": vignette.get_absolute_url(),
            "materials": reverse("programmes:materials") + "?malgrupp=staff",
            "for_you": reverse("programmes:for_you"),
            "for_you_programme": reverse("programmes:for_you_programme", args=[PROGRAMME]),
            "accessibility": reverse("programmes:accessibility"),
            "levels": reverse("programmes:levels"),
            "level": reverse("programmes:level", args=[LEVEL]),
            "level_parent": reverse("programmes:level", args=["socialtjanst"]),
            "search": reverse("search:search") + "?q=adhd&typ=intervention",
            "pathway": pathway.get_absolute_url(),
            "pathway_version": get_public_pathway(
                with_pathways, PATHWAY_VERSION
            ).get_absolute_url(),
            "pathway_step": reverse(
                "programmes:pathway_step", args=[PATHWAY_PROGRAMME, PATHWAY, step.slug]
            ),
            "pathway_level": reverse(
                "programmes:pathway_level", args=[PATHWAY_PROGRAMME, PATHWAY, PATHWAY_LEVEL]
            ),
            "regional_page": reverse(
                "programmes:regional_page",
                args=[PATHWAY_PROGRAMME, regional.organisation_slug],
            ),
            "places": reverse("programmes:places")
            + "?next="
            + quote(with_pathways.get_absolute_url(), safe=""),
            "open_data": reverse("openknowledge:open_data"),
            "changes": reverse("programmes:changes", args=[PROGRAMME]),
            "recommendation_scale": reverse("programmes:recommendation_scale"),
            "public_compilations": reverse("consultation:public_compilations"),
            "public_compilation": reverse(
                "consultation:public_compilation", args=[CONSULTED_PROGRAMME, 1]
            ),
            "flyer": reverse("programmes:flyer", args=[flyer.slug]),
            "offline": reverse("programmes:offline"),
            "offline_unavailable": reverse("programmes:offline_unavailable"),
        }


def search_titles(client, language, query, filters=None) -> list[str]:
    """The titles of the hits the search page lists for `query`, in order."""
    url = "/sok/" if language == "sv" else "/en/search/"
    response = client.get(url, {"q": query, **(filters or {})})
    assert response.status_code == 200
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'<h3 class="card__title"><a href="[^"]+">(.*?)</a></h3>', html)
    ]
