"""Materials that open: an uploaded file served safely, a link, or a flyer the portal
prints itself; the admin's upload; how the materials list offers each."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programmes.editorial.content_file import (
    ContentFileError,
    dump_yaml,
    parse_programme_file,
    programme_export,
    programme_import,
)
from programmes.editorial.permissions import EDITOR_GROUP
from programmes.models import Material, Programme
from tests.admin_forms import RELEASE, change_url, post_form
from tests.factories import triple_demo_content

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PROGRAMME = "adhd"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<document/>")
    return buffer.getvalue()


def with_file(name: str, content: bytes, *, slug="adhd-presentation-for-apt") -> Material:
    """A demo material given an uploaded file instead of its link."""
    material = Material.objects.get(slug=slug)
    material.url = ""
    material.file = SimpleUploadedFile(name, content)
    material.full_clean()
    material.save()
    return material


def flyer(audience: str) -> Material:
    return Material.objects.get(programme__slug=PROGRAMME, rendered=True, audience=audience)


# Every material opens ---------------------------------------------------------------------


def test_every_demo_material_opens_one_way_and_each_programme_has_two_printed_flyers():
    for material in Material.objects.all():
        assert [bool(material.file), bool(material.url), material.rendered].count(True) == 1
        assert not material.url or material.url.startswith("https://")
    for programme in Programme.objects.all():
        printed = programme.materials.filter(rendered=True, kind=Material.Kind.FLYER)
        assert sorted(printed.values_list("audience", flat=True)) == ["citizens", "staff"]


def test_a_material_that_does_not_open_is_refused_by_its_check_and_by_the_database():
    material = Material.objects.get(slug="adhd-presentation-for-apt")
    material.url = ""
    with pytest.raises(ValidationError):
        material.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        material.save()


def test_only_a_flyer_of_a_programme_is_printed_by_the_portal():
    material = Material.objects.get(slug="adhd-presentation-for-apt")
    material.url, material.rendered = "", True
    with pytest.raises(ValidationError) as refused:
        material.full_clean()
    assert "rendered" in refused.value.message_dict


def test_a_link_must_be_https():
    material = Material.objects.get(slug="adhd-presentation-for-apt")
    material.url = "http://example.org/material.pdf"
    with pytest.raises(ValidationError) as refused:
        material.full_clean()
    assert "url" in refused.value.message_dict


# Uploads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("flyer.html", b"<html><script>alert(1)</script></html>"),
        ("flyer.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("flyer.pdf", b"<html><script>alert(1)</script></html>"),  # HTML called PDF
        ("flyer.png", PDF),  # a PDF called PNG
        ("slides.pptx", office_file("word/")),  # a Word file called PowerPoint
        ("slides.pptx", b"PK\x03\x04 not really a zip"),
        ("flyer.exe", b"MZ"),
    ],
)
def test_a_file_whose_type_or_content_is_not_allowed_is_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        with_file(name, content)
    assert "file" in refused.value.message_dict


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.VIP_MATERIAL_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        with_file("flyer.pdf", PDF + b"0" * 1024)
    assert "1,0" in refused.value.message_dict["file"][0]  # says the limit, 1.0 KB


def test_a_stored_file_gets_a_generated_name_whatever_it_was_called(media_root):
    material = with_file("../../etc/evil name.PDF", PDF)

    assert material.file.name.startswith("materials/")
    assert "evil" not in material.file.name and ".." not in material.file.name
    assert material.file.name.endswith(".pdf")
    assert (media_root / material.file.name).read_bytes() == PDF


def test_an_editor_uploads_a_file_in_the_admin(client):
    editor = get_user_model().objects.create_user(
        "redaktor-material", password="x-long-password-1", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(editor)
    material = Material.objects.get(slug="adhd-presentation-for-apt")
    slides = SimpleUploadedFile("apt.pptx", office_file("ppt/"))

    response = post_form(
        client, change_url(material), "material_form", {"url": "", "file": slides, **RELEASE}
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    material.refresh_from_db()
    assert material.file.name.startswith("materials/") and material.file.name.endswith(".pptx")
    assert material.url == ""


def test_the_admin_refuses_an_html_upload_and_says_why(admin_client):
    material = Material.objects.get(slug="adhd-presentation-for-apt")
    page = SimpleUploadedFile("flyer.html", b"<script>alert(1)</script>")

    response = post_form(
        admin_client, change_url(material), "material_form", {"url": "", "file": page, **RELEASE}
    )

    assert response.status_code == 200
    assert "Filer av den här typen kan inte laddas upp" in response.content.decode()
    material.refresh_from_db()
    assert not material.file


# Serving ----------------------------------------------------------------------------------


def test_a_pdf_is_served_inline_with_its_type_a_safe_name_and_nosniff(client):
    material = with_file("Mitt bildspel (slutlig).pdf", PDF)

    with_queries = client.get(material.get_absolute_url())

    assert with_queries.status_code == 200
    assert with_queries["Content-Type"] == "application/pdf"
    assert with_queries["X-Content-Type-Options"] == "nosniff"
    assert with_queries["Content-Disposition"] == 'inline; filename="adhd-presentation-for-apt.pdf"'
    assert "sandbox" in with_queries["Content-Security-Policy"]
    assert b"".join(with_queries.streaming_content) == PDF


def test_an_office_file_is_downloaded_never_shown(client):
    material = with_file("apt.pptx", office_file("ppt/"))

    response = client.get(material.get_absolute_url())

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_file_is_served_in_two_queries_whatever_its_size(client, django_assert_num_queries):
    material = with_file("flyer.pdf", PDF + b"0" * 200_000)
    with django_assert_num_queries(2):  # when content changed (page cache), the material
        response = client.get(material.get_absolute_url())
    assert response.status_code == 200


def test_the_file_of_an_unpublished_material_or_programme_is_not_found(client):
    material = with_file("flyer.pdf", PDF)
    url = material.get_absolute_url()
    Material.objects.filter(pk=material.pk).update(published=False)
    assert client.get(url).status_code == 404

    Material.objects.filter(pk=material.pk).update(published=True)
    Programme.objects.filter(pk=material.programme_id).update(published=False)
    assert client.get(url).status_code == 404


def test_only_the_files_of_materials_are_served_never_a_path_from_the_address(client):
    with_file("flyer.pdf", PDF)
    for path in [
        "/material/..%2F..%2Fvipportal%2Fsettings%2Fbase.py/fil/",
        "/material/adhd-presentation-for-apt/fil/../../../manage.py",
        "/media/materials/",
    ]:
        assert client.get(path).status_code == 404, path
    # A material with a link or a flyer has no file to serve.
    linked = Material.objects.get(slug="adhd-folder-for-brukarorganisationer")
    assert client.get(f"/material/{linked.slug}/fil/").status_code == 404


def test_a_stored_name_that_is_not_an_allowed_type_is_never_served(client, media_root):
    material = with_file("flyer.pdf", PDF)
    (media_root / "materials" / "x.html").write_bytes(b"<script>alert(1)</script>")
    Material.objects.filter(pk=material.pk).update(file="materials/x.html")

    assert client.get(material.get_absolute_url()).status_code == 404


# Flyers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_staff_flyer_says_what_the_programme_is_each_levels_first_steps_and_where(
    client, language
):
    material = flyer("staff")
    with translation.override(language):
        url = material.get_absolute_url()
    programme = material.programme

    html = client.get(url).content.decode()

    assert f'<html lang="{language}">' in html
    assert ("För personal" if language == "sv" else "For staff") in html
    assert ("Demoinnehåll" if language == "sv" else "Demo content") in html
    responsibility = programme.level_responsibilities.select_related("care_level").first()
    with translation.override(language):
        assert str(responsibility.care_level.name) in html
        assert f"http://testserver{programme.get_absolute_url()}" in html
    assert 'class="flyer flyer--staff"' in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_flyer_for_patients_and_relatives_has_the_plain_summary_and_tel_links(client, language):
    material = flyer("citizens")
    with translation.override(language):
        url = material.get_absolute_url()
        for_you = reverse("programmes:for_you_programme", args=[PROGRAMME])

    html = client.get(url).content.decode()

    assert ("För patienter och närstående" if language == "sv" else "For patients and") in html
    assert 'href="tel:112"' in html and 'href="tel:1177"' in html
    assert f"http://testserver{for_you}" in html
    assert "flyer--staff" not in html


def test_flyers_are_read_in_a_fixed_number_of_queries(django_assert_num_queries):
    client = Client()
    urls = [flyer("staff").get_absolute_url(), flyer("citizens").get_absolute_url()]

    def check_all():
        for url, count in zip(urls, [3, 2], strict=True):
            with django_assert_num_queries(count):
                assert client.get(url).status_code == 200

    check_all()
    triple_demo_content()
    check_all()


def test_an_unpublished_flyer_is_not_found(client):
    material = flyer("staff")
    url = material.get_absolute_url()
    Material.objects.filter(pk=material.pk).update(published=False)
    assert client.get(url).status_code == 404


# The materials list -----------------------------------------------------------------------


def test_the_list_offers_download_print_and_open_as_each_material_opens(
    client, django_assert_num_queries
):
    with_file("apt.pptx", office_file("ppt/"))
    url = reverse("programmes:materials") + f"?program={PROGRAMME}"

    with django_assert_num_queries(3):
        html = client.get(url).content.decode()

    assert 'Ladda ner<span class="visually-hidden"> ADHD-programmet' in html
    assert "(PowerPoint, " in html
    assert "Skriv ut<span" in html
    assert 'href="https://www.kunskapsstyrningvard.se/"' in html
    assert reverse("programmes:flyer", args=[flyer("staff").slug]) in html


# The content file ---------------------------------------------------------------------


def test_the_programme_file_keeps_each_way_a_material_opens(in_english):
    material = with_file("apt.pdf", PDF)
    programme = material.programme
    first = programme_export(programme=programme)
    by_slug = {entry["slug"]: entry for entry in first["materials"]}

    assert by_slug[material.slug]["file"] == material.file.name
    assert "url" not in by_slug[material.slug]
    assert by_slug[flyer("staff").slug]["rendered"] is True
    assert "rendered" not in by_slug["adhd-folder-for-brukarorganisationer"]

    programme_import(data=parse_programme_file(dump_yaml(first), "adhd.yaml"), source="adhd.yaml")

    assert programme_export(programme=programme) == first
    material.refresh_from_db()
    assert material.file.name == by_slug[material.slug]["file"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../vipportal/settings/base.py", "is not the name of a material's file"),
        ("materials/flyer.html", "is not the name of a material's file"),
        ("materials/" + "0" * 32 + ".pdf", "has been uploaded to this portal"),
    ],
)
def test_a_programme_file_names_only_files_the_portal_stored(in_english, name, message):
    data = programme_export(programme=Programme.objects.get(slug=PROGRAMME))
    entry = next(e for e in data["materials"] if e["slug"] == "adhd-presentation-for-apt")
    entry.pop("url")
    entry["file"] = name

    with pytest.raises(ContentFileError) as refused:
        programme_import(
            data=parse_programme_file(dump_yaml(data), "adhd.yaml"), source="adhd.yaml"
        )

    assert message in str(refused.value) and "materials[0].file" in str(refused.value)
