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

from positions._io import bundled_cases, dump_case, dumps_case, load_case, loads_case
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
    STATUSES,
    Case,
    Event,
    Judgement,
    Offer,
    Party,
    Position,
    Source,
    Stance,
    Status,
    Term,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "COUNT",
    "STATUSES",
    "AcceptableSet",
    "Assessment",
    "Box",
    "Breakdown",
    "Case",
    "CategoricalIssue",
    "Event",
    "Interval",
    "Issue",
    "IssueMovement",
    "IssueOverlap",
    "IssueTerm",
    "Item",
    "ItemsIssue",
    "Judgement",
    "Levels",
    "MeasureChoice",
    "Movement",
    "Offer",
    "OrdinalIssue",
    "Overlap",
    "Party",
    "Position",
    "ScaleIssue",
    "Source",
    "Stance",
    "Status",
    "Term",
    "Value",
    "assess",
    "bundled_cases",
    "concession",
    "distance",
    "dump_case",
    "dumps_case",
    "is_acceptable",
    "load_case",
    "loads_case",
    "movement",
    "overlap",
    "shortfall",
    "utility",
]
