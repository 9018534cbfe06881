"""The strategies ``st.from_type`` uses for every public class of
:mod:`positions` (registered by :mod:`positions._hypothesis_plugin`).

Model objects come from :mod:`positions.strategies`. A result (an
assessment, an overlap, a solution...) is never assembled field by field:
it is what the library computes from drawn model objects, so that every
value ``st.from_type`` gives is one the library can produce. The results
are kept small (a few issues, a few outcomes) so that drawing them is fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

import positions as _p
from positions import strategies as pst
from positions._model import Reading
from positions.strategies import (
    _draw_evidence,
    _draw_issue_list,
    _draw_offer,
    _draw_outcome,
    _draw_party,
    _draw_position,
    _draw_reference,
    _draw_source,
    _unique_ids,
)

_T = TypeVar("_T")
_KINDS = pst.KINDS
_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,-", max_size=30)
_SALIENCES = st.integers(1, 10).map(float)


def _one_of(items: Sequence[_T]) -> st.SearchStrategy[_T]:
    return st.sampled_from(list(items))


def _elements(
    strategy: st.SearchStrategy[Any], items: Callable[[Any], Sequence[_T]]
) -> st.SearchStrategy[_T]:
    """One element of ``items(x)`` for a drawn ``x`` (``x`` is redrawn
    until it has one)."""
    return strategy.map(items).filter(len).flatmap(_one_of)


@st.composite
def _positions_and_offers(
    draw: st.DrawFn, *, parties: int = 2, offers: int = 1, complete: bool = False
) -> tuple[tuple[_p.Position, ...], tuple[_p.Offer, ...]]:
    """Positions of ``parties`` different parties and ``offers`` offers,
    all over one list of at most three issues."""
    pool = _draw_issue_list(draw, 1, 3, _KINDS)
    ids = _unique_ids(draw, parties + offers, parties + offers)
    ps = tuple(
        _draw_position(
            draw,
            pool,
            party=st.just(_draw_party(draw, f"{ids[k]}-party")),
            ident=ids[k],
            source=None,
            min_issues=len(pool) if complete else 1,
            reservations=st.none() | st.floats(0.0, 1.0),
            saliences=_SALIENCES,
            value_tables=st.booleans(),
            evidence=st.booleans(),
            readings=st.booleans(),
            dated=True,
        )
        for k in range(parties)
    )
    os = tuple(
        _draw_offer(
            draw,
            pool,
            partial=st.just(not complete) if complete else st.booleans(),
            ident=ids[parties + k],
            proposer=st.none(),
            source=None,
            dated=True,
        )
        for k in range(offers)
    )
    return ps, os


def _space(ps: Sequence[_p.Position]) -> _p.OutcomeSpace:
    """The grid of the positions' issues, two shares and three scale
    points: at most a few hundred outcomes."""
    issues = {s.issue.id: s.issue for p in ps for s in p.stances}
    return _p.OutcomeSpace.grid(list(issues.values()), shares=(0.0, 1.0), scale_points=3)


def _pair(draw: st.DrawFn) -> tuple[_p.Position, _p.Offer]:
    (p,), (o,) = draw(_positions_and_offers(parties=1, offers=1))
    return p, o


@st.composite
def _assessments(draw: st.DrawFn) -> _p.Assessment:
    p, o = _pair(draw)
    return _p.assess(p, _settling(p, o))


def _settling(p: _p.Position, o: _p.Offer) -> _p.Offer:
    """``o`` with the ideal of ``p`` on each issue of ``p`` it leaves open
    (so that it settles every issue of ``p``)."""
    extra = [_p.Term(s.issue, s.ideal) for s in p.stances if not o.settles(s.issue.id)]
    return attrs.evolve(o, terms=(*o.terms, *extra))


@st.composite
def _breakdowns(draw: st.DrawFn) -> _p.Breakdown:
    p, o = _pair(draw)
    return _p.concession(p, _settling(p, o))


@st.composite
def _overlaps(draw: st.DrawFn) -> _p.Overlap:
    ps, _ = draw(_positions_and_offers(parties=2, offers=0))
    return _p.overlap(*ps)


@st.composite
def _movements(draw: st.DrawFn) -> _p.Movement:
    (a, b), _ = draw(_positions_and_offers(parties=2, offers=0))
    later = _p.Position(
        f"{a.id}-later",
        party=a.party,
        stances=list(b.stances),
        source=b.source,
        date=a.date + dt.timedelta(days=1) if a.date and a.date < dt.date.max else a.date,
    )
    return _p.movement(a, later)


@st.composite
def _solutions(draw: st.DrawFn) -> _p.Solution:
    ps, _ = draw(_positions_and_offers(parties=2, offers=0, complete=True))
    return _p.solve(ps, _space(ps), within=draw(st.sampled_from(_p.WITHIN)))


@st.composite
def _frontier_solutions(draw: st.DrawFn) -> _p.FrontierSolution:
    ps, _ = draw(_positions_and_offers(parties=2, offers=0, complete=True))
    return _p.grid_solve(ps, _space(ps), within=draw(st.sampled_from(_p.WITHIN)))


@st.composite
def _evaluations(draw: st.DrawFn) -> _p.Evaluation:
    ps, _ = draw(_positions_and_offers(parties=2, offers=0, complete=True))
    return _p.evaluate(ps, _space(ps))


@st.composite
def _spaces(draw: st.DrawFn) -> _p.OutcomeSpace:
    ps, _ = draw(_positions_and_offers(parties=1, offers=0))
    return _space(ps)


@st.composite
def _offer_distances(draw: st.DrawFn) -> _p.OfferDistance:
    ps, (o,) = draw(_positions_and_offers(parties=2, offers=1, complete=True))
    return _p.offer_distance(_p.solve(ps, _space(ps)), ps, o)


@st.composite
def _sensitivities(draw: st.DrawFn) -> _p.Sensitivity:
    ps, os = draw(_positions_and_offers(parties=2, offers=2))
    return _p.sensitivity(ps, os, draws=draw(st.integers(1, 50)), seed=draw(st.integers(0, 9)))


@st.composite
def _bridges(draw: st.DrawFn) -> _p.Bridge:
    ps, _ = draw(_positions_and_offers(parties=2, offers=0, complete=True))
    return _p.bridge(ps, objective=draw(st.sampled_from(_p.OBJECTIVES)))


@st.composite
def _moves_cases(draw: st.DrawFn) -> _p.Case:
    """A case whose first party made two or three dated offers of every
    issue, and a position for each of its two parties."""
    pool = _draw_issue_list(draw, 1, 3, _KINDS)
    ids = _unique_ids(draw, 7, 7)
    parties = (_draw_party(draw, ids[0]), _draw_party(draw, ids[1]))
    source = _draw_source(draw, ids[2])
    ps = [
        _draw_position(
            draw,
            pool,
            party=st.just(party),
            ident=f"{party.id}-position",
            source=st.just(source),
            min_issues=len(pool),
            reservations=st.none(),
            saliences=_SALIENCES,
            value_tables=st.booleans(),
            evidence=st.booleans(),
            readings=st.just(False),
        )
        for party in parties
    ]
    start = dt.date(2000, 1, 1)
    n = draw(st.integers(2, 3))
    os = [
        _p.Offer(
            ids[3 + k],
            terms=_draw_offer(
                draw, pool, partial=st.just(False), ident="x", proposer=st.none(), source=None
            ).terms,
            proposer=parties[0],
            date=start + dt.timedelta(days=30 * k),
            source=source,
        )
        for k in range(n)
    ]
    return _p.Case(
        draw(pst.ids()),
        title="Generated moves",
        issues=pool,
        parties=parties,
        sources=(source,),
        positions=ps,
        offers=os,
    )


@st.composite
def _robustness(draw: st.DrawFn) -> _p.Robustness:
    case = draw(
        pst.cases(max_issues=2, min_parties=2, max_positions=3, max_offers=2, max_events=0)
    )
    return _p.robustness(
        case,
        # Solving needs a position to solve for.
        solve=bool(case.positions) and draw(st.booleans()),
        draws=draw(st.integers(0, 20)),
        seed=draw(st.integers(0, 9)),
        max_combinations=4,
        shares=(0.0, 1.0),
        scale_points=3,
    )


@st.composite
def _readings(draw: st.DrawFn) -> Reading:
    issue = draw(pst.issues())
    evidence = _draw_evidence(draw, st.none() | pst.sources())
    if draw(st.booleans()):
        return Reading(draw(pst.ids()), "accept", issue.id, issue.whole(), evidence)
    return Reading(draw(pst.ids()), "salience", issue.id, draw(_SALIENCES), evidence)


@st.composite
def _choices(draw: st.DrawFn) -> _p.Choice:
    reading = draw(_readings())
    return _p.Choice(draw(pst.ids()), reading.path, reading.id, reading.evidence.status)


@st.composite
def _events(draw: st.DrawFn) -> _p.Event:
    pool = _draw_issue_list(draw, 1, 3, _KINDS)
    parties = [_draw_party(draw, i) for i in _unique_ids(draw, 1, 3)]
    return draw(pst.events(pool, parties))


@st.composite
def _stances(draw: st.DrawFn) -> _p.Stance:
    return draw(pst.stances(draw(pst.issues())))


@st.composite
def _terms(draw: st.DrawFn) -> _p.Term:
    issue = draw(pst.issues())
    return _p.Term(issue, draw(pst.values(issue)))


@st.composite
def _outcomes(draw: st.DrawFn) -> _p.Outcome:
    issue = draw(st.none() | pst.issues())
    return _draw_outcome(draw, issue, st.none() | pst.sources())


@st.composite
def _references(draw: st.DrawFn) -> _p.ReferencePoint:
    return _draw_reference(draw, draw(pst.issues()), st.none() | pst.sources())


def _sets(kinds: Sequence[str]) -> st.SearchStrategy[Any]:
    return pst.issues(kinds=kinds).flatmap(pst.acceptable_sets)


def _claims(draw: st.DrawFn) -> _p.Claim:
    ps, _ = draw(_positions_and_offers(parties=1, offers=0))
    return draw(_one_of(ps[0].claims))


def _moves(draw: st.DrawFn) -> _p.Moves:
    return _p.moves(draw(_moves_cases()))


def _eu_parameters() -> st.SearchStrategy[_p.ExpectedUtilityParameters]:
    return st.builds(
        _p.ExpectedUtilityParameters,
        variant=st.sampled_from(["S", "P"]),
        q=st.sampled_from([0.5, 1.0]),
        t=st.sampled_from([0, 1]),
        rounds=st.integers(1, 4),
        capitulation=st.booleans(),
    )


@st.composite
def _eu_runs(draw: st.DrawFn) -> _p.ExpectedUtilityRun:
    n = draw(st.integers(2, 5))
    numbers = st.integers(1, 10).map(float)
    return _p.expected_utility_model(
        draw(st.lists(numbers, min_size=n, max_size=n)),
        draw(st.lists(st.integers(0, 10).map(float), min_size=n, max_size=n)),
        draw(st.lists(numbers.map(lambda x: x / 10), min_size=n, max_size=n)),
        parameters=draw(_eu_parameters()),
    )


@st.composite
def _forecasts(draw: st.DrawFn) -> _p.Forecast:
    cases = pst.cases(max_issues=2, max_positions=3, max_offers=0, max_events=0)
    case = draw(cases.filter(lambda c: len(c.positions) > 0))
    return _p.predict(case, draw(st.sampled_from(_p.MODELS)))


@st.composite
def _backtests(draw: st.DrawFn) -> _p.Backtest:
    """A backtest of the bundled fictional council with drawn outcomes."""
    council = _p.load_case("council-decisions")
    outcomes = [
        _p.Outcome("agreed", issue=i, value=draw(st.integers(0, 100)), source=council.sources[0])
        for i in council.issues
    ]
    case = attrs.evolve(council, outcomes=outcomes)
    some: list[_p.Model] = ["compromise", "median", "mean"]
    models = draw(st.lists(st.sampled_from(some), min_size=1, unique=True))
    return _p.backtest([case], models, seed=draw(st.integers(0, 9)), resamples=20)


def strategy_for(name: str) -> st.SearchStrategy[Any]:
    """The strategy of the public class ``name`` that is not one of the
    model's (those come from :mod:`positions.strategies` directly)."""
    moves = st.composite(_moves)()
    runs = _eu_runs()
    forecasts = _forecasts()
    backtests = _backtests()
    robust = _robustness()
    bridges = _bridges()
    solutions = _solutions()
    sensitivities = _sensitivities()
    table: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
        "Interval": lambda: _sets(("scale",)),
        "Levels": lambda: _sets(("ordinal", "categorical")),
        "Box": lambda: _sets(("items",)),
        "Stance": _stances,
        "Term": _terms,
        "Event": _events,
        "Outcome": _outcomes,
        "ReferencePoint": _references,
        "Evidence": lambda: st.composite(
            lambda draw: _draw_evidence(draw, st.none() | pst.sources())
        )(),
        "Judgement": lambda: st.builds(_p.Judgement, _TEXT, _TEXT, _TEXT),
        "Claim": lambda: st.composite(_claims)(),
        "Reading": _readings,
        "Choice": _choices,
        "Assessment": _assessments,
        "Breakdown": _breakdowns,
        "IssueTerm": lambda: _elements(_breakdowns(), lambda b: b.terms),
        "Overlap": _overlaps,
        "IssueOverlap": lambda: _elements(_overlaps(), lambda o: o.by_issue),
        "Movement": _movements,
        "IssueMovement": lambda: _elements(_movements(), lambda m: m.by_issue),
        "OutcomeSpace": _spaces,
        "Evaluation": _evaluations,
        "Solution": lambda: solutions,
        "FrontierSolution": _frontier_solutions,
        "Prediction": lambda: _elements(solutions, lambda s: s.predictions),
        "OfferDistance": _offer_distances,
        "Sensitivity": lambda: sensitivities,
        "OfferSensitivity": lambda: _elements(sensitivities, lambda s: s.offers),
        "PositionSensitivity": lambda: _elements(
            sensitivities, lambda s: [r for o in s.offers for r in o.by_position]
        ),
        "Bridge": lambda: bridges,
        "BridgeIssue": lambda: _elements(bridges, lambda b: b.by_issue),
        "BridgeParty": lambda: _elements(bridges, lambda b: b.by_party),
        "Relaxation": lambda: _elements(
            bridges, lambda b: [r for q in b.by_party for r in q.relaxations]
        ),
        "Moves": lambda: moves,
        "ProposerMoves": lambda: _elements(moves, lambda m: m.by_proposer),
        "Move": lambda: _elements(moves, lambda m: m.moves),
        "Response": lambda: _elements(moves, lambda m: [r for v in m.moves for r in v.others]),
        "Valuation": lambda: _elements(moves, lambda m: m.valuations),
        "ExpectedUtilityParameters": _eu_parameters,
        "ExpectedUtilityRun": lambda: runs,
        "ExpectedUtilityRound": lambda: _elements(runs, lambda r: r.rounds),
        "ExpectedUtilityOffer": lambda: _elements(
            runs, lambda r: [o for rd in r.rounds for o in rd.offers]
        ),
        "Forecast": lambda: forecasts,
        "IssueForecast": lambda: _elements(forecasts, lambda f: f.by_issue),
        "Backtest": lambda: backtests,
        "BacktestRow": lambda: _elements(backtests, lambda b: b.rows),
        "ModelScore": lambda: _elements(backtests, lambda b: b.scores),
        "Robustness": lambda: robust,
        "Conclusion": lambda: _elements(robust, lambda r: r.conclusions),
    }
    return table[name]()
