"""Where the points, gridlines, dates and PDSA bands go on a chart."""

import datetime
import math
from collections.abc import Sequence

from .elements import (
    FONT_SIZE,
    GLYPH_EM,
    MAX_X_LABELS,
    PLOT_BOTTOM,
    PLOT_RIGHT,
    PLOT_TOP,
    nice_ticks,
    number,
    text_width,
    truncate,
)
from .rules import Cycle, Point

# A single measurement or a series without a usable step gives no period length; a month
# is the common period.
DEFAULT_PERIOD = datetime.timedelta(days=30)


class Layout:
    """Where the points, gridlines and dates go on the chart."""

    def __init__(self, points: Sequence[Point], extra: Sequence[float | None] = ()):
        """`extra` are values besides the points the y range must hold (limits, target)."""
        self.points = points
        if not points:
            return
        values = [point.value for point in points] + [v for v in extra if v is not None]
        self.ticks, self.decimals = nice_ticks(min(values), max(values))
        self.tick_labels = [number(tick, self.decimals) for tick in self.ticks]
        widest = max(text_width(label, FONT_SIZE) for label in self.tick_labels)
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

    def contains(self, day: datetime.date) -> bool:
        """Whether the day falls within the periods the chart shows."""
        if not self.points:
            return False
        starts = [point.when for point in self.points]
        period = starts[-1] - starts[-2] if len(starts) > 1 else DEFAULT_PERIOD
        if period <= datetime.timedelta(0):
            period = DEFAULT_PERIOD
        return starts[0] <= day < starts[-1] + period

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
        widest = max(text_width(x_label(point.label), FONT_SIZE) for point in self.points)
        return max(
            math.ceil(len(self.points) / MAX_X_LABELS), math.ceil((widest + 6) / self.step), 1
        )


def x_label(label: str) -> str:
    return truncate(label, 18 * FONT_SIZE * GLYPH_EM, FONT_SIZE)
