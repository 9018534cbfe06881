"""Sensitivity of the measures to uncertain saliences, by Monte Carlo.

Saliences are almost always the analyst's judgement. Each draw replaces a
position's normalised weights ``w`` in one of two ways:

* ``dirichlet``: a draw from the Dirichlet distribution with parameters
  ``concentration * w`` (mean ``w``; the larger the concentration, the
  closer the draws stay to ``w``); issues of weight 0 keep weight 0;
* ``ranges``: each salience that has a range ``[low, high]`` in the case
  (:attr:`positions.Stance.salience_range`) is drawn uniformly from it, the
  others keep their value, and the draw is renormalised to sum 1.

``auto`` (the default) uses the ranges of a position that gives any, and
the Dirichlet draw for one that gives none. All draws of all positions are
evaluated at once with NumPy; offers that ask the same of a position share
its concession over the draws, and the quantiles of each concession come
from one partition (:func:`quantiles`), so a million draws take a fraction
of a second.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, TypeAlias

import attrs
import numpy as np

from positions._engine import BoolArray, FloatArray, check_seed
from positions._limits import expected_number
from positions._measures import MeasureChoice, check_measure, issue_terms, measure_for
from positions._model import Offer, Position
from positions.exceptions import InvalidArgumentError

__all__ = [
    "SALIENCE_DRAWS",
    "OfferSensitivity",
    "PositionSensitivity",
    "SalienceDraws",
    "Sensitivity",
    "sensitivity",
]

#: How saliences are redrawn: around the weights (Dirichlet), within the
#: ranges the case gives, or each position by what it gives.
SalienceDraws: TypeAlias = Literal["auto", "dirichlet", "ranges"]
SALIENCE_DRAWS: tuple[SalienceDraws, ...] = ("auto", "dirichlet", "ranges")


@attrs.frozen
class PositionSensitivity:
    """For one position and one offer: how often the offer is acceptable
    over the draws, and the spread of the concession; ``draws_from`` says
    how the position's saliences were drawn.

    Examples
    --------
    >>> PositionSensitivity("p", 0.5, 0.25, 0.1, 0.1, 0.4).p_acceptable
    0.5
    """

    position: str
    p_acceptable: float
    concession_mean: float
    concession_std: float
    concession_p05: float
    concession_p95: float
    draws_from: Literal["dirichlet", "ranges"] = "dirichlet"


@attrs.frozen
class OfferSensitivity:
    """For one offer: per position, and the probability that the offer is
    acceptable to every position at once (inside the zone of agreement
    with reservation levels).

    Examples
    --------
    >>> OfferSensitivity("o", (), 0.0).p_zone
    0.0
    """

    offer: str
    by_position: tuple[PositionSensitivity, ...]
    p_zone: float


@attrs.frozen
class Sensitivity:
    """The result of :func:`sensitivity`.

    Examples
    --------
    >>> Sensitivity(draws=10, seed=1, concentration=50.0, offers=()).draws
    10
    """

    draws: int
    seed: int | None
    concentration: float
    offers: tuple[OfferSensitivity, ...]
    salience_draws: SalienceDraws = "auto"


def draws_from(position: Position, how: SalienceDraws) -> Literal["dirichlet", "ranges"]:
    """Which way ``position``'s saliences are drawn under ``how``."""
    if how == "auto":
        has_ranges = any(s.salience_range is not None for s in position.stances)
        return "ranges" if has_ranges else "dirichlet"
    return how


