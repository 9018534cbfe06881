"""The compromise prediction and the weighted median on every kind of
issue."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import CategoricalIssue, Item, ItemsIssue, Party, Position, Stance
from positions import strategies as pst

LAND = ItemsIssue(
    "land", items=(Item("a"), Item("b", divisible=True)), measures={}, default_measure="count"
)
SEAT = CategoricalIssue("seat", levels=("x", "y", "z"))


def position(pid: str, ideal: tuple[float, float], seat: str, weight: float) -> Position:
    return Position(
        pid,
        party=Party(pid, name=pid.upper()),
        stances=[Stance(LAND, ideal, salience=weight), Stance(SEAT, seat, salience=weight)],
    )


def test_weighted_items_are_predicted_item_by_item() -> None:
    ps = [position("p", (1, 1), "x", 3), position("q", (0, 0), "y", 1)]
    assert positions.compromise(ps, "land") == (0.75, 0.75)
    assert positions.weighted_median(ps, "land") == (1.0, 1.0)
    ps = [position("p", (1, 0.2), "x", 1), position("q", (0, 0.6), "y", 1)]
    assert positions.compromise(ps, "land") == (0.5, 0.4)
    solution = positions.solve(ps, positions.OutcomeSpace.grid([LAND, SEAT]))
    land, _ = solution.predictions
    # The indivisible item's half goes to 1; the divisible one keeps its mean.
    assert land.compromise_value == (1.0, 0.4)
    assert land.median_value == (0.0, 0.2)


def test_a_categorical_issue_is_predicted_by_weighted_plurality() -> None:
    ps = [
        position("p", (1, 1), "x", 1),
        position("q", (0, 0), "y", 2),
        position("r", (0, 0), "x", 0.5),
    ]
    assert positions.compromise(ps, "seat") == "y"  # 2 against 1.5
    tie = [position("p", (1, 1), "z", 1), position("q", (0, 0), "y", 1)]
    # A tie goes to the first level in the issue's order.
    assert positions.compromise(tie, "seat") == positions.weighted_median(tie, "seat") == "y"


def test_capability_weighs_each_party() -> None:
    p, q = position("p", (1, 1), "x", 1), position("q", (0, 0), "y", 1)
    strong = attrs.evolve(q, party=attrs.evolve(q.party, capability=3.0))
    assert positions.compromise([p, strong], "land") == (0.25, 0.25)
    assert positions.compromise([p, strong], "seat") == "y"


def test_no_weight_is_a_usage_error() -> None:
    p = Position(
        "p",
        party=Party("p", name="P"),
        stances=[Stance(LAND, (1, 1), salience=0), Stance(SEAT, "x", salience=1)],
    )
    with pytest.raises(positions.exceptions.InvalidArgumentError, match="positive weight"):
        positions.compromise([p], "land")


@given(
    pst.issue_lists(max_size=3).flatmap(
        lambda issues: st.tuples(
            st.just(issues), st.lists(pst.positions(issues), min_size=1, max_size=4)
        )
    )
)
def test_every_prediction_is_a_value_of_its_issue(
    drawn: tuple[tuple[positions.Issue, ...], list[Position]],
) -> None:
    issues, ps = drawn
    for issue in issues:
        if not any(positions._solutions._compromise_weight(p, issue.id) > 0 for p in ps):
            with pytest.raises(positions.exceptions.InvalidArgumentError):
                positions.compromise(ps, issue.id)
            continue
        solution_value = positions._solutions._as_value(issue, positions.compromise(ps, issue.id))
        assert issue.check_value(solution_value) == solution_value
        median = positions._solutions._as_value(issue, positions.weighted_median(ps, issue.id))
        assert issue.check_value(median) == median


@given(pst.issues_and_positions(), st.integers(2, 4))
def test_a_unanimous_case_is_predicted_exactly(
    drawn: tuple[tuple[positions.Issue, ...], Position], n: int
) -> None:
    _, p = drawn
    same = [attrs.evolve(p, id=f"{p.id}-{k}", party=Party(f"x{k}", name="X")) for k in range(n)]
    for s in p.stances:
        if positions._solutions._compromise_weight(p, s.issue.id) <= 0:
            continue
        for predict in (positions.compromise, positions.weighted_median):
            value = positions._solutions._as_value(s.issue, predict(same, s.issue.id))
            if isinstance(value, float | tuple):
                assert value == pytest.approx(s.ideal)
            else:
                assert value == s.ideal


def test_a_party_of_no_weight_that_gains_nothing_leaves_the_asymmetric_nash_point_defined() -> (
    None
):
    import warnings

    u = [[0.0, 0.5, 1.0], [1.0, 0.5, 0.0]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # The second party weighs nothing: the first party's best outcome.
        assert positions.asymmetric_nash_point(u, [1, 0]) == 2
        assert positions.asymmetric_nash_point(u, [0, 1]) == 0
