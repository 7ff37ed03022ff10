"""The working group's writes around a programme (services/process.py): the status and
its moves, the members and the one chair, meetings, the practical test, the indicator
checks, the dissemination plan and the self-evaluation."""

import datetime
import types

import pytest
from django.utils import timezone

from care_levels.models import CareLevel
from programmes.editorial.consultation.models import (
    DisseminationItem,
    IndicatorCheck,
    Meeting,
    Member,
    PracticalTest,
    Role,
    SelfEvaluationAnswer,
    StatusChange,
)
from programmes.editorial.consultation.services.group import (
    member_add,
    member_change,
    member_remove,
    status_move,
)
from programmes.editorial.consultation.services.outcomes import Result
from programmes.editorial.consultation.services.process import (
    dissemination_item_delete,
    dissemination_item_save,
    indicator_check_save,
    meeting_delete,
    meeting_save,
    practical_test_save,
    self_evaluation_save,
)
from programmes.editorial.drafts import draft_of, draft_save
from programmes.editorial.snapshots import snapshot
from programmes.models import CaseVignette, Indicator, Material, Programme
from tests.factories import make_pathway, make_step, unique

from .builders import make_group_programme, make_member, make_person, make_round

pytestmark = pytest.mark.django_db

Status = Programme.Status
TODAY = timezone.localdate()


@pytest.fixture
def group():
    programme = make_group_programme(status=Status.DRAFT)
    return types.SimpleNamespace(
        programme=programme,
        chair=make_member(programme, Role.CHAIR).user,
        editor=make_member(programme, Role.EDITOR).user,
        member=make_member(programme, Role.MEMBER).user,
        outsider=make_person("utomstaende"),
        admin=make_person("admin", is_superuser=True, is_staff=True),
    )


def make_indicator(programme, **fields):
    return Indicator.objects.create(
        programme=programme,
        slug=fields.pop("slug", unique("indikator")),
        kind=fields.pop("kind", Indicator.Kind.PROCESS),
        name_sv=fields.pop("name_sv", "Andel med vårdplan"),
        name_en="Share with a care plan",
        direction=Indicator.Direction.INCREASE,
        **fields,
    )


def meeting_data(**fields) -> dict:
    return {
        "kind": Meeting.Kind.INTRODUCTION,
        "title": "Uppstart",
        "date": TODAY,
        "place": "Digitalt",
        "agenda": "1. Presentation",
        **fields,
    }


# The status ---------------------------------------------------------------------------


def test_a_leader_moves_the_status_and_the_move_is_recorded_with_who_when_and_why(group):
    before = timezone.now()

    outcome = status_move(
        programme=group.programme, to=Status.CONSULTATION, user=group.chair, note="Beslut möte 2"
    )

    assert outcome.result == Result.MOVED
    group.programme.refresh_from_db()
    assert group.programme.status == Status.CONSULTATION
    change = StatusChange.objects.get(programme=group.programme)
    assert (change.from_status, change.to_status) == (Status.DRAFT, Status.CONSULTATION)
    assert change.user == group.chair and change.note == "Beslut möte 2"
    assert change.changed_at >= before


def test_an_editor_leads_too(group):
    assert status_move(programme=group.programme, to=Status.CONSULTATION, user=group.editor).ok


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_leaders_move_the_status(group, who):
    outcome = status_move(
        programme=group.programme, to=Status.CONSULTATION, user=getattr(group, who)
    )

    assert outcome.refused and outcome.reason
    group.programme.refresh_from_db()
    assert group.programme.status == Status.DRAFT
    assert not StatusChange.objects.filter(programme=group.programme).exists()


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.DRAFT, Status.ESTABLISHED),
        (Status.DRAFT, Status.TEST),
        (Status.CONSULTATION, Status.ESTABLISHED),
        (Status.ESTABLISHED, Status.DRAFT),
        (Status.ARCHIVED, Status.ESTABLISHED),
        (Status.DRAFT, "nonsense"),
    ],
)
def test_moves_outside_the_path_are_refused_with_the_reason(group, start, to):
    Programme.objects.filter(pk=group.programme.pk).update(status=start)
    group.programme.refresh_from_db()

    outcome = status_move(programme=group.programme, to=to, user=group.chair)

    assert outcome.refused
    assert "to" in outcome.error.error_dict
    group.programme.refresh_from_db()
    assert group.programme.status == start
    assert not StatusChange.objects.filter(programme=group.programme).exists()


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.DRAFT, Status.CONSULTATION),
        (Status.CONSULTATION, Status.TEST),
        (Status.TEST, Status.ESTABLISHED),
        (Status.ESTABLISHED, Status.REVIEW),
        (Status.REVIEW, Status.CONSULTATION),
        (Status.REVIEW, Status.ESTABLISHED),
        (Status.ARCHIVED, Status.REVIEW),
        (Status.TEST, Status.ARCHIVED),
    ],
)
def test_moves_along_the_path_are_allowed(group, start, to):
    Programme.objects.filter(pk=group.programme.pk).update(status=start)
    group.programme.refresh_from_db()

    assert status_move(programme=group.programme, to=to, user=group.chair).ok


