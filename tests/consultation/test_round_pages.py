"""The working group's round pages: who sees them (404 for everyone else), opening a round,
inviting, closing, answering comments (400 on bad input, 409 on a conflict), and a fixed
number of queries however many organisations and comments there are."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programmes.editorial.consultation.models import Answer, Invitation, Round
from programmes.editorial.consultation.services.rounds import answer_save

from .builders import make_organisation, make_person
from .round_world import grow, round_world

pytestmark = pytest.mark.django_db

#: Session and user, the programme, the person's membership and the round; then the
#: page's own reads. The round page: the invitations and their reviewers, the parts with
#: their counts, the earlier round (and, for leaders, the organisations to invite).
ROUND_PAGE = 9
ROUND_PAGE_LEADER = 10
#: The part page: the titles of every part, the part, its comments with their answers,
#: the changes to link, the drafts counted, the earlier round (and what the frozen
#: text refers to: guidelines, tags; none in these parts).
PART_PAGE = 11
#: Opening a round: the programme's sections, pathways and the organisations, the open
#: round, the number of rounds so far.
NEW_ROUND_PAGE = 9


@pytest.fixture
def world():
    return round_world()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def urls(world) -> dict[str, str]:
    slug, number = world.programme.slug, world.round.number
    part = world.parts["intervention"].pk
    return {
        "round": reverse("consultation:round", args=[slug, number]),
        "round_part": reverse("consultation:round_part", args=[slug, number, part]),
        "compilation": reverse("consultation:compilation", args=[slug, number]),
        "compilation_csv": reverse("consultation:compilation_csv", args=[slug, number]),
        "compilation_xlsx": reverse("consultation:compilation_xlsx", args=[slug, number]),
        "round_new": reverse("consultation:round_new", args=[slug]),
    }


LEADERS_ONLY_POSTS = [
    "round_invite",
    "round_reviewer_add",
    "round_close",
    "compilation_publish",
    "compilation_withdraw",
]


def post_url(world, name: str) -> str:
    return reverse(f"consultation:{name}", args=[world.programme.slug, world.round.number])


# Who sees what ---------------------------------------------------------------------------


def test_the_paths_are_swedish_at_the_root_and_english_under_en(world):
    assert urls(world)["round"] == (
        f"/programarbete/{world.programme.slug}/remisser/{world.round.number}/"
    )
    assert urls(world)["compilation"].endswith("/sammanstallning/")
    from django.utils import translation

    with translation.override("en"):
        assert reverse("consultation:round_new", args=["x"]) == (
            "/en/programme-work/x/consultations/new/"
        )


def test_people_outside_the_group_get_404_on_every_group_page(world):
    for user in (world.outsider, world.reviewer):
        client = client_for(user)
        for name, url in urls(world).items():
            assert client.get(url).status_code == 404, (user, name)
        for name in LEADERS_ONLY_POSTS:
            assert client.post(post_url(world, name)).status_code == 404, (user, name)
        answer = client.post(urls(world)["round_part"], {"comment": world.comments[0].pk})
        assert answer.status_code == 404
    assert not Answer.objects.filter(comment__in=world.comments).exists()


def test_anonymous_visitors_are_sent_to_log_in(world):
    response = Client().get(urls(world)["round"])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("consultation:login"))


def test_a_member_reads_the_round_but_only_leaders_open_invite_close_and_publish(world):
    client = client_for(world.member)

    assert client.get(urls(world)["round"]).status_code == 200
    assert client.get(urls(world)["round_new"]).status_code == 404
    for name in LEADERS_ONLY_POSTS:
        assert client.post(post_url(world, name)).status_code == 404, name
    page = client.get(urls(world)["round"]).content.decode()
    assert "Stäng remissrundan" not in page
    assert "Bjud in ytterligare" not in page


def test_a_round_of_another_programme_or_number_is_404(world):
    other = round_world()
    client = client_for(world.chair)

    for args in ([other.programme.slug, 1], [world.programme.slug, 9]):
        assert client.get(reverse("consultation:round", args=args)).status_code == 404
    foreign_part = other.parts["page"].pk
    url = reverse(
        "consultation:round_part", args=[world.programme.slug, world.round.number, foreign_part]
    )
    assert client.get(url).status_code == 404


# The round page --------------------------------------------------------------------------


def test_the_round_page_shows_the_state_the_organisations_and_the_counts(world):
    response = client_for(world.member).get(urls(world)["round"])

    body = response.content.decode()
    assert response.status_code == 200
    assert "Öppen till och med" in body
    assert "Svenska Psykiatriska Föreningen" in body
    assert "Riksförbundet Anhöriga" in body
    assert "Remissvar inskickat" in body and "Inte inskickat än" in body
    assert "Granskarsson" in body and world.reviewer.email in body
    assert "1 av 2 inbjuden remissinstans har svarat" in body or "1 av 2 inbjudna" in body
    # The draft of the organisation still writing is counted, never shown.
    assert "Utkast som ingen ska se" not in body
    assert "1 synpunkt är sparad" in body
    row = re.search(r"KBT i grupp.*?</tr>", body, re.S).group(0)
    assert re.findall(r"<td>(\d+)", row) == ["1", "0"]


def test_the_round_page_reads_the_same_queries_however_much_there_is(
    world, django_assert_num_queries
):
    client = client_for(world.chair)
    with django_assert_num_queries(ROUND_PAGE_LEADER):
        assert client.get(urls(world)["round"]).status_code == 200
    grow(world, 4)
    with django_assert_num_queries(ROUND_PAGE_LEADER):
        assert client.get(urls(world)["round"]).status_code == 200
    member = client_for(world.member)
    with django_assert_num_queries(ROUND_PAGE):
        assert member.get(urls(world)["round"]).status_code == 200


def test_a_later_round_shows_what_changed_since_the_earlier_one(world):
    world.round.closed_at = timezone.now()
    world.round.save()
    page = world.programme.nodes.get(title_sv="Samtalsstöd")
    page.summary_sv = "Samtal med stöd i vardagen."
    page.save()
    from tests.factories import make_node

    make_node(world.programme, kind="section", title_sv="Uppföljning")
    from .builders import make_round

    later = make_round(world.programme, number=2)

    body = (
        client_for(world.member)
        .get(reverse("consultation:round", args=[world.programme.slug, later.number]))
        .content.decode()
    )

    assert "Vad som ändrats sedan remissrunda 1" in body
    assert "vardagen" in body and "<ins>" in body
    assert "Nytt i den här remissrundan" in body and "Uppföljning" in body


# Opening a round -------------------------------------------------------------------------


def round_data(world, **fields):
    organisation = make_organisation()
    data = {
        "title": "Andra remissrundan",
        "purpose": "Synpunkter på de nya avsnitten.",
        "questions": "Är det tydligt?\nSaknas något?",
        "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "scope": "all",
        "organisations": [organisation.pk],
        "new_organisation": "",
        "new_organisation_kind": "",
    }
    return {**data, **fields}


def test_a_chair_opens_a_round_with_a_new_organisation(world, django_assert_num_queries):
    world.round.closed_at = timezone.now()
    world.round.save()
    client = client_for(world.chair)
    with django_assert_num_queries(NEW_ROUND_PAGE):
        page = client.get(urls(world)["round_new"])
    assert page.status_code == 200
    assert "Behandling" in page.content.decode()

    response = client.post(
        urls(world)["round_new"],
        round_data(
            world, new_organisation="Nationell Brukarförening", new_organisation_kind="users"
        ),
    )

    second = Round.objects.get(programme=world.programme, number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:round", args=[world.programme.slug, 2])
    names = set(second.invitations.values_list("organisation__name", flat=True))
    assert "Nationell Brukarförening" in names and len(names) == 2
    assert second.opened_by == world.chair


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "id_title"),
        ({"deadline": "2001-01-01"}, "id_deadline"),
        ({"deadline": "inte ett datum"}, "id_deadline"),
        ({"organisations": []}, "id_organisations"),
        ({"scope": "chosen"}, "id_sections"),
        ({"new_organisation": "Ny förening"}, "id_new_organisation_kind"),
    ],
)
def test_a_bad_round_form_is_400_with_an_error_summary(world, fields, field):
    world.round.closed_at = timezone.now()
    world.round.save()

    response = client_for(world.chair).post(urls(world)["round_new"], round_data(world, **fields))

    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="form-errors"' in body
    assert f'href="#{field}"' in body
    assert Round.objects.filter(programme=world.programme).count() == 1


def test_opening_while_a_round_is_open_is_refused_with_the_reason(world):
    response = client_for(world.chair).post(urls(world)["round_new"], round_data(world))

    assert response.status_code == 400
    assert "fortfarande öppen" in response.content.decode()


# Inviting and closing --------------------------------------------------------------------


def test_a_chair_invites_an_organisation_and_a_reviewer_who_gets_a_mail(world):
    client = client_for(world.chair)
    organisation = make_organisation(name="Regionernas Expertgrupp")

    response = client.post(post_url(world, "round_invite"), {"organisation": organisation.pk})

    assert response.status_code == 302
    invitation = Invitation.objects.get(round=world.round, organisation=organisation)
    response = client.post(
        post_url(world, "round_reviewer_add"),
        {
            "invitation": invitation.pk,
            f"i{invitation.pk}-email": "ny.granskare@example.se",
            f"i{invitation.pk}-name": "Nya Granskaren",
        },
    )
    assert response.status_code == 302
    assert invitation.reviewers.get().user.email == "ny.granskare@example.se"
    assert mail.outbox[-1].to == ["ny.granskare@example.se"]

    reviewer = invitation.reviewers.get()
    resend = reverse(
        "consultation:round_reviewer_resend",
        args=[world.programme.slug, world.round.number, reviewer.pk],
    )
    assert client.post(resend).status_code == 302
    assert len([m for m in mail.outbox if m.to == ["ny.granskare@example.se"]]) == 2


def test_bad_invitations_are_400_and_forged_ones_404(world):
    client = client_for(world.chair)
    invited = world.answering

    response = client.post(post_url(world, "round_invite"), {"organisation": ""})
    assert response.status_code == 400
    assert 'href="#id_organisation"' in response.content.decode()
    response = client.post(
        post_url(world, "round_reviewer_add"),
        {"invitation": invited.pk, f"i{invited.pk}-email": "inte-en-adress"},
    )
    assert response.status_code == 400
    assert f'href="#id_i{invited.pk}-email"' in response.content.decode()

    other = round_world()
    response = client.post(
        post_url(world, "round_reviewer_add"),
        {"invitation": other.answering.pk, f"i{other.answering.pk}-email": "a@example.se"},
    )
    assert response.status_code == 404
    resend = reverse(
        "consultation:round_reviewer_resend",
        args=[world.programme.slug, world.round.number, other.answering.reviewers.get().pk],
    )
    assert client.post(resend).status_code == 404
    assert not mail.outbox


def test_a_chair_closes_the_round_and_a_stale_close_is_409(world):
    client = client_for(world.chair)
    stale = world.round.lock_version
    Round.objects.filter(pk=world.round.pk).update(lock_version=stale + 1)

    response = client.post(post_url(world, "round_close"), {"version": stale})
    assert response.status_code == 409
    response = client.post(post_url(world, "round_close"), {"version": stale + 1})
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.closed_at is not None
    again = client.post(post_url(world, "round_close"), {"version": world.round.lock_version})
    assert again.status_code == 400
    assert "redan stängd" in again.content.decode()


def test_action_urls_take_only_post(world):
    client = client_for(world.chair)
    for name in LEADERS_ONLY_POSTS:
        assert client.get(post_url(world, name)).status_code == 405, name


# Answering -------------------------------------------------------------------------------


def answer_data(comment, **fields):
    prefix = f"c{comment.pk}-"
    data = {
        "comment": comment.pk,
        prefix + "verdict": "partly",
        prefix + "reason": "Vi lägger till evidensgraden.",
        prefix + "change": "",
        prefix + "version": "",
    }
    return {**data, **{prefix + key: value for key, value in fields.items()}}


def test_the_part_page_shows_the_text_and_every_submitted_comment_with_its_reviewer(world):
    response = client_for(world.member).get(urls(world)["round_part"])

    body = response.content.decode()
    assert response.status_code == 200
    assert "KBT i grupp" in body
    assert "Ange vilken evidens som gäller." in body
    assert "Granskarsson" in body
    assert "Utkast som ingen ska se" not in body
    assert "Ytterligare 1 synpunkt" in body


def test_a_member_answers_a_comment(world):
    comment = world.comments[0]

    response = client_for(world.member).post(urls(world)["round_part"], answer_data(comment))

    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    answer = Answer.objects.get(comment=comment)
    assert (answer.verdict, answer.answered_by) == ("partly", world.member)


def test_an_answer_names_a_change_of_the_part_recorded_since_the_round_opened(world):
    from programmes.editorial.history import history_record
    from programmes.editorial.models import Action, Version
    from programmes.models import ContentNode

    node = ContentNode.objects.get(pk=world.parts["intervention"].object_id)
    row = history_record(obj=node, action=Action.CHANGED, user=world.chair)
    version = Version.objects.get(history_id=row.history_id, object_id=node.pk)
    client = client_for(world.member)
    page = client.get(urls(world)["round_part"]).content.decode()
    assert f'value="{version.pk}"' in page

    comment = world.comments[0]
    response = client.post(urls(world)["round_part"], answer_data(comment, change=version.pk))

    assert response.status_code == 302
    assert Answer.objects.get(comment=comment).change_id == version.pk
    forged = client.post(
        urls(world)["round_part"], answer_data(comment, change="programmes.contentnode:1")
    )
    assert forged.status_code == 400


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"verdict": ""}, "verdict"),
        ({"reason": ""}, "reason"),
        ({"verdict": "maybe"}, "verdict"),
    ],
)
def test_a_bad_answer_is_400_with_an_error_summary(world, fields, field):
    comment = world.comments[0]

    response = client_for(world.member).post(
        urls(world)["round_part"], answer_data(comment, **fields)
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="form-errors"' in body
    assert f'href="#id_c{comment.pk}-{field}"' in body
    assert not Answer.objects.filter(comment=comment).exists()


def test_answering_a_draft_or_another_parts_comment_is_404(world):
    client = client_for(world.member)
    for comment in (world.draft, world.comments[1]):
        response = client.post(urls(world)["round_part"], answer_data(comment))
        assert response.status_code == 404
    assert client.post(urls(world)["round_part"], {"comment": "x"}).status_code == 404


def test_the_second_of_two_answers_is_409_and_keeps_the_text(world):
    comment = world.comments[0]
    client = client_for(world.member)
    answer_save(comment=comment, user=world.chair, verdict="accepted", reason="Ordförandens svar.")

    mine = answer_data(comment, verdict="rejected", reason="Mitt eget svar.")
    response = client.post(urls(world)["round_part"], mine)

    body = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan besvarade synpunkten" in body
    assert "Ordförandens svar." in body and "Mitt eget svar." in body
    answer = Answer.objects.get(comment=comment)
    assert answer.reason == "Ordförandens svar."
    form = response.context["comments"][0].form
    assert form["version"].value() == str(answer.lock_version)

    again = client.post(
        urls(world)["round_part"], {**mine, f"c{comment.pk}-version": answer.lock_version}
    )
    assert again.status_code == 302
    assert Answer.objects.get(comment=comment).reason == "Mitt eget svar."


def test_the_part_page_reads_the_same_queries_however_many_comments(
    world, django_assert_num_queries
):
    client = client_for(world.member)
    with django_assert_num_queries(PART_PAGE):
        assert client.get(urls(world)["round_part"]).status_code == 200
    grow(world, 4)
    for comment in world.round.version.parts.get(kind="intervention").comments.all()[:3]:
        if comment.invitation.submitted_at and comment.kind != "none":
            answer_save(comment=comment, user=world.chair, verdict="accepted", reason="Ja.")
    with django_assert_num_queries(PART_PAGE):
        assert client.get(urls(world)["round_part"]).status_code == 200


def test_a_reviewer_of_another_round_is_an_outsider_here(world):
    user = make_person("annan")
    other = round_world()
    other.answering.reviewers.create(user=user)

    assert client_for(user).get(urls(world)["round"]).status_code == 404


def test_numbers_too_big_for_the_database_are_404_not_500(world):
    client = client_for(world.chair)
    big = str(10**25)
    slug = world.programme.slug
    for path in (
        f"/programarbete/{slug}/remisser/{big}/",
        f"/programarbete/{slug}/remisser/1/delar/{big}/",
        f"/remisser/{slug}/{big}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(urls(world)["round_part"], {"comment": big}).status_code == 404
    assert (
        client.post(post_url(world, "round_reviewer_add"), {"invitation": big}).status_code == 404
    )
