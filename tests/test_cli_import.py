"""positions import and export on the command line, on the project's own fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import positions
from positions._cli import main

DATA = Path(__file__).parent / "data"


def test_import_ktab_writes_a_valid_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ktab.toml"
    assert (
        main(["import", "ktab", str(DATA / "tables" / "water-reform-ktab.csv"), "-o", str(out)])
        == 0
    )
    assert main(["validate", str(out)]) == 0
    assert positions.load_case(out) == positions.read_ktab(
        DATA / "tables" / "water-reform-ktab.csv"
    )
    capsys.readouterr()


def test_import_actors_then_solve_reports_the_compromise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "actors.toml"
    source = DATA / "tables" / "carbon-price-actors.csv"
    assert main(["import", "actors", str(source), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["solve", str(out), "--format", "json"]) == 0

    data = json.loads(capsys.readouterr().out)
    case = positions.load_case(out)
    (issue,) = case.issues
    (prediction,) = data["predictions"]
    assert prediction["compromise"] == positions.compromise(case.positions, issue.id)
    assert prediction["median"] == positions.weighted_median(case.positions, issue.id)


def test_import_and_export_genius_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "market.toml"
    argv = [
        "import",
        "genius",
        str(DATA / "genius" / "market_domain.xml"),
        str(DATA / "genius" / "market_buyer.xml"),
        str(DATA / "genius" / "market_seller.xml"),
        "-o",
        str(out),
    ]
    assert main(argv) == 0
    case = positions.load_case(out)
    capsys.readouterr()
    assert main(["export", "genius", str(out), "-o", str(tmp_path / "exported")]) == 0
    written = capsys.readouterr().out.split()
    assert len(written) == 1 + len(case.positions)
    domain, profiles = positions.find_genius_files(tmp_path / "exported")
    again = positions.read_genius(domain, profiles)
    space = positions.OutcomeSpace.grid(case.issues)
    space_again = positions.OutcomeSpace.grid(again.issues)
    assert len(space) == len(space_again)
    assert (
        positions.utilities(case.positions, space).round(12)
        == positions.utilities(again.positions, space_again).round(12)
    ).all()


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "genius", "tests/data/genius/bomb.xml", "tests/data/genius/market_buyer.xml"],
        ["import", "ktab", "tests/data/genius/market_domain.xml"],
        ["import", "actors", "/no/such/file.csv"],
    ],
)
def test_a_bad_file_exits_1_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    out = tmp_path / "never.toml"
    assert main([*argv, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("positions: cannot import ")
    assert "Traceback" not in err
    assert not out.exists()
