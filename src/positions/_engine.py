"""The batch engine: evaluate many outcomes for many positions at once.

An :class:`OutcomeSpace` holds complete outcomes over a tuple of issues as
small integer codes (one per issue, indexing that issue's coded values), or,
for the full grid of the issues' values, no codes at all: the grid is
implicit, in :func:`itertools.product` order. Per position and issue, the
engine computes each coded value's concession, shortfall, value and
membership once, with the same code as the one-at-a-time measures, then
gathers and adds them with NumPy in the position's issue order, so that
every number equals the one-at-a-time result exactly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from positions._data import Result
from positions._issues import (
    CategoricalIssue,
    Issue,
    OrdinalIssue,
    ScaleIssue,
    Value,
)
from positions._measures import MeasureChoice, check_measure, issue_terms, measure_for
from positions._model import Offer, Position, Term
from positions.exceptions import InvalidArgumentError

__all__ = ["Evaluation", "OutcomeSpace", "evaluate", "utilities"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def _check_scale_points(scale_points: int) -> None:
    if isinstance(scale_points, bool) or not isinstance(scale_points, int) or scale_points < 2:
        msg = f"scale_points must be an integer of at least 2 (got {scale_points!r})"
        raise InvalidArgumentError(msg)


def grid_shape(
    issues: Sequence[Issue], *, shares: Sequence[float] = (0.0, 1.0), scale_points: int = 11
) -> tuple[int, ...]:
    """The number of values each issue has in :meth:`OutcomeSpace.grid`,
    counted without making them: the grid has their product of outcomes.

    Examples
    --------
    >>> from positions._engine import grid_shape
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> grid_shape(case.issues, shares=(0.0, 0.5, 1.0), scale_points=6)
    (12, 6, 3)
    """
    shape = []
    for issue in issues:
        if isinstance(issue, OrdinalIssue | CategoricalIssue):
            shape.append(len(issue.levels))
        elif isinstance(issue, ScaleIssue):
            _check_scale_points(scale_points)
            shape.append(scale_points)
        else:
            shape.append(math.prod(len(shares) if i.divisible else 2 for i in issue.items))
    return tuple(shape)


def _issue_values(issue: Issue, shares: Sequence[float], scale_points: int) -> tuple[Value, ...]:
    if isinstance(issue, OrdinalIssue | CategoricalIssue):
        return issue.levels
    if isinstance(issue, ScaleIssue):
        _check_scale_points(scale_points)
        grid = np.linspace(issue.low, issue.high, scale_points)
        return tuple(float(x) for x in grid)
    grids = [tuple(shares) if item.divisible else (0.0, 1.0) for item in issue.items]
    return tuple(tuple(float(x) for x in combo) for combo in itertools.product(*grids))


def check_seed(seed: int | None) -> None:
    """Raise :class:`~positions.exceptions.InvalidArgumentError` unless
    ``seed`` is ``None`` or an integer ``>= 0`` (what NumPy's generators take).

    Examples
    --------
    >>> from positions._engine import check_seed
    >>> check_seed(7)
    >>> check_seed(-1)
    Traceback (most recent call last):
      ...
    positions.exceptions.InvalidArgumentError: seed must be an integer >= 0 (got -1)
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise InvalidArgumentError(f"seed must be an integer >= 0 (got {seed!r})")


@attrs.frozen(eq=False)
class OutcomeSpace:
    """Complete outcomes over ``issues``, stored compactly.

    ``values[j]`` lists the values issue ``j`` takes in the space; an
    outcome is a code per issue. ``codes`` is an ``(n, k)`` array of codes,
    or ``None`` for the full grid (implicit, in :func:`itertools.product`
    order of the values).

    Examples
    --------
    >>> import positions
    >>> from positions import OutcomeSpace
    >>> case = positions.load_case("harbour")
    >>> space = OutcomeSpace.grid(case.issues, shares=(0.0, 0.5, 1.0), scale_points=6)
    >>> len(space), [len(v) for v in space.values]
    (216, [12, 6, 3])
    >>> space.offer(0).value("customs")
    'city'
    """

    issues: tuple[Issue, ...]
    values: tuple[tuple[Value, ...], ...]
    codes: IntArray | None = None

    def __attrs_post_init__(self) -> None:
        if len(self.issues) != len(self.values) or not self.issues:
            msg = "an outcome space needs one tuple of values per issue, and at least one issue"
            raise InvalidArgumentError(msg)
        ids = [i.id for i in self.issues]
        if len(set(ids)) != len(ids):
            raise InvalidArgumentError(f"issue ids must be distinct (got {ids!r})")
        for issue, vals in zip(self.issues, self.values, strict=True):
            if not vals:
                raise InvalidArgumentError(f"issue {issue.id!r} has no values in the space")
            for v in vals:
                issue.check_value(v)
        if self.codes is not None:
            codes = self.codes
            if codes.ndim != 2 or codes.shape[1] != len(self.issues):
                msg = f"codes must have shape (n, {len(self.issues)}) (got {codes.shape})"
                raise InvalidArgumentError(msg)
            if codes.size and (
                codes.min() < 0
                or any(codes[:, j].max() >= len(v) for j, v in enumerate(self.values))
            ):
                raise InvalidArgumentError("codes must index the issues' values")

    @classmethod
    def grid(
        cls,
        issues: Sequence[Issue],
        *,
        shares: Sequence[float] = (0.0, 1.0),
        scale_points: int = 11,
        values: Mapping[str, Sequence[Value]] | None = None,
    ) -> OutcomeSpace:
        """Every combination of the issues' values: each level of an ordinal
        or categorical issue, ``scale_points`` evenly spaced points of a
        scale, and for weighted items every combination of item shares
        (0 or 1 for an indivisible item, ``shares`` for a divisible one).
        ``values`` replaces the values of the issues it names."""
        vals = tuple(
            tuple(values[i.id])
            if values and i.id in values
            else _issue_values(i, shares, scale_points)
            for i in issues
        )
        return cls(tuple(issues), vals)

    @classmethod
    def sample(
        cls,
        issues: Sequence[Issue],
        n: int,
        *,
        seed: int | None = None,
        shares: Sequence[float] = (0.0, 1.0),
        scale_points: int = 11,
    ) -> OutcomeSpace:
        """``n`` outcomes drawn uniformly (with replacement) from the grid,
        reproducibly for a given ``seed`` (an integer ``>= 0``)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidArgumentError(f"n must be an integer >= 0 (got {n!r})")
        check_seed(seed)
        space = cls.grid(issues, shares=shares, scale_points=scale_points)
        rng = np.random.default_rng(seed)
        codes = np.stack([rng.integers(0, len(v), size=n) for v in space.values], axis=1)
        return cls(space.issues, space.values, codes.astype(np.int64))

    @classmethod
    def of(cls, issues: Sequence[Issue], offers: Sequence[Offer]) -> OutcomeSpace:
        """The given complete offers (each must settle every one of
        ``issues``), in order."""
        vals: list[list[Value]] = [[] for _ in issues]
        index: list[dict[Value, int]] = [{} for _ in issues]
        codes = np.zeros((len(offers), len(issues)), dtype=np.int64)
        for n, offer in enumerate(offers):
            for j, issue in enumerate(issues):
                term = offer.term(issue.id)
                if term is None:
                    msg = f"offer {offer.id!r} leaves issue {issue.id!r} open"
                    raise InvalidArgumentError(msg)
                if term.issue != issue:
                    raise InvalidArgumentError(f"offer {offer.id!r} uses another {issue.id!r}")
                if term.value not in index[j]:
                    index[j][term.value] = len(vals[j])
                    vals[j].append(term.value)
                codes[n, j] = index[j][term.value]
        return cls(tuple(issues), tuple(tuple(v) for v in vals), codes)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of values of each issue."""
        return tuple(len(v) for v in self.values)

    def __len__(self) -> int:
        if self.codes is None:
            return math.prod(self.shape)
        return int(self.codes.shape[0])

    def code(self, index: int) -> tuple[int, ...]:
        """The codes of outcome ``index``."""
        if not 0 <= index < len(self):
            raise IndexError(index)
        if self.codes is not None:
            return tuple(int(c) for c in self.codes[index])
        return tuple(int(c) for c in np.unravel_index(index, self.shape))

    def offer(self, index: int, *, id: str | None = None) -> Offer:
        """Outcome ``index`` as a complete :class:`~positions.Offer`."""
        terms = [
            Term(issue, vals[c])
            for issue, vals, c in zip(self.issues, self.values, self.code(index), strict=True)
        ]
        return Offer(id or f"outcome-{index}", terms=terms, status="inferred")


@attrs.frozen(eq=False)
class Evaluation(Result):
    """Per position (rows, in the order given) and outcome (columns): the
    utility, concession, shortfall and acceptability, and whether the
    outcome lies inside the position's red lines (``inside``: acceptability
    without the reservation level).

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> city = case.position("city-2024")
    >>> positions.evaluate([city], positions.OutcomeSpace.of(city.issues, [city.ideal])).concession
    array([[0.]])
    """

    positions: tuple[str, ...]
    utility: FloatArray
    concession: FloatArray
    shortfall: FloatArray
    acceptable: BoolArray
    inside: BoolArray | None = None


def _axes(position: Position, space: OutcomeSpace) -> list[int]:
    index = {issue.id: j for j, issue in enumerate(space.issues)}
    axes = []
    for stance in position.stances:
        j = index.get(stance.issue.id)
        if j is None:
            msg = (
                f"the outcome space does not settle issue {stance.issue.id!r}, which position "
                f"{position.id!r} addresses"
            )
            raise InvalidArgumentError(msg)
        if space.issues[j] != stance.issue:
            msg = f"position {position.id!r} and the outcome space differ on {stance.issue.id!r}"
            raise InvalidArgumentError(msg)
        axes.append(j)
    return axes


class _Gather:
    """Spreads per-value arrays over the outcomes of a space."""

    def __init__(self, space: OutcomeSpace) -> None:
        self.space = space
        self.grid = space.codes is None
        self.shape = space.shape

    def empty(self) -> FloatArray:
        shape = self.shape if self.grid else (len(self.space),)
        return np.zeros(shape, dtype=np.float64)

    def spread(self, per_value: npt.NDArray[np.generic], axis: int) -> npt.NDArray[np.generic]:
        if self.grid:
            view = [1] * len(self.shape)
            view[axis] = self.shape[axis]
            return per_value.reshape(view)
        assert self.space.codes is not None
        return per_value[self.space.codes[:, axis]]

    def flat(self, arr: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
        return arr.reshape(-1)


def _per_value(
    position: Position, space: OutcomeSpace, axes: Sequence[int], measure: MeasureChoice
) -> list[tuple[float, FloatArray, FloatArray, FloatArray, BoolArray]]:
    out = []
    for stance, j in zip(position.stances, axes, strict=True):
        m = measure_for(stance.issue, measure)
        terms = [issue_terms(stance, v, m) for v in space.values[j]]
        values = np.array([stance.value(v, measure=m) for v in space.values[j]])
        out.append(
            (
                position.weight(stance.issue.id),
                np.array([t[0] for t in terms]),
                np.array([t[1] for t in terms]),
                values,
                np.array([t[2] for t in terms], dtype=bool),
            )
        )
    return out


def utilities(
    positions: Sequence[Position], space: OutcomeSpace, *, measure: MeasureChoice = None
) -> FloatArray:
    """The utility of every outcome for every position: an array of shape
    ``(len(positions), len(space))``, equal to :func:`positions.utility`
    outcome by outcome.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> space = positions.OutcomeSpace.grid(case.issues, scale_points=3)
    >>> u = positions.utilities(case.positions, space)
    >>> u.shape, float(u[0, 0]) == positions.utility(case.positions[0], space.offer(0))
    ((2, 72), True)
    """
    check_measure(space.issues, measure)
    gather = _Gather(space)
    out = np.empty((len(positions), len(space)), dtype=np.float64)
    for row, position in enumerate(positions):
        axes = _axes(position, space)
        acc = gather.empty()
        for (w, _, _, values, _), j in zip(
            _per_value(position, space, axes, measure), axes, strict=True
        ):
            np.add(acc, gather.spread(w * values, j), out=acc)
        out[row] = gather.flat(acc)
    return out


def evaluate(
    positions: Sequence[Position], space: OutcomeSpace, *, measure: MeasureChoice = None
) -> Evaluation:
    """Utility, concession, shortfall and acceptability of every outcome of
    ``space`` for every position, equal to the one-at-a-time measures.

    Every position must address only issues of the space (use
    :meth:`positions.Position.restricted` for a sub-space).

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> space = positions.OutcomeSpace.grid(case.issues, shares=(0.0, 0.5, 1.0), scale_points=11)
    >>> ev = positions.evaluate(case.positions, space)
    >>> int(ev.acceptable.all(axis=0).sum())  # outcomes acceptable to both
    2
    """
    check_measure(space.issues, measure)
    gather = _Gather(space)
    n = len(space)
    shape = (len(positions), n)
    util, conc, short = (np.empty(shape) for _ in range(3))
    ok = np.empty(shape, dtype=bool)
    red = np.empty(shape, dtype=bool)
    for row, position in enumerate(positions):
        axes = _axes(position, space)
        u, c, s = gather.empty(), gather.empty(), gather.empty()
        inside = np.ones(u.shape, dtype=bool)
        for (w, loss, shortfall, values, member), j in zip(
            _per_value(position, space, axes, measure), axes, strict=True
        ):
            np.add(u, gather.spread(w * values, j), out=u)
            np.add(c, gather.spread(w * loss, j), out=c)
            np.add(s, gather.spread(w * shortfall, j), out=s)
            np.logical_and(inside, gather.spread(member, j), out=inside)
        util[row], conc[row], short[row] = gather.flat(u), gather.flat(c), gather.flat(s)
        accept = gather.flat(inside)
        red[row] = accept
        if position.reservation is not None:
            accept = accept & (util[row] >= position.reservation)
        ok[row] = accept
    return Evaluation(tuple(p.id for p in positions), util, conc, short, ok, red)
