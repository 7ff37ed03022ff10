"""The demo's care pathways, local additions and local editors, as `load_initial_data`
loads them."""

import copy
import shutil

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from implementation.models import LocalAddition, Membership, Organisation, Role
from programmes.editorial.content_file import ContentFileError, fixtures_dir, read_yaml
from programmes.local import local_changed
from programmes.models import ContentNode, Indicator, Pathway, Principal
from vipportal.demo.local import local_additions_load
from vipportal.demo.logins import demo_users_load

# The messages are checked in English, the language they are written in.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

REGION = "Region Jönköpings län"
MUNICIPALITY = "Jönköpings kommun"
#: The texts every step of a national pathway has, in both languages.
STEP_TEXTS = (
    "title",
    "summary",
    "body",
    "time_goal",
    "entry_criteria",
    "exit_criteria",
    "patient_contact",
    "patient_plan",
    "patient_next",
)
#: The psychosis team's assessment line in the demo (an invented number).
PSYCHOSIS_TEAM_PHONE = "010-242 51 20"


def local_file():
    return read_yaml(fixtures_dir() / "local.yaml")


def snapshot():
    """Every stored fact of every local addition, and how many history records exist."""
    rows = LocalAddition.objects.order_by("id").values_list(
        "id",
        "organisation_id",
        "programme_id",
        "kind",
        "care_level_id",
        "step_id",
        "intervention_id",
        "title",
        *LocalAddition.TEXTS,
        "link",
        "published",
        "published_at",
        "reviewed_at",
        "lock_version",
        "draft",
    )
    return list(rows), LocalAddition.history.count()


def additions_of(name: str):
    return LocalAddition.objects.filter(organisation__name=name)


# Care pathways ---------------------------------------------------------------------------


def test_the_schizophrenia_pathway_is_complete_in_both_languages():
    pathway = Pathway.objects.get(programme__slug="schizofreni", slug="schizofreni")
    steps = list(pathway.steps.order_by("position"))

    assert pathway.published and not pathway.is_setting_version
    assert pathway.summary_sv and pathway.summary_en and pathway.body_sv and pathway.body_en
    assert 6 <= len(steps) <= 8
    assert [s.slug for s in steps][0] == "forsta-kontakt"
    for step in steps:
        for name in STEP_TEXTS:
            assert getattr(step, f"{name}_sv"), f"{step.slug} has no Swedish {name}"
            assert getattr(step, f"{name}_en"), f"{step.slug} has no English {name}"
        assert step.published
        assert step.principal in Principal.values
        assert step.time_goal_days is not None
        assert step.care_levels.exists()
        interventions = list(step.interventions.all())
        assert interventions, f"{step.slug} uses no intervention"
        assert all(
            node.programme_id == pathway.programme_id and node.kind == ContentNode.Kind.INTERVENTION
            for node in interventions
        )
    # Time goals the seeds do not give are marked as examples.
    assert all(step.time_goal_sv.startswith("Exempel") for step in steps)
    # The path runs from first contact in the municipality and primary care, through
    # psychiatry, to support from social psychiatry.
    levels = [{level.slug for level in step.care_levels.all()} for step in steps]
    assert {"elevhalsa", "vardcentral"} <= levels[0]
    assert "psykiatri-oppenvard" in levels[1]
    assert any("socialpsykiatri" in found for found in levels[3:])
    assert {step.principal for step in steps} >= {Principal.REGION, Principal.JOINT}


def test_the_primary_care_version_shortens_every_national_step():
    national = Pathway.objects.get(programme__slug="schizofreni", slug="schizofreni")
    version = Pathway.objects.get(programme__slug="schizofreni", national=national)

    assert version.published and version.setting.slug == "primarvard"
    national_steps = {step.pk: step for step in national.steps.all()}
    steps = list(version.steps.order_by("position"))
    assert [step.national_step_id for step in steps] == list(national_steps)
    for step in steps:
        full = national_steps[step.national_step_id]
        assert step.title_sv and step.title_en and step.summary_sv and step.summary_en
        short = len(step.summary_sv) + len(step.body_sv)
        assert short < len(full.summary_sv) + len(full.body_sv)
        assert [level.slug for level in step.care_levels.all()] == ["vardcentral"]


def test_the_self_harm_pathway_leads_from_school_health_to_child_psychiatry():
    pathway = Pathway.objects.get(programme__slug="sjalvskadebeteende", national=None)
    steps = list(pathway.steps.order_by("position"))

    assert pathway.published and 4 <= len(steps) <= 5
    first = {level.slug for level in steps[0].care_levels.all()}
    assert {"elevhalsa", "ungdomsmottagning"} <= first
    assert "bup" in {level.slug for level in steps[1].care_levels.all()}
    for step in steps:
        assert step.time_goal_sv and step.time_goal_en and step.time_goal_days
        assert step.patient_contact_sv and step.patient_next_en
        assert step.interventions.filter(programme=pathway.programme).exists()


