"""What the CSV readers share: KTAB spatial-model scenarios, expected-utility
actor tables and position-salience tables.

Each gives, per actor, a position and a salience per scale (the first two
a capability too), and each becomes a :class:`~positions.Case` with one
scale issue per dimension or row and one party and one position per actor.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from positions._issues import ScaleIssue, check_id
from positions._limits import number_from_text, shown
from positions._model import Case, Party, Position, Source, Stance
from positions.exceptions import CaseFileError, InvalidArgumentError, ModelError, Problem
from positions.formats.case import file_date

__all__: list[str] = []

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WHOLE = re.compile(r"\+?[0-9]+")
_POSITION_SUFFIX = re.compile(r"[\s_-]*position\s*$", re.IGNORECASE)
_SALIENCE_SUFFIX = re.compile(r"[\s_-]*salience\s*$", re.IGNORECASE)
_META = re.compile(r"^#\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")

#: The names KTAB scenario files use for the third column.
_POWER_NAMES = ("power", "influence", "capability")
#: The columns of an actor table.
_ACTOR_COLUMNS = ("actor", "capability", "position", "salience")
#: The metadata keys of an actor table.
_META_KEYS = ("description", "high", "issue", "low", "title", "unit")

_MTIME_NOTE = "date the file was last modified; the {what} gives none"


# ---------------------------------------------------------------------------
# Shared helpers


class _Row:
    """One CSV record: the line it starts on and its cells, stripped of
    surrounding blanks, with trailing empty cells dropped (KTAB ends its
    lines with a comma)."""

    __slots__ = ("cells", "line")

    def __init__(self, line: int, cells: Sequence[str]) -> None:
        stripped = [c.strip() for c in cells]
        while stripped and not stripped[-1]:
            stripped.pop()
        self.line = line
        self.cells = tuple(stripped)


class _Problems:
    """Problems found so far, each with its place in the file."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(Problem(where, message))

    def __bool__(self) -> bool:
        return bool(self.items)


def _place(line: int, column: int | None = None, name: str = "") -> str:
    if column is None:
        return f"line {line}"
    return f"line {line}, column {column}" + (f" ({name})" if name else "")


def _check_case_id(case_id: str | None) -> None:
    if case_id is not None:
        try:
            check_id("case_id", case_id)
        except ModelError as err:
            raise InvalidArgumentError(str(err)) from None


def _read_text(path: str | os.PathLike[str]) -> tuple[Path, str]:
    """The file's text, decoded as UTF-8 with or without a byte order mark."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise CaseFileError(file, [Problem("", f"cannot read the file: {reason}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        where = f"line {line} (byte {err.start})"
        message = "the file is not valid UTF-8: save it as UTF-8 (CSV UTF-8 in a spreadsheet)"
        raise CaseFileError(file, [Problem(where, message)]) from None
    if "\0" in text:
        # No name or number holds a NUL; the csv module would pass it on.
        nul = [
            Problem(f"line {n}, column {line.index(chr(0)) + 1}", "a NUL character is not text")
            for n, line in enumerate(_lines(text), start=1)
            if "\0" in line
        ]
        raise CaseFileError(file, nul)
    return file, text


def _modified(file: Path) -> str:
    """The day the file was last modified (UTC), as YYYY-MM-DD."""
    return file_date(file).isoformat()


def _records(
    lines: Sequence[str], first_line: int, problems: _Problems, delimiter: str = ","
) -> list[_Row] | None:
    """The non-blank CSV records of ``lines``, the first of which is line
    ``first_line`` of the file; ``None`` (and a problem) if the CSV is
    broken."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    rows: list[_Row] = []
    start = first_line
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.add(_place(first_line + reader.line_num - 1), f"cannot parse the CSV: {err}")
            return None
        if any(c.strip() for c in cells):
            rows.append(_Row(start, cells))
        start = first_line + reader.line_num
    return rows


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings, split as the csv module
    splits them (on ``\\n``, ``\\r`` and ``\\r\\n`` only)."""
    return list(io.StringIO(text, newline=""))


def _number(cell: str) -> float | None:
    """``cell`` as a number the model can hold, or ``None``."""
    if not _NUMBER.fullmatch(cell):
        return None
    try:
        return number_from_text(cell)
    except ValueError:
        return None


def _not_a_number(cell: str) -> str:
    if not cell:
        return "expected a number (the cell is empty)"
    expected = "a number"
    if _NUMBER.fullmatch(cell):
        try:
            number_from_text(cell)
        except ValueError as err:
            expected = str(err)
    return f"expected {expected} (got {shown(cell)})"


def _separator_hint(row: _Row) -> str:
    if len(row.cells) == 1 and (";" in row.cells[0] or "\t" in row.cells[0]):
        return (
            "; the file seems to separate its cells with ';' or tabs: "
            "save it with commas between cells"
        )
    return ""


def _sanitise(name: str) -> str:
    """An id made from ``name``: accents dropped, every run of other
    characters than letters, digits, '.', '_' and '-' replaced by '-'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", plain)
    s = re.sub(r"^[^A-Za-z0-9]+", "", s)
    return s.rstrip("-")


