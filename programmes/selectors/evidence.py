"""Reads for the page about the recommendation scale: the national guidelines the
published interventions take their recommendations from."""

from dataclasses import dataclass, field

from ..models import ContentNode, Guideline


@dataclass
class GuidelineInUse:
    """A guideline as the scale page lists it, with the programmes that cite it."""

    guideline: Guideline
    programmes: list = field(default_factory=list)


def guidelines_in_use() -> list[GuidelineInUse]:
    """Every guideline a published intervention of a published programme cites, by name
    and year, with those programmes by name. Two queries, however many there are."""
    cited = ContentNode.objects.filter(
        kind=ContentNode.Kind.INTERVENTION,
        published=True,
        programme__published=True,
        guideline__isnull=False,
    )
    rows = cited.select_related("programme").order_by("programme__position", "programme__slug")
    programmes: dict[int, list] = {}
    for node in rows:
        names = programmes.setdefault(node.guideline_id, [])
        if node.programme not in names:
            names.append(node.programme)
    guidelines = Guideline.objects.filter(pk__in=list(programmes))
    found = [GuidelineInUse(guideline, programmes[guideline.pk]) for guideline in guidelines]
    return sorted(found, key=lambda item: (item.guideline.name, item.guideline.year))
