"""Care pathways in the demo plans (fixtures/implementation.yaml): Jönköpings kommun's social
psychiatry has targets for the schizophrenia pathway and a gap analysis of its steps, and a
file naming a pathway or step that is not there is refused, saying where."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from implementation.models import GapAnalysis, GapItem, Plan, Target
from programmes.editorial.content_file import ContentFileError, fixtures_dir, read_yaml
from vipportal.demo.logins import demo_users_load
from vipportal.demo.plans import demo_plans_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

PATHWAY = "Vårdförlopp vid schizofreni och schizofreniliknande tillstånd"
#: The steps of the schizophrenia pathway that social psychiatry takes part in, in order.
STEPS = ["forsta-kontakt", "samordnat-stod", "uppfoljning", "aterfall-och-overgangar"]


def plans_file():
    return read_yaml(fixtures_dir() / "implementation.yaml")


def jonkoping() -> Plan:
    return Plan.objects.get(organisation__municipality_code="0680")


def pathway_analysis() -> GapAnalysis:
    return GapAnalysis.objects.select_related("pathway", "care_level").get(
        plan=jonkoping(), pathway__isnull=False
    )


def answers(analysis: GapAnalysis) -> dict[str, tuple]:
    return {
        item.step.slug: (
            item.offered,
            item.time_goal_met,
            item.days_now,
            item.measure,
            item.owner,
            item.due,
            item.status,
        )
        for item in analysis.items.select_related("step")
    }


def pathway_targets() -> dict[str, tuple]:
    return {
        target.row.unit.name: (
            target.programme.slug,
            target.pathway.slug,
            target.required_level,
            target.reached_level,
            target.reached_on,
        )
        for target in Target.objects.filter(pathway__isnull=False).select_related(
            "row__unit", "programme", "pathway"
        )
    }


def logged_in(client, username="jonkoping"):
    demo_users_load()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_social_psychiatry_has_targets_for_the_schizophrenia_pathway(client):
    today = datetime.date.today()
    targets = pathway_targets()

    assert set(targets) == {"Boendestöd Öster", "Träffpunkt Kanalen"}
    slug, pathway, required, reached, reached_on = targets["Boendestöd Öster"]
    assert (slug, pathway, required, reached) == ("schizofreni", "schizofreni", 3, 2)
    assert today - datetime.timedelta(days=62) <= reached_on <= today
    assert targets["Träffpunkt Kanalen"] == ("schizofreni", "schizofreni", 2, None, None)
    # The plan's matrix shows the pathway beside the programme, for those two units only.
    with translation.override("sv"):
        matrix = logged_in(client).get(jonkoping().get_absolute_url()).context["matrix"]
        names = [column.name for column in matrix.columns]
        cells = {
            row.unit.name: dict((column.name, target) for column, target in row.cells)[PATHWAY]
            for row in matrix.rows
        }

    assert names.index(PATHWAY) == names.index("Schizofreni och schizofreniliknande tillstånd") + 1
    assert {name for name, target in cells.items() if target} == set(targets)
    assert cells["Boendestöd Öster"].required_level == 3


def test_social_psychiatry_has_a_gap_analysis_of_the_pathway_beside_the_programmes():
    plan = jonkoping()
    analysis = pathway_analysis()

    assert (analysis.programme.slug, analysis.pathway.slug) == ("schizofreni", "schizofreni")
    assert analysis.care_level.slug == "socialpsykiatri"
    assert plan.gap_analyses.filter(pathway=None, care_level=analysis.care_level).exists()
    assert list(analysis.items.order_by("step__position").values_list("step__slug", flat=True)) == (
        STEPS
    )
    found = answers(analysis)
    # Done within its time goal: no gap.
    assert found["forsta-kontakt"][:3] == ("yes", "yes", 1)
    # Done, but slower than the goal of 30 days: a gap with a measure, still ahead.
    offered, in_time, days, measure, owner, due, status = found["samordnat-stod"]
    assert (offered, in_time, days, status) == ("yes", "no", 45, "started")
    assert "SIP" in measure and owner == "Enhetschef socialpsykiatri"
    assert due > datetime.date.today()
    # Not known yet; and done, but how long it takes is not known.
    assert found["uppfoljning"][:3] == ("unknown", "unknown", None)
    assert found["aterfall-och-overgangar"][:3] == ("yes", "unknown", None)
    items = {item.step.slug: item for item in analysis.items.select_related("step")}
    assert [slug for slug, item in items.items() if item.is_gap] == ["samordnat-stod"]
    assert not any(item.is_overdue for item in items.values())


def test_the_plan_and_the_gap_analysis_page_show_the_pathway_steps(client):
    analysis = pathway_analysis()
    client = logged_in(client, "processtod")

    with translation.override("sv"):
        plan_page = client.get(jonkoping().get_absolute_url())
        gap_url = reverse("implementation:gap", args=[analysis.plan_id, analysis.pk])
        gap_page = client.get(gap_url)

    body = plan_page.content.decode()
    assert f'<a href="{gap_url}">{PATHWAY} – Socialpsykiatri</a>' in body
    # Only the gap is listed under it, with its measure.
    assert "Fortsatt vård och samordnat stöd med kommunen" in body
    assert "Boka fasta tider varannan vecka för SIP-möten" in body
    assert "Återfallsprevention och övergångar" not in body
    assert gap_page.status_code == 200
    shown = gap_page.content.decode()
    for title in (
        "Tidiga tecken och första kontakt",
        "Fortsatt vård och samordnat stöd med kommunen",
        "Uppföljning av behandling och hälsa",
        "Återfallsprevention och övergångar",
    ):
        assert title in shown


def test_loading_the_plans_again_gives_the_same_pathway_targets_and_answers():
    # One day for every load: dates count from it, and a run may pass midnight.
    today = datetime.date.today()
    demo_plans_load(data=plans_file(), today=today)
    targets, found = pathway_targets(), answers(pathway_analysis())
    items = GapItem.objects.filter(step__isnull=False).count()

    demo_plans_load(data=plans_file(), today=today)
    demo_plans_load(data=plans_file(), today=today)

    assert pathway_targets() == targets
    assert answers(pathway_analysis()) == found
    assert GapItem.objects.filter(step__isnull=False).count() == items
    assert Target.objects.filter(pathway__isnull=False).count() == len(targets)


def analysis_at(data) -> int:
    """The place of Jönköping's pathway gap analysis in its plan's list."""
    return next(i for i, entry in enumerate(data[0]["gap_analyses"]) if entry.get("pathway"))


def unknown_pathway_target(data):
    data[0]["targets"][0]["pathways"]["schizofreni/finns-inte"] = 2
    return (
        "[0].targets[0].pathways.schizofreni/finns-inte: unknown care pathway "
        "schizofreni/finns-inte (known: "
    )


def pathway_target_without_programme(data):
    data[0]["targets"][0]["pathways"]["schizofreni"] = 2
    return "[0].targets[0].pathways.schizofreni: unknown care pathway schizofreni (known: "


def unknown_pathway_of_the_programme(data):
    at = analysis_at(data)
    data[0]["gap_analyses"][at]["pathway"] = "sjalvskada-unga"  # another programme's
    return f"[0].gap_analyses[{at}].pathway: unknown care pathway sjalvskada-unga (known: "


def unknown_step(data):
    at = analysis_at(data)
    data[0]["gap_analyses"][at]["steps"]["finns-inte"] = {"offered": "yes"}
    return (
        f"[0].gap_analyses[{at}].steps.finns-inte: not a published step of care pathway "
        f"schizofreni for socialpsykiatri (those are: {', '.join(STEPS)})"
    )


def step_of_another_level(data):
    at = analysis_at(data)
    data[0]["gap_analyses"][at]["steps"]["basal-bedomning"] = {"offered": "yes"}
    return f"[0].gap_analyses[{at}].steps.basal-bedomning: not a published step"


def items_in_a_pathway_analysis(data):
    at = analysis_at(data)
    data[0]["gap_analyses"][at]["items"] = {"boendestod": {"offered": "yes"}}
    return (
        f"[0].gap_analyses[{at}]: unknown key items; a gap analysis of a care pathway can "
        "have programme, pathway, care_level, made_on, steps"
    )


def steps_without_a_pathway(data):
    data[0]["gap_analyses"][0]["steps"] = {"forsta-kontakt": {"offered": "yes"}}
    return "[0].gap_analyses[0]: unknown key steps; a gap analysis can have programme, pathway"


def in_time_but_slower_than_the_goal(data):
    at = analysis_at(data)
    data[0]["gap_analyses"][at]["steps"]["samordnat-stod"]["time_goal_met"] = "yes"
    return (
        f"[0].gap_analyses[{at}].steps.samordnat-stod.time_goal_met: It takes 45 days here "
        "now, longer than the time goal of 30 days."
    )


def a_slow_step_without_a_measure(data):
    at = analysis_at(data)
    del data[0]["gap_analyses"][at]["steps"]["samordnat-stod"]["measure"]
    return f"[0].gap_analyses[{at}].steps.samordnat-stod.measure: Every gap needs this."


def days_that_are_not_a_number(data):
    at = analysis_at(data)
    data[0]["gap_analyses"][at]["steps"]["forsta-kontakt"]["days_now"] = "en dag"
    return f"[0].gap_analyses[{at}].steps.forsta-kontakt.days_now: expected a whole number"


@pytest.mark.parametrize(
    "spoil",
    [
        unknown_pathway_target,
        pathway_target_without_programme,
        unknown_pathway_of_the_programme,
        unknown_step,
        step_of_another_level,
        items_in_a_pathway_analysis,
        steps_without_a_pathway,
        in_time_but_slower_than_the_goal,
        a_slow_step_without_a_measure,
        days_that_are_not_a_number,
    ],
)
def test_a_wrong_pathway_or_step_is_refused_naming_the_place_and_changes_nothing(spoil):
    data = plans_file()
    expected = spoil(data)
    targets, found = pathway_targets(), answers(pathway_analysis())
    plan = jonkoping()

    with pytest.raises(ContentFileError) as error:
        demo_plans_load(data=data)

    assert f"implementation.yaml{expected}" in str(error.value)
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert pathway_targets() == targets
    assert answers(pathway_analysis()) == found


def test_an_unknown_step_is_explained_in_swedish():
    data = plans_file()
    unknown_step(data)

    with translation.override("sv"), pytest.raises(ContentFileError) as error:
        demo_plans_load(data=data)

    assert (
        ".steps.finns-inte: inget publicerat steg i vårdförloppet schizofreni för "
        "socialpsykiatri (de är: forsta-kontakt, samordnat-stod" in str(error.value)
    )
