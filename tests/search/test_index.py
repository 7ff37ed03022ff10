"""The search index holds every published item in both languages and nothing else
(`programmes/search/index.py`)."""

import pytest

from programmes.models import ContentNode
from programmes.search.index import index_rebuild
from programmes.search.models import SearchDocument
from tests.factories import make_node, make_programme
from tests.pages import search_titles as titles

pytestmark = pytest.mark.django_db


def test_unpublished_content_never_appears(client, django_capture_on_commit_callbacks):
    programme = make_programme(slug="soktest")
    with django_capture_on_commit_callbacks(execute=True):
        make_node(programme, slug="synlig", title_sv="Zebrafinkens synliga sida")
        hidden = make_node(programme, slug="dold", title_sv="Zebrafinkens dolda sida")
    assert len(titles(client, "sv", "zebrafinkens")) == 2

    with django_capture_on_commit_callbacks(execute=True):
        hidden.published = False
        hidden.save()

    assert titles(client, "sv", "zebrafinkens") == ["Zebrafinkens synliga sida"]
    programme.published = False
    with django_capture_on_commit_callbacks(execute=True):
        programme.save()
    assert titles(client, "sv", "zebrafinkens") == []


def test_rebuilding_indexes_every_published_item_in_both_languages():
    count = index_rebuild()

    published_nodes = ContentNode.objects.filter(published=True, programme__published=True)
    assert count == SearchDocument.objects.count()
    assert SearchDocument.objects.filter(language="sv").count() == count // 2
    assert SearchDocument.objects.filter(kind="intervention", language="en").count() == (
        published_nodes.filter(kind="intervention").count()
    )
