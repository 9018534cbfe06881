"""The report of ``positions bridge``: the bridging proposal for a case, as
plain data (JSON), as tables and as one flat table (CSV)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from positions._bridge import Bridge, Objective, Relaxation, bridge
from positions._issues import (
    Box,
    CategoricalIssue,
    Interval,
    Issue,
    ItemsIssue,
    Levels,
    OrdinalIssue,
    Value,
)
from positions._measures import MeasureChoice, _union
from positions._model import Case, Position
from positions._report import (
    Cell,
    Report,
    Table,
    _claims_cell,
    _claims_data,
    _measure_label,
    claims_text,
)
from positions._select import case_grid, get, latest_per_party, pick_positions
from positions.exceptions import InvalidArgumentError
from positions.formats.case import set_to_data

__all__ = ["bridge_report"]


def _value_data(issue: Issue, x: Value) -> Any:
    """A value as plain data: a number, a level, or item id to share."""
    if isinstance(issue, ItemsIssue):
        assert isinstance(x, tuple)
        return dict(zip(issue.item_ids, x, strict=True))
    return x


def _relaxed_text(issue: Issue, r: Relaxation) -> str:
    """How a red line is widened, in a few words."""
    a, w = r.accept, r.widened
    if isinstance(a, Interval) and isinstance(w, Interval):
        return f"[{a.low:g}, {a.high:g}] -> [{w.low:g}, {w.high:g}]"
    if isinstance(a, Levels) and isinstance(w, Levels):
        assert isinstance(issue, OrdinalIssue | CategoricalIssue)
        added = [lv for lv in issue.levels if lv in w.levels - a.levels]
        return "also " + ", ".join(added)
    assert isinstance(a, Box)
    assert isinstance(w, Box)
    assert isinstance(issue, ItemsIssue)
    return "; ".join(
        f"{item} [{b.low:g}, {b.high:g}] -> [{nb.low:g}, {nb.high:g}]"
        for item, b, nb in zip(issue.item_ids, a.bounds, w.bounds, strict=True)
        if b != nb
    )


def _objective_text(b: Bridge) -> str:
    if b.objective == "total":
        return "least total shortfall over the parties, exact over every outcome"
    return f"least largest shortfall, exact over a grid of {b.outcomes:,} outcomes only"


def bridge_report(
    case: Case,
    *,
    positions: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    objective: Objective = "total",
    measure: MeasureChoice = None,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
) -> Report:
    """The bridging proposal for the positions named (default: each party's
    latest) over the issues named (default: every issue they address).

    Examples
    --------
    >>> import positions
    >>> from positions._bridge_report import bridge_report
    >>> r = bridge_report(positions.load_case("harbour"))
    >>> r.data["outcome"]["years"], r.data["value"]
    (25.0, 0.0)
    """
    chosen: list[Position] = (
        pick_positions(case, positions) if positions else latest_per_party(case)
    )
    if not chosen:
        raise InvalidArgumentError("the case has no positions to bridge")
    ids = [get(case.issue, "issue", i).id for i in issues] if issues else None
    # The largest shortfall is searched over a grid: at least the values of
    # the one solve enumerates (every value the case uses). Only its values
    # are used, so its own size is not limited here; the bridge limits the
    # candidates that matter.
    grid = (
        case_grid(
            case,
            ids or list(_union(chosen)),
            shares=shares,
            scale_points=scale_points,
            max_outcomes=sys.maxsize,
        )
        if objective == "max"
        else None
    )
    b = bridge(
        chosen,
        ids,
        objective=objective,
        measure=measure,
        shares=shares,
        scale_points=scale_points,
        grid=grid,
    )
    by_id = {i.id: i for i in case.issues}
    restricted = {p.id: p.restricted(b.issues) for p in chosen}

    def relaxation_data(r: Relaxation) -> dict[str, Any]:
        issue = by_id[r.issue]
        return {
            "issue": r.issue,
            "value": _value_data(issue, r.value),
            "distance": r.distance,
            "weight": r.weight,
            "amount": r.amount,
            "needed": r.needed,
            "accept": set_to_data(issue, r.accept),
            "widened": set_to_data(issue, r.widened),
            "measure": r.measure,
            "rests_on": _claims_data(r.rests_on),
        }

    data: dict[str, Any] = {
        "case": case.id,
        "objective": b.objective,
        "measure": _measure_label(measure),
        "positions": list(b.positions),
        "issues": list(b.issues),
        "exact_over": "every outcome" if b.objective == "total" else "grid",
        "outcomes": b.outcomes,
        "value": b.value,
        "total_shortfall": b.total_shortfall,
        "max_shortfall": b.max_shortfall,
        "outcome": {i.issue: _value_data(by_id[i.issue], i.value) for i in b.by_issue},
        "by_issue": [
            {
                "issue": i.issue,
                "value": _value_data(by_id[i.issue], i.value),
                "shortfall": i.shortfall,
                "concession": i.concession,
                "tied": i.tied,
                "measure": i.measure,
                "rests_on": _claims_data(i.rests_on),
            }
            for i in b.by_issue
        ],
        "by_party": [
            {
                "position": p.position,
                "party": p.party,
                "shortfall": p.shortfall,
                "concession": p.concession,
                "utility": p.utility,
                "reservation": p.reservation,
                "meets_reservation": p.meets_reservation,
                "relaxations": [relaxation_data(r) for r in p.relaxations],
                "rests_on": _claims_data(p.rests_on),
            }
            for p in b.by_party
        ],
        "rests_on": _claims_data(b.rests_on),
    }
    summary = Table(
        f"bridge over {len(b.issues)} issues ({_objective_text(b)})",
        ("", "value"),
        (
            ("positions", ", ".join(b.positions)),
            ("total shortfall", b.total_shortfall),
            ("largest shortfall", b.max_shortfall),
            (
                "rests on (claims not stated)",
                claims_text(b.rests_on, restricted.values(), count=True),
            ),
        ),
    )
    issue_table = Table(
        "the bridge, issue by issue (shortfall and concession weighted and summed over the "
        "parties; tied: other values do as well, and the least concession, then the lowest "
        "value, decides)",
        ("issue", "bridge", "shortfall", "concession", "tied"),
        tuple(
            (
                i.issue,
                by_id[i.issue].format_value(i.value),
                i.shortfall,
                i.concession,
                "yes" if i.tied else "no",
            )
            for i in b.by_issue
        ),
    )
    needed = b.relaxations
    relax_table = Table(
        "red lines the bridge crosses (distance: beyond the red line, unweighted; weighted: "
        "times the salience)"
        + ("" if needed else ": none, the bridge lies inside every red line"),
        ("position", "issue", "distance", "weighted", "relaxed red line"),
        tuple(
            (r.position, r.issue, r.distance, r.amount, _relaxed_text(by_id[r.issue], r))
            for r in needed
        ),
    )
    party_table = Table(
        "each position at the bridge",
        ("position", "shortfall", "concession", "utility", "reservation", "meets it"),
        tuple(
            (
                p.position,
                p.shortfall,
                p.concession,
                p.utility,
                "-" if p.reservation is None else f"{p.reservation:.3f}",
                "-" if p.meets_reservation is None else "yes" if p.meets_reservation else "no",
            )
            for p in b.by_party
        ),
    )
    flat_rows: list[tuple[Cell, ...]] = []
    for p in b.by_party:
        for r in p.relaxations:
            issue = by_id[r.issue]
            flat_rows.append(
                (
                    b.objective,
                    p.position,
                    p.party,
                    r.issue,
                    json.dumps(_value_data(issue, r.value)),
                    r.distance,
                    r.weight,
                    r.amount,
                    r.needed,
                    json.dumps(set_to_data(issue, r.accept)),
                    json.dumps(set_to_data(issue, r.widened)),
                    _claims_cell(r.rests_on),
                )
            )
    flat = Table(
        "bridge",
        (
            "objective",
            "position",
            "party",
            "issue",
            "value",
            "distance",
            "weight",
            "amount",
            "needed",
            "accept",
            "widened",
            "rests_on",
        ),
        tuple(flat_rows),
    )
    return Report(data, (summary, issue_table, relax_table, party_table), flat)
