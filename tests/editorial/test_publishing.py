"""Previewing, publishing and withdrawing content (`programmes/editorial/publishing.py` and
the publication views of `admin/drafts.py`)."""

import pytest
from django.urls import reverse
from django.utils import translation

from programmes.editorial.models import Draft
from programmes.models import ContentNode, Programme
from tests.admin_forms import RELEASE, change_url, form_data, messages_of, post_form, public
from tests.factories import make_guideline, make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db


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
        recommendation="priority",
        guideline=str(make_guideline().pk),
        condition_sv="Ätstörning hos unga",
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

    # A programme in consultation is not published: the public site shows established ones.
    publication = reverse("admin:programmes_programme_publication", args=[programme.pk, "publish"])
    refused = editor_client.post(publication, RELEASE, follow=True)
    assert "inte fastställt" in refused.content.decode()
    assert not Programme.objects.get(pk=programme.pk).published
    assert editor_client.get(detail).status_code == 404

    # The working group establishes it (programme work); then the editor publishes it.
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.ESTABLISHED)
    published = editor_client.post(publication, RELEASE)
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


def test_publishing_says_how_many_items_went_with_it_in_good_grammar(editor_client):
    programme = make_programme(published=False)
    section = make_node(programme, kind="section", slug="ensam", published=False)

    single = editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "publish"]),
        RELEASE,
        follow=True,
    )
    bulk = editor_client.post(
        reverse("admin:programmes_contentnode_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [str(section.pk)],
            "apply": "1",
            **RELEASE,
        },
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

    editor_client.post(publish_url, RELEASE)
    editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "unpublish"])
    )
    assert publish_url in editor_client.get(change_url(section)).content.decode()


def test_publishing_tells_in_swedish_how_many_items_went_along(editor_client):
    from tests.factories import make_node, make_programme

    programme = make_programme(published=False)
    section = make_node(programme, kind="section", slug="med-sidor", published=False)
    make_node(programme, section, slug="sida-ett", published=False)
    make_node(programme, section, slug="sida-tva", published=False)
    changelist = reverse("admin:programmes_contentnode_changelist")

    one = editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "publish"]),
        RELEASE,
        follow=True,
    )
    bulk = editor_client.post(
        changelist,
        {
            "action": "publish_selected",
            "_selected_action": [str(section.pk)],
            "apply": "1",
            **RELEASE,
        },
        follow=True,
    )

    assert "är publicerat, med 2 delar under sig." in messages_of(one)
    assert "1 del publicerad." in messages_of(bulk)
