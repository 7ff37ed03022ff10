"""The public change log of a programme, the "Changed <date>" marker and the two dates on
every content page (`views/changes.py`, `views/diff.py`, `selectors/releases.py`,
`templatetags/changes.py`)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from programmes.models import (
    ChangeKind,
    ContentNode,
    ProgrammeLevel,
    ProgrammeRelease,
    release_anchor,
)
from programmes.views.diff import word_diff
from tests.factories import make_intervention, make_node, make_programme
from tests.releases import publish_change

pytestmark = pytest.mark.django_db


def changes_url(programme, language="sv") -> str:
    with translation.override(language):
        return reverse("programmes:changes", args=[programme.slug])


def node_url(node, language="sv") -> str:
    with translation.override(language):
        return node.get_absolute_url()


#: The page cache's content state, the programme, its releases and their changes, and
#: what of the programme is public (two).
QUERIES = 6


@pytest.fixture
def changed():
    """A programme at 1.4 whose intervention had a change in substance."""
    programme = make_programme(version="1.4")
    section = make_node(programme, kind="section", slug="behandling")
    node = make_intervention(
        programme,
        section,
        slug="kbt",
        title_sv="KBT",
        title_en="CBT",
        synopsis_sv="Ges i grupp under tio veckor med uppföljning.",
        synopsis_en="Given in groups over ten weeks with follow-up.",
    )
    ContentNode.objects.filter(pk__in=[section.pk, node.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=300)
    )
    node.refresh_from_db()
    release = publish_change(
        node,
        note="Längre behandlingstid enligt nya riktlinjer.",
        note_en="Longer treatment after the new guidelines.",
        synopsis_sv="Ges i grupp under tolv veckor med uppföljning.",
        synopsis_en="Given in groups over twelve weeks with follow-up.",
    )
    return programme, node, release


def test_the_words_that_changed_are_marked_and_long_unchanged_stretches_shortened():
    before = " ".join(f"ord{i}" for i in range(40)) + " tio veckor"
    after = " ".join(f"ord{i}" for i in range(40)) + " tolv veckor"

    segments = [(s.op, s.text) for s in word_diff(before, after)]

    assert ("delete", "tio") in segments and ("insert", "tolv") in segments
    assert segments[0] == ("gap", "…")  # 32 words left out before the change
    assert segments[-1] == ("equal", "veckor")


def test_the_change_log_shows_each_version_with_its_kind_note_and_a_marked_diff(client, changed):
    programme, node, release = changed

    page = client.get(changes_url(programme)).content.decode()

    assert f'id="{release.anchor}"' in page
    assert "Version 1.5" in page and "Ändring i sak" in page
    assert "Längre behandlingstid enligt nya riktlinjer." in page
    assert f'<a href="{node_url(node)}">KBT</a>' in page
    # Insertions and deletions: markup, words for screen readers and brackets for print.
    assert '<del><span class="visually-hidden">Borttaget: </span>' in page
    assert '<span class="diff__mark" aria-hidden="true">[−</span>tio' in page
    assert '<ins><span class="visually-hidden">Tillagt: </span>' in page
    assert '<span class="diff__mark" aria-hidden="true">[+</span>tolv' in page
    assert "published_by" not in page and "redaktor" not in page


def test_the_english_change_log_shows_the_english_note_and_text(client, changed):
    programme, node, release = changed

    response = client.get(changes_url(programme, "en"))
    page = response.content.decode()

    assert changes_url(programme, "en") == f"/en/programmes/{programme.slug}/changes/"
    assert changes_url(programme) == f"/program/{programme.slug}/andringar/"
    assert "Version 1.5" in page and "Change in substance" in page
    assert "Longer treatment after the new guidelines." in page
    assert f'<a href="{node_url(node, "en")}">CBT</a>' in page
    assert "Added: " in page and "twelve" in page and "ten" in page


def test_a_note_without_english_shows_in_swedish_marked_as_swedish(client, changed):
    programme, node, _release = changed
    publish_change(node, kind=ChangeKind.EDITORIAL, note="Bara på svenska.", synopsis_sv="Ny.")

    page = client.get(changes_url(programme, "en")).content.decode()

    assert '<p class="release__note" lang="sv">Bara på svenska.</p>' in page


def test_the_change_log_is_newest_first_and_says_what_is_new(client, changed):
    programme, node, _release = changed
    new_page = make_node(programme, slug="ny-sida", title_sv="Ny sida", published=False)
    publish_change(new_page, kind=ChangeKind.EDITORIAL, note="Ny sida om stöd.")

    page = client.get(changes_url(programme)).content.decode()

    assert page.index("Ny sida om stöd.") < page.index("Längre behandlingstid")
    assert "Redaktionell ändring" in page
    assert "Nytt i den här versionen: 1 sida eller del" in page
    assert "Ändrat i den här versionen" in page


def test_content_that_is_not_public_is_never_in_the_change_log(client, changed):
    programme, node, release = changed
    hidden_section = make_node(programme, kind="section", slug="dold", published=False)
    under_hidden = make_node(programme, hidden_section, slug="under", published=False)
    publish_change(under_hidden, note="Hemlig sida under ett dolt avsnitt.", title_sv="Hemlig")
    withdrawn = make_node(programme, slug="indragen", title_sv="Indragen sida")
    publish_change(withdrawn, note="Sida som sedan drogs in.", title_sv="Indragen rubrik")
    ContentNode.objects.filter(pk=withdrawn.pk).update(published=False)

    page = client.get(changes_url(programme)).content.decode()

    assert "Längre behandlingstid" in page
    for secret in ("Hemlig", "Indragen", "drogs in"):
        assert secret not in page

    programme.published = False
    programme.save()
    assert client.get(changes_url(programme)).status_code == 404


def test_the_change_log_reads_the_same_queries_for_one_or_many_versions(
    client, changed, django_assert_num_queries
):
    programme, node, _release = changed
    with django_assert_num_queries(QUERIES):
        one = client.get(changes_url(programme))
    assert one.status_code == 200

    for number in range(6):
        page = make_node(programme, slug=f"sida-{number}", published=False)
        publish_change(page, note=f"Sida {number}.")
        publish_change(
            node,
            kind=ChangeKind.EDITORIAL,
            note=f"Rättning {number}.",
            synopsis_sv=f"Text {number}.",
        )
    with django_assert_num_queries(QUERIES):
        many = client.get(changes_url(programme))
    assert many.content.decode().count('class="release"') == 13


def test_the_programme_page_links_to_its_change_log(client, changed):
    programme, _node, _release = changed

    page = client.get(programme.get_absolute_url()).content.decode()

    assert f'href="{changes_url(programme)}"' in page


def test_a_page_changed_in_substance_lately_says_so_and_links_to_the_change(client, changed):
    programme, node, release = changed

    page = client.get(node_url(node)).content.decode()

    date = timezone.localtime(release.published_at)
    months = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert f'href="{changes_url(programme)}#{release_anchor(release.published_at)}"' in page
    assert f"Ändrad {date.day} {months[date.month - 1]} {date.year}" in page


def test_the_marker_goes_after_ninety_days_and_is_not_on_new_pages(client, changed):
    programme, node, _release = changed
    ContentNode.objects.filter(pk=node.pk).update(
        substance_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    assert "Ändrad " not in client.get(node_url(node)).content.decode()

    ContentNode.objects.filter(pk=node.pk).update(
        substance_changed_at=timezone.now() - datetime.timedelta(days=89)
    )
    cache.clear()  # a row changed behind the page cache's back
    assert "Ändrad " in client.get(node_url(node)).content.decode()

    fresh = make_node(programme, slug="alldeles-ny")
    assert "Ändrad " not in client.get(node_url(fresh)).content.decode()


def test_an_editorial_change_gives_no_marker(client):
    programme = make_programme()
    node = make_node(programme, slug="sidan")
    ContentNode.objects.filter(pk=node.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=100),
        substance_changed_at=timezone.now() - datetime.timedelta(days=100),
    )
    node.refresh_from_db()
    publish_change(node, kind=ChangeKind.EDITORIAL, note="Stavfel.", title_sv="Rättad")

    page = client.get(node_url(node)).content.decode()

    assert "Rättad" in page and "Ändrad " not in page


def test_content_pages_show_both_dates(client, changed):
    programme, node, _release = changed

    for url in (node_url(node), programme.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Senast ändrad i sak" in page and "Senast uppdaterad" in page
    english = client.get(node_url(node, "en")).content.decode()
    assert "Last changed in substance" in english and "Last updated" in english


def test_the_meeting_summary_shows_the_programme_version_and_both_dates(client):
    responsibility = (
        ProgrammeLevel.objects.filter(programme__published=True)
        .select_related("programme", "care_level")
        .first()
    )
    programme, level = responsibility.programme, responsibility.care_level

    page = client.get(
        reverse("programmes:meeting_summary", args=[programme.slug, level.slug])
    ).content.decode()

    assert "Senast ändrad i sak" in page and "Senast uppdaterad" in page
    if programme.version:
        assert f"Programversion {programme.version}." in page


def test_the_demo_has_a_change_log_with_versions_of_both_kinds(client):
    demo = ProgrammeRelease.objects.filter(kind=ChangeKind.PROFESSIONAL).select_related("programme")
    release = demo.first()
    assert release is not None
    programme = release.programme
    kinds = set(programme.releases.values_list("kind", flat=True))
    assert kinds == {ChangeKind.PROFESSIONAL, ChangeKind.EDITORIAL}

    page = client.get(changes_url(programme)).content.decode()

    assert release.note_sv in page and "<ins>" in page


def test_a_changed_recommendation_is_shown_in_the_change_log_in_words(client):
    """A priority moved within its guideline is the change of substance a reader most
    needs to see, though no text changed."""
    programme = make_programme(version="2.0")
    node = make_intervention(programme, slug="ipt", title_sv="IPT", priority=4)

    publish_change(node, note="Högre prioritet i de nya riktlinjerna.", priority=2)

    page = client.get(changes_url(programme)).content.decode()
    release_html = page[page.index("Högre prioritet") :]
    assert "<del" in release_html and "<ins" in release_html
    removed = release_html[release_html.index("<del") : release_html.index("</del>")]
    added = release_html[release_html.index("<ins") : release_html.index("</ins>")]
    assert "4" in removed and "2" in added
