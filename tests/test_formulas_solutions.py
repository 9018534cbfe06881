"""The solutions (``positions._solutions``) pinned to numbers worked out by
hand from their definitions (``docs/explanation/solutions.md``), and to a
brute-force re-implementation of each definition on small and large
utility matrices: the strict Pareto frontier, the disagreement point, the
Nash, Kalai-Smorodinsky, egalitarian, utilitarian and asymmetric Nash
points, the opposition, an offer's distance to the solutions, and the
compromise and weighted median on every kind of issue."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from fractions import Fraction

import attrs
import numpy as np
import numpy.typing as npt
import pytest

import positions
from formulas_support import (
    LAND,
    LEASE,
    PARTY_B,
    SEAT,
    TIER,
    close,
    marked,
    offer,
    position,
    stance,
)
from positions import OutcomeSpace, Party
from positions._engine import Evaluation
from positions._model import Claim
from positions._solutions import (
    _as_value,
    _median,
    _party_weights,
    _prune_two,
    solve_evaluated,
)
from positions.exceptions import InvalidArgumentError

# ---------------------------------------------------------------------------
# A worked utility matrix: two parties, six outcomes.
#
#   outcome   0     1     2     3     4     5
#   U_1     0.40  0.15  0.10  0.05  0.25  0.65
#   U_2     0.25  0.65  0.00  0.95  0.45  0.20
#
# Outcome 2 is dominated by 0 (and by 4): the frontier is 0, 1, 3, 4, 5.
# Disagreement point: d = (min U_1, min U_2) = (0.05, 0.00).
# Gains U - d:  0 (0.35, 0.25)  1 (0.10, 0.65)  3 (0.00, 0.95)
#               4 (0.20, 0.45)  5 (0.60, 0.20)
# Nash products: 0.0875, 0.065, 0, 0.09, 0.12: outcome 5.
# Best U: (0.65, 0.95); spans (0.60, 0.95); normalised gains and spread:
#   0 (0.583, 0.263) 0.320; 1 (0.167, 0.684) 0.518; 3 (0, 1) 1;
#   4 (0.333, 0.474) 0.140; 5 (1, 0.211) 0.789: Kalai-Smorodinsky 4.
# Smallest gains: 0.25, 0.10, 0, 0.20, 0.20: egalitarian 0.
# Sums: 0.65, 0.80, 1.00, 0.70, 0.85: utilitarian 3.
# Exponents 1/4, 3/4: products g_1 ** 0.25 * g_2 ** 0.75:
#   0 0.272, 1 0.407, 3 0, 4 0.367, 5 0.263: asymmetric Nash 1.

U = [[0.40, 0.15, 0.10, 0.05, 0.25, 0.65], [0.25, 0.65, 0.00, 0.95, 0.45, 0.20]]

Matrix = Sequence[Sequence[float]] | npt.NDArray[np.float64]


# ---------------------------------------------------------------------------
# The definitions, re-implemented plainly (loops, no shortcuts), to compare
# with on matrices too large to work by hand.


def brute_frontier(
    u: Matrix,
    reservations: Sequence[float | None] | None = None,
    among: Sequence[bool] | None = None,
) -> list[int]:
    """The outcomes at or above every reservation level (and in ``among``)
    that no other such outcome dominates: at least as good for every party
    and better for one, or equal and of a lower index."""
    a = np.asarray(u, dtype=float)
    parties, n = a.shape
    r = [-math.inf if x is None else x for x in (reservations or [None] * parties)]
    keep = [
        k
        for k in range(n)
        if all(a[p, k] >= r[p] for p in range(parties)) and (among is None or among[k])
    ]
    out = []
    for j in keep:
        beaten = False
        for i in keep:
            if i == j:
                continue
            at_least = all(a[p, i] >= a[p, j] for p in range(parties))
            better = any(a[p, i] > a[p, j] for p in range(parties))
            if at_least and (better or i < j):
                beaten = True
                break
        if not beaten:
            out.append(j)
    return out


def brute_frontier_large(u: npt.NDArray[np.float64]) -> list[int]:
    """:func:`brute_frontier` without reservation levels, comparing every
    pair of points at once, a slice of candidates at a time."""
    n = u.shape[1]
    index = np.arange(n)
    out: list[int] = []
    for start in range(0, n, 500):
        j = index[start : start + 500]
        at_least = (u[:, :, None] >= u[:, None, j]).all(axis=0)
        better = (u[:, :, None] > u[:, None, j]).any(axis=0)
        earlier = index[:, None] < j[None, :]
        beaten = (at_least & (better | earlier)).any(axis=0)
        out.extend(int(x) for x in j[~beaten])
    return out


def brute_disagreement(
    u: Matrix, reservations: Sequence[float | None] | None = None
) -> list[float]:
    """``d_p = max(r_p, min_o U_p(o))``."""
    a = np.asarray(u, dtype=float)
    r = [-math.inf if x is None else x for x in (reservations or [None] * a.shape[0])]
    return [max(r[p], min(float(x) for x in a[p])) for p in range(a.shape[0])]


def brute_point(
    rule: str,
    u: Matrix,
    frontier: Sequence[int],
    d: Sequence[float],
    weights: Sequence[float] | None = None,
) -> int | None:
    """The first frontier outcome (in the order given) with the best score
    of ``rule``, from its definition in solutions.md."""
    a = np.asarray(u, dtype=float)
    parties = a.shape[0]
    top = [max(float(x) for x in a[p]) for p in range(parties)]
    best: int | None = None
    best_score = -math.inf
    for k in frontier:
        g = [float(a[p, k]) - d[p] for p in range(parties)]
        if rule == "nash":
            score = math.prod(g)
        elif rule == "kalai_smorodinsky":
            # The spread of the normalised gains, smallest best (negated).
            ratios = [g[p] / (top[p] - d[p]) if top[p] > d[p] else g[p] for p in range(parties)]
            score = -(max(ratios) - min(ratios))
        elif rule == "egalitarian":
            score = min(g)
        elif rule == "utilitarian":
            score = sum(float(a[p, k]) for p in range(parties))
        else:
            assert rule == "asymmetric_nash"
            assert weights is not None
            c = [w / sum(weights) for w in weights]
            score = math.prod(max(g[p], 0.0) ** c[p] for p in range(parties) if c[p] > 0)
        if best is None or score > best_score:
            best, best_score = k, score
    return best


RULES = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


def point(rule: str, u: Matrix, *args: object, **kwargs: object) -> int | None:
    """The library's point of ``rule``."""
    fn = {
        "nash": positions.nash_point,
        "kalai_smorodinsky": positions.kalai_smorodinsky_point,
        "egalitarian": positions.egalitarian_point,
        "utilitarian": positions.utilitarian_point,
    }[rule]
    return fn(u, *args, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# The worked matrix, by hand.


def test_the_frontier_by_hand() -> None:
    front = positions.pareto_frontier(U)
    assert front.tolist() == [0, 1, 3, 4, 5]
    assert front.dtype == np.int64
    assert brute_frontier(U) == [0, 1, 3, 4, 5]


def test_the_frontier_above_the_reservation_levels() -> None:
    # U_1 >= 0.15 keeps 0, 1, 4 and 5 (1 exactly at the level); U_2 at
    # least 0.25 then drops 5 (0.20). None is no level.
    assert positions.pareto_frontier(U, reservations=[0.15, None]).tolist() == [0, 1, 4, 5]
    assert positions.pareto_frontier(U, reservations=[0.15, 0.25]).tolist() == [0, 1, 4]
    # Among some outcomes only: 0 dominates 1 and 2, which do not
    # dominate each other. Flags may be given as 0 and 1.
    v = [[0.9, 0.5, 0.4], [0.9, 0.5, 0.6]]
    assert positions.pareto_frontier(v).tolist() == [0]
    assert positions.pareto_frontier(v, among=[False, True, True]).tolist() == [1, 2]
    assert positions.pareto_frontier(v, among=[0, 1, 1]).tolist() == [1, 2]
    assert positions.pareto_frontier(v, reservations=[0.45, None], among=[0, 1, 1]).tolist() == [1]
    nothing = positions.pareto_frontier(U, reservations=[0.9, None])
    assert nothing.tolist() == []
    assert nothing.dtype == np.int64
    with pytest.raises(
        InvalidArgumentError, match=r"^give one reservation per party \(2\), not 3$"
    ):
        positions.pareto_frontier(U, reservations=[0.1, 0.1, 0.1])
    with pytest.raises(
        InvalidArgumentError,
        match=r"^among must be one flag per outcome \(6\), not shape \(5,\)$",
    ):
        positions.pareto_frontier(U, among=[True] * 5)


def test_duplicates_and_weakly_dominated_outcomes_leave_the_frontier() -> None:
    # 1 equals 0 (the lower index stays); 2 is as good as 0 for the first
    # party and worse for the second; 4 equals 3 and both are kept only
    # once; 5 is as good as 3 for the second party and worse for the first.
    u = [[0.5, 0.5, 0.5, 0.2, 0.2, 0.1], [0.5, 0.5, 0.4, 0.9, 0.9, 0.9]]
    assert positions.pareto_frontier(u).tolist() == [0, 3]
    assert brute_frontier(u) == [0, 3]
    for parties in ([u[0], u[1], u[1]], [u[1], u[0], u[0]]):
        assert positions.pareto_frontier(parties).tolist() == [0, 3]


def test_the_frontier_of_one_party() -> None:
    # The outcomes of the largest utility, of which the first.
    assert positions.pareto_frontier([[0.2, 0.7, 0.7, 0.1]]).tolist() == [1]
    assert positions.pareto_frontier([[0.2, 0.7, 0.7, 0.1]], reservations=[0.8]).tolist() == []
    assert positions.nash_point([[0.2, 0.7, 0.7, 0.1]]) == 1


def test_the_utilities_must_be_a_matrix() -> None:
    for bad in ([0.1, 0.2], [[[0.1]]], np.zeros((0, 3))):
        with pytest.raises(
            InvalidArgumentError, match=r"^utilities must have shape \(parties, outcomes\) \(got"
        ):
            positions.pareto_frontier(bad)
    with pytest.raises(InvalidArgumentError, match=r"\(got \(0, 3\)\)$"):
        positions.nash_point(np.zeros((0, 3)))
    # No outcome at all is a matrix, with an empty frontier.
    assert positions.pareto_frontier(np.zeros((2, 0))).tolist() == []


def test_numbers_of_any_kind_are_taken_as_floats() -> None:
    # The worked matrix, the weights and the best utilities as fractions
    # (real numbers, although the annotations say float): the same numbers
    # as floats.
    exact = np.array([[Fraction(x).limit_denominator(100) for x in row] for row in U])
    assert exact.dtype == object
    d = positions.disagreement_point(exact)
    assert d.dtype == np.float64
    assert d.tolist() == [0.05, 0.0]
    assert positions.nash_point(exact) == 5
    assert positions.opposition(exact) == close(math.sqrt(0.35**2 + 0.80**2))
    quarters = [Fraction(1, 4), Fraction(3, 4)]
    assert positions.asymmetric_nash_point(U, quarters) == 1  # type: ignore[arg-type]
    best = [Fraction(65, 100), Fraction(95, 100)]
    far = positions.opposition(U, best=best)  # type: ignore[arg-type]
    assert far == close(math.sqrt(0.5**2 + 0.3**2))


def test_the_disagreement_point_by_hand() -> None:
    d = positions.disagreement_point(U)
    assert d.tolist() == [0.05, 0.0]
    assert d.dtype == np.float64
    # A reservation level above the worst outcome replaces it; one below
    # it does not.
    assert positions.disagreement_point(U, reservations=[0.3, -1.0]).tolist() == [0.3, 0.0]
    assert positions.disagreement_point(U, reservations=[None, 0.2]).tolist() == [0.05, 0.2]


def test_the_points_by_hand() -> None:
    assert positions.nash_point(U) == 5
    assert positions.kalai_smorodinsky_point(U) == 4
    assert positions.egalitarian_point(U) == 0
    assert positions.utilitarian_point(U) == 3
    assert positions.asymmetric_nash_point(U, [1, 3]) == 1
    # The weights are normalised: any positive multiple is the same.
    assert positions.asymmetric_nash_point(U, [0.25, 0.75]) == 1
    # Equal weights give the Nash point.
    assert positions.asymmetric_nash_point(U, [2, 2]) == 5
    front = [0, 1, 3, 4, 5]
    d = [0.05, 0.0]
    for rule in RULES:
        assert brute_point(rule, U, front, d) == point(rule, U)
    assert brute_point("asymmetric_nash", U, front, d, [1, 3]) == 1


def test_the_points_over_a_frontier_given() -> None:
    # Without 5 (the Nash point) and 4 (Kalai-Smorodinsky), from the
    # products and spreads above: Nash 0 (0.0875), Kalai-Smorodinsky 0
    # (0.320), egalitarian 0, utilitarian 3. The order given is ignored.
    front = [3, 1, 0]
    assert positions.nash_point(U, front) == 0
    assert positions.kalai_smorodinsky_point(U, front) == 0
    assert positions.egalitarian_point(U, front) == 0
    assert positions.utilitarian_point(U, front) == 3
    assert positions.asymmetric_nash_point(U, [1, 3], front) == 1
    # Without 3, the first of the sums 0.65 and 0.80 left is 1.
    assert positions.utilitarian_point(U, np.array([4, 1, 0])) == 1
    for rule in RULES:
        assert point(rule, U, []) is None
    assert positions.asymmetric_nash_point(U, [1, 1], []) is None


def test_the_points_above_the_reservation_levels() -> None:
    # Reservation levels (0.2, 0.3): outcomes 0 (0.40, 0.25) and 5 fail
    # the second, 1, 2, 3 the first; 4 (0.25, 0.45) is all that is left,
    # and every point is 4.
    for rule in RULES:
        assert point(rule, U, reservations=[0.2, 0.3]) == 4
    # Levels no outcome reaches: no frontier, and no point (over all
    # outcomes every rule would pick one).
    for rule in RULES:
        assert point(rule, U, reservations=[0.7, None]) is None
    assert positions.asymmetric_nash_point(U, [1, 1], reservations=[None, 0.99]) is None
    assert positions.asymmetric_nash_point(U, [1, 1], reservations=[0.2, 0.3]) == 4
    # Reservation levels (0.1, None): frontier 0, 1, 4, 5 (3 fails);
    # d = (0.1, 0). Gains 0 (0.30, 0.25), 1 (0.05, 0.65), 4 (0.15, 0.45),
    # 5 (0.55, 0.20). Nash products 0.075, 0.0325, 0.0675, 0.11: 5.
    # Spans (0.55, 0.95): normalised 0 (0.545, 0.263) 0.282, 1 (0.091,
    # 0.684) 0.593, 4 (0.273, 0.474) 0.201, 5 (1, 0.211) 0.789: 4.
    # Smallest gains 0.25, 0.05, 0.15, 0.20: 0. Sums: 4 has 0.70, 5 0.85,
    # 1 0.80, 0 0.65: 5.
    r = [0.1, None]
    assert positions.nash_point(U, reservations=r) == 5
    assert positions.kalai_smorodinsky_point(U, reservations=r) == 4
    assert positions.egalitarian_point(U, reservations=r) == 0
    assert positions.utilitarian_point(U, reservations=r) == 5
    # The disagreement point moves with the levels over a frontier given
    # too. Over outcomes 0 and 1 with weights (1, 3): levels (0.1, None)
    # give d = (0.1, 0), gains (0.30, 0.25) and (0.05, 0.65), products
    # 0.30 ** 0.25 * 0.25 ** 0.75 = 0.262 and 0.05 ** 0.25 * 0.65 ** 0.75
    # = 0.342: outcome 1. Levels (0.15, None) leave outcome 1 no gain for
    # the first party (0.15 - 0.15): outcome 0.
    assert positions.asymmetric_nash_point(U, [1, 3], [0, 1], reservations=r) == 1
    assert positions.asymmetric_nash_point(U, [1, 3], [0, 1], reservations=[0.15, None]) == 0


def test_ties_go_to_the_lowest_index() -> None:
    # Symmetric: products 0, 0.21, 0.21, 0; smallest gains 0, 0.3, 0.3, 0;
    # sums all 1; spreads 1, 0.4, 0.4, 1.
    u = [[0.0, 0.3, 0.7, 1.0], [1.0, 0.7, 0.3, 0.0]]
    assert positions.nash_point(u) == 1
    assert positions.egalitarian_point(u) == 1
    assert positions.utilitarian_point(u) == 0
    assert positions.kalai_smorodinsky_point(u) == 1
    assert positions.asymmetric_nash_point(u, [1, 1]) == 1
    assert positions.nash_point(u, [2, 1]) == 1


def test_kalai_smorodinsky_divides_each_gain_by_its_span() -> None:
    # d = (0.3, 0.1), best (0.6, 1.0), spans (0.3, 0.9). Outcomes 2 and 3
    # are dominated by 0: the frontier is 0 (0.5, 1.0) and 1 (0.6, 0.1).
    # Normalised gains 0 (0.2 / 0.3, 0.9 / 0.9) = (0.667, 1), spread 0.333;
    # 1 (1, 0), spread 1: outcome 0. Each slip picks 1 instead: the plain
    # gains (spreads 0.7, 0.3), spans of best + d (0.9, 1.1: spreads
    # 0.596, 0.333), gains times the spans (0.75, 0.09), the sum of the
    # largest and smallest ratio (1.667, 1), or the best utility over both
    # parties (1, spans 0.7, 0.9: spreads 0.714, 0.429).
    u = [[0.5, 0.6, 0.3, 0.4], [1.0, 0.1, 0.6, 0.8]]
    assert positions.pareto_frontier(u).tolist() == [0, 1]
    assert positions.kalai_smorodinsky_point(u) == 0
    assert brute_point("kalai_smorodinsky", u, [0, 1], [0.3, 0.1]) == 0
    # The same scaled by 10 (spans 3 and 9, above 1).
    assert positions.kalai_smorodinsky_point((np.array(u) * 10).tolist()) == 0


def test_kalai_smorodinsky_with_a_party_that_cannot_gain() -> None:
    # The second party values every outcome alike: its span (best - d) is
    # 0 and its gains, all 0, count as they are. d = (0.2, 0.4); the first
    # party's normalised gains are 0, 0.5, 1, so the spreads are 0, 0.5, 1
    # and outcome 0 has the smallest. Its frontier is outcome 2 alone.
    u = [[0.2, 0.5, 0.8], [0.4, 0.4, 0.4]]
    assert positions.pareto_frontier(u).tolist() == [2]
    assert positions.kalai_smorodinsky_point(u) == 2
    assert positions.kalai_smorodinsky_point(u, [2, 1, 0]) == 0
    assert positions.kalai_smorodinsky_point(u, [1, 2]) == 1
    # A reservation level above every outcome of a party makes its span
    # negative: its gains (all -0.1) count as they are too. Over outcomes
    # 1 and 2, spreads 0.5 - (-0.1) = 0.6 and 1.1: outcome 1.
    assert positions.disagreement_point(u, reservations=[None, 0.5]).tolist() == [0.2, 0.5]
    assert positions.kalai_smorodinsky_point(u, [1, 2], reservations=[None, 0.5]) == 1


def test_the_asymmetric_nash_weights() -> None:
    for bad in ([1], [1, 2, 3], [1, -1], [2, -1], [0, 0], [1, math.nan], [math.inf, 1]):
        with pytest.raises(
            InvalidArgumentError,
            match=r"^give one finite weight >= 0 per party, not all 0 \(got \[",
        ):
            positions.asymmetric_nash_point(U, bad)
    with pytest.raises(InvalidArgumentError, match=r"\(got \[0, 0\]\)$"):
        positions.asymmetric_nash_point(U, [0, 0])
    # A weight of 0 leaves that party out: weights (1, 0) maximise the
    # first party's gain over the frontier (outcome 5), (0, 1) the
    # second's (outcome 3), even where the other gains nothing.
    assert positions.asymmetric_nash_point(U, [1, 0]) == 5
    assert positions.asymmetric_nash_point(U, [0, 1]) == 3
    # A weight may be below 1: (0.1, 0.3) is (1, 3).
    assert positions.asymmetric_nash_point(U, [0.1, 0.3]) == 1
    # The exponents c_p are the weights divided by their sum.
    assert _party_weights([1, 3], 2).tolist() == [0.25, 0.75]
    assert _party_weights([0.5, 0.0, 1.5], 3).tolist() == [0.25, 0.0, 0.75]


def test_a_party_of_weight_zero_that_gains_nothing_counts_for_nothing() -> None:
    # Three parties, d = (0, 0, 0); the first has weight 0 and gains
    # nothing at outcome 0. No outcome dominates another. The products of
    # the others' gains: 0.7 * 0.3 = 0.21, 0.6 * 0.9 = 0.54, 0: outcome 1.
    u = [[0.0, 0.4, 0.8], [0.7, 0.6, 0.0], [0.3, 0.9, 0.0]]
    assert positions.pareto_frontier(u).tolist() == [0, 1, 2]
    assert positions.asymmetric_nash_point(u, [0, 1, 1]) == 1


def test_the_asymmetric_nash_point_where_every_product_is_zero() -> None:
    # Each frontier outcome leaves one party at its worst: every weighted
    # product is 0, and the first frontier outcome is taken.
    u = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    assert positions.pareto_frontier(u).tolist() == [0, 1]
    assert positions.asymmetric_nash_point(u, [1, 1]) == 0
    assert positions.asymmetric_nash_point(u, [1, 1], [1, 0]) == 0
    # An outcome where one gains and the other exactly nothing scores 0,
    # not more than one where both gain a little.
    v = [[0.0, 0.9, 0.1], [0.9, 0.0, 0.1]]
    assert positions.asymmetric_nash_point(v, [1, 1]) == 2
    assert positions.asymmetric_nash_point(v, [1, 1], [0, 1, 2]) == 2


def test_a_party_of_weight_zero_that_gains_nothing_raises_no_warning() -> None:
    # Its log-gain is -inf and 0 * -inf is NaN, replaced by 0; that used to
    # warn ("invalid value encountered in multiply"), so solve() warned on
    # every case with a party of capability 0 whose worst outcome is on the
    # frontier.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert positions.asymmetric_nash_point(U, [1, 0]) == 5
        a = position("a", [stance(LEASE, ideal=10)])
        b = position("b", [stance(LEASE, ideal=60)], party=Party("b", name="B", capability=0))
        sol = positions.solve([a, b], OutcomeSpace.grid([LEASE]))
    # Only the first party's gain counts: its ideal, 10 years.
    assert sol.asymmetric_nash == 0


# ---------------------------------------------------------------------------
# Against the plain definitions, on generated matrices.


@pytest.mark.parametrize("parties", [1, 2, 3, 4])
def test_the_frontier_and_points_against_their_definitions(parties: int) -> None:
    rng = np.random.default_rng(20 + parties)
    for n, coarse in ((40, False), (60, True), (150, False)):
        u = rng.random((parties, n))
        if coarse:
            # Values on a grid of quarters: many ties and duplicates.
            u = np.round(u * 4) / 4
        front = brute_frontier(u)
        assert positions.pareto_frontier(u).tolist() == front
        d = brute_disagreement(u)
        assert positions.disagreement_point(u).tolist() == d
        if not coarse:
            for rule in RULES:
                assert point(rule, u) == brute_point(rule, u, front, d)
            w = [float(x) for x in rng.integers(1, 5, size=parties)]
            assert positions.asymmetric_nash_point(u, w) == brute_point(
                "asymmetric_nash", u, front, d, w
            )
        levels = [float(x) for x in rng.random(parties) * 0.4]
        front = brute_frontier(u, levels)
        assert positions.pareto_frontier(u, reservations=levels).tolist() == front
        d = brute_disagreement(u, levels)
        if not coarse:
            for rule in RULES:
                assert point(rule, u, reservations=levels) == brute_point(rule, u, front, d)
        among = [bool(x) for x in rng.random(n) < 0.5]
        assert positions.pareto_frontier(u, among=among).tolist() == brute_frontier(u, among=among)


def test_a_large_two_party_frontier_against_its_definition() -> None:
    # 4900 outcomes: enough for the pruning before the sort (4096 and
    # more). Utilities on a grid of 1/40 have many ties and duplicates.
    rng = np.random.default_rng(5)
    u = np.round(rng.random((2, 4900)) * 40) / 40
    assert positions.pareto_frontier(u).tolist() == brute_frontier_large(u)
    smooth = rng.random((2, 4900))
    front = positions.pareto_frontier(smooth)
    assert front.tolist() == brute_frontier_large(smooth)
    assert front.dtype == np.int64
    # Every first utility equal: the outcome of the best second utility.
    flat = np.vstack([np.full(4900, 0.5), smooth[1]])
    assert positions.pareto_frontier(flat).tolist() == [int(np.argmax(smooth[1]))]
    # A trade-off curve: every point on the frontier.
    x = np.linspace(0.0, 1.0, 4900)
    assert positions.pareto_frontier(np.vstack([x, 1 - x])).tolist() == list(range(4900))


def _pruned(first: list[float], second: list[float], bins: int, low: float) -> list[int]:
    """The points no point of a higher bin beats on the second utility,
    for first utilities spanning [low, low + bins / 2]: bins of width 1/2,
    the last holding the top too."""
    index = [min(math.floor(2 * (x - low)), bins - 1) for x in first]
    best = [-math.inf] * bins
    for b, y in zip(index, second, strict=True):
        best[b] = max(best[b], y)
    above = [max(best[b + 1 :], default=-math.inf) for b in range(bins)]
    return [k for k, (b, y) in enumerate(zip(index, second, strict=True)) if y >= above[b]]


def test_the_pruning_of_a_large_two_party_frontier() -> None:
    # With n points there are int(sqrt(n)) bins of the first utility, of
    # equal width between its least and largest value. A point is dropped
    # exactly when a point of a higher bin has a larger second utility.
    rng = np.random.default_rng(11)
    for n, bins in ((4900, 70), (4096, 64)):
        # First utilities spanning [5, 5 + bins / 2]: bins of width 1/2.
        first = 5 + rng.random(n) * bins / 2
        first[0], first[1] = 5.0, 5 + bins / 2
        second = np.round(rng.random(n) * 20) / 20
        want = _pruned(first.tolist(), second.tolist(), bins, 5.0)
        kept = _prune_two(np.vstack([first, second]))
        assert kept.tolist() == want
        assert kept.dtype == np.int64
        assert len(want) < n / 4
    # Fewer than 4096 points, or one value of the first utility: none
    # dropped.
    pts = np.vstack([rng.random(4095), rng.random(4095)])
    assert _prune_two(pts).tolist() == list(range(4095))
    flat = np.vstack([np.full(4900, 3.0), rng.random(4900)])
    assert _prune_two(flat).tolist() == list(range(4900))


# ---------------------------------------------------------------------------
# Opposition.


def test_opposition_by_hand() -> None:
    # Distances to (1, 1): outcome 5 (0.35, 0.80) sqrt(0.7625) = 0.873 is
    # the least (1: sqrt(0.845), 4: sqrt(0.865), 3: sqrt(0.905), 0:
    # sqrt(0.9225), 2: sqrt(1.81)).
    assert positions.opposition(U) == close(math.sqrt(0.35**2 + 0.80**2))
    # To the best utilities (0.65, 0.95): outcome 1 (0.50, 0.30) at
    # sqrt(0.34) = 0.583 is nearer than 3 (0.60, 0) at 0.6.
    assert positions.opposition(U, best=[0.65, 0.95]) == close(math.sqrt(0.5**2 + 0.3**2))
    assert positions.opposition([[1.0, 0.5], [1.0, 0.2]]) == 0.0
    assert positions.opposition([[0.0], [0.0], [0.0]]) == close(math.sqrt(3))
    # Above the best utility counts as far as below it.
    assert positions.opposition([[3.0], [1.0]], best=(1, 1)) == close(2.0)
    assert positions.opposition([[3, 0], [1, 1]], best=(1, 1)) == close(1.0)
    assert isinstance(positions.opposition(U), float)


def test_opposition_refuses_what_it_cannot_measure() -> None:
    with pytest.raises(InvalidArgumentError, match=r"^opposition needs at least one outcome$"):
        positions.opposition(np.zeros((2, 0)))
    for best in ([1.0], [1.0, 1.0, 1.0], [1.0, math.nan], [math.inf, 1.0]):
        with pytest.raises(
            InvalidArgumentError, match=r"^give one finite best utility per party \(2\)$"
        ):
            positions.opposition(U, best=best)


# ---------------------------------------------------------------------------
# The compromise and the weighted median.


def test_the_weighted_median_by_hand() -> None:
    # Sorted: 10 (1), 20 (1), 30 (1), 40 (3); cumulative 1, 2, 3, 6. Half
    # of 6 is 3, first reached at 30.
    assert _median([40.0, 20.0, 10.0, 30.0], [3.0, 1.0, 1.0, 1.0]) == 30.0
    # Equal weights: cumulative 1, 2, 3, 4 reach 2 at the second, 20.
    assert _median([30.0, 10.0, 40.0, 20.0], [1.0, 1.0, 1.0, 1.0]) == 20.0
    # One heavy ideal is the median whatever the others.
    assert _median([5.0, 1.0, 9.0], [1.0, 10.0, 1.0]) == 1.0
    assert _median([2.0], [0.5]) == 2.0


def _two_on_lease(capability: float | None = 2.0) -> list[positions.Position]:
    a = position("a", [stance(LEASE, ideal=10, salience=1)])
    b = position(
        "b",
        [stance(LEASE, ideal=60, salience=1)],
        party=Party("beta", name="Beta", capability=capability),
    )
    return [a, b]


def test_the_compromise_on_a_scale() -> None:
    # Weights: salience times capability, 1 * 1 (none given) and 1 * 2:
    # (10 * 1 + 60 * 2) / 3 = 43.33. Median: cumulative 1, 3; half 1.5 is
    # first reached at 60.
    ps = _two_on_lease()
    assert positions.compromise(ps, "lease") == close(130 / 3)
    assert positions.weighted_median(ps, "lease") == 60.0
    # A capability of 0.5: (10 + 30) / 1.5 = 26.67; cumulative 1, 1.5,
    # half 0.75: 10.
    ps = _two_on_lease(0.5)
    assert positions.compromise(ps, "lease") == close(40 / 1.5)
    assert positions.weighted_median(ps, "lease") == 10.0


def test_the_compromise_uses_the_salience_as_given() -> None:
    # Salience 4 on the lease out of 4 + 4 (weight 0.5 in the position)
    # against salience 1 alone (weight 1): the compromise weighs 4 and 1,
    # not 0.5 and 1. (20 * 4 + 50 * 1) / 5 = 26.
    a = position("a", [stance(LEASE, ideal=20, salience=4), stance(TIER, ideal="a", salience=4)])
    b = position("b", [stance(LEASE, ideal=50, salience=1)], party=PARTY_B)
    c = position("c", [stance(TIER, ideal="e", salience=2)], party=Party("c", name="C"))
    assert positions.compromise([a, b, c], "lease") == close(26.0)
    assert positions.weighted_median([a, b, c], "lease") == 20.0
    # Tier: ranks 0 (4) and 4 (2); b does not address it. Mean 8 / 6.
    assert positions.compromise([a, b, c], "tier") == close(8 / 6)
    assert positions.weighted_median([a, b, c], "tier") == 0.0


def test_the_compromise_on_an_ordinal_issue_and_its_level() -> None:
    # Ranks 1 (b) with weight 1 and 3 (d) with weight 1: mean 2, c.
    a = position("a", [stance(TIER, ideal="b")])
    b = position("b", [stance(TIER, ideal="d")], party=PARTY_B)
    assert positions.compromise([a, b], "tier") == 2.0
    assert positions.weighted_median([a, b], "tier") == 1.0
    # The number as a level: half-way goes up, below half-way down.
    assert _as_value(TIER, 1.5) == "c"
    assert _as_value(TIER, 1.49) == "b"
    assert _as_value(TIER, 0.5) == "b"
    assert _as_value(TIER, 0.0) == "a"
    assert _as_value(TIER, 3.6) == "e"
    assert _as_value(LEASE, 12.5) == 12.5
    assert _as_value(SEAT, "oslo") == "oslo"


def test_the_compromise_on_weighted_items() -> None:
    # Item by item, weights 1 and 3: a (0 and 1) 0.75, b (1 and 1) 1,
    # c (0.5 and 0) 0.125. Medians (cumulative 1, 4; half 2): the second
    # party's shares, 1, 1, 0.
    a = position("a", [stance(LAND, ideal=(0.0, 1.0, 0.5))])
    b = position(
        "b",
        [stance(LAND, ideal=(1.0, 1.0, 0.0))],
        party=Party("beta", name="Beta", capability=3),
    )
    assert positions.compromise([a, b], "land") == pytest.approx((0.75, 1.0, 0.125))
    assert positions.weighted_median([a, b], "land") == (1.0, 1.0, 0.0)
    # As a value: the indivisible items rounded, a half going to 1; the
    # divisible item (c) kept.
    assert _as_value(LAND, (0.75, 0.5, 0.125)) == (1.0, 1.0, 0.125)
    assert _as_value(LAND, (0.49, 0.25, 0.5)) == (0.0, 0.0, 0.5)
    assert _as_value(LAND, (0.5, 0.0, 0.99)) == (1.0, 0.0, 0.99)


def test_the_compromise_on_a_categorical_issue_is_the_weighted_plurality() -> None:
    # geneva 1 + 1, oslo 3: oslo. Both predictions are the level.
    a = position("a", [stance(SEAT, ideal="geneva")])
    b = position("b", [stance(SEAT, ideal="oslo")], party=Party("b", name="B", capability=3))
    c = position("c", [stance(SEAT, ideal="geneva")], party=Party("c", name="C"))
    assert positions.compromise([a, b, c], "seat") == "oslo"
    assert positions.weighted_median([a, b, c], "seat") == "oslo"
    # geneva 2, oslo 2 (capability 2): tied, the first in the issue's order
    # (geneva, vienna, oslo).
    b2 = attrs.evolve(b, party=Party("b", name="B", capability=2))
    assert positions.compromise([b2, a, c], "seat") == "geneva"
    # vienna (salience 2 times 1) against oslo (1 times 1.5): vienna,
    # although it comes after geneva (held by nobody) and before oslo.
    v = position("v", [stance(SEAT, ideal="vienna", salience=2)])
    o = position("o", [stance(SEAT, ideal="oslo")], party=Party("o", name="O", capability=1.5))
    assert positions.compromise([o, v], "seat") == "vienna"
    assert positions.weighted_median([v, o], "seat") == "vienna"
    # A level held with a tiny weight (capability 1e-17) beats the levels
    # nobody holds, which weigh 0: oslo, not the first level.
    tiny = position(
        "t", [stance(SEAT, ideal="oslo")], party=Party("t", name="T", capability=1e-17)
    )
    assert positions.compromise([tiny], "seat") == "oslo"


def test_the_compromise_needs_a_positive_weight() -> None:
    a = position("a", [stance(LEASE, ideal=10, salience=0), stance(TIER, ideal="e")])
    b = position("b", [stance(TIER, ideal="a")], party=PARTY_B)
    for fn in (positions.compromise, positions.weighted_median):
        with pytest.raises(
            InvalidArgumentError, match=r"^no position gives issue 'lease' a positive weight$"
        ):
            fn([a, b], "lease")
        with pytest.raises(InvalidArgumentError, match="no position gives issue 'seat'"):
            fn([a, b], "seat")
    # One position of weight 0 among others counts for nothing.
    c = position("c", [stance(LEASE, ideal=40, salience=0.5)], party=Party("c", name="C"))
    assert positions.compromise([a, c], "lease") == 40.0
    assert positions.weighted_median([a, c], "lease") == 40.0
    assert positions.weighted_median([c, a], "lease") == 40.0


# ---------------------------------------------------------------------------
# solve: every solution of a case, against the definitions.
#
# Two positions on the lease (grid 10, 15, ..., 60) and the tier:
#   a: lease ideal 15, red line [10, 40]; tier ideal b, red line {a, b, c};
#      saliences 1, 1 (weights 0.5, 0.5); reservation 0.55; capability
#      none (1).
#   b: lease ideal 55, red line [30, 60]; tier ideal d, red line {c, d, e};
#      saliences 1, 2 (weights 1/3, 2/3); reservation 0.3; capability 3.
# Outcome k is lease 10 + 5 * (k // 5), tier level k % 5.


def _case() -> tuple[list[positions.Position], OutcomeSpace]:
    a = position(
        "a",
        [
            stance(LEASE, ideal=15, accept=(10, 40)),
            stance(TIER, ideal="b", accept=["a", "b", "c"]),
        ],
        reservation=0.55,
    )
    b = position(
        "b",
        [
            stance(LEASE, ideal=55, accept=(30, 60)),
            stance(TIER, ideal="d", accept=["c", "d", "e"], salience=2),
        ],
        party=Party("beta", name="Beta", capability=3),
        reservation=0.3,
    )
    return [a, b], OutcomeSpace.grid([LEASE, TIER], scale_points=11)


def _by_formula() -> tuple[list[float], list[float], list[bool]]:
    """The utilities of the case and whether each outcome is inside both
    red lines, from the definitions (model.md)."""
    ua, ub, inside = [], [], []
    for k in range(55):
        x, r = 10 + 5 * (k // 5), k % 5
        ua.append(0.5 * (1 - abs(x - 15) / 50) + 0.5 * (1 - abs(r - 1) / 4))
        ub.append((1 - abs(x - 55) / 50) / 3 + 2 * (1 - abs(r - 3) / 4) / 3)
        inside.append(30 <= x <= 40 and r == 2)
    return ua, ub, inside


def test_solve_against_the_definitions() -> None:
    ps, space = _case()
    sol = positions.solve(ps, space)
    ua, ub, inside = _by_formula()
    u = sol.evaluation.utility
    assert u[0].tolist() == pytest.approx(ua)
    assert u[1].tolist() == pytest.approx(ub)
    assert sol.positions == ("a", "b")
    assert sol.space is space
    assert sol.within == "rational"
    levels = [0.55, 0.3]
    zone = [k for k in range(55) if inside[k] and ua[k] >= 0.55 and ub[k] >= 0.3]
    # Lease 30, 35 or 40 with tier c: a values them 0.725, 0.675, 0.625,
    # b 2/3, 0.7, 0.733: all three acceptable to both.
    assert zone == [22, 27, 32]
    assert sol.zone.tolist() == zone
    assert sol.zone.dtype == np.int64
    assert sol.red_line_zone.tolist() == [k for k in range(55) if inside[k]]
    assert sol.red_line_zone.dtype == np.int64
    front = brute_frontier(u, levels)
    assert sol.frontier.tolist() == front
    d = brute_disagreement(u, levels)
    assert d == [0.55, 0.3]  # both levels lie above the worst outcome
    assert sol.disagreement.tolist() == d
    want = {rule: brute_point(rule, u, front, d) for rule in RULES}
    asym = brute_point("asymmetric_nash", u, front, d, [1, 3])
    assert (sol.nash, sol.kalai_smorodinsky, sol.egalitarian, sol.utilitarian) == tuple(
        want[rule] for rule in RULES
    )
    assert sol.asymmetric_nash == asym
    # The levels move every point but the utilitarian one (which has no
    # disagreement point): with d = the worst outcomes instead, each point
    # over the same frontier would differ.
    worst = brute_disagreement(u)
    for rule in ("nash", "kalai_smorodinsky", "egalitarian"):
        assert brute_point(rule, u, front, worst) != want[rule]
    assert brute_point("asymmetric_nash", u, front, worst, [1, 3]) != asym
    assert sol.opposition == close(min(math.hypot(1 - ua[k], 1 - ub[k]) for k in range(55)))


def test_solve_within_the_zone_of_agreement() -> None:
    ps, space = _case()
    sol = positions.solve(ps, space, within="zone")
    rational = positions.solve(ps, space)
    u = sol.evaluation.utility
    levels = [0.55, 0.3]
    among = [k in (22, 27, 32) for k in range(55)]
    front = brute_frontier(u, levels, among)
    # Along the zone a loses and b gains: all three on its frontier.
    assert front == [22, 27, 32]
    assert sol.within == "zone"
    assert sol.frontier.tolist() == front
    assert sol.zone.tolist() == [22, 27, 32]
    d = brute_disagreement(u, levels)
    for rule in RULES:
        k = brute_point(rule, u, front, d)
        assert getattr(sol, rule) == k
        # Over the rational outcomes the point is another one.
        assert getattr(rational, rule) != k
    assert sol.asymmetric_nash == brute_point("asymmetric_nash", u, front, d, [1, 3])
    assert rational.asymmetric_nash != sol.asymmetric_nash
    assert sol.disagreement.tolist() == d


def test_solve_takes_a_missing_capability_as_one() -> None:
    # Utilities 1, .8, .6, .4, .2, 0 and the reverse; d = (0, 0).
    # Capabilities 1 (none given) and 2: g_a ** (1/3) * g_b ** (2/3) is
    # 0.458 at 30, 0.524 at 40, 0.504 at 50: 40 (outcome 3). Equal
    # capabilities would give the Nash point, 30 (0.24, tied with 40 and
    # the first).
    ps = _two_on_lease()
    sol = positions.solve(ps, OutcomeSpace.grid([LEASE], scale_points=6))
    assert sol.nash == 2
    assert sol.asymmetric_nash == 3
    (lease,) = sol.predictions
    assert lease.compromise == close(130 / 3)
    # Every capability 0: no asymmetric Nash point (and no weight for the
    # compromise either, so no prediction).
    none = [attrs.evolve(p, party=Party(p.party.id, name=p.party.name, capability=0)) for p in ps]
    sol = positions.solve(none, OutcomeSpace.grid([LEASE], scale_points=6))
    assert sol.asymmetric_nash is None
    assert sol.nash == 2
    assert sol.predictions == ()


def test_solve_predicts_each_issue_with_a_weight() -> None:
    ps, space = _case()
    sol = positions.solve(ps, space)
    lease, tier = sol.predictions
    # Lease: weights 1 * 1 and 1 * 3: (15 + 165) / 4 = 45; cumulative 1,
    # 4, half 2: 55. Tier: ranks 1 (1 * 1) and 3 (2 * 3): 19 / 7 = 2.714,
    # level d; median rank 3, d.
    assert (lease.issue, tier.issue) == ("lease", "tier")
    assert lease.compromise == close(45.0)
    assert lease.median == 55.0
    assert lease.compromise_value == close(45.0)
    assert lease.median_value == 55.0
    assert tier.compromise == close(19 / 7)
    assert (tier.median, tier.compromise_value, tier.median_value) == (3.0, "d", "d")
    assert lease.rests_on == ()
    # Only issues some position weighs: the seat, in the space but
    # addressed by one position with salience 0, is left out; one of
    # salience 0.5 (a weight below 1) is predicted.
    a = position(
        "a", [stance(LEASE, ideal=10, salience=2), stance(SEAT, ideal="oslo", salience=0)]
    )
    other = position("other", [stance(LEASE, ideal=60)], party=PARTY_B)
    space = OutcomeSpace.grid([SEAT, LEASE], scale_points=3)
    (only,) = positions.solve([a, other], space).predictions
    assert only.issue == "lease"
    # (2 * 10 + 1 * 60) / 3; cumulative 2, 3, half 1.5: 10.
    assert only.compromise == close(80 / 3)
    assert only.median == 10.0
    b = position("b", [stance(LEASE, ideal=10), stance(SEAT, ideal="oslo", salience=0.5)])
    seat = positions.solve([b], space).predictions[0]
    assert (seat.issue, seat.compromise, seat.compromise_value) == ("seat", "oslo", "oslo")


def test_solve_says_what_its_points_rest_on() -> None:
    # The tier ideal of a is inferred, the salience of b's lease reported:
    # the tier prediction rests on the first, the lease prediction on the
    # second, and the solution on both (and on every claim not stated).
    (a, b), space = _case()
    a = position(
        "a",
        [marked(a.stances[0]), marked(a.stances[1], ideal="inferred")],
        reservation=a.reservation,
    )
    b = position(
        "b",
        [marked(b.stances[0], salience="reported"), marked(b.stances[1])],
        party=b.party,
        reservation=b.reservation,
    )
    sol = positions.solve([a, b], space)
    lease, tier = sol.predictions
    assert [(c.position, c.issue, c.kind, c.status) for c in lease.rests_on] == [
        ("b", "lease", "salience", "reported")
    ]
    assert [(c.position, c.issue, c.kind, c.status) for c in tier.rests_on] == [
        ("a", "tier", "ideal", "inferred")
    ]
    claims = sol.rests_on
    assert all(isinstance(c, Claim) and c.status != "stated" for c in claims)
    kinds = {(c.position, c.issue, c.kind) for c in claims}
    assert ("a", "tier", "ideal") in kinds
    assert ("b", "lease", "salience") in kinds
    assert len(kinds) == len(claims)


def test_solve_evaluated_without_red_lines() -> None:
    # An evaluation without the red-line flags (inside=None): every outcome
    # counts as inside the red lines.
    ps, space = _case()
    ev = positions.evaluate(ps, space)
    bare = Evaluation(ev.positions, ev.utility, ev.concession, ev.shortfall, ev.acceptable)
    sol = solve_evaluated(ps, space, bare, "rational")
    assert sol.red_line_zone.tolist() == list(range(55))
    assert sol.red_line_zone.dtype == np.int64
    assert sol.zone.tolist() == [22, 27, 32]


def test_solve_refuses_what_it_cannot_solve() -> None:
    ps, space = _case()
    with pytest.raises(InvalidArgumentError, match=r"^solve needs at least one position$"):
        positions.solve([], space)
    with pytest.raises(
        InvalidArgumentError, match=r"^within must be one of \['rational', 'zone'\] \(got 'all'\)$"
    ):
        positions.solve(ps, space, within="all")  # type: ignore[arg-type]
    # A measure is passed on to the evaluation.
    with pytest.raises(positions.exceptions.UnknownMeasureError):
        positions.solve(ps, space, measure="pop")


def test_solve_passes_the_measure_on() -> None:
    # One position on the land, ideal (1, 0, 0), over a grid of 0/1
    # shares. The outcome (0, 1, 0) is 1/3 away by count and 3/8 by area,
    # (0, 0, 1) 2/3 and 5/8: utilities 2/3, 1/3 by count, 5/8, 3/8 by area.
    p = position("p", [stance(LAND, ideal=(1.0, 0.0, 0.0))])
    space = OutcomeSpace.of(
        [LAND], [offer("x", {LAND: (0.0, 1.0, 0.0)}), offer("y", {LAND: (0.0, 0.0, 1.0)})]
    )
    by_count = positions.solve([p], space, measure="count")
    assert by_count.evaluation.utility[0].tolist() == pytest.approx([1 - 2 / 3, 1 - 2 / 3])
    by_area = positions.solve([p], space)
    assert by_area.evaluation.utility[0].tolist() == pytest.approx([1 - 4 / 8, 1 - 5 / 8])
    assert by_area.nash == 0


# ---------------------------------------------------------------------------
# offer_distance.


def test_offer_distance_by_hand() -> None:
    ps, space = _case()
    sol = positions.solve(ps, space, within="zone")
    u = sol.evaluation.utility
    # Lease 25, tier c: a 0.5 * 0.8 + 0.5 * 0.75 = 0.775; b (1/3) * 0.4 +
    # (2/3) * 0.75 = 0.6333.
    o = offer("o", {LEASE: 25, TIER: "c"})
    dist = positions.offer_distance(sol, ps, o)
    assert dist.offer == "o"
    assert dist.utilities == pytest.approx((0.775, 0.4 / 3 + 0.5))
    here = np.array(dist.utilities)
    # The zone's frontier is 22, 27, 32 (lease 30, 35, 40 with tier c);
    # the nearest is 22: a 0.725, b 2/3 (distance hypot(0.05, 0.0333)).
    assert dist.to_frontier == close(math.hypot(0.775 - 0.725, (0.4 / 3 + 0.5) - 2 / 3))
    assert dist.to_frontier == close(
        min(math.dist(here.tolist(), u[:, k].tolist()) for k in (22, 27, 32))
    )
    assert list(dist.to_points) == list(positions.POINTS)
    for name in positions.POINTS:
        k = getattr(sol, name)
        assert dist.to_points[name] == close(math.dist(here.tolist(), u[:, k].tolist()))
    assert isinstance(dist.to_frontier, float)
    assert all(isinstance(x, float) for x in dist.utilities)
    # Under another measure the utilities of the offer change with it.
    p = position("p", [stance(LAND, ideal=(1.0, 0.0, 0.0))])
    land = OutcomeSpace.of([LAND], [offer("x", {LAND: (0.0, 1.0, 0.0)})])
    s = positions.solve([p], land, measure="count")
    d = positions.offer_distance(s, [p], offer("y", {LAND: (0.0, 0.0, 1.0)}), measure="count")
    assert d.utilities == pytest.approx((1 / 3,))
    assert d.to_frontier == close(0.0)


def test_offer_distance_without_a_frontier_or_points() -> None:
    # Levels no outcome reaches: an empty frontier and no points.
    ps, space = _case()
    high = [attrs.evolve(p, reservation=0.99) for p in ps]
    sol = positions.solve(high, space)
    assert sol.frontier.tolist() == []
    dist = positions.offer_distance(sol, high, offer("o", {LEASE: 25, TIER: "c"}))
    assert dist.to_frontier is None
    assert dist.to_points == dict.fromkeys(positions.POINTS)
    assert dist.utilities == pytest.approx((0.775, 0.4 / 3 + 0.5))


def test_offer_distance_refuses_what_does_not_fit() -> None:
    ps, space = _case()
    sol = positions.solve(ps, space)
    o = offer("o", {LEASE: 25, TIER: "c"})
    with pytest.raises(InvalidArgumentError, match=r"^expected a Solution, not Offer$"):
        positions.offer_distance(o, ps, o)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"^expected an Offer, not Position$"):
        positions.offer_distance(sol, ps, ps[0])  # type: ignore[arg-type]
    with pytest.raises(
        InvalidArgumentError,
        match=(
            r"^give the positions the solution was made for, in its order "
            r"\(\['a', 'b'\]\), not \['b', 'a'\]$"
        ),
    ):
        positions.offer_distance(sol, ps[::-1], o)
    with pytest.raises(InvalidArgumentError, match=r"not \['a', None\]$"):
        positions.offer_distance(sol, [ps[0], object()], o)  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="leaves issue 'tier' open"):
        positions.offer_distance(sol, ps, offer("p", {LEASE: 25}))
