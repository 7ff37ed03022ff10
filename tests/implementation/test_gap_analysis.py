"""A gap analysis lists a programme's prioritised interventions for a level from the
knowledge portal; each is marked offered or not, and every gap gets a measure."""

import datetime

import pytest
from django.urls import reverse

from care_levels.models import CareLevel
from implementation.models import GapItem
from implementation.selectors import gap_interventions
from implementation.services import gap_analysis_create
from programmes.models import ContentNode, Programme
from programmes.selectors import levels_in_scope
from tests.admin_forms import form_data
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis(world):
    return gap_analysis_create(
        actor=world.contact,
        plan=world.plan,
        programme=Programme.objects.get(slug="schizofreni"),
        care_level=CareLevel.objects.get(slug="socialpsykiatri"),
        made_on=datetime.date(2026, 2, 1),
    )


def test_the_items_are_the_programmes_prioritised_interventions_for_the_level(analysis):
    programme, level = analysis.programme, analysis.care_level
    expected = set(
        ContentNode.objects.filter(
            programme=programme,
            kind=ContentNode.Kind.INTERVENTION,
            published=True,
            priority__isnull=False,
            care_levels__in=levels_in_scope(level),
        ).values_list("pk", flat=True)
    )

    items = list(analysis.items.all())

    assert expected and {item.intervention_id for item in items} == expected
    assert {item.offered for item in items} == {GapItem.Offered.UNKNOWN}


def test_interventions_without_priority_or_unpublished_are_left_out(world):
    programme = Programme.objects.get(slug="schizofreni")
    level = CareLevel.objects.get(slug="socialpsykiatri")
    section = programme.nodes.filter(kind=ContentNode.Kind.SECTION).first()
    hidden = make_intervention(programme, section, published=False, care_levels=[level])
    unprioritised = make_intervention(
        programme, section, priority=None, priority_missing="Saknas.", care_levels=[level]
    )
    listed = make_intervention(programme, section, priority=1, care_levels=[level])

    found = {node.pk for node in gap_interventions(programme, level)}

    assert listed.pk in found
    assert hidden.pk not in found and unprioritised.pk not in found


def test_the_page_lists_them_highest_priority_first_linked_to_the_portal(client, world, analysis):
    client.force_login(world.reader)

    response = client.get(reverse("implementation:gap", args=[world.plan.pk, analysis.pk]))

    items = [item for item, _form in response.context["items"]]
    priorities = [item.intervention.priority for item in items]
    assert priorities == sorted(priorities)
    body = response.content.decode()
    assert items[0].intervention.url in body
    assert 'name="item-' not in body  # a reader sees the answers, not a form


def test_a_gap_without_a_measure_owner_and_date_is_refused(client, world, analysis):
    client.force_login(world.contact)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])
    data = form_data(client.get(url), None)
    item = analysis.items.first()
    data[f"item-{item.pk}-offered"] = "no"

    response = client.post(url, data)

    assert response.status_code == 400
    form = dict((i.pk, f) for i, f in response.context["items"])[item.pk]
    assert {"measure", "owner", "due"} <= set(form.errors)
    assert GapItem.objects.get(pk=item.pk).offered == "unknown"


def test_every_gap_gets_a_measure_and_is_listed_as_overdue_when_late(client, world, analysis):
    client.force_login(world.contact)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])
    data = form_data(client.get(url), None)
    first, second = analysis.items.all()[:2]
    data.update(
        {
            f"item-{first.pk}-offered": "yes",
            f"item-{second.pk}-offered": "partly",
            f"item-{second.pk}-measure": "Utbilda två medarbetare i metoden.",
            f"item-{second.pk}-owner": "Enhetschef Boendestöd",
            f"item-{second.pk}-due": "2025-03-01",
            f"item-{second.pk}-status": "started",
        }
    )

    assert client.post(url, data).status_code == 302

    second.refresh_from_db()
    assert second.is_gap and second.measure.startswith("Utbilda") and second.is_overdue
    first.refresh_from_db()
    assert not first.is_gap
    overview = client.get(reverse("implementation:overview", args=[world.north.pk]))
    assert overview.context["overview"].overdue["measures"] == [second]
    assert second.intervention.title in overview.content.decode()


def test_a_second_analysis_of_the_same_programme_and_level_is_refused(client, world, analysis):
    client.force_login(world.contact)

    response = client.post(
        reverse("implementation:gap_create", args=[world.plan.pk]),
        {
            "programme": analysis.programme_id,
            "care_level": analysis.care_level_id,
            "made_on": "2026-03-01",
        },
    )

    assert response.status_code == 400
    assert world.plan.gap_analyses.count() == 1


def test_interventions_prioritised_later_are_announced_on_opening_and_added_on_saving(
    client, world, analysis
):
    programme, level = analysis.programme, analysis.care_level
    section = programme.nodes.filter(kind=ContentNode.Kind.SECTION).first()
    before = analysis.items.count()
    added = make_intervention(programme, section, priority=2, care_levels=[level])
    client.force_login(world.contact)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])

    opened = client.get(url)

    assert analysis.items.count() == before  # opening a page writes nothing
    notice = "1 insats har prioriterats för nivån sedan analysen började"
    assert notice in opened.content.decode()
    assert client.post(url, form_data(opened, None)).status_code == 302
    assert analysis.items.count() == before + 1
    assert analysis.items.get(intervention=added).offered == GapItem.Offered.UNKNOWN


def test_a_reader_cannot_answer_a_gap_analysis(client, world, analysis):
    client.force_login(world.reader)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])
    item = analysis.items.first()

    response = client.post(
        url, {f"item-{item.pk}-offered": "yes", "version": analysis.lock_version}
    )

    assert response.status_code == 404
    assert GapItem.objects.get(pk=item.pk).offered == "unknown"
