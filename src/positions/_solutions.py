"""Solutions over a set of outcomes (DESIGN section 3), with NegMAS's
semantics so that results can be compared outcome for outcome:

* the strict Pareto frontier of the outcomes that every party values at
  least at its reservation level (weakly dominated points and duplicates
  dropped; of equal points the one with the lowest index stays);
* the Nash bargaining point: the frontier point maximising
  ``prod_p (U_p - d_p)``, with the disagreement point
  ``d_p = max(r_p, min U_p)`` (the minimum over all outcomes);
* the Kalai-Smorodinsky point: the frontier point whose normalised gains
  ``(U_p - d_p) / (max U_p - d_p)`` are most nearly equal (the smallest
  spread, as NegMAS's ``ks_points``);
* the egalitarian point: the frontier point maximising ``min_p (U_p - d_p)``
  (NegMAS calls it ``kalai``);
* the zone of agreement: the outcomes acceptable to every party (red lines
  and reservation levels);
* the compromise prediction (salience times capability weighted mean of the
  ideals) and the weighted median, on every issue (per item share on
  weighted items; the weighted plurality on categorical issues).

Ties are broken by the lowest outcome index.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from positions._data import Result
from positions._engine import (
    Evaluation,
    FloatArray,
    IntArray,
    OutcomeSpace,
    evaluate,
    utilities,
)
from positions._frontier import maximal
from positions._issues import CategoricalIssue, Issue, ItemsIssue, OrdinalIssue, ScaleIssue, Value
from positions._measures import MeasureChoice, rests_on
from positions._model import Claim, Offer, Position, Stance
from positions.exceptions import InvalidArgumentError

__all__ = [
    "POINTS",
    "WITHIN",
    "OfferDistance",
    "Prediction",
    "PredictionNumber",
    "Solution",
    "Within",
    "asymmetric_nash_point",
    "compromise",
    "disagreement_point",
    "egalitarian_point",
    "kalai_smorodinsky_point",
    "nash_point",
    "offer_distance",
    "opposition",
    "pareto_frontier",
    "solve",
    "solve_evaluated",
    "utilitarian_point",
    "weighted_median",
]


def _as_utilities(utilities: npt.ArrayLike) -> FloatArray:
    u = np.asarray(utilities, dtype=np.float64)
    if u.ndim != 2 or u.shape[0] < 1:
        msg = f"utilities must have shape (parties, outcomes) (got {u.shape})"
        raise InvalidArgumentError(msg)
    return u


def _reservations(
    u: FloatArray, reservations: Sequence[float | None] | None
) -> npt.NDArray[np.float64]:
    if reservations is None:
        return np.full(u.shape[0], -np.inf)
    if len(reservations) != u.shape[0]:
        msg = f"give one reservation per party ({u.shape[0]}), not {len(reservations)}"
        raise InvalidArgumentError(msg)
    return np.array([-np.inf if r is None else float(r) for r in reservations])


def pareto_frontier(
    utilities: npt.ArrayLike,
    *,
    reservations: Sequence[float | None] | None = None,
    among: npt.ArrayLike | None = None,
) -> IntArray:
    """The indices (ascending) of the outcomes on the strict Pareto frontier
    of the outcomes every party values at least at its reservation level
    (and, with ``among``, a boolean mask over the outcomes, of those
    outcomes only: the zone of agreement, say).

    ``utilities`` has one row per party and one column per outcome.

    Examples
    --------
    >>> from positions import pareto_frontier
    >>> pareto_frontier([[1.0, 0.5, 0.2, 0.5], [0.0, 0.5, 0.9, 0.4]])
    array([0, 1, 2])
    >>> pareto_frontier([[1.0, 0.5, 0.2], [0.0, 0.5, 0.9]], reservations=[0.3, None])
    array([0, 1])
    >>> pareto_frontier([[1.0, 0.5, 0.2], [0.0, 0.5, 0.9]], among=[True, False, True])
    array([0, 2])
    """
    u = _as_utilities(utilities)
    r = _reservations(u, reservations)
    keep = np.all(u >= r[:, None], axis=0)
    if among is not None:
        mask = np.asarray(among, dtype=bool)
        if mask.shape != (u.shape[1],):
            msg = f"among must be one flag per outcome ({u.shape[1]}), not shape {mask.shape}"
            raise InvalidArgumentError(msg)
        keep &= mask
    rational = np.flatnonzero(keep)
    if rational.size == 0:
        return rational.astype(np.int64)
    pts = u[:, rational]
    if u.shape[0] == 2:
        candidates = _prune_two(pts)
        sub = pts[:, candidates]
        # Sort by the first utility, then the second, both descending (ties
        # by index); a point is on the frontier iff its second utility beats
        # every point before it.
        order = np.lexsort((candidates, -sub[1], -sub[0]))
        second = sub[1, order]
        best_before = np.maximum.accumulate(np.concatenate(([-np.inf], second[:-1])))
        keep = candidates[order[second > best_before]]
        return np.sort(rational[keep]).astype(np.int64)
    # One, or three or more parties: sorted so that a point comes after
    # every point that dominates it, then compared block by block with the
    # points kept (positions._frontier).
    kept = maximal(np.ascontiguousarray(pts.T), np.arange(pts.shape[1], dtype=np.int64))
    return rational[kept].astype(np.int64)


def _prune_two(pts: FloatArray) -> IntArray:
    """Indices of the points that may be on a two-party frontier: it drops,
    without sorting, every point that a point of a higher bin of the first
    utility beats on the second (such a point is strictly better on both,
    since binning is monotone). Exact; the sort then runs on what is left."""
    n = pts.shape[1]
    if n < 4096:
        return np.arange(n, dtype=np.int64)
    first, second = pts[0], pts[1]
    low, high = float(first.min()), float(first.max())
    if not high > low:
        return np.arange(n, dtype=np.int64)
    bins = int(np.sqrt(n))
    index = np.minimum(((first - low) * (bins / (high - low))).astype(np.int64), bins - 1)
    best = np.full(bins, -np.inf)
    np.maximum.at(best, index, second)
    # The best second utility among the points of strictly higher bins.
    above = np.concatenate((np.maximum.accumulate(best[::-1])[::-1][1:], [-np.inf]))
    return np.flatnonzero(second >= above[index]).astype(np.int64)


def disagreement_point(
    utilities: npt.ArrayLike, *, reservations: Sequence[float | None] | None = None
) -> FloatArray:
    """``d_p = max(r_p, min over all outcomes of U_p)`` for each party.

    Examples
    --------
    >>> from positions import disagreement_point
    >>> disagreement_point([[0.2, 0.9], [0.1, 0.7]], reservations=[0.5, None])
    array([0.5, 0.1])
    """
    u = _as_utilities(utilities)
    d: FloatArray = np.maximum(_reservations(u, reservations), u.min(axis=1))
    return d


def _pick(frontier: IntArray, scores: FloatArray, best: str) -> int | None:
    """The frontier outcome with the best score (the first of tied ones)."""
    if frontier.size == 0:
        return None
    k = int(np.argmax(scores) if best == "max" else np.argmin(scores))
    return int(frontier[k])


def _frontier(
    u: FloatArray, frontier: npt.ArrayLike | None, reservations: Sequence[float | None] | None
) -> IntArray:
    if frontier is None:
        return pareto_frontier(u, reservations=reservations)
    return np.sort(np.asarray(frontier, dtype=np.int64))


def nash_point(
    utilities: npt.ArrayLike,
    frontier: npt.ArrayLike | None = None,
    *,
    reservations: Sequence[float | None] | None = None,
) -> int | None:
    """The index of the Nash bargaining point: the frontier outcome that
    maximises ``prod_p (U_p - d_p)``; ``None`` if the frontier is empty.

    Examples
    --------
    >>> from positions import nash_point
    >>> nash_point([[1.0, 0.6, 0.2], [0.0, 0.5, 0.9]])
    1
    """
    u = _as_utilities(utilities)
    front = _frontier(u, frontier, reservations)
    d = disagreement_point(u, reservations=reservations)
    return _pick(front, *_rule("nash", u[:, front], d, u.max(axis=1)))


def kalai_smorodinsky_point(
    utilities: npt.ArrayLike,
    frontier: npt.ArrayLike | None = None,
    *,
    reservations: Sequence[float | None] | None = None,
) -> int | None:
    """The index of the Kalai-Smorodinsky point: the frontier outcome whose
    gains relative to each party's best possible gain,
    ``(U_p - d_p) / (max U_p - d_p)``, are most nearly equal.

    Examples
    --------
    >>> from positions import kalai_smorodinsky_point
    >>> kalai_smorodinsky_point([[1.0, 0.6, 0.2], [0.0, 0.5, 0.9]])
    1
    """
    u = _as_utilities(utilities)
    front = _frontier(u, frontier, reservations)
    d = disagreement_point(u, reservations=reservations)
    return _pick(front, *_rule("kalai_smorodinsky", u[:, front], d, u.max(axis=1)))


def egalitarian_point(
    utilities: npt.ArrayLike,
    frontier: npt.ArrayLike | None = None,
    *,
    reservations: Sequence[float | None] | None = None,
) -> int | None:
    """The index of the egalitarian point: the frontier outcome maximising
    the smallest gain ``min_p (U_p - d_p)`` (NegMAS's "kalai" point).

    Examples
    --------
    >>> from positions import egalitarian_point
    >>> egalitarian_point([[1.0, 0.6, 0.2], [0.0, 0.5, 0.9]])
    1
    """
    u = _as_utilities(utilities)
    front = _frontier(u, frontier, reservations)
    d = disagreement_point(u, reservations=reservations)
    return _pick(front, *_rule("egalitarian", u[:, front], d, u.max(axis=1)))


def utilitarian_point(
    utilities: npt.ArrayLike,
    frontier: npt.ArrayLike | None = None,
    *,
    reservations: Sequence[float | None] | None = None,
) -> int | None:
    """The index of the utilitarian point: the frontier outcome with the
    largest sum of utilities, ``sum_p U_p`` (the maximum-welfare point).

    Examples
    --------
    >>> from positions import utilitarian_point
    >>> utilitarian_point([[1.0, 0.6, 0.2], [0.0, 0.5, 0.9]])
    1
    """
    u = _as_utilities(utilities)
    front = _frontier(u, frontier, reservations)
    d = disagreement_point(u, reservations=reservations)
    return _pick(front, *_rule("utilitarian", u[:, front], d, u.max(axis=1)))


def asymmetric_nash_point(
    utilities: npt.ArrayLike,
    weights: Sequence[float],
    frontier: npt.ArrayLike | None = None,
    *,
    reservations: Sequence[float | None] | None = None,
) -> int | None:
    """The index of the asymmetric (weighted) Nash point: the frontier
    outcome maximising ``prod_p (U_p - d_p) ** c_p``, with ``c_p`` the
    party weights normalised to sum 1 (capabilities, for instance). Equal
    weights give :func:`nash_point`.

    Examples
    --------
    >>> from positions import nash_point, asymmetric_nash_point
    >>> u = [[1.0, 0.8, 0.5, 0.2, 0.0], [0.0, 0.3, 0.6, 0.85, 0.9]]
    >>> nash_point(u), asymmetric_nash_point(u, [1, 1]), asymmetric_nash_point(u, [1, 9])
    (2, 2, 3)
    """
    u = _as_utilities(utilities)
    c = _party_weights(weights, u.shape[0])
    front = _frontier(u, frontier, reservations)
    d = disagreement_point(u, reservations=reservations)
    return _pick(front, *_rule("asymmetric_nash", u[:, front], d, u.max(axis=1), c))


def _party_weights(weights: Sequence[float], parties: int) -> FloatArray:
    c = np.asarray(weights, dtype=np.float64)
    if c.shape != (parties,) or not np.all(np.isfinite(c)) or np.any(c < 0) or c.sum() <= 0:
        msg = f"give one finite weight >= 0 per party, not all 0 (got {list(weights)!r})"
        raise InvalidArgumentError(msg)
    out: FloatArray = c / c.sum()
    return out


def _rule(
    name: str,
    uf: FloatArray,
    d: FloatArray,
    top: FloatArray,
    c: FloatArray | None = None,
) -> tuple[FloatArray, str]:
    """The scores of a solution rule over the frontier utilities ``uf``
    (one column per frontier outcome), given the disagreement point ``d``
    and each party's best utility over the whole space ``top``, and whether
    the best score is the largest or the smallest. One definition serves
    every path that picks a point, so that they agree number for number."""
    gains = uf - d[:, None]
    if name == "nash":
        return np.prod(gains, axis=0), "max"
    if name == "kalai_smorodinsky":
        span = top - d
        ratio = np.where(span[:, None] > 0, gains / np.where(span > 0, span, 1.0)[:, None], gains)
        return ratio.max(axis=0) - ratio.min(axis=0), "min"
    if name == "egalitarian":
        return gains.min(axis=0), "max"
    if name == "utilitarian":
        return uf.sum(axis=0), "max"
    assert name == "asymmetric_nash"
    assert c is not None
    clipped = np.clip(gains, 0.0, None)
    # log(0) is -inf, and 0 * -inf (a party of weight 0 that gains nothing)
    # is nan: both are masked by the where.
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(c[:, None] > 0, c[:, None] * np.log(clipped), 0.0)
    # A zero gain for a party with weight gives a product of 0: -inf in logs.
    scores = np.where(np.all((clipped > 0) | (c[:, None] == 0), axis=0), logs.sum(axis=0), -np.inf)
    # When every product is 0, the first frontier outcome (argmax of all -inf).
    return scores, "max"


def opposition(utilities: npt.ArrayLike, best: Sequence[float] | None = None) -> float:
    """How opposed the parties are: the smallest Euclidean distance, over
    the outcomes, from the outcome's utilities to the point where every
    party gets its best (``best``, one utility per party; default 1 for
    each, the utility of a position's ideal). 0 when one outcome is the
    ideal of all. This is NegMAS's ``opposition_level`` with its default
    ``max_utils=1``, computed on every outcome given rather than a sample.

    Examples
    --------
    >>> from positions import opposition
    >>> opposition([[1.0, 0.5, 0.0], [0.0, 0.5, 1.0]])
    0.7071067811865476
    >>> opposition([[1.0, 0.5], [1.0, 0.2]])
    0.0
    >>> opposition([[0.8, 0.5], [0.6, 0.2]], best=[0.8, 0.6])
    0.0
    """
    u = _as_utilities(utilities)
    if u.shape[1] == 0:
        raise InvalidArgumentError("opposition needs at least one outcome")
    top = np.ones(u.shape[0]) if best is None else np.asarray(best, dtype=np.float64)
    if top.shape != (u.shape[0],) or not np.all(np.isfinite(top)):
        raise InvalidArgumentError(f"give one finite best utility per party ({u.shape[0]})")
    return float(np.sqrt(((top[:, None] - u) ** 2).sum(axis=0)).min())


#: Which outcomes the solutions are chosen from.
Within: TypeAlias = Literal["rational", "zone"]
WITHIN: tuple[Within, ...] = ("rational", "zone")


#: A compromise or median as a number: a scale value, an ordinal rank, one
#: share per item, or (categorical issues) the level itself.
PredictionNumber: TypeAlias = float | tuple[float, ...] | str


@attrs.frozen
class Prediction(Result):
    """The compromise prediction and the weighted median of the parties'
    ideals on one issue.

    ``compromise`` and ``median`` are the numbers they are computed on (a
    scale value, an ordinal rank, the share of each item, or for a
    categorical issue the level); ``compromise_value`` and ``median_value``
    are values of the issue (an ordinal rank rounded to a level, half-way
    going up; an indivisible item's share rounded to 0 or 1, a half going
    to 1). ``rests_on``: the ideals and saliences on the issue that are not
    stated.

    Examples
    --------
    >>> from positions import Prediction
    >>> Prediction("tariff", 12.5, 10.0, 12.5, 10.0).compromise
    12.5
    """

    issue: str
    compromise: PredictionNumber
    median: PredictionNumber
    compromise_value: Value
    median_value: Value
    rests_on: tuple[Claim, ...] = ()


def _compromise_weight(position: Position, issue_id: str) -> float:
    """A position's weight on one issue in the compromise: its salience as
    given times its party's capability (1 where none is given); 0 if it
    does not address the issue."""
    if issue_id not in position.issue_ids:
        return 0.0
    capability = 1.0 if position.party.capability is None else position.party.capability
    return position.stance(issue_id).salience * capability


def _ideal_weights(positions: Sequence[Position], issue_id: str) -> list[tuple[Stance, float]]:
    """The stances on ``issue_id`` with their weights in the compromise:
    salience (as given, not renormalised over the position's issues: with
    one issue per position, as in actor tables, every normalised weight
    would be 1 and the salience lost) times capability (1 where none is
    given)."""
    out = [
        (p.stance(issue_id), _compromise_weight(p, issue_id))
        for p in positions
        if issue_id in p.issue_ids
    ]
    if not out or sum(w for _, w in out) <= 0:
        msg = f"no position gives issue {issue_id!r} a positive weight"
        raise InvalidArgumentError(msg)
    return out


def _coordinates(stance: Stance) -> list[float]:
    """An ideal as numbers: a scale value, an ordinal rank, or one share
    per item."""
    issue, ideal = stance.issue, stance.ideal
    if isinstance(issue, ScaleIssue):
        return [float(ideal)]  # type: ignore[arg-type]
    if isinstance(issue, OrdinalIssue):
        return [float(issue.rank(str(ideal)))]
    assert isinstance(ideal, tuple)
    return [float(x) for x in ideal]


def _mean(xs: Sequence[float], weights: Sequence[float]) -> float:
    """The weighted mean; exactly the common value when all are equal (the
    floating-point sum of equal terms need not give it back)."""
    if min(xs) == max(xs):
        return float(xs[0])
    return float(np.average(xs, weights=weights))


def _median(xs: Sequence[float], weights: Sequence[float]) -> float:
    order = np.argsort(xs, kind="stable")
    cumulative = np.cumsum(np.asarray(weights)[order])
    k = int(np.searchsorted(cumulative, cumulative[-1] / 2))
    return float(np.asarray(xs)[order][k])


def _plurality(stances: Sequence[tuple[Stance, float]]) -> str:
    """The level with the most weight; of tied levels, the first in the
    issue's order."""
    issue = stances[0][0].issue
    assert isinstance(issue, CategoricalIssue)
    totals = dict.fromkeys(issue.levels, 0.0)
    for stance, w in stances:
        totals[str(stance.ideal)] += w
    return max(issue.levels, key=lambda lv: totals[lv])


def _combine(positions: Sequence[Position], issue_id: str, how: str) -> PredictionNumber:
    stances = _ideal_weights(positions, issue_id)
    if isinstance(stances[0][0].issue, CategoricalIssue):
        return _plurality(stances)
    coords = [_coordinates(s) for s, _ in stances]
    weights = [w for _, w in stances]
    per_axis = [
        _mean(axis, weights) if how == "mean" else _median(axis, weights)
        for axis in zip(*coords, strict=True)
    ]
    if isinstance(stances[0][0].issue, ItemsIssue):
        return tuple(per_axis)
    return per_axis[0]


def compromise(positions: Sequence[Position], issue_id: str) -> PredictionNumber:
    """The compromise prediction on one issue: the mean of the positions'
    ideals weighted by salience (as given, not renormalised over each
    position's issues) times the party's capability (1 where none is
    given). On an ordinal issue the mean of the ranks; on a weighted-item
    issue the mean share of each item; on a categorical issue, which has no
    mean, the weighted plurality: the level whose supporters weigh most,
    the first in the issue's order when levels tie.

    Examples
    --------
    >>> from positions import compromise
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> compromise(case.positions, "years")
    25.0
    >>> compromise(case.positions, "berths"), compromise(case.positions, "customs")
    ((0.3333333333333333, 1.0, 0.3333333333333333), 'city')
    """
    return _combine(positions, issue_id, "mean")


def weighted_median(positions: Sequence[Position], issue_id: str) -> PredictionNumber:
    """The weighted median of the positions' ideals, with the weights of
    :func:`compromise`: the smallest ideal at which the cumulative weight
    reaches half the total (ordinal: of the ranks; weighted items: of each
    item's share, item by item; categorical: the weighted plurality, as for
    :func:`compromise`).

    Examples
    --------
    >>> from positions import weighted_median
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> weighted_median(case.positions, "years"), weighted_median(case.positions, "berths")
    (10.0, (0.0, 1.0, 0.0))
    """
    return _combine(positions, issue_id, "median")


def _as_value(issue: Issue, x: PredictionNumber) -> Value:
    """A prediction as a value of the issue."""
    if isinstance(issue, OrdinalIssue):
        assert isinstance(x, float)
        # Half-way between two levels goes up, always: Python's round()
        # would send 0.5 down and 1.5 up.
        return issue.levels[math.floor(x + 0.5)]
    if isinstance(issue, ItemsIssue):
        assert isinstance(x, tuple)
        return tuple(
            share if item.divisible else float(math.floor(share + 0.5))
            for item, share in zip(issue.items, x, strict=True)
        )
    return x


@attrs.frozen(eq=False)
class Solution(Result):
    """The solutions of :func:`solve` over one outcome space: indices into
    the space (``None`` where the frontier is empty).

    ``within`` says which outcomes the frontier and every point are chosen
    from: ``"rational"``, every outcome each party values at least at its
    reservation level (NegMAS's semantics), or ``"zone"``, the zone of
    agreement, every outcome inside every party's red lines as well.
    ``zone`` lists the zone of agreement (red lines and reservation levels);
    ``red_line_zone`` the outcomes inside every red line, whatever the
    utilities (non-empty exactly when :func:`positions.overlap` finds a zone
    on the same issues, when the space holds every bound of the red lines).
    ``utilitarian`` maximises the sum of utilities, ``asymmetric_nash`` the
    Nash product weighted by the parties' capabilities (1 where none is
    given; ``None`` when every capability is 0), and ``opposition``
    is :func:`opposition` over the space.

    ``rests_on`` lists the claims of the positions that are not stated: every
    point rests on all of them (ideals and saliences make the utilities,
    reservation levels the disagreement point and the frontier, acceptable
    sets the zone).

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> s = positions.solve(case.positions, positions.OutcomeSpace.grid(case.issues))
    >>> s.nash in s.frontier, len(s.space)
    (True, 264)
    """

    positions: tuple[str, ...]
    space: OutcomeSpace
    evaluation: Evaluation
    frontier: IntArray
    nash: int | None
    kalai_smorodinsky: int | None
    egalitarian: int | None
    zone: IntArray
    disagreement: FloatArray
    predictions: tuple[Prediction, ...]
    rests_on: tuple[Claim, ...] = ()
    within: Within = "rational"
    utilitarian: int | None = None
    asymmetric_nash: int | None = None
    opposition: float | None = None
    red_line_zone: IntArray = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))


