"""Importing actor tables from CSV: KTAB spatial-model scenarios and
expected-utility actor tables.

Both formats give, per actor, a capability (KTAB calls it power), an ideal
point on one or more 0-100 (or ``low``-``high``) scales and a salience per
scale. They become a :class:`~positions.Case` with one scale issue per
dimension, one party per actor and one position per actor; the formats are
documented in ``docs/how-to/import-ktab.md`` and
``docs/how-to/import-actor-table.md``.

Reading collects every problem it finds, each with its line (and column)
in the file, and raises one :class:`~positions.exceptions.CaseFileError`
listing them all; no partial case is ever returned.
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

from positions._io import file_date
from positions._issues import ScaleIssue, check_id
from positions._limits import number_from_text, shown
from positions._model import Case, Party, Position, Source, Stance
from positions.exceptions import CaseFileError, InvalidArgumentError, ModelError, Problem

__all__ = ["read_actor_table", "read_ktab"]

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


def read_ktab(path: str | os.PathLike[str], *, case_id: str | None = None) -> Case:
    """Read a KTAB spatial-model (SMP) scenario from a CSV file.

    Line 1 holds the scenario's name, a description, the number of actors
    and the number of dimensions; line 2 the headers ``Actor``,
    ``Description``, ``Power`` (or ``Influence``), then a position and a
    salience column per dimension; then one row per actor. Positions and
    saliences lie in ``[0, 100]``; power is any number ``>= 0``.

    Each dimension becomes a scale issue on ``[0, 100]``, each actor a party
    (its power as capability) with one position (ideal and salience per
    dimension as given, no red line, no reservation level), cited to one
    source for the file dated the day the file was last modified. The
    format is described in ``docs/how-to/import-ktab.md``.

    Parameters
    ----------
    path
        The CSV file (UTF-8, with or without a byte order mark).
    case_id
        The case's id; by default made from the scenario's name.

    Raises
    ------
    CaseFileError
        With every problem found, each with its line (and column) in the
        file.
    InvalidArgumentError
        If ``case_id`` is not a valid id.

    Examples
    --------
    >>> from positions import read_ktab
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "tiny.csv"
    ...     _ = path.write_text(
    ...         "Tiny scenario,Two actors and one dimension,2,1,\\n"
    ...         "Actor,Description,Power,Tax Position,Tax Salience,\\n"
    ...         "Left,Left bloc,40,20,100,\\n"
    ...         "Right,Right bloc,60,80,50,\\n",
    ...         encoding="utf-8",
    ...     )
    ...     case = read_ktab(path)
    >>> case.id, case.issues[0].id, case.issues[0].high
    ('Tiny-scenario', 'Tax', 100.0)
    >>> [(p.party.id, p.party.capability, p.stance("Tax").salience) for p in case.positions]
    [('Left', 40.0, 100.0), ('Right', 60.0, 50.0)]
    """
    _check_case_id(case_id)
    file, text = _read_text(path)
    problems = _Problems()
    rows = _records(_lines(text), 1, problems)
    if rows is None:
        raise CaseFileError(file, problems.items)
    if not rows:
        problems.add("line 1", "the file is empty")
        raise CaseFileError(file, problems.items)

    # Line 1: name, description, number of actors, number of dimensions.
    first = rows[0]
    if first.cells and first.cells[0].casefold() == "actor":
        problems.add(
            _place(first.line),
            "expected the scenario line (name, description, number of actors, number of "
            "dimensions) before the header; found the header",
        )
        raise CaseFileError(file, problems.items)
    if len(first.cells) != 4:
        problems.add(
            _place(first.line),
            "expected 4 cells (scenario name, description, number of actors, number of "
            f"dimensions), got {len(first.cells)}" + _separator_hint(first),
        )
    name = first.cells[0] if first.cells else ""
    if not name:
        problems.add(_place(first.line, 1, "scenario name"), "the scenario needs a name")
    description = first.cells[1] if len(first.cells) > 1 else ""
    n_actors = _whole(first, 2, problems)
    n_dims = _whole(first, 3, problems)

    # Line 2: the header.
    if len(rows) < 2:
        problems.add(_place(first.line + 1), "missing header row (Actor, Description, Power, ...)")
        raise CaseFileError(file, problems.items)
    header = rows[1]
    cells = header.cells
    if not cells or cells[0].casefold() != "actor":
        found = ", ".join(repr(c) for c in cells[:4])
        problems.add(
            _place(header.line),
            "missing header row: expected Actor, Description, Power, then a position and a "
            f"salience column per dimension (found {found})" + _separator_hint(header),
        )
        raise CaseFileError(file, problems.items)
    if len(cells) < 2 or cells[1].casefold() != "description":
        got = repr(cells[1]) if len(cells) > 1 else "nothing"
        problems.add(_place(header.line, 2), f"expected the column 'Description' (got {got})")
    if len(cells) < 3 or cells[2].casefold() not in _POWER_NAMES:
        got = repr(cells[2]) if len(cells) > 2 else "nothing"
        problems.add(_place(header.line, 3), f"expected the column 'Power' (got {got})")
    rest = cells[3:]
    if not rest or len(rest) % 2:
        problems.add(
            _place(header.line),
            "after Power, expected a position and a salience column per dimension "
            f"(found {len(rest)} column{'s' if len(rest) != 1 else ''})",
        )
        raise CaseFileError(file, problems.items)
    columns = list(cells)
    dim_names: list[str] = []
    dims_seen: set[str] = set()
    for k in range(0, len(rest), 2):
        pos_col, sal_col = 4 + k, 5 + k
        dim = _dimension_name(rest[k])
        if not dim:
            problems.add(
                _place(header.line, pos_col),
                "a position column needs a header naming its dimension",
            )
            dim = f"dimension {k // 2 + 1}"
        elif dim in dims_seen:
            problems.add(
                _place(header.line, pos_col, rest[k]), f"duplicate dimension {shown(dim)}"
            )
        sal = rest[k + 1]
        if _SALIENCE_SUFFIX.search(rest[k]):
            what = "the salience column" if _POSITION_SUFFIX.search(sal) else "a salience column"
            problems.add(
                _place(header.line, pos_col, rest[k]),
                f"expected a position column here, found {what}: each dimension needs its "
                "position column, then its salience column",
            )
        elif _POSITION_SUFFIX.search(sal):
            problems.add(
                _place(header.line, sal_col, sal),
                f"expected the salience column of dimension {dim!r}, found a position column",
            )
        elif _SALIENCE_SUFFIX.search(sal):
            about = _SALIENCE_SUFFIX.sub("", sal).strip()
            if about and about.casefold() != dim.casefold():
                problems.add(
                    _place(header.line, sal_col, sal),
                    f"the salience column after the position of {dim!r} is about {about!r}",
                )
        dim_names.append(dim)
        dims_seen.add(dim)
        columns[pos_col - 1] = rest[k] or f"position {k // 2 + 1}"
        columns[sal_col - 1] = sal or f"salience {k // 2 + 1}"
    if n_dims is not None and n_dims != len(dim_names):
        problems.add(
            _place(first.line, 4, "number of dimensions"),
            f"says {n_dims} dimension{'s' if n_dims != 1 else ''}, but the header on line "
            f"{header.line} has {len(dim_names)} (pairs of position and salience columns)",
        )
    data = rows[2:]
    if n_actors is not None and n_actors != len(data):
        problems.add(
            _place(first.line, 3, "number of actors"),
            f"says {n_actors} actor{'s' if n_actors != 1 else ''}, but the file has "
            f"{len(data)} actor row{'s' if len(data) != 1 else ''}",
        )

    # The actors.
    actors: list[_Actor] = []
    seen: dict[str, int] = {}
    for row in data:
        if len(row.cells) != len(cells):
            problems.add(
                _place(row.line),
                f"expected {len(cells)} columns, as in the header on line {header.line} "
                f"(got {len(row.cells)})",
            )
            continue
        before = len(problems.items)
        actor = row.cells[0]
        if not actor:
            problems.add(_place(row.line, 1, columns[0]), "the actor needs a name")
        elif actor in seen:
            problems.add(
                _place(row.line, 1, columns[0]),
                f"duplicate actor {shown(actor)} (first on line {seen[actor]})",
            )
        else:
            seen[actor] = row.line
        power = _number(row.cells[2])
        if power is None:
            problems.add(_place(row.line, 3, columns[2]), _not_a_number(row.cells[2]))
        elif power < 0:
            problems.add(_place(row.line, 3, columns[2]), f"must be >= 0 (got {row.cells[2]})")
        stances: list[tuple[float, float]] = []
        for k in range(len(dim_names)):
            pair = []
            for j in (3 + 2 * k, 4 + 2 * k):
                x = _number(row.cells[j])
                where = _place(row.line, j + 1, columns[j])
                if x is None:
                    problems.add(where, _not_a_number(row.cells[j]))
                elif not 0 <= x <= 100:
                    problems.add(where, f"must lie in [0, 100] (got {row.cells[j]})")
                pair.append(0.0 if x is None else x)
            stances.append((pair[0], pair[1]))
        if len(problems.items) == before:
            if not any(s > 0 for _, s in stances):
                problems.add(
                    _place(row.line),
                    f"every salience of {actor!r} is 0: an actor needs a positive salience "
                    "on at least one dimension",
                )
                continue
            assert power is not None
            actors.append(_Actor(row.line, actor, row.cells[1], power, stances))

    issues: list[ScaleIssue] = []
    if not problems:
        issue_ids = _unique_ids(dim_names, "dimension")
        issues = [
            ScaleIssue(i, 0, 100, label=d) for i, d in zip(issue_ids, dim_names, strict=True)
        ]
    title = name or file.stem
    return _build_case(
        file,
        case_id=_case_id(case_id, title, file),
        title=title,
        description=description,
        issues=issues,
        actors=actors,
        about=("ktab-scenario", "KTAB scenario file", "scenario"),
        problems=problems,
    )


# ---------------------------------------------------------------------------
# Expected-utility actor tables


def _metadata(lines: Sequence[str], problems: _Problems) -> tuple[dict[str, tuple[int, str]], int]:
    """The ``# key: value`` lines before the header, and how many lines
    (metadata, comments and blank lines) come before it."""
    meta: dict[str, tuple[int, str]] = {}
    k = 0
    for k, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        m = _META.match(s)
        if m is None:
            continue  # a comment
        key, value = m[1].lower(), m[2].strip()
        if key not in _META_KEYS:
            problems.add(
                _place(k + 1),
                f"unknown metadata key {m[1]!r} (known: {', '.join(_META_KEYS)})",
            )
        elif key in meta:
            problems.add(_place(k + 1), f"{key!r} is given twice (first on line {meta[key][0]})")
        else:
            meta[key] = (k + 1, value)
    else:
        k = len(lines)
    return meta, k


def read_actor_table(path: str | os.PathLike[str], *, case_id: str | None = None) -> Case:
    """Read an expected-utility actor table (one issue) from a CSV file.

    The header row names the columns ``Actor``, ``Capability``,
    ``Position`` and ``Salience`` (in any order, in any case); each further
    row is one actor. Lines before the header that start with ``#`` may
    give metadata as ``# key: value``: ``issue`` (the issue's name, default
    "issue"), ``low`` and ``high`` (its range, default 0 and 100), ``unit``,
    ``title`` and ``description`` (of the case). Other ``#`` lines are
    comments.

    Positions must lie in ``[low, high]``; capabilities must be ``>= 0``
    and saliences ``> 0`` (kept as given, on any scale). The issue becomes
    a scale issue, each actor a party with its capability and one position
    (ideal and salience as given, no red line), cited to one source for the
    file dated the day the file was last modified. The format is described
    in ``docs/how-to/import-actor-table.md``.

    Parameters
    ----------
    path
        The CSV file (UTF-8, with or without a byte order mark).
    case_id
        The case's id; by default made from the title (which defaults to
        the file's name without its extension).

    Raises
    ------
    CaseFileError
        With every problem found, each with its line (and column) in the
        file.
    InvalidArgumentError
        If ``case_id`` is not a valid id.

    Examples
    --------
    >>> from positions import read_actor_table
    >>> import pathlib, tempfile
    >>> import positions
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "tariff.csv"
    ...     _ = path.write_text(
    ...         "# issue: Tariff\\n"
    ...         "# high: 20\\n"
    ...         "Actor,Capability,Position,Salience\\n"
    ...         "North,60,5,80\\n"
    ...         "South,40,15,50\\n",
    ...         encoding="utf-8",
    ...     )
    ...     case = read_actor_table(path)
    >>> case.id, case.issues[0].id, case.issues[0].high
    ('tariff', 'Tariff', 20.0)
    >>> round(positions.compromise(case.positions, "Tariff"), 4)  # 54000 / 6800
    7.9412
    """
    _check_case_id(case_id)
    file, text = _read_text(path)
    problems = _Problems()
    lines = _lines(text)
    meta, skip = _metadata(lines, problems)
    rows = _records(lines[skip:], skip + 1, problems)
    if rows is None:
        raise CaseFileError(file, problems.items)

    # The metadata.
    def text_of(key: str, default: str) -> str:
        return meta[key][1] if key in meta else default

    def bound(key: str, default: float) -> float | None:
        if key not in meta:
            return default
        line, cell = meta[key]
        x = _number(cell)
        if x is None:
            problems.add(_place(line), f"{key!r}: {_not_a_number(cell)}")
        return x

    issue_name = text_of("issue", "issue")
    if not issue_name:
        problems.add(_place(meta["issue"][0]), "'issue': the issue needs a name")
        issue_name = "issue"
    low, high = bound("low", 0.0), bound("high", 100.0)
    if low is not None and high is not None and not low < high:
        bad_line = meta["high"][0] if "high" in meta else meta["low"][0]
        problems.add(_place(bad_line), f"needs low < high (got low={low:g}, high={high:g})")
        low = high = None
    unit = text_of("unit", "")
    title = text_of("title", "") or file.stem
    description = text_of("description", "")

    # The header.
    if not rows:
        if not problems:
            what = "the file is empty" if not text.strip() else "missing header row"
            problems.add(_place(max(skip, 1)), what + " (Actor, Capability, Position, Salience)")
        raise CaseFileError(file, problems.items)
    header = rows[0]
    names = [c.casefold() for c in header.cells]
    if not set(names) & set(_ACTOR_COLUMNS):
        found = ", ".join(repr(c) for c in header.cells[:4])
        problems.add(
            _place(header.line),
            "missing header row: expected the columns Actor, Capability, Position and "
            f"Salience, in any order (found {found})" + _separator_hint(header),
        )
        raise CaseFileError(file, problems.items)
    index: dict[str, int] = {}
    usable = True
    for j, (title_cell, name) in enumerate(zip(header.cells, names, strict=True)):
        where = _place(header.line, j + 1, title_cell)
        if name not in _ACTOR_COLUMNS:
            known = ", ".join(c.capitalize() for c in _ACTOR_COLUMNS)
            problems.add(where, f"unknown column (expected {known})")
        elif name in index:
            problems.add(where, f"the column {shown(title_cell)} appears twice")
            usable = False
        else:
            index[name] = j
    missing = [c.capitalize() for c in _ACTOR_COLUMNS if c not in index]
    if missing:
        problems.add(
            _place(header.line),
            f"missing column{'s' if len(missing) > 1 else ''} " + ", ".join(missing),
        )
        usable = False
    if not usable:
        raise CaseFileError(file, problems.items)
    if len(rows) < 2:
        problems.add(_place(header.line), "no actors: the table needs a row per actor")

    # The actors.
    actors: list[_Actor] = []
    seen: dict[str, int] = {}
    for row in rows[1:]:
        if row.cells and row.cells[0].startswith("#"):
            problems.add(
                _place(row.line), "metadata and comment lines must come before the header"
            )
            continue
        if len(row.cells) != len(header.cells):
            problems.add(
                _place(row.line),
                f"expected {len(header.cells)} columns, as in the header on line {header.line} "
                f"(got {len(row.cells)})",
            )
            continue
        before = len(problems.items)

        def cell_at(column: str, row: _Row = row) -> tuple[str, str]:
            j = index[column]
            return row.cells[j], _place(row.line, j + 1, header.cells[j])

        actor, where = cell_at("actor")
        if not actor:
            problems.add(where, "the actor needs a name")
        elif actor in seen:
            problems.add(where, f"duplicate actor {shown(actor)} (first on line {seen[actor]})")
        else:
            seen[actor] = row.line
        values: dict[str, float] = {}
        for column in ("capability", "position", "salience"):
            raw, where = cell_at(column)
            x = _number(raw)
            if x is None:
                problems.add(where, _not_a_number(raw))
                continue
            if column == "position":
                if low is not None and high is not None and not low <= x <= high:
                    problems.add(where, f"must lie in [{low:g}, {high:g}] (got {raw})")
            elif column == "capability" and x < 0:
                problems.add(where, f"must be >= 0 (got {raw})")
            elif column == "salience" and x <= 0:
                message = (
                    f"must be > 0 (got {raw}): an actor to whom the issue does not matter "
                    "takes no position on it; leave the row out"
                    if x == 0
                    else f"must be > 0 (got {raw})"
                )
                problems.add(where, message)
            values[column] = x
        if len(problems.items) == before:
            actors.append(
                _Actor(
                    row.line,
                    actor,
                    "",
                    values["capability"],
                    [(values["position"], values["salience"])],
                )
            )

    issues: list[ScaleIssue] = []
    if not problems:
        assert low is not None
        assert high is not None
        issue_id = _unique_ids([issue_name], "issue")[0]
        issues = [ScaleIssue(issue_id, low, high, unit=unit, label=issue_name)]
    return _build_case(
        file,
        case_id=_case_id(case_id, title, file),
        title=title,
        description=description,
        issues=issues,
        actors=actors,
        about=("actor-table", "CSV actor table", "table"),
        problems=problems,
    )
