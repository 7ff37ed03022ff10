"""A round with people around it, for the round pages' and the compilation's tests: a
programme with its chair and a member, a round with invited organisations (the first has
submitted comments, the second is still writing), and people outside it."""

import types

from django.utils import timezone

from programmes.editorial.consultation.models import Comment, Invitation, Role
from tests.factories import unique

from .builders import (
    make_comment,
    make_group_programme,
    make_member,
    make_organisation,
    make_person,
    make_round,
    reviewer_of,
)


def submit(invitation: Invitation) -> Invitation:
    invitation.submitted_at = timezone.now()
    invitation.save()
    return invitation


def round_world(**programme_fields):
    programme = make_group_programme(**programme_fields)
    chair = make_member(programme, Role.CHAIR, user=make_person("Ordförande")).user
    member = make_member(programme, Role.MEMBER, user=make_person("Ledamot")).user
    round_ = make_round(programme, organisations=0, opened_by=chair)
    answering = Invitation.objects.create(
        round=round_, organisation=make_organisation(name=unique("Svenska Psykiatriska Föreningen"))
    )
    writing = Invitation.objects.create(
        round=round_, organisation=make_organisation(name=unique("Riksförbundet Anhöriga"))
    )
    for invitation, name in ((answering, "Granskarsson"), (writing, "Skrivarsson")):
        invitation.reviewers.create(user=make_person("granskare", last_name=name))
    parts = {part.kind: part for part in round_.version.parts.all()}
    comments = [
        make_comment(answering, parts["intervention"], text="Ange vilken evidens som gäller."),
        make_comment(
            answering,
            parts["page"],
            kind=Comment.Kind.LANGUAGE,
            text="Meningen är lång.",
            proposal="=Kortare mening.",
        ),
        make_comment(answering, parts["section"], kind=Comment.Kind.NONE, text=""),
    ]
    draft = make_comment(writing, parts["intervention"], text="Utkast som ingen ska se.")
    submit(answering)
    return types.SimpleNamespace(
        programme=programme,
        chair=chair,
        member=member,
        round=round_,
        answering=answering,
        writing=writing,
        reviewer=reviewer_of(answering),
        writer=reviewer_of(writing),
        outsider=make_person("Utomstående"),
        parts=parts,
        comments=comments,
        draft=draft,
    )


def grow(world, organisations: int) -> None:
    """More invited organisations, each with a reviewer and a submitted comment on every
    part: the pages must read as many queries as before."""
    for _index in range(organisations):
        invitation = Invitation.objects.create(round=world.round, organisation=make_organisation())
        invitation.reviewers.create(user=make_person("granskare"))
        for part in world.parts.values():
            make_comment(invitation, part, author=None)
        submit(invitation)
