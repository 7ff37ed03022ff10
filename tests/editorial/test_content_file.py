"""A programme goes out as one YAML file and comes back the same, keeping identity,
history and flags; the file follows the committed JSON Schema
(`programmes/editorial/content_file/`)."""

import io

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care_levels.slugs import SLUG_PATTERN
from programmes.editorial.content_file import (
    ContentFileError,
    dump_yaml,
    fixtures_dir,
    parse_programme_file,
    programme_export,
    programme_import,
    read_yaml,
)
from programmes.editorial.content_file import format as file_format
from programmes.editorial.history import records_of
from programmes.editorial.models import Action
from programmes.models import (
    Audience,
    ContentNode,
    Indicator,
    Material,
    Programme,
    ProgrammeLevel,
)
from tests.editorial.content_files import (
    FILES,
    SCHEMA,
    SLUGS,
    TARGET,
    content_snapshot,
    exported,
    import_file,
    node_tree,
    programme_counts,
    schema_errors,
    small_file,
    without_implementation_plans,
)

# The messages are checked in English, the language they are written in; that they come
# out in Swedish is test_a_refused_file_is_explained_in_swedish.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


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
    earlier = {obj: list(records_of(obj).values_list("history_id", flat=True)) for obj in objects}
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
        history = list(records_of(again).values_list("history_id", flat=True))
        assert set(earlier[obj]) <= set(history), obj
    node_history = records_of(node)
    assert node_history.first().action == Action.IMPORTED
    assert node_history.first().changed_fields == ["title_sv"]
    # Objects the file left as they were get no new revision; the programme records the import.
    assert list(records_of(objects[3]).values_list("history_id", flat=True)) == earlier[objects[3]]
    assert records_of(programme).first().action == Action.IMPORTED


def test_what_the_file_no_longer_has_is_deleted_with_a_revision_saying_so():
    data = exported(TARGET)
    material = data["materials"].pop()
    section = next(entry for entry in data["sections"] if entry.get("children"))
    page = section["children"].pop()
    ids = {
        Material: Material.objects.get(slug=material["slug"]).pk,
        ContentNode: ContentNode.objects.get(programme__slug=TARGET, slug=page["slug"]).pk,
    }

    import_file(dump_yaml(data))

    for model, pk in ids.items():
        assert model.history.filter(id=pk, action=Action.DELETED).exists(), model
    assert not Material.objects.filter(pk=ids[Material]).exists()
    assert not ContentNode.objects.filter(pk=ids[ContentNode]).exists()


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
    for name in (
        "target_group",
        "condition",
        "recommendation_reason",
        "competence",
        "synopsis",
        "procedure",
    ):
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

    # 13 for the programme, its tree, vignettes, indicators and materials; 4 for its
    # pathways, their steps and the steps' levels and interventions, steps or none.
    assert set(counts.values()) == {17}, counts


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
        "programme": (SCHEMA, file_format.PROGRAMME_KEYS),
        "node": (definitions["node"], file_format.INTERVENTION_KEYS),
        "level_responsibility": (
            definitions["level_responsibility"],
            file_format.RESPONSIBILITY_KEYS,
        ),
        "vignette": (definitions["vignette"], file_format.VIGNETTE_KEYS),
        "indicator": (definitions["indicator"], file_format.INDICATOR_KEYS),
        "material": (definitions["material"], file_format.MATERIAL_KEYS),
    }
    for name, (schema, allowed) in keys.items():
        assert list(schema["properties"]) == list(allowed), name
    node = definitions["node"]["properties"]
    assert set(definitions["node"]["else"]["properties"]) == set(
        file_format.INTERVENTION_KEYS
    ) - set(file_format.NODE_KEYS)
    assert SCHEMA["properties"]["status"]["enum"] == Programme.Status.values
    assert node["kind"]["enum"] == ContentNode.Kind.values
    assert node["audience"]["enum"] == Audience.values
    assert node["severity"]["enum"] == ContentNode.Severity.values
    assert definitions["indicator"]["properties"]["kind"]["enum"] == Indicator.Kind.values
    assert definitions["indicator"]["properties"]["direction"]["enum"] == Indicator.Direction.values
    assert definitions["material"]["properties"]["kind"]["enum"] == Material.Kind.values
    assert definitions["material"]["properties"]["audience"]["enum"] == Material.Audience.values
    tasks = definitions["level_responsibility"]["properties"]["tasks"]["items"]["enum"]
    assert tasks == list(ProgrammeLevel.TASKS)
    assert definitions["slug"]["pattern"] == f"^{SLUG_PATTERN.pattern}$"
