"""The meeting summary: the interventions discussed chosen with a plain GET form, early
signs, what to assess, when and where to refer, the chosen place's local route, and the
page's own address as text and as a QR code."""

import html as html_lib
import re

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programmes.local import PLACE_COOKIE
from programmes.models import ProgrammeLevel
from programmes.views.summary import MAX_CHOICES, qr_svg
from tests.factories import (
    level,
    make_county,
    make_intervention,
    make_municipality,
    make_node,
    make_programme,
    make_published_addition,
    make_region,
)

pytestmark = pytest.mark.django_db

#: Queries of the summary with these many interventions: the same for one or for many.
SUMMARY_QUERIES = 9


@pytest.fixture
def programme():
    programme = make_programme(slug="motesprogram", name_sv="Mötesprogram", name_en="Meetings")
    signs = make_node(
        programme,
        slug="tidiga-tecken",
        kind="section",
        title_sv="Tidiga tecken",
        title_en="Early signs",
        summary_sv="Mönster som ska väcka frågan.",
        summary_en="Patterns that should raise the question.",
    )
    make_node(
        programme,
        signs,
        slug="i-skolan",
        title_sv="Tecken i skolan",
        title_en="Signs at school",
        summary_sv="Svårt att komma igång med uppgifter.",
        summary_en="Hard to get started on tasks.",
        care_levels=[level("elevhalsa")],
    )
    make_node(
        programme,
        signs,
        slug="hos-aldre",
        title_sv="Tecken hos äldre",
        summary_sv="Syns i äldreomsorgen.",
        care_levels=[level("aldreomsorg")],
    )
    assess = make_node(
        programme,
        slug="kartlaggning-och-utredning",
        kind="section",
        title_sv="Kartläggning och utredning",
        title_en="Assessment",
        summary_sv="Vad som ska bedömas.",
    )
    make_intervention(
        programme,
        assess,
        slug="kartlaggande-samtal",
        title_sv="Kartläggande samtal",
        title_en="Assessment conversation",
        summary_sv="Ett strukturerat samtal med eleven.",
        care_levels=[level("elevhalsa")],
    )
    treatment = make_node(programme, slug="behandling", kind="section", title_sv="Behandling")
    for number in range(1, 4):
        make_intervention(
            programme,
            treatment,
            slug=f"insats-{number}",
            title_sv=f"Insats nummer {number}",
            title_en=f"Intervention number {number}",
            summary_sv=f"Sammanfattning {number}.",
            care_levels=[level("elevhalsa")],
        )
    responsibility = ProgrammeLevel.objects.create(
        programme=programme,
        care_level=level("elevhalsa"),
        early_detection=True,
        assessment=True,
        responsibility_sv="Elevhälsan upptäcker och kartlägger.",
        responsibility_en="Pupil health detects and assesses.",
        refer_when_sv="När stödet i skolan inte räcker.",
        refer_when_en="When the support at school is not enough.",
    )
    responsibility.refer_to.set([level("bup")])
    return programme


def summary_url(programme, language="sv") -> str:
    with translation.override(language):
        return reverse("programmes:meeting_summary", args=[programme.slug, "elevhalsa"])


