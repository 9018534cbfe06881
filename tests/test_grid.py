"""Solutions over a grid found issue by issue equal those of the
materialised grid, outcome for outcome and tie for tie."""

from __future__ import annotations

import datetime
import itertools

import numpy as np
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import positions
from positions import Case, Position
from positions import strategies as pst
from positions._measures import _union
from positions._select import case_grid_size, latest_per_party
from positions.exceptions import InvalidArgumentError


def _conflicting(chosen: list[Position]) -> bool:
    """Whether two positions list two shared issues in opposite orders."""
    for a, b in itertools.combinations(chosen, 2):
        shared = [i for i in a.issue_ids if i in b.issue_ids]
        if shared != [i for i in b.issue_ids if i in a.issue_ids]:
            return True
    return False


def assert_equal_solutions(f: positions.FrontierSolution, s: positions.Solution) -> None:
    """A frontier solution is the materialised one: frontier, utilities,
    disagreement point, opposition and every point."""
    assert f.indices() == s.frontier.tolist(), s.within
    assert np.array_equal(f.utilities, s.evaluation.utility[:, s.frontier])
    assert np.array_equal(f.disagreement, s.disagreement)
    assert f.opposition == s.opposition
    for name in positions.POINTS:
        got, want = getattr(f, name), getattr(s, name)
        assert (got is None and want is None) or f.index(got) == want, (s.within, name)
    if f.nash is not None:
        assert f.offer(f.nash) == s.space.offer(f.index(f.nash))


def _same(chosen: list[Position], space: positions.OutcomeSpace, *, record: bool = False) -> None:
    if _conflicting(chosen):
        with pytest.raises(InvalidArgumentError, match="orders"):
            positions.grid_solve(chosen, space)
        return
    for within in positions.WITHIN:
        s = positions.solve(chosen, space, within=within)
        assert_equal_solutions(positions.grid_solve(chosen, space, within=within), s)
        if record:
            size = len(s.frontier)
            event(f"{within}: frontier of {min(size, 10)}{'+' * (size >= 10)}")


@settings(max_examples=150, deadline=None)
@given(pst.cases(min_parties=2, max_issues=3, max_positions=4, max_offers=2), st.data())
def test_the_grid_path_equals_the_materialised_one(case: Case, data: st.DataObject) -> None:
    # One position per party, for two or three parties.
    per_party = [case.positions_of(p.id) for p in case.parties if case.positions_of(p.id)]
    assume(len(per_party) >= 2)
    chosen = [data.draw(st.sampled_from(ps)) for ps in per_party[:3]]
    ids = list(_union(chosen))
    assume(case_grid_size(case, [case.issue(i) for i in ids]) <= 5_000)
    _same(chosen, positions.case_grid(case, ids), record=True)


@pytest.mark.parametrize("name", ["harbour", "kuril-islands"])
def test_the_grid_path_equals_the_materialised_one_on_the_bundled_cases(name: str) -> None:
    case = positions.load_case(name)
    latest = latest_per_party(case)
    ids = list(case.agreement_issues) or list(_union(latest))
    space = positions.case_grid(case, ids)
    _same([p.restricted(ids) for p in latest], space)
    for a, b in itertools.combinations(case.positions, 2):
        if a.party != b.party:
            pair = [a.restricted(ids), b.restricted(ids)] if ids else [a, b]
            _same(pair, space)


