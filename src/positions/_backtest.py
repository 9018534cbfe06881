"""Backtests: score forecasts against what was decided (:func:`backtest`).

Every issue of every case whose recorded outcome is ``agreed`` is one
*scored issue*. Each model predicts it (:func:`positions.predict`), and
its error is the issue's own normalised distance between the prediction
and the outcome (DESIGN section 2: ``|x - y| / (high - low)`` on a scale,
the difference of ranks over the number of steps on an ordinal issue, 0
or 1 on a categorical one, the measure-weighted difference of shares on
weighted items), so that errors on different issues add up; each is also
given in the issue's own units.

Per model: the mean absolute error (MAE), the median absolute error, the
root mean squared error (RMSE), and the share of the scored issues on
which its error is strictly smaller than the reference-point baseline's
and the unweighted mean's (issues where either gives no prediction left
out of that share). Each comes with a percentile bootstrap interval:
``resamples`` resamples of the scored issues, drawn with replacement by a
NumPy generator seeded with ``seed``, from the issues sorted by case and
issue id, so the intervals do not depend on the order of the cases.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np

from positions._data import Result
from positions._forecast import BASELINES, MODELS, Model, predict
from positions._issues import CategoricalIssue, Issue, ItemsIssue, OrdinalIssue, ScaleIssue, Value
from positions._measures import rests_on
from positions._model import Case, Claim
from positions.exceptions import InvalidArgumentError

__all__ = ["DEFAULT_MODELS", "Backtest", "BacktestRow", "ModelScore", "backtest"]

#: The models :func:`backtest` scores unless told otherwise: every model
#: that needs no grid of outcomes, and the two baselines.
DEFAULT_MODELS: tuple[Model, ...] = (
    "compromise",
    "median",
    "expected-utility",
    "nash",
    "reference",
    "mean",
    "plain-median",
)


@attrs.frozen
class BacktestRow(Result):
    """One model's prediction of one scored issue and its error: ``error``
    on the issue's normalised scale (0 to 1), ``error_units`` in the
    issue's own units (``unit``).

    Examples
    --------
    >>> from positions import BacktestRow
    >>> BacktestRow("c", "tariff", "median", 10.0, 12.0, 0.1, 2.0, "%").error
    0.1
    """

    case: str
    issue: str
    model: str
    predicted: Value
    outcome: Value
    error: float
    error_units: float
    unit: str


@attrs.frozen
class ModelScore(Result):
    """One model's scores over the scored issues it predicts, each with its
    bootstrap interval (``*_interval``: the lower and upper percentile).

    ``beats_reference`` and ``beats_mean`` are shares of issues (None where
    no issue has both predictions).

    Examples
    --------
    >>> from positions import ModelScore
    >>> s = ModelScore("median", 2, 0.1, (0.0, 0.2), 0.1, (0.0, 0.2), 0.14, (0.0, 0.2))
    >>> s.mae, s.beats_reference
    (0.1, None)
    """

    model: str
    issues: int
    mae: float
    mae_interval: tuple[float, float]
    median: float
    median_interval: tuple[float, float]
    rmse: float
    rmse_interval: tuple[float, float]
    beats_reference: float | None = None
    beats_reference_interval: tuple[float, float] | None = None
    beats_mean: float | None = None
    beats_mean_interval: tuple[float, float] | None = None


@attrs.frozen
class Backtest(Result):
    """The result of :func:`backtest`: every row, every model's scores, and
    what could not be scored (``skipped``: case, issue, model, reason).

    ``rests_on`` says what every score rests on besides the recorded
    outcomes: the claims of the positions that are not stated.

    Examples
    --------
    >>> import positions
    >>> b = positions.backtest([positions.load_case("council-decisions")], ["median", "mean"])
    >>> [s.model for s in b.scores], b.scored
    (['median', 'mean'], 6)
    """

    cases: tuple[str, ...]
    models: tuple[str, ...]
    rows: tuple[BacktestRow, ...]
    scores: tuple[ModelScore, ...]
    skipped: tuple[tuple[str, str, str, str], ...]
    seed: int
    resamples: int
    confidence: float
    rests_on: tuple[Claim, ...] = ()

    @property
    def scored(self) -> int:
        """The number of scored issues (case and issue pairs)."""
        return len({(r.case, r.issue) for r in self.rows})

    def score(self, model: str) -> ModelScore:
        """The scores of ``model``; :class:`KeyError` if it was not scored."""
        for s in self.scores:
            if s.model == model:
                return s
        raise KeyError(model)


def errors(issue: Issue, predicted: Value, outcome: Value) -> tuple[float, float, str]:
    """The normalised error, the error in the issue's units, and the unit."""
    error = issue.distance(predicted, outcome)
    if isinstance(issue, ScaleIssue):
        return error, error * (issue.high - issue.low), issue.unit or "scale units"
    if isinstance(issue, OrdinalIssue):
        return error, error * (len(issue.levels) - 1), "levels"
    if isinstance(issue, CategoricalIssue):
        return error, error, "wrong level (0 or 1)"
    assert isinstance(issue, ItemsIssue)
    measure = issue.default_measure
    total = sum(item.measure(measure) for item in issue.items)
    return error, error * total, dict(issue.measures).get(measure, measure) or measure


