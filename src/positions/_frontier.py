"""Vectorised kernels for the strict Pareto frontier, for any number of
parties, with NumPy only.

A point is *dominated* when another is at least as good for every party and
better for one, or exactly as good for every party and earlier (lower
index). Sorting the points by the sum of their utilities (descending), then
by each utility (descending), then by index puts every point after all the
points that dominate it: a point that dominates another has a sum at least
as large (floating-point addition is monotone), and among equal sums the
one better at the first differing utility comes first. So a point is on
the frontier exactly when no point before it in that order is at least as
good for every party.

``tol`` serves the grid path (:mod:`positions._grid`): there a partial
outcome is dropped only when another beats it by more than ``tol`` for some
party (or equals it and comes first), so that no rounding in the issues
still to be added can undo the domination.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from positions._engine import FloatArray, IntArray

__all__ = ["maximal"]

#: The points taken at once as candidates for the frontier.
BLOCK = 64
#: At most this many pairs of points are compared at once.
SLICE = 1 << 20
#: The points of largest sum whose frontier screens all the points first.
SCREEN = 256


def maximal(points: FloatArray, rank: IntArray, *, tol: float = 0.0) -> IntArray:
    """The positions (ascending) of the points that no other point
    dominates. ``points`` has one row per point and one column per party;
    ``rank`` orders equal points (the lower rank is kept). With ``tol``, a
    point is dropped only for a point at least as good everywhere and
    better by more than ``tol`` somewhere, or equal and of lower rank.

    Examples
    --------
    >>> from positions._frontier import maximal
    >>> import numpy as np
    >>> pts = np.array([[1.0, 0.0], [0.5, 0.5], [0.5, 0.4], [0.5, 0.5]])
    >>> maximal(pts, np.arange(4))
    array([0, 1])
    """
    m, n = points.shape
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    if n == 2:
        return _maximal_two(points, rank, tol)
    return _maximal_many(points, rank, tol)


def _maximal_two(points: FloatArray, rank: IntArray, tol: float) -> IntArray:
    """Two parties: one sort by the first utility (descending), the second
    (descending) and rank; a point is dominated when an earlier point has a
    second utility at least as large and beats it by more than ``tol`` on
    one of the two, or is equal to it."""
    u0, u1 = points[:, 0], points[:, 1]
    order = np.lexsort((rank, -u1, -u0))
    a0, a1 = u0[order], u1[order]
    m = a0.size
    # The best second utility of the points before each one (each of which
    # is at least as good on the first).
    earlier_max = np.maximum.accumulate(np.concatenate(([-np.inf], a1[:-1])))
    if tol == 0.0:
        # Exactly: an earlier point at least as good on the second dominates
        # (or equals, and has the lower rank).
        dominated = earlier_max >= a1
    else:
        # Equal to an earlier point (equal points are adjacent in the order).
        same = np.zeros(m, dtype=bool)
        same[1:] = (a0[1:] == a0[:-1]) & (a1[1:] == a1[:-1])
        # Better on the second by more than tol, and at least as good on
        # the first.
        dominated = same | (earlier_max > a1 + tol)
        # Better on the first by more than tol (a prefix of the order), and
        # at least as good on the second.
        prefix = np.searchsorted(-a0, -(a0 + tol), side="left")
        running = np.maximum.accumulate(a1)
        best_before = np.where(prefix > 0, running[np.maximum(prefix - 1, 0)], -np.inf)
        dominated |= best_before >= a1
    return np.sort(order[~dominated]).astype(np.int64)


def _dominates(b: FloatArray, a: FloatArray, tol: float) -> npt.NDArray[np.bool_]:
    """``out[i, j]``: whether point ``b[i]`` dominates point ``a[j]``, given
    that ``b[i]`` comes first in the order (one party at a time, so that
    only two-dimensional arrays are made)."""
    n = b.shape[1]
    ge = b[:, None, 0] >= a[None, :, 0]
    for k in range(1, n):
        ge &= b[:, None, k] >= a[None, :, k]
    if tol == 0.0:
        return ge
    beats = b[:, None, 0] > a[None, :, 0] + tol
    equal = b[:, None, 0] == a[None, :, 0]
    for k in range(1, n):
        beats |= b[:, None, k] > a[None, :, k] + tol
        equal &= b[:, None, k] == a[None, :, k]
    out: npt.NDArray[np.bool_] = ge & (beats | equal)
    return out


def _order(points: FloatArray, rank: IntArray) -> IntArray:
    """The points by decreasing sum, then, among equal sums, by each
    utility (decreasing), then by rank: every point after every point that
    dominates it. One stable sort by the sum of the points in rank order;
    only the runs of equal sums that hold different points (equal points
    are already in rank order) are then sorted by the rest."""
    by_rank = np.argsort(rank, kind="stable")
    order = by_rank[np.argsort(-points[by_rank].sum(axis=1), kind="stable")]
    pts = points[order]
    s = pts.sum(axis=1)
    same = s[1:] == s[:-1]
    if not same.any():
        return order
    # Runs of equal sums, numbered in order; a run needs sorting only if
    # two of its neighbours differ.
    run = np.cumsum(np.concatenate(([True], ~same)))
    differ = same & np.any(pts[1:] != pts[:-1], axis=1)
    mixed = np.unique(run[1:][differ])
    if mixed.size == 0:
        return order
    where = np.flatnonzero(np.isin(run, mixed))
    sub = order[where]
    n = points.shape[1]
    keys = (rank[sub], *(-points[sub, k] for k in range(n - 1, -1, -1)), run[where])
    order[where] = sub[np.lexsort(keys)]
    return order


def _dominates_ranked(
    b: FloatArray, rb: IntArray, a: FloatArray, ra: IntArray, tol: float
) -> npt.NDArray[np.bool_]:
    """``out[i, j]``: whether point ``b[i]`` dominates point ``a[j]``,
    whatever their order: at least as good for every party, and better by
    more than ``tol`` for one, or equal and of lower rank."""
    n = b.shape[1]
    ge = b[:, None, 0] >= a[None, :, 0]
    beats = b[:, None, 0] > a[None, :, 0] + tol
    equal = b[:, None, 0] == a[None, :, 0]
    for k in range(1, n):
        ge &= b[:, None, k] >= a[None, :, k]
        beats |= b[:, None, k] > a[None, :, k] + tol
        equal &= b[:, None, k] == a[None, :, k]
    out: npt.NDArray[np.bool_] = ge & (beats | (equal & (rb[:, None] < ra[None, :])))
    return out


def _screen(points: FloatArray, rank: IntArray, tol: float) -> IntArray:
    """The points not dominated by the frontier of the ``SCREEN`` points of
    largest sum (which keeps that frontier itself): what remains has the
    same frontier as all the points, since a dominated point's dominator is
    dominated in turn by a point kept, and domination is transitive."""
    m = points.shape[0]
    if m <= 4 * SCREEN:
        return np.arange(m)
    top = np.argpartition(-points.sum(axis=1), SCREEN)[:SCREEN]
    best = top[_maximal_many(points[top], rank[top], tol, screen=False)]
    best = best[np.argsort(-points[best].sum(axis=1), kind="stable")]
    # One screening point at a time against the points still left, which
    # the first few, of the largest sums, mostly clear.
    alive = np.arange(m)
    for i in best:
        left = points[alive]
        hit = _dominates_ranked(points[i : i + 1], rank[i : i + 1], left, rank[alive], tol)[0]
        alive = alive[~hit]
    return alive


def _maximal_many(
    points: FloatArray, rank: IntArray, tol: float, *, screen: bool = True
) -> IntArray:
    """One, or three or more parties: the points in the order of the module
    docstring; round by round, the first ``BLOCK`` points still alive are
    compared with each other (one is on the frontier exactly when no
    earlier one of them dominates it), and the ones on the frontier then
    drop every later point they dominate."""
    if screen:
        left = _screen(points, rank, tol)
        if left.size < points.shape[0]:
            return left[_maximal_many(points[left], rank[left], tol, screen=False)]
    m = points.shape[0]
    order = _order(points, rank)
    pts = points[order]
    alive = np.arange(m)
    kept: list[IntArray] = []
    later = np.triu(np.ones((BLOCK, BLOCK), dtype=bool), k=1)
    while alive.size:
        head, rest = alive[:BLOCK], alive[BLOCK:]
        inner = _dominates(pts[head], pts[head], tol) & later[: head.size, : head.size]
        best = head[~inner.any(axis=0)]
        kept.append(best)
        if rest.size:
            # Compared a slice at a time, to bound the memory of the test.
            step = max(1, SLICE // max(1, best.size))
            out = np.zeros(rest.size, dtype=bool)
            for lo in range(0, rest.size, step):
                out[lo : lo + step] = _dominates(pts[best], pts[rest[lo : lo + step]], tol).any(
                    axis=0
                )
            rest = rest[~out]
        alive = rest
    return np.sort(order[np.concatenate(kept)]).astype(np.int64)
