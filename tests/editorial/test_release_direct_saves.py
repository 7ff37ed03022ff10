"""Content saved at once from the admin (case vignettes, indicators, materials, what a
level does, national guidelines) says its kind of change and note when the public sees
it, and goes into the change log (`direct_releases.py`, `admin/direct.py`,
`admin/release_list.py`)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from care_levels.models import CareLevel
from programmes.editorial.permissions import EDITOR_GROUP
from programmes.models import (
    CaseVignette,
    ChangeKind,
    Indicator,
    Material,
    Programme,
    ProgrammeLevel,
    ProgrammeRelease,
)
from tests.admin_forms import RELEASE, change_url, post_form
from tests.factories import (
    make_guideline,
    make_intervention,
    make_node,
    make_programme,
    make_user,
    unique,
)

pytestmark = pytest.mark.django_db

PROFESSIONAL = {
    "release_kind": "professional",
    "release_note_sv": "Nytt innehåll efter arbetsgruppens genomgång.",
    "release_note_en": "New content after the working group's review.",
}
ADDED = "Ny mening tillagd av redaktören."


def vignette(programme, published=True):
    obj = CaseVignette.objects.create(
        programme=programme,
        slug=unique("typfall"),
        title_sv="Typfallet Sara",
        title_en="The case of Sara",
        story_sv="<p>Sara är femton år och sover dåligt.</p>",
        story_en="<p>Sara is fifteen and sleeps badly.</p>",
        published=published,
    )
    return obj, "story_sv", f"<p>Sara är femton år och sover dåligt. {ADDED}</p>", obj


def indicator(programme, published=True):
    obj = Indicator.objects.create(
        programme=programme,
        slug=unique("indikator"),
        kind=Indicator.Kind.PROCESS,
        name_sv="Andel med uppföljning",
        name_en="Share followed up",
        direction=Indicator.Direction.INCREASE,
        purpose_sv="Att följa upp behandlingen.",
        purpose_en="To follow up the treatment.",
        published=published,
    )
    return obj, "purpose_sv", f"Att följa upp behandlingen. {ADDED}", obj


def material(programme, published=True):
    obj = Material.objects.create(
        programme=programme,
        slug=unique("material"),
        kind=Material.Kind.FLYER,
        audience=Material.Audience.STAFF,
        title_sv="Folder om programmet",
        title_en="Flyer about the programme",
        description_sv="En folder för personalen.",
        description_en="A flyer for staff.",
        url="https://example.org/folder.pdf",
        published=published,
    )
    return obj, "description_sv", f"En folder för personalen. {ADDED}", obj


def level(programme, published=True):
    if not published:
        Programme.objects.filter(pk=programme.pk).update(published=False)
    obj = ProgrammeLevel.objects.create(
        programme=programme,
        care_level=CareLevel.objects.order_by("path").last(),
        responsibility_sv="Upptäcker tidiga tecken.",
        responsibility_en="Detects early signs.",
    )
    return obj, "responsibility_sv", f"Upptäcker tidiga tecken. {ADDED}", obj


def guideline(programme, published=True):
    """A guideline cited by an intervention: its dates are the intervention's."""
    obj = make_guideline(name_sv="Riktlinjer för vård vid ångest", name_en="Anxiety guidelines")
    section = make_node(programme, kind="section")
    node = make_intervention(programme, section, guideline=obj, published=published)
    return obj, "name_sv", f"Riktlinjer för vård vid ångest {ADDED}", node


KINDS = [vignette, indicator, material, level, guideline]


def changes_page(client, programme) -> str:
    client.logout()
    with translation.override("sv"):
        url = reverse("programmes:changes", args=[programme.slug])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("build", KINDS)
