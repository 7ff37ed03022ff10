"""Creating, changing and deleting plans and their parts: by those with the right, refused
with 404 and no change for everyone else, forged ids and fields included."""

import datetime

import pytest
from django.urls import reverse

from implementation.models import Activity, AgendaItem, Plan, PlanUnit, StatusReport, Target
from implementation.services import activity_save, part_save
from programmes.models import Programme
from tests.factories import make_plan

pytestmark = pytest.mark.django_db

PLAN_FIELDS = {
    "title": "Ny plan",
    "phase": "3",
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
    "ambition": "Alla känner till verktyget.",
}


def snapshot():
    """Everything a write could touch, to compare before and after."""
    return (
        list(Plan.objects.values_list("id", "title", "lock_version", "organisation_id")),
        list(Activity.objects.values_list("id", "title", "lock_version", "plan_id")),
        list(AgendaItem.objects.values_list("id", "title", "activity_id")),
        list(StatusReport.objects.values_list("id", "score", "plan_id")),
        list(PlanUnit.objects.values_list("id", "leader", "lock_version")),
        list(Target.objects.values_list("id", "required_level", "reached_level")),
    )


def activity_data(**changes):
    return {
        "kind": "apt",
        "title": "Arbetsplatsträff",
        "date": "2026-05-04",
        "duration": "60",
        "status": "planned",
        "responsible": "Eva Ek",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
        **changes,
    }


@pytest.mark.parametrize("role", ["contact", "editor"])
def test_those_who_manage_plans_create_one_for_their_organisation(client, world, role):
    client.force_login(getattr(world, role))

    response = client.post(
        reverse("implementation:plan_create"),
        {**PLAN_FIELDS, "organisation": world.social.pk},
    )

    plan = Plan.objects.get(title="Ny plan")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.organisation == world.social
    assert plan.history.get().history_user == getattr(world, role)


@pytest.mark.parametrize("role", ["leader", "reader", "process_support", "outsider"])
def test_others_cannot_create_a_plan(client, world, role):
    client.force_login(getattr(world, role))
    before = snapshot()

    response = client.post(
        reverse("implementation:plan_create"), {**PLAN_FIELDS, "organisation": world.north.pk}
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_a_plan_for_another_municipality_by_a_forged_field_is_not_found(client, world):
    client.force_login(world.contact)
    before = snapshot()

    response = client.post(
        reverse("implementation:plan_create"), {**PLAN_FIELDS, "organisation": world.south.pk}
    )

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    "role, status", [("contact", 302), ("editor", 302), ("leader", 404), ("reader", 404)]
)
def test_only_those_who_manage_plans_change_one(client, world, role, status):
    client.force_login(getattr(world, role))
    plan = world.plan

    response = client.post(
        reverse("implementation:plan_edit", args=[plan.pk]),
        {**PLAN_FIELDS, "title": "Ändrad titel", "version": plan.lock_version},
    )

    plan.refresh_from_db()
    assert response.status_code == status
    assert (plan.title == "Ändrad titel") == (status == 302)


def test_another_municipalitys_plan_cannot_be_changed_or_deleted(client, world):
    client.force_login(world.contact)
    other = world.south_plan
    before = snapshot()

    edit = client.post(
        reverse("implementation:plan_edit", args=[other.pk]),
        {**PLAN_FIELDS, "version": other.lock_version},
    )
    delete = client.post(
        reverse("implementation:plan_delete", args=[other.pk]), {"version": other.lock_version}
    )

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert snapshot() == before


