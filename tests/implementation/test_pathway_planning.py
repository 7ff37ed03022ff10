"""Care pathways in implementation planning: a unit's target for a pathway beside the
programme's, a gap analysis of the pathway's steps at a level with their time goals, the
pathway's indicators followed up together, in the exports and the regional overview, in
a fixed number of queries however many pathways and steps there are."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from implementation import exports
from implementation.models import GapAnalysis, GapItem, Measurement, Target
from implementation.selectors import target_matrix
from implementation.services import (
    RowChange,
    gap_analysis_create,
    gap_analysis_save,
    part_save,
    targets_save,
)
from programmes.models import Indicator, Programme
from tests.admin_forms import form_data
from tests.factories import level, make_pathway, make_step, number, set_targets

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


def schizofreni() -> Programme:
    return Programme.objects.get(slug="schizofreni")


@pytest.fixture
def pathway(world):
    """A pathway of four published steps and one unpublished: two are social psychiatry's
    (the unit Boendestöd Norr's level), one its parent level's, one psychiatry's only."""
    pathway = make_pathway(
        schizofreni(),
        title_sv="Provförlopp vid psykos",
        title_en="Trial pathway for psychosis",
    )
    pathway.first = make_step(
        pathway,
        title_sv="Första kontakten",
        care_levels=[level("socialpsykiatri")],
        time_goal_sv="Inom 14 dagar från remiss",
        time_goal_en="Within 14 days of the referral",
        time_goal_days=14,
    )
    pathway.psychiatry = make_step(
        pathway, title_sv="Utredning i psykiatrin", care_levels=[level("psykiatri-oppenvard")]
    )
    pathway.hidden = make_step(
        pathway,
        title_sv="Opublicerat steg",
        care_levels=[level("socialpsykiatri")],
        published=False,
    )
    pathway.support = make_step(
        pathway,
        title_sv="Samordnat stöd",
        care_levels=[level("socialtjanst")],
        time_goal_sv="Inom 30 dagar",
        time_goal_days=30,
        principal="municipality",
    )
    pathway.follow_up = make_step(
        pathway,
        title_sv="Uppföljning",
        care_levels=[level("socialpsykiatri"), level("psykiatri-oppenvard")],
        time_goal_sv="",
        time_goal_days=None,
    )
    return pathway


def plan_url(world, name: str, *args) -> str:
    return reverse(f"implementation:{name}", args=[world.plan.pk, *args])


def create_analysis(world, pathway, level_slug: str = "socialpsykiatri") -> GapAnalysis:
    return gap_analysis_create(
        actor=world.contact,
        plan=world.plan,
        programme=pathway.programme,
        pathway=pathway,
        care_level=level(level_slug),
        made_on=LAST_WEEK,
    )


def answer(analysis: GapAnalysis, step, **values) -> GapItem:
    """Save the answers about one step of `analysis` through the service."""
    item = analysis.items.get(step=step)
    analysis.refresh_from_db()
    gap_analysis_save(
        actor=None, analysis=analysis, version=analysis.lock_version, items={item.pk: values}
    )
    item.refresh_from_db()
    return item


A_GAP = {
    "offered": "yes",
    "time_goal_met": "no",
    "days_now": 40,
    "measure": "Inför en gemensam rutin för första kontakten.",
    "owner": "Enhetschef Boendestöd",
    "due": LAST_WEEK,
}


# Targets


def test_the_target_matrix_has_a_column_for_each_published_pathway(client, world, pathway):
    hidden = make_pathway(schizofreni(), title_sv="Opublicerat förlopp", published=False)
    client.force_login(world.contact)

    response = client.get(plan_url(world, "targets"))

    body = response.content.decode()
    assert "Vårdförlopp: Provförlopp vid psykos" in body
    assert "Opublicerat förlopp" not in body
    columns = [column.name for column in response.context["matrix"].columns]
    programme_column = columns.index(schizofreni().name)
    assert columns.index("Vårdförlopp: Provförlopp vid psykos") > programme_column
    unit = world.north_units[0]
    assert f'name="u{unit.pk}-pw{pathway.pk}-required"' in body
    assert f'name="u{unit.pk}-pw{hidden.pk}-required"' not in body


def test_a_pathway_whose_title_says_what_it_is_is_not_labelled_twice(client, world):
    make_pathway(schizofreni(), title_sv="Vårdförlopp vid provtillstånd", title_en="")
    client.force_login(world.contact)

    columns = [
        column.name for column in client.get(plan_url(world, "targets")).context["matrix"].columns
    ]

    assert "Vårdförlopp vid provtillstånd" in columns
    assert not any(name.startswith("Vårdförlopp: Vårdförlopp") for name in columns)


def test_the_plan_shows_a_pathway_column_only_once_a_unit_has_a_target_for_it(
    client, world, pathway
):
    """The form offers every published pathway; the plan page and its print stay as
    narrow as the plan's own targets, so that they fit a phone and a sheet of A4."""
    client.force_login(world.contact)
    offered = [c.name for c in client.get(plan_url(world, "targets")).context["matrix"].columns]

    shown = [c.name for c in client.get(world.plan.get_absolute_url()).context["matrix"].columns]

    assert "Vårdförlopp: Provförlopp vid psykos" in offered
    assert "Vårdförlopp: Provförlopp vid psykos" not in shown
    assert schizofreni().name in shown


def test_a_target_for_a_pathway_is_saved_beside_the_programmes(client, world, pathway):
    unit = world.north_units[0]
    programme = schizofreni()
    client.force_login(world.contact)
    url = plan_url(world, "targets")
    data = form_data(client.get(url), None)
    data[f"u{unit.pk}-p{programme.pk}-required"] = "2"
    data[f"u{unit.pk}-pw{pathway.pk}-required"] = "3"
    data[f"u{unit.pk}-pw{pathway.pk}-reached"] = "1"
    data[f"u{unit.pk}-pw{pathway.pk}-reached_on"] = LAST_WEEK.isoformat()

    assert client.post(url, data).status_code == 302

    targets = {t.pathway_id: t for t in Target.objects.filter(row__plan=world.plan)}
    assert set(targets) == {None, pathway.pk}
    assert targets[None].programme == programme and targets[None].required_level == 2
    assert targets[pathway.pk].programme == programme
    assert (targets[pathway.pk].required_level, targets[pathway.pk].reached_level) == (3, 1)
    page = client.get(world.plan.get_absolute_url())
    cells = dict((c.name, t) for c, t in page.context["matrix"].rows[0].cells)
    assert cells["Vårdförlopp: Provförlopp vid psykos"] == targets[pathway.pk]
    history = client.get(plan_url(world, "history")).content.decode()
    assert "Boendestöd Norr – Vårdförlopp: Provförlopp vid psykos" in history


def test_clearing_a_pathway_cell_removes_only_the_pathway_target(client, world, pathway):
    unit = world.north_units[0]
    programme = schizofreni()
    set_targets(
        world.plan,
        unit,
        {programme: {"required_level": 2, "reached_level": None, "reached_on": None}},
    )
    row = world.plan.units.get(unit=unit)
    targets_save(
        actor=world.contact,
        plan=world.plan,
        changes=[
            RowChange(
                unit=unit,
                version=row.lock_version,
                leader="",
                cells={},
                pathway_cells={pathway.pk: {"required_level": 1}},
            )
        ],
    )
    assert Target.objects.filter(row__plan=world.plan).count() == 2
    client.force_login(world.contact)
    url = plan_url(world, "targets")
    data = form_data(client.get(url), None)
    data[f"u{unit.pk}-pw{pathway.pk}-required"] = ""

    assert client.post(url, data).status_code == 302

    (kept,) = Target.objects.filter(row__plan=world.plan)
    assert kept.pathway is None and kept.programme == programme


def test_two_saves_of_a_pathway_cell_conflict_and_show_the_first(client, world, pathway):
    unit = world.north_units[0]
    client.force_login(world.contact)
    url = plan_url(world, "targets")
    opened = form_data(client.get(url), None)
    cell = f"u{unit.pk}-pw{pathway.pk}"
    theirs, mine = dict(opened), dict(opened)
    theirs[f"{cell}-required"] = "1"
    mine[f"{cell}-required"] = "3"
    assert client.post(url, theirs).status_code == 302

    response = client.post(url, mine)

    assert response.status_code == 409
    (row,) = [row for row in response.context["rows"] if row.conflict]
    shown = {column.name: target for column, target in row.conflict["cells"]}
    assert shown["Vårdförlopp: Provförlopp vid psykos"].required_level == 1
    assert Target.objects.get(row__plan=world.plan, pathway=pathway).required_level == 1


def test_a_forged_pathway_cell_is_ignored_and_the_service_refuses_one(client, world, pathway):
    unit = world.north_units[0]
    hidden = make_pathway(schizofreni(), published=False)
    client.force_login(world.contact)
    url = plan_url(world, "targets")
    data = form_data(client.get(url), None)
    data[f"u{unit.pk}-pw{hidden.pk}-required"] = "3"
    data[f"u{unit.pk}-pw999999-required"] = "3"

    client.post(url, data)

    assert not Target.objects.filter(row__plan=world.plan).exists()
    with pytest.raises(Exception, match="inte publicerat"):
        targets_save(
            actor=world.contact,
            plan=world.plan,
            changes=[
                RowChange(
                    unit=unit,
                    version=None,
                    leader="",
                    cells={},
                    pathway_cells={hidden.pk: {"required_level": 3}},
                )
            ],
        )
    assert not Target.objects.filter(row__plan=world.plan).exists()


# Gap analyses: starting one


def test_a_gap_analysis_of_a_pathway_lists_its_steps_at_the_level_in_order(client, world, pathway):
    client.force_login(world.contact)

    response = client.post(
        plan_url(world, "gap_create"),
        {"pathway": pathway.pk, "care_level": level("socialpsykiatri").pk, "made_on": "2026-02-01"},
    )

    assert response.status_code == 302
    analysis = GapAnalysis.objects.get(plan=world.plan, pathway=pathway)
    assert analysis.programme == pathway.programme
    items = analysis.items.order_by("step__position")
    # Its own level's steps and its parent level's; never psychiatry's nor an unpublished one.
    assert [item.step for item in items] == [pathway.first, pathway.support, pathway.follow_up]
    assert all(item.intervention is None for item in items)
    assert {(i.offered, i.time_goal_met) for i in items} == {("unknown", "unknown")}


def test_the_gap_page_shows_each_step_with_its_time_goal_and_questions(client, world, pathway):
    analysis = create_analysis(world, pathway)
    client.force_login(world.contact)

    response = client.get(plan_url(world, "gap", analysis.pk))

    body = response.content.decode()
    assert "GAP-analys: Vårdförlopp: Provförlopp vid psykos – Socialpsykiatri" in body
    steps = [item.step.title for item, _form in response.context["items"]]
    assert steps == ["Första kontakten", "Samordnat stöd", "Uppföljning"]
    assert "Inom 14 dagar från remiss (14 dagar)" in body
    assert "Huvudman: kommunen" in body
    assert "inget tidsmål" in body
    item = analysis.items.get(step=pathway.first)
    for field in ("offered", "time_goal_met", "days_now", "measure", "owner", "due"):
        assert f'name="item-{item.pk}-{field}"' in body
    assert body.index("Första kontakten") < body.index("Samordnat stöd") < body.index("Uppföljning")


def test_a_pathway_without_steps_at_the_level_is_refused_with_a_clear_message(
    client, world, pathway
):
    client.force_login(world.contact)

    response = client.post(
        plan_url(world, "gap_create"),
        {"pathway": pathway.pk, "care_level": level("elevhalsa").pk, "made_on": "2026-02-01"},
    )

    assert response.status_code == 400
    assert "Elevhälsa ansvarar inte för något publicerat steg i Provförlopp vid psykos" in (
        response.content.decode()
    )
    assert not world.plan.gap_analyses.exists()


@pytest.mark.parametrize(
    "forged, message",
    [
        ("unpublished", "Välj ett av de publicerade vårdförloppen."),
        ("unknown", "Välj ett av de publicerade vårdförloppen."),
        ("other_programme", "Välj ett vårdförlopp i det valda programmet"),
        ("nothing", "Välj ett program eller ett av dess vårdförlopp."),
    ],
)
def test_a_forged_or_mismatched_pathway_is_a_form_error(client, world, pathway, forged, message):
    data = {"care_level": level("socialpsykiatri").pk, "made_on": "2026-02-01"}
    if forged == "unpublished":
        data["pathway"] = make_pathway(schizofreni(), published=False).pk
    elif forged == "unknown":
        data["pathway"] = "999999"
    elif forged == "other_programme":
        data.update(pathway=pathway.pk, programme=Programme.objects.get(slug="adhd").pk)
    client.force_login(world.contact)

    response = client.post(plan_url(world, "gap_create"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not world.plan.gap_analyses.exists()


def test_a_pathway_analysis_and_a_programme_analysis_of_a_level_stand_side_by_side(
    client, world, pathway
):
    create_analysis(world, pathway)
    client.force_login(world.contact)
    level_pk = level("socialpsykiatri").pk

    again = client.post(
        plan_url(world, "gap_create"),
        {"pathway": pathway.pk, "care_level": level_pk, "made_on": "2026-03-01"},
    )
    programme = client.post(
        plan_url(world, "gap_create"),
        {"programme": pathway.programme_id, "care_level": level_pk, "made_on": "2026-03-01"},
    )

    assert again.status_code == 400
    assert "redan en GAP-analys för det vårdförloppet" in again.content.decode()
    assert programme.status_code == 302
    analyses = world.plan.gap_analyses.all()
    assert sorted(a.pathway_id or 0 for a in analyses) == [0, pathway.pk]
    by_programme = analyses.get(pathway=None)
    assert by_programme.items.exists()
    assert not by_programme.items.filter(intervention=None).exists()


# Gap analyses: answering


def test_a_step_not_within_its_time_goal_is_a_gap_that_needs_a_measure(client, world, pathway):
    analysis = create_analysis(world, pathway)
    item = analysis.items.get(step=pathway.first)
    client.force_login(world.contact)
    url = plan_url(world, "gap", analysis.pk)
    data = form_data(client.get(url), None)
    data.update({f"item-{item.pk}-offered": "yes", f"item-{item.pk}-time_goal_met": "no"})

    refused = client.post(url, data)

    assert refused.status_code == 400
    form = dict((i.pk, f) for i, f in refused.context["items"])[item.pk]
    assert {"measure", "owner", "due"} <= set(form.errors)
    data.update({f"item-{item.pk}-{name}": value for name, value in A_GAP.items()})
    data[f"item-{item.pk}-due"] = LAST_WEEK.isoformat()

    assert client.post(url, data).status_code == 302

    item.refresh_from_db()
    assert item.is_gap and item.days_now == 40 and item.is_overdue
    assert item.measure.startswith("Inför en gemensam rutin")


@pytest.mark.parametrize(
    "answers, message",
    [
        (
            {"offered": "no", "time_goal_met": "yes"},
            "Ett steg som inte görs här kan inte göras inom sitt tidsmål.",
        ),
        (
            {"offered": "yes", "time_goal_met": "yes", "days_now": "21"},
            "Det tar 21 dagar här i dag, längre än tidsmålet på 14 dagar.",
        ),
        ({"offered": "yes", "days_now": "-3"}, "större än eller lika med 0"),
        ({"offered": "yes", "days_now": "fjorton"}, "Fyll i ett heltal."),
    ],
)
def test_answers_about_a_step_that_do_not_add_up_are_refused(
    client, world, pathway, answers, message
):
    analysis = create_analysis(world, pathway)
    item = analysis.items.get(step=pathway.first)
    client.force_login(world.contact)
    url = plan_url(world, "gap", analysis.pk)
    data = form_data(client.get(url), None)
    data.update({f"item-{item.pk}-{name}": value for name, value in answers.items()})

    response = client.post(url, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    item.refresh_from_db()
    assert (item.offered, item.time_goal_met, item.days_now) == ("unknown", "unknown", None)


def test_the_service_refuses_answers_that_do_not_add_up_too(world, pathway):
    analysis = create_analysis(world, pathway)

    with pytest.raises(Exception, match="längre än tidsmålet"):
        answer(analysis, pathway.first, offered="yes", time_goal_met="yes", days_now=30)

    assert analysis.items.get(step=pathway.first).days_now is None


def test_opening_a_gap_analysis_writes_nothing_and_saving_adds_new_steps(client, world, pathway):
    analysis = create_analysis(world, pathway)
    added = make_step(pathway, title_sv="Nytt steg", care_levels=[level("socialpsykiatri")])
    records = GapItem.history.count()
    version = GapAnalysis.objects.get(pk=analysis.pk).lock_version
    client.force_login(world.contact)
    url = plan_url(world, "gap", analysis.pk)

    opened = client.get(url)

    assert GapItem.history.count() == records
    assert analysis.items.count() == 3
    assert GapAnalysis.objects.get(pk=analysis.pk).lock_version == version
    assert "1 steg i vårdförloppet har publicerats för nivån sedan analysen började" in (
        opened.content.decode()
    )
    assert client.post(url, form_data(opened, None)).status_code == 302
    assert analysis.items.filter(step=added, offered="unknown").exists()


def test_a_reader_sees_the_answers_about_each_step_but_no_form(client, world, pathway):
    analysis = create_analysis(world, pathway)
    answer(analysis, pathway.first, **A_GAP)
    client.force_login(world.reader)

    response = client.get(plan_url(world, "gap", analysis.pk))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="item-' not in body
    assert "Inom tidsmålet" in body and "Antal dagar det tar här i dag" in body
    assert "Inför en gemensam rutin" in body
    assert "steg i vårdförloppet har publicerats" not in body


def test_answers_for_a_step_item_of_another_plans_analysis_change_nothing(client, world, pathway):
    mine = create_analysis(world, pathway)
    theirs = gap_analysis_create(
        actor=world.south_contact,
        plan=world.south_plan,
        programme=pathway.programme,
        pathway=pathway,
        care_level=level("socialpsykiatri"),
        made_on=LAST_WEEK,
    )
    forged = theirs.items.get(step=pathway.first)
    client.force_login(world.contact)
    url = plan_url(world, "gap", mine.pk)
    data = form_data(client.get(url), None)
    data.update({f"item-{forged.pk}-{name}": value for name, value in A_GAP.items()})

    client.post(url, data)

    forged.refresh_from_db()
    assert (forged.offered, forged.measure) == ("unknown", "")


def test_a_gap_analysis_of_another_plan_answers_404(client, world, pathway):
    analysis = create_analysis(world, pathway)
    client.force_login(world.south_contact)

    response = client.get(reverse("implementation:gap", args=[world.south_plan.pk, analysis.pk]))

    assert response.status_code == 404


# The plan page, its print view and its history


def test_the_plan_page_and_print_view_show_the_pathway_analysis_and_its_gaps(
    client, world, pathway
):
    analysis = create_analysis(world, pathway)
    answer(analysis, pathway.first, **A_GAP)
    answer(analysis, pathway.support, offered="yes", time_goal_met="yes", days_now=10)
    client.force_login(world.reader)

    for name in ("plan", "plan_print"):
        body = client.get(plan_url(world, name)).content.decode()

        assert "Vårdförlopp: Provförlopp vid psykos – Socialpsykiatri" in body
        assert "3 steg på nivån, 1 gap, 1 ännu obesvarad" in body
        assert "<strong>Första kontakten</strong>" in body
        assert "40 dagar här i dag" in body and "görs inte inom tidsmålet" in body
        assert "Inför en gemensam rutin för första kontakten." in body
        assert "<strong>Samordnat stöd</strong>" not in body


def test_the_history_names_the_pathway_analysis_and_its_steps(client, world, pathway):
    analysis = create_analysis(world, pathway)
    answer(analysis, pathway.first, **A_GAP)
    client.force_login(world.reader)

    body = client.get(plan_url(world, "history")).content.decode()

    assert "Vårdförlopp: Provförlopp vid psykos – Socialpsykiatri" in body
    assert "<em>Första kontakten</em>" in body
    assert "Inför en gemensam rutin" in body


# Follow-up


@pytest.fixture
def indicators(pathway):
    def indicator(name, pathway=None):
        return Indicator.objects.create(
            programme=pathway_programme,
            pathway=pathway,
            slug=f"indikator-{number()}",
            kind=Indicator.Kind.PROCESS,
            name_sv=name,
            direction=Indicator.Direction.INCREASE,
            published=True,
        )

    pathway_programme = pathway.programme
    return [
        indicator("Andel med första kontakt inom 14 dagar", pathway),
        indicator("Andel med SIP inom 30 dagar", pathway),
    ]


def test_the_plan_page_follows_up_a_pathway_under_its_own_heading(
    client, world, pathway, indicators
):
    part_save(
        actor=world.contact,
        part=Measurement(
            plan=world.plan,
            indicator=indicators[0],
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
            value=60,
        ),
    )
    client.force_login(world.contact)

    response = client.get(world.plan.get_absolute_url())

    body = response.content.decode()
    (group,) = response.context["pathway_follow_up"]
    assert group[0] == pathway
    assert {i.name: chart is not None for i, chart in group[1]} == {
        "Andel med första kontakt inom 14 dagar": True,
        "Andel med SIP inom 30 dagar": False,
    }
    assert indicators[0] not in [indicator for indicator, _chart in response.context["charts"]]
    heading = body.index("Följ upp vårdförloppet: Provförlopp vid psykos")
    assert heading < body.index("Andel med första kontakt") < body.index('id="pdsa"')
    assert heading < body.index("Andel med SIP") < body.index('id="pdsa"')
    assert f"?indicator={indicators[1].pk}" in body


def test_a_pathway_the_plan_has_a_target_for_is_followed_up_before_any_measurement(
    client, world, pathway, indicators
):
    client.force_login(world.reader)
    before = client.get(world.plan.get_absolute_url())
    targets_save(
        actor=world.contact,
        plan=world.plan,
        changes=[
            RowChange(
                unit=world.north_units[0],
                version=None,
                leader="",
                cells={},
                pathway_cells={pathway.pk: {"required_level": 2}},
            )
        ],
    )

    after = client.get(world.plan.get_absolute_url())

    assert before.context["pathway_follow_up"] == []
    assert [p for p, _group in after.context["pathway_follow_up"]] == [pathway]


def test_the_indicator_page_lists_the_other_indicators_of_its_pathway(
    client, world, pathway, indicators
):
    client.force_login(world.reader)

    response = client.get(plan_url(world, "indicator", indicators[0].pk))

    body = response.content.decode()
    assert "Vårdförlopp: Provförlopp vid psykos" in body
    assert "Följ upp vårdförloppet: Provförlopp vid psykos" in body
    assert response.context["pathway_indicators"] == [indicators[1]]
    assert plan_url(world, "indicator", indicators[1].pk) in body
    assert pathway.get_absolute_url() in body


def test_the_measurement_form_names_an_indicator_with_its_pathway(
    client, world, pathway, indicators
):
    client.force_login(world.contact)

    body = client.get(plan_url(world, "measurement_create")).content.decode()

    assert (
        "Schizofreni och schizofreniliknande tillstånd, Vårdförlopp: Provförlopp vid psykos: "
        "Andel med SIP inom 30 dagar"
    ) in body


# Exports


def sheet_rows(book, title):
    return list(book[title].iter_rows(values_only=True))


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_plan_exports_hold_the_pathway_targets_and_gap_analysis(world, pathway, english):
    unit = world.north_units[0]
    set_targets(
        world.plan,
        unit,
        {schizofreni(): {"required_level": 2, "reached_level": None, "reached_on": None}},
    )
    targets_save(
        actor=None,
        plan=world.plan,
        changes=[
            RowChange(
                unit=unit,
                version=world.plan.units.get(unit=unit).lock_version,
                leader="",
                cells={},
                pathway_cells={pathway.pk: {"required_level": 3}},
            )
        ],
    )
    analysis = create_analysis(world, pathway)
    answer(analysis, pathway.first, **A_GAP)

    header, *rows = csv.reader(
        io.StringIO(exports.plan_csv(world.plan).removeprefix("\ufeff")), delimiter=";"
    )
    book = openpyxl.load_workbook(io.BytesIO(exports.plan_workbook(world.plan)))

    assert header[3:5] == ["Programme", "Care pathway"]
    programme_name = schizofreni().name
    assert [row[3:6] for row in rows] == [
        [programme_name, "", "2 Can use the tool"],
        [programme_name, "Trial pathway for psychosis", "3 Content knowledge"],
    ]
    matrix_header = sheet_rows(book, "Target matrix")[0]
    assert "Care pathway: Trial pathway for psychosis" in matrix_header
    gaps_header, *gaps = sheet_rows(book, "Care pathway gap analyses")
    assert gaps_header[:7] == (
        "Programme",
        "Care pathway",
        "Setting",
        "Care level",
        "Made on",
        "Pathway step",
        "Time goal",
    )
    assert [row[5] for row in gaps] == [
        s.title for s in (pathway.first, pathway.support, pathway.follow_up)
    ]
    first = gaps[0]
    assert first[6:12] == ("Within 14 days of the referral", 14, "Yes", "No", 40, "Yes")
    assert first[12] == A_GAP["measure"]
    assert sheet_rows(book, "Gap analyses")[1:] == []


def test_the_overview_shows_pathway_coverage_gaps_and_late_step_measures(client, world, pathway):
    unit = world.north_units[0]
    targets_save(
        actor=None,
        plan=world.plan,
        changes=[
            RowChange(
                unit=unit,
                version=None,
                leader="",
                cells={},
                pathway_cells={
                    pathway.pk: {
                        "required_level": 2,
                        "reached_level": 2,
                        "reached_on": LAST_WEEK,
                    }
                },
            )
        ],
    )
    analysis = create_analysis(world, pathway)
    answer(analysis, pathway.first, **A_GAP)
    client.force_login(world.process_support)

    response = client.get(reverse("implementation:overview", args=[world.county.pk]))

    overview = response.context["overview"]
    cells = {column.slug: (t, m) for column, t, m in overview.coverage_cells}
    assert cells[f"schizofreni/{pathway.slug}"] == (1, 1)
    assert cells["schizofreni"] == (0, 0)
    (entry,) = overview.pathway_gaps
    assert (entry.done, entry.in_time, [i.step for i in entry.gaps]) == (
        1,
        0,
        [pathway.first],
    )
    assert [item.step for item in overview.overdue["measures"]] == [pathway.first]
    body = response.content.decode()
    assert "GAP-analyser av vårdförlopp" in body
    assert "Vårdförlopp: Provförlopp vid psykos: Första kontakten" in body
    with translation.override("en"):
        book = openpyxl.load_workbook(
            io.BytesIO(exports.overview_workbook(overview)), read_only=True
        )
        coverage = sheet_rows(book, "Coverage")
        steps = sheet_rows(book, "Care pathway gap analyses")
    assert any(row[3] == "Trial pathway for psychosis" and row[4:6] == (1, 1) for row in coverage)
    assert [row[7] for row in steps[1:]] == [
        s.title_en for s in (pathway.first, pathway.support, pathway.follow_up)
    ]


# Queries


def grow(world, pathways: int, steps: int) -> None:
    """`pathways` more published pathways of `steps` steps at social psychiatry each, with
    a target for every unit, a gap analysis at the level and an indicator measured."""
    unit = world.north_units[0]
    row = world.plan.units.filter(unit=unit).first()
    version = row.lock_version if row else None
    cells = {}
    for _ in range(pathways):
        extra = make_pathway(schizofreni())
        for _step in range(steps):
            make_step(extra, care_levels=[level("socialpsykiatri")])
        cells[extra.pk] = {"required_level": 1, "reached_level": 1, "reached_on": LAST_WEEK}
        analysis = create_analysis(world, extra)
        for item in analysis.items.all():
            answer(analysis, item.step, **A_GAP)
        indicator = Indicator.objects.create(
            programme=extra.programme,
            pathway=extra,
            slug=f"indikator-{number()}",
            kind=Indicator.Kind.PROCESS,
            name_sv=f"Indikator {number()}",
            direction=Indicator.Direction.INCREASE,
            published=True,
        )
        part_save(
            actor=None,
            part=Measurement(
                plan=world.plan,
                indicator=indicator,
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 1, 31),
                value=50,
            ),
        )
    targets_save(
        actor=None,
        plan=world.plan,
        changes=[RowChange(unit=unit, version=version, leader="", cells={}, pathway_cells=cells)],
    )


@pytest.mark.parametrize(
    "page, role",
    [
        ("plan", "reader"),
        ("plan_print", "reader"),
        ("targets", "contact"),
        ("overview", "process_support"),
        ("plan_csv", "reader"),
        ("plan_xlsx", "reader"),
        ("overview_xlsx", "process_support"),
    ],
)
def test_pages_read_the_same_queries_however_many_pathways_and_steps(
    client, world, pathway, django_assert_num_queries, page, role
):
    create_analysis(world, pathway)
    client.force_login(getattr(world, role))
    if page.startswith("overview"):
        url = reverse(f"implementation:{page}", args=[world.county.pk])
    else:
        url = plan_url(world, page)
    grow(world, pathways=1, steps=2)
    with django_assert_num_queries(QUERIES[page]):
        small = client.get(url)
    grow(world, pathways=3, steps=5)
    with django_assert_num_queries(QUERIES[page]):
        big = client.get(url)

    assert small.status_code == big.status_code == 200
    assert len(big.content) > len(small.content)


#: Session, user, memberships, then the page's own reads (as pinned in test_queries.py
#: and test_exports.py). The plan page and its print view read the answers of the gap
#: analyses, with the steps that are gaps, in one more query, the workbook the steps in
#: one more; here the plan has no activities, so the workbook reads no agendas.
QUERIES = {
    "plan": 13 + 1,
    "plan_print": 13 + 1,
    "targets": 9,
    "overview": 13,
    "plan_csv": 3 + 1 + 5,
    "plan_xlsx": 3 + 1 + 13 + 1 - 1,
    "overview_xlsx": 3 + 1 + 9,
}


def test_the_gap_page_of_a_pathway_reads_the_same_queries_however_many_steps(
    client, world, django_assert_num_queries
):
    small = make_pathway(schizofreni())
    big = make_pathway(schizofreni())
    for _ in range(2):
        make_step(small, care_levels=[level("socialpsykiatri")])
    for _ in range(9):
        make_step(big, care_levels=[level("socialpsykiatri")])
    urls = [plan_url(world, "gap", create_analysis(world, p).pk) for p in (small, big)]
    client.force_login(world.contact)

    for url in urls:
        with django_assert_num_queries(GAP_PAGE):
            response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["items"]) == 9


#: Session, user, memberships; the plan, the analysis, its items with their steps, and
#: what is missing: the steps it has, and the pathway's steps at the level.
GAP_PAGE = 8


def test_the_matrix_lists_a_version_for_a_setting_with_its_setting(world, pathway):
    make_pathway(
        schizofreni(),
        title_sv="Provförlopp i primärvården",
        national=pathway,
        setting=level("primarvard"),
    )

    names = [column.name for column in target_matrix(world.plan).columns]

    at = names.index("Vårdförlopp: Provförlopp vid psykos")
    assert names[at + 1] == "Vårdförlopp: Provförlopp i primärvården (Primärvård)"
