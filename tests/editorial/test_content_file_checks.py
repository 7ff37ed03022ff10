"""A broken programme file is refused as a whole, with a message naming the place in it,
and changes nothing (`content_file/structure.py`, `importing.py`)."""

import copy
import datetime
import string

import pytest
from django.db import transaction
from django.utils import translation

from programmes.editorial.content_file import (
    ContentFileError,
    dump_yaml,
    programme_export,
    programme_import,
)
from programmes.models import (
    CaseVignette,
    Material,
    Programme,
)
from tests.editorial.content_files import (
    TARGET,
    content_snapshot,
    import_file,
    row_counts,
    schema_errors,
    small_file,
)

# The messages are checked in English, the language they are written in; that they come
# out in Swedish is test_a_refused_file_is_explained_in_swedish.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


# Broken files ----------------------------------------------------------------------------


def first_page(data) -> tuple[dict, str]:
    section, page = data["sections"][0], data["sections"][0]["children"][0]
    return page, f"sections[0] ({section['slug']}).children[0] ({page['slug']})"


def first_intervention(data) -> tuple[dict, str]:
    section, node = data["sections"][1], data["sections"][1]["children"][0]
    return node, f"sections[1] ({section['slug']}).children[0] ({node['slug']})"


def unknown_level(data):
    node, place = first_intervention(data)
    node["levels"] = [*node["levels"], "finns-inte"]
    return f"{place}.levels: unknown care level finns-inte"


def unknown_profession(data):
    node, place = first_intervention(data)
    node["professions"] = ["trollkarl"]
    return f"{place}.professions: unknown profession trollkarl"


def english_missing(data):
    node, place = first_intervention(data)
    del node["title"]["en"]
    return f"{place}.title: the English text is missing"


def english_blank_in_a_responsibility(data):
    entry = data["level_responsibilities"][1]
    entry["responsibility"]["en"] = "  "
    return "level_responsibilities[1].responsibility: the English text is missing"


def swedish_missing(data):
    indicator = data["indicators"][0]
    del indicator["name"]["sv"]
    return f"indicators[0] ({indicator['slug']}).name: the Swedish text is missing"


def programme_name_without_english(data):
    data["name"] = {"sv": "ADHD"}
    return f"{TARGET}.yaml: name: the English text is missing"


def duplicate_node_slug(data):
    page, page_place = first_page(data)
    node, place = first_intervention(data)
    node["slug"] = page["slug"]
    place = place.rsplit(" (", 1)[0] + f" ({page['slug']})"
    return f"{place}.slug: {page['slug']} is already the slug of {page_place}"


def duplicate_vignette_slug(data):
    first, second = data["vignettes"][:2]
    second["slug"] = first["slug"]
    return f"vignettes[1].slug: {first['slug']} is already the slug of vignettes[0]"


def vignette_slug_of_another_programme(data):
    other = CaseVignette.objects.exclude(programme__slug=TARGET).select_related("programme")[0]
    data["vignettes"][0]["slug"] = other.slug
    return (
        f"vignettes[0].slug: {other.slug} is already used by a case vignette of the "
        f"programme {other.programme} ({other.programme.slug})"
    )


def material_slug_of_another_programme(data):
    other = Material.objects.exclude(programme__slug=TARGET)[0]
    data["materials"][-1]["slug"] = other.slug
    return f"materials[{len(data['materials']) - 1}].slug: {other.slug} is already used"


def orphan_vignette_reference(data):
    vignette = data["vignettes"][0]
    vignette["interventions"] = [*vignette.get("interventions", []), "finns-inte"]
    return (
        f"vignettes[0] ({vignette['slug']}).interventions: no intervention finns-inte "
        "in this file's tree"
    )


def vignette_links_a_page(data):
    page, place = first_page(data)
    vignette = data["vignettes"][0]
    vignette["interventions"] = [page["slug"]]
    return f"interventions: {page['slug']} is a page ({place}), not an intervention"


def parent_key(data):
    node, place = first_intervention(data)
    node["parent"] = data["sections"][0]["slug"]
    return f"{place}.parent: nodes do not name their parent: the tree is nested"


def unknown_key(data):
    section = data["sections"][0]
    section["chidren"] = section.pop("children")
    return (
        f"sections[0] ({section['slug']}): unknown key chidren; "
        "a section can have slug, kind, audience"
    )


