"""Expected-utility actor tables in CSV: one issue, and per actor a
capability, a position and a salience. The format is documented in
``docs/how-to/import-actor-table.md``.

Reading collects every problem it finds, each with its line (and column)
in the file, and raises one :class:`~positions.exceptions.CaseFileError`
listing them all; no partial case is ever returned.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from positions._issues import ScaleIssue
from positions._limits import shown
from positions._model import Case
from positions.exceptions import CaseFileError
from positions.formats import Format
from positions.formats._csv import (
    _ACTOR_COLUMNS,
    _META,
    _META_KEYS,
    _Actor,
    _build_case,
    _case_id,
    _check_case_id,
    _lines,
    _not_a_number,
    _number,
    _place,
    _Problems,
    _read_text,
    _records,
    _Row,
    _separator_hint,
    _unique_ids,
)

__all__ = ["read_actor_table"]


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


FORMAT = Format(
    name="actors",
    title="expected-utility actor table (CSV)",
    description="One issue's actors with their capability, position and salience, "
    "as the expected-utility literature tabulates them.",
    reader=read_actor_table,
    howto="how-to/import-actor-table",
)
