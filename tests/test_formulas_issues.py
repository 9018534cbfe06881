"""Every formula of the issues (``positions._issues``), pinned to numbers
worked out by hand or by a plain re-implementation of its definition
(``docs/explanation/model.md`` and ``measures.md``): distances, distances
from a set, membership, inclusion, intersection, gaps and overlap ratios, for
each kind of issue and, on weighted items, under each item measure."""

from __future__ import annotations

import itertools
import math

import pytest

from formulas_support import (
    LAND,
    LEASE,
    SEAT,
    SIZES,
    TIER,
    close,
    geometric_mean,
    interval_gap,
    items_distance,
)
from positions import Box, Interval, Levels, ScaleIssue
from positions._issues import _interval_ratio, _LevelIssue, _union_length

# ---------------------------------------------------------------------------
# Intervals


def test_an_interval_contains_its_bounds_and_nothing_outside() -> None:
    iv = Interval(20, 30)
    assert iv.contains(20.0)
    assert iv.contains(30.0)
    assert iv.contains(25.0)
    assert not iv.contains(19.99)
    assert not iv.contains(30.01)
    assert iv.length == 10.0


def test_the_distance_to_an_interval_is_to_its_nearest_bound() -> None:
    iv = Interval(20, 30)
    assert iv.distance_to(12.0) == 8.0  # 20 - 12
    assert iv.distance_to(45.0) == 15.0  # 45 - 30
    assert iv.distance_to(20.0) == 0.0
    assert iv.distance_to(26.0) == 0.0


def test_the_union_length_counts_overlaps_once_and_gaps_not_at_all() -> None:
    # [10, 20] and [15, 25] merge into [10, 25] (15); [40, 50] adds 10;
    # [45, 48] lies inside it and adds nothing.
    sets = [Interval(40, 50), Interval(10, 20), Interval(45, 48), Interval(15, 25)]
    assert _union_length(sets) == 25.0
    assert _union_length([Interval(10, 20), Interval(20, 30)]) == 20.0
    # Three pieces apart: 1 + 2 + 3.
    assert _union_length([Interval(5, 8), Interval(0, 1), Interval(2, 4)]) == 6.0
    assert _union_length([Interval(5, 5)]) == 0.0


# ---------------------------------------------------------------------------
# Scale: d(x, y) = |x - y| / (high - low); LEASE is [10, 60], span 50.


def test_scale_distance_is_the_difference_over_the_span() -> None:
    assert LEASE.span == 50.0
    assert LEASE.distance(20, 45) == 0.5  # 25 / 50
    assert LEASE.distance(45, 20) == 0.5
    assert LEASE.distance(10, 60) == 1.0
    assert LEASE.distance(33, 33) == 0.0
    # Another scale: 12 of a span of 40.
    assert ScaleIssue("t", low=-20, high=20).distance(-2, 10) == 0.3


def test_scale_distance_from_a_set_is_over_the_span_too() -> None:
    red = Interval(20, 30)
    assert LEASE.set_distance(red, 45) == close(0.3)  # 15 / 50, not 15 * 50
    assert LEASE.set_distance(red, 12) == close(0.16)  # 8 / 50
    assert LEASE.set_distance(red, 25) == 0.0


def test_scale_sets_membership_inclusion_and_intersection() -> None:
    assert LEASE.contains(Interval(20, 30), 30)
    assert not LEASE.contains(Interval(20, 30), 31)
    outer = Interval(20, 40)
    assert LEASE.includes(outer, Interval(25, 30))
    assert LEASE.includes(outer, outer)
    assert not LEASE.includes(outer, Interval(15, 30))
    assert not LEASE.includes(outer, Interval(25, 45))
    assert LEASE.intersect([Interval(20, 40), Interval(30, 50)]) == Interval(30, 40)
    assert LEASE.intersect([Interval(20, 30), Interval(30, 50)]) == Interval(30, 30)
    assert LEASE.intersect([Interval(20, 25), Interval(30, 50)]) is None
    assert LEASE.whole() == Interval(10, 60)