def _unique_ids(names: Iterable[str], fallback: str) -> list[str]:
    """Ids for ``names``, in order: sanitised, ``fallback-N`` for a name
    with nothing usable, and ``-2``, ``-3``... added where two would clash."""
    used: dict[str, int] = {}  # each id and the next suffix to try after it
    ids = []
    for n, name in enumerate(names, start=1):
        base = _sanitise(name) or f"{fallback}-{n}"
        candidate, k = base, used.get(base, 2)
        while candidate in used:
            candidate, k = f"{base}-{k}", k + 1
        if candidate != base:
            used[base] = k
        used[candidate] = 2
        ids.append(candidate)
    return ids


def _case_id(case_id: str | None, title: str, file: Path) -> str:
    if case_id is not None:
        return case_id
    return _sanitise(title) or _sanitise(file.stem) or "case"


class _Actor:
    """One actor as read from a row: name, note, capability, and a
    (position, salience) pair per issue."""

    __slots__ = ("capability", "line", "name", "note", "stances")

    def __init__(
        self,
        line: int,
        name: str,
        note: str,
        capability: float,
        stances: Sequence[tuple[float, float]],
    ) -> None:
        self.line = line
        self.name = name
        self.note = note
        self.capability = capability
        self.stances = tuple(stances)


def _build_case(
    file: Path,
    *,
    case_id: str,
    title: str,
    description: str,
    issues: Sequence[ScaleIssue],
    actors: Sequence[_Actor],
    about: tuple[str, str, str],
    problems: _Problems,
) -> Case:
    """The case, or a :class:`~positions.exceptions.CaseFileError` listing ``problems`` and any
    that the model's own checks find. ``about`` gives the source's id, its
    publisher, and what the file is (for the note on its date)."""
    if problems:
        raise CaseFileError(file, problems.items)
    source_id, publisher, what = about
    source = Source(
        source_id,
        title=title,
        publisher=publisher,
        date=_modified(file),
        note=_MTIME_NOTE.format(what=what),
    )
    date = dt.date.fromisoformat(source.date)
    parties = []
    positions = []
    for actor, party_id in zip(
        actors, _unique_ids((a.name for a in actors), "actor"), strict=True
    ):
        try:
            party = Party(party_id, name=actor.name, note=actor.note, capability=actor.capability)
            stances = [
                Stance(issue, ideal=x, salience=s)
                for issue, (x, s) in zip(issues, actor.stances, strict=True)
            ]
            position = Position(
                party_id,
                party=party,
                stances=stances,
                date=date,
                status="stated",
                source=source,
                locator=f"line {actor.line}",
            )
        except ModelError as err:  # pragma: no cover - unreachable: cells are checked first
            problems.add(_place(actor.line), str(err))
            continue
        parties.append(party)
        positions.append(position)
    if problems:  # pragma: no cover - unreachable: only the except adds one
        raise CaseFileError(file, problems.items)
    try:
        return Case(
            case_id,
            title=title,
            description=description,
            issues=issues,
            parties=parties,
            sources=[source],
            positions=positions,
        )
    except ModelError as err:  # pragma: no cover - unreachable: cells are checked first
        raise CaseFileError(file, [Problem("", str(err))]) from None


# ---------------------------------------------------------------------------
# KTAB scenarios


_SCENARIO_CELLS = ("scenario name", "description", "number of actors", "number of dimensions")


def _whole(row: _Row, k: int, problems: _Problems) -> int | None:
    if len(row.cells) <= k:
        return None
    cell = row.cells[k]
    where = _place(row.line, k + 1, _SCENARIO_CELLS[k])
    if not _WHOLE.fullmatch(cell):
        problems.add(where, f"expected a whole number (got {shown(cell)})")
        return None
    digits = cell.lstrip("+0")
    if len(digits) > 15:
        # Python converts at most a few thousand digits to an int; no count needs 16.
        problems.add(where, f"expected a whole number below 1e15 (got {shown(cell)})")
        return None
    n = int(digits or "0")
    if n < 1:
        problems.add(where, f"must be at least 1 (got {n})")
        return None
    return n


def _dimension_name(header: str) -> str:
    """The dimension a position column is about: its header without a
    trailing word "position" (the whole header if that leaves nothing)."""
    name = _POSITION_SUFFIX.sub("", header).strip()
    return name or header