def intervention_field_on_a_page(data):
    page, place = first_page(data)
    page["priority"] = 3
    return f"{place}: priority: only an intervention has these"


def list_where_a_mapping_belongs(data):
    node, place = first_intervention(data)
    node["title"] = ["ADHD", "ADHD"]
    return f"{place}.title: expected a text in Swedish and English"


def mapping_where_a_list_belongs(data):
    section = data["sections"][0]
    section["children"] = {"slug": "sida"}
    return f"sections[0] ({section['slug']}).children: expected a list of pages and interventions"


def text_where_a_list_belongs(data):
    node, place = first_intervention(data)
    node["levels"] = "vardcentral"
    return f"{place}.levels: expected a list of slugs, not a text"


def number_where_a_text_belongs(data):
    node, place = first_intervention(data)
    node["summary"] = {"sv": 12, "en": "Twelve"}
    return f"{place}.summary.sv: expected a text"


def text_where_a_flag_belongs(data):
    data["materials"][0]["published"] = "ja"
    return f"materials[0] ({data['materials'][0]['slug']}).published: expected true or false"


def as_priority(node: dict, data: dict, rank) -> dict:
    """`node` made a recommendation with a priority (`rank`) in the file's guideline."""
    node.pop("recommendation_reason", None)
    node.update(
        recommendation="priority",
        guideline=data["guidelines"][0]["slug"],
        condition={"sv": "ADHD", "en": "ADHD"},
        priority=rank,
    )
    return node


def priority_out_of_range(data):
    node, place = first_intervention(data)
    as_priority(node, data, 11)
    return f"{place}.priority: expected a whole number from 1 to 10"


def recommendation_missing(data):
    node, place = first_intervention(data)
    node.pop("recommendation")
    return (
        f"{place}.recommendation: say what the national guidelines recommend: "
        "one of priority, fou, icke-gora, none"
    )


def unknown_recommendation(data):
    node, place = first_intervention(data)
    node["recommendation"] = "bor-erbjudas"
    return f"{place}.recommendation: expected one of priority, fou, icke-gora, none"


def rank_of_a_fou(data):
    node, place = first_intervention(data)
    as_priority(node, data, 3)["recommendation"] = "fou"
    return f"{place}.priority: Only a recommendation with a priority has a rank."


def priority_without_a_rank(data):
    node, place = first_intervention(data)
    as_priority(node, data, 3).pop("priority")
    return f"{place}.priority: Give the priority (1–10) the guideline gives."


def priority_without_a_condition(data):
    node, place = first_intervention(data)
    as_priority(node, data, 3).pop("condition")
    return f"{place}.condition: Name the condition the recommendation is for."


def icke_gora_without_a_guideline(data):
    node, place = first_intervention(data)
    node = as_priority(node, data, None)
    node.pop("guideline")
    node["recommendation"] = "icke-gora"
    return f"{place}.guideline: Name the national guideline that gives the recommendation."


def none_with_a_guideline(data):
    node, place = first_intervention(data)
    node["recommendation"] = "none"
    node["recommendation_reason"] = {"sv": "Saknas.", "en": "None."}
    node["guideline"] = data["guidelines"][0]["slug"]
    return f"{place}.guideline: Without a national recommendation there is no guideline."


def reason_beside_a_priority(data):
    node, place = first_intervention(data)
    as_priority(node, data, 3)["recommendation_reason"] = {"sv": "Gammal.", "en": "Old."}
    return (
        f"{place}.recommendation_reason: Only an intervention without a national "
        "recommendation has a reason for it."
    )


def unknown_guideline(data):
    node, place = first_intervention(data)
    as_priority(node, data, 3)["guideline"] = "finns-inte"
    return f"{place}.guideline: unknown national guideline finns-inte"


def guideline_without_a_year(data):
    guideline = data["guidelines"][0]
    guideline.pop("year")
    return (
        f"guidelines[0] ({guideline['slug']}).year: expected a whole number from 1900 to "
        "2100, not nothing"
    )


def guideline_slug_twice(data):
    data["guidelines"].append(dict(data["guidelines"][0]))
    slug = data["guidelines"][0]["slug"]
    return f"guidelines[1].slug: {slug} is already the slug of guidelines[0]"