def test_a_unit_contact_cannot_reach_the_municipalitys_plan_above_it(client, world):
    client.force_login(world.unit_contact)
    before = snapshot()

    response = client.post(
        reverse("implementation:activity_create", args=[world.plan.pk]), activity_data()
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_a_contact_deletes_a_plan_and_its_history_remains(client, world):
    client.force_login(world.contact)
    plan = world.plan

    response = client.post(
        reverse("implementation:plan_delete", args=[plan.pk]), {"version": plan.lock_version}
    )

    assert response.status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()
    deleted = Plan.history.filter(id=plan.pk, history_type="-").get()
    assert deleted.history_user == world.contact


@pytest.mark.parametrize("role, status", [("leader", 302), ("reader", 404), ("south_contact", 404)])
def test_activities_are_added_by_those_who_edit_the_plan(client, world, role, status):
    client.force_login(getattr(world, role))

    response = client.post(
        reverse("implementation:activity_create", args=[world.plan.pk]), activity_data()
    )

    assert response.status_code == status
    assert world.plan.activities.filter(title="Arbetsplatsträff").exists() == (status == 302)


def test_an_activity_with_a_unit_of_another_municipality_is_refused(client, world):
    client.force_login(world.contact)

    response = client.post(
        reverse("implementation:activity_create", args=[world.plan.pk]),
        activity_data(unit=world.south_unit.pk),
    )

    assert response.status_code == 400
    assert "Välj en av enheterna i planens organisation" in response.content.decode()
    assert not world.plan.activities.exists()


def test_an_activity_of_another_plan_is_not_found_through_this_plan(client, world):
    other = part_save(
        actor=world.south_contact,
        part=Activity(
            plan=world.south_plan,
            kind="training",
            title="Söderbys utbildning",
            date=datetime.date(2026, 4, 1),
            duration=60,
            responsible="Sara",
        ),
    )
    client.force_login(world.contact)

    for name in ("activity_edit", "activity_delete"):
        url = reverse(f"implementation:{name}", args=[world.plan.pk, other.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, activity_data(version=other.lock_version)).status_code == 404
    other.refresh_from_db()
    assert other.title == "Söderbys utbildning"


def test_a_forged_agenda_item_of_another_activity_is_not_found(client, world):
    theirs = activity_save(
        actor=world.south_contact,
        activity=Activity(
            plan=world.south_plan,
            kind="apt",
            title="Söderbys APT",
            date=datetime.date(2026, 4, 1),
            duration=60,
            responsible="Sara",
        ),
        version=None,
        agenda=[{"title": "Deras punkt", "duration": 10, "minutes": "Hemligt"}],
    )
    mine = part_save(
        actor=world.contact,
        part=Activity(
            plan=world.plan,
            kind="apt",
            title="Norrbys APT",
            date=datetime.date(2026, 4, 1),
            duration=60,
            responsible="Eva",
        ),
    )
    item = theirs.agenda.get()
    client.force_login(world.contact)
    before = snapshot()

    response = client.post(
        reverse("implementation:activity_edit", args=[world.plan.pk, mine.pk]),
        activity_data(
            version=mine.lock_version,
            **{
                "agenda-TOTAL_FORMS": "1",
                "agenda-0-id": str(item.pk),
                "agenda-0-title": "Kapad",
                "agenda-0-minutes": "Ändrat",
            },
        ),
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_an_activity_keeps_its_agenda_and_minutes_in_order(client, world):
    client.force_login(world.contact)
    url = reverse("implementation:activity_create", args=[world.plan.pk])

    response = client.post(
        url,
        activity_data(
            status="done",
            **{
                "agenda-TOTAL_FORMS": "3",
                "agenda-0-title": "Introduktion",
                "agenda-0-duration": "10",
                "agenda-0-minutes": "Vi gick igenom bakgrunden.",
                "agenda-1-title": "",
                "agenda-2-title": "Testa verktyget",
                "agenda-2-duration": "40",
            },
        ),
    )

    assert response.status_code == 302
    activity = world.plan.activities.get()
    assert [(i.title, i.duration, i.minutes) for i in activity.agenda.all()] == [
        ("Introduktion", 10, "Vi gick igenom bakgrunden."),
        ("Testa verktyget", 40, ""),
    ]


def test_the_standard_first_meeting_agenda_is_offered_as_a_start(client, world):
    client.force_login(world.contact)

    response = client.get(
        reverse("implementation:activity_create", args=[world.plan.pk]) + "?agenda=first-meeting"
    )

    agenda = response.context["agenda"]
    assert [form.initial.get("duration") for form in agenda.forms[:3]] == [10, 10, 40]
    assert response.context["form"].initial["kind"] == Activity.Kind.WORKPLACE_MEETING
    body = response.content.decode()
    assert "Introduktion och sammanhang" in body
    assert "Testa verktyget tillsammans" in body


@pytest.mark.parametrize("role, status", [("contact", 302), ("editor", 404), ("leader", 404)])
def test_status_reports_come_from_the_contact_person(client, world, role, status):
    client.force_login(getattr(world, role))

    response = client.post(
        reverse("implementation:report_create", args=[world.plan.pk]),
        {"reported_on": "2026-11-01", "score": "3.5", "works": "Chefer är med."},
    )

    assert response.status_code == status
    if status == 302:
        report = world.plan.status_reports.get()
        assert report.author == world.contact
        assert str(report.score) == "3.5"


def test_deleting_a_part_needs_the_version_it_was_read_at(client, world):
    report = part_save(
        actor=world.contact,
        part=StatusReport(plan=world.plan, reported_on=datetime.date(2026, 1, 5), score="1.0"),
    )
    client.force_login(world.contact)
    url = reverse("implementation:report_delete", args=[world.plan.pk, report.pk])

    stale = client.post(url, {"version": "0"})
    garbled = client.post(url, {"version": "9" * 40})
    assert (stale.status_code, garbled.status_code) == (409, 409)
    assert StatusReport.objects.filter(pk=report.pk).exists()

    assert client.post(url, {"version": str(report.lock_version)}).status_code == 302
    assert not StatusReport.objects.filter(pk=report.pk).exists()


def test_a_deleted_plans_page_is_not_found(client, world):
    plan = make_plan(world.north, world.contact, title="Kortlivad plan")
    pk = plan.pk
    plan.delete()
    client.force_login(world.contact)

    assert client.get(reverse("implementation:plan", args=[pk])).status_code == 404


def test_a_plan_id_that_is_not_a_number_is_not_found(client, world):
    client.force_login(world.contact)

    for url in [
        "/genomforande/planer/abc/",
        "/genomforande/planer/1e9/",
        "/genomforande/planer/-1/",
    ]:
        assert client.get(url).status_code == 404
    huge = "/genomforande/planer/" + "9" * 30 + "/"
    assert client.get(huge).status_code == 404


def test_programmes_in_the_matrix_are_every_published_programme(world):
    from implementation.selectors import target_matrix

    matrix = target_matrix(world.plan)

    assert [p.slug for p in matrix.programmes] == list(
        Programme.objects.filter(published=True).values_list("slug", flat=True)
    )
    assert [row.unit for row in matrix.rows] == world.north_units
