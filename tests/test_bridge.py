"""Bridging proposals: optimal against brute force over a grid that holds
every candidate, on the bundled 2022 positions and on generated cases."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import positions
from positions import Interval, Issue, ItemsIssue, Levels, Position, ScaleIssue, Value
from positions import strategies as pst
from positions.exceptions import InvalidArgumentError

KURIL = positions.load_case("kuril-islands")
JAPAN = KURIL.position("japan-2022-inherent-territory")
RUSSIA = KURIL.position("russia-2022-talks-ended")
# Values within this count as equal when comparing with brute force (the
# two add the same terms in different orders).
CLOSE = 1e-9


def candidates(
    issue: Issue,
    chosen: Sequence[Position],
    shares: Sequence[float] = (),
    scale_points: int = 0,
) -> list[Value]:
    """Every value where an optimum can lie, from the documented rule: each
    level; each end, red-line bound and ideal of a scale (and the
    ``scale_points`` grid); for weighted items every combination of 0, 1
    and, on divisible items, every bound and ideal share (and ``shares``)."""
    stances = [p.stance(issue.id) for p in chosen if issue.id in p.issue_ids]
    if isinstance(issue, ScaleIssue):
        points = {issue.low, issue.high}
        if scale_points:
            points |= {float(x) for x in np.linspace(issue.low, issue.high, scale_points)}
        for s in stances:
            assert isinstance(s.accept, Interval)
            assert isinstance(s.ideal, float)
            points |= {s.accept.low, s.accept.high, s.ideal}
        return sorted(points)
    if isinstance(issue, ItemsIssue):
        per_item = []
        for j, item in enumerate(issue.items):
            options = {0.0, 1.0}
            if item.divisible:
                options |= {float(x) for x in shares}
                for s in stances:
                    box, ideal = s.accept, s.ideal
                    assert isinstance(box, positions.Box)
                    assert isinstance(ideal, tuple)
                    options |= {box.bounds[j].low, box.bounds[j].high, ideal[j]}
            per_item.append(sorted(options))
        return list(itertools.product(*per_item))
    return list(issue.levels)


def brute_force(
    chosen: Sequence[Position],
    issue_ids: Sequence[str],
    *,
    shares: Sequence[float] = (),
    scale_points: int = 0,
    measure: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per outcome of the grid: the total shortfall, the largest shortfall
    and the total weighted concession."""
    restricted = [p.restricted(issue_ids) for p in chosen]
    union = {i.id: i for p in restricted for i in p.issues}
    issues = [union[i] for i in issue_ids]
    values = {i.id: candidates(i, restricted, shares, scale_points) for i in issues}
    space = positions.OutcomeSpace.grid(issues, values=values)
    ev = positions.evaluate(restricted, space, measure=measure)
    return ev.shortfall.sum(axis=0), ev.shortfall.max(axis=0), ev.concession.sum(axis=0)


def check_against(b: positions.Bridge, chosen: Sequence[Position], **grid: object) -> None:
    total, worst, conc = brute_force(chosen, b.issues, **grid)  # type: ignore[arg-type]
    objective = total if b.objective == "total" else worst
    assert b.value == pytest.approx(objective.min(), abs=CLOSE)
    ties = objective <= objective.min() + CLOSE
    concession = sum(p.concession for p in b.by_party)
    assert concession == pytest.approx(conc[ties].min(), abs=CLOSE)


# ---------------------------------------------------------------------------
# The bundled 2022 positions


def test_the_2022_bridge_is_optimal_against_brute_force() -> None:
    b = positions.bridge([JAPAN, RUSSIA])
    assert b.issues == (
        "territory",
        "peace_treaty",
        "basis_of_transfer",
        "economic_cooperation",
        "sanctions",
        "energy_trade",
        "salmon_fishing",
        "visa_free_exchange",
        "joint_economic_activity",
        "military_presence",
    )
    check_against(b, [JAPAN, RUSSIA], shares=(0.0, 0.5, 1.0))


def test_the_2022_bridge_names_the_red_lines_to_relax_and_by_how_much() -> None:
    b = positions.bridge([JAPAN, RUSSIA])
    needed = [(r.position, r.issue, r.distance, r.amount) for r in b.relaxations]
    assert needed == [
        ("japan-2022-inherent-territory", "territory", 1.0, 0.3),
        ("japan-2022-inherent-territory", "peace_treaty", 1 / 3, pytest.approx(0.1 / 3)),
    ]
    assert b.value == pytest.approx(0.3 + 0.1 / 3)
    assert b.outcome["peace_treaty"] == "talks-frozen"
    # The two red lines on the islands weigh the same (0.3 each): every
    # split costs the same, and the tie goes to the lowest share.
    assert b.issue("territory").tied
    assert b.outcome["territory"] == (0.0, 0.0, 0.0, 0.0)
    peace = b.relaxations[1]
    assert peace.widened == Levels({"talks-frozen", "talks-ongoing", "treaty-concluded"})
    japan, russia = b.by_party
    assert japan.shortfall == pytest.approx(0.3 + 0.1 / 3)
    assert russia.shortfall == 0.0
    assert (japan.meets_reservation, russia.meets_reservation) == (False, True)
    assert japan.utility == pytest.approx(0.5833333333333334)
    assert {c.position for c in b.rests_on} == {JAPAN.id, RUSSIA.id}
    assert all(c.status != "stated" for c in b.rests_on)


