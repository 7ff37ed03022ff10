"""Two people editing the same plan: the second save is refused with a clear message and
the other change shown beside theirs; nothing is overwritten and nothing typed is lost."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from implementation.models import Activity, GapItem, Plan, PlanUnit, StatusReport
from implementation.services import (
    RowChange,
    gap_analysis_create,
    part_save,
    plan_save,
    targets_save,
)
from programmes.models import Programme
from programmes.versioning import EditConflict, versioned_save
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def two_clients(*users):
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def plan_form(client, plan):
    page = client.get(reverse("implementation:plan_edit", args=[plan.pk]))
    return form_data(page, None)


def test_the_second_of_two_saves_of_a_plan_is_refused_and_shows_the_first(world):
    first, second = two_clients(world.contact, world.editor)
    url = reverse("implementation:plan_edit", args=[world.plan.pk])
    mine, theirs = plan_form(first, world.plan), plan_form(second, world.plan)

    mine["ambition"] = "Alla enheter på nivå 2 före sommaren."
    assert first.post(url, mine).status_code == 302
    theirs["ambition"] = "Bara socialpsykiatrin i år."
    response = second.post(url, theirs)

    plan = Plan.objects.get(pk=world.plan.pk)
    assert response.status_code == 409
    assert plan.ambition == "Alla enheter på nivå 2 före sommaren."
    body = response.content.decode()
    assert "Någon annan sparade" in body
    assert world.contact.first_name in body
    # Both versions are on the page: theirs in the comparison, mine still in the form.
    assert "Alla enheter på nivå 2 före sommaren." in body
    assert "Bara socialpsykiatrin i år." in body
    assert response.context["form"]["version"].value() == str(plan.lock_version)


def test_saving_again_after_the_refusal_keeps_the_second_persons_text(world):
    first, second = two_clients(world.contact, world.editor)
    url = reverse("implementation:plan_edit", args=[world.plan.pk])
    mine, theirs = plan_form(first, world.plan), plan_form(second, world.plan)
    mine["title"] = "Först"
    first.post(url, mine)
    theirs["title"] = "Sist"
    refused = second.post(url, theirs)

    again = form_data(refused, None)
    assert second.post(url, again).status_code == 302
    assert Plan.objects.get(pk=world.plan.pk).title == "Sist"


def test_of_two_saves_from_the_same_version_exactly_one_wins(world):
    plan = Plan.objects.get(pk=world.plan.pk)
    copy_one, copy_two = Plan.objects.get(pk=plan.pk), Plan.objects.get(pk=plan.pk)
    copy_one.title, copy_two.title = "Ett", "Två"

    plan_save(actor=world.contact, plan=copy_one, version=plan.lock_version)
    with pytest.raises(EditConflict) as refused:
        plan_save(actor=world.editor, plan=copy_two, version=plan.lock_version)

    assert refused.value.current.title == "Ett"
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version + 1


def test_a_part_deleted_by_someone_else_while_edited_shows_what_was_typed(world):
    report = part_save(
        actor=world.contact,
        part=StatusReport(plan=world.plan, reported_on=datetime.date(2026, 3, 1), score="2.0"),
    )
    (client,) = two_clients(world.contact)
    url = reverse("implementation:report_edit", args=[world.plan.pk, report.pk])
    data = form_data(client.get(url), None)
    report.delete()

    data["difficulties"] = "Svårt att få tid på APT."
    response = client.post(url, data)

    assert response.status_code == 409
    assert "Svårt att få tid på APT." in response.content.decode()


def test_an_activity_saved_from_an_old_copy_is_refused_and_its_agenda_untouched(world):
    activity = part_save(
        actor=world.contact,
        part=Activity(
            plan=world.plan,
            kind="apt",
            title="APT",
            date=datetime.date(2026, 4, 1),
            duration=60,
            responsible="Eva",
        ),
    )
    first, second = two_clients(world.contact, world.leader)
    url = reverse("implementation:activity_edit", args=[world.plan.pk, activity.pk])
    mine, theirs = form_data(first.get(url), None), form_data(second.get(url), None)
    mine["status"] = "done"
    assert first.post(url, mine).status_code == 302
    theirs["status"] = "cancelled"
    theirs["agenda-0-title"] = "Ny punkt"

    response = second.post(url, theirs)

    activity.refresh_from_db()
    assert response.status_code == 409
    assert activity.status == "done"
    assert not activity.agenda.exists()
    assert "Ny punkt" in response.content.decode()


def test_the_second_save_of_the_same_matrix_row_is_refused_and_shows_the_first(world):
    first, second = two_clients(world.contact, world.leader)
    url = reverse("implementation:targets", args=[world.plan.pk])
    unit = world.north_units[0]
    adhd = Programme.objects.get(slug="adhd")
    mine, theirs = form_data(first.get(url), None), form_data(second.get(url), None)
    cell = f"u{unit.pk}-p{adhd.pk}"

    mine[f"{cell}-required"] = "3"
    mine[f"u{unit.pk}-leader"] = "Anna Ek"
    assert first.post(url, mine).status_code == 302
    theirs[f"{cell}-required"] = "1"
    response = second.post(url, theirs)

    row = PlanUnit.objects.get(plan=world.plan, unit=unit)
    assert response.status_code == 409
    assert row.leader == "Anna Ek"
    assert row.targets.get(programme=adhd).required_level == 3
    body = response.content.decode()
    assert "Någon annan sparade" in body and "Anna Ek" in body


def test_rows_nobody_else_touched_are_not_refused(world):
    """A conflict is per row: two people filling in different units both succeed."""
    first, second = two_clients(world.contact, world.leader)
    url = reverse("implementation:targets", args=[world.plan.pk])
    one, two = world.north_units
    adhd = Programme.objects.get(slug="adhd")
    mine, theirs = form_data(first.get(url), None), form_data(second.get(url), None)

    mine[f"u{one.pk}-p{adhd.pk}-required"] = "2"
    theirs[f"u{two.pk}-p{adhd.pk}-required"] = "3"

    assert first.post(url, mine).status_code == 302
    assert second.post(url, theirs).status_code == 302
    assert {
        t.row.unit_id: t.required_level
        for t in PlanUnit.objects.get(plan=world.plan, unit=one).targets.select_related("row")
    } == {one.pk: 2}
    assert PlanUnit.objects.get(plan=world.plan, unit=two).targets.get().required_level == 3


def test_a_matrix_row_first_created_by_someone_else_is_a_conflict_too(world):
    unit = world.north_units[0]
    adhd = Programme.objects.get(slug="adhd")
    cells = {adhd.pk: {"required_level": 2, "reached_level": None, "reached_on": None}}
    targets_save(
        actor=world.contact,
        plan=world.plan,
        changes=[RowChange(unit=unit, version=None, leader="", cells=cells)],
    )

    with pytest.raises(EditConflict):
        targets_save(
            actor=world.leader,
            plan=world.plan,
            changes=[RowChange(unit=unit, version=None, leader="Ola", cells=cells)],
        )
    assert PlanUnit.objects.get(plan=world.plan, unit=unit).leader == ""


def test_a_gap_analysis_saved_from_an_old_copy_is_refused(world):
    analysis = gap_analysis_create(
        actor=world.contact,
        plan=world.plan,
        programme=Programme.objects.get(slug="schizofreni"),
        care_level=world.north_units[0].care_level,
        made_on=datetime.date(2026, 2, 1),
    )
    first, second = two_clients(world.contact, world.leader)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])
    mine, theirs = form_data(first.get(url), None), form_data(second.get(url), None)
    item = analysis.items.first()
    mine[f"item-{item.pk}-offered"] = "yes"
    assert first.post(url, mine).status_code == 302
    theirs[f"item-{item.pk}-offered"] = "unknown"

    response = second.post(url, theirs)

    assert response.status_code == 409
    assert GapItem.objects.get(pk=item.pk).offered == "yes"


def test_a_new_row_starts_at_version_one_and_each_save_moves_it_on(world):
    report = StatusReport(plan=world.plan, reported_on=datetime.date(2026, 1, 1), score="1.5")
    versioned_save(report, actor=world.contact, version=None)
    assert report.lock_version == 1

    report.score = "2.0"
    versioned_save(report, actor=world.contact, version=1)
    assert StatusReport.objects.get(pk=report.pk).lock_version == 2
