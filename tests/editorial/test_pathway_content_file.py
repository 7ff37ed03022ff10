"""Care pathways in the programme file: imported in place with their steps and versions for
a setting, refused with the place named, and written back byte for byte
(`content_file/pathway_loading.py`, `exporting.py`, `programme.schema.json`)."""

import datetime

import pytest
from django.utils import translation

from programmes.editorial.content_file import (
    ContentFileError,
    dump_yaml,
    programme_import_outcome,
)
from programmes.editorial.content_file import format as file_format
from programmes.editorial.drafts import draft_save
from programmes.editorial.models import Action, Draft
from programmes.editorial.snapshots import snapshot
from programmes.models import RESERVED_SLUGS, Indicator, Pathway, PathwayStep, Principal, Programme
from tests.editorial.content_files import (
    SCHEMA,
    SLUGS,
    TARGET,
    content_snapshot,
    exported,
    import_file,
    schema_errors,
    small_file,
)
from tests.factories import make_county, make_plan, make_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

NATIONAL = "adhd-forlopp"
VERSION = "adhd-forlopp-primarvard"


def text(sv: str, en: str) -> dict:
    return {"sv": sv, "en": en}


def pathway_file() -> dict:
    """The cut-down ADHD file with a national pathway of two steps, a primary-care
    version of it, and an indicator that follows the national pathway up."""
    data = small_file()
    first, second = (node["slug"] for node in data["sections"][1]["children"][:2])
    data["pathways"] = [
        {
            "slug": NATIONAL,
            "title": text("Vårdförlopp vid ADHD", "Care pathway for ADHD"),
            "summary": text("Från oro till uppföljning.", "From concern to follow-up."),
            "body": text("<p>Förloppet i <strong>två</strong> steg.</p>", "<p>Two steps.</p>"),
            "published": True,
            "steps": [
                {
                    "slug": "forsta-kontakt",
                    "title": text("Första kontakt", "First contact"),
                    "summary": text("Oron tas på allvar.", "The concern is taken seriously."),
                    "body": text("<p>Ett första samtal.</p>", "<p>A first talk.</p>"),
                    "levels": ["elevhalsa", "vardcentral"],
                    "principal": "region",
                    "time_goal": text("Inom 14 dagar från remiss", "Within 14 days of referral"),
                    "time_goal_days": 14,
                    "entry_criteria": text("Oro för ADHD.", "A concern about ADHD."),
                    "exit_criteria": text("Beslut om utredning.", "A decision on assessment."),
                    "interventions": [first],
                    "patient_contact": text("En namngiven kontakt.", "A named contact."),
                    "patient_plan": text("Vi planerar tillsammans.", "We plan together."),
                    "patient_next": text("Du får veta nästa steg.", "You hear what is next."),
                    "published": True,
                },
                {
                    "slug": "utredning",
                    "title": text("Utredning", "Assessment"),
                    "summary": text("En samlad utredning.", "A comprehensive assessment."),
                    "levels": ["bup"],
                    "principal": "joint",
                    "interventions": [first, second],
                    "published": False,
                },
            ],
        },
        {
            "slug": VERSION,
            "national": NATIONAL,
            "setting": "primarvard",
            "title": text("Vårdförlopp vid ADHD i primärvården", "ADHD pathway in primary care"),
            "published": True,
            "steps": [
                {
                    "slug": "forsta-kontakt",
                    "national_step": "forsta-kontakt",
                    "title": text("Första kontakt på vårdcentralen", "First contact"),
                    "summary": text("Kort: ta oron på allvar.", "In short: listen."),
                    "levels": ["vardcentral"],
                    "published": True,
                }
            ],
        },
    ]
    data["indicators"][0]["pathway"] = NATIONAL
    return data


def imported(data: dict):
    import_file(dump_yaml(data).encode())
    return Pathway.objects.get(programme__slug=TARGET, slug=NATIONAL)


# Importing -------------------------------------------------------------------------------


def test_a_file_with_pathways_is_imported_with_steps_versions_and_links():
    data = pathway_file()
    first, second = (node["slug"] for node in data["sections"][1]["children"][:2])

    national = imported(data)

    version = Pathway.objects.get(programme__slug=TARGET, slug=VERSION)
    steps = list(national.steps.order_by("position"))
    assert [step.slug for step in steps] == ["forsta-kontakt", "utredning"]
    assert (national.national, national.setting, national.position) == (None, None, 0)
    assert (version.national, version.setting.slug, version.position) == (national, "primarvard", 1)
    contact = steps[0]
    assert contact.principal == Principal.REGION and contact.time_goal_days == 14
    assert contact.time_goal_sv == "Inom 14 dagar från remiss"
    assert contact.patient_contact_en == "A named contact."
    assert sorted(level.slug for level in contact.care_levels.all()) == ["elevhalsa", "vardcentral"]
    assert [node.slug for node in steps[1].interventions.order_by("path")] == [first, second]
    assert not steps[1].published and contact.published
    assert version.steps.get().national_step == contact
    assert Indicator.objects.get(slug=data["indicators"][0]["slug"]).pathway == national
    assert exported(TARGET)["pathways"] == data["pathways"]


