"""Position-salience tables, as datasets of decisions publish them: one
row per issue, a column ``p<actor>`` of each actor's position and a column
``s<actor>`` of its salience, optionally the issue's reference point (the
status quo) and the outcome, any delimiter, and a code for a missing value.
Read into one case with a scale issue per row."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Sequence

from positions._issues import ScaleIssue
from positions._model import (
    Case,
    Offer,
    Outcome,
    Party,
    Position,
    ReferencePoint,
    Source,
    Stance,
    Term,
)
from positions.exceptions import CaseFileError, InvalidArgumentError, ModelError, Problem
from positions.formats import Format
from positions.formats._csv import (
    _MTIME_NOTE,
    _case_id,
    _check_case_id,
    _lines,
    _modified,
    _not_a_number,
    _number,
    _place,
    _Problems,
    _read_text,
    _records,
    _Row,
    _unique_ids,
)

#: The cells read as a missing value unless ``missing=`` says otherwise.
MISSING = ("", "NA", "N/A", ".", "-9", "-99", "999")
#: The delimiters tried, in order, when none is given.
DELIMITERS = (",", ";", "\t", "|")

_ISSUE = ("issue",)
_REFERENCE = ("reference", "ref", "status quo", "status_quo", "sq")
_OUTCOME = ("outcome",)
_BOUNDS = ("low", "high")
_ACTOR = re.compile(r"^([ps])[\s_:-]*(.+)$", re.IGNORECASE)


def _delimiter(header: str, given: str | None) -> str:
    if given is not None:
        if len(given) != 1 or given in "\r\n\"'":
            msg = f"a delimiter is one character other than a quote or a line end (got {given!r})"
            raise InvalidArgumentError(msg)
        return given
    counts = [(header.count(d), -k, d) for k, d in enumerate(DELIMITERS)]
    return max(counts)[2] if max(counts)[0] else ","


def read_salience_table(
    path: str | os.PathLike[str],
    *,
    delimiter: str | None = None,
    missing: Sequence[str] = MISSING,
    low: float = 0.0,
    high: float = 100.0,
    case_id: str | None = None,
) -> Case:
    """Read a position-salience table into a case.

    The first row names the columns: ``issue`` (the issue's name); for each
    actor, ``p<actor>`` (its position) and ``s<actor>`` (its salience), such
    as ``pFrance`` and ``sFrance``; and optionally ``reference`` (or
    ``ref``, ``sq``, ``status quo``: the issue's reference point),
    ``outcome``, and ``low`` and ``high`` (the issue's scale, default
    ``low`` to ``high`` as given here, 0 to 100). Each further row is one
    issue. A cell equal to one of ``missing`` (after surrounding blanks are
    dropped) has no value; an actor without a position on an issue takes no
    stance on it, and a position without a salience is a problem. With no
    ``delimiter``, the one of ``,``, ``;``, tab and ``|`` that the header row
    holds most is used.

    Each issue becomes a scale issue, each actor a party with one position
    (an ideal and a salience per issue it has a position on, no red line:
    the table gives none), as the table states them, cited to one source
    for the file dated the day it was last modified. The reference points
    and the outcomes, where the table gives them, are the case's
    :attr:`~positions.Case.references` (each a stated status quo) and
    :attr:`~positions.Case.outcomes` (each agreed at the value given; an
    issue whose outcome cell is missing has none), which forecasts are
    scored against; they are also two offers, ``reference-point`` and
    ``outcome``, so that every position's concession to each can be
    measured.

    Raises
    ------
    CaseFileError
        With every problem found, each with its line and column.
    InvalidArgumentError
        If ``case_id`` or ``delimiter`` is not valid, or ``low >= high``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from positions import read_salience_table
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "council.csv"
    ...     _ = path.write_text(
    ...         "issue;pNorth;sNorth;pSouth;sSouth;reference;outcome\\n"
    ...         "tariff;10;80;60;40;0;30\\n"
    ...         "quota;50;.;70;90;.;.\\n",
    ...         encoding="utf-8",
    ...     )
    ...     read_salience_table(path)
    Traceback (most recent call last):
      ...
    positions.exceptions.CaseFileError: ...council.csv: 1 problem
      line 3, column 3 (sNorth): a position needs a salience (the cell is missing)
    """
    _check_case_id(case_id)
    if not low < high:
        raise InvalidArgumentError(f"a scale needs low < high (got {low!r} and {high!r})")
    file, text = _read_text(path)
    lines = _lines(text)
    problems = _Problems()
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CaseFileError(file, [Problem("", "the file is empty: it needs a header row")])
    sep = _delimiter(lines[first], delimiter)
    rows = _records(lines[first:], first + 1, problems, sep)
    if rows is None:
        raise CaseFileError(file, problems.items)
    header, body = rows[0], rows[1:]
    names = [h.strip() for h in header.cells]
    columns = _columns(names, header.line, problems)
    if columns is None:
        raise CaseFileError(file, problems.items)
    issue_col, ref_col, out_col, low_col, high_col, actors = columns
    absent = {m.strip() for m in missing}

    def cell(row: _Row, k: int | None) -> str | None:
        if k is None or k >= len(row.cells) or row.cells[k] in absent:
            return None
        return row.cells[k]

    def number(row: _Row, k: int) -> float | None:
        value = cell(row, k)
        if value is None:
            return None
        x = _number(value)
        if x is None:
            problems.add(_place(row.line, k + 1, names[k]), _not_a_number(value))
        return x

    if not body:
        problems.add(_place(header.line), "no issue: the table needs a row per issue")
    issue_names = [cell(r, issue_col) or "" for r in body]
    for r, name in zip(body, issue_names, strict=True):
        if not name:
            problems.add(_place(r.line, issue_col + 1, "issue"), "the issue needs a name")
    issue_ids = _unique_ids(issue_names, "issue")
    issues: list[ScaleIssue | None] = []
    for r, issue_id, name in zip(body, issue_ids, issue_names, strict=True):
        lo = low if low_col is None else number(r, low_col)
        hi = high if high_col is None else number(r, high_col)
        lo = low if lo is None else lo
        hi = high if hi is None else hi
        try:
            issues.append(ScaleIssue(issue_id, low=lo, high=hi, label=name))
        except ModelError as err:
            problems.add(_place(r.line), str(err))
            issues.append(None)
    # Each actor's stances, and the reference point and outcome of each issue.
    stances: dict[str, list[Stance]] = {a: [] for a, _, _ in actors}
    terms: dict[str, list[Term]] = {"reference-point": [], "outcome": []}
    for r, issue in zip(body, issues, strict=True):
        for offer, col in (("reference-point", ref_col), ("outcome", out_col)):
            if col is None:
                continue
            k = col
            x = number(r, k)
            if x is not None and issue is not None:
                if issue.low <= x <= issue.high:
                    terms[offer].append(Term(issue, x))
                else:
                    where = _place(r.line, k + 1, names[k])
                    problems.add(
                        where, f"{x:g} is outside the scale [{issue.low:g}, {issue.high:g}]"
                    )
        for actor, pk, sk in actors:
            x, s = number(r, pk), number(r, sk)
            if x is None:
                continue
            if s is None:
                if cell(r, sk) is None:
                    where = _place(r.line, sk + 1, names[sk])
                    problems.add(where, "a position needs a salience (the cell is missing)")
                continue
            if issue is None:
                continue
            if not issue.low <= x <= issue.high:
                where = _place(r.line, pk + 1, names[pk])
                problems.add(where, f"{x:g} is outside the scale [{issue.low:g}, {issue.high:g}]")
                continue
            if s < 0:
                problems.add(_place(r.line, sk + 1, names[sk]), f"a salience is >= 0 (got {s:g})")
                continue
            stances[actor].append(Stance(issue, ideal=x, salience=s))
    for actor, pk, _ in actors:
        if stances[actor] and all(s.salience == 0 for s in stances[actor]):
            problems.add(
                _place(header.line, pk + 1, names[pk]),
                f"actor {actor!r} gives every issue a salience of 0",
            )
    if not problems and not any(stances.values()):
        problems.add(_place(header.line), "no actor has a position on any issue")
    if problems:
        raise CaseFileError(file, problems.items)
    title = file.stem
    source = Source(
        "table",
        title=title,
        publisher="position-salience table",
        date=_modified(file),
        note=_MTIME_NOTE.format(what="table"),
    )
    date = dt.date.fromisoformat(source.date)
    ids = _unique_ids((a for a, _, _ in actors), "actor")
    parties = [Party(pid, name=a) for (a, _, _), pid in zip(actors, ids, strict=True)]
    positions = [
        Position(
            party.id,
            party=party,
            stances=stances[a],
            date=date,
            status="stated",
            source=source,
            locator=f"columns p{a}, s{a}",
        )
        for (a, _, _), party in zip(actors, parties, strict=True)
        if stances[a]
    ]
    offers = [
        Offer(
            offer_id,
            terms=t,
            label="the reference point (status quo)"
            if offer_id == "reference-point"
            else "the outcome the table records",
            status="stated",
            source=source,
            date=date,
        )
        for offer_id, t in terms.items()
        if t
    ]
    outcomes = [
        Outcome("agreed", issue=term.issue, value=term.value, source=source, locator="outcome")
        for term in terms["outcome"]
    ]
    references = [
        ReferencePoint(term.issue, term.value, source=source, locator="reference")
        for term in terms["reference-point"]
    ]
    return Case(
        _case_id(case_id, title, file),
        title=title,
        issues=[i for i in issues if i is not None],
        parties=[p for p in parties if stances[p.name]],
        sources=[source],
        positions=positions,
        offers=offers,
        outcomes=outcomes,
        references=references,
    )


def _columns(
    names: Sequence[str], line: int, problems: _Problems
) -> tuple[int, int | None, int | None, int | None, int | None, list[tuple[str, int, int]]] | None:
    """Where each column is: the issue, the reference point, the outcome,
    the bounds, and each actor's position and salience columns."""
    lowered = [n.casefold() for n in names]

    known: set[int] = set()

    def find(options: Sequence[str]) -> int | None:
        found = [k for k, n in enumerate(lowered) if n in options]
        known.update(found)
        for k in found[1:]:
            problems.add(_place(line, k + 1, names[k]), "this column is given twice")
        return found[0] if found else None

    issue = find(_ISSUE)
    ref, out = find(_REFERENCE), find(_OUTCOME)
    lo, hi = find(_BOUNDS[:1]), find(_BOUNDS[1:])
    pos: dict[str, int] = {}
    sal: dict[str, int] = {}
    for k, name in enumerate(names):
        if k in known:
            continue
        m = _ACTOR.match(name)
        if m is None:
            problems.add(
                _place(line, k + 1, name),
                "expected issue, reference, outcome, low, high, or p<actor> and s<actor>",
            )
            continue
        kind, actor = m.group(1).lower(), m.group(2).strip()
        table = pos if kind == "p" else sal
        if actor in table:
            problems.add(_place(line, k + 1, name), f"actor {actor!r} has two such columns")
        table[actor] = k
    if issue is None:
        problems.add(_place(line), "no 'issue' column")
    for actor in sorted(pos.keys() ^ sal.keys()):
        at = pos[actor] if actor in pos else sal[actor]
        other = "s" if actor in pos else "p"
        problems.add(_place(line, at + 1, names[at]), f"no column {other}{actor} beside it")
    actors = [(a, pos[a], sal[a]) for a in pos if a in sal]
    if not actors and not problems:
        problems.add(_place(line), "no actor: the table needs p<actor> and s<actor> columns")
    if problems or issue is None:
        return None
    return issue, ref, out, lo, hi, actors


def _scale(text: str) -> tuple[float, float]:
    try:
        values = tuple(float(x) for x in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 2:
        raise argparse.ArgumentTypeError(f"expected two numbers LOW,HIGH: {text!r}")
    return values[0], values[1]


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the table to read (CSV, any delimiter)")
    parser.add_argument(
        "--delimiter",
        metavar="C",
        help="the delimiter (default: the one of , ; tab | the header holds most)",
    )
    parser.add_argument(
        "--missing",
        metavar="CODE",
        action="append",
        help="a cell that means no value (repeatable; default: empty, NA, N/A, ., -9, -99, 999)",
    )
    parser.add_argument(
        "--scale",
        metavar="LOW,HIGH",
        type=_scale,
        help="the scale of issues without low and high columns (default 0,100)",
    )


def _import_call(args: argparse.Namespace) -> Case:
    scale = args.scale or (0.0, 100.0)
    return read_salience_table(
        args.file,
        delimiter=args.delimiter,
        missing=MISSING if args.missing is None else args.missing,
        low=scale[0],
        high=scale[1],
    )


FORMAT = Format(
    name="salience",
    title="position-salience table",
    description="A table of decisions as EU-decision datasets publish them: one row per "
    "issue, p<actor> and s<actor> columns, and the reference point and outcome.",
    reader=read_salience_table,
    howto="how-to/import-salience-table",
    add_arguments=_import_arguments,
    import_call=_import_call,
)
