"""The editors' admin: every model it shows opens, trees keep their shape, deletions are
recorded, the admin speaks Swedish (`programmes/editorial/admin/`)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from care_levels.models import CareLevel
from programmes.editorial.models import Action, Version
from programmes.models import CaseVignette, ContentNode, ContentState, Programme
from programmes.search.index import index_rebuild
from programmes.search.models import SearchDocument
from tests.admin_forms import change_url, form_data, post_form, public
from tests.factories import make_intervention, make_node, make_programme

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
    # django-axes' records of login attempts, and local additions (by local editors, on
    # their own pages; the admin only reads them), and the published versions (recorded
    # by publishing; the admin lists them and corrects their notes), and the open data
    # values and fetches (written by the import from their source).
    written_by_the_portal = (
        model is Version
        or model._meta.app_label == "axes"
        or model._meta.label
        in (
            "implementation.LocalAddition",
            "programmes.ProgrammeRelease",
            "opendata.OpenValue",
            "opendata.Fetch",
        )
    )
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


def test_the_admin_is_the_vip_portals_in_its_title_and_header(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()

    assert "<title>Portalens innehåll | Administration av VIP-portalen</title>" in page
    assert "Administration av VIP-portalen</a>" in page
    assert "Django" not in page.split("<body", 1)[1].split('id="content"', 1)[0]


def test_the_english_plain_language_summary_does_not_say_swedish(editor_client):
    from programmes.models import Programme

    programme = Programme.objects.get(slug="adhd")

    page = editor_client.get(
        reverse("admin:programmes_programme_change", args=[programme.pk])
    ).content.decode()

    assert "enkel svenska" not in page
    assert "Lättläst sammanfattning" in page


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
    assert ContentNode.history.filter(id=second.pk, action="moved").exists()


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
    deleted = set(ContentNode.history.filter(action="deleted").values_list("id", flat=True))
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
    assert ContentNode.history.filter(id=below.pk, action="deleted").exists()


def test_the_delete_confirmation_lists_no_rows_of_the_database_itself(editor_client):
    programme = Programme.objects.get(slug="adhd")

    page = editor_client.get(
        reverse("admin:programmes_programme_delete", args=[programme.pk])
    ).content.decode()

    search_document = str(SearchDocument._meta.verbose_name)
    assert f"{search_document.capitalize()}:" not in page
    assert "object (" not in page  # Programme_age_groups object (27) and the like
    assert str(programme.nodes.first()) in page


def test_moving_a_care_level_is_recorded_and_refreshes_what_the_public_sees(
    editor_client, django_capture_on_commit_callbacks
):

    first, second = CareLevel.objects.filter(depth=1).order_by("path")[:2]
    changed_before = ContentState.objects.get(scope="site").changed_at
    move = reverse("admin:care_levels_carelevel_changelist") + "move/"

    with django_capture_on_commit_callbacks() as callbacks:
        moved = editor_client.post(
            move, {"node": second.pk, "target": first.pk, "relation": "sibling"}
        )

    assert moved.status_code == 200
    assert CareLevel.history.filter(id=second.pk, action="moved").exists()
    assert ContentState.objects.get(scope="site").changed_at > changed_before
    assert index_rebuild in callbacks
    history = editor_client.get(
        reverse("admin:care_levels_carelevel_history", args=[second.pk])
    ).content.decode()
    assert str(Action.MOVED.label).capitalize() in history


def test_moving_a_care_level_in_its_form_is_recorded_too(editor_client):

    first, second = CareLevel.objects.filter(depth=1).order_by("path")[:2]

    post_form(
        editor_client,
        change_url(second),
        "carelevel_form",
        {"treebeard_position": "left", "treebeard_ref_node": str(first.pk)},
    )

    assert CareLevel.history.filter(id=second.pk, action="moved").exists()


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


def test_the_admin_takes_only_slugs_the_addresses_can_carry(editor_client):
    # One slug rule (care_levels/slugs.py): what the admin accepts, the address finds.
    programme = make_programme(published=False)
    add = reverse("admin:programmes_contentnode_add") + f"?programme={programme.pk}"
    data = form_data(editor_client.get(add), "contentnode_form")
    data.update(
        {
            "programme": str(programme.pk),
            "kind": "section",
            "title_sv": "Stora bokstäver",
            "slug": "Stora_Bokstaver",
            "audience": "staff",
            "treebeard_position": "first-child",
            "treebeard_ref_node": "",
            "_save": "1",
        }
    )

    refused = editor_client.post(add, data)

    assert refused.status_code == 200
    assert not ContentNode.objects.filter(programme=programme).exists()
    assert "tidiga-tecken" in refused.content.decode()  # the message shows a good slug
