"""The Redaktör group: exactly the rights an editor needs (`editorial/permissions.py`)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from programmes.editorial.permissions import EDITOR_GROUP

pytestmark = pytest.mark.django_db


def test_the_editor_group_has_content_rights_and_nothing_else():
    group = Group.objects.get(name=EDITOR_GROUP)
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert apps == {"programmes", "care_levels", "editorial", "consultation", "search"}
    assert {"change_contentnode", "publish_programme", "add_carelevel"} <= codenames
    assert not {"add_version", "change_version", "delete_version"} & codenames


def test_an_editor_cannot_reach_users_groups_or_implementation(editor_client):
    index = editor_client.get(reverse("admin:index"))

    assert index.status_code == 200
    assert "/admin/auth/" not in index.content.decode()
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get("/admin/implementation/").status_code == 404
    assert editor_client.get(reverse("admin:programmes_contentnode_changelist")).status_code == 200
