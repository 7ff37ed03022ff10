"""The regional overview: every municipality's plans and phase, the county-wide coverage of
required levels, the latest status reports, and what is overdue."""

import datetime

import pytest
from django.urls import reverse

from implementation.models import Activity, PDSACycle, StatusReport
from implementation.selectors import regional_overview
from implementation.services import RowChange, part_save, targets_save
from programmes.models import Programme
from tests.factories import make_plan

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def cell(required, reached=None):
    return {
        "required_level": required,
        "reached_level": reached,
        "reached_on": datetime.date(2026, 1, 10) if reached else None,
    }


def test_each_municipality_shows_its_newest_plan_phase_and_latest_report(world):
    newer = make_plan(
        world.north,
        world.contact,
        title="Norrby 2028",
        period_start=datetime.date(2028, 1, 1),
        period_end=datetime.date(2028, 12, 31),
        phase=10,
    )
    for day, score in [(1, "1.0"), (20, "3.0")]:
        part_save(
            actor=world.contact,
            part=StatusReport(
                plan=world.plan, reported_on=datetime.date(2026, 5, day), score=score
            ),
        )

    overview = regional_overview(world.county)

    rows = {row.organisation: row for row in overview.rows}
    assert set(rows) == {world.north, world.south}
    assert rows[world.north].plan == newer
    assert rows[world.north].plans == [newer, world.plan]
    assert str(rows[world.north].latest_report.score) == "3.0"
    assert rows[world.south].latest_report is None


def test_coverage_counts_each_unit_once_by_its_newest_target(world):
    adhd = Programme.objects.get(slug="adhd")
    one, two = world.north_units
    targets_save(
        actor=world.contact,
        plan=world.plan,
        changes=[
            RowChange(unit=one, version=None, leader="", cells={adhd.pk: cell(2, 2)}),
            RowChange(unit=two, version=None, leader="", cells={adhd.pk: cell(3, 1)}),
        ],
    )
    # The administration's own, newer plan sets unit one a higher target, not yet reached.
    newer = make_plan(world.social, world.contact, period_start=datetime.date(2027, 1, 1))
    targets_save(
        actor=world.contact,
        plan=newer,
        changes=[RowChange(unit=one, version=None, leader="", cells={adhd.pk: cell(3, 2)})],
    )

    overview = regional_overview(world.county)

    cells = {
        programme.slug: (targeted, met) for programme, targeted, met in overview.coverage_cells
    }
    assert cells["adhd"] == (2, 0)
    north = next(row for row in overview.rows if row.organisation == world.north)
    assert {p.slug: (t, m) for p, t, m in north.coverage_cells}["adhd"] == (2, 0)


def test_what_is_overdue_is_listed_with_its_organisation(client, world):
    late = part_save(
        actor=world.contact,
        part=Activity(
            plan=world.plan,
            kind="training",
            title="Utbildning som aldrig blev av",
            date=YESTERDAY,
            duration=60,
            responsible="Eva",
        ),
    )
    part_save(
        actor=world.contact,
        part=Activity(
            plan=world.plan,
            kind="training",
            title="Genomförd utbildning",
            date=YESTERDAY,
            duration=60,
            responsible="Eva",
            status="done",
        ),
    )
    cycle = part_save(
        actor=world.south_contact,
        part=PDSACycle(
            plan=world.south_plan,
            title="Cykel utan beslut",
            start=YESTERDAY - datetime.timedelta(days=90),
            end=YESTERDAY,
            plan_text="Vi provar.",
        ),
    )
    client.force_login(world.process_support)

    response = client.get(reverse("implementation:overview", args=[world.county.pk]))

    overdue = response.context["overview"].overdue
    assert overdue["activities"] == [late]
    assert overdue["cycles"] == [cycle]
    body = response.content.decode()
    assert "Utbildning som aldrig blev av" in body and "Genomförd utbildning" not in body
    assert "Söderby kommun" in body


def test_an_overview_of_a_municipality_lists_its_administrations(client, world):
    client.force_login(world.contact)

    response = client.get(reverse("implementation:overview", args=[world.north.pk]))

    assert [row.organisation for row in response.context["overview"].rows] == [world.social]


def test_the_overview_shows_state_in_text_as_well_as_colour(client, world):
    adhd = Programme.objects.get(slug="adhd")
    targets_save(
        actor=world.contact,
        plan=world.plan,
        changes=[
            RowChange(
                unit=world.north_units[0], version=None, leader="", cells={adhd.pk: cell(2, 2)}
            )
        ],
    )
    client.force_login(world.process_support)

    body = client.get(reverse("implementation:overview", args=[world.county.pk])).content.decode()

    assert 'class="cell cell--met"' in body
    assert "1 av 1" in body
