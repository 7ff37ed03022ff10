"""Drawing a chart as accessible SVG: the points, the centre line of each phase, the
control limits, the target, the signals, the PDSA cycles and the notes."""

import dataclasses
import hashlib
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .control import RUN, Analysis, Phase, analyse
from .elements import (
    AXIS_COLOUR,
    CYCLE_BORDER,
    CYCLE_FILL,
    CYCLE_TOP,
    FONT_SIZE,
    GRID_COLOUR,
    HEIGHT,
    LEGEND_ROW,
    LEGEND_TOP,
    LIMIT_COLOUR,
    LINE_COLOUR,
    MEDIAN_COLOUR,
    NOTE_COLOUR,
    PLOT_BOTTOM,
    PLOT_RIGHT,
    PLOT_TOP,
    SIGNAL_COLOUR,
    SMALL_FONT_SIZE,
    TARGET_COLOUR,
    TEXT_COLOUR,
    WIDTH,
    X_LABEL_Y,
    coordinate,
    element,
    group,
    text,
    text_width,
    truncate,
    with_unit,
)
from .layout import Layout, x_label
from .legend import legend as _legend
from .rules import Cycle, Point, Signal
from .summary import Note, centre_name, signal_sentences, summary

# A white outline keeps a label readable where a line runs through it.
HALO = {"stroke": "#ffffff", "stroke_width": 3, "paint_order": "stroke"}


@dataclasses.dataclass(frozen=True)
class Chart:
    """A drawn chart. `svg` is safe to put in a template as it is; `summary` is plain
    text (the SVG's description); `sentences` names each signal; `signal_points` holds
    the indices of the points that are part of a signal."""

    analysis: Analysis
    svg: SafeString
    summary: str
    sentences: list[str]

    @property
    def points(self) -> tuple[Point, ...]:
        return self.analysis.points

    @property
    def kind(self) -> str:
        return self.analysis.kind

    @property
    def signals(self) -> list[Signal]:
        return self.analysis.signals

    @property
    def signal_points(self) -> set[int]:
        return self.analysis.signal_points

    @property
    def centre(self) -> float | None:
        """The centre line of the last phase."""
        return self.analysis.centre[-1] if self.analysis.centre else None


#: The name the views and the plan page have always used.
RunChart = Chart


def draw_chart(
    analysis: Analysis,
    *,
    title: str,
    unit: str = "",
    cycles: Sequence[Cycle] = (),
    notes: Sequence[Note] = (),
    target: float | None = None,
    direction: str | None = None,
    chart_id: str | None = None,
) -> Chart:
    """`analysis` drawn with its PDSA `cycles`, `notes` and `target`, and put in words.

    `direction` is "increase" or "decrease" (as `Indicator.Direction`) when higher or lower
    is better. `chart_id` prefixes the ids inside the SVG; by default it is worked out from
    the content, so two identical charts on one page need their own.
    """
    if direction not in (None, "", "increase", "decrease"):
        raise ValueError(f"direction is 'increase', 'decrease' or None, not {direction!r}.")
    if chart_id is None:
        content = repr((title, unit, analysis, tuple(cycles), tuple(notes), target))
        chart_id = "run-chart-" + hashlib.sha256(content.encode()).hexdigest()[:10]
    elif not chart_id or any(character.isspace() for character in chart_id):
        # The id goes into aria-labelledby, a list separated by spaces.
        raise ValueError("chart_id must be a non-empty string without spaces.")
    layout = Layout(analysis.points, [*analysis.lower, *analysis.upper, target])
    shown_cycles = [(cycle, band) for cycle in cycles if (band := layout.band(cycle)) is not None]
    shown_notes = [note for note in notes if layout.contains(note.when)]
    words = summary(
        analysis,
        unit=unit,
        cycles=[cycle for cycle, _band in shown_cycles],
        notes=shown_notes,
        target=target,
        direction=direction,
    )
    title_id, desc_id = chart_id + "-title", chart_id + "-desc"
    parts = [
        element("title", {"id": title_id}, escape(title)),
        element("desc", {"id": desc_id}, escape(words)),
    ]
    height = HEIGHT
    if analysis.points:
        parts += _plot(layout, analysis, unit, shown_cycles, shown_notes, target)
        legend, rows = _legend(analysis, unit, shown_cycles, shown_notes, target)
        parts.append(legend)
        height = max(HEIGHT, LEGEND_TOP + rows * LEGEND_ROW)
    else:
        parts.append(
            text(
                WIDTH / 2,
                HEIGHT / 2,
                _("No measurements yet."),
                class_="run-chart-empty",
                text_anchor="middle",
                font_size=FONT_SIZE + 2,
                fill=TEXT_COLOUR,
            )
        )
    root = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {WIDTH} {height}",
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "class": "run-chart",
        "id": chart_id,
    }
    return Chart(
        analysis=analysis,
        svg=mark_safe(element("svg", root, "".join(parts))),
        summary=words,
        sentences=signal_sentences(analysis),
    )


