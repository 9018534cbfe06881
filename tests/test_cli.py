"""The command line: ``positions._cli.main`` in-process, and once through
``python -m positions``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import positions
from positions._cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "kuril-islands.toml"

FOUR_ISLANDS = "japan-2013-four-islands"
FRAMEWORK_1956 = "framework-1956"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return (exit status, stdout, stderr)."""
    status: object
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse exits on misuse, --help and --version
        status = exc.code
    out, err = capsys.readouterr()
    assert isinstance(status, int)
    return status, out, err


def run_ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    return out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    data = json.loads(run_ok(capsys, *argv, "--format", "json"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def kuril() -> positions.Case:
    return positions.load_case("kuril-islands")


# --- table output ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["compare"],
        ["compare", "--measure", "count"],
        ["compare", "--measure", "population", "--offer", FRAMEWORK_1956],
        ["overlap"],
        ["overlap", "--measure", "area"],
        ["timeline"],
        ["timeline", "--measure", "population"],
    ],
)
def test_table_fits_in_100_columns(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    out = run_ok(capsys, *argv)
    lines = out.splitlines()
    assert len(lines) > 3
    assert max(len(line) for line in lines) <= 100, max(lines, key=len)


def test_compare_table_has_a_block_per_position(
    capsys: pytest.CaptureFixture[str], kuril: positions.Case
) -> None:
    out = run_ok(capsys, "compare")
    for p in kuril.positions:
        assert any(line.startswith(f"{p.id} ({p.party.id}, ") for line in out.splitlines())
    for o in kuril.offers:
        assert out.count(f"\n{o.id} ") == len(kuril.positions)


@pytest.mark.parametrize("measure", ["area", "population"])
def test_compare_whole_case_with_item_measure(
    capsys: pytest.CaptureFixture[str], kuril: positions.Case, measure: str
) -> None:
    status, out, err = run(capsys, "compare", "--measure", measure, "--format", "json")
    assert (status, err) == (0, "")
    assert len(json.loads(out)["rows"]) == len(kuril.positions) * len(kuril.offers)


# --- compare --format json ----------------------------------------------------------


def test_compare_json_rows(capsys: pytest.CaptureFixture[str], kuril: positions.Case) -> None:
    data = run_json(capsys, "compare")
    rows = data["rows"]
    assert len(rows) == len(kuril.positions) * len(kuril.offers)
    assert {(r["position"], r["offer"]) for r in rows} == {
        (p.id, o.id) for p in kuril.positions for o in kuril.offers
    }
    for row in rows:
        for key in (
            "position",
            "party",
            "offer",
            "measure",
            "concession",
            "shortfall",
            "acceptable",
            "by_issue",
        ):
            assert key in row
        assert row["party"] == kuril.position(row["position"]).party.id
        settled = kuril.position(row["position"]).settled_by(kuril.offer(row["offer"]))
        if not settled:
            # Nothing to measure: the row says so instead of showing 0.
            assert (row["concession"], row["acceptable"], row["by_issue"]) == (None, None, {})
            assert row["note"] == "the offer settles none of the position's issues"
            continue
        assert row["note"] is None
        assert isinstance(row["acceptable"], bool)
        assert 0 <= row["shortfall"] <= row["concession"] + 1e-12 <= 1 + 1e-12
        by_issue = row["by_issue"]
        for term in by_issue.values():
            assert {"weight", "concession", "shortfall"} <= set(term)
        assert row["concession"] == pytest.approx(
            sum(t["weight"] * t["concession"] for t in by_issue.values())
        )
        assert row["shortfall"] == pytest.approx(
            sum(t["weight"] * t["shortfall"] for t in by_issue.values())
        )


@pytest.mark.parametrize(
    ("measure", "expected"),
    [("area", pytest.approx(0.93, abs=0.005)), ("count", 0.5)],
)
def test_headline_territory_concession(
    capsys: pytest.CaptureFixture[str], measure: str, expected: object
) -> None:
    data = run_json(
        capsys,
        "compare",
        "--measure",
        measure,
        "--position",
        FOUR_ISLANDS,
        "--offer",
        FRAMEWORK_1956,
    )
    assert data["measure"] == measure
    [row] = data["rows"]
    assert (row["position"], row["offer"], row["measure"]) == (
        FOUR_ISLANDS,
        FRAMEWORK_1956,
        measure,
    )
    territory = row["by_issue"]["territory"]
    assert territory["concession"] == expected
    assert territory["measure"] == measure
    assert territory["acceptable"] is False
    assert row["acceptable"] is False


def test_measure_changes_only_item_issues(capsys: pytest.CaptureFixture[str]) -> None:
    rows = {}
    for measure in ("area", "count"):
        data = run_json(
            capsys,
            "compare",
            "--measure",
            measure,
            "--position",
            FOUR_ISLANDS,
            "--offer",
            FRAMEWORK_1956,
            "--offer",
            "three-islands",
        )
        rows[measure] = {r["offer"]: r for r in data["rows"]}
    assert rows["area"]["three-islands"]["by_issue"]["territory"]["concession"] != pytest.approx(
        rows["count"]["three-islands"]["by_issue"]["territory"]["concession"]
    )
    area = rows["area"][FRAMEWORK_1956]["by_issue"]
    count = rows["count"][FRAMEWORK_1956]["by_issue"]
    assert area["peace_treaty"]["concession"] == count["peace_treaty"]["concession"]
    assert area["territory"]["concession"] != count["territory"]["concession"]


def test_repeated_position_and_offer_options(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        "compare",
        "--position",
        FOUR_ISLANDS,
        "--position",
        "russia-2013",
        "--offer",
        FRAMEWORK_1956,
        "--offer",
        "status-quo",
    )
    assert [(r["position"], r["offer"]) for r in data["rows"]] == [
        (FOUR_ISLANDS, FRAMEWORK_1956),
        (FOUR_ISLANDS, "status-quo"),
        ("russia-2013", FRAMEWORK_1956),
        ("russia-2013", "status-quo"),
    ]


# --- overlap and timeline ----------------------------------------------------------------


def test_overlap_json_pairs(capsys: pytest.CaptureFixture[str], kuril: positions.Case) -> None:
    data = run_json(capsys, "overlap")
    pairs = data["pairs"]
    japan = len(kuril.positions_of("japan"))
    russia = len(kuril.positions_of("russia"))
    assert len(pairs) == japan * russia  # pairs of positions of different parties
    for pair in pairs:
        ids = pair["positions"]
        assert isinstance(ids, list)
        assert len(ids) == 2
        a, b = (kuril.position(i) for i in ids)
        assert a.party != b.party
        assert isinstance(pair["empty"], bool)
        assert isinstance(pair["blocking"], list)
        assert isinstance(pair["gaps"], dict)
        assert set(pair["blocking"]) <= set(pair["gaps"])
        for issue in pair["blocking"]:
            assert pair["gaps"][issue] > 0
        assert pair["empty"] == bool(pair["blocking"])


def test_overlap_hard_lines_of_2022_do_not_meet(capsys: pytest.CaptureFixture[str]) -> None:
    ids = ("japan-2022-inherent-territory", "russia-2022-talks-ended")
    data = run_json(capsys, "overlap")
    [pair] = [p for p in data["pairs"] if tuple(p["positions"]) == ids]
    assert pair["empty"] is True
    assert "territory" in pair["blocking"]
    assert pair["gaps"]["territory"] > 0

    named = run_json(capsys, "overlap", "--position", ids[0], "--position", ids[1])
    assert [p["positions"] for p in named["pairs"]] == [list(ids)]
    assert named["pairs"][0]["blocking"] == pair["blocking"]


def test_timeline_json_has_movements_of_both_parties(
    capsys: pytest.CaptureFixture[str], kuril: positions.Case
) -> None:
    data = run_json(capsys, "timeline")
    movements = data["movements"]
    assert {m["party"] for m in movements} == {"japan", "russia"}
    for m in movements:
        earlier, later = kuril.position(m["earlier"]), kuril.position(m["later"])
        assert earlier.party.id == later.party.id == m["party"]
        assert m["from"] <= m["to"]
        assert m["distance"] >= 0
    for party in ("japan", "russia"):
        dated = [p for p in kuril.positions_of(party) if p.date is not None]
        assert sum(m["party"] == party for m in movements) == len(dated) - 1


# --- csv and markdown ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "header_start", "json_key"),
    [
        ("compare", ["position", "party", "offer", "measure", "concession", "shortfall"], "rows"),
        ("overlap", ["position", "position", "zone"], "pairs"),
        ("timeline", ["party", "earlier", "later", "from", "to", "moved"], "movements"),
    ],
)
def test_csv_parses(
    capsys: pytest.CaptureFixture[str], command: str, header_start: list[str], json_key: str
) -> None:
    out = run_ok(capsys, command, "--format", "csv")
    records = list(csv.reader(io.StringIO(out)))
    header, body = records[0], records[1:]
    assert header[: len(header_start)] == header_start
    assert len(body) == len(run_json(capsys, command)[json_key])
    assert all(len(r) == len(header) for r in body)


