import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from programmes.editorial.permissions import EDITOR_GROUP


@pytest.fixture
def editor(db):
    """A member of the Redaktör group, as an editor of the content is."""
    user = get_user_model().objects.create_user(
        "redaktor-test", password="x-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
