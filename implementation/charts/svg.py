"""Drawing a run chart as accessible SVG, with the points, the median, the signals the
rules find and the PDSA cycles."""

import dataclasses
import datetime
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .rules import TREND_LENGTH, Cycle, Point, Signal, median, run_signals, same

WIDTH = 640
HEIGHT = 320
# The PDSA band reaches above the plot into a strip of its own, so that the cycle's title
# never sits on top of the data.
CYCLE_TOP = 6
PLOT_TOP = 28
PLOT_BOTTOM = 236
PLOT_RIGHT = WIDTH - 16
X_LABEL_Y = PLOT_BOTTOM + 18
LEGEND_TOP = X_LABEL_Y + 26
LEGEND_ROW = 20

FONT_SIZE = 12
SMALL_FONT_SIZE = 11
# Text cannot be measured on the server; a generous average glyph width in em keeps
# labels apart in any ordinary sans-serif font.
GLYPH_EM = 0.58
MAX_X_LABELS = 12

# All of these reach at least 3:1 against white (WCAG 1.4.11); text reaches 4.5:1.
LINE_COLOUR = "#0b4f8a"
MEDIAN_COLOUR = "#4a4a4a"
SIGNAL_COLOUR = "#a4161a"
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#4a4a4a"
GRID_COLOUR = "#d6d6d6"
CYCLE_FILL = "#e6eef6"
CYCLE_BORDER = "#5a7fa8"

# A single measurement or a series without a usable step gives no period length; a month
# is the common period.
DEFAULT_PERIOD = datetime.timedelta(days=30)


@dataclasses.dataclass(frozen=True)
class RunChart:
    """A drawn run chart. `svg` is safe to put in a template as it is; `summary` is plain
    text (the SVG's description) for the page to show or escape; `signal_points` holds the
    indices of the points that are part of a shift or a trend."""

    points: tuple[Point, ...]
    centre: float | None
    signals: list[Signal]
    svg: SafeString
    summary: str
    signal_points: set[int]


def run_chart(
    points: Sequence[Point],
    *,
    title: str,
    unit: str = "",
    cycles: Sequence[Cycle] = (),
    direction: str | None = None,
    chart_id: str | None = None,
) -> RunChart:
    """A run chart of `points`, which must be in time order, with its median, its shifts
    and trends, the PDSA `cycles` that overlap it, and a summary in words.

    `direction` is "increase" or "decrease" (as `Indicator.Direction`) when higher or lower
    is better. `chart_id` prefixes the ids inside the SVG; by default it is worked out from
    the content, so two identical charts on one page need their own.
    """
    if direction not in (None, "", "increase", "decrease"):
        raise ValueError(f"direction is 'increase', 'decrease' or None, not {direction!r}.")
    points = tuple(points)
    values = [point.value for point in points]
    centre = median(values)
    signals = run_signals(values, centre) if points else []
    signal_points = {index for signal in signals for index in signal.indices}
    if chart_id is None:
        chart_id = _chart_id(title, unit, points, cycles)
    elif not chart_id or any(character.isspace() for character in chart_id):
        # The id goes into aria-labelledby, a list separated by spaces.
        raise ValueError("chart_id must be a non-empty string without spaces.")

    layout = _Layout(points)
    shown_cycles = [(cycle, band) for cycle in cycles if (band := layout.band(cycle)) is not None]
    summary = _summary(
        points, centre, unit, signals, [cycle for cycle, band in shown_cycles], direction
    )

    svg = _svg(
        chart_id=chart_id,
        title=title,
        summary=summary,
        layout=layout,
        unit=unit,
        centre=centre,
        signal_points=signal_points,
        shown_cycles=shown_cycles,
        has_signals=bool(signals),
    )
    return RunChart(
        points=points,
        centre=centre,
        signals=signals,
        svg=svg,
        summary=summary,
        signal_points=signal_points,
    )


def _chart_id(title: str, unit: str, points: Sequence[Point], cycles: Sequence[Cycle]) -> str:
    content = repr((title, unit, points, tuple(cycles))).encode()
    return "run-chart-" + hashlib.sha256(content).hexdigest()[:10]