def test_a_pathway_or_step_without_flags_is_published_and_placed_in_file_order():
    data = pathway_file()
    for pathway in data["pathways"]:
        del pathway["published"]
        for step in pathway["steps"]:
            del step["published"]

    national = imported(data)

    assert national.published and set(national.steps.values_list("published", flat=True)) == {True}
    assert list(Pathway.objects.filter(programme__slug=TARGET).values_list("slug", "position")) == [
        (NATIONAL, 0),
        (VERSION, 1),
    ]


def test_a_version_for_a_setting_may_come_before_its_national_pathway_in_the_file():
    data = pathway_file()
    data["pathways"].reverse()

    national = imported(data)

    version = Pathway.objects.get(programme__slug=TARGET, slug=VERSION)
    assert version.national == national
    assert (version.position, national.position) == (0, 1)
    assert [entry["slug"] for entry in exported(TARGET)["pathways"]] == [VERSION, NATIONAL]


def test_a_reimport_keeps_ids_deletes_what_is_gone_and_records_every_change():
    national = imported(pathway_file())
    contact, assessment = national.steps.order_by("position")
    data = pathway_file()
    steps = data["pathways"][0]["steps"]
    steps[0]["title"]["sv"] = "Första kontakten"
    del steps[1]  # the assessment goes
    steps.append(
        {
            "slug": "uppfoljning",
            "title": text("Uppföljning", "Follow-up"),
            "summary": text("Hur det gick.", "How it went."),
        }
    )

    again = imported(data)

    assert again.pk == national.pk
    kept, new = again.steps.order_by("position")
    assert kept.pk == contact.pk and kept.title_sv == "Första kontakten"
    assert new.slug == "uppfoljning" and new.position == 1
    assert not PathwayStep.objects.filter(pk=assessment.pk).exists()
    last = PathwayStep.history.filter(id=contact.pk).first()
    assert (last.action, last.changed_fields) == (Action.IMPORTED, ["title_sv"])
    assert PathwayStep.history.filter(id=assessment.pk, action=Action.DELETED).exists()
    assert PathwayStep.history.filter(id=new.pk, action=Action.IMPORTED).exists()
    # An unchanged pathway gets no revision of its own from the import.
    assert Pathway.history.filter(id=national.pk).count() == 1


def test_a_reimport_leaves_unchanged_content_with_its_dates_and_edit_versions():
    """So that a page's "updated" date, an editor's open form and a local addition's review
    all see only real changes; a node that moves in the tree still gets its new place."""
    data = pathway_file()
    national = imported(data)
    programme = national.programme
    nodes = {node.pk: (node.updated_at, node.lock_version) for node in programme.nodes.all()}
    steps = {step.pk: (step.updated_at, step.lock_version) for step in national.steps.all()}
    moved = data["sections"][1]["children"].pop(0)
    data["sections"][1]["children"].append(moved)
    changed_step = data["pathways"][0]["steps"][0]
    changed_step["summary"]["sv"] = "Ny sammanfattning."

    imported(data)

    after = {node.pk: node for node in programme.nodes.all()}
    assert all(
        (after[pk].updated_at, after[pk].lock_version) == before for pk, before in nodes.items()
    )
    assert after[programme.nodes.get(slug=moved["slug"]).pk].path.endswith(
        f"{len(data['sections'][1]['children']):04d}"
    )
    for step in national.steps.all():
        if step.slug == changed_step["slug"]:
            assert step.updated_at > steps[step.pk][0]
            assert step.lock_version == steps[step.pk][1] + 1
        else:
            assert (step.updated_at, step.lock_version) == steps[step.pk]
    assert exported(TARGET)["sections"] == data["sections"]


def test_an_import_discards_waiting_drafts_of_pathways_and_steps_and_says_so():
    national = imported(pathway_file())
    step = national.steps.get(slug="forsta-kontakt")
    draft_save(obj=national, data=snapshot(national) | {"title_sv": "Utkast"}, user=None)
    draft_save(obj=step, data=snapshot(step) | {"title_sv": "Utkast"}, user=None)

    outcome = programme_import_outcome(data=pathway_file(), source="adhd.yaml")

    assert {str(national), str(step)} <= set(outcome.drafts_discarded)
    assert not Draft.objects.filter(object_id__in=[national.pk, step.pk]).exists()
    rows = {str(row["kind"]): row for row in outcome.rows()}
    assert rows["care pathways"]["unchanged"] == 2
    assert rows["pathway steps"]["unchanged"] == 3