def main(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def discussed(html: str) -> list[str]:
    part = section(html, "discussed-heading")
    return re.findall(r"<li><strong>([^<]+)</strong>", part)


# Choosing the interventions --------------------------------------------------------------


def test_no_choice_shows_every_intervention_at_the_level_all_ticked(client, programme):
    response = client.get(summary_url(programme))

    html = main(response)
    assert response.status_code == 200
    assert sorted(discussed(html)) == [
        "Insats nummer 1",
        "Insats nummer 2",
        "Insats nummer 3",
        "Kartläggande samtal",
    ]
    assert html.count('type="checkbox" name="insats"') == 4
    assert html.count(" checked>") == 4
    assert 'form method="get"' in html


def test_the_chosen_interventions_are_the_only_ones_discussed(client, programme):
    response = client.get(summary_url(programme), {"insats": ["insats-3", "insats-1"]})

    html = main(response)
    assert response.status_code == 200
    assert discussed(html) == ["Insats nummer 1", "Insats nummer 3"]
    assert "Insatser som diskuterades" in html
    assert 'value="insats-1" id="insats-' in html
    assert html.count(" checked>") == 2


def test_choosing_stores_nothing(client, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(summary_url(programme), {"insats": "insats-2"})

    assert response.status_code == 200
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert "no-store" in response["Cache-Control"]


def test_an_intervention_the_level_does_not_have_is_left_out_and_said(client, programme):
    response = client.get(summary_url(programme), {"insats": ["insats-2", "finns-inte"]})

    html = main(response)
    assert response.status_code == 200
    assert discussed(html) == ["Insats nummer 2"]
    assert "1 insats i adressen finns inte längre på den här nivån" in html


@pytest.mark.parametrize(
    "values",
    [
        ['"><script>alert(1)</script>'],
        ["insats-1", "Insats Ett"],
        ["a" * 81],
        ["insats-1"] * (MAX_CHOICES + 1),
    ],
)
def test_an_absurd_choice_is_refused_with_a_clear_message(client, programme, values):
    response = client.get(summary_url(programme), {"insats": values})

    html = main(response)
    assert response.status_code == 400
    assert 'class="form-errors" role="alert"' in html
    assert "Adressen anger insatserna på ett sätt som sidan inte kan läsa" in html
    assert "<script>alert(1)" not in html
    assert len(discussed(html)) == 4, "the summary still shows every intervention"


# What the summary says -------------------------------------------------------------------


def test_early_signs_show_the_section_and_the_levels_pages_as_short_summaries(client, programme):
    html = main(client.get(summary_url(programme)))

    signs = section(html, "early-signs-heading")
    assert "Tidiga tecken" in signs
    assert "Mönster som ska väcka frågan." in signs
    assert "Tecken i skolan" in signs and "Svårt att komma igång med uppgifter." in signs
    assert "Tecken hos äldre" not in signs


def test_what_to_assess_shows_the_assessment_at_the_level(client, programme):
    html = main(client.get(summary_url(programme)))

    assess = section(html, "assessment-heading")
    assert "Vad som ska bedömas." in assess
    assert "Kartläggande samtal" in assess and "Ett strukturerat samtal med eleven." in assess


def test_when_and_where_to_refer(client, programme):
    html = main(client.get(summary_url(programme)))

    refer = html.split('id="refer-heading"', 1)[1].split('id="discussed-heading"', 1)[0]
    assert "Elevhälsan upptäcker och kartlägger." in refer
    assert "När stödet i skolan inte räcker." in refer
    assert 'href="/program/motesprogram/niva/bup/"' in refer


def test_the_summary_in_english(client, programme):
    response = client.get(summary_url(programme, "en"), {"insats": "insats-1"})

    html = main(response)
    assert response.status_code == 200
    assert "Early signs" in html and "Signs at school" in html
    assert "When the support at school is not enough." in html
    assert discussed(html) == ["Intervention number 1"]
    assert "Choose the interventions discussed" in html
    assert "/en/programmes/motesprogram/level/elevhalsa/summary/?insats=insats-1" in html


# The local route -------------------------------------------------------------------------


@pytest.fixture
def place(programme):
    county = make_county("Möteslän")
    region = make_region(county, "Region Möteslän")
    municipality = make_municipality(county, "Mötesby kommun")
    make_published_addition(
        municipality, programme, care_level=level("elevhalsa"), title="Elevhälsans väg i Mötesby"
    )
    chosen = programme.nodes.get(slug="insats-2")
    make_published_addition(region, programme, intervention=chosen, title="Regionens insats 2")
    return municipality


def test_the_national_view_has_no_local_route(client, programme, place):
    html = main(client.get(summary_url(programme)))

    assert "local-route-heading" not in html
    assert "Elevhälsans väg i Mötesby" not in html


def test_a_chosen_place_shows_its_local_route_for_the_level_and_the_interventions(
    client, programme, place
):
    response = client.get(summary_url(programme), {"plats": place.slug})

    html = main(response)
    route = html.split('id="local-route-heading"', 1)[1].split('id="where-to-turn-heading"', 1)[0]
    assert "Lokala rutiner i Mötesby kommun" in html
    assert "Elevhälsans väg i Mötesby" in route
    assert "Regionens insats 2" in route
    assert f'<input type="hidden" name="plats" value="{place.slug}">' in html

    narrowed = main(client.get(summary_url(programme), {"plats": place.slug, "insats": "insats-1"}))
    assert "Elevhälsans väg i Mötesby" in narrowed
    assert "Regionens insats 2" not in narrowed


def test_a_remembered_place_shows_its_local_route_too(programme, place):
    client = Client()
    client.cookies[PLACE_COOKIE] = place.slug

    html = main(client.get(summary_url(programme)))

    assert "Elevhälsans väg i Mötesby" in html


# The address and the QR code -------------------------------------------------------------


def address_of(html: str) -> str:
    return html_lib.unescape(re.search(r'class="summary-address__url" href="([^"]+)"', html)[1])


def test_the_address_names_the_choice_in_list_order_and_the_place(client, programme, place):
    html = main(
        client.get(
            summary_url(programme), {"insats": ["insats-3", "insats-1"], "plats": place.slug}
        )
    )

    assert address_of(html) == (
        "http://testserver/program/motesprogram/niva/elevhalsa/sammanfattning/"
        f"?insats=insats-1&insats=insats-3&plats={place.slug}"
    )


def test_all_interventions_need_no_choice_in_the_address(client, programme):
    html = main(client.get(summary_url(programme)))

    assert (
        address_of(html) == "http://testserver/program/motesprogram/niva/elevhalsa/sammanfattning/"
    )


def test_the_qr_code_encodes_the_pages_address(client, programme):
    html = main(client.get(summary_url(programme), {"insats": "insats-2"}))
    address = address_of(html)

    drawn = re.search(r'<figure class="summary-qr">(.*?)</figure>', html, re.S)[1]
    assert drawn == qr_svg(address, "QR-kod med adressen till den här sammanfattningen")
    path = re.search(r'stroke="#000" d="([^"]+)"', drawn)[1]
    expected = segno.make(address, error="m").svg_inline(scale=1, border=4)
    assert f'd="{path}"' in expected, "the same modules as segno draws for the address"


def test_the_qr_code_is_named_and_has_no_inline_style(client, programme):
    html = main(client.get(summary_url(programme)))
    svg = re.search(r"<svg.*?</svg>", html, re.S)[0]

    assert svg.startswith('<svg role="img" ')
    assert "<title>QR-kod med adressen till den här sammanfattningen</title>" in svg
    assert "style" not in svg


# Queries ---------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_interventions_chosen(
    programme, place, django_assert_num_queries
):
    url = summary_url(programme)
    for choice in ([], ["insats-1"], ["insats-1", "insats-2", "insats-3", "kartlaggande-samtal"]):
        with django_assert_num_queries(SUMMARY_QUERIES):
            assert Client().get(url, {"insats": choice}).status_code == 200
        with django_assert_num_queries(SUMMARY_QUERIES + 2):  # the places, then their text
            response = Client().get(url, {"insats": choice, "plats": place.slug})
            assert response.status_code == 200
