"""The plan page, the target matrix and the regional overview read a fixed number of
queries, however many units, targets, activities and reports there are (pages with care
pathways: tests/implementation/test_pathway_planning.py)."""

import datetime

import pytest
from django.urls import reverse

from implementation.models import Activity, Measurement, StatusReport
from implementation.selectors import plan_units
from implementation.services import (
    RowChange,
    activity_save,
    gap_analysis_create,
    part_save,
    targets_save,
)
from programmes.models import Indicator, Programme
from tests.factories import level, make_administration, make_plan, make_unit

pytestmark = pytest.mark.django_db

#: Session, user, memberships (access), and the page's own reads (the targets form's
#: matrix reads the programmes and, in one more query, their care pathways; the overview
#: also reads the steps of the pathways' gap analyses and the measurements it adds up). The
#: plan page reads the plan with its latest change in one query, its matrix in three
#: (columns, units with their rows, targets: `selectors.plan_page`), and its gap analyses'
#: answers (with the steps that are gaps) in one more when it has an analysis.
PLAN_PAGE = 13
MATRIX_PAGE = 9
OVERVIEW_PAGE = 13


def grow(world, units: int):
    """Add `units` units with a target in every programme, an activity with an agenda, a
    status report and a measurement for each, to the plan of Norrby kommun."""
    administration = make_administration(world.north, f"Förvaltning {units}")
    for number in range(units):
        make_unit(administration, f"Enhet {units}-{number}", "missbruksvard")
    programmes = list(Programme.objects.filter(published=True))
    indicator = Indicator.objects.filter(published=True).first()
    changes = [
        RowChange(
            unit=unit,
            version=None,
            leader=f"Ledare {unit.pk}",
            cells={
                p.pk: {
                    "required_level": 2,
                    "reached_level": 1,
                    "reached_on": datetime.date(2026, 1, 2),
                }
                for p in programmes
            },
        )
        for unit in plan_units(world.plan)
        if unit.name.startswith("Enhet")
    ]
    targets_save(actor=world.contact, plan=world.plan, changes=changes)
    start = world.plan.measurements.count()
    for number in range(units):
        activity_save(
            actor=world.contact,
            activity=Activity(
                plan=world.plan,
                kind="apt",
                title=f"APT {units}-{number}",
                date=datetime.date(2026, 3, 1),
                duration=60,
                responsible="Eva",
            ),
            version=None,
            agenda=[{"title": "Punkt", "duration": 10, "minutes": ""}],
        )
        part_save(
            actor=world.contact,
            part=StatusReport(plan=world.plan, reported_on=datetime.date(2026, 2, 1), score="2.0"),
        )
        month = start + number
        part_save(
            actor=world.contact,
            part=Measurement(
                plan=world.plan,
                indicator=indicator,
                period_start=datetime.date(2020 + month // 12, month % 12 + 1, 1),
                period_end=datetime.date(2020 + month // 12, month % 12 + 1, 28),
                value=number,
            ),
        )
    make_plan(world.north, world.contact, title=f"Extra plan {units}")


@pytest.mark.parametrize("units", [1, 3, 12])
def test_the_plan_page_reads_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, units
):
    grow(world, units)
    client.force_login(world.reader)

    with django_assert_num_queries(PLAN_PAGE):
        response = client.get(world.plan.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["matrix"].rows) == 2 + units


@pytest.mark.parametrize("analyses", [1, 3])
def test_the_plan_page_reads_the_same_queries_however_many_gap_analyses(
    client, world, django_assert_num_queries, analyses
):
    grow(world, 2)
    programmes = list(Programme.objects.filter(published=True))[:analyses]
    for programme in programmes:
        gap_analysis_create(
            actor=world.contact,
            plan=world.plan,
            programme=programme,
            care_level=level("socialpsykiatri"),
            made_on=datetime.date(2026, 3, 1),
        )
    client.force_login(world.reader)

    with django_assert_num_queries(PLAN_PAGE + 1):
        response = client.get(world.plan.get_absolute_url())

    shown = response.context["gap_analyses"]
    assert [analysis.programme for analysis in shown] == programmes
    assert all(analysis.total == analysis.unknown > 0 for analysis in shown)


@pytest.mark.parametrize("units", [0, 3, 12])
def test_the_target_matrix_reads_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, units
):
    grow(world, units)
    client.force_login(world.contact)

    with django_assert_num_queries(MATRIX_PAGE):
        response = client.get(reverse("implementation:targets", args=[world.plan.pk]))

    assert len(response.context["rows"]) == 2 + units


@pytest.mark.parametrize("units", [0, 3, 12])
def test_the_regional_overview_reads_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, units
):
    grow(world, units)
    client.force_login(world.process_support)

    with django_assert_num_queries(OVERVIEW_PAGE):
        response = client.get(reverse("implementation:overview", args=[world.county.pk]))

    assert response.status_code == 200
    coverage = [
        (column, targeted)
        for column, targeted, _met in response.context["overview"].coverage_cells
        if column.pathway is None
    ]
    assert sum(targeted for _column, targeted in coverage) == units * len(coverage)