def _summary(
    points: Sequence[Point],
    centre: float | None,
    unit: str,
    signals: Sequence[Signal],
    cycles: Sequence[Cycle],
    direction: str | None,
) -> str:
    if not points:
        return _("No measurements yet.")
    if len(points) == 1:
        parts = [
            _("One measurement, %(period)s: %(value)s.")
            % {"period": points[0].label, "value": _with_unit(points[0].value, unit)}
        ]
    else:
        parts = [
            ngettext(
                "%(count)d measurement from %(first)s to %(last)s.",
                "%(count)d measurements from %(first)s to %(last)s.",
                len(points),
            )
            % {"count": len(points), "first": points[0].label, "last": points[-1].label}
        ]
    parts.append(_("The median is %(median)s.") % {"median": _with_unit(centre, unit)})
    if direction == "increase":
        parts.append(_("Higher is better."))
    elif direction == "decrease":
        parts.append(_("Lower is better."))
    parts += [signal.describe(points) for signal in signals]
    if not signals:
        if len(points) < TREND_LENGTH:
            parts.append(_("Too few measurements to show a shift or a trend."))
        else:
            parts.append(_("No shift or trend."))
    parts += [
        _("PDSA cycle “%(title)s”, %(start)s to %(end)s.")
        % {
            "title": cycle.title,
            "start": formats.date_format(cycle.start),
            "end": formats.date_format(cycle.end),
        }
        for cycle in cycles
    ]
    return " ".join(parts)


def _number(value: float, decimals: int | None = None) -> str:
    """The value in the current language's number format, with at most two decimals
    unless told otherwise."""
    if decimals is None:
        decimals = next(d for d in range(3) if same(round(value, d), round(value, 2)))
    number = Decimal(f"{value:.{decimals}f}")
    if number == 0:
        # Rounding a small negative value would show "-0".
        number = abs(number)
    return formats.number_format(number, decimal_pos=decimals, force_grouping=abs(number) >= 10000)


def _with_unit(value: float, unit: str) -> str:
    text = _number(value)
    return f"{text}\N{NO-BREAK SPACE}{unit}" if unit else text


def _text_width(text: str, size: float) -> float:
    return len(text) * size * GLYPH_EM


def _truncate(text: str, width: float, size: float) -> str:
    """The text, cut with an ellipsis where it would run wider than `width`."""
    fits = int(width / (size * GLYPH_EM))
    if len(text) <= fits:
        return text
    if fits < 2:
        return ""
    return text[: fits - 1].rstrip() + "…"


def _nice_ticks(low: float, high: float) -> tuple[list[float], int]:
    """Round gridline values (steps of 1, 2, 2.5 or 5 times a power of ten) covering
    low..high, and how many decimals they need."""
    if same(low, high):
        # A flat series still needs a y range to place it in the middle of.
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    count = round((end - start) / step)
    ticks = [start + i * step for i in range(count + 1)]
    decimals = next((d for d in range(12) if abs(round(step, d) - step) <= step * 1e-6), 12)
    return ticks, decimals


class _Layout:
    """Where the points, gridlines and dates go on the chart."""

    def __init__(self, points: Sequence[Point]):
        self.points = points
        if not points:
            return
        values = [point.value for point in points]
        self.ticks, self.decimals = _nice_ticks(min(values), max(values))
        self.tick_labels = [_number(tick, self.decimals) for tick in self.ticks]
        widest = max(_text_width(label, FONT_SIZE) for label in self.tick_labels)
        self.left = max(44.0, widest + 14)
        self.step = (PLOT_RIGHT - self.left) / len(points)

    def x(self, index: float) -> float:
        # Each point sits in the middle of a slot of its own; its period fills the slot.
        return self.left + self.step * (index + 0.5)

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return PLOT_BOTTOM - (value - low) / (high - low) * (PLOT_BOTTOM - PLOT_TOP)

    def date_x(self, day: datetime.date) -> float:
        """The x position of a day, by the periods the points start, kept on the chart."""
        starts = [point.when for point in self.points]
        period = starts[-1] - starts[-2] if len(starts) > 1 else DEFAULT_PERIOD
        if period <= datetime.timedelta(0):
            period = DEFAULT_PERIOD
        edges = [*starts, starts[-1] + period]
        slot = 0.0
        if day < edges[0]:
            first = edges[1] - edges[0] if len(edges) > 2 else period
            if first <= datetime.timedelta(0):
                first = period
            slot = (day - edges[0]) / first
        elif day >= edges[-1]:
            slot = len(starts) + (day - edges[-1]) / period
        else:
            for index, (begin, end) in enumerate(zip(edges, edges[1:], strict=False)):
                if begin <= day < end:
                    slot = index + (day - begin) / (end - begin)
                    break
        x = self.left + self.step * slot
        return min(max(x, self.left), PLOT_RIGHT)

    def band(self, cycle: Cycle) -> tuple[float, float] | None:
        """The x range a cycle covers, or None if it lies outside the chart."""
        if not self.points:
            return None
        start, end = sorted((cycle.start, cycle.end))
        x0 = self.date_x(start)
        # The end day is included, so the band reaches to the end of that day.
        x1 = self.date_x(end + datetime.timedelta(days=1))
        if x1 - x0 < 1:
            return None
        return x0, x1

    def label_every(self) -> int:
        """Show every n-th x label so that the labels do not overlap."""
        widest = max(_text_width(_x_label(point.label), FONT_SIZE) for point in self.points)
        return max(
            math.ceil(len(self.points) / MAX_X_LABELS), math.ceil((widest + 6) / self.step), 1
        )


