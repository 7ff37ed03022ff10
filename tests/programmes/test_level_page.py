"""A programme seen from one care level (`programmes:programme_level`) on a miss of the page
cache: a fixed number of queries whatever the amount of content (issue 17)."""

import pytest
from django.urls import reverse

from care_levels.models import AgeGroup, Phase, Profession
from programmes.models import CaseVignette, ProgrammeLevel
from tests.factories import (
    level,
    make_intervention,
    make_node,
    make_pathway,
    make_programme,
    make_step,
)

pytestmark = pytest.mark.django_db

#: The programme and level with its scope and responsibility; the tree with what
#: concerns the level; the tags; the case vignettes; the pathway steps.
QUERIES = 5


def add_content(programme, section, pathway, numbers: range) -> None:
    """One of everything the page lists per number, each tagged with the level and the
    one above it."""
    levels = [level("vardcentral"), level("primarvard")]
    for i in numbers:
        intervention = make_intervention(
            programme,
            section,
            slug=f"insats-{i}-{programme.pk}",
            title_sv=f"Insats {i}",
            care_levels=levels,
            professions=list(Profession.objects.all()[:2]),
            phases=list(Phase.objects.all()[:2]),
        )
        intervention.age_groups.set(AgeGroup.objects.all()[:2])
        make_node(programme, section, slug=f"sida-{i}-{programme.pk}", care_levels=levels)
        vignette = CaseVignette.objects.create(
            programme=programme,
            slug=f"typfall-{i}-{programme.pk}",
            title_sv=f"Typfall {i}",
            story_sv="Berättelse.",
            published=True,
        )
        vignette.care_levels.set(levels)
        make_step(pathway, slug=f"steg-{i}", care_levels=levels, interventions=[intervention])


@pytest.fixture
def programme():
    programme = make_programme(slug="nivasida")
    responsibility = ProgrammeLevel.objects.create(
        programme=programme,
        care_level=level("vardcentral"),
        assessment=True,
        responsibility_sv="Vårdcentralen bedömer.",
    )
    responsibility.refer_to.set([level("bup"), level("socialtjanst")])
    return programme


def test_the_page_reads_the_same_few_queries_however_much_it_shows(
    client, settings, programme, django_assert_num_queries
):
    settings.VIP_PAGE_CACHE = False
    section = make_node(programme, slug="behandling", kind="section", title_sv="Behandling")
    pathway = make_pathway(programme, slug="forlopp")
    address = reverse("programmes:programme_level", args=[programme.slug, "vardcentral"])
    add_content(programme, section, pathway, range(2))

    with django_assert_num_queries(QUERIES):
        small = client.get(address).content.decode()
    add_content(programme, section, pathway, range(2, 12))
    add_content(programme, make_node(programme, kind="section"), make_pathway(programme), [12])
    add_content(make_programme(), None, make_pathway(make_programme()), range(3))
    with django_assert_num_queries(QUERIES):
        large = client.get(address).content.decode()

    assert small.count('class="card card--intervention"') == 2
    assert large.count('class="card card--intervention"') == 13
    assert large.count("/program/nivasida/vardforlopp/forlopp/steg-") == 12
    assert large.count('href="/typfall/typfall-') == 13
    assert "kartläggning och utredning" in large and "Vårdcentralen bedömer." in large


def test_each_card_shows_its_tags_and_the_responsibility_its_referrals(client, programme):
    section = make_node(programme, slug="behandling", kind="section", title_sv="Behandling")
    add_content(programme, section, make_pathway(programme, slug="forlopp"), range(1))

    html = client.get(
        reverse("programmes:programme_level", args=[programme.slug, "vardcentral"])
    ).content.decode()

    professions = ", ".join(str(p) for p in Profession.objects.all()[:2])
    assert f"<dd>{professions}</dd>" in html
    assert "<dt>Ges inom</dt><dd>Primärvård, Vårdcentral</dd>" in html
    assert "/program/nivasida/niva/bup/" in html and "/program/nivasida/niva/socialtjanst/" in html
    assert "Typfall 0" in html and "/program/nivasida/vardforlopp/forlopp/steg-0/" in html


def test_an_unknown_level_or_unpublished_programme_answers_404(client, programme):
    assert client.get("/program/nivasida/niva/finns-inte/").status_code == 404
    programme.published = False
    programme.save()
    assert client.get("/program/nivasida/niva/vardcentral/").status_code == 404