def run_chart(
    points: Sequence[Point],
    *,
    title: str,
    unit: str = "",
    cycles: Sequence[Cycle] = (),
    direction: str | None = None,
    chart_id: str | None = None,
    kind: str = RUN,
    phases: Sequence[Phase] | None = None,
    notes: Sequence[Note] = (),
    target: float | None = None,
) -> Chart:
    """A chart of `points` (in time order) of `kind`, analysed and drawn."""
    return draw_chart(
        analyse(points, kind, phases),
        title=title,
        unit=unit,
        cycles=cycles,
        notes=notes,
        target=target,
        direction=direction,
        chart_id=chart_id,
    )


def _plot(
    layout: Layout,
    analysis: Analysis,
    unit: str,
    shown_cycles: Sequence[tuple[Cycle, tuple[float, float]]],
    notes: Sequence[Note],
    target: float | None,
) -> list[str]:
    parts = [_cycles(shown_cycles), _grid(layout)]
    parts.append(
        element(
            "path",
            {
                "class": "run-chart-axis",
                "d": f"M{coordinate(layout.left)} {PLOT_TOP}V{PLOT_BOTTOM}H{PLOT_RIGHT}",
                "fill": "none",
                "stroke": AXIS_COLOUR,
                "stroke-width": 1,
            },
        )
    )
    every = layout.label_every()
    x_labels = []
    for index, point in enumerate(layout.points):
        if index % every:
            continue
        label = x_label(point.label)
        half = text_width(label, FONT_SIZE) / 2
        x = min(max(layout.x(index), half + 2), WIDTH - half - 2)
        x_labels.append(text(x, float(X_LABEL_Y), label, text_anchor="middle"))
    parts.append(group("run-chart-x-labels", x_labels, font_size=FONT_SIZE, fill=TEXT_COLOUR))
    parts.append(_notes(layout, notes))
    parts.append(_phases(layout, analysis, unit))
    if target is not None:
        y = layout.y(target)
        parts.append(
            group(
                "run-chart-target",
                [
                    element(
                        "line",
                        {
                            "x1": layout.left,
                            "y1": y,
                            "x2": float(PLOT_RIGHT),
                            "y2": y,
                            "stroke": TARGET_COLOUR,
                            "stroke-width": 2,
                            "stroke-dasharray": "10 3 2 3",
                        },
                    ),
                    text(
                        layout.left + 4,
                        y - 5 if y - 5 > PLOT_TOP + 10 else y + 15,
                        _("Target %(value)s") % {"value": with_unit(target, unit)},
                        font_size=FONT_SIZE,
                        fill=TARGET_COLOUR,
                        **HALO,
                    ),
                ],
            )
        )
    coordinates = [(layout.x(i), layout.y(p.value)) for i, p in enumerate(layout.points)]
    parts.append(
        element(
            "polyline",
            {
                "class": "run-chart-line",
                "points": " ".join(f"{coordinate(x)},{coordinate(y)}" for x, y in coordinates),
                "fill": "none",
                "stroke": LINE_COLOUR,
                "stroke-width": 2,
                "stroke-linejoin": "round",
            },
        )
    )
    signal_points = analysis.signal_points
    markers = [
        _signal_marker(x, y) if index in signal_points else _point_marker(x, y)
        for index, (x, y) in enumerate(coordinates)
    ]
    parts.append(group("run-chart-points", markers))
    return parts


def _cycles(shown_cycles: Sequence[tuple[Cycle, tuple[float, float]]]) -> str:
    bands = []
    starts = [band[0] for _cycle, band in shown_cycles]
    for index, (cycle, (x0, x1)) in enumerate(shown_cycles):
        # A label may run to the end of its band or to where the next cycle starts.
        room = min([x1] + [x for x in starts[index + 1 :] if x > x0]) - x0 - 6
        label = truncate(cycle.title, room, SMALL_FONT_SIZE)
        children = [
            element("title", {}, escape(cycle.title)),
            element(
                "rect",
                {
                    "x": x0,
                    "y": float(CYCLE_TOP),
                    "width": x1 - x0,
                    "height": float(PLOT_BOTTOM - CYCLE_TOP),
                    "fill": CYCLE_FILL,
                    "stroke": CYCLE_BORDER,
                    "stroke-width": 1,
                },
            ),
        ]
        if label:
            children.append(
                text(
                    x0 + 3,
                    CYCLE_TOP + 14.0,
                    label,
                    font_size=SMALL_FONT_SIZE,
                    fill=TEXT_COLOUR,
                    class_="run-chart-cycle-label",
                )
            )
        bands.append(group("run-chart-cycle", children))
    return group("run-chart-cycles", bands)


