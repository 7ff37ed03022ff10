"""Nothing unpublished leaks through the API: not a programme, a node (or anything under
an unpublished node), an intervention, a pathway or step, a case vignette, indicator or
material, nor local text; and a change to unpublished content is no change to report."""

import datetime

import pytest
from django.utils import timezone

from implementation.models import Organisation
from programmes.models import CaseVignette, ContentNode, Indicator, Material, ProgrammeLevel
from tests.factories import (
    level,
    make_intervention,
    make_local_addition,
    make_node,
    make_pathway,
    make_programme,
    make_published_addition,
    make_step,
)

pytestmark = pytest.mark.django_db

SINCE = "2000-01-01T00:00:00Z"


def ids(client, path: str) -> set[str]:
    body = client.get(path).json()
    return {item["id"] for item in body["data"]}


def changed_ids(client) -> set[str]:
    return ids(client, f"/api/v1/changes?since={SINCE}&limit=100&page=1") | {
        item["id"]
        for page in range(2, 20)
        for item in client.get(f"/api/v1/changes?since={SINCE}&limit=100&page={page}").json()[
            "data"
        ]
    }


def test_an_unpublished_programme_is_nowhere(client):
    hidden = make_programme(published=False, icd10_codes="F20")
    make_intervention(hidden, make_node(hidden))

    assert hidden.slug not in ids(client, "/api/v1/programmes?limit=100")
    assert hidden.slug not in ids(client, "/api/v1/programmes?code=F20")
    assert client.get(f"/api/v1/programmes/{hidden.slug}").status_code == 404
    assert client.get(f"/api/v1/programmes/{hidden.slug}/tree").status_code == 404
    assert client.get(f"/api/v1/programmes/{hidden.slug}/pathways").status_code == 404
    assert client.get(f"/api/v1/interventions?programme={hidden.slug}").status_code == 400
    assert not any(i.startswith(f"{hidden.slug}") for i in changed_ids(client))


def test_a_node_under_an_unpublished_section_is_hidden_everywhere(client):
    programme = make_programme()
    shown_section = make_node(programme, kind="section")
    hidden_section = make_node(programme, kind="section", published=False)
    below = make_intervention(programme, hidden_section)
    unpublished = make_intervention(programme, shown_section, published=False)
    visible = make_intervention(programme, shown_section)

    tree = ids(client, f"/api/v1/programmes/{programme.slug}/tree")
    listed = ids(client, f"/api/v1/interventions?programme={programme.slug}")

    assert tree == {f"{programme.slug}/{shown_section.slug}", f"{programme.slug}/{visible.slug}"}
    assert listed == {f"{programme.slug}/{visible.slug}"}
    for node in (hidden_section, below, unpublished):
        path = f"/api/v1/programmes/{programme.slug}/nodes/{node.slug}"
        assert client.get(path).status_code == 404
    section = client.get(f"/api/v1/programmes/{programme.slug}/nodes/{shown_section.slug}")
    assert [child["id"] for child in section.json()["data"]["children"]] == [
        f"{programme.slug}/{visible.slug}"
    ]
    changed = changed_ids(client)
    assert f"{programme.slug}/{visible.slug}" in changed
    assert not {f"{programme.slug}/{n.slug}" for n in (hidden_section, below, unpublished)} & (
        changed
    )


def test_what_a_level_does_shows_for_published_programmes_only(client):
    shown = make_programme()
    hidden = make_programme(published=False)
    for programme in (shown, hidden):
        ProgrammeLevel.objects.create(
            programme=programme, care_level=level("vardcentral"), responsibility="Ansvar."
        )

    data = client.get("/api/v1/levels/vardcentral").json()["data"]
    listed = client.get("/api/v1/levels?limit=100").json()["data"]

    found = {item["programme"]["id"] for item in data["responsibilities"]}
    assert shown.slug in found and hidden.slug not in found
    assert all(
        item["programme"]["id"] != hidden.slug for one in listed for item in one["responsibilities"]
    )


