"""The local view on the public pages: a chosen region's or municipality's text in boxes
of its own beside the national text, the place bar, regional programme pages, fixed
query counts, and a page cache that keeps places apart."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from programmes.local import PLACE_COOKIE
from tests.factories import (
    level,
    make_county,
    make_intervention,
    make_municipality,
    make_node,
    make_pathway,
    make_programme,
    make_published_addition,
    make_region,
    make_step,
)

pytestmark = pytest.mark.django_db


class Place:
    """The test's organisations: one county with a region and a municipality, and a
    second county whose text must never show in the first."""

    def __init__(self):
        self.county = make_county("Lokallän")
        self.region = make_region(self.county, "Region Lokallän")
        self.municipality = make_municipality(self.county, "Lokalby kommun")
        other_county = make_county("Annat län")
        self.other_region = make_region(other_county, "Region Annat län")


@pytest.fixture
def places():
    return Place()


@pytest.fixture
def content():
    programme = make_programme(slug="lokalprogram", name_sv="Lokalprogram")
    section = make_node(programme, slug="behandling", kind="section")
    intervention = make_intervention(
        programme,
        section,
        slug="samtal",
        title_sv="Samtalsstöd",
        care_levels=[level("vardcentral")],
    )
    pathway = make_pathway(programme, slug="forlopp", title_sv="Förloppet")
    first = make_step(
        pathway,
        slug="forsta",
        title_sv="Första kontakt",
        care_levels=[level("primarvard")],
        principal="region",
        time_goal_sv="Inom 14 dagar från remiss",
        time_goal_days=14,
    )
    second = make_step(
        pathway,
        slug="andra",
        title_sv="Utredning",
        care_levels=[level("psykiatri-oppenvard")],
        interventions=[intervention],
    )
    return {
        "programme": programme,
        "intervention": intervention,
        "pathway": pathway,
        "first": first,
        "second": second,
    }


@pytest.fixture
def additions(places, content):
    programme = content["programme"]
    return {
        "step": make_published_addition(
            places.region,
            programme,
            step=content["first"],
            title="Remiss till psykosmottagningen",
            referral="Skicka remissen till Psykosmottagningen Lokalstad.",
            contact="Psykosmottagningen, telefon 010-123 45 67.",
            link="https://region.example.se/psykos",
        ),
        "level": make_published_addition(
            places.region,
            programme,
            care_level=level("vardcentral"),
            title="Vårdcentralernas rutin",
            routine="Vårdcentralen bokar ett första samtal inom en vecka.",
        ),
        "municipality_level": make_published_addition(
            places.municipality,
            programme,
            care_level=level("socialpsykiatri"),
            title="Boendestöd i Lokalby",
            units="Boendestödet Lokalby, Storgatan 1.",
        ),
        "intervention": make_published_addition(
            places.region,
            programme,
            intervention=content["intervention"],
            title="Samtalsstöd här",
            units="Alla vårdcentraler i regionen.",
        ),
        "programme": make_published_addition(
            places.region,
            programme,
            title="Regionalt program för lokalprogrammet",
            routine="Så arbetar vi med programmet i regionen.",
            link="https://region.example.se/program",
        ),
        "other": make_published_addition(
            places.other_region,
            programme,
            step=content["first"],
            title="Annat läns remissväg",
            referral="Gäller bara i det andra länet.",
        ),
        "unpublished": make_published_addition(
            places.region,
            programme,
            step=content["first"],
            title="Ännu inte publicerad",
            published=False,
        ),
    }


def urls(content) -> dict[str, str]:
    pathway = content["pathway"]
    return {
        "pathway": pathway.get_absolute_url(),
        "step": content["first"].get_absolute_url(),
        "pathway_level": f"{pathway.get_absolute_url()}niva/vardcentral/",
        "programme": "/program/lokalprogram/",
        "programme_level": "/program/lokalprogram/niva/primarvard/",
        "intervention": "/program/lokalprogram/behandling/samtal/",
    }


def main(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def blocks(html: str) -> list[str]:
    return re.findall(r'<section class="local-block">(.*?)</section>', html, re.S)


def in_place(place, client=None) -> Client:
    client = client or Client()
    client.cookies[PLACE_COOKIE] = place.slug
    return client


# The national view -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pathway", "step", "pathway_level", "programme", "intervention"])
def test_the_national_view_shows_no_local_text(client, content, additions, name):
    html = main(client.get(urls(content)[name]))

    assert not blocks(html)
    assert "Remiss till psykosmottagningen" not in html


def test_the_national_view_offers_the_place_choice(client, content):
    html = client.get(urls(content)["pathway"]).content.decode()

    bar = html.split('class="place-bar"', 1)[1].split("</nav>", 1)[0]
    assert "Nationell vy" in bar
    assert 'href="/plats/?next=%2Fprogram%2Flokalprogram%2Fvardforlopp%2Fforlopp%2F"' in bar
    assert "Välj region eller kommun" in bar


# A chosen place --------------------------------------------------------------------------


def test_a_chosen_region_shows_its_step_text_in_a_box_of_its_own(places, content, additions):
    response = Client().get(urls(content)["pathway"], {"plats": places.region.slug})

    html = main(response)
    found = blocks(html)
    assert len(found) == 1
    block = found[0]
    assert "Lokalt i Region Lokallän" in block
    assert "Remiss till psykosmottagningen" in block
    assert "<dt>Så remitterar du här</dt>" in block
    assert "Skicka remissen till Psykosmottagningen Lokalstad." in block
    assert "<dt>Så når du dem</dt>" in block
    assert 'href="https://region.example.se/psykos"' in block
    assert "Skapad" in block and "Uppdaterad" in block and "Senast granskad" in block
    # The box sits after the step's national text, never inside it.
    step = html.split('<li class="step">', 2)[1]
    assert step.index("Inom 14 dagar från remiss") < step.index('class="local-block"')
    assert "Annat läns remissväg" not in html
    assert "Ännu inte publicerad" not in html


def test_a_municipality_sees_its_regions_text_and_its_own(places, content, additions):
    client = in_place(places.municipality)

    pathway = main(client.get(urls(content)["pathway"]))
    social = main(client.get("/program/lokalprogram/niva/socialtjanst/"))

    assert "Remiss till psykosmottagningen" in pathway
    assert "Lokalt i Lokalby kommun" in social and "Boendestödet Lokalby, Storgatan 1." in social


def test_a_region_does_not_see_a_municipalitys_text(places, content, additions):
    html = main(in_place(places.region).get("/program/lokalprogram/niva/socialtjanst/"))

    assert "Boendestöd i Lokalby" not in html


def test_the_step_page_shows_the_steps_local_text(places, content, additions):
    html = main(in_place(places.region).get(urls(content)["step"]))

    found = blocks(html)
    assert len(found) == 1 and "Remiss till psykosmottagningen" in found[0]


def test_your_steps_show_the_levels_and_the_steps_local_text(places, content, additions):
    html = main(in_place(places.region).get(urls(content)["pathway_level"]))

    found = blocks(html)
    assert len(found) == 2
    assert "Vårdcentralernas rutin" in found[0], "the level's own text comes first"
    assert "Remiss till psykosmottagningen" in found[1]


def test_the_programme_at_a_level_shows_the_levels_below_it_and_its_steps(
    places, content, additions
):
    html = main(in_place(places.region).get(urls(content)["programme_level"]))

    text = " ".join(blocks(html))
    assert "Vårdcentralernas rutin" in text, "the health centre is below primary care"
    assert "Remiss till psykosmottagningen" in text, "the step primary care is responsible for"


def test_a_level_does_not_show_the_text_of_the_levels_above_it(places, content, additions):
    html = main(in_place(places.region).get("/program/lokalprogram/niva/ungdomsmottagning/"))

    assert "Vårdcentralernas rutin" not in html


def test_an_intervention_shows_its_local_text(places, content, additions):
    html = main(in_place(places.region).get(urls(content)["intervention"]))

    found = blocks(html)
    assert len(found) == 1 and "Alla vårdcentraler i regionen." in found[0]


def test_the_programme_page_shows_the_chosen_regions_page_as_a_block(places, content, additions):
    html = main(in_place(places.region).get(urls(content)["programme"]))

    found = blocks(html)
    assert len(found) == 1
    assert "Regionalt program för lokalprogrammet" in found[0]
    assert f'href="/program/lokalprogram/lokalt/{places.region.slug}/"' in found[0]


def test_local_text_on_english_pages_is_marked_as_swedish(places, content, additions):
    response = in_place(places.region).get("/en/programmes/lokalprogram/pathways/forlopp/")

    block = blocks(main(response))[0]
    assert "Local in Region Lokallän" in block
    assert '<dd lang="sv">Skicka remissen' in block
    assert 'lang="sv"><strong>Remiss till psykosmottagningen' in block
    assert "<dt>How to refer here</dt>" in block
    assert "Last reviewed" in block


def test_the_block_says_when_the_text_was_last_reviewed(places, content, additions):
    addition = additions["step"]
    addition.reviewed_at = timezone.make_aware(timezone.datetime(2026, 3, 5, 12))
    addition.save()

    block = blocks(main(in_place(places.region).get(urls(content)["step"])))[0]

    assert 'Senast granskad <time datetime="2026-03-05' in block and "5 mars 2026" in block


@pytest.mark.parametrize(
    "name", ["pathway", "step", "pathway_level", "programme", "programme_level", "intervention"]
)
def test_an_unknown_place_in_the_address_is_404(client, content, name):
    response = client.get(urls(content)[name], {"plats": "finns-inte"})

    assert response.status_code == 404
    assert PLACE_COOKIE not in response.cookies
    assert "Det finns ingen region eller kommun med den adressen." in response.content.decode()


def test_a_remembered_place_that_is_gone_is_forgotten(client, content):
    client.cookies[PLACE_COOKIE] = "nedlagd-kommun"

    response = client.get(urls(content)["pathway"])

    assert response.status_code == 200
    assert "Nationell vy" in response.content.decode()
    assert response.cookies[PLACE_COOKIE].value == ""


# The place bar -----------------------------------------------------------------------------


def test_the_place_bar_in_a_local_view(places, content):
    """The bar's links keep the parameters the page reads; one it does not read (a
    tracker's) is dropped before the page is rendered (`programmes/page_cache.py`)."""
    url = urls(content)["pathway"] + "?utm_source=nyhetsbrev&sida=2"
    html = in_place(places.region).get(url).content.decode()

    bar = html.split('class="place-bar"', 1)[1].split("</nav>", 1)[0]
    assert "Lokal vy:" in bar and "<strong>Region Lokallän</strong>" in bar
    assert (
        'href="/plats/?next=%2Fprogram%2Flokalprogram%2Fvardforlopp%2Fforlopp%2F%3Fsida%3D2"' in bar
    )
    assert ">Byt<" in bar
    assert 'href="/program/lokalprogram/vardforlopp/forlopp/?sida=2&amp;plats=nationell"' in bar
    assert ">Visa nationell vy<" in bar
    assert (
        f'href="/program/lokalprogram/vardforlopp/forlopp/?sida=2&amp;plats={places.region.slug}"'
        in bar
    )
    assert ">Länk att dela<" in bar
    assert "utm_source" not in html


