"""Choosing what a case-wide command works on: positions and offers by id,
the pairs of positions to overlap, each party's latest position, and the
agreement space that ``solve`` enumerates."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import combinations
from typing import TypeVar

import numpy as np

from positions._engine import OutcomeSpace
from positions._issues import (
    Box,
    CategoricalIssue,
    Interval,
    Issue,
    ItemsIssue,
    OrdinalIssue,
    ScaleIssue,
    Value,
)
from positions._limits import MAX_OUTCOMES, digits
from positions._measures import _union
from positions._model import Case, Offer, Position
from positions.exceptions import InvalidArgumentError

__all__ = [
    "MAX_OUTCOMES",
    "agreement_space",
    "case_grid",
    "case_grid_size",
    "case_values",
    "get",
    "grid_size",
    "grid_values",
    "latest_per_party",
    "pick_offers",
    "pick_positions",
    "position_pairs",
]

_T = TypeVar("_T")


def get(finder: Callable[[str], _T], kind: str, key: str) -> _T:
    """``finder(key)``, with an unknown key as a usage error."""
    try:
        return finder(key)
    except KeyError:
        msg = f"the case has no {kind} {key!r}"
        raise InvalidArgumentError(msg) from None


def pick_positions(case: Case, ids: Sequence[str] | None) -> list[Position]:
    """The positions named, or every position of the case."""
    if not ids:
        return list(case.positions)
    return [get(case.position, "position", i) for i in ids]


def pick_offers(case: Case, ids: Sequence[str] | None) -> list[Offer]:
    """The offers named, or every offer of the case."""
    if not ids:
        return list(case.offers)
    return [get(case.offer, "offer", i) for i in ids]


def position_pairs(case: Case, ids: Sequence[str] | None) -> Iterable[tuple[Position, Position]]:
    """Every pair of the positions named (at least two), or every pair of
    positions of different parties."""
    if ids:
        chosen = pick_positions(case, ids)
        if len(chosen) < 2:
            msg = "name at least two positions to overlap"
            raise InvalidArgumentError(msg)
        return combinations(chosen, 2)
    return ((a, b) for a, b in combinations(case.positions, 2) if a.party.id != b.party.id)


def latest_per_party(case: Case) -> list[Position]:
    """Each party's latest dated position (its first if none is dated)."""
    latest = []
    for party in case.parties:
        mine = case.positions_of(party.id)
        if mine:
            dated = [p for p in mine if p.date is not None]
            latest.append(dated[-1] if dated else mine[0])
    return latest


def _scale_extras(case: Case, issue: ScaleIssue) -> set[float]:
    """Every value of a scale issue the case uses: ideals, red-line bounds
    (alternative readings included) and offered values."""
    found: set[float] = set()
    for value in _values_of(case, issue.id):
        if isinstance(value, Interval):
            found |= {value.low, value.high}
        elif isinstance(value, float | int):  # pragma: no branch - numbers or intervals only
            found.add(float(value))
    return found


def _item_values(case: Case, issue: ItemsIssue, shares: Sequence[float]) -> list[set[float]]:
    """Per item of a weighted-item issue, the shares of the grid: 0 and 1,
    and for a divisible item ``shares`` and every share and bound the case
    gives it."""
    per_item: list[set[float]] = [
        {float(x) for x in shares} | {0.0, 1.0} if item.divisible else {0.0, 1.0}
        for item in issue.items
    ]
    for value in _values_of(case, issue.id):
        for k, item in enumerate(issue.items):
            if not item.divisible:
                continue
            if isinstance(value, Box):
                per_item[k] |= {value.bounds[k].low, value.bounds[k].high}
            elif isinstance(value, tuple):  # pragma: no branch - shares or boxes only
                per_item[k].add(float(value[k]))
    return per_item


def _check_points(scale_points: int) -> None:
    if isinstance(scale_points, bool) or not isinstance(scale_points, int) or scale_points < 2:
        msg = f"scale_points must be an integer of at least 2 (got {scale_points!r})"
        raise InvalidArgumentError(msg)


def _on_linspace(x: float, low: float, high: float, n: int) -> bool:
    """Whether ``x`` is one of ``numpy.linspace(low, high, n)``, found
    without making it (the k-th point is ``low + k * step``, the last
    ``high``)."""
    if high == low:  # pragma: no cover - unreachable: a scale issue has low < high
        return x == low
    step = (high - low) / (n - 1)
    k = round((x - low) / step)
    if not 0 <= k < n:  # pragma: no cover - unreachable: the values of a scale lie in [low, high]
        return False
    return x == (high if k == n - 1 else float(k) * step + low)


def case_grid_size(
    case: Case,
    issues: Sequence[Issue],
    *,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
) -> int:
    """The number of outcomes of :func:`case_grid` over ``issues``, counted
    without making any of it (a scale's evenly spaced points included)."""
    size = 1
    for issue in issues:
        if isinstance(issue, ScaleIssue):
            _check_points(scale_points)
            extras = _scale_extras(case, issue)
            off = sum(not _on_linspace(x, issue.low, issue.high, scale_points) for x in extras)
            size *= scale_points + off
        elif isinstance(issue, ItemsIssue):
            size *= math.prod(len(v) for v in _item_values(case, issue, shares))
        else:
            size *= len(issue.levels)
    return size


