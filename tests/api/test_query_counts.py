"""Every operation of the API reads a fixed number of queries, whatever the amount of
content: pinned here, and the same again after more content is added (one more of each
kind where the operation reads it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from implementation.models import Organisation
from programmes.models import CaseVignette, Indicator, Material, Pathway, Programme
from tests.factories import (
    level,
    make_intervention,
    make_node,
    make_pathway,
    make_programme,
    make_published_addition,
    make_step,
)

pytestmark = pytest.mark.django_db

#: Each address and its queries, counting the one that reads when content last changed.
PINNED = {
    "/api/v1/programmes": 3,
    "/api/v1/programmes?code=F20": 3,
    "/api/v1/programmes/schizofreni": 3,
    "/api/v1/programmes/schizofreni/tree": 4,
    "/api/v1/programmes/schizofreni/nodes/behandling-och-stod": 8,
    "/api/v1/interventions": 11,
    "/api/v1/interventions?code=F20&level=vardcentral&limit=100": 13,
    "/api/v1/levels": 5,
    "/api/v1/levels/vardcentral": 5,
    "/api/v1/programmes/schizofreni/pathways": 4,
    "/api/v1/programmes/schizofreni/pathways/schizofreni": 8,
    "/api/v1/programmes/schizofreni/pathways/schizofreni/steps/forsta-kontakt": 8,
    "/api/v1/vignettes?code=F20": 8,
    "/api/v1/vignettes/fixed": 7,
    "/api/v1/indicators?programme=schizofreni": 5,
    "/api/v1/indicators/fixed": 3,
    "/api/v1/materials": 4,
    "/api/v1/materials/fixed": 3,
    "/api/v1/places": 2,
    "/api/v1/local-additions?organisation=jonkopings-kommun&limit=100": 9,
    # Search ranks, filters and counts in one query on either database.
    "/api/v1/search?q=behandling": 6,
    "/api/v1/changes?since=2000-01-01T00:00:00Z": 12,
}


def more_content():
    """One more of everything the operations above read, in the programmes they read."""
    schizofreni = Programme.objects.get(slug="schizofreni")
    section = schizofreni.nodes.get(slug="behandling-och-stod")
    extra = make_intervention(schizofreni, section, care_levels=[level("vardcentral")])
    make_node(schizofreni, section)
    pathway = Pathway.objects.get(programme=schizofreni, slug="schizofreni")
    make_step(pathway, care_levels=[level("vardcentral")], interventions=[extra])
    vignette = CaseVignette.objects.filter(programme=schizofreni).first()
    vignette.interventions.add(extra)
    vignette.care_levels.add(level("vardcentral"))
    CaseVignette.objects.create(
        programme=schizofreni, slug="ett-typfall-till", title="T", story="S", published=True
    )
    Indicator.objects.create(
        programme=schizofreni,
        slug="en-indikator-till",
        kind=Indicator.Kind.OUTCOME,
        name="I",
        direction=Indicator.Direction.DECREASE,
        published=True,
    )
    Material.objects.create(
        slug="ett-material-till",
        kind=Material.Kind.FILM,
        audience=Material.Audience.CITIZENS,
        title="M",
        url="https://example.org/film",
        published=True,
    )
    other = make_programme(icd10_codes="F20–F29")
    make_intervention(other, make_node(other, kind="section"))
    make_step(make_pathway(other))
    organisation = Organisation.objects.get(slug="jonkopings-kommun")
    make_published_addition(organisation, schizofreni, intervention=extra)
    make_published_addition(organisation, schizofreni, step=pathway.steps.first())


def fixed_ids(path: str) -> str:
    """`…/fixed` names one object of the demo content of that kind."""
    if not path.endswith("/fixed"):
        return path
    model = {"vignettes": CaseVignette, "indicators": Indicator, "materials": Material}
    kind = path.split("/")[3]
    return path.replace("fixed", model[kind].objects.filter(published=True).first().slug)


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return len(captured)


@pytest.mark.parametrize("pinned", list(PINNED))
def test_each_operation_reads_a_fixed_number_of_queries(client, pinned):
    path = fixed_ids(pinned)
    before = queries(client, path)

    more_content()
    after = queries(client, path)

    assert (before, after) == (PINNED[pinned], PINNED[pinned])
