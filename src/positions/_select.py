"""Choosing what a case-wide command works on: positions and offers by id,
the pairs of positions to overlap, each party's latest position, and the
agreement space that ``solve`` enumerates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from typing import TypeVar

from positions._engine import OutcomeSpace
from positions._measures import _union
from positions._model import Case, Offer, Position
from positions.exceptions import InvalidArgumentError

__all__ = [
    "MAX_OUTCOMES",
    "agreement_space",
    "get",
    "latest_per_party",
    "pick_offers",
    "pick_positions",
    "position_pairs",
]

_T = TypeVar("_T")

#: The largest grid `positions solve` enumerates.
MAX_OUTCOMES = 5_000_000


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
    """Each party's latest dated position (its only one if none is dated)."""
    latest = []
    for party in case.parties:
        mine = case.positions_of(party.id)
        if mine:
            latest.append(mine[-1] if mine[-1].date is not None else mine[0])
    return latest


def agreement_space(
    case: Case,
    positions: Sequence[str] | None,
    issues: Sequence[str] | None,
    *,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
) -> tuple[list[Position], OutcomeSpace]:
    """The positions to solve for (named, or each party's latest) and the
    full grid of the issues named (default: the case's
    ``agreement_issues``, else every issue the positions address). The
    positions are not yet restricted to the space's issues."""
    chosen = pick_positions(case, positions) if positions else latest_per_party(case)
    if not chosen:
        raise InvalidArgumentError("the case has no positions to solve for")
    ids = list(issues or case.agreement_issues) or list(_union(chosen))
    space_issues = [get(case.issue, "issue", i) for i in ids]
    space = OutcomeSpace.grid(space_issues, shares=shares, scale_points=scale_points)
    if len(space) > MAX_OUTCOMES:
        msg = (
            f"the agreement space has {len(space):,} outcomes (more than {MAX_OUTCOMES:,}); "
            "name fewer issues with --issue"
        )
        raise InvalidArgumentError(msg)
    return chosen, space
