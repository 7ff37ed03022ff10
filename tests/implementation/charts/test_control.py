"""The control charts' centre lines and limits, against values worked out by hand, and
the phases with a frozen baseline each."""

import datetime
import math

import pytest

from implementation.charts import (
    I_CHART,
    P_CHART,
    RUN,
    U_CHART,
    ChartError,
    Phase,
    Point,
    Signal,
    analyse,
    phases_from,
)


def month(index: int) -> datetime.date:
    return datetime.date(2025 + index // 12, index % 12 + 1, 1)


def points(values, numerators=None, denominators=None):
    numerators = numerators or [None] * len(values)
    denominators = denominators or [None] * len(values)
    return [
        Point(f"m{i}", value, month(i), numerator, denominator)
        for i, (value, numerator, denominator) in enumerate(
            zip(values, numerators, denominators, strict=True)
        )
    ]


def test_i_chart_limits_are_the_mean_plus_minus_2_66_mean_moving_ranges():
    # Mean 12; moving ranges 2, 4, 2, 6 (mean 3.5); limits 12 ± 2.66 × 3.5 = 12 ± 9.31.
    analysis = analyse(points([10, 12, 16, 14, 8]), I_CHART)

    assert analysis.centre == (12,) * 5
    assert analysis.lower == pytest.approx([2.69] * 5)
    assert analysis.upper == pytest.approx([21.31] * 5)


def test_a_point_beyond_the_i_chart_limits_is_a_signal():
    # Baseline of the first five: mean 12, limits 2.69 and 21.31; 25 lies above, 2 below.
    series = points([10, 12, 16, 14, 8, 25, 2])

    analysis = analyse(series, I_CHART, [Phase(0, 7, baseline=5)])

    outside = [s for s in analysis.signals if s.kind == "outside"]
    assert outside == [Signal("outside", "above", 5, 5), Signal("outside", "below", 6, 6)]


def test_p_chart_limits_vary_with_each_denominator_and_are_in_per_cent():
    # p̄ = (10 + 20 + 30) / (100 + 200 + 100) = 0.15.
    analysis = analyse(
        points([10, 10, 30], numerators=[10, 20, 30], denominators=[100, 200, 100]), P_CHART
    )

    sigma_100 = math.sqrt(0.15 * 0.85 / 100)
    sigma_200 = math.sqrt(0.15 * 0.85 / 200)
    assert analysis.centre == pytest.approx([15.0] * 3)
    assert analysis.upper == pytest.approx(
        [100 * (0.15 + 3 * sigma_100), 100 * (0.15 + 3 * sigma_200), 100 * (0.15 + 3 * sigma_100)]
    )
    assert analysis.lower[1] == pytest.approx(100 * (0.15 - 3 * sigma_200))
    assert [p.value for p in analysis.points] == pytest.approx([10, 10, 30])
    # 30 % against an upper limit of 25.7 %.
    assert Signal("outside", "above", 2, 2) in analysis.signals


def test_p_chart_limits_are_kept_within_0_and_100_per_cent():
    analysis = analyse(points([50, 0], numerators=[1, 0], denominators=[2, 3]), P_CHART)

    assert min(analysis.lower) == 0
    assert max(analysis.upper) == 100


def test_u_chart_limits_are_the_rate_plus_minus_three_root_rate_over_exposure():
    # ū = (4 + 6) / (50 + 150) = 0.05 per unit; values are stored per 1 000.
    analysis = analyse(points([80, 40], numerators=[4, 6], denominators=[50, 150]), U_CHART)

    assert analysis.scale == 1000
    assert analysis.centre == pytest.approx([50.0, 50.0])
    assert analysis.upper[0] == pytest.approx(1000 * (0.05 + 3 * math.sqrt(0.05 / 50)))
    assert analysis.lower[1] == pytest.approx(max(0, 1000 * (0.05 - 3 * math.sqrt(0.05 / 150))))


def test_p_and_u_charts_need_numerators_and_denominators():
    with pytest.raises(ChartError):
        analyse(points([1, 2]), P_CHART)
    with pytest.raises(ChartError):
        analyse(points([1, 2], numerators=[1, 2], denominators=[0, 5]), U_CHART)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ChartError):
        analyse(points([1, 2]), "x")


def test_a_run_chart_has_no_limits_and_its_centre_is_the_median():
    analysis = analyse(points([1, 9, 3]), RUN)

    assert analysis.centre == (3, 3, 3)
    assert not analysis.has_limits


def test_a_frozen_baseline_gives_the_median_of_its_points_only():
    # The first 12 points have median 2; the 8 after them all lie above: a long run.
    values = [3, 1] * 6 + [10] * 8

    analysis = analyse(points(values), RUN, [Phase(0, 20, baseline=12)])

    assert set(analysis.centre) == {2}
    assert Signal("shift", "above", 12, 19) in analysis.signals


def test_each_phase_has_its_own_centre_line():
    values = [1, 3] * 6 + [10, 12] * 6
    phases = phases_from(24, [(12, None)])

    analysis = analyse(points(values), RUN, phases)

    assert phases == (Phase(0, 12), Phase(12, 24))
    assert analysis.centre[:12] == (2,) * 12
    assert analysis.centre[12:] == (11,) * 12
    assert analysis.signals == []


def test_phases_ignore_starts_outside_the_series_and_keep_the_first_phase():
    assert phases_from(5, [(9, 3), (-1, None)]) == (Phase(0, 5),)
    assert phases_from(5, [(0, 3)]) == (Phase(0, 5, baseline=3),)


def test_a_baseline_longer_than_its_phase_takes_the_whole_phase():
    phase = Phase(0, 4, baseline=12)

    assert phase.baseline_end == 4
    assert not phase.frozen