@pytest.mark.parametrize(
    "sets",
    [
        [(20, 25), (30, 50)],  # apart by 5: 0.1
        [(30, 50), (20, 25)],
        [(20, 40), (30, 50)],  # they meet: 0
        [(10, 15), (20, 25), (40, 60)],  # 25 at any x in [20, 25]: 0.5
        [(10, 12), (58, 60), (30, 30)],  # 18 + 28 = 46 at x = 30: 0.92
    ],
)
def test_scale_gap_is_the_least_total_stretch(sets: list[tuple[float, float]]) -> None:
    ivs = [Interval(lo, hi) for lo, hi in sets]
    assert LEASE.gap(ivs) == close(interval_gap(sets) / 50)


def test_scale_gap_by_hand() -> None:
    assert LEASE.gap([Interval(20, 25), Interval(30, 50)]) == close(0.1)  # 5 / 50
    assert LEASE.gap([Interval(10, 15), Interval(20, 25), Interval(40, 60)]) == close(0.5)


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        ([(20, 40), (30, 50)], 10 / 30),  # overlap 10 of a union of 30
        ([(20, 50), (30, 40)], 10 / 30),  # nested: the inner length over the outer
        ([(30, 40), (20, 50)], 10 / 30),
        ([(20, 40), (20, 40)], 1.0),  # equal
        ([(20, 25), (30, 50)], 0.0),  # disjoint
        ([(30, 50), (20, 25)], 0.0),
        ([(20, 30), (30, 40)], 0.0),  # touching at one point: length 0
        ([(30, 30), (30, 30)], 1.0),  # the same single point
        ([(30, 30), (40, 40)], 0.0),  # two different points
        ([(30, 30), (20, 40)], 0.0),  # a point inside a longer interval
        ([(10, 40), (20, 50), (30, 60)], 10 / 50),  # three sets: [30, 40] of [10, 60]
    ],
)
def test_scale_overlap_ratio(sets: list[tuple[float, float]], expected: float) -> None:
    ivs = [Interval(lo, hi) for lo, hi in sets]
    assert LEASE.ratio(ivs) == close(expected)
    assert _interval_ratio(ivs) == close(expected)


def test_scale_format_value() -> None:
    assert LEASE.format_value(22) == "22 years"
    assert LEASE.format_value(22.5) == "22.5 years"
    assert ScaleIssue("t", low=0, high=1).format_value(0.25) == "0.25"


# ---------------------------------------------------------------------------
# Ordinal: d = |rank x - rank y| / (k - 1); TIER has 5 levels, 4 steps.


def test_ordinal_distance_counts_steps_over_k_minus_one() -> None:
    assert [TIER.rank(x) for x in "abcde"] == [0, 1, 2, 3, 4]
    assert TIER.distance("a", "d") == 0.75  # 3 / 4
    assert TIER.distance("e", "b") == 0.75
    assert TIER.distance("b", "c") == 0.25
    assert TIER.distance("a", "e") == 1.0
    assert TIER.distance("c", "c") == 0.0


def test_ordinal_distance_from_a_set_is_to_its_nearest_level() -> None:
    assert TIER.set_distance(Levels({"a", "b"}), "e") == 0.75  # from b, 3 steps
    assert TIER.set_distance(Levels({"b", "d"}), "c") == 0.25
    assert TIER.set_distance(Levels({"e"}), "a") == 1.0
    assert TIER.set_distance(Levels({"b", "d"}), "d") == 0.0


def _level_gap_by_hand(sets: list[set[str]]) -> float:
    """``min over levels x of sum_k min_{y in S_k} |rank x - rank y| / 4``."""
    rank = {x: k for k, x in enumerate("abcde")}
    return min(sum(min(abs(rank[x] - rank[y]) for y in s) / 4 for s in sets) for x in "abcde")


