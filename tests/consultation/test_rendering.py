"""A frozen part is shown as its public page will show it: from the snapshot, on an
unsaved instance of its model, with headings that follow the page's and a fixed number
of queries whatever the number of parts."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from care_levels.models import CareLevel, Profession
from programmes.editorial.consultation.models import Part
from programmes.editorial.consultation.rendering import (
    instance_of,
    part_for_display,
    parts_for_display,
    rich_text,
)
from programmes.editorial.drafts import draft_save
from programmes.editorial.snapshots import snapshot
from programmes.models import ContentNode, Pathway, PathwayStep
from tests.factories import make_guideline, make_intervention, make_node, make_pathway, make_step

from .builders import make_group_programme, make_round

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"<h([1-6])\b")


def parts_of(round_):
    return list(Part.objects.filter(version=round_.version).order_by("position"))


def drawn(part) -> str:
    return render_to_string("consultation/includes/part.html", {"part": part})


def levels(html: str) -> list[int]:
    return [int(level) for level in HEADING.findall(html)]


def rich_programme():
    """A draft programme with every kind of part: sections, pages, an intervention with
    a guideline and tags, and a care pathway for a setting with a step that uses it."""
    programme = make_group_programme()
    section = programme.nodes.get(title_sv="Behandling")
    page = programme.nodes.get(title_sv="Samtalsstöd")
    page.body_sv = "<h2>Bakgrund</h2><p>Ring 112 vid fara.</p><script>alert(1)</script>"
    page.save()
    make_node(programme, page, title_sv="Fördjupning", title_en="In depth")
    make_intervention(
        programme,
        section,
        title_sv="Psykoedukation",
        title_en="Psychoeducation",
        guideline=make_guideline(name_sv="Riktlinjer för depression", name_en="Depression"),
        target_group_sv="Unga vuxna",
        competence_sv="Legitimerad psykolog",
        procedure_sv="<h2>Steg för steg</h2><p>Så här.</p>",
        care_levels=[CareLevel.objects.get(slug="skola")],
        professions=list(Profession.objects.filter(name_sv__in=["Kurator", "Psykolog"])),
    )
    national = make_pathway(programme, title_sv="Vårdförlopp självskada")
    setting = CareLevel.objects.order_by("path").last()
    version = make_pathway(
        programme, title_sv="Primärvårdens version", national=national, setting=setting
    )
    make_step(
        version,
        title_sv="Bedömning",
        body_sv="<p>Vad som görs.</p>",
        time_goal_sv="Inom 14 dagar",
        entry_criteria_sv="Remiss finns",
        exit_criteria_sv="Bedömning klar",
        patient_contact_sv="En fast vårdkontakt",
        care_levels=[setting],
        interventions=[programme.nodes.get(title_sv="Psykoedukation")],
    )
    return programme


def test_each_part_is_an_unsaved_instance_of_its_model():
    round_ = make_round(rich_programme())
    kinds = {type(instance_of(part)) for part in parts_of(round_)}

    assert kinds == {type(round_.programme), ContentNode, Pathway, PathwayStep}
    assert all(instance_of(part).pk is None for part in parts_of(round_))


def test_the_document_nests_headings_by_depth_and_never_skips_a_level():
    round_ = make_round(rich_programme())
    parts = parts_for_display(parts_of(round_), heading=2)
    html = "".join(drawn(part) for part in parts)

    found = levels(html)
    assert found[0] == 2
    assert all(later <= earlier + 1 for earlier, later in zip(found, found[1:], strict=False))
    titles = {part.title_sv: part.shown.heading for part in parts}
    assert titles["Behandling"] == 3
    assert titles["Samtalsstöd"] == 4
    assert titles["Fördjupning"] == 5
    assert titles["Bedömning"] == 4


def test_a_deep_tree_stops_at_level_six_without_skipping():
    parts = [
        Part(key=f"node:{n}", kind="page", depth=n, position=n, title_sv="x") for n in range(9)
    ]
    parts[0].key, parts[0].depth = "programme:1", 0

    found = [part.shown.heading for part in parts_for_display(parts, heading=2)]

    assert found == [2, 3, 4, 5, 6, 6, 6, 6, 6]


def test_a_part_alone_takes_the_level_it_is_given():
    round_ = make_round(rich_programme())
    page = Part.objects.get(version=round_.version, title_sv="Fördjupning")

    assert levels(drawn(part_for_display(page, heading=1)))[0] == 1


def test_rich_text_headings_move_under_the_parts_title_and_are_cleaned_again():
    round_ = make_round(rich_programme())
    parts = parts_for_display(parts_of(round_), heading=2)
    page = next(part for part in parts if part.title_sv == "Samtalsstöd")

    html = drawn(page)

    assert '<h4 id="part-' in html
    assert "<h5>Bakgrund</h5>" in html
    assert "<script" not in html
    assert '<a href="tel:112">112</a>' in html
    assert rich_text("<h3>x</h3>", 5) == "<h6>x</h6>"


def test_rich_text_headings_never_skip_a_level_below_the_parts_title():
    """A text's highest heading goes one level below the title (an h2 or an h3 alike
    becomes an h5 under an h4), and a text that opens deeper than its highest heading is
    closed up."""
    assert rich_text("<p>a</p><h3>b</h3>", 4) == "<p>a</p><h5>b</h5>"
    html = rich_text("<p>a</p><h2>b</h2><p>c</p><h3>d</h3><h2>e</h2>", 4)
    assert html == "<p>a</p><h5>b</h5><p>c</p><h6>d</h6><h5>e</h5>"
    assert rich_text("<h3>x</h3><h2>y</h2>", 2) == "<h3>x</h3><h3>y</h3>"


def test_an_intervention_shows_its_recommendation_target_group_competence_and_procedure():
    round_ = make_round(rich_programme())
    parts = parts_for_display(parts_of(round_), heading=2)
    intervention = next(part for part in parts if part.title_sv == "Psykoedukation")

    html = drawn(intervention)

    assert "Bör erbjudas" in html
    assert "Riktlinjer för depression (2021)" in html
    assert "Unga vuxna" in html and "Legitimerad psykolog" in html
    assert "Steg för steg" in html
    assert "<dt>Ges inom</dt><dd>Skola</dd>" in html
    assert "<dt>Befattningar</dt><dd>Kurator, Psykolog</dd>" in html


def test_a_step_shows_what_happens_time_goal_criteria_and_the_persons_part():
    round_ = make_round(rich_programme())
    parts = parts_for_display(parts_of(round_), heading=2)
    step = next(part for part in parts if part.title_sv == "Bedömning")
    pathway = next(part for part in parts if part.title_sv == "Primärvårdens version")

    html = drawn(step)

    for text in ("Vad som görs.", "Inom 14 dagar", "Remiss finns", "Bedömning klar"):
        assert text in html
    assert "En fast vårdkontakt" in html
    assert "Psykoedukation" in html
    assert "Version för" in drawn(pathway)


def test_a_steps_interventions_come_from_the_version_else_the_live_node(
    django_assert_num_queries,
):
    programme = rich_programme()
    round_ = make_round(programme)
    step = Part.objects.get(version=round_.version, title_sv="Bedömning")
    later = make_intervention(programme, title_sv="Ny insats efter remissen")
    alone = Part(
        pk=10**6,
        version=round_.version,
        key="step:999999",
        kind="step",
        title_sv="Ett steg",
        data={"title_sv": "Ett steg", "interventions": [later.pk]},
    )

    # Care levels, then the intervention's frozen part (it is not among the parts given).
    with django_assert_num_queries(2):
        part_for_display(step)
    with django_assert_num_queries(2):
        part_for_display(alone)

    assert step.shown.interventions == ["Psykoedukation"]
    assert alone.shown.interventions == ["Ny insats efter remissen"]


def test_english_falls_back_to_swedish_marked_as_swedish():
    round_ = make_round(rich_programme())
    with translation.override("en"):
        parts = parts_for_display(parts_of(round_), heading=2)
        step = next(part for part in parts if part.title_sv == "Bedömning")
        html = drawn(step)

    assert "What happens" in html
    assert 'lang="sv">Inom 14 dagar' in html


def test_the_frozen_draft_is_shown_not_the_live_text():
    programme = make_group_programme()
    page = programme.nodes.get(title_sv="Samtalsstöd")
    draft_save(obj=page, data=snapshot(page) | {"summary_sv": "Ny sammanfattning"}, user=None)
    round_ = make_round(programme)
    page.summary_sv = "Ändrad efteråt"
    page.save()

    part = Part.objects.get(version=round_.version, key=f"node:{page.pk}")

    assert "Ny sammanfattning" in drawn(part_for_display(part))


def test_an_unprepared_or_unknown_part_shows_its_title():
    part = Part(pk=5, key="other:1", kind="page", title_sv="Okänd del", depth=1, position=0)

    assert "Okänd del" in drawn(part)
    assert "Okänd del" in drawn(part_for_display(part))


def test_the_number_of_queries_does_not_grow_with_the_parts(django_assert_num_queries):
    small = make_round(rich_programme())
    large_programme = rich_programme()
    section = large_programme.nodes.get(title_sv="Behandling")
    for number in range(6):
        make_intervention(large_programme, section, title_sv=f"Insats {number}")
    large = make_round(large_programme)
    few, many = parts_of(small), parts_of(large)
    assert len(many) > len(few)

    # Guidelines, care levels, professions (the step's interventions are in the version).
    with django_assert_num_queries(3):
        parts_for_display(few)
    with django_assert_num_queries(3):
        shown = parts_for_display(many)
    with django_assert_num_queries(0):
        "".join(drawn(part) for part in shown)
