"""The demo organisations, plans and logins that `load_initial_data` loads."""

import datetime
import math
import statistics

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from implementation import selectors
from implementation.models import (
    Activity,
    AgendaItem,
    GapAnalysis,
    GapItem,
    Measurement,
    Membership,
    Organisation,
    PDSACycle,
    Plan,
    PlanUnit,
    Role,
    StatusReport,
    Target,
)
from programmes.editorial.content_file import ContentFileError, fixtures_dir, read_yaml
from vipportal.demo.dates import relative_date
from vipportal.demo.logins import demo_users_load
from vipportal.demo.organisations import organisations_load
from vipportal.demo.plans import demo_plans_load

# The messages are checked in English, the language they are written in; that they come
# out in Swedish is test_a_refused_demo_file_is_explained_in_swedish.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


MUNICIPALITIES = {
    "0604": "Aneby kommun",
    "0617": "Gnosjö kommun",
    "0642": "Mullsjö kommun",
    "0643": "Habo kommun",
    "0662": "Gislaveds kommun",
    "0665": "Vaggeryds kommun",
    "0680": "Jönköpings kommun",
    "0682": "Nässjö kommun",
    "0683": "Värnamo kommun",
    "0684": "Sävsjö kommun",
    "0685": "Vetlanda kommun",
    "0686": "Eksjö kommun",
    "0687": "Tranås kommun",
}
PROGRAMMES = (
    "adhd",
    "depression-och-angest",
    "missbruk-och-beroende",
    "sjalvskadebeteende",
    "schizofreni",
)
YOUNG = {p: {2, 3} for p in PROGRAMMES if p != "schizofreni"}
# Which programmes each kind of unit has targets for, at which levels, as Jönköpings län
# planned it; the health care units know of every programme.
PATTERN = {
    "socialpsykiatri": {p: {3} for p in PROGRAMMES},
    "missbruksvard": {p: {3} if p == "missbruk-och-beroende" else {1, 2} for p in PROGRAMMES},
    "funktionshinderomsorg": {p: {2, 3} for p in PROGRAMMES},
    "barn-och-unga": YOUNG,
    "elevhalsa": YOUNG,
    "ungdomsmottagning": {**YOUNG, "schizofreni": {1}},
    "aldreomsorg": {"depression-och-angest": {2}, "missbruk-och-beroende": {2}},
    "ekonomiskt-bistand": {p: {2} for p in PROGRAMMES},
    "vardcentral": {p: {1} for p in PROGRAMMES},
    "bup": {p: {1, 2, 3} for p in PROGRAMMES},
    "psykiatri-oppenvard": {p: {1, 2, 3} for p in PROGRAMMES},
    "beroendevard": {p: {3} if p == "missbruk-och-beroende" else {1, 2} for p in PROGRAMMES},
}
DEMO_MODELS = (
    Organisation,
    Plan,
    PlanUnit,
    Target,
    Activity,
    AgendaItem,
    StatusReport,
    GapAnalysis,
    GapItem,
    Measurement,
    PDSACycle,
)
INDICATOR = "depression-psykologisk-behandling-inom-90-dagar"


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def organisations_file():
    return read_yaml(fixtures_dir() / "organisations.yaml")


def plans_file():
    return read_yaml(fixtures_dir() / "implementation.yaml")


def units_below(organisation: Organisation):
    return Organisation.objects.filter(
        path__startswith=organisation.path, kind=Organisation.Kind.UNIT
    )


def test_the_county_holds_its_region_and_exactly_its_thirteen_municipalities():
    county = Organisation.objects.get(name="Jönköpings län", depth=1)
    children = Organisation.objects.get_children(county)

    assert county.kind == Organisation.Kind.COUNTY
    assert list(children.filter(kind=Organisation.Kind.REGION).values_list("name", flat=True)) == [
        "Region Jönköpings län"
    ]
    municipalities = children.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert dict(municipalities.values_list("municipality_code", "name")) == MUNICIPALITIES
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 13


