"""Search finds care pathways and their steps, and local text only in the local view of a
place that shows it (`programmes/search/index.py`, `query.in_view`)."""

import pytest

from implementation.models import LocalAddition
from programmes.models import Pathway, PathwayStep
from programmes.search.models import SearchDocument
from tests.factories import level, make_county, make_municipality, make_programme, make_region
from tests.pages import search_titles as titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        programme = make_programme(slug="forloppsok")
        pathway = Pathway.objects.create(
            programme=programme,
            slug="kvastfening",
            title_sv="Kvastfeningförloppet",
            title_en="The kvastfening pathway",
            summary_sv="Från första kontakt till uppföljning.",
            published=True,
        )
        step = PathwayStep.objects.create(
            pathway=pathway,
            slug="basutredning",
            position=1,
            title_sv="Kvastfeningens basutredning",
            title_en="Basic kvastfening assessment",
            summary_sv="Vårdcentralen gör en basal utredning.",
            summary_en="The health centre makes a basic assessment.",
            time_goal_sv="Inom 14 dagar från remiss",
            published=True,
        )
        step.care_levels.set([level("vardcentral")])
        PathwayStep.objects.create(
            pathway=pathway,
            slug="dold",
            position=2,
            title_sv="Kvastfeningens dolda steg",
            summary_sv="Inte publicerat.",
            published=False,
        )
    return programme


def test_pathways_and_their_published_steps_are_found_in_both_languages(client, programme):
    assert titles(client, "sv", "kvastfeningens basutredning")[0] == "Kvastfeningens basutredning"
    assert "Kvastfeningförloppet" in titles(client, "sv", "kvastfeningförloppet")
    assert titles(client, "en", "basic kvastfening")[0] == "Basic kvastfening assessment"
    # The unpublished step is not in the index at all.
    assert "Kvastfeningens dolda steg" not in titles(client, "sv", "kvastfeningens")


def test_a_step_links_to_its_page_and_says_where_it_sits(client, programme):
    doc = SearchDocument.objects.get(language="sv", kind="step", title__startswith="Kvastfening")

    assert doc.url == "/program/forloppsok/vardforlopp/kvastfening/basutredning/"
    assert doc.place.endswith("Kvastfeningförloppet")
    assert client.get("/sok/", {"q": "basutredning", "typ": "step"}).status_code == 200


def test_the_level_filter_finds_a_step_by_its_responsible_level(client, programme):
    found = titles(client, "sv", "kvastfeningens", {"niva": "vardcentral"})
    elsewhere = titles(client, "sv", "kvastfeningens", {"niva": "bup"})

    assert "Kvastfeningens basutredning" in found
    assert "Kvastfeningens basutredning" not in elsewhere


@pytest.fixture
def places(programme, django_capture_on_commit_callbacks):
    """A county with a region and two municipalities; the region publishes local text."""
    county = make_county()
    region = make_region(county)
    here = make_municipality(county)
    other_county = make_county()
    elsewhere = make_municipality(other_county)
    with django_capture_on_commit_callbacks(execute=True):
        addition = LocalAddition.objects.create(
            organisation=region,
            kind=LocalAddition.Kind.STEP,
            programme=programme,
            step=PathwayStep.objects.get(slug="basutredning"),
            title="Remiss till psykosteamet i Zebrastad",
            referral="Skicka remissen till psykosteamet, växel 010-000 00 00.",
            published=True,
        )
        # The index follows the local text when the local source says it changed.
        from programmes.local import local_changed

        local_changed.send(sender=LocalAddition, programme_ids=[programme.pk])
    return {"region": region, "here": here, "elsewhere": elsewhere, "addition": addition}


def test_local_text_is_found_only_in_the_local_view_of_a_place_that_shows_it(client, places):
    query = "psykosteamet zebrastad"

    assert titles(client, "sv", query) == []
    in_region = titles(client, "sv", query, {"plats": places["region"].slug})
    in_municipality = titles(client, "sv", query, {"plats": places["here"].slug})
    other_county = titles(client, "sv", query, {"plats": places["elsewhere"].slug})

    assert in_region == ["Remiss till psykosteamet i Zebrastad"]
    # A municipality's view shows what the region of its county publishes too.
    assert in_municipality == ["Remiss till psykosteamet i Zebrastad"]
    assert other_county == []


def test_a_local_hit_says_whose_text_it_is_and_opens_in_that_place(client, places):
    response = client.get("/sok/", {"q": "zebrastad", "plats": places["region"].slug})
    html = response.content.decode()

    assert f"Lokalt i {places['region'].name}" in html
    assert f"?plats={places['region'].slug}" in html


def test_withdrawn_local_text_leaves_the_index(client, places, django_capture_on_commit_callbacks):
    from programmes.local import local_changed

    addition = places["addition"]
    with django_capture_on_commit_callbacks(execute=True):
        addition.published = False
        addition.save()
        local_changed.send(sender=LocalAddition, programme_ids=[addition.programme_id])

    assert titles(client, "sv", "zebrastad", {"plats": places["region"].slug}) == []


def test_an_unknown_place_in_the_search_address_is_not_found(client, programme):
    response = client.get("/sok/", {"q": "kvastfening", "plats": "ingen-sadan-plats"})

    assert response.status_code == 404


def test_local_text_on_national_content_the_public_cannot_see_is_not_found(
    client, places, django_capture_on_commit_callbacks
):
    """It shows on no page, so a hit would lead nowhere."""
    from programmes.local import local_changed

    step = PathwayStep.objects.get(slug="basutredning")
    with django_capture_on_commit_callbacks(execute=True):
        step.published = False
        step.save()
        local_changed.send(sender=LocalAddition, programme_ids=[step.pathway.programme_id])

    assert titles(client, "sv", "zebrastad", {"plats": places["region"].slug}) == []
