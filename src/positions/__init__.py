"""positions: typed, sourced negotiation positions and offers.

Model each party's stated positions and the offers on the table, with their
sources and dates, and compute exactly where positions overlap, how far each
party must concede to reach each offer, and how far beyond its red lines.

Examples
--------
>>> import positions
>>> case = positions.load_case("harbour")
>>> city, offer = case.position("city-2024"), case.offer("compromise")
>>> round(positions.concession(city, offer).value, 3)
0.46
>>> positions.is_acceptable(city, offer)
True
"""

from positions._backtest import DEFAULT_MODELS, Backtest, BacktestRow, ModelScore, backtest
from positions._bridge import (
    OBJECTIVES,
    Bridge,
    BridgeIssue,
    BridgeParty,
    Objective,
    Relaxation,
    bridge,
)
from positions._data import FRAME_KINDS, frame
from positions._dynamics import (
    MOVE_KINDS,
    Move,
    MoveKind,
    Moves,
    ProposerMoves,
    Response,
    Valuation,
    move_kind,
    moves,
)
from positions._engine import Evaluation, OutcomeSpace, evaluate, utilities
from positions._expected_utility import (
    ExpectedUtilityOffer,
    ExpectedUtilityParameters,
    ExpectedUtilityRound,
    ExpectedUtilityRun,
    expected_utility_model,
)
from positions._forecast import MODELS, Forecast, IssueForecast, Model, predict
from positions._grid import CHUNK, FrontierSolution, chunked_solve, grid_solve
from positions._html_report import html_report
from positions._issues import (
    COUNT,
    AcceptableSet,
    Box,
    CategoricalIssue,
    Interval,
    Issue,
    Item,
    ItemsIssue,
    Levels,
    OrdinalIssue,
    ScaleIssue,
    Value,
)
from positions._measures import (
    Assessment,
    Breakdown,
    IssueMovement,
    IssueOverlap,
    IssueTerm,
    MeasureChoice,
    Movement,
    Overlap,
    SetChange,
    assess,
    concession,
    distance,
    is_acceptable,
    movement,
    overlap,
    shortfall,
    utility,
)
from positions._model import (
    CLAIM_KINDS,
    OUTCOME_STATUSES,
    REFERENCE_KINDS,
    STATUSES,
    Case,
    Claim,
    ClaimKind,
    Event,
    Evidence,
    Judgement,
    Offer,
    Outcome,
    OutcomeStatus,
    Party,
    Position,
    Reading,
    ReferenceKind,
    ReferencePoint,
    Source,
    Stance,
    Status,
    Term,
    weakest,
)
from positions._robustness import Choice, Conclusion, Robustness, robustness
from positions._select import case_grid
from positions._sensitivity import (
    BLOCK,
    OfferSensitivity,
    PositionSensitivity,
    Sensitivity,
    sensitivity,
)
from positions._solutions import (
    POINTS,
    WITHIN,
    OfferDistance,
    Prediction,
    PredictionNumber,
    Solution,
    Within,
    asymmetric_nash_point,
    compromise,
    disagreement_point,
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    offer_distance,
    opposition,
    pareto_frontier,
    solve,
    utilitarian_point,
    weighted_median,
)
from positions.formats.actors import read_actor_table
from positions.formats.case import bundled_cases, dump_case, dumps_case, load_case, loads_case
from positions.formats.genius import find_genius_files, read_genius, write_genius
from positions.formats.geniusweb import read_geniusweb, write_geniusweb
from positions.formats.ktab import read_ktab
from positions.formats.ktab_xml import read_ktab_xml, write_ktab_xml
from positions.formats.negmas import from_negmas, read_negmas, to_negmas, write_negmas
from positions.formats.salience import read_salience_table

__version__ = "0.1.0.dev0"

__all__ = [
    "BLOCK",
    "CHUNK",
    "CLAIM_KINDS",
    "COUNT",
    "DEFAULT_MODELS",
    "FRAME_KINDS",
    "MODELS",
    "MOVE_KINDS",
    "OBJECTIVES",
    "OUTCOME_STATUSES",
    "POINTS",
    "REFERENCE_KINDS",
    "STATUSES",
    "WITHIN",
    "AcceptableSet",
    "Assessment",
    "Backtest",
    "BacktestRow",
    "Box",
    "Breakdown",
    "Bridge",
    "BridgeIssue",
    "BridgeParty",
    "Case",
    "CategoricalIssue",
    "Choice",
    "Claim",
    "ClaimKind",
    "Conclusion",
    "Evaluation",
    "Event",
    "Evidence",
    "ExpectedUtilityOffer",
    "ExpectedUtilityParameters",
    "ExpectedUtilityRound",
    "ExpectedUtilityRun",
    "Forecast",
    "FrontierSolution",
    "Interval",
    "Issue",
    "IssueForecast",
    "IssueMovement",
    "IssueOverlap",
    "IssueTerm",
    "Item",
    "ItemsIssue",
    "Judgement",
    "Levels",
    "MeasureChoice",
    "Model",
    "ModelScore",
    "Move",
    "MoveKind",
    "Movement",
    "Moves",
    "Objective",
    "Offer",
    "OfferDistance",
    "OfferSensitivity",
    "OrdinalIssue",
    "Outcome",
    "OutcomeSpace",
    "OutcomeStatus",
    "Overlap",
    "Party",
    "Position",
    "PositionSensitivity",
    "Prediction",
    "PredictionNumber",
    "ProposerMoves",
    "Reading",
    "ReferenceKind",
    "ReferencePoint",
    "Relaxation",
    "Response",
    "Robustness",
    "ScaleIssue",
    "Sensitivity",
    "SetChange",
    "Solution",
    "Source",
    "Stance",
    "Status",
    "Term",
    "Valuation",
    "Value",
    "Within",
    "assess",
    "asymmetric_nash_point",
    "backtest",
    "bridge",
    "bundled_cases",
    "case_grid",
    "chunked_solve",
    "compromise",
    "concession",
    "disagreement_point",
    "distance",
    "dump_case",
    "dumps_case",
    "egalitarian_point",
    "evaluate",
    "expected_utility_model",
    "find_genius_files",
    "frame",
    "from_negmas",
    "grid_solve",
    "html_report",
    "is_acceptable",
    "kalai_smorodinsky_point",
    "load_case",
    "loads_case",
    "move_kind",
    "movement",
    "moves",
    "nash_point",
    "offer_distance",
    "opposition",
    "overlap",
    "pareto_frontier",
    "predict",
    "read_actor_table",
    "read_genius",
    "read_geniusweb",
    "read_ktab",
    "read_ktab_xml",
    "read_negmas",
    "read_salience_table",
    "robustness",
    "sensitivity",
    "shortfall",
    "solve",
    "to_negmas",
    "utilitarian_point",
    "utilities",
    "utility",
    "weakest",
    "weighted_median",
    "write_genius",
    "write_geniusweb",
    "write_ktab_xml",
    "write_negmas",
]


def _claim_public_names() -> None:
    import inspect

    # Users import the public classes and functions from ``positions``, and
    # the reference documents them there: say so in their ``__module__``, so
    # reprs, pickles and the type hints shown in the docs all use that path.
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type) or inspect.isfunction(obj):
            obj.__module__ = __name__


_claim_public_names()