def test_the_outcome_of_a_first_import_counts_the_pathways_and_steps_it_created():
    Pathway.objects.filter(programme__slug=TARGET).delete()

    outcome = programme_import_outcome(data=pathway_file(), source="adhd.yaml")

    rows = {str(row["kind"]): row for row in outcome.rows()}
    assert (rows["care pathways"]["created"], rows["pathway steps"]["created"]) == (2, 3)


def test_a_file_without_a_pathway_that_a_gap_analysis_uses_is_refused():
    from implementation.models import GapAnalysis

    national = imported(pathway_file())
    plan = make_plan(make_region(make_county()))
    GapAnalysis.objects.create(
        plan=plan,
        programme=national.programme,
        pathway=national,
        care_level=national.steps.first().care_levels.first(),
        made_on=datetime.date.today(),
    )
    data = pathway_file()
    data["pathways"] = []
    data["indicators"][0].pop("pathway")
    before = content_snapshot()

    with pytest.raises(ContentFileError) as error:
        import_file(dump_yaml(data).encode())

    assert "pathways: " in str(error.value) and "cannot be deleted" in str(error.value)
    assert content_snapshot() == before


# Broken files ----------------------------------------------------------------------------

PATHWAY = f"pathways[0] ({NATIONAL})"
STEP = f"{PATHWAY}.steps[1] (utredning)"
VERSION_AT = f"pathways[1] ({VERSION})"


def unknown_intervention(data):
    data["pathways"][0]["steps"][1]["interventions"].append("finns-inte")
    return f"{STEP}.interventions: unknown intervention finns-inte (known: "


def a_page_as_intervention(data):
    page = data["sections"][0]["children"][0]["slug"]
    data["pathways"][0]["steps"][1]["interventions"] = [page]
    return f"{STEP}.interventions: {page} is a page (sections[0] "


def unknown_level(data):
    data["pathways"][0]["steps"][1]["levels"] = ["bup", "trollskogen"]
    return f"{STEP}.levels: unknown care level trollskogen (known: "


def unknown_setting(data):
    data["pathways"][1]["setting"] = "trollskogen"
    return f"{VERSION_AT}.setting: unknown care level trollskogen"


def unknown_national(data):
    data["pathways"][1]["national"] = "finns-inte"
    return (
        f"{VERSION_AT}.national: unknown national pathway finns-inte "
        f"(the national pathways of the file: {NATIONAL})"
    )


def national_is_a_version(data):
    third = {**data["pathways"][1], "slug": "tredje", "national": VERSION, "steps": []}
    data["pathways"].append(third)
    return (
        f"pathways[2] (tredje).national: {VERSION} is a version for a setting "
        f"({VERSION_AT}), not a national pathway"
    )


def national_step_not_in_the_national_pathway(data):
    data["pathways"][1]["steps"][0]["national_step"] = "behandling"
    return (
        f"{VERSION_AT}.steps[0] (forsta-kontakt).national_step: no step behandling in the "
        f"national pathway {NATIONAL} (its steps: forsta-kontakt, utredning)"
    )


def national_step_in_a_national_pathway(data):
    data["pathways"][0]["steps"][1]["national_step"] = "forsta-kontakt"
    return f"{STEP}.national_step: only a step of a version for a setting names a national step"


def setting_without_national(data):
    del data["pathways"][1]["national"]
    return (
        f"{VERSION_AT}.national: A version for a setting names both the national pathway "
        "and the setting."
    )


def duplicate_pathway_slug(data):
    data["pathways"][1]["slug"] = NATIONAL
    return (
        f"pathways[1] ({NATIONAL}).slug: {NATIONAL} is already the slug of {PATHWAY}; "
        "pathway slugs are unique within a programme"
    )


def duplicate_step_slug(data):
    data["pathways"][0]["steps"][1]["slug"] = "forsta-kontakt"
    return (
        f"{PATHWAY}.steps[1] (forsta-kontakt).slug: forsta-kontakt is already the slug of "
        f"{PATHWAY}.steps[0] (forsta-kontakt); step slugs are unique within a pathway"
    )


def reserved_pathway_slug(data):
    data["pathways"][0]["slug"] = "vardforlopp"
    return "pathways[0] (vardforlopp).slug: This word is used by the portal's own URLs."


def step_without_summary(data):
    del data["pathways"][0]["steps"][1]["summary"]
    return f"{STEP}.summary: expected a text in Swedish and English"


