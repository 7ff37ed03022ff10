"""An editor (the Redaktör group) keeps programmes current in the admin, end to end."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from programmes.models import ContentNode, Draft, Indicator, Programme, Revision
from programmes.permissions import EDITOR_GROUP
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "redaktor-test", password="x-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_form(client, url, form_id, changes, button="_save"):
    """Open the admin form at `url`, change some fields and press `button`."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, form_id)
    data.update(changes)
    data[button] = "1"
    return client.post(url, data)


def public(client, url):
    client.logout()
    return client.get(url)


# The Redaktör group ------------------------------------------------------------------------


def test_the_editor_group_has_content_rights_and_nothing_else():
    group = Group.objects.get(name=EDITOR_GROUP)
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert apps == {"programmes", "care_levels"}
    assert {"change_contentnode", "publish_programme", "add_carelevel"} <= codenames
    assert not {"add_revision", "change_revision", "delete_revision"} & codenames


def test_an_editor_cannot_reach_users_groups_or_implementation(editor_client):
    index = editor_client.get(reverse("admin:index"))

    assert index.status_code == 200
    assert "/admin/auth/" not in index.content.decode()
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get("/admin/implementation/").status_code == 404
    assert editor_client.get(reverse("admin:programmes_contentnode_changelist")).status_code == 200


# Creating, translating, reordering, previewing and publishing a programme ------------------


