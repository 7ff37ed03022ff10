"""The working group's writes about its work: the meetings (leaders), the practical
test, the indicator checks, the dissemination plan and the self-evaluation (any member).
Each takes keyword arguments, runs in one transaction, validates what it saves, records
the person in the row's history and returns an `Outcome` (`outcomes`)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from programmes.models import ContentNode, Indicator, PathwayStep, Programme
from programmes.versioning import EditConflict, version_claim

from .. import access
from ..models import (
    DisseminationItem,
    IndicatorCheck,
    Meeting,
    PracticalTest,
    SelfEvaluationAnswer,
)
from .outcomes import (
    Outcome,
    Result,
    delete_versioned,
    fill,
    not_leading,
    not_member,
    record,
    refused,
    save_versioned,
)

#: What a form may set on each kind of row (the rest the services set themselves).
MEETING_FIELDS = (
    "kind",
    "title",
    "date",
    "place",
    "due_before",
    "agenda",
    "minutes",
    "decisions",
    "round",
)
PRACTICAL_TEST_FIELDS = (
    "held_on",
    "place",
    "care_level",
    "vignette",
    "described_case",
    "what_worked",
    "must_change",
)
DISSEMINATION_FIELDS = ("audience", "material", "what", "channel", "due", "owner")


# The meetings --------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    programme: Programme,
    user,
    data: dict,
    meeting: Meeting | None = None,
    version: int | None = None,
) -> Outcome:
    """Create a meeting of the programme's working group, or change `meeting` (read at
    `version`), from `data` (the fields of `MEETING_FIELDS`). The round a meeting
    discusses is one of the programme's."""
    if not access.leads(user, programme):
        return not_leading()
    meeting = meeting or Meeting(programme=programme)
    if meeting.programme_id != programme.pk:
        return refused(_("This meeting belongs to another programme."))
    round_ = data.get("round")
    if round_ is not None and round_.programme_id != programme.pk:
        return refused(_("Choose a consultation round of this programme."), "round")
    fill(meeting, data, MEETING_FIELDS)
    return save_versioned(meeting, user=user, version=version)


@transaction.atomic
def meeting_delete(*, meeting: Meeting, user, version: int | None) -> Outcome:
    """Delete a meeting, unless someone saved it after `version` was read."""
    if not access.leads(user, meeting.programme):
        return not_leading()
    return delete_versioned(meeting, user=user, version=version)


# The practical test --------------------------------------------------------------------


@transaction.atomic
def practical_test_save(
    *,
    programme: Programme,
    user,
    data: dict,
    nodes: Iterable[ContentNode] = (),
    steps: Iterable[PathwayStep] = (),
    test: PracticalTest | None = None,
    version: int | None = None,
) -> Outcome:
    """Record a practical test of the programme's draft (or change `test`, read at
    `version`): where and when, at which level, with a case vignette of this programme or
    a described case (never patient data), what worked and what must change, and the
    parts concerned: the programme's content nodes and care pathway steps."""
    if not access.can_see_group(user, programme):
        return not_member()
    test = test or PracticalTest(programme=programme, recorded_by=user)
    if test.programme_id != programme.pk:
        return refused(_("This practical test belongs to another programme."))
    nodes, steps = list(nodes), list(steps)
    if any(node.programme_id != programme.pk for node in nodes):
        return refused(_("Choose parts of this programme."), "nodes")
    step_ids = {step.pk for step in steps}
    if step_ids and (
        PathwayStep.objects.filter(pk__in=step_ids, pathway__programme=programme).count()
        != len(step_ids)
    ):
        return refused(_("Choose steps of this programme's care pathways."), "steps")
    fill(test, data, PRACTICAL_TEST_FIELDS)

    def tagged(saved):
        saved.nodes.set(nodes)
        saved.steps.set(steps)

    return save_versioned(test, user=user, version=version, after=tagged)


# The indicators ------------------------------------------------------------------------


@transaction.atomic
def indicator_check_save(
    *,
    indicator: Indicator,
    user,
    fetchable: str,
    source: str,
    fetched_by: str,
    note: str,
    version: int | None = None,
) -> Outcome:
    """Say whether a proposed indicator's data can be fetched, from which source and by
    whom. The programme's proposed indicators are its indicators. `version` is the one
    the person read; None when there was no check yet (if someone made one meanwhile,
    that is a conflict)."""
    if not access.can_see_group(user, indicator.programme):
        return not_member()
    check = IndicatorCheck.objects.filter(indicator=indicator).first()
    check = check or IndicatorCheck(indicator=indicator)
    check.fetchable, check.source, check.fetched_by, check.note = (
        fetchable,
        source,
        fetched_by,
        note,
    )
    check.checked_by = user
    try:
        with transaction.atomic():
            return save_versioned(check, user=user, version=version)
    except IntegrityError:
        # Two people checked a new indicator at once: the other one's check stands.
        return Outcome(
            Result.CONFLICT, current=IndicatorCheck.objects.filter(indicator=indicator).first()
        )


