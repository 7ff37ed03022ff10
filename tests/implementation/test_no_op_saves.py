"""Opening a page changes nothing, and saving a form as it came changes nothing either: no
new edit version, no history record, no new "updated" date."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from implementation.models import Activity, GapItem, LocalAddition, Plan
from implementation.services import activity_save, gap_analysis_create, gap_analysis_save
from programmes.models import ContentNode
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_local_addition, make_pathway, make_step

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def writes_of(queries) -> list[str]:
    return [query["sql"] for query in queries if WRITE.match(query["sql"])]


def opened(client, url) -> list[str]:
    """What opening `url` wrote to the database (the page must open)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return writes_of(queries)


@pytest.fixture
def since(world, parts):
    """A programme analysis and a care pathway analysis, each with something published for
    its level since it began (counted when the page opens, added when it is saved)."""
    analysis = parts["gap"]
    level = analysis.care_level
    section = analysis.programme.nodes.filter(kind=ContentNode.Kind.SECTION).first()
    pathway = make_pathway(analysis.programme, title_sv="Provförlopp")
    make_step(pathway, title_sv="Första kontakten", care_levels=[level])
    by_pathway = gap_analysis_create(
        actor=world.contact,
        plan=world.plan,
        programme=analysis.programme,
        pathway=pathway,
        care_level=level,
        made_on=analysis.made_on,
    )
    make_intervention(analysis.programme, section, care_levels=[level])
    make_step(pathway, title_sv="Nytt steg", care_levels=[level])
    return {"programme": analysis, "pathway": by_pathway}


def test_opening_a_gap_analysis_writes_nothing(client, world, since):
    client.force_login(world.contact)
    for analysis in since.values():
        items = analysis.items.count()
        url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])

        assert opened(client, url) == []
        assert analysis.items.count() == items


def plan_pages(world, parts, since) -> list[str]:
    """Every page of a plan a contact opens, one of each kind."""
    plan = world.plan.pk
    url = lambda name, *args: reverse(f"implementation:{name}", args=args)  # noqa: E731
    pages = [
        reverse("implementation:home"),
        url("plan", plan),
        url("plan_print", plan),
        url("plan_edit", plan),
        url("plan_delete", plan),
        url("history", plan),
        url("targets", plan),
        url("plan_csv", plan),
        url("plan_xlsx", plan),
        url("gap_create", plan),
        url("gap_delete", plan, parts["gap"].pk),
        url("overview", world.north.pk),
        url("overview_print", world.north.pk),
        url("overview_csv", world.north.pk),
        url("indicator", plan, parts["indicator"].pk),
        url("chart_svg", plan, parts["indicator"].pk),
        reverse("implementation:local_list"),
        reverse("implementation:local_create") + f"?programme={parts['gap'].programme_id}",
    ]
    # The preview is left out: it publishes the addition in a transaction it rolls back.
    addition = make_local_addition(
        world.north, parts["gap"].programme, care_level=parts["gap"].care_level
    )
    pages += [
        reverse(f"implementation:local_{name}", args=[addition.pk])
        for name in ("edit", "history", "delete")
    ]
    pages += [url("gap", plan, analysis.pk) for analysis in since.values()]
    for name, part in [
        ("activity", "activity"),
        ("report", "report"),
        ("measurement", "measurement"),
        ("pdsa", "pdsa"),
    ]:
        pages += [
            url(f"{name}_create", plan),
            url(f"{name}_edit", plan, parts[part].pk),
            url(f"{name}_delete", plan, parts[part].pk),
        ]
    return pages


def test_opening_any_page_of_a_plan_writes_nothing(client, world, parts, since):
    client.force_login(world.contact)
    pages = plan_pages(world, parts, since)

    written = {url: opened(client, url) for url in pages}

    assert {url: sql for url, sql in written.items() if sql} == {}


# Saving a form as it came


def state(row) -> tuple:
    """What a save moves: the row's version, its "updated" date, its history."""
    row = type(row).objects.get(pk=row.pk)
    return getattr(row, "lock_version", None), getattr(row, "updated_at", None), row.history.count()


