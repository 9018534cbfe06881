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
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np

from positions._cluster import check_client, run
from positions._data import Result
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
class PositionSensitivity(Result):
    """For one position and one offer: how often the offer is acceptable
    over the draws, and the spread of the concession; ``draws_from`` says
    how the position's saliences were drawn.

    Examples
    --------
    >>> from positions import PositionSensitivity
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
class OfferSensitivity(Result):
    """For one offer: per position, and the probability that the offer is
    acceptable to every position at once (inside the zone of agreement
    with reservation levels).

    Examples
    --------
    >>> from positions import OfferSensitivity
    >>> OfferSensitivity("o", (), 0.0).p_zone
    0.0
    """

    offer: str
    by_position: tuple[PositionSensitivity, ...]
    p_zone: float


@attrs.frozen
class Sensitivity(Result):
    """The result of :func:`sensitivity`.

    Examples
    --------
    >>> from positions import Sensitivity
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
    >>> from positions._sensitivity import quantiles
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
    picks = _picks(n, qs)
    return _interpolate(picks, _order_statistics(x, _ranks(picks)))


_Pick: TypeAlias = tuple[int, int, float]


def _picks(n: int, qs: Sequence[float]) -> list[_Pick]:
    """For each quantile of ``n`` values, as np.quantile finds it: the
    ranks either side of the virtual index ``(n - 1) * q`` and the fraction
    between; from the last rank on, the last value twice, and the fraction
    from the rank -1 it stands for."""
    picks = []
    for q in qs:
        v = (n - 1) * float(q)
        if v >= n - 1:
            picks.append((n - 1, n - 1, v + 1.0))
        else:
            below = math.floor(v)
            picks.append((below, below + 1, v - below))
    return picks


def _ranks(picks: Sequence[_Pick]) -> list[int]:
    """The ranks the quantiles are read from, sorted."""
    return sorted({r for b, a, _ in picks for r in (b, a)})


def _interpolate(picks: Sequence[_Pick], values: dict[int, float]) -> tuple[float, ...]:
    """np.quantile's interpolation between the values at the ranks, from
    the nearer end as it does."""
    out = []
    for b, a, t in picks:
        lo, hi = values[b], values[a]
        diff = hi - lo
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


#: Draws per block of :func:`sensitivity`. Block 0 draws from
#: ``np.random.default_rng(seed)``, as every run of at most this many draws
#: always has; block ``k`` from ``np.random.SeedSequence(seed,
#: spawn_key=(k,))``, a stream of its own, so that the blocks can be drawn
#: anywhere, in any order, and give the same numbers.
BLOCK = 2**20

# How wide a band of values, around each quantile that block 0 puts it at,
# the other blocks keep (in standard deviations of block 0's rank, and ranks
# more): a band that misses the quantile is widened to all the values.
_SIGMAS = 6.0
_EXTRA = 8


def block_generator(seed: int | None, block: int) -> np.random.Generator:
    """The generator block ``block`` of :func:`sensitivity`'s draws comes
    from (see :data:`BLOCK`).

    Examples
    --------
    >>> import numpy as np
    >>> from positions._sensitivity import block_generator
    >>> block_generator(7, 0).random() == np.random.default_rng(7).random()
    True
    >>> block_generator(7, 1).random() == block_generator(7, 2).random()
    False
    """
    if block == 0:
        return np.random.default_rng(seed)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


