"""A programme goes out as one YAML file and comes back the same; a broken file is refused
as a whole, with a message naming the place in it, and changes nothing."""

import copy
import datetime
import io
import json
import string

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from care_levels.models import ProgrammeLevel
from programmes import services
from programmes.content_files import ContentFileError, fixtures_dir, read_yaml
from programmes.exchange import dump_yaml, parse_programme_file, programme_export
from programmes.models import (
    Audience,
    CaseVignette,
    ContentNode,
    ContentState,
    Draft,
    Indicator,
    Material,
    Programme,
    Revision,
)
from programmes.revisions import revisions_of
from programmes.services import programme_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def messages_in_english():
    """The messages are checked here in English, the language they are written in; that
    they come out in Swedish is test_a_refused_file_is_explained_in_swedish."""
    with translation.override("en"):
        yield


FILES = sorted((fixtures_dir() / "programmes").glob("*.yaml"))
SLUGS = [path.stem for path in FILES]
SCHEMA = json.loads((fixtures_dir() / "programme.schema.json").read_text(encoding="utf-8"))
#: The demo programme the broken files pretend to replace.
TARGET = "adhd"


# Helpers ---------------------------------------------------------------------------------


def import_file(content, name: str = f"{TARGET}.yaml", **options) -> Programme:
    """What the admin upload and the import command do with a file."""
    return programme_import(data=parse_programme_file(content, name), source=name, **options)


def without_implementation_plans() -> None:
    """Implementation plans hold on to programmes and indicators (a deletion is refused
    while they do): out of the way for the tests that delete programmes on purpose."""
    from implementation.models import Plan

    Plan.objects.all().delete()


def exported(slug: str) -> dict:
    return programme_export(programme=Programme.objects.get(slug=slug))


def row_counts() -> list[int]:
    return [
        model.objects.count()
        for model in (Programme, ContentNode, CaseVignette, Indicator, Material, ProgrammeLevel)
    ]


CONTENT_TABLES = [
    Programme,
    Programme.age_groups.through,
    ContentNode,
    ContentNode.care_levels.through,
    ContentNode.professions.through,
    ContentNode.age_groups.through,
    ContentNode.phases.through,
    CaseVignette,
    CaseVignette.care_levels.through,
    CaseVignette.interventions.through,
    Indicator,
    Material,
    ProgrammeLevel,
    ProgrammeLevel.refer_to.through,
    Draft,
    Revision,
    ContentState,
]


def content_snapshot() -> dict:
    """Every row of every content table, every column: what a file must not change when
    it is refused (including drafts, history and the page cache's timestamp)."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values_list())
        for model in CONTENT_TABLES
    }


def node_tree(slug: str) -> list[tuple]:
    """The tree as a reader sees it: order, nesting, slugs, kinds and tags (not raw paths)."""
    nodes = list(
        ContentNode.objects.filter(programme__slug=slug)
        .order_by("path")
        .prefetch_related("care_levels", "professions", "age_groups", "phases")
    )
    slug_at = {node.path: node.slug for node in nodes}
    return [
        (
            node.depth,
            slug_at.get(node.path[: -ContentNode.steplen]),
            node.slug,
            node.kind,
            node.published,
            *(
                sorted(tag.slug for tag in getattr(node, name).all())
                for name in ("care_levels", "professions", "age_groups", "phases")
            ),
        )
        for node in nodes
    ]


def programme_counts(slug: str) -> dict:
    programme = Programme.objects.get(slug=slug)
    return {
        "nodes": programme.nodes.count(),
        "interventions": programme.nodes.filter(kind=ContentNode.Kind.INTERVENTION).count(),
        "vignettes": programme.vignettes.count(),
        "vignette links": CaseVignette.interventions.through.objects.filter(
            casevignette__programme=programme
        ).count(),
        "indicators": programme.indicators.count(),
        "materials": programme.materials.count(),
        "responsibilities": programme.level_responsibilities.count(),
    }


def as_json(value):
    """A programme file as JSON sees it: dates as ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def schema_errors(data) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(as_json(data))
    ]


# Round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_export_delete_import_gives_back_the_same_programme(slug):
    first = exported(slug)
    tree, counts = node_tree(slug), programme_counts(slug)
    text = dump_yaml(first)
    without_implementation_plans()
    Programme.objects.get(slug=slug).delete()

    import_file(text.encode(), f"{slug}.yaml")

    assert exported(slug) == first
    assert node_tree(slug) == tree
    assert programme_counts(slug) == counts


TAG_LISTS = {"age_groups", "levels", "professions", "phases", "refer_to", "interventions"}