def test_compare_csv_values_match_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("compare", "--measure", "count", "--position", FOUR_ISLANDS)
    reader = csv.DictReader(io.StringIO(run_ok(capsys, *argv, "--format", "csv")))
    by_offer = {r["offer"]: r for r in reader}
    rows = run_json(capsys, *argv)["rows"]
    assert set(by_offer) == {row["offer"] for row in rows}
    for row in rows:
        record = by_offer[row["offer"]]
        assert float(record["concession"]) == pytest.approx(row["concession"])
        for issue, term in row["by_issue"].items():
            assert float(record[f"concession:{issue}"]) == pytest.approx(term["concession"])
            assert float(record[f"shortfall:{issue}"]) == pytest.approx(term["shortfall"])
        if "territory" not in row["by_issue"]:  # an offer that leaves territory open
            assert record["concession:territory"] == record["shortfall:territory"] == ""
    assert float(by_offer[FRAMEWORK_1956]["concession:territory"]) == 0.5


@pytest.mark.parametrize("command", ["compare", "overlap", "timeline"])
def test_markdown_tables(capsys: pytest.CaptureFixture[str], command: str) -> None:
    out = run_ok(capsys, command, "--format", "markdown")
    lines = out.splitlines()
    table_lines = [line for line in lines if line.startswith("|")]
    assert len(table_lines) >= 3
    assert any(set(line) <= set("|-") for line in table_lines)  # the header rule
    assert all(line.endswith("|") for line in table_lines)
    assert all(line == "" or line[0] in "|#" for line in lines)


