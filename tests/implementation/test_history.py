"""Every change to a plan and its parts is recorded (who, when, what) and shown on the plan."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from implementation.history import plan_history
from implementation.models import Activity, StatusReport
from implementation.services import (
    RowChange,
    activity_save,
    part_delete,
    part_save,
    plan_save,
    targets_save,
)
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_a_change_to_the_plan_records_who_when_and_what(world):
    plan = world.plan
    plan.ambition = "Nivå 3 i socialpsykiatrin."
    plan.phase = 8
    plan_save(actor=world.editor, plan=plan, version=plan.lock_version)

    with translation.override("en"):
        latest = plan_history(plan)[0]

    assert latest.who == world.editor
    assert latest.action == "~"
    assert {(c.field, c.old, c.new) for c in latest.changes} == {
        ("ambition", "Alla enheter ska känna till programmen.", "Nivå 3 i socialpsykiatrin."),
        ("phase of the regional process", "7 Implementation plan", "8 Execution"),
    }
    assert latest.when <= datetime.datetime.now(datetime.UTC)


def test_parts_of_the_plan_are_in_its_history_and_other_plans_are_not(world):
    unit = world.north_units[0]
    adhd = Programme.objects.get(slug="adhd")
    targets_save(
        actor=world.leader,
        plan=world.plan,
        changes=[
            RowChange(
                unit=unit,
                version=None,
                leader="Anna Ek",
                cells={adhd.pk: {"required_level": 3, "reached_level": None, "reached_on": None}},
            )
        ],
    )
    activity = activity_save(
        actor=world.contact,
        activity=Activity(
            plan=world.plan,
            kind="apt",
            title="Första APT",
            date=datetime.date(2026, 2, 1),
            duration=60,
            responsible="Eva",
        ),
        version=None,
        agenda=[{"title": "Introduktion", "duration": 10, "minutes": ""}],
    )
    report = part_save(
        actor=world.contact,
        part=StatusReport(plan=world.plan, reported_on=datetime.date(2026, 2, 2), score="1.5"),
    )
    part_delete(actor=world.contact, part=report, version=report.lock_version)
    part_save(
        actor=world.south_contact,
        part=StatusReport(
            plan=world.south_plan, reported_on=datetime.date(2026, 2, 2), score="4.0"
        ),
    )

    with translation.override("en"):
        entries = plan_history(world.plan)
    seen = [(e.kind, e.what, e.action, e.who) for e in entries]

    assert ("unit in a plan", "Boendestöd Norr", "+", world.leader) in seen
    assert ("target", "Boendestöd Norr – ADHD", "+", world.leader) in seen
    assert ("activity", "Första APT", "+", world.contact) in seen
    assert ("agenda item", "Introduktion", "+", world.contact) in seen
    assert ("status report", "2026-02-02", "-", world.contact) in seen
    assert all(e.who != world.south_contact for e in entries)
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert activity.agenda.count() == 1


def test_a_save_that_changes_nothing_is_not_listed(world):
    before = len(plan_history(world.plan))

    plan_save(actor=world.contact, plan=world.plan, version=world.plan.lock_version)

    assert len(plan_history(world.plan)) == before


def test_the_history_page_shows_each_change_with_its_author(client, world):
    plan = world.plan
    plan.title = "Norrbys plan för VIP"
    plan_save(actor=world.editor, plan=plan, version=plan.lock_version)
    client.force_login(world.reader)

    response = client.get(reverse("implementation:history", args=[plan.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Norrbys plan för VIP" in body and "Plan för Norrby kommun" in body
    assert world.editor.first_name in body


def test_the_plan_page_says_who_changed_it_last(client, world):
    plan = world.plan
    plan.title = "Ny titel"
    plan_save(actor=world.editor, plan=plan, version=plan.lock_version)
    client.force_login(world.reader)

    body = client.get(plan.get_absolute_url()).content.decode()

    assert world.editor.first_name in body.split('class="timestamps"')[1]


def test_a_long_history_is_paged(client, world):
    plan = world.plan
    for number in range(55):
        plan.title = f"Titel {number}"
        plan = plan_save(actor=world.contact, plan=plan, version=plan.lock_version)
    client.force_login(world.contact)
    url = reverse("implementation:history", args=[plan.pk])

    first = client.get(url)
    second = client.get(url + "?sida=2")
    nonsense = client.get(url + "?sida=" + "x" * 500)

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 6
    assert nonsense.status_code == 200
