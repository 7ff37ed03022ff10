"""Pages say an intervention's recommendation in words and number, with its guideline and
condition and a visible explanation; lists rank only within one guideline; a public page
explains the scale (`templates/includes/recommendation.html`, `programmes/views/evidence.py`)."""

import pytest
from django.urls import reverse

from programmes.models import ContentNode, Programme, RecommendationKind
from tests.factories import level, make_guideline, make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme(slug="rekommendationer")


@pytest.fixture
def section(programme):
    return make_node(programme, slug="behandling", kind=ContentNode.Kind.SECTION)


WORDS = [
    ({"priority": 2}, "Bör erbjudas (prioritet 2 av 10)", "Prioritet 1–3: insatsen bör erbjudas."),
    ({"priority": 5}, "Kan erbjudas (prioritet 5 av 10)", "Prioritet 4–7: insatsen kan erbjudas."),
    (
        {"priority": 9},
        "Kan i undantagsfall erbjudas (prioritet 9 av 10)",
        "Prioritet 8–10: insatsen kan erbjudas bara i undantagsfall",
    ),
    (
        {"recommendation": RecommendationKind.RESEARCH},
        "Endast inom forskning och utveckling (FoU)",
        "FoU: insatsen bör ges bara inom forskning eller systematisk utvärdering",
    ),
    (
        {"recommendation": RecommendationKind.DO_NOT_DO},
        "Bör inte göras (icke-göra)",
        "Icke-göra: insatsen bör inte ges.",
    ),
    (
        {"recommendation": RecommendationKind.NONE, "recommendation_reason_sv": "Ingår inte."},
        "Ingen nationell rekommendation",
        "Motivering: <span>Ingår inte.</span>",
    ),
]


@pytest.mark.parametrize(("fields", "words", "explanation"), WORDS, ids=lambda v: str(v)[:30])
def test_the_intervention_page_says_the_recommendation_in_words_and_explains_it(
    client, programme, section, fields, words, explanation
):
    guideline = make_guideline(name_sv="Nationella riktlinjer för prov", year=2021)
    if fields.get("recommendation") != RecommendationKind.NONE:
        fields = {"guideline": guideline, "condition_sv": "Provtillstånd", **fields}
    node = make_intervention(programme, section, slug="insatsen", **fields)

    html = client.get(f"/program/{programme.slug}/behandling/{node.slug}/").content.decode()

    assert words in html
    assert explanation in html
    assert 'href="/om-rekommendationer/"' in html
    if node.guideline_id:
        assert "Nationella riktlinjer för prov (2021)" in html
        assert "för tillståndet <span>Provtillstånd</span>" in html
        assert f'href="/om-rekommendationer/#{guideline.slug}"' in html


def test_lists_rank_within_a_guideline_never_across(client, programme, section):
    first = make_guideline(name_sv="A-riktlinjen")
    second = make_guideline(name_sv="B-riktlinjen")
    given = {"care_levels": [level("vardcentral")]}
    for title, guideline, rank in [
        ("B ett", second, 1),
        ("A sex", first, 6),
        ("B fyra", second, 4),
        ("A två", first, 2),
    ]:
        make_intervention(
            programme, section, title_sv=title, guideline=guideline, priority=rank, **given
        )
    make_intervention(
        programme,
        section,
        title_sv="A sluta",
        guideline=first,
        recommendation=RecommendationKind.DO_NOT_DO,
        **given,
    )

    pages = [
        client.get(f"/program/{programme.slug}/niva/vardcentral/").content.decode(),
        client.get(reverse("programmes:level", args=["vardcentral"])).content.decode(),
    ]

    for html in pages:
        order = sorted(
            ["A två", "A sex", "A sluta", "B ett", "B fyra"], key=lambda title: html.index(title)
        )
        assert order == ["A två", "A sex", "A sluta", "B ett", "B fyra"]


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/om-rekommendationer/",
            [
                "Om rekommendationerna",
                "bör erbjudas",
                "kan i undantagsfall erbjudas",
                "Rangordningen jämförs bara inom en riktlinje",
                "Icke-göra: insatsen bör inte ges.",
            ],
        ),
        (
            "/en/about-recommendations/",
            [
                "About the recommendations",
                "should be offered",
                "may be offered in exceptional",
                "Ranks are compared only within one guideline",
                "FoU: the intervention",
            ],
        ),
    ],
)
def test_the_scale_page_explains_every_kind_and_lists_the_guidelines_in_use(
    client, django_assert_num_queries, url, texts
):
    with django_assert_num_queries(3):
        response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text in html
    assert 'id="nr-missbruk-beroende-2019"' in html
    assert 'id="nr-schizofreni-2018"' in html
    assert 'href="' + Programme.objects.get(slug="schizofreni").get_absolute_url() in html


def test_the_scale_page_reads_the_same_queries_however_many_guidelines(
    client, django_assert_num_queries, programme, section
):
    for _ in range(3):
        make_intervention(programme, section)

    with django_assert_num_queries(3):
        assert client.get("/om-rekommendationer/").status_code == 200


def test_the_footer_links_to_the_scale(client):
    html = client.get("/").content.decode()

    assert 'href="/om-rekommendationer/">Om rekommendationerna</a>' in html


def test_the_demo_has_fou_and_icke_gora_and_marks_them_as_demo(client):
    kinds = set(
        ContentNode.objects.filter(kind=ContentNode.Kind.INTERVENTION).values_list(
            "recommendation", flat=True
        )
    )
    stop = ContentNode.objects.get(slug="akupunktur-vid-alkoholberoende")

    html = client.get(
        "/program/missbruk-och-beroende/behandling-och-stod/akupunktur-vid-alkoholberoende/"
    ).content.decode()

    assert set(RecommendationKind.values) <= kinds
    assert stop.recommendation == RecommendationKind.DO_NOT_DO
    assert "Bör inte göras (icke-göra)" in html
    assert "Demoinnehåll: rekommendationen är satt som ett exempel" in html


def test_the_demo_programmes_carry_their_icd10_codes():
    codes = dict(Programme.objects.values_list("slug", "icd10_codes"))

    assert codes["adhd"] == "F90"
    assert codes["depression-och-angest"] == "F32–F33, F40–F41"
    assert codes["missbruk-och-beroende"] == "F10–F19"
    assert codes["sjalvskadebeteende"] == "X60–X84"
    assert codes["schizofreni"] == "F20–F29"
    assert Programme.objects.get(slug="schizofreni").covers_code("F25.1")