def test_a_programme_is_not_established_while_a_round_is_open(group, in_english):
    Programme.objects.filter(pk=group.programme.pk).update(status=Status.TEST)
    group.programme.refresh_from_db()
    round_ = make_round(group.programme, deadline=TODAY)

    outcome = status_move(programme=group.programme, to=Status.ESTABLISHED, user=group.chair)

    assert outcome.refused and "round" in outcome.reason
    round_.closed_at = timezone.now()
    round_.save()
    assert status_move(programme=group.programme, to=Status.ESTABLISHED, user=group.chair).ok


def test_a_round_past_its_deadline_is_no_longer_open(group):
    Programme.objects.filter(pk=group.programme.pk).update(status=Status.TEST)
    group.programme.refresh_from_db()
    make_round(group.programme, deadline=TODAY - datetime.timedelta(days=1))

    assert status_move(programme=group.programme, to=Status.ESTABLISHED, user=group.chair).ok


def test_a_move_is_made_from_the_status_as_it_is_now_not_from_an_old_copy(group):
    stale = Programme.objects.get(pk=group.programme.pk)
    status_move(programme=group.programme, to=Status.CONSULTATION, user=group.chair)

    outcome = status_move(programme=stale, to=Status.ARCHIVED, user=group.editor)

    # From "remiss" archiving is allowed too: the move is made from the status as it is now.
    assert outcome.ok
    assert [c.to_status for c in StatusChange.objects.filter(programme=stale)] == [
        Status.ARCHIVED,
        Status.CONSULTATION,
    ]
    assert StatusChange.objects.filter(programme=stale).first().from_status == Status.CONSULTATION


def test_moving_the_status_publishes_nothing(group, client):
    Programme.objects.filter(pk=group.programme.pk).update(status=Status.TEST)
    group.programme.refresh_from_db()
    node = group.programme.nodes.first()
    node.published = False
    node.save()
    flags = dict(group.programme.nodes.values_list("pk", "published"))

    assert status_move(programme=group.programme, to=Status.ESTABLISHED, user=group.chair).ok

    group.programme.refresh_from_db()
    assert group.programme.published is False
    assert dict(group.programme.nodes.values_list("pk", "published")) == flags
    assert client.get(group.programme.get_absolute_url()).status_code == 404


def test_moving_a_published_programmes_status_keeps_its_draft_a_draft(group):
    programme = group.programme
    Programme.objects.filter(pk=programme.pk).update(status=Status.REVIEW, published=True)
    programme.refresh_from_db()
    draft_save(obj=programme, data=snapshot(programme) | {"summary_sv": "Nytt utkast."}, user=None)
    version = programme.lock_version

    assert status_move(programme=programme, to=Status.ESTABLISHED, user=group.chair).ok

    programme.refresh_from_db()
    assert programme.summary_sv == "Sammanfattning."  # the draft is not published
    draft = draft_of(programme)
    assert draft.data["summary_sv"] == "Nytt utkast."
    assert "status" not in draft.data  # publishing it later keeps the move
    assert programme.status == Status.ESTABLISHED
    assert programme.lock_version == version + 1  # an editor's open form cannot undo it


# The members ---------------------------------------------------------------------------


