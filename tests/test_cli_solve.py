"""The solve and sensitivity commands."""

from __future__ import annotations

import json

import pytest

import positions
from positions._cli import main

BASIS_2018 = ["--position", "japan-2018-1956-basis", "--position", "russia-2018-1956-basis"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_solve_reports_points_on_the_frontier(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", *BASIS_2018, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["issues"] == [
        "territory",
        "peace_treaty",
        "basis_of_transfer",
        "us_forces_on_transferred_islands",
        "economic_cooperation",
    ]
    assert data["outcomes"] == 16 * 4 * 2 * 3 * 3
    assert data["frontier_size"] > 0
    case = positions.load_case("kuril-islands")
    ps = [case.position(i).restricted(data["issues"]) for i in data["positions"]]
    space = positions.OutcomeSpace.grid([case.issue(i) for i in data["issues"]])
    u = positions.utilities(ps, space)
    front = positions.pareto_frontier(u, reservations=[p.reservation for p in ps])
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        point = data["points"][name]
        assert point["index"] in front
        for row, p in enumerate(ps):
            assert point["utilities"][p.id] == u[row, point["index"]]


def test_solve_defaults_to_each_partys_latest_position(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "solve", "--format", "json")
    assert code == 0
    assert json.loads(out)["positions"] == [
        "japan-2022-inherent-territory",
        "russia-2022-talks-ended",
    ]


def test_solve_table_fits_in_100_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", *BASIS_2018)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize(
    "argv",
    [
        ["solve", "--issue", "no-such-issue"],
        ["solve", "--position", "no-such-position"],
        ["solve", "--shares", "0,2"],
        ["sensitivity", "--draws", "0"],
        ["sensitivity", "--concentration", "-1"],
    ],
)
def test_misuse_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_sensitivity_is_reproducible_for_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sensitivity", "--draws", "2000", "--seed", "7", "--format", "json"]
    first = run(capsys, *argv)[1]
    again = run(capsys, *argv)[1]
    other = run(capsys, "sensitivity", "--draws", "2000", "--seed", "8", "--format", "json")[1]
    assert first == again
    assert first != other
    data = json.loads(first)
    for offer in data["offers"]:
        assert 0.0 <= offer["p_zone"] <= 1.0
        for row in offer["by_position"]:
            assert row["concession_p05"] <= row["concession_mean"] <= row["concession_p95"]