def malformed_icd10_codes(data):
    data["icd10_codes"] = "F90, ADHD"
    return "icd10_codes: “ADHD” is not an ICD-10 code or range, such as F90 or F32–F33."


def recommendation_on_a_page(data):
    page, place = first_page(data)
    page["recommendation"] = "none"
    return f"{place}: recommendation: only an intervention has these"


def oversized_title(data):
    node, place = first_intervention(data)
    node["title"]["sv"] = "x" * 201
    return f"{place}.title.sv: "


def oversized_indicator_target(data):
    indicator = data["indicators"][0]
    indicator["target"] = {"sv": "y" * 201, "en": "y"}
    return f"indicators[0] ({indicator['slug']}).target.sv: "


def reserved_slug(data):
    page, place = first_page(data)
    page["slug"] = "sammanfattning"
    return ".slug: "


def page_at_the_top(data):
    page, _place = first_page(data)
    data["sections"].append(copy.deepcopy(page) | {"slug": "overst"})
    return f"sections[{len(data['sections']) - 1}] (overst).kind: only sections sit at the top"


def unknown_status(data):
    data["status"] = "klar"
    return "status: expected one of utkast, remiss, test, faststalld, oversyn, arkiverad; not klar"


BROKEN_DATA = [
    unknown_level,
    unknown_profession,
    english_missing,
    english_blank_in_a_responsibility,
    swedish_missing,
    programme_name_without_english,
    duplicate_node_slug,
    duplicate_vignette_slug,
    vignette_slug_of_another_programme,
    material_slug_of_another_programme,
    orphan_vignette_reference,
    vignette_links_a_page,
    parent_key,
    unknown_key,
    intervention_field_on_a_page,
    list_where_a_mapping_belongs,
    mapping_where_a_list_belongs,
    text_where_a_list_belongs,
    number_where_a_text_belongs,
    text_where_a_flag_belongs,
    priority_out_of_range,
    recommendation_missing,
    unknown_recommendation,
    rank_of_a_fou,
    priority_without_a_rank,
    priority_without_a_condition,
    icke_gora_without_a_guideline,
    none_with_a_guideline,
    reason_beside_a_priority,
    unknown_guideline,
    guideline_without_a_year,
    guideline_slug_twice,
    malformed_icd10_codes,
    recommendation_on_a_page,
    oversized_title,
    oversized_indicator_target,
    reserved_slug,
    page_at_the_top,
    unknown_status,
]


@pytest.mark.parametrize("breakage", BROKEN_DATA, ids=lambda function: function.__name__)
def test_a_broken_file_for_an_existing_programme_is_refused_and_changes_nothing(breakage):
    data = small_file()
    expected = breakage(data)
    text = dump_yaml(data)
    before = content_snapshot()

    with pytest.raises(ContentFileError) as error:
        import_file(text.encode())

    assert f"{TARGET}.yaml: " in str(error.value)
    assert expected in str(error.value)
    assert content_snapshot() == before
    assert Programme.objects.get(slug=TARGET).published


@pytest.mark.parametrize(
    "breakage",
    [
        unknown_key,
        duplicate_node_slug,
        vignette_slug_of_another_programme,
        oversized_indicator_target,
    ],
    ids=lambda function: function.__name__,
)
def test_a_broken_file_for_a_new_programme_leaves_nothing_behind(breakage):
    data = small_file()
    breakage(data)
    data["slug"] = "ny-programfil"
    for key in ("vignettes", "indicators", "materials"):
        for entry in data[key]:
            if not entry["slug"].startswith(TARGET):
                continue
            entry["slug"] = entry["slug"].replace(TARGET, "ny", 1)
    before = content_snapshot()

    with pytest.raises(ContentFileError):
        import_file(dump_yaml(data))

    assert content_snapshot() == before
    assert not Programme.objects.filter(slug="ny-programfil").exists()


SMALL_FILE = f"""
slug: {TARGET}
name: {{sv: ADHD, en: ADHD}}
summary: {{sv: Kort., en: Short.}}
"""