def test_an_editor_builds_a_programme_previews_it_and_publishes_it(editor_client, editor):
    add = reverse("admin:programmes_programme_add")
    response = post_form(
        editor_client,
        add,
        "programme_form",
        {
            "name_sv": "Ätstörningar",
            "slug": "atstorningar",
            "summary_sv": "Hur vården och skolan möter ätstörningar.",
            "status": "remiss",
            "position": "9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    programme = Programme.objects.get(slug="atstorningar")
    assert not programme.published

    node_add = reverse("admin:programmes_contentnode_add") + f"?programme={programme.pk}"

    def add_node(**fields):
        page = editor_client.get(node_add)
        data = form_data(page, "contentnode_form")
        data.update({"programme": str(programme.pk), "audience": "staff", **fields})
        data["_save"] = "1"
        created = editor_client.post(node_add, data)
        assert created.status_code == 302, created.content.decode()[:3000]
        return ContentNode.objects.get(programme=programme, slug=fields["slug"])

    first = add_node(
        kind="section",
        title_sv="Tidiga tecken",
        slug="tidiga-tecken",
        treebeard_position="first-child",
        treebeard_ref_node="",
    )
    add_node(
        kind="intervention",
        title_sv="Familjebaserad behandling",
        slug="familjebehandling",
        priority="2",
        treebeard_position="first-child",
        treebeard_ref_node=str(first.pk),
    )
    second = add_node(
        kind="section",
        title_sv="Behandling",
        slug="behandling",
        treebeard_position="right",
        treebeard_ref_node=str(first.pk),
    )

    # Translate the programme and the section into English.
    post_form(
        editor_client,
        change_url(programme),
        "programme_form",
        {"name_en": "Eating disorders", "summary_en": "How care and school meet them."},
    )
    post_form(editor_client, change_url(first), "contentnode_form", {"title_en": "Early signs"})
    # Reorder: "Behandling" goes before "Tidiga tecken".
    moved = post_form(
        editor_client,
        change_url(second),
        "contentnode_form",
        {"treebeard_position": "left", "treebeard_ref_node": str(first.pk)},
    )
    assert moved.status_code == 302

    # Nothing is public yet.
    detail = programme.get_absolute_url()
    assert editor_client.get(detail).status_code == 404

    preview = editor_client.get(reverse("admin:programmes_programme_preview", args=[programme.pk]))
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "Förhandsvisning" in text
    assert text.index("Behandling") < text.index("Tidiga tecken")
    assert "no-store" in preview["Cache-Control"]
    assert not Programme.objects.get(pk=programme.pk).published  # the preview kept nothing

    english = editor_client.get(
        reverse("admin:programmes_programme_preview", args=[programme.pk, "en"])
    )
    assert "Early signs" in english.content.decode()
    assert "Preview" in english.content.decode()

    published = editor_client.post(
        reverse("admin:programmes_programme_publication", args=[programme.pk, "publish"])
    )
    assert published.status_code == 302

    programme.refresh_from_db()
    assert programme.published and programme.published_by == editor
    assert programme.published_at is not None
    assert set(programme.nodes.values_list("published", flat=True)) == {True}
    page = public(editor_client, detail)
    assert page.status_code == 200
    assert "Förhandsvisning" not in page.content.decode()
    assert page.content.decode().index("Behandling") < page.content.decode().index("Tidiga tecken")
    with translation.override("en"):
        english_url = reverse("programmes:detail", args=["atstorningar"])
    in_english = public(editor_client, english_url).content.decode()
    assert "Eating disorders" in in_english and "Early signs" in in_english


# Drafts of published content ---------------------------------------------------------------


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
        reverse("admin:programmes_contentnode_publication", args=[intervention.pk, "publish"])
    )
    intervention.refresh_from_db()
    page = public(editor_client, url).content.decode()
    assert "Ny rubrik" in page
    assert "<script>" not in intervention.body_sv
    assert intervention.published_by == editor
    assert not Draft.objects.filter(object_id=intervention.pk).exists()
    actions = list(
        Revision.objects.filter(object_id=intervention.pk, content_type__model="contentnode")
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["draft", "published"]


def test_a_preview_names_unpublished_content_above_it(editor_client):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="dold", published=False)
    intervention = make_intervention(programme, section, slug="under-dold", published=False)

    preview = editor_client.get(
        reverse("admin:programmes_contentnode_preview", args=[intervention.pk])
    )

    assert preview.status_code == 200
    assert "Sida dold" in preview.content.decode().split("</main>")[0]
    assert "stays hidden" in preview.content.decode() or "förblir dold" in (
        preview.content.decode()
    )
    section.refresh_from_db()
    assert not section.published


def test_the_second_of_two_editors_saving_the_same_page_is_refused(editor_client, client, editor):
    programme = make_programme()
    node = make_node(programme, kind="section", slug="delad")
    other = get_user_model().objects.create_user(
        "annan", password="x-long-password-2", is_staff=True
    )
    other.groups.add(Group.objects.get(name=EDITOR_GROUP))
    from django.test import Client

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


# History -----------------------------------------------------------------------------------


def test_an_earlier_version_is_viewed_and_restored(editor_client, editor):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="historia", title_sv="Version ett")
    url = reverse("programmes:node", args=[programme.slug, "historia"])
    for title in ("Version två", "Version tre"):
        post_form(
            editor_client,
            change_url(section),
            "contentnode_form",
            {"title_sv": title},
            button="_publish",
        )
    assert "Version tre" in public(editor_client, url).content.decode()
    editor_client.force_login(editor)

    history = editor_client.get(
        reverse("admin:programmes_contentnode_history", args=[section.pk])
    ).content.decode()
    assert history.count(editor.username) >= 2
    old = Revision.objects.filter(
        content_type__model="contentnode", object_id=section.pk, data__title_sv="Version två"
    ).first()
    revision_url = reverse("admin:programmes_contentnode_revision", args=[section.pk, old.pk])
    assert revision_url in history

    shown = editor_client.get(revision_url)
    assert shown.status_code == 200
    assert "Version två" in shown.content.decode()

    editor_client.post(revision_url)
    assert "Version tre" in public(editor_client, url).content.decode()  # restored as a draft
    editor_client.force_login(editor)
    editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "publish"])
    )
    assert "Version två" in public(editor_client, url).content.decode()


