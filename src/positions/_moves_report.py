"""The report of ``positions moves``: the concession dynamics of a case, as
plain data (JSON), as tables and as one flat table (CSV)."""

from __future__ import annotations

from typing import Any

from positions._dynamics import MOVE_KINDS, ZERO, Move, moves
from positions._measures import MeasureChoice
from positions._model import Case
from positions._report import (
    Report,
    Table,
    _claims_cell,
    _claims_data,
    _measure_label,
    claims_text,
)

__all__ = ["moves_report"]


def _signed(x: float | None) -> str:
    return "-" if x is None else f"{x:+.3f}"


def _others_text(m: Move) -> str:
    return ", ".join(f"{r.party} {_signed(r.delta)}" for r in m.others) or "-"


def moves_report(case: Case, *, measure: MeasureChoice = None) -> Report:
    """Every proposer's moves, classified, with a summary per proposer.

    Examples
    --------
    >>> import positions
    >>> from positions._moves_report import moves_report
    >>> r = moves_report(positions.load_case("harbour"))
    >>> r.data["moves"], [p["moves"] for p in r.data["proposers"]]
    ([], [0, 0])
    """
    result = moves(case, measure=measure)
    data: dict[str, Any] = {
        "case": case.id,
        "measure": _measure_label(measure),
        "zero": ZERO,
        "moves": [
            {
                "proposer": m.proposer,
                "earlier": m.earlier,
                "later": m.later,
                "earlier_date": m.earlier_date.isoformat(),
                "later_date": m.later_date.isoformat(),
                "d_self": m.d_self,
                "d_other": m.d_other,
                "kind": m.kind,
                "same_issues": m.same_issues,
                "others": [
                    {"party": r.party, "delta": r.delta, "kind": r.kind, "note": r.note}
                    for r in m.others
                ],
                "notes": list(m.notes),
                "rests_on": _claims_data(m.rests_on),
            }
            for m in result.moves
        ],
        "proposers": [
            {
                "proposer": p.proposer,
                "moves": p.moves,
                "counts": dict(p.counts),
                "unclassified": p.unclassified,
                "concession_rate": p.concession_rate,
                "reciprocity": p.reciprocity,
                "answerable": p.answerable,
                "rests_on": _claims_data(p.rests_on),
            }
            for p in result.by_proposer
        ],
        "valuations": [
            {
                "party": v.party,
                "offer": v.offer,
                "position": v.position,
                "issues": list(v.issues),
                "utility": v.utility,
                "note": v.note,
                "rests_on": _claims_data(v.rests_on),
            }
            for v in result.valuations
        ],
    }
    move_table = Table(
        "moves: each proposer's step from one dated offer to its next, made on the later "
        "offer's date (d self: change in its own utility; d other: in each other party's; "
        "classes after Hindriks, Jonker and Tykhonov 2007)",
        ("proposer", "move", "on", "d self", "d other", "class"),
        tuple(
            (
                m.proposer,
                f"{m.earlier} -> {m.later}",
                m.later_date.isoformat(),
                _signed(m.d_self),
                _others_text(m),
                m.kind or "-",
            )
            for m in result.moves
        ),
    )
    basis = Table(
        "what each move rests on (claims not stated, of the positions used)",
        ("move", "rests on"),
        tuple(
            (f"{m.earlier} -> {m.later}", claims_text(m.rests_on, case.positions))
            for m in result.moves
        ),
    )

    def reciprocity(r: float | None, n: int) -> str:
        return "-" if r is None else f"{r:.3f} of {n}"

    summary = Table(
        "per proposer (rate: mean own utility given up per move; reciprocity: share of the "
        "moves after another proposer's concession or selfish move that answer it in kind)",
        ("proposer", "moves", *MOVE_KINDS, "rate", "reciprocity"),
        tuple(
            (
                p.proposer,
                p.moves,
                *(p.count(k) for k in MOVE_KINDS),
                "-" if p.concession_rate is None else f"{p.concession_rate:.3f}",
                reciprocity(p.reciprocity, p.answerable),
            )
            for p in result.by_proposer
        ),
    )
    notes = tuple((f"{m.earlier} -> {m.later}", note) for m in result.moves for note in m.notes)
    tables = [move_table, summary, basis]
    if notes:
        tables.append(
            Table(
                "notes: positions that stand in for one not dated by an offer, offers on "
                "different issues, parties left out",
                ("move", "note"),
                notes,
            )
        )
    flat = Table(
        "moves",
        (
            "proposer",
            "earlier",
            "later",
            "earlier_date",
            "later_date",
            "d_self",
            "d_other",
            "kind",
            "same_issues",
            "others",
            "rests_on",
        ),
        tuple(
            (
                m.proposer,
                m.earlier,
                m.later,
                m.earlier_date.isoformat(),
                m.later_date.isoformat(),
                m.d_self,
                m.d_other,
                m.kind,
                m.same_issues,
                ";".join(f"{r.party}={'' if r.delta is None else r.delta}" for r in m.others),
                _claims_cell(m.rests_on),
            )
            for m in result.moves
        ),
    )
    return Report(data, tuple(tables), flat)
