"""The working group's pages (views/process): who sees them, what they show, their forms'
answers (400 invalid, 409 conflict with the text kept), both languages, and their query
counts, fixed whatever the number of members, meetings and records."""

import datetime
import types

import pytest
from django.urls import reverse
from django.utils import timezone, translation

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
from programmes.models import Indicator, Material, Programme
from tests.factories import unique

from .builders import make_group_programme, make_member, make_person, make_round, reviewer_of

pytestmark = pytest.mark.django_db

Status = Programme.Status
TODAY = timezone.localdate()
Q = SelfEvaluationAnswer.Question


@pytest.fixture
def work():
    programme = make_group_programme(status=Status.CONSULTATION)
    round_ = make_round(programme, organisations=1)
    w = types.SimpleNamespace(
        programme=programme,
        round=round_,
        chair=make_member(programme, Role.CHAIR, represents="Region Norr").user,
        editor=make_member(programme, Role.EDITOR).user,
        member=make_member(programme, Role.MEMBER, represents="Brukarrådet").user,
        outsider=make_person("utomstaende"),
        reviewer=reviewer_of(round_.invitations.get()),
    )
    w.past = Meeting.objects.create(
        programme=programme,
        kind=Meeting.Kind.INTRODUCTION,
        title="Uppstartsmöte",
        date=TODAY - datetime.timedelta(days=30),
        agenda="Presentation av uppdraget",
        minutes="Alla deltog.",
    )
    w.coming = Meeting.objects.create(
        programme=programme,
        kind=Meeting.Kind.CONTENT,
        title="Remissvaren",
        date=TODAY + datetime.timedelta(days=20),
        round=round_,
    )
    w.indicator = make_indicator(programme)
    return w


def make_indicator(programme, **fields):
    return Indicator.objects.create(
        programme=programme,
        slug=unique("indikator"),
        kind=Indicator.Kind.PROCESS,
        name_sv=fields.pop("name_sv", "Andel med vårdplan"),
        name_en="Share with a care plan",
        direction=Indicator.Direction.INCREASE,
        **fields,
    )


def make_material(programme, **fields):
    return Material.objects.create(
        programme=programme,
        slug=unique("material"),
        kind=Material.Kind.FLYER,
        audience=Material.Audience.STAFF,
        title_sv=fields.pop("title_sv", "Flygblad om programmet"),
        url="https://example.se/flygblad.pdf",
        **fields,
    )


def grow(w, n: int) -> None:
    """n more of everything a page lists."""
    level = CareLevel.objects.first()
    for index in range(n):
        make_member(w.programme, Role.MEMBER)
        Meeting.objects.create(
            programme=w.programme,
            kind=Meeting.Kind.OTHER,
            title=f"Möte {index}",
            date=TODAY + datetime.timedelta(days=index),
        )
        StatusChange.objects.create(
            programme=w.programme, from_status=Status.DRAFT, to_status=Status.CONSULTATION
        )
        test = PracticalTest.objects.create(
            programme=w.programme,
            held_on=TODAY,
            place=f"Enhet {index}",
            care_level=level,
            described_case="Påhittat fall.",
            what_worked="Det mesta.",
            recorded_by=w.member,
        )
        test.nodes.set(w.programme.nodes.all()[:2])
        indicator = make_indicator(w.programme, name_sv=f"Indikator {index}")
        IndicatorCheck.objects.create(
            indicator=indicator, fetchable="yes", source="Registret", checked_by=w.member
        )
        DisseminationItem.objects.create(
            programme=w.programme,
            audience=DisseminationItem.Audience.values[index % 5],
            material=make_material(w.programme),
            channel="Nyhetsbrev",
            due=TODAY,
            owner="Processledaren",
        )
    for question in Q.values[:n]:
        SelfEvaluationAnswer.objects.create(
            programme=w.programme, question=question, answer="Ja.", answered_by=w.member
        )
    make_round(w.programme, organisations=1) if n else None


def url(name, w, *args):
    return reverse(f"consultation:{name}", args=[w.programme.slug, *args])


def page_urls(w) -> dict[str, str]:
    """Every page of the group's area, by URL name."""
    return {
        "programme": url("programme", w),
        "meeting": url("meeting", w, w.past.pk),
        "practical_tests": url("practical_tests", w),
        "indicator_checks": url("indicator_checks", w),
        "dissemination": url("dissemination", w),
        "self_evaluation": url("self_evaluation", w),
    }


