"""Properties of the batch engine and the solutions (issue: batch engine)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import positions
from positions import Issue, OutcomeSpace, Position
from positions import strategies as pst


@st.composite
def small_problem(draw: st.DrawFn) -> tuple[tuple[Issue, ...], list[Position], OutcomeSpace]:
    issues = draw(pst.issue_lists(max_size=3))
    n = draw(st.integers(1, 3))
    ps = [draw(pst.positions(issues)) for _ in range(n)]
    if draw(st.booleans()):
        space = OutcomeSpace.grid(issues, shares=(0.0, 0.5, 1.0), scale_points=4)
    else:
        space = OutcomeSpace.sample(issues, draw(st.integers(1, 40)), seed=draw(st.integers(0, 9)))
    return issues, ps, space


@settings(max_examples=60)
@given(small_problem())
def test_batch_equals_one_at_a_time_on_every_outcome(
    drawn: tuple[tuple[Issue, ...], list[Position], OutcomeSpace],
) -> None:
    _, ps, space = drawn
    ev = positions.evaluate(ps, space)
    for k in range(min(len(space), 300)):
        offer = space.offer(k)
        for row, p in enumerate(ps):
            a = positions.assess(p, offer)
            assert ev.concession[row, k] == a.concession.value
            assert ev.shortfall[row, k] == a.shortfall.value
            assert ev.utility[row, k] == a.utility
            assert bool(ev.acceptable[row, k]) == a.acceptable
    assert np.array_equal(positions.utilities(ps, space), ev.utility)


def test_the_grid_is_in_product_order() -> None:
    case = positions.load_case("harbour")
    space = OutcomeSpace.grid(case.issues, scale_points=3)
    expected = list(itertools.product(*space.values))
    assert len(space) == len(expected)
    for k in (0, 1, 7, len(space) - 1):
        offer = space.offer(k)
        assert tuple(offer.value(i.id) for i in space.issues) == expected[k]


utility_matrices = st.integers(1, 4).flatmap(
    lambda parties: hnp.arrays(
        np.float64,
        st.tuples(st.just(parties), st.integers(1, 30)),
        elements=st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0, 1),
    )
)
reservation_lists = st.none() | st.lists(st.none() | st.floats(0, 1), min_size=4, max_size=4)


def _reservations(u: np.ndarray, r: list[float | None] | None) -> list[float | None] | None:
    return None if r is None else r[: u.shape[0]]


def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a >= b) and np.any(a > b))


@given(utility_matrices, reservation_lists)
def test_the_frontier_is_exactly_the_undominated_rational_outcomes(
    u: np.ndarray, r: list[float | None] | None
) -> None:
    res = _reservations(u, r)
    front = positions.pareto_frontier(u, reservations=res)
    floor = np.array([-np.inf if x is None else x for x in (res or [None] * u.shape[0])])
    rational = [k for k in range(u.shape[1]) if np.all(u[:, k] >= floor)]
    for k in front:
        assert k in rational
        assert not any(_dominates(u[:, j], u[:, k]) for j in rational)
        # duplicates: only the lowest index of equal points stays
        assert not any(np.array_equal(u[:, j], u[:, k]) for j in rational if j < k)
    for k in set(rational) - set(front.tolist()):
        assert any(
            _dominates(u[:, j], u[:, k]) or (np.array_equal(u[:, j], u[:, k]) and j < k)
            for j in rational
        )


@given(utility_matrices, reservation_lists)
def test_nash_ks_and_egalitarian_points_lie_on_the_frontier(
    u: np.ndarray, r: list[float | None] | None
) -> None:
    res = _reservations(u, r)
    front = set(positions.pareto_frontier(u, reservations=res).tolist())
    for solution in (
        positions.nash_point,
        positions.kalai_smorodinsky_point,
        positions.egalitarian_point,
    ):
        point = solution(u, reservations=res)
        assert (point is None) == (not front)
        assert point is None or point in front


@given(utility_matrices)
def test_results_do_not_depend_on_the_order_of_parties_or_outcomes(u: np.ndarray) -> None:
    outcome_order = np.random.default_rng(0).permutation(u.shape[1])
    party_order = np.random.default_rng(1).permutation(u.shape[0])
    shuffled = u[party_order][:, outcome_order]
    front = {tuple(u[:, k]) for k in positions.pareto_frontier(u)}
    front_shuffled = {tuple(u[:, outcome_order[k]]) for k in positions.pareto_frontier(shuffled)}
    assert front == front_shuffled
    nash = positions.nash_point(u)
    nash_shuffled = positions.nash_point(shuffled)
    assert nash is not None
    assert nash_shuffled is not None
    # The same utility vector (ties between equal products aside).
    product = np.prod(u[:, nash] - u.min(axis=1))
    product_shuffled = np.prod(u[:, outcome_order[nash_shuffled]] - u.min(axis=1))
    assert product == pytest.approx(product_shuffled, rel=1e-12, abs=1e-15)


def rank_or_number(issue: Issue, value: positions.Value) -> float:
    if isinstance(issue, positions.OrdinalIssue):
        return float(issue.rank(str(value)))
    assert isinstance(value, float)
    return value


@given(
    pst.issue_lists(kinds=("scale", "ordinal"), max_size=2).flatmap(
        lambda issues: st.tuples(
            st.just(issues),
            st.lists(pst.positions(issues, min_issues=len(issues)), min_size=1, max_size=4),
        )
    )
)
def test_the_compromise_and_median_lie_within_the_range_of_the_ideals(
    drawn: tuple[tuple[Issue, ...], list[Position]],
) -> None:
    issues, ps = drawn
    for issue in issues:
        if not any(
            p.weight(issue.id) * (1.0 if p.party.capability is None else p.party.capability) > 0
            for p in ps
        ):
            continue
        ideals = [rank_or_number(issue, p.stance(issue.id).ideal) for p in ps]
        c = positions.compromise(ps, issue.id)
        m = positions.weighted_median(ps, issue.id)
        assert isinstance(c, float)  # scale and ordinal issues only here
        assert min(ideals) - 1e-9 <= c <= max(ideals) + 1e-9
        assert m in ideals
        assert positions.compromise(list(reversed(ps)), issue.id) == pytest.approx(c)


@pytest.mark.parametrize("levels", [None, 7])
def test_the_two_party_frontier_is_exact_on_large_inputs(levels: int | None) -> None:
    # Large enough (> 4096 points) for the pruning step, with ties and
    # duplicates when the utilities are coarse; compared with a plain sweep.
    rng = np.random.default_rng(levels or 0)
    u = rng.random((2, 60_000))
    if levels is not None:
        u = np.round(u * levels) / levels
    order = np.lexsort((np.arange(u.shape[1]), -u[1], -u[0]))
    best = -np.inf
    expected = []
    for k in order:
        if u[1, k] > best:
            expected.append(k)
            best = u[1, k]
    assert positions.pareto_frontier(u).tolist() == sorted(expected)


@pytest.mark.parametrize(("ideals", "expected"), [(("a", "b"), "b"), (("b", "c"), "c")])
def test_an_ordinal_compromise_half_way_between_levels_rounds_up(
    ideals: tuple[str, str], expected: str
) -> None:
    issue = positions.OrdinalIssue("level", levels=("a", "b", "c"))
    parties = [positions.Party(f"p{k}", name=f"P{k}") for k in range(2)]
    those = [
        positions.Position(f"x{k}", party=party, stances=[positions.Stance(issue, ideal)])
        for k, (party, ideal) in enumerate(zip(parties, ideals, strict=True))
    ]
    space = positions.OutcomeSpace.grid([issue])
    (prediction,) = positions.solve(those, space).predictions
    assert prediction.compromise == positions.compromise(those, "level")
    assert prediction.compromise_value == expected
