"""The command line and the reports behind it: the options and paths the
other tests leave out, each checked against the library's own results."""

from __future__ import annotations

import io
import json
import runpy
import sys
from pathlib import Path

import attrs
import pytest

import positions
from positions import Evidence, Interval, Reading, _report
from positions._bridge_report import bridge_report
from positions._cli import main
from positions.exceptions import InvalidArgumentError
from test_cli import run, run_json, run_ok
from test_robustness import make_case

HARBOUR = positions.load_case("harbour")
KURIL = positions.load_case("kuril-islands")
CITY = HARBOUR.position("city-2024")
OPERATOR = HARBOUR.position("operator-2024")


# --- running the command -----------------------------------------------------------


def test_python_dash_m_positions_runs_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["positions", "validate", "harbour"])
    monkeypatch.delitem(sys.modules, "positions.__main__", raising=False)
    with pytest.raises(SystemExit) as info:
        runpy.run_module("positions", run_name="__main__")
    assert info.value.code == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        "harbour: valid case 'harbour': 3 issues, 2 parties, "
        "2 positions, 2 offers, 0 events, 1 source\n",
        "",
    )


def test_shares_that_are_not_numbers_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "solve", "harbour", "--shares", "0,half,1")
    assert (status, out) == (2, "")
    assert "expected numbers separated by commas: '0,half,1'" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_robustness_shows_its_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal, out = _Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["robustness", "harbour", "--draws", "0", "--no-solve", "--format", "json"]) == 0
    conclusions = json.loads(out.getvalue())["conclusions"]
    n = len(conclusions)
    shown = terminal.getvalue()
    assert shown.startswith(f"\rrobustness: 1/{n} conclusions")
    # The last line is cleared, so nothing of it stays beside the output.
    assert shown.endswith(f"\rrobustness: {n}/{n} conclusions\r\033[K")


class _ClosedPipe(io.StringIO):
    def write(self, s: str) -> int:
        raise BrokenPipeError


def test_a_reader_that_stops_reading_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in `positions compare | head -1`: the pipe closes early, and the
    # command exits quietly with status 0.
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["compare", "harbour"]) == 0
    assert stderr.closed


# --- which positions ---------------------------------------------------------------


def test_a_party_without_a_position_changes_no_solution() -> None:
    observer = positions.Party("observer", name="Observer")
    more = attrs.evolve(HARBOUR, parties=[*HARBOUR.parties, observer])
    assert _report.solve(more, limit=3).data == _report.solve(HARBOUR, limit=3).data
    assert bridge_report(more).data == bridge_report(HARBOUR).data


def test_a_case_without_positions_has_nothing_to_solve_or_bridge() -> None:
    empty = attrs.evolve(HARBOUR, positions=[])
    with pytest.raises(InvalidArgumentError, match="the case has no positions to solve for"):
        _report.solve(empty)
    with pytest.raises(InvalidArgumentError, match="the case has no positions to bridge"):
        bridge_report(empty)


# --- the reports -------------------------------------------------------------------


def test_a_measure_per_issue_is_labelled_in_the_rows() -> None:
    data = _report.compare(HARBOUR, measure={"berths": "count"}).data
    assert {row["measure"] for row in data["rows"]} == {"berths=count"}
    by_count = positions.concession(CITY, HARBOUR.offer("compromise"), measure="count")
    row = data["rows"][0]
    assert (row["position"], row["offer"]) == ("city-2024", "compromise")
    assert row["concession"] == pytest.approx(by_count.value)


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match=r"unknown status 'certain' \(use one of"):
        _report.compare(HARBOUR, min_status="certain")  # type: ignore[arg-type]


def test_stated_only_keeps_the_rows_that_rest_on_stated_claims() -> None:
    every = _report.compare(KURIL).data
    stated = _report.compare(KURIL, min_status="stated").data
    measured = [r for r in every["rows"] if r["concession"] is not None]
    kept = [r for r in measured if not r["rests_on"]]
    assert stated["left_out"] == len(measured) - len(kept) > 0
    assert [r for r in stated["rows"] if r["concession"] is not None] == kept
    # A position none of whose rows is kept has no table.
    tables = _report.compare(KURIL, min_status="stated").tables
    assert len(tables) < len(KURIL.positions)