def weight_draws(
    position: Position,
    draws: int,
    rng: np.random.Generator,
    *,
    concentration: float = 50.0,
    how: SalienceDraws = "auto",
) -> FloatArray:
    """``draws`` redrawn weight vectors of ``position`` (one row each, in
    the order of its stances, summing to 1)."""
    w = np.array([position.weight(i) for i in position.issue_ids])
    if draws_from(position, how) == "dirichlet":
        positive = w > 0
        # A tiny weight times a small concentration can round to 0, which the
        # Dirichlet distribution refuses: keep it at the smallest normal float.
        alpha = np.maximum(concentration * w[positive], np.finfo(np.float64).tiny)
        drawn = rng.dirichlet(alpha, size=draws)
        if positive.all():
            return drawn
        out = np.zeros((draws, w.size))
        out[:, positive] = drawn
        return out
    # One salience per row while drawing, each issue's draws contiguous: the
    # largest salience of each draw is then an elementwise maximum.
    raw = np.empty((w.size, draws))
    for k, stance in enumerate(position.stances):
        r = stance.salience_range
        raw[k] = stance.salience if r is None else rng.uniform(r.low, r.high, size=draws)
    # Divide by the largest salience before summing, so that no sum overflows.
    raw /= np.maximum.reduce(raw, axis=0).clip(min=np.finfo(float).tiny)
    # One draw per row again (C order) before the sum, which must add each
    # draw's saliences in the same order as ever, and for the products with
    # the per-issue losses.
    drawn = np.ascontiguousarray(raw.T)
    del raw
    total = drawn.sum(axis=1, keepdims=True)
    if (total > 0).all():
        drawn /= total
        return drawn
    # A draw whose saliences are all 0 (only possible with ranges down to 0)
    # keeps the stated weights.
    return np.where(total > 0, drawn / np.where(total > 0, total, 1.0), w)


#: The quantiles of the concession that :class:`PositionSensitivity` reports.
QUANTILES = (0.05, 0.95)

# Below this many draws the quantiles come from one partition of all of
# them; above it, from one partition of the draws near the quantiles.
_SMALL = 20_000
# How many draws the thresholds that bracket the quantiles are read from.
_SAMPLE = 4096


def quantiles(x: FloatArray, qs: Sequence[float] = QUANTILES) -> tuple[float, ...]:
    """``np.quantile(x, qs)`` (its default, linear method) for a 1-d array
    of finite numbers, the same floats, with one partition for all the
    quantiles: of ``x`` itself when it is small, else of the few values
    between thresholds, read from a sample of ``x``, that bracket each
    quantile (counted to be sure they do; where they do not, of all of
    ``x``). ``x`` is not changed.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).random(100_001)
    >>> quantiles(x) == tuple(float(v) for v in np.quantile(x, [0.05, 0.95]))
    True
    >>> quantiles(np.array([3.0, 1.0, 2.0]), [0.0, 0.5, 1.0])
    (1.0, 2.0, 3.0)
    """
    n = x.size
    if n == 0 or not all(0 <= q <= 1 for q in qs):
        raise InvalidArgumentError(f"quantiles in [0, 1] of at least one value (got {qs!r})")
    picks = []
    for q in qs:
        # As np.quantile: the virtual index (n - 1) * q, the ranks either
        # side and the fraction between; from the last rank on, the last
        # value twice, and the fraction from the rank -1 it stands for.
        v = (n - 1) * float(q)
        if v >= n - 1:
            picks.append((n - 1, n - 1, v + 1.0))
        else:
            below = math.floor(v)
            picks.append((below, below + 1, v - below))
    values = _order_statistics(x, sorted({r for b, a, _ in picks for r in (b, a)}))
    out = []
    for b, a, t in picks:
        lo, hi = values[b], values[a]
        diff = hi - lo
        # np.quantile's interpolation, from the nearer end as it does.
        out.append(hi - diff * (1 - t) if t >= 0.5 else lo + diff * t)
    return tuple(out)