def test_an_indicator_follows_up_each_demo_pathway():
    followed = set(
        Indicator.objects.filter(pathway__isnull=False).values_list(
            "pathway__programme__slug", "pathway__slug"
        )
    )

    assert followed == {("schizofreni", "schizofreni"), ("sjalvskadebeteende", "sjalvskada-unga")}


# Local additions -------------------------------------------------------------------------


def test_the_region_adds_to_both_programmes_at_several_levels_steps_and_interventions():
    region = additions_of(REGION)
    level_slugs = set(
        region.filter(kind=LocalAddition.Kind.LEVEL).values_list("care_level__slug", flat=True)
    )
    steps = set(region.filter(kind=LocalAddition.Kind.STEP).values_list("step__slug", flat=True))

    assert set(region.values_list("programme__slug", flat=True)) == {
        "schizofreni",
        "sjalvskadebeteende",
    }
    assert len(level_slugs) >= 3
    assert {"vardcentral", "psykiatri-oppenvard", "bup"} <= level_slugs
    assert {"forsta-kontakt", "basal-bedomning", "bedomning-i-bup"} <= steps
    assert region.filter(kind=LocalAddition.Kind.INTERVENTION).count() >= 2
    referral = region.get(
        kind=LocalAddition.Kind.STEP, step__pathway__slug="schizofreni", step__slug="forsta-kontakt"
    )
    assert PSYCHOSIS_TEAM_PHONE in referral.contact
    assert "Psykosteamet" in referral.units


def test_the_municipality_adds_social_psychiatry_and_the_continued_care_step():
    municipality = additions_of(MUNICIPALITY)
    level = municipality.get(kind=LocalAddition.Kind.LEVEL, care_level__slug="socialpsykiatri")
    step = municipality.get(kind=LocalAddition.Kind.STEP)

    assert "Boendestöd" in level.services and "ansöker" in level.referral
    assert (step.step.pathway.slug, step.step.slug) == ("schizofreni", "samordnat-stod")
    assert municipality.filter(
        kind=LocalAddition.Kind.INTERVENTION, intervention__slug="boendestod"
    ).exists()
    assert (
        municipality.filter(kind=LocalAddition.Kind.LEVEL).values("care_level").distinct().count()
        >= 3
    )


def test_every_demo_addition_is_published_reviewed_and_has_its_history():
    additions = LocalAddition.objects.all()

    assert additions.count() == sum(len(group["additions"]) for group in local_file())
    assert not additions.filter(published=False).exists()
    assert not additions.filter(reviewed_at__isnull=True).exists()
    assert not additions.filter(published_at__isnull=True).exists()
    assert not additions.exclude(draft=None).exists()
    for addition in additions:
        reasons = list(addition.history.values_list("history_change_reason", flat=True))
        assert sorted(reasons) == ["created", "published"]


def test_the_region_has_a_regional_programme_page_for_schizophrenia(client):
    page = additions_of(REGION).get(
        kind=LocalAddition.Kind.PROGRAMME, programme__slug="schizofreni"
    )
    region = Organisation.objects.get(name=REGION)

    response = client.get(reverse("programmes:regional_page", args=["schizofreni", region.slug]))

    assert page.published and page.routine and page.referral
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_a_nurse_in_jonkoping_sees_the_local_referral_route_on_the_first_step(client):
    municipality = Organisation.objects.get(name=MUNICIPALITY)
    url = reverse("programmes:pathway_step", args=["schizofreni", "schizofreni", "forsta-kontakt"])

    local = client.get(url, {"plats": municipality.slug}).content.decode()
    national = client.get(url, {"plats": "nationell"}).content.decode()

    assert "Så når du psykosteamet i Jönköpings län" in local
    assert PSYCHOSIS_TEAM_PHONE in local
    assert PSYCHOSIS_TEAM_PHONE not in national


# Loading again, and changes -------------------------------------------------------------


def test_loading_the_file_again_changes_nothing():
    before = snapshot()

    done = local_additions_load(data=local_file())

    assert (done.created, done.changed) == (0, 0)
    assert done.unchanged == done.additions == len(before[0])
    assert snapshot() == before


def test_load_initial_data_again_keeps_every_addition_as_it_was():
    before = snapshot()

    call_command("load_initial_data", "--no-admin", verbosity=0)

    assert snapshot() == before


def test_a_changed_text_is_published_again_with_its_history():
    data = local_file()
    entry = data[1]["additions"][0]
    entry["services"] = "Boendestöd och sysselsättning, nu också på helger."
    stored = additions_of(MUNICIPALITY).get(title=entry["title"])
    history = stored.history.count()
    sent = []

    def receiver(sender, programme_ids=(), **kwargs):
        sent.extend(programme_ids)

    local_changed.connect(receiver)
    try:
        done = local_additions_load(data=data)
    finally:
        local_changed.disconnect(receiver)

    stored.refresh_from_db()
    assert (done.created, done.changed) == (0, 1)
    assert stored.services == entry["services"] and stored.published and stored.draft is None
    assert stored.history.count() == history + 2
    assert stored.programme_id in sent


