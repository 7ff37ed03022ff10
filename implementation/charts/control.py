"""What a chart shows before it is drawn: for each point its centre line and control
limits, split into phases with a baseline each, and the signals found.

Run chart: the centre is the median of the phase's baseline; signals are Anhøj's rules.
I-chart (individuals): the mean of the baseline, limits mean ± 2.66 × the mean moving
range. P-chart (proportions): p̄ = Σ numerators / Σ denominators of the baseline, limits
p̄ ± 3 √(p̄(1 − p̄)/nᵢ) for each point's denominator nᵢ, kept within 0–1. U-chart (rates):
ū = Σ numerators / Σ denominators, limits ū ± 3 √(ū/nᵢ), never below 0. Control charts
flag points beyond the limits and also run Anhøj's rules around the centre line.
"""

import dataclasses
import math
from collections.abc import Sequence

from .rules import Point, Signal, median, run_signals

RUN = "run"
I_CHART = "i"
P_CHART = "p"
U_CHART = "u"
KINDS = (RUN, I_CHART, P_CHART, U_CHART)
#: d2 for moving ranges of two: 3 / 1.128 ≈ 2.66.
I_FACTOR = 2.66


class ChartError(ValueError):
    """The data cannot make the chart asked for; the message says why, for the user."""


@dataclasses.dataclass(frozen=True)
class Phase:
    """Points `start` up to (not including) `end` of the series; the first `baseline`
    of them give the centre line and limits (None: all of the phase's points)."""

    start: int
    end: int
    baseline: int | None = None

    @property
    def baseline_end(self) -> int:
        if self.baseline is None:
            return self.end
        return min(self.start + self.baseline, self.end)

    @property
    def frozen(self) -> bool:
        return self.baseline is not None and self.baseline_end < self.end


@dataclasses.dataclass(frozen=True)
class Analysis:
    """A series ready to draw: `points` carry the plotted values (percent for a P-chart,
    the rate times `scale` for a U-chart); `centre`, `lower` and `upper` hold one value per
    point (None where a chart has no such line)."""

    kind: str
    points: tuple[Point, ...]
    phases: tuple[Phase, ...]
    centre: tuple[float | None, ...]
    lower: tuple[float | None, ...]
    upper: tuple[float | None, ...]
    signals: list[Signal]
    scale: float = 1.0

    @property
    def signal_points(self) -> set[int]:
        return {index for signal in self.signals for index in signal.indices}

    @property
    def has_limits(self) -> bool:
        return any(value is not None for value in self.upper)


def phases_from(count: int, starts: Sequence[tuple[int, int | None]]) -> tuple[Phase, ...]:
    """Phases for a series of `count` points from (first index, baseline length) pairs.
    Without any, the whole series is one phase whose baseline is all of it."""
    ordered = sorted({start: length for start, length in starts if 0 <= start < count}.items())
    if not ordered or ordered[0][0] != 0:
        ordered.insert(0, (0, None))
    ends = [start for start, _length in ordered[1:]] + [count]
    return tuple(
        Phase(start, end, length) for (start, length), end in zip(ordered, ends, strict=True)
    )


def analyse(
    points: Sequence[Point], kind: str = RUN, phases: Sequence[Phase] | None = None
) -> Analysis:
    """The centre line, limits and signals of `points` as a chart of `kind`.

    Raises ChartError when the data cannot make that chart (a P- or U-chart without
    denominators).
    """
    if kind not in KINDS:
        raise ChartError(f"Unknown chart kind {kind!r}.")
    points = tuple(points)
    if not points:
        return Analysis(kind, (), (), (), (), (), [])
    if phases is None:
        phases = (Phase(0, len(points)),)
    phases = tuple(phases)
    scale = 1.0
    if kind in (P_CHART, U_CHART):
        if any(p.denominator is None or p.numerator is None or p.denominator <= 0 for p in points):
            raise ChartError("denominators")
        if kind == P_CHART and any(p.numerator > p.denominator for p in points):
            raise ChartError("proportions")
        scale = 100.0 if kind == P_CHART else _rate_scale(points)
        points = tuple(
            dataclasses.replace(p, value=p.numerator / p.denominator * scale) for p in points
        )
    centre: list[float | None] = []
    lower: list[float | None] = []
    upper: list[float | None] = []
    signals: list[Signal] = []
    for phase in phases:
        members = points[phase.start : phase.end]
        base = points[phase.start : phase.baseline_end]
        middle, lows, highs = _limits(kind, base, members, scale)
        centre += [middle] * len(members)
        lower += lows
        upper += highs
        signals += run_signals(
            [p.value for p in members],
            middle,
            offset=phase.start,
            line="median" if kind == RUN else "mean",
        )
        for offset, (point, low, high) in enumerate(zip(members, lows, highs, strict=True)):
            index = phase.start + offset
            if high is not None and point.value > high and not math.isclose(point.value, high):
                signals.append(Signal("outside", "above", index, index))
            elif low is not None and point.value < low and not math.isclose(point.value, low):
                signals.append(Signal("outside", "below", index, index))
    signals.sort(key=lambda s: (s.first, ("outside", "shift", "crossings").index(s.kind)))
    return Analysis(kind, points, phases, tuple(centre), tuple(lower), tuple(upper), signals, scale)


def _limits(
    kind: str, base: Sequence[Point], members: Sequence[Point], scale: float
) -> tuple[float, list[float | None], list[float | None]]:
    none = [None] * len(members)
    if kind == RUN:
        return median([p.value for p in base]), none, none
    if kind == I_CHART:
        values = [p.value for p in base]
        mean = sum(values) / len(values)
        if len(values) < 2:
            return mean, none, none
        ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
        spread = I_FACTOR * sum(ranges) / len(ranges)
        return mean, [mean - spread] * len(members), [mean + spread] * len(members)
    total = sum(p.denominator for p in base)
    bar = sum(p.numerator for p in base) / total
    lows: list[float | None] = []
    highs: list[float | None] = []
    for point in members:
        if kind == P_CHART:
            sigma = math.sqrt(bar * (1 - bar) / point.denominator)
            lows.append(max(bar - 3 * sigma, 0.0) * scale)
            highs.append(min(bar + 3 * sigma, 1.0) * scale)
        else:
            sigma = math.sqrt(bar / point.denominator)
            lows.append(max(bar - 3 * sigma, 0.0) * scale)
            highs.append((bar + 3 * sigma) * scale)
    return bar * scale, lows, highs


def _rate_scale(points: Sequence[Point]) -> float:
    """The power of ten the stored values use for the rate (per 1, per 100, per 1 000 …),
    read from the first point whose value and numerator agree; 1 if none does."""
    for point in points:
        if point.numerator and point.value:
            ratio = point.value / (point.numerator / point.denominator)
            power = round(math.log10(ratio))
            if 0 <= power <= 6 and math.isclose(ratio, 10**power, rel_tol=0.02):
                return float(10**power)
    return 1.0
