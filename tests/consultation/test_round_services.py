"""The working group's writes around rounds: opening, inviting, closing, answering and
publishing the compilation, and every refusal."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from programmes.editorial.consultation.models import Answer, Comment, Invitation, Part, Role
from programmes.editorial.consultation.services.rounds import (
    Result,
    answer_save,
    compilation_publish,
    compilation_withdraw,
    invitation_add,
    organisation_add,
    round_close,
    round_open,
)
from programmes.editorial.history import history_record
from programmes.editorial.models import Action, Version
from programmes.models import ContentNode, ContentState, Programme
from programmes.versioning import EditConflict
from tests.factories import make_node, make_pathway, make_step

from .builders import (
    make_comment,
    make_group_programme,
    make_member,
    make_organisation,
    make_person,
    make_round,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

IN_TWO_WEEKS = datetime.timedelta(days=14)


def soon() -> datetime.date:
    return timezone.localdate() + IN_TWO_WEEKS


def chair_of(programme):
    return make_member(programme, Role.CHAIR).user


def opened(programme, user, **fields):
    values = {
        "programme": programme,
        "user": user,
        "title": "Remiss",
        "purpose": "Synpunkter.",
        "questions": "Är det tydligt?\n\n  Saknas något?  ",
        "deadline": soon(),
        "organisations": [make_organisation(), make_organisation()],
    }
    return round_open(**{**values, **fields})


def submitted(invitation: Invitation) -> Invitation:
    invitation.submitted_at = timezone.now()
    invitation.save()
    return invitation


def version_of(obj, user=None) -> Version:
    """A recorded change of `obj` (made now), as the list of versions shows it."""
    row = history_record(obj=obj, action=Action.CHANGED, user=user)
    return Version.objects.get(
        content_type=ContentType.objects.get_for_model(type(obj)), history_id=row.history_id
    )


# Opening ---------------------------------------------------------------------------------


def test_a_chair_opens_a_round_on_the_frozen_draft_and_invites_the_organisations():
    programme = make_group_programme(version="1.3")
    chair = chair_of(programme)

    outcome = opened(programme, chair)

    round_ = outcome.round
    assert outcome.result == Result.CREATED
    assert round_.number == 1
    assert round_.version.label == "1.3 remissversion 1"
    assert round_.questions == "Är det tydligt?\nSaknas något?"
    assert round_.opened_by == chair
    assert [part.kind for part in round_.version.parts.all()] == [
        Part.Kind.PROGRAMME,
        Part.Kind.SECTION,
        Part.Kind.PAGE,
        Part.Kind.INTERVENTION,
    ]
    assert round_.invitations.count() == 2
    assert round_.history.first().history_user == chair


def test_rounds_are_numbered_one_after_the_other_per_programme():
    programme = make_group_programme(version="2.0")
    chair = chair_of(programme)
    first = opened(programme, chair).round
    round_close(round=first, user=chair)

    second = opened(programme, chair).round

    assert second.number == 2
    assert second.version.label == "2.0 remissversion 2"
    other = make_group_programme()
    assert opened(other, chair_of(other)).round.number == 1


def test_a_round_covers_only_the_sections_and_pathways_chosen():
    programme = make_group_programme()
    other_section = make_node(programme, kind="section", title_sv="Uppföljning")
    pathway = make_pathway(programme)
    make_step(pathway)
    treatment = programme.nodes.get(title_sv="Behandling")

    round_ = opened(programme, chair_of(programme), sections=[other_section]).round
    kinds = list(round_.version.parts.values_list("kind", flat=True))
    assert kinds == [Part.Kind.PROGRAMME, Part.Kind.SECTION]

    round_close(round=round_, user=round_.opened_by)
    round_ = opened(programme, round_.opened_by, sections=[treatment], pathways=[pathway]).round
    kinds = list(round_.version.parts.values_list("kind", flat=True))
    assert kinds == [
        Part.Kind.PROGRAMME,
        Part.Kind.SECTION,
        Part.Kind.PAGE,
        Part.Kind.INTERVENTION,
        Part.Kind.PATHWAY,
        Part.Kind.STEP,
    ]


def test_a_round_on_a_care_pathway_alone_leaves_the_sections_out():
    programme = make_group_programme()
    pathway = make_pathway(programme)
    make_step(pathway)

    round_ = opened(programme, chair_of(programme), pathways=[pathway]).round

    kinds = list(round_.version.parts.values_list("kind", flat=True))
    assert kinds == [Part.Kind.PROGRAMME, Part.Kind.PATHWAY, Part.Kind.STEP]


@pytest.mark.parametrize("role", [Role.MEMBER, None])
def test_only_the_leaders_open_a_round(role):
    programme = make_group_programme()
    user = make_member(programme, role).user if role else make_person("utomstaende")

    with pytest.raises(PermissionDenied):
        opened(programme, user)
    assert not programme.consultation_rounds.exists()


@pytest.mark.parametrize("days", [0, -1])
def test_a_deadline_today_or_past_is_refused(days):
    programme = make_group_programme()
    deadline = timezone.localdate() + datetime.timedelta(days=days)

    with pytest.raises(ValidationError) as refused:
        opened(programme, chair_of(programme), deadline=deadline)
    assert "deadline" in refused.value.error_dict
    assert not programme.consultation_versions.exists()


def test_a_round_without_organisations_is_refused():
    programme = make_group_programme()

    with pytest.raises(ValidationError) as refused:
        opened(programme, chair_of(programme), organisations=[])
    assert "organisations" in refused.value.error_dict


def test_a_second_round_while_one_is_open_is_refused():
    programme = make_group_programme()
    chair = chair_of(programme)
    opened(programme, chair)

    with pytest.raises(ValidationError, match="still open"):
        opened(programme, chair)
    assert programme.consultation_rounds.count() == 1


def test_sections_of_another_programme_or_below_the_top_are_refused():
    programme = make_group_programme()
    chair = chair_of(programme)
    elsewhere = make_group_programme().nodes.get(title_sv="Behandling")
    page = programme.nodes.get(title_sv="Samtalsstöd")

    for sections in ([elsewhere], [page]):
        with pytest.raises(ValidationError) as refused:
            opened(programme, chair, sections=sections)
        assert "sections" in refused.value.error_dict


def test_an_archived_programme_is_not_sent_for_consultation():
    programme = make_group_programme(status=Programme.Status.ARCHIVED)

    with pytest.raises(ValidationError, match="archived"):
        opened(programme, chair_of(programme))


def test_a_leader_adds_an_organisation_once():
    programme = make_group_programme()
    chair = chair_of(programme)
    organisation = organisation_add(
        programme=programme, name="  Svenska   Psykiatriska ", kind="profession", user=chair
    )
    assert organisation.name == "Svenska Psykiatriska"

    with pytest.raises(ValidationError):
        organisation_add(
            programme=programme, name="svenska psykiatriska", kind="profession", user=chair
        )
    with pytest.raises(PermissionDenied):
        organisation_add(
            programme=programme,
            name="Annan",
            kind="other",
            user=make_member(programme).user,
        )


# Inviting and closing --------------------------------------------------------------------


def test_an_organisation_is_invited_to_an_open_round_once():
    programme = make_group_programme()
    chair = chair_of(programme)
    round_ = make_round(programme)
    organisation = make_organisation()

    first = invitation_add(round=round_, organisation=organisation, user=chair)
    again = invitation_add(round=round_, organisation=organisation, user=chair)

    assert first.result == Result.CREATED
    assert again.result == Result.UNCHANGED
    assert again.invitation == first.invitation
    with pytest.raises(PermissionDenied):
        invitation_add(
            round=round_, organisation=make_organisation(), user=make_member(programme).user
        )


def test_no_organisation_is_invited_to_a_closed_round():
    programme = make_group_programme()
    chair = chair_of(programme)
    round_ = make_round(programme)
    round_close(round=round_, user=chair)

    with pytest.raises(ValidationError, match="closed"):
        invitation_add(round=round_, organisation=make_organisation(), user=chair)


def test_a_leader_closes_a_round_early_once():
    programme = make_group_programme()
    chair = chair_of(programme)
    round_ = make_round(programme)

    outcome = round_close(round=round_, user=chair)

    assert outcome.result == Result.CLOSED
    round_.refresh_from_db()
    assert round_.closed_at is not None and not round_.is_open()
    with pytest.raises(ValidationError, match="already closed"):
        round_close(round=round_, user=chair)


def test_closing_from_a_stale_page_or_as_a_member_is_refused():
    programme = make_group_programme()
    round_ = make_round(programme)

    with pytest.raises(PermissionDenied):
        round_close(round=round_, user=make_member(programme).user)
    with pytest.raises(EditConflict):
        round_close(round=round_, user=chair_of(programme), version=round_.lock_version + 5)
    round_.refresh_from_db()
    assert round_.closed_at is None


def test_a_round_past_its_deadline_cannot_be_closed_again():
    programme = make_group_programme()
    round_ = make_round(programme, deadline=timezone.localdate() - datetime.timedelta(days=1))

    with pytest.raises(ValidationError, match="already closed"):
        round_close(round=round_, user=chair_of(programme))


# Answering -------------------------------------------------------------------------------


def answered_world():
    programme = make_group_programme()
    member = make_member(programme).user
    round_ = make_round(programme)
    invitation = submitted(round_.invitations.first())
    return programme, member, round_, make_comment(invitation)


def test_any_member_answers_a_submitted_comment_and_changes_the_answer():
    programme, member, round_, comment = answered_world()

    outcome = answer_save(
        comment=comment, user=member, verdict="accepted", reason="Vi förtydligar."
    )
    assert outcome.result == Result.CREATED
    answer = Answer.objects.get(comment=comment)
    assert answer.answered_by == member
    assert answer.history.first().history_user == member

    again = answer_save(
        comment=comment,
        user=member,
        verdict="accepted",
        reason="Vi förtydligar.",
        version=answer.lock_version,
    )
    assert again.result == Result.UNCHANGED

    changed = answer_save(
        comment=comment,
        user=make_member(programme, Role.CHAIR).user,
        verdict="partly",
        reason="Delvis.",
        version=answer.lock_version,
    )
    assert changed.result == Result.CHANGED
    assert Answer.objects.get(comment=comment).verdict == "partly"


def test_an_answer_from_a_stale_page_is_refused_with_the_other_answer():
    _programme, member, _round, comment = answered_world()
    answer_save(comment=comment, user=member, verdict="accepted", reason="Först.")

    with pytest.raises(EditConflict) as conflict:
        answer_save(comment=comment, user=member, verdict="rejected", reason="Sedan.", version=None)

    assert conflict.value.current.reason == "Först."
    assert Answer.objects.get(comment=comment).reason == "Först."


def test_comments_of_a_response_not_yet_submitted_are_not_answered():
    programme = make_group_programme()
    round_ = make_round(programme)
    comment = make_comment(round_.invitations.first())

    with pytest.raises(ValidationError, match="not submitted"):
        answer_save(comment=comment, user=chair_of(programme), verdict="accepted", reason="Ja.")
    # Not after the deadline either: only submitted responses count.
    round_close(round=round_, user=round_.programme.group_members.get(role="chair").user)
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="not submitted"):
        answer_save(
            comment=comment, user=make_member(programme).user, verdict="accepted", reason="Ja."
        )
    assert not Answer.objects.filter(comment=comment).exists()


def test_a_no_comments_mark_needs_no_answer():
    programme = make_group_programme()
    round_ = make_round(programme)
    invitation = submitted(round_.invitations.first())
    mark = make_comment(invitation, kind=Comment.Kind.NONE, text="")

    with pytest.raises(ValidationError, match="no answer"):
        answer_save(comment=mark, user=make_member(programme).user, verdict="accepted", reason="-")


def test_people_outside_the_group_do_not_answer():
    _programme, _member, round_, comment = answered_world()
    reviewer = round_.invitations.first().reviewers.first().user

    for user in (make_person("utomstaende"), reviewer):
        with pytest.raises(PermissionDenied):
            answer_save(comment=comment, user=user, verdict="accepted", reason="Ja.")


def test_an_answer_links_a_change_of_its_part_made_after_the_round_opened():
    programme, member, round_, comment = answered_world()
    node = ContentNode.objects.get(pk=comment.part.object_id)
    before = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(ContentNode), object_id=node.pk
    ).first()
    other = version_of(programme.nodes.get(title_sv="Samtalsstöd"))
    change = version_of(node, member)

    outcome = answer_save(
        comment=comment, user=member, verdict="accepted", reason="Ändrat.", change=change
    )
    assert outcome.answer.change == change

    for wrong in [candidate for candidate in (before, other) if candidate is not None]:
        with pytest.raises(ValidationError) as refused:
            answer_save(
                comment=comment,
                user=member,
                verdict="accepted",
                reason="Ändrat.",
                change=wrong,
                version=outcome.answer.lock_version,
            )
        assert "change" in refused.value.error_dict


def test_a_change_recorded_before_the_round_opened_is_refused():
    programme = make_group_programme()
    node = programme.nodes.get(kind="intervention")
    earlier = version_of(node)
    round_ = make_round(programme)
    comment = make_comment(submitted(round_.invitations.first()))

    with pytest.raises(ValidationError) as refused:
        answer_save(
            comment=comment,
            user=make_member(programme).user,
            verdict="accepted",
            reason="Ändrat.",
            change=earlier,
        )
    assert "change" in refused.value.error_dict


# Publishing the compilation --------------------------------------------------------------


def established(**fields):
    programme = make_group_programme(
        status=fields.pop("status", Programme.Status.ESTABLISHED),
        published=fields.pop("published", True),
    )
    return programme, chair_of(programme)


def test_a_closed_round_of_an_established_public_programme_is_published_and_withdrawn():
    programme, chair = established()
    round_ = make_round(programme)
    round_close(round=round_, user=chair)
    moved_from = ContentState.objects.get(scope="site").changed_at

    outcome = compilation_publish(round=round_, user=chair)

    assert outcome.result == Result.PUBLISHED
    round_.refresh_from_db()
    assert round_.compilation_published_at is not None
    assert round_.compilation_published_by == chair
    # Cached public pages go stale at once.
    published_at = ContentState.objects.get(scope="site").changed_at
    assert published_at > moved_from
    assert compilation_publish(round=round_, user=chair).result == Result.UNCHANGED

    withdrawn = compilation_withdraw(round=round_, user=chair)

    assert withdrawn.result == Result.WITHDRAWN
    round_.refresh_from_db()
    assert round_.compilation_published_at is None
    assert ContentState.objects.get(scope="site").changed_at > published_at
    with pytest.raises(ValidationError, match="not published"):
        compilation_withdraw(round=round_, user=chair)


def test_a_programme_under_review_publishes_a_round_past_its_deadline():
    programme, chair = established(status=Programme.Status.REVIEW)
    round_ = make_round(programme, deadline=timezone.localdate() - datetime.timedelta(days=1))

    assert compilation_publish(round=round_, user=chair).result == Result.PUBLISHED


@pytest.mark.parametrize(
    ("status", "published", "closed", "reason"),
    [
        (Programme.Status.ESTABLISHED, True, False, "still open"),
        (Programme.Status.DRAFT, False, True, "established"),
        (Programme.Status.CONSULTATION, True, True, "established"),
        (Programme.Status.ESTABLISHED, False, True, "public"),
    ],
)
def test_publishing_before_the_round_closed_or_the_programme_is_established_is_refused(
    status, published, closed, reason
):
    programme, chair = established(status=status, published=published)
    round_ = make_round(programme)
    if closed:
        round_close(round=round_, user=chair)

    with pytest.raises(ValidationError, match=reason):
        compilation_publish(round=round_, user=chair)
    round_.refresh_from_db()
    assert round_.compilation_published_at is None


def test_only_leaders_publish_and_a_published_compilation_keeps_its_answers():
    programme, chair = established()
    round_ = make_round(programme)
    comment = make_comment(submitted(round_.invitations.first()))
    round_close(round=round_, user=chair)
    member = make_member(programme).user

    with pytest.raises(PermissionDenied):
        compilation_publish(round=round_, user=member)
    compilation_publish(round=round_, user=chair)
    with pytest.raises(PermissionDenied):
        compilation_withdraw(round=round_, user=member)

    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="Withdraw"):
        answer_save(comment=comment, user=member, verdict="accepted", reason="Ja.")