def _agreed(case: Case, issue_id: str) -> Value | None:
    """The value agreed on the issue, or None if its outcome is not agreed."""
    outcome = case.outcome(issue_id)
    if outcome is None or outcome.status != "agreed":
        return None
    return outcome.value


def _interval(values: Sequence[float], confidence: float) -> tuple[float, float]:
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(np.asarray(values), [alpha, 1.0 - alpha])
    return float(low), float(high)


def _statistics(e: np.ndarray[Any, np.dtype[np.float64]]) -> tuple[float, float, float]:
    return float(np.mean(e)), float(np.median(e)), float(np.sqrt(np.mean(e**2)))


def _share(wins: np.ndarray[Any, np.dtype[np.float64]]) -> float:
    return float(np.mean(wins))


def backtest(
    cases: Sequence[Case],
    models: Sequence[Model] = DEFAULT_MODELS,
    *,
    seed: int = 0,
    resamples: int = 2000,
    confidence: float = 0.95,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Score ``models`` on every issue of ``cases`` whose outcome is agreed.

    Each case is forecast from each party's latest position (see
    :func:`positions.predict`). The reference-point and mean baselines are
    run even when not listed, for the shares of issues each model beats
    them on; only the listed models are scored.

    Raises
    ------
    InvalidArgumentError
        For no case, an unknown or repeated model, two cases of one id, no
        issue with an agreed outcome, ``resamples < 1`` or ``confidence``
        outside (0, 1).

    Examples
    --------
    >>> import positions
    >>> b = positions.backtest([positions.load_case("council-decisions")], ["compromise"])
    >>> s = b.score("compromise")
    >>> s.issues, round(s.mae, 3), [round(x, 3) for x in s.mae_interval]
    (6, 0.053, [0.017, 0.095])
    """
    cases = list(cases)
    models = list(models)
    if not cases or not all(isinstance(c, Case) for c in cases):
        msg = "backtest needs a list of one or more cases"
        raise InvalidArgumentError(msg)
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        msg = f"two cases have the same id: {sorted({i for i in ids if ids.count(i) > 1})!r}"
        raise InvalidArgumentError(msg)
    if not models or len(set(models)) != len(models):
        msg = "backtest needs one or more models, each once"
        raise InvalidArgumentError(msg)
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        msg = f"unknown models {unknown!r} (known: {', '.join(MODELS)})"
        raise InvalidArgumentError(msg)
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 1:
        msg = f"resamples must be a whole number of at least 1 (got {resamples!r})"
        raise InvalidArgumentError(msg)
    if not 0.0 < confidence < 1.0:
        msg = f"confidence must lie strictly between 0 and 1 (got {confidence!r})"
        raise InvalidArgumentError(msg)

    run = list(dict.fromkeys([*models, *BASELINES]))
    rows: list[BacktestRow] = []
    skipped: list[tuple[str, str, str, str]] = []
    claims: list[Claim] = []
    done, total = 0, len(cases) * len(run)
    for case in sorted(cases, key=lambda c: c.id):
        scored = [i for i in case.issues if _agreed(case, i.id) is not None]
        for model in run:
            f = predict(case, model, issues=[i.id for i in scored]) if scored else None
            done += 1
            if progress is not None:
                progress(done, total)
            if f is None:
                continue
            for issue_id, reason in f.skipped:
                if model in models:
                    skipped.append((case.id, issue_id, model, reason))
            for p in f.by_issue:
                outcome = _agreed(case, p.issue)
                assert outcome is not None  # only agreed issues were asked for
                err, in_units, unit = errors(case.issue(p.issue), p.value, outcome)
                rows.append(
                    BacktestRow(case.id, p.issue, model, p.value, outcome, err, in_units, unit)
                )
                if model in models:
                    claims.extend(p.rests_on)
    if not rows:
        msg = "no case records an agreed outcome on any issue: there is nothing to score"
        raise InvalidArgumentError(msg)

    units = sorted({(r.case, r.issue) for r in rows})
    index = {u: k for k, u in enumerate(units)}
    table: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {
        m: np.full(len(units), np.nan) for m in run
    }
    for r in rows:
        table[r.model][index[(r.case, r.issue)]] = r.error
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(units), size=(resamples, len(units)))
    scores = []
    for model in models:
        e = table[model]
        have = ~np.isnan(e)
        if not have.any():
            continue
        mae, median, rmse = _statistics(e[have])
        boot = [_statistics(e[d][have[d]]) for d in draws if have[d].any()]
        fields: dict[str, Any] = {}
        for name, baseline in (("beats_reference", "reference"), ("beats_mean", "mean")):
            b = table[baseline]
            both = have & ~np.isnan(b)
            if not both.any():
                continue
            wins = (e < b).astype(float)
            fields[name] = _share(wins[both])
            fields[f"{name}_interval"] = _interval(
                [_share(wins[d][both[d]]) for d in draws if both[d].any()], confidence
            )
        scores.append(
            ModelScore(
                model,
                int(have.sum()),
                mae,
                _interval([b[0] for b in boot], confidence),
                median,
                _interval([b[1] for b in boot], confidence),
                rmse,
                _interval([b[2] for b in boot], confidence),
                **fields,
            )
        )
    return Backtest(
        tuple(sorted(ids)),
        tuple(models),
        tuple(r for r in rows if r.model in models),
        tuple(scores),
        tuple(sorted(skipped)),
        seed,
        resamples,
        confidence,
        rests_on(claims),
    )