def case_values(
    case: Case,
    issues: Sequence[Issue],
    *,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
) -> dict[str, list[list[float]]]:
    """The grid each scale and weighted-item issue needs so that no value
    the case uses is missed: for a scale, ``scale_points`` evenly spaced
    points plus every ideal, red-line bound and offered value of the case
    (alternative readings included); for weighted items, per divisible item,
    ``shares`` plus every share and bound the case gives it (0 and 1 for an
    indivisible item). By issue id, one sorted list per item (one list for
    a scale); ordinal and categorical issues take all their levels. Count
    it first with :func:`case_grid_size`: the scale points are made here."""
    out: dict[str, list[list[float]]] = {}
    for issue in issues:
        if isinstance(issue, ScaleIssue):
            _check_points(scale_points)
            found = set(np.linspace(issue.low, issue.high, scale_points).tolist())
            out[issue.id] = [sorted(found | _scale_extras(case, issue))]
        elif isinstance(issue, ItemsIssue):
            out[issue.id] = [sorted(v) for v in _item_values(case, issue, shares)]
    return out


def _values_of(case: Case, issue_id: str) -> Iterator[object]:
    """Every value and acceptable set the case gives an issue: ideals,
    red lines and their other readings, and offered terms."""
    for p in case.positions:
        if p.addresses(issue_id):
            stance = p.stance(issue_id)
            yield stance.ideal
            yield stance.accept
        for r in p.readings:
            if r.issue == issue_id and r.kind in ("ideal", "accept"):
                yield r.value
    for o in case.offers:
        term = o.term(issue_id)
        if term is not None:
            yield term.value


def grid_values(issue: Issue, values: Mapping[str, list[list[float]]]) -> tuple[Value, ...]:
    """The values of one issue in the grid :func:`case_values` describes."""
    if isinstance(issue, OrdinalIssue | CategoricalIssue):
        return issue.levels
    lists = values[issue.id]
    if isinstance(issue, ScaleIssue):
        return tuple(lists[0])
    return tuple(itertools.product(*lists))


def grid_size(issues: Sequence[Issue], values: Mapping[str, list[list[float]]]) -> int:
    """The number of outcomes of the grid, counted without making it."""
    size = 1
    for issue in issues:
        if isinstance(issue, OrdinalIssue | CategoricalIssue):
            size *= len(issue.levels)
        else:
            size *= math.prod(len(v) for v in values[issue.id])
    return size


def case_grid(
    case: Case,
    issues: Sequence[str] | None = None,
    *,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
    max_outcomes: int = MAX_OUTCOMES,
) -> OutcomeSpace:
    """The grid of outcomes over ``issues`` (ids; default the case's
    ``agreement_issues``, else every issue of the case) that holds every
    value the case uses: on a scale issue, ``scale_points`` evenly spaced
    points plus every ideal, red-line bound and offered value (alternative
    readings included); on a weighted-item issue, per divisible item, the
    ``shares`` plus every share and bound the case gives that item. It is
    the space ``positions solve`` enumerates, so that on the same issues it
    holds an outcome inside every red line exactly when
    :func:`positions.overlap` finds a zone. Its size is counted first: more
    than ``max_outcomes`` is an :class:`~positions.exceptions.InvalidArgumentError`.

    Examples
    --------
    >>> import positions
    >>> harbour = positions.load_case("harbour")
    >>> space = positions.case_grid(harbour)
    >>> len(space), space.values[space.issues.index(harbour.issue("years"))]
    (576, (0.0, 5.0, 10.0, 15.0, 20.0, 22.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0))
    """
    ids = list(issues or case.agreement_issues) or [i.id for i in case.issues]
    space_issues = [get(case.issue, "issue", i) for i in ids]
    size = case_grid_size(case, space_issues, shares=shares, scale_points=scale_points)
    if size > max_outcomes:
        count = f"{size:,}" if size < 10**30 else f"about 10^{digits(size) - 1}"
        msg = (
            f"the agreement space has {count} outcomes, more than the limit of "
            f"{max_outcomes:,}: name fewer issues with --issue, use fewer --shares or "
            "--scale-points, or raise the limit with --max-outcomes"
        )
        raise InvalidArgumentError(msg)
    values = case_values(case, space_issues, shares=shares, scale_points=scale_points)
    return OutcomeSpace.grid(
        space_issues, values={i.id: grid_values(i, values) for i in space_issues}
    )


def agreement_space(
    case: Case,
    positions: Sequence[str] | None,
    issues: Sequence[str] | None,
    *,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
    max_outcomes: int = MAX_OUTCOMES,
) -> tuple[list[Position], OutcomeSpace]:
    """The positions to solve for (named, or each party's latest) and the
    full grid of the issues named (default: the case's
    ``agreement_issues``, else every issue the positions address), with the
    values :func:`case_values` adds, so that the grid holds every bound of
    every red line and every offer. Its size is counted before any of it is
    made. The positions are not yet restricted to the space's issues."""
    chosen = pick_positions(case, positions) if positions else latest_per_party(case)
    if not chosen:
        raise InvalidArgumentError("the case has no positions to solve for")
    ids = list(issues or case.agreement_issues) or list(_union(chosen))
    space = case_grid(
        case, ids, shares=shares, scale_points=scale_points, max_outcomes=max_outcomes
    )
    return chosen, space