@pytest.mark.parametrize(
    "sets",
    [
        [{"a"}, {"d", "e"}],  # 3 steps: 0.75
        [{"d", "e"}, {"a"}],
        [{"a"}, {"c"}, {"e"}],  # meet at c: 2 + 0 + 2 steps
        [{"a", "e"}, {"c"}],  # a set with a hole: 2 steps
        [{"b", "e"}, {"c", "d"}],  # meet? no: d to e is 1 step
        [{"a", "b", "c"}, {"c", "d"}],  # they meet at c
        [{"a"}, {"a"}, {"e"}, {"e"}, {"e"}],  # 2 * 4 steps at e
        [{"b"}, {"d"}, {"e"}],  # best at d: 2 + 0 + 1, after every level of {b}
        [{"b"}, {"e"}, {"e"}],  # best at e: 3 steps back to b
        [{"a", "b"}, {"d"}, {"d"}, {"e"}],
    ],
)
def test_ordinal_gap(sets: list[set[str]]) -> None:
    levels = [Levels(s) for s in sets]
    expected = _level_gap_by_hand(sets)
    assert TIER.gap(levels) == close(expected)
    # The general rule for levels gives the same as the ordinal sweep.
    assert _LevelIssue.gap(TIER, levels) == close(expected)


def test_ordinal_gap_by_hand() -> None:
    assert TIER.gap([Levels({"a"}), Levels({"d", "e"})]) == 0.75
    assert TIER.gap([Levels({"a"}), Levels({"c"}), Levels({"e"})]) == 1.0
    assert TIER.gap([Levels({"a", "e"}), Levels({"c"})]) == 0.5


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        ([{"a", "b", "c"}, {"b", "c", "d"}], 2 / 4),
        ([{"a", "b"}, {"d", "e"}], 0.0),
        ([{"c"}, {"c"}], 1.0),
        ([{"a", "b", "c", "d"}, {"b"}], 1 / 4),
        ([{"a", "b", "c"}, {"b", "c"}, {"c", "d", "e"}], 1 / 5),
    ],
)
def test_level_overlap_ratio_is_jaccard(sets: list[set[str]], expected: float) -> None:
    assert TIER.ratio([Levels(s) for s in sets]) == close(expected)


def test_level_sets_membership_inclusion_and_intersection() -> None:
    assert TIER.contains(Levels({"a", "b"}), "b")
    assert not TIER.contains(Levels({"a", "b"}), "c")
    assert TIER.includes(Levels({"a", "b", "c"}), Levels({"a", "c"}))
    assert TIER.includes(Levels({"a", "b"}), Levels({"a", "b"}))
    assert not TIER.includes(Levels({"a", "c"}), Levels({"a", "b", "c"}))
    assert TIER.intersect([Levels({"a", "b", "c"}), Levels({"b", "c", "d"})]) == Levels({"b", "c"})
    assert TIER.intersect([Levels({"a"}), Levels({"b"})]) is None
    assert TIER.whole() == Levels(set("abcde"))
    assert TIER.format_value("c") == "c"
    assert TIER.level_index("d") == 3


# ---------------------------------------------------------------------------
# Categorical: d = 0 if equal, else 1.


def test_categorical_distance_and_distance_from_a_set() -> None:
    assert SEAT.distance("geneva", "geneva") == 0.0
    assert SEAT.distance("geneva", "oslo") == 1.0
    assert SEAT.distance("vienna", "geneva") == 1.0
    assert SEAT.set_distance(Levels({"geneva", "oslo"}), "oslo") == 0.0
    assert SEAT.set_distance(Levels({"geneva", "oslo"}), "vienna") == 1.0


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        ([{"geneva"}, {"vienna"}], 1.0),
        ([{"geneva"}, {"geneva", "vienna"}], 0.0),
        # geneva is held by two of three sets: one is left out.
        ([{"geneva"}, {"vienna"}, {"geneva", "oslo"}], 1.0),
        ([{"geneva"}, {"vienna"}, {"oslo"}], 2.0),
        ([{"oslo"}, {"oslo"}, {"vienna", "oslo"}, {"geneva"}], 1.0),
    ],
)
def test_categorical_gap_counts_the_sets_left_out(sets: list[set[str]], expected: float) -> None:
    levels = [Levels(s) for s in sets]
    assert SEAT.gap(levels) == expected
    # The general rule (min over levels of the summed 0/1 distances) agrees.
    assert _LevelIssue.gap(SEAT, levels) == expected


