"""The pieces charts are drawn with: sizes and colours, numbers in the current language,
SVG elements with escaped attributes, and round gridline values."""

import html
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils import formats

from .rules import same

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
LIMIT_COLOUR = "#7a4a00"
TARGET_COLOUR = "#1d6b34"
NOTE_COLOUR = "#4a4a4a"


def number(value: float, decimals: int | None = None) -> str:
    """The value in the current language's number format, with at most two decimals
    unless told otherwise."""
    if decimals is None:
        decimals = next(d for d in range(3) if same(round(value, d), round(value, 2)))
    number = Decimal(f"{value:.{decimals}f}")
    if number == 0:
        # Rounding a small negative value would show "-0".
        number = abs(number)
    return formats.number_format(number, decimal_pos=decimals, force_grouping=abs(number) >= 10000)


def with_unit(value: float, unit: str) -> str:
    text = number(value)
    return f"{text}\N{NO-BREAK SPACE}{unit}" if unit else text


def text_width(text: str, size: float) -> float:
    return len(text) * size * GLYPH_EM


def truncate(text: str, width: float, size: float) -> str:
    """The text, cut with an ellipsis where it would run wider than `width`."""
    fits = int(width / (size * GLYPH_EM))
    if len(text) <= fits:
        return text
    if fits < 2:
        return ""
    return text[: fits - 1].rstrip() + "…"


def nice_ticks(low: float, high: float) -> tuple[list[float], int]:
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


def coordinate(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def escape(value: object) -> str:
    """Django's `escape` (every value escaped, safe or not), the same text: a chart
    escapes some two hundred values, and `keep_lazy` around Django's looks through the
    arguments of every call for a lazy one."""
    return html.escape(str(value))


def element(name: str, attributes: Mapping[str, object], content: str | None = None) -> str:
    """An SVG element with escaped attributes; `content` must already be escaped."""
    parts = [name]
    for key, value in attributes.items():
        if isinstance(value, float):
            # Digits, a sign and a point: nothing to escape.
            parts.append(f'{key}="{coordinate(value)}"')
        else:
            parts.append(f'{key}="{escape(value)}"')
    if content is None:
        return f"<{' '.join(parts)}/>"
    return f"<{' '.join(parts)}>{content}</{name}>"


def _names(attributes: Mapping[str, object]) -> dict[str, object]:
    # Keyword arguments spell SVG attributes in Python: class_ is class, font_size font-size.
    return {key.rstrip("_").replace("_", "-"): value for key, value in attributes.items()}


def text(x: float, y: float, content: str, **attributes) -> str:
    return element("text", {"x": x, "y": y, **_names(attributes)}, escape(content))


def group(css_class: str, children: Iterable[str], **attributes) -> str:
    return element("g", {"class": css_class, **_names(attributes)}, "".join(children))
