"""Who may read, create, change and delete what: every view, every role.

Rights reach down the tree from where a person has a role, never up or sideways; a plan
someone may not see answers 404, as if it did not exist, and nothing changes.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from implementation.access import ROLE_CAPABILITIES, Access, Can
from implementation.models import Plan, Role

pytestmark = pytest.mark.django_db

ROLES = [
    "contact",
    "editor",
    "leader",
    "reader",
    "process_support",
    "south_contact",
    "unit_contact",
    "outsider",
]
#: who holds which capability on the plan of Norrby kommun
HOLDERS = {
    Can.VIEW: {"contact", "editor", "leader", "reader", "process_support"},
    Can.EDIT: {"contact", "editor", "leader"},
    Can.MANAGE: {"contact", "editor"},
    Can.REPORT: {"contact"},
}


def plan_pages(world, parts) -> dict[str, tuple[str, Can]]:
    """Every page of a plan, with the capability it needs."""
    p = world.plan.pk

    def url(name, *args):
        return reverse(f"implementation:{name}", args=[p, *args])

    pages = {
        "plan": (url("plan"), Can.VIEW),
        "plan_print": (url("plan_print"), Can.VIEW),
        "history": (url("history"), Can.VIEW),
        "plan_csv": (url("plan_csv"), Can.VIEW),
        "plan_xlsx": (url("plan_xlsx"), Can.VIEW),
        "indicator": (url("indicator", parts["indicator"].pk), Can.VIEW),
        "gap": (url("gap", parts["gap"].pk), Can.VIEW),
        "plan_edit": (url("plan_edit"), Can.MANAGE),
        "plan_delete": (url("plan_delete"), Can.MANAGE),
        "targets": (url("targets"), Can.EDIT),
        "gap_create": (url("gap_create"), Can.EDIT),
        "gap_delete": (url("gap_delete", parts["gap"].pk), Can.EDIT),
    }
    for name, capability in [
        ("activity", Can.EDIT),
        ("measurement", Can.EDIT),
        ("pdsa", Can.EDIT),
        ("report", Can.REPORT),
    ]:
        pages[f"{name}_create"] = (url(f"{name}_create"), capability)
        pages[f"{name}_edit"] = (url(f"{name}_edit", parts[name].pk), capability)
        pages[f"{name}_delete"] = (url(f"{name}_delete", parts[name].pk), capability)
    return pages


def test_each_role_has_exactly_its_capabilities():
    assert ROLE_CAPABILITIES == {
        Role.READER: {Can.VIEW},
        Role.LEADER: {Can.VIEW, Can.EDIT},
        Role.EDITOR: {Can.VIEW, Can.EDIT, Can.MANAGE},
        Role.CONTACT: {Can.VIEW, Can.EDIT, Can.MANAGE, Can.REPORT, Can.LOCAL},
        Role.LOCAL_EDITOR: {Can.LOCAL},
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_plan_page_answers_each_role_by_its_rights(client, world, parts, role):
    client.force_login(getattr(world, role))
    found = {
        name: client.get(url).status_code for name, (url, _c) in plan_pages(world, parts).items()
    }
    expected = {
        name: 200 if role in HOLDERS[capability] else 404
        for name, (url, capability) in plan_pages(world, parts).items()
    }
    assert found == expected


def test_a_superuser_may_open_every_plan_page(client, world, parts):
    client.force_login(get_user_model().objects.create_superuser("chef", password="x-Lösen-99"))

    assert {
        name: client.get(url).status_code for name, (url, _c) in plan_pages(world, parts).items()
    } == {name: 200 for name in plan_pages(world, parts)}


def test_anonymous_visitors_are_sent_to_the_login_from_every_page(client, world, parts):
    login = reverse("implementation:login")
    urls = [url for url, _c in plan_pages(world, parts).values()] + [
        reverse("implementation:home"),
        reverse("implementation:plan_create"),
        reverse("implementation:overview", args=[world.county.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login + "?next="), url


@pytest.mark.parametrize(
    "role, county, north, south",
    [
        ("process_support", 200, 200, 200),
        ("contact", 404, 200, 404),
        ("reader", 404, 200, 404),
        ("south_contact", 404, 404, 200),
        ("unit_contact", 404, 404, 404),
        ("outsider", 404, 404, 404),
    ],
)
def test_an_overview_is_open_to_those_with_a_role_at_or_above_it(
    client, world, role, county, north, south
):
    client.force_login(getattr(world, role))

    def status(organisation, name="overview"):
        return client.get(reverse(f"implementation:{name}", args=[organisation.pk])).status_code

    assert [status(world.county), status(world.north), status(world.south)] == [
        county,
        north,
        south,
    ]
    assert status(world.county, "overview_csv") == county
    assert status(world.county, "overview_xlsx") == county
    assert status(world.county, "overview_print") == county


def test_the_start_page_lists_only_the_plans_a_person_may_see(client, world):
    client.force_login(world.contact)
    body = client.get(reverse("implementation:home")).content.decode()
    assert world.plan.title in body
    assert world.south_plan.title not in body

    client.force_login(world.process_support)
    body = client.get(reverse("implementation:home")).content.decode()
    assert world.plan.title in body and world.south_plan.title in body

    client.force_login(world.outsider)
    body = client.get(reverse("implementation:home")).content.decode()
    assert world.plan.title not in body and world.south_plan.title not in body


def test_a_person_without_a_role_is_told_to_ask_for_one(client, world):
    client.force_login(world.outsider)

    response = client.get(reverse("implementation:home"))

    assert response.status_code == 200
    assert "Du hör inte till någon organisation" in response.content.decode()


@pytest.mark.parametrize(
    "role, status", [("contact", 200), ("editor", 200), ("leader", 404), ("reader", 404)]
)
def test_only_those_who_manage_plans_may_start_one(client, world, role, status):
    client.force_login(getattr(world, role))

    assert client.get(reverse("implementation:plan_create")).status_code == status


def test_rights_reach_down_the_tree_never_up_or_sideways(world):
    unit = world.north_units[0]
    at_unit = Access.for_user(world.unit_contact)
    at_north = Access.for_user(world.contact)

    assert at_north.can(Can.MANAGE, unit) and at_north.can(Can.MANAGE, world.social)
    assert not at_north.can(Can.VIEW, world.south) and not at_north.can(Can.VIEW, world.county)
    assert at_unit.can(Can.MANAGE, unit)
    assert not at_unit.can(Can.VIEW, world.north)
    assert not at_unit.can(Can.VIEW, world.north_units[1])
    assert set(Plan.objects.filter(at_north.plans())) == {world.plan}
    assert set(Plan.objects.filter(Access.for_user(world.process_support).plans())) == {
        world.plan,
        world.south_plan,
    }


def test_an_inactive_user_has_no_rights(world):
    world.contact.is_active = False
    world.contact.save()

    assert not Access.for_user(world.contact).anything
