"""The database ranks and counts the matches in one query; only the first hundred come back
to be re-ranked, and a later page reads its own ids (`programmes/search/ranking.py`)."""

from collections import Counter

import pytest

from programmes.search import query as search
from programmes.search import ranking
from programmes.search.hits import page_hits
from programmes.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def _counts(ids) -> dict[str, Counter]:
    """The facet counts of `ids`, counted here one document at a time."""
    facets = {name: Counter() for name in ranking.FACETS}
    for doc in SearchDocument.objects.filter(pk__in=list(ids)):
        facets["programme"][doc.programme_id] += 1
        facets["kind"][doc.kind] += 1
        for name, value in (("level", doc.levels), ("profession", doc.professions)):
            facets[name].update(int(pk) for pk in value.strip("|").split("|") if pk)
        for side in ("staff", "public"):
            if doc.audience in (side, "both"):
                facets["audience"][side] += 1
    return facets


def test_a_page_past_the_first_hundred_continues_the_ranking():
    _results, ids = search.search("stöd", language="sv", filters={})
    every = list(ids)

    assert len(every) == len(ids) > 110
    assert ids[100:110] == every[100:110]
    assert ids[95:105] == every[95:105]
    assert ids[-1] == every[-1] and ids[len(ids) - 1] == every[-1]
    assert len(set(every)) == len(every)


def test_the_counts_are_of_every_match():
    results, ids = search.search("stöd", language="sv", filters={})

    assert results.total == len(ids) == sum(results.facets["kind"].values())
    assert results.facets == _counts(ids)


def test_past_max_ranked_only_the_best_are_shown_and_counted(monkeypatch):
    _results, uncapped = search.search("stöd", language="sv", filters={"kind": "page"})
    monkeypatch.setattr(ranking, "MAX_RANKED", 10)

    results, ids = search.search("stöd", language="sv", filters={"kind": "page"})

    # Filtered first, then the best ten: as many as the cap, never fewer.
    assert len(uncapped) > 10
    assert results.total == len(ids) == len(list(ids)) == 10
    assert set(ids) <= set(list(uncapped)[:100])
    assert results.facets == _counts(ids)


def test_a_filter_nothing_passes_finds_nothing():
    results, ids = search.search("adhd", language="sv", filters={"levels": []})

    assert results.total == 0 and list(ids) == [] and not ids


@pytest.mark.parametrize("query", ["stöd", "klozapin", "depression behandling", "shizofreni"])
def test_a_search_runs_three_queries_however_many_match(django_assert_num_queries, query):
    search.search(query, language="sv", filters={})  # the vocabulary, once per content

    # When content last changed; the best hundred with the counts; the page's documents.
    with django_assert_num_queries(3):
        results, ids = search.search(query, language="sv", filters={})
        page_hits(ids[:10], results.groups)