def test_a_shared_link_shows_the_same_local_view_to_a_colleague(places, content, additions):
    mine = in_place(places.region).get(urls(content)["step"])
    share = re.search(r'href="([^"]+)">Länk att dela', mine.content.decode()).group(1)

    colleague = Client().get(share.replace("&amp;", "&"))

    assert colleague.status_code == 200
    assert blocks(main(colleague)) == blocks(main(mine))
    assert colleague.cookies[PLACE_COOKIE].value == places.region.slug


# Regional programme pages ------------------------------------------------------------------


def test_the_regional_programme_page(client, places, content, additions):
    response = client.get(f"/program/lokalprogram/lokalt/{places.region.slug}/")

    assert response.status_code == 200
    html = main(response)
    assert "<h1>Regionalt program för lokalprogrammet</h1>" in html
    assert "Lokalt i Region Lokallän" in html
    assert "Så arbetar vi med programmet i regionen." in html
    assert 'href="https://region.example.se/program"' in html
    assert "Skapad" in html and "Senast uppdaterad" in html and "Senast granskad" in html
    assert 'href="/program/lokalprogram/"' in html
    assert 'class="breadcrumbs' in response.content.decode()


def test_the_regional_programme_page_in_english(client, places, content, additions):
    response = client.get(f"/en/programmes/lokalprogram/local/{places.region.slug}/")

    html = main(response)
    assert response.status_code == 200
    assert '<h1 lang="sv">Regionalt program för lokalprogrammet</h1>' in html
    assert "Local in Region Lokallän" in html


