"""KTAB's distance and the distances command."""

from __future__ import annotations

import json
import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import Position
from positions import strategies as pst
from positions._cli import main


@st.composite
def two_positions(draw: st.DrawFn) -> tuple[Position, Position]:
    issues = draw(pst.issue_lists(max_size=3))
    return (
        draw(pst.positions(issues, min_issues=len(issues))),
        draw(pst.positions(issues, min_issues=len(issues))),
    )


@given(two_positions())
def test_ktab_distance_is_the_holders_weighted_euclidean_distance(
    pair: tuple[Position, Position],
) -> None:
    a, b = pair
    d = positions.distance(a, b, method="ktab")
    terms = positions.distance(a, b).terms
    w = {i: a.weight(i) for i in a.issue_ids}
    squares = sum(x * x for x in w.values())
    expected = math.sqrt(sum((w[t.issue] * t.amount) ** 2 for t in terms) / squares)
    assert d.value == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert 0.0 <= d.value <= 1.0 + 1e-12
    assert positions.distance(a, a, method="ktab").value == 0.0


def test_ktab_distance_is_asymmetric() -> None:
    case = positions.load_case("harbour")
    city, operator = case.positions
    assert positions.distance(city, operator, method="ktab").value != pytest.approx(
        positions.distance(operator, city, method="ktab").value
    )
    # With equal saliences on both sides it is symmetric again.
    flat = [
        attrs.evolve(p, stances=[attrs.evolve(s, salience=1.0) for s in p.stances])
        for p in (city, operator)
    ]
    assert positions.distance(flat[0], flat[1], method="ktab").value == pytest.approx(
        positions.distance(flat[1], flat[0], method="ktab").value
    )


def test_unknown_method_is_refused() -> None:
    case = positions.load_case("harbour")
    with pytest.raises(positions.exceptions.InvalidArgumentError, match="unknown distance"):
        positions.distance(*case.positions, method="cosine")


@pytest.mark.parametrize("method", ["minkowski", "ktab"])
def test_distances_command_prints_the_matrix(
    capsys: pytest.CaptureFixture[str], method: str
) -> None:
    assert main(["distances", "--method", method, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    case = positions.load_case("kuril-islands")
    assert data["positions"] == [p.id for p in case.positions]
    n = len(case.positions)
    assert len(data["matrix"]) == n
    for i, row in enumerate(data["matrix"]):
        assert len(row) == n
        assert row[i] == 0.0
        for j, x in enumerate(row):
            a, b = case.positions[i], case.positions[j]
            assert x == positions.distance(a, b, method=method).value
            if method == "minkowski":
                assert x == data["matrix"][j][i]