def test_a_leader_adds_a_member_and_the_history_names_them(group):
    newcomer = make_person("ny")

    outcome = member_add(
        programme=group.programme,
        user_to_add=newcomer,
        role=Role.MEMBER,
        represents="Region Norr",
        by=group.editor,
    )

    assert outcome.result == Result.CREATED
    member = Member.objects.get(programme=group.programme, user=newcomer)
    assert member.represents == "Region Norr"
    assert member.history.first().history_user == group.editor


def test_a_member_cannot_add_change_or_remove_members(group):
    newcomer = make_person("ny")
    chair = Member.objects.get(user=group.chair)
    editor = Member.objects.get(user=group.editor)

    assert member_add(
        programme=group.programme,
        user_to_add=newcomer,
        role=Role.MEMBER,
        represents="",
        by=group.member,
    ).refused
    assert member_change(member=editor, role=Role.MEMBER, represents="", by=group.member).refused
    assert member_remove(member=editor, by=group.member).refused
    assert Member.objects.filter(programme=group.programme).count() == 3
    assert chair.role == Role.CHAIR


def test_someone_in_the_group_already_is_not_added_twice(group):
    outcome = member_add(
        programme=group.programme,
        user_to_add=group.member,
        role=Role.EDITOR,
        represents="",
        by=group.chair,
    )

    assert outcome.refused and "user" in outcome.error.error_dict


def test_the_chair_hands_the_chair_over_in_one_step(group):
    member = Member.objects.get(user=group.member)

    outcome = member_change(member=member, role=Role.CHAIR, represents="Region Syd", by=group.chair)

    assert outcome.ok
    roles = dict(Member.objects.filter(programme=group.programme).values_list("user", "role"))
    assert roles[group.member.pk] == Role.CHAIR
    assert roles[group.chair.pk] == Role.MEMBER
    assert list(roles.values()).count(Role.CHAIR) == 1
    old = Member.objects.get(user=group.chair)
    assert old.history.first().history_user == group.chair


def test_adding_someone_as_chair_hands_the_chair_over_too(group):
    newcomer = make_person("ny")

    outcome = member_add(
        programme=group.programme,
        user_to_add=newcomer,
        role=Role.CHAIR,
        represents="",
        by=group.admin,
    )

    assert outcome.ok
    chairs = Member.objects.filter(programme=group.programme, role=Role.CHAIR)
    assert [m.user for m in chairs] == [newcomer]


def test_only_the_chair_hands_the_chair_over(group):
    member = Member.objects.get(user=group.member)

    outcome = member_change(member=member, role=Role.CHAIR, represents="", by=group.editor)

    assert outcome.refused and "role" in outcome.error.error_dict
    assert Member.objects.get(user=group.chair).role == Role.CHAIR
    assert Member.objects.get(user=group.member).role == Role.MEMBER


def test_a_group_without_a_chair_gets_one_from_any_leader(group):
    Member.objects.filter(user=group.chair).delete()
    member = Member.objects.get(user=group.member)

    assert member_change(member=member, role=Role.CHAIR, represents="", by=group.editor).ok


def test_the_chair_is_neither_removed_nor_given_another_role_directly(group):
    chair = Member.objects.get(user=group.chair)

    assert member_change(member=chair, role=Role.MEMBER, represents="", by=group.chair).refused
    assert member_remove(member=chair, by=group.admin).refused
    assert Member.objects.get(pk=chair.pk).role == Role.CHAIR


def test_a_leader_changes_and_removes_a_member(group):
    member = Member.objects.get(user=group.member)

    changed = member_change(member=member, role=Role.EDITOR, represents="SKR", by=group.editor)
    removed = member_remove(member=member, by=group.chair)

    assert changed.result == Result.CHANGED and removed.result == Result.DELETED
    assert not Member.objects.filter(pk=member.pk).exists()
    assert Member.history.filter(id=member.pk, history_type="-").get().history_user == group.chair


def test_a_change_that_changes_nothing_is_unchanged(group):
    member = Member.objects.get(user=group.member)

    outcome = member_change(
        member=member, role=member.role, represents=member.represents, by=group.chair
    )

    assert outcome.result == Result.UNCHANGED
    assert member.history.count() == 1


# Meetings ------------------------------------------------------------------------------


