"""A small server-drawn line chart of yearly open data values: the organisation, the
country and the comparison municipalities. Accessible SVG with presentation attributes
only (the Content Security Policy forbids inline styles); the table beside it on the page
is the text alternative."""

import dataclasses
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 310
LEFT, RIGHT, TOP, BOTTOM = 56, WIDTH - 16, 16, 220
LEGEND_TOP = BOTTOM + 44
FONT = 12
# Each reaches at least 3:1 against white (WCAG 1.4.11); text 4.5:1.
OWN_COLOUR = "#0b4f8a"
COUNTRY_COLOUR = "#1a1a1a"
COMPARISON_COLOUR = "#767676"
AXIS_COLOUR = "#4a4a4a"
GRID_COLOUR = "#d6d6d6"
TEXT_COLOUR = "#1a1a1a"


@dataclasses.dataclass(frozen=True)
class Series:
    """One line: a name, its kind ("own", "country" or "comparison") and its values by
    year (None where the source has no value); `preliminary` holds the years whose value
    is preliminary."""

    name: str
    kind: str
    values: Mapping[int, Decimal | None]
    preliminary: frozenset[int] = frozenset()


def line_chart(series: Sequence[Series], years: Sequence[int], *, title: str, chart_id: str):
    """The SVG of `series` over `years`, safe to put in a template as it is."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    found = [v for s in series for v in s.values.values() if v is not None]
    parts = [
        _element("title", {"id": title_id}, escape(title)),
        _element("desc", {"id": desc_id}, escape(_describe(series, years))),
    ]
    if not found or not years:
        parts.append(
            _element(
                "text",
                {
                    "x": WIDTH / 2,
                    "y": HEIGHT / 2,
                    "text-anchor": "middle",
                    "font-size": FONT + 2,
                    "fill": TEXT_COLOUR,
                },
                escape(_("No values yet.")),
            )
        )
    else:
        low, high, step = _scale(min(found), max(found))
        parts += _axes(years, low, high, step)
        # Comparisons first, so that the organisation's own line is drawn on top.
        order = {"comparison": 0, "country": 1, "own": 2}
        for line in sorted(series, key=lambda s: order.get(s.kind, 0)):
            parts += _line(line, years, low, high)
        parts.append(_legend(series))
    root = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "class": "open-data-chart",
        "id": chart_id,
    }
    return SafeString(mark_safe(_element("svg", root, "".join(parts))))


def _describe(series: Sequence[Series], years: Sequence[int]) -> str:
    own = next((s for s in series if s.kind == "own"), None)
    if own is None or not years:
        return _("Line chart; the values are in the table below.")
    latest = next((y for y in reversed(years) if own.values.get(y) is not None), None)
    if latest is None:
        return _("Line chart; %(name)s has no values yet. The values are in the table below.") % {
            "name": own.name
        }
    return _(
        "Line chart of %(name)s beside the country and the comparison municipalities, "
        "%(first)s–%(last)s. Latest value for %(name)s: %(value)s (%(year)s). "
        "All values are in the table below."
    ) % {
        "name": own.name,
        "first": years[0],
        "last": years[-1],
        "value": formats.number_format(own.values[latest], use_l10n=True),
        "year": latest,
    }


def _scale(low: Decimal, high: Decimal) -> tuple[float, float, float]:
    """The axis from 0 (or below, for negative values) to a round number above the
    highest value, and the round step between its labels."""
    low, high = min(float(low), 0.0), float(high)
    if high <= low:
        high = low + 1
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _label(value: float) -> Decimal:
    """An axis label without float noise: 0.30000000000000004 is 0.3, 20.0 is 20."""
    tidy = Decimal(str(round(value, 6)))
    return tidy.quantize(Decimal(1)) if tidy == tidy.to_integral() else tidy.normalize()


def _x(years: Sequence[int], year: int) -> float:
    if len(years) == 1:
        return (LEFT + RIGHT) / 2
    return LEFT + (RIGHT - LEFT) * (year - years[0]) / (years[-1] - years[0])


def _y(value: float, low: float, high: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * (value - low) / (high - low)


def _axes(years: Sequence[int], low: float, high: float, step: float) -> list[str]:
    parts = []
    for index in range(round((high - low) / step) + 1):
        value = low + step * index
        y = _y(value, low, high)
        parts.append(
            _element(
                "line",
                {
                    "x1": LEFT,
                    "x2": RIGHT,
                    "y1": y,
                    "y2": y,
                    "stroke": GRID_COLOUR,
                    "stroke-width": 1,
                },
            )
        )
        parts.append(
            _element(
                "text",
                {
                    "x": LEFT - 6,
                    "y": y + 4,
                    "text-anchor": "end",
                    "font-size": FONT,
                    "fill": TEXT_COLOUR,
                },
                escape(formats.number_format(_label(value), use_l10n=True)),
            )
        )
    parts.append(
        _element(
            "line",
            {
                "x1": LEFT,
                "x2": RIGHT,
                "y1": BOTTOM,
                "y2": BOTTOM,
                "stroke": AXIS_COLOUR,
                "stroke-width": 1,
            },
        )
    )
    every = max(1, len(years) // 10 + (1 if len(years) % 10 else 0))
    for index, year in enumerate(years):
        if index % every:
            continue
        parts.append(
            _element(
                "text",
                {
                    "x": _x(years, year),
                    "y": BOTTOM + 18,
                    "text-anchor": "middle",
                    "font-size": FONT,
                    "fill": TEXT_COLOUR,
                },
                str(year),
            )
        )
    return parts


STYLES = {
    "own": {"stroke": OWN_COLOUR, "stroke-width": 3},
    "country": {"stroke": COUNTRY_COLOUR, "stroke-width": 2, "stroke-dasharray": "6 4"},
    "comparison": {"stroke": COMPARISON_COLOUR, "stroke-width": 1.5},
}


def _line(series: Series, years: Sequence[int], low: float, high: float) -> list[str]:
    style = STYLES.get(series.kind, STYLES["comparison"])
    colour = style["stroke"]
    parts, run = [], []
    points = []
    for year in years:
        value = series.values.get(year)
        if value is None:
            # A missing value breaks the line: nothing is drawn as if it were 0.
            if len(run) > 1:
                points.append(run)
            run = []
            continue
        run.append((_x(years, year), _y(float(value), low, high), year))
    if len(run) > 1:
        points.append(run)
    for segment in points:
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y, _year in segment)
        parts.append(_element("polyline", {"points": d, "fill": "none", **style}))
    radius = 4 if series.kind == "own" else 3
    for year in years:
        value = series.values.get(year)
        if value is None:
            continue
        x, y = _x(years, year), _y(float(value), low, high)
        hollow = year in series.preliminary
        parts.append(
            _element(
                "circle",
                {
                    "cx": x,
                    "cy": y,
                    "r": radius,
                    "stroke": colour,
                    "stroke-width": 1.5,
                    "fill": "#ffffff" if hollow else colour,
                },
                _element("title", {}, escape(_point_label(series, year, value, hollow))),
            )
        )
    return parts


def _point_label(series: Series, year: int, value: Decimal, preliminary: bool) -> str:
    text = f"{series.name} {year}: {formats.number_format(value, use_l10n=True)}"
    return f"{text} ({_('preliminary')})" if preliminary else text


def _legend(series: Sequence[Series]) -> str:
    entries = []
    own = next((s for s in series if s.kind == "own"), None)
    if own is not None:
        entries.append((own.name, "own"))
    if any(s.kind == "country" for s in series):
        entries.append((_("Whole country"), "country"))
    if any(s.kind == "comparison" for s in series):
        entries.append((_("Comparison municipalities"), "comparison"))
    entries.append((_("Hollow point: preliminary value"), None))
    parts, x, y = [], LEFT, LEGEND_TOP
    for label, kind in entries:
        width = int(len(label) * FONT * 0.58) + (30 if kind is not None else 0)
        if x > LEFT and x + width > RIGHT:
            x, y = LEFT, y + 20
        if kind is not None:
            style = STYLES[kind]
            parts.append(
                _element("line", {"x1": x, "x2": x + 24, "y1": y - 4, "y2": y - 4, **style})
            )
            x += 30
        parts.append(
            _element(
                "text", {"x": x, "y": y, "font-size": FONT, "fill": TEXT_COLOUR}, escape(label)
            )
        )
        x += int(len(label) * FONT * 0.58) + 18
    return _element("g", {"class": "open-data-legend"}, "".join(parts))


def _element(name: str, attributes: Mapping[str, object], content: str | None = None) -> str:
    """An SVG element with escaped attributes; `content` must already be escaped."""
    text = [name]
    for key, value in attributes.items():
        if isinstance(value, float):
            value = f"{value:.1f}".rstrip("0").rstrip(".")
        text.append(f'{key}="{escape(value)}"')
    if content is None:
        return f"<{' '.join(text)}/>"
    return f"<{' '.join(text)}>{content}</{name}>"
