"""The county's roll-up on the regional overview: each municipality's progress score over
time (a chart and a table), the measurements with numerator and denominator added up per
period, in a fixed number of queries however much there is."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from implementation.models import Measurement, StatusReport
from implementation.selectors import regional_overview
from implementation.services import part_save
from programmes.models import Indicator
from tests.factories import make_administration, make_plan, make_unit

pytestmark = pytest.mark.django_db

#: Session, user, memberships, the organisation, and the overview's own reads.
OVERVIEW_PAGE = 13


def report(world, plan, day, score, **fields):
    return part_save(
        actor=world.contact,
        part=StatusReport(plan=plan, reported_on=day, score=score, **fields),
    )


def measure(world, plan, indicator, month, numerator, denominator):
    start = datetime.date(2026, month, 1)
    return part_save(
        actor=world.contact,
        part=Measurement(
            plan=plan,
            indicator=indicator,
            period_start=start,
            period_end=start.replace(day=28),
            numerator=numerator,
            denominator=denominator,
        ),
    )


@pytest.fixture
def indicator():
    return Indicator.objects.filter(published=True).first()


def test_each_municipality_has_its_latest_score_per_quarter(world):
    report(world, world.plan, datetime.date(2026, 1, 10), "1.0")
    report(world, world.plan, datetime.date(2026, 2, 20), "1.5")  # later in Q1: this one
    report(world, world.plan, datetime.date(2026, 5, 2), "2.5")
    report(world, world.south_plan, datetime.date(2026, 4, 1), "0.5")

    overview = regional_overview(world.county)

    assert overview.quarters == [(2026, 1), (2026, 2)]
    scores = {
        series.organisation.name: [
            str(s) if s else None for s in series.by_quarter(overview.quarters)
        ]
        for series in overview.score_series
    }
    assert scores == {"Norrby kommun": ["1.5", "2.5"], "Söderby kommun": [None, "0.5"]}


def test_the_county_adds_up_numerators_and_denominators_per_period(world, indicator):
    measure(world, world.plan, indicator, 3, 10, 40)
    measure(world, world.south_plan, indicator, 3, 20, 60)
    measure(world, world.south_plan, indicator, 4, 5, 10)
    # A value without numerator and denominator cannot be added up.
    part_save(
        actor=world.contact,
        part=Measurement(
            plan=world.plan,
            indicator=indicator,
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2026, 4, 28),
            value=50,
        ),
    )

    [aggregate] = regional_overview(world.county).aggregates

    march, april = aggregate.periods
    assert (march.numerator, march.denominator, str(march.share)) == (30, 100, "30.0")
    assert {o.name for o in march.organisations} == {"Norrby kommun", "Söderby kommun"}
    assert (april.numerator, april.denominator, len(april.organisations)) == (5, 10, 1)


def test_an_organisation_counts_once_by_its_newest_plan_and_not_again_below(world, indicator):
    newer = make_plan(world.north, world.contact, period_start=datetime.date(2027, 1, 1))
    measure(world, world.plan, indicator, 3, 1, 50)
    measure(world, newer, indicator, 3, 10, 40)
    # The administration's figure is part of the municipality's: not added again.
    measure(world, make_plan(world.social, world.contact), indicator, 3, 7, 7)

    [aggregate] = regional_overview(world.county).aggregates

    [march] = aggregate.periods
    assert (march.numerator, march.denominator) == (10, 40)
    assert [o.name for o in march.organisations] == ["Norrby kommun"]


def test_the_overview_draws_the_scores_as_an_accessible_chart_with_a_table(client, world):
    report(world, world.plan, datetime.date(2026, 1, 10), "1.0")
    report(world, world.plan, datetime.date(2026, 5, 2), "2.5")
    report(world, world.south_plan, datetime.date(2026, 4, 1), "0.5")
    client.force_login(world.process_support)

    html = client.get(reverse("implementation:overview", args=[world.county.pk])).content.decode()

    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.S).group(0)
    assert 'aria-labelledby="score-chart-title score-chart-desc"' in svg
    assert '<title id="score-chart-title">' in svg and '<desc id="score-chart-desc">' in svg
    assert "style=" not in svg
    assert svg.count("<polyline") == 1  # Söderby has one point: a marker, no line
    table = html[html.index('id="scores-caption"') :]
    table = table[: table.index("</table>")]
    assert re.search(r"Norrby kommun</th><td>1[.,]0</td><td>2[.,]5</td>", table)
    assert re.search(r"Söderby kommun</th><td>–</td><td>0[.,]5</td>", table)


def test_the_overview_reads_the_same_queries_however_much_is_rolled_up(
    client, world, indicator, django_assert_num_queries
):
    client.force_login(world.process_support)
    address = reverse("implementation:overview", args=[world.county.pk])
    report(world, world.plan, datetime.date(2026, 1, 10), "1.0", support_needed="Hjälp")
    measure(world, world.plan, indicator, 1, 1, 2)

    with django_assert_num_queries(OVERVIEW_PAGE):
        small = client.get(address)
    for number in range(4):
        unit = make_unit(
            make_administration(world.south, f"Förvaltning {number}"), f"E{number}", "missbruksvard"
        )
        plan = make_plan(unit, world.contact)
        for month in range(1, 4):
            measure(world, plan, indicator, month, 3, 9)
            report(world, plan, datetime.date(2026, month, 5), "2.0", support_needed="Stöd")
    answered = StatusReport.objects.filter(
        plan__organisation__path__startswith=world.south.path
    ).first()
    StatusReport.objects.filter(pk=answered.pk).update(
        support_reply="Vi hör av oss.",
        support_replied_by=world.process_support,
        support_replied_at=datetime.datetime(2026, 3, 9, 10, tzinfo=datetime.UTC),
    )
    with django_assert_num_queries(OVERVIEW_PAGE):
        big = client.get(address)

    assert small.status_code == big.status_code == 200
    assert len(big.context["overview"].aggregates[0].periods) == 3
    assert "Vi hör av oss." in big.content.decode()


def test_the_overview_workbook_carries_the_roll_up(client, world, indicator):
    report(world, world.plan, datetime.date(2026, 1, 10), "1.5", support_needed="Hjälp")
    measure(world, world.plan, indicator, 3, 10, 40)
    measure(world, world.south_plan, indicator, 3, 20, 60)
    client.force_login(world.process_support)

    response = client.get(reverse("implementation:overview_xlsx", args=[world.county.pk]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    scores, added, support = (
        list(book[name].iter_rows(values_only=True)) for name in book.sheetnames[-3:]
    )
    assert scores[1] == ("Norrby kommun", 1.5)
    assert added[1][3:7] == (30, 100, 30, 2)
    assert support[1][1] == "Norrby kommun" and support[1][3] == "Hjälp"
