"""Reports: the results of the measures over a whole case, as plain data
(for JSON) and as tables (for text, Markdown and CSV).

Each report function returns a :class:`Report`; :func:`render` turns it
into text in one of :data:`FORMATS`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gc
import io
import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, ParamSpec, TypeAlias, TypeVar

import attrs

from positions._display import cell as _cell
from positions._engine import OutcomeSpace, evaluate
from positions._issues import Issue, ItemsIssue, Value
from positions._limits import MAX_SAMPLES, digits
from positions._measures import (
    IssueMovement,
    MeasureChoice,
    _check_p,
    _claims,
    _movement,
    _overlap,
    _same_issue,
    _union,
    _weights_rest_on,
    check_measure,
    issue_terms,
    measure_for,
)
from positions._measures import distance as _distance_of
from positions._model import STATUSES, Case, Claim, Position, Status, weakest
from positions._robustness import Choice, Conclusion
from positions._robustness import robustness as _robustness
from positions._select import (
    MAX_OUTCOMES,
    agreement_space,
    latest_per_party,
    pick_offers,
    pick_positions,
    position_pairs,
)
from positions._sensitivity import SalienceDraws, draws_from
from positions._sensitivity import sensitivity as _sensitivity
from positions._solutions import POINTS, WITHIN, Solution, offer_distance, solve_evaluated
from positions.exceptions import InvalidArgumentError, ModelError
from positions.formats.case import set_to_data

__all__ = [
    "FORMATS",
    "Report",
    "Table",
    "compare",
    "distances",
    "overlaps",
    "render",
    "sensitivity",
    "solve",
    "timeline",
]

Format: TypeAlias = Literal["table", "markdown", "json", "csv"]
FORMATS: tuple[Format, ...] = ("table", "markdown", "json", "csv")

Cell: TypeAlias = str | float | int | bool | None


@attrs.frozen
class Table:
    """A titled table of cells."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@attrs.frozen
class Report:
    """A report as plain data (``data``, for JSON), as tables for reading,
    and as one flat table for CSV. The data is for reading: rows may share
    the dicts and lists inside them (copy it before changing it)."""

    data: dict[str, Any]
    tables: tuple[Table, ...]
    flat: Table


def _measure_label(measure: MeasureChoice) -> str:
    if measure is None:
        return "default"
    if isinstance(measure, str):
        return measure
    return ",".join(f"{k}={v}" for k, v in sorted(measure.items()))


def _claims_data(claims: Iterable[Claim]) -> list[dict[str, str | None]]:
    return [c.to_dict() for c in claims]


def claims_text(
    claims: Sequence[Claim],
    positions: Iterable[Position] = (),
    *,
    names: bool = True,
    count: bool = False,
    counts: Mapping[str, int] | None = None,
) -> str:
    """The claims in a few words, weakest first and grouped by position and
    kind: ``city-2024: inferred accept(berths), salience(all 3)``;
    ``-`` when there are none. With ``names=False`` the position ids are
    left out (for a table about one position); with ``count=True`` only how
    many claims of each status each position has (for long lists; JSON has
    them all). ``counts`` (position id to its number of issues) may stand
    for ``positions``, for a caller that writes many such texts."""
    if not claims:
        return "-"
    if count:
        per = []
        for position in dict.fromkeys(c.position for c in claims):
            held = [c.status for c in claims if c.position == position]
            statuses = ", ".join(
                f"{held.count(st)} {st}" for st in reversed(STATUSES) if held.count(st)
            )
            per.append(f"{position}: {statuses}")
        return " | ".join(per)
    if counts is None:
        counts = {p.id: len(p.stances) for p in positions}
    # One pass: per position (in order of first appearance), per status,
    # the issues of each kind (kinds in order of first appearance).
    grouped: dict[str, dict[str, dict[str, list[str]]]] = {}
    for c in claims:
        by_status = grouped.get(c.position)
        if by_status is None:
            by_status = grouped[c.position] = {}
        kinds = by_status.get(c.status)
        if kinds is None:
            kinds = by_status[c.status] = {}
        issues = kinds.get(c.kind)
        if issues is None:
            kinds[c.kind] = [c.issue or ""]
        else:
            issues.append(c.issue or "")
    parts = []
    for position, by_status in grouped.items():
        groups = []
        for status in reversed(STATUSES):
            kinds = by_status.get(status)
            if not kinds:
                continue
            words = []
            for kind, issue_ids in kinds.items():
                if kind == "reservation":
                    words.append(kind)
                elif len(issue_ids) > 1 and len(issue_ids) == counts.get(position):
                    words.append(f"{kind}(all {len(issue_ids)})")
                else:
                    words.append(f"{kind}({', '.join(issue_ids)})")
            groups.append(f"{status} " + ", ".join(words))
        text = "; ".join(groups)
        parts.append(f"{position}: {text}" if names else text)
    return " | ".join(parts)


def _check_status(min_status: Status) -> None:
    if min_status not in STATUSES:
        msg = f"unknown status {min_status!r} (use one of {list(STATUSES)!r})"
        raise InvalidArgumentError(msg)


def _kept(claims: Iterable[Claim], min_status: Status) -> bool:
    """Whether a result resting on ``claims`` is kept when only results that
    rest on claims at least as strong as ``min_status`` are wanted."""
    return STATUSES.index(weakest(claims)) <= STATUSES.index(min_status)


