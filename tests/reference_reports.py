"""The case-wide reports and the sensitivity run as they were computed
before they were made linear: one call of the one-at-a-time measures per
pair, and one quantile call per position and offer. The tests compare the
current code with these, number for number.

Copied from the library at the commit before the change, with only the
names of the helpers they use qualified.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from positions._engine import FloatArray, check_seed
from positions._limits import expected_number
from positions._measures import (
    MeasureChoice,
    _assess,
    _check_p,
    _movement,
    _overlap,
    _union,
    check_measure,
    issue_terms,
    measure_for,
)
from positions._model import Case, Offer, Position, Status
from positions._report import (
    NOTHING_SETTLED,
    Cell,
    Report,
    Table,
    _check_status,
    _claims_cell,
    _claims_data,
    _filtered,
    _kept,
    _measure_label,
    _moved_text,
    claims_text,
)
from positions._select import pick_offers, pick_positions, position_pairs
from positions._sensitivity import (
    SALIENCE_DRAWS,
    OfferSensitivity,
    PositionSensitivity,
    SalienceDraws,
    Sensitivity,
    draws_from,
)
from positions.exceptions import InvalidArgumentError
from positions.formats.case import set_to_data


def old_compare(
    case: Case,
    *,
    measure: MeasureChoice = None,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    min_status: Status = "inferred",
) -> Report:
    """``compare`` as it was computed before."""
    check_measure(case.issues, measure)
    _check_status(min_status)
    rows: list[dict[str, Any]] = []
    tables = []
    issue_ids = [i.id for i in case.issues]
    flat_rows: list[tuple[Cell, ...]] = []
    left_out = 0
    for p in pick_positions(case, positions):
        table_rows: list[tuple[Cell, ...]] = []
        for o in pick_offers(case, offers):
            if not p.settled_by(o):
                # Nothing to measure: say so rather than report a concession of 0.
                rows.append(
                    {
                        "position": p.id,
                        "party": p.party.id,
                        "offer": o.id,
                        "measure": _measure_label(measure),
                        "concession": None,
                        "shortfall": None,
                        "acceptable": None,
                        "covered": 0.0,
                        "complete": False,
                        "utility": None,
                        "reservation": p.reservation,
                        "offer_status": o.status,
                        "rests_on": [],
                        "by_issue": {},
                        "note": NOTHING_SETTLED,
                    }
                )
                table_rows.append((o.id, None, None, "-", 0.0, NOTHING_SETTLED, "-"))
                flat_rows.append(
                    (p.id, p.party.id, o.id, _measure_label(measure), None, None, None, 0.0, "")
                    + (None, None) * len(issue_ids)
                )
                continue
            a = _assess(p, o, measure)
            if not _kept(a.rests_on, min_status):
                left_out += 1
                continue
            by_issue: dict[str, dict[str, Any]] = {
                c.issue: {
                    "weight": (c.weight),
                    "concession": (c.amount),
                    "shortfall": (s.amount),
                    "acceptable": c.issue not in a.unacceptable_issues,
                    "measure": c.measure,
                    "rests_on": _claims_data(
                        x for x in a.rests_on if x.issue == c.issue and x.kind != "salience"
                    ),
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
                    "offer_status": o.status,
                    "rests_on": _claims_data(a.rests_on),
                    "by_issue": by_issue,
                    "note": None,
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
                    claims_text(a.rests_on, case.positions, names=False),
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
                _claims_cell(a.rests_on),
            ]
            for issue_id in issue_ids:
                term = by_issue.get(issue_id)
                flat.extend(
                    [None, None] if term is None else [term["concession"], term["shortfall"]]
                )
            flat_rows.append(tuple(flat))
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
    data = _filtered(
        {"case": case.id, "measure": _measure_label(measure), "rows": rows}, min_status, left_out
    )
    return Report(data, tuple(tables), Table("compare", tuple(flat_headers), tuple(flat_rows)))


def old_overlaps(
    case: Case,
    *,
    measure: MeasureChoice = None,
    positions: Sequence[str] | None = None,
    min_status: Status = "inferred",
) -> Report:
    """``overlaps`` as it was computed before."""
    check_measure(case.issues, measure)
    _check_status(min_status)
    pairs = []
    rows = []
    flat_rows = []
    left_out = 0
    issues = {i.id: i for i in case.issues}
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
        rows.append((a.id, b.id, zone, blocking or "-", claims_text(o.rests_on, case.positions)))
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


def old_timeline(
    case: Case, *, measure: MeasureChoice = None, p: float = 1, min_status: Status = "inferred"
) -> Report:
    """``timeline`` as it was computed before."""
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


def old_weight_draws(
    position: Position,
    draws: int,
    rng: np.random.Generator,
    *,
    concentration: float = 50.0,
    how: SalienceDraws = "auto",
) -> FloatArray:
    """``weight_draws`` as it was computed before."""
    w = np.array([position.weight(i) for i in position.issue_ids])
    if draws_from(position, how) == "dirichlet":
        out = np.zeros((draws, w.size))
        positive = w > 0
        # A tiny weight times a small concentration can round to 0, which the
        # Dirichlet distribution refuses: keep it at the smallest normal float.
        alpha = np.maximum(concentration * w[positive], np.finfo(np.float64).tiny)
        out[:, positive] = rng.dirichlet(alpha, size=draws)
        return out
    raw = np.empty((draws, w.size))
    for k, stance in enumerate(position.stances):
        r = stance.salience_range
        raw[:, k] = stance.salience if r is None else rng.uniform(r.low, r.high, size=draws)
    # Divide by the largest salience before summing, so that no sum overflows.
    raw /= raw.max(axis=1, keepdims=True).clip(min=np.finfo(float).tiny)
    total = raw.sum(axis=1, keepdims=True)
    # A draw whose saliences are all 0 (only possible with ranges down to 0)
    # keeps the stated weights.
    return np.where(total > 0, raw / np.where(total > 0, total, 1.0), w)


def old_sensitivity(
    positions: Sequence[Position],
    offers: Sequence[Offer],
    *,
    draws: int = 10_000,
    seed: int | None = None,
    concentration: float = 50.0,
    measure: MeasureChoice = None,
    salience_draws: SalienceDraws = "auto",
) -> Sensitivity:
    """``sensitivity`` as it was computed before."""
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise InvalidArgumentError(f"draws must be a positive integer (got {draws!r})")
    expected = expected_number(concentration)
    if expected is not None or not concentration > 0:
        msg = f"concentration must be {expected or 'a positive number'} (got {concentration!r})"
        raise InvalidArgumentError(msg)
    check_seed(seed)
    if not positions:
        raise InvalidArgumentError("sensitivity needs at least one position")
    if salience_draws not in SALIENCE_DRAWS:
        msg = f"salience_draws must be one of {list(SALIENCE_DRAWS)!r} (got {salience_draws!r})"
        raise InvalidArgumentError(msg)
    check_measure([i for p in positions for i in p.issues], measure)
    rng = np.random.default_rng(seed)
    weights = [
        old_weight_draws(p, draws, rng, concentration=concentration, how=salience_draws)
        for p in positions
    ]
    results = []
    for offer in offers:
        rows = []
        all_ok = np.ones(draws, dtype=bool)
        for position, w in zip(positions, weights, strict=True):
            settled = np.zeros(len(position.stances), dtype=bool)
            loss = np.zeros(len(position.stances))
            value = np.zeros(len(position.stances))
            inside = True
            for k, stance in enumerate(position.stances):
                term = offer.term(stance.issue.id)
                if term is None:
                    continue
                m = measure_for(stance.issue, measure)
                c, _, member = issue_terms(stance, term.value, m)
                settled[k], loss[k] = True, c
                value[k] = stance.value(term.value, measure=m)
                inside = inside and member
            concession = w @ loss
            ok = np.full(draws, inside)
            if settled.all() and position.reservation is not None:
                ok &= (w @ value) >= position.reservation
            all_ok &= ok
            p05, p95 = np.quantile(concession, [0.05, 0.95])
            rows.append(
                PositionSensitivity(
                    position=position.id,
                    p_acceptable=float(ok.mean()),
                    concession_mean=float(concession.mean()),
                    concession_std=float(concession.std()),
                    concession_p05=float(p05),
                    concession_p95=float(p95),
                    draws_from=draws_from(position, salience_draws),
                )
            )
        results.append(OfferSensitivity(offer.id, tuple(rows), float(all_ok.mean())))
    return Sensitivity(draws, seed, float(concentration), tuple(results), salience_draws)