# --- validate ------------------------------------------------------------------------------


def test_validate_seeds_file(capsys: pytest.CaptureFixture[str], kuril: positions.Case) -> None:
    out = run_ok(capsys, "validate", str(SEEDS))
    assert out.startswith(f"{SEEDS}: valid case 'kuril-islands': ")
    assert f"{len(kuril.positions)} positions" in out


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ('[case]\nid = "x"\n', "case.title"),
        ("[case\n", "line 1, column 6"),
        ("", "issues"),
    ],
)
def test_validate_bad_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, place: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "validate", str(path))
    assert status == 1
    assert out == ""
    assert str(path) in err
    assert place in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["validate", "compare", "overlap", "timeline"])
def test_unreadable_case_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "missing.toml"
    status, out, err = run(capsys, command, str(missing))
    assert status == 1
    assert out == ""
    assert str(missing) in err
    assert "cannot read the file" in err
    assert "Traceback" not in err


# --- misuse ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["frobnicate"], "frobnicate"),
        ([], "COMMAND"),
        (["compare", "--bogus"], "--bogus"),
        (["compare", "--format", "xml"], "xml"),
        (["compare", "--measure", "furlongs"], "furlongs"),
        (["overlap", "--measure", "furlongs"], "furlongs"),
        (["timeline", "--measure", "furlongs"], "furlongs"),
        (["compare", "--position", "no-such-position"], "no-such-position"),
        (["overlap", "--position", "no-such-position"], "no-such-position"),
        (["compare", "--offer", "no-such-offer"], "no-such-offer"),
        (["overlap", "--position", FOUR_ISLANDS], "at least two"),
        (["timeline", "-p", "0.5"], "p"),
        (["timeline", "-p", "many"], "many"),
        (["validate"], "FILE"),
    ],
)
def test_misuse_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "usage: positions" in err
    assert "error: " in err
    assert fragment in err
    assert "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.strip() == f"positions {positions.__version__}"


