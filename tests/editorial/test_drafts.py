"""Drafts of published content, and two editors saving the same page (`drafts.py`,
`services.py`, `admin/drafts.py`)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from programmes.editorial.models import Draft
from programmes.editorial.permissions import EDITOR_GROUP
from programmes.models import ContentNode, Programme
from tests.admin_forms import RELEASE, change_url, form_data, messages_of, post_form, public
from tests.factories import make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db


def test_a_change_to_published_content_waits_as_a_draft_until_published(editor_client, editor):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="avsnitt")
    intervention = make_intervention(programme, section, title_sv="Gammal rubrik", slug="insatsen")
    url = reverse("programmes:node", args=[programme.slug, "avsnitt/insatsen"])

    saved = post_form(
        editor_client,
        change_url(intervention),
        "contentnode_form",
        {"title_sv": "Ny rubrik", "body_sv": "<p>Ny text</p><script>alert(1)</script>"},
    )
    assert saved.status_code == 302
    assert "Gammal rubrik" in public(editor_client, url).content.decode()
    assert Draft.objects.filter(object_id=intervention.pk).exists()

    editor_client.force_login(editor)
    reopened = editor_client.get(change_url(intervention))
    assert 'value="Ny rubrik"' in reopened.content.decode()  # the form shows the draft

    preview = editor_client.get(
        reverse("admin:programmes_contentnode_preview", args=[intervention.pk])
    )
    assert "Ny rubrik" in preview.content.decode()
    assert "<script>alert(1)" not in preview.content.decode()
    assert "Gammal rubrik" in public(editor_client, url).content.decode()

    editor_client.force_login(editor)
    editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[intervention.pk, "publish"]),
        RELEASE,
    )
    intervention.refresh_from_db()
    page = public(editor_client, url).content.decode()
    assert "Ny rubrik" in page
    assert "<script>" not in intervention.body_sv
    assert intervention.published_by == editor
    assert not Draft.objects.filter(object_id=intervention.pk).exists()
    actions = list(
        ContentNode.history.filter(id=intervention.pk)
        .order_by("history_date", "history_id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["draft", "published"]


def test_the_second_of_two_editors_saving_the_same_page_is_refused(editor_client, client, editor):
    programme = make_programme()
    node = make_node(programme, kind="section", slug="delad")
    other = get_user_model().objects.create_user(
        "annan", password="x-long-password-2", is_staff=True
    )
    other.groups.add(Group.objects.get(name=EDITOR_GROUP))

    second = Client()
    second.force_login(other)
    url = change_url(node)
    first_form = form_data(editor_client.get(url), "contentnode_form")
    second_form = form_data(second.get(url), "contentnode_form")

    first_form.update({"title_sv": "Först sparad", "_save": "1"})
    assert editor_client.post(url, first_form).status_code == 302
    second_form.update({"title_sv": "Sparad sist", "_save": "1"})
    refused = second.post(url, second_form)

    assert refused.status_code == 200
    assert "Someone else saved this" in refused.content.decode() or "Någon annan" in (
        refused.content.decode()
    )
    assert "Sparad sist" in refused.content.decode()  # nothing of theirs is lost
    assert Draft.objects.get(object_id=node.pk).data["title_sv"] == "Först sparad"


def test_deleting_content_takes_its_draft_along_and_keeps_its_history(editor_client):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="borttagen")
    post_form(editor_client, change_url(section), "contentnode_form", {"title_sv": "Utkast"})
    assert Draft.objects.filter(object_id=section.pk, content_type__model="contentnode").exists()

    editor_client.post(
        reverse("admin:programmes_contentnode_delete", args=[section.pk]), {"post": "yes"}
    )

    assert not ContentNode.objects.filter(pk=section.pk).exists()
    assert not Draft.objects.filter(object_id=section.pk, content_type__model="contentnode")
    assert ContentNode.history.filter(id=section.pk, action="deleted").exists()


def test_responsibilities_edited_inline_are_saved_while_the_programme_waits_as_a_draft(
    editor_client,
):
    programme = Programme.objects.get(slug="schizofreni")
    url = change_url(programme)
    data = form_data(editor_client.get(url), "programme_form")
    field = next(name for name in data if name.endswith("-responsibility_sv"))
    data.update({field: "Nytt ansvar skrivet i programmet.", "summary_sv": "Ny sammanfattning."})
    data["_save"] = "1"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert programme.level_responsibilities.filter(
        responsibility_sv="Nytt ansvar skrivet i programmet."
    ).exists()
    programme.refresh_from_db()
    assert programme.summary_sv != "Ny sammanfattning."  # waits in the draft
    assert (
        Draft.objects.get(content_type__model="programme", object_id=programme.pk).data[
            "summary_sv"
        ]
        == "Ny sammanfattning."
    )


def test_saving_published_content_unchanged_makes_no_draft_and_no_change(editor_client):
    node = ContentNode.objects.filter(
        programme__slug="adhd", kind=ContentNode.Kind.INTERVENTION
    ).first()
    # As a load or an import of old left them: empty texts as NULL, the form gives "".
    ContentNode.objects.filter(pk=node.pk).update(
        target_group_en=None, condition_en=None, competence_en=None, synopsis_en=None
    )
    revisions = ContentNode.history.filter(id=node.pk)
    before = revisions.count()

    saved = post_form(editor_client, change_url(node), "contentnode_form", {})

    assert saved.status_code == 302
    assert not Draft.objects.filter(content_type__model="contentnode", object_id=node.pk)
    assert revisions.count() == before
    page = editor_client.get(change_url(node)).content.decode()
    assert "vip-status--draft" not in page


def test_a_move_in_the_form_moves_without_making_a_draft(editor_client):
    programme = make_programme()
    first = make_node(programme, kind="section", slug="ett", title_sv="Ett")
    second = make_node(programme, kind="section", slug="tva", title_sv="Två")

    moved = post_form(
        editor_client,
        change_url(second),
        "contentnode_form",
        {"treebeard_position": "left", "treebeard_ref_node": str(first.pk)},
    )

    assert moved.status_code == 302
    assert not Draft.objects.filter(content_type__model="contentnode", object_id=second.pk)
    actions = ContentNode.history.filter(id=second.pk)
    assert list(actions.values_list("action", flat=True)) == ["moved"]
    page = public(editor_client, programme.get_absolute_url()).content.decode()
    assert page.index("Två") < page.index("Ett")


def test_saving_without_a_change_says_so_in_swedish(editor_client):
    from programmes.models import ContentNode
    from tests.admin_forms import form_data

    node = ContentNode.objects.filter(programme__slug="adhd", depth=1).first()
    url = reverse("admin:programmes_contentnode_change", args=[node.pk])
    data = form_data(editor_client.get(url), "contentnode_form")

    saved = editor_client.post(url, {**data, "_save": "1"}, follow=True)

    assert "Inget ändrades i ”" in messages_of(saved)
