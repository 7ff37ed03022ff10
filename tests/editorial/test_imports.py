"""Importing a programme file in the admin: see what it does, then confirm
(`admin/imports.py`)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.editorial.content_file import dump_yaml, programme_export
from programmes.editorial.models import Draft
from programmes.models import ContentNode, Indicator, Programme
from tests.admin_forms import RELEASE, change_url, form_data, post_form, public

pytestmark = pytest.mark.django_db


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
    kept = ContentNode.history.filter(id=node.pk, title_sv="Mitt utkast")
    assert kept.exists()  # the draft's text, in the history
    assert ContentNode.history.filter(id=node.pk, action="discarded", history_user=editor).exists()


def test_after_a_reimport_earlier_versions_are_still_viewed_and_restored(editor_client):
    programme = Programme.objects.get(slug="adhd")
    indicator = programme.indicators.first()
    before = indicator.name_sv
    post_form(
        editor_client,
        change_url(indicator),
        "indicator_form",
        {"name_sv": "Före importen", **RELEASE},
    )
    old = Indicator.history.filter(id=indicator.pk).exclude(name_sv="Före importen").first()
    assert old is not None and old.name_sv == before

    confirm(editor_client, upload(editor_client, programme))

    url = reverse("admin:programmes_indicator_revision", args=[indicator.pk, old.history_id])
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


def test_the_import_explains_in_swedish_what_it_will_do_and_what_went_wrong(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programmes.editorial.content_file import dump_yaml, programme_export
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