def without_defaults(value, *, node=False):
    """A file without what it may leave to defaults (flags, position, a node's staff
    audience) and with its tags sorted: the database keeps tags as a set."""
    if isinstance(value, list):
        return [without_defaults(item, node=node) for item in value]
    if not isinstance(value, dict):
        return value
    value = {key: item for key, item in value.items() if key not in {"published", "position"}}
    if node and value.get("audience") == Audience.STAFF:
        del value["audience"]
    return {
        key: sorted(item)
        if key in TAG_LISTS
        else without_defaults(item, node=node or key == "sections")
        for key, item in value.items()
    }


@pytest.mark.parametrize("path", FILES, ids=SLUGS)
def test_the_export_says_what_the_demo_file_says(path):
    assert without_defaults(exported(path.stem)) == without_defaults(read_yaml(path))


def test_every_programme_comes_back_into_an_empty_database():
    files = {slug: dump_yaml(exported(slug)) for slug in SLUGS}
    trees = {slug: node_tree(slug) for slug in SLUGS}
    first = {slug: exported(slug) for slug in SLUGS}
    without_implementation_plans()
    Programme.objects.all().delete()
    Material.objects.all().delete()
    assert ContentNode.objects.count() == 0

    for slug, text in files.items():
        import_file(text, f"{slug}.yaml")

    assert {slug: exported(slug) for slug in SLUGS} == first
    assert {slug: node_tree(slug) for slug in SLUGS} == trees


def test_the_commands_export_to_a_file_and_import_it_back(tmp_path):
    first = exported(TARGET)
    tree = node_tree(TARGET)
    path = tmp_path / "utbyte.yaml"
    out = io.StringIO()

    call_command("export_programme", TARGET, "--output", str(path), stdout=out)
    assert f"({TARGET}) to {path}" in out.getvalue()
    Programme.objects.get(slug=TARGET).delete()
    out = io.StringIO()
    call_command("import_programme", str(path), stdout=out)

    assert exported(TARGET) == first
    assert node_tree(TARGET) == tree
    message = out.getvalue()
    assert message.startswith(f"Imported ADHD ({TARGET}): ")
    assert f"{programme_counts(TARGET)['interventions']} interventions" in message
    assert "Published." in message


def test_export_command_writes_to_standard_output_by_default():
    out = io.StringIO()

    call_command("export_programme", TARGET, stdout=out)

    assert out.getvalue().startswith("# VIP-portalen programme file")
    assert parse_programme_file(out.getvalue(), "stdout") == exported(TARGET)


def test_export_command_names_the_known_programmes_for_an_unknown_slug():
    with pytest.raises(CommandError) as error:
        call_command("export_programme", "finns-inte")

    assert "finns-inte" in str(error.value)
    for slug in SLUGS:
        assert slug in str(error.value)


def test_import_command_replaces_and_can_leave_the_programme_unpublished(tmp_path):
    path = tmp_path / f"{TARGET}.yaml"
    path.write_text(dump_yaml(exported(TARGET)), encoding="utf-8")
    out = io.StringIO()

    call_command("import_programme", str(path), "--unpublished", stdout=out)

    assert out.getvalue().startswith(f"Replaced ADHD ({TARGET})")
    assert "Not published" in out.getvalue()
    assert not Programme.objects.get(slug=TARGET).published


def test_import_command_refuses_a_broken_file_and_says_nothing_changed(tmp_path):
    data = exported(TARGET)
    data["sections"][0]["title"] = {"sv": "Bara svenska"}
    path = tmp_path / f"{TARGET}.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    before = content_snapshot()

    with pytest.raises(CommandError) as error:
        call_command("import_programme", str(path))

    message = str(error.value)
    assert f"{TARGET}.yaml: sections[0] (" in message
    assert "title: the English text is missing" in message
    assert message.endswith("Nothing was changed.")
    assert content_snapshot() == before


def test_import_command_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_programme", str(tmp_path / "finns-inte.yaml"))


# Replacing keeps identity and history -----------------------------------------------------


def test_a_reimport_keeps_every_objects_id_and_continues_its_history():
    programme = Programme.objects.get(slug=TARGET)
    objects = [
        programme,
        programme.nodes.filter(kind=ContentNode.Kind.INTERVENTION).first(),
        programme.vignettes.first(),
        programme.indicators.first(),
        programme.materials.first(),
        programme.level_responsibilities.first(),
    ]
    earlier = {obj: list(revisions_of(obj).values_list("pk", flat=True)) for obj in objects}
    assert all(earlier.values())
    data = exported(TARGET)
    node = objects[1]
    changed = next(
        entry
        for section in data["sections"]
        for entry in [section, *section.get("children", [])]
        if entry["slug"] == node.slug
    )
    changed["title"]["sv"] = "Ny rubrik från filen"

    import_file(dump_yaml(data))

    for obj in objects:
        again = type(obj).objects.get(pk=obj.pk)  # the same object, not a new one
        history = list(revisions_of(again).values_list("pk", flat=True))
        assert set(earlier[obj]) <= set(history), obj
    node_history = revisions_of(node)
    assert node_history.first().action == Revision.Action.IMPORTED
    assert node_history.first().changed_fields == ["title_sv"]
    # Objects the file left as they were get no new revision; the programme records the import.
    assert list(revisions_of(objects[3]).values_list("pk", flat=True)) == earlier[objects[3]]
    assert revisions_of(programme).first().action == Revision.Action.IMPORTED


