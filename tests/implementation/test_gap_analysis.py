"""A gap analysis lists every intervention a programme gives at a level, from the
knowledge portal, grouped by the kind of national recommendation; each is marked offered
or not (one not to do, still done or not), and every gap gets a measure."""

import datetime

import pytest
from django.urls import reverse

from care_levels.models import CareLevel
from implementation.models import GapItem
from implementation.selectors import gap_analyses, gap_interventions
from implementation.services import gap_analysis_create
from programmes.models import ContentNode, Programme, RecommendationKind
from programmes.selectors import levels_in_scope
from tests.admin_forms import form_data
from tests.factories import make_guideline, make_intervention, make_node, make_programme

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


def test_the_items_are_every_intervention_the_programme_gives_at_the_level(analysis):
    programme, level = analysis.programme, analysis.care_level
    given = ContentNode.objects.filter(
        programme=programme,
        kind=ContentNode.Kind.INTERVENTION,
        published=True,
        care_levels__in=levels_in_scope(level),
    )
    expected = set(given.values_list("pk", flat=True))

    items = list(analysis.items.all())

    assert {item.intervention_id for item in items} == expected
    assert given.filter(recommendation=RecommendationKind.NONE).exists(), "not only priorities"
    assert {item.offered for item in items} == {GapItem.Offered.UNKNOWN}


def test_interventions_without_a_priority_are_listed_and_unpublished_ones_left_out(world):
    programme = Programme.objects.get(slug="schizofreni")
    level = CareLevel.objects.get(slug="socialpsykiatri")
    section = programme.nodes.filter(kind=ContentNode.Kind.SECTION).first()
    hidden = make_intervention(programme, section, published=False, care_levels=[level])
    unprioritised = make_intervention(
        programme, section, recommendation=RecommendationKind.NONE, care_levels=[level]
    )
    listed = make_intervention(programme, section, priority=1, care_levels=[level])

    found = {node.pk for node in gap_interventions(programme, level)}

    assert listed.pk in found and unprioritised.pk in found
    assert hidden.pk not in found


def test_a_level_whose_interventions_have_no_priority_still_gets_an_analysis(world):
    """Self-harm has no guideline of its own: school health's analysis is not empty."""
    analysis = gap_analysis_create(
        actor=world.contact,
        plan=world.plan,
        programme=Programme.objects.get(slug="sjalvskadebeteende"),
        care_level=CareLevel.objects.get(slug="elevhalsa"),
        made_on=datetime.date(2026, 2, 1),
    )

    kinds = {item.intervention.recommendation for item in analysis.items.all()}

    assert analysis.items.exists()
    assert kinds == {RecommendationKind.NONE}


def test_the_page_lists_them_in_order_linked_to_the_portal(client, world, analysis):
    client.force_login(world.reader)

    response = client.get(reverse("implementation:gap", args=[world.plan.pk, analysis.pk]))

    items = [item for item, _form in response.context["items"]]
    body = response.content.decode()
    assert items[0].intervention.url in body
    assert "Bör erbjudas" in body and "Om rekommendationerna" in body
    assert 'name="item-' not in body  # a reader sees the answers, not a form


@pytest.fixture
def mixed(world):
    """A programme whose interventions at social psychiatry have every kind of
    recommendation, from two guidelines whose ranks interleave."""
    programme = make_programme()
    level = CareLevel.objects.get(slug="socialpsykiatri")
    first = make_guideline(name_sv="A-riktlinjen", name_en="A guideline")
    second = make_guideline(name_sv="B-riktlinjen", name_en="B guideline")
    section = make_node(programme, kind=ContentNode.Kind.SECTION)

    def give(title, **fields):
        return make_intervention(
            programme, section, title_sv=title, title_en=title, care_levels=[level], **fields
        )

    nodes = {
        "stop": give("Sluta med", recommendation=RecommendationKind.DO_NOT_DO, guideline=first),
        "b1": give("B ett", guideline=second, priority=1),
        "none": give("Ingen", recommendation=RecommendationKind.NONE),
        "a5": give("A fem", guideline=first, priority=5),
        "fou": give("Forska", recommendation=RecommendationKind.RESEARCH, guideline=second),
        "a2": give("A två", guideline=first, priority=2),
    }
    analysis = gap_analysis_create(
        actor=world.contact,
        plan=world.plan,
        programme=programme,
        care_level=level,
        made_on=datetime.date(2026, 2, 1),
    )
    return analysis, nodes


def test_the_items_are_grouped_by_kind_and_ranked_only_within_their_guideline(client, world, mixed):
    analysis, nodes = mixed
    client.force_login(world.contact)

    response = client.get(reverse("implementation:gap", args=[world.plan.pk, analysis.pk]))

    groups = response.context["groups"]
    assert [group.kind for group in groups] == ["priority", "fou", "none", "icke-gora"]
    titles = [[item.intervention.title for item, _form in group.items] for group in groups]
    assert titles == [["A två", "A fem", "B ett"], ["Forska"], ["Ingen"], ["Sluta med"]]
    body = response.content.decode()
    assert body.index("Bör erbjudas") < body.index("Bör inte göras (icke-göra)")


def test_an_intervention_not_to_do_asks_whether_it_is_still_done(client, world, mixed):
    analysis, nodes = mixed
    client.force_login(world.contact)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])

    body = client.get(url).content.decode()

    assert "Görs detta fortfarande här?" in body
    assert body.count("Görs detta fortfarande här?") == 1


def test_still_doing_an_icke_gora_is_a_gap_to_phase_out(client, world, mixed):
    analysis, nodes = mixed
    client.force_login(world.contact)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])
    stop = analysis.items.get(intervention=nodes["stop"])
    fou = analysis.items.get(intervention=nodes["fou"])
    data = form_data(client.get(url), None)
    data[f"item-{stop.pk}-offered"] = "yes"
    data[f"item-{fou.pk}-offered"] = "no"

    refused = client.post(url, data)

    assert refused.status_code == 400, "a gap to phase out needs a measure too"
    data.update(
        {
            f"item-{stop.pk}-measure": "Avveckla metoden före sommaren.",
            f"item-{stop.pk}-owner": "Enhetschef",
            f"item-{stop.pk}-due": "2026-06-01",
        }
    )
    assert client.post(url, data).status_code == 302
    stop.refresh_from_db()
    fou.refresh_from_db()
    assert stop.is_gap and stop.is_phase_out
    assert not fou.is_gap, "research only (FoU) is never a gap"
    counted = next(a for a in gap_analyses(world.plan) if a.pk == analysis.pk)
    assert (counted.gaps, counted.phase_out) == (1, 1)
    page = client.get(url).content.decode()
    assert "Gap: avveckla" in page
    plan_page = client.get(world.plan.get_absolute_url()).content.decode()
    assert "1 att avveckla" in plan_page


def test_not_doing_an_icke_gora_is_no_gap(client, world, mixed):
    analysis, nodes = mixed
    client.force_login(world.contact)
    url = reverse("implementation:gap", args=[world.plan.pk, analysis.pk])
    stop = analysis.items.get(intervention=nodes["stop"])
    data = form_data(client.get(url), None)
    data[f"item-{stop.pk}-offered"] = "no"

    assert client.post(url, data).status_code == 302

    stop.refresh_from_db()
    assert not stop.is_gap
    counted = next(a for a in gap_analyses(world.plan) if a.pk == analysis.pk)
    assert counted.gaps == 0


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


def test_interventions_published_later_are_announced_on_opening_and_added_on_saving(
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
    notice = "1 insats har publicerats för nivån sedan analysen började"
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
