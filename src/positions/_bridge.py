"""Bridging proposals: the outcome that asks the least of the parties' red
lines, and how far each party must relax each red line to accept it.

For positions ``P_1..P_n`` with normalised weights ``w_{p,i}`` and
acceptable sets ``A_{p,i}``, the total shortfall of an outcome ``x`` is
``T(x) = sum_p sum_i w_{p,i} d_i(A_{p,i}, x_i)``, the sum of
:func:`positions.shortfall` over the parties. ``T`` is a sum of one term per
issue, so it is minimised issue by issue; on a scale, and on each share of
a weighted-item issue, the term is convex and piecewise linear, so its
minimum lies at a red-line bound; ordinal and categorical issues have few
levels and are enumerated. Among several minimisers the one with the least
salience-weighted concession (distance from the ideals) is chosen, then the
lowest value. The largest single shortfall, ``max_p S_p(x)``, is not a sum
over issues: it is minimised exactly over a finite grid of candidates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, TypeAlias

import attrs
import numpy as np

from positions._data import Result
from positions._engine import FloatArray, OutcomeSpace
from positions._issues import (
    AcceptableSet,
    Box,
    Interval,
    Issue,
    ItemsIssue,
    Levels,
    ScaleIssue,
    Value,
)
from positions._measures import (
    MeasureChoice,
    _assess,
    _claims,
    _union,
    _weights_rest_on,
    check_measure,
    issue_terms,
    measure_for,
    rests_on,
)
from positions._model import Claim, Offer, Position, Stance, Term
from positions._select import MAX_OUTCOMES
from positions.exceptions import InvalidArgumentError, IssueMismatchError, ModelError

__all__ = [
    "OBJECTIVES",
    "Bridge",
    "BridgeIssue",
    "BridgeParty",
    "Objective",
    "Relaxation",
    "bridge",
]

#: What a bridge minimises: the total shortfall over the parties, or the
#: largest single party's shortfall.
Objective: TypeAlias = Literal["total", "max"]
OBJECTIVES: tuple[Objective, ...] = ("total", "max")

#: Objective values within this of the least count as equal (ties).
TIE = 1e-12

# Pruning compares every two candidates of an issue; above this many it is
# skipped (the grid is then searched in full).
_PRUNE_LIMIT = 4096


@attrs.frozen
class Relaxation(Result):
    """How far one position must relax its red line on one issue to accept
    the bridge.

    ``distance`` is the unweighted shortfall ``d_i(A, x)`` (as
    :func:`positions.shortfall` computes it), ``amount`` the same weighted
    by the position's normalised salience, ``accept`` the red line and
    ``widened`` the smallest acceptable set of the same kind that contains
    both the red line and the bridge's value (the interval or share bounds
    stretched to the value, or the set of levels with the value added).
    ``needed`` is whether the value lies outside the red line.

    Examples
    --------
    >>> import positions
    >>> harbour = positions.load_case("harbour")
    >>> b = positions.bridge(harbour.positions)
    >>> r = b.party("city-2024").relaxations[1]
    >>> r.issue, r.needed, r.widened == r.accept
    ('years', False, True)
    """

    position: str
    party: str
    issue: str
    value: Value
    distance: float
    weight: float
    amount: float
    needed: bool
    accept: AcceptableSet
    widened: AcceptableSet
    measure: str | None = None
    rests_on: tuple[Claim, ...] = ()


@attrs.frozen
class BridgeParty(Result):
    """One position's side of a bridge: its shortfall, concession and
    utility at the bridge, whether the bridge meets its reservation level,
    and its relaxation on every issue it addresses.

    Examples
    --------
    >>> import positions
    >>> harbour = positions.load_case("harbour")
    >>> p = positions.bridge(harbour.positions).party("city-2024")
    >>> p.shortfall, round(p.utility, 3), p.meets_reservation
    (0.0, 0.555, True)
    """

    position: str
    party: str
    shortfall: float
    concession: float
    utility: float
    reservation: float | None
    relaxations: tuple[Relaxation, ...]
    rests_on: tuple[Claim, ...] = ()

    @property
    def meets_reservation(self) -> bool | None:
        """Whether the bridge is worth at least the reservation level
        (``None`` without one)."""
        return None if self.reservation is None else self.utility >= self.reservation

    @property
    def needed(self) -> tuple[Relaxation, ...]:
        """The relaxations the bridge needs (values outside the red line)."""
        return tuple(r for r in self.relaxations if r.needed)


@attrs.frozen
class BridgeIssue(Result):
    """One issue of a bridge: its value, the salience-weighted shortfall
    and concession it costs the parties together, and whether other values
    would have done as well on the objective (``tied``: the choice was then
    made by the least concession, then the lowest value).

    Examples
    --------
    >>> import positions
    >>> harbour = positions.load_case("harbour")
    >>> i = positions.bridge(harbour.positions).issue("years")
    >>> i.value, i.shortfall, i.tied
    (25.0, 0.0, True)
    """

    issue: str
    value: Value
    shortfall: float
    concession: float
    tied: bool
    measure: str | None = None
    rests_on: tuple[Claim, ...] = ()


@attrs.frozen
class Bridge(Result):
    """A bridging proposal: the outcome that minimises the parties' total
    shortfall (``objective="total"``) or the largest one (``"max"``), with
    what it asks of each party.

    ``value`` is the objective at the bridge. ``outcomes`` is the size of
    the candidate grid searched for ``"max"`` (the bridge is optimal over
    that grid only), ``None`` for ``"total"`` (optimal over every outcome).
    ``rests_on`` lists the claims that are not stated which the bridge
    depends on.

    Examples
    --------
    >>> import positions
    >>> harbour = positions.load_case("harbour")
    >>> b = positions.bridge(harbour.positions)
    >>> b.value, b.relaxations, b.outcome["customs"]
    (0.0, (), 'joint')
    """

    objective: Objective
    positions: tuple[str, ...]
    offer: Offer
    value: float
    by_issue: tuple[BridgeIssue, ...]
    by_party: tuple[BridgeParty, ...]
    outcomes: int | None = None
    rests_on: tuple[Claim, ...] = ()

    @property
    def issues(self) -> tuple[str, ...]:
        """The ids of the issues the bridge settles."""
        return tuple(i.issue for i in self.by_issue)

    @property
    def outcome(self) -> dict[str, Value]:
        """Issue id to the bridge's value."""
        return {i.issue: i.value for i in self.by_issue}

    @property
    def total_shortfall(self) -> float:
        """The sum of the parties' shortfalls at the bridge."""
        total = 0.0
        for p in self.by_party:
            total += p.shortfall
        return total

    @property
    def max_shortfall(self) -> float:
        """The largest single party's shortfall at the bridge."""
        return max(p.shortfall for p in self.by_party)

    @property
    def relaxations(self) -> tuple[Relaxation, ...]:
        """Every relaxation the bridge needs, party by party."""
        return tuple(r for p in self.by_party for r in p.needed)

    def party(self, position_id: str) -> BridgeParty:
        """The side of the position with this id; :class:`KeyError` if none."""
        for p in self.by_party:
            if p.position == position_id:
                return p
        raise KeyError(position_id)

    def issue(self, issue_id: str) -> BridgeIssue:
        """The bridge on one issue; :class:`KeyError` if it does not settle it."""
        for i in self.by_issue:
            if i.issue == issue_id:
                return i
        raise KeyError(issue_id)


