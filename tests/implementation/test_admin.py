"""The organisation tree and memberships in Django admin, for administrators only."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from implementation.models import Membership, Organisation
from programmes.editorial.permissions import EDITOR_GROUP
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("chef", password="x-Lösen-99"))
    return client


def add_organisation(client, **fields):
    url = reverse("admin:implementation_organisation_add")
    data = form_data(client.get(url), "organisation_form")
    data.update(fields)
    data["_save"] = "1"
    return client.post(url, data)


def test_an_administrator_adds_a_unit_under_an_administration(admin_client, world):
    response = add_organisation(
        admin_client,
        name="Familjecentralen",
        kind="unit",
        care_level=str(world.north_units[0].care_level_id),
        treebeard_position="first-child",
        treebeard_ref_node=str(world.social.pk),
    )

    assert response.status_code == 302
    unit = Organisation.objects.get(name="Familjecentralen")
    assert Organisation.objects.get_parent(unit) == world.social


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": "unit", "treebeard_position": "first-child"}, "treebeard_ref_node"),
        ({"kind": "municipality", "treebeard_position": "first-child"}, "treebeard_ref_node"),
        ({"kind": "unit", "care_level": ""}, "care_level"),
    ],
)
def test_an_organisation_in_the_wrong_place_or_without_what_it_needs_is_refused(
    admin_client, world, fields, field
):
    before = Organisation.objects.count()
    data = {
        "name": "Felplacerad",
        "care_level": str(world.north_units[0].care_level_id),
        "treebeard_position": "first-child",
        "treebeard_ref_node": str(world.north_units[0].pk),
        **fields,
    }

    response = add_organisation(admin_client, **data)

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert Organisation.objects.count() == before


def test_memberships_are_given_in_the_organisations_page(admin_client, world):
    url = reverse("admin:implementation_organisation_change", args=[world.south.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert "soderkontakt" in response.content.decode()
    assert Membership.objects.filter(organisation=world.south).count() == 1


def test_an_editor_cannot_reach_organisations_memberships_or_plans(client, world):
    editor = get_user_model().objects.create_user("red", password="x-Lösen-99", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(editor)

    assert client.get(reverse("admin:implementation_organisation_changelist")).status_code == 403
    assert client.get(reverse("admin:implementation_membership_changelist")).status_code == 403
    assert client.get(reverse("implementation:plan", args=[world.plan.pk])).status_code == 404
    assert client.get(reverse("implementation:home")).status_code == 200