def test_the_2022_bridges_are_optimal_over_the_grid_solve_enumerates() -> None:
    for objective in ("total", "max"):
        b = positions.bridge([JAPAN, RUSSIA], objective=objective)
        grid = positions.case_grid(KURIL, b.issues)
        if objective == "max":
            b = positions.bridge([JAPAN, RUSSIA], objective="max", grid=grid)
        ev = positions.evaluate([p.restricted(b.issues) for p in (JAPAN, RUSSIA)], grid)
        best = (
            ev.shortfall.sum(axis=0) if objective == "total" else ev.shortfall.max(axis=0)
        ).min()
        # Exact for the total; for the largest shortfall its own grid holds
        # the case grid, so it does at least as well.
        if objective == "total":
            assert b.value == pytest.approx(best, abs=CLOSE)
        else:
            assert b.value <= best + CLOSE


def test_the_2022_largest_shortfall_splits_the_islands() -> None:
    b = positions.bridge([JAPAN, RUSSIA], objective="max")
    assert b.outcomes == 16 * 4 * 2 * 3 * 3 * 4 * 2 * 3 * 3 * 3
    check_against(b, [JAPAN, RUSSIA], shares=(0.0, 1.0), scale_points=11)
    # Etorofu alone, by area: 3168 of 5004 km2.
    assert b.outcome["territory"] == (0.0, 0.0, 0.0, 1.0)
    assert b.value == pytest.approx(0.3 * 3168 / 5004)
    assert [(r.position, r.issue) for r in b.relaxations] == [
        ("japan-2022-inherent-territory", "territory"),
        ("japan-2022-inherent-territory", "peace_treaty"),
        ("russia-2022-talks-ended", "territory"),
    ]


def test_a_finer_share_grid_can_only_lower_the_largest_shortfall() -> None:
    coarse = positions.bridge([JAPAN, RUSSIA], objective="max")
    fine = positions.bridge([JAPAN, RUSSIA], objective="max", shares=(0, 0.25, 0.5, 0.75, 1))
    assert fine.value <= coarse.value
    check_against(fine, [JAPAN, RUSSIA], shares=(0, 0.25, 0.5, 0.75, 1), scale_points=11)


def test_each_partys_figures_are_the_library_measures_at_the_bridge() -> None:
    for objective in positions.OBJECTIVES:
        b = positions.bridge([JAPAN, RUSSIA], objective=objective, measure="count")
        for p, side in zip((JAPAN, RUSSIA), b.by_party, strict=True):
            s = positions.shortfall(p, b.offer, measure="count")
            assert side.shortfall == s.value
            assert [r.distance for r in side.relaxations] == [t.amount for t in s.terms]
            assert side.utility == positions.utility(p, b.offer, measure="count")
            for r in side.relaxations:
                issue = p.stance(r.issue).issue
                assert issue.contains(r.widened, r.value)
                assert r.needed == (not issue.contains(r.accept, r.value))


def test_a_zone_of_agreement_gives_a_bridge_that_asks_nothing() -> None:
    harbour = positions.load_case("harbour")
    b = positions.bridge(harbour.positions)
    assert b.value == 0.0
    assert b.relaxations == ()
    assert all(positions.is_acceptable(p, b.offer) for p in harbour.positions)
    check_against(b, harbour.positions, shares=(0.0, 0.5, 1.0))


def test_issues_restrict_the_positions() -> None:
    b = positions.bridge([JAPAN, RUSSIA], ["peace_treaty", "sanctions"])
    assert b.issues == ("peace_treaty", "sanctions")
    assert b.outcome == {"peace_treaty": "talks-frozen", "sanctions": "broad"}
    assert b.party(JAPAN.id).relaxations[0].weight == pytest.approx(0.1 / 0.35)


def test_bad_arguments_are_one_library_error() -> None:
    with pytest.raises(InvalidArgumentError, match="objective"):
        positions.bridge([JAPAN], objective="min")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="at least one position"):
        positions.bridge([])
    with pytest.raises(InvalidArgumentError, match="addresses issue 'nowhere'"):
        positions.bridge([JAPAN], ["nowhere"])
    with pytest.raises(InvalidArgumentError, match="addresses none"):
        positions.bridge([JAPAN, RUSSIA], ["military_presence"])
    with pytest.raises(InvalidArgumentError, match="more than once"):
        positions.bridge([JAPAN], ["sanctions", "sanctions"])
    with pytest.raises(InvalidArgumentError, match="shares"):
        positions.bridge([JAPAN], objective="max", shares=(2.0,))
    with pytest.raises(InvalidArgumentError, match="scale_points"):
        positions.bridge([JAPAN], objective="max", scale_points=1)
    with pytest.raises(InvalidArgumentError, match="takes positions"):
        positions.bridge(["japan"])  # type: ignore[list-item]
    with pytest.raises(positions.exceptions.UnknownMeasureError):
        positions.bridge([JAPAN], measure="weight")