def test_every_unit_has_a_care_level_and_only_municipalities_a_code():
    assert not Organisation.objects.filter(kind="unit", care_level__isnull=True).exists()
    assert (
        not Organisation.objects.exclude(kind="municipality").exclude(municipality_code="").exists()
    )


def test_at_least_three_municipalities_and_the_region_have_units_and_workplaces():
    with_units = [
        municipality.name
        for municipality in Organisation.objects.filter(kind="municipality")
        if units_below(municipality).exists()
    ]
    region = Organisation.objects.get(name="Region Jönköpings län")

    assert {"Jönköpings kommun", "Värnamo kommun", "Nässjö kommun"} <= set(with_units)
    assert set(units_below(region).values_list("care_level__slug", flat=True)) >= {
        "vardcentral",
        "ungdomsmottagning",
        "bup",
        "psykiatri-oppenvard",
        "beroendevard",
    }
    assert Organisation.objects.filter(kind="workplace").count() >= 3


def test_the_tree_is_consistent():
    assert Organisation.objects.find_problems() == ([], [], [], [], [])


def test_each_demo_plan_targets_follow_the_county_pattern():
    plans = Plan.objects.select_related("organisation")
    assert {plan.organisation.name for plan in plans} >= {
        "Jönköpings kommun",
        "Värnamo kommun",
        "Nässjö kommun",
        "Region Jönköpings län",
    }
    assert len({plan.phase for plan in plans}) >= 4
    for plan in plans:
        rows = PlanUnit.objects.filter(plan=plan).select_related("unit__care_level")
        assert {row.unit for row in rows} == set(units_below(plan.organisation)), plan
        for row in rows:
            pattern = PATTERN[row.unit.care_level.slug]
            targets = {
                target.programme.slug: target.required_level
                for target in row.targets.filter(pathway=None).select_related("programme")
            }
            assert row.leader, row.unit
            assert set(targets) == set(pattern), row.unit
            for slug, level in targets.items():
                assert level in pattern[slug], (row.unit, slug, level)


def test_a_social_psychiatry_unit_requires_level_three_in_every_programme():
    unit = Organisation.objects.get(name="Boendestöd Öster")
    targets = Target.objects.filter(row__unit=unit, pathway=None)

    assert set(targets.values_list("programme__slug", flat=True)) == set(PROGRAMMES)
    assert set(targets.values_list("required_level", flat=True)) == {3}


def test_the_targets_mix_met_not_yet_met_and_not_started():
    targets = list(Target.objects.all())

    assert any(target.is_met for target in targets)
    assert any(target.reached_level and not target.is_met for target in targets)
    assert any(target.reached_level is None for target in targets)


def test_the_demo_shows_done_planned_cancelled_and_overdue_work():
    plan = Plan.objects.get(organisation__municipality_code="0680")
    activities = list(plan.activities.all())
    first = plan.activities.filter(kind=Activity.Kind.WORKPLACE_MEETING, status="done").first()

    assert {activity.status for activity in activities} == set(Activity.Status.values)
    assert {activity.kind for activity in activities} == set(Activity.Kind.values)
    assert sum(activity.is_overdue for activity in activities) == 1
    assert [(item.duration, bool(item.minutes)) for item in first.agenda.all()] == [
        (10, True),
        (10, True),
        (40, True),
    ]
    assert plan.status_reports.count() >= 3
    items = GapItem.objects.filter(analysis__plan__in=Plan.objects.all())
    assert {item.offered for item in items} >= {"yes", "partly", "no"}
    assert sum(item.is_overdue for item in items) == 1
    assert all(item.measure and item.owner and item.due for item in items if item.is_gap)


