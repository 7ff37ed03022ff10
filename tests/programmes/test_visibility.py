"""Unpublished content never reaches an anonymous visitor: it answers 404, not 403."""

import pytest
from django.urls import reverse

from programmes.models import CaseVignette, Indicator, Material
from tests.factories import level, make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme(slug="testprogram")


def node_url(programme, *slugs):
    return reverse("programmes:node", args=[programme.slug, "/".join(slugs)])


def test_unpublished_programme_is_404_on_all_its_pages(client, programme):
    section = make_node(programme, slug="avsnitt")
    programme.published = False
    programme.save()

    urls = [
        programme.get_absolute_url(),
        node_url(programme, section.slug),
        reverse("programmes:interventions", args=[programme.slug]),
        reverse("programmes:indicators", args=[programme.slug]),
        reverse("programmes:programme_level", args=[programme.slug, "elevhalsa"]),
        reverse("programmes:meeting_summary", args=[programme.slug, "elevhalsa"]),
        reverse("programmes:for_you_programme", args=[programme.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert programme.name not in client.get(reverse("programmes:list")).content.decode()
    assert programme.name not in client.get(reverse("programmes:home")).content.decode()


def test_unpublished_node_and_everything_below_it_are_hidden(client, programme):
    visible = make_node(programme, slug="synligt", title_sv="Synligt avsnitt")
    hidden = make_node(programme, slug="dolt", title_sv="Dolt avsnitt", published=False)
    below = make_intervention(
        programme,
        hidden,
        slug="under-dolt",
        title_sv="Insats under dolt",
        care_levels=[level("elevhalsa")],
    )

    assert client.get(node_url(programme, "synligt")).status_code == 200
    assert client.get(node_url(programme, "dolt")).status_code == 404
    assert client.get(node_url(programme, "dolt", below.slug)).status_code == 404

    overview = client.get(programme.get_absolute_url()).content.decode()
    assert visible.title in overview
    assert "Dolt avsnitt" not in overview and "Insats under dolt" not in overview

    for url in [
        reverse("programmes:interventions", args=[programme.slug]),
        reverse("programmes:programme_level", args=[programme.slug, "elevhalsa"]),
        reverse("programmes:level", args=["elevhalsa"]),
    ]:
        assert "Insats under dolt" not in client.get(url).content.decode(), url


def test_unpublished_intervention_is_missing_from_every_listing(client, programme):
    section = make_node(programme, slug="behandling")
    make_intervention(
        programme,
        section,
        slug="utkast-insats",
        title_sv="Insats i utkast",
        published=False,
        care_levels=[level("elevhalsa")],
    )
    shown = make_intervention(
        programme,
        section,
        slug="publicerad-insats",
        title_sv="Publicerad insats",
        care_levels=[level("elevhalsa")],
    )

    for url in [
        reverse("programmes:interventions", args=[programme.slug]),
        reverse("programmes:programme_level", args=[programme.slug, "elevhalsa"]),
        reverse("programmes:meeting_summary", args=[programme.slug, "elevhalsa"]),
        reverse("programmes:level", args=["elevhalsa"]),
    ]:
        html = client.get(url).content.decode()
        assert shown.title in html, url
        assert "Insats i utkast" not in html, url


def test_unpublished_vignettes_indicators_and_materials_stay_hidden(client, programme):
    CaseVignette.objects.create(
        programme=programme, slug="dolt-typfall", title_sv="Dolt typfall", story_sv="<p>x</p>"
    )
    Indicator.objects.create(
        programme=programme,
        slug="dold-indikator",
        kind="outcome",
        direction="increase",
        name_sv="Dold indikator",
    )
    Material.objects.create(
        programme=programme,
        slug="dolt-material",
        kind="film",
        audience="staff",
        title_sv="Dolt material",
        url="https://example.org/dolt",
    )

    assert client.get(reverse("programmes:vignette", args=["dolt-typfall"])).status_code == 404
    assert "Dolt typfall" not in client.get(reverse("programmes:vignettes")).content.decode()
    assert "Dolt typfall" not in client.get(programme.get_absolute_url()).content.decode()
    indicators = client.get(reverse("programmes:indicators", args=[programme.slug]))
    assert "Dold indikator" not in indicators.content.decode()
    assert "Dolt material" not in client.get(reverse("programmes:materials")).content.decode()


def test_published_vignette_of_unpublished_programme_is_hidden(client, programme):
    CaseVignette.objects.create(
        programme=programme,
        slug="typfall-x",
        title_sv="Typfall X",
        story_sv="<p>x</p>",
        published=True,
    )
    assert client.get(reverse("programmes:vignette", args=["typfall-x"])).status_code == 200

    programme.published = False
    programme.save()

    assert client.get(reverse("programmes:vignette", args=["typfall-x"])).status_code == 404
    assert "Typfall X" not in client.get(reverse("programmes:vignettes")).content.decode()
