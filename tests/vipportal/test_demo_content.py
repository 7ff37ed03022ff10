"""The demo content: every programme complete enough to use, in both languages."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from care_levels.models import CareLevel
from programmes.models import (
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Programme,
    ProgrammeLevel,
)

pytestmark = pytest.mark.django_db

PROGRAMMES = {
    "adhd",
    "depression-och-angest",
    "missbruk-och-beroende",
    "sjalvskadebeteende",
    "schizofreni",
}
LEVELS = {
    "elevhalsa",
    "socialpsykiatri",
    "missbruksvard",
    "funktionshinderomsorg",
    "barn-och-unga",
    "aldreomsorg",
    "ekonomiskt-bistand",
    "vardcentral",
    "ungdomsmottagning",
    "barnhalsovard",
    "bup",
    "psykiatri-oppenvard",
    "psykiatri-slutenvard",
}


def test_all_five_programmes_are_published():
    assert (
        set(Programme.objects.filter(published=True).values_list("slug", flat=True)) >= PROGRAMMES
    )


def test_care_level_tree_covers_school_social_services_and_health_care():
    assert set(CareLevel.objects.values_list("slug", flat=True)) >= LEVELS
    vardcentral = CareLevel.objects.get(slug="vardcentral")
    assert [level.slug for level in CareLevel.objects.get_ancestors(vardcentral)] == [
        "halso-och-sjukvard",
        "primarvard",
    ]


@pytest.mark.parametrize("slug", sorted(PROGRAMMES))
def test_each_programme_has_the_content_a_clinician_needs(slug):
    programme = Programme.objects.get(slug=slug)
    nodes = ContentNode.objects.filter(programme=programme)
    interventions = nodes.filter(kind=ContentNode.Kind.INTERVENTION)

    assert nodes.filter(depth=1, kind=ContentNode.Kind.SECTION).count() >= 6
    assert interventions.count() >= 8
    assert all(node.care_levels.exists() for node in interventions)
    assert CaseVignette.objects.filter(programme=programme).count() >= 2
    assert Indicator.objects.filter(programme=programme).count() >= 2
    assert ProgrammeLevel.objects.filter(programme=programme).exists()
    assert nodes.filter(audience__in=["public", "both"]).exists()
    for obj in [programme, *nodes, *CaseVignette.objects.filter(programme=programme)]:
        title = getattr(obj, "title_en", None) or getattr(obj, "name_en", None)
        assert title, f"{obj} has no English title"
        assert obj.summary_sv and obj.summary_en, f"{obj} lacks a summary in both languages"


def test_materials_exist_for_all_four_audiences():
    assert set(Material.objects.values_list("audience", flat=True)) == set(Material.Audience.values)


def test_loading_again_replaces_instead_of_duplicating():
    before = (Programme.objects.count(), ContentNode.objects.count(), CareLevel.objects.count())

    call_command("load_initial_data", "--no-admin", verbosity=0)

    after = (Programme.objects.count(), ContentNode.objects.count(), CareLevel.objects.count())
    assert after == before


def test_a_broken_programme_file_loads_nothing_and_names_the_place(tmp_path, settings):
    fixtures = tmp_path / "fixtures"
    (fixtures / "programmes").mkdir(parents=True)
    from programmes.editorial.content_file import fixtures_dir

    real = fixtures_dir()
    for name in ("care_levels.yaml", "taxonomy.yaml"):
        (fixtures / name).write_text((real / name).read_text(encoding="utf-8"), encoding="utf-8")
    (fixtures / "programmes" / "adhd.yaml").write_text(
        (real / "programmes" / "adhd.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (fixtures / "programmes" / "trasig.yaml").write_text(
        "slug: trasig\nname: {sv: Trasig, en: Broken}\nsummary: {sv: X, en: X}\nsections:\n"
        "  - {slug: a, kind: section, title: {sv: A, en: A}, children: [\n"
        "      {slug: b, kind: intervention, title: {sv: B, en: B}, recommendation: none,\n"
        "       recommendation_reason: {sv: Saknas., en: None.}, levels: [finns-inte]}]}\n",
        encoding="utf-8",
    )
    settings.BASE_DIR = tmp_path
    adhd_nodes = ContentNode.objects.filter(programme__slug="adhd").count()

    with pytest.raises(CommandError) as error:
        call_command("load_initial_data", "--no-admin", verbosity=0)

    assert "trasig.yaml: sections[0] (a).children[0] (b).levels" in str(error.value)
    assert "finns-inte" in str(error.value)
    assert not Programme.objects.filter(slug="trasig").exists()
    assert ContentNode.objects.filter(programme__slug="adhd").count() == adhd_nodes


def test_invalid_yaml_is_reported_with_its_line(tmp_path, settings):
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "taxonomy.yaml").write_text("professions: [\n", encoding="utf-8")
    settings.BASE_DIR = tmp_path

    with (
        translation.override("en"),
        pytest.raises(CommandError, match=r"taxonomy.yaml: line \d+, column \d+ is not valid YAML"),
    ):
        call_command("load_initial_data", "--no-admin", verbosity=0)