def _order_statistics(x: FloatArray, ranks: Sequence[int]) -> dict[int, float]:
    """The values at ``ranks`` (0-based, sorted) of ``x`` in increasing
    order, from one partition."""
    n = x.size
    bands = _bands(x, ranks) if n > _SMALL else None
    if bands is None:
        part = np.partition(x, ranks)
        return {r: float(part[r]) for r in ranks}
    # Where each rank falls among the values kept: the values below its
    # band that are not in an earlier band are left out.
    keep = np.zeros(n, dtype=bool)
    offsets = []
    kept = 0
    for lo, hi, left_out, size in bands:
        keep |= (x >= lo) & (x <= hi)
        offsets.append(left_out - kept)
        kept += size
    part = np.partition(x[keep], [r - offsets[b] for r, b in _band_of(ranks, bands)])
    return {r: float(part[r - offsets[b]]) for r, b in _band_of(ranks, bands)}


def _band_of(
    ranks: Sequence[int], bands: Sequence[tuple[float, float, int, int]]
) -> list[tuple[int, int]]:
    """Each rank with the index of the band it lies in."""
    out = []
    for r in ranks:
        for b, (_, _, left_out, size) in enumerate(bands):  # pragma: no branch - all ranks in one
            if left_out <= r < left_out + size:
                out.append((r, b))
                break
    return out


def _bands(x: FloatArray, ranks: Sequence[int]) -> list[tuple[float, float, int, int]] | None:
    """Disjoint value ranges ``[lo, hi]``, in increasing order, that hold
    every rank wanted, each with the number of values below it and in it;
    ``None`` when a threshold read from the sample misses, or the ranges
    would hold most of ``x``."""
    n = x.size
    step = max(1, n // _SAMPLE)
    sample = np.sort(x[::step])
    m = sample.size
    ranges: list[list[float]] = []
    for r in ranks:
        p = r / (n - 1)
        # Six standard deviations of the sample rank, and a few more.
        margin = int(6 * math.sqrt(m * p * (1 - p))) + 8
        centre = int(p * (m - 1))
        lo = -math.inf if centre - margin <= 0 else float(sample[centre - margin])
        hi = math.inf if centre + margin >= m - 1 else float(sample[centre + margin])
        if ranges and lo <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], hi)
        else:
            ranges.append([lo, hi])
    bands = []
    total = 0
    for lo, hi in ranges:
        left_out = int(np.count_nonzero(x < lo))
        size = int(np.count_nonzero(x <= hi)) - left_out
        bands.append((lo, hi, left_out, size))
        total += size
    if 2 * total > n:
        return None
    for r in ranks:
        if not any(left_out <= r < left_out + size for _, _, left_out, size in bands):
            return None
    return bands


