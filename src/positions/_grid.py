"""Solutions over a grid without making the grid.

A position's utility is a sum over issues, ``U_p(o) = sum_i w_{p,i}
v_{p,i}(o_i)``. Take the issues one at a time and keep, for the issues
taken so far, the partial outcomes and their partial utilities. If one
partial outcome is at least as good as another for every party and better
for one, then whatever the remaining issues add, the same completion of the
first is at least as good as that of the second: the second can never be
on the frontier and is dropped. So the frontier of the grid is built issue
by issue, pruning after each, and its size, not the grid's, bounds the
work.

Three details make the answer the one the materialised path
(:func:`positions.solve` over :func:`positions.evaluate`) gives, number for
number and tie for tie:

* each party's partial utility is summed in the order of its own issues,
  as :func:`positions.utility` and the engine sum it: the issues are taken
  in an order consistent with every position's (an error says so when the
  positions list their shared issues in orders no single order respects);
* floating-point addition is monotone, so a partial outcome at least as
  good stays at least as good; but a strict advantage can round away. A
  partial outcome is therefore dropped only for one better by more than the
  rounding the remaining issues can add (``tol``), or equal to it and
  first in the grid's order (the frontier keeps the lowest index of equal
  outcomes); the frontier is then taken exactly among the survivors;
* reservation levels are applied at the end (an outcome at least as good
  as a rational one is rational) and red lines at the start (the zone is a
  product of one set per issue); the disagreement point and each party's
  best are sums of per-issue minima and maxima.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import numpy as np

from positions._cluster import check_client, run
from positions._data import Result
from positions._engine import FloatArray, IntArray, OutcomeSpace, _axes, _per_value, evaluate
from positions._frontier import maximal
from positions._measures import MeasureChoice, check_measure
from positions._model import Offer, Position, Term
from positions._solutions import POINTS, WITHIN, Within, _party_weights, _pick, _rule
from positions.exceptions import InvalidArgumentError

__all__ = ["CHUNK", "FrontierSolution", "chunked_solve", "grid_solve"]

#: The rounding one addition of utilities (each at most 1) can introduce.
_ULP = 2.0**-52


@attrs.frozen(eq=False)
class FrontierSolution(Result):
    """The solutions over an outcome space found without evaluating all of
    it at once: over a grid issue by issue (:func:`grid_solve`), or over
    any space chunk by chunk (:func:`chunked_solve`).

    ``codes`` holds the frontier's outcomes, one row of value codes per
    outcome (columns in the order of ``space.issues``, rows in the space's
    order) and ``utilities`` their utilities (one row per position). For a
    listed or sampled space, ``rows`` gives each frontier outcome's index in
    it (for a grid the index follows from the codes). The
    points (``nash``, ``kalai_smorodinsky``, ``egalitarian``,
    ``utilitarian``, ``asymmetric_nash``) are rows of ``codes``, ``None``
    where the frontier is empty (``asymmetric_nash`` also when every
    capability is 0). ``disagreement`` and ``best`` are each party's
    disagreement value and best utility over the whole grid; ``opposition``
    is :func:`positions.opposition` over the whole space. ``kept`` is the
    largest number of outcomes, partial or whole, held at once.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> g = positions.grid_solve(case.positions, positions.case_grid(case))
    >>> len(g.codes), g.index(g.nash), g.offer(g.nash).value("customs")
    (20, 151, 'operator')
    """

    positions: tuple[str, ...]
    space: OutcomeSpace
    within: Within
    codes: IntArray
    utilities: FloatArray
    disagreement: FloatArray
    best: FloatArray
    nash: int | None
    kalai_smorodinsky: int | None
    egalitarian: int | None
    utilitarian: int | None
    asymmetric_nash: int | None
    opposition: float | None
    kept: int
    rows: IntArray | None = None

    def index(self, row: int) -> int:
        """The index in the space of frontier outcome ``row`` (a Python
        integer: a grid's size may exceed 64 bits)."""
        if self.rows is not None:
            return int(self.rows[row])
        index = 0
        for code, size in zip(self.codes[row].tolist(), self.space.shape, strict=True):
            index = index * size + code
        return index

    def indices(self) -> list[int]:
        """The indices in the space of every frontier outcome, ascending."""
        return [self.index(row) for row in range(len(self.codes))]

    def offer(self, row: int, *, id: str | None = None) -> Offer:
        """Frontier outcome ``row`` as a complete :class:`~positions.Offer`."""
        terms = [
            Term(issue, values[int(c)])
            for issue, values, c in zip(
                self.space.issues, self.space.values, self.codes[row], strict=True
            )
        ]
        return Offer(id or f"outcome-{self.index(row)}", terms=terms, status="inferred")


def _order(axes: Sequence[Sequence[int]], k: int) -> list[int] | None:
    """An order of the ``k`` axes that keeps every position's own order of
    its axes (the lowest axis first where free), or ``None`` if none does."""
    after: list[set[int]] = [set() for _ in range(k)]
    needs = [0] * k
    for own in axes:
        for a, b in itertools.pairwise(own):
            if b not in after[a]:
                after[a].add(b)
                needs[b] += 1
    ready = [j for j in range(k) if needs[j] == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        j = heapq.heappop(ready)
        out.append(j)
        for b in sorted(after[j]):
            needs[b] -= 1
            if needs[b] == 0:
                heapq.heappush(ready, b)
    return out if len(out) == k else None


def _ranks(codes: IntArray, axes: Sequence[int]) -> IntArray:
    """Each row's rank in the grid's order, among outcomes that agree on
    the axes not yet taken: the codes compared in the order of the axes."""
    columns = np.argsort(np.asarray(axes), kind="stable")
    keys = [codes[:, c] for c in columns[::-1]]
    order = np.lexsort(keys) if keys else np.zeros(len(codes), dtype=np.int64)
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(len(codes))
    return rank


def _survivors(
    contrib: list[dict[int, FloatArray]],
    allowed: list[IntArray],
    order: Sequence[int],
) -> tuple[IntArray, FloatArray, int]:
    """The partial outcomes that survive every issue: their codes (columns
    in ``order``), their utilities (one row per outcome) and the largest
    number held at once."""
    n = len(contrib)
    utils = np.zeros((1, n))
    codes = np.zeros((1, 0), dtype=np.int64)
    most = 1
    for step, j in enumerate(order):
        values = allowed[j]
        m, v = utils.shape[0], values.size
        grown = np.repeat(utils[:, None, :], v, axis=1)
        for p in range(n):
            c = contrib[p].get(j)
            if c is not None:
                grown[:, :, p] = utils[:, None, p] + c[values][None, :]
        utils = grown.reshape(m * v, n)
        codes = np.concatenate((np.repeat(codes, v, axis=0), np.tile(values, m)[:, None]), axis=1)
        most = max(most, m * v)
        remaining = len(order) - step - 1
        tol = 2.0 * (remaining + 1) * _ULP if remaining else 0.0
        keep = maximal(utils, _ranks(codes, order[: step + 1]), tol=tol)
        utils, codes = utils[keep], codes[keep]
    return codes, utils, most


def grid_solve(
    positions: Sequence[Position],
    space: OutcomeSpace,
    *,
    measure: MeasureChoice = None,
    within: Within = "rational",
) -> FrontierSolution:
    """Every solution of :func:`positions.solve` over a grid
    (:meth:`positions.OutcomeSpace.grid` or :func:`positions.case_grid`),
    found issue by issue without making the grid (see the module): the
    same frontier, points, disagreement point and opposition, for any
    number of parties, however many outcomes the grid has.

    Raises
    ------
    InvalidArgumentError
        If ``space`` is not a grid, or the positions list the issues they
        share in orders no single order of the issues keeps.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> space = positions.case_grid(case)
    >>> g = positions.grid_solve(case.positions, space, within="zone")
    >>> s = positions.solve(case.positions, space, within="zone")
    >>> g.indices() == s.frontier.tolist(), g.index(g.nash) == s.nash
    (True, True)
    """
    if not positions:
        raise InvalidArgumentError("grid_solve needs at least one position")
    if not isinstance(space, OutcomeSpace) or space.codes is not None:
        raise InvalidArgumentError("grid_solve works on a grid: use OutcomeSpace.grid")
    if within not in WITHIN:
        msg = f"within must be one of {list(WITHIN)!r} (got {within!r})"
        raise InvalidArgumentError(msg)
    check_measure(space.issues, measure)
    k = len(space.issues)
    all_axes = [_axes(p, space) for p in positions]
    order = _order(all_axes, k)
    if order is None:
        msg = (
            "the positions list their shared issues in orders no single order keeps, so their "
            "utilities cannot be summed issue by issue as the engine sums them: list the "
            "issues of every position in one order, or use positions.solve"
        )
        raise InvalidArgumentError(msg)
    contrib: list[dict[int, FloatArray]] = []
    inside = [np.ones(len(v), dtype=bool) for v in space.values]
    low = np.zeros(len(positions))
    high = np.zeros(len(positions))
    for row, (p, axes) in enumerate(zip(positions, all_axes, strict=True)):
        mine: dict[int, FloatArray] = {}
        for (w, _, _, values, member), j in zip(
            _per_value(p, space, axes, measure), axes, strict=True
        ):
            # The same products the engine adds, in the position's order.
            mine[j] = w * values
            low[row] = low[row] + mine[j].min()
            high[row] = high[row] + mine[j].max()
            inside[j] &= member
        contrib.append(mine)
    reservations = np.array(
        [-np.inf if p.reservation is None else p.reservation for p in positions]
    )
    d = np.maximum(reservations, low)
    everything = [np.arange(len(v), dtype=np.int64) for v in space.values]
    if within == "zone":
        allowed = [np.flatnonzero(m).astype(np.int64) for m in inside]
    else:
        allowed = everything
    # The opposition is over the whole grid: its nearest outcome to every
    # ideal is on the frontier of the whole grid (an outcome at least as
    # good for all is at least as near).
    codes_all, utils_all, most = _survivors(contrib, everything, order)
    opposition = (
        float(np.sqrt(((1.0 - utils_all.T) ** 2).sum(axis=0)).min()) if len(codes_all) else None
    )
    if within == "zone":
        if any(a.size == 0 for a in allowed):
            codes = np.zeros((0, k), dtype=np.int64)
            utils = np.zeros((0, len(positions)))
        else:
            codes, utils, most_zone = _survivors(contrib, allowed, order)
            most = max(most, most_zone)
    else:
        codes, utils = codes_all, utils_all
    # Columns in the grid's order of issues, rows in the grid's order.
    codes = codes[:, np.argsort(np.asarray(order), kind="stable")]
    rows = np.lexsort(codes.T[::-1]) if len(codes) else np.zeros(0, dtype=np.int64)
    codes, utils = codes[rows], utils[rows]
    return _finish(positions, space, within, codes, utils, reservations, d, high, opposition, most)


def _finish(
    positions: Sequence[Position],
    space: OutcomeSpace,
    within: Within,
    codes: IntArray,
    utils: FloatArray,
    reservations: FloatArray,
    d: FloatArray,
    high: FloatArray,
    opposition: float | None,
    kept: int,
    rows: IntArray | None = None,
) -> FrontierSolution:
    """The frontier of the candidates (rows in the space's order) that meet
    every reservation level, and every point on it."""
    rational = np.all(utils >= reservations[None, :], axis=1)
    codes, utils = codes[rational], utils[rational]
    if rows is not None:
        rows = rows[rational]
    front = maximal(utils, np.arange(len(codes), dtype=np.int64))
    codes, uf = codes[front], np.ascontiguousarray(utils[front].T)
    if rows is not None:
        rows = rows[front]
    rows_front = np.arange(uf.shape[1], dtype=np.int64)
    capabilities = [1.0 if p.party.capability is None else p.party.capability for p in positions]
    points: dict[str, int | None] = {}
    for name in POINTS:
        if name == "asymmetric_nash":
            if sum(capabilities) <= 0:
                points[name] = None
                continue
            c = _party_weights(capabilities, len(positions))
            points[name] = _pick(rows_front, *_rule(name, uf, d, high, c))
        else:
            points[name] = _pick(rows_front, *_rule(name, uf, d, high))
    return FrontierSolution(
        positions=tuple(p.id for p in positions),
        space=space,
        within=within,
        codes=codes,
        utilities=uf,
        disagreement=d,
        best=high,
        opposition=opposition,
        kept=kept,
        rows=rows,
        **points,
    )


def _parts(
    positions: Sequence[Position],
    space: OutcomeSpace,
    measure: MeasureChoice,
    within: Within,
    chunk: int,
    client: Any,
) -> Iterator[_Part]:
    """The chunks' parts, computed here one after another, or on the
    cluster of ``client`` and yielded as they complete."""
    calls = [(measure, within, a, min(len(space), a + chunk)) for a in range(0, len(space), chunk)]
    for _, part in run(client, _part, calls, shared=(list(positions), space)):
        yield part


#: Outcomes evaluated at once by chunked_solve: about 40 bytes per outcome
#: and position at a time (utility, concession, shortfall, acceptability),
#: so some 80 MB for two positions.
CHUNK = 1_000_000


def _codes(space: OutcomeSpace, start: int, stop: int) -> IntArray:
    """The codes of outcomes ``start`` to ``stop`` (a grid's made here)."""
    if space.codes is not None:
        return space.codes[start:stop]
    codes = np.stack(np.unravel_index(np.arange(start, stop), space.shape), axis=1)
    return codes.astype(np.int64)


@attrs.frozen(eq=False)
class _Part:
    """What one chunk contributes: each party's lowest and highest utility
    in it, its least distance from every ideal, and the frontier of its
    wanted outcomes (utilities, codes, indices in the space)."""

    low: FloatArray
    high: FloatArray
    opposition: float
    utils: FloatArray
    codes: IntArray
    rows: IntArray
    size: int


def _part(
    positions: Sequence[Position],
    space: OutcomeSpace,
    measure: MeasureChoice,
    within: Within,
    start: int,
    stop: int,
) -> _Part:
    """One chunk of :func:`chunked_solve` (run where the chunk is: here, or
    on a worker of a cluster)."""
    codes = _codes(space, start, stop)
    ev = evaluate(positions, OutcomeSpace(space.issues, space.values, codes), measure=measure)
    u = ev.utility
    reservations = np.array(
        [-np.inf if p.reservation is None else p.reservation for p in positions]
    )
    wanted = np.all(u >= reservations[:, None], axis=0)
    if within == "zone":
        wanted &= ev.acceptable.all(axis=0)
    idx = np.flatnonzero(wanted)
    rows = idx + start
    front = maximal(np.ascontiguousarray(u[:, idx].T), rows)
    return _Part(
        u.min(axis=1),
        u.max(axis=1),
        float(np.sqrt(((1.0 - u) ** 2).sum(axis=0)).min()),
        np.ascontiguousarray(u[:, idx[front]].T),
        codes[idx[front]],
        rows[front],
        stop - start,
    )


def chunked_solve(
    positions: Sequence[Position],
    space: OutcomeSpace,
    *,
    measure: MeasureChoice = None,
    within: Within = "rational",
    chunk: int = CHUNK,
    client: Any = None,
) -> FrontierSolution:
    """Every solution of :func:`positions.solve` over ``space`` (listed,
    sampled or a grid), evaluating ``chunk`` outcomes at a time, so that
    memory is bounded by the chunk and the frontier, not by the space: the
    frontier of the chunks' frontiers is the frontier, and the
    disagreement point, each party's best and the opposition are the
    extremes over the chunks. The same answers as :func:`positions.solve`.

    With ``client``, a ``dask.distributed.Client`` (the ``dask`` extra),
    the chunks are evaluated on its cluster's workers, each chunk reduced
    to its own frontier there, and merged here as they arrive: the same
    answers as without, for any chunk size and any number of workers.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> space = positions.OutcomeSpace.sample(case.issues, 5000, seed=1)
    >>> c = positions.chunked_solve(case.positions, space, chunk=1000)
    >>> s = positions.solve(case.positions, space)
    >>> c.indices() == s.frontier.tolist(), c.index(c.nash) == s.nash
    (True, True)
    """
    if not positions:
        raise InvalidArgumentError("chunked_solve needs at least one position")
    if not isinstance(space, OutcomeSpace):
        raise InvalidArgumentError(f"expected an OutcomeSpace (got {type(space).__name__})")
    if within not in WITHIN:
        msg = f"within must be one of {list(WITHIN)!r} (got {within!r})"
        raise InvalidArgumentError(msg)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise InvalidArgumentError(f"chunk must be a whole number >= 1 (got {chunk!r})")
    if client is not None:
        check_client(client)
    check_measure(space.issues, measure)
    n = len(positions)
    reservations = np.array(
        [-np.inf if p.reservation is None else p.reservation for p in positions]
    )
    # Utilities are checked on the first outcome here, so that a wrong
    # position fails before any work is sent away.
    evaluate(
        positions, OutcomeSpace(space.issues, space.values, _codes(space, 0, 1)), measure=measure
    )
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    opposition = np.inf
    k = len(space.issues)
    keep_codes = np.zeros((0, k), dtype=np.int64)
    keep_utils = np.zeros((0, n))
    keep_rows = np.zeros(0, dtype=np.int64)
    most = 0
    for part in _parts(positions, space, measure, within, chunk, client):
        low = np.minimum(low, part.low)
        high = np.maximum(high, part.high)
        opposition = min(opposition, part.opposition)
        cand_utils = np.concatenate((keep_utils, part.utils))
        cand_codes = np.concatenate((keep_codes, part.codes))
        cand_rows = np.concatenate((keep_rows, part.rows))
        most = max(most, part.size + len(cand_rows))
        # The frontier of the frontiers so far: equal outcomes keep the
        # lowest index in the space, whichever chunk found them.
        front = maximal(cand_utils, cand_rows)
        keep_utils, keep_codes, keep_rows = cand_utils[front], cand_codes[front], cand_rows[front]
    order = np.argsort(keep_rows, kind="stable")
    return _finish(
        positions,
        space,
        within,
        keep_codes[order],
        keep_utils[order],
        reservations,
        np.maximum(reservations, low),
        high,
        None if not np.isfinite(opposition) else opposition,
        most,
        rows=keep_rows[order],
    )
