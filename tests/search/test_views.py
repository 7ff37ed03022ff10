"""The search page finds the right page first, in Swedish and English, typos and compounds
included, on SQLite and PostgreSQL alike (`programmes/search/views.py`, `query.py`)."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_programme
from tests.pages import search_titles as titles

pytestmark = pytest.mark.django_db

# (language, query, filters, the title that must come up (a regex), how high at worst)
RELEVANCE = [
    ("sv", "adhd", {}, "^ADHD$", 1),
    ("sv", "ADHD hos vuxna", {}, "Tecken hos vuxna", 1),
    ("sv", "föräldrautbildning", {}, "Föräldrautbildningsprogram vid ADHD", 1),
    ("sv", "neuropsykiatrisk utredning", {}, "^Neuropsykiatrisk utredning$", 1),
    ("sv", "läkemedel adhd", {}, "Läkemedelsbehandling vid ADHD", 1),
    ("sv", "skolfrånvaro", {}, "Förebygga skolfrånvaro", 3),
    ("sv", "depression", {}, "^Depression$", 1),
    ("sv", "depressioner", {}, "^Depression", 3),
    ("sv", "depressionsbehandling", {}, "KBT vid depression hos vuxna", 1),
    ("sv", "ångest", {}, "(?i)ångest", 1),
    ("sv", "ångestsyndrom", {}, "^Ångestsyndrom$", 3),
    ("sv", "internetkbt", {}, "Internetförmedlad KBT", 1),
    ("sv", "internetförmedlad kbt", {}, "Internetförmedlad KBT", 1),
    ("sv", "antidepressiva", {}, "Behandling med antidepressiva läkemedel", 1),
    ("sv", "ECT", {}, r"Elektrokonvulsiv behandling \(ECT\)", 3),
    ("sv", "elektrokonvulsiv", {}, r"Elektrokonvulsiv behandling \(ECT\)", 1),
    ("sv", "suicidrisk", {}, "Bedömning av suicidrisk", 3),
    ("sv", "självmordsrisk", {}, "Bedömning av suicidrisk", 3),
    ("sv", "självskada", {}, "(?i)självskada", 1),
    ("sv", "självskador", {}, "(?i)självskad", 1),
    ("sv", "dbt", {}, r"Dialektisk beteendeterapi \(DBT\)", 3),
    ("sv", "dialektisk beteendeterapi", {}, r"Dialektisk beteendeterapi \(DBT\)", 1),
    ("sv", "mentaliseringsbaserad", {}, r"Mentaliseringsbaserad terapi \(MBT\)", 1),
    # Within 2: "Akupunktur vid alkoholberoende" (icke-göra) has the word in its title too.
    ("sv", "alkoholberoende", {}, "Läkemedelsbehandling vid alkoholberoende", 2),
    ("sv", "riskbruk", {}, "Rådgivande samtal vid riskbruk av alkohol", 1),
    ("sv", "cannabis", {}, "Noah, 16 år", 1),
    ("sv", "naloxon", {}, "Naloxon och överdosprevention", 1),
    ("sv", "opioidberoende", {}, r"\(LARO\)", 1),
    ("sv", "LARO", {}, r"\(LARO\)", 1),
    ("sv", "abstinens", {}, "Abstinens och akuta tillstånd", 3),
    ("sv", "audit", {}, "Identifiering med AUDIT och DUDIT", 1),
    ("sv", "schizofreni", {}, "Schizofreni och schizofreniliknande tillstånd", 3),
    ("sv", "shizofreni", {}, "Schizofreni och schizofreniliknande tillstånd", 3),
    ("sv", "skitsofreni", {}, "Schizofreni och schizofreniliknande tillstånd", 3),
    ("sv", "klozapin", {}, "Klozapin vid behandlingsresistent schizofreni", 1),
    ("sv", "klozapine", {}, "Klozapin vid behandlingsresistent schizofreni", 1),
    ("sv", "antipsykotika", {}, "Antipsykotisk läkemedelsbehandling", 1),
    ("sv", "familjeintervention", {}, "^Familjeintervention$", 1),
    ("sv", '"första psykosen"', {}, "Elias, 19 år", 1),
    ("sv", "boendestöd", {}, "^Boendestöd$", 3),
    ("sv", "SIP", {}, r"Samordnad individuell plan \(SIP\)", 1),
    ("sv", "depresion", {}, "(?i)depression", 1),
    ("sv", "angest", {}, "(?i)ångest", 1),
    ("sv", "hälsokontroll", {}, "Hälsokontroller och stöd", 1),
    ("sv", "metabol", {}, "Hälsokontroller och stöd", 1),
    ("sv", "återfallsprevention", {}, "KBT och återfallsprevention", 1),
    ("sv", "alkohol eller cannabis", {}, "Noah, 16 år", 3),
    ("sv", "alkohol", {"typ": "vignette"}, "Birgitta, 71 år", 1),
    ("sv", "kbt", {"program": "adhd"}, "KBT-baserad färdighetsträning", 1),
    # Issue 15: what a clinician types, inflected, misspelt, in compounds and synonyms.
    ("sv", "adhd vuxen utredning", {}, "^Neuropsykiatrisk utredning$", 1),
    ("sv", "depresionsbehandling", {}, "KBT vid depression hos vuxna", 1),
    ("sv", "anhörigstöd schizofreni", {}, "Stöd till barn och unga som anhöriga", 3),
    ("sv", "adhd medicin", {}, "Läkemedelsbehandling vid ADHD", 1),
    ("sv", "medicin schizofreni", {}, "Antipsykotisk läkemedelsbehandling", 1),
    ("sv", "kognitiv beteendeterapi depression", {}, "KBT vid depression hos vuxna", 1),
    ("sv", "kbt ångest", {}, "KBT vid ångestsyndrom hos vuxna", 3),
    ("sv", "självmord", {}, "Bedömning av suicidrisk", 3),
    ("sv", "självmordsförsök", {}, "(?i)suicid", 3),
    ("sv", "suicidbedömning", {}, "Bedömning av suicidrisk", 2),
    ("sv", "läkemedel alkohol", {}, "Läkemedelsbehandling vid alkoholberoende", 3),
    ("sv", "närstående schizofreni", {}, "(?i)anhöriga|närstående", 2),
    ("sv", "anhöriga självskada", {}, "Stöd och utbildning till närstående", 1),
    ("sv", "vuxen adhd", {}, "Tecken hos vuxna|för vuxna med ADHD", 2),
    ("sv", "tidiga tecken psykos", {}, "Tidiga tecken|tidiga tecken", 3),
    ("sv", "antidepressiv", {}, "Behandling med antidepressiva läkemedel", 1),
    ("sv", "depresion behandling", {}, "(?i)depression", 1),
    ("sv", "vårdförlopp schizofreni", {}, "^Vårdförlopp vid schizofreni och", 1),
    ("sv", "samordnad individuell plan", {}, r"^Samordnad individuell plan \(SIP\)$", 1),
    ("sv", "föräldrastöd adhd", {}, "Föräldrautbildningsprogram vid ADHD", 1),
    ("sv", "naloxon överdos", {}, "Naloxon och överdosprevention", 1),
    ("sv", "dbt självskada", {}, r"Dialektisk beteendeterapi \(DBT\)", 3),
    ("sv", "boendestöd schizofreni", {}, "^Boendestöd$", 1),
    ("sv", "skolfrånvaro adhd", {}, "Förebygga skolfrånvaro", 2),
    ("sv", "bup", {}, "BUP", 2),
    ("sv", "knark", {}, "^Missbruk och beroende$", 3),
    ("en", "adhd", {}, "^ADHD$", 1),
    ("en", "parent training", {}, "Parent training programme in ADHD", 1),
    ("en", "schizophrenia", {}, "Schizophrenia and schizophrenia-like conditions", 3),
    ("en", "schizofrenia", {}, "Schizophrenia and schizophrenia-like conditions", 3),
    ("en", "self-harm", {}, "^Self-harm$", 1),
    ("en", "suicide risk", {}, "(?i)suicide risk", 1),
    ("en", "clozapine", {}, "Clozapine for treatment-resistant schizophrenia", 1),
    ("en", "family intervention", {}, "^Family intervention$", 1),
    ("en", "housing support", {}, "^Housing support$", 1),
    ("en", "withdrawal", {}, "Withdrawal and acute conditions", 1),
    ("en", "depression", {}, "^Depression$", 1),
    ("en", "medications", {}, "(?i)medication", 1),
    ("en", "adhd medicine", {}, "(?i)medication", 3),
    ("en", "cbt depression", {}, "(?i)cbt|cognitive", 3),
]


@pytest.mark.parametrize(
    "language, query, filters, expected, within",
    RELEVANCE,
    ids=[f"{row[0]}:{row[1]}{'+' if row[2] else ''}" for row in RELEVANCE],
)
def test_relevance(client, language, query, filters, expected, within):
    found = titles(client, language, query, filters)

    assert any(re.search(expected, title) for title in found[:within]), found[:5]


def test_the_relevance_table_is_large_enough():
    languages = [row[0] for row in RELEVANCE]
    assert languages.count("sv") >= 75 and languages.count("en") >= 12


def test_results_show_type_place_and_highlighted_excerpt(client):
    html = client.get(reverse("search:search"), {"q": "klozapin"}).content.decode()

    assert "<mark>Klozapin</mark>" in html
    assert "Insats · Schizofreni och schizofreniliknande tillstånd › " in html


def test_a_minus_word_leaves_pages_out(client):
    found = titles(client, "sv", "läkemedel -adhd")

    assert found and not any("ADHD" in title for title in found)


def test_a_misspelling_says_what_was_searched_for(client):
    html = client.get(reverse("search:search"), {"q": "shizofreni"}).content.decode()

    assert "Visar resultat för ”schizofreni”" in html


def test_nothing_found_points_to_the_programmes(client):
    html = client.get(reverse("search:search"), {"q": "xyzzyqq"}).content.decode()

    assert "0 träffar" in html
    assert "Inget matchade din sökning" in html
    assert f'href="{reverse("programmes:list")}"' in html


def test_counts_per_programme_and_type_and_pagination(client):
    url = reverse("search:search")
    first = client.get(url, {"q": "adhd"}).content.decode()
    second = client.get(url, {"q": "adhd", "sida": "2"}).content.decode()

    assert re.search(r"program=adhd\">ADHD \(\d+\)</a>", first)
    assert re.search(r"typ=intervention\">Insats \(\d+\)</a>", first)
    assert "Sida 2 av" in second
    hits = r'<li class="card">\s*<h3 class="card__title"><a href="([^"]+)">(.*?)</a>'
    assert set(re.findall(hits, first)).isdisjoint(re.findall(hits, second))


def test_each_language_searches_its_own_content(client):
    english = client.get("/en/search/", {"q": "treatment"}).content.decode()
    swedish = client.get("/sok/", {"q": "behandling"}).content.decode()
    english_links = re.findall(r'card__title"><a href="([^"]+)"', english)
    swedish_links = re.findall(r'card__title"><a href="([^"]+)"', swedish)

    assert english_links and all(link.startswith("/en/") for link in english_links)
    assert swedish_links and not any(link.startswith("/en/") for link in swedish_links)
    assert titles(client, "en", "behandling") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a" * 10_000,
        "ångest " * 2000,
        "' OR 1=1 --",
        "& | ! :* \\",
        "kbt:* & !ångest",
        '"unpaired quote',
        '""',
        "-",
        "- - -",
        "or or",
        "\x00\x01\x1b[31mröd",
        "<script>alert(1)</script>",
        "NEAR(a b)",
        "title:adhd",
        "*",
        "^adhd",
    ],
)
def test_hostile_queries_get_a_normal_page(client, query):
    response = client.get(reverse("search:search"), {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_long_query_is_shortened_with_a_message(client):
    html = client.get(reverse("search:search"), {"q": "ångest " * 2000}).content.decode()

    assert "bara de första 200 tecknen" in html


def test_unknown_filter_values_are_a_clear_400(client):
    response = client.get(reverse("search:search"), {"q": "adhd", "typ": "nope"})

    assert response.status_code == 400
    assert "Kontrollera följande" in response.content.decode()


def test_did_you_mean_when_nothing_matches_but_a_close_word_exists(client):
    empty = make_programme(slug="tomt-program")

    html = client.get("/sok/", {"q": "shizofreni", "program": empty.slug}).content.decode()

    assert "0 träffar" in html
    assert 'Menade du <a href="?q=schizofreni">schizofreni</a>?' in html


def test_counts_per_audience_level_and_profession_narrow_the_results(client):
    html = client.get("/sok/", {"q": "kbt"}).content.decode()
    level = re.search(r'niva=([a-z-]+)">[^<(]+ \((\d+)\)</a>', html)
    profession = re.search(r'befattning=([a-z-]+)">[^<(]+ \((\d+)\)</a>', html)

    assert re.search(r'malgrupp=staff">Personal \(\d+\)</a>', html)
    assert level and profession
    narrowed = client.get("/sok/", {"q": "kbt", "befattning": profession.group(1)})
    assert f"{profession.group(2)} träff" in narrowed.content.decode()