def test_categorical_gap_ignores_levels_the_issue_does_not_have() -> None:
    # Two sets hold geneva; the third holds only a level that is not one of
    # the issue's: one set is left out however the third is counted.
    sets = [Levels({"geneva"}), Levels({"geneva"}), Levels({"paris"})]
    assert SEAT.gap(sets) == 1.0
    # A set of unknown levels only: every set is left out.
    assert SEAT.gap([Levels({"paris"})]) == 1.0


def test_categorical_ratio_is_jaccard() -> None:
    assert SEAT.ratio([Levels({"geneva", "oslo"}), Levels({"oslo", "vienna"})]) == close(1 / 3)
    assert SEAT.ratio([Levels({"geneva"}), Levels({"oslo"})]) == 0.0


# ---------------------------------------------------------------------------
# Weighted items: d = sum_j m_j |s_j - t_j| / sum_j m_j, for each measure.


def test_item_sizes_under_each_measure() -> None:
    assert LAND.measure_names == ("count", "area", "pop")
    assert LAND.item_ids == ("a", "b", "c")
    for name, sizes in SIZES.items():
        assert LAND.weights(name) == sizes
    assert LAND.weights() == SIZES["area"]  # the default measure
    assert LAND.items[1].measure("pop") == 1.0
    assert LAND.items[1].measure("count") == 1.0


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_items_distance_under_each_measure(measure: str) -> None:
    s, t = (1.0, 1.0, 0.25), (0.0, 1.0, 0.5)
    sizes = SIZES[measure]
    assert LAND.distance(s, t, measure=measure) == close(items_distance(s, t, sizes))
    assert LAND.distance(t, s, measure=measure) == close(items_distance(s, t, sizes))


def test_items_distance_by_hand() -> None:
    s, t = (1.0, 1.0, 0.25), (0.0, 1.0, 0.5)  # differences 1, 0, 0.25
    assert LAND.distance(s, t, measure="count") == close(1.25 / 3)
    assert LAND.distance(s, t, measure="area") == close(0.25)  # (1 + 0 + 1) / 8
    assert LAND.distance(s, t, measure="pop") == close(0.1875)  # (0 + 0 + 0.75) / 4
    assert LAND.distance(s, t) == close(0.25)  # the default, area
    assert LAND.distance((0.0, 0.0, 0.0), (1.0, 1.0, 1.0), measure="pop") == 1.0


def test_items_distance_from_a_box_under_each_measure() -> None:
    box = Box((Interval(0, 0), Interval(1, 1), Interval(0, 0.75)))
    x = (1.0, 0.0, 1.0)  # outside by 1, 1 and 0.25
    assert LAND.set_distance(box, x, measure="count") == close(0.75)  # 2.25 / 3
    assert LAND.set_distance(box, x, measure="area") == close(0.625)  # (1 + 3 + 1) / 8
    assert LAND.set_distance(box, x, measure="pop") == close(0.4375)  # (0 + 1 + 0.75) / 4
    assert LAND.set_distance(box, x) == close(0.625)
    assert LAND.set_distance(box, (0.0, 1.0, 0.5), measure="count") == 0.0


