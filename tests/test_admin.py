"""The admin opens for every model it shows (the editors' workflow: test_editor_workflow)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from programmes.models import Revision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [model for model in admin.site._registry if model._meta.app_label != "auth"],
    ids=lambda model: model._meta.label,
)
def test_admin_lists_and_add_form_open(admin_client, model):
    opts = model._meta

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    assert changelist.status_code == 200
    # The history of changes is written by the portal itself, never by hand.
    assert add.status_code == (403 if model is Revision else 200)


def test_admin_needs_a_login(client):
    response = client.get(reverse("admin:programmes_programme_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
