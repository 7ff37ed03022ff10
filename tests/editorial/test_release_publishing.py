"""Publishing says which kind of change it is and why (`releases.py`, `publishing.py`,
`admin/drafts.py`, `admin/releases.py`, content-file imports)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from programmes.editorial.content_file import dump_yaml, programme_export, programme_import
from programmes.editorial.models import Draft
from programmes.editorial.releases import ReleaseNote
from programmes.models import ChangeKind, ContentNode, Programme, ProgrammeRelease, next_version
from tests.admin_forms import RELEASE, change_url, post_form
from tests.factories import make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db

PROFESSIONAL = {
    "release_kind": "professional",
    "release_note_sv": "Ny dosering efter de uppdaterade riktlinjerna.",
    "release_note_en": "New dosage after the updated guidelines.",
}


def publish_url(obj) -> str:
    return reverse(f"admin:programmes_{obj._meta.model_name}_publication", args=[obj.pk, "publish"])


def drafted(editor_client, node, **changes):
    post_form(editor_client, change_url(node), "contentnode_form", changes)
    assert Draft.objects.filter(object_id=node.pk).exists()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("1.2", "1.3"),
        ("", "1.0"),
        ("2", "2.1"),
        ("1.2.9", "1.2.10"),
        ("v3", "v4"),
        ("utkast", "utkast.1"),
    ],
)
def test_a_change_in_substance_counts_the_version_on(before, after):
    assert next_version(before) == after


def test_a_change_in_substance_raises_the_version_and_dates_the_pages(editor_client, editor):
    programme = make_programme(version="1.2")
    section = make_node(programme, kind="section")
    node = make_intervention(programme, section, synopsis_sv="Ges varje vecka i tio veckor.")
    old_changed = node.substance_changed_at
    drafted(editor_client, node, synopsis_sv="Ges varje vecka i tolv veckor.")

    response = editor_client.post(publish_url(node), PROFESSIONAL)

    assert response.status_code == 302
    programme.refresh_from_db()
    node.refresh_from_db()
    release = ProgrammeRelease.objects.get(programme=programme)
    assert programme.version == "1.3" and release.version == "1.3"
    assert release.kind == ChangeKind.PROFESSIONAL and release.published_by == editor
    assert release.note_sv == PROFESSIONAL["release_note_sv"]
    assert release.note_en == PROFESSIONAL["release_note_en"]
    assert node.substance_changed_at == release.published_at > old_changed
    change = release.changes.get()
    assert (change.model, change.object_id, change.is_new) == (
        "programmes.ContentNode",
        node.pk,
        False,
    )
    assert change.before["sv"]["synopsis"] == "Ges varje vecka i tio veckor."
    assert change.after["sv"]["synopsis"] == "Ges varje vecka i tolv veckor."
    assert change.titles["en"] == node.title_en
    assert change.urls["sv"] == node.get_absolute_url()


def test_an_editorial_change_keeps_the_version_and_the_date_of_substance(editor_client):
    programme = make_programme(version="1.2")
    node = make_node(programme, kind="section", summary_sv="Sammanfatning.")
    substance = node.substance_changed_at
    drafted(editor_client, node, summary_sv="Sammanfattning.")

    editor_client.post(publish_url(node), RELEASE)

    programme.refresh_from_db()
    node.refresh_from_db()
    assert programme.version == "1.2"
    assert node.substance_changed_at == substance
    assert node.updated_at > substance
    release = ProgrammeRelease.objects.get(programme=programme)
    assert (release.kind, release.version) == (ChangeKind.EDITORIAL, "1.2")


def test_publishing_without_a_note_is_refused_and_changes_nothing(editor_client):
    programme = make_programme(version="1.2")
    node = make_node(programme, kind="section", title_sv="Gammal")
    drafted(editor_client, node, title_sv="Ny")

    response = editor_client.post(
        publish_url(node), {"release_kind": "professional", "release_note_sv": "  "}
    )

    assert response.status_code == 400
    assert "Detta fält måste fyllas i" in response.content.decode()
    node.refresh_from_db()
    programme.refresh_from_db()
    assert node.title_sv == "Gammal" and programme.version == "1.2"
    assert Draft.objects.filter(object_id=node.pk).exists()
    assert not ProgrammeRelease.objects.filter(programme=programme).exists()


def test_the_service_refuses_a_publication_without_a_swedish_note():
    from django.core.exceptions import ValidationError

    from programmes.editorial.publishing import content_publish

    node = make_node(make_programme(), published=False)
    with pytest.raises(ValidationError) as error:
        content_publish(obj=node, user=None, release=ReleaseNote(ChangeKind.EDITORIAL, "", "Note"))
    assert "svenska" in str(error.value)
    node.refresh_from_db()
    assert not node.published


def test_the_publish_page_asks_for_the_kind_and_the_note(editor_client):
    node = make_node(make_programme(), published=False)

    page = editor_client.get(publish_url(node)).content.decode()

    assert 'name="release_kind"' in page and 'name="release_note_sv"' in page
    assert "ändring i sak" in page and "redaktionell ändring" in page


def test_save_and_publish_without_a_note_keeps_the_form_and_saves_nothing(editor_client):
    programme = make_programme(version="2.0")
    node = make_node(programme, kind="section", title_sv="Före")

    refused = post_form(
        editor_client, change_url(node), "contentnode_form", {"title_sv": "Efter"}, "_publish"
    )

    assert refused.status_code == 200
    assert "Skriv en kort notis på svenska" in refused.content.decode()
    node.refresh_from_db()
    assert node.title_sv == "Före"
    assert not ProgrammeRelease.objects.filter(programme=programme).exists()

    published = post_form(
        editor_client,
        change_url(node),
        "contentnode_form",
        {"title_sv": "Efter", **PROFESSIONAL},
        "_publish",
    )
    assert published.status_code == 302
    node.refresh_from_db()
    programme.refresh_from_db()
    assert node.title_sv == "Efter" and programme.version == "2.1"
    change = ProgrammeRelease.objects.get(programme=programme).changes.get()
    assert change.before["sv"]["title"] == "Före" and change.after["sv"]["title"] == "Efter"


def test_publishing_selected_items_asks_for_the_note_first(editor_client):
    programme = make_programme(version="1.0")
    one = make_node(programme, published=False)
    two = make_node(programme, published=False)
    changelist = reverse("admin:programmes_contentnode_changelist")
    chosen = {"action": "publish_selected", "_selected_action": [str(one.pk), str(two.pk)]}

    asked = editor_client.post(changelist, chosen)
    assert asked.status_code == 200
    assert 'name="release_note_sv"' in asked.content.decode()
    assert not ContentNode.objects.get(pk=one.pk).published

    refused = editor_client.post(changelist, {**chosen, "apply": "1"})
    assert refused.status_code == 400
    assert not ContentNode.objects.get(pk=one.pk).published

    done = editor_client.post(changelist, {**chosen, "apply": "1", **RELEASE})
    assert done.status_code == 302
    assert set(
        ContentNode.objects.filter(pk__in=[one.pk, two.pk]).values_list("published", flat=True)
    ) == {True}
    release = ProgrammeRelease.objects.get(programme=programme)  # one act, one version
    assert sorted(change.object_id for change in release.changes.all()) == [one.pk, two.pk]
    assert all(change.is_new for change in release.changes.all())


def test_a_change_in_substance_to_several_selected_items_raises_the_version_once(editor_client):
    programme = make_programme(version="1.2")
    one = make_node(programme, kind="section", summary_sv="Ett.")
    two = make_node(programme, kind="section", summary_sv="Två.")
    for node, text in ((one, "Ett, ändrat."), (two, "Två, ändrat.")):
        drafted(editor_client, node, summary_sv=text)

    editor_client.post(
        reverse("admin:programmes_contentnode_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [str(one.pk), str(two.pk)],
            "apply": "1",
            **PROFESSIONAL,
        },
    )

    programme.refresh_from_db()
    assert programme.version == "1.3"
    release = ProgrammeRelease.objects.get(programme=programme)
    assert release.changes.count() == 2
    for node in (one, two):
        node.refresh_from_db()
        assert node.substance_changed_at == release.published_at


def test_a_programme_draft_keeps_the_raised_version():
    """A change in substance elsewhere must not be undone by publishing the programme's
    older draft later."""
    from programmes.editorial.drafts import draft_save
    from programmes.editorial.snapshots import snapshot
    from tests.releases import publish_change

    programme = make_programme(version="1.4")
    node = make_node(programme, summary_sv="Ett.")
    data = snapshot(programme)
    data["summary_sv"] = "Ny sammanfattning."
    draft_save(obj=programme, data=data, user=None)

    publish_change(node, summary_sv="Två.")

    programme.refresh_from_db()
    assert programme.version == "1.5"
    assert (
        Draft.objects.get(object_id=programme.pk, content_type__model="programme").data["version"]
        == "1.5"
    )


def test_an_import_is_an_editorial_change_unless_the_importer_says_otherwise(tmp_path):
    programme = make_programme(version="3.1")
    node = make_node(programme, kind="section", slug="sidan", summary_sv="Gammal text.")
    data = programme_export(programme=Programme.objects.get(pk=programme.pk))

    programme_import(data=data, source="samma.yaml")
    assert not ProgrammeRelease.objects.filter(programme=programme).exists()  # nothing changed

    data["sections"][0]["summary"]["sv"] = "Ny text."
    programme_import(data=data, source="ny.yaml")
    release = ProgrammeRelease.objects.get(programme=programme)
    assert release.kind == ChangeKind.EDITORIAL and release.version == "3.1"
    assert release.note_sv == "Uppdaterat från programmets innehållsfil."
    assert release.changes.get().after["sv"]["summary"] == "Ny text."

    data["sections"][0]["summary"]["sv"] = "Ännu nyare text."
    path = tmp_path / "program.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    call_command(
        "import_programme", str(path), "--kind", "professional", "--note", "Ny rekommendation."
    )
    programme.refresh_from_db()
    node.refresh_from_db()
    newest = ProgrammeRelease.objects.filter(programme=programme).first()
    assert (newest.kind, newest.note_sv, newest.version) == (
        ChangeKind.PROFESSIONAL,
        "Ny rekommendation.",
        "3.2",
    )
    assert programme.version == "3.2"
    assert node.substance_changed_at == newest.published_at


def test_an_import_that_gives_a_new_version_keeps_it():
    programme = make_programme(version="1.0")
    make_node(programme, kind="section", slug="sidan", summary_sv="Text.")
    data = programme_export(programme=Programme.objects.get(pk=programme.pk))
    data["version"] = "2.0"
    data["sections"][0]["summary"]["sv"] = "Annan text."

    programme_import(data=data, release=ReleaseNote(ChangeKind.PROFESSIONAL, "Omarbetad version."))

    assert Programme.objects.get(pk=programme.pk).version == "2.0"
    assert ProgrammeRelease.objects.get(programme=programme).version == "2.0"


def test_the_admin_import_records_the_note_the_editor_gives(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    programme = make_programme(version="1.1")
    make_node(programme, kind="section", slug="sidan", summary_sv="Text.")
    data = programme_export(programme=Programme.objects.get(pk=programme.pk))
    data["sections"][0]["summary"]["sv"] = "Rättad text."
    url = reverse("admin:programmes_programme_import")
    upload = SimpleUploadedFile("fil.yaml", dump_yaml(data).encode())
    checked = editor_client.post(url, {"file": upload})
    page = checked.content.decode()
    assert 'name="release_note_sv"' in page
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]

    editor_client.post(
        url,
        {
            "token": token,
            "published": "1",
            "release_kind": "editorial",
            "release_note_sv": "Rättat stavfel.",
            "confirm": "1",
        },
    )

    release = ProgrammeRelease.objects.get(programme=programme)
    assert release.note_sv == "Rättat stavfel." and release.kind == ChangeKind.EDITORIAL


def test_the_version_the_change_log_gives_is_the_one_after_the_change():
    from tests.releases import publish_change

    programme = make_programme(version="")
    node = make_node(programme)
    publish_change(node, note="Första.", title_sv="A")
    publish_change(node, note="Andra.", title_sv="B")
    assert list(
        ProgrammeRelease.objects.filter(programme=programme).values_list("version", flat=True)
    ) == ["1.1", "1.0"]
    assert datetime.timedelta(0) <= (
        ProgrammeRelease.objects.filter(programme=programme).first().published_at
        - ProgrammeRelease.objects.filter(programme=programme).last().published_at
    )