def runs(values: list[float], centre: float) -> list[tuple[int, int, int]]:
    """The runs of useful points (those not on the median) on one side of it, as (side,
    index in `values` where the run starts, length)."""
    found: list[list[int]] = []
    for index, value in enumerate(values):
        side = (value > centre) - (value < centre)
        if not side:
            continue
        if found and found[-1][0] == side:
            found[-1][2] += 1
        else:
            found.append([side, index, 1])
    return [tuple(run) for run in found]


def test_the_measurements_shift_upward_after_the_adopted_pdsa_cycle():
    """The region's series has a real signal by Anhøj's rules: since the change, a run
    above the median longer than round(log2(n) + 3), n the useful points."""
    plan = Plan.objects.get(organisation__name="Region Jönköpings län")
    measurements = list(plan.measurements.filter(indicator__slug=INDICATOR))
    adopted = plan.pdsa_cycles.get(decision=PDSACycle.Decision.ADOPT)
    values = [float(measurement.value) for measurement in measurements]
    centre = statistics.median(values)
    after = [m for m in measurements if m.period_start > adopted.start]
    found = runs(values, centre)
    useful = sum(length for _side, _start, length in found)
    side, start, length = found[-1]

    assert len(measurements) == 20
    assert plan.pdsa_cycles.filter(decision="").count() == 1
    assert len(after) >= 9
    assert all(float(m.value) > centre for m in after)
    assert side == 1
    assert length > round(math.log2(useful) + 3)
    # The run begins in the month the cycle started.
    assert measurements[start].period_start <= adopted.start <= measurements[start].period_end


def test_the_county_rolls_up_the_municipalities_measurements_and_support_requests():
    county = Organisation.objects.get(name="Jönköpings län")
    overview = selectors.regional_overview(county)
    [aggregate] = [
        a
        for a in overview.aggregates
        if a.indicator.slug == "missbruk-minskat-bruk-efter-sex-manader"
    ]
    latest = aggregate.periods[-1]

    assert len(latest.organisations) >= 2
    assert all(o.kind == Organisation.Kind.MUNICIPALITY for o in latest.organisations)
    assert len({series.organisation.pk for series in overview.score_series}) >= 3
    assert overview.support_open and overview.support_answered
    assert all(report.support_replied_at for report in overview.support_answered)


def test_loading_again_changes_no_counts():
    before = counts()

    call_command("load_initial_data", "--no-admin", verbosity=0)
    organisations_load(data=organisations_file())
    demo_plans_load(data=plans_file())

    assert counts() == before


def test_an_existing_municipality_is_found_by_its_code_and_never_moved():
    jonkoping = Organisation.objects.get(municipality_code="0680")
    other = [
        {
            "name": "Ett annat län",
            "kind": "county",
            "children": [
                {"name": "Jönköpings kommun", "kind": "municipality", "municipality_code": "0680"}
            ],
        }
    ]

    organisations_load(data=other)

    assert Organisation.objects.get(pk=jonkoping.pk).path == jonkoping.path
    assert Organisation.objects.filter(municipality_code="0680").count() == 1
    assert Organisation.objects.get(name="Ett annat län").numchild == 0


def test_a_renamed_organisation_is_updated_in_place():
    data = organisations_file()
    at = place_of(data, "Habo kommun")
    data[0]["children"][at]["name"] = "Habo kommun (nytt namn)"
    habo = Organisation.objects.get(municipality_code="0643")

    organisations_load(data=data)

    renamed = Organisation.objects.get(pk=habo.pk)
    assert (renamed.name, renamed.path) == ("Habo kommun (nytt namn)", habo.path)


def place_of(data, name):
    return next(i for i, entry in enumerate(data[0]["children"]) if entry["name"] == name)


def break_care_level(data):
    at = place_of(data, "Jönköpings kommun")
    data[0]["children"][at]["children"][0]["children"][0]["care_level"] = "finns-inte"
    return f"[0].children[{at}].children[0].children[0].care_level", "unknown care level"


