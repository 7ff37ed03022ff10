"""The care pathway pages: the whole pathway, one step, the pathway seen from one level,
and where the programme pages show pathways."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from programmes.models import Pathway, PathwayStep
from tests.factories import (
    level,
    make_intervention,
    make_node,
    make_pathway,
    make_programme,
    make_step,
)

pytestmark = pytest.mark.django_db


def url(name, *args, language="sv"):
    with translation.override(language):
        return reverse(f"programmes:{name}", args=args)


@pytest.fixture
def programme():
    return make_programme(slug="psykos", name_sv="Psykos", name_en="Psychosis")


@pytest.fixture
def pathway(programme):
    treatment = make_node(programme, slug="behandling", kind="section", title_sv="Behandling")
    medicine = make_intervention(
        programme,
        treatment,
        slug="lakemedel",
        title_sv="Läkemedelsbehandling",
        priority=1,
        care_levels=[level("primarvard")],
    )
    hidden_section = make_node(programme, slug="utkast", kind="section", published=False)
    hidden = make_intervention(programme, hidden_section, slug="dold", title_sv="Dold insats")
    draft = make_intervention(
        programme, treatment, slug="ej-publicerad", title_sv="Opublicerad insats", published=False
    )
    pathway = make_pathway(
        programme,
        slug="schizofreni",
        title_sv="Schizofreni – vårdförlopp",
        title_en="Schizophrenia – care pathway",
        summary_sv="Från första kontakt till uppföljning.",
        body_sv="<p>Om förloppet.</p>",
    )
    make_step(
        pathway,
        slug="forsta-kontakt",
        title_sv="Första kontakt",
        title_en="First contact",
        summary_sv="Den som söker får träffa någon snabbt.",
        care_levels=[level("primarvard")],
        principal="region",
        time_goal_sv="Inom 14 dagar från remiss",
        time_goal_en="Within 14 days of the referral",
        time_goal_days=14,
    )
    make_step(
        pathway,
        slug="utredning",
        title_sv="Utredning",
        title_en="Assessment",
        summary_sv="Psykiatrin utreder.",
        body_sv="<p>Strukturerad intervju.</p>",
        care_levels=[level("psykiatri-oppenvard")],
        principal="region",
        time_goal_sv="Inom 30 dagar",
        time_goal_days=30,
        entry_criteria_sv="Misstänkt psykos.",
        exit_criteria_sv="Diagnos satt.",
        interventions=[medicine, hidden, draft],
        patient_contact_sv="En fast vårdkontakt i teamet.",
        patient_plan_sv="Planen görs tillsammans.",
        patient_next_sv="Du får veta när behandlingen börjar.",
    )
    make_step(pathway, slug="ej-klar", title_sv="Hemligt steg", published=False)
    make_step(
        pathway,
        slug="stod",
        title_sv="Stöd i vardagen",
        title_en="",
        summary_sv="Kommunen ger boendestöd.",
        care_levels=[level("socialpsykiatri")],
        principal="municipality",
        time_goal_sv="",
        time_goal_days=None,
    )
    return pathway


@pytest.fixture
def version(pathway):
    version = make_pathway(
        pathway.programme,
        slug="schizofreni-primarvard",
        title_sv="Schizofreni i primärvården",
        national=pathway,
        setting=level("primarvard"),
    )
    make_step(
        version,
        slug="forsta-kontakt",
        title_sv="Första besöket",
        summary_sv="Kort.",
        national_step=pathway.steps.get(slug="forsta-kontakt"),
        care_levels=[level("vardcentral")],
    )
    return version


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# The whole pathway -----------------------------------------------------------------------


def test_the_pathway_lists_its_published_steps_in_order(client, pathway):
    response = client.get("/program/psykos/vardforlopp/schizofreni/")

    assert response.status_code == 200
    html = main(response.content.decode())
    steps = re.findall(r'<li class="step">.*?</li>\s*(?=<li class="step">|</ol>)', html, re.S)
    assert len(steps) == 3
    assert "Steg 1" in steps[0] and "Första kontakt" in steps[0]
    assert 'href="/program/psykos/vardforlopp/schizofreni/forsta-kontakt/"' in steps[0]
    assert "Inom 14 dagar från remiss" in steps[0] and "Primärvård" in steps[0]
    assert "Regionen" in steps[0]
    assert "Steg 2" in steps[1] and "Utredning" in steps[1]
    assert "Steg 3" in steps[2] and "Kommunen" in steps[2] and "Socialpsykiatri" in steps[2]
    assert "Hemligt steg" not in html
    assert "<p>Om förloppet.</p>" in html


def test_the_pathway_draws_its_steps_as_a_labelled_timeline(client, pathway):
    html = client.get(pathway.get_absolute_url()).content.decode()

    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert "<title" in svg and "<desc" in svg
    description = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    assert "1 Första kontakt (Region, Inom 14 dagar från remiss)" in description
    assert "3 Stöd i vardagen (Kommun)" in description
    assert ">Första kontakt</text>" in svg, "labels are text, not colour alone"
    assert "14 dagar" in svg and "30 dagar" in svg
    assert "<rect" in svg, "the municipality's step has a shape of its own"


def test_the_pathway_offers_each_responsible_level_as_your_steps(client, pathway):
    html = client.get(pathway.get_absolute_url()).content.decode()

    for slug in ("primarvard", "psykiatri-oppenvard", "socialpsykiatri"):
        assert f'href="/program/psykos/vardforlopp/schizofreni/niva/{slug}/"' in html


def test_the_pathway_in_english(client, pathway):
    response = client.get("/en/programmes/psykos/pathways/schizofreni/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Schizophrenia – care pathway" in html
    assert 'href="/en/programmes/psykos/pathways/schizofreni/forsta-kontakt/"' in html
    assert "First contact" in html and "Step 1" in html
    # A step without English text falls back to Swedish, marked as Swedish.
    assert 'lang="sv">Stöd i vardagen</a>' in html
    assert 'hreflang="sv"' in html and 'href="/program/psykos/vardforlopp/schizofreni/"' in html


def test_the_pathway_has_breadcrumbs_dates_and_demo_marking(client, pathway):
    html = client.get(pathway.get_absolute_url()).content.decode()

    assert 'class="breadcrumbs' in html
    assert 'href="/program/psykos/">Psykos</a>' in html
    assert '<span aria-current="page">Schizofreni – vårdförlopp</span>' in html
    assert "Skapad" in html and "Senast uppdaterad" in html
    assert "Demoinnehåll" in html


def test_a_national_pathway_lists_its_versions_for_settings(client, pathway, version):
    html = main(client.get(pathway.get_absolute_url()).content.decode())

    assert 'href="/program/psykos/vardforlopp/schizofreni-primarvard/"' in html
    assert "Version för primärvård" in html


def test_a_setting_version_is_marked_and_links_to_the_national_pathway(client, version):
    html = main(client.get(version.get_absolute_url()).content.decode())

    assert "Version för primärvård" in html
    assert 'href="/program/psykos/vardforlopp/schizofreni/"' in html
    assert 'href="/program/psykos/vardforlopp/schizofreni/forsta-kontakt/"' in html, (
        "each step links to the national step it shortens"
    )
    assert "Första besöket" in html


def test_a_version_does_not_link_an_unpublished_national_pathway(client, pathway, version):
    Pathway.objects.filter(pk=pathway.pk).update(published=False)

    html = main(client.get(version.get_absolute_url()).content.decode())

    assert "Version för primärvård" in html
    assert 'href="/program/psykos/vardforlopp/schizofreni/' not in html


# One step ----------------------------------------------------------------------------------


def test_a_step_shows_what_happens_who_when_and_the_persons_part(client, pathway):
    response = client.get("/program/psykos/vardforlopp/schizofreni/utredning/")

    assert response.status_code == 200
    html = main(response.content.decode())
    assert "Steg 2 av 3" in html
    assert "Psykiatrin utreder." in html and "<p>Strukturerad intervju.</p>" in html
    assert "Psykiatrisk" in html or "psykiatri" in html.lower()
    assert "Inom 30 dagar" in html
    assert "Misstänkt psykos." in html and "Diagnos satt." in html
    own_part = html.split('id="own-part-heading"', 1)[1].split("</section>", 1)[0]
    assert "En fast vårdkontakt i teamet." in own_part
    assert "Planen görs tillsammans." in own_part
    assert "Du får veta när behandlingen börjar." in own_part


def test_a_step_links_only_its_published_interventions_into_the_tree(client, pathway):
    html = main(client.get("/program/psykos/vardforlopp/schizofreni/utredning/").content.decode())

    assert 'href="/program/psykos/behandling/lakemedel/">Läkemedelsbehandling</a>' in html
    assert "Dold insats" not in html, "under an unpublished section"
    assert "Opublicerad insats" not in html


def test_a_step_links_the_steps_before_and_after_it(client, pathway):
    html = main(client.get("/program/psykos/vardforlopp/schizofreni/utredning/").content.decode())

    assert re.search(
        r'rel="prev" href="/program/psykos/vardforlopp/schizofreni/forsta-kontakt/"', html
    )
    assert re.search(r'rel="next" href="/program/psykos/vardforlopp/schizofreni/stod/"', html), (
        "the unpublished step between them is skipped"
    )


def test_a_step_in_english_with_breadcrumbs(client, pathway):
    response = client.get("/en/programmes/psykos/pathways/schizofreni/utredning/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Step 2 of 3" in html and "Assessment" in html
    assert (
        'href="/en/programmes/psykos/pathways/schizofreni/">Schizophrenia – care pathway</a>'
        in html
    )
    assert "Created" in html and "Last updated" in html


def test_a_step_of_a_version_links_to_its_national_step(client, version):
    html = main(
        client.get(
            "/program/psykos/vardforlopp/schizofreni-primarvard/forsta-kontakt/"
        ).content.decode()
    )

    assert "Version för primärvård" in html
    assert 'href="/program/psykos/vardforlopp/schizofreni/forsta-kontakt/"' in html


# The pathway from one level ----------------------------------------------------------------


def test_your_steps_are_shown_in_full_and_the_others_briefly(client, pathway):
    response = client.get("/program/psykos/vardforlopp/schizofreni/niva/vardcentral/")

    assert response.status_code == 200
    html = main(response.content.decode())
    yours = re.findall(r'<li class="step step--yours">(.*?)</li>', html, re.S)
    others = re.findall(r'<li class="step step--other">(.*?)</li>', html, re.S)
    assert len(yours) == 1, "primary care is above the health centre: its step is theirs"
    assert "Första kontakt" in yours[0] and "Inom 14 dagar från remiss" in yours[0]
    assert "Ditt steg" in yours[0]
    assert len(others) == 2
    assert "Utredning" in others[0] and "Inom 30 dagar" not in others[0]


def test_a_parent_level_sees_the_steps_of_the_levels_below_it(client, pathway):
    html = main(
        client.get("/program/psykos/vardforlopp/schizofreni/niva/socialtjanst/").content.decode()
    )

    yours = re.findall(r'<li class="step step--yours">(.*?)</li>', html, re.S)
    assert len(yours) == 1 and "Stöd i vardagen" in yours[0]


def test_your_steps_in_english(client, pathway):
    response = client.get("/en/programmes/psykos/pathways/schizofreni/level/primarvard/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your step" in html and "Within 14 days of the referral" in html


# The programme pages -----------------------------------------------------------------------


def test_the_programme_page_lists_its_published_pathways(client, pathway, version):
    hidden = make_pathway(
        pathway.programme, slug="dolt-forlopp", title_sv="Dolt förlopp", published=False
    )

    html = main(client.get("/program/psykos/").content.decode())

    assert "Vårdförlopp" in html
    assert 'href="/program/psykos/vardforlopp/schizofreni/"' in html
    assert 'href="/program/psykos/vardforlopp/schizofreni-primarvard/"' in html
    assert hidden.title not in html


def test_the_programme_at_a_level_shows_its_steps_with_time_goals(client, pathway):
    html = main(client.get("/program/psykos/niva/primarvard/").content.decode())

    section = html.split('id="steps-heading"', 1)[1].split("</section>", 1)[0]
    assert 'href="/program/psykos/vardforlopp/schizofreni/forsta-kontakt/"' in section
    assert "Steg 1: Första kontakt" in section and "Inom 14 dagar från remiss" in section
    assert 'href="/program/psykos/vardforlopp/schizofreni/niva/primarvard/"' in section
    assert "Utredning" not in section


def test_the_programme_at_a_level_numbers_steps_as_their_pathway_does(client, pathway):
    html = main(client.get("/program/psykos/niva/socialpsykiatri/").content.decode())

    assert "Steg 3: Stöd i vardagen" in html, "the unpublished step is not counted"


# Not found -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/program/psykos/vardforlopp/finns-inte/",
        "/program/psykos/vardforlopp/dolt/",
        "/program/psykos/vardforlopp/schizofreni/ej-klar/",
        "/program/psykos/vardforlopp/schizofreni/finns-inte/",
        "/program/psykos/vardforlopp/schizofreni/niva/finns-inte/",
        "/program/psykos/vardforlopp/Schizofreni/",
        "/program/psykos/vardforlopp/schizofreni/Utredning/",
        "/program/psykos/vardforlopp/schizofreni/niva/Bad_Slug/",
        "/program/psykos/vardforlopp/" + "a" * 300 + "/",
        "/program/psykos/vardforlopp/schizofreni/%C3%A5%C3%A4/",
        "/program/finns-inte/vardforlopp/schizofreni/",
        "/en/programmes/psykos/pathways/schizofreni/nope/",
    ],
)
def test_unknown_unpublished_and_malformed_addresses_are_404(client, pathway, path):
    make_pathway(pathway.programme, slug="dolt", published=False)

    assert client.get(path).status_code == 404


def test_a_pathway_of_an_unpublished_programme_is_404(client, pathway):
    type(pathway.programme).objects.filter(pk=pathway.programme.pk).update(published=False)

    assert client.get(pathway.get_absolute_url()).status_code == 404
    assert client.get("/program/psykos/vardforlopp/schizofreni/utredning/").status_code == 404


def test_a_step_of_an_unpublished_pathway_is_404(client, pathway):
    Pathway.objects.filter(pk=pathway.pk).update(published=False)

    assert client.get("/program/psykos/vardforlopp/schizofreni/utredning/").status_code == 404
    assert client.get("/program/psykos/vardforlopp/schizofreni/niva/primarvard/").status_code == 404


# Query counts ------------------------------------------------------------------------------

#: Queries each page runs in the national view (the first reads when content last changed).
QUERIES = {
    "pathway": 6,
    "version": 5,
    "step": 7,
    "level": 7,
    "programme": 8,
    "programme_level": 6,
}


def pages(pathway, version) -> dict[str, str]:
    return {
        "pathway": pathway.get_absolute_url(),
        "version": version.get_absolute_url(),
        "step": url("pathway_step", "psykos", "schizofreni", "utredning"),
        "level": url("pathway_level", "psykos", "schizofreni", "primarvard"),
        "programme": "/program/psykos/",
        "programme_level": "/program/psykos/niva/primarvard/",
    }


def test_query_counts_do_not_grow_with_steps_levels_and_interventions(
    client, pathway, version, django_assert_num_queries
):
    urls = pages(pathway, version)

    def check():
        for name, address in urls.items():
            with django_assert_num_queries(QUERIES[name]):
                response = client.get(address)
            assert response.status_code == 200, name

    check()
    more_interventions = [
        make_intervention(pathway.programme, slug=f"extra-{n}", care_levels=[level("primarvard")])
        for n in range(5)
    ]
    for n in range(6):
        make_step(
            pathway,
            slug=f"extra-steg-{n}",
            care_levels=[level("primarvard"), level("bup"), level("vardcentral")],
            interventions=more_interventions,
        )
        make_step(version, slug=f"extra-{n}", care_levels=[level("vardcentral")])
    PathwayStep.objects.get(pathway=pathway, slug="utredning").interventions.add(
        *more_interventions
    )
    make_pathway(pathway.programme, slug="andra", national=pathway, setting=level("bup"))
    check()