def test_box_membership_inclusion_and_intersection() -> None:
    box = Box((Interval(0, 0), Interval(0, 1), Interval(0.25, 0.75)))
    assert LAND.contains(box, (0.0, 1.0, 0.75))
    assert not LAND.contains(box, (1.0, 1.0, 0.5))
    assert not LAND.contains(box, (0.0, 1.0, 0.8))
    assert not box.contains((0.0, 1.0))  # a value of the wrong length
    assert LAND.includes(LAND.whole(), box)
    assert not LAND.includes(box, LAND.whole())
    assert LAND.includes(box, Box((Interval(0, 0), Interval(1, 1), Interval(0.5, 0.5))))
    assert not LAND.includes(box, Box((Interval(0, 0), Interval(1, 1), Interval(0.5, 0.8))))
    other = Box((Interval(0, 1), Interval(1, 1), Interval(0.5, 1)))
    assert LAND.intersect([box, other]) == Box(
        (Interval(0, 0), Interval(1, 1), Interval(0.5, 0.75))
    )
    apart = Box((Interval(0, 1), Interval(0, 1), Interval(0.8, 1)))
    assert LAND.intersect([box, apart]) is None
    assert LAND.whole() == Box((Interval(0, 1),) * 3)


def test_items_gap_is_separable_by_item() -> None:
    first = Box((Interval(0, 0), Interval(1, 1), Interval(0, 0.5)))
    second = Box((Interval(1, 1), Interval(1, 1), Interval(0.75, 1)))
    # Per item the gap is 1, 0 and 0.25.
    assert LAND.gap([first, second], measure="count") == close(1.25 / 3)
    assert LAND.gap([first, second], measure="area") == close(0.25)  # (1 + 0 + 1) / 8
    assert LAND.gap([first, second], measure="pop") == close(0.1875)  # 0.75 / 4
    assert LAND.gap([first, first], measure="count") == 0.0


def test_items_gap_of_three_boxes() -> None:
    boxes = [
        Box((Interval(0, 0), Interval(0, 1), Interval(0, 0.25))),
        Box((Interval(1, 1), Interval(0, 0), Interval(0.5, 0.5))),
        Box((Interval(1, 1), Interval(1, 1), Interval(1, 1))),
    ]
    columns = [[(b.bounds[j].low, b.bounds[j].high) for b in boxes] for j in range(3)]
    per_item = [interval_gap(c) for c in columns]  # 1, 1, 0.75
    assert per_item == [1.0, 1.0, 0.75]
    for name, sizes in SIZES.items():
        expected = sum(m * g for m, g in zip(sizes, per_item, strict=True)) / sum(sizes)
        assert LAND.gap(boxes, measure=name) == close(expected)


def test_items_ratio_is_the_weighted_geometric_mean_of_item_ratios() -> None:
    first = Box((Interval(0, 1), Interval(1, 1), Interval(0, 0.5)))
    second = Box((Interval(0, 1), Interval(0, 1), Interval(0.25, 1)))
    # a: share sets {0, 1} and {0, 1}: 1; b: {1} and {0, 1}: 1/2;
    # c (divisible): [0.25, 0.5] of [0, 1]: 1/4.
    ratios = (1.0, 0.5, 0.25)
    for name, sizes in SIZES.items():
        got = LAND.ratio([first, second], measure=name)
        assert got == close(geometric_mean(ratios, sizes))
    # By hand: count (1 * 1/2 * 1/4) ** (1/3) = 1/2; area 2 ** (-11/8);
    # pop, without the item of size 0, (1/2 * (1/4) ** 3) ** (1/4) = 2 ** (-7/4).
    assert LAND.ratio([first, second], measure="count") == close(0.5)
    assert LAND.ratio([first, second], measure="area") == close(2 ** (-11 / 8))
    assert LAND.ratio([first, second], measure="pop") == close(2 ** (-7 / 4))
    assert LAND.ratio([first, second]) == close(2 ** (-11 / 8))


def test_items_ratio_of_disjoint_boxes_is_zero() -> None:
    first = Box((Interval(0, 0), Interval(1, 1), Interval(0, 1)))
    second = Box((Interval(1, 1), Interval(1, 1), Interval(0, 1)))
    for name in SIZES:
        assert LAND.ratio([first, second], measure=name) == 0.0