def test_unpublished_pathways_and_steps_are_hidden(client):
    programme = make_programme()
    pathway = make_pathway(programme)
    shown_step = make_step(pathway)
    hidden_step = make_step(pathway, published=False)
    hidden_pathway = make_pathway(programme, published=False)
    make_step(hidden_pathway)
    base = f"/api/v1/programmes/{programme.slug}/pathways"

    assert ids(client, base) == {f"{programme.slug}/{pathway.slug}"}
    detail = client.get(f"{base}/{pathway.slug}").json()["data"]
    assert [step["id"] for step in detail["steps"]] == [
        f"{programme.slug}/{pathway.slug}/{shown_step.slug}"
    ]
    assert client.get(f"{base}/{pathway.slug}/steps/{hidden_step.slug}").status_code == 404
    assert client.get(f"{base}/{hidden_pathway.slug}").status_code == 404
    assert client.get(f"{base}/{pathway.slug}/steps/{shown_step.slug}").status_code == 200


def test_a_step_lists_only_interventions_the_public_sees(client):
    programme = make_programme()
    section = make_node(programme, kind="section")
    shown = make_intervention(programme, section)
    hidden = make_intervention(programme, section, published=False)
    step = make_step(make_pathway(programme), interventions=[shown, hidden])

    path = f"/api/v1/programmes/{programme.slug}/pathways/{step.pathway.slug}/steps/{step.slug}"
    data = client.get(path).json()["data"]

    assert [ref["id"] for ref in data["interventions"]] == [f"{programme.slug}/{shown.slug}"]


def test_unpublished_vignettes_indicators_and_materials_are_hidden(client):
    programme = make_programme()
    for published in (True, False):
        suffix = "synlig" if published else "dold"
        CaseVignette.objects.create(
            programme=programme,
            slug=f"{programme.slug}-typfall-{suffix}",
            title="Typfall",
            story="<p>Berättelse.</p>",
            published=published,
        )
        Indicator.objects.create(
            programme=programme,
            slug=f"{programme.slug}-indikator-{suffix}",
            kind=Indicator.Kind.PROCESS,
            name="Indikator",
            direction=Indicator.Direction.INCREASE,
            published=published,
        )
        Material.objects.create(
            programme=programme,
            slug=f"{programme.slug}-material-{suffix}",
            kind=Material.Kind.FLYER,
            audience=Material.Audience.STAFF,
            title="Material",
            url="https://example.org/material.pdf",
            published=published,
        )
    for kind in ("vignettes", "indicators", "materials"):
        listed = ids(client, f"/api/v1/{kind}?programme={programme.slug}")
        singular = {"vignettes": "typfall", "indicators": "indikator", "materials": "material"}
        shown, hidden = (f"{programme.slug}-{singular[kind]}-{s}" for s in ("synlig", "dold"))
        assert listed == {shown}
        assert client.get(f"/api/v1/{kind}/{shown}").status_code == 200
        assert client.get(f"/api/v1/{kind}/{hidden}").status_code == 404
        assert hidden not in changed_ids(client)


def test_vignettes_of_an_unpublished_programme_are_hidden(client):
    programme = make_programme(published=False)
    vignette = CaseVignette.objects.create(
        programme=programme, slug=f"{programme.slug}-typfall", title="T", story="S", published=True
    )

    assert client.get(f"/api/v1/vignettes/{vignette.slug}").status_code == 404
    assert vignette.slug not in ids(client, "/api/v1/vignettes?limit=100")


def test_only_published_local_text_beside_published_content(client):
    municipality = Organisation.objects.get(slug="jonkopings-kommun")
    programme = make_programme()
    section = make_node(programme, kind="section")
    hidden_node = make_intervention(programme, section, published=False)
    shown = make_published_addition(municipality, programme, care_level=level("elevhalsa"))
    on_hidden = make_published_addition(municipality, programme, intervention=hidden_node)
    draft = make_local_addition(municipality, programme, care_level=level("vardcentral"))

    listed = ids(client, "/api/v1/local-additions?organisation=jonkopings-kommun&limit=100")

    assert f"jonkopings-kommun/{shown.pk}" in listed
    assert f"jonkopings-kommun/{on_hidden.pk}" not in listed
    assert f"jonkopings-kommun/{draft.pk}" not in listed


