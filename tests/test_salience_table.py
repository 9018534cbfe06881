"""Position-salience tables: one row per issue, p<actor> and s<actor>
columns, any delimiter, a missing-value code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import read_salience_table
from positions._cli import main
from positions.exceptions import CaseFileError, InvalidArgumentError

DATA = Path(__file__).parent / "data" / "tables" / "council-votes.csv"


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path, **kwargs: object) -> list[tuple[str, str]]:
    with pytest.raises(CaseFileError) as info:
        read_salience_table(path, **kwargs)  # type: ignore[arg-type]
    assert info.value.path == str(path)
    return [(p.where, p.message) for p in info.value.problems]


def test_the_fixture_reads_into_one_case() -> None:
    case = read_salience_table(DATA)
    assert case.id == "council-votes"
    assert [i.id for i in case.issues] == ["tariff", "quota", "subsidy"]
    scales = [i for i in case.issues if isinstance(i, positions.ScaleIssue)]
    assert [(i.low, i.high) for i in scales] == [(0, 100), (0, 100), (0, 10)]
    assert [p.id for p in case.positions] == ["North", "South", "East"]
    east = case.position("East")
    # East has no position on the quota: it takes no stance there.
    assert east.issue_ids == ("tariff", "subsidy")
    assert east.stance("subsidy").ideal == 5.0
    assert east.stance("subsidy").salience == 20.0
    assert east.stance("tariff").accept == case.issue("tariff").whole()
    ref, out = case.offer("reference-point"), case.offer("outcome")
    assert [(t.issue.id, t.value) for t in ref.terms] == [("tariff", 0.0), ("quota", 20.0)]
    assert [(t.issue.id, t.value) for t in out.terms] == [("tariff", 30.0), ("quota", 60.0)]
    # The compromise of the tariff: (10*80 + 60*40 + 35*50) / (80 + 40 + 50).
    assert positions.compromise(case.positions, "tariff") == pytest.approx(4950 / 170)
    assert case.sources[0].publisher == "position-salience table"


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_any_delimiter_is_found(tmp_path: Path, sep: str) -> None:
    text = sep.join(["issue", "pA", "sA", "pB", "sB"]) + "\n" + sep.join(["x", "1", "2", "3", "4"])
    case = read_salience_table(_write(tmp_path, text + "\n"))
    assert [p.stance("x").ideal for p in case.positions] == [1.0, 3.0]
    given = read_salience_table(_write(tmp_path, text, "u.csv"), delimiter=sep)
    assert [p.stance("x").salience for p in given.positions] == [2.0, 4.0]


def test_a_given_delimiter_and_missing_codes(tmp_path: Path) -> None:
    path = _write(tmp_path, "issue pA sA pB sB\nx 1 2 n/a n/a\ny 40 1 50 1\n")
    case = read_salience_table(path, delimiter=" ", missing=["n/a"], low=0, high=50)
    assert case.position("B").issue_ids == ("y",)
    x = case.issue("x")
    assert isinstance(x, positions.ScaleIssue)
    assert x.high == 50
    with pytest.raises(InvalidArgumentError, match="one character"):
        read_salience_table(path, delimiter=";;")
    with pytest.raises(InvalidArgumentError, match="low < high"):
        read_salience_table(path, low=5, high=5)


def test_a_header_without_delimiters_is_one_column(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "issue\nx\n")) == [
        ("line 1", "no actor: the table needs p<actor> and s<actor> columns")
    ]


def test_every_problem_of_a_table_at_once(tmp_path: Path) -> None:
    text = (
        "issue,low,high,pA,sA,pB,sB,reference,outcome\n"
        ",0,100,10,5,20,5,.,.\n"  # no issue name
        "y,0,100,ten,5,120,5,200,50\n"  # not a number; outside the scale twice
        "z,9,3,1,1,1,1,.,.\n"  # a scale the wrong way round
        "w,0,100,50,.,40,-1,.,.\n"  # a position without a salience; a negative one
        "v,x,100,50,5,40,5,.,.\n"  # a bound that is not a number (the default is used)
    )
    found = _problems(_write(tmp_path, text))
    wheres = [w for w, _ in found]
    assert ("line 2, column 1 (issue)", "the issue needs a name") in found
    assert any(w == "line 3, column 4 (pA)" for w in wheres)
    assert ("line 3, column 6 (pB)", "120 is outside the scale [0, 100]") in found
    assert ("line 3, column 8 (reference)", "200 is outside the scale [0, 100]") in found
    assert any(w == "line 4" and "low" in m for w, m in found)
    assert ("line 5, column 5 (sA)", "a position needs a salience (the cell is missing)") in found
    assert ("line 5, column 7 (sB)", "a salience is >= 0 (got -1)") in found
    assert any(w == "line 6, column 2 (low)" for w in wheres)


def test_header_problems(tmp_path: Path) -> None:
    found = _problems(_write(tmp_path, "name,pA,sA,pA,pB,issue,issue,x\nq,1,1,1,1,1,1,1\n"))
    messages = dict(found)
    assert messages["line 1, column 7 (issue)"] == "this column is given twice"
    assert messages["line 1, column 1 (name)"].startswith("expected issue, reference")
    assert messages["line 1, column 4 (pA)"] == "actor 'A' has two such columns"
    assert messages["line 1, column 5 (pB)"] == "no column sB beside it"
    assert "column 8 (x)" in " ".join(messages)
    assert _problems(_write(tmp_path, "pA,sA\n1,1\n", "n.csv")) == [
        ("line 1", "no 'issue' column")
    ]


def test_empty_tables(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "\n\n")) == [
        ("", "the file is empty: it needs a header row")
    ]
    assert _problems(_write(tmp_path, "issue,pA,sA\n", "h.csv")) == [
        ("line 1", "no issue: the table needs a row per issue")
    ]
    assert _problems(_write(tmp_path, 'issue,pA,sA\n"x,1,1\n', "q.csv"))[0][1].startswith(
        "cannot parse the CSV"
    )


def test_an_actor_with_no_weight_or_no_position(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "issue,pA,sA,pB,sB\nx,1,0,2,3\n")) == [
        ("line 1, column 2 (pA)", "actor 'A' gives every issue a salience of 0")
    ]
    case = read_salience_table(_write(tmp_path, "issue,pA,sA,pB,sB\nx,.,.,2,3\n", "o.csv"))
    assert [p.id for p in case.positions] == ["B"]
    assert [p.id for p in case.parties] == ["B"]
    assert case.offers == ()
    assert _problems(_write(tmp_path, "issue,pA,sA\nx,.,.\n", "e.csv")) == [
        ("line 1", "no actor has a position on any issue")
    ]


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "case.toml"
    assert main(["import", "salience", str(DATA), "-o", str(out)]) == 0
    assert positions.load_case(out) == read_salience_table(DATA)
    bad = _write(tmp_path, "issue pA sA\nx 1 n/a\n")
    assert main(["import", "salience", str(bad), "--delimiter", " ", "-o", str(out)]) == 1
    assert "'n/a'" in capsys.readouterr().err
    given = ["--delimiter", " ", "--missing", "n/a"]
    assert main(["import", "salience", str(bad), *given, "-o", str(out)]) == 1
    assert "a position needs a salience" in capsys.readouterr().err
    assert main(["import", "salience", str(DATA), "--scale", "0,10", "-o", str(out)]) == 0
    assert main(["import", "salience", str(DATA), "--scale", "5,5", "-o", str(out)]) == 2
    for scale in ("1,2,3", "a,b"):
        with pytest.raises(SystemExit) as info:
            main(["import", "salience", str(DATA), "--scale", scale, "-o", str(out)])
        assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


_CELLS = st.sampled_from(["", ".", "NA", "1", "50", "-3", "1e400", "x", "p", "sA", '"'])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(_CELLS, max_size=6), max_size=5),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["issue", "pA", "sA", "pB", "sB", "reference", "low", "junk"]),
)
def test_any_table_reads_or_is_refused_as_problems(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], sep: str, extra: str
) -> None:
    header = sep.join(["issue", "pA", "sA", extra])
    text = header + "\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    path = tmp_path_factory.mktemp("fuzz") / "t.csv"
    path.write_text(text, encoding="utf-8")
    problems: tuple[object, ...] = ()
    try:
        case = read_salience_table(path)
    except CaseFileError as err:
        problems = err.problems
        assert all(p.message for p in err.problems)  # noqa: PT017
    else:
        assert positions.loads_case(positions.dumps_case(case)) == case
    assert problems or case.positions
