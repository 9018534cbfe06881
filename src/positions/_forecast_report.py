"""The reports of ``positions predict`` and ``positions backtest``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from positions._backtest import Backtest, ModelScore
from positions._data import as_data
from positions._forecast import Forecast
from positions._model import Case
from positions._report import Report, Table, _claims_cell, _claims_data, claims_text

__all__ = ["backtest_report", "forecast_report"]


def forecast_report(case: Case, forecasts: Sequence[Forecast]) -> Report:
    """Each model's prediction of each issue, and what it rests on.

    Examples
    --------
    >>> import positions
    >>> from positions._forecast_report import forecast_report
    >>> case = positions.load_case("harbour")
    >>> r = forecast_report(case, [positions.predict(case, "median")])
    >>> r.data["forecasts"][0]["by_issue"][1]["value"]
    10.0
    """
    data: dict[str, Any] = {"case": case.id, "forecasts": [f.to_dict() for f in forecasts]}
    issues = [i.id for i in case.issues]
    rows = []
    for f in forecasts:
        for p in sorted(f.by_issue, key=lambda p: issues.index(p.issue)):
            issue = case.issue(p.issue)
            extra = "; ".join(f"{k} {_text(v)}" for k, v in p.diagnostics)
            rows.append((p.issue, f.model, issue.format_value(p.value), extra or "-"))
    table = Table(
        f"forecasts of case {case.id} from the positions "
        + ", ".join(forecasts[0].positions if forecasts else ())
        + " (diagnostics: the model's own figures)",
        ("issue", "model", "prediction", "diagnostics"),
        tuple(rows),
    )
    basis = Table(
        "what each forecast rests on (claims not stated, and the notes of the models)",
        ("model", "issue", "rests on"),
        tuple(
            (
                f.model,
                p.issue,
                "; ".join(
                    [claims_text(p.rests_on, case.positions), *p.notes]
                    if p.rests_on
                    else list(p.notes)
                )
                or "stated claims only",
            )
            for f in forecasts
            for p in f.by_issue
        ),
    )
    skipped = Table(
        "issues a model gives no prediction on, and why",
        ("model", "issue", "why"),
        tuple((f.model, issue, why) for f in forecasts for issue, why in f.skipped),
    )
    tables = [table, basis] + ([skipped] if skipped.rows else [])
    flat = Table(
        "forecasts",
        ("model", "issue", "value", "number", "diagnostics", "rests_on", "notes"),
        tuple(
            (
                f.model,
                p.issue,
                _text(as_data(p.value)),
                _text(as_data(p.number)),
                ";".join(f"{k}={_text(v)}" for k, v in p.diagnostics),
                _claims_cell(p.rests_on),
                ";".join(p.notes),
            )
            for f in forecasts
            for p in f.by_issue
        ),
    )
    return Report(data, tuple(tables), flat)


def _text(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list | tuple):
        return "(" + ", ".join(_text(x) for x in v) + ")"
    return str(v)


def _ci(value: float | None, interval: tuple[float, float] | None) -> str:
    if value is None or interval is None:
        return "-"
    return f"{value:.3f} [{interval[0]:.3f}, {interval[1]:.3f}]"


def _score_cells(s: ModelScore) -> tuple[str | int, ...]:
    return (
        s.model,
        s.issues,
        _ci(s.mae, s.mae_interval),
        _ci(s.median, s.median_interval),
        _ci(s.rmse, s.rmse_interval),
        _ci(s.beats_reference, s.beats_reference_interval),
        _ci(s.beats_mean, s.beats_mean_interval),
    )


def backtest_report(result: Backtest) -> Report:
    """Each model's scores with their intervals, every error, and what the
    scores rest on.

    Examples
    --------
    >>> import positions
    >>> from positions._forecast_report import backtest_report
    >>> b = positions.backtest([positions.load_case("council-decisions")], ["median"])
    >>> backtest_report(b).data["scores"][0]["issues"]
    6
    """
    level = f"{result.confidence:.0%}"
    data = result.to_dict()
    scores = Table(
        f"scores on {result.scored} issues with an agreed outcome, of the cases "
        f"{', '.join(result.cases)} (errors on each issue's normalised scale, 0 to 1; "
        f"[{level} bootstrap interval, {result.resamples} resamples, seed {result.seed}]; "
        "beats: the share of issues where the model's error is smaller than the reference "
        "point's or the unweighted mean's)",
        ("model", "issues", "MAE", "median", "RMSE", "beats reference", "beats mean"),
        tuple(_score_cells(s) for s in result.scores),
    )
    errors = Table(
        "each model's error on each issue (normalised, and in the issue's own units)",
        ("case", "issue", "model", "predicted", "outcome", "error", "in units"),
        tuple(
            (
                r.case,
                r.issue,
                r.model,
                _text(as_data(r.predicted)),
                _text(as_data(r.outcome)),
                round(r.error, 4),
                f"{r.error_units:.4g} {r.unit}",
            )
            for r in result.rows
        ),
    )
    basis = Table(
        "what the scores rest on: the recorded outcomes, and these claims of the positions "
        "that are not stated",
        ("rests on",),
        ((claims_text(result.rests_on) if result.rests_on else "stated claims only",),),
    )
    tables = [scores, errors, basis]
    if result.skipped:
        tables.append(
            Table(
                "issues a model could not predict, and why",
                ("case", "issue", "model", "why"),
                result.skipped,
            )
        )
    flat = Table(
        "backtest",
        (
            "model",
            "issues",
            "mae",
            "mae_low",
            "mae_high",
            "median",
            "median_low",
            "median_high",
            "rmse",
            "rmse_low",
            "rmse_high",
            "beats_reference",
            "beats_mean",
            "seed",
            "resamples",
            "confidence",
        ),
        tuple(
            (
                s.model,
                s.issues,
                s.mae,
                *s.mae_interval,
                s.median,
                *s.median_interval,
                s.rmse,
                *s.rmse_interval,
                s.beats_reference,
                s.beats_mean,
                result.seed,
                result.resamples,
                result.confidence,
            )
            for s in result.scores
        ),
    )
    data["rests_on"] = _claims_data(result.rests_on)
    return Report(data, tuple(tables), flat)
