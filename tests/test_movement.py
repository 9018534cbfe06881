"""Movement sees every change: red lines compared as sets, whatever the
counterpart holds, and every issue whose ideal or set changed listed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import Interval, Issue, ScaleIssue
from positions import strategies as pst
from positions._cli import main
from positions._measures import set_change

CASE = """\
[case]
id = "moves"
title = "Red lines that widen, narrow and shift"

[[sources]]
id = "s"
title = "Minutes"
publisher = "Council"
date = "2024"

[[parties]]
id = "a"
name = "A"

[[parties]]
id = "b"
name = "B"

[[issues]]
id = "cap"
kind = "scale"
low = 0
high = 30000

[[issues]]
id = "pace"
kind = "ordinal"
levels = ["slow", "medium", "fast"]

[[issues]]
id = "seat"
kind = "categorical"
levels = ["x", "y", "z"]

[[issues]]
id = "land"
kind = "items"
[[issues.items]]
id = "north"
divisible = true
[[issues.items]]
id = "south"

[[positions]]
id = "a-1"
party = "a"
date = 2024-01-01
status = "stated"
source = "s"
ideal = { cap = 10000, pace = "fast", seat = "x", land = { north = 1, south = 1 } }
accept = { cap = [0, 15000], pace = ["fast"], seat = ["x", "y"], land = { north = [0.5, 1] } }

[[positions]]
id = "a-2"
party = "a"
date = 2024-06-01
status = "stated"
source = "s"
ideal = { cap = 10000, pace = "fast", seat = "x", land = { north = 1, south = 1 } }

[positions.accept]
cap = [0, 20000]
pace = ["medium", "fast"]
seat = ["x", "z"]
land = { north = [0.75, 1] }

[[positions]]
id = "b-1"
party = "b"
date = 2024-01-01
status = "stated"
source = "s"
ideal = { cap = 28000, pace = "slow" }
accept = { cap = [25000, 30000], pace = ["slow", "medium"] }
"""


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "moves.toml"
    path.write_text(CASE, encoding="utf-8")
    return path


def test_each_red_line_change_is_named_whatever_the_gap(case_file: Path) -> None:
    case = positions.load_case(case_file)
    m = positions.movement(
        case.position("a-1"), case.position("a-2"), towards=case.position("b-1")
    )
    by = {i.issue: i for i in m.by_issue}
    # The cap went from 15,000 to 20,000: wider, though still 5,000 short of B.
    assert by["cap"].change == "widened"
    assert by["cap"].red_line == "towards"
    assert by["cap"].ideal == "unchanged"
    # One level to two: wider, and now meeting B's set.
    assert by["pace"].change == "widened"
    assert (by["pace"].gap_before, by["pace"].gap_after) == (0.5, 0.0)
    # y replaced by z: neither set contains the other. B does not address it.
    assert by["seat"].change == "shifted"
    assert by["seat"].red_line is None
    assert by["seat"].ideal is None
    # The floor on the north share rose: narrower.
    assert by["land"].change == "narrowed"
    assert [i.issue for i in m.changes] == ["cap", "pace", "seat", "land"]
    assert all(i.ideal_moved == 0.0 for i in m.by_issue)


def test_added_and_dropped_issues_are_listed() -> None:
    price = ScaleIssue("price", low=0, high=10)
    pace = positions.OrdinalIssue("pace", levels=("slow", "fast"))
    party = positions.Party("a", name="A")
    before = positions.Position("p1", party=party, stances=[positions.Stance(price, 2)])
    after = positions.Position("p2", party=party, stances=[positions.Stance(pace, "fast")])
    m = positions.movement(before, after)
    assert [(i.issue, i.change, i.ideal_moved) for i in m.by_issue] == [
        ("price", "dropped", None),
        ("pace", "added", None),
    ]
    assert m.changes == m.by_issue


def test_timeline_reports_each_change(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", str(case_file), "--format", "json"]) == 0
    (moved,) = json.loads(capsys.readouterr().out)["movements"]
    changes = {k: v["change"] for k, v in moved["by_issue"].items()}
    assert changes == {"cap": "widened", "pace": "widened", "seat": "shifted", "land": "narrowed"}
    assert moved["by_issue"]["cap"]["red_line"] == "towards"
    assert moved["by_issue"]["seat"]["red_line"] is None
    assert main(["timeline", str(case_file)]) == 0
    out = capsys.readouterr().out
    table = out[out.index("what changed") :]
    for word in ("widened", "narrowed", "shifted"):
        assert word in table
    rows = [re.split(r"\s{2,}", line) for line in table.splitlines() if line.startswith("a ")]
    assert [(r[2], r[4]) for r in rows] == [
        ("cap", "widened"),
        ("pace", "widened"),
        ("seat", "shifted"),
        ("land", "narrowed"),
    ]


def _shared_issue_sets(
    draw: st.DrawFn,
) -> tuple[Issue, positions.AcceptableSet, positions.AcceptableSet]:
    issue = draw(pst.issues())
    return issue, draw(pst.acceptable_sets(issue)), draw(pst.acceptable_sets(issue))


@given(st.composite(_shared_issue_sets)())
def test_set_changes_agree_with_containment(
    drawn: tuple[Issue, positions.AcceptableSet, positions.AcceptableSet],
) -> None:
    issue, a, b = drawn
    change = set_change(issue, a, b)
    assert (
        change
        == {
            (True, True): "unchanged",
            (True, False): "widened",
            (False, True): "narrowed",
            (False, False): "shifted",
        }[(issue.includes(b, a), issue.includes(a, b))]
        or a == b
    )
    assert set_change(issue, a, a) == "unchanged"
    if change == "widened":
        assert set_change(issue, b, a) == "narrowed"


def test_interval_containment() -> None:
    cap = ScaleIssue("cap", low=0, high=10)
    assert cap.includes(Interval(0, 10), Interval(2, 3))
    assert not cap.includes(Interval(2, 3), Interval(0, 10))
