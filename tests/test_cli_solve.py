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
    case = positions.load_case("kuril-islands")
    space = positions.case_grid(case, data["issues"])
    # The islands: 0 or 1 each, and for the largest also the two shares the
    # case's area-split offers give it (0.2102 and 0.25); then 4 x 2 x 3 x 3.
    assert data["outcomes"] == len(space) == 2 * 2 * 2 * 4 * 4 * 2 * 3 * 3
    assert data["rational"]["frontier_size"] > 0
    ps = [case.position(i).restricted(data["issues"]) for i in data["positions"]]
    u = positions.utilities(ps, space)
    front = positions.pareto_frontier(u, reservations=[p.reservation for p in ps])
    assert [f["index"] for f in data["rational"]["frontier"]] == front.tolist()
    assert data["rational"]["frontier_left_out"] == 0
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian", "asymmetric_nash"):
        point = data["rational"]["points"][name]
        assert point["index"] in front
        for row, p in enumerate(ps):
            assert point["utilities"][p.id] == u[row, point["index"]]
        # Under the main readings the two red lines do not meet, so every
        # rational point crosses at least one of them.
        assert point["red_lines_crossed"]
        assert data["zone"]["points"][name] is None
    assert data["zone_size"] == data["red_line_zone_size"] == 0


def test_solve_offers_distances_are_to_the_nearest_frontier_outcome(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "solve", "harbour", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["offers"]
    for row in data["offers"]:
        here = [row["utilities"][p] for p in data["positions"]]
        for within in ("zone", "rational"):
            front = [
                [f["utilities"][p] for p in data["positions"]] for f in data[within]["frontier"]
            ]
            nearest = min(
                sum((a - b) ** 2 for a, b in zip(f, here, strict=True)) ** 0.5 for f in front
            )
            assert row[within]["to_frontier"] == pytest.approx(nearest)
            nash = data[within]["points"]["nash"]
            there = [nash["utilities"][p] for p in data["positions"]]
            assert row[within]["to_points"]["nash"] == pytest.approx(
                sum((a - b) ** 2 for a, b in zip(there, here, strict=True)) ** 0.5
            )


def test_solve_limit_caps_the_frontier_and_says_how_many_are_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    full = json.loads(run(capsys, "solve", "harbour", "--format", "json")[1])
    code, out, _ = run(capsys, "solve", "harbour", "--format", "json", "--limit", "2")
    assert code == 0
    data = json.loads(out)
    for within in ("zone", "rational"):
        assert data[within]["frontier"] == full[within]["frontier"][:2]
        assert data[within]["frontier_left_out"] == full[within]["frontier_size"] - 2
    code, out, _ = run(capsys, "solve", "harbour", "--limit", "1")
    assert code == 0
    assert f"{full['zone']['frontier_size'] - 1:,} more not shown" in out


def test_solve_table_says_when_the_zone_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", *BASIS_2018)
    assert code == 0
    assert "the zone of agreement is empty" in out
    assert "red lines crossed" in out


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
        ["solve", "--limit", "-1"],
        ["solve", "--limit", "many"],
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
