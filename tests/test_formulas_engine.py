"""The batch engine (``positions._engine``): its outcome spaces pinned to
hand-counted grids, samples and lists, and ``evaluate`` and ``utilities``
pinned to the one-at-a-time measures outcome by outcome, bit for bit,
under every item measure (``docs/explanation/measures.md``, "Many outcomes
at once")."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import positions
from formulas_support import (
    LAND,
    LEASE,
    PARTY_B,
    SEAT,
    TIER,
    first,
    offer,
    position,
    second,
    stance,
)
from positions import Interval, OutcomeSpace
from positions._engine import check_seed, grid_shape
from positions.exceptions import InvalidArgumentError

ISSUES = (LAND, LEASE, TIER, SEAT)


def test_grid_shape_counts_each_issues_values() -> None:
    # LAND: a and b indivisible (2 each), c divisible: 2, 3 or 5 shares.
    assert grid_shape(ISSUES) == (8, 11, 5, 3)
    assert grid_shape(ISSUES, shares=(0.0, 0.5, 1.0), scale_points=6) == (12, 6, 5, 3)
    assert grid_shape([LAND], shares=(0.0, 0.25, 0.5, 0.75, 1.0)) == (20,)
    for bad in (1, 0, True, 2.0):
        with pytest.raises(InvalidArgumentError, match="scale_points must be an integer"):
            grid_shape([LEASE], scale_points=bad)  # type: ignore[arg-type]
    assert grid_shape([LEASE], scale_points=2) == (2,)


def test_the_grid_values_of_each_issue() -> None:
    space = OutcomeSpace.grid(ISSUES, shares=(0.0, 0.5, 1.0), scale_points=6)
    land, lease, tier, seat = space.values
    assert lease == (10.0, 20.0, 30.0, 40.0, 50.0, 60.0)
    assert tier == ("a", "b", "c", "d", "e")
    assert seat == ("geneva", "vienna", "oslo")
    assert land == tuple(itertools.product((0.0, 1.0), (0.0, 1.0), (0.0, 0.5, 1.0)))
    assert space.shape == (12, 6, 5, 3)
    assert len(space) == 12 * 6 * 5 * 3
    assert space.codes is None
    assert space.issues == ISSUES
    # Outcome k is the k-th combination in itertools.product order.
    combos = list(itertools.product(*space.values))
    for k in (0, 1, 5, 6, 29, 30, 77, len(space) - 1):
        o = space.offer(k)
        assert tuple(o.value(i.id) for i in ISSUES) == combos[k]
        assert o.id == f"outcome-{k}"
        assert o.status == "inferred"
    assert space.offer(3, id="mine").id == "mine"
    assert space.code(77) == tuple(int(c) for c in np.unravel_index(77, space.shape))
    with pytest.raises(IndexError, match=f"^{len(space)}$"):
        space.code(len(space))
    with pytest.raises(IndexError, match=r"^-1$"):
        space.code(-1)


def test_a_grid_with_values_given_for_some_issues() -> None:
    space = OutcomeSpace.grid([LEASE, SEAT], values={"lease": [12, 34]})
    assert space.values == ((12, 34), ("geneva", "vienna", "oslo"))
    assert len(space) == 6
    same = OutcomeSpace.grid([LEASE, SEAT], values={"other": [1]}, scale_points=3)
    assert same.values[0] == (10.0, 35.0, 60.0)


def test_a_sample_is_reproducible_and_drawn_from_the_grid() -> None:
    a = OutcomeSpace.sample(ISSUES, 40, seed=7)
    b = OutcomeSpace.sample(ISSUES, 40, seed=7)
    assert a.codes is not None
    assert b.codes is not None
    assert np.array_equal(a.codes, b.codes)
    assert a.codes.shape == (40, 4)
    assert a.codes.dtype == np.int64
    assert len(a) == 40
    grid = OutcomeSpace.grid(ISSUES)
    assert a.values == grid.values
    for j, n in enumerate(grid.shape):
        assert a.codes[:, j].min() >= 0
        assert a.codes[:, j].max() < n
    # 40 draws from 8 or more values each are not all the same.
    assert len({tuple(r) for r in a.codes.tolist()}) > 30
    other = OutcomeSpace.sample(ISSUES, 40, seed=8)
    assert other.codes is not None
    assert not np.array_equal(a.codes, other.codes)
    # The same draws as NumPy's generator makes them, issue by issue.
    rng = np.random.default_rng(7)
    expected = np.stack([rng.integers(0, n, size=40) for n in grid.shape], axis=1)
    assert np.array_equal(a.codes, expected)
    k = 13
    assert a.code(k) == tuple(int(c) for c in a.codes[k])
    assert a.offer(k).value("tier") == grid.values[2][a.codes[k, 2]]
    assert len(OutcomeSpace.sample(ISSUES, 0, seed=1)) == 0
    s = OutcomeSpace.sample([LAND], 5, seed=1, shares=(0.0, 0.5, 1.0))
    assert s.shape == (12,)
    s = OutcomeSpace.sample([LEASE], 5, seed=1, scale_points=3)
    assert s.values == ((10.0, 35.0, 60.0),)


def test_a_sample_refuses_a_bad_size_or_seed() -> None:
    for n in (-1, True, 2.5):
        with pytest.raises(InvalidArgumentError, match=r"n must be an integer >= 0 \(got"):
            OutcomeSpace.sample(ISSUES, n)  # type: ignore[arg-type]
    for seed in (-1, True, 1.5):
        with pytest.raises(InvalidArgumentError, match="seed must be an integer >= 0"):
            OutcomeSpace.sample(ISSUES, 3, seed=seed)  # type: ignore[arg-type]
    check_seed(None)
    check_seed(0)


def test_a_space_of_given_offers() -> None:
    o1 = offer("o1", {LEASE: 20, SEAT: "oslo", TIER: "a"})
    o2 = offer("o2", {LEASE: 40, SEAT: "oslo"})
    o3 = offer("o3", {LEASE: 20, SEAT: "geneva"})
    space = OutcomeSpace.of([LEASE, SEAT], [o1, o2, o3])
    # Each issue's values in order of first appearance; one code per offer.
    assert space.values == ((20.0, 40.0), ("oslo", "geneva"))
    assert space.codes is not None
    assert space.codes.tolist() == [[0, 0], [1, 0], [0, 1]]
    assert len(space) == 3
    assert space.offer(2).value("seat") == "geneva"
    with pytest.raises(InvalidArgumentError, match="offer 'o2' leaves issue 'tier' open"):
        OutcomeSpace.of([LEASE, TIER], [o1, o2])
    other = positions.ScaleIssue("lease", low=0, high=100)
    with pytest.raises(InvalidArgumentError, match="offer 'o9' uses another 'lease'"):
        OutcomeSpace.of([LEASE], [offer("o9", {other: 20})])


def test_an_outcome_space_checks_its_parts() -> None:
    needs = r"^an outcome space needs one tuple of values per issue, and at least one issue$"
    with pytest.raises(InvalidArgumentError, match=needs):
        OutcomeSpace((LEASE,), ())
    with pytest.raises(InvalidArgumentError, match=needs):
        OutcomeSpace((), ())
    with pytest.raises(InvalidArgumentError, match=r"issue ids must be distinct \(got \['lease'"):
        OutcomeSpace((LEASE, LEASE), ((10.0,), (20.0,)))
    with pytest.raises(InvalidArgumentError, match="issue 'lease' has no values in the space"):
        OutcomeSpace((LEASE,), ((),))
    with pytest.raises(positions.exceptions.ModelError):
        OutcomeSpace((LEASE,), ((99.0,),))
    with pytest.raises(InvalidArgumentError, match=r"codes must have shape \(n, 1\)"):
        OutcomeSpace((LEASE,), ((10.0,),), np.zeros((2, 2), dtype=np.int64))
    with pytest.raises(InvalidArgumentError, match=r"shape \(n, 1\) \(got \(2,\)\)"):
        OutcomeSpace((LEASE,), ((10.0,),), np.zeros(2, dtype=np.int64))
    with pytest.raises(InvalidArgumentError, match=r"^codes must index the issues' values$"):
        OutcomeSpace((LEASE,), ((10.0, 20.0),), np.array([[2]], dtype=np.int64))
    with pytest.raises(InvalidArgumentError, match=r"^codes must index the issues' values$"):
        OutcomeSpace((LEASE,), ((10.0, 20.0),), np.array([[-1]], dtype=np.int64))
    ok = OutcomeSpace((LEASE, SEAT), ((10.0, 20.0), ("oslo",)), np.array([[1, 0]]))
    assert ok.offer(0).value("lease") == 20.0
    empty = OutcomeSpace((LEASE,), ((10.0,),), np.zeros((0, 1), dtype=np.int64))
    assert len(empty) == 0


# ---------------------------------------------------------------------------
# evaluate and utilities against the one-at-a-time measures.


def _assert_batch_equals_one_at_a_time(
    ps: list[positions.Position], space: OutcomeSpace, measure: str | None
) -> None:
    ev = positions.evaluate(ps, space, measure=measure)
    u = positions.utilities(ps, space, measure=measure)
    assert ev.positions == tuple(p.id for p in ps)
    shape = (len(ps), len(space))
    assert ev.utility.shape == shape
    for arr in (ev.utility, ev.concession, ev.shortfall, u):
        assert arr.shape == shape
        assert arr.dtype == np.float64
    assert ev.acceptable.shape == shape
    assert ev.acceptable.dtype == np.bool_
    assert ev.inside is not None
    assert ev.inside.dtype == np.bool_
    for k in range(len(space)):
        o = space.offer(k)
        for row, p in enumerate(ps):
            a = positions.assess(p, o, measure=measure)
            assert ev.utility[row, k] == a.utility
            assert u[row, k] == a.utility
            assert ev.concession[row, k] == a.concession.value
            assert ev.shortfall[row, k] == a.shortfall.value
            assert bool(ev.acceptable[row, k]) == a.acceptable
            assert bool(ev.inside[row, k]) == (not a.unacceptable_issues)


@pytest.mark.parametrize("measure", [None, "count", "area", "pop"])
def test_evaluate_equals_assess_on_a_grid(measure: str | None) -> None:
    space = OutcomeSpace.grid(ISSUES, scale_points=3)
    third = position(
        "third",
        [stance(TIER, ideal="d", accept=["c", "d"]), stance(LEASE, ideal=30, accept=(20, 40))],
        party=PARTY_B,
        reservation=0.7,
    )
    _assert_batch_equals_one_at_a_time([first(), second(), third], space, measure)


@pytest.mark.parametrize("measure", [None, "count", "pop"])
def test_evaluate_equals_assess_on_a_sample(measure: str | None) -> None:
    space = OutcomeSpace.sample(ISSUES, 60, seed=3, shares=(0.0, 0.25, 1.0))
    _assert_batch_equals_one_at_a_time([second(), first()], space, measure)


def test_evaluate_on_given_offers() -> None:
    offers = [
        offer("a", {LAND: (0.0, 1.0, 0.5), LEASE: 25, TIER: "c", SEAT: "oslo"}),
        offer("b", {LAND: (1.0, 1.0, 1.0), LEASE: 40, TIER: "d", SEAT: "oslo"}),
        offer("c", {LAND: (0.0, 0.0, 0.75), LEASE: 30, TIER: "a", SEAT: "geneva"}),
    ]
    space = OutcomeSpace.of(ISSUES, offers)
    _assert_batch_equals_one_at_a_time([first(), second()], space, None)
    ev = positions.evaluate([first()], space)
    # By hand (test_formulas_measures): U = 0.75625, 0.4625; the third is
    # inside the red lines but worth 0.48125 + 0.125 (geneva) = 0.60625,
    # just above the reservation level 0.6.
    assert ev.utility[0].tolist() == pytest.approx([0.75625, 0.4625, 0.60625])
    assert ev.acceptable[0].tolist() == [True, False, True]
    assert ev.inside is not None
    assert ev.inside[0].tolist() == [True, False, True]
    assert ev.concession[0].tolist() == pytest.approx([0.24375, 0.5375, 0.39375])
    assert ev.shortfall[0].tolist() == pytest.approx([0.0, 0.20625, 0.0])


def test_evaluate_applies_the_reservation_level() -> None:
    # One issue: U = 1 - |x - 10| / 50 at 10, 35, 60: 1, 0.5, 0. With a
    # reservation level of 0.5 the first two are acceptable.
    p = position("p", [stance(LEASE, ideal=10, accept=Interval(10, 60))], reservation=0.5)
    space = OutcomeSpace.grid([LEASE], scale_points=3)
    ev = positions.evaluate([p], space)
    assert ev.utility.tolist() == [[1.0, 0.5, 0.0]]
    assert ev.concession.tolist() == [[0.0, 0.5, 1.0]]
    assert ev.acceptable.tolist() == [[True, True, False]]
    assert ev.inside is not None
    assert ev.inside.tolist() == [[True, True, True]]
    assert positions.utilities([p], space).tolist() == [[1.0, 0.5, 0.0]]


def test_evaluate_of_a_position_on_part_of_the_space() -> None:
    # The position addresses the lease only; the seat varies freely.
    p = position("p", [stance(LEASE, ideal=10, accept=(10, 20))])
    space = OutcomeSpace.grid([SEAT, LEASE], scale_points=3)
    ev = positions.evaluate([p], space)
    assert ev.utility.tolist() == [[1.0, 0.5, 0.0] * 3]
    assert ev.shortfall[0].tolist() == pytest.approx([0.0, 0.3, 0.8] * 3)
    assert ev.acceptable.tolist() == [[True, False, False] * 3]


def test_evaluate_refuses_a_space_without_the_positions_issues() -> None:
    space = OutcomeSpace.grid([LEASE, SEAT], scale_points=3)
    with pytest.raises(
        InvalidArgumentError,
        match="the outcome space does not settle issue 'land', which position 'first'",
    ):
        positions.evaluate([first()], space)
    with pytest.raises(InvalidArgumentError, match="does not settle issue 'land'"):
        positions.utilities([first()], space)
    other = positions.ScaleIssue("lease", low=0, high=100)
    p = position("p", [stance(other, ideal=50)])
    with pytest.raises(
        InvalidArgumentError, match="position 'p' and the outcome space differ on 'lease'"
    ):
        positions.evaluate([p], space)
    with pytest.raises(positions.exceptions.UnknownMeasureError):
        positions.evaluate([p], space, measure="pop")
    with pytest.raises(positions.exceptions.UnknownMeasureError):
        positions.utilities([p], space, measure="pop")


def test_evaluate_of_no_positions() -> None:
    space = OutcomeSpace.grid([LEASE], scale_points=3)
    ev = positions.evaluate([], space)
    assert ev.utility.shape == (0, 3)
    assert positions.utilities([], space).shape == (0, 3)
