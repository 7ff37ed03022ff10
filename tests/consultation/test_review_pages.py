"""The reviewers' pages: their consultations, a round's version as a document, a part with
the organisation's comments, and the submit. Only their organisations' rounds, read-only
once submitted or past the deadline, a fixed number of queries, both languages (logging
in and the invitation link: test_review_login.py)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from programmes.editorial.consultation.models import Comment, Reviewer
from programmes.editorial.consultation.services.review import comment_save, response_submit
from tests.factories import make_intervention

from .builders import (
    make_comment,
    make_group_programme,
    make_member,
    make_person,
    make_round,
    reviewer_of,
)

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
#: Session, user, the invitation (with its round, programme, version, organisation and
#: who submitted), the parts, their guidelines (none here, so no query), the states.
ROUND_PAGE = 5
#: Session, user, invitation, the part, the comments with authors, the titles of all
#: parts (previous and next).
PART_PAGE = 6
#: Session, user, the invitations, their comment counts.
LIST_PAGE = 4


def make_world() -> dict:
    """A round with two invited organisations, each with a reviewer, and two parts."""
    programme = make_group_programme()
    round_ = make_round(programme, title="Remiss 1 om insatser")
    ours, theirs = round_.invitations.all()
    return {
        "round": round_,
        "ours": ours,
        "theirs": theirs,
        "reviewer": reviewer_of(ours),
        "other": reviewer_of(theirs),
        "part": round_.version.parts.get(kind="intervention"),
        "page": round_.version.parts.get(kind="page"),
    }


@pytest.fixture
def world():
    return make_world()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, *args, language="sv"):
    with translation.override(language):
        return reverse(f"consultation:{name}", args=args)


def text_of(response) -> str:
    return response.content.decode()


# Who sees what --------------------------------------------------------------------


def test_the_list_shows_only_the_users_organisations_rounds(world, django_assert_num_queries):
    make_comment(world["ours"])
    elsewhere = make_round(make_group_programme(), title="En annan remiss")
    client = logged_in(world["reviewer"])

    with django_assert_num_queries(LIST_PAGE):
        response = client.get(url("review_list"))

    body = text_of(response)
    assert "Remiss 1 om insatser" in body
    assert "Öppen" in body and "1 synpunkt" in body
    assert elsewhere.title not in body


def test_the_list_says_submitted_and_closed(world):
    response_submit(invitation=world["ours"], user=world["reviewer"])
    closed = make_round(make_group_programme(), organisations=1)
    Reviewer.objects.create(invitation=closed.invitations.get(), user=world["reviewer"])
    closed.closed_at = timezone.now()
    closed.save()

    body = text_of(logged_in(world["reviewer"]).get(url("review_list")))

    assert "Inskickat" in body
    assert "Stängd" in body


def test_the_list_in_english(world):
    response_submit(invitation=world["ours"], user=world["reviewer"])

    response = logged_in(world["reviewer"]).get(url("review_list", language="en"))

    body = text_of(response)
    assert response.status_code == 200
    assert "My consultations" in body and "Submitted on" in body
    assert url("review_round", world["round"].pk, language="en") in body


def test_another_organisations_reviewer_sees_only_their_own_comments(world):
    make_comment(world["ours"], world["part"], text="Vår synpunkt")
    make_comment(world["theirs"], world["part"], text="Deras synpunkt")
    client = logged_in(world["other"])

    body = text_of(client.get(url("review_part", world["round"].pk, world["part"].pk)))

    assert "Deras synpunkt" in body and "Vår synpunkt" not in body


@pytest.mark.parametrize("who", ["uninvited reviewer", "group member", "superuser"])
def test_anyone_not_invited_to_the_round_gets_404(world, who):
    if who == "uninvited reviewer":
        other_round = make_round(make_group_programme())
        user = reviewer_of(other_round.invitations.all()[0])
    elif who == "group member":
        user = make_member(world["round"].programme, "chair").user
    else:
        user = make_person("admin", is_superuser=True, is_staff=True)
    client = logged_in(user)
    pk, part, comment = world["round"].pk, world["part"].pk, make_comment(world["ours"]).pk

    for name, args in [
        ("review_round", [pk]),
        ("review_part", [pk, part]),
        ("review_no_comments", [pk, part]),
        ("review_comment_edit", [pk, comment]),
        ("review_comment_delete", [pk, comment]),
        ("review_submit", [pk]),
    ]:
        assert client.get(url(name, *args)).status_code == 404, name
        assert client.post(url(name, *args), {"text": "x"}).status_code == 404, name


def test_another_organisations_comment_is_404_through_this_round(world):
    theirs = make_comment(world["theirs"])
    client = logged_in(world["reviewer"])

    assert client.get(url("review_comment_edit", world["round"].pk, theirs.pk)).status_code == 404
    response = client.post(url("review_comment_delete", world["round"].pk, theirs.pk))
    assert response.status_code == 404
    assert Comment.objects.filter(pk=theirs.pk).exists()


def test_a_part_of_another_version_is_404(world):
    other = make_round(make_group_programme())
    foreign = other.version.parts.get(kind="intervention")

    response = logged_in(world["reviewer"]).get(url("review_part", world["round"].pk, foreign.pk))

    assert response.status_code == 404


def test_reviewers_have_no_admin(world):
    response = logged_in(world["reviewer"]).get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# The round as a document ----------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_round_shows_purpose_questions_deadline_and_every_part(world, language):
    comment_save(
        invitation=world["ours"],
        part=world["part"],
        user=world["reviewer"],
        kind="fact",
        text="Fel.",
        proposal="",
    )
    response = logged_in(world["reviewer"]).get(
        url("review_round", world["round"].pk, language=language)
    )

    body = text_of(response)
    assert response.status_code == 200
    assert world["round"].purpose in body
    assert "Saknas något?" in body
    for part in world["round"].version.parts.all():
        assert f'id="part-{part.pk}"' in body
        assert url("review_part", world["round"].pk, part.pk, language=language) in body
    if language == "sv":
        assert "1 synpunkt" in body and "Inte kommenterad" in body
        assert "Skicka in remissvaret" in body
    else:
        assert "1 comment" in body and "Not commented on" in body
        assert "Group CBT" in body


def test_the_round_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = logged_in(world["reviewer"])
    client.get(url("review_round", world["round"].pk))
    with django_assert_num_queries(ROUND_PAGE):
        client.get(url("review_round", world["round"].pk))

    programme = make_group_programme()
    section = programme.nodes.get(title_sv="Behandling")
    for number in range(8):
        make_intervention(programme, section, recommendation="none", title_sv=f"Insats {number}")
    bigger = make_round(programme)
    invitation = bigger.invitations.all()[0]
    for part in bigger.version.parts.all():
        make_comment(invitation, part)
        make_comment(invitation, part, kind="fact", text="Sakfel")
    client = logged_in(reviewer_of(invitation))
    with django_assert_num_queries(ROUND_PAGE):
        response = client.get(url("review_round", bigger.pk))
    # Each part's state, in the list of parts and after the part itself.
    assert text_of(response).count("2 synpunkter") == 2 * bigger.version.parts.count()


def test_the_part_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = logged_in(world["reviewer"])
    path = url("review_part", world["round"].pk, world["part"].pk)
    with django_assert_num_queries(PART_PAGE):
        client.get(path)
    for number in range(6):
        make_comment(world["ours"], world["part"], text=f"Synpunkt {number}")

    with django_assert_num_queries(PART_PAGE):
        response = client.get(path)

    assert text_of(response).count('class="review-comment"') == 6


# Commenting -------------------------------------------------------------------------


def post_comment(client, world, **fields):
    data = {"kind": "missing", "text": "Något saknas här.", "proposal": "Lägg till X."} | fields
    return client.post(url("review_part", world["round"].pk, world["part"].pk), data)


def test_a_reviewer_comments_on_a_part(world):
    client = logged_in(world["reviewer"])

    response = post_comment(client, world)

    assert response.status_code == 302
    comment = Comment.objects.get(invitation=world["ours"])
    assert (comment.kind, comment.text, comment.proposal) == (
        "missing",
        "Något saknas här.",
        "Lägg till X.",
    )
    page = client.get(url("review_part", world["round"].pk, world["part"].pk))
    assert "Något saknas här." in text_of(page)
    assert "Din synpunkt är sparad" in text_of(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_invalid_comment_is_400_with_an_error_summary(world, language):
    client = logged_in(world["reviewer"])

    response = client.post(
        url("review_part", world["round"].pk, world["part"].pk, language=language),
        {"kind": "none", "text": ""},
    )

    body = text_of(response)
    assert response.status_code == 400
    assert 'class="form-errors"' in body
    assert 'href="#id_text"' in body and 'href="#id_kind"' in body
    assert ("Skriv synpunkten." if language == "sv" else "Write the comment.") in body
    assert (
        not Comment.objects.exists()
        or not Comment.objects.filter(invitation=world["ours"]).exists()
    )


def test_editing_a_comment_a_colleague_saved_meanwhile_is_409_keeping_the_text(world):
    comment = make_comment(world["ours"], world["part"], text="Ursprunglig")
    colleague = make_person("kollega")
    Reviewer.objects.create(invitation=world["ours"], user=colleague)
    path = url("review_comment_edit", world["round"].pk, comment.pk)
    data = {"kind": "unclear", "text": "Min version", "proposal": "", "version": "1"}
    logged_in(colleague).post(path, data | {"text": "Kollegans version"})

    response = logged_in(world["reviewer"]).post(path, data)

    body = text_of(response)
    assert response.status_code == 409
    assert "Min version" in body and "Kollegans version" in body
    assert 'name="version" value="2"' in body
    again = logged_in(world["reviewer"]).post(path, data | {"version": "2"})
    assert again.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Min version"


def test_editing_a_comment_a_colleague_deleted_is_409_showing_the_text(world):
    comment = make_comment(world["ours"], world["part"])
    path = url("review_comment_edit", world["round"].pk, comment.pk)
    client = logged_in(world["reviewer"])
    client.post(url("review_comment_delete", world["round"].pk, comment.pk), {"version": "1"})

    response = client.post(path, {"kind": "unclear", "text": "Det jag skrev", "version": "1"})

    assert response.status_code == 409
    assert "Det jag skrev" in text_of(response)


def test_deleting_a_comment_changed_meanwhile_is_409(world):
    comment = make_comment(world["ours"], world["part"])
    client = logged_in(world["reviewer"])
    client.post(
        url("review_comment_edit", world["round"].pk, comment.pk),
        {"kind": "fact", "text": "Ändrad", "version": "1"},
    )

    stale = client.post(
        url("review_comment_delete", world["round"].pk, comment.pk), {"version": "1"}
    )
    fresh = client.post(
        url("review_comment_delete", world["round"].pk, comment.pk), {"version": "2"}
    )

    assert stale.status_code == 409
    assert fresh.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_no_comments_on_a_part_without_comments_marks_it_at_once(world):
    client = logged_in(world["reviewer"])

    response = client.post(url("review_no_comments", world["round"].pk, world["page"].pk))

    assert response.status_code == 302
    assert Comment.objects.get(invitation=world["ours"]).kind == "none"
    body = text_of(client.get(url("review_round", world["round"].pk)))
    assert "Inga synpunkter" in body


def test_no_comments_on_a_part_with_comments_asks_first(world):
    comment = make_comment(world["ours"], world["part"], text="Ska bort")
    client = logged_in(world["reviewer"])
    path = url("review_no_comments", world["round"].pk, world["part"].pk)

    asked = client.post(path)
    assert asked.status_code == 200
    assert "Ska bort" in text_of(asked)
    assert Comment.objects.filter(pk=comment.pk).exists()

    confirmed = client.post(path, {"confirm": "1", "seen": f"{comment.pk}:1"})
    assert confirmed.status_code == 302
    assert list(
        Comment.objects.filter(invitation=world["ours"]).values_list("kind", flat=True)
    ) == ["none"]


def test_no_comments_confirmed_after_a_colleague_wrote_more_is_409(world):
    comment = make_comment(world["ours"], world["part"])
    make_comment(world["ours"], world["part"], text="Ny från kollegan")
    client = logged_in(world["reviewer"])

    response = client.post(
        url("review_no_comments", world["round"].pk, world["part"].pk),
        {"confirm": "1", "seen": f"{comment.pk}:1"},
    )

    assert response.status_code == 409
    assert "Ny från kollegan" in text_of(response)
    assert Comment.objects.filter(invitation=world["ours"]).count() == 2


def test_comment_posts_are_limited_per_user(world):
    client = logged_in(world["reviewer"])
    statuses = [post_comment(client, world, text=f"Nr {n}").status_code for n in range(31)]

    assert statuses[:30] == [302] * 30
    assert statuses[30] == 429
    assert Comment.objects.filter(invitation=world["ours"]).count() == 30
    assert post_comment(logged_in(world["other"]), world).status_code == 302


# Submitting -----------------------------------------------------------------------


def test_submitting_once_then_everything_is_read_only(world):
    comment = make_comment(world["ours"], world["part"])
    client = logged_in(world["reviewer"])

    confirm = client.get(url("review_submit", world["round"].pk))
    assert confirm.status_code == 200
    assert "1 synpunkt" in text_of(confirm)
    submitted = client.post(url("review_submit", world["round"].pk))
    assert submitted["Location"] == url("review_round", world["round"].pk)

    again = client.post(url("review_submit", world["round"].pk))
    assert again.status_code == 409
    assert "kan inte ändras" in text_of(again)
    refused = [
        post_comment(client, world),
        client.post(
            url("review_comment_edit", world["round"].pk, comment.pk),
            {"kind": "fact", "text": "x", "version": "1"},
        ),
        client.post(url("review_comment_delete", world["round"].pk, comment.pk), {"version": "1"}),
        client.post(url("review_no_comments", world["round"].pk, world["page"].pk)),
    ]
    assert [response.status_code for response in refused] == [409] * 4
    page = text_of(client.get(url("review_part", world["round"].pk, world["part"].pk)))
    assert '<form method="post" novalidate' not in page
    assert url("review_comment_edit", world["round"].pk, comment.pk) not in page
    assert "skickades in" in page
    # A colleague of the same organisation sees it read-only too.
    colleague = make_person("kollega")
    Reviewer.objects.create(invitation=world["ours"], user=colleague)
    assert post_comment(logged_in(colleague), world).status_code == 409


def test_after_the_deadline_writes_are_403_and_the_pages_read_only(world):
    world["round"].deadline = timezone.localdate() - datetime.timedelta(days=1)
    world["round"].save()
    client = logged_in(world["reviewer"])

    assert post_comment(client, world).status_code == 403
    assert client.post(url("review_submit", world["round"].pk)).status_code == 403
    body = text_of(client.get(url("review_round", world["round"].pk)))
    assert "Sista svarsdag" in body or "sista dag" in body.lower()
    assert url("review_submit", world["round"].pk) not in body
    assert "Se synpunkterna" in body
