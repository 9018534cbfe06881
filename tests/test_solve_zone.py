"""solve within the red lines: its zone agrees with overlap, and every point
chosen within the zone is acceptable to every party."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import positions
from positions import Case, Position, _report
from positions import strategies as pst
from positions._measures import _union
from positions._select import case_grid_size

POINTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian", "asymmetric_nash")
DATA = Path(__file__).parent / "data"


def _pairs(case: Case) -> list[tuple[Position, Position]]:
    """Every pair of positions of different parties."""
    return [
        (a, b) for a, b in itertools.combinations(case.positions, 2) if a.party.id != b.party.id
    ]


def _grid_size(case: Case, chosen: Sequence[Position]) -> int:
    return case_grid_size(case, [case.issue(i) for i in _union(chosen)])


def _check_agreement(case: Case, chosen: Sequence[Position]) -> None:
    """On the issues the positions address, the grid of the case holds an
    outcome inside every red line exactly when overlap finds a zone; the
    zone of agreement lies inside the red lines and, without reservation
    levels, is that set; each point within the zone is acceptable to all."""
    ids = list(_union(chosen))
    space = positions.case_grid(case, ids)
    # The size counted without making the grid is the size of the grid.
    assert case_grid_size(case, [case.issue(i) for i in ids]) == len(space)
    found = positions.overlap(*chosen)
    zoned = positions.solve(chosen, space, within="zone")
    assert (zoned.red_line_zone.size > 0) == (not found.empty), (
        [p.id for p in chosen],
        found.empty,
    )
    assert set(zoned.zone.tolist()) <= set(zoned.red_line_zone.tolist())
    if all(p.reservation is None for p in chosen):
        assert np.array_equal(zoned.zone, zoned.red_line_zone)
    weights = [1.0 if p.party.capability is None else p.party.capability for p in chosen]
    for name in POINTS:
        k = getattr(zoned, name)
        if name == "asymmetric_nash" and sum(weights) == 0:
            # Every capability 0: the weighted product is undefined.
            assert k is None
            continue
        if zoned.zone.size == 0:
            assert k is None
            continue
        assert k is not None
        offer = space.offer(k)
        for p in chosen:
            assert positions.is_acceptable(p, offer), (name, p.id)


def _case_files() -> list[Case]:
    cases = [positions.load_case(name) for name in positions.bundled_cases()]
    cases += [positions.load_case(path) for path in sorted(DATA.glob("*.toml"))]
    return cases


@pytest.mark.parametrize("case", _case_files(), ids=lambda c: c.id)
def test_zone_agrees_with_overlap_on_every_case(case: Case) -> None:
    pairs = _pairs(case)
    assert pairs
    for pair in pairs:
        _check_agreement(case, pair)


@settings(max_examples=150, deadline=None)
@given(pst.cases(min_parties=2, max_issues=3, max_positions=5, max_offers=3), st.data())
def test_zone_agrees_with_overlap_on_generated_cases(case: Case, data: st.DataObject) -> None:
    pairs = _pairs(case)
    assume(pairs)
    pair = data.draw(st.sampled_from(pairs))
    # A case of many divisible items, each with many values in the case,
    # makes a grid too large to enumerate in a test.
    assume(_grid_size(case, pair) <= 20_000)
    event(f"red lines meet: {not positions.overlap(*pair).empty}")
    _check_agreement(case, pair)


def test_the_default_share_grid_no_longer_misses_a_half_share() -> None:
    # The two red lines meet only at half the item: a grid of 0 and 1 alone
    # would find no outcome inside both.
    case = positions.loads_case(
        """
[case]
id = "half"
title = "Half"
[[sources]]
id = "s"
title = "Note"
publisher = "Board"
date = "2024-01"
[[parties]]
id = "a"
name = "A"
[[parties]]
id = "b"
name = "B"
[[issues]]
id = "land"
kind = "items"
[[issues.items]]
id = "plot"
divisible = true
[[positions]]
id = "a-2024"
party = "a"
date = 2024-01-01
source = "s"
status = "stated"
[positions.ideal]
land = { plot = 1 }
[positions.accept]
land = { plot = [0.5, 1] }
[[positions]]
id = "b-2024"
party = "b"
date = 2024-01-01
source = "s"
status = "stated"
[positions.ideal]
land = { plot = 0 }
[positions.accept]
land = { plot = [0, 0.5] }
"""
    )
    a, b = case.positions
    assert not positions.overlap(a, b).empty
    space = positions.case_grid(case)
    zoned = positions.solve([a, b], space, within="zone")
    assert zoned.nash is not None
    assert space.offer(zoned.nash).value("land") == (0.5,)
    plain = positions.solve([a, b], positions.OutcomeSpace.grid(case.issues), within="zone")
    assert plain.zone.size == 0


def test_rational_points_name_the_red_lines_they_cross() -> None:
    case = positions.load_case("harbour")
    report = _report.solve(case, limit=3)
    data = report.data
    assert data["zone_size"] > 0
    for name in POINTS:
        pt = data["rational"]["points"][name]
        crossed = {(c["position"], c["issue"]) for c in pt["red_lines_crossed"]}
        offer = positions.case_grid(case).offer(pt["index"])
        expected = {
            (p.id, s.issue.id)
            for p in (case.position(i) for i in data["positions"])
            for s in p.stances
            if s.issue.id in data["issues"]
            and not s.issue.contains(s.accept, offer.value(s.issue.id))
        }
        assert crossed == expected
        if crossed:
            assert not pt["in_zone"]
        zone_pt = data["zone"]["points"][name]
        assert zone_pt["red_lines_crossed"] == []
        assert zone_pt["in_zone"]
    for within in ("zone", "rational"):
        section = data[within]
        assert len(section["frontier"]) == min(3, section["frontier_size"])
        assert section["frontier_left_out"] == section["frontier_size"] - len(section["frontier"])


def test_a_party_without_weight_or_gain_leaves_the_asymmetric_nash_point_to_the_others() -> None:
    # Party 2 gains nothing at outcome 0 and has no weight: 0 * log(0), once
    # a warning (an error in the tests), counts for nothing.
    u = [[1.0, 0.6, 0.0], [0.0, 0.5, 1.0]]
    assert positions.asymmetric_nash_point(u, [1.0, 0.0]) == 0
    assert positions.asymmetric_nash_point(u, [0.0, 1.0]) == 2
    assert positions.asymmetric_nash_point(u, [1.0, 1.0]) == positions.nash_point(u) == 1
    point = positions.asymmetric_nash_point(
        [[1.0, 0.0], [0.0, 1.0]], [1.0, 0.0], [0], reservations=[0.0, None]
    )
    assert point == 0