def solve(
    positions: Sequence[Position],
    space: OutcomeSpace,
    *,
    measure: MeasureChoice = None,
    within: Within = "rational",
) -> Solution:
    """Evaluate ``space`` for ``positions`` (one per party) and compute
    every solution, over the rational outcomes (``within="rational"``, the
    default and NegMAS's semantics: reservation levels only) or over the
    zone of agreement (``within="zone"``: every party's red lines and
    reservation levels honoured).

    .. versionchanged:: 0.1
       ``within``, and the utilitarian and asymmetric Nash points.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> space = positions.OutcomeSpace.grid(case.issues, shares=(0.0, 0.5, 1.0))
    >>> s = positions.solve(case.positions, space)
    >>> s.space.offer(s.nash).value("customs"), len(s.zone)
    ('operator', 2)
    """
    if not positions:
        raise InvalidArgumentError("solve needs at least one position")
    if within not in WITHIN:
        msg = f"within must be one of {list(WITHIN)!r} (got {within!r})"
        raise InvalidArgumentError(msg)
    return solve_evaluated(positions, space, evaluate(positions, space, measure=measure), within)


def solve_evaluated(
    positions: Sequence[Position], space: OutcomeSpace, ev: Evaluation, within: Within
) -> Solution:
    """:func:`solve` on an evaluation already made (so that the report can
    solve within the zone and over the rational outcomes on one
    evaluation)."""
    reservations = [p.reservation for p in positions]
    zone = ev.acceptable.all(axis=0)
    front = pareto_frontier(
        ev.utility, reservations=reservations, among=zone if within == "zone" else None
    )
    capabilities = [1.0 if p.party.capability is None else p.party.capability for p in positions]
    predictions = []
    for issue in space.issues:
        # No prediction on an issue no position gives a weight (salience
        # times capability): there is no ideal to average.
        if not any(_compromise_weight(p, issue.id) > 0 for p in positions):
            continue
        c = compromise(positions, issue.id)
        m = weighted_median(positions, issue.id)
        predictions.append(
            Prediction(
                issue.id,
                c,
                m,
                _as_value(issue, c),
                _as_value(issue, m),
                rests_on=rests_on(
                    p.claim(kind, issue.id)
                    for p in positions
                    if issue.id in p.issue_ids
                    for kind in ("ideal", "salience")
                ),
            )
        )
    return Solution(
        positions=tuple(p.id for p in positions),
        space=space,
        evaluation=ev,
        frontier=front,
        nash=nash_point(ev.utility, front, reservations=reservations),
        kalai_smorodinsky=kalai_smorodinsky_point(ev.utility, front, reservations=reservations),
        egalitarian=egalitarian_point(ev.utility, front, reservations=reservations),
        zone=np.flatnonzero(zone).astype(np.int64),
        disagreement=disagreement_point(ev.utility, reservations=reservations),
        predictions=tuple(predictions),
        rests_on=rests_on(c for p in positions for c in p.claims),
        within=within,
        utilitarian=utilitarian_point(ev.utility, front, reservations=reservations),
        asymmetric_nash=asymmetric_nash_point(
            ev.utility, capabilities, front, reservations=reservations
        )
        if sum(capabilities) > 0
        else None,
        opposition=opposition(ev.utility) if len(space) else None,
        red_line_zone=np.flatnonzero(
            np.ones(len(space), dtype=bool) if ev.inside is None else ev.inside.all(axis=0)
        ).astype(np.int64),
    )