def step_with_an_unknown_key(data):
    data["pathways"][0]["steps"][1]["tidsmal"] = 3
    return f"{STEP}: unknown key tidsmal; a pathway step can have slug, national_step, title"


def unknown_principal(data):
    data["pathways"][0]["steps"][1]["principal"] = "staten"
    return f"{STEP}.principal: expected one of region, municipality, joint; not staten"


def time_goal_in_words_as_days(data):
    data["pathways"][0]["steps"][1]["time_goal_days"] = "två veckor"
    return f"{STEP}.time_goal_days: expected a whole number from 0 to 32767"


def steps_not_a_list(data):
    data["pathways"][0]["steps"] = {"slug": "ett"}
    return f"{PATHWAY}.steps: expected a list of steps, not a mapping"


def indicator_of_an_unknown_pathway(data):
    indicator = data["indicators"][0]
    indicator["pathway"] = "finns-inte"
    return (
        f"indicators[0] ({indicator['slug']}).pathway: unknown care pathway finns-inte "
        f"(known: {NATIONAL}, {VERSION})"
    )


BROKEN = [
    unknown_intervention,
    a_page_as_intervention,
    unknown_level,
    unknown_setting,
    unknown_national,
    national_is_a_version,
    national_step_not_in_the_national_pathway,
    national_step_in_a_national_pathway,
    setting_without_national,
    duplicate_pathway_slug,
    duplicate_step_slug,
    reserved_pathway_slug,
    step_without_summary,
    step_with_an_unknown_key,
    unknown_principal,
    time_goal_in_words_as_days,
    steps_not_a_list,
    indicator_of_an_unknown_pathway,
]


@pytest.mark.parametrize("breakage", BROKEN, ids=lambda function: function.__name__)
def test_a_broken_pathway_is_refused_with_its_place_and_changes_nothing(breakage):
    imported(pathway_file())
    data = pathway_file()
    expected = breakage(data)
    before = content_snapshot()

    with pytest.raises(ContentFileError) as error:
        import_file(dump_yaml(data).encode())

    assert str(error.value).startswith(f"{TARGET}.yaml: ")
    assert expected in str(error.value)
    assert content_snapshot() == before


def test_a_refused_pathway_is_explained_in_swedish():
    data = pathway_file()
    unknown_intervention(data)

    with translation.override("sv"), pytest.raises(ContentFileError) as error:
        import_file(dump_yaml(data).encode())

    assert f"{STEP}.interventions: okänd insats finns-inte" in str(error.value)


# Export and round trip -------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_export_import_export_gives_the_same_file_byte_for_byte(slug):
    first = dump_yaml(exported(slug))

    import_file(first.encode(), f"{slug}.yaml")

    assert dump_yaml(exported(slug)) == first


def test_a_pathway_file_round_trips_byte_for_byte_whatever_the_positions():
    national = imported(pathway_file())
    Pathway.objects.filter(pk=national.pk).update(position=7)
    Pathway.objects.filter(slug=VERSION).update(position=0)
    national.steps.filter(slug="forsta-kontakt").update(position=5)  # after the assessment
    first = dump_yaml(exported(TARGET))

    import_file(first.encode())

    assert dump_yaml(exported(TARGET)) == first
    pathways = exported(TARGET)["pathways"]
    assert [(entry["slug"], entry.get("position")) for entry in pathways] == [
        (VERSION, None),
        (NATIONAL, 7),
    ]
    assert [step["slug"] for step in pathways[1]["steps"]] == ["utredning", "forsta-kontakt"]


def test_every_demo_pathway_follows_the_schema_and_exports_in_its_order():
    for slug in SLUGS:
        data = exported(slug)
        assert schema_errors(data) == [], slug
        programme = Programme.objects.get(slug=slug)
        assert [entry["slug"] for entry in data.get("pathways", [])] == list(
            programme.pathways.order_by("position", "slug").values_list("slug", flat=True)
        )


def test_the_schema_describes_pathways_as_the_import_reads_them():
    definitions = SCHEMA["$defs"]
    assert list(definitions["pathway"]["properties"]) == list(file_format.PATHWAY_KEYS)
    assert list(definitions["step"]["properties"]) == list(file_format.STEP_KEYS)
    assert definitions["step"]["properties"]["principal"]["enum"] == Principal.values
    assert list(SCHEMA["properties"]).index("pathways") == (
        list(SCHEMA["properties"]).index("sections") + 1
    )
    assert "pathway" in definitions["indicator"]["properties"]
    for entry in ("node", "pathway"):
        reserved = definitions[entry]["properties"]["slug"]["allOf"][1]["not"]["enum"]
        assert set(reserved) == RESERVED_SLUGS, entry
