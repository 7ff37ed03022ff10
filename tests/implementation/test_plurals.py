"""Counts in Swedish messages take the singular for one ("1 enhet ändrades", never
"1 enheter")."""

import pytest
from django.urls import reverse
from django.utils import translation

from implementation.services import step_answer_problems
from programmes.models import Programme
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (1, "Målen har sparats (1 enhet ändrades)."),
        (2, "Målen har sparats (2 enheter ändrades)."),
    ],
)
def test_saving_the_targets_counts_the_units_in_swedish(client, world, units, message):
    client.force_login(world.contact)
    url = reverse("implementation:targets", args=[world.plan.pk])
    adhd = Programme.objects.get(slug="adhd")
    with translation.override("sv"):
        data = form_data(client.get(url), None)
        for unit in world.north_units[:units]:
            data[f"u{unit.pk}-p{adhd.pk}-required"] = "2"
        response = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="sv")

    assert message in response.content.decode()


class Step:
    def __init__(self, goal):
        self.time_goal_days = goal


@pytest.mark.parametrize(
    ("days", "goal", "message"),
    [
        (2, 1, "Det tar 2 dagar här i dag, längre än tidsmålet på 1 dag."),
        (1, 0, "Det tar 1 dag här i dag, längre än tidsmålet på 0 dagar."),
    ],
)
def test_a_step_slower_than_its_goal_counts_days_in_swedish(days, goal, message):
    with translation.override("sv"):
        problems = step_answer_problems(
            step=Step(goal), offered="yes", time_goal_met="yes", days_now=days
        )

        assert str(problems["time_goal_met"]) == message