def test_the_programme_page_links_every_regional_page_in_any_view(
    client, places, content, additions
):
    other = make_published_addition(
        places.other_region, content["programme"], title="Annat läns program", routine="Text."
    )

    for html in (
        main(client.get(urls(content)["programme"])),
        main(in_place(places.municipality).get(urls(content)["programme"])),
    ):
        section = html.split('id="regional-heading"', 1)[1].split("</section>", 1)[0]
        assert "Regionala program" in html
        assert f'href="/program/lokalprogram/lokalt/{places.region.slug}/"' in section
        assert f'href="/program/lokalprogram/lokalt/{places.other_region.slug}/"' in section
        assert other.title in section


@pytest.mark.parametrize(
    "organisation", ["municipality", "unknown", "malformed", "unpublished", "unpublished_programme"]
)
def test_a_missing_regional_programme_page_is_404(client, places, content, additions, organisation):
    slug = {
        "municipality": places.municipality.slug,
        "unknown": "finns-inte",
        "malformed": "Fel_Slug",
        "unpublished": places.region.slug,
        "unpublished_programme": places.region.slug,
    }[organisation]
    if organisation == "unpublished":
        additions["programme"].__class__.objects.filter(pk=additions["programme"].pk).update(
            published=False
        )
    if organisation == "unpublished_programme":
        type(content["programme"]).objects.filter(pk=content["programme"].pk).update(
            published=False
        )

    assert client.get(f"/program/lokalprogram/lokalt/{slug}/").status_code == 404


