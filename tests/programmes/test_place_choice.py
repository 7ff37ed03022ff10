"""The place choice (/plats/): every region and municipality by county, each a plain link
back to the page the visitor came from, in that place's local view."""

import re

import pytest
from django.test import Client

from programmes import local
from programmes.local import PLACE_COOKIE
from tests.factories import make_county, make_municipality, make_region, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    county = make_county("Vallän")
    county.region = make_region(county, "Region Valän")
    county.first = make_municipality(county, "Bokby kommun")
    county.second = make_municipality(county, "Aby kommun")
    return county


def main(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def group(html: str, name: str) -> str:
    return html.split(f">{name}</h2>", 1)[1].split("</section>", 1)[0]


def test_places_are_grouped_by_county_region_first(client, county):
    response = client.get("/plats/", {"next": "/program/adhd/"})

    assert response.status_code == 200
    html = main(response)
    assert "<h1>Välj region eller kommun</h1>" in html
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', group(html, "Vallän"))
    assert [name for _url, name in links] == ["Region Valän", "Aby kommun", "Bokby kommun"]
    assert links[0][0] == f"/program/adhd/?plats={county.region.slug}"
    assert "Jönköpings kommun" in group(html, "Jönköpings län"), "the demo county is there too"


def test_the_national_view_is_offered_and_marked_when_chosen(client, county):
    html = main(client.get("/plats/", {"next": "/program/adhd/"}))

    assert (
        '<a class="button" href="/program/adhd/?plats=nationell" aria-current="true">'
        "Nationell vy</a>"
    ) in html


def test_the_page_keeps_the_query_of_the_page_it_returns_to(client, county):
    html = main(
        client.get("/plats/", {"next": "/program/adhd/insatser/?niva=bup&plats=gammal&fas=akut"})
    )

    assert (
        f'href="/program/adhd/insatser/?niva=bup&amp;fas=akut&amp;plats={county.first.slug}"'
        in html
    )
    assert 'href="/program/adhd/insatser/?niva=bup&amp;fas=akut&amp;plats=nationell"' in html


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example/",
        "javascript:alert(1)",
        "program/adhd/",
        "",
        "/" + "a" * 2000,
    ],
)
def test_only_a_local_path_is_a_way_back(client, county, next_url):
    response = client.get("/plats/", {"next": next_url})

    assert response.status_code == 200
    html = main(response)
    assert f'href="/?plats={county.region.slug}"' in html
    assert "evil.example" not in html and "javascript:" not in html


def test_following_a_place_link_shows_the_page_in_that_place_and_remembers_it(client, county):
    html = main(client.get("/plats/", {"next": "/program/adhd/"}))
    link = re.search(r'href="([^"]+)">Bokby kommun</a>', html).group(1)

    response = client.get(link)

    assert response.status_code == 200
    assert response.cookies[PLACE_COOKIE].value == county.first.slug
    assert "Lokal vy:" in response.content.decode() and "Bokby kommun" in response.content.decode()
    assert client.get("/program/adhd/").content.decode().count("<strong>Bokby kommun</strong>") == 1


def test_the_current_place_is_marked(client, county):
    client.cookies[PLACE_COOKIE] = county.second.slug

    html = main(client.get("/plats/", {"next": "/"}))

    assert re.search(r'aria-current="true">Aby kommun</a>', html)
    assert "Du har valt Aby kommun." in html
    assert 'aria-current="true">Nationell vy' not in html


def test_the_place_choice_in_english(client, county):
    response = client.get("/en/place/", {"next": "/en/programmes/adhd/"})

    html = main(response)
    assert response.status_code == 200
    assert "<h1>Choose region or municipality</h1>" in html
    assert f'href="/en/programmes/adhd/?plats={county.region.slug}"' in html
    assert ">National view</a>" in html
    assert 'hreflang="sv"' in response.content.decode()


def test_the_place_choice_needs_no_javascript_or_form(client, county):
    html = main(client.get("/plats/"))

    assert "<script" not in html and "<form" not in html


def test_the_way_back_follows_the_language_of_the_choice(client, county):
    html = main(client.get("/en/place/", {"next": "/program/adhd/niva/bup/?x=1"}))

    assert f'href="/en/programmes/adhd/level/bup/?x=1&amp;plats={county.first.slug}"' in html


def test_an_unknown_place_in_the_address_is_404(client):
    assert client.get("/plats/", {"plats": "finns-inte"}).status_code == 404


def test_every_page_links_to_the_place_choice_with_the_way_back(client):
    html = client.get("/program/adhd/", {"niva": "bup"}).content.decode()

    assert 'href="/plats/?next=%2Fprogram%2Fadhd%2F%3Fniva%3Dbup"' in html


def test_the_place_choice_has_a_fixed_query_count(county, django_assert_num_queries):
    client = Client()
    # The content version, and the places.
    with django_assert_num_queries(2):
        assert client.get("/plats/", {"next": "/"}).status_code == 200
    for _ in range(3):
        other = make_county()
        make_region(other)
        for _ in range(4):
            make_municipality(other)
    with django_assert_num_queries(2):
        assert client.get("/plats/", {"next": "/program/"}).status_code == 200


def test_a_place_named_in_the_address_is_the_place_the_choice_lists(
    county, django_assert_num_queries
):
    """A link names one place, looked up alone on every request (from the page cache too):
    it must be the place the choice lists, with its county and its region's text."""
    source = local.source()
    listed = {place.slug: place for place in source.places()}

    for slug, place in listed.items():
        with django_assert_num_queries(1):
            assert source.place(slug) == place, slug
    assert listed[county.first.slug].sources == (county.first.path, county.region.path)
    assert listed[county.first.slug].group == "Vallän"
    assert source.place(county.slug) is None, "a county is not a place to choose"
    assert source.place(make_unit(county.first).slug) is None
    assert source.place("finns-inte") is None