def _filtered(data: dict[str, Any], min_status: Status, left_out: int) -> dict[str, Any]:
    return data | {"min_status": min_status, "left_out": left_out}


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _many_rows(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a report that builds a row per pair with the cyclic garbage
    collector paused. The rows form no reference cycles, so nothing is
    left uncollected, and the collector's passes over the rows already
    built would otherwise make each row cost more the larger the report."""

    @functools.wraps(build)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


#: What a compare row says when the offer settles none of the position's issues.
NOTHING_SETTLED = "the offer settles none of the position's issues"


def _value_key(value: Value) -> object:
    """A key under which equal values share their per-issue terms; a zero's
    sign is kept apart, so that ``-0.0`` never borrows the terms of ``0.0``."""
    if isinstance(value, float):
        return value if value else (value, math.copysign(1.0, value))
    if isinstance(value, tuple) and 0.0 in value:
        return (value, tuple(math.copysign(1.0, x) for x in value))
    return value


class _PositionClaims:
    """A position's claims that are not stated, found once: per issue its
    ideal and acceptable set, and what its weights and its reservation
    level rest on; each with its data, its CSV cells and the rank of its
    weakest status (0 for none)."""

    def __init__(self, position: Position) -> None:
        self.position = position
        per_issue = {
            i: [c for c in _claims(position, ("ideal", "accept"), (i,)) if c.status != "stated"]
            for i in position.issue_ids
        }
        self.claims = per_issue
        weights = [c for c in _weights_rest_on(position) if c.status != "stated"]
        reservation = [position.claim("reservation")] if position.reservation is not None else []
        self.weights = _Known(weights)
        self.reservation = _Known([c for c in reservation if c.status != "stated"])
        self.per_issue = {i: _Known(cs) for i, cs in per_issue.items()}
        #: Per issue, the data of its claims, as each row's ``rests_on`` per issue lists them.
        self.data = {i: k.data for i, k in self.per_issue.items()}


class _Known:
    """Some claims with their data, their CSV cells and the rank of the
    weakest (0 when there are none)."""

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        self.data = [c.to_dict() for c in claims]
        self.cells = [_claims_cell((c,)) for c in claims]
        self.rank = max((STATUSES.index(c.status) for c in claims), default=0)


class _Rests:
    """What a position's rows rest on for one set of settled issues: the
    claims that are not stated, as data and as text, per issue, and whether
    the row is kept; shared by every offer that settles the same issues.
    The rows share the claims' dicts (each row has its own lists).

    The claims are those ``rests_on`` keeps of the ideal and acceptable set
    of each settled issue, the saliences and, when every issue is settled,
    the ideals of all (already among them) and the reservation level: each
    (issue, kind) occurs once, so keeping the claims that are not stated,
    in that order, is all ``rests_on`` does here."""

    def __init__(
        self,
        known: _PositionClaims,
        settled: Sequence[str],
        complete: bool,
        text: Callable[[Sequence[Claim]], str],
        min_status: Status,
    ) -> None:
        parts = [known.per_issue[i] for i in settled]
        parts.append(known.weights)
        if complete:
            parts.append(known.reservation)
        self.kept = max(k.rank for k in parts) <= STATUSES.index(min_status)
        self.data = [d for k in parts for d in k.data]
        # Per settled issue, the data of its claims (each row copies the list).
        self.by_issue = known.data
        # The texts of a row that is left out are never shown.
        self.text = self.cell = ""
        if self.kept:
            self.text = text([c for k in parts for c in k.claims])
            self.cell = ";".join([c for k in parts for c in k.cells])
        self.covered = math.fsum(known.position.weight(i) for i in settled)


@_many_rows
def compare(
    case: Case,
    *,
    measure: MeasureChoice = None,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    min_status: Status = "inferred",
) -> Report:
    """Every position (or those named) against every offer (or those named).

    Each row says which claims that are not stated it rests on; with
    ``min_status`` only the rows resting on claims at least that strong are
    kept (``"stated"``: on stated claims only).

    The numbers are those of :func:`positions.assess`, bit for bit, but
    each position's per-issue terms are computed once per value the offers
    give the issue (as the batch engine does), and what a row rests on once
    per set of issues its offer settles, so the cost per position, offer and
    issue does not grow with the number of issues or offers.

    Examples
    --------
    >>> import positions
    >>> from positions._report import compare
    >>> r = compare(positions.load_case("harbour"), measure="count",
    ...             positions=["city-2024"], offers=["lease-only"])
    >>> r.data["rows"][0]["by_issue"]["berths"]["concession"]
    0.6666666666666666
    """
    check_measure(case.issues, measure)
    _check_status(min_status)
    label = _measure_label(measure)
    chosen = pick_offers(case, offers)
    rows: list[dict[str, Any]] = []
    tables = []
    issue_ids = [i.id for i in case.issues]
    column = {issue_id: 2 * k for k, issue_id in enumerate(issue_ids)}
    flat_rows: list[tuple[Cell, ...]] = []
    left_out = 0
    counts = {q.id: len(q.stances) for q in case.positions}

    def text(claims: Sequence[Claim]) -> str:
        return claims_text(claims, counts=counts, names=False)

    # Each offer's terms by issue, with the key of each term's value.
    keyed = {o.id: {t.issue.id: (t, _value_key(t.value)) for t in o.terms} for o in chosen}
    for p in pick_positions(case, positions):
        table_rows: list[tuple[Cell, ...]] = []
        stances = p.stances
        ids = p.issue_ids
        weights = [p.weight(i) for i in ids]
        measures = [measure_for(s.issue, measure) for s in stances]
        columns = [column[i] for i in ids]
        # Per stance, value key to (concession, shortfall, inside, value, entry).
        memo: list[dict[object, tuple[float, float, bool, float, dict[str, Any]]]] = [
            {} for _ in stances
        ]
        rests: dict[tuple[int, ...], _Rests] = {}
        known = _PositionClaims(p)
        reservation = p.reservation
        for o in chosen:
            settled = [(k, t) for k, t in enumerate(map(keyed[o.id].get, ids)) if t is not None]
            if not settled:
                # Nothing to measure: say so rather than report a concession of 0.
                rows.append(
                    {
                        "position": p.id,
                        "party": p.party.id,
                        "offer": o.id,
                        "measure": label,
                        "concession": None,
                        "shortfall": None,
                        "acceptable": None,
                        "covered": 0.0,
                        "complete": False,
                        "utility": None,
                        "reservation": reservation,
                        "offer_status": o.status,
                        "rests_on": [],
                        "by_issue": {},
                        "note": NOTHING_SETTLED,
                    }
                )
                table_rows.append((o.id, None, None, "-", 0.0, NOTHING_SETTLED, "-"))
                flat_rows.append(
                    (p.id, p.party.id, o.id, label, None, None, None, 0.0, "")
                    + (None, None) * len(issue_ids)
                )
                continue
            complete = len(settled) == len(ids)
            shape = tuple([k for k, _ in settled])
            r = rests.get(shape)
            if r is None:
                r = rests[shape] = _Rests(
                    known, [ids[k] for k in shape], complete, text, min_status
                )
            if not r.kept:
                # A mismatched issue is refused whether or not the row is kept.
                for k, (t, _) in settled:
                    _same_issue(stances[k].issue, t.issue)
                left_out += 1
                continue
            # Added left to right in the position's issue order, as assess does.
            conc = short = total = 0.0
            ok = True
            by_issue: dict[str, dict[str, Any]] = {}
            cells: list[Cell] = [None] * (2 * len(issue_ids))
            beyond = []
            for k, (t, key) in settled:
                stance = stances[k]
                _same_issue(stance.issue, t.issue)
                value = t.value
                issue_id = ids[k]
                got = memo[k].get(key)
                if got is None:
                    c, s, inside = issue_terms(stance, value, measures[k])
                    # The row's entry for the issue depends on the value
                    # only: the rows that give the issue this value share it.
                    entry = {
                        "weight": weights[k],
                        "concession": c,
                        "shortfall": s,
                        "acceptable": inside,
                        "measure": measures[k],
                        "rests_on": r.by_issue[issue_id],
                    }
                    v = stance.value(value, measure=measures[k])
                    got = memo[k][key] = (c, s, inside, v, entry)
                c, s, inside, v, entry = got
                w = weights[k]
                conc += w * c
                short += w * s
                total += w * v
                ok = ok and inside
                by_issue[issue_id] = entry
                j = columns[k]
                cells[j] = c
                cells[j + 1] = s
                if s > 0:
                    beyond.append(issue_id)
            utility = total if complete else None
            if complete and ok and reservation is not None:
                ok = total >= reservation
            rows.append(
                {
                    "position": p.id,
                    "party": p.party.id,
                    "offer": o.id,
                    "measure": label,
                    "concession": conc,
                    "shortfall": short,
                    "acceptable": ok,
                    "covered": r.covered,
                    "complete": complete,
                    "utility": utility,
                    "reservation": reservation,
                    "offer_status": o.status,
                    "rests_on": list(r.data),
                    "by_issue": by_issue,
                    "note": None,
                }
            )
            below = utility is not None and reservation is not None and utility < reservation
            table_rows.append(
                (
                    o.id,
                    conc,
                    short,
                    "yes" if ok else "no",
                    r.covered,
                    ", ".join(beyond) + (" (below reservation)" if below else ""),
                    r.text,
                )
            )
            flat_rows.append(
                (p.id, p.party.id, o.id, label, conc, short, ok, r.covered, r.cell, *cells)
            )
        date = p.date.isoformat() if p.date else "undated"
        if table_rows:
            tables.append(
                Table(
                    f"{p.id} ({p.party.id}, {date}, {p.status})",
                    (
                        "offer",
                        "conc.",
                        "short.",
                        "ok",
                        "cover",
                        "beyond red lines on",
                        "rests on (claims not stated)",
                    ),
                    tuple(table_rows),
                )
            )
    flat_headers = [
        "position",
        "party",
        "offer",
        "measure",
        "concession",
        "shortfall",
        "acceptable",
        "covered",
        "rests_on",
    ]
    for issue_id in issue_ids:
        flat_headers.extend([f"concession:{issue_id}", f"shortfall:{issue_id}"])
    data = _filtered({"case": case.id, "measure": label, "rows": rows}, min_status, left_out)
    return Report(data, tuple(tables), Table("compare", tuple(flat_headers), tuple(flat_rows)))


def _claims_cell(claims: Iterable[Claim]) -> str:
    """Claims for one CSV cell: ``position/claim.issue=status`` joined by
    ``;``."""
    return ";".join(f"{c.position}/{c.path}={c.status}" for c in claims)


@_many_rows
def overlaps(
    case: Case,
    *,
    measure: MeasureChoice = None,
    positions: Sequence[str] | None = None,
    min_status: Status = "inferred",
) -> Report:
    """The overlap of each pair of positions of different parties (or each
    pair of the positions named), with the claims that are not stated each
    verdict rests on (``min_status`` keeps only the pairs resting on claims
    at least that strong).

    Examples
    --------
    >>> import positions
    >>> from positions._report import overlaps
    >>> r = overlaps(positions.load_case("harbour"))
    >>> r.data["pairs"][0]["empty"], r.data["pairs"][0]["zone"]["years"]
    (False, [20.0, 25.0])
    """
    check_measure(case.issues, measure)
    _check_status(min_status)
    pairs = []
    rows = []
    flat_rows = []
    left_out = 0
    issues = {i.id: i for i in case.issues}
    counts = {q.id: len(q.stances) for q in case.positions}
    for a, b in position_pairs(case, positions):
        o = _overlap((a, b), _union((a, b)), measure)
        if not _kept(o.rests_on, min_status):
            left_out += 1
            continue
        pairs.append(
            {
                "positions": [a.id, b.id],
                "parties": [a.party.id, b.party.id],
                "empty": o.empty,
                "blocking": list(o.blocking),
                "gaps": {i.issue: (i.gap) for i in o.by_issue},
                "ratios": {i.issue: (i.ratio) for i in o.by_issue},
                "zone": {
                    i.issue: None
                    if i.intersection is None
                    else set_to_data(issues[i.issue], i.intersection)
                    for i in o.by_issue
                },
                "rests_on": _claims_data(o.rests_on),
                "issue_rests_on": {
                    i.issue: _claims_data(i.rests_on) for i in o.by_issue if i.rests_on
                },
            }
        )
        blocking = ", ".join(f"{i} ({o.issue(i).gap:.3f})" for i in o.blocking)
        zone = "empty" if o.empty else "exists"
        rows.append((a.id, b.id, zone, blocking or "-", claims_text(o.rests_on, counts=counts)))
        flat_rows.append((a.id, b.id, zone, blocking, _claims_cell(o.rests_on)))
    data = _filtered(
        {"case": case.id, "measure": _measure_label(measure), "pairs": pairs},
        min_status,
        left_out,
    )
    table = Table(
        "overlap",
        ("position", "position", "zone", "blocking issues (gap)", "rests on (claims not stated)"),
        tuple(rows),
    )
    flat = Table(
        "overlap",
        ("position", "position", "zone", "blocking", "rests_on"),
        tuple(flat_rows),
    )
    return Report(data, (table,), flat)


@_many_rows
def timeline(
    case: Case, *, measure: MeasureChoice = None, p: float = 1, min_status: Status = "inferred"
) -> Report:
    """Each party's movement between its successive dated positions, with
    per-issue direction relative to the latest position of each other party
    dated no later than the later position, and the claims that are not
    stated each movement rests on (``min_status`` keeps only the movements
    resting on claims at least that strong).

    Examples
    --------
    >>> import positions
    >>> from positions._report import timeline
    >>> r = timeline(positions.load_case("harbour"))
    >>> r.data["movements"]
    []
    """
    check_measure(case.issues, measure)
    _check_p(p)
    _check_status(min_status)
    movements = []
    rows = []
    flat_rows = []
    left_out = 0
    changes: list[tuple[Cell, ...]] = []
    for party in case.parties:
        mine = [q for q in case.positions_of(party.id) if q.date is not None]
        for earlier, later in itertools.pairwise(mine):
            assert later.date is not None
            others = [
                q
                for q in case.positions
                if q.party != party and q.date is not None and q.date <= later.date
            ]
            counterpart = max(others, key=lambda q: q.date or dt.date.min, default=None)
            m = _movement(earlier, later, counterpart, p, measure)
            if not _kept(m.rests_on, min_status):
                left_out += 1
                continue
            weights = {t.issue: t for t in m.distance.terms}
            movements.append(
                {
                    "party": party.id,
                    "earlier": earlier.id,
                    "later": later.id,
                    "from": earlier.date.isoformat() if earlier.date else None,
                    "to": later.date.isoformat(),
                    "distance": m.distance.value,
                    "covered": m.distance.covered,
                    "counterpart": m.towards,
                    "rests_on": _claims_data(m.rests_on),
                    "by_issue": {
                        i.issue: {
                            "weight": weights[i.issue].weight if i.issue in weights else None,
                            "distance": i.ideal_moved,
                            "change": i.change,
                            "ideal": i.ideal,
                            "red_line": i.red_line,
                            "gap_before": i.gap_before,
                            "gap_after": i.gap_after,
                            "rests_on": _claims_data(i.rests_on),
                        }
                        for i in m.by_issue
                    },
                }
            )
            rows.append(
                (
                    party.id,
                    str(earlier.date),
                    str(later.date),
                    m.distance.value,
                    m.towards or "-",
                    claims_text(m.rests_on, count=True),
                )
            )
            flat_rows.append(
                (
                    party.id,
                    earlier.id,
                    later.id,
                    str(earlier.date),
                    str(later.date),
                    m.distance.value,
                    m.towards or "",
                    _claims_cell(m.rests_on),
                )
            )
            changes.extend(
                (
                    party.id,
                    str(later.date),
                    i.issue,
                    _moved_text(i),
                    i.change,
                    "-" if i.red_line is None else i.red_line,
                    "-"
                    if i.gap_before is None or i.gap_after is None
                    else f"{i.gap_before:.3f} -> {i.gap_after:.3f}",
                )
                for i in m.changes
            )
    data = _filtered(
        {"case": case.id, "measure": _measure_label(measure), "p": p, "movements": movements},
        min_status,
        left_out,
    )
    table = Table(
        "timeline",
        ("party", "from", "to", "moved", "counterpart", "rests on (claims not stated)"),
        tuple(rows),
    )
    flat = Table(
        "timeline",
        ("party", "earlier", "later", "from", "to", "moved", "counterpart", "rests_on"),
        tuple(flat_rows),
    )
    detail = Table(
        "what changed (every issue whose ideal or red line changed, or that one position "
        "addresses and the other does not; towards/away: relative to the counterpart, by "
        "the gap between the red lines)",
        ("party", "to", "issue", "ideal", "red line", "relative", "gap before -> after"),
        tuple(changes),
    )
    return Report(data, (table, detail), flat)


def _moved_text(m: IssueMovement) -> str:
    """The ideal's change on one issue: how far, and which way."""
    if m.ideal_moved is None:
        return "-"
    if not m.ideal_moved:
        return "unchanged"
    way = "" if m.ideal is None or m.ideal == "unchanged" else f" {m.ideal}"
    return f"moved {m.ideal_moved:.3f}{way}"


def distances(
    case: Case,
    *,
    method: str = "minkowski",
    p: float = 1,
    measure: MeasureChoice = None,
    positions: Sequence[str] | None = None,
) -> Report:
    """The distance from every position (row) to every other (column).

    Examples
    --------
    >>> import positions
    >>> from positions._report import distances
    >>> r = distances(positions.load_case("harbour"), method="ktab")
    >>> r.data["positions"], [[round(x, 3) for x in row] for row in r.data["matrix"]]
    (['city-2024', 'operator-2024'], [[0.0, 0.876], [0.85, 0.0]])
    """
    chosen = pick_positions(case, positions)
    check_measure(case.issues, measure)
    matrix = [
        [_distance_of(a, b, method=method, p=p, measure=measure).value for b in chosen]
        for a in chosen
    ]
    data = {
        "case": case.id,
        "method": method,
        "p": p,
        "measure": _measure_label(measure),
        "positions": [q.id for q in chosen],
        "matrix": matrix,
    }
    headers = ("", "position", *(str(k + 1) for k in range(len(chosen))))
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (k + 1, q.id, *(f"{x:.3f}" for x in row))
        for k, (q, row) in enumerate(zip(chosen, matrix, strict=True))
    )
    title = f"distance from each position (row) to each other (column); method {method}"
    table = Table(title, headers, rows)
    return Report(data, (table,), table)


