"""Charts in words and pictures: the signals' sentences, the accessible SVG with its
limits, target, phases and notes, and the PNG for reports."""

import datetime
import struct
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from implementation.charts import (
    I_CHART,
    P_CHART,
    Cycle,
    Note,
    Phase,
    Point,
    run_chart,
)
from implementation.charts.png import svg_to_png

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def month(index: int) -> datetime.date:
    return datetime.date(2026 + index // 12, index % 12 + 1, 1)


def series(values, **fields) -> list[Point]:
    return [
        Point(month(i).strftime("%B %Y"), value, month(i), **fields)
        for i, value in enumerate(values)
    ]


def parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


# 12 points around 2, then 8 above: a run of 8 above the frozen median since September.
SHIFTED = [3, 1] * 6 + [5, 6, 5, 7, 6, 5, 6, 7]


def test_a_long_run_is_named_with_its_length_and_start(english):
    chart = run_chart(series(SHIFTED), title="t", phases=[Phase(0, 20, baseline=12)])

    assert "8 points in a row above the median since January 2027." in chart.sentences
    assert "It is taken from the baseline of 12 points, January 2026 to December 2026." in (
        chart.summary
    )


def test_one_point_outside_is_singular_and_names_its_period(english):
    values = [10, 12, 16, 14, 8, 30]

    chart = run_chart(series(values), title="t", kind=I_CHART, phases=[Phase(0, 6, 5)])

    assert chart.sentences == ["The point for June 2026 lies above the upper control limit."]


def test_too_few_crossings_are_named_with_the_expected_number(english):
    values = [1] * 5 + [9] * 5 + [1] * 5 + [9] * 5

    chart = run_chart(series(values), title="t")

    assert (
        "The series crosses the median only 3 times from January 2026 to August 2027; "
        "random variation would cross it at least 6 times."
    ) in chart.sentences


def test_the_sentences_are_swedish_with_the_right_plural():
    with translation.override("sv"):
        chart = run_chart(series(SHIFTED), title="t", phases=[Phase(0, 20, baseline=12)])
        single = run_chart(
            series([10, 12, 16, 14, 8, 30]), title="t", kind=I_CHART, phases=[Phase(0, 6, 5)]
        )

    assert "8 punkter i rad över medianen sedan January 2027." in chart.sentences
    assert single.sentences == ["Punkten för June 2026 ligger över den övre styrgränsen."]


def test_no_signal_says_so(english):
    chart = run_chart(series([3, 7, 4, 8, 2, 6, 5, 9, 1, 7, 3, 8]), title="t")

    assert chart.sentences == []
    assert "No signal: no unusually long run and no unusually few crossings." in chart.summary


def test_the_control_chart_draws_limits_and_says_them(english):
    chart = run_chart(series([10, 12, 16, 14, 8]), title="t", kind=I_CHART)

    root = parse(chart)
    limits = root.findall(f".//{SVG}path[@class='run-chart-limit']")
    assert len(limits) == 2
    assert "The mean is 12." in chart.summary
    assert "The control limits are 2.69 and 21.31." in chart.summary
    assert "Control limits" in chart.svg


def test_p_chart_limits_vary_as_steps(english):
    chart = run_chart(
        [
            Point("a", 0, month(0), 10, 100),
            Point("b", 0, month(1), 20, 200),
            Point("c", 0, month(2), 30, 100),
        ],
        title="t",
        kind=P_CHART,
    )

    upper = parse(chart).findall(f".//{SVG}path[@class='run-chart-limit']")[1].get("d")
    # One level per point, two different heights for the two sizes of denominator.
    assert upper.count("H") == 3
    assert "The control limits vary with each period's denominator." in chart.summary


def test_a_target_line_and_notes_are_drawn_and_said(english):
    chart = run_chart(
        series([1, 2, 3, 4]),
        title="t",
        target=3.5,
        notes=[Note(month(2), "New routine"), Note(month(30), "Outside the chart")],
    )

    root = parse(chart)
    assert root.find(f".//{SVG}g[@class='run-chart-target']") is not None
    notes = root.findall(f".//{SVG}g[@class='run-chart-note']")
    assert len(notes) == 1
    assert notes[0].find(SVG + "title").text == "New routine"
    assert "The target is 3.5." in chart.summary
    assert "Note 1, March 1, 2026: New routine" in chart.summary


def test_a_new_phase_draws_a_divider_and_a_centre_line_of_its_own():
    chart = run_chart(
        series([1, 2] * 6 + [8, 9] * 6), title="t", phases=[Phase(0, 12), Phase(12, 24)]
    )

    root = parse(chart)
    assert len(root.findall(f".//{SVG}line[@class='run-chart-centre']")) == 2
    assert len(root.findall(f".//{SVG}line[@class='run-chart-phase']")) == 1


@pytest.mark.parametrize("kind", ["run", "i"])
def test_the_svg_is_an_image_with_title_and_description_and_no_inline_style(kind):
    chart = run_chart(
        series([10, 12, 16, 14, 8, 25]),
        title="Fall <per> månad",
        kind=kind,
        target=11,
        notes=[Note(month(1), "<script>alert(1)</script>")],
    )

    root = parse(chart)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(SVG + "title").get("id") == title_id
    assert root.find(SVG + "title").text == "Fall <per> månad"
    assert root.find(SVG + "desc").get("id") == desc_id
    assert root.find(SVG + "desc").text == chart.summary
    assert not [el for el in root.iter() if "style" in el.attrib]
    assert "<script" not in chart.svg


def test_a_long_legend_makes_the_chart_taller_instead_of_running_off_it(english):
    chart = run_chart(
        series([10, 12, 16, 14, 8, 30]),
        title="t",
        unit="falls per 1 000 days of inpatient care in the ward, counted by the ward staff",
        kind=I_CHART,
        phases=[Phase(0, 6, baseline=5)],
        target=11,
        notes=[Note(month(1), "n")],
        cycles=[Cycle("c", month(1), month(2))],
    )

    root = parse(chart)
    height = float(root.get("viewBox").split()[3])
    rows = {
        item.get("transform").split()[1] for item in root.find(f"{SVG}g[@class='run-chart-legend']")
    }
    assert len(rows) >= 3
    assert height > 320
    assert max(float(row.rstrip(")")) for row in rows) + 8 < height


def test_the_png_is_a_real_png_twice_the_svgs_width():
    chart = run_chart(series([10, 12, 16, 14, 8, 25]), title="t", kind=I_CHART)

    png = svg_to_png(chart.svg)

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1280, 640)
    # Drawn, not blank: a blank 1280 × 640 PNG compresses to a few hundred bytes.
    assert len(png) > 10_000
