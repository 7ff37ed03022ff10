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
    # The history of changes is written by the portal itself, never by hand; so are
    # django-axes' records of login attempts.
    written_by_the_portal = model is Revision or model._meta.app_label == "axes"
    assert add.status_code == (403 if written_by_the_portal else 200)


def test_admin_needs_a_login(client):
    response = client.get(reverse("admin:programmes_programme_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_third_party_catalogue_comes_before_jquery_on_change_forms_and_after_on_trees(
    admin_client,
):
    """jquery.init.js replaces window.django: a catalogue script after it on a change form
    would start a catalogue of its own and lose the admin's."""
    from programmes.models import ContentNode

    node = ContentNode.objects.first()
    catalog = reverse("admin:programmes_contentnode_jsi18n")

    form = admin_client.get(
        reverse("admin:programmes_contentnode_change", args=[node.pk])
    ).content.decode()
    tree = admin_client.get(
        reverse("admin:programmes_contentnode_changelist"),
        {"programme__id__exact": node.programme_id},
    ).content.decode()

    assert form.index(catalog) < form.index("admin/js/jquery.init.js")
    assert form.index("admin_vip/prose-editor-labels.js") < form.index("django_prose_editor/")
    assert tree.index("treebeard/treebeard-admin.js") < tree.index(catalog)
    assert admin_client.get(catalog)["Content-Type"].startswith("text/javascript")


# The admin in Swedish ----------------------------------------------------------------------
# These read the Swedish of .issue5-sv.po: they pass once it is in the project's catalogue.


@pytest.fixture
def editor_client(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from programmes.permissions import EDITOR_GROUP

    user = get_user_model().objects.create_user("svensk-redaktor", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(user)
    return client


def messages_of(response) -> str:
    return response.content.decode().split('class="messagelist"', 1)[1].split("</ul>", 1)[0]


def test_the_admin_is_the_vip_portals_in_its_title_and_header(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()

    assert "<title>Portalens innehåll | Administration av VIP-portalen</title>" in page
    assert "Administration av VIP-portalen</a>" in page
    assert "Django" not in page.split("<body", 1)[1].split('id="content"', 1)[0]


def test_the_history_names_each_field_and_its_language_in_swedish(editor_client):
    from programmes.models import Indicator
    from tests.admin_forms import form_data

    indicator = Indicator.objects.first()
    url = reverse("admin:programmes_indicator_change", args=[indicator.pk])
    data = form_data(editor_client.get(url), "indicator_form")
    editor_client.post(url, {**data, "name_en": "A new name", "_save": "1"})

    history = editor_client.get(reverse("admin:programmes_indicator_history", args=[indicator.pk]))

    assert "Namn (engelska)" in history.content.decode()


def test_the_english_plain_language_summary_does_not_say_swedish(editor_client):
    from programmes.models import Programme

    programme = Programme.objects.get(slug="adhd")

    page = editor_client.get(
        reverse("admin:programmes_programme_change", args=[programme.pk])
    ).content.decode()

    assert "enkel svenska" not in page
    assert "Lättläst sammanfattning" in page


def test_publishing_tells_in_swedish_how_many_items_went_along(editor_client):
    from tests.factories import make_node, make_programme

    programme = make_programme(published=False)
    section = make_node(programme, kind="section", slug="med-sidor", published=False)
    make_node(programme, section, slug="sida-ett", published=False)
    make_node(programme, section, slug="sida-tva", published=False)
    changelist = reverse("admin:programmes_contentnode_changelist")

    one = editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "publish"]),
        follow=True,
    )
    bulk = editor_client.post(
        changelist,
        {"action": "publish_selected", "_selected_action": [str(section.pk)]},
        follow=True,
    )

    assert "är publicerat, med 2 delar under sig." in messages_of(one)
    assert "1 del publicerad." in messages_of(bulk)


def test_saving_without_a_change_says_so_in_swedish(editor_client):
    from programmes.models import ContentNode
    from tests.admin_forms import form_data

    node = ContentNode.objects.filter(programme__slug="adhd", depth=1).first()
    url = reverse("admin:programmes_contentnode_change", args=[node.pk])
    data = form_data(editor_client.get(url), "contentnode_form")

    saved = editor_client.post(url, {**data, "_save": "1"}, follow=True)

    assert "Inget ändrades i ”" in messages_of(saved)


def test_the_import_explains_in_swedish_what_it_will_do_and_what_went_wrong(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programmes.exchange import dump_yaml, programme_export
    from programmes.models import Programme

    data = programme_export(programme=Programme.objects.get(slug="adhd"))
    url = reverse("admin:programmes_programme_import")

    checked = editor_client.post(
        url, {"file": SimpleUploadedFile("adhd.yaml", dump_yaml(data).encode())}
    )
    del data["name"]["en"]
    refused = editor_client.post(
        url, {"file": SimpleUploadedFile("adhd.yaml", dump_yaml(data).encode())}
    )

    text = checked.content.decode()
    assert "Filen ersätter programmet ”ADHD” (adhd), som finns på den publika webbplatsen nu." in (
        text
    )
    assert "finns programmet på den publika webbplatsen" in text
    assert "adhd.yaml: name: texten på engelska saknas. Ingenting ändrades." in (
        refused.content.decode()
    )


def test_the_tree_speaks_swedish_in_its_form_and_its_drag_and_drop(editor_client):
    from programmes.models import ContentNode

    node = ContentNode.objects.filter(programme__slug="adhd", depth=2).first()

    form = editor_client.get(
        reverse("admin:programmes_contentnode_change", args=[node.pk])
    ).content.decode()
    catalog = editor_client.get(reverse("admin:programmes_contentnode_jsi18n")).content.decode()

    assert "Placering:" in form and ">Först i</option>" in form
    assert "I förhållande till:" in form and "– överst i trädet –" in form
    for english, swedish in [("As child", "Under"), ("Abort", "Avbryt"), ("undo", "\\u00c5ngra")]:
        assert f'"{english}": "{swedish}"' in catalog
