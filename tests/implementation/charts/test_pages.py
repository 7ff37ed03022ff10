"""The indicator page with its chart, the chart settings, baselines and notes an editor
keeps, the downloads, who may change what, and the page's fixed number of queries."""

import datetime
import struct

import pytest
from django.urls import reverse

from implementation.followup.models import Baseline, ChartNote, ChartSetting
from implementation.models import Measurement
from implementation.services import part_save

pytestmark = pytest.mark.django_db

#: Session, user, memberships, plan, indicators, measurements, PDSA cycles, the three
#: reads of the chart's setting, baselines and notes, and whether open data follows it.
INDICATOR_PAGE = 11


def add_measurements(world, indicator, values, *, first=0, denominators=None):
    for offset, value in enumerate(values):
        number = first + offset
        start = datetime.date(2024 + number // 12, number % 12 + 1, 1)
        fields = {"value": value}
        if denominators:
            fields = {"numerator": value, "denominator": denominators[offset]}
        part_save(
            actor=world.contact,
            part=Measurement(
                plan=world.plan,
                indicator=indicator,
                period_start=start,
                period_end=start + datetime.timedelta(days=27),
                **fields,
            ),
        )


@pytest.fixture
def indicator(parts):
    return parts["indicator"]


def page_url(world, indicator, query=""):
    return reverse("implementation:indicator", args=[world.plan.pk, indicator.pk]) + query


def url(name, world, indicator, *more):
    return reverse(f"implementation:{name}", args=[world.plan.pk, indicator.pk, *more])


@pytest.mark.parametrize("count", [0, 30])
def test_the_indicator_page_reads_a_fixed_number_of_queries(
    client, world, indicator, django_assert_num_queries, count
):
    add_measurements(world, indicator, range(10, 10 + count), first=25)
    Baseline.objects.create(plan=world.plan, indicator=indicator, start=datetime.date(2026, 1, 1))
    ChartNote.objects.create(
        plan=world.plan, indicator=indicator, date=datetime.date(2026, 2, 1), text="Ny rutin"
    )
    client.force_login(world.contact)

    with django_assert_num_queries(INDICATOR_PAGE):
        response = client.get(page_url(world, indicator))

    assert response.status_code == 200
    assert len(response.context["measurements"]) == count + 1


def test_the_chart_follows_the_kind_of_measure_and_can_be_switched(client, world, indicator):
    indicator.measure_kind = "value"
    indicator.save()
    client.force_login(world.reader)

    usual = client.get(page_url(world, indicator))
    switched = client.get(page_url(world, indicator, "?chart=run"))

    assert usual.context["choice"].kind == "i"
    assert switched.context["choice"].kind == "run"
    assert 'aria-current="page"' in switched.content.decode()


def test_an_unknown_chart_in_the_query_string_gets_a_message_and_400(client, world, indicator):
    client.force_login(world.reader)

    response = client.get(page_url(world, indicator, "?chart=<b>pie</b>"))

    assert response.status_code == 400
    text = response.content.decode()
    assert "Det finns inget diagram som heter ”&lt;b&gt;pie&lt;/b&gt;”" in text
    assert "<svg" in text


def test_a_p_chart_without_denominators_says_why_and_shows_an_i_chart(client, world, indicator):
    client.force_login(world.reader)

    response = client.get(page_url(world, indicator, "?chart=p"))

    assert response.status_code == 400
    assert response.context["choice"].kind == "i"
    assert "kräver täljare och nämnare för varje mätning" in response.content.decode()


def test_a_p_chart_from_numerators_and_denominators_has_limits(client, world, indicator):
    add_measurements(world, indicator, [10, 12, 30], first=30, denominators=[100, 100, 100])
    # The fixture's first measurement has a value only: remove it.
    Measurement.objects.filter(plan=world.plan, numerator=None).delete()
    client.force_login(world.reader)

    response = client.get(page_url(world, indicator, "?chart=p"))

    assert response.status_code == 200
    assert response.context["chart"].analysis.has_limits
    assert "Styrgränserna varierar med varje periods nämnare." in response.content.decode()


def test_a_reader_sees_the_chart_but_no_forms(client, world, indicator):
    client.force_login(world.reader)

    text = client.get(page_url(world, indicator)).content.decode()

    assert url("baseline_create", world, indicator) not in text
    assert url("chart_setting", world, indicator) not in text
    assert "Signaler" in text


def test_a_reader_cannot_change_the_chart(client, world, indicator):
    client.force_login(world.reader)

    response = client.post(url("chart_setting", world, indicator), {"setting-chart_kind": "run"})

    assert response.status_code == 404
    assert not ChartSetting.objects.exists()


def test_a_leader_saves_the_chart_kind_and_target(client, world, indicator):
    client.force_login(world.leader)

    response = client.post(
        url("chart_setting", world, indicator),
        {"setting-chart_kind": "run", "setting-target": "15,5"},
    )

    assert response.status_code == 302
    setting = ChartSetting.objects.get(plan=world.plan, indicator=indicator)
    assert (setting.chart_kind, str(setting.target)) == ("run", "15.50")
    page = client.get(page_url(world, indicator))
    assert page.context["choice"].kind == "run"
    assert "Målet är 15,5." in page.context["chart"].summary


def test_a_baseline_freezes_the_centre_line_and_can_be_removed(client, world, indicator):
    add_measurements(world, indicator, [3, 1] * 6 + [10] * 8, first=0)
    client.force_login(world.contact)

    response = client.post(
        url("baseline_create", world, indicator),
        {"baseline-start": "2024-01-01", "baseline-points": "12", "baseline-reason": ""},
    )

    assert response.status_code == 302
    chart = client.get(page_url(world, indicator, "?chart=run")).context["chart"]
    assert chart.analysis.centre[0] == 2
    # The 8 values of 10 and the fixture's 12 from January 2026.
    assert "9 punkter i rad över medianen sedan januari 2025." in chart.sentences
    baseline = Baseline.objects.get()
    client.post(url("baseline_delete", world, indicator, baseline.pk))
    assert not Baseline.objects.exists()


def test_a_baseline_after_the_data_is_refused_with_a_message(client, world, indicator):
    client.force_login(world.contact)

    response = client.post(
        url("baseline_create", world, indicator),
        {"baseline-start": "2030-01-01", "baseline-points": "12"},
    )

    assert response.status_code == 400
    assert "Baslinjen måste börja senast vid den senaste mätningen" in response.content.decode()
    assert not Baseline.objects.exists()


def test_a_note_is_added_and_shown_on_the_chart(client, world, indicator):
    client.force_login(world.contact)

    response = client.post(
        url("chart_note_create", world, indicator),
        {"note-date": "2026-01-15", "note-text": "Ny rutin för uppföljning"},
    )

    assert response.status_code == 302
    chart = client.get(page_url(world, indicator)).context["chart"]
    assert "Anteckning 1, 15 januari 2026: Ny rutin för uppföljning" in chart.summary


def test_a_note_without_text_gets_a_message(client, world, indicator):
    client.force_login(world.contact)

    response = client.post(url("chart_note_create", world, indicator), {"note-date": "x"})

    assert response.status_code == 400
    assert not ChartNote.objects.exists()


def test_the_chart_downloads_as_svg_and_png(client, world, indicator):
    client.force_login(world.reader)

    svg = client.get(url("chart_svg", world, indicator) + "?chart=run")
    png = client.get(url("chart_png", world, indicator))

    assert svg["Content-Type"].startswith("image/svg+xml")
    assert svg["Content-Disposition"] == (
        f'attachment; filename="{indicator.slug}-run-{world.plan.pk}.svg"'
    )
    assert b'role="img"' in svg.content
    assert png["Content-Type"] == "image/png"
    assert png["Content-Disposition"].endswith('.png"')
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png.content[16:24])[0] == 1280


def test_a_download_of_an_unknown_chart_is_a_400(client, world, indicator):
    client.force_login(world.reader)

    response = client.get(url("chart_png", world, indicator) + "?chart=pie")

    assert response.status_code == 400


def test_someone_outside_the_plan_gets_nothing(client, world, indicator):
    client.force_login(world.south_contact)

    assert client.get(page_url(world, indicator)).status_code == 404
    assert client.get(url("chart_svg", world, indicator)).status_code == 404
