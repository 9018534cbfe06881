"""Importing KTAB scenarios and expected-utility actor tables from CSV:
the fixtures read into valid cases that round-trip through case files, the
predictions match hand computations from the CSV numbers, and every class
of bad file raises one CaseFileError naming the file and each place."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import positions
from positions import Case, Interval, ScaleIssue
from positions.exceptions import CaseFileError, InvalidArgumentError
from positions.formats.actors import read_actor_table
from positions.formats.ktab import read_ktab

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "tables"
KTAB = DATA / "water-reform-ktab.csv"
ACTORS = DATA / "carbon-price-actors.csv"

Reader = Callable[[Path], Case]

# The numbers of water-reform-ktab.csv, copied by hand: power, then
# (position, salience) on Price, Metering and Timeline.
KTAB_ROWS: dict[str, tuple[float, list[tuple[float, float]]]] = {
    "Utility": (80, [(70, 50), (80, 30), (40, 20)]),
    "Farmers' union": (60, [(10, 70), (20, 20), (30, 10)]),
    "Greens": (30, [(90, 40), (100, 40), (80, 20)]),
    "Ministry": (100, [(50, 30), (60, 30), (50, 40)]),
    "Industry": (70, [(30, 60), (40, 20), (20, 20)]),
}

# The numbers of carbon-price-actors.csv: (capability, position, salience).
ACTOR_ROWS: dict[str, tuple[float, float, float]] = {
    "Finance ministry": (90, 40, 80),
    "Environment ministry": (60, 100, 90),
    "Industry federation": (70, 20, 95),
    "Green party": (30, 120, 70),
    "Farmers' union": (40, 30, 60),
    "Central bank": (50, 60, 30),
}


def mtime_date(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date().isoformat()


def by_hand_compromise(points: list[tuple[float, float, float]]) -> float:
    """sum(s * c * x) / sum(s * c) over (capability, position, salience)."""
    return sum(s * c * x for c, x, s in points) / sum(s * c for c, _, s in points)


def by_hand_median(points: list[tuple[float, float, float]]) -> float:
    """The smallest position where the cumulative s * c reaches half."""
    total = sum(s * c for c, _, s in points)
    cumulative = 0.0
    for c, x, s in sorted(points, key=lambda p: p[1]):
        cumulative += s * c
        if cumulative >= total / 2:
            return x
    raise AssertionError("unreachable")


def problems(err: pytest.ExceptionInfo[CaseFileError]) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in err.value.problems]


# ---------------------------------------------------------------------------
# KTAB: the good fixture


def test_ktab_fixture_reads_into_a_case() -> None:
    case = read_ktab(KTAB)
    assert case.id == "Northland-water-reform"
    assert case.title == "Northland water reform"
    assert case.description.startswith("Invented scenario for the tests")
    assert [(i.id, i.label) for i in case.issues] == [
        ("Price", "Price"),
        ("Metering", "Metering"),
        ("Timeline", "Timeline"),
    ]
    for issue in case.issues:
        assert isinstance(issue, ScaleIssue)
        assert (issue.low, issue.high) == (0.0, 100.0)
    assert [(p.id, p.name, p.capability) for p in case.parties] == [
        ("Utility", "Utility", 80.0),
        ("Farmers-union", "Farmers' union", 60.0),
        ("Greens", "Greens", 30.0),
        ("Ministry", "Ministry", 100.0),
        ("Industry", "Industry", 70.0),
    ]
    assert case.party("Utility").note == "Municipal water utility, Northland City"

    (source,) = case.sources
    assert source.title == "Northland water reform"
    assert source.publisher == "KTAB scenario file"
    assert source.date == mtime_date(KTAB)
    assert source.note == "date the file was last modified; the scenario gives none"

    assert len(case.positions) == len(KTAB_ROWS)
    for line, (position, (name, (power, stances))) in enumerate(
        zip(case.positions, KTAB_ROWS.items(), strict=True), start=3
    ):
        assert position.party.name == name
        assert position.party.capability == power
        assert position.status == "stated"
        assert position.source == source
        assert position.date == dt.date.fromisoformat(source.date)
        assert position.locator == f"line {line}"
        assert position.reservation is None
        for stance, (x, s) in zip(position.stances, stances, strict=True):
            assert stance.ideal == x
            assert stance.salience == s  # as given, not normalised
            assert stance.accept == Interval(0, 100)  # KTAB has no red lines


def test_ktab_saliences_are_normalised_for_utilities_only() -> None:
    utility = read_ktab(KTAB).position("Utility")
    assert [s.salience for s in utility.stances] == [50.0, 30.0, 20.0]
    assert utility.weights == pytest.approx({"Price": 0.5, "Metering": 0.3, "Timeline": 0.2})


def test_ktab_predictions_weigh_salience_as_given_times_power() -> None:
    case = read_ktab(KTAB)
    for k, issue in enumerate(case.issues):
        points = [(power, *stances[k]) for power, stances in KTAB_ROWS.values()]
        assert positions.compromise(case.positions, issue.id) == pytest.approx(
            by_hand_compromise(points)
        )
        assert positions.weighted_median(case.positions, issue.id) == by_hand_median(points)
    # Price by hand: weights s*c are 4000, 4200, 1200, 3000, 4200 (total 16600).
    assert positions.compromise(case.positions, "Price") == pytest.approx(706000 / 16600)
    assert positions.weighted_median(case.positions, "Price") == 30.0


def test_ktab_source_date_is_the_files_modification_date(tmp_path: Path) -> None:
    path = tmp_path / "scenario.csv"
    path.write_bytes(KTAB.read_bytes())
    noon = dt.datetime(2021, 3, 4, 12, 0).timestamp()
    os.utime(path, (noon, noon))
    case = read_ktab(path)
    assert case.sources[0].date == "2021-03-04"
    assert {p.date for p in case.positions} == {dt.date(2021, 3, 4)}


def test_ktab_reads_ktabs_own_layout(tmp_path: Path) -> None:
    # As KTAB's sample scenarios: numbered Pstn/Sal headers, blanks around
    # cells, trailing commas (and a trailing blank cell), "Influence".
    path = tmp_path / "sample.csv"
    path.write_text(
        'Sample ; scen 1 ,"A scenario, in KTAB\'s layout", 2, 2, \n'
        "Actor,Description,Influence,Pstn1,Sal1,Pstn2,Sal2, \n"
        "A-01, First actor , 102.5, 75.79, 49.53,  6.37,  5.91,\n"
        "A-02, Second actor,  53.393, 82.72, 30.33, 73.50, 21.22\n"
        "\n",
        encoding="utf-8",
    )
    case = read_ktab(path)
    assert case.id == "Sample-scen-1"
    assert case.description == "A scenario, in KTAB's layout"
    assert [i.id for i in case.issues] == ["Pstn1", "Pstn2"]
    assert [(p.id, p.note, p.capability) for p in case.parties] == [
        ("A-01", "First actor", 102.5),
        ("A-02", "Second actor", 53.393),
    ]
    assert case.position("A-02").stance("Pstn2").ideal == 73.5


@pytest.mark.parametrize(
    ("header", "dimension", "issue_id"),
    [
        ("Policy Position", "Policy", "Policy"),
        ("tax_position", "tax", "tax"),
        ("PriceCapPosition", "PriceCap", "PriceCap"),
        ("Position", "Position", "Position"),
        ("Zölle (Tarif) Position", "Zölle (Tarif)", "Zolle-Tarif"),
    ],
)
def test_ktab_dimension_names_come_from_the_position_headers(
    tmp_path: Path, header: str, dimension: str, issue_id: str
) -> None:
    path = tmp_path / "one.csv"
    path.write_text(
        f"One,,1,1\nActor,Description,Power,{header},Salience\nA,,1,50,50\n", encoding="utf-8"
    )
    (issue,) = read_ktab(path).issues
    assert (issue.id, issue.label) == (issue_id, dimension)


def test_ktab_ids_that_would_clash_get_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "clash.csv"
    path.write_text(
        "Clash,,2,2\n"
        "Actor,Description,Power,A B Position,A B Salience,A-B Position,A-B Salience\n"
        "X Y,,1,50,50,50,50\n"
        "X-Y,,1,50,50,50,50\n",
        encoding="utf-8",
    )
    case = read_ktab(path)
    assert [i.id for i in case.issues] == ["A-B", "A-B-2"]
    assert [(p.id, p.name) for p in case.parties] == [("X-Y", "X Y"), ("X-Y-2", "X-Y")]


def test_ktab_case_id_can_be_given() -> None:
    assert read_ktab(KTAB, case_id="water").id == "water"
    with pytest.raises(InvalidArgumentError, match="case_id"):
        read_ktab(KTAB, case_id="not an id")


def test_ktab_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + KTAB.read_bytes())
    os.utime(path, (KTAB.stat().st_atime, KTAB.stat().st_mtime))
    assert read_ktab(path) == read_ktab(KTAB)


@pytest.mark.parametrize("reader", [read_ktab, read_actor_table])
def test_non_utf8_files_are_refused(tmp_path: Path, reader: Reader) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Name,,1,1\nActor,Description,Power\nZürich,,1\n".encode("latin-1"))
    with pytest.raises(CaseFileError) as err:
        reader(path)
    assert err.value.path == str(path)
    [(where, message)] = problems(err)
    assert where == "line 3 (byte 35)"
    assert "not valid UTF-8" in message


@pytest.mark.parametrize("reader", [read_ktab, read_actor_table])
def test_a_missing_file_is_a_case_file_error(tmp_path: Path, reader: Reader) -> None:
    with pytest.raises(CaseFileError, match="cannot read the file"):
        reader(tmp_path / "nowhere.csv")


@pytest.mark.parametrize("path", [KTAB, ACTORS], ids=["ktab", "actors"])
def test_imported_cases_round_trip_through_case_files(tmp_path: Path, path: Path) -> None:
    case = read_ktab(path) if path == KTAB else read_actor_table(path)
    out = tmp_path / "case.toml"
    positions.dump_case(case, out)
    assert positions.load_case(out) == case


# ---------------------------------------------------------------------------
# KTAB: bad files

KTAB_LINES = (
    "Test,Three actors,3,2,",
    "Actor,Description,Power,Price Position,Price Salience,Speed Position,Speed Salience,",
    "A,First,50,10,60,20,40,",
    "B,Second,30,90,50,70,50,",
    "C,Third,20,50,30,50,70,",
)


def ktab_text(**changes: str | None) -> str:
    """KTAB_LINES with line N replaced (``l3="..."``) or dropped (None)."""
    lines = []
    for n, line in enumerate(KTAB_LINES, start=1):
        new = changes.get(f"l{n}", line)
        if new is not None:
            lines.append(new)
    return "".join(f"{line}\n" for line in lines)


BAD_KTAB: list[tuple[str, str, str, str]] = [
    ("empty", "", "line 1", "the file is empty"),
    ("blank lines only", "\n  \n", "line 1", "the file is empty"),
    (
        "no header",
        ktab_text(l2=None),
        "line 2",
        "missing header row: expected Actor, Description, Power",
    ),
    ("scenario line only", "Test,Three actors,3,2\n", "line 2", "missing header row"),
    ("no scenario line", ktab_text(l1=None), "line 1", "expected the scenario line"),
    (
        "semicolons",
        ktab_text(l2="Actor;Description;Power;P Position;P Salience"),
        "line 2",
        "separate its cells with ';'",
    ),
    ("row too short", ktab_text(l4="B,Second,30,90,50,70"), "line 4", "expected 7 columns"),
    ("row too long", ktab_text(l4="B,Second,30,90,50,70,50,1"), "line 4", "(got 8)"),
    (
        "actor count",
        ktab_text(l1="Test,Three actors,4,2"),
        "line 1, column 3 (number of actors)",
        "says 4 actors, but the file has 3 actor rows",
    ),
    (
        "dimension count",
        ktab_text(l1="Test,Three actors,3,3"),
        "line 1, column 4 (number of dimensions)",
        "says 3 dimensions, but the header on line 2 has 2",
    ),
    (
        "count not a number",
        ktab_text(l1="Test,Three actors,three,2"),
        "line 1, column 3 (number of actors)",
        "expected a whole number (got 'three')",
    ),
    (
        "scenario line too short",
        ktab_text(l1="Test,Three actors,3"),
        "line 1",
        "expected 4 cells",
    ),
    (
        "unnamed scenario",
        ktab_text(l1=",Three actors,3,2"),
        "line 1, column 1 (scenario name)",
        "needs a name",
    ),
    (
        "odd dimension columns",
        ktab_text(l2="Actor,Description,Power,Price Position,Price Salience,Speed Position"),
        "line 2",
        "a position and a salience column per dimension (found 3 columns)",
    ),
    (
        "power column",
        ktab_text(l2=KTAB_LINES[1].replace("Power", "Weight")),
        "line 2, column 3",
        "expected the column 'Power' (got 'Weight')",
    ),
    (
        "two position columns",
        ktab_text(l2=KTAB_LINES[1].replace("Price Salience", "Price position")),
        "line 2, column 5 (Price position)",
        "expected the salience column of dimension 'Price'",
    ),
    (
        "swapped columns",
        ktab_text(l2="Actor,Description,Power,P Salience,P Position,S Position,S Salience"),
        "line 2, column 4 (P Salience)",
        "expected a position column here, found the salience column",
    ),
    (
        "salience of another dimension",
        ktab_text(l2=KTAB_LINES[1].replace("Price Salience", "Speed Salience")),
        "line 2, column 5 (Speed Salience)",
        "is about 'Speed'",
    ),
    (
        "duplicate dimension",
        ktab_text(l2=KTAB_LINES[1].replace("Speed", "Price")),
        "line 2, column 6 (Price Position)",
        "duplicate dimension 'Price'",
    ),
    (
        "text for a position",
        ktab_text(l3="A,First,50,ten,60,20,40"),
        "line 3, column 4 (Price Position)",
        "expected a number (got 'ten')",
    ),
    (
        "empty cell",
        ktab_text(l3="A,First,50,10,,20,40"),
        "line 3, column 5 (Price Salience)",
        "expected a number (the cell is empty)",
    ),
    (
        "not a finite number",
        ktab_text(l3="A,First,nan,10,60,20,40"),
        "line 3, column 3 (Power)",
        "expected a number (got 'nan')",
    ),
    (
        "position above 100",
        ktab_text(l4="B,Second,30,90,50,170,50"),
        "line 4, column 6 (Speed Position)",
        "must lie in [0, 100] (got 170)",
    ),
    (
        "negative salience",
        ktab_text(l4="B,Second,30,90,-5,70,50"),
        "line 4, column 5 (Price Salience)",
        "must lie in [0, 100] (got -5)",
    ),
    (
        "negative power",
        ktab_text(l5="C,Third,-20,50,30,50,70"),
        "line 5, column 3 (Power)",
        "must be >= 0 (got -20)",
    ),
    (
        "duplicate actor",
        ktab_text(l5="A,Third,20,50,30,50,70"),
        "line 5, column 1 (Actor)",
        "duplicate actor 'A' (first on line 3)",
    ),
    ("unnamed actor", ktab_text(l5=",Third,20,50,30,50,70"), "line 5, column 1 (Actor)", "name"),
    (
        "no salience at all",
        ktab_text(l5="C,Third,20,50,0,50,0"),
        "line 5",
        "every salience of 'C' is 0",
    ),
    (
        "broken quotes",
        ktab_text(l4='B,"Sec"ond,30,90,50,70,50'),
        "line 4",
        "cannot parse the CSV",
    ),
]


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [case[1:] for case in BAD_KTAB],
    ids=[case[0] for case in BAD_KTAB],
)
def test_bad_ktab_files_name_the_file_and_the_place(
    tmp_path: Path, content: str, where: str, message: str
) -> None:
    path = tmp_path / "bad-scenario.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CaseFileError) as err:
        read_ktab(path)
    assert err.value.path == str(path)
    assert str(err.value).startswith(f"{path}: 1 problem\n")
    [(found_where, found_message)] = problems(err)
    assert found_where == where
    assert message in found_message


def test_ktab_reports_every_problem_together(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(
        ktab_text(
            l1="Test,Three actors,4,2",
            l3="A,First,-1,10,60,20,140",
            l4="A,Second,30,x,50,70,50",
            l5="C,Third,20,50,30,50",
        ),
        encoding="utf-8",
    )
    with pytest.raises(CaseFileError) as err:
        read_ktab(path)
    assert [where for where, _ in problems(err)] == [
        "line 1, column 3 (number of actors)",
        "line 3, column 3 (Power)",
        "line 3, column 7 (Speed Salience)",
        "line 4, column 1 (Actor)",
        "line 4, column 4 (Price Position)",
        "line 5",
    ]
    assert str(err.value).startswith(f"{path}: 6 problems\n")


# ---------------------------------------------------------------------------
# Actor tables: the good fixture


def test_actor_table_fixture_reads_into_a_case() -> None:
    case = read_actor_table(ACTORS)
    assert case.id == "Carbon-price-in-the-Northland-climate-bill"
    assert case.title == "Carbon price in the Northland climate bill"
    assert case.description.startswith("Invented expected-utility actor table")
    (issue,) = case.issues
    assert isinstance(issue, ScaleIssue)
    assert (issue.id, issue.label, issue.low, issue.high, issue.unit) == (
        "Carbon-price",
        "Carbon price",
        0.0,
        120.0,
        "EUR/t",
    )
    (source,) = case.sources
    assert (source.title, source.publisher, source.date) == (
        case.title,
        "CSV actor table",
        mtime_date(ACTORS),
    )
    assert [p.name for p in case.parties] == list(ACTOR_ROWS)
    for line, (position, (capability, x, s)) in enumerate(
        zip(case.positions, ACTOR_ROWS.values(), strict=True), start=9
    ):
        assert position.party.capability == capability
        (stance,) = position.stances
        assert (stance.ideal, stance.salience, stance.accept) == (x, s, Interval(0, 120))
        assert position.reservation is None
        assert position.status == "stated"
        assert position.locator == f"line {line}"


def test_actor_table_predictions_match_the_hand_computation() -> None:
    case = read_actor_table(ACTORS)
    points = list(ACTOR_ROWS.values())
    compromise = positions.compromise(case.positions, "Carbon-price")
    median = positions.weighted_median(case.positions, "Carbon-price")
    assert compromise == pytest.approx(by_hand_compromise(points))
    assert median == by_hand_median(points)
    # By hand: s*c = 7200, 5400, 6650, 2100, 2400, 1500 (total 25250);
    # sum s*c*x = 1375000. Sorted by position the cumulative weight is 6650
    # (20), 9050 (30), 16250 (40) >= 12625: the median is 40.
    assert compromise == pytest.approx(1375000 / 25250)
    assert median == 40.0


def test_actor_table_defaults_without_metadata(tmp_path: Path) -> None:
    path = tmp_path / "plain table.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,1,0,1\nB,2,100,0.5\n")
    case = read_actor_table(path)
    assert (case.id, case.title, case.description) == ("plain-table", "plain table", "")
    (issue,) = case.issues
    assert isinstance(issue, ScaleIssue)
    assert (issue.id, issue.label, issue.low, issue.high, issue.unit) == (
        "issue",
        "issue",
        0.0,
        100.0,
        "",
    )
    assert [p.stances[0].salience for p in case.positions] == [1.0, 0.5]


def test_actor_table_metadata_keys_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "\ufeff# A comment line without a key is ignored.\n"
        "\n"
        "#ISSUE:Budget share\n"
        "#  Low : -10\n"
        "# high: 10.5\n"
        "# Unit: %\n"
        " SALIENCE , position, actor, Capability\n"
        "0.6,-10,Left,3\n"
        '0.4,10.5,"Right, centre",1e1\n',
        encoding="utf-8",
    )
    case = read_actor_table(path, case_id="budget")
    assert case.id == "budget"
    (issue,) = case.issues
    assert isinstance(issue, ScaleIssue)
    assert (issue.id, issue.low, issue.high, issue.unit) == ("Budget-share", -10.0, 10.5, "%")
    assert [(p.party.id, p.party.capability) for p in case.positions] == [
        ("Left", 3.0),
        ("Right-centre", 10.0),
    ]
    assert positions.compromise(case.positions, "Budget-share") == pytest.approx(
        (0.6 * 3 * -10 + 0.4 * 10 * 10.5) / (0.6 * 3 + 0.4 * 10)
    )


def test_actor_table_case_id_must_be_an_id() -> None:
    with pytest.raises(InvalidArgumentError):
        read_actor_table(ACTORS, case_id="-bad")


# ---------------------------------------------------------------------------
# Actor tables: bad files

TABLE = "# high: 50\nActor,Capability,Position,Salience\nA,10,20,30\nB,20,30,40\n"
#       line 1       line 2                              line 3     line 4


def table_text(**changes: str | None) -> str:
    lines = TABLE.splitlines()
    out = []
    for n, line in enumerate(lines, start=1):
        new = changes.get(f"l{n}", line)
        if new is not None:
            out.append(new)
    return "".join(f"{line}\n" for line in out)


BAD_TABLES: list[tuple[str, str, str, str]] = [
    ("empty", "", "line 1", "the file is empty"),
    ("metadata only", "# issue: tax\n# high: 5\n", "line 2", "missing header row"),
    (
        "no header",
        table_text(l2=None),
        "line 2",
        "missing header row: expected the columns Actor, Capability, Position and Salience",
    ),
    (
        "semicolons",
        table_text(l2="Actor;Capability;Position;Salience"),
        "line 2",
        "separate its cells with ';'",
    ),
    (
        "missing column",
        table_text(l2="Actor,Capability,Position", l3="A,10,20", l4="B,20,30"),
        "line 2",
        "missing column Salience",
    ),
    (
        "unknown column",
        table_text(
            l2="Actor,Capability,Position,Salience,Group", l3="A,10,20,30,x", l4="B,2,3,4,y"
        ),
        "line 2, column 5 (Group)",
        "unknown column",
    ),
    (
        "repeated column",
        table_text(l2="Actor,Capability,Position,Salience,position"),
        "line 2, column 5 (position)",
        "the column 'position' appears twice",
    ),
    ("no actors", table_text(l3=None, l4=None), "line 2", "no actors"),
    ("row too short", table_text(l3="A,10,20"), "line 3", "expected 4 columns"),
    (
        "text for a number",
        table_text(l4="B,twenty,30,40"),
        "line 4, column 2 (Capability)",
        "expected a number (got 'twenty')",
    ),
    (
        "position above high",
        table_text(l3="A,10,60,30"),
        "line 3, column 3 (Position)",
        "must lie in [0, 50] (got 60)",
    ),
    (
        "position below low",
        table_text(l1="# low: 15\n# high: 50", l4="B,20,10,40"),
        "line 5, column 3 (Position)",
        "must lie in [15, 50] (got 10)",
    ),
    (
        "negative capability",
        table_text(l3="A,-10,20,30"),
        "line 3, column 2 (Capability)",
        "must be >= 0 (got -10)",
    ),
    (
        "negative salience",
        table_text(l3="A,10,20,-0.5"),
        "line 3, column 4 (Salience)",
        "must be > 0 (got -0.5)",
    ),
    (
        "zero salience",
        table_text(l3="A,10,20,0"),
        "line 3, column 4 (Salience)",
        "must be > 0 (got 0)",
    ),
    (
        "infinite capability",
        table_text(l3="A,inf,20,30"),
        "line 3, column 2 (Capability)",
        "expected a number",
    ),
    (
        "duplicate actor",
        table_text(l4="A,20,30,40"),
        "line 4, column 1 (Actor)",
        "duplicate actor 'A' (first on line 3)",
    ),
    (
        "bound not a number",
        table_text(l1="# high: fifty"),
        "line 1",
        "'high': expected a number (got 'fifty')",
    ),
    ("empty range", table_text(l1="# low: 50\n# high: 50"), "line 2", "needs low < high"),
    ("unknown key", table_text(l1="# hihg: 50"), "line 1", "unknown metadata key 'hihg'"),
    (
        "key given twice",
        table_text(l1="# high: 50\n# High: 60"),
        "line 2",
        "'high' is given twice (first on line 1)",
    ),
    (
        "metadata after the header",
        table_text(l4="# unit: EUR"),
        "line 4",
        "must come before the header",
    ),
    ("empty issue name", table_text(l1="# issue:\n# high: 50"), "line 1", "needs a name"),
    ("broken quotes", table_text(l3='"A"x,10,20,30'), "line 3", "cannot parse the CSV"),
]


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [case[1:] for case in BAD_TABLES],
    ids=[case[0] for case in BAD_TABLES],
)
def test_bad_actor_tables_name_the_file_and_the_place(
    tmp_path: Path, content: str, where: str, message: str
) -> None:
    path = tmp_path / "bad-table.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CaseFileError) as err:
        read_actor_table(path)
    assert err.value.path == str(path)
    assert str(err.value).startswith(f"{path}: 1 problem\n")
    [(found_where, found_message)] = problems(err)
    assert found_where == where
    assert message in found_message


def test_actor_table_reports_every_problem_together(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(
        "# high: 50\n# colour: red\nActor,Capability,Position,Salience\n"
        "A,10,60,30\nA,-1,20,x\nB,1\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseFileError) as err:
        read_actor_table(path)
    assert [where for where, _ in problems(err)] == [
        "line 2",
        "line 4, column 3 (Position)",
        "line 5, column 1 (Actor)",
        "line 5, column 2 (Capability)",
        "line 5, column 4 (Salience)",
        "line 6",
    ]


@pytest.mark.parametrize(
    ("page", "fixture"),
    [("import-ktab.md", KTAB), ("import-actor-table.md", ACTORS)],
)
def test_the_how_to_pages_show_the_fixtures_as_they_are(page: str, fixture: Path) -> None:
    text = (ROOT / "docs" / "how-to" / page).read_text(encoding="utf-8")
    # Shown as plain text: Pygments has no CSV lexer, and Sphinx would warn.
    shown = re.findall(r"```text\n(.*?)```", text, re.DOTALL)
    assert fixture.read_text(encoding="utf-8") in shown
    assert fixture.relative_to(ROOT).as_posix() in text
