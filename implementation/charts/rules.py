"""The run chart rules (IHI, "The Improvement Guide"): the median of a series, and the
shifts and trends in it."""

import dataclasses
import datetime
import math
from collections.abc import Sequence

from django.utils.translation import ngettext

#: The fewest points on one side of the median that make a shift.
SHIFT_LENGTH = 6
#: The fewest points going the same way that make a trend.
TREND_LENGTH = 5


@dataclasses.dataclass(frozen=True)
class Point:
    """One measurement: its period's label and start, and its value (stored as a float)."""

    label: str
    value: float
    when: datetime.date

    def __post_init__(self):
        value = float(self.value)
        # A NaN or infinity cannot be placed on the chart and would poison the median.
        if not math.isfinite(value):
            raise ValueError(f"A run chart point needs a finite value, not {self.value!r}.")
        object.__setattr__(self, "value", value)


@dataclasses.dataclass(frozen=True)
class Cycle:
    """A PDSA cycle, from `start` to `end`, both days included."""

    title: str
    start: datetime.date
    end: datetime.date


@dataclasses.dataclass(frozen=True)
class Signal:
    """A shift (direction "above"/"below") or a trend ("up"/"down") in a series.

    `first` and `last` are indices into the series of the first and last counted point.
    `counted` holds the indices of every point the rule counted: points on the median in a
    shift, and repeated equal values in a trend, lie between `first` and `last` without
    counting. It takes no part in comparisons, so `Signal("shift", "above", 0, 5)` equals
    the signal `run_signals` finds there.
    """

    kind: str
    direction: str
    first: int
    last: int
    counted: tuple[int, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @property
    def indices(self) -> tuple[int, ...]:
        """The points that make up the signal."""
        return self.counted or tuple(range(self.first, self.last + 1))

    def describe(self, points: Sequence[Point]) -> str:
        """One translated sentence naming the signal, its length and its periods."""
        params = {
            "count": len(self.indices),
            "first": points[self.first].label,
            "last": points[self.last].label,
        }
        count = params["count"]
        if (self.kind, self.direction) == ("shift", "above"):
            text = ngettext(
                "A shift: %(count)d point above the median, from %(first)s to %(last)s.",
                "A shift: %(count)d points above the median, from %(first)s to %(last)s.",
                count,
            )
        elif (self.kind, self.direction) == ("shift", "below"):
            text = ngettext(
                "A shift: %(count)d point below the median, from %(first)s to %(last)s.",
                "A shift: %(count)d points below the median, from %(first)s to %(last)s.",
                count,
            )
        elif (self.kind, self.direction) == ("trend", "up"):
            text = ngettext(
                "A trend: %(count)d point in a row going up, from %(first)s to %(last)s.",
                "A trend: %(count)d points in a row going up, from %(first)s to %(last)s.",
                count,
            )
        elif (self.kind, self.direction) == ("trend", "down"):
            text = ngettext(
                "A trend: %(count)d point in a row going down, from %(first)s to %(last)s.",
                "A trend: %(count)d points in a row going down, from %(first)s to %(last)s.",
                count,
            )
        else:
            raise ValueError(f"Unknown signal {self.kind!r} {self.direction!r}.")
        return text % params


def median(values: Sequence[float]) -> float | None:
    """The median of the values, or None when there are none."""
    ordered = sorted(float(value) for value in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def same(a: float, b: float) -> bool:
    # Values that came from Decimals, or a median halfway between two, may differ from an
    # equal value in the last bit.
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def run_signals(values: Sequence[float], centre: float) -> list[Signal]:
    """Every maximal shift around `centre` and every maximal trend in `values`.

    A shift is SHIFT_LENGTH or more points in a row on one side of `centre`; points on it
    are skipped. A trend is TREND_LENGTH or more points in a row going up, or down; of
    successive equal values only the first counts. Shifts come first, then trends, each in
    the order they occur.
    """
    numbers = [float(value) for value in values]
    centre = float(centre)
    return _shifts(numbers, centre) + _trends(numbers)


def _shifts(values: list[float], centre: float) -> list[Signal]:
    signals = []
    run: list[int] = []
    side = None
    for index, value in enumerate(values):
        if same(value, centre):
            continue
        this_side = "above" if value > centre else "below"
        if this_side != side:
            signals += _shift(run, side)
            run, side = [], this_side
        run.append(index)
    signals += _shift(run, side)
    return signals


def _shift(run: list[int], side: str | None) -> list[Signal]:
    if len(run) < SHIFT_LENGTH:
        return []
    return [Signal("shift", side, run[0], run[-1], tuple(run))]


def _trends(values: list[float]) -> list[Signal]:
    kept = [i for i, value in enumerate(values) if i == 0 or not same(value, values[i - 1])]
    signals = []
    run = kept[:1]
    heading = None
    for previous, index in zip(kept, kept[1:], strict=False):
        this_heading = "up" if values[index] > values[previous] else "down"
        if this_heading != heading:
            signals += _trend(run, heading)
            # The turning point ends one trend and starts the next.
            run, heading = [previous], this_heading
        run.append(index)
    signals += _trend(run, heading)
    return signals


def _trend(run: list[int], heading: str | None) -> list[Signal]:
    if len(run) < TREND_LENGTH:
        return []
    return [Signal("trend", heading, run[0], run[-1], tuple(run))]
