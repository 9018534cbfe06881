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
evaluated at once with NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeAlias

import attrs
import numpy as np

from positions._engine import FloatArray, check_seed
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
        out = np.zeros((draws, w.size))
        positive = w > 0
        # A tiny weight times a small concentration can round to 0, which the
        # Dirichlet distribution refuses: keep it at the smallest normal float.
        alpha = np.maximum(concentration * w[positive], np.finfo(np.float64).tiny)
        out[:, positive] = rng.dirichlet(alpha, size=draws)
        return out
    raw = np.empty((draws, w.size))
    for k, stance in enumerate(position.stances):
        r = stance.salience_range
        raw[:, k] = stance.salience if r is None else rng.uniform(r.low, r.high, size=draws)
    # Divide by the largest salience before summing, so that no sum overflows.
    raw /= raw.max(axis=1, keepdims=True).clip(min=np.finfo(float).tiny)
    total = raw.sum(axis=1, keepdims=True)
    # A draw whose saliences are all 0 (only possible with ranges down to 0)
    # keeps the stated weights.
    return np.where(total > 0, raw / np.where(total > 0, total, 1.0), w)


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
    results = []
    for offer in offers:
        rows = []
        all_ok = np.ones(draws, dtype=bool)
        for position, w in zip(positions, weights, strict=True):
            settled = np.zeros(len(position.stances), dtype=bool)
            loss = np.zeros(len(position.stances))
            value = np.zeros(len(position.stances))
            inside = True
            for k, stance in enumerate(position.stances):
                term = offer.term(stance.issue.id)
                if term is None:
                    continue
                m = measure_for(stance.issue, measure)
                c, _, member = issue_terms(stance, term.value, m)
                settled[k], loss[k] = True, c
                value[k] = stance.value(term.value, measure=m)
                inside = inside and member
            concession = w @ loss
            ok = np.full(draws, inside)
            if settled.all() and position.reservation is not None:
                ok &= (w @ value) >= position.reservation
            all_ok &= ok
            p05, p95 = np.quantile(concession, [0.05, 0.95])
            rows.append(
                PositionSensitivity(
                    position=position.id,
                    p_acceptable=float(ok.mean()),
                    concession_mean=float(concession.mean()),
                    concession_std=float(concession.std()),
                    concession_p05=float(p05),
                    concession_p95=float(p95),
                    draws_from=draws_from(position, salience_draws),
                )
            )
        results.append(OfferSensitivity(offer.id, tuple(rows), float(all_ok.mean())))
    return Sensitivity(draws, seed, float(concentration), tuple(results), salience_draws)