def test_items_ratio_leaves_out_items_of_size_zero() -> None:
    # Item a has no population. Here its bounds meet in one point only
    # (ratio 0 on its own); the boxes still meet.
    from positions import Item, ItemsIssue

    land = ItemsIssue(
        "land",
        items=(
            Item("a", divisible=True, measures={"pop": 0}),
            Item("b", divisible=True, measures={"pop": 1}),
        ),
        measures={"pop": "people"},
    )
    first = Box((Interval(0, 0.5), Interval(0, 1)))
    second = Box((Interval(0.5, 1), Interval(0.5, 1)))
    assert land.intersect([first, second]) is not None
    assert land.ratio([first, second], measure="count") == 0.0  # item a counts
    assert land.ratio([first, second], measure="pop") == close(0.5)  # b alone: 1/2


def test_items_ratio_of_equal_boxes_is_one() -> None:
    box = Box((Interval(0, 1), Interval(1, 1), Interval(0.25, 0.5)))
    for name in SIZES:
        assert LAND.ratio([box, box], measure=name) == close(1.0)


def test_items_format_value() -> None:
    assert LAND.format_value((1.0, 0.0, 0.25)) == "a+c:0.25"
    assert LAND.format_value((0.0, 0.0, 0.0)) == "none"
    assert LAND.format_value((1.0, 1.0, 1.0)) == "a+b+c"  # three items are named
    assert LAND.format_value((0.0, 1.0, 0.5)) == "b+c:0.5"
    from positions import Item, ItemsIssue

    four = ItemsIssue("four", items=[Item(x) for x in "wxyz"])
    assert four.format_value((1.0, 1.0, 1.0, 1.0)) == "all 4 items"
    assert four.format_value((1.0, 1.0, 1.0, 0.0)) == "w+x+y"


def test_item_values_and_boxes_of_the_wrong_length_are_refused_not_cut_short() -> None:
    full = (1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="zip"):
        LAND.distance((1.0, 1.0), full)
    with pytest.raises(ValueError, match="zip"):
        LAND.distance(full, (1.0, 1.0, 1.0, 1.0))
    with pytest.raises(ValueError, match="zip"):
        LAND.set_distance(LAND.whole(), (1.0, 1.0))
    with pytest.raises(ValueError, match="zip"):
        LAND.set_distance(Box((Interval(0, 1),) * 2), full)
    with pytest.raises(ValueError, match="zip"):
        LAND.includes(LAND.whole(), Box((Interval(0, 1),) * 2))
    with pytest.raises(ValueError, match="zip"):
        LAND.format_value((1.0, 0.0))


# ---------------------------------------------------------------------------
# Every distance is a metric on a small exhaustive grid (not only on
# generated values), and the distance from a set is the least distance to
# its members.


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_items_distance_from_a_box_is_the_least_distance_to_its_points(measure: str) -> None:
    box = Box((Interval(0, 0), Interval(0, 1), Interval(0.25, 0.75)))
    shares = (0.0, 0.25, 0.5, 0.75, 1.0)
    members = [
        v for v in itertools.product((0.0, 1.0), (0.0, 1.0), shares) if LAND.contains(box, v)
    ]
    for x in itertools.product((0.0, 1.0), (0.0, 1.0), shares):
        nearest = min(items_distance(y, x, SIZES[measure]) for y in members)
        assert LAND.set_distance(box, x, measure=measure) == close(nearest)


def test_ordinal_distance_is_a_metric_on_every_triple() -> None:
    for x, y, z in itertools.product("abcde", repeat=3):
        assert TIER.distance(x, y) == abs("abcde".index(x) - "abcde".index(y)) / 4
        assert TIER.distance(x, z) <= TIER.distance(x, y) + TIER.distance(y, z) + 1e-12


def test_scale_values_are_checked_against_the_range() -> None:
    assert LEASE.check_value(10) == 10.0
    assert LEASE.check_value(60) == 60.0
    assert math.isclose(LEASE.check_value(33.5), 33.5)
