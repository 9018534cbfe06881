"""Reports: the results of the measures over a whole case, as plain data
(for JSON) and as tables (for text, Markdown and CSV).

Each report function returns a :class:`Report`; :func:`render` turns it
into text in one of :data:`FORMATS`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any, Literal, TypeAlias

import attrs

from positions._engine import OutcomeSpace, grid_shape
from positions._io import set_to_data
from positions._issues import ItemsIssue
from positions._limits import MAX_OUTCOMES, MAX_SAMPLES, digits
from positions._measures import (
    MeasureChoice,
    _assess,
    _check_p,
    _movement,
    _overlap,
    _union,
    check_measure,
)
from positions._measures import distance as _distance_of
from positions._model import Case, Offer, Position
from positions._sensitivity import sensitivity as _sensitivity
from positions._solutions import solve as _solve
from positions.exceptions import InvalidArgumentError, ModelError

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
    and as one flat table for CSV."""

    data: dict[str, Any]
    tables: tuple[Table, ...]
    flat: Table


def _measure_label(measure: MeasureChoice) -> str:
    if measure is None:
        return "default"
    if isinstance(measure, str):
        return measure
    return ",".join(f"{k}={v}" for k, v in sorted(measure.items()))


def _pick_positions(case: Case, ids: Sequence[str] | None) -> list[Position]:
    if not ids:
        return list(case.positions)
    return [_get(case.position, "position", i) for i in ids]


def _pick_offers(case: Case, ids: Sequence[str] | None) -> list[Offer]:
    if not ids:
        return list(case.offers)
    return [_get(case.offer, "offer", i) for i in ids]


def _get(finder: Any, kind: str, key: str) -> Any:
    try:
        return finder(key)
    except KeyError:
        msg = f"the case has no {kind} {key!r}"
        raise InvalidArgumentError(msg) from None


def compare(
    case: Case,
    *,
    measure: MeasureChoice = None,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
) -> Report:
    """Every position (or those named) against every offer (or those named).

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
    rows = []
    tables = []
    issue_ids = [i.id for i in case.issues]
    flat_rows = []
    for p in _pick_positions(case, positions):
        table_rows = []
        for o in _pick_offers(case, offers):
            a = _assess(p, o, measure)
            by_issue = {
                c.issue: {
                    "weight": (c.weight),
                    "concession": (c.amount),
                    "shortfall": (s.amount),
                    "acceptable": c.issue not in a.unacceptable_issues,
                    "measure": c.measure,
                }
                for c, s in zip(a.concession.terms, a.shortfall.terms, strict=True)
            }
            rows.append(
                {
                    "position": p.id,
                    "party": p.party.id,
                    "offer": o.id,
                    "measure": _measure_label(measure),
                    "concession": (a.concession.value),
                    "shortfall": (a.shortfall.value),
                    "acceptable": a.acceptable,
                    "covered": (a.concession.covered),
                    "complete": a.complete,
                    "utility": None if a.utility is None else (a.utility),
                    "reservation": a.reservation,
                    "by_issue": by_issue,
                }
            )
            beyond = [t.issue for t in a.shortfall.terms if t.amount > 0]
            below = (
                a.utility is not None and a.reservation is not None and a.utility < a.reservation
            )
            table_rows.append(
                (
                    o.id,
                    a.concession.value,
                    a.shortfall.value,
                    "yes" if a.acceptable else "no",
                    a.concession.covered,
                    ", ".join(beyond) + (" (below reservation)" if below else ""),
                )
            )
            flat: list[Cell] = [
                p.id,
                p.party.id,
                o.id,
                _measure_label(measure),
                a.concession.value,
                a.shortfall.value,
                a.acceptable,
                a.concession.covered,
            ]
            for issue_id in issue_ids:
                term = by_issue.get(issue_id)
                flat.extend(
                    [None, None] if term is None else [term["concession"], term["shortfall"]]
                )
            flat_rows.append(tuple(flat))
        date = p.date.isoformat() if p.date else "undated"
        tables.append(
            Table(
                f"{p.id} ({p.party.id}, {date}, {p.status})",
                ("offer", "conc.", "short.", "ok", "cover", "beyond red lines on"),
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
    ]
    for issue_id in issue_ids:
        flat_headers.extend([f"concession:{issue_id}", f"shortfall:{issue_id}"])
    data = {"case": case.id, "measure": _measure_label(measure), "rows": rows}
    return Report(data, tuple(tables), Table("compare", tuple(flat_headers), tuple(flat_rows)))


def _pairs(case: Case, ids: Sequence[str] | None) -> Iterable[tuple[Position, Position]]:
    if ids:
        chosen = _pick_positions(case, ids)
        if len(chosen) < 2:
            msg = "name at least two positions to overlap"
            raise InvalidArgumentError(msg)
        return combinations(chosen, 2)
    return ((a, b) for a, b in combinations(case.positions, 2) if a.party.id != b.party.id)


def overlaps(
    case: Case, *, measure: MeasureChoice = None, positions: Sequence[str] | None = None
) -> Report:
    """The overlap of each pair of positions of different parties (or each
    pair of the positions named).

    Examples
    --------
    >>> import positions
    >>> from positions._report import overlaps
    >>> r = overlaps(positions.load_case("harbour"))
    >>> r.data["pairs"][0]["empty"], r.data["pairs"][0]["zone"]["years"]
    (False, [20.0, 25.0])
    """
    check_measure(case.issues, measure)
    pairs = []
    rows = []
    issues = {i.id: i for i in case.issues}
    for a, b in _pairs(case, positions):
        o = _overlap((a, b), _union((a, b)), measure)
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
            }
        )
        blocking = ", ".join(f"{i} ({o.issue(i).gap:.3f})" for i in o.blocking)
        rows.append((a.id, b.id, "empty" if o.empty else "exists", blocking or "-"))
    data = {"case": case.id, "measure": _measure_label(measure), "pairs": pairs}
    table = Table(
        "overlap", ("position", "position", "zone", "blocking issues (gap)"), tuple(rows)
    )
    return Report(data, (table,), table)


def timeline(case: Case, *, measure: MeasureChoice = None, p: float = 1) -> Report:
    """Each party's movement between its successive dated positions, with
    per-issue direction relative to the latest position of each other party
    dated no later than the later position.

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
    movements = []
    rows = []
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
            per_issue = {i.issue: i for i in m.by_issue}
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
                    "by_issue": {
                        t.issue: {
                            "weight": t.weight,
                            "distance": t.amount,
                            "ideal": per_issue[t.issue].ideal if t.issue in per_issue else None,
                            "red_line": per_issue[t.issue].red_line
                            if t.issue in per_issue
                            else None,
                            "gap_before": per_issue[t.issue].gap_before
                            if t.issue in per_issue
                            else None,
                            "gap_after": per_issue[t.issue].gap_after
                            if t.issue in per_issue
                            else None,
                        }
                        for t in m.distance.terms
                    },
                }
            )
            rows.append(
                (party.id, str(earlier.date), str(later.date), m.distance.value, m.towards or "-")
            )
            changes.extend(
                (
                    party.id,
                    str(later.date),
                    i.issue,
                    i.ideal,
                    i.red_line,
                    f"{i.gap_before:.3f} -> {i.gap_after:.3f}",
                )
                for i in m.by_issue
                if i.ideal != "unchanged" or i.red_line != "unchanged"
            )
    data = {"case": case.id, "measure": _measure_label(measure), "p": p, "movements": movements}
    table = Table("timeline", ("party", "from", "to", "moved", "counterpart"), tuple(rows))
    detail = Table(
        "changes relative to the counterpart (issues where the ideal or red line moved)",
        ("party", "to", "issue", "ideal", "red line", "gap before -> after"),
        tuple(changes),
    )
    return Report(data, (table, detail), table)


