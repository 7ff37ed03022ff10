"""A change form sent back as it came changes nothing: no new edit version, no record in
the history, no new "updated" date, and what the public sees is not made stale."""

import pytest
from django.contrib.admin.models import LogEntry

from care_levels.models import CareLevel
from programmes.editorial.drafts import draft_of
from programmes.models import ContentNode, ContentState, Programme
from tests.admin_forms import change_url, post_form
from tests.factories import make_node

pytestmark = pytest.mark.django_db


def state(obj) -> tuple:
    """What a save moves: the row's version and "updated" date, its history, its draft,
    the admin's "recent actions"."""
    obj = type(obj).objects.get(pk=obj.pk)
    return (
        getattr(obj, "lock_version", None),
        obj.history.count(),
        obj.updated_at,
        draft_of(obj),
        LogEntry.objects.filter(object_id=str(obj.pk)).count(),
    )


def content_changed() -> list:
    """When the public pages last changed, by scope (the page cache follows it)."""
    return list(ContentState.objects.order_by("scope").values_list("scope", "changed_at"))


def sent_back(client, obj, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, change_url(obj), f"{obj._meta.model_name}_form", {})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_a_published_programme_sent_back_as_it_came_is_not_changed(
    editor_client, django_capture_on_commit_callbacks
):
    programme = Programme.objects.get(slug="schizofreni")
    before, changed = state(programme), content_changed()

    sent_back(editor_client, programme, django_capture_on_commit_callbacks)

    assert state(programme) == before
    assert content_changed() == changed


def test_a_content_node_sent_back_as_it_came_is_not_changed(
    editor_client, django_capture_on_commit_callbacks
):
    programme = Programme.objects.get(slug="schizofreni")
    node = make_node(
        programme,
        programme.nodes.filter(kind=ContentNode.Kind.SECTION).first(),
        published=False,
    )
    node.care_levels.set(CareLevel.objects.filter(slug="socialpsykiatri"))
    before, changed = state(node), content_changed()

    sent_back(editor_client, node, django_capture_on_commit_callbacks)

    assert state(node) == before
    assert content_changed() == changed


def test_a_published_content_node_sent_back_as_it_came_gets_no_draft(
    editor_client, django_capture_on_commit_callbacks
):
    node = ContentNode.objects.filter(published=True, programme__slug="schizofreni").first()
    before, changed = state(node), content_changed()

    sent_back(editor_client, node, django_capture_on_commit_callbacks)

    assert state(node) == before
    assert content_changed() == changed


def test_a_care_level_sent_back_as_it_came_is_not_changed(
    editor_client, django_capture_on_commit_callbacks
):
    level = CareLevel.objects.get(slug="socialpsykiatri")
    before, changed = state(level), content_changed()

    sent_back(editor_client, level, django_capture_on_commit_callbacks)

    assert state(level) == before
    assert content_changed() == changed


def test_a_content_node_changed_is_saved_with_a_new_version(
    editor_client, django_capture_on_commit_callbacks
):
    programme = Programme.objects.get(slug="schizofreni")
    node = make_node(
        programme,
        programme.nodes.filter(kind=ContentNode.Kind.SECTION).first(),
        published=False,
    )
    version, records, *_rest = state(node)

    with django_capture_on_commit_callbacks(execute=True):
        post_form(editor_client, change_url(node), "contentnode_form", {"title_sv": "Nytt namn"})

    assert state(node)[:2] == (version + 1, records + 1)