def test_content_without_drafts_is_restored_at_once(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    before = indicator.name_sv
    post_form(editor_client, change_url(indicator), "indicator_form", {"name_sv": "Nytt namn"})
    indicator.refresh_from_db()
    assert indicator.name_sv == "Nytt namn"
    changed = Revision.objects.filter(content_type__model="indicator", object_id=indicator.pk)
    assert changed.first().changed_fields == ["name_sv"]

    original = Revision.objects.create(
        content_type=changed.first().content_type,
        object_id=indicator.pk,
        object_repr=before,
        action=Revision.Action.IMPORTED,
        data={**changed.first().data, "name_sv": before},
    )
    editor_client.post(
        reverse("admin:programmes_indicator_revision", args=[indicator.pk, original.pk])
    )

    indicator.refresh_from_db()
    assert indicator.name_sv == before


def test_a_revision_of_another_object_is_not_found(editor_client):
    first, second = Indicator.objects.all()[:2]
    post_form(editor_client, change_url(first), "indicator_form", {"name_sv": "Ändrad"})
    revision = Revision.objects.filter(content_type__model="indicator", object_id=first.pk).first()

    response = editor_client.get(
        reverse("admin:programmes_indicator_revision", args=[second.pk, revision.pk])
    )

    assert response.status_code == 404


# Reordering the tree -----------------------------------------------------------------------


def test_drag_and_drop_reorders_within_a_programme_only(editor_client):
    programme = make_programme()
    first = make_node(programme, kind="section", slug="forsta", title_sv="Första avsnittet")
    second = make_node(programme, kind="section", slug="andra", title_sv="Andra avsnittet")
    other = ContentNode.objects.filter(programme__slug="adhd", depth=1).first()
    move = reverse("admin:programmes_contentnode_changelist") + "move/"

    across = editor_client.post(
        move, {"node": second.pk, "target": other.pk, "relation": "sibling"}
    )
    assert across.status_code == 400
    assert ContentNode.objects.get(pk=second.pk).path == second.path

    under = editor_client.post(move, {"node": second.pk, "target": first.pk, "relation": "child"})
    assert under.status_code == 400  # a section stays at the top

    moved = editor_client.post(move, {"node": second.pk, "target": first.pk, "relation": "sibling"})
    assert moved.status_code == 200
    page = public(editor_client, programme.get_absolute_url()).content.decode()
    assert page.index("Andra avsnittet") < page.index("Första avsnittet")
    assert Revision.objects.filter(object_id=second.pk, action="moved").exists()


def test_the_content_tree_of_one_programme_stays_a_tree(editor_client):
    programme = Programme.objects.get(slug="adhd")
    response = editor_client.get(
        reverse("admin:programmes_contentnode_changelist"),
        {"programme__id__exact": programme.pk},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="tree-context"' in text
    roots = programme.nodes.filter(depth=1).count()
    assert text.count('class="field-title"') >= roots


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
    assert Revision.objects.filter(object_id=section.pk, action="deleted").exists()


def test_withdrawing_hides_content_and_discarding_drops_the_draft(editor_client):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="tillbaka", title_sv="Publik rubrik")
    url = reverse("programmes:node", args=[programme.slug, "tillbaka"])
    post_form(editor_client, change_url(section), "contentnode_form", {"title_sv": "Utkast"})

    editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "discard"])
    )
    section.refresh_from_db()
    assert section.title_sv == "Publik rubrik"
    assert not Draft.objects.filter(object_id=section.pk, content_type__model="contentnode")

    editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "unpublish"])
    )
    assert public(editor_client, url).status_code == 404


def test_an_unknown_publication_act_or_language_is_not_found(editor_client):
    node = ContentNode.objects.filter(programme__slug="adhd").first()

    act = reverse("admin:programmes_contentnode_publication", args=[node.pk, "explode"])
    language = reverse("admin:programmes_contentnode_preview", args=[node.pk, "xx"])

    assert editor_client.post(act).status_code == 404
    assert editor_client.get(language).status_code == 404
    assert (
        editor_client.get(
            reverse("admin:programmes_contentnode_preview", args=[999999])
        ).status_code
        == 404
    )


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
