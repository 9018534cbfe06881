"""Sensitivity of the measures to uncertain saliences, by Monte Carlo.

Saliences are almost always the analyst's judgement. Here each draw
replaces a position's normalised weights ``w`` by a draw from the Dirichlet
distribution with parameters ``concentration * w`` (mean ``w``; the larger
the concentration, the closer the draws stay to ``w``); issues of weight 0
keep weight 0. All draws of all positions are evaluated at once with NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np

from positions._engine import FloatArray, check_seed
from positions._limits import expected_number
from positions._measures import MeasureChoice, check_measure, issue_terms, measure_for
from positions._model import Offer, Position
from positions.exceptions import InvalidArgumentError

__all__ = ["OfferSensitivity", "PositionSensitivity", "Sensitivity", "sensitivity"]


@attrs.frozen
class PositionSensitivity:
    """For one position and one offer: how often the offer is acceptable
    over the draws, and the spread of the concession.

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


def _weight_draws(
    position: Position, draws: int, concentration: float, rng: np.random.Generator
) -> FloatArray:
    w = np.array([position.weight(i) for i in position.issue_ids])
    out = np.zeros((draws, w.size))
    positive = w > 0
    # A tiny weight times a small concentration can round to 0, which the
    # Dirichlet distribution refuses: keep it at the smallest normal float.
    alpha = np.maximum(concentration * w[positive], np.finfo(np.float64).tiny)
    out[:, positive] = rng.dirichlet(alpha, size=draws)
    return out


def sensitivity(
    positions: Sequence[Position],
    offers: Sequence[Offer],
    *,
    draws: int = 10_000,
    seed: int | None = None,
    concentration: float = 50.0,
    measure: MeasureChoice = None,
) -> Sensitivity:
    """Monte Carlo over the positions' saliences: for each offer, the
    probability that it is acceptable to each position and to all at once,
    and the mean, standard deviation and 5th and 95th percentiles of each
    concession. Reproducible for a given ``seed``.

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
    check_measure([i for p in positions for i in p.issues], measure)
    rng = np.random.default_rng(seed)
    weights = [_weight_draws(p, draws, concentration, rng) for p in positions]
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
            rows.append(
                PositionSensitivity(
                    position=position.id,
                    p_acceptable=float(ok.mean()),
                    concession_mean=float(concession.mean()),
                    concession_std=float(concession.std()),
                    concession_p05=float(np.quantile(concession, 0.05)),
                    concession_p95=float(np.quantile(concession, 0.95)),
                )
            )
        results.append(OfferSensitivity(offer.id, tuple(rows), float(all_ok.mean())))
    return Sensitivity(draws, seed, float(concentration), tuple(results))
