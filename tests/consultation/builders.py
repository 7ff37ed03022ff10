"""Builders for programme work: a working group, a frozen round with invited
organisations and their reviewers. Made directly with the ORM (and the freezing the
editorial room does), so that each test area can test its own services through them."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from programmes.editorial.consultation.freezing import version_freeze
from programmes.editorial.consultation.models import (
    Comment,
    Invitation,
    Member,
    Organisation,
    Reviewer,
    Role,
    Round,
)
from programmes.models import Programme
from tests.factories import make_node, make_programme, unique


def make_person(name: str | None = None, **fields):
    username = fields.pop("username", unique(name or "person"))
    return get_user_model().objects.create_user(
        username=username,
        email=fields.pop("email", f"{username}@example.se"),
        password=fields.pop("password", "secret-pass-123"),
        first_name=fields.pop("first_name", (name or "Person").capitalize()),
        last_name=fields.pop("last_name", "Testsson"),
        **fields,
    )


def make_group_programme(**fields) -> Programme:
    """A draft programme (not public) with a section, a page and an intervention."""
    programme = make_programme(
        status=fields.pop("status", Programme.Status.DRAFT),
        published=fields.pop("published", False),
        **fields,
    )
    section = make_node(programme, kind="section", title_sv="Behandling", title_en="Treatment")
    make_node(programme, section, title_sv="Samtalsstöd", title_en="Supportive talks")
    make_node(
        programme,
        section,
        kind="intervention",
        title_sv="KBT i grupp",
        title_en="Group CBT",
        recommendation="none",
        recommendation_reason_sv="Inte prövad.",
        recommendation_reason_en="Not assessed.",
    )
    return programme


def make_member(programme: Programme, role: str = Role.MEMBER, user=None, **fields) -> Member:
    return Member.objects.create(
        programme=programme,
        user=user or make_person(role),
        role=role,
        represents=fields.pop("represents", "Region Testlän"),
        **fields,
    )


def make_organisation(**fields) -> Organisation:
    return Organisation.objects.create(
        name=fields.pop("name", unique("Organisation")),
        kind=fields.pop("kind", Organisation.Kind.PROFESSION),
        **fields,
    )


def make_round(
    programme: Programme,
    *,
    organisations: int = 2,
    deadline: datetime.date | None = None,
    opened_by=None,
    **fields,
) -> Round:
    """A round on the programme's draft as it is now, with `organisations` invited
    organisations, each with one reviewer (`round.invitations.all()[i].reviewers`)."""
    number = fields.pop("number", programme.consultation_rounds.count() + 1)
    version = version_freeze(programme=programme, user=opened_by, label=f"remiss {number}")
    round_ = Round.objects.create(
        programme=programme,
        number=number,
        title=fields.pop("title", f"Remiss {number}"),
        purpose=fields.pop("purpose", "Synpunkter på innehållet."),
        questions=fields.pop("questions", "Är texten tydlig?\nSaknas något?"),
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=14),
        version=version,
        opened_by=opened_by,
        **fields,
    )
    for _index in range(organisations):
        invitation = Invitation.objects.create(round=round_, organisation=make_organisation())
        Reviewer.objects.create(invitation=invitation, user=make_person("granskare"))
    return round_


def reviewer_of(invitation: Invitation):
    return invitation.reviewers.select_related("user").first().user


def make_comment(invitation: Invitation, part=None, **fields) -> Comment:
    part = part or invitation.round.version.parts.get(kind="intervention")
    return Comment.objects.create(
        invitation=invitation,
        part=part,
        author=fields.pop("author", reviewer_of(invitation)),
        kind=fields.pop("kind", Comment.Kind.UNCLEAR),
        text=fields.pop("text", "Texten är svår att följa."),
        **fields,
    )