def test_a_change_in_substance_dates_the_page_raises_the_version_and_is_logged(
    build, editor_client, editor
):
    programme = make_programme(version="1.2")
    obj, name, text, dated = build(programme)
    dated.refresh_from_db()
    substance_before = dated.substance_changed_at

    response = post_form(
        editor_client,
        change_url(obj),
        f"{obj._meta.model_name}_form",
        {name: text, **PROFESSIONAL},
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    dated.refresh_from_db()
    release = ProgrammeRelease.objects.get(programme=programme)
    assert programme.version == release.version == "1.3"
    assert (release.kind, release.published_by) == (ChangeKind.PROFESSIONAL, editor)
    assert dated.substance_changed_at == release.published_at > substance_before
    change = release.changes.get()
    assert (change.model, change.object_id) == (obj._meta.label, obj.pk)
    assert ADDED not in str(change.before) and ADDED in str(change.after)
    page = changes_page(editor_client, programme)
    assert PROFESSIONAL["release_note_sv"] in page and "1.3" in page
    inserted = page.split("<ins>", 1)[1].split("</ins>", 1)[0]
    assert "Ny mening tillagd" in inserted


@pytest.mark.parametrize("build", KINDS)
def test_an_editorial_change_moves_only_the_update_date(build, editor_client):
    programme = make_programme(version="1.2")
    obj, name, text, dated = build(programme)
    dated.refresh_from_db()
    substance, updated = dated.substance_changed_at, dated.updated_at

    response = post_form(
        editor_client, change_url(obj), f"{obj._meta.model_name}_form", {name: text, **RELEASE}
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    dated.refresh_from_db()
    assert programme.version == "1.2"
    assert dated.substance_changed_at == substance and dated.updated_at > updated
    release = ProgrammeRelease.objects.get(programme=programme)
    assert (release.kind, release.version) == (ChangeKind.EDITORIAL, "1.2")
    page = changes_page(editor_client, programme)
    assert RELEASE["release_note_sv"] in page and "redaktionell ändring" in page.lower()


@pytest.mark.parametrize("build", KINDS)
def test_a_public_change_without_a_note_keeps_the_form_and_saves_nothing(build, editor_client):
    programme = make_programme(version="1.2")
    obj, name, text, _dated = build(programme)
    old = getattr(obj, name)

    response = post_form(
        editor_client, change_url(obj), f"{obj._meta.model_name}_form", {name: text}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv en kort notis på svenska om vad som ändrats" in page
    assert "Ange om ändringen är en ändring i sak eller redaktionell" in page
    obj.refresh_from_db()
    assert getattr(obj, name) == old
    assert not ProgrammeRelease.objects.filter(programme=programme).exists()
    programme.refresh_from_db()
    assert programme.version == "1.2"


@pytest.mark.parametrize("build", KINDS)
def test_content_the_public_does_not_see_is_saved_without_a_note(build, editor_client):
    programme = make_programme(version="1.2")
    obj, name, text, _dated = build(programme, published=False)

    page = editor_client.get(change_url(obj)).content.decode()
    response = post_form(
        editor_client, change_url(obj), f"{obj._meta.model_name}_form", {name: text}
    )

    assert "Inte offentligt" in page
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, name) == text
    assert not ProgrammeRelease.objects.filter(programme=programme).exists()
    assert type(obj).history.filter(id=obj.pk, action="changed").exists()  # history still


@pytest.mark.parametrize("build", KINDS)
def test_saving_without_a_change_records_nothing(build, editor_client):
    programme = make_programme(version="1.2")
    obj, _name, _text, dated = build(programme)
    dated.refresh_from_db()

    response = post_form(editor_client, change_url(obj), f"{obj._meta.model_name}_form", {})

    assert response.status_code == 302
    assert not ProgrammeRelease.objects.filter(programme=programme).exists()
    before = dated.updated_at
    dated.refresh_from_db()
    assert dated.substance_changed_at <= before


def test_publishing_a_vignette_is_a_first_publication_in_the_log(editor_client):
    programme = make_programme(version="1.2")
    obj, _name, _text, _dated = vignette(programme, published=False)

    response = post_form(
        editor_client, change_url(obj), "casevignette_form", {"published": ["on"], **RELEASE}
    )

    assert response.status_code == 302
    change = ProgrammeRelease.objects.get(programme=programme).changes.get()
    assert change.is_new and change.object_id == obj.pk
    assert "Typfallet Sara" in changes_page(editor_client, programme)


def test_a_guideline_change_is_logged_in_each_programme_that_cites_it(editor_client):
    first, second = make_programme(version="1.0"), make_programme(version="2.4")
    obj, name, text, _node = guideline(first)
    make_intervention(second, make_node(second, kind="section"), guideline=obj)
    quiet = make_programme(published=False)
    make_intervention(quiet, make_node(quiet, kind="section"), guideline=obj)

    post_form(editor_client, change_url(obj), "guideline_form", {"year": "2025", **PROFESSIONAL})

    versions = dict(
        ProgrammeRelease.objects.filter(programme__in=[first, second, quiet]).values_list(
            "programme__slug", "version"
        )
    )
    assert versions == {first.slug: "1.1", second.slug: "2.5"}
    page = changes_page(editor_client, second)
    assert re.search(r"<del>(?:(?!</del>).)*2021", page, re.S)
    assert re.search(r"<ins>(?:(?!</ins>).)*2025", page, re.S)


# The list of published versions --------------------------------------------------------


@pytest.fixture
def release(editor_client):
    programme = make_programme(version="3.0")
    obj, name, text, _dated = indicator(programme)
    post_form(editor_client, change_url(obj), "indicator_form", {name: text, **PROFESSIONAL})
    return ProgrammeRelease.objects.get(programme=programme)


def test_editors_list_the_published_versions_by_programme(editor_client, release):
    url = reverse("admin:programmes_programmerelease_changelist")

    page = editor_client.get(url, {"programme__id__exact": release.programme_id})

    assert page.status_code == 200
    text = page.content.decode()
    assert "3.1" in text and PROFESSIONAL["release_note_sv"] in text
    assert "ändring i sak" in text
    assert "programmerelease/add/" not in text


def test_an_editor_corrects_the_note_and_nothing_else(editor_client, release):
    url = change_url(release)
    published_at = release.published_at

    response = post_form(
        editor_client,
        url,
        "programmerelease_form",
        {
            "note_sv": "Rättad notis om uppföljningen.",
            "note_en": "Corrected note.",
            "version": "9.9",
            "kind": "editorial",
        },
    )

    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.note_sv, release.note_en) == (
        "Rättad notis om uppföljningen.",
        "Corrected note.",
    )
    assert (release.version, release.kind) == ("3.1", ChangeKind.PROFESSIONAL)
    assert release.published_at == published_at
    assert "Rättad notis om uppföljningen." in changes_page(editor_client, release.programme)


def test_a_note_cannot_be_emptied(editor_client, release):
    response = post_form(
        editor_client, change_url(release), "programmerelease_form", {"note_sv": " "}
    )

    assert response.status_code == 200
    release.refresh_from_db()
    assert release.note_sv == PROFESSIONAL["release_note_sv"]


def test_releases_are_neither_added_nor_deleted_in_the_admin(editor_client, release):
    add = reverse("admin:programmes_programmerelease_add")
    delete = reverse("admin:programmes_programmerelease_delete", args=[release.pk])

    assert editor_client.get(add).status_code == 403
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert ProgrammeRelease.objects.filter(pk=release.pk).exists()


def test_staff_who_are_not_editors_are_refused_the_releases(client, release):
    other = make_user(is_staff=True)
    client.force_login(other)

    assert client.get(reverse("admin:programmes_programmerelease_changelist")).status_code == 403
    response = client.post(change_url(release), {"note_sv": "Kapad notis."})

    assert response.status_code == 403
    release.refresh_from_db()
    assert release.note_sv == PROFESSIONAL["release_note_sv"]


def test_the_editor_group_has_the_rights_to_the_releases():
    rights = set(
        Group.objects.get(name=EDITOR_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"view_programmerelease", "change_programmerelease"} <= rights
    assert not {"add_programmerelease", "delete_programmerelease"} & rights
