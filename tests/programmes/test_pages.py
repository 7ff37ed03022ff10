"""Every public page, in both languages, as a visitor sees it."""

import re

import pytest
from django.test import Client

from tests.factories import triple_demo_content
from tests.pages import PAGE_NAMES, page_urls

pytestmark = pytest.mark.django_db

#: Queries each page runs (the first reads when content last changed, for the page
#: cache). They must not grow with the amount of content.
QUERY_COUNTS = {
    "home": 3,
    "programme_list": 2,
    "programme": 8,
    "section": 4,
    "page": 4,
    "intervention": 9,
    "interventions": 12,
    "interventions_filtered": 13,
    "programme_level": 6,  # issue 17: five reads of its own (selectors/level_page.py)
    "meeting_summary": 9,  # issue 15: its own reads, no tags, vignettes or steps
    "indicators": 3,
    "vignettes": 2,
    "vignette": 5,
    "materials": 3,
    "for_you": 2,
    "for_you_programme": 4,
    "accessibility": 1,
    "levels": 2,
    "level": 10,
    "level_parent": 8,
    # Ranking, filters and facet counts in one query on either database.
    "search": 8,
    "pathway": 6,
    "pathway_version": 5,
    "pathway_step": 7,
    "pathway_level": 7,
    "regional_page": 3,
    "places": 2,
    "open_data": 1,
    "changes": 6,
    "recommendation_scale": 3,
    "public_compilations": 2,
    "public_compilation": 6,
    "flyer": 2,
    "offline": 1,
    "offline_unavailable": 1,
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_answers_in_both_languages(client, name, language):
    response = client.get(page_urls(language)[name])

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "<h1" in html
    assert 'href="#main"' in html, "skip link"
    assert 'class="breadcrumbs' in html or name == "home"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_marks_demo_content_and_links_the_other_language(client, name):
    html = client.get(page_urls("sv")[name]).content.decode()

    assert "Demoinnehåll" in html
    english = page_urls("en")[name].split("?")[0]
    assert f'href="{english}' in html and 'hreflang="en"' in html


def test_query_counts_do_not_grow_with_content(django_assert_num_queries):
    client = Client()
    urls = {language: page_urls(language) for language in ("sv", "en")}

    def check_all():
        for language, pages in urls.items():
            for name, url in pages.items():
                with django_assert_num_queries(QUERY_COUNTS[name]):
                    response = client.get(url)
                assert response.status_code == 200, (language, name)

    check_all()
    triple_demo_content()
    check_all()


@pytest.mark.parametrize(
    "name",
    [
        "programme",
        "section",
        "intervention",
        "programme_level",
        "vignette",
        "indicators",
        "materials",
        "for_you_programme",
        "level",
    ],
)
def test_content_pages_show_when_created_and_updated(client, name):
    html = client.get(page_urls("sv")[name]).content.decode()

    assert "Skapad" in html and "Senast uppdaterad" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)


#: HTML's valid date or global date-and-time string: seconds with at most three decimals.
VALID_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?"
)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_date_a_page_marks_up_is_valid_html(client, name):
    """`<time datetime>` takes at most milliseconds: a validator (and a screen reader's
    date parsing) rejects the microseconds Django's ISO format "c" writes."""
    html = client.get(page_urls("sv")[name]).content.decode()

    for value in re.findall(r'datetime="([^"]*)"', html):
        assert VALID_DATETIME.fullmatch(value), (name, value)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_page_skips_a_heading_level(client, name, language):
    """Screen-reader users move by headings: an h3 right under the h1 hides that a level
    is missing (WCAG 1.3.1)."""
    html = client.get(page_urls(language)[name]).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]

    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert levels[0] == 1 and not skips, (name, levels)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_emergency_numbers_in_the_footer_can_be_tapped_to_call(client, name):
    html = client.get(page_urls("sv")[name]).content.decode()

    assert 'href="tel:112"' in html and 'href="tel:1177"' in html
    assert 'href="https://www.1177.se/"' in html


def test_the_page_for_patients_and_relatives_links_every_helpline(client):
    html = client.get(page_urls("sv")["for_you_programme"]).content.decode()

    assert 'href="tel:90101"' in html and "Självmordslinjen hos" in html