def drop_care_level(data):
    at = place_of(data, "Jönköpings kommun")
    del data[0]["children"][at]["children"][0]["children"][1]["care_level"]
    return f"[0].children[{at}].children[0].children[1].care_level", "a unit needs"


def short_code(data):
    at = place_of(data, "Nässjö kommun")
    data[0]["children"][at]["municipality_code"] = "682"
    return f"[0].children[{at}].municipality_code", "four digits"


def unit_under_county(data):
    data[0]["children"].append(
        {"name": "Fristående mottagning", "kind": "unit", "care_level": "bup"}
    )
    return f"[0].children[{len(data[0]['children']) - 1}].kind", "cannot sit under a county"


@pytest.mark.parametrize(
    "spoil", [break_care_level, drop_care_level, short_code, unit_under_county]
)
def test_a_broken_organisations_file_is_refused_naming_the_place_and_changes_nothing(spoil):
    data = organisations_file()
    # Something new early in the file, which the refusal must take back too.
    data[0]["children"][0]["children"].insert(
        0, {"name": "Nya förvaltningen", "kind": "administration"}
    )
    place, problem = spoil(data)
    before = counts()
    names = set(Organisation.objects.values_list("name", "municipality_code"))

    with pytest.raises(ContentFileError) as error:
        organisations_load(data=data)

    assert f"organisations.yaml{place}:" in str(error.value)
    assert problem in str(error.value)
    assert counts() == before
    assert set(Organisation.objects.values_list("name", "municipality_code")) == names


def test_a_refused_demo_file_is_explained_in_swedish():
    """In the language of the page, in the words every content file uses."""
    data = organisations_file()
    place, _problem = break_care_level(data)
    plans = plans_file()
    plans[0]["activities"] = {"kind": "apt"}

    with translation.override("sv"):
        with pytest.raises(ContentFileError) as organisations_error:
            organisations_load(data=data)
        with pytest.raises(ContentFileError) as plans_error:
            demo_plans_load(data=plans)

    assert f"organisations.yaml{place}: okänd vård- och insatsnivå finns-inte" in str(
        organisations_error.value
    )
    assert "implementation.yaml[0].activities: ska vara en lista med " in str(plans_error.value)
    assert "inte en mappning" in str(plans_error.value)


def test_an_unquoted_municipality_code_is_explained():
    data = organisations_file()
    at = place_of(data, "Aneby kommun")
    data[0]["children"][at]["municipality_code"] = 388  # what YAML makes of 0604

    with pytest.raises(ContentFileError, match=rf"children\[{at}\].municipality_code: .*quotes"):
        organisations_load(data=data)


def test_a_broken_plans_file_is_refused_naming_the_place_and_changes_nothing():
    data = plans_file()
    data[1]["activities"][0]["date"] = datetime.date(2025, 3, 1)
    data[0]["title"] = "En helt ny plan"
    before = counts()

    with pytest.raises(ContentFileError) as error:
        demo_plans_load(data=data)

    assert "implementation.yaml[1].activities[0].date: expected a date relative" in str(error.value)
    assert counts() == before
    assert not Plan.objects.filter(title="En helt ny plan").exists()


def test_a_gap_answer_for_an_intervention_the_level_lacks_lists_the_ones_it_has():
    data = plans_file()
    analysis = data[0]["gap_analyses"][0]
    analysis["items"]["finns-inte"] = {"offered": "yes"}

    with pytest.raises(ContentFileError, match=r"gap_analyses\[0\].items.finns-inte: .*boendestod"):
        demo_plans_load(data=data)


