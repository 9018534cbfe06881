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
good for every party; which the kernels test block by block against the
points kept so far.

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

#: Points compared against the points kept, at once.
BLOCK = 512
#: How many of the best points by sum screen every point first.
SCREEN = 64


def maximal(points: FloatArray, rank: IntArray, *, tol: float = 0.0) -> IntArray:
    """The positions (ascending) of the points that no other point
    dominates. ``points`` has one row per point and one column per party;
    ``rank`` orders equal points (the lower rank is kept). With ``tol``, a
    point is dropped only for a point at least as good everywhere and
    better by more than ``tol`` somewhere, or equal and of lower rank.

    Examples
    --------
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
    that ``b[i]`` comes first in the order."""
    ge: npt.NDArray[np.bool_] = np.all(b[:, None, :] >= a[None, :, :], axis=2)
    if tol == 0.0:
        return ge
    beats = np.any(b[:, None, :] > a[None, :, :] + tol, axis=2)
    equal = np.all(b[:, None, :] == a[None, :, :], axis=2)
    out: npt.NDArray[np.bool_] = ge & (beats | equal)
    return out


def _maximal_many(points: FloatArray, rank: IntArray, tol: float) -> IntArray:
    """One, or three or more parties: the points in the order of the module
    docstring, screened first by the best few, then block by block against
    the points kept."""
    m, n = points.shape
    keys = (rank, *(-points[:, k] for k in range(n - 1, -1, -1)), -points.sum(axis=1))
    order = np.lexsort(keys)
    pts = points[order]
    alive = np.ones(m, dtype=bool)
    # The first SCREEN points in the order screen all later ones at once.
    head = min(SCREEN, m)
    for start in range(0, m, BLOCK * 8):
        stop = min(m, start + BLOCK * 8)
        lo = max(start, head)
        if lo >= stop:
            continue
        # Every screening point comes before every point it screens.
        alive[lo:stop] &= ~_dominates(pts[:head], pts[lo:stop], tol).any(axis=0)
    kept: list[int] = []
    kept_pts = np.zeros((0, n))
    for start in range(0, m, BLOCK):
        stop = min(m, start + BLOCK)
        idx = np.flatnonzero(alive[start:stop]) + start
        if idx.size == 0:
            continue
        block = pts[idx]
        out = np.zeros(idx.size, dtype=bool)
        if kept_pts.shape[0]:
            out |= _dominates(kept_pts, block, tol).any(axis=0)
        inner = _dominates(block, block, tol)
        inner &= np.triu(np.ones((idx.size, idx.size), dtype=bool), k=1)
        out |= inner.any(axis=0)
        new = idx[~out]
        kept.extend(new.tolist())
        kept_pts = np.concatenate((kept_pts, pts[new]))
    return np.sort(order[np.array(kept, dtype=np.int64)]).astype(np.int64)