def _grid(layout: Layout) -> str:
    grid = []
    for tick, label in zip(layout.ticks, layout.tick_labels, strict=True):
        y = layout.y(tick)
        grid.append(element("line", {"x1": layout.left, "y1": y, "x2": float(PLOT_RIGHT), "y2": y}))
        grid.append(
            text(layout.left - 6, y + 4, label, text_anchor="end", stroke="none", fill=TEXT_COLOUR)
        )
    return group("run-chart-grid", grid, stroke=GRID_COLOUR, stroke_width=1, font_size=FONT_SIZE)


def _notes(layout: Layout, notes: Sequence[Note]) -> str:
    marks = []
    for number, note in enumerate(notes, start=1):
        x = layout.date_x(note.when)
        marks.append(
            group(
                "run-chart-note",
                [
                    element("title", {}, escape(note.text)),
                    element(
                        "line",
                        {
                            "x1": x,
                            "y1": float(PLOT_TOP),
                            "x2": x,
                            "y2": float(PLOT_BOTTOM),
                            "stroke": NOTE_COLOUR,
                            "stroke-width": 1,
                            "stroke-dasharray": "2 2",
                        },
                    ),
                    element(
                        "circle", {"cx": x, "cy": PLOT_TOP - 8.0, "r": 8.0, "fill": NOTE_COLOUR}
                    ),
                    text(
                        x,
                        PLOT_TOP - 4.0,
                        str(number),
                        text_anchor="middle",
                        font_size=SMALL_FONT_SIZE,
                        fill="#ffffff",
                    ),
                ],
            )
        )
    return group("run-chart-notes", marks)


def _phases(layout: Layout, analysis: Analysis, unit: str) -> str:
    """Each phase's centre line (and limits) over its own points, with a divider where a
    new baseline starts."""
    children = []
    name = centre_name(analysis.kind)
    for phase in analysis.phases:
        if phase.end <= phase.start:
            continue
        x0 = layout.x(phase.start - 0.5)
        x1 = layout.x(phase.end - 0.5)
        if phase.start:
            children.append(
                element(
                    "line",
                    {
                        "class": "run-chart-phase",
                        "x1": x0,
                        "y1": float(PLOT_TOP),
                        "x2": x0,
                        "y2": float(PLOT_BOTTOM),
                        "stroke": AXIS_COLOUR,
                        "stroke-width": 1.5,
                    },
                )
            )
        centre = analysis.centre[phase.start]
        y = layout.y(centre)
        children.append(
            element(
                "line",
                {
                    "class": "run-chart-centre",
                    "x1": x0,
                    "y1": y,
                    "x2": x1,
                    "y2": y,
                    "stroke": MEDIAN_COLOUR,
                    "stroke-width": 1.5,
                    "stroke-dasharray": "6 4",
                },
            )
        )
        label = truncate(f"{name} {with_unit(centre, unit)}", x1 - x0 - 8, FONT_SIZE)
        if label:
            children.append(
                text(
                    x1 - 4,
                    y - 5 if y - 5 > PLOT_TOP + 10 else y + 15,
                    label,
                    text_anchor="end",
                    font_size=FONT_SIZE,
                    fill=TEXT_COLOUR,
                    class_="run-chart-median-label",
                    **HALO,
                )
            )
        for values in (analysis.lower, analysis.upper):
            path = _steps(layout, phase, values)
            if path:
                children.append(
                    element(
                        "path",
                        {
                            "class": "run-chart-limit",
                            "d": path,
                            "fill": "none",
                            "stroke": LIMIT_COLOUR,
                            "stroke-width": 1.5,
                            "stroke-dasharray": "3 3",
                        },
                    )
                )
    return group("run-chart-median", children)


def _steps(layout: Layout, phase: Phase, values: Sequence[float | None]) -> str:
    """A limit as steps: level across each point's slot, changing between slots."""
    commands = []
    for index in range(phase.start, phase.end):
        value = values[index]
        if value is None:
            return ""
        y = coordinate(layout.y(value))
        left, right = coordinate(layout.x(index - 0.5)), coordinate(layout.x(index + 0.5))
        commands.append(f"{'L' if commands else 'M'}{left} {y}H{right}")
    return "".join(commands)


def _point_marker(x: float, y: float) -> str:
    return element(
        "circle",
        {"class": "run-chart-point", "cx": x, "cy": y, "r": 3.5, "fill": LINE_COLOUR},
    )


def _signal_marker(x: float, y: float) -> str:
    # A larger square in another colour: the shape tells signal points apart without
    # relying on colour (WCAG 1.4.1).
    return element(
        "rect",
        {
            "class": "run-chart-point run-chart-signal",
            "x": x - 5,
            "y": y - 5,
            "width": 10.0,
            "height": 10.0,
            "fill": SIGNAL_COLOUR,
        },
    )