# ---------------------------------------------------------------------------
# Choosing among candidates


def _pick(primary: Sequence[float], secondary: Sequence[float]) -> tuple[int, int]:
    """The index of the lexicographic minimum of (primary, secondary, index),
    counting values within :data:`TIE` of the least as equal; and how many
    candidates tie on the primary."""
    low = min(primary)
    tied = [k for k, v in enumerate(primary) if v <= low + TIE]
    low2 = min(secondary[k] for k in tied)
    best = next(k for k in tied if secondary[k] <= low2 + TIE)
    return best, len(tied)


#: One stance on an issue: the row of its position, its weight, the stance.
_Entry: TypeAlias = tuple[int, float, Stance]


def _level_costs(
    issue: Issue, entries: Sequence[_Entry], values: Sequence[Value], m: str | None, n: int
) -> tuple[FloatArray, FloatArray]:
    """Per position (rows) and value (columns), the weighted shortfall; and
    per value the weighted concession summed over the positions."""
    short = np.zeros((n, len(values)))
    conc = np.zeros(len(values))
    for row, w, stance in entries:
        for k, x in enumerate(values):
            c, s, _ = issue_terms(stance, x, m)
            short[row, k] += w * s
            conc[k] += w * c
    return short, conc


def _item_stance(stance: Stance, j: int) -> tuple[Interval, float]:
    """A stance's bounds on item ``j`` and its ideal share of it."""
    accept, ideal = stance.accept, stance.ideal
    assert isinstance(accept, Box)
    assert isinstance(ideal, tuple)
    return accept.bounds[j], ideal[j]