LEADERS_ONLY = ("meeting_new", "meeting_edit", "meeting_delete", "member_edit", "member_remove")


def leader_urls(w) -> dict[str, str]:
    member = Member.objects.get(user=w.member)
    return {
        "meeting_new": url("meeting_new", w),
        "meeting_edit": url("meeting_edit", w, w.past.pk),
        "meeting_delete": url("meeting_delete", w, w.past.pk),
        "member_edit": url("member_edit", w, member.pk),
        "member_remove": url("member_remove", w, member.pk),
    }


def errors(response) -> str:
    body = response.content.decode()
    assert 'class="form-errors"' in body
    return body


# Who sees what --------------------------------------------------------------------------


def test_logged_out_people_are_sent_to_the_programme_work_login(client, work):
    for address in [reverse("consultation:home"), *page_urls(work).values()]:
        response = client.get(address)

        assert response.status_code == 302
        login = reverse("consultation:login")
        assert response["Location"].startswith(login + "?next=")
        assert response["Location"].endswith(address)


@pytest.mark.parametrize("who", ["outsider", "reviewer"])
def test_outsiders_and_reviewers_get_404_on_every_page_of_the_group(client, work, who):
    client.force_login(getattr(work, who))

    for address in [*page_urls(work).values(), *leader_urls(work).values()]:
        assert client.get(address).status_code == 404, address
    assert client.post(url("status_move", work), {"status-to": "test"}).status_code == 404
    assert client.post(url("self_evaluation", work), {Q.GOALS: "x"}).status_code == 404
    assert not SelfEvaluationAnswer.objects.filter(programme=work.programme).exists()


def test_members_see_the_pages_and_only_leaders_the_leaders_pages(client, work):
    client.force_login(work.member)
    for address in page_urls(work).values():
        assert client.get(address).status_code == 200, address
    for address in leader_urls(work).values():
        assert client.get(address).status_code == 404, address
    assert client.post(url("member_add", work), {"member-user": "x"}).status_code == 404

    client.force_login(work.editor)
    for address in leader_urls(work).values():
        assert client.get(address).status_code == 200, address


def test_a_group_in_another_programme_gives_nothing_here(client, work):
    other = make_group_programme()
    client.force_login(make_member(other, Role.CHAIR).user)

    assert client.get(url("programme", work)).status_code == 404
    assert client.get(url("meeting", work, work.past.pk)).status_code == 404


def test_a_meeting_of_another_programme_is_404_under_this_one(client, work):
    other = make_group_programme()
    make_member(other, Role.MEMBER, user=work.member)
    foreign = Meeting.objects.create(programme=other, kind="other", date=TODAY)
    client.force_login(work.member)

    assert client.get(url("meeting", work, foreign.pk)).status_code == 404


# The start page -------------------------------------------------------------------------


def test_the_start_page_lists_the_groups_with_role_status_next_meeting_and_open_rounds(
    client, work
):
    client.force_login(work.member)

    body = client.get(reverse("consultation:home")).content.decode()

    assert work.programme.name in body
    assert "Ledamot" in body and "Remiss" in body
    assert "Remissvaren" in body  # the next meeting, not the past one
    assert "Uppstartsmöte" not in body
    assert url("round", work, work.round.number) in body
    assert reverse("consultation:review_list") in body