def sensitivity(
    positions: Sequence[Position],
    offers: Sequence[Offer],
    *,
    draws: int = 10_000,
    seed: int | None = None,
    concentration: float = 50.0,
    measure: MeasureChoice = None,
    salience_draws: SalienceDraws = "auto",
) -> Sensitivity:
    """Monte Carlo over the positions' saliences: for each offer, the
    probability that it is acceptable to each position and to all at once,
    and the mean, standard deviation and 5th and 95th percentiles of each
    concession. Reproducible for a given ``seed``.

    ``salience_draws`` says how saliences are redrawn (see the module):
    ``"dirichlet"`` around the stated weights with ``concentration``,
    ``"ranges"`` within the salience ranges the positions give, or
    ``"auto"`` (ranges where a position gives them, else Dirichlet).

    Offers that ask the same of a position (the same loss on each of its
    issues) share one concession over the draws, and each concession's
    quantiles come from one partition.

    .. versionchanged:: 0.1
       ``salience_draws``.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> s = positions.sensitivity(case.positions, case.offers, draws=1000, seed=0)
    >>> s.offers[0].offer, s.offers[0].p_zone
    ('compromise', 0.823)
    """
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise InvalidArgumentError(f"draws must be a positive integer (got {draws!r})")
    expected = expected_number(concentration)
    if expected is not None or not concentration > 0:
        msg = f"concentration must be {expected or 'a positive number'} (got {concentration!r})"
        raise InvalidArgumentError(msg)
    check_seed(seed)
    if not positions:
        raise InvalidArgumentError("sensitivity needs at least one position")
    if salience_draws not in SALIENCE_DRAWS:
        msg = f"salience_draws must be one of {list(SALIENCE_DRAWS)!r} (got {salience_draws!r})"
        raise InvalidArgumentError(msg)
    check_measure([i for p in positions for i in p.issues], measure)
    rng = np.random.default_rng(seed)
    weights = [
        weight_draws(p, draws, rng, concentration=concentration, how=salience_draws)
        for p in positions
    ]
    # Per position: the statistics of each distinct concession, and each
    # distinct acceptance over the draws, by the bytes of the vector the
    # draws are multiplied with.
    spreads: list[dict[bytes, tuple[float, float, float, float]]] = [{} for _ in positions]
    accepts: list[dict[bytes, BoolArray]] = [{} for _ in positions]
    results = []
    for offer in offers:
        rows = []
        all_ok: BoolArray | bool = True
        for n, (position, w) in enumerate(zip(positions, weights, strict=True)):
            loss, value, settled, inside = _terms(position, offer, measure)
            key = loss.tobytes()
            spread = spreads[n].get(key)
            if spread is None:
                # An offer that asks nothing of the position concedes exactly 0
                # under every draw (the weights are finite and >= 0).
                zero = not loss.any()
                spread = spreads[n][key] = (0.0, 0.0, 0.0, 0.0) if zero else _spread(w @ loss)
            ok: BoolArray | bool = inside
            if inside and settled and position.reservation is not None:
                vkey = value.tobytes()
                ok = accepts[n].get(vkey)  # type: ignore[assignment]
                if ok is None:
                    ok = accepts[n][vkey] = (w @ value) >= position.reservation
            all_ok = _both(all_ok, ok)
            mean, std, p05, p95 = spread
            rows.append(
                PositionSensitivity(
                    position=position.id,
                    p_acceptable=_share(ok),
                    concession_mean=mean,
                    concession_std=std,
                    concession_p05=p05,
                    concession_p95=p95,
                    draws_from=draws_from(position, salience_draws),
                )
            )
        results.append(OfferSensitivity(offer.id, tuple(rows), _share(all_ok)))
    return Sensitivity(draws, seed, float(concentration), tuple(results), salience_draws)


def _terms(
    position: Position, offer: Offer, measure: MeasureChoice
) -> tuple[FloatArray, FloatArray, bool, bool]:
    """Per stance of ``position``: the loss and the value of ``offer``'s
    term (0 where the offer leaves the issue open); whether the offer
    settles every issue of the position, and whether every term it settles
    lies inside the position's red lines."""
    loss = np.zeros(len(position.stances))
    value = np.zeros(len(position.stances))
    settled = True
    inside = True
    for k, stance in enumerate(position.stances):
        term = offer.term(stance.issue.id)
        if term is None:
            settled = False
            continue
        m = measure_for(stance.issue, measure)
        c, _, member = issue_terms(stance, term.value, m)
        loss[k] = c
        value[k] = stance.value(term.value, measure=m)
        inside = inside and member
    return loss, value, settled, inside


def _spread(concession: FloatArray) -> tuple[float, float, float, float]:
    """Mean, standard deviation, and 5th and 95th percentiles."""
    mean = float(concession.mean())
    std = float(concession.std())
    if not math.isfinite(mean):  # pragma: no cover - the losses and weights are finite
        p05, p95 = (float(q) for q in np.quantile(concession, QUANTILES))
    else:
        p05, p95 = quantiles(concession, QUANTILES)
    return mean, std, p05, p95


def _both(a: BoolArray | bool, b: BoolArray | bool) -> BoolArray | bool:
    """Acceptable under both, each either the same for every draw (a bool)
    or one per draw."""
    if a is False or b is False:
        return False
    if a is True:
        return b
    if b is True:
        return a
    return a & b


def _share(ok: BoolArray | bool) -> float:
    """The share of the draws under which ``ok`` holds, as
    ``np.ndarray.mean`` gives it."""
    return float(ok) if isinstance(ok, bool) else float(ok.mean())