# --- a case file given by path ---------------------------------------------------------------


def test_case_path_argument(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kuril: positions.Case
) -> None:
    path = tmp_path / "copy of kuril.toml"
    positions.dump_case(kuril, path)
    from_file = run_json(capsys, "compare", str(path), "--measure", "count")
    bundled = run_json(capsys, "compare", "--measure", "count")
    assert from_file == bundled
    assert len(from_file["rows"]) == len(kuril.positions) * len(kuril.offers)
    assert run_ok(capsys, "validate", str(path)).startswith(f"{path}: valid case ")


def test_changed_case_file_changes_the_result(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kuril: positions.Case
) -> None:
    path = tmp_path / "two-positions.toml"
    kept = (kuril.position(FOUR_ISLANDS), kuril.position("russia-2013"))
    changes: dict[str, Any] = {"positions": kept}
    positions.dump_case(attrs.evolve(kuril, **changes), path)
    data = run_json(capsys, "compare", str(path))
    assert {r["position"] for r in data["rows"]} == {p.id for p in kept}
    assert len(data["rows"]) == 2 * len(kuril.offers)


# --- python -m positions -----------------------------------------------------------------------


def test_python_dash_m_positions(tmp_path: Path) -> None:
    argv = ["compare", "--format", "json", "--measure", "count"]
    argv += ["--position", FOUR_ISLANDS, "--offer", FRAMEWORK_1956]
    done = subprocess.run(
        [sys.executable, "-m", "positions", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    [row] = json.loads(done.stdout)["rows"]
    assert row["by_issue"]["territory"]["concession"] == 0.5


def test_an_error_after_parsing_prints_the_subcommands_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "compare", "harbour", "--offer", "nope")
    assert status == 2
    assert err.startswith("usage: positions compare ")
    assert err.splitlines()[-1] == "positions: error: the case has no offer 'nope'"


def test_an_output_that_cannot_be_written_is_one_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    actors = ROOT / "tests" / "data" / "tables" / "carbon-price-actors.csv"
    genius = ROOT / "tests" / "data" / "genius"
    case = tmp_path / "case.toml"
    files = [str(genius / f"market_{name}.xml") for name in ("domain", "buyer", "seller")]
    run_ok(capsys, "import", "genius", *files, "-o", str(case))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for argv in (
        ["import", "actors", str(actors), "-o", str(tmp_path / "missing" / "out.toml")],
        ["export", "genius", str(case), "-o", str(blocker / "inside")],
    ):
        status, stdout, err = run(capsys, *argv)
        assert (status, stdout) == (2, ""), err
        assert "cannot write" in err
        assert "Traceback" not in err


def test_validate_counts_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_ok(capsys, "validate", str(SEEDS))
    case = positions.load_case("kuril-islands")
    assert f"{len(case.sources)} sources" in out
    assert f"{len(case.events)} events" in out
    assert "2 parties" in out