def test_a_leader_keeps_the_meetings_with_history(group):
    created = meeting_save(programme=group.programme, user=group.chair, data=meeting_data())
    meeting = created.obj

    changed = meeting_save(
        programme=group.programme,
        user=group.editor,
        data=meeting_data(minutes="Alla närvarande."),
        meeting=meeting,
        version=meeting.lock_version,
    )

    assert created.result == Result.CREATED and changed.result == Result.CHANGED
    meeting.refresh_from_db()
    assert meeting.minutes == "Alla närvarande." and meeting.lock_version == 2
    assert [row.history_user for row in meeting.history.all()] == [group.editor, group.chair]


def test_members_do_not_keep_the_meetings(group):
    outcome = meeting_save(programme=group.programme, user=group.member, data=meeting_data())

    assert outcome.refused
    assert not Meeting.objects.filter(programme=group.programme).exists()


def test_two_people_saving_a_meeting_at_once_one_wins(group):
    meeting = meeting_save(programme=group.programme, user=group.chair, data=meeting_data()).obj
    read = meeting.lock_version
    first = meeting_save(
        programme=group.programme,
        user=group.chair,
        data=meeting_data(minutes="Ordförandens"),
        meeting=Meeting.objects.get(pk=meeting.pk),
        version=read,
    )

    second = meeting_save(
        programme=group.programme,
        user=group.editor,
        data=meeting_data(minutes="Redaktörens"),
        meeting=Meeting.objects.get(pk=meeting.pk),
        version=read,
    )

    assert first.ok and second.conflict
    assert second.current.minutes == "Ordförandens"
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Ordförandens"


def test_a_meeting_discusses_a_round_of_its_own_programme_only(group):
    other = make_group_programme()
    round_ = make_round(other)

    outcome = meeting_save(
        programme=group.programme,
        user=group.chair,
        data=meeting_data(kind=Meeting.Kind.CONTENT, round=round_),
    )

    assert outcome.refused and "round" in outcome.error.error_dict


def test_an_invalid_meeting_is_refused_by_field(group):
    outcome = meeting_save(
        programme=group.programme, user=group.chair, data=meeting_data(kind="party", date=None)
    )

    assert outcome.refused
    assert {"kind", "date"} <= set(outcome.error.error_dict)


def test_deleting_a_meeting_from_an_old_copy_is_a_conflict(group):
    meeting = meeting_save(programme=group.programme, user=group.chair, data=meeting_data()).obj
    meeting_save(
        programme=group.programme,
        user=group.editor,
        data=meeting_data(title="Nytt namn"),
        meeting=Meeting.objects.get(pk=meeting.pk),
        version=1,
    )

    stale = meeting_delete(meeting=meeting, user=group.chair, version=1)
    fresh = meeting_delete(meeting=meeting, user=group.chair, version=2)

    assert stale.conflict and fresh.result == Result.DELETED
    assert meeting_delete(meeting=meeting, user=group.member, version=3).refused


# The practical test --------------------------------------------------------------------


def test_any_member_records_a_practical_test_with_the_parts_it_concerns(group):
    node = group.programme.nodes.get(title_sv="Samtalsstöd")
    pathway = make_pathway(group.programme)
    step = make_step(pathway)

    outcome = practical_test_save(
        programme=group.programme,
        user=group.member,
        data={
            "held_on": TODAY,
            "place": "Vårdcentralen Norr",
            "care_level": CareLevel.objects.first(),
            "described_case": "En påhittad tonåring.",
            "what_worked": "Stegen var tydliga.",
        },
        nodes=[node],
        steps=[step],
    )

    assert outcome.result == Result.CREATED
    test = outcome.obj
    assert list(test.nodes.all()) == [node] and list(test.steps.all()) == [step]
    assert test.recorded_by == group.member
    assert test.history.first().history_user == group.member


def test_a_practical_test_needs_a_case_of_this_programme(group):
    other = make_group_programme()
    vignette = CaseVignette.objects.create(
        programme=other, title="Typfall", slug=unique("typfall"), story="Berättelse."
    )
    data = {
        "held_on": TODAY,
        "place": "Här",
        "care_level": CareLevel.objects.first(),
        "what_worked": "Det mesta.",
    }

    without = practical_test_save(programme=group.programme, user=group.member, data=data)
    foreign = practical_test_save(
        programme=group.programme, user=group.member, data={**data, "vignette": vignette}
    )

    assert without.refused and "described_case" in without.error.error_dict
    assert foreign.refused and "vignette" in foreign.error.error_dict


