"""Run charts: the median and the SVG they are drawn as. The rules, control limits and
phases have their tests in tests/implementation/charts/."""

import datetime
import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from implementation.charts import Cycle, Point, Signal, median, run_chart

SVG = "{http://www.w3.org/2000/svg}"
# Median 6; points 4 to 11 are a run of 8 above it, longer than the 7 that 16 points allow,
# and its two crossings are fewer than the 4 expected.
WITH_SHIFT = [1, 2, 1, 2, 10, 11, 12, 13, 14, 15, 16, 17, 1, 2, 1, 2]


@pytest.fixture
def english():
    """The strings are written in English; asserting on them must not depend on whether a
    Swedish translation exists yet."""
    with translation.override("en"):
        yield


def month(index: int) -> datetime.date:
    return datetime.date(2025 + index // 12, index % 12 + 1, 1)


def series(values) -> list[Point]:
    """Monthly points from January 2025, labelled "2025-01" and so on."""
    return [Point(month(i).strftime("%Y-%m"), value, month(i)) for i, value in enumerate(values)]


def parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


# The median


def test_median_of_an_odd_count_is_the_middle_value():
    assert median([5, 1, 3]) == 3


def test_median_of_an_even_count_is_halfway_between_the_middle_two():
    assert median([4, 1, 3, 10]) == 3.5


def test_median_of_nothing_is_none():
    assert median([]) is None


def test_median_accepts_decimals():
    assert median([Decimal("1.5"), Decimal("2.5")]) == 2.0


# The chart


def test_the_chart_knows_its_median_signals_and_signal_points():
    chart = run_chart(series(WITH_SHIFT), title="Falls")

    assert chart.centre == 6
    assert chart.signals == [Signal("crossings", "few", 0, 15), Signal("shift", "above", 4, 11)]
    assert chart.signals[0].count == 2
    assert chart.signal_points == set(range(4, 12))


def test_the_svg_is_well_formed_and_named_by_its_title_and_summary(english):
    chart = run_chart(series([3, 4, 5, 4, 3]), title="Falls per month")

    root = parse(chart)

    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 320"
    assert root.get("width") is None
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == "Falls per month"
    assert desc.text == chart.summary
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]


def test_the_svg_has_no_inline_style_and_no_script():
    chart = run_chart(
        series([1, 2, 3, 4, 5, 6, 9, 9, 9, 9, 9, 9]),
        title="t",
        cycles=[Cycle("Try it", month(2), month(4))],
    )

    assert "style=" not in chart.svg
    assert "<script" not in chart.svg
    assert "href" not in chart.svg
    assert not [el for el in parse(chart).iter() if "style" in el.attrib]


def test_signal_points_are_squares_and_the_others_circles():
    chart = run_chart(series(WITH_SHIFT), title="t")

    markers = parse(chart).find(f"{SVG}g[@class='run-chart-points']")
    squares = [m for m in markers if m.tag == SVG + "rect"]
    circles = [m for m in markers if m.tag == SVG + "circle"]

    assert len(squares) == 8
    assert len(circles) == 8
    assert float(squares[0].get("width")) > 2 * float(circles[0].get("r"))


def test_the_legend_explains_the_signal_marker(english):
    with_signal = run_chart(series(WITH_SHIFT), title="t")
    without = run_chart(series([1, 2, 1, 2]), title="t")

    assert "Part of a signal" in with_signal.svg
    assert "Part of a signal" not in without.svg


def test_a_hostile_title_and_labels_are_escaped():
    hostile = '<script>alert(1)</script> & "quotes"'
    points = [Point(hostile, 1, month(0)), Point("b", 2, month(1))]

    chart = run_chart(
        points, title=hostile, unit="<b>", cycles=[Cycle(hostile, month(0), month(1))]
    )

    assert "<script" not in chart.svg
    assert "&lt;script&gt;" in chart.svg
    root = parse(chart)
    assert root.find(SVG + "title").text == hostile


def test_a_pdsa_cycle_is_a_band_over_its_months_with_its_title(english):
    chart = run_chart(
        series([5, 6, 5, 7, 6, 5, 6, 7, 6, 5]),
        title="t",
        cycles=[Cycle("Fall prevention", month(3), month(6) - datetime.timedelta(days=1))],
    )

    root = parse(chart)
    band = root.find(f".//{SVG}g[@class='run-chart-cycle']")
    rect = band.find(SVG + "rect")
    left, right = float(rect.get("x")), float(rect.get("x")) + float(rect.get("width"))
    xs = [float(c.get("cx")) for c in root.find(f"{SVG}g[@class='run-chart-points']")]
    assert band.find(SVG + "title").text == "Fall prevention"
    assert band.find(SVG + "text").text == "Fall prevention"
    assert [i for i, x in enumerate(xs) if left < x < right] == [3, 4, 5]
    assert "Fall prevention" in chart.summary
    assert "PDSA cycle" in chart.svg


def test_a_long_cycle_title_is_cut_with_an_ellipsis():
    title = "A very long title for a cycle that lasts only one month " * 3

    chart = run_chart(series(range(10)), title="t", cycles=[Cycle(title, month(2), month(3))])

    label = parse(chart).find(f".//{SVG}g[@class='run-chart-cycle']/{SVG}text")
    assert label.text.endswith("…")
    assert len(label.text) < 20


def test_a_cycle_outside_the_measurements_is_left_out():
    chart = run_chart(
        series([1, 2, 3]),
        title="t",
        cycles=[Cycle("Long ago", datetime.date(2010, 1, 1), datetime.date(2010, 3, 31))],
    )

    assert "Long ago" not in chart.svg
    assert "Long ago" not in chart.summary