def test_bad_yaml_syntax_names_the_line_and_column():
    before = content_snapshot()

    with pytest.raises(ContentFileError) as error:
        import_file(SMALL_FILE + "sections: [\n  - slug: a\n    title: {sv: A\n")

    assert str(error.value).startswith(f"{TARGET}.yaml: line ")
    assert "column" in str(error.value)
    assert "is not valid YAML" in str(error.value)
    assert content_snapshot() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- slug: adhd\n", "expected a programme (a mapping with slug, name, sections …)"),
        ("just a sentence\n", "not a text"),
        ("", "the file is empty"),
        ("[" * 5_000, "nested too deeply"),
    ],
    ids=["a list", "a text", "empty", "deeply nested"],
)
def test_a_file_that_is_not_a_programme_mapping_is_refused(content, expected):
    before = content_snapshot()

    with pytest.raises(ContentFileError, match="adhd.yaml: ") as error:
        import_file(content)

    assert expected in str(error.value)
    assert content_snapshot() == before


def test_a_file_that_is_not_utf8_is_refused():
    content = (SMALL_FILE.replace("Kort.", "Kort på svenska.")).encode("latin-1")
    before = content_snapshot()

    with pytest.raises(ContentFileError, match=r"adhd.yaml: not UTF-8 text \(byte \d+"):
        import_file(content)

    assert content_snapshot() == before


def test_a_file_over_5_mb_is_refused():
    content = SMALL_FILE + "#" * (5 * 1024 * 1024)
    before = content_snapshot()

    with pytest.raises(ContentFileError, match="adhd.yaml: the file is larger than 5 MB"):
        import_file(content.encode())

    assert content_snapshot() == before


CYCLE = (
    SMALL_FILE
    + """
sections:
  - &loop
    slug: a
    kind: section
    title: {sv: A, en: A}
    children: [*loop]
"""
)

TWICE = (
    SMALL_FILE
    + """
sections:
  - slug: a
    kind: section
    title: {sv: A, en: A}
    children:
      - &page {slug: sida, kind: page, title: {sv: Sida, en: Page}}
  - slug: b
    kind: section
    title: {sv: B, en: B}
    children: [*page]
"""
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (CYCLE, "sections[0] (a).children[0]: this node is inside itself (a cycle)"),
        (
            TWICE,
            "sections[1] (b).children[0]: this node appears twice in the tree "
            "(also at sections[0] (a).children[0] (sida))",
        ),
    ],
    ids=["inside itself", "twice"],
)
def test_a_node_repeated_by_a_yaml_alias_is_refused(content, expected):
    before = content_snapshot()

    with pytest.raises(ContentFileError) as error:
        import_file(content)

    assert f"adhd.yaml: {expected}" in str(error.value)
    assert content_snapshot() == before
    assert Programme.objects.get(slug=TARGET).published


def test_a_text_repeated_by_a_yaml_alias_is_fine():
    content = (
        SMALL_FILE.replace("name: {sv: ADHD, en: ADHD}", "name: &same {sv: ADHD, en: ADHD}")
        + "sections:\n  - {slug: a, kind: section, title: *same}\n"
    )

    programme = import_file(content)

    assert programme.nodes.get().title_en == "ADHD"


# Every value of a small file swapped for a value of the wrong type: never anything but
# ContentFileError, and never a half-imported programme.