def test_stated_only_keeps_the_movements_that_rest_on_stated_claims() -> None:
    every = _report.timeline(KURIL).data["movements"]
    stated = _report.timeline(KURIL, min_status="stated").data
    kept = [m for m in every if not m["rests_on"]]
    assert stated["left_out"] == len(every) - len(kept) > 0
    assert stated["movements"] == kept


def test_solve_refuses_a_negative_limit() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"limit must be a whole number >= 0 \(got -1\)"
    ):
        _report.solve(HARBOUR, limit=-1)


def test_when_every_offer_settles_the_space_none_is_said_to_be_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(capsys, "solve", "harbour", "--issue", "berths")
    assert data["offers_left_out"] == []
    assert [o["offer"] for o in data["offers"]] == ["compromise", "lease-only"]
    table = run_ok(capsys, "solve", "harbour", "--issue", "berths")
    assert "left out" not in table
    assert "1 offer leaves an issue open, left out" in run_ok(capsys, "solve", "harbour")


def reading(rid: str, kind: str, issue: str | None, value: object) -> Reading:
    return Reading(rid, kind, issue, value, Evidence("reported"))  # type: ignore[arg-type]


def test_the_robustness_report_lists_the_readings_and_what_flips_each_conclusion() -> None:
    case = make_case(
        [reading("wide", "accept", "price", [0, 7])],
        [reading("low", "accept", "price", [3, 10]), reading("lower", "accept", "price", [1, 10])],
    )
    r = _report.robustness(case, draws=0, solve=False, max_combinations=4)
    assert r.data["readings"] == [
        {"position": "p", "claim": "accept.price", "reading": "wide", "status": "reported"},
        {"position": "q", "claim": "accept.price", "reading": "low", "status": "reported"},
        {"position": "q", "claim": "accept.price", "reading": "lower", "status": "reported"},
    ]
    (overlap,) = [c for c in r.data["conclusions"] if c["kind"] == "overlap"]
    # 6 combinations, 4 of them sampled, the main readings always among them.
    assert (overlap["combinations"], overlap["total_combinations"]) == (4, 6)
    assert overlap["sampled"]
    text = " ".join(_report.render(r, "table").split())
    assert "alternative readings in the case" in text
    assert "p and q overlap no 3/4 (sample of 6) - no" in text
    assert "p: wide (reported); q: low (reported); q: lower (reported)" in text


def test_a_flip_that_needs_readings_of_two_positions_names_both() -> None:
    case = make_case(
        [reading("wide", "accept", "price", [0, 5])],
        [reading("low", "accept", "price", [5, 10])],
    )
    text = " ".join(
        _report.render(_report.robustness(case, draws=0, solve=False), "table").split()
    )
    assert "p and q overlap no 1/4 - no p: wide (reported) and q: low (reported)" in text


def test_a_bridge_that_widens_a_scale_red_line_says_from_what_to_what() -> None:
    firm = attrs.evolve(
        CITY,
        id="city-firm",
        stances=[
            attrs.evolve(s, accept=Interval(5, 15)) if s.issue.id == "years" else s
            for s in CITY.stances
        ],
    )
    case = attrs.evolve(HARBOUR, positions=[firm, OPERATOR])
    b = positions.bridge(case.positions)
    (relaxation,) = b.relaxations
    assert relaxation.widened == Interval(5, 20)
    text = _report.render(bridge_report(case), "table")
    assert "[5, 15] -> [5, 20]" in text


# --- rendering ---------------------------------------------------------------------


def test_a_true_or_false_cell_reads_yes_or_no() -> None:
    table = _report.Table("t", ("a", "b"), ((True, False),))
    report = _report.Report({}, (table,), table)
    assert "| yes | no |" in _report.render(report, "markdown")
    assert _report.render(report, "table").splitlines()[-1].split() == ["yes", "no"]
    assert _report.render(report, "csv") == "a,b\nTrue,False"


def test_an_unknown_format_is_refused() -> None:
    report = _report.compare(HARBOUR)
    with pytest.raises(InvalidArgumentError, match=r"unknown format 'xml' \(use one of"):
        _report.render(report, "xml")  # type: ignore[arg-type]


def test_validate_counts_a_case_written_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "harbour.toml"
    positions.dump_case(HARBOUR, path)
    out = run_ok(capsys, "validate", str(path))
    assert out.startswith(f"{path}: valid case 'harbour': 3 issues, 2 parties")
