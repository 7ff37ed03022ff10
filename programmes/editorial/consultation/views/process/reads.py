"""What the working group's pages read, each in a fixed number of queries whatever the
number of members, meetings, rounds or records."""

import dataclasses
import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import Indicator, Programme

from ... import access
from ...models import (
    DisseminationItem,
    IndicatorCheck,
    Meeting,
    Member,
    PracticalTest,
    Round,
    SelfEvaluationAnswer,
)


def when(day: datetime.date, today: datetime.date | None = None) -> tuple[str, str]:
    """Whether a meeting is held, today or coming, in words (and a class for its colour)."""
    today = today or timezone.localdate()
    if day < today:
        return "done", _("held")
    if day == today:
        return "today", _("today")
    return "planned", _("coming")


@dataclasses.dataclass
class Group:
    """One working group on the start page: the programme, the person's role there, the
    next meeting and the open rounds."""

    programme: Programme
    role: str
    next_meeting: Meeting | None = None
    open_rounds: list = dataclasses.field(default_factory=list)


def home_groups(user) -> list[Group]:
    """The working groups the user belongs to (every programme, for an administrator or
    an editor of the portal). Three queries (four for an editor)."""
    if access.oversees(user):
        overseer = _("administrator") if user.is_superuser else _("editor of the portal")
        roles = {
            member.programme_id: member.get_role_display()
            for member in Member.objects.filter(user=user)
        }
        groups = [
            Group(programme, roles.get(programme.pk, overseer))
            for programme in Programme.objects.all()
        ]
    else:
        members = (
            Member.objects.filter(user=user)
            .select_related("programme")
            .order_by("programme__position", "programme__slug")
        )
        groups = [Group(member.programme, member.get_role_display()) for member in members]
    if not groups:
        return groups
    by_pk = {group.programme.pk: group for group in groups}
    today = timezone.localdate()
    coming = Meeting.objects.filter(programme__in=list(by_pk), date__gte=today).order_by(
        "programme_id", "-date", "-pk"
    )
    for meeting in coming:  # the last one seen of a programme is its soonest
        by_pk[meeting.programme_id].next_meeting = meeting
    rounds = Round.objects.filter(
        programme__in=list(by_pk), closed_at__isnull=True, deadline__gte=today
    ).order_by("number")
    for round_ in rounds:
        by_pk[round_.programme_id].open_rounds.append(round_)
    return groups


def _count(queryset, *, group: str = "programme", counted: str = "pk", distinct=False):
    """The number of rows (or distinct `counted` values) of `queryset`, filtered on the
    outer programme, as a subquery."""
    counts = (
        queryset.order_by()
        .values(group)
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def work_counts(programme: Programme) -> dict:
    """How far the practical test, the indicator checks, the dissemination plan and the
    self-evaluation have come. One query."""
    outer = OuterRef("pk")
    checks = IndicatorCheck.objects.filter(indicator__programme=outer)
    items = DisseminationItem.objects.filter(programme=outer)
    counts = {
        "tests": _count(PracticalTest.objects.filter(programme=outer)),
        "indicators": _count(Indicator.objects.filter(programme=outer)),
        "checked": _count(checks, group="indicator__programme"),
        "fetchable": _count(
            checks.filter(fetchable=IndicatorCheck.Fetchable.YES), group="indicator__programme"
        ),
        "items": _count(items),
        "audiences": _count(items, counted="audience", distinct=True),
        "answered": _count(SelfEvaluationAnswer.objects.filter(programme=outer)),
    }
    # Named apart from the programme's own relations (`indicators` is one).
    found = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(**{f"count_{name}": value for name, value in counts.items()})
        .values(*(f"count_{name}" for name in counts))
        .get()
    )
    row = {name: found[f"count_{name}"] for name in counts}
    row["questions"] = len(SelfEvaluationAnswer.Question.values)
    row["all_audiences"] = len(DisseminationItem.Audience.values)
    return row


def programme_reads(programme: Programme) -> dict:
    """Everything the programme's work page shows. Five queries."""
    today = timezone.localdate()
    meetings = list(Meeting.objects.filter(programme=programme).select_related("round"))
    for meeting in meetings:
        meeting.when_class, meeting.when_word = when(meeting.date, today)
    rounds = list(
        Round.objects.filter(programme=programme)
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count(
                "invitations", filter=Q(invitations__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("number")
    )
    now = timezone.now()
    for round_ in rounds:
        round_.open_now = round_.is_open(now)
    return {
        "status_changes": list(programme.status_changes.select_related("user")),
        "members": list(Member.objects.filter(programme=programme).select_related("user")),
        "meetings": meetings,
        "rounds": rounds,
        "counts": work_counts(programme),
    }


def meeting_of(programme: Programme, pk: int) -> Meeting | None:
    return Meeting.objects.filter(programme=programme, pk=pk).select_related("round").first()


def practical_tests(programme: Programme) -> list[PracticalTest]:
    """The programme's practical tests, newest first, with what they concern. Three
    queries."""
    return list(
        PracticalTest.objects.filter(programme=programme)
        .select_related("care_level", "vignette", "recorded_by")
        .prefetch_related("nodes", "steps__pathway")
    )


def indicators_with_checks(programme: Programme) -> list[Indicator]:
    """The programme's proposed indicators, each with its check (`fetch_check`, absent if
    none yet). One query."""
    indicators = list(
        Indicator.objects.filter(programme=programme)
        .select_related("fetch_check__checked_by")
        .order_by("kind", "name")
    )
    for indicator in indicators:
        try:
            indicator.check = indicator.fetch_check
        except IndicatorCheck.DoesNotExist:
            indicator.check = None
    return indicators


def dissemination_plan(programme: Programme) -> list[tuple]:
    """The plan per audience, in the order of the audiences: (value, label, items). One
    query."""
    items = list(DisseminationItem.objects.filter(programme=programme).select_related("material"))
    plan = []
    for value, label in DisseminationItem.Audience.choices:
        shown = [item for item in items if item.audience == value]
        if shown:
            plan.append((value, label, shown))
    return plan


def self_evaluation(programme: Programme) -> dict[str, SelfEvaluationAnswer]:
    rows = SelfEvaluationAnswer.objects.filter(programme=programme).select_related("answered_by")
    return {row.question: row for row in rows}