def test_a_reviewer_without_a_group_is_sent_to_their_consultations(client, work):
    client.force_login(work.reviewer)

    response = client.get(reverse("consultation:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:review_list")


def test_someone_with_neither_a_group_nor_an_invitation_reads_why(client, work):
    client.force_login(work.outsider)

    response = client.get(reverse("consultation:home"))

    assert response.status_code == 200
    assert "inte med i någon arbetsgrupp" in response.content.decode()


# The programme's page -------------------------------------------------------------------


def test_the_programme_page_shows_status_history_members_timeline_rounds_and_the_work(client, work):
    StatusChange.objects.create(
        programme=work.programme,
        from_status=Status.DRAFT,
        to_status=Status.CONSULTATION,
        user=work.chair,
        note="Beslutat på mötet.",
    )
    client.force_login(work.member)

    body = client.get(url("programme", work)).content.decode()

    assert "Utkast" in body and "Beslutat på mötet." in body
    assert work.chair.get_full_name() in body and "Region Norr" in body and "Brukarrådet" in body
    timeline = body.split('class="timeline"')[1].split("</ol>")[0]
    assert timeline.index("Uppstartsmöte") < timeline.index("Remissvaren")
    assert "Hållet" in timeline and "Kommande" in timeline  # in words, not only colour
    assert url("meeting", work, work.past.pk) in timeline
    assert url("round", work, work.round.number) in body
    for name in ("practical_tests", "indicator_checks", "dissemination", "self_evaluation"):
        assert url(name, work) in body
    assert "0 av 1 indikator kontrollerad" in body
    # A member sees no leader's forms.
    assert url("status_move", work) not in body and url("member_add", work) not in body
    assert url("round_new", work) not in body and url("meeting_new", work) not in body


def test_leaders_see_only_the_allowed_moves_and_the_forms(client, work):
    client.force_login(work.chair)

    response = client.get(url("programme", work))
    body = response.content.decode()

    form = response.context["status_form"]
    assert [value for value, _label in form.fields["to"].choices] == [
        Status.DRAFT,
        Status.TEST,
        Status.ARCHIVED,
    ]
    assert url("status_move", work) in body and url("member_add", work) in body
    assert url("round_new", work) in body and url("meeting_new", work) in body


def test_a_leader_moves_the_status_from_the_page(client, work):
    client.force_login(work.editor)

    response = client.post(
        url("status_move", work), {"status-to": Status.TEST, "status-note": "Provning i höst."}
    )

    assert response.status_code == 302
    change = StatusChange.objects.get(programme=work.programme)
    assert change.to_status == Status.TEST and change.user == work.editor
    body = client.get(response["Location"]).content.decode()
    assert "Provning i höst." in body


def test_a_move_not_offered_is_400_with_an_error_summary(client, work):
    client.force_login(work.chair)

    response = client.post(url("status_move", work), {"status-to": Status.ESTABLISHED})

    assert response.status_code == 400
    assert 'href="#id_status-to"' in errors(response)
    assert not StatusChange.objects.filter(programme=work.programme).exists()


def test_establishing_with_an_open_round_is_refused_on_the_page(client, work):
    Programme.objects.filter(pk=work.programme.pk).update(status=Status.TEST)
    client.force_login(work.chair)

    response = client.post(url("status_move", work), {"status-to": Status.ESTABLISHED})

    assert response.status_code == 400
    assert "remissrunda är öppen" in errors(response)


def test_a_leader_adds_a_member_by_username_or_email(client, work):
    by_name, by_mail = make_person("anna"), make_person("bertil")
    client.force_login(work.chair)

    one = client.post(
        url("member_add", work),
        {"member-user": by_name.username, "member-role": "member", "member-represents": "SKR"},
    )
    two = client.post(
        url("member_add", work),
        {"member-user": by_mail.email.upper(), "member-role": "editor"},
    )

    assert one.status_code == two.status_code == 302
    assert Member.objects.get(user=by_name).represents == "SKR"
    assert Member.objects.get(user=by_mail).role == Role.EDITOR


def test_adding_someone_unknown_or_in_the_group_already_is_400(client, work):
    client.force_login(work.chair)

    unknown = client.post(
        url("member_add", work), {"member-user": "ingen", "member-role": "member"}
    )
    twice = client.post(
        url("member_add", work), {"member-user": work.member.username, "member-role": "member"}
    )

    assert unknown.status_code == twice.status_code == 400
    assert 'href="#id_member-user"' in errors(unknown) and "redan" in errors(twice)


def test_the_chair_hands_over_from_the_members_page(client, work):
    member = Member.objects.get(user=work.member)
    client.force_login(work.chair)

    response = client.post(
        url("member_edit", work, member.pk), {"role": "chair", "represents": "Brukarrådet"}
    )

    assert response.status_code == 302
    assert Member.objects.get(user=work.member).role == Role.CHAIR
    assert Member.objects.get(user=work.chair).role == Role.MEMBER


def test_an_editor_cannot_hand_the_chair_over_nor_remove_the_chair(client, work):
    member = Member.objects.get(user=work.member)
    chair = Member.objects.get(user=work.chair)
    client.force_login(work.editor)

    handed = client.post(url("member_edit", work, member.pk), {"role": "chair"})
    removed = client.post(url("member_remove", work, chair.pk))

    assert handed.status_code == removed.status_code == 400
    assert Member.objects.get(pk=chair.pk).role == Role.CHAIR


def test_a_leader_removes_a_member(client, work):
    member = Member.objects.get(user=work.member)
    client.force_login(work.editor)

    response = client.post(url("member_remove", work, member.pk))

    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()


# Meetings -------------------------------------------------------------------------------


def test_the_meeting_page_shows_what_it_concerns(client, work):
    client.force_login(work.member)

    past = client.get(url("meeting", work, work.past.pk)).content.decode()
    coming = client.get(url("meeting", work, work.coming.pk)).content.decode()

    assert "Presentation av uppdraget" in past and "Alla deltog." in past and "Hållet" in past
    assert url("round", work, work.round.number) in coming and "Kommande" in coming
    work.past.kind = Meeting.Kind.INDICATORS
    work.past.save()
    indicators = client.get(url("meeting", work, work.past.pk)).content.decode()
    assert url("indicator_checks", work) in indicators


def meeting_post(**fields):
    return {
        "kind": "other",
        "title": "Extra möte",
        "date": TODAY.isoformat(),
        "place": "Stockholm",
        "due_before": "",
        "agenda": "",
        "minutes": "",
        "decisions": "",
        "round": "",
        **fields,
    }


def test_a_leader_adds_and_changes_a_meeting(client, work):
    client.force_login(work.chair)

    created = client.post(url("meeting_new", work), meeting_post())
    meeting = Meeting.objects.get(programme=work.programme, title="Extra möte")
    changed = client.post(
        url("meeting_edit", work, meeting.pk), meeting_post(minutes="Protokoll.", version="1")
    )

    assert created.status_code == changed.status_code == 302
    assert changed["Location"] == url("meeting", work, meeting.pk)
    meeting.refresh_from_db()
    assert meeting.minutes == "Protokoll." and meeting.lock_version == 2


def test_an_invalid_meeting_is_400_with_an_error_summary(client, work):
    client.force_login(work.chair)

    response = client.post(url("meeting_new", work), meeting_post(date="igår", kind=""))

    body = errors(response)
    assert response.status_code == 400
    assert 'href="#id_date"' in body and 'href="#id_kind"' in body


def test_two_people_editing_a_meeting_the_second_gets_409_with_their_text_kept(client, work):
    client.force_login(work.chair)
    client.post(
        url("meeting_edit", work, work.past.pk), meeting_post(minutes="Först.", version="1")
    )
    client.force_login(work.editor)

    response = client.post(
        url("meeting_edit", work, work.past.pk), meeting_post(minutes="Min text.", version="1")
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "Min text." in body and "Först." in body
    assert Meeting.objects.get(pk=work.past.pk).minutes == "Först."
    # Sending again, now from the saved version, keeps theirs deliberately.
    again = client.post(
        url("meeting_edit", work, work.past.pk), meeting_post(minutes="Min text.", version="2")
    )
    assert again.status_code == 302


def test_deleting_a_meeting_changed_meanwhile_is_409(client, work):
    client.force_login(work.chair)

    stale = client.post(url("meeting_delete", work, work.past.pk), {"version": "7"})
    fresh = client.post(url("meeting_delete", work, work.past.pk), {"version": "1"})

    assert stale.status_code == 409 and fresh.status_code == 302
    assert not Meeting.objects.filter(pk=work.past.pk).exists()


# The practical test, indicators, dissemination and self-evaluation -----------------------


def test_the_practical_test_form_says_never_patient_data(client, work):
    client.force_login(work.member)

    body = client.get(url("practical_tests", work)).content.decode()

    assert "aldrig patientuppgifter" in body.lower()


def test_a_member_records_and_changes_a_practical_test(client, work):
    node = work.programme.nodes.first()
    client.force_login(work.member)
    data = {
        "test-held_on": TODAY.isoformat(),
        "test-place": "Vårdcentralen",
        "test-care_level": CareLevel.objects.first().pk,
        "test-described_case": "Påhittad person.",
        "test-what_worked": "Tydligt.",
        "test-nodes": [node.pk],
    }

    created = client.post(url("practical_tests", work), data)
    test = PracticalTest.objects.get(programme=work.programme)
    stale = client.post(
        url("practical_test_edit", work, test.pk),
        {**data, "test-what_worked": "Ändrat.", "test-version": "5"},
    )
    fresh = client.post(
        url("practical_test_edit", work, test.pk),
        {**data, "test-what_worked": "Ändrat.", "test-version": "1"},
    )

    assert created.status_code == 302 and list(test.nodes.all()) == [node]
    assert stale.status_code == 409 and "Ändrat." in stale.content.decode()
    assert fresh.status_code == 302
    test.refresh_from_db()
    assert test.what_worked == "Ändrat."


def test_a_practical_test_without_a_case_is_400(client, work):
    client.force_login(work.member)

    response = client.post(
        url("practical_tests", work),
        {
            "test-held_on": TODAY.isoformat(),
            "test-place": "Här",
            "test-care_level": CareLevel.objects.first().pk,
            "test-what_worked": "Bra.",
        },
    )

    assert response.status_code == 400
    assert 'href="#id_test-described_case"' in errors(response)


def test_every_indicator_has_its_check_form_and_a_member_saves_one(client, work):
    client.force_login(work.member)
    prefix = f"indicator-{work.indicator.pk}"

    page = client.get(url("indicator_checks", work)).content.decode()
    saved = client.post(
        url("indicator_check", work, work.indicator.pk),
        {f"{prefix}-fetchable": "partly", f"{prefix}-source": "Patientregistret"},
    )

    assert f'id="id_{prefix}-fetchable"' in page and "inte kontrollerad än" in page
    assert saved.status_code == 302
    check = IndicatorCheck.objects.get(indicator=work.indicator)
    assert check.source == "Patientregistret" and check.checked_by == work.member


def test_an_indicator_check_without_its_source_is_400_and_a_stale_one_409(client, work):
    client.force_login(work.member)
    prefix = f"indicator-{work.indicator.pk}"
    address = url("indicator_check", work, work.indicator.pk)

    invalid = client.post(address, {f"{prefix}-fetchable": "yes"})
    client.post(address, {f"{prefix}-fetchable": "no"})
    stale = client.post(address, {f"{prefix}-fetchable": "no", f"{prefix}-note": "Min anteckning"})

    assert invalid.status_code == 400
    assert f'href="#id_{prefix}-source"' in errors(invalid)
    assert stale.status_code == 409 and "Min anteckning" in stale.content.decode()


def test_an_indicator_of_another_programme_is_404(client, work):
    client.force_login(work.member)
    other = make_indicator(make_group_programme())

    assert client.post(url("indicator_check", work, other.pk), {}).status_code == 404


def test_the_dissemination_plan_is_a_table_per_audience_linking_materials(client, work):
    material = make_material(work.programme)
    client.force_login(work.member)

    added = client.post(
        url("dissemination", work),
        {
            "item-audience": "citizens",
            "item-material": material.pk,
            "item-channel": "Webben",
            "item-due": TODAY.isoformat(),
            "item-owner": "Kommunikatören",
        },
    )
    body = client.get(url("dissemination", work)).content.decode()
    item = DisseminationItem.objects.get(programme=work.programme)

    assert added.status_code == 302
    assert 'id="audience-citizens"' in body and 'href="https://example.se/flygblad.pdf"' in body
    assert url("dissemination_edit", work, item.pk) in body
    assert url("dissemination_delete", work, item.pk) in body


def test_a_plan_line_without_what_is_400_and_deleting_a_stale_one_409(client, work):
    client.force_login(work.member)
    item = DisseminationItem.objects.create(
        programme=work.programme,
        audience="staff",
        what="Utbildning",
        channel="Möte",
        due=TODAY,
        owner="Jag",
    )

    invalid = client.post(
        url("dissemination", work),
        {
            "item-audience": "staff",
            "item-channel": "x",
            "item-due": "2026-01-01",
            "item-owner": "y",
        },
    )
    stale = client.post(url("dissemination_delete", work, item.pk), {"version": "3"})
    edited = client.post(
        url("dissemination_edit", work, item.pk),
        {
            "item-audience": "staff",
            "item-what": "Utbildningsdag",
            "item-channel": "Möte",
            "item-due": TODAY.isoformat(),
            "item-owner": "Jag",
            "item-version": "1",
        },
    )

    assert invalid.status_code == 400 and 'href="#id_item-what"' in errors(invalid)
    assert stale.status_code == 409
    assert edited.status_code == 302
    assert DisseminationItem.objects.get(pk=item.pk).what == "Utbildningsdag"


def test_the_self_evaluation_is_one_form_of_six_questions(client, work):
    client.force_login(work.member)

    page = client.get(url("self_evaluation", work))
    saved = client.post(url("self_evaluation", work), {Q.GOALS: "Ja.", Q.NEXT: "Indikatorerna."})

    assert len(page.context["form"].questions()) == 6
    assert saved.status_code == 302
    answers = SelfEvaluationAnswer.objects.filter(programme=work.programme)
    assert {row.question: row.answer for row in answers} == {
        Q.GOALS: "Ja.",
        Q.NEXT: "Indikatorerna.",
    }


def test_self_evaluation_answers_changed_meanwhile_are_409_with_the_text_kept(client, work):
    SelfEvaluationAnswer.objects.create(
        programme=work.programme, question=Q.GOALS, answer="Först.", lock_version=2
    )
    client.force_login(work.member)

    response = client.post(
        url("self_evaluation", work), {Q.GOALS: "Min version.", f"version-{Q.GOALS}": "1"}
    )
    too_long = client.post(url("self_evaluation", work), {Q.GOALS: "x" * 2001})

    assert response.status_code == 409
    body = response.content.decode()
    assert "Min version." in body and "Först." in body
    assert response.context["form"][f"version-{Q.GOALS}"].value() == "2"
    assert too_long.status_code == 400


# Both languages -------------------------------------------------------------------------


def test_every_page_reads_in_english_at_its_english_address(client, work):
    client.force_login(work.chair)
    with translation.override("en"):
        addresses = {**page_urls(work), **leader_urls(work), "home": reverse("consultation:home")}

    for name, address in addresses.items():
        assert address.startswith("/en/programme-work/"), address
        response = client.get(address)
        body = response.content.decode()
        assert response.status_code == 200, name
        assert '<html lang="en">' in body, name
    body = client.get(addresses["programme"]).content.decode()
    assert "Working group" in body and "Meetings" in body and "Held" in body


def test_every_page_reads_in_swedish_at_its_swedish_address(client, work):
    client.force_login(work.chair)
    addresses = {**page_urls(work), **leader_urls(work), "home": reverse("consultation:home")}

    for name, address in addresses.items():
        assert address.startswith("/programarbete/"), address
        response = client.get(address)
        assert response.status_code == 200, name
        assert '<html lang="sv">' in response.content.decode(), name
    body = client.get(addresses["programme"]).content.decode()
    assert "Arbetsgrupp" in body and "Möten" in body


# Query counts ---------------------------------------------------------------------------

#: Session and user (2); the programme and the membership (2); then the page's own reads
#: (the practical tests: the tests with their parts, and the form's four lists of choices).
QUERIES = {
    "home": 2 + 3,
    "programme": 2 + 2 + 5,
    "meeting": 2 + 2 + 1,
    "practical_tests": 2 + 2 + 3 + 4,
    "indicator_checks": 2 + 2 + 1,
    "dissemination": 2 + 2 + 1 + 1,
    "self_evaluation": 2 + 2 + 1,
}


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("name", list(QUERIES))
def test_each_page_reads_a_fixed_number_of_queries(
    client, work, django_assert_num_queries, name, n
):
    grow(work, n)
    client.force_login(work.chair)
    address = reverse("consultation:home") if name == "home" else page_urls(work)[name]

    with django_assert_num_queries(QUERIES[name]):
        response = client.get(address)

    assert response.status_code == 200


def test_the_portals_editors_lead_every_programmes_work_and_other_staff_do_not(work, client):
    """An editor (the Redaktör group, who publish programmes) starts a group where no one
    leads it yet; staff without that right are outsiders like anyone."""
    from programmes.editorial.permissions import editor_group_sync

    editor = make_person("redaktor", is_staff=True)
    editor.groups.add(editor_group_sync())
    staff = make_person("personal", is_staff=True)
    page = reverse("consultation:programme", args=[work.programme.slug])

    client.force_login(staff)
    assert client.get(page).status_code == 404

    client.force_login(editor)
    assert client.get(page).status_code == 200
    home = client.get(reverse("consultation:home")).content.decode()
    assert work.programme.name in home and "Redaktör för portalen" in home
    moved = client.post(
        reverse("consultation:status_move", args=[work.programme.slug]),
        {"status-to": Status.DRAFT, "status-note": "Tillbaka till utkast."},
    )
    assert moved.status_code == 302
    assert StatusChange.objects.filter(programme=work.programme, user=editor).exists()