def _x_label(label: str) -> str:
    return _truncate(label, 18 * FONT_SIZE * GLYPH_EM, FONT_SIZE)


def _coordinate(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def _element(name: str, attributes: Mapping[str, object], content: str | None = None) -> str:
    """An SVG element with escaped attributes; `content` must already be escaped."""
    parts = [name]
    for key, value in attributes.items():
        if isinstance(value, float):
            value = _coordinate(value)
        parts.append(f'{key}="{escape(value)}"')
    if content is None:
        return f"<{' '.join(parts)}/>"
    return f"<{' '.join(parts)}>{content}</{name}>"


def _names(attributes: Mapping[str, object]) -> dict[str, object]:
    # Keyword arguments spell SVG attributes in Python: class_ is class, font_size font-size.
    return {key.rstrip("_").replace("_", "-"): value for key, value in attributes.items()}


def _text(x: float, y: float, text: str, **attributes) -> str:
    return _element("text", {"x": x, "y": y, **_names(attributes)}, escape(text))


def _group(css_class: str, children: Iterable[str], **attributes) -> str:
    return _element("g", {"class": css_class, **_names(attributes)}, "".join(children))


def _svg(
    *,
    chart_id: str,
    title: str,
    summary: str,
    layout: _Layout,
    unit: str,
    centre: float | None,
    signal_points: set[int],
    shown_cycles: Sequence[tuple[Cycle, tuple[float, float]]],
    has_signals: bool,
) -> SafeString:
    title_id, desc_id = chart_id + "-title", chart_id + "-desc"
    parts = [
        _element("title", {"id": title_id}, escape(title)),
        _element("desc", {"id": desc_id}, escape(summary)),
    ]
    if layout.points:
        parts += _plot(layout, unit, centre, signal_points, shown_cycles)
        parts.append(_legend(unit, has_signals, bool(shown_cycles)))
    else:
        parts.append(
            _text(
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
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "class": "run-chart",
        "id": chart_id,
    }
    return mark_safe(_element("svg", root, "".join(parts)))


def _plot(
    layout: _Layout,
    unit: str,
    centre: float,
    signal_points: set[int],
    shown_cycles: Sequence[tuple[Cycle, tuple[float, float]]],
) -> list[str]:
    parts = []

    bands = []
    starts = [band[0] for cycle, band in shown_cycles]
    for index, (cycle, (x0, x1)) in enumerate(shown_cycles):
        # A label may run to the end of its band or to where the next cycle starts.
        room = min([x1] + [x for x in starts[index + 1 :] if x > x0]) - x0 - 6
        label = _truncate(cycle.title, room, SMALL_FONT_SIZE)
        children = [
            _element("title", {}, escape(cycle.title)),
            _element(
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
                _text(
                    x0 + 3,
                    CYCLE_TOP + 14.0,
                    label,
                    font_size=SMALL_FONT_SIZE,
                    fill=TEXT_COLOUR,
                    class_="run-chart-cycle-label",
                )
            )
        bands.append(_group("run-chart-cycle", children))
    parts.append(_group("run-chart-cycles", bands))

    grid = []
    for tick, label in zip(layout.ticks, layout.tick_labels, strict=True):
        y = layout.y(tick)
        grid.append(
            _element(
                "line",
                {"x1": layout.left, "y1": y, "x2": float(PLOT_RIGHT), "y2": y},
            )
        )
        grid.append(
            _text(
                layout.left - 6,
                y + 4,
                label,
                text_anchor="end",
                stroke="none",
                fill=TEXT_COLOUR,
            )
        )
    parts.append(
        _group("run-chart-grid", grid, stroke=GRID_COLOUR, stroke_width=1, font_size=FONT_SIZE)
    )

    parts.append(
        _element(
            "path",
            {
                "class": "run-chart-axis",
                "d": f"M{_coordinate(layout.left)} {PLOT_TOP}V{PLOT_BOTTOM}H{PLOT_RIGHT}",
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
        label = _x_label(point.label)
        half = _text_width(label, FONT_SIZE) / 2
        x = min(max(layout.x(index), half + 2), WIDTH - half - 2)
        x_labels.append(_text(x, float(X_LABEL_Y), label, text_anchor="middle"))
    parts.append(_group("run-chart-x-labels", x_labels, font_size=FONT_SIZE, fill=TEXT_COLOUR))

    median_y = layout.y(centre)
    median_label = _("Median %(value)s") % {"value": _with_unit(centre, unit)}
    parts.append(
        _group(
            "run-chart-median",
            [
                _element(
                    "line",
                    {
                        "x1": layout.left,
                        "y1": median_y,
                        "x2": float(PLOT_RIGHT),
                        "y2": median_y,
                        "stroke": MEDIAN_COLOUR,
                        "stroke-width": 1.5,
                        "stroke-dasharray": "6 4",
                    },
                ),
                # A white outline keeps the label readable where the line runs through it.
                _text(
                    PLOT_RIGHT - 4.0,
                    median_y - 5 if median_y - 5 > PLOT_TOP + 10 else median_y + 15,
                    median_label,
                    text_anchor="end",
                    font_size=FONT_SIZE,
                    fill=TEXT_COLOUR,
                    stroke="#ffffff",
                    stroke_width=3,
                    paint_order="stroke",
                    class_="run-chart-median-label",
                ),
            ],
        )
    )

    coordinates = [(layout.x(i), layout.y(p.value)) for i, p in enumerate(layout.points)]
    parts.append(
        _element(
            "polyline",
            {
                "class": "run-chart-line",
                "points": " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in coordinates),
                "fill": "none",
                "stroke": LINE_COLOUR,
                "stroke-width": 2,
                "stroke-linejoin": "round",
            },
        )
    )

    markers = []
    for index, (x, y) in enumerate(coordinates):
        if index in signal_points:
            markers.append(_signal_marker(x, y))
        else:
            markers.append(_point_marker(x, y))
    parts.append(_group("run-chart-points", markers))
    return parts


def _point_marker(x: float, y: float) -> str:
    return _element(
        "circle",
        {"class": "run-chart-point", "cx": x, "cy": y, "r": 3.5, "fill": LINE_COLOUR},
    )


def _signal_marker(x: float, y: float) -> str:
    # A larger square in another colour: the shape tells signal points apart without
    # relying on colour (WCAG 1.4.1).
    return _element(
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


def _legend(unit: str, has_signals: bool, has_cycles: bool) -> str:
    """The legend, flowing onto a second row when the labels do not fit on one."""
    line_label = _("Measurement (%(unit)s)") % {"unit": unit} if unit else _("Measurement")
    entries = [
        (
            _element(
                "line",
                {"x1": 0, "y1": 0, "x2": 22, "y2": 0, "stroke": LINE_COLOUR, "stroke-width": 2},
            )
            + _element("circle", {"cx": 11, "cy": 0, "r": 3.5, "fill": LINE_COLOUR}),
            line_label,
        ),
        (
            _element(
                "line",
                {
                    "x1": 0,
                    "y1": 0,
                    "x2": 22,
                    "y2": 0,
                    "stroke": MEDIAN_COLOUR,
                    "stroke-width": 1.5,
                    "stroke-dasharray": "6 4",
                },
            ),
            _("Median"),
        ),
    ]
    if has_signals:
        entries.append(
            (
                _element(
                    "rect",
                    {"x": 6, "y": -5, "width": 10, "height": 10, "fill": SIGNAL_COLOUR},
                ),
                _("Part of a shift or trend"),
            )
        )
    if has_cycles:
        entries.append(
            (
                _element(
                    "rect",
                    {
                        "x": 1,
                        "y": -6,
                        "width": 20,
                        "height": 12,
                        "fill": CYCLE_FILL,
                        "stroke": CYCLE_BORDER,
                        "stroke-width": 1,
                    },
                ),
                _("PDSA cycle"),
            )
        )

    items = []
    x, row = 16.0, 0
    for symbol, label in entries:
        label = _truncate(label, WIDTH - 32 - 28, FONT_SIZE)
        width = 28 + _text_width(label, FONT_SIZE)
        if x + width > WIDTH - 16 and x > 16:
            x, row = 16.0, row + 1
        y = float(LEGEND_TOP + row * LEGEND_ROW)
        items.append(
            _element(
                "g",
                {"transform": f"translate({_coordinate(x)} {_coordinate(y)})"},
                symbol + _text(28, 4, label, font_size=FONT_SIZE, fill=TEXT_COLOUR),
            )
        )
        x += width + 18
    return _group("run-chart-legend", items)