def _latest_per_party(case: Case) -> list[Position]:
    latest = []
    for party in case.parties:
        mine = case.positions_of(party.id)
        if mine:
            latest.append(mine[-1] if mine[-1].date is not None else mine[0])
    return latest


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
    chosen = _pick_positions(case, positions)
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


def solve(
    case: Case,
    *,
    positions: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
    measure: MeasureChoice = None,
    max_outcomes: int = MAX_OUTCOMES,
) -> Report:
    """The solutions over the case's agreement space: the full grid of the
    issues named (default: the case's ``agreement_issues``, else every issue
    the positions address), for the positions named (default: the latest
    position of each party), each restricted to the issues of the space.

    The size of the grid is counted before any of it is made, and a grid of
    more than ``max_outcomes`` outcomes is refused.

    Examples
    --------
    >>> import positions
    >>> from positions._report import solve
    >>> r = solve(positions.load_case("harbour"))
    >>> r.data["outcomes"], r.data["points"]["nash"]["outcome"]["customs"]
    (264, 'operator')
    """
    chosen = _pick_positions(case, positions) if positions else _latest_per_party(case)
    if not chosen:
        raise InvalidArgumentError("the case has no positions to solve for")
    ids = list(issues or case.agreement_issues) or list(_union(chosen))
    space_issues = [_get(case.issue, "issue", i) for i in ids]
    _check_limit("--max-outcomes", max_outcomes)
    size = math.prod(grid_shape(space_issues, shares=shares, scale_points=scale_points))
    if size > max_outcomes:
        msg = (
            f"the agreement space has {_count(size)} outcomes, more than the limit of "
            f"{max_outcomes:,}: name fewer issues with --issue, use fewer --shares or "
            "--scale-points, or raise the limit with --max-outcomes"
        )
        raise InvalidArgumentError(msg)
    space = OutcomeSpace.grid(space_issues, shares=shares, scale_points=scale_points)
    try:
        restricted = [p.restricted(ids) for p in chosen]
    except ModelError as err:
        # The issues or positions named do not fit together: a usage error.
        msg = f"{err}: name issues it weighs with --issue, or other positions with --position"
        raise InvalidArgumentError(msg) from None
    check_measure(space_issues, measure)
    solution = _solve(restricted, space, measure=measure)
    u = solution.evaluation.utility

    def point(index: int | None) -> dict[str, Any] | None:
        if index is None:
            return None
        offer = space.offer(index)
        return {
            "index": index,
            "outcome": {
                i.id: i.format_value(offer.value(i.id))
                if isinstance(i, ItemsIssue)
                else offer.value(i.id)
                for i in space.issues
            },
            "utilities": {p.id: float(u[row, index]) for row, p in enumerate(restricted)},
            "in_zone": bool(solution.evaluation.acceptable[:, index].all()),
        }

    points = {
        "nash": point(solution.nash),
        "kalai_smorodinsky": point(solution.kalai_smorodinsky),
        "egalitarian": point(solution.egalitarian),
    }
    data: dict[str, Any] = {
        "case": case.id,
        "positions": [p.id for p in restricted],
        "issues": ids,
        "outcomes": len(space),
        "frontier_size": int(solution.frontier.size),
        "zone_size": int(solution.zone.size),
        "disagreement": {
            p.id: float(d) for p, d in zip(restricted, solution.disagreement, strict=True)
        },
        "points": points,
        "predictions": [attrs.asdict(pred) for pred in solution.predictions],
    }
    summary = Table(
        f"agreement space: {', '.join(ids)} ({len(space):,} outcomes)",
        ("", "value"),
        (
            ("positions", ", ".join(p.id for p in restricted)),
            ("Pareto frontier (rational outcomes)", int(solution.frontier.size)),
            ("zone of agreement (acceptable to all)", int(solution.zone.size)),
        ),
    )
    rows = []
    for name, pt in points.items():
        if pt is None:
            rows.append((name, "-", "-", "no outcome meets every reservation level"))
            continue
        utils = ", ".join(f"{v:.3f}" for v in pt["utilities"].values())
        outcome = "; ".join(f"{k}={v}" for k, v in pt["outcome"].items())
        rows.append((name, utils, "yes" if pt["in_zone"] else "no", outcome))
    table = Table(
        "solutions (utilities in the order of the positions; in zone: acceptable to all)",
        ("point", "utilities", "in zone", "outcome"),
        tuple(rows),
    )
    tables = [summary, table]
    if solution.predictions:
        tables.append(
            Table(
                "compromise prediction and weighted median of the ideals",
                ("issue", "compromise", "median"),
                tuple(
                    (p.issue, _show(p.compromise_value), _show(p.median_value))
                    for p in solution.predictions
                ),
            )
        )
    return Report(data, tuple(tables), table)


