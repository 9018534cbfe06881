"""Results as plain data and as pandas frames.

``to_dict()`` of every result class gives its fields as JSON-ready data:
claims and choices as their dicts, acceptable sets as a case file writes
them, dates as ISO strings, NumPy arrays and numbers as Python lists and
numbers, the model objects a result refers to by their ids. A solution
gives its points (each with its outcome and utilities) and the sizes of its
frontier and zones rather than an array per outcome of the space.

``to_frame()`` gives a *tidy* pandas DataFrame (the ``pandas`` extra): one
row per issue of an assessment, per pair and issue of an overlap, per
position and offer of a sensitivity run, per conclusion of a robustness
run, and so on, with a ``measure`` column that names the item measure each
row used (``None`` where the issue has no items). :func:`frame` gives the
same for a whole case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from positions.exceptions import InvalidArgumentError

__all__ = ["FRAME_KINDS", "Result", "as_data", "frame", "to_frame"]


class Result:
    """What every result class can do: :meth:`to_dict` and
    :meth:`to_frame`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as plain, JSON-ready data (see :mod:`positions._data`)."""
        data = as_data(self)
        assert isinstance(data, dict)
        return data

    def to_frame(self) -> Any:
        """The result as a tidy pandas DataFrame (needs the ``pandas`` extra);
        a result made of other results (a term, a row) has none: use
        :meth:`to_dict`, or the frame of the result it is part of."""
        return to_frame(self)


def _set_data(value: Any) -> Any:
    from positions._issues import Box, Interval, Levels

    if isinstance(value, Interval):
        return [value.low, value.high]
    if isinstance(value, Levels):
        return sorted(value.levels)
    assert isinstance(value, Box)
    return [[b.low, b.high] for b in value.bounds]


def as_data(obj: Any) -> Any:
    """``obj`` as plain data (see the module)."""
    from positions._engine import OutcomeSpace
    from positions._issues import Box, Interval, Levels
    from positions._model import Case, Claim, Offer, Party, Position, Source

    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, Claim):
        return obj.to_dict()
    if isinstance(obj, Interval | Levels | Box):
        return _set_data(obj)
    if isinstance(obj, Offer):
        return {"id": obj.id, "terms": {t.issue.id: as_data(t.value) for t in obj.terms}}
    if isinstance(obj, Position | Case | Party | Source):
        return obj.id
    if isinstance(obj, OutcomeSpace):
        return {"issues": [i.id for i in obj.issues], "outcomes": len(obj)}
    if isinstance(obj, Mapping):
        return {str(k): as_data(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [as_data(v) for v in obj]
    special = _SPECIAL.get(type(obj).__name__)
    if special is not None:
        return special(obj)
    if attrs.has(type(obj)):
        return {
            f.name: as_data(getattr(obj, f.name))
            for f in attrs.fields(type(obj))
            if not f.name.startswith("_")
        }
    msg = f"cannot turn {type(obj).__name__} {obj!r:.60} into plain data"
    raise InvalidArgumentError(msg)


def _point(space: Any, index: int | None, utility: Any) -> dict[str, Any] | None:
    """A solution point: its index, its outcome and each party's utility
    (``utility`` has one row per position, one column per outcome)."""
    if index is None:
        return None
    offer = space.offer(index)
    return {
        "index": int(index),
        "outcome": {t.issue.id: as_data(t.value) for t in offer.terms},
        "utilities": as_data(utility[:, index]),
    }


def _solution_data(s: Any) -> dict[str, Any]:
    from positions._solutions import POINTS

    u = s.evaluation.utility
    return {
        "positions": list(s.positions),
        "within": s.within,
        "space": as_data(s.space),
        "frontier": as_data(s.frontier),
        "zone_size": len(s.zone),
        "red_line_zone_size": len(s.red_line_zone),
        "disagreement": as_data(s.disagreement),
        "points": {name: _point(s.space, getattr(s, name), u) for name in POINTS},
        "opposition": s.opposition,
        "predictions": as_data(s.predictions),
        "rests_on": as_data(s.rests_on),
    }


def _frontier_data(s: Any) -> dict[str, Any]:
    from positions._solutions import POINTS

    def point(row: int | None) -> dict[str, Any] | None:
        if row is None:
            return None
        offer = s.offer(row)
        return {
            "index": s.index(row),
            "outcome": {t.issue.id: as_data(t.value) for t in offer.terms},
            "utilities": as_data(s.utilities[:, row]),
        }

    return {
        "positions": list(s.positions),
        "within": s.within,
        "space": {"issues": [i.id for i in s.space.issues], "outcomes": len(s.space)},
        "frontier": s.indices(),
        "disagreement": as_data(s.disagreement),
        "best": as_data(s.best),
        "points": {name: point(getattr(s, name)) for name in POINTS},
        "opposition": s.opposition,
    }


_SPECIAL: dict[str, Callable[[Any], Any]] = {
    "Solution": _solution_data,
    "FrontierSolution": _frontier_data,
}


# ---------------------------------------------------------------------------
# Frames


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped]
    except ImportError:
        msg = "a DataFrame needs pandas: pip install 'positions[pandas]'"
        raise InvalidArgumentError(msg) from None
    return pandas


def _claims_text(claims: Sequence[Any]) -> str:
    """The claims a row rests on, for one cell: ``position/claim=status``
    joined by ``;`` (empty when the row rests on stated claims only)."""
    return ";".join(f"{c.position}/{c.path}={c.status}" for c in claims)


def _assessment_rows(a: Any) -> list[dict[str, Any]]:
    rows = []
    for c, s in zip(a.concession.terms, a.shortfall.terms, strict=True):
        rows.append(
            {
                "position": a.position,
                "party": a.party,
                "offer": a.offer,
                "issue": c.issue,
                "measure": c.measure,
                "weight": c.weight,
                "concession": c.amount,
                "shortfall": s.amount,
                "inside_red_line": c.issue not in a.unacceptable_issues,
                "acceptable": a.acceptable,
                "utility": a.utility,
                "rests_on": _claims_text([x for x in a.rests_on if x.issue in (c.issue, None)]),
            }
        )
    return rows


def _breakdown_rows(b: Any) -> list[dict[str, Any]]:
    return [
        {"issue": t.issue, "measure": t.measure, "weight": t.weight, "amount": t.amount}
        for t in b.terms
    ]


def _overlap_rows(o: Any) -> list[dict[str, Any]]:
    return [
        {
            "positions": " | ".join(o.positions),
            "issue": i.issue,
            "measure": i.measure,
            "gap": i.gap,
            "ratio": i.ratio,
            "blocking": i.intersection is None,
            "zone": None if i.intersection is None else str(as_data(i.intersection)),
            "rests_on": _claims_text(i.rests_on),
        }
        for i in o.by_issue
    ]


def _movement_rows(m: Any) -> list[dict[str, Any]]:
    terms = {t.issue: t for t in m.distance.terms}
    return [
        {
            "party": m.party,
            "earlier": m.earlier,
            "later": m.later,
            "towards": m.towards,
            "issue": i.issue,
            "measure": terms[i.issue].measure if i.issue in terms else None,
            "distance": terms[i.issue].amount if i.issue in terms else None,
            "red_line": i.change,
            "ideal": i.ideal,
            "ideal_moved": i.ideal_moved,
            "gap_before": i.gap_before,
            "gap_after": i.gap_after,
            "rests_on": _claims_text(i.rests_on),
        }
        for i in m.by_issue
    ]


def _solution_rows(s: Any) -> list[dict[str, Any]]:
    data = as_data(s)
    rows = []
    for name, point in data["points"].items():
        row: dict[str, Any] = {"point": name, "within": data["within"]}
        if point is None:
            row["index"] = None
        else:
            row["index"] = point["index"]
            row.update({f"outcome:{k}": str(v) for k, v in point["outcome"].items()})
            row.update(
                {
                    f"utility:{p}": u
                    for p, u in zip(data["positions"], point["utilities"], strict=True)
                }
            )
        rows.append(row)
    return rows


def _sensitivity_rows(s: Any) -> list[dict[str, Any]]:
    return [
        {"offer": o.offer, "p_zone": o.p_zone, **as_data(r), "draws": s.draws, "seed": s.seed}
        for o in s.offers
        for r in o.by_position
    ]


def _robustness_rows(r: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": c.kind,
            "subject": " | ".join(c.subject),
            "statement": c.statement,
            "verdict": c.verdict,
            "base": c.base,
            "combinations": c.combinations,
            "total_combinations": c.total_combinations,
            "holding": c.holding,
            "p_min": c.p_min,
            "p_max": c.p_max,
            "rests_on": _claims_text(c.rests_on),
        }
        for c in r.conclusions
    ]


def _bridge_rows(b: Any) -> list[dict[str, Any]]:
    return [
        {
            "position": x.position,
            "party": x.party,
            "issue": x.issue,
            "measure": x.measure,
            "value": str(as_data(x.value)),
            "distance": x.distance,
            "weight": x.weight,
            "amount": x.amount,
            "needed": x.needed,
            "accept": str(as_data(x.accept)),
            "widened": str(as_data(x.widened)),
        }
        for p in b.by_party
        for x in p.relaxations
    ]


def _moves_rows(m: Any) -> list[dict[str, Any]]:
    return [
        {
            "proposer": v.proposer,
            "earlier": v.earlier,
            "later": v.later,
            "earlier_date": v.earlier_date.isoformat(),
            "later_date": v.later_date.isoformat(),
            "d_self": v.d_self,
            "d_other": v.d_other,
            "kind": v.kind,
            "same_issues": v.same_issues,
            "rests_on": _claims_text(v.rests_on),
        }
        for v in m.moves
    ]


def _forecast_rows(f: Any) -> list[dict[str, Any]]:
    return [
        {
            "case": f.case,
            "model": f.model,
            "issue": p.issue,
            "value": as_data(p.value),
            "number": as_data(p.number),
            "diagnostics": dict(p.diagnostics),
            "rests_on": _claims_text(p.rests_on),
            "notes": "; ".join(p.notes),
        }
        for p in f.by_issue
    ]


def _backtest_rows(b: Any) -> list[dict[str, Any]]:
    return [
        {
            "case": r.case,
            "issue": r.issue,
            "model": r.model,
            "predicted": as_data(r.predicted),
            "outcome": as_data(r.outcome),
            "error": r.error,
            "error_units": r.error_units,
            "unit": r.unit,
        }
        for r in b.rows
    ]


_ROWS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "Assessment": _assessment_rows,
    "Breakdown": _breakdown_rows,
    "Overlap": _overlap_rows,
    "Movement": _movement_rows,
    "Solution": _solution_rows,
    "FrontierSolution": _solution_rows,
    "Sensitivity": _sensitivity_rows,
    "Robustness": _robustness_rows,
    "Bridge": _bridge_rows,
    "Moves": _moves_rows,
    "Forecast": _forecast_rows,
    "Backtest": _backtest_rows,
}


def to_frame(result: Any) -> Any:
    """``result`` as a tidy pandas DataFrame (see the module)."""
    rows = _ROWS.get(type(result).__name__)
    if rows is None:
        name = type(result).__name__
        article = "an" if name[0] in "AEIOU" else "a"
        msg = f"{article} {name} has no frame (use to_dict())"
        raise InvalidArgumentError(msg)
    pd = _pandas()
    return pd.DataFrame(rows(result))


#: The kinds of :func:`frame`.
FRAME_KINDS = ("compare", "overlap", "timeline", "positions", "offers")


def frame(case: Any, kind: str = "compare", *, measure: Any = None) -> Any:
    """A whole case as one tidy pandas DataFrame (the ``pandas`` extra).

    ``kind`` is one of :data:`FRAME_KINDS`:

    - ``compare``: one row per position, offer and issue the offer settles,
      as ``positions compare`` measures them, with the item measure each
      row used;
    - ``overlap``: one row per pair of positions of different parties and
      issue they share;
    - ``timeline``: one row per successive pair of a party's positions and
      issue;
    - ``positions``: one row per position and issue (ideal, red line,
      salience, weight and how each is known);
    - ``offers``: one row per offer and term.

    Examples
    --------
    >>> import positions
    >>> df = positions.frame(positions.load_case("harbour"), "compare")
    >>> list(df.columns[:5])
    ['position', 'party', 'offer', 'issue', 'measure']
    >>> row = df[df.issue == "berths"].iloc[0]
    >>> row.position, row.offer, row.measure, float(row.concession)
    ('city-2024', 'compromise', 'quay', 0.3)
    """
    from positions import _report
    from positions._measures import measure_for
    from positions._model import Case

    if not isinstance(case, Case):
        msg = f"frame needs a Case (got {type(case).__name__})"
        raise InvalidArgumentError(msg)
    if kind not in FRAME_KINDS:
        msg = f"unknown frame kind {kind!r} (use one of {list(FRAME_KINDS)!r})"
        raise InvalidArgumentError(msg)
    pd = _pandas()
    rows: list[dict[str, Any]] = []
    if kind == "compare":
        for r in _report.compare(case, measure=measure).data["rows"]:
            for issue, t in r["by_issue"].items():
                rows.append(
                    {
                        "position": r["position"],
                        "party": r["party"],
                        "offer": r["offer"],
                        "issue": issue,
                        "measure": t["measure"],
                        "weight": t["weight"],
                        "concession": t["concession"],
                        "shortfall": t["shortfall"],
                        "inside_red_line": t["acceptable"],
                        "acceptable": r["acceptable"],
                        "utility": r["utility"],
                        "rests_on": ";".join(
                            f"{c['position']}/{c['claim']}.{c['issue']}={c['status']}"
                            for c in t["rests_on"]
                        ),
                    }
                )
    elif kind == "overlap":
        for pair in _report.overlaps(case, measure=measure).data["pairs"]:
            for issue, gap in pair["gaps"].items():
                rows.append(
                    {
                        "positions": " | ".join(pair["positions"]),
                        "parties": " | ".join(pair["parties"]),
                        "issue": issue,
                        "measure": measure_for(case.issue(issue), measure),
                        "gap": gap,
                        "ratio": pair["ratios"][issue],
                        "blocking": issue in pair["blocking"],
                        "zone": None
                        if issue in pair["blocking"]
                        else str(pair["zone"].get(issue)),
                    }
                )
    elif kind == "timeline":
        for m in _report.timeline(case, measure=measure).data["movements"]:
            for issue, t in m["by_issue"].items():
                rows.append(
                    {
                        "party": m["party"],
                        "earlier": m["earlier"],
                        "later": m["later"],
                        "from": m["from"],
                        "to": m["to"],
                        "issue": issue,
                        "measure": measure_for(case.issue(issue), measure),
                        "weight": t["weight"],
                        "distance": t["distance"],
                        "red_line": t["red_line"],
                        "ideal": t["ideal"],
                        "gap_before": t["gap_before"],
                        "gap_after": t["gap_after"],
                    }
                )
    elif kind == "positions":
        for p in case.positions:
            date = p.date.isoformat() if p.date else None
            for r in p._stance_rows():
                rows.append({"position": p.id, "party": p.party.id, "date": date, **r})
    else:
        for o in case.offers:
            for t in o.terms:
                rows.append(
                    {
                        "offer": o.id,
                        "proposer": o.proposer.id if o.proposer is not None else None,
                        "date": o.date.isoformat() if o.date else None,
                        "status": o.status,
                        "issue": t.issue.id,
                        "value": t.issue.format_value(t.value),
                    }
                )
    return pd.DataFrame(rows)