def test_local_additions_are_listed_by_place_with_what_they_hang_on(client):
    municipality = Organisation.objects.get(slug="varnamo-kommun")
    programme = make_programme()
    step = make_step(make_pathway(programme))
    addition = make_published_addition(municipality, programme, step=step)

    data = client.get("/api/v1/local-additions?organisation=varnamo-kommun&limit=100").json()
    found = next(item for item in data["data"] if item["id"] == f"varnamo-kommun/{addition.pk}")
    others = ids(client, "/api/v1/local-additions?organisation=aneby-kommun&limit=100")

    assert found["organisation"]["slug"] == "varnamo-kommun"
    assert found["hangs_on"]["id"] == f"{programme.slug}/{step.pathway.slug}/{step.slug}"
    assert found["html_url"].endswith("?plats=varnamo-kommun")
    assert found["texts"]
    assert f"varnamo-kommun/{addition.pk}" not in others


def test_an_unknown_organisation_is_a_400(client):
    response = client.get("/api/v1/local-additions?organisation=ingen-sadan")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == ["organisation"]


def test_search_finds_published_content_only(client):
    from programmes.search.index import index_rebuild

    programme = make_programme()
    section = make_node(programme, kind="section")
    make_intervention(
        programme, section, title_sv="Zebrametoden synlig", title_en="Zebra method shown"
    )
    make_intervention(
        programme,
        section,
        title_sv="Zebrametoden dold",
        title_en="Zebra method hidden",
        published=False,
    )
    index_rebuild()

    titles = [hit["title"] for hit in client.get("/api/v1/search?q=zebrametoden").json()["data"]]

    assert titles == ["Zebrametoden synlig"]


def test_changes_since_report_both_dates_and_whether_the_change_was_in_substance(client):
    programme = make_programme()
    section = make_node(programme, kind="section")
    edited = make_node(programme, section)
    meant = timezone.now() - datetime.timedelta(days=7)
    ContentNode.objects.filter(pk=edited.pk).update(substance_changed_at=meant)
    edited.refresh_from_db()
    before = timezone.now() - datetime.timedelta(seconds=1)
    edited.title_sv = "Rättad stavning"
    edited.save()
    added = make_node(programme, section)
    ContentNode.objects.filter(pk=section.pk).update(updated_at=meant, substance_changed_at=meant)
    since = before.isoformat()

    response = client.get("/api/v1/changes", {"since": since, "limit": 100})
    changes = {item["id"]: item for item in response.json()["data"]}

    edit = changes[f"{programme.slug}/{edited.slug}"]
    assert edit["in_substance"] is False
    assert datetime.datetime.fromisoformat(edit["updated"]) > before
    assert datetime.datetime.fromisoformat(edit["changed_in_substance"]) < before
    assert edit["html_url"].endswith(f"/{section.slug}/{edited.slug}/")
    assert changes[f"{programme.slug}/{added.slug}"]["in_substance"] is True
    assert f"{programme.slug}/{section.slug}" not in changes


def test_changes_need_a_valid_moment(client):
    assert client.get("/api/v1/changes").status_code == 400
    assert client.get("/api/v1/changes?since=31/12/2025").status_code == 400
    assert client.get("/api/v1/changes?since=0001-01-01T00:00:00%2B05:00").status_code == 400
    assert client.get("/api/v1/changes?since=2025-12-31").status_code == 200
    # Any offset ISO 8601 allows, even one PostgreSQL itself refuses.
    assert client.get("/api/v1/changes?since=2025-12-31T00:00:00-23:05").status_code == 200


def test_changes_include_the_publications_of_published_programmes(client):
    from programmes.models import ProgrammeRelease

    shown, hidden = make_programme(), make_programme(published=False)
    for programme in (shown, hidden):
        ProgrammeRelease.objects.create(
            programme=programme, version="1.1", kind="professional", note="Ny insats."
        )

    changes = client.get(f"/api/v1/changes?since={SINCE}&limit=100").json()["data"]
    releases = {
        item["id"].split("/")[0]: item
        for item in changes
        if item["type"] == "release" and item["id"].startswith("program-")
    }

    assert list(releases) == [shown.slug]
    assert releases[shown.slug]["in_substance"] is True
    assert "Ny insats." in releases[shown.slug]["title"]
