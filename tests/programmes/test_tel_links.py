"""Tap to call: the service numbers in the content are `tel:` links (`tel_links`)."""

import pytest
from django.utils.safestring import mark_safe

from programmes.templatetags.content import tel_links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("Ring 112 om det är akut.", ['<a href="tel:112">112</a>']),
        ("Ring 1177 eller gå in på 1177.se.", ['<a href="tel:1177">1177</a> eller']),
        ("Ring Bris på 116 111.", ['<a href="tel:116111">116 111</a>']),
        ("Självmordslinjen, 90101, dygnet runt.", ['<a href="tel:90101">90101</a>']),
    ],
)
def test_service_numbers_become_links_to_call(text, linked):
    html = tel_links(text)

    for part in linked:
        assert part in html
    assert "1177</a>.se" not in html  # the web address stays an address


@pytest.mark.parametrize(
    "text",
    ["År 2019 vid F11.2", "11200 kronor", "Telefon 0771-1177 00", "Se 1177.se", "ID 90101-2"],
)
def test_other_numbers_stay_text(text):
    assert "tel:" not in tel_links(text)


def test_links_tags_and_markup_are_left_alone_and_text_is_escaped():
    html = tel_links(mark_safe('<p title="112"><a href="https://1177.se/">ring 1177</a> 112</p>'))

    assert html == (
        '<p title="112"><a href="https://1177.se/">ring 1177</a> <a href="tel:112">112</a></p>'
    )
    assert tel_links("<b>112</b>") == '&lt;b&gt;<a href="tel:112">112</a>&lt;/b&gt;'


def test_the_page_for_patients_and_relatives_lets_them_tap_the_helplines(client):
    """The demo's page on where to turn names 112, 1177, 90101 and Bris's 116 111."""
    html = client.get("/for-dig/depression-och-angest/").content.decode()

    for number in ("112", "1177", "90101", "116111"):
        assert f'href="tel:{number}"' in html, number
