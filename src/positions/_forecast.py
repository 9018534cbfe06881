"""Forecasts: one interface to the models that predict what a negotiation
decides on each issue (:func:`predict`).

Every model is given the same positions (by default each party's latest),
and gives one value of each issue it can predict, a value of the issue's
own domain, with its diagnostics and the claims the prediction rests on.
The models (see ``docs/explanation/forecasting.md``):

``compromise``, ``median``
    The salience-times-capability weighted mean and median of the ideals
    (:func:`positions.compromise`, :func:`positions.weighted_median`).
``mean``, ``plain-median``
    Baselines: the unweighted mean and median of the ideals (a categorical
    issue: the unweighted plurality).
``nash``, ``nash-zone``, ``asymmetric-nash``
    The Nash bargaining point over the case's grid of outcomes
    (:func:`positions.case_grid`), among the rational outcomes or within
    the zone of agreement, and the Nash point weighted by capability.
    These are joint: one outcome of every issue of the grid.
``bridge``
    The bridging proposal (:func:`positions.bridge`).
``reference``
    Baseline: the issue's reference point (the status quo), where the case
    records one (:meth:`positions.Case.reference`).
``expected-utility``
    The expected-utility model of Bueno de Mesquita as replicated by
    Scholz, Calbert and Smith (2011), on scale issues
    (:func:`positions.expected_utility_model`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeAlias, get_args

import attrs
import numpy as np

from positions._data import Result
from positions._issues import CategoricalIssue, Issue, ItemsIssue, OrdinalIssue, ScaleIssue, Value
from positions._measures import rests_on
from positions._model import Case, Claim, Position
from positions._solutions import (
    PredictionNumber,
    _as_value,
    _coordinates,
    _mean,
    _median,
    compromise,
    weighted_median,
)
from positions.exceptions import InvalidArgumentError

__all__ = ["MODELS", "Forecast", "IssueForecast", "Model", "predict"]

#: The models :func:`predict` runs.
Model: TypeAlias = Literal[
    "compromise",
    "median",
    "mean",
    "plain-median",
    "nash",
    "nash-zone",
    "asymmetric-nash",
    "bridge",
    "reference",
    "expected-utility",
]
MODELS: tuple[Model, ...] = get_args(Model)
#: The models that read the positions' ideals and saliences only through a
#: baseline rule, with no bargaining (the yardsticks of a backtest).
BASELINES: tuple[Model, ...] = ("reference", "mean")

Diagnostic: TypeAlias = float | int | str | bool | None


@attrs.frozen
class IssueForecast(Result):
    """One model's prediction on one issue.

    ``value`` is a value of the issue (an ordinal level, a share of each
    item, a level of a categorical issue); ``number`` is what the model
    computed before it was made one (a scale value, a mean rank, shares).
    ``diagnostics`` are the model's own figures for the issue (for the
    expected-utility model, the rounds run and whether it converged; for
    a Nash point, each position's utility). ``rests_on`` lists the claims
    the prediction uses that are not stated, and ``notes`` what else it
    rests on (a reference point that is not stated, a convention).

    Examples
    --------
    >>> import positions
    >>> f = positions.predict(positions.load_case("harbour"), "compromise")
    >>> f.issue("years").value
    25.0
    """

    issue: str
    value: Value
    number: PredictionNumber
    diagnostics: tuple[tuple[str, Diagnostic], ...] = ()
    rests_on: tuple[Claim, ...] = ()
    notes: tuple[str, ...] = ()

    def diagnostic(self, name: str) -> Diagnostic:
        """The diagnostic ``name``; :class:`KeyError` if the model gave none."""
        for key, value in self.diagnostics:
            if key == name:
                return value
        raise KeyError(name)


@attrs.frozen
class Forecast(Result):
    """What one model predicts a case decides: one :class:`IssueForecast`
    per issue it can predict, and for each other issue the reason it
    cannot (``skipped``: issue id and reason).

    Examples
    --------
    >>> import positions
    >>> f = positions.predict(positions.load_case("harbour"), "median")
    >>> [(p.issue, p.value) for p in f.by_issue]
    [('berths', (0.0, 1.0, 0.0)), ('years', 10.0), ('customs', 'city')]
    """

    case: str
    model: Model
    positions: tuple[str, ...]
    by_issue: tuple[IssueForecast, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    rests_on: tuple[Claim, ...] = ()

    def issue(self, issue_id: str) -> IssueForecast:
        """The prediction on ``issue_id``; :class:`KeyError` (with the reason)
        if there is none."""
        for p in self.by_issue:
            if p.issue == issue_id:
                return p
        reason = dict(self.skipped).get(issue_id, "the case has no such issue")
        raise KeyError(f"{self.model} gives no prediction on {issue_id!r}: {reason}")


def _claims(positions: Sequence[Position], issue_id: str) -> tuple[Claim, ...]:
    return rests_on(
        p.claim(kind, issue_id)
        for p in positions
        if issue_id in p.issue_ids
        for kind in ("ideal", "salience")
    )


def _unweighted(positions: Sequence[Position], issue: Issue, how: str) -> PredictionNumber:
    stances = [p.stance(issue.id) for p in positions if issue.id in p.issue_ids]
    if isinstance(issue, CategoricalIssue):
        counts = dict.fromkeys(issue.levels, 0)
        for s in stances:
            counts[str(s.ideal)] += 1
        return max(issue.levels, key=lambda lv: counts[lv])
    coords = [_coordinates(s) for s in stances]
    per_axis = [
        _mean(axis, [1.0] * len(axis)) if how == "mean" else _median(axis, [1.0] * len(axis))
        for axis in zip(*coords, strict=True)
    ]
    return tuple(per_axis) if isinstance(issue, ItemsIssue) else per_axis[0]


def _number(issue: Issue, value: Value) -> PredictionNumber:
    if isinstance(issue, OrdinalIssue):
        return float(issue.rank(str(value)))
    if isinstance(issue, CategoricalIssue):
        return str(value)
    if isinstance(issue, ItemsIssue):
        assert isinstance(value, tuple)
        return tuple(float(x) for x in value)
    return float(value)  # type: ignore[arg-type]


_Issues = Callable[[Case, Sequence[Position], Sequence[Issue], dict[str, Any]], "_Out"]
_Out = tuple[list[IssueForecast], list[tuple[str, str]]]


def _per_issue(
    rule: Callable[[Sequence[Position], Issue], PredictionNumber],
) -> _Issues:
    def run(
        case: Case, positions: Sequence[Position], issues: Sequence[Issue], _: dict[str, Any]
    ) -> _Out:
        out = []
        for issue in issues:
            number = rule(positions, issue)
            out.append(
                IssueForecast(
                    issue.id,
                    _as_value(issue, number),
                    number,
                    rests_on=_claims(positions, issue.id),
                )
            )
        return out, []

    return run


def _reference(
    case: Case, positions: Sequence[Position], issues: Sequence[Issue], _: dict[str, Any]
) -> _Out:
    out, skipped = [], []
    for issue in issues:
        ref = case.reference(issue.id)
        if ref is None:
            skipped.append((issue.id, "the case records no reference point"))
            continue
        notes = () if ref.status == "stated" else (f"the reference point is {ref.status}",)
        out.append(
            IssueForecast(
                issue.id,
                ref.value,
                _number(issue, ref.value),
                diagnostics=(("kind", ref.kind),),
                notes=notes,
            )
        )
    return out, skipped


def _alone(p: Position, issue_id: str) -> Position:
    """The position on one issue, with no reservation level."""
    judgement = attrs.evolve(p.judgement, reservation="")
    return attrs.evolve(
        p.restricted([issue_id]), reservation=None, reservation_evidence=None, judgement=judgement
    )


def _nash(point: str, within: str) -> _Issues:
    """A Nash point of each issue on its own: the positions restricted to
    the issue (so each one's utility is its valuation of the issue), no
    reservation levels (they bound a whole package, not one issue), over
    the case's grid of the issue; the asymmetric point weights each party
    by capability times salience on the issue, as the compromise does."""

    def run(
        case: Case, positions: Sequence[Position], issues: Sequence[Issue], options: dict[str, Any]
    ) -> _Out:
        from positions._select import case_grid
        from positions._solutions import asymmetric_nash_point, solve

        out, skipped = [], []
        for issue in issues:
            mine = [p for p in positions if _weight(p, issue.id) > 0]
            alone = [_alone(p, issue.id) for p in mine]
            try:
                space = case_grid(case, [issue.id], scale_points=options.get("scale_points", 101))
            except InvalidArgumentError:
                skipped.append((issue.id, "its grid of outcomes is too large: give fewer points"))
                continue
            s = solve(alone, space, within=within)  # type: ignore[arg-type]
            if point == "nash":
                index = s.nash
            else:
                weights = [_weight(p, issue.id) for p in mine]
                index = asymmetric_nash_point(s.evaluation.utility, weights, s.frontier)
            if index is None:
                skipped.append((issue.id, "no outcome within the zone of agreement"))
                continue
            value = space.offer(index).value(issue.id)
            utility = s.evaluation.utility[:, index]
            out.append(
                IssueForecast(
                    issue.id,
                    value,
                    _number(issue, value),
                    diagnostics=(
                        *(
                            (f"utility {p.id}", float(u))
                            for p, u in zip(mine, utility, strict=True)
                        ),
                        ("outcomes", len(space)),
                    ),
                    rests_on=rests_on(c for p in alone for c in p.claims),
                )
            )
        return out, skipped

    return run


def _bridge(
    case: Case, positions: Sequence[Position], issues: Sequence[Issue], _: dict[str, Any]
) -> _Out:
    from positions._bridge import bridge

    b = bridge(positions, [i.id for i in issues])
    claims = rests_on(c for p in positions for c in p.claims)
    out = [
        IssueForecast(
            t.issue.id,
            t.value,
            _number(t.issue, t.value),
            diagnostics=(("total shortfall", b.value),),
            rests_on=claims,
        )
        for t in b.offer.terms
    ]
    return out, []


#: The salience scales the expected-utility model accepts: fractions, or
#: the 0-100 scale of decision datasets (divided by 100).
_SALIENCE_SCALES = (1.0, 100.0)


def _expected_utility(
    case: Case, positions: Sequence[Position], issues: Sequence[Issue], options: dict[str, Any]
) -> _Out:
    from positions._expected_utility import ExpectedUtilityParameters, expected_utility_model

    parameters = options.get("parameters", ExpectedUtilityParameters())
    out, skipped = [], []
    for issue in issues:
        if not isinstance(issue, ScaleIssue):
            skipped.append((issue.id, f"the model needs a scale issue, not {issue.kind}"))
            continue
        mine = [p for p in positions if issue.id in p.issue_ids]
        saliences = [p.stance(issue.id).salience for p in mine]
        scale = next(s for s in (*_SALIENCE_SCALES, math.inf) if max(saliences) <= s)
        if scale == math.inf:
            msg = (
                f"issue {issue.id!r}: the expected-utility model takes saliences in [0, 1] "
                f"or [0, 100] (the largest is {max(saliences):g})"
            )
            raise InvalidArgumentError(msg)
        run = expected_utility_model(
            [1.0 if p.party.capability is None else p.party.capability for p in mine],
            [float(p.stance(issue.id).ideal) for p in mine],  # type: ignore[arg-type]
            [s / scale for s in saliences],
            parameters=parameters,
        )
        number = float(np.clip(run.prediction, issue.low, issue.high))
        notes = ("saliences read on a 0-100 scale (divided by 100)",) if scale == 100.0 else ()
        out.append(
            IssueForecast(
                issue.id,
                number,
                number,
                diagnostics=(("rounds", run.rounds_run), ("converged", run.converged)),
                rests_on=_claims(mine, issue.id),
                notes=notes,
            )
        )
    return out, skipped


_MODELS: dict[str, _Issues] = {
    "compromise": _per_issue(lambda ps, i: compromise(ps, i.id)),
    "median": _per_issue(lambda ps, i: weighted_median(ps, i.id)),
    "mean": _per_issue(lambda ps, i: _unweighted(ps, i, "mean")),
    "plain-median": _per_issue(lambda ps, i: _unweighted(ps, i, "median")),
    "nash": _nash("nash", "rational"),
    "nash-zone": _nash("nash", "zone"),
    "asymmetric-nash": _nash("asymmetric_nash", "rational"),
    "bridge": _bridge,
    "reference": _reference,
    "expected-utility": _expected_utility,
}


def predict(
    case: Case,
    model: Model = "compromise",
    *,
    positions: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    **options: Any,
) -> Forecast:
    """What ``model`` predicts the case decides, issue by issue.

    The positions are taken in the order of their ids, so the prediction
    does not depend on the order the case lists them in.

    Parameters
    ----------
    case
        The case.
    model
        One of :data:`MODELS` (see the explanation page on
        forecasting).
    positions
        The ids of the positions to use, at most one per party; default
        each party's latest position (the last dated one, or its first if
        none is dated).
    issues
        The issues to predict; default every issue some chosen position
        addresses with a positive weight (salience times capability).
    options
        ``scale_points`` (the points of each scale issue's grid in the
        Nash models, default 101, besides every value the case uses) and
        ``parameters`` (an :class:`~positions.ExpectedUtilityParameters`
        for the expected-utility model).

    Raises
    ------
    InvalidArgumentError
        For an unknown model, position or issue, two positions of one party,
        or no position.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> f = positions.predict(case, "nash")
    >>> f.issue("customs").value, f.issue("customs").diagnostic("outcomes")
    ('city', 3)
    >>> positions.predict(case, "reference").skipped[0]
    ('berths', 'the case records no reference point')
    """
    if not isinstance(case, Case):
        msg = f"predict needs a Case, not {type(case).__name__}"
        raise InvalidArgumentError(msg)
    if model not in _MODELS:
        msg = f"unknown model {model!r} (known: {', '.join(MODELS)})"
        raise InvalidArgumentError(msg)
    unknown = sorted(set(options) - {"scale_points", "parameters"})
    if unknown:
        msg = f"predict takes the options scale_points and parameters, not {unknown!r}"
        raise InvalidArgumentError(msg)
    chosen = _chosen(case, positions)
    ids = issues if issues is not None else _addressed(chosen, case)
    picked = []
    for issue_id in ids:
        try:
            picked.append(case.issue(issue_id))
        except KeyError:
            msg = f"case {case.id!r} has no issue {issue_id!r}"
            raise InvalidArgumentError(msg) from None
    skipped = []
    usable = []
    for issue in picked:
        if any(_weight(p, issue.id) > 0 for p in chosen):
            usable.append(issue)
        else:
            skipped.append((issue.id, "no position gives it a positive weight"))
    out, more = _MODELS[model](case, chosen, usable, options) if usable else ([], [])
    return Forecast(
        case.id,
        model,
        tuple(p.id for p in chosen),
        tuple(out),
        tuple(sorted(skipped + more)),
        rests_on(c for f in out for c in f.rests_on),
    )


def _weight(p: Position, issue_id: str) -> float:
    if issue_id not in p.issue_ids:
        return 0.0
    capability = 1.0 if p.party.capability is None else p.party.capability
    return p.stance(issue_id).salience * capability


def _addressed(positions: Sequence[Position], case: Case) -> list[str]:
    ids = {i for p in positions for i in p.issue_ids}
    return [i.id for i in case.issues if i.id in ids]


def _chosen(case: Case, ids: Sequence[str] | None) -> list[Position]:
    if ids is None:
        from positions._select import latest_per_party

        chosen = latest_per_party(case)
    else:
        if isinstance(ids, str):
            msg = "positions= takes a list of position ids, not one string"
            raise InvalidArgumentError(msg)
        chosen = []
        for pid in ids:
            try:
                chosen.append(case.position(pid))
            except KeyError:
                msg = f"case {case.id!r} has no position {pid!r}"
                raise InvalidArgumentError(msg) from None
        parties = [p.party.id for p in chosen]
        twice = sorted({x for x in parties if parties.count(x) > 1})
        if twice:
            msg = f"a forecast takes one position per party; two or more of {twice!r}"
            raise InvalidArgumentError(msg)
    chosen.sort(key=lambda p: p.id)
    if not chosen:
        msg = f"case {case.id!r} has no position to forecast from"
        raise InvalidArgumentError(msg)
    return chosen
