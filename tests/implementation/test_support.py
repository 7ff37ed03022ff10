"""The contact network's loop: regional process support answers a status report's request
for support, and the municipality sees the reply with its report."""

import datetime

import pytest
from django.urls import reverse

from implementation.models import Role, StatusReport
from implementation.services import part_save
from tests.factories import make_county, make_member

from .conftest import PASSWORD
from .test_queries import PLAN_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def asking(world):
    return part_save(
        actor=world.contact,
        part=StatusReport(
            plan=world.plan,
            reported_on=datetime.date(2026, 3, 2),
            score="1.5",
            support_needed="Hjälp att planera den första träffen.",
        ),
    )


def reply_url(report):
    return reverse("implementation:report_reply", args=[report.plan_id, report.pk])


def send(client, report, text, version=None):
    return client.post(
        reply_url(report),
        {"support_reply": text, "version": version or report.lock_version},
    )


def test_process_support_replies_and_the_reply_is_kept_with_who_and_when(client, world, asking):
    client.force_login(world.process_support)

    response = send(client, asking, "Vi kommer på er APT den 12 mars.")

    assert response.status_code == 302
    asking.refresh_from_db()
    assert asking.support_reply == "Vi kommer på er APT den 12 mars."
    assert asking.support_replied_by == world.process_support
    assert asking.support_replied_at is not None
    assert asking.history.first().history_user == world.process_support


def test_the_municipality_sees_the_reply_on_its_plan(client, world, asking):
    client.force_login(world.process_support)
    send(client, asking, "Vi kommer på er APT den 12 mars.")
    client.force_login(world.contact)

    page = client.get(world.plan.get_absolute_url()).content.decode()

    assert "Vi kommer på er APT den 12 mars." in page
    assert "Processtod" in page  # who replied


def test_an_unanswered_request_says_so_on_the_plan(client, world, asking):
    client.force_login(world.contact)

    page = client.get(world.plan.get_absolute_url()).content.decode()

    assert "Hjälp att planera den första träffen." in page
    assert "Inte besvarad ännu" in page


@pytest.mark.parametrize("who", ["contact", "editor", "reader"])
def test_the_municipality_cannot_reply_to_itself(client, world, asking, who):
    client.force_login(getattr(world, who))

    shown = client.get(reply_url(asking))
    sent = send(client, asking, "Det löser vi själva.")

    assert shown.status_code == sent.status_code == 403
    asking.refresh_from_db()
    assert asking.support_reply == ""


def test_process_support_of_another_county_gets_404(client, world, asking):
    other = make_member(make_county("Annat län"), Role.READER, "annatstod", password=PASSWORD)
    client.force_login(other)

    assert client.get(reply_url(asking)).status_code == 404
    assert send(client, asking, "Hej").status_code == 404
    asking.refresh_from_db()
    assert asking.support_reply == ""


def test_a_report_that_asks_for_nothing_cannot_be_answered(client, world):
    quiet = part_save(
        actor=world.contact,
        part=StatusReport(plan=world.plan, reported_on=datetime.date(2026, 3, 2), score="2.0"),
    )
    client.force_login(world.process_support)

    assert client.get(reply_url(quiet)).status_code == 404
    assert send(client, quiet, "Hej").status_code == 404


def test_an_empty_reply_is_refused_with_a_message(client, world, asking):
    client.force_login(world.process_support)

    response = send(client, asking, "   ")

    assert response.status_code == 400
    assert response.context["form"].errors["support_reply"]


def test_a_report_of_another_plan_is_404(client, world, asking):
    client.force_login(world.process_support)
    wrong = reverse("implementation:report_reply", args=[world.south_plan.pk, asking.pk])

    assert client.get(wrong).status_code == 404


def test_of_two_replies_from_the_same_version_the_second_gets_409_with_its_text(
    client, world, asking
):
    client.force_login(world.process_support)
    read_at = asking.lock_version

    first = send(client, asking, "Första svaret.", version=read_at)
    second = send(client, asking, "Andra svaret, skrivet samtidigt.", version=read_at)

    assert first.status_code == 302
    assert second.status_code == 409
    assert "Andra svaret, skrivet samtidigt." in second.content.decode()
    asking.refresh_from_db()
    assert asking.support_reply == "Första svaret."
    # Sent again from the refreshed form, the second reply is kept on purpose.
    again = send(client, asking, "Andra svaret, skrivet samtidigt.", version=asking.lock_version)
    assert again.status_code == 302


def test_the_municipality_editing_its_report_after_a_reply_gets_409(client, world, asking):
    read_at = asking.lock_version
    client.force_login(world.process_support)
    send(client, asking, "Vi hör av oss.")
    client.force_login(world.contact)

    response = client.post(
        reverse("implementation:report_edit", args=[world.plan.pk, asking.pk]),
        {
            "reported_on": "2026-03-02",
            "score": "2.0",
            "support_needed": "Ändrat.",
            "version": read_at,
        },
    )

    assert response.status_code == 409
    asking.refresh_from_db()
    assert asking.support_reply == "Vi hör av oss." and asking.score == 1.5


def test_the_overview_lists_open_and_answered_requests(client, world, asking):
    answered = part_save(
        actor=world.south_contact,
        part=StatusReport(
            plan=world.south_plan,
            reported_on=datetime.date(2026, 2, 2),
            score="1.0",
            support_needed="Typfall för grundskolan.",
        ),
    )
    client.force_login(world.process_support)
    send(client, answered, "Vetlanda har två typfall.")

    response = client.get(reverse("implementation:overview", args=[world.county.pk]))

    overview = response.context["overview"]
    assert overview.support_open == [asking]
    assert overview.support_answered == [answered]
    page = response.content.decode()
    assert "Vetlanda har två typfall." in page
    assert reply_url(asking) in page


def test_the_municipality_sees_no_reply_link_on_its_own_overview(client, world, asking):
    client.force_login(world.contact)

    response = client.get(reverse("implementation:overview", args=[world.north.pk]))

    assert response.status_code == 200
    assert reply_url(asking) not in response.content.decode()


def test_process_support_gets_reply_links_on_the_plan_in_the_plan_pages_queries(
    client, world, asking, django_assert_num_queries
):
    client.force_login(world.process_support)

    # The reply link names the plan's organisation, which the page has read already.
    with django_assert_num_queries(PLAN_PAGE):
        page = client.get(world.plan.get_absolute_url()).content.decode()

    assert reply_url(asking) in page