def test_a_grid_too_large_to_search_is_refused() -> None:
    many = [ScaleIssue(f"s{k}", low=0, high=1) for k in range(4)]
    party = positions.Party("a", name="A")
    other = positions.Party("b", name="B")
    stances_a = [positions.Stance(i, ideal=0.0, accept=Interval(0, 0.1)) for i in many]
    stances_b = [positions.Stance(i, ideal=1.0, accept=Interval(0.9, 1)) for i in many]
    a = positions.Position("a1", party=party, stances=stances_a)
    b = positions.Position("b1", party=other, stances=stances_b)
    with pytest.raises(InvalidArgumentError, match="fewer"):
        positions.bridge([a, b], objective="max", scale_points=200)


def test_too_many_combinations_of_item_shares_are_refused() -> None:
    # Items of distinct sizes and red lines at opposite ends: every
    # combination of shares trades one party's shortfall against the
    # other's differently, so none is redundant.
    items = [positions.Item(f"i{k}", measures={"area": 3.0**k}, divisible=True) for k in range(8)]
    land = ItemsIssue("land", items=items, measures={"area": "km2"}, default_measure="area")
    shares = tuple(k / 10 for k in range(11))
    sides = []
    for name, share in (("a", 0.0), ("b", 1.0)):
        ideal = tuple([share] * len(items))
        bounds = land.check_set({i.id: share for i in items})
        stance = positions.Stance(land, ideal=ideal, accept=bounds)
        party = positions.Party(name, name=name.upper())
        sides.append(positions.Position(f"{name}1", party=party, stances=[stance]))
    with pytest.raises(InvalidArgumentError, match="fewer shares"):
        positions.bridge(sides, objective="max", shares=shares)
    # The total needs no grid.
    assert positions.bridge(sides).value == pytest.approx(1.0)


def test_issues_may_be_given_as_issues() -> None:
    peace = KURIL.issue("peace_treaty")
    assert positions.bridge([JAPAN, RUSSIA], [peace]).outcome == {"peace_treaty": "talks-frozen"}
    other = positions.OrdinalIssue("peace_treaty", levels=("no", "yes"))
    with pytest.raises(positions.exceptions.IssueMismatchError):
        positions.bridge([JAPAN, RUSSIA], [other])


# ---------------------------------------------------------------------------
# Generated cases


@st.composite
def bridged(draw: st.DrawFn) -> list[Position]:
    issues, first = draw(pst.issues_and_positions(issues=pst.issue_lists(max_size=3)))
    others = draw(st.lists(pst.positions(issues), min_size=1, max_size=2))
    chosen = [first, *others]
    # Distinct ids, as a case would have them.
    return [attrs.evolve(p, id=f"p{k}") for k, p in enumerate(chosen)]


def grid_size(chosen: Sequence[Position], **grid: object) -> int:
    union = {i.id: i for p in chosen for i in p.issues}
    sizes = [len(candidates(i, chosen, **grid)) for i in union.values()]  # type: ignore[arg-type]
    return int(np.prod(sizes))


@given(bridged())
def test_the_total_bridge_is_optimal_on_generated_positions(chosen: list[Position]) -> None:
    assume(grid_size(chosen) <= 20_000)
    b = positions.bridge(chosen)
    check_against(b, chosen)


@given(bridged(), st.sampled_from([(0.0, 1.0), (0.0, 0.5, 1.0)]), st.integers(2, 5))
def test_the_max_bridge_is_optimal_over_its_grid_on_generated_positions(
    chosen: list[Position], shares: tuple[float, ...], scale_points: int
) -> None:
    assume(grid_size(chosen, shares=shares, scale_points=scale_points) <= 20_000)
    b = positions.bridge(chosen, objective="max", shares=shares, scale_points=scale_points)
    check_against(b, chosen, shares=shares, scale_points=scale_points)
    assert b.value == pytest.approx(b.max_shortfall)
    # Exact over every outcome for the total; the largest shortfall of that
    # bridge can be no better than the best over the grid, and vice versa.
    total = positions.bridge(chosen)
    assert total.total_shortfall <= b.total_shortfall + CLOSE


@given(bridged())
def test_every_relaxation_contains_the_bridge_and_the_red_line(chosen: list[Position]) -> None:
    assume(grid_size(chosen) <= 20_000)
    b = positions.bridge(chosen)
    for p, side in zip(chosen, b.by_party, strict=True):
        for r in side.relaxations:
            issue = p.stance(r.issue).issue
            assert issue.contains(r.widened, r.value)
            assert r.needed == (r.widened != r.accept)
            if r.needed:
                assert r.distance > 0
            else:
                assert r.distance == 0
    assert b.value == pytest.approx(sum(s.shortfall for s in b.by_party), abs=CLOSE)