def test_a_cycle_reaching_before_the_first_point_is_clamped_to_the_chart():
    chart = run_chart(
        series([1, 2, 3, 4]),
        title="t",
        cycles=[Cycle("Early", datetime.date(2024, 10, 1), datetime.date(2025, 1, 31))],
    )

    rect = parse(chart).find(f".//{SVG}g[@class='run-chart-cycle']/{SVG}rect")
    assert float(rect.get("x")) > 0
    assert float(rect.get("width")) < 640 / 4


def test_no_measurements_give_a_chart_that_says_so(english):
    chart = run_chart([], title="Nothing yet")

    root = parse(chart)
    assert chart.centre is None
    assert chart.signals == []
    assert chart.signal_points == set()
    assert chart.summary == "No measurements yet."
    assert root.find(SVG + "text").text == "No measurements yet."


def test_one_point_gives_a_chart_with_one_marker(english):
    chart = run_chart([Point("2026-03", Decimal("12.5"), month(14))], title="t")

    markers = parse(chart).find(f"{SVG}g[@class='run-chart-points']")
    assert len(markers) == 1
    assert chart.summary.startswith("Run chart. One measurement, 2026-03: 12.5.")


def test_all_equal_values_are_drawn_in_a_padded_range_and_say_no_signal(english):
    chart = run_chart(series([7] * 10), title="t")

    root = parse(chart)
    circles = root.find(f"{SVG}g[@class='run-chart-points']")
    ys = {float(c.get("cy")) for c in circles}
    assert len(ys) == 1
    assert 28 < ys.pop() < 236
    assert "No signal: no unusually long run and no unusually few crossings." in chart.summary
    assert "Median 7" in chart.svg


def test_negative_large_and_decimal_values_give_finite_coordinates():
    values = [Decimal("-1250000.75"), Decimal("-3.5"), Decimal("98000000"), 0]

    chart = run_chart(series(values), title="t")

    numbers = re.findall(r'\s(?:cx|cy|x|y|x1|y1|x2|y2|width|height|r)="([^"]+)"', chart.svg)
    assert numbers
    assert all(math.isfinite(float(n)) for n in numbers)
    assert all(isinstance(p.value, float) for p in chart.points)


def test_gridline_labels_are_round_numbers():
    chart = run_chart(series([13, 27, 41, 18]), title="t")

    grid = parse(chart).find(f"{SVG}g[@class='run-chart-grid']")
    labels = [int(t.text) for t in grid.iter(SVG + "text")]
    assert labels == sorted(labels)
    assert labels[0] <= 13 and labels[-1] >= 41
    assert all(label % 5 == 0 for label in labels)


def test_many_points_show_at_most_twelve_x_labels():
    points = [Point(str(i), i % 3, month(i)) for i in range(40)]

    chart = run_chart(points, title="t")

    labels = parse(chart).find(f"{SVG}g[@class='run-chart-x-labels']")
    assert 4 <= len(labels) <= 12
    assert labels[0].text == "0"


def test_long_x_labels_are_thinned_out_so_they_do_not_overlap():
    points = [Point("september 2025", i % 3, month(i)) for i in range(12)]

    chart = run_chart(points, title="t")

    labels = parse(chart).find(f"{SVG}g[@class='run-chart-x-labels']")
    xs = [float(label.get("x")) for label in labels]
    assert 1 < len(labels) < 12
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 14 * 12 * 0.5


def test_the_summary_names_count_periods_median_and_the_long_run(english):
    chart = run_chart(series(WITH_SHIFT), title="t", unit="%")

    assert chart.summary.startswith("Run chart. 16 measurements from 2025-01 to 2026-04.")
    assert "The median is 6\N{NO-BREAK SPACE}%." in chart.summary
    assert "8 points in a row above the median since 2025-05." in chart.summary


def test_the_summary_says_which_direction_is_better(english):
    higher = run_chart(series([1, 2]), title="t", direction="increase")
    lower = run_chart(series([1, 2]), title="t", direction="decrease")
    neither = run_chart(series([1, 2]), title="t")

    assert "Higher is better." in higher.summary
    assert "Lower is better." in lower.summary
    assert "better" not in neither.summary


def test_the_median_label_uses_the_languages_decimal_separator():
    with translation.override("sv"):
        chart = run_chart(series([12, 13]), title="t")

    assert "Median 12,5" in chart.svg


def test_different_charts_get_different_ids_and_an_id_can_be_given():
    first = parse(run_chart(series([1, 2]), title="A"))
    second = parse(run_chart(series([1, 2]), title="B"))
    given = parse(run_chart(series([1, 2]), title="A", chart_id="falls"))

    assert first.find(SVG + "title").get("id") != second.find(SVG + "title").get("id")
    assert given.find(SVG + "title").get("id") == "falls-title"
    assert given.get("aria-labelledby") == "falls-title falls-desc"


def test_a_chart_id_with_spaces_is_refused():
    with pytest.raises(ValueError):
        run_chart(series([1]), title="t", chart_id="two words")


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_line_median_signal_and_cycle_border_stand_out_3_to_1_against_white():
    chart = run_chart(
        series(WITH_SHIFT),
        title="t",
        cycles=[Cycle("c", month(1), month(3))],
    )
    root = parse(chart)
    colours = {
        root.find(f"{SVG}polyline").get("stroke"),
        root.find(f".//{SVG}g[@class='run-chart-median']/{SVG}line").get("stroke"),
        root.find(f".//{SVG}rect[@class='run-chart-point run-chart-signal']").get("fill"),
        root.find(f".//{SVG}g[@class='run-chart-cycle']/{SVG}rect").get("stroke"),
    }

    assert len(colours) == 4
    for colour in colours:
        assert 1.05 / (_luminance(colour) + 0.05) >= 3, colour