def test_what_the_file_no_longer_has_is_deleted_with_a_revision_saying_so():
    data = exported(TARGET)
    material = data["materials"].pop()
    section = next(entry for entry in data["sections"] if entry.get("children"))
    page = section["children"].pop()
    ids = {
        "material": Material.objects.get(slug=material["slug"]).pk,
        "contentnode": ContentNode.objects.get(programme__slug=TARGET, slug=page["slug"]).pk,
    }

    import_file(dump_yaml(data))

    for model, pk in ids.items():
        assert Revision.objects.filter(
            content_type__model=model, object_id=pk, action=Revision.Action.DELETED
        ).exists(), model
    assert not Material.objects.filter(pk=ids["material"]).exists()
    assert not ContentNode.objects.filter(pk=ids["contentnode"]).exists()


def test_a_reimport_keeps_what_implementation_plans_refer_to():
    from implementation.models import GapItem, Measurement

    measurement = Measurement.objects.select_related("indicator__programme").first()
    item = GapItem.objects.select_related("intervention__programme").first()
    slug = measurement.indicator.programme.slug

    import_file(dump_yaml(exported(slug)), f"{slug}.yaml")

    assert Measurement.objects.get(pk=measurement.pk).indicator_id == measurement.indicator_id
    assert GapItem.objects.filter(pk=item.pk).exists()


def test_a_file_without_an_indicator_that_plans_measure_is_refused():
    from implementation.models import Measurement

    measurement = Measurement.objects.select_related("indicator__programme").first()
    indicator = measurement.indicator
    data = exported(indicator.programme.slug)
    data["indicators"] = [entry for entry in data["indicators"] if entry["slug"] != indicator.slug]
    before = content_snapshot()

    with pytest.raises(ContentFileError) as error:
        import_file(dump_yaml(data), "fil.yaml")

    assert f"indicators: {indicator}" in str(error.value)
    assert "keep it in the file" in str(error.value)
    assert content_snapshot() == before


def test_an_import_leaves_no_empty_text_as_null():
    import_file(dump_yaml(small_file()))

    nodes = ContentNode.objects.filter(programme__slug=TARGET)
    for name in ("target_group", "priority_missing", "competence", "synopsis", "procedure"):
        for code in ("sv", "en"):
            assert not nodes.filter(**{f"{name}_{code}__isnull": True}).exists(), (name, code)


# Published flags -------------------------------------------------------------------------


def test_published_flags_of_every_kind_of_content_survive_the_round_trip():
    programme = Programme.objects.get(slug=TARGET)
    node = programme.nodes.filter(kind=ContentNode.Kind.INTERVENTION).first()
    vignette = programme.vignettes.first()
    node.published = vignette.published = False
    node.save()
    vignette.save()
    programme.indicators.update(published=False)
    programme.materials.update(published=False)
    Programme.objects.filter(pk=programme.pk).update(published=False)
    text = dump_yaml(exported(TARGET))

    import_file(text)

    programme = Programme.objects.get(slug=TARGET)
    assert not programme.published
    assert not programme.nodes.get(slug=node.slug).published
    assert not programme.vignettes.get(slug=vignette.slug).published
    assert not programme.indicators.filter(published=True).exists()
    assert not programme.materials.filter(published=True).exists()
    assert programme.nodes.filter(published=True).count() == programme.nodes.count() - 1


def test_importing_unpublished_withdraws_only_the_programme():
    text = dump_yaml(exported(TARGET))

    programme = import_file(text, published=False)

    assert not programme.published
    assert not programme.nodes.filter(published=False).exists()
    assert not programme.vignettes.filter(published=False).exists()


def test_a_file_without_flags_is_published_throughout():
    data = read_yaml(fixtures_dir() / "programmes" / f"{TARGET}.yaml")

    programme = programme_import(data=data, source=f"{TARGET}.yaml")

    assert programme.published
    assert not programme.nodes.filter(published=False).exists()
    assert not programme.materials.filter(published=False).exists()


# The file --------------------------------------------------------------------------------