def _item_costs(
    issue: ItemsIssue,
    entries: Sequence[_Entry],
    j: int,
    shares: Sequence[float],
    m: str | None,
    n: int,
) -> tuple[FloatArray, FloatArray]:
    """The same for one item's shares: the item's part of each position's
    shortfall and of the concession, which add up over the items."""
    weights = issue.weights(m)
    scale = weights[j] / sum(weights)
    short = np.zeros((n, len(shares)))
    conc = np.zeros(len(shares))
    for row, w, stance in entries:
        bounds, ideal = _item_stance(stance, j)
        for k, s in enumerate(shares):
            short[row, k] += w * scale * bounds.distance_to(s)
            conc[k] += w * scale * abs(s - ideal)
    return short, conc


def _item_candidates(issue: ItemsIssue, entries: Sequence[_Entry], j: int) -> list[float]:
    """The shares of item ``j`` where a minimum can lie: 0, 1 and, for a
    divisible item, every bound and ideal share of the positions."""
    out = {0.0, 1.0}
    if issue.items[j].divisible:
        for _, _, stance in entries:
            b, ideal = _item_stance(stance, j)
            out |= {b.low, b.high, ideal}
    return sorted(out)


def _scale_candidates(issue: ScaleIssue, entries: Sequence[_Entry]) -> list[float]:
    """The points of a scale where a minimum can lie: its ends and every
    bound and ideal of the positions."""
    out = {issue.low, issue.high}
    for _, _, stance in entries:
        a = stance.accept
        assert isinstance(a, Interval)
        out |= {a.low, a.high, float(stance.ideal)}  # type: ignore[arg-type]
    return sorted(out)


def _best_total(
    issue: Issue, entries: Sequence[_Entry], m: str | None, n: int
) -> tuple[Value, bool]:
    """The value of ``issue`` that minimises the weighted total shortfall
    (then concession, then value), and whether it was tied."""
    if isinstance(issue, ItemsIssue):
        shares = []
        tied = False
        for j in range(len(issue.items)):
            cands = _item_candidates(issue, entries, j)
            short, conc = _item_costs(issue, entries, j, cands, m, n)
            k, count = _pick(short.sum(axis=0).tolist(), conc.tolist())
            shares.append(cands[k])
            tied = tied or count > 1
        return tuple(shares), tied
    values: list[Value]
    if isinstance(issue, ScaleIssue):
        values = list(_scale_candidates(issue, entries))
    else:
        values = list(issue.levels)
    short, conc = _level_costs(issue, entries, values, m, n)
    k, count = _pick(short.sum(axis=0).tolist(), conc.tolist())
    return values[k], count > 1


# ---------------------------------------------------------------------------
# The largest shortfall, over a grid


