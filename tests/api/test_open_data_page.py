"""The page that tells people about the API, in Swedish and English, linked from every
page's footer."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_page_describes_the_api_in_swedish(client):
    response = client.get("/oppna-data/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Öppna data" in text
    assert "/api/v1/openapi.json" in text
    assert "?code=F20" in text
    assert "CC BY 4.0" in text
    assert "demoinnehåll" in text


def test_the_page_describes_the_api_in_english(client):
    response = client.get("/en/open-data/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Open data: the VIP portal's API" in text
    assert "changed_in_substance" in text


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def test_every_page_links_to_it_from_the_footer(client):
    assert 'href="/oppna-data/"' in footer(client.get("/").content.decode())
    assert 'href="/en/open-data/"' in footer(client.get("/en/levels/").content.decode())
