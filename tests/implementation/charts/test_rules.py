"""Anhøj's run rules, against the published table of critical values and on series
whose runs and crossings can be counted by eye."""

import pytest

from implementation.charts import Signal, fewest_crossings, longest_run_limit, run_signals

# Anhøj J, Olesen AV (2014) Run charts revisited: a simulation study of run chart rules
# for detection of non-random variation in health care processes. PLoS ONE 9(11):
# e113825, Table 1. For n useful points: the longest run allowed (a longer one is a
# signal) and the fewest crossings expected (fewer is a signal). Typed in as published,
# not computed.
TABLE_1 = {
    10: (6, 2), 11: (6, 2), 12: (7, 3), 13: (7, 3), 14: (7, 4), 15: (7, 4), 16: (7, 4),
    17: (7, 5), 18: (7, 5), 19: (7, 6), 20: (7, 6), 21: (7, 6), 22: (7, 7), 23: (8, 7),
    24: (8, 8), 25: (8, 8), 26: (8, 8), 27: (8, 9), 28: (8, 9), 29: (8, 10), 30: (8, 10),
    31: (8, 11), 32: (8, 11), 33: (8, 11), 34: (8, 12), 35: (8, 12), 36: (8, 13),
    37: (8, 13), 38: (8, 14), 39: (8, 14), 40: (8, 14), 41: (8, 15), 42: (8, 15),
    43: (8, 16), 44: (8, 16), 45: (8, 17), 46: (9, 17), 47: (9, 17), 48: (9, 18),
    49: (9, 18), 50: (9, 19), 51: (9, 19), 52: (9, 20), 53: (9, 20), 54: (9, 21),
    55: (9, 21), 56: (9, 21), 57: (9, 22), 58: (9, 22), 59: (9, 23), 60: (9, 23),
    61: (9, 24), 62: (9, 24), 63: (9, 25), 64: (9, 25), 65: (9, 25), 66: (9, 26),
    67: (9, 26), 68: (9, 27), 69: (9, 27), 70: (9, 28), 71: (9, 28), 72: (9, 29),
    73: (9, 29), 74: (9, 29), 75: (9, 30), 76: (9, 30), 77: (9, 31), 78: (9, 31),
    79: (9, 32), 80: (9, 32), 81: (9, 33), 82: (9, 33), 83: (9, 34), 84: (9, 34),
    85: (9, 34), 86: (9, 35), 87: (9, 35), 88: (9, 36), 89: (9, 36), 90: (9, 37),
    91: (10, 37), 92: (10, 38), 93: (10, 38), 94: (10, 39), 95: (10, 39), 96: (10, 39),
    97: (10, 40), 98: (10, 40), 99: (10, 41), 100: (10, 41),
}  # fmt: skip


def test_the_table_covers_10_to_100_points():
    assert sorted(TABLE_1) == list(range(10, 101))


@pytest.mark.parametrize(("n", "limits"), sorted(TABLE_1.items()))
def test_the_limits_match_the_published_table(n, limits):
    assert (longest_run_limit(n), fewest_crossings(n)) == limits


def alternating(n: int) -> list[int]:
    return [1 if i % 2 else -1 for i in range(n)]


@pytest.mark.parametrize("n", [10, 23, 46, 91])
def test_a_run_one_longer_than_the_limit_is_a_signal_and_one_at_the_limit_is_not(n):
    limit, _fewest = TABLE_1[n]
    at_limit = [1] * limit + alternating(n - limit)
    too_long = [1] * (limit + 1) + alternating(n - limit - 1)

    assert [s.kind for s in run_signals(at_limit, 0) if s.kind == "shift"] == []
    assert run_signals(too_long, 0)[0] == Signal("shift", "above", 0, limit)


@pytest.mark.parametrize("n", [10, 20, 45, 100])
def test_one_crossing_fewer_than_expected_is_a_signal(n):
    _limit, fewest = TABLE_1[n]

    # Runs of equal length give exactly `crossings` crossings of the centre line.
    def with_crossings(crossings):
        runs = crossings + 1
        sides = []
        for run in range(runs):
            length = n // runs + (1 if run < n % runs else 0)
            sides += [1 if run % 2 else -1] * length
        return sides

    enough = [s for s in run_signals(with_crossings(fewest), 0) if s.kind == "crossings"]
    too_few = [s for s in run_signals(with_crossings(fewest - 1), 0) if s.kind == "crossings"]

    assert enough == []
    assert too_few == [Signal("crossings", "few", 0, n - 1)]
    assert (too_few[0].count, too_few[0].limit) == (fewest - 1, fewest)


def test_points_on_the_centre_line_neither_break_a_run_nor_count():
    # 10 useful points allow a run of 6; 7 above with two on the line between is a signal.
    values = [5, 5, 0, 5, 5, 0, 5, 5, 5, -5, -5, -5]

    found = [s for s in run_signals(values, 0) if s.kind == "shift"]

    assert found == [Signal("shift", "above", 0, 8)]
    assert found[0].indices == (0, 1, 3, 4, 6, 7, 8)


def test_points_on_the_centre_line_do_not_count_towards_n():
    # 12 points but 10 useful: a run of 7 is a signal at n = 10 (limit 6), not at 12.
    values = [1] * 7 + [0, 0] + [-1, 1, -1]

    assert Signal("shift", "above", 0, 6) in run_signals(values, 0)


def test_a_run_below_the_centre_line_is_named_below():
    values = [-1] * 8 + [1, -1] * 4

    assert run_signals(values, 0)[0] == Signal("shift", "below", 0, 7)


def test_random_looking_series_gives_no_signal():
    values = [3, 7, 4, 8, 2, 6, 5, 9, 1, 7, 3, 8, 4, 6, 2, 9]

    assert run_signals(values, 5.5) == []


def test_the_offset_moves_the_indices_into_the_whole_series():
    assert run_signals([1] * 11, 0, offset=4)[0] == Signal("shift", "above", 4, 14)


def test_rounding_is_half_up_as_published_not_to_even():
    # log2(n) + 3 is never exactly half-way for a whole n; the limits round as the
    # paper's table does around the half-way points.
    assert longest_run_limit(22) == 7  # log2(22) + 3 = 7.459
    assert longest_run_limit(23) == 8  # 7.524
    assert longest_run_limit(45) == 8  # 8.492
    assert longest_run_limit(46) == 9  # 8.524


def test_too_few_points_give_no_signal():
    assert run_signals([], 0) == []
    assert run_signals([1], 0) == []
    assert run_signals([1, 1, 1, 1], 0) == []