# Query counts ------------------------------------------------------------------------------

#: Queries per page in the national view (the first reads when content last changed).
NATIONAL = {
    "pathway": 6,
    "step": 6,
    "pathway_level": 7,
    "programme": 8,
    "programme_level": 6,
    "intervention": 9,
}
#: The local view adds two: the places, and the local text of the page.
LOCAL = {name: count + 2 for name, count in NATIONAL.items()}


def add_many_organisations_and_additions(places, content):
    programme = content["programme"]
    municipalities = [make_municipality(places.county) for _ in range(8)]
    for organisation in [places.region, places.municipality, *municipalities]:
        for target in (
            {"step": content["first"]},
            {"step": content["second"]},
            {"care_level": level("vardcentral")},
            {"care_level": level("primarvard")},
            {"intervention": content["intervention"]},
        ):
            make_published_addition(organisation, programme, **target)
    for _ in range(3):
        county = make_county()
        make_published_addition(make_region(county), programme, routine="Regional text.")


def test_query_counts_stay_fixed_in_the_national_view(
    places, content, additions, django_assert_num_queries
):
    client = Client()

    def check():
        for name, address in urls(content).items():
            with django_assert_num_queries(NATIONAL[name]):
                assert client.get(address).status_code == 200, name

    check()
    add_many_organisations_and_additions(places, content)
    check()


def test_query_counts_stay_fixed_in_a_local_view(
    places, content, additions, django_assert_num_queries
):
    client = in_place(places.municipality)

    def check():
        for name, address in urls(content).items():
            with django_assert_num_queries(LOCAL[name]):
                assert client.get(address).status_code == 200, name

    check()
    add_many_organisations_and_additions(places, content)
    check()
    # The region's two and the municipality's own; never the other municipalities'.
    assert len(blocks(main(client.get(urls(content)["step"])))) == 3


# The page cache keeps places apart ---------------------------------------------------------


def test_the_cache_keeps_each_place_and_the_national_view_apart(
    places, content, additions, django_assert_num_queries
):
    address = urls(content)["pathway"]
    national, region, municipality = (
        Client(),
        in_place(places.region),
        in_place(places.municipality),
    )
    make_published_addition(
        places.municipality, content["programme"], step=content["first"], title="Bara i Lokalby"
    )

    pages = [client.get(address).content for client in (national, region, municipality)]
    with django_assert_num_queries(1):
        national_again = national.get(address).content
    # A cached page in a remembered place costs no more than in the national view: the
    # one query is the page cache's look-up of when content last changed.
    with django_assert_num_queries(1):
        region_again = region.get(address).content

    assert len(set(pages)) == 3
    assert national_again == pages[0] and region_again == pages[1]
    assert b"Remiss till psykosmottagningen" not in pages[0]
    assert b"Remiss till psykosmottagningen" in pages[1] and b"Bara i Lokalby" not in pages[1]
    assert b"Bara i Lokalby" in pages[2]
    for client, page in zip((national, region, municipality), pages, strict=True):
        assert client.get(address).content == page


def test_choosing_a_place_by_link_remembers_it_and_the_national_view_forgets_it(
    places, content, additions
):
    client = Client()
    address = urls(content)["pathway"]

    chosen = client.get(address, {"plats": places.region.slug})
    remembered = client.get(address)
    back = client.get(address, {"plats": "nationell"})
    after = client.get(address)

    assert chosen.cookies[PLACE_COOKIE].value == places.region.slug
    assert b"Remiss till psykosmottagningen" in remembered.content
    assert back.cookies[PLACE_COOKIE].value == ""
    assert b"Remiss till psykosmottagningen" not in back.content
    assert b"Remiss till psykosmottagningen" not in after.content
    assert b"Nationell vy" in after.content


def test_publishing_local_text_makes_cached_local_pages_stale(places, content):
    client = in_place(places.region)
    address = urls(content)["step"]
    assert not blocks(main(client.get(address)))

    make_published_addition(places.region, content["programme"], step=content["first"], title="Ny")

    assert "Ny" in " ".join(blocks(main(client.get(address))))