def _prune(short: FloatArray, conc: FloatArray) -> list[int]:
    """The candidates (columns, in order) that no other candidate makes
    redundant. Candidate ``u`` makes ``v`` redundant when it costs every
    position no more and either costs clearly less concession or the same
    at most and comes first: replacing ``v`` by ``u`` in any outcome then
    gives an outcome the choice prefers, so ``v`` is never chosen."""
    k = short.shape[1]
    if k > _PRUNE_LIMIT or k < 2:
        return list(range(k))
    no_worse = np.all(short[:, :, None] <= short[:, None, :], axis=0)
    index = np.arange(k)
    first = index[:, None] < index[None, :]
    less = conc[:, None] < conc[None, :] - 2 * TIE
    same_or_less = conc[:, None] <= conc[None, :]
    redundant = no_worse & (less | (same_or_less & first))
    return [int(v) for v in np.flatnonzero(~redundant.any(axis=0))]


def _grid_issue(
    issue: Issue,
    entries: Sequence[_Entry],
    m: str | None,
    n: int,
    shares: Sequence[float],
    scale_points: int,
    extra: Sequence[Value] = (),
) -> tuple[list[Value], FloatArray, FloatArray, int]:
    """An issue's candidate values that can matter, in order, with their
    costs, and how many values the grid has before pruning (``extra``: more
    values of the issue to try)."""
    if isinstance(issue, ItemsIssue):
        values: list[tuple[float, ...]] = [()]
        short = np.zeros((n, 1))
        conc = np.zeros(1)
        size = 1
        for j, item in enumerate(issue.items):
            cands = _item_candidates(issue, entries, j)
            if item.divisible:
                more = {float(v[j]) for v in extra if isinstance(v, tuple)}
                cands = sorted(set(cands) | {float(s) for s in shares} | more)
            size *= len(cands)
            s_j, c_j = _item_costs(issue, entries, j, cands, m, n)
            keep = _prune(s_j, c_j)
            cands, s_j, c_j = [cands[k] for k in keep], s_j[:, keep], c_j[keep]
            if len(values) * len(cands) > MAX_OUTCOMES:
                msg = (
                    f"issue {issue.id!r} has more than {MAX_OUTCOMES:,} combinations of item "
                    "shares that matter; use fewer shares"
                )
                raise InvalidArgumentError(msg)
            values = [(*v, s) for v in values for s in cands]
            short = (short[:, :, None] + s_j[:, None, :]).reshape(n, -1)
            conc = (conc[:, None] + c_j[None, :]).reshape(-1)
            keep = _prune(short, conc)
            values, short, conc = [values[k] for k in keep], short[:, keep], conc[keep]
        return list(values), short, conc, size
    grid: list[Value]
    if isinstance(issue, ScaleIssue):
        points = {float(x) for x in np.linspace(issue.low, issue.high, scale_points)}
        points |= {float(v) for v in extra if isinstance(v, int | float)}
        grid = sorted(set(_scale_candidates(issue, entries)) | points)
    else:
        grid = list(issue.levels)
    short, conc = _level_costs(issue, entries, grid, m, n)
    keep = _prune(short, conc)
    return [grid[k] for k in keep], short[:, keep], conc[keep], len(grid)