def sensitivity(
    positions: Sequence[Position],
    offers: Sequence[Offer],
    *,
    draws: int = 10_000,
    seed: int | None = None,
    concentration: float = 50.0,
    measure: MeasureChoice = None,
    salience_draws: SalienceDraws = "auto",
    block: int = BLOCK,
    client: Any = None,
    progress: Callable[[int, int], None] | None = None,
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

    The draws are made in blocks of ``block`` (:data:`BLOCK`, about a
    million, by default), each from a generator of its own
    (see :data:`positions.BLOCK`), so a run of at most ``block`` draws gives
    the numbers it always has. With more, each block is reduced where it is
    drawn to its sums, its acceptances and the few concessions near the
    quantiles (about 0.5 % of its draws, by a band around where block 0
    puts each quantile), and the blocks are combined in order: the
    probabilities and quantiles are exactly those of all the draws
    together, and the mean and standard deviation equal theirs to rounding.
    Memory holds one block's weights (8 bytes per draw and issue of each
    position) and its acceptances at a time, and the concessions kept.

    With ``client``, a ``dask.distributed.Client`` (the ``dask`` extra),
    the blocks are drawn and reduced on its cluster's workers: the same
    numbers as without, for the same ``seed`` and ``block``. ``progress``,
    if given, is called with the number of blocks done and the number in
    all.

    .. versionchanged:: 0.1
       ``salience_draws``, ``block``, ``client`` and ``progress``.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> s = positions.sensitivity(case.positions, case.offers, draws=1000, seed=0)
    >>> s.offers[0].offer, s.offers[0].p_zone
    ('compromise', 0.823)
    >>> t = positions.sensitivity(case.positions, case.offers, draws=1000, seed=0, block=300)
    >>> t.offers[0].p_zone
    0.816
    """
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise InvalidArgumentError(f"draws must be a positive integer (got {draws!r})")
    if isinstance(block, bool) or not isinstance(block, int) or block < 1:
        raise InvalidArgumentError(f"block must be a positive integer (got {block!r})")
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
    if client is not None:
        check_client(client)
    positions, offers = list(positions), list(offers)
    how = salience_draws
    if draws <= block:
        call = (offers, draws, seed, concentration, measure, how)
        results = next(run(client, _one_block, [call], shared=(positions,)))[1]
        if progress is not None:
            progress(1, 1)
    else:
        # Blocks 1 on need a seed of block 0's: one drawn here without one.
        entropy = np.random.SeedSequence().entropy if seed is None else seed
        assert isinstance(entropy, int)
        results = _blocks(
            positions, offers, draws, block, entropy, float(concentration), measure, how,
            client, progress,
        )  # fmt: skip
    return Sensitivity(draws, seed, float(concentration), results, how)


def _one_block(
    positions: Sequence[Position],
    offers: Sequence[Offer],
    draws: int,
    seed: int | None,
    concentration: float,
    measure: MeasureChoice,
    salience_draws: SalienceDraws,
) -> tuple[OfferSensitivity, ...]:
    """Every offer's sensitivity from one block of draws (run where the
    block is: here, or on a worker of a cluster)."""
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
            rows.append(_row(position, _share(ok), spread, salience_draws))
        results.append(OfferSensitivity(offer.id, tuple(rows), _share(all_ok)))
    return tuple(results)


def _row(
    position: Position,
    p_acceptable: float,
    spread: tuple[float, float, float, float],
    how: SalienceDraws,
) -> PositionSensitivity:
    mean, std, p05, p95 = spread
    return PositionSensitivity(
        position=position.id,
        p_acceptable=p_acceptable,
        concession_mean=mean,
        concession_std=std,
        concession_p05=p05,
        concession_p95=p95,
        draws_from=draws_from(position, how),
    )


@attrs.frozen(eq=False)
class _Plan:
    """What the draws are multiplied with: per position, each distinct loss
    vector of the offers (none all 0) and each distinct vector of values an
    acceptance is decided by; per offer and position, the index of its loss
    (``None`` where it asks nothing), of its values (``None`` where the red
    lines alone decide), and whether it is inside the red lines."""

    losses: tuple[tuple[FloatArray, ...], ...]
    values: tuple[tuple[FloatArray, ...], ...]
    rows: tuple[tuple[tuple[int | None, int | None, bool], ...], ...]


def _plan(positions: Sequence[Position], offers: Sequence[Offer], measure: MeasureChoice) -> _Plan:
    losses: list[dict[bytes, int]] = [{} for _ in positions]
    values: list[dict[bytes, int]] = [{} for _ in positions]
    arrays: tuple[list[list[FloatArray]], ...] = ([[] for _ in positions], [[] for _ in positions])
    rows = []
    for offer in offers:
        row = []
        for n, position in enumerate(positions):
            loss, value, settled, inside = _terms(position, offer, measure)
            li = vi = None
            if loss.any():
                li = _index(losses[n], arrays[0][n], loss)
            if inside and settled and position.reservation is not None:
                vi = _index(values[n], arrays[1][n], value)
            row.append((li, vi, inside))
        rows.append(tuple(row))
    return _Plan(
        tuple(tuple(a) for a in arrays[0]), tuple(tuple(a) for a in arrays[1]), tuple(rows)
    )


def _index(seen: dict[bytes, int], kept: list[FloatArray], x: FloatArray) -> int:
    """The index of ``x`` among the distinct vectors ``kept`` (added if new)."""
    key = x.tobytes()
    if key not in seen:
        seen[key] = len(kept)
        kept.append(x)
    return seen[key]


# Of one block, for one band of values [lo, hi]: how many concessions lie
# below it, how many equal lo, those strictly inside, and how many equal hi.
_Near: TypeAlias = tuple[int, int, FloatArray, int]
_Band: TypeAlias = tuple[float, float]


@attrs.frozen(eq=False)
class _BlockPart:
    """What one block contributes: per position and distinct concession,
    its sum, its sum of squared deviations from its own mean, and the
    values near each quantile (in the bands given, or, for block 0, in
    the bands it chose, which it returns); all the values of the
    concessions asked for whole; per position and distinct values, the
    number of acceptances; per offer, the number of draws in the zone."""

    size: int
    sums: tuple[tuple[tuple[float, float], ...], ...]
    near: tuple[tuple[tuple[_Near, ...], ...], ...]
    bands: tuple[tuple[tuple[_Band, ...], ...], ...]
    whole: dict[tuple[int, int], FloatArray]
    accepted: tuple[tuple[int, ...], ...]
    zone: tuple[int, ...]


def _block(
    positions: Sequence[Position],
    plan: _Plan,
    k: int,
    size: int,
    entropy: int,
    concentration: float,
    how: SalienceDraws,
    ranks: Sequence[int],
    draws: int,
    bands: tuple[tuple[tuple[_Band, ...], ...], ...] | None,
    whole: frozenset[tuple[int, int]],
) -> _BlockPart:
    """Draw block ``k`` of ``size`` draws and reduce it (run where the
    block is: here, or on a worker of a cluster)."""
    rng = block_generator(entropy, k)
    weights = [weight_draws(p, size, rng, concentration=concentration, how=how) for p in positions]
    sums, near, chosen = [], [], []
    kept: dict[tuple[int, int], FloatArray] = {}
    for n, w in enumerate(weights):
        s_n, near_n, bands_n = [], [], []
        for j, loss in enumerate(plan.losses[n]):
            c = w @ loss
            mean = float(c.mean())
            s_n.append((float(c.sum()), float(((c - mean) ** 2).sum())))
            band = _pilot(c, ranks, draws) if bands is None else bands[n][j]
            bands_n.append(band)
            near_n.append(tuple(_near(c, lo, hi) for lo, hi in band))
            if (n, j) in whole:
                kept[n, j] = c
        sums.append(tuple(s_n))
        near.append(tuple(near_n))
        chosen.append(tuple(bands_n))
    # Only positions with a reservation level have values to compare with it.
    levels = [math.inf if p.reservation is None else p.reservation for p in positions]
    ok = [
        [(w @ v) >= level for v in vs]
        for level, w, vs in zip(levels, weights, plan.values, strict=True)
    ]
    zone = []
    for row in plan.rows:
        all_ok: BoolArray | bool = True
        for n, (_, vi, inside) in enumerate(row):
            all_ok = _both(all_ok, inside if vi is None else ok[n][vi])
        zone.append(size * int(all_ok) if isinstance(all_ok, bool) else int(all_ok.sum()))
    return _BlockPart(
        size,
        tuple(sums),
        tuple(near),
        tuple(chosen),
        kept,
        tuple(tuple(int(a.sum()) for a in ok_n) for ok_n in ok),
        tuple(zone),
    )


def _pilot(c: FloatArray, ranks: Sequence[int], draws: int) -> tuple[_Band, ...]:
    """Disjoint bands of values, in increasing order, that hold each rank
    of all ``draws`` draws, as block 0's concessions ``c`` place them (with
    a margin of :data:`_SIGMAS` standard deviations of the rank, and
    :data:`_EXTRA` ranks more)."""
    n = c.size
    wanted = []
    for r in ranks:
        p = r / (draws - 1)
        centre = p * (n - 1)
        margin = _SIGMAS * math.sqrt(n * p * (1 - p)) + _EXTRA
        wanted.append((math.floor(centre - margin), math.ceil(centre + margin)))
    inner = sorted({x for pair in wanted for x in pair if 0 < x < n - 1})
    part = np.partition(c, inner) if inner else c
    bands: list[list[float]] = []
    for low, high in wanted:
        lo = -math.inf if low <= 0 else float(part[low])
        hi = math.inf if high >= n - 1 else float(part[high])
        if bands and lo <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], hi)
        else:
            bands.append([lo, hi])
    return tuple((lo, hi) for lo, hi in bands)


def _near(c: FloatArray, lo: float, hi: float) -> _Near:
    inside = c[(c > lo) & (c < hi)]
    at_hi = int(np.count_nonzero(c == hi)) if hi > lo else 0
    return int(np.count_nonzero(c < lo)), int(np.count_nonzero(c == lo)), inside, at_hi


def _near_statistics(
    bands: Sequence[_Band], nears: Sequence[Sequence[_Near]], ranks: Sequence[int]
) -> dict[int, float] | None:
    """The values at ``ranks`` of all the draws, from each block's values
    near them (``nears``: per block, per band); ``None`` when a rank lies
    in no band."""
    values: dict[int, float] = {}
    for b, (lo, hi) in enumerate(bands):
        below = sum(block[b][0] for block in nears)
        at_lo = sum(block[b][1] for block in nears)
        inside = np.concatenate([block[b][2] for block in nears])
        at_hi = sum(block[b][3] for block in nears)
        within: dict[int, int] = {}
        for r in ranks:
            k = r - below
            if 0 <= k < at_lo:
                values[r] = lo
            elif 0 <= k - at_lo < inside.size:
                within[r] = k - at_lo
            elif 0 <= k - at_lo - inside.size < at_hi:
                values[r] = hi
        if within:
            part = np.partition(inside, sorted(set(within.values())))
            for r, i in within.items():
                values[r] = float(part[i])
    return values if len(values) == len(ranks) else None


def _blocks(
    positions: Sequence[Position],
    offers: Sequence[Offer],
    draws: int,
    block: int,
    entropy: int,
    concentration: float,
    measure: MeasureChoice,
    how: SalienceDraws,
    client: Any,
    progress: Callable[[int, int], None] | None,
) -> tuple[OfferSensitivity, ...]:
    """Every offer's sensitivity from ``draws`` draws in blocks of
    ``block``: block 0 first, which chooses the bands of values near the
    quantiles, then the others; combined in the order of the blocks."""
    plan = _plan(positions, offers, measure)
    picks = _picks(draws, QUANTILES)
    ranks = _ranks(picks)
    sizes = [min(block, draws - start) for start in range(0, draws, block)]
    settings = (entropy, concentration, how, ranks, draws)
    shared = (positions, plan)

    def reduced(
        ks: Sequence[int],
        bands: tuple[tuple[tuple[_Band, ...], ...], ...] | None,
        whole: frozenset[tuple[int, int]] = frozenset(),
    ) -> Iterator[tuple[int, _BlockPart]]:
        calls = [(k, sizes[k], *settings, bands, whole) for k in ks]
        for i, part in run(client, _block, calls, shared=shared):
            yield ks[i], part

    # Block 0 first: it chooses the bands the others keep the values of.
    parts = dict(reduced([0], None))
    chosen = parts[0].bands
    if progress is not None:
        progress(1, len(sizes))
    for k, part in reduced(range(1, len(sizes)), chosen):
        parts[k] = part
        if progress is not None:
            progress(len(parts), len(sizes))
    ordered = [parts[k] for k in range(len(sizes))]
    spreads: list[list[tuple[float, float, float, float]]] = []
    missed: set[tuple[int, int]] = set()
    statistics: dict[tuple[int, int], dict[int, float]] = {}
    for n, losses in enumerate(plan.losses):
        for j in range(len(losses)):
            found = _near_statistics(chosen[n][j], [p.near[n][j] for p in ordered], ranks)
            if found is None:
                missed.add((n, j))
            else:
                statistics[n, j] = found
    if missed:
        # A band missed its quantile (a chance of about 1 in 10**9 per
        # quantile): those concessions are drawn again, whole.
        whole: dict[tuple[int, int], list[FloatArray]] = {key: [] for key in missed}
        again = dict(reduced(range(len(sizes)), chosen, frozenset(missed)))
        for k in range(len(sizes)):
            for key in missed:
                whole[key].append(again[k].whole[key])
        for key, arrays in whole.items():
            statistics[key] = _order_statistics(np.concatenate(arrays), ranks)
    for n, losses in enumerate(plan.losses):
        spreads.append([])
        for j in range(len(losses)):
            total = math.fsum(p.sums[n][j][0] for p in ordered)
            mean = total / draws
            squares = math.fsum(
                p.sums[n][j][1] + p.size * (p.sums[n][j][0] / p.size - mean) ** 2 for p in ordered
            )
            p05, p95 = _interpolate(picks, statistics[n, j])
            spreads[n].append((mean, math.sqrt(squares / draws), p05, p95))
    results: list[OfferSensitivity] = []
    for offer, row in zip(offers, plan.rows, strict=True):
        cells = []
        for n, (position, (li, vi, inside)) in enumerate(zip(positions, row, strict=True)):
            spread = (0.0, 0.0, 0.0, 0.0) if li is None else spreads[n][li]
            if vi is None:
                share = float(inside)
            else:
                share = sum(p.accepted[n][vi] for p in ordered) / draws
            cells.append(_row(position, share, spread, how))
        p_zone = sum(int(p.zone[len(results)]) for p in ordered) / draws
        results.append(OfferSensitivity(offer.id, tuple(cells), p_zone))
    return tuple(results)


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
