"""Content filters on a programme's interventions, as plain GET parameters."""

import pytest
from django.urls import reverse

from care_levels.models import Phase, Profession
from tests.factories import level, make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = make_programme(slug="filterprogram")
    section = make_node(programme, slug="behandling", kind="section")
    make_intervention(
        programme,
        section,
        slug="samtal-i-skolan",
        title_sv="Samtal i skolan",
        care_levels=[level("elevhalsa")],
        professions=[Profession.objects.get(slug="kurator")],
        phases=[Phase.objects.get(slug="akut")],
    )
    make_intervention(
        programme,
        section,
        slug="lakemedel",
        title_sv="Läkemedelsbehandling",
        care_levels=[level("bup")],
        professions=[Profession.objects.get(slug="lakare")],
        phases=[Phase.objects.get(slug="kronisk")],
    )
    make_intervention(
        programme,
        section,
        slug="stod-i-primarvarden",
        title_sv="Stöd i primärvården",
        care_levels=[level("primarvard")],
        professions=[Profession.objects.get(slug="psykolog")],
        phases=[Phase.objects.get(slug="akut")],
    )
    return programme


def listing(client, programme, query=""):
    """The results part of the page (the sidebar lists every section and intervention)."""
    response = client.get(reverse("programmes:interventions", args=[programme.slug]) + query)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="filter-heading"') : html.index('<aside class="sidebar">')]


def test_without_filters_every_intervention_is_listed(client, programme):
    html = listing(client, programme)

    assert "3 insatser" in html
    for title in ("Samtal i skolan", "Läkemedelsbehandling", "Stöd i primärvården"):
        assert title in html


def test_level_filter_keeps_the_interventions_that_level_gives(client, programme):
    html = listing(client, programme, "?niva=elevhalsa")

    assert "Samtal i skolan" in html
    assert "Läkemedelsbehandling" not in html and "Stöd i primärvården" not in html


def test_level_filter_includes_what_the_level_above_gives(client, programme):
    """A health centre is primary care: what primary care gives, it gives."""
    html = listing(client, programme, "?niva=vardcentral")

    assert "Stöd i primärvården" in html
    assert "Samtal i skolan" not in html


def test_a_parent_level_includes_the_levels_below_it(client, programme):
    html = listing(client, programme, "?niva=halso-och-sjukvard")

    assert "Läkemedelsbehandling" in html and "Stöd i primärvården" in html
    assert "Samtal i skolan" not in html


def test_filters_combine(client, programme):
    html = listing(client, programme, "?befattning=psykolog&fas=akut")

    assert "Stöd i primärvården" in html
    assert "Samtal i skolan" not in html and "Läkemedelsbehandling" not in html
    assert "1 insats" in html


def test_no_match_says_so(client, programme):
    html = listing(client, programme, "?niva=aldreomsorg")

    assert "Inga insatser matchar" in html


def test_filter_form_keeps_the_chosen_values(client, programme):
    html = listing(client, programme, "?befattning=lakare")

    assert '<option value="lakare" selected>' in html


def test_filters_work_in_english(client, programme):
    url = "/en/programmes/filterprogram/interventions/?niva=bup"

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 intervention<" in html and "Care level" in html