def _best_max(
    issues: Sequence[Issue],
    entries: Sequence[Sequence[_Entry]],
    measure: MeasureChoice,
    n: int,
    shares: Sequence[float],
    scale_points: int,
    grid: OutcomeSpace | None = None,
) -> tuple[list[Value], list[bool], int]:
    """The outcome of the grid that minimises the largest shortfall (then
    the concession, then the values in issue order), which issues were
    tied, and the size of the grid."""
    given = (
        {} if grid is None else dict(zip((i.id for i in grid.issues), grid.values, strict=True))
    )
    tables = [
        _grid_issue(
            issue,
            rows,
            measure_for(issue, measure),
            n,
            shares,
            scale_points,
            given.get(issue.id, ()),
        )
        for issue, rows in zip(issues, entries, strict=True)
    ]
    shape = tuple(len(t[0]) for t in tables)
    if math.prod(shape) > MAX_OUTCOMES:
        msg = (
            f"the grid of candidates has {math.prod(shape):,} outcomes that matter (more than "
            f"{MAX_OUTCOMES:,}); name fewer issues, or use fewer shares or scale points"
        )
        raise InvalidArgumentError(msg)

    def spread(per_value: FloatArray, axis: int) -> FloatArray:
        view = [1] * len(shape)
        view[axis] = shape[axis]
        return per_value.reshape(view)

    worst = np.zeros(shape)
    for row in range(n):
        total = np.zeros(shape)
        for axis, (_, short, _, _) in enumerate(tables):
            total += spread(short[row], axis)
        np.maximum(worst, total, out=worst)
    conc = np.zeros(shape)
    for axis, (_, _, c, _) in enumerate(tables):
        conc += spread(c, axis)
    flat_worst, flat_conc = worst.reshape(-1), conc.reshape(-1)
    tied = np.flatnonzero(flat_worst <= flat_worst.min() + TIE)
    low = flat_conc[tied].min()
    best = int(tied[flat_conc[tied] <= low + TIE][0])
    codes = np.unravel_index(best, shape)
    tied_codes = np.unravel_index(tied, shape)
    outcome = [t[0][int(c)] for t, c in zip(tables, codes, strict=True)]
    ties = [len(set(tied_codes[axis].tolist())) > 1 for axis in range(len(shape))]
    return outcome, ties, math.prod(t[3] for t in tables)


# ---------------------------------------------------------------------------
# The bridge


def _widened(issue: Issue, accept: AcceptableSet, x: Value) -> AcceptableSet:
    """The smallest acceptable set of the issue's kind containing ``accept``
    and ``x``."""
    if issue.contains(accept, x):
        return accept
    if isinstance(accept, Interval):
        v = float(x)  # type: ignore[arg-type]
        return Interval(min(accept.low, v), max(accept.high, v))
    if isinstance(accept, Levels):
        return Levels(accept.levels | {str(x)})
    assert isinstance(x, tuple)
    return Box(
        tuple(
            Interval(min(b.low, s), max(b.high, s)) for b, s in zip(accept.bounds, x, strict=True)
        )
    )


def _issue_ids(
    chosen: Sequence[Position], issues: Sequence[str | Issue] | None
) -> tuple[dict[str, Issue], list[str]]:
    union = _union(chosen)
    if issues is None:
        return union, list(union)
    ids: list[str] = []
    for i in issues:
        issue_id = i if isinstance(i, str) else i.id
        if issue_id not in union:
            msg = f"no position given addresses issue {issue_id!r}"
            raise InvalidArgumentError(msg)
        if not isinstance(i, str) and union[issue_id] != i:
            msg = f"two different issues share the id {issue_id!r}"
            raise IssueMismatchError(msg)
        if issue_id in ids:
            msg = f"issue {issue_id!r} is named more than once"
            raise InvalidArgumentError(msg)
        ids.append(issue_id)
    if not ids:
        raise InvalidArgumentError("name at least one issue for the bridge")
    return union, ids


def _restricted(position: Position, ids: Sequence[str]) -> Position:
    try:
        return position.restricted(ids)
    except ModelError as err:
        msg = f"cannot bridge over {list(ids)!r}: {err}"
        raise InvalidArgumentError(msg) from None


def _check_grid(shares: Sequence[float], scale_points: int) -> None:
    for s in shares:
        if isinstance(s, bool) or not isinstance(s, int | float) or not 0 <= s <= 1:
            msg = f"shares must be numbers in [0, 1] (got {s!r})"
            raise InvalidArgumentError(msg)
    if isinstance(scale_points, bool) or not isinstance(scale_points, int) or scale_points < 2:
        msg = f"scale_points must be an integer of at least 2 (got {scale_points!r})"
        raise InvalidArgumentError(msg)


