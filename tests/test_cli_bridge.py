"""The bridge and moves commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import positions
from positions._cli import main

SUPPLY = str(Path(__file__).parent / "data" / "supply-talks.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bridge_defaults_to_each_partys_latest_position(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "bridge", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["positions"] == ["japan-2022-inherent-territory", "russia-2022-talks-ended"]
    assert data["objective"] == "total"
    assert data["exact_over"] == "every outcome"
    assert data["outcome"]["peace_treaty"] == "talks-frozen"
    assert data["value"] == pytest.approx(1 / 3)
    japan = data["by_party"][0]
    needed = [
        (r["issue"], r["distance"], r["amount"]) for r in japan["relaxations"] if r["needed"]
    ]
    assert needed == [("territory", 1.0, 0.3), ("peace_treaty", pytest.approx(1 / 3), 0.1 / 3)]
    assert japan["meets_reservation"] is False
    peace = next(r for r in japan["relaxations"] if r["issue"] == "peace_treaty")
    assert peace["widened"] == ["talks-frozen", "talks-ongoing", "treaty-concluded"]
    assert data["rests_on"]
    b = positions.bridge(
        [
            positions.load_case("kuril-islands").position(p)
            for p in ("japan-2022-inherent-territory", "russia-2022-talks-ended")
        ]
    )
    assert data["value"] == b.value


def test_bridge_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "bridge",
        "--objective",
        "max",
        "--shares",
        "0,0.5,1",
        "--scale-points",
        "3",
        "--measure",
        "count",
        "--position",
        "japan-2018-1956-basis",
        "--position",
        "russia-2018-1956-basis",
        "--issue",
        "territory",
        "--issue",
        "peace_treaty",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["objective"] == "max"
    assert data["exact_over"] == "grid"
    assert data["issues"] == ["territory", "peace_treaty"]
    assert data["measure"] == "count"
    # The items: 0 and 1, the two divisible islands also 0.5 and the two
    # shares of the largest the case's offers give it; the treaty's levels.
    assert data["outcomes"] == 2 * 2 * 3 * 5 * 4
    assert data["value"] == pytest.approx(data["max_shortfall"])


def test_bridge_table_fits_in_100_columns(capsys: pytest.CaptureFixture[str]) -> None:
    for objective in ("total", "max"):
        code, out, _ = run(capsys, "bridge", "--objective", objective)
        assert code == 0
        assert max(len(line) for line in out.splitlines()) <= 100
        assert "red lines the bridge crosses" in out


def test_bridge_markdown_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bridge", "harbour", "--format", "markdown")
    assert code == 0
    assert "none, the bridge lies inside every red line" in out
    code, out, _ = run(capsys, "bridge", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    needed = [(r["position"], r["issue"]) for r in rows if r["needed"] == "True"]
    assert needed == [
        ("japan-2022-inherent-territory", "territory"),
        ("japan-2022-inherent-territory", "peace_treaty"),
    ]
    assert json.loads(rows[0]["widened"])["etorofu"] == [0.0, 1.0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--issue", "nowhere"], "no issue 'nowhere'"),
        (["--position", "nobody"], "no position 'nobody'"),
        (["--measure", "weight"], "weight"),
        (
            ["--issue", "military_presence", "--position", "japan-2022-inherent-territory"],
            "addresses",
        ),
    ],
)
def test_bridge_misuse_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "bridge", *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert err.startswith("usage: positions bridge")


def test_bridge_refuses_an_unknown_objective(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["bridge", "--objective", "min"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_moves_on_the_fictional_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "moves", SUPPLY, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [m["kind"] for m in data["moves"]] == [
        "nice",
        "concession",
        "selfish",
        "silent",
        "silent",
        "concession",
        "unfortunate",
        "fortunate",
        "selfish",
    ]
    buyer = data["proposers"][0]
    assert buyer["counts"]["concession"] == 1
    assert buyer["reciprocity"] == 0.5
    assert data["zero"] == 1e-12
    assert data["moves"][0]["others"][0]["party"] == "seller"


def test_moves_table_markdown_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "moves")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "no position of japan is dated by 1998-04-19" in out
    code, out, _ = run(capsys, "moves", "--format", "markdown")
    assert code == 0
    assert "| japan | kawana-1998 -> four-islands |" in out
    code, out, _ = run(capsys, "moves", SUPPLY, "--measure", "count", "--format", "csv")
    assert code == 2
    code, out, _ = run(capsys, "moves", SUPPLY, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["kind"] for r in rows][:2] == ["nice", "concession"]
    assert rows[0]["rests_on"].startswith("seller-2024/salience.price=inferred")


def test_moves_with_an_unknown_measure_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "moves", "--measure", "weight")
    assert code == 2
    assert err.startswith("usage: positions moves")