def test_a_grid_too_large_to_make_is_solved() -> None:
    # Twelve issues of twelve levels: 12**12, about 8.9e12 outcomes.
    rng = np.random.default_rng(3)
    issues = [
        positions.OrdinalIssue(f"i{k}", levels=tuple(f"l{j}" for j in range(12)))
        for k in range(12)
    ]
    chosen = []
    for party in ("a", "b"):
        stances = [
            positions.Stance(
                issue, ideal=issue.levels[int(rng.integers(12))], salience=float(rng.random())
            )
            for issue in issues
        ]
        chosen.append(
            positions.Position(
                f"{party}-1",
                party=positions.Party(party, name=party.upper()),
                stances=stances,
                date=datetime.date(2024, 1, 1),
                status="stated",
            )
        )
    space = positions.OutcomeSpace.grid(issues)
    assert len(space) == 12**12
    g = positions.grid_solve(chosen, space)
    assert len(g.codes) > 0
    # Every frontier outcome is worth what the one-offer measures say, and
    # none dominates another.
    for row in range(0, len(g.codes), max(1, len(g.codes) // 20)):
        offer = g.offer(row)
        for p, u in zip(chosen, g.utilities[:, row], strict=True):
            assert positions.utility(p, offer) == u
    assert positions.pareto_frontier(g.utilities).tolist() == list(range(len(g.codes)))
    assert g.nash is not None
    assert g.index(g.nash) < len(space)


def test_misuse_is_refused() -> None:
    case = positions.load_case("harbour")
    listed = positions.OutcomeSpace.of(case.issues, [case.offer("compromise")])
    with pytest.raises(InvalidArgumentError, match="works on a grid"):
        positions.grid_solve(case.positions, listed)
    with pytest.raises(InvalidArgumentError, match="within"):
        positions.grid_solve(case.positions, positions.case_grid(case), within="all")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="at least one position"):
        positions.grid_solve([], positions.case_grid(case))


def _random_positions(seed: int, parties: int) -> tuple[list[Position], positions.OutcomeSpace]:
    rng = np.random.default_rng(seed)
    issues: list[positions.Issue] = [
        positions.OrdinalIssue("o", levels=tuple(f"l{j}" for j in range(6))),
        positions.ScaleIssue("s", low=0, high=10),
        positions.CategoricalIssue("c", levels=("x", "y", "z")),
        positions.ItemsIssue(
            "t", items=[positions.Item("a"), positions.Item("b", divisible=True)]
        ),
    ]
    chosen = []
    for k in range(parties):
        stances = [
            positions.Stance(
                issues[0], ideal=f"l{int(rng.integers(6))}", salience=float(rng.integers(1, 3))
            ),
            positions.Stance(
                issues[1], ideal=float(rng.integers(11)), salience=float(rng.integers(1, 3))
            ),
            positions.Stance(issues[2], ideal=str(rng.choice(["x", "y", "z"])), salience=1.0),
            positions.Stance(
                issues[3],
                ideal=(float(rng.integers(2)), float(rng.integers(3)) / 2),
                salience=float(rng.integers(1, 3)),
            ),
        ]
        chosen.append(
            positions.Position(
                f"p{k}",
                party=positions.Party(f"p{k}", name=f"P{k}"),
                stances=stances,
                date=datetime.date(2024, 1, 1),
                status="stated",
                reservation=None if k else 0.3,
            )
        )
    space = positions.OutcomeSpace.grid(issues, shares=(0.0, 0.25, 0.5, 0.75, 1.0))
    return chosen, space


@pytest.mark.parametrize("parties", [2, 3, 4])
@pytest.mark.parametrize("seed", range(4))
def test_the_grid_path_equals_the_materialised_one_with_many_ties(parties: int, seed: int) -> None:
    chosen, space = _random_positions(seed, parties)
    _same(chosen, space)


def _same_chunked(chosen: list[Position], space: positions.OutcomeSpace, chunk: int) -> None:
    for within in positions.WITHIN:
        c = positions.chunked_solve(chosen, space, within=within, chunk=chunk)
        assert_equal_solutions(c, positions.solve(chosen, space, within=within))


@settings(max_examples=100, deadline=None)
@given(
    pst.cases(min_parties=2, max_issues=3, max_positions=4, max_offers=2),
    st.data(),
    st.integers(1, 400),
    st.integers(1, 2_000),
)
def test_the_chunked_path_equals_the_materialised_one(
    case: Case, data: st.DataObject, chunk: int, n: int
) -> None:
    per_party = [case.positions_of(p.id) for p in case.parties if case.positions_of(p.id)]
    assume(len(per_party) >= 2)
    chosen = [data.draw(st.sampled_from(ps)) for ps in per_party[:3]]
    ids = list(_union(chosen))
    issues = [case.issue(i) for i in ids]
    sampled = positions.OutcomeSpace.sample(issues, n, seed=data.draw(st.integers(0, 99)))
    _same_chunked(chosen, sampled, chunk)
    if case_grid_size(case, issues) <= 3_000:
        _same_chunked(chosen, positions.case_grid(case, ids), chunk)


@pytest.mark.parametrize("parties", [2, 3])
def test_the_chunked_path_equals_the_materialised_one_with_many_ties(parties: int) -> None:
    chosen, space = _random_positions(7, parties)
    for chunk in (13, 500, len(space)):
        _same_chunked(chosen, space, chunk)


def test_chunked_misuse_is_refused() -> None:
    case = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match="chunk must be"):
        positions.chunked_solve(case.positions, positions.case_grid(case), chunk=0)
    with pytest.raises(InvalidArgumentError, match="OutcomeSpace"):
        positions.chunked_solve(case.positions, [case.offer("compromise")])  # type: ignore[arg-type]