def bridge(
    positions: Sequence[Position],
    issues: Sequence[str | Issue] | None = None,
    *,
    objective: Objective = "total",
    measure: MeasureChoice = None,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
    grid: OutcomeSpace | None = None,
) -> Bridge:
    """The bridging proposal: the outcome that asks the least of the
    positions' red lines, and what it asks of each.

    With ``objective="total"`` (default) the bridge minimises the total
    shortfall ``sum_p sum_i w_{p,i} d_i(A_{p,i}, x_i)`` over every outcome
    of the issues, exactly. With ``objective="max"`` it minimises the
    largest single position's shortfall, exactly over a grid of candidates:
    per issue, every level, or every bound and ideal of the positions plus
    ``scale_points`` evenly spaced points of a scale and, for a divisible
    item, ``shares``, and every value ``grid`` gives the issue (``shares``,
    ``scale_points`` and ``grid`` serve ``"max"`` only). With
    ``grid=positions.case_grid(case)``, as ``positions bridge`` does, the
    search covers at least the outcomes ``positions solve`` enumerates.

    Ties go to the outcome with the least salience-weighted concession
    (distance from the ideals), then to the lowest value on each issue (the
    lowest number or share, the first level), in issue order; objective
    values within ``1e-12`` of the least count as tied.

    Parameters
    ----------
    positions
        The positions to bridge (one per party, usually).
    issues
        The issues of the bridge (ids or issues); default every issue the
        positions address. The positions are restricted to them, their
        saliences renormalised.
    objective
        ``"total"`` or ``"max"``.
    measure
        The item measure of weighted-item issues (see
        :func:`positions.concession`).
    shares, scale_points, grid
        The extra grid points for ``objective="max"``: shares of divisible
        items, evenly spaced points of each scale, and the values of an
        :class:`~positions.OutcomeSpace` grid.

    Raises
    ------
    InvalidArgumentError
        For no positions, an unknown objective, an issue no position
        addresses, a position that addresses none of the issues, or a grid
        too large to search.

    Examples
    --------
    >>> import positions
    >>> harbour = positions.load_case("harbour")
    >>> b = positions.bridge(harbour.positions)
    >>> b.outcome["years"], b.outcome["berths"], b.value
    (25.0, (0.0, 1.0, 0.4), 0.0)
    >>> import attrs
    >>> city = harbour.position("city-2024")
    >>> firm = attrs.evolve(city, id="city-firm", stances=[
    ...     attrs.evolve(s, accept=positions.Interval(5, 15)) if s.issue.id == "years" else s
    ...     for s in city.stances])
    >>> b = positions.bridge([firm, harbour.position("operator-2024")])
    >>> b.outcome["years"], [(r.position, r.distance, r.widened) for r in b.relaxations]
    (20.0, [('city-firm', 0.1, Interval(low=5.0, high=20.0))])

    .. versionadded:: 0.1
    """
    if objective not in OBJECTIVES:
        msg = f"unknown objective {objective!r} (use one of {list(OBJECTIVES)!r})"
        raise InvalidArgumentError(msg)
    chosen = list(positions)
    if not chosen:
        raise InvalidArgumentError("a bridge needs at least one position")
    for p in chosen:
        if not isinstance(p, Position):
            msg = f"bridge takes positions (got {p!r})"
            raise InvalidArgumentError(msg)
    union, ids = _issue_ids(chosen, issues)
    restricted = [_restricted(p, ids) for p in chosen]
    space = [union[i] for i in ids]
    check_measure(space, measure)
    entries = [
        [(row, p.weight(i), p.stance(i)) for row, p in enumerate(restricted) if i in p.issue_ids]
        for i in ids
    ]
    n = len(restricted)
    outcomes: int | None = None
    if objective == "total":
        best = [
            _best_total(issue, rows, measure_for(issue, measure), n)
            for issue, rows in zip(space, entries, strict=True)
        ]
        values = [v for v, _ in best]
        ties = [t for _, t in best]
    else:
        _check_grid(shares, scale_points)
        if grid is not None and not isinstance(grid, OutcomeSpace):
            raise InvalidArgumentError(f"grid must be an OutcomeSpace (got {grid!r})")
        values, ties, outcomes = _best_max(space, entries, measure, n, shares, scale_points, grid)
    offer = Offer(
        "bridge",
        terms=[Term(issue, v) for issue, v in zip(space, values, strict=True)],
        label=f"bridge (least {'total' if objective == 'total' else 'largest'} shortfall)",
        status="inferred",
    )
    return _describe(restricted, space, offer, ties, objective, measure, outcomes)


