"""A chart's legend: one entry for each kind of line and mark the chart shows."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from .control import Analysis
from .elements import (
    CYCLE_BORDER,
    CYCLE_FILL,
    FONT_SIZE,
    LEGEND_ROW,
    LEGEND_TOP,
    LIMIT_COLOUR,
    LINE_COLOUR,
    MEDIAN_COLOUR,
    NOTE_COLOUR,
    SIGNAL_COLOUR,
    TARGET_COLOUR,
    TEXT_COLOUR,
    WIDTH,
    coordinate,
    element,
    group,
    text,
    text_width,
    truncate,
)
from .summary import Note, centre_name


def _line_symbol(colour: str, width: float, dashes: str = "") -> str:
    attributes = {"x1": 0, "y1": 0, "x2": 22, "y2": 0, "stroke": colour, "stroke-width": width}
    if dashes:
        attributes["stroke-dasharray"] = dashes
    return element("line", attributes)


def legend(
    analysis: Analysis,
    unit: str,
    shown_cycles: Sequence[object],
    notes: Sequence[Note],
    target: float | None,
) -> tuple[str, int]:
    """The legend, flowing onto more rows when the labels do not fit on one; and how many
    rows it took."""
    line_label = _("Measurement (%(unit)s)") % {"unit": unit} if unit else _("Measurement")
    entries = [
        (
            _line_symbol(LINE_COLOUR, 2)
            + element("circle", {"cx": 11, "cy": 0, "r": 3.5, "fill": LINE_COLOUR}),
            line_label,
        ),
        (_line_symbol(MEDIAN_COLOUR, 1.5, "6 4"), centre_name(analysis.kind)),
    ]
    if analysis.has_limits:
        entries.append((_line_symbol(LIMIT_COLOUR, 1.5, "3 3"), _("Control limits")))
    if target is not None:
        entries.append((_line_symbol(TARGET_COLOUR, 2, "10 3 2 3"), _("Target")))
    if analysis.signal_points:
        entries.append(
            (
                element(
                    "rect", {"x": 6, "y": -5, "width": 10, "height": 10, "fill": SIGNAL_COLOUR}
                ),
                _("Part of a signal"),
            )
        )
    if shown_cycles:
        entries.append(
            (
                element(
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
    if notes:
        entries.append(
            (element("circle", {"cx": 11, "cy": 0, "r": 7, "fill": NOTE_COLOUR}), _("Note"))
        )
    items = []
    x, row = 16.0, 0
    for symbol, label in entries:
        label = truncate(label, WIDTH - 32 - 28, FONT_SIZE)
        width = 28 + text_width(label, FONT_SIZE)
        if x + width > WIDTH - 16 and x > 16:
            x, row = 16.0, row + 1
        y = float(LEGEND_TOP + row * LEGEND_ROW)
        items.append(
            element(
                "g",
                {"transform": f"translate({coordinate(x)} {coordinate(y)})"},
                symbol + text(28, 4, label, font_size=FONT_SIZE, fill=TEXT_COLOUR),
            )
        )
        x += width + 18
    return group("run-chart-legend", items), row + 1
