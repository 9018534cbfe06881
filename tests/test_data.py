"""Results as plain data and as tidy frames."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import positions
from positions import _report
from positions._data import FRAME_KINDS, Result, as_data, frame, to_frame
from positions._hypothesis_plugin import COMPUTED
from positions.exceptions import InvalidArgumentError

pd = pytest.importorskip("pandas")

RESULTS = [n for n in COMPUTED if issubclass(getattr(positions, n), Result)]
HARBOUR = positions.load_case("harbour")
KURIL = positions.load_case("kuril-islands")


def test_every_result_class_is_a_result() -> None:
    assert len(RESULTS) >= 25
    assert {"Assessment", "Overlap", "Movement", "Solution", "Sensitivity", "Robustness"} <= set(
        RESULTS
    )


@pytest.mark.parametrize("name", RESULTS)
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_every_result_is_json_data(name: str, data: st.DataObject) -> None:
    result = data.draw(st.from_type(getattr(positions, name)))
    d = result.to_dict()
    assert isinstance(d, dict)
    # Plain JSON, and the same after a round trip (no NaN, no objects).
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text) == d


def test_plain_data_of_each_kind_of_value() -> None:
    price = positions.ScaleIssue("price", low=0, high=10)
    assert as_data(np.float64(0.5)) == 0.5
    assert as_data(np.array([[1, 2]])) == [[1, 2]]
    assert as_data(dt.date(2024, 3, 1)) == "2024-03-01"
    assert as_data(positions.Interval(1, 2)) == [1.0, 2.0]
    assert as_data(positions.Levels({"b", "a"})) == ["a", "b"]
    box = HARBOUR.position("city-2024").stance("berths").accept
    assert as_data(box) == [[0.0, 0.0], [0.0, 1.0], [0.0, 0.5]]
    assert as_data(positions.Offer("o", terms=[positions.Term(price, 4)])) == {
        "id": "o",
        "terms": {"price": 4.0},
    }
    assert as_data(HARBOUR) == "harbour"
    assert as_data(HARBOUR.parties[0]) == HARBOUR.parties[0].id
    space = positions.OutcomeSpace.grid([price], scale_points=3)
    assert as_data(space) == {"issues": ["price"], "outcomes": 3}
    assert as_data({1: (2, {3})}) == {"1": [2, [3]]}
    with pytest.raises(InvalidArgumentError, match="cannot turn object"):
        as_data(object())


def test_an_assessment_frame_has_a_row_per_issue_with_its_measure() -> None:
    japan = KURIL.position("japan-2013-four-islands")
    offer = KURIL.offer("framework-1956")
    a = positions.assess(japan, offer, measure="count")
    df = a.to_frame()
    assert list(df["issue"]) == [t.issue for t in a.concession.terms]
    assert df.set_index("issue").loc["territory", "measure"] == "count"
    assert list(df["concession"]) == [t.amount for t in a.concession.terms]
    assert list(df["shortfall"]) == [t.amount for t in a.shortfall.terms]
    assert df["inside_red_line"].dtype == bool
    assert list(a.concession.to_frame()["amount"]) == list(df["concession"])


def test_the_other_frames_have_a_row_per_part() -> None:
    city, operator = HARBOUR.positions
    o = positions.overlap(city, operator)
    assert len(o.to_frame()) == len(o.by_issue)
    m = positions.movement(*KURIL.positions_of("japan")[:2])
    assert list(m.to_frame()["issue"]) == [i.issue for i in m.by_issue]
    s = positions.sensitivity(HARBOUR.positions, HARBOUR.offers, draws=50, seed=1)
    assert len(s.to_frame()) == sum(len(x.by_position) for x in s.offers)
    space = positions.case_grid(HARBOUR)
    sol = positions.solve(HARBOUR.positions, space)
    sf = sol.to_frame()
    assert list(sf["point"]) == list(positions.POINTS)
    nash = sf.set_index("point").loc["nash"]
    assert nash["index"] == sol.nash
    assert nash["utility:city-2024"] == sol.evaluation.utility[0, sol.nash]
    g = positions.grid_solve(HARBOUR.positions, space)
    assert g.to_dict()["points"]["nash"]["index"] == sol.nash
    assert len(g.to_frame()) == len(positions.POINTS)
    latest = [KURIL.positions_of(p.id)[-1] for p in KURIL.parties]
    b = positions.bridge(latest)
    assert len(b.to_frame()) == sum(len(p.relaxations) for p in b.by_party)
    mv = positions.moves(KURIL)
    assert len(mv.to_frame()) == len(mv.moves)
    r = positions.robustness(KURIL, draws=0, solve=False)
    assert len(r.to_frame()) == len(r.conclusions)


def test_a_part_has_no_frame_of_its_own() -> None:
    a = positions.assess(HARBOUR.positions[0], HARBOUR.offers[0])
    with pytest.raises(InvalidArgumentError, match="an IssueTerm has no frame"):
        a.concession.terms[0].to_frame()
    with pytest.raises(InvalidArgumentError, match="a Prediction has no frame"):
        to_frame(positions.Prediction("x", 1.0, 1.0, 1.0, 1.0))


def test_the_case_frames() -> None:
    df = frame(KURIL, "compare")
    rows = _report.compare(KURIL).data["rows"]
    assert len(df) == sum(len(r["by_issue"]) for r in rows)
    assert set(df.loc[df.issue == "territory", "measure"]) == {"area"}
    counted = frame(KURIL, "compare", measure="count")
    assert set(counted.loc[counted.issue == "territory", "measure"]) == {"count"}
    over = frame(KURIL, "overlap")
    pairs = _report.overlaps(KURIL).data["pairs"]
    assert len(over) == sum(len(p["gaps"]) for p in pairs)
    assert over["blocking"].dtype == bool
    assert over.loc[over.blocking, "zone"].isna().all()
    time = frame(KURIL, "timeline")
    assert set(time["party"]) == {p.id for p in KURIL.parties}
    ps = frame(KURIL, "positions")
    assert len(ps) == sum(len(p.stances) for p in KURIL.positions)
    offers = frame(KURIL, "offers")
    assert len(offers) == sum(len(o.terms) for o in KURIL.offers)
    assert FRAME_KINDS == ("compare", "overlap", "timeline", "positions", "offers")


def test_frame_misuse_is_named() -> None:
    with pytest.raises(InvalidArgumentError, match="frame needs a Case"):
        frame("kuril-islands")
    with pytest.raises(InvalidArgumentError, match="unknown frame kind 'pairs'"):
        frame(KURIL, "pairs")


def test_without_pandas_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(InvalidArgumentError, match=r"positions\[pandas\]"):
        frame(HARBOUR)
    a: Any = positions.assess(HARBOUR.positions[0], HARBOUR.offers[0])
    with pytest.raises(InvalidArgumentError, match=r"positions\[pandas\]"):
        a.to_frame()


def test_numpy_numbers_become_python_numbers() -> None:
    assert type(as_data(np.int64(3))) is int
    assert as_data(np.bool_(True)) is True


def test_a_solution_without_a_zone_has_no_points() -> None:
    latest = [
        KURIL.positions_of(p.id)[-1].restricted(KURIL.agreement_issues) for p in KURIL.parties
    ]
    sol = positions.solve(latest, positions.case_grid(KURIL), within="zone")
    assert len(sol.zone) == 0
    d = sol.to_dict()
    assert d["zone_size"] == 0
    assert all(point is None for point in d["points"].values())
    df = sol.to_frame()
    assert df["index"].isna().all()
    assert "outcome:territory" not in df.columns


def test_a_frontier_solution_without_a_point_gives_none() -> None:
    # The latest island positions have no outcome inside every red line.
    latest = [KURIL.positions_of(p.id)[-1].restricted(["territory"]) for p in KURIL.parties]
    g = positions.grid_solve(latest, positions.case_grid(KURIL, ["territory"]), within="zone")
    assert g.nash is None
    assert g.to_dict()["points"]["nash"] is None