def _outcome_data(space: OutcomeSpace, index: int) -> dict[str, Value | str]:
    offer = space.offer(index)
    return {
        i.id: i.format_value(offer.value(i.id)) if isinstance(i, ItemsIssue) else offer.value(i.id)
        for i in space.issues
    }


def _red_lines_crossed(
    positions: Sequence[Position], space: OutcomeSpace, index: int
) -> list[dict[str, str]]:
    """The red lines (position, issue) outcome ``index`` lies outside."""
    offer = space.offer(index)
    return [
        {"position": p.id, "issue": s.issue.id}
        for p in positions
        for s in p.stances
        if not s.issue.contains(s.accept, offer.value(s.issue.id))
    ]


def _solution_data(
    solution: Solution, restricted: Sequence[Position], limit: int | None
) -> dict[str, Any]:
    """One set of solutions (within the zone, or over the rational
    outcomes) as plain data: the frontier (up to ``limit`` outcomes, saying
    how many were left out) and every point."""
    space, u = solution.space, solution.evaluation.utility

    def utilities(index: int) -> dict[str, float]:
        return {p.id: float(u[row, index]) for row, p in enumerate(restricted)}

    def point(index: int | None) -> dict[str, Any] | None:
        if index is None:
            return None
        return {
            "index": index,
            "outcome": _outcome_data(space, index),
            "utilities": utilities(index),
            "in_zone": bool(solution.evaluation.acceptable[:, index].all()),
            "red_lines_crossed": _red_lines_crossed(restricted, space, index),
        }

    front = [int(k) for k in solution.frontier]
    shown = front if limit is None else front[:limit]
    return {
        "frontier_size": len(front),
        "frontier": [
            {"index": k, "outcome": _outcome_data(space, k), "utilities": utilities(k)}
            for k in shown
        ],
        "frontier_left_out": len(front) - len(shown),
        "points": {name: point(getattr(solution, name)) for name in POINTS},
    }