FUZZ_FILE = {
    "slug": "prov",
    "name": {"sv": "Prov", "en": "Test"},
    "summary": {"sv": "Kort.", "en": "Short."},
    "status": "test",
    "version": "1.0",
    "icd10_codes": "F90, F32–F33",
    "next_review": datetime.date(2027, 1, 1),
    "published": True,
    "position": 9,
    "age_groups": ["vuxna"],
    "guidelines": [
        {
            "slug": "riktlinjen",
            "name": {"sv": "Riktlinjen", "en": "The guideline"},
            "issuer": "Socialstyrelsen",
            "year": 2020,
            "url": "https://example.org/riktlinjen",
        }
    ],
    "sections": [
        {
            "slug": "a",
            "kind": "section",
            "audience": "both",
            "published": True,
            "title": {"sv": "A", "en": "A"},
            "levels": ["vardcentral"],
            "children": [
                {
                    "slug": "b",
                    "kind": "intervention",
                    "audience": "staff",
                    "published": False,
                    "title": {"sv": "B", "en": "B"},
                    "recommendation": "priority",
                    "guideline": "riktlinjen",
                    "condition": {"sv": "Tillstånd", "en": "Condition"},
                    "priority": 2,
                    "levels": ["vardcentral"],
                    "professions": ["psykolog"],
                    "phases": ["akut"],
                    "severity": "mild",
                    "coordinated": False,
                }
            ],
        }
    ],
    "level_responsibilities": [
        {
            "level": "vardcentral",
            "tasks": ["assessment"],
            "responsibility": {"sv": "Bedömer.", "en": "Assesses."},
            "refer_to": ["bup"],
        }
    ],
    "vignettes": [
        {
            "slug": "prov-fall",
            "published": True,
            "title": {"sv": "Fall", "en": "Case"},
            "story": {"sv": "<p>Berättelse.</p>", "en": "<p>Story.</p>"},
            "questions": {"sv": ["Vad?"], "en": ["What?"]},
            "levels": ["vardcentral"],
            "interventions": ["b"],
        }
    ],
    "indicators": [
        {
            "slug": "prov-indikator",
            "kind": "process",
            "published": False,
            "name": {"sv": "Andel", "en": "Share"},
            "direction": "increase",
            "measure_kind": "rate",
        }
    ],
    "materials": [
        {
            "slug": "prov-material",
            "kind": "film",
            "audience": "staff",
            "published": True,
            "title": {"sv": "Film", "en": "Film"},
            "url": "https://example.org/film",
        }
    ],
}
WRONG_VALUES = [None, 7, [[]], {"x": [1]}]


def value_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from value_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from value_paths(item, (*path, index))


def test_the_small_file_for_the_wrong_types_imports_and_follows_the_schema():
    assert schema_errors(FUZZ_FILE) == []

    programme = programme_import(data=copy.deepcopy(FUZZ_FILE), source="prov.yaml")

    assert programme_export(programme=programme) == FUZZ_FILE


def test_a_value_of_the_wrong_type_anywhere_gives_a_content_file_error_only():
    before, before_rows = content_snapshot(), row_counts()
    refused = 0
    for path in list(value_paths(FUZZ_FILE))[1:]:
        for wrong in WRONG_VALUES:
            data = copy.deepcopy(FUZZ_FILE)
            target = data
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = wrong
            try:
                with transaction.atomic():
                    programme_import(data=data, source="prov.yaml")
                    transaction.set_rollback(True)  # what went through is not kept
            except ContentFileError as error:
                refused += 1
                assert str(error).startswith("prov.yaml: "), str(error)
                assert row_counts() == before_rows, (path, wrong)
    assert refused > 200
    assert content_snapshot() == before


@pytest.mark.parametrize("breakage", [english_missing, unknown_key, parent_key, oversized_title])
def test_the_schema_refuses_what_the_import_refuses_for_its_shape(breakage):
    data = small_file()
    breakage(data)

    assert schema_errors(data) != []


def test_slugs_with_capitals_or_spaces_are_refused():
    data = small_file()
    for bad in ("Stor-Bokstav", "med mellanslag", "slut-", "a_b"):
        data["sections"][0]["slug"] = bad
        with pytest.raises(ContentFileError, match="expected a slug of lower-case letters"):
            import_file(dump_yaml(data))


def test_a_refused_file_is_explained_in_swedish():
    """In the language of the page (needs the Swedish of .issue5-sv.po in the catalogue)."""
    untranslated, mistyped = small_file(), small_file()
    node, place = first_intervention(untranslated)
    del node["title"]["en"]
    first_intervention(mistyped)[0]["levels"] = "vardcentral"

    with translation.override("sv"):
        problems = []
        for data in (untranslated, mistyped):
            with pytest.raises(ContentFileError) as error:
                import_file(dump_yaml(data))
            problems.append(str(error.value))
        with pytest.raises(ContentFileError) as error:
            import_file(b"slug: [")
        problems.append(str(error.value))

    assert f"{place}.title: texten på engelska saknas" in problems[0]
    assert (
        f"{place}.levels: ska vara en lista med namn i webbadressen (slugs), inte en text"
        in (problems[1])
    )
    assert "är inte giltig YAML" in problems[2]


def test_the_message_shortens_a_long_value():
    data = small_file()
    data["status"] = string.ascii_lowercase * 10

    with pytest.raises(ContentFileError) as error:
        import_file(dump_yaml(data))

    assert len(str(error.value)) < 200
