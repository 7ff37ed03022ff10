"""A programme seen from one level, with everything it loads, stays light on a phone."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from tests.pages import page_urls

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_programme_at_level_page_with_its_assets_is_under_100_kb_compressed(client, language):
    html = client.get(page_urls(language)["programme_level"]).content
    assets = re.findall(
        rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|link[^>]+rel="preload"[^>]+href)="/static/([^"]+)"',
        html,
    )
    total = compressed(html)
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, f"{asset} is linked but missing"
        with open(path, "rb") as handle:
            total += compressed(handle.read())

    assert assets, "the page links its stylesheet"
    assert total < BUDGET, f"{total / 1024:.1f} KB"
