"""Search finds what a clinician means: the editors' synonyms (`search.Synonym`, kept in the
admin, in effect without re-indexing), Swedish inflections by the Snowball stemmer,
misspelt compounds, and the kinds of page that answer before materials
(`programmes/search/query.py`)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from programmes.editorial.permissions import EDITOR_GROUP
from programmes.search import query as search
from programmes.search.models import SearchDocument, Synonym
from tests.pages import search_titles as titles

pytestmark = pytest.mark.django_db


def _hits(query: str) -> list[SearchDocument]:
    _results, ids = search.search(query, language="sv", filters={})
    by_id = SearchDocument.objects.in_bulk(ids[:20])
    return [by_id[pk] for pk in ids[:20]]


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user(
        "synonymredaktor", password="x-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(user)
    return client


def test_the_demo_synonyms_are_loaded():
    assert Synonym.objects.filter(language="sv", term="medicin", means="läkemedel").exists()
    assert Synonym.objects.filter(language="sv", term="anhörig", means="närstående").exists()
    assert Synonym.objects.filter(language="sv", term="kbt", means="kognitiv beteendeterapi")
    assert Synonym.objects.filter(language="sv").count() >= 18
    assert Synonym.objects.filter(language="en").exists()


def test_a_synonym_an_editor_adds_in_the_admin_works_at_once(client, editor_client):
    assert titles(client, "sv", "hyperaktivitetsmedicin") == []

    response = editor_client.post(
        reverse("admin:search_synonym_add"),
        {"language": "sv", "term": "Hyperaktivitetsmedicin", "means": "läkemedelsbehandling"},
    )

    assert response.status_code == 302
    assert Synonym.objects.get(term="hyperaktivitetsmedicin").one_way is False
    assert "Läkemedelsbehandling vid ADHD" in titles(client, "sv", "hyperaktivitetsmedicin")[:3]


def test_a_deleted_synonym_stops_widening_the_query(client):
    synonym = Synonym.objects.create(language="sv", term="zebrafinkterapi", means="boendestöd")
    assert "Boendestöd" in titles(client, "sv", "zebrafinkterapi")

    synonym.delete()

    assert titles(client, "sv", "zebrafinkterapi") == []


def test_both_ways_unless_one_way():
    words = search.Vocabulary(
        ["kbt", "läkemedel"],
        "sv",
        [("kbt", "kognitiv beteendeterapi", False), ("medicin", "läkemedel", True)],
    )

    assert words.synonyms["kbt"] == ["kognitiv beteendeterapi"]
    assert words.synonyms["kognitiv beteendeterapi"] == ["kbt"]
    assert words.synonyms["medicin"] == ["läkemedel"]
    assert "läkemedel" not in words.synonyms


def test_a_phrase_typed_finds_its_abbreviation(client):
    found = titles(client, "sv", "kognitiv beteendeterapi depression")

    assert found[0] == "KBT vid depression hos vuxna"


def test_inflections_are_matched_by_the_swedish_stemmer():
    words = search.Vocabulary(["vuxna", "vuxnas", "utredning", "utredningar"], "sv")

    assert set(words.same_stem("vuxen")) == {"vuxna", "vuxnas"}
    assert words.same_stem("utredningarna") == ["utredning", "utredningar"]


def test_an_inflection_finds_what_the_other_finds(client):
    vuxen = titles(client, "sv", "adhd vuxen utredning")
    vuxna = titles(client, "sv", "adhd vuxna utredning")

    assert vuxna and set(vuxna) <= set(vuxen)
    assert vuxen[0] == vuxna[0] == "Neuropsykiatrisk utredning"


def test_a_misspelt_compound_is_searched_as_corrected(client):
    html = client.get("/sok/", {"q": "depresionsbehandling"}).content.decode()

    assert "Visar resultat för ”depressionsbehandling”" in html


def test_a_misspelt_compound_is_suggested_when_nothing_matches(client):
    html = client.get("/sok/", {"q": "depresionsbehandling", "typ": "local"}).content.decode()

    assert "0 träffar" in html
    assert 'Menade du <a href="?q=depressionsbehandling">depressionsbehandling</a>?' in html


def test_materials_come_after_the_content_for_the_same_match():
    kinds = [doc.kind for doc in _hits("ångest")]

    assert kinds[0] != SearchDocument.Kind.MATERIAL
    assert kinds.index(SearchDocument.Kind.MATERIAL) >= 5


def test_depression_treatment_ranks_above_self_harm_pages():
    places = [doc.place for doc in _hits("depressionsbehandling")]

    assert places[0].startswith("Depression och ångestsyndrom › 6 Behandling och stöd")
    first_self_harm = next(i for i, p in enumerate(places) if p.startswith("Självskade"))
    assert first_self_harm >= 2


def test_a_synonym_with_quotes_or_operators_keeps_the_page_working(client):
    Synonym.objects.create(language="sv", term="kbt'\\", means="beteende' & !terapi:*")

    response = client.get("/sok/", {"q": "kbt"})

    assert response.status_code == 200
    assert "KBT vid depression hos vuxna" in titles(client, "sv", "kbt")