def test_a_practical_test_concerns_only_this_programmes_parts(group):
    other = make_group_programme()
    data = {
        "held_on": TODAY,
        "place": "Här",
        "care_level": CareLevel.objects.first(),
        "described_case": "Påhittat.",
        "what_worked": "Det mesta.",
    }

    nodes = practical_test_save(
        programme=group.programme, user=group.member, data=data, nodes=[other.nodes.first()]
    )
    steps = practical_test_save(
        programme=group.programme,
        user=group.member,
        data=data,
        steps=[make_step(make_pathway(other))],
    )

    assert nodes.refused and steps.refused
    assert not PracticalTest.objects.filter(programme=group.programme).exists()


def test_outsiders_record_nothing(group):
    data = {"held_on": TODAY, "place": "Här", "what_worked": "x", "described_case": "y"}

    assert practical_test_save(programme=group.programme, user=group.outsider, data=data).refused


# Indicator checks ----------------------------------------------------------------------


def test_any_member_checks_a_proposed_indicator(group):
    indicator = make_indicator(group.programme)

    first = indicator_check_save(
        indicator=indicator,
        user=group.member,
        fetchable=IndicatorCheck.Fetchable.PARTLY,
        source="Patientregistret",
        fetched_by="Socialstyrelsen",
        note="",
    )
    second = indicator_check_save(
        indicator=indicator,
        user=group.editor,
        fetchable=IndicatorCheck.Fetchable.YES,
        source="Patientregistret",
        fetched_by="Socialstyrelsen",
        note="Klart.",
        version=first.obj.lock_version,
    )

    assert first.result == Result.CREATED and second.result == Result.CHANGED
    check = IndicatorCheck.objects.get(indicator=indicator)
    assert check.fetchable == "yes" and check.checked_by == group.editor
    assert check.history.count() == 2


def test_a_check_says_where_fetchable_data_comes_from(group):
    indicator = make_indicator(group.programme)

    outcome = indicator_check_save(
        indicator=indicator, user=group.member, fetchable="yes", source="", fetched_by="", note=""
    )

    assert outcome.refused and "source" in outcome.error.error_dict
    no = indicator_check_save(
        indicator=indicator, user=group.member, fetchable="no", source="", fetched_by="", note=""
    )
    assert no.ok


def test_two_first_checks_of_an_indicator_at_once_conflict(group):
    indicator = make_indicator(group.programme)
    values = {"fetchable": "no", "source": "", "fetched_by": "", "note": ""}
    indicator_check_save(indicator=indicator, user=group.member, **values)

    outcome = indicator_check_save(indicator=indicator, user=group.editor, **values | {"note": "x"})

    assert outcome.conflict and outcome.current.checked_by == group.member


def test_outsiders_check_no_indicator(group):
    indicator = make_indicator(group.programme)

    outcome = indicator_check_save(
        indicator=indicator, user=group.outsider, fetchable="no", source="", fetched_by="", note=""
    )

    assert outcome.refused and not IndicatorCheck.objects.filter(indicator=indicator).exists()


# The dissemination plan ----------------------------------------------------------------


def dissemination_data(**fields):
    return {
        "audience": DisseminationItem.Audience.STAFF,
        "what": "Utbildningsdag",
        "channel": "Regionens intranät",
        "due": TODAY,
        "owner": "Processledaren",
        **fields,
    }


def test_any_member_writes_the_dissemination_plan(group):
    material = Material.objects.create(
        programme=group.programme,
        slug=unique("material"),
        kind=Material.Kind.FLYER,
        audience=Material.Audience.STAFF,
        title_sv="Flygblad",
        url="https://example.se/flygblad.pdf",
    )

    created = dissemination_item_save(
        programme=group.programme,
        user=group.member,
        data=dissemination_data(material=material, what=""),
    )
    item = created.obj
    changed = dissemination_item_save(
        programme=group.programme,
        user=group.member,
        data=dissemination_data(material=material, channel="Nyhetsbrev"),
        item=item,
        version=item.lock_version,
    )
    stale = dissemination_item_delete(item=item, user=group.chair, version=1)
    deleted = dissemination_item_delete(item=item, user=group.chair, version=2)

    assert created.result == Result.CREATED and changed.result == Result.CHANGED
    assert stale.conflict and deleted.result == Result.DELETED
    assert not DisseminationItem.objects.filter(programme=group.programme).exists()


