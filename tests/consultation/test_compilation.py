"""A round's compilation: the group's page, its print view, CSV for Swedish Excel, the
Excel workbook, publishing it, and the public pages (organisations named, people never;
nothing before it is published; stale cached copies gone once it is withdrawn)."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programmes.editorial.consultation.compilation import compilation_of
from programmes.editorial.consultation.models import Comment, Round
from programmes.editorial.consultation.services.rounds import (
    answer_save,
    compilation_publish,
    compilation_withdraw,
)
from programmes.models import Programme
from tests.factories import make_node

from .builders import make_comment, make_round
from .round_world import grow, round_world

pytestmark = pytest.mark.django_db

#: Session, user, programme, membership, round; the parts, the comments with their
#: answers, the responses, the earlier round (none here).
COMPILATION_PAGE = 9
#: The content state (page cache), the round with its programme and version, then the
#: compilation's own reads.
PUBLIC_PAGE = 6
PUBLIC_LIST = 1


@pytest.fixture
def world():
    world = round_world(status=Programme.Status.ESTABLISHED, published=True)
    answer_save(
        comment=world.comments[0],
        user=world.member,
        verdict="accepted",
        reason="Vi anger evidensgraden.",
    )
    world.round.closed_at = timezone.now()
    world.round.save()
    return world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def group_url(world, name="compilation") -> str:
    return reverse(f"consultation:{name}", args=[world.programme.slug, world.round.number])


def public_url(world) -> str:
    return reverse(
        "consultation:public_compilation", args=[world.programme.slug, world.round.number]
    )


# The compilation ---------------------------------------------------------------------------


def test_the_compilation_groups_submitted_comments_by_part_in_version_order(world):
    compilation = compilation_of(world.round)

    kinds = [entry.part.kind for entry in compilation.parts]
    assert kinds == ["programme", "section", "page", "intervention"]
    by_kind = {entry.part.kind: entry for entry in compilation.parts}
    assert [c.text for c in by_kind["intervention"].comments] == ["Ange vilken evidens som gäller."]
    assert by_kind["intervention"].answered == 1
    assert by_kind["section"].comments == []
    assert by_kind["section"].no_comments == [world.answering.organisation.name]
    assert (compilation.invited, compilation.submitted, compilation.rate) == (2, 1, 50)
    assert (compilation.comment_count, compilation.answered_count) == (2, 1)
    counts = {response.organisation.name: response.comments for response in compilation.responses}
    assert counts == {world.answering.organisation.name: 2, world.writing.organisation.name: 0}
    assert compilation.changes is None


def test_the_group_page_shows_every_comment_answer_and_the_response_rate(
    world, django_assert_num_queries
):
    client = client_for(world.member)
    with django_assert_num_queries(COMPILATION_PAGE):
        response = client.get(group_url(world))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Svarsfrekvens" in body
    assert "1 av 2 inbjudna remissinstanser svarade (50 %)" in body
    assert "Ange vilken evidens som gäller." in body and "Vi anger evidensgraden." in body
    assert "Meningen är lång." in body and "inte besvarad än" in body
    assert "Inget svar" in body
    assert "Utkast som ingen ska se" not in body
    # The compilation is the document that may be published: no one is named in it.
    main = body.split('<main id="main"', 1)[1]
    assert "Granskarsson" not in main and "Ledamot" not in main

    grow(world, 3)
    with django_assert_num_queries(COMPILATION_PAGE):
        assert client.get(group_url(world)).status_code == 200


def test_the_print_view_has_no_forms_and_says_when_it_was_printed(world):
    body = client_for(world.chair).get(group_url(world) + "?print=1").content.decode()

    main = body.split('<main id="main"', 1)[1]
    assert "<form" not in main
    assert "Utskriven" in main
    assert "Ange vilken evidens som gäller." in main


def test_outsiders_and_reviewers_get_404_on_the_compilation_and_its_files(world):
    for user in (world.outsider, world.reviewer):
        client = client_for(user)
        for name in ("compilation", "compilation_csv", "compilation_xlsx"):
            assert client.get(group_url(world, name)).status_code == 404


# CSV and Excel -------------------------------------------------------------------------------


def test_the_csv_opens_in_swedish_excel(world):
    response = client_for(world.member).get(group_url(world, "compilation_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sammanstallning-')
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:5] == ["Del", "Typ av del", "Organisation", "Typ av synpunkt", "Synpunkt"]
    assert all(len(row) == len(rows[0]) for row in rows)
    texts = [row[4] for row in rows[1:]]
    assert "Ange vilken evidens som gäller." in texts and "Meningen är lång." in texts
    # A proposal starting with "=" is text, never a formula.
    assert "'=Kortare mening." in [row[5] for row in rows]
    assert any(row[3] == "Inga synpunkter" for row in rows)
    assert "Utkast som ingen ska se." not in text
    assert "Granskarsson" not in text


def test_the_workbook_has_every_comment_with_a_header_and_wrapped_text(world):
    grow(world, 2)
    response = client_for(world.member).get(group_url(world, "compilation_xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["Del", "Typ av del", "Organisation", "Typ av synpunkt", "Synpunkt"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    comments = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    submitted = Comment.objects.filter(
        invitation__round=world.round, invitation__submitted_at__isnull=False
    )
    assert len(comments) == submitted.count()
    for comment in submitted.exclude(kind="none"):
        assert comment.text in comments
    proposal = next(row for row in sheet.iter_rows(min_row=2) if row[5].value)[5]
    assert proposal.value == "=Kortare mening." and proposal.data_type == "s"
    assert proposal.alignment.wrap_text
    responses = book.worksheets[1]
    names = [row[0] for row in responses.iter_rows(min_row=2, values_only=True)]
    assert world.answering.organisation.name in names
    assert "Inget svar" in [row[2] for row in responses.iter_rows(min_row=2, values_only=True)]


# What changed since the previous round -------------------------------------------------------


def test_a_later_compilation_shows_the_word_diff_and_the_parts_added_and_removed(world):
    page = world.programme.nodes.get(title_sv="Samtalsstöd")
    page.summary_sv = "Samtal som stöd i vardagen."
    page.save()
    make_node(world.programme, kind="section", title_sv="Uppföljning")
    world.programme.nodes.get(kind="intervention").delete()
    later = make_round(world.programme, number=2)
    make_comment(later.invitations.first(), later.version.parts.get(kind="page"))

    compilation = compilation_of(later)

    changes = compilation.changes
    assert changes.earlier == world.round
    assert [entry.part.title_sv for entry in changes.changed] == ["Samtalsstöd"]
    segments = changes.changed[0].diffs[0].segments
    assert any(s.op == "insert" and "vardagen" in s.text for s in segments)
    assert [part.title_sv for part in changes.added] == ["Uppföljning"]
    assert [part.title_sv for part in changes.removed] == ["KBT i grupp"]

    body = (
        client_for(world.member)
        .get(reverse("consultation:compilation", args=[world.programme.slug, 2]))
        .content.decode()
    )
    assert "Vad som ändrats sedan remissrunda 1" in body
    assert "Med i förra remissrundan, inte i den här" in body and "KBT i grupp" in body
    assert "<ins>" in body


def test_the_public_page_of_a_later_round_shows_no_draft_text(world):
    """What changed between two consultation versions is draft text: the group sees it,
    the public never does."""
    page = world.programme.nodes.get(title_sv="Samtalsstöd")
    page.summary_sv = "Ett utkast till text om vardagen."
    page.save()
    later = make_round(world.programme, number=2)
    make_comment(later.invitations.first(), later.version.parts.get(kind="page"))
    Round.objects.filter(pk=later.pk).update(closed_at=timezone.now())
    later.refresh_from_db()
    compilation_publish(round=later, user=world.chair)

    body = Client().get(reverse("consultation:public_compilation", args=[world.programme.slug, 2]))

    assert body.status_code == 200
    assert "vardagen" not in body.content.decode() and "<ins>" not in body.content.decode()


# Publishing and the public pages ----------------------------------------------------------


def test_leaders_publish_from_the_page_and_members_cannot(world):
    member = client_for(world.member)
    assert member.post(group_url(world, "compilation_publish")).status_code == 404

    response = client_for(world.chair).post(group_url(world, "compilation_publish"))

    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.compilation_published_at is not None


def test_publishing_a_draft_programmes_compilation_is_400_with_the_reason(world):
    Programme.objects.filter(pk=world.programme.pk).update(status=Programme.Status.DRAFT)

    response = client_for(world.chair).post(group_url(world, "compilation_publish"))

    assert response.status_code == 400
    assert "fastställt" in response.content.decode()
    world.round.refresh_from_db()
    assert world.round.compilation_published_at is None


def test_the_public_page_names_organisations_and_no_one(world, django_assert_num_queries):
    compilation_publish(round=world.round, user=world.chair)

    with django_assert_num_queries(PUBLIC_PAGE):
        response = Client().get(public_url(world))

    body = response.content.decode()
    assert response.status_code == 200
    assert world.answering.organisation.name in body
    assert world.writing.organisation.name in body
    assert "Ange vilken evidens som gäller." in body and "Vi anger evidensgraden." in body
    for person in (world.reviewer, world.writer, world.member, world.chair):
        assert person.last_name not in body
        assert person.email not in body
    assert "Utkast som ingen ska se" not in body
    assert "Demoinnehåll" in body
    grow(world, 2)
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(PUBLIC_PAGE):
        assert Client().get(public_url(world)).status_code == 200


def test_the_public_list_shows_published_compilations_only(world, django_assert_num_queries):
    unpublished = round_world(status=Programme.Status.ESTABLISHED, published=True)
    compilation_publish(round=world.round, user=world.chair)

    with django_assert_num_queries(PUBLIC_LIST + 1):
        body = Client().get(reverse("consultation:public_compilations")).content.decode()

    assert public_url(world) in body
    assert f"/{unpublished.programme.slug}/" not in body
    assert reverse("consultation:public_compilations") == "/remisser/"


def test_an_unpublished_compilation_or_one_of_a_hidden_programme_is_404(world):
    assert Client().get(public_url(world)).status_code == 404
    compilation_publish(round=world.round, user=world.chair)
    assert Client().get(public_url(world)).status_code == 200
    Programme.objects.filter(pk=world.programme.pk).update(published=False)
    from django.core.cache import cache

    cache.clear()
    assert Client().get(public_url(world)).status_code == 404
    wrong = reverse("consultation:public_compilation", args=[world.programme.slug, 7])
    assert Client().get(wrong).status_code == 404


def test_withdrawing_makes_cached_copies_stale_at_once(world, settings):
    settings.VIP_PAGE_CACHE = True
    compilation_publish(round=world.round, user=world.chair)
    visitor = Client()
    first = visitor.get(public_url(world))
    assert first.status_code == 200 and first.has_header("ETag")
    listed = visitor.get(reverse("consultation:public_compilations")).content.decode()
    assert public_url(world) in listed

    compilation_withdraw(round=world.round, user=world.chair)

    assert visitor.get(public_url(world)).status_code == 404
    assert visitor.get(public_url(world), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 404
    listed = visitor.get(reverse("consultation:public_compilations")).content.decode()
    assert public_url(world) not in listed


def test_a_public_page_in_english(world):
    compilation_publish(round=world.round, user=world.chair)
    from django.utils import translation

    with translation.override("en"):
        url = public_url(world)
    body = Client().get(url).content.decode()

    assert url.startswith("/en/consultations/")
    assert "Response rate" in body and "Comments and answers, part by part" in body


def test_a_round_past_its_deadline_is_published_too(world):
    world.round.closed_at = None
    world.round.deadline = timezone.localdate() - datetime.timedelta(days=1)
    world.round.save()

    assert client_for(world.chair).post(group_url(world, "compilation_publish")).status_code == 302