def sent_back(client, url, **changes):
    """Open the form at `url` and send it back as it came (but for `changes`)."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {**form_data(page), **changes}, follow=True)


def test_a_plan_saved_as_it_came_is_not_changed(client, world):
    client.force_login(world.contact)
    before = state(world.plan)

    response = sent_back(client, reverse("implementation:plan_edit", args=[world.plan.pk]))

    assert response.redirect_chain, response.content.decode()[:2000]
    assert state(world.plan) == before
    assert Plan.objects.get(pk=world.plan.pk).history.count() == before[2]


def test_a_plan_changed_is_saved_with_a_new_version(client, world):
    client.force_login(world.contact)
    version, _updated, records = state(world.plan)

    sent_back(
        client,
        reverse("implementation:plan_edit", args=[world.plan.pk]),
        title="Plan för Norrby kommun, reviderad",
    )

    assert state(world.plan)[0] == version + 1
    assert state(world.plan)[2] == records + 1


def test_a_gap_analysis_saved_as_it_came_is_not_changed(client, world, parts):
    analysis = parts["gap"]
    item = analysis.items.first()
    gap_analysis_save(
        actor=world.contact,
        analysis=analysis,
        version=analysis.lock_version,
        items={
            item.pk: {
                "offered": GapItem.Offered.NO,
                "measure": "Utbilda personalen.",
                "owner": "Enhetschefen",
                "due": datetime.date(2026, 6, 1),
            }
        },
    )
    client.force_login(world.contact)
    before = state(analysis)
    item_records = GapItem.history.count()

    response = sent_back(client, reverse("implementation:gap", args=[world.plan.pk, analysis.pk]))

    assert response.redirect_chain
    assert "GAP-analysen har sparats." in response.content.decode()
    assert state(analysis) == before
    assert GapItem.history.count() == item_records


def test_a_gap_analysis_with_one_answer_changed_saves_that_answer(client, world, parts):
    analysis = parts["gap"]
    item = analysis.items.first()
    client.force_login(world.contact)
    version = state(analysis)[0]

    sent_back(
        client,
        reverse("implementation:gap", args=[world.plan.pk, analysis.pk]),
        **{f"item-{item.pk}-offered": GapItem.Offered.YES},
    )

    assert analysis.items.get(pk=item.pk).offered == GapItem.Offered.YES
    assert state(analysis)[0] == version + 1


def test_an_activity_with_its_agenda_saved_as_it_came_is_not_changed(client, world, parts):
    activity = Activity.objects.get(pk=parts["activity"].pk)
    activity_save(
        actor=world.contact,
        activity=activity,
        version=activity.lock_version,
        agenda=[{"title": "Inledning", "duration": 10}, {"title": "Rutinen", "duration": 30}],
    )
    client.force_login(world.contact)
    before = state(activity)
    agenda = [state(item)[2] for item in activity.agenda.all()]

    response = sent_back(
        client, reverse("implementation:activity_edit", args=[world.plan.pk, activity.pk])
    )

    assert response.redirect_chain
    assert state(activity) == before
    assert [state(item)[2] for item in activity.agenda.all()] == agenda


@pytest.mark.parametrize("kind", ["measurement", "report", "pdsa"])
def test_a_part_of_the_plan_saved_as_it_came_is_not_changed(client, world, parts, kind):
    part = parts[kind]
    client.force_login(world.contact)
    before = state(part)

    response = sent_back(
        client, reverse(f"implementation:{kind}_edit", args=[world.plan.pk, part.pk])
    )

    assert response.redirect_chain
    assert state(part) == before


def test_a_local_addition_saved_as_it_came_is_not_changed(client, world, parts):
    addition = make_local_addition(
        world.north,
        parts["gap"].programme,
        care_level=parts["gap"].care_level,
        title="Kommunens rutin",
    )
    client.force_login(world.contact)
    before = state(addition)

    response = sent_back(client, reverse("implementation:local_edit", args=[addition.pk]))

    assert response.redirect_chain
    assert "Inget ändrades." in response.content.decode()
    assert state(LocalAddition.objects.get(pk=addition.pk)) == before
