"""The public pages of the portal, by name, with a URL into the demo content for each."""

from django.urls import reverse
from django.utils import translation

from programmes.models import ContentNode
from programmes.selectors import ProgrammeTree, get_public_programme

PROGRAMME = "adhd"
LEVEL = "elevhalsa"

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
]


def first_node(tree: ProgrammeTree, kind: str) -> ContentNode:
    return next(node for node in tree if node.kind == kind)


def page_urls(language: str = "sv") -> dict[str, str]:
    with translation.override(language):
        programme = get_public_programme(PROGRAMME)
        tree = ProgrammeTree.load(programme)
        vignette = programme.vignettes.filter(published=True).first()
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
            "levels": reverse("care_levels:list"),
            "level": reverse("care_levels:detail", args=[LEVEL]),
            "level_parent": reverse("care_levels:detail", args=["socialtjanst"]),
            "search": reverse("programmes:search") + "?q=adhd&typ=intervention",
        }