def sensitivity(
    case: Case,
    *,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    draws: int = 10_000,
    seed: int | None = None,
    concentration: float = 50.0,
    measure: MeasureChoice = None,
    max_samples: int = MAX_SAMPLES,
) -> Report:
    """Monte Carlo over the saliences of the positions named (default: the
    latest position of each party), for every offer (or those named).

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
    chosen = _pick_positions(case, positions) if positions else _latest_per_party(case)
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
        _pick_offers(case, offers),
        draws=draws,
        seed=seed,
        concentration=concentration,
        measure=measure,
    )
    data = {
        "case": case.id,
        "draws": draws,
        "seed": seed,
        "concentration": concentration,
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
                )
            )
    table = Table(
        f"sensitivity to the saliences ({draws:,} draws, concentration {concentration:g}, "
        f"seed {seed})",
        ("offer", "position", "P(ok)", "conc.", "5-95%", "P(zone)"),
        tuple(rows),
    )
    return Report(data, (table,), table)


def _check_limit(name: str, limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidArgumentError(f"{name} must be a positive integer (got {limit!r})")


def _count(n: int) -> str:
    """A count for a message: in full, or its number of digits when huge."""
    return f"{n:,}" if n < 10**30 else f"about 10^{digits(n) - 1}"


# ---------------------------------------------------------------------------
# Rendering


def _show(x: float | str) -> str:
    return f"{x:.4g}" if isinstance(x, float) else x


def _cell(x: Cell) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


def _text_table(t: Table, width: int = 100) -> str:
    cells = [[_cell(c) for c in row] for row in t.rows]
    widths = [len(h) for h in t.headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    # The last column takes what is left of the width and wraps.
    fixed = sum(widths[:-1]) + 2 * (len(widths) - 1)
    last = max(20, width - fixed)
    widths[-1] = min(widths[-1], last)
    numeric = [
        all(isinstance(r[k], int | float) and not isinstance(r[k], bool) for r in t.rows)
        for k in range(len(t.headers))
    ]

    def line(values: Sequence[str]) -> list[str]:
        last_lines = _wrap(values[-1], widths[-1])
        out = []
        for n, tail in enumerate(last_lines):
            parts = [
                (v.rjust(w) if numeric[k] else v.ljust(w)) if n == 0 else " " * w
                for k, (v, w) in enumerate(zip(values[:-1], widths, strict=False))
            ]
            out.append("  ".join([*parts, tail]).rstrip())
        return out

    lines = [t.title, *line(list(t.headers)), "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.extend(line(row))
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    out, current = [], ""
    for word in text.split(" "):
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
