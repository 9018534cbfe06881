"""Fuzz tests of every reader: case files (TOML), GENIUS XML, KTAB scenarios
and actor tables (CSV); and the inputs that they found a reader to break on."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import positions
from positions.exceptions import CaseFileError

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


# ---------------------------------------------------------------------------
# What the fuzz tests found


def test_a_case_without_parties_or_issues_reads_back() -> None:
    """A GENIUS domain read without profiles has no parties: the case file
    written from it used to leave out the section, which the reader needs."""
    pytest.importorskip("defusedxml")
    case = positions.read_genius(DATA / "genius" / "market_domain.xml", [])
    assert case.parties == ()
    assert positions.loads_case(positions.dumps_case(case)) == case
    empty = positions.Case("empty", title="Empty", issues=[], parties=[])
    text = positions.dumps_case(empty)
    assert "parties = []" in text
    assert "issues = []" in text
    assert positions.loads_case(text) == empty


@pytest.mark.parametrize(
    ("encoding", "reason"),
    [
        ("UTF4e-324", "unknown encoding: UTF4e-324"),
        ("rot13", "'rot13' is not a text encoding"),
        ("shift_jis", "multi-byte encodings are not supported"),
        ("idna", "decoding with 'idna' codec failed"),
    ],
)
def test_a_genius_file_in_an_encoding_that_cannot_be_read_is_refused(
    tmp_path: Path, encoding: str, reason: str
) -> None:
    """The XML parser asks Python for the encoding a file declares; an
    unknown one, or one the parser cannot use, used to escape as a
    LookupError or ValueError."""
    pytest.importorskip("defusedxml")
    domain = (DATA / "genius" / "supply_domain.xml").read_bytes()
    path = tmp_path / "d_domain.xml"
    path.write_bytes(domain.replace(b'encoding="UTF-8"', f'encoding="{encoding}"'.encode()))
    with pytest.raises(CaseFileError) as info:
        positions.read_genius(path, [])
    assert info.value.path == str(path)
    (problem,) = info.value.problems
    assert problem.where == "line 1, column 21"
    assert problem.message.startswith(
        f"cannot read the file in the encoding {encoding!r} that it declares ({reason}"
    )
    assert problem.message.endswith("): save it as UTF-8")


def test_a_ktab_count_of_5000_digits_is_refused_at_its_cell(tmp_path: Path) -> None:
    """Python converts at most 4,300 digits to an int: a longer number of
    actors or dimensions used to escape as a ValueError."""
    text = (DATA / "tables" / "water-reform-ktab.csv").read_text(encoding="utf-8")
    path = tmp_path / "k.csv"

    def write(column: int, cell: str) -> None:
        rows = list(csv.reader(io.StringIO(text)))
        rows[0][column - 1] = cell
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    for column, name in ((3, "number of actors"), (4, "number of dimensions")):
        write(column, "9" * 5000)
        with pytest.raises(CaseFileError) as info:
            positions.read_ktab(path)
        (problem,) = info.value.problems
        assert problem.where == f"line 1, column {column} ({name})"
        assert problem.message.startswith("expected a whole number below 1e15 (got '999")
    write(3, "0" * 5000 + "5")  # leading zeros do not count
    assert len(positions.read_ktab(path).positions) == 5
