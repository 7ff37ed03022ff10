"""An editor (the Redaktör group) keeps programmes current in the admin, end to end."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst

from programmes.exchange import dump_yaml, programme_export
from programmes.models import (
    CaseVignette,
    ContentNode,
    Draft,
    Indicator,
    Programme,
    Revision,
    SearchDocument,
)
from programmes.permissions import EDITOR_GROUP
from programmes.revisions import snapshot
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


# Importing a programme file in the admin ---------------------------------------------------


def upload(client, programme, change=None, name=None):
    """Export `programme`, change the file with `change(data)`, and upload it: the
    page that says what the import will do."""
    data = programme_export(programme=programme)
    if change:
        change(data)
    page = client.get(IMPORT_URL)
    fields = form_data(page, None)
    fields.pop("file", None)
    file = SimpleUploadedFile(name or f"{data['slug']}.yaml", dump_yaml(data).encode())
    return client.post(IMPORT_URL, {**fields, "file": file})


def confirm(client, checked, changes=None):
    """Press the button on the page that says what the import will do."""
    data = form_data(checked)
    data.update(changes or {})
    return client.post(IMPORT_URL, data)


IMPORT_URL = "/admin/programmes/programme/import/"


def test_replacing_a_published_programme_keeps_it_on_the_public_site(editor_client):
    programme = Programme.objects.get(slug="adhd")
    detail = programme.get_absolute_url()

    checked = upload(editor_client, programme)
    text = checked.content.decode()
    assert checked.status_code == 200
    assert "ADHD" in text and "(adhd)" in text  # it says which programme it replaces
    assert 'name="published" value="1" id="id_published_0" checked' in text.replace(
        "required ", ""
    ) or form_data(checked)["published"] == ["1"]
    assert Programme.objects.get(pk=programme.pk).published  # nothing changed yet

    done = confirm(editor_client, checked)

    assert done.status_code == 302
    assert done["Location"] == change_url(programme)
    assert Programme.objects.get(pk=programme.pk).published
    assert public(editor_client, detail).status_code == 200


def test_the_import_says_which_waiting_drafts_it_discards_and_keeps_their_text(
    editor_client, editor
):
    programme = Programme.objects.get(slug="adhd")
    node = programme.nodes.filter(kind=ContentNode.Kind.INTERVENTION).first()
    post_form(editor_client, change_url(node), "contentnode_form", {"title_sv": "Mitt utkast"})
    assert Draft.objects.filter(object_id=node.pk, content_type__model="contentnode").exists()

    checked = upload(editor_client, programme)

    assert node.title_sv in checked.content.decode()  # named among the drafts to go
    assert Draft.objects.filter(object_id=node.pk, content_type__model="contentnode").exists()
    done = confirm(editor_client, checked)
    assert done.status_code == 302
    assert not Draft.objects.filter(object_id=node.pk, content_type__model="contentnode")
    kept = Revision.objects.filter(
        content_type__model="contentnode", object_id=node.pk, data__title_sv="Mitt utkast"
    )
    assert kept.exists()  # the draft's text, in the history
    assert Revision.objects.filter(
        content_type__model="contentnode", object_id=node.pk, action="discarded", user=editor
    ).exists()


def test_after_a_reimport_earlier_versions_are_still_viewed_and_restored(editor_client):
    programme = Programme.objects.get(slug="adhd")
    indicator = programme.indicators.first()
    before = indicator.name_sv
    post_form(editor_client, change_url(indicator), "indicator_form", {"name_sv": "Före importen"})
    old = (
        Revision.objects.filter(content_type__model="indicator", object_id=indicator.pk)
        .exclude(data__name_sv="Före importen")
        .first()
    )
    assert old is not None and old.data["name_sv"] == before

    confirm(editor_client, upload(editor_client, programme))

    url = reverse("admin:programmes_indicator_revision", args=[indicator.pk, old.pk])
    history = editor_client.get(reverse("admin:programmes_indicator_history", args=[indicator.pk]))
    assert url in history.content.decode()
    assert editor_client.get(url).status_code == 200
    editor_client.post(url)
    assert Indicator.objects.get(pk=indicator.pk).name_sv == before


def test_an_editor_can_import_a_replaced_programme_unpublished_to_preview_it(editor_client):
    programme = Programme.objects.get(slug="adhd")

    checked = upload(editor_client, programme)
    confirm(editor_client, checked, {"published": "0"})

    assert not Programme.objects.get(pk=programme.pk).published


def test_a_new_programme_waits_unpublished_unless_the_editor_publishes_it(editor_client):
    def as_new(data):
        data["slug"] = "ny-import"
        for key in ("vignettes", "indicators", "materials"):
            for entry in data.get(key) or []:
                entry["slug"] = "ny-" + entry["slug"]

    checked = upload(editor_client, Programme.objects.get(slug="adhd"), as_new)
    assert form_data(checked)["published"] == ["0"]
    assert not Programme.objects.filter(slug="ny-import").exists()

    confirm(editor_client, checked)

    assert not Programme.objects.get(slug="ny-import").published


def test_a_broken_file_is_refused_at_once_saying_nothing_was_changed(editor_client):
    def broken(data):
        del data["sections"][0]["title"]["en"]

    refused = upload(editor_client, Programme.objects.get(slug="adhd"), broken)

    text = refused.content.decode()
    assert refused.status_code == 200
    assert "sections[0] (" in text
    # The file's message and the sentence after it are two sentences.
    message = text.split('class="errorlist', 1)[1].split("</li>", 1)[0]
    assert "is missing. " in message or "saknas. " in message


def test_an_import_confirmed_twice_or_without_an_upload_asks_for_the_file_again(editor_client):
    checked = upload(editor_client, Programme.objects.get(slug="adhd"))
    confirm(editor_client, checked)

    again = confirm(editor_client, checked)

    assert again.status_code == 302
    assert again["Location"] == IMPORT_URL


# Deleting a section or page ----------------------------------------------------------------


def test_deleting_a_section_lists_and_records_every_node_below_it(editor_client):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="gren", title_sv="Grenen")
    page = make_node(programme, section, slug="kvist", title_sv="Kvisten")
    leaf = make_intervention(programme, page, slug="blad", title_sv="Bladet")
    url = reverse("admin:programmes_contentnode_delete", args=[section.pk])

    confirmation = editor_client.get(url).content.decode()

    assert "Kvisten" in confirmation and "Bladet" in confirmation
    assert ": 3</li>" in confirmation  # the summary counts the three nodes
    editor_client.post(url, {"post": "yes"})
    deleted = set(
        Revision.objects.filter(content_type__model="contentnode", action="deleted").values_list(
            "object_id", flat=True
        )
    )
    assert {section.pk, page.pk, leaf.pk} <= deleted
    assert not ContentNode.objects.filter(pk__in=[section.pk, page.pk, leaf.pk]).exists()


def test_the_bulk_delete_lists_and_records_what_lies_below_too(editor_client):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="massa", title_sv="Massan")
    below = make_node(programme, section, slug="under-massa", title_sv="Under massan")
    changelist = reverse("admin:programmes_contentnode_changelist")
    action = {"action": "delete_selected", "_selected_action": [str(section.pk)]}

    confirmation = editor_client.post(changelist, action).content.decode()
    assert "Under massan" in confirmation

    editor_client.post(changelist, {**action, "post": "yes"})
    assert Revision.objects.filter(
        content_type__model="contentnode", object_id=below.pk, action="deleted"
    ).exists()


def test_the_delete_confirmation_lists_no_rows_of_the_database_itself(editor_client):
    programme = Programme.objects.get(slug="adhd")

    page = editor_client.get(
        reverse("admin:programmes_programme_delete", args=[programme.pk])
    ).content.decode()

    search_document = str(SearchDocument._meta.verbose_name)
    assert f"{search_document.capitalize()}:" not in page
    assert "object (" not in page  # Programme_age_groups object (27) and the like
    assert str(programme.nodes.first()) in page


# Saving without changes --------------------------------------------------------------------


def test_saving_published_content_unchanged_makes_no_draft_and_no_change(editor_client):
    node = ContentNode.objects.filter(
        programme__slug="adhd", kind=ContentNode.Kind.INTERVENTION
    ).first()
    # As a load or an import of old left them: empty texts as NULL, the form gives "".
    ContentNode.objects.filter(pk=node.pk).update(
        target_group_en=None, priority_missing_en=None, competence_en=None, synopsis_en=None
    )
    revisions = Revision.objects.filter(content_type__model="contentnode", object_id=node.pk)
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
    actions = Revision.objects.filter(content_type__model="contentnode", object_id=second.pk)
    assert list(actions.values_list("action", flat=True)) == ["moved"]
    page = public(editor_client, programme.get_absolute_url()).content.decode()
    assert page.index("Två") < page.index("Ett")


def test_a_version_does_not_differ_where_both_are_empty(editor_client):
    node = ContentNode.objects.filter(
        programme__slug="adhd", kind=ContentNode.Kind.INTERVENTION, priority__isnull=False
    ).first()
    ContentNode.objects.filter(pk=node.pk).update(priority_missing_en="")
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(ContentNode),
        object_id=node.pk,
        object_repr=str(node),
        action=Revision.Action.IMPORTED,
        data={**snapshot(node), "priority_missing_en": None},
    )

    page = editor_client.get(
        reverse("admin:programmes_contentnode_revision", args=[node.pk, revision.pk])
    ).content.decode()

    assert 'class="vip-differs"' not in page


# History in the editor's words and the editor's time --------------------------------------


def test_the_history_names_fields_by_label_and_language_not_by_column(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    post_form(editor_client, change_url(indicator), "indicator_form", {"name_sv": "Nytt namn"})

    history = editor_client.get(
        reverse("admin:programmes_indicator_history", args=[indicator.pk])
    ).content.decode()
    versions = editor_client.get(reverse("admin:programmes_revision_changelist")).content.decode()

    name = capfirst(Indicator._meta.get_field("name").verbose_name)
    for page in (history, versions):
        assert "name_sv" not in page and "programme_id" not in page
        assert f"{name} (" in page  # "Namn (svenska)"


def test_the_versions_list_leads_to_a_readable_version(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    post_form(editor_client, change_url(indicator), "indicator_form", {"name_sv": "Läsbart"})
    revision = Revision.objects.filter(
        content_type__model="indicator", object_id=indicator.pk
    ).first()

    opened = editor_client.get(
        reverse("admin:programmes_revision_change", args=[revision.pk]), follow=True
    )

    assert opened.redirect_chain[-1][0] == reverse(
        "admin:programmes_indicator_revision", args=[indicator.pk, revision.pk]
    )
    assert "Läsbart" in opened.content.decode()
    assert '"name_sv"' not in opened.content.decode()  # no raw JSON


def test_a_deleted_objects_version_is_readable_in_the_versions_list(editor_client):
    programme = make_programme()
    node = make_node(programme, kind="section", slug="borta", title_sv="Snart borta")
    editor_client.post(reverse("admin:programmes_contentnode_delete", args=[node.pk]), {"post": 1})
    revision = Revision.objects.get(content_type__model="contentnode", object_id=node.pk)

    page = editor_client.get(reverse("admin:programmes_revision_change", args=[revision.pk]))

    assert page.status_code == 200
    assert "Snart borta" in page.content.decode()
    assert '"title_sv"' not in page.content.decode()


def test_times_of_versions_are_in_the_sites_time_zone_on_every_page(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    post_form(editor_client, change_url(indicator), "indicator_form", {"name_sv": "Tidigare"})
    revision = Revision.objects.filter(
        content_type__model="indicator", object_id=indicator.pk
    ).first()
    # 00:57 UTC is 01:57 in Stockholm in December.
    Revision.objects.filter(pk=revision.pk).update(
        created_at=datetime.datetime(2026, 12, 2, 0, 57, tzinfo=datetime.UTC)
    )
    url = reverse("admin:programmes_indicator_revision", args=[indicator.pk, revision.pk])

    history = editor_client.get(reverse("admin:programmes_indicator_history", args=[indicator.pk]))
    version = editor_client.get(url)
    restored = editor_client.post(url, follow=True)

    assert "2026-12-02 01:57" in history.content.decode()
    assert "2026-12-02 01:57" in version.content.decode().split("<h1>", 1)[1].split("</h1>")[0]
    assert "00:57" not in version.content.decode()
    assert "2026-12-02 01:57" in restored.content.decode().split('class="messagelist"')[1][:400]
    assert "01:57" in str(Revision.objects.get(pk=revision.pk))


def test_the_version_page_shows_what_is_there_now_beside_the_old_value(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    before = indicator.name_sv
    post_form(editor_client, change_url(indicator), "indicator_form", {"name_sv": "Nu gällande"})
    old = (
        Revision.objects.filter(content_type__model="indicator", object_id=indicator.pk)
        .exclude(data__name_sv="Nu gällande")
        .first()
    ) or Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Indicator),
        object_id=indicator.pk,
        object_repr=before,
        action=Revision.Action.IMPORTED,
        data={**snapshot(indicator), "name_sv": before},
    )

    page = editor_client.get(
        reverse("admin:programmes_indicator_revision", args=[indicator.pk, old.pk])
    ).content.decode()

    row = page.split('class="vip-differs"', 1)[1].split("</tr>", 1)[0]
    assert before in row and "Nu gällande" in row


# Publishing messages -----------------------------------------------------------------------


def test_publishing_says_how_many_items_went_with_it_in_good_grammar(editor_client):
    programme = make_programme(published=False)
    section = make_node(programme, kind="section", slug="ensam", published=False)

    single = editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "publish"]),
        follow=True,
    )
    bulk = editor_client.post(
        reverse("admin:programmes_contentnode_changelist"),
        {"action": "publish_selected", "_selected_action": [str(section.pk)]},
        follow=True,
    )

    for response in (single, bulk):
        message = response.content.decode().split('class="messagelist"')[1][:400]
        assert "1 items" not in message and "1 delar" not in message
        assert "(1 " not in message


def test_the_change_form_offers_to_publish_a_waiting_draft_or_withdrawn_content(editor_client):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="vantar")
    publish_url = reverse("admin:programmes_contentnode_publication", args=[section.pk, "publish"])
    assert publish_url not in editor_client.get(change_url(section)).content.decode()

    post_form(editor_client, change_url(section), "contentnode_form", {"title_sv": "Utkast"})
    assert publish_url in editor_client.get(change_url(section)).content.decode()

    editor_client.post(publish_url)
    editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "unpublish"])
    )
    assert publish_url in editor_client.get(change_url(section)).content.decode()


def test_after_adding_a_node_the_editor_is_back_in_its_programmes_tree(editor_client):
    programme = make_programme(published=False)
    add = reverse("admin:programmes_contentnode_add") + f"?programme={programme.pk}"
    data = form_data(editor_client.get(add), "contentnode_form")
    data.update(
        {
            "programme": str(programme.pk),
            "kind": "section",
            "title_sv": "Nytt avsnitt",
            "slug": "nytt-avsnitt",
            "audience": "staff",
            "treebeard_position": "first-child",
            "treebeard_ref_node": "",
            "_save": "1",
        }
    )

    added = editor_client.post(add, data)

    assert added.status_code == 302
    assert added["Location"] == (
        reverse("admin:programmes_contentnode_changelist") + f"?programme__id__exact={programme.pk}"
    )


# Care levels -------------------------------------------------------------------------------


def test_moving_a_care_level_is_recorded_and_refreshes_what_the_public_sees(
    editor_client, django_capture_on_commit_callbacks
):
    from care_levels.models import CareLevel
    from programmes.models import ContentState
    from programmes.search import index_rebuild

    first, second = CareLevel.objects.filter(depth=1).order_by("path")[:2]
    changed_before = ContentState.objects.get(pk=1).changed_at
    move = reverse("admin:care_levels_carelevel_changelist") + "move/"

    with django_capture_on_commit_callbacks() as callbacks:
        moved = editor_client.post(
            move, {"node": second.pk, "target": first.pk, "relation": "sibling"}
        )

    assert moved.status_code == 200
    assert Revision.objects.filter(
        content_type__model="carelevel", object_id=second.pk, action="moved"
    ).exists()
    assert ContentState.objects.get(pk=1).changed_at > changed_before
    assert index_rebuild in callbacks
    history = editor_client.get(
        reverse("admin:care_levels_carelevel_history", args=[second.pk])
    ).content.decode()
    assert str(Revision.Action.MOVED.label).capitalize() in history


def test_moving_a_care_level_in_its_form_is_recorded_too(editor_client):
    from care_levels.models import CareLevel

    first, second = CareLevel.objects.filter(depth=1).order_by("path")[:2]

    post_form(
        editor_client,
        change_url(second),
        "carelevel_form",
        {"treebeard_position": "left", "treebeard_ref_node": str(first.pk)},
    )

    assert Revision.objects.filter(
        content_type__model="carelevel", object_id=second.pk, action="moved"
    ).exists()


# Case vignettes ----------------------------------------------------------------------------


def test_a_vignettes_interventions_are_its_programmes_named_by_place(editor_client):
    vignette = CaseVignette.objects.select_related("programme").first()
    programme = vignette.programme

    page = editor_client.get(change_url(vignette)).content.decode()

    select = page.split('name="interventions"', 1)[1].split("</select>", 1)[0]
    options = select.count("<option")
    assert options == programme.nodes.filter(kind=ContentNode.Kind.INTERVENTION).count()
    assert f"{programme.name} › " in select  # the programme, then the place in the tree
    tag = page.split('<select name="interventions"', 1)[1].split(">", 1)[0]
    assert "selectfilter" in tag  # two lists with a filter, not Ctrl-click
    roots = list(programme.nodes.filter(depth=1).order_by("path"))
    node = programme.nodes.filter(kind=ContentNode.Kind.INTERVENTION, depth=2).first()
    number = next(i for i, root in enumerate(roots, 1) if node.path.startswith(root.path))
    label = f"{programme.name} › {number} {roots[number - 1].title} › {node.title}"
    assert f">{escape(label)}</option>" in select