def test_an_addition_the_file_leaves_out_is_left_alone():
    data = local_file()
    removed = data[1]["additions"].pop()
    before = snapshot()

    local_additions_load(data=data)

    assert snapshot() == before
    assert additions_of(MUNICIPALITY).filter(title=removed["title"]).exists()


# A broken file -------------------------------------------------------------------------


def _broken(change):
    """The demo file with one new addition first (which must not be kept) and `change`
    made to a copy of the file."""
    data = copy.deepcopy(local_file())
    data[0]["additions"].insert(
        0,
        {
            "programme": "schizofreni",
            "kind": "level",
            "level": "psykiatri-slutenvard",
            "title": "Ny lokal text som inte får sparas",
            "routine": "Avdelningarna tar emot dygnet runt.",
        },
    )
    change(data)
    return data


def _set(group: int, index: int, **values):
    def change(data):
        data[group]["additions"][index].update(values)

    return change


BROKEN = [
    (
        _set(0, 4, step="finns-inte"),
        "local.yaml[0].additions[4].step: the care pathway schizofreni has no step finns-inte",
    ),
    (
        _set(0, 4, pathway="finns-inte"),
        "local.yaml[0].additions[4].pathway: schizofreni has no care pathway finns-inte",
    ),
    (
        _set(0, 2, level="finns-inte"),
        "local.yaml[0].additions[2].level: unknown care level finns-inte",
    ),
    (
        _set(0, 7, intervention="familjeintervention-x"),
        "local.yaml[0].additions[7].intervention: schizofreni has no intervention "
        "familjeintervention-x",
    ),
    (
        _set(0, 2, step="forsta-kontakt"),
        "local.yaml[0].additions[2].step: an addition of kind level names only level, not step",
    ),
    (
        _set(0, 1, level="vardcentral"),
        "local.yaml[0].additions[1].level: a regional programme page hangs on the programme itself",
    ),
    (_set(0, 2, kind="sida"), "local.yaml[0].additions[2].kind: expected one of programme"),
    (_set(0, 2, title=""), "local.yaml[0].additions[2].title: the text is missing"),
    (_set(0, 2, colour="blå"), "local.yaml[0].additions[2]: unknown key colour"),
    (
        _set(0, 2, contact="Ring 19121212-1212"),
        "local.yaml[0].additions[2].contact: This looks like a personal identity number",
    ),
    (_set(0, 2, link="inte en adress"), "local.yaml[0].additions[2].link: "),
    (
        _set(1, 0, programme="finns-inte"),
        "local.yaml[1].additions[0].programme: unknown programme finns-inte",
    ),
    (
        lambda data: data[1].update(organisation="Jönköpings län"),
        "local.yaml[1].organisation: Jönköpings län is a county, which has no local view",
    ),
    (
        lambda data: data[1].update(organisation="Ingen sådan kommun"),
        "local.yaml[1].organisation: no organisation Ingen sådan kommun",
    ),
    (
        lambda data: data[1]["additions"].append(copy.deepcopy(data[1]["additions"][0])),
        "local.yaml[1].additions[6].title: Jönköpings kommun has this addition twice (also at "
        "local.yaml[1].additions[0])",
    ),
]


@pytest.mark.parametrize(("change", "message"), BROKEN)
def test_a_broken_file_names_the_place_and_changes_nothing(change, message):
    before = snapshot()

    with pytest.raises(ContentFileError) as error:
        local_additions_load(data=_broken(change))

    assert message in str(error.value)
    assert snapshot() == before
    assert not LocalAddition.objects.filter(title="Ny lokal text som inte får sparas").exists()


def test_load_initial_data_refuses_a_broken_local_file_as_a_whole(tmp_path, settings):
    fixtures = tmp_path / "fixtures"
    (fixtures / "programmes").mkdir(parents=True)
    for name in ("care_levels.yaml", "taxonomy.yaml", "organisations.yaml"):
        shutil.copy(fixtures_dir() / name, fixtures / name)
    data = _broken(_set(0, 4, step="finns-inte"))
    (fixtures / "local.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    settings.BASE_DIR = tmp_path
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("load_initial_data", "--no-admin", verbosity=0)

    assert "Nothing was loaded" in str(error.value)
    assert "local.yaml[0].additions[4].step" in str(error.value)
    assert snapshot() == before


# Demo logins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "organisation"),
    [
        ("lokalredaktor", "vip-demo-lokalredaktor", REGION),
        ("lokalkommun", "vip-demo-lokalkommun", MUNICIPALITY),
    ],
)
def test_the_demo_local_editors_write_for_their_own_organisation(username, password, organisation):
    demo_users_load()
    user = get_user_model().objects.get(username=username)

    assert user.check_password(password)
    assert not user.is_staff and not user.is_superuser
    assert list(Membership.objects.filter(user=user).values_list("organisation__name", "role")) == [
        (organisation, Role.LOCAL_EDITOR)
    ]
