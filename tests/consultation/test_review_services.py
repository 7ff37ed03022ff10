"""What reviewers write: comments, "no comments", and the response submitted once. Every
write is refused after the submit, after the deadline, once the round is closed, for a
part outside the round's version and for anyone not the organisation's reviewer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes.editorial.consultation.models import Comment, Part, Reviewer
from programmes.editorial.consultation.services.review import (
    ReviewRefused,
    comment_delete,
    comment_save,
    part_no_comments,
    response_submit,
)
from programmes.versioning import EditConflict

from .builders import make_comment, make_group_programme, make_person, make_round, reviewer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    round_ = make_round(make_group_programme())
    invitation = round_.invitations.all()[0]
    part = round_.version.parts.get(kind="intervention")
    return round_, invitation, part, reviewer_of(invitation)


def save(invitation, part, user, **fields):
    values = {"kind": "unclear", "text": "Svårt att följa.", "proposal": ""} | fields
    return comment_save(invitation=invitation, part=part, user=user, **values)


def test_a_reviewer_writes_a_comment_recorded_in_the_history(setting):
    _round, invitation, part, user = setting

    outcome = save(invitation, part, user, proposal="  Skriv så här.  ")

    comment = outcome.comment
    assert outcome.created
    assert (comment.kind, comment.text, comment.proposal) == (
        "unclear",
        "Svårt att följa.",
        "Skriv så här.",
    )
    assert comment.author == user and comment.lock_version == 1
    assert comment.history.get().history_user == user


def test_a_colleague_of_the_same_organisation_changes_it(setting):
    _round, invitation, part, user = setting
    colleague = make_person("kollega")
    Reviewer.objects.create(invitation=invitation, user=colleague)
    comment = save(invitation, part, user).comment

    outcome = save(invitation, part, colleague, text="Tydligare nu.", comment=comment, version=1)

    assert not outcome.created
    comment.refresh_from_db()
    assert comment.text == "Tydligare nu." and comment.lock_version == 2
    assert comment.history.order_by("-history_date").first().history_user == colleague


def test_two_reviewers_saving_the_same_comment_the_second_gets_a_conflict(setting):
    _round, invitation, part, user = setting
    colleague = make_person("kollega")
    Reviewer.objects.create(invitation=invitation, user=colleague)
    comment = save(invitation, part, user).comment
    mine = Comment.objects.get(pk=comment.pk)
    theirs = Comment.objects.get(pk=comment.pk)
    save(invitation, part, colleague, text="Först.", comment=theirs, version=1)

    with pytest.raises(EditConflict) as error:
        save(invitation, part, user, text="Sen.", comment=mine, version=1)

    assert error.value.current.text == "Först."


def test_a_comment_needs_text_and_a_real_kind(setting):
    _round, invitation, part, user = setting

    with pytest.raises(ValidationError) as no_text:
        save(invitation, part, user, text="  ")
    with pytest.raises(ValidationError) as none_kind:
        save(invitation, part, user, kind="none")
    with pytest.raises(ValidationError):
        save(invitation, part, user, kind="praise")

    assert "text" in no_text.value.error_dict
    assert "kind" in none_kind.value.error_dict
    assert not Comment.objects.filter(invitation=invitation).exists()


def test_no_comments_marks_the_part_and_a_comment_takes_the_mark_away(setting):
    _round, invitation, part, user = setting

    marked = part_no_comments(invitation=invitation, part=part, user=user)
    again = part_no_comments(invitation=invitation, part=part, user=user)
    written = save(invitation, part, user)

    assert marked.created and marked.comment.kind == "none"
    assert not again.created and again.comment.pk == marked.comment.pk
    assert written.removed == 1
    assert list(Comment.objects.filter(invitation=invitation).values_list("kind", flat=True)) == [
        "unclear"
    ]
    assert Comment.history.filter(id=marked.comment.pk, history_type="-").get().history_user == user


def test_no_comments_deletes_the_organisations_comments_on_the_part_only(setting):
    round_, invitation, part, user = setting
    other_part = round_.version.parts.get(kind="page")
    first = save(invitation, part, user).comment
    second = save(invitation, part, user, kind="fact", text="Fel årtal.").comment
    elsewhere = save(invitation, other_part, user).comment
    other_org = make_comment(round_.invitations.all()[1], part)

    outcome = part_no_comments(
        invitation=invitation, part=part, user=user, seen={first.pk: 1, second.pk: 1}
    )

    assert outcome.removed == 2
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert {elsewhere.pk, other_org.pk, outcome.comment.pk} <= remaining
    assert not {first.pk, second.pk} & remaining


def test_no_comments_refuses_when_a_colleague_changed_the_comments_meanwhile(setting):
    _round, invitation, part, user = setting
    first = save(invitation, part, user).comment
    save(invitation, part, user, text="Ändrad.", comment=first, version=1)

    with pytest.raises(EditConflict):
        part_no_comments(invitation=invitation, part=part, user=user, seen={first.pk: 1})
    later = save(invitation, part, user, kind="fact", text="Ny.").comment
    with pytest.raises(EditConflict):
        part_no_comments(invitation=invitation, part=part, user=user, seen={first.pk: 2})

    assert Comment.objects.filter(pk__in=[first.pk, later.pk]).count() == 2


def test_deleting_a_comment_needs_the_version_read(setting):
    _round, invitation, part, user = setting
    comment = save(invitation, part, user).comment
    pk = comment.pk
    save(invitation, part, user, text="Ändrad.", comment=comment, version=1)

    with pytest.raises(EditConflict):
        comment_delete(invitation=invitation, comment=comment, user=user, version=1)
    comment_delete(invitation=invitation, comment=comment, user=user, version=2)

    assert not Comment.objects.filter(pk=pk).exists()
    assert Comment.history.filter(id=pk, history_type="-").get().history_user == user


def test_the_response_is_submitted_once(setting):
    _round, invitation, _part, user = setting

    submitted = response_submit(invitation=invitation, user=user)

    assert submitted.submitted_by == user and submitted.submitted_at is not None
    assert submitted.history.order_by("-history_date").first().history_user == user
    with pytest.raises(ReviewRefused) as error:
        response_submit(invitation=invitation, user=user)
    assert error.value.status == 409
    assert "skickades in" in error.value.reason


def refused_everywhere(invitation, part, user, comment):
    """Every write, each refused: the statuses they answered with."""
    statuses = []
    for write in (
        lambda: save(invitation, part, user),
        lambda: save(invitation, part, user, text="Ny.", comment=comment, version=1),
        lambda: comment_delete(invitation=invitation, comment=comment, user=user, version=1),
        lambda: part_no_comments(invitation=invitation, part=part, user=user),
        lambda: response_submit(invitation=invitation, user=user),
    ):
        with pytest.raises(ReviewRefused) as error:
            write()
        statuses.append(error.value.status)
    return statuses


def test_after_the_submit_nothing_changes(setting):
    _round, invitation, part, user = setting
    comment = save(invitation, part, user).comment
    response_submit(invitation=invitation, user=user)

    assert refused_everywhere(invitation, part, user, comment) == [409] * 5
    comment.refresh_from_db()
    assert comment.lock_version == 1


def test_after_the_deadline_nothing_changes(setting):
    round_, invitation, part, user = setting
    comment = save(invitation, part, user).comment
    round_.deadline = timezone.localdate() - datetime.timedelta(days=1)
    round_.save()

    assert refused_everywhere(invitation, part, user, comment) == [403] * 5


def test_the_deadline_day_itself_is_still_open(setting):
    round_, invitation, part, user = setting
    round_.deadline = timezone.localdate()
    round_.save()

    assert save(invitation, part, user).created


def test_after_the_round_is_closed_nothing_changes(setting):
    round_, invitation, part, user = setting
    comment = save(invitation, part, user).comment
    round_.closed_at = timezone.now()
    round_.save()

    statuses = refused_everywhere(invitation, part, user, comment)

    assert statuses == [403] * 5
    with pytest.raises(ReviewRefused) as error:
        save(invitation, part, user)
    assert "stängdes" in error.value.reason


def test_a_part_of_another_version_is_refused(setting):
    _round, invitation, _part, user = setting
    other = make_round(make_group_programme())
    foreign = other.version.parts.get(kind="intervention")

    with pytest.raises(ReviewRefused) as comment_error:
        save(invitation, foreign, user)
    with pytest.raises(ReviewRefused) as none_error:
        part_no_comments(invitation=invitation, part=foreign, user=user)

    assert comment_error.value.status == none_error.value.status == 404
    assert not Comment.objects.filter(part=foreign).exists()


def test_someone_not_the_organisations_reviewer_is_refused(setting):
    round_, invitation, part, user = setting
    other_reviewer = reviewer_of(round_.invitations.all()[1])
    comment = save(invitation, part, user).comment

    assert refused_everywhere(invitation, part, other_reviewer, comment) == [404] * 5


def test_another_organisations_comment_cannot_be_changed_through_this_invitation(setting):
    round_, invitation, part, user = setting
    theirs = make_comment(round_.invitations.all()[1], part)

    with pytest.raises(ReviewRefused):
        save(invitation, part, user, comment=theirs, version=1)
    with pytest.raises(ReviewRefused):
        comment_delete(invitation=invitation, comment=theirs, user=user, version=1)

    theirs.refresh_from_db()
    assert theirs.lock_version == 1


def test_a_comment_saved_on_another_part_is_refused(setting):
    round_, invitation, part, user = setting
    comment = save(invitation, part, user).comment
    page = Part.objects.get(version=round_.version, kind="page")

    with pytest.raises(ReviewRefused):
        save(invitation, page, user, comment=comment, version=1)
