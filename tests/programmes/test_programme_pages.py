"""What the programme, node, level and print pages show."""

import pytest
from django.urls import reverse

from programmes.models import ContentNode, ProgrammeLevel
from tests.factories import level, make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = make_programme(slug="adhd-test", name_sv="Testprogram", name_en="Test programme")
    signs = make_node(
        programme,
        slug="tidiga-tecken",
        kind="section",
        title_sv="Tidiga tecken",
        title_en="Early signs",
        body_sv="<p>Titta efter.</p>",
        care_levels=[level("elevhalsa")],
    )
    make_node(programme, signs, slug="i-skolan", title_sv="I skolan", title_en="At school")
    treatment = make_node(programme, slug="behandling", kind="section", title_sv="Behandling")
    make_intervention(
        programme,
        treatment,
        slug="foraldrastod",
        title_sv="Föräldrastöd",
        title_en="Parent support",
        priority=2,
        procedure_sv="<p>Tio träffar.</p><script>alert(1)</script>",
        care_levels=[level("elevhalsa")],
    )
    make_intervention(
        programme,
        treatment,
        slug="okand-evidens",
        title_sv="Samtalsstöd",
        recommendation="none",
        recommendation_reason_sv="Ingår inte i riktlinjerna.",
        care_levels=[level("elevhalsa")],
    )
    responsibility = ProgrammeLevel.objects.create(
        programme=programme,
        care_level=level("elevhalsa"),
        early_detection=True,
        support=True,
        responsibility_sv="Elevhälsan upptäcker tidigt.",
        refer_when_sv="Vid misstanke om adhd.",
        responsibility_en="Pupil health detects early.",
    )
    responsibility.refer_to.set([level("bup")])
    return programme


def test_sections_are_numbered_and_urls_follow_the_tree(client, programme):
    html = client.get(programme.get_absolute_url()).content.decode()

    assert "/program/adhd-test/tidiga-tecken/i-skolan/" in html
    assert '<span class="tree__number">1.1</span> I skolan' in html
    assert '<span class="tree__number">2.1</span> Föräldrastöd' in html


def test_page_shows_its_place_and_breadcrumbs(client, programme):
    response = client.get("/program/adhd-test/tidiga-tecken/i-skolan/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/program/adhd-test/tidiga-tecken/">1 Tidiga tecken</a>' in html
    assert '<span aria-current="page">1.1 I skolan</span>' in html


def test_intervention_page_shows_its_structured_fields(client, programme):
    html = client.get("/program/adhd-test/behandling/foraldrastod/").content.decode()

    assert "Kunskapsläge" in html and "Bör erbjudas (prioritet 2 av 10)" in html
    assert "Genomförande" in html and "<p>Tio träffar.</p>" in html
    assert "<script>" not in html.split("<main", 1)[1], "rich text is sanitised"
    assert "Elevhälsa" in html


def test_intervention_without_recommendation_shows_why(client, programme):
    html = client.get("/program/adhd-test/behandling/okand-evidens/").content.decode()

    assert "Ingen nationell rekommendation" in html and "Ingår inte i riktlinjerna." in html


def test_programme_at_level_shows_responsibility_pages_and_interventions(client, programme):
    html = client.get("/program/adhd-test/niva/elevhalsa/").content.decode()

    assert "Elevhälsan upptäcker tidigt." in html
    assert "Vid misstanke om adhd." in html
    assert 'href="/program/adhd-test/niva/bup/"' in html
    assert "Tidiga tecken" in html
    assert html.index("Föräldrastöd") < html.index("Samtalsstöd"), "a priority before none"


def test_programme_at_level_in_english(client, programme):
    html = client.get("/en/programmes/adhd-test/level/elevhalsa/").content.decode()

    assert "Pupil health detects early." in html
    assert "Parent support" in html
    assert 'href="/en/programmes/adhd-test/level/elevhalsa/summary/"' in html


def test_level_without_responsibility_still_answers(client, programme):
    response = client.get("/program/adhd-test/niva/aldreomsorg/")

    assert response.status_code == 200
    assert "beskriver inget särskilt ansvar" in response.content.decode()


def test_meeting_summary_is_rendered_for_print_and_stores_nothing(client, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/program/adhd-test/niva/elevhalsa/sammanfattning/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Elevhälsan upptäcker tidigt." in html and "Föräldrastöd" in html
    assert "112" in html and "1177" in html
    assert 'media="print"' in html
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


def test_level_page_shows_every_programme_from_that_level(client, programme):
    html = client.get(reverse("programmes:level", args=["elevhalsa"])).content.decode()

    assert "Testprogram" in html
    assert "Föräldrastöd" in html
    assert 'href="/program/adhd-test/behandling/foraldrastod/"' in html


def test_level_page_of_a_parent_offers_the_levels_below(client, programme):
    html = client.get(reverse("programmes:level", args=["primarvard"])).content.decode()

    for child in ("Vårdcentral", "Ungdomsmottagning", "Barnhälsovård"):
        assert child in html


def test_patient_pages_show_public_content_and_where_to_turn(client, programme):
    make_node(
        programme,
        slug="om-adhd-for-dig",
        title_sv="Vad är adhd?",
        audience="public",
        body_sv="<p>Enkel text.</p>",
    )
    make_node(programme, slug="bara-personal", title_sv="Bara för personal", audience="staff")

    html = client.get(reverse("programmes:for_you_programme", args=["adhd-test"])).content.decode()

    assert "Vad är adhd?" in html and "<p>Enkel text.</p>" in html
    assert "Bara för personal" not in html
    assert "1177" in html and "112" in html and "90101" in html


def test_archived_programme_says_so(client, programme):
    programme.status = programme.Status.ARCHIVED
    programme.save()

    assert "arkiverat" in client.get(programme.get_absolute_url()).content.decode()


def test_rich_text_is_sanitised_when_saved(programme):
    node = ContentNode.objects.get(slug="foraldrastod")
    node.body_sv = (
        '<p onclick="x()">Hej <a href="javascript:alert(1)">länk</a></p><style>p{}</style>'
    )
    node.save()
    node.refresh_from_db()

    assert "onclick" not in node.body_sv
    assert "javascript:" not in node.body_sv
    assert "<style>" not in node.body_sv
    assert "Hej" in node.body_sv