# The dissemination plan ----------------------------------------------------------------


@transaction.atomic
def dissemination_item_save(
    *,
    programme: Programme,
    user,
    data: dict,
    item: DisseminationItem | None = None,
    version: int | None = None,
) -> Outcome:
    """Add a line to the programme's dissemination plan, or change `item` (read at
    `version`): for an audience, what material (one of the programme's, or described),
    through which channel, when and who is responsible."""
    if not access.can_see_group(user, programme):
        return not_member()
    item = item or DisseminationItem(programme=programme)
    if item.programme_id != programme.pk:
        return refused(_("This line belongs to another programme's plan."))
    material = data.get("material")
    if material is not None and material.programme_id != programme.pk:
        return refused(_("Choose a material of this programme."), "material")
    fill(item, data, DISSEMINATION_FIELDS)
    return save_versioned(item, user=user, version=version)


@transaction.atomic
def dissemination_item_delete(*, item: DisseminationItem, user, version: int | None) -> Outcome:
    if not access.can_see_group(user, item.programme):
        return not_member()
    return delete_versioned(item, user=user, version=version)


# The self-evaluation -------------------------------------------------------------------


class _Conflicts(Exception):
    def __init__(self, current: dict):
        self.current = current


@transaction.atomic
def self_evaluation_save(
    *,
    programme: Programme,
    user,
    answers: dict[str, str],
    versions: dict[str, int | None],
) -> Outcome:
    """Save the working group's answers to the self-evaluation's questions at once.

    `answers` maps a question (`SelfEvaluationAnswer.Question`) to its answer; an empty
    answer removes a saved one. `versions` holds the version each answer was read at
    (None: there was none). An answer as it is saved already is left alone; if someone
    else changed an answer this person changes, nothing is saved and the outcome is a
    conflict with the answers as they are now, by question."""
    if not access.can_see_group(user, programme):
        return not_member()
    questions = SelfEvaluationAnswer.Question
    unknown = set(answers) - set(questions.values)
    if unknown:
        return refused(_("There is no such question in the self-evaluation."))
    longest = SelfEvaluationAnswer._meta.get_field("answer").max_length
    too_long = [q for q, text in answers.items() if len((text or "").strip()) > longest]
    if too_long:
        message = _("Keep the answer under %(limit)s characters.") % {"limit": longest}
        return Outcome(Result.REFUSED, error=ValidationError({q: [message] for q in too_long}))
    saved = {row.question: row for row in SelfEvaluationAnswer.objects.filter(programme=programme)}
    changed = False
    try:
        with transaction.atomic():
            conflicts = {}
            for question in questions.values:
                if question not in answers:
                    continue
                text = (answers[question] or "").strip()
                row = saved.get(question)
                version = versions.get(question)
                if row is None:
                    if not text:
                        continue
                    if version is not None:
                        conflicts[question] = None  # deleted after it was read
                        continue
                    row = SelfEvaluationAnswer(programme=programme, question=question)
                elif row.answer == text:
                    continue
                try:
                    if not text:
                        version_claim(row, version=version)
                        record(row, user)
                        row.delete()
                    else:
                        row.answer, row.answered_by = text, user
                        try:
                            row.full_clean(validate_constraints=False)
                        except ValidationError as error:
                            raise ValidationError({question: error.messages}) from error
                        version_claim(row, version=version)
                        record(row, user)
                        row.save()
                except EditConflict as error:
                    conflicts[question] = error.current
                    continue
                changed = True
            if conflicts:
                raise _Conflicts(conflicts)
    except _Conflicts as error:
        return Outcome(Result.CONFLICT, current=error.current)
    except IntegrityError:
        # Someone answered a new question at the same moment: theirs stands.
        current = {row.question: row for row in programme.self_evaluation.all()}
        return Outcome(Result.CONFLICT, current=current)
    except ValidationError as error:
        return Outcome(Result.REFUSED, error=error)
    return Outcome(Result.CHANGED if changed else Result.UNCHANGED)