def _describe(
    restricted: Sequence[Position],
    space: Sequence[Issue],
    offer: Offer,
    ties: Sequence[bool],
    objective: Objective,
    measure: MeasureChoice,
    outcomes: int | None,
) -> Bridge:
    """The bridge's report: each position's relaxations and each issue's
    cost, with the claims each rests on."""
    parties = []
    for p in restricted:
        a = _assess(p, offer, measure)
        weights = _weights_rest_on(p)
        relaxations = tuple(
            Relaxation(
                position=p.id,
                party=p.party.id,
                issue=t.issue,
                value=offer.value(t.issue),
                distance=t.amount,
                weight=t.weight,
                amount=t.weight * t.amount,
                needed=t.issue in a.unacceptable_issues,
                accept=p.stance(t.issue).accept,
                widened=_widened(
                    p.stance(t.issue).issue, p.stance(t.issue).accept, offer.value(t.issue)
                ),
                measure=t.measure,
                rests_on=rests_on([p.claim("accept", t.issue), *weights]),
            )
            for t in a.shortfall.terms
        )
        assert a.utility is not None
        claims = [c for r in relaxations for c in r.rests_on]
        claims += _claims(p, ("ideal",), p.issue_ids)
        if p.reservation is not None:
            claims.append(p.claim("reservation"))
        parties.append(
            BridgeParty(
                position=p.id,
                party=p.party.id,
                shortfall=a.shortfall.value,
                concession=a.concession.value,
                utility=a.utility,
                reservation=p.reservation,
                relaxations=relaxations,
                rests_on=rests_on(claims),
            )
        )
    by_issue = []
    every = [c for p in restricted for c in _claims(p, ("accept", "salience"), p.issue_ids)]
    ideals = [c for p in restricted for c in _claims(p, ("ideal",), p.issue_ids)]
    for issue, tied in zip(space, ties, strict=True):
        mine = [p for p in restricted if issue.id in p.issue_ids]
        x = offer.value(issue.id)
        m = measure_for(issue, measure)
        short = conc = 0.0
        for p in mine:
            c, s, _ = issue_terms(p.stance(issue.id), x, m)
            short += p.weight(issue.id) * s
            conc += p.weight(issue.id) * c
        if objective == "total":
            claims = [c for p in mine for c in (p.claim("accept", issue.id), *_weights_rest_on(p))]
            if tied:
                claims += [p.claim("ideal", issue.id) for p in mine]
        else:
            claims = every + (ideals if any(ties) else [])
        by_issue.append(BridgeIssue(issue.id, x, short, conc, tied, m, rests_on(claims)))
    value = 0.0
    for party in parties:
        value += party.shortfall
    if objective == "max":
        value = max(party.shortfall for party in parties)
    everything = [c for i in by_issue for c in i.rests_on]
    everything += [c for party in parties for c in party.rests_on]
    return Bridge(
        objective=objective,
        positions=tuple(p.id for p in restricted),
        offer=offer,
        value=value,
        by_issue=tuple(by_issue),
        by_party=tuple(parties),
        outcomes=outcomes,
        rests_on=rests_on(everything),
    )
