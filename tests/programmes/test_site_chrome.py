"""The header and the footer of every page are drawn once per process and language
(`{% constant %}` in base.html): whichever language a process drew first, each page shows
them in its own language, and they follow a change of settings."""

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db

SWEDISH = ("Hoppa till innehållet", "Tillgänglighetsredogörelse", 'action="/sok/"')
ENGLISH = ("Skip to content", "Accessibility statement", 'action="/en/search/"')


@pytest.mark.parametrize("first", ["/en/programmes/", "/program/"])
def test_header_and_footer_are_in_the_language_of_each_page(client, first):
    client.get(first)
    for _ in range(2):
        swedish = client.get("/program/").content.decode()
        english = client.get("/en/programmes/").content.decode()

        assert all(text in swedish for text in SWEDISH)
        assert not any(text in swedish for text in ENGLISH)
        assert all(text in english for text in ENGLISH)
        assert not any(text in english for text in SWEDISH)


def test_header_follows_a_change_of_settings(client):
    """(Each page drawn anew: the page cache would answer with the page as it was.)"""
    before = client.get("/program/").content.decode()
    cache.clear()
    with override_settings(STATIC_URL="/statisk/"):
        changed = client.get("/program/").content.decode()
    cache.clear()
    after = client.get("/program/").content.decode()

    assert 'href="/static/css/site' in before
    assert 'href="/statisk/css/site' in changed
    assert 'href="/static/css/site' in after


@pytest.mark.parametrize(
    "path, summary",
    [
        ("/program/adhd/niva/elevhalsa/", "/program/adhd/niva/elevhalsa/sammanfattning/"),
        (
            "/program/schizofreni/niva/vardcentral/",
            "/program/schizofreni/niva/vardcentral/sammanfattning/",
        ),
        ("/en/programmes/adhd/level/skola/", "/en/programmes/adhd/level/skola/summary/"),
    ],
)
def test_the_offline_save_names_the_programme_and_level_of_its_page(client, path, summary):
    """Drawn once per programme and level (`{% constant programme.slug level.slug %}`):
    whichever page was drawn before, each names its own."""
    for other in ("/program/depression-och-angest/niva/bup/", "/en/programmes/adhd/level/bup/"):
        assert client.get(other).status_code == 200
    html = client.get(path).content.decode()

    save = html.split('class="offline-save"', 1)[1].split("</div>", 1)[0]
    level = path.rstrip("/").rsplit("/", 1)[1]
    assert f'data-level="{level}"' in save
    assert f'data-summary="{summary}"' in save