def test_dates_are_relative_to_the_day_of_loading():
    # Loaded here rather than read from the session's load, which may have been yesterday
    # (a run that passes midnight); the day is read on both sides of the load for the same
    # reason.
    before = datetime.date.today()
    demo_plans_load(data=plans_file())
    after = datetime.date.today()
    plan = Plan.objects.get(organisation__municipality_code="0680")
    entry = plans_file()[0]
    assert plan.period_start in {
        relative_date(entry["period_start"], today=day) for day in (before, after)
    }

    earlier = datetime.date.today() - datetime.timedelta(days=400)
    demo_plans_load(data=plans_file(), today=earlier)

    plan = Plan.objects.get(organisation__municipality_code="0680")
    assert plan.period_start == relative_date(entry["period_start"], today=earlier)
    assert plan.decided_on == relative_date(entry["decided_on"], today=earlier)
    assert plan.activities.get(title=entry["activities"][0]["title"]).date == relative_date(
        entry["activities"][0]["date"], today=earlier
    )
    assert plan.status_reports.order_by("reported_on").last().reported_on < earlier


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0d", datetime.date(2025, 5, 31)),
        ("+14d", datetime.date(2025, 6, 14)),
        ("-2w", datetime.date(2025, 5, 17)),
        ("-3m", datetime.date(2025, 2, 28)),
        ("+9m", datetime.date(2026, 2, 28)),
        ("-1m+3d", datetime.date(2025, 5, 3)),
        ("-1y", datetime.date(2024, 5, 31)),
    ],
)
def test_relative_dates_move_by_days_weeks_and_calendar_months(text, expected):
    assert relative_date(text, today=datetime.date(2025, 5, 31)) == expected


@pytest.mark.parametrize("text", ["2025-03-01", "3", "-3x", "", "-1m 3d", None])
def test_other_dates_are_not_relative(text):
    with pytest.raises(ValueError):
        relative_date(text, today=datetime.date(2025, 5, 31))


def test_demo_users_get_their_role_where_they_work_and_a_second_call_creates_none():
    expected = {
        "processtod": (Role.READER, "Jönköpings län"),
        "jonkoping": (Role.CONTACT, "Jönköpings kommun"),
        "varnamo": (Role.CONTACT, "Värnamo kommun"),
        "ledare": (Role.LEADER, "Jönköpings kommun"),
        "redigerare": (Role.EDITOR, "Nässjö kommun"),
        "lasare": (Role.READER, "Värnamo kommun"),
        "region": (Role.CONTACT, "Region Jönköpings län"),
        "lokalredaktor": (Role.LOCAL_EDITOR, "Region Jönköpings län"),
        "lokalkommun": (Role.LOCAL_EDITOR, "Jönköpings kommun"),
    }

    created = demo_users_load()

    assert {username for username, _password, _about in created} == set(expected)
    for username, password, _about in created:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password)
        assert password == f"vip-demo-{username}"
        assert not user.is_staff and not user.is_superuser
        assert user.first_name and user.last_name
        membership = Membership.objects.get(user=user)
        assert (membership.role, membership.organisation.name) == expected[username]
    assert demo_users_load() == []
    assert Membership.objects.filter(user__username__in=expected).count() == len(expected)


def test_process_support_reads_every_plan_in_the_county():
    from implementation.access import Access, Can

    demo_users_load()
    reader = Access.for_user(get_user_model().objects.get(username="processtod"))
    contact = Access.for_user(get_user_model().objects.get(username="varnamo"))

    assert Plan.objects.filter(reader.plans(Can.VIEW)).count() == Plan.objects.count()
    assert not Plan.objects.filter(reader.plans(Can.EDIT)).exists()
    assert set(
        Plan.objects.filter(contact.plans(Can.MANAGE)).values_list("organisation__name", flat=True)
    ) == {"Värnamo kommun"}


def test_a_demo_gap_analysis_phases_out_an_intervention_not_to_be_done():
    """Värnamo's addiction unit still gives acupuncture, which the guideline says not to
    do (icke-göra): the demo shows it as a gap to phase out, with a measure."""
    item = GapItem.objects.select_related("intervention").get(
        analysis__plan__organisation__municipality_code="0683",
        intervention__recommendation="icke-gora",
    )

    assert item.offered == "yes" and item.is_gap
    assert "Avveckla" in item.measure and item.owner and item.due