def _offer_distances(
    case: Case,
    restricted: Sequence[Position],
    space: OutcomeSpace,
    solutions: dict[str, Solution],
    measure: MeasureChoice,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each offer of the case that settles every issue of the space, with
    its :func:`positions.offer_distance` within the zone and over the
    rational outcomes; and the ids of the offers left out (they leave an
    issue of the space open)."""
    complete = [o for o in case.offers if all(o.term(i.id) is not None for i in space.issues)]
    rows = []
    for offer in complete:
        entry: dict[str, Any] = {"offer": offer.id}
        for within, solution in solutions.items():
            d = offer_distance(solution, restricted, offer, measure=measure)
            entry["utilities"] = dict(zip((p.id for p in restricted), d.utilities, strict=True))
            entry[within] = {"to_frontier": d.to_frontier, "to_points": d.to_points}
        rows.append(entry)
    return rows, [o.id for o in case.offers if o not in complete]


def _number(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def solve(
    case: Case,
    *,
    positions: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
    measure: MeasureChoice = None,
    min_status: Status = "inferred",
    limit: int | None = None,
    max_outcomes: int = MAX_OUTCOMES,
) -> Report:
    """The solutions over the case's agreement space: the full grid of the
    issues named (default: the case's ``agreement_issues``, else every issue
    the positions address), with every value the case's ideals, red lines
    and offers use (:func:`positions._select.case_values`), for the
    positions named (default: the latest position of each party), each
    restricted to the issues of the space.

    Every point is computed twice: within the zone of agreement (every red
    line and reservation level honoured) and over every rational outcome
    (reservation levels only, NegMAS's semantics), where each point lists
    the red lines it crosses. Each offer that settles every issue of the
    space gets its distance, in utility space, to both frontiers and to
    every point. JSON lists each frontier in full, or its first ``limit``
    outcomes and how many were left out; the tables show at most ``limit``
    (default 10) outcomes of the frontier.

    Every point rests on every claim of the positions on those issues; each
    lists those that are not stated (``min_status`` keeps only the points,
    and predictions, resting on claims at least that strong).

    The size of the grid is counted before any of it is made, and a grid of
    more than ``max_outcomes`` outcomes is refused.

    Examples
    --------
    >>> import positions
    >>> from positions._report import solve
    >>> r = solve(positions.load_case("harbour"))
    >>> r.data["outcomes"], r.data["zone_size"], r.data["zone"]["points"]["nash"]["in_zone"]
    (576, 6, True)
    >>> crossed = r.data["rational"]["points"]["nash"]["red_lines_crossed"]
    >>> [f"{c['position']}/{c['issue']}" for c in crossed]
    ['city-2024/customs', 'operator-2024/berths', 'operator-2024/years']
    """
    _check_status(min_status)
    _check_limit("--max-outcomes", max_outcomes)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise InvalidArgumentError(f"limit must be a whole number >= 0 (got {limit!r})")
    chosen, space = agreement_space(
        case,
        positions,
        issues,
        shares=shares,
        scale_points=scale_points,
        max_outcomes=max_outcomes,
    )
    ids = [i.id for i in space.issues]
    try:
        restricted = [p.restricted(ids) for p in chosen]
    except ModelError as err:
        # The issues or positions named do not fit together: a usage error.
        msg = f"{err}: name issues it weighs with --issue, or other positions with --position"
        raise InvalidArgumentError(msg) from None
    check_measure(space.issues, measure)
    ev = evaluate(restricted, space, measure=measure)
    solutions: dict[str, Solution] = {
        w: solve_evaluated(restricted, space, ev, w) for w in WITHIN[::-1]
    }
    zoned = solutions["zone"]
    kept = _kept(zoned.rests_on, min_status)
    predictions = [pred for pred in zoned.predictions if _kept(pred.rests_on, min_status)]
    sections = {w: _solution_data(s, restricted, limit) for w, s in solutions.items()}
    offer_rows, incomplete = _offer_distances(case, restricted, space, solutions, measure)
    left_out = len(zoned.predictions) - len(predictions)
    if not kept:
        left_out += 2 * len(POINTS) + len(offer_rows)
        sections = {w: {"points": {}} for w in solutions}
        offer_rows = []
    capabilities = {p.id: p.party.capability for p in restricted}
    data: dict[str, Any] = {
        "case": case.id,
        "positions": [p.id for p in restricted],
        "issues": ids,
        "outcomes": len(space),
        "zone_size": int(zoned.zone.size),
        "red_line_zone_size": int(zoned.red_line_zone.size),
        "opposition": zoned.opposition,
        "capabilities": capabilities,
        "disagreement": {
            p.id: float(d) for p, d in zip(restricted, zoned.disagreement, strict=True)
        },
        "rests_on": _claims_data(zoned.rests_on),
        "zone": sections["zone"],
        "rational": sections["rational"],
        "offers": offer_rows,
        "offers_left_out": incomplete,
        "predictions": [
            attrs.asdict(pred, filter=lambda a, _: a.name != "rests_on")
            | {"rests_on": _claims_data(pred.rests_on)}
            for pred in predictions
        ],
    }
    data = _filtered(data, min_status, left_out)
    tables = _solve_tables(case, restricted, space, solutions, data, kept, limit)
    if predictions:
        tables.append(
            Table(
                "compromise prediction and weighted median of the ideals",
                ("issue", "compromise", "median", "rests on (claims not stated)"),
                tuple(
                    (
                        p.issue,
                        _show(case.issue(p.issue), p.compromise_value),
                        _show(case.issue(p.issue), p.median_value),
                        claims_text(p.rests_on, restricted),
                    )
                    for p in predictions
                ),
            )
        )
    cell = _claims_cell(zoned.rests_on)
    flat_rows: list[tuple[Cell, ...]] = []
    for within in ("zone", "rational"):
        for name, pt in data[within]["points"].items():
            if pt is None:
                flat_rows.append((within, name, None, None, None, None, cell))
                continue
            flat_rows.append(
                (
                    within,
                    name,
                    ";".join(f"{k}={v:.6g}" for k, v in pt["utilities"].items()),
                    pt["in_zone"],
                    ";".join(f"{c['position']}/{c['issue']}" for c in pt["red_lines_crossed"]),
                    ";".join(f"{k}={v}" for k, v in pt["outcome"].items()),
                    cell,
                )
            )
    flat = Table(
        "solutions",
        ("within", "point", "utilities", "in_zone", "red_lines_crossed", "outcome", "rests_on"),
        tuple(flat_rows),
    )
    return Report(data, tuple(tables), flat)


_POINT_NAMES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
    "asymmetric_nash": "asymmetric Nash",
}
_POINT_SHORT = {
    "nash": "Nash",
    "kalai_smorodinsky": "K-S",
    "egalitarian": "egal.",
    "utilitarian": "util.",
    "asymmetric_nash": "asym. Nash",
}
_WITHIN_TEXT = {
    "zone": "within the zone of agreement (every red line honoured)",
    "rational": "over every rational outcome (reservation levels only, as NegMAS; red lines "
    "may be crossed)",
}


def _crossed_text(crossed: Sequence[dict[str, str]]) -> str:
    if not crossed:
        return "none"
    per: dict[str, list[str]] = {}
    for c in crossed:
        per.setdefault(c["position"], []).append(c["issue"])
    return "; ".join(f"{p}: {', '.join(i)}" for p, i in per.items())


def _utilities_text(utilities: dict[str, float]) -> str:
    return ", ".join(f"{v:.3f}" for v in utilities.values())


def _points_tables(within: str, section: dict[str, Any], order: str) -> list[Table]:
    """The points of one section: their utilities (and, over the rational
    outcomes, the red lines they cross), then the outcome of each point,
    one row per issue."""
    points = {k: v for k, v in section["points"].items() if v is not None}
    if not points:
        empty = (
            "the zone of agreement is empty: no outcome of the space lies inside every red "
            "line and reservation level"
            if within == "zone"
            else "no outcome meets every reservation level"
        )
        return [Table(f"solutions {_WITHIN_TEXT[within]}", ("point", "note"), (("-", empty),))]
    rows: tuple[tuple[Cell, ...], ...]
    if within == "zone":
        headers: tuple[str, ...] = ("point", "utilities")
        rows = tuple((_POINT_NAMES[k], _utilities_text(v["utilities"])) for k, v in points.items())
    else:
        headers = ("point", "utilities", "red lines crossed")
        rows = tuple(
            (
                _POINT_NAMES[k],
                _utilities_text(v["utilities"]),
                _crossed_text(v["red_lines_crossed"]),
            )
            for k, v in points.items()
        )
    issues = list(next(iter(points.values()))["outcome"])
    where = "within the zone" if within == "zone" else "over the rational outcomes"
    outcomes = Table(
        f"the outcome of each point {where} (K-S: Kalai-Smorodinsky, egal.: egalitarian, util.: "
        "utilitarian, asym.: asymmetric)",
        ("issue", *(_POINT_SHORT[k] for k in points)),
        tuple((i, *(str(v["outcome"][i]) for v in points.values())) for i in issues),
    )
    return [Table(f"solutions {_WITHIN_TEXT[within]}{order}", headers, rows), outcomes]


def _solve_tables(
    case: Case,
    restricted: Sequence[Position],
    space: OutcomeSpace,
    solutions: dict[str, Solution],
    data: dict[str, Any],
    kept: bool,
    limit: int | None,
) -> list[Table]:
    zoned, rational = solutions["zone"], solutions["rational"]
    caps = data["capabilities"]
    if all(c is None for c in caps.values()):
        weights = "equal (no capabilities given), so the Nash point"
    elif all(c == 0 for c in caps.values()):
        weights = "none: every capability is 0, so there is no asymmetric Nash point"
    else:
        weights = (
            ", ".join(f"{k}={1.0 if v is None else v:g}" for k, v in caps.items())
            + " (the case's capabilities; 1 where none is given)"
        )
    summary = Table(
        f"agreement space: {', '.join(data['issues'])} ({len(space):,} outcomes)",
        ("", "value"),
        (
            ("positions", ", ".join(p.id for p in restricted)),
            ("zone of agreement (red lines and reservation levels)", data["zone_size"]),
            ("inside every red line", data["red_line_zone_size"]),
            ("Pareto frontier within the zone", int(zoned.frontier.size)),
            ("Pareto frontier of the rational outcomes", int(rational.frontier.size)),
            ("opposition (distance from the best for all)", _number(data["opposition"])),
            ("asymmetric Nash weights", weights),
            ("every point rests on (claims not stated)", claims_text(zoned.rests_on, restricted)),
        ),
    )
    tables = [summary]
    if not kept:
        return tables
    order = " (utilities in the order " + ", ".join(p.id for p in restricted) + ")"
    for within in ("zone", "rational"):
        tables.extend(_points_tables(within, data[within], order))
    within = "zone" if zoned.frontier.size else "rational"
    section = data[within]
    if section["frontier_size"]:
        where = "within the zone" if within == "zone" else "over the rational outcomes"
        shown = section["frontier"][: 10 if limit is None else limit]
        more = section["frontier_size"] - len(shown)
        tables.append(
            Table(
                f"Pareto frontier {where} ({section['frontier_size']:,} outcomes"
                + (f"; {more:,} more not shown: see --limit or --format json" if more else "")
                + ")"
                + order,
                ("utilities", "outcome"),
                tuple(
                    (
                        _utilities_text(f["utilities"]),
                        "; ".join(f"{k}={v}" for k, v in f["outcome"].items()),
                    )
                    for f in shown
                ),
            )
        )
    return tables + _offers_table(data, "utilities", order)


def _offers_table(data: dict[str, Any], head: str, order: str) -> list[Table]:
    """Each complete offer's distances in utility space, within the zone and
    over the rational outcomes (the Nash and utilitarian points here; every
    point in JSON)."""
    if not data["offers"]:
        return []

    def pair(o: dict[str, Any], *key: str) -> str:
        zone, rational = o["zone"], o["rational"]
        for k in key:
            zone, rational = zone[k], rational[k]
        return f"{_number(zone)} / {_number(rational)}"

    rows = tuple(
        (
            o["offer"],
            ", ".join(f"{v:.3f}" for v in o["utilities"].values()),
            pair(o, "to_frontier"),
            pair(o, "to_points", "nash"),
            pair(o, "to_points", "utilitarian"),
        )
        for o in data["offers"]
    )
    title = (
        "offers: distance in utility space, within the zone / over the rational outcomes "
        "(every point in JSON)" + order
    )
    if data["offers_left_out"]:
        n = len(data["offers_left_out"])
        title += f"; {n} {'offer leaves' if n == 1 else 'offers leave'} an issue open, left out"
    return [Table(title, ("offer", head, "to frontier", "to Nash", "to utilitarian"), rows)]


def sensitivity(
    case: Case,
    *,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    draws: int = 10_000,
    seed: int | None = None,
    concentration: float = 50.0,
    measure: MeasureChoice = None,
    salience_draws: SalienceDraws = "auto",
    max_samples: int = MAX_SAMPLES,
    client: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Monte Carlo over the saliences of the positions named (default: the
    latest position of each party), for every offer (or those named); on
    the cluster of ``client``, if given, with ``progress`` told of each
    block of draws done (see :func:`positions.sensitivity`).

    A run that would draw more than ``max_samples`` saliences in all (draws
    times the issues of the positions) is refused before anything is drawn.

    Examples
    --------
    >>> import positions
    >>> from positions._report import sensitivity
    >>> r = sensitivity(positions.load_case("harbour"), draws=200, seed=3)
    >>> r.data["offers"][0]["p_zone"]
    0.795
    """
    chosen = pick_positions(case, positions) if positions else latest_per_party(case)
    _check_limit("--max-samples", max_samples)
    weights = sum(len(p.stances) for p in chosen)
    if isinstance(draws, int) and draws * weights > max_samples:
        msg = (
            f"{draws:,} draws of {weights:,} saliences are {_count(draws * weights)} samples, "
            f"more than the limit of {max_samples:,}: use fewer --draws or positions, or raise "
            "the limit with --max-samples"
        )
        raise InvalidArgumentError(msg)
    result = _sensitivity(
        chosen,
        pick_offers(case, offers),
        draws=draws,
        seed=seed,
        concentration=concentration,
        measure=measure,
        salience_draws=salience_draws,
        client=client,
        progress=progress,
    )
    data = {
        "case": case.id,
        "draws": draws,
        "seed": seed,
        "concentration": concentration,
        "salience_draws": salience_draws,
        "draws_from": {p.id: draws_from(p, salience_draws) for p in chosen},
        "positions": [p.id for p in chosen],
        "offers": [attrs.asdict(o) for o in result.offers],
    }
    rows = []
    for o in result.offers:
        for r in o.by_position:
            rows.append(
                (
                    o.offer,
                    r.position,
                    r.p_acceptable,
                    r.concession_mean,
                    f"{r.concession_p05:.3f}-{r.concession_p95:.3f}",
                    o.p_zone,
                    r.draws_from,
                )
            )
    table = Table(
        f"sensitivity to the saliences ({draws:,} draws, concentration {concentration:g}, "
        f"seed {seed})",
        ("offer", "position", "P(ok)", "conc.", "5-95%", "P(zone)", "drawn by"),
        tuple(rows),
    )
    return Report(data, (table,), table)


def robustness(
    case: Case,
    *,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    solve: bool = True,
    issues: Sequence[str] | None = None,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
    draws: int = 1000,
    seed: int = 0,
    concentration: float = 50.0,
    salience_draws: SalienceDraws = "auto",
    max_combinations: int = 1024,
    measure: MeasureChoice = None,
    progress: Callable[[int, int], None] | None = None,
    max_samples: int = MAX_SAMPLES,
    client: Any = None,
) -> Report:
    """Which conclusions hold under every reading of the record and the
    redrawn saliences (see :func:`positions.robustness`; on the cluster of
    ``client``, if given).

    Examples
    --------
    >>> import positions
    >>> from positions._report import robustness
    >>> r = robustness(positions.load_case("harbour"), draws=0)
    >>> [(c["kind"], c["verdict"]) for c in r.data["conclusions"]][:2]
    [('overlap', 'all'), ('acceptable', 'all')]
    """
    result = _robustness(
        case,
        positions=positions,
        offers=offers,
        solve=solve,
        issues=issues,
        shares=shares,
        scale_points=scale_points,
        draws=draws,
        seed=seed,
        concentration=concentration,
        salience_draws=salience_draws,
        max_combinations=max_combinations,
        measure=measure,
        progress=progress,
        max_samples=max_samples,
        client=client,
    )
    conclusions = [
        {
            "kind": c.kind,
            "subject": list(c.subject),
            "statement": c.statement,
            "base": c.base,
            "verdict": c.verdict,
            "robust": c.robust,
            "holding": c.holding,
            "combinations": c.combinations,
            "total_combinations": c.total_combinations,
            "sampled": c.sampled,
            "flipped_by": [[x.to_dict() for x in flip] for flip in c.flipped_by],
            "p_min": c.p_min,
            "p_max": c.p_max,
            "rests_on": _claims_data(c.rests_on),
            "alternatives": [{"outcome": o, "combinations": n} for o, n in c.alternatives],
        }
        for c in result.conclusions
    ]
    data = {
        "case": case.id,
        "draws": draws,
        "seed": seed,
        "salience_draws": salience_draws,
        "concentration": concentration,
        "max_combinations": max_combinations,
        "readings": [x.to_dict() for x in result.readings],
        "conclusions": conclusions,
    }
    tables = []
    if result.readings:
        tables.append(
            Table(
                "alternative readings in the case (each can replace the main reading of "
                "one claim)",
                ("position", "claim", "reading", "status"),
                tuple((x.position, x.claim, x.reading, x.status) for x in result.readings),
            )
        )
    headings = {
        "overlap": "do the acceptable sets of each pair meet?",
        "acceptable": "is each offer acceptable to each position?",
        "zone": "is there a zone of agreement in the agreement space?",
        "nash": "the solution points of the agreement space",
    }
    where = f"share of {draws:,} salience draws (seed {seed})" if draws else "no salience draws"
    for kind, heading in headings.items():
        kinds = ("nash", "kalai_smorodinsky", "egalitarian") if kind == "nash" else (kind,)
        rows = tuple(
            (
                c.statement,
                "-" if kind == "nash" else "yes" if c.base else "no",
                _readings_text(c),
                "-" if c.p_min is None else f"{c.p_min:.3f}-{c.p_max:.3f}",
                "yes" if c.robust else "no",
                "; ".join(_flip_text(flip) for flip in c.flipped_by) or "-",
            )
            for c in result.conclusions
            if c.kind in kinds
        )
        if rows:
            tables.append(
                Table(
                    f"{heading} (main: under the main readings; p: {where} where it holds)",
                    ("conclusion", "main", "readings", "p", "robust", "flipped by"),
                    rows,
                )
            )
    flat = Table(
        "robustness",
        (
            "kind",
            "statement",
            "base",
            "verdict",
            "holding",
            "combinations",
            "total_combinations",
            "p_min",
            "p_max",
            "flipped_by",
        ),
        tuple(
            (
                c.kind,
                c.statement,
                c.base,
                c.verdict,
                c.holding,
                c.combinations,
                c.total_combinations,
                c.p_min,
                c.p_max,
                ";".join("+".join(str(x) for x in flip) for flip in c.flipped_by),
            )
            for c in result.conclusions
        ),
    )
    return Report(data, tuple(tables), flat)


def _flip_text(flip: Sequence[Choice]) -> str:
    """A set of readings in a few words, by position:
    ``p1: wide (reported) + lax (inferred)``."""
    parts = []
    for position in dict.fromkeys(x.position for x in flip):
        readings = " + ".join(f"{x.reading} ({x.status})" for x in flip if x.position == position)
        parts.append(f"{position}: {readings}")
    return " and ".join(parts)


def _readings_text(c: Conclusion) -> str:
    """How many of the combinations of readings evaluated the conclusion
    holds under, and whether they were a sample."""
    text = f"{c.holding}/{c.combinations}"
    if c.sampled:
        text += f" (sample of {c.total_combinations:,})"
    return text


def _check_limit(name: str, limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidArgumentError(f"{name} must be a positive integer (got {limit!r})")


def _count(n: int) -> str:
    """A count for a message: in full, or its number of digits when huge."""
    return f"{n:,}" if n < 10**30 else f"about 10^{digits(n) - 1}"


# ---------------------------------------------------------------------------
# Rendering


def _show(issue: Issue, x: Value) -> str:
    if isinstance(x, float):
        return f"{x:.4g}"
    return issue.format_value(x)


def _text_table(t: Table, width: int = 100) -> str:
    cells = [[_cell(c) for c in row] for row in t.rows]
    widths = [len(h) for h in t.headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    numeric = [
        all(isinstance(r[k], int | float) and not isinstance(r[k], bool) for r in t.rows)
        for k in range(len(t.headers))
    ]

    # Text columns wrap when the table is too wide: the last one first (down
    # to 20 characters), then the others, right to left, down to their
    # longest word, then down to 12 (a longer word breaks at its hyphens,
    # plus signs or underscores).
    def shrink(k: int, floor: int) -> None:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        if excess > 0 and not numeric[k]:
            widths[k] = max(min(widths[k], floor), widths[k] - excess)

    text = [k for k in range(len(widths)) if not numeric[k]]
    if text:
        shrink(text[-1], 20)
    for k in reversed(text):
        longest = max(len(w) for c in [t.headers[k], *(r[k] for r in cells)] for w in c.split())
        shrink(k, max(12, longest))
    for k in reversed(text):
        shrink(k, 12)

    def line(values: Sequence[str]) -> list[str]:
        wrapped = [_wrap(v, w) for v, w in zip(values, widths, strict=True)]
        out = []
        for n in range(max(len(x) for x in wrapped)):
            parts = [
                (x[n].rjust(w) if numeric[k] else x[n].ljust(w)) if n < len(x) else " " * w
                for k, (x, w) in enumerate(zip(wrapped, widths, strict=True))
            ]
            out.append("  ".join(parts).rstrip())
        return out

    lines = [*_wrap(t.title, width), *line(list(t.headers)), "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.extend(line(row))
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    words = []
    for word in text.split(" "):
        while len(word) > width:
            # Break after a hyphen, plus or underscore where there is one.
            cut = max(word.rfind(ch, 0, width) for ch in "-+_") + 1 or width
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    out, current = [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    return out


def _markdown_table(t: Table) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    lines = [
        f"### {esc(t.title)}",
        "",
        "| " + " | ".join(t.headers) + " |",
        "|" + "|".join("---" for _ in t.headers) + "|",
    ]
    lines.extend("| " + " | ".join(esc(_cell(c)) for c in row) + " |" for row in t.rows)
    return "\n".join(lines)


def _not_finite(data: Any, where: str) -> tuple[str, float] | None:
    """The place and value of the first number in ``data`` that is not
    finite, if any."""
    if isinstance(data, float):
        return None if math.isfinite(data) else (where, data)
    if isinstance(data, dict):
        items: Iterable[tuple[str, Any]] = ((f"{where}.{k}", v) for k, v in data.items())
    elif isinstance(data, list | tuple):
        items = ((f"{where}[{n}]", v) for n, v in enumerate(data))
    else:
        return None
    for place, value in items:
        found = _not_finite(value, place)
        if found is not None:
            return found
    return None


def check_finite(report: Report) -> None:
    """Raise :class:`~positions.exceptions.ModelError` if a number of the
    report is not finite: no NaN or infinity ever reaches the output.

    The model's limits on numbers keep every result of valid objects
    finite; this check makes sure of it where the numbers leave.

    Examples
    --------
    >>> from positions._report import check_finite, Report, Table
    >>> check_finite(Report({"rows": [{"value": float("nan")}]}, (), Table("t", (), ())))
    Traceback (most recent call last):
      ...
    positions.exceptions.ModelError: the result rows[0].value is not a finite number (nan)
    """
    parts: list[tuple[str, Any]] = [("", report.data)]
    parts.extend((f"table {t.title!r} row ", t.rows) for t in (*report.tables, report.flat))
    for where, data in parts:
        found = _not_finite(data, "")
        if found is not None:
            place, value = found
            msg = f"the result {where}{place.removeprefix('.')} is not a finite number ({value!r})"
            raise ModelError(msg)


def render(report: Report, fmt: Format) -> str:
    """The report as text in format ``fmt`` (one of :data:`FORMATS`).

    Raises
    ------
    ModelError
        If a number of the report is not finite (see :func:`check_finite`).
    """
    check_finite(report)
    if fmt == "json":
        return json.dumps(report.data, indent=2, ensure_ascii=False, allow_nan=False)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(report.flat.headers)
        for row in report.flat.rows:
            writer.writerow(["" if c is None else c for c in row])
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        return "\n\n".join(_markdown_table(t) for t in report.tables)
    if fmt == "table":
        return "\n\n".join(_text_table(t) for t in report.tables)
    msg = f"unknown format {fmt!r} (use one of {list(FORMATS)!r})"
    raise InvalidArgumentError(msg)