def test_a_plan_line_says_what_or_names_a_material_of_this_programme(group):
    other = make_group_programme()
    foreign = Material.objects.create(
        programme=other,
        slug=unique("material"),
        kind=Material.Kind.FLYER,
        audience=Material.Audience.STAFF,
        title_sv="Annat",
        url="https://example.se/flygblad.pdf",
    )

    nothing = dissemination_item_save(
        programme=group.programme, user=group.member, data=dissemination_data(what="")
    )
    wrong = dissemination_item_save(
        programme=group.programme,
        user=group.member,
        data=dissemination_data(material=foreign),
    )

    assert nothing.refused and "what" in nothing.error.error_dict
    assert wrong.refused and "material" in wrong.error.error_dict
    assert dissemination_item_save(
        programme=group.programme, user=group.outsider, data=dissemination_data()
    ).refused


# The self-evaluation -------------------------------------------------------------------


Q = SelfEvaluationAnswer.Question


def test_any_member_answers_the_self_evaluation_in_one_go(group):
    outcome = self_evaluation_save(
        programme=group.programme,
        user=group.member,
        answers={Q.GOALS: "Ja, i stort.", Q.NEXT: "Indikatorerna.", Q.PROCESS: ""},
        versions={},
    )

    assert outcome.result == Result.CHANGED
    saved = dict(
        SelfEvaluationAnswer.objects.filter(programme=group.programme).values_list(
            "question", "answer"
        )
    )
    assert saved == {Q.GOALS: "Ja, i stort.", Q.NEXT: "Indikatorerna."}


def test_an_unchanged_answer_is_left_alone_and_an_empty_one_removes_it(group):
    self_evaluation_save(
        programme=group.programme,
        user=group.member,
        answers={Q.GOALS: "Ja.", Q.NEXT: "Mer."},
        versions={},
    )
    goals = SelfEvaluationAnswer.objects.get(programme=group.programme, question=Q.GOALS)

    outcome = self_evaluation_save(
        programme=group.programme,
        user=group.chair,
        answers={Q.GOALS: "Ja.", Q.NEXT: ""},
        versions={Q.GOALS: 1, Q.NEXT: 1},
    )

    assert outcome.result == Result.CHANGED
    goals.refresh_from_db()
    assert goals.lock_version == 1 and goals.answered_by == group.member
    assert not SelfEvaluationAnswer.objects.filter(question=Q.NEXT, programme=group.programme)


def test_answers_someone_else_changed_meanwhile_conflict_and_nothing_is_saved(group):
    self_evaluation_save(
        programme=group.programme, user=group.member, answers={Q.GOALS: "Ja."}, versions={}
    )
    self_evaluation_save(
        programme=group.programme,
        user=group.chair,
        answers={Q.GOALS: "Nej."},
        versions={Q.GOALS: 1},
    )

    outcome = self_evaluation_save(
        programme=group.programme,
        user=group.editor,
        answers={Q.GOALS: "Kanske.", Q.NEXT: "Något nytt."},
        versions={Q.GOALS: 1, Q.NEXT: None},
    )

    assert outcome.conflict
    assert outcome.current[Q.GOALS].answer == "Nej."
    saved = SelfEvaluationAnswer.objects.filter(programme=group.programme)
    assert [(row.question, row.answer) for row in saved] == [(Q.GOALS, "Nej.")]


def test_the_self_evaluation_refuses_outsiders_unknown_questions_and_long_answers(group):
    outsider = self_evaluation_save(
        programme=group.programme, user=group.outsider, answers={Q.GOALS: "x"}, versions={}
    )
    unknown = self_evaluation_save(
        programme=group.programme, user=group.member, answers={"weather": "x"}, versions={}
    )
    long = self_evaluation_save(
        programme=group.programme, user=group.member, answers={Q.GOALS: "x" * 2001}, versions={}
    )

    assert outsider.refused and unknown.refused
    assert long.refused and Q.GOALS in long.error.error_dict
    assert not SelfEvaluationAnswer.objects.filter(programme=group.programme).exists()