def test_the_file_is_readable_yaml_that_says_what_it_is():
    text = dump_yaml(exported(TARGET))
    lines = text.splitlines()

    assert lines[0].startswith("# VIP-portalen programme file: ADHD (adhd)")
    assert "fixtures/SCHEMA.md" in lines[1]
    assert lines[2] == f"slug: {TARGET}"
    assert "next_review: 2027-03-01" in lines  # a date, not a quoted text
    assert "sections:" in lines
    assert "  - slug: niva-och-process" in lines  # block style, indented lists
    assert "      sv: |-" in lines  # HTML as a literal block
    assert "ä" in text  # Swedish letters as they are, not escaped
    assert "!!" not in text  # no Python tags


def test_export_reads_a_fixed_number_of_queries():
    counts = {}
    for slug in SLUGS:
        programme = Programme.objects.get(slug=slug)
        with CaptureQueriesContext(connection) as queries:
            programme_export(programme=programme)
        counts[slug] = len(queries)

    assert set(counts.values()) == {13}, counts


def test_a_file_with_a_byte_order_mark_or_given_as_text_is_read():
    text = dump_yaml(exported(TARGET))

    assert parse_programme_file(("\ufeff" + text).encode(), "a.yaml") == exported(TARGET)
    assert parse_programme_file(text, "a.yaml") == exported(TARGET)


# JSON Schema -----------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FILES, ids=SLUGS)
def test_every_demo_file_follows_the_schema(path):
    assert schema_errors(read_yaml(path)) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_export_follows_the_schema(slug):
    assert schema_errors(exported(slug)) == []


def test_the_schema_allows_the_keys_and_values_the_import_allows():
    definitions = SCHEMA["$defs"]
    keys = {
        "programme": (SCHEMA, services.PROGRAMME_KEYS),
        "node": (definitions["node"], services.INTERVENTION_KEYS),
        "level_responsibility": (
            definitions["level_responsibility"],
            services.RESPONSIBILITY_KEYS,
        ),
        "vignette": (definitions["vignette"], services.VIGNETTE_KEYS),
        "indicator": (definitions["indicator"], services.INDICATOR_KEYS),
        "material": (definitions["material"], services.MATERIAL_KEYS),
    }
    for name, (schema, allowed) in keys.items():
        assert list(schema["properties"]) == list(allowed), name
    node = definitions["node"]["properties"]
    assert set(definitions["node"]["else"]["properties"]) == set(services.INTERVENTION_KEYS) - set(
        services.NODE_KEYS
    )
    assert SCHEMA["properties"]["status"]["enum"] == Programme.Status.values
    assert node["kind"]["enum"] == ContentNode.Kind.values
    assert node["audience"]["enum"] == Audience.values
    assert node["severity"]["enum"] == ContentNode.Severity.values
    assert definitions["indicator"]["properties"]["kind"]["enum"] == Indicator.Kind.values
    assert definitions["indicator"]["properties"]["direction"]["enum"] == Indicator.Direction.values
    assert definitions["material"]["properties"]["kind"]["enum"] == Material.Kind.values
    assert definitions["material"]["properties"]["audience"]["enum"] == Material.Audience.values
    tasks = definitions["level_responsibility"]["properties"]["tasks"]["items"]["enum"]
    assert tasks == services.TASKS
    assert definitions["slug"]["pattern"] == f"^{services.SLUG_PATTERN.pattern}$"


# Broken files ----------------------------------------------------------------------------


def small_file() -> dict:
    """The ADHD programme cut down to two sections, a page and two interventions: the real
    texts and the slug of a programme that exists, quick to import."""
    data = exported(TARGET)
    nodes = []
    stack = list(data["sections"])
    while stack:
        node = stack.pop(0)
        nodes.append(node)
        stack.extend(node.pop("children", []))
    page = next(node for node in nodes if node["kind"] == "page")
    interventions = [node for node in nodes if node["kind"] == "intervention"][:2]
    first, second = data["sections"][:2]
    data["sections"] = [first | {"children": [page]}, second | {"children": interventions}]
    for vignette in data["vignettes"]:
        vignette["interventions"] = [interventions[0]["slug"]]
    for key in ("level_responsibilities", "vignettes", "indicators", "materials"):
        data[key] = data[key][:2]
    return data


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


def priority_out_of_range(data):
    node, place = first_intervention(data)
    node.pop("priority_missing", None)
    node["priority"] = 11
    return f"{place}.priority: expected a whole number from 1 to 10"


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
    return "status: expected one of utkast, remiss, test, faststalld, arkiverad; not klar"


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
    "next_review": datetime.date(2027, 1, 1),
    "published": True,
    "position": 9,
    "age_groups": ["vuxna"],
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
