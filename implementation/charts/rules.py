"""The run chart rules of Anhøj (Anhøj & Olesen 2014, "Run charts revisited", PLOS ONE):
an unusually long run on one side of the centre line, or unusually few crossings of it.

Both limits depend on n, the number of useful points: those not on the centre line. They
replace the older fixed rules (six points in a shift, five in a trend), whose false alarm
rate grows with the length of the series.
"""

import dataclasses
import datetime
import math
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclasses.dataclass(frozen=True)
class Point:
    """One measurement: its period's label and start, and its value (stored as a float).

    `numerator` and `denominator` are kept when the measurement has them: the P- and
    U-charts are drawn from them.
    """

    label: str
    value: float
    when: datetime.date
    numerator: float | None = None
    denominator: float | None = None

    def __post_init__(self):
        value = float(self.value)
        # A NaN or infinity cannot be placed on the chart and would poison the median.
        if not math.isfinite(value):
            raise ValueError(f"A chart point needs a finite value, not {self.value!r}.")
        object.__setattr__(self, "value", value)
        for name in ("numerator", "denominator"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, float(getattr(self, name)))


@dataclasses.dataclass(frozen=True)
class Cycle:
    """A PDSA cycle, from `start` to `end`, both days included."""

    title: str
    start: datetime.date
    end: datetime.date


@dataclasses.dataclass(frozen=True)
class Signal:
    """Something in the series that random variation alone rarely gives.

    kind "shift": a run longer than the limit, direction "above" or "below" the centre line;
    kind "crossings": too few crossings of the centre line (direction "few"), `first` and
    `last` the phase's first and last point; kind "outside": a point beyond a control limit,
    direction "above" or "below". `line` is the centre line the rules ran on: "median"
    (run chart) or "mean" (control chart).

    `first` and `last` are indices into the series. `counted` holds the indices the rule
    counted (points on the centre line lie inside a run without counting). `count` and
    `limit` are the crossings found and the fewest expected. None of these three take part
    in comparisons, so `Signal("shift", "above", 0, 8)` equals the signal found there.
    """

    kind: str
    direction: str
    first: int
    last: int
    counted: tuple[int, ...] = dataclasses.field(default=(), compare=False, repr=False)
    count: int = dataclasses.field(default=0, compare=False)
    limit: int = dataclasses.field(default=0, compare=False)
    line: str = dataclasses.field(default="median", compare=False, repr=False)

    @property
    def indices(self) -> tuple[int, ...]:
        """The points that make up the signal (none for too few crossings)."""
        if self.kind == "crossings":
            return ()
        return self.counted or tuple(range(self.first, self.last + 1))

    def describe(self, points: Sequence[Point]) -> str:
        """One translated sentence naming the signal, its length and its periods."""
        first, last = points[self.first].label, points[self.last].label
        if self.kind == "shift":
            count = len(self.indices)
            return _run_sentence(self.direction, self.line, count) % {
                "count": count,
                "first": first,
            }
        if self.kind == "crossings":
            if self.line == "median":
                text = ngettext(
                    "The series crosses the median only %(count)d time from %(first)s to "
                    "%(last)s; random variation would cross it at least %(limit)d times.",
                    "The series crosses the median only %(count)d times from %(first)s to "
                    "%(last)s; random variation would cross it at least %(limit)d times.",
                    self.count,
                )
            else:
                text = ngettext(
                    "The series crosses the mean only %(count)d time from %(first)s to "
                    "%(last)s; random variation would cross it at least %(limit)d times.",
                    "The series crosses the mean only %(count)d times from %(first)s to "
                    "%(last)s; random variation would cross it at least %(limit)d times.",
                    self.count,
                )
            return text % {"count": self.count, "limit": self.limit, "first": first, "last": last}
        if self.kind == "outside" and self.direction == "above":
            return _("The point for %(first)s lies above the upper control limit.") % {
                "first": first
            }
        if self.kind == "outside" and self.direction == "below":
            return _("The point for %(first)s lies below the lower control limit.") % {
                "first": first
            }
        raise ValueError(f"Unknown signal {self.kind!r} {self.direction!r}.")


def _run_sentence(direction: str, line: str, count: int) -> str:
    if (direction, line) == ("above", "median"):
        return ngettext(
            "%(count)d point in a row above the median since %(first)s.",
            "%(count)d points in a row above the median since %(first)s.",
            count,
        )
    if (direction, line) == ("below", "median"):
        return ngettext(
            "%(count)d point in a row below the median since %(first)s.",
            "%(count)d points in a row below the median since %(first)s.",
            count,
        )
    if direction == "above":
        return ngettext(
            "%(count)d point in a row above the mean since %(first)s.",
            "%(count)d points in a row above the mean since %(first)s.",
            count,
        )
    return ngettext(
        "%(count)d point in a row below the mean since %(first)s.",
        "%(count)d points in a row below the mean since %(first)s.",
        count,
    )


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


def longest_run_limit(useful: int) -> int:
    """The longest run random variation gives in `useful` points: round(log2(n) + 3).

    A longer run is a signal. Rounded half up as in the paper (Python's round() rounds
    half to even; log2(n) + 3 is never exactly half-way for a whole n, but the intent is
    kept explicit).
    """
    if useful < 1:
        return 0
    return math.floor(math.log2(useful) + 3 + 0.5)


def fewest_crossings(useful: int) -> int:
    """The 5th percentile of Binomial(n - 1, 0.5), computed exactly: the smallest k with
    P(X <= k) >= 0.05. Fewer crossings than this are a signal."""
    trials = useful - 1
    if trials < 1:
        return 0
    total = 2**trials
    cumulative = 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        # P(X <= k) >= 1/20, in whole numbers.
        if cumulative * 20 >= total:
            return k
    return trials


def run_signals(
    values: Sequence[float],
    centre: float,
    *,
    offset: int = 0,
    min_points: int = 1,
    line: str = "median",
) -> list[Signal]:
    """Every run longer than `longest_run_limit`, and too few crossings, of `values`
    around `centre`. Indices are shifted by `offset` (the phase's first point in a longer
    series). Below `min_points` useful points nothing is judged.
    """
    numbers = [float(value) for value in values]
    centre = float(centre)
    sides = [
        (offset + index, value > centre)
        for index, value in enumerate(numbers)
        if not same(value, centre)
    ]
    useful = len(sides)
    if useful < max(min_points, 2):
        return []
    runs: list[tuple[bool, list[int]]] = []
    for position, (index, above) in enumerate(sides):
        if position and above == sides[position - 1][1]:
            runs[-1][1].append(index)
        else:
            runs.append((above, [index]))
    limit = longest_run_limit(useful)
    signals = [
        Signal("shift", "above" if above else "below", run[0], run[-1], tuple(run), line=line)
        for above, run in runs
        if len(run) > limit
    ]
    crossings = len(runs) - 1
    fewest = fewest_crossings(useful)
    if crossings < fewest:
        signals.append(
            Signal(
                "crossings",
                "few",
                offset,
                offset + len(numbers) - 1,
                count=crossings,
                limit=fewest,
                line=line,
            )
        )
    return signals