#: The solution points of a :class:`Solution`, by attribute name.
POINTS: tuple[str, ...] = (
    "nash",
    "kalai_smorodinsky",
    "egalitarian",
    "utilitarian",
    "asymmetric_nash",
)


@attrs.frozen
class OfferDistance(Result):
    """Where one offer lies in utility space relative to a
    :class:`Solution`: its utility to each position (in the solution's
    order), the Euclidean distance to the nearest outcome of the solution's
    frontier (0 for an efficient offer; ``None`` when the frontier is empty)
    and to each point (by name, as in :data:`POINTS`; ``None`` where the
    point does not exist).

    Examples
    --------
    >>> from positions import OfferDistance
    >>> d = OfferDistance("deal", (0.5, 0.4), 0.1, {"nash": 0.2})
    >>> d.to_frontier <= d.to_points["nash"]
    True
    """

    offer: str
    utilities: tuple[float, ...]
    to_frontier: float | None
    to_points: dict[str, float | None]


def offer_distance(
    solution: Solution,
    positions: Sequence[Position],
    offer: Offer,
    *,
    measure: MeasureChoice = None,
) -> OfferDistance:
    """How far ``offer`` is, in utility space, from the frontier and from
    each point of ``solution``, for the ``positions`` it was solved for (the
    same, in the same order). The offer must settle every issue of the
    solution's space.

    Examples
    --------
    >>> from positions import offer_distance
    >>> import positions
    >>> harbour = positions.load_case("harbour")
    >>> grid = positions.case_grid(harbour)
    >>> inside = positions.solve(harbour.positions, grid, within="zone")
    >>> d = offer_distance(inside, harbour.positions, harbour.offer("compromise"))
    >>> d.to_frontier, round(d.to_points["nash"], 3)
    (0.0, 0.052)
    """
    if not isinstance(solution, Solution):
        raise InvalidArgumentError(f"expected a Solution, not {type(solution).__name__}")
    if not isinstance(offer, Offer):
        raise InvalidArgumentError(f"expected an Offer, not {type(offer).__name__}")
    ids = tuple(getattr(p, "id", None) for p in positions)
    if ids != solution.positions:
        msg = (
            f"give the positions the solution was made for, in its order "
            f"({list(solution.positions)!r}), not {list(ids)!r}"
        )
        raise InvalidArgumentError(msg)
    here = utilities(positions, OutcomeSpace.of(solution.space.issues, [offer]), measure=measure)[
        :, 0
    ]
    u = solution.evaluation.utility
    front = solution.frontier
    to_frontier = (
        float(np.sqrt(((u[:, front] - here[:, None]) ** 2).sum(axis=0)).min())
        if front.size
        else None
    )
    to_points: dict[str, float | None] = {}
    for name in POINTS:
        k = getattr(solution, name)
        to_points[name] = None if k is None else float(np.sqrt(((u[:, k] - here) ** 2).sum()))
    return OfferDistance(offer.id, tuple(float(x) for x in here), to_frontier, to_points)
