"""KTAB spatial-model (SMP) scenarios in CSV: one scale issue per
dimension, one party and one position per actor. The format is documented
in ``docs/how-to/import-ktab.md``.

Reading collects every problem it finds, each with its line (and column)
in the file, and raises one :class:`~positions.exceptions.CaseFileError`
listing them all; no partial case is ever returned.
"""

from __future__ import annotations

import os

from positions._issues import ScaleIssue
from positions._limits import shown
from positions._model import Case
from positions.exceptions import CaseFileError
from positions.formats import Format
from positions.formats._csv import (
    _POSITION_SUFFIX,
    _POWER_NAMES,
    _SALIENCE_SUFFIX,
    _Actor,
    _build_case,
    _case_id,
    _check_case_id,
    _dimension_name,
    _lines,
    _not_a_number,
    _number,
    _place,
    _Problems,
    _read_text,
    _records,
    _separator_hint,
    _unique_ids,
    _whole,
)

__all__ = ["read_ktab"]


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


FORMAT = Format(
    name="ktab",
    title="KTAB CSV",
    description="A KTAB spatial-model (SMP) scenario in CSV: actors with a power, "
    "and a position and a salience on each dimension.",
    reader=read_ktab,
    howto="how-to/import-ktab",
)
