"""Registers the strategies of :mod:`positions.strategies` with Hypothesis.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis``
entry point when it is imported. The hook imports nothing from Hypothesis
beyond ``hypothesis.strategies`` and never draws: each registered strategy
is deferred, and :mod:`positions.strategies` is imported the first time a
test draws from one (importing it earlier could re-enter Hypothesis while it
is still being imported).
"""

from __future__ import annotations

from typing import Any

#: The public classes drawn by positions._type_strategies.strategy_for (not
#: imported here: it imports positions.strategies, which must wait until a
#: test draws).
COMPUTED = (
    "Interval",
    "Levels",
    "Box",
    "Stance",
    "Term",
    "Event",
    "Outcome",
    "ReferencePoint",
    "Evidence",
    "Judgement",
    "Claim",
    "Reading",
    "Choice",
    "Assessment",
    "Breakdown",
    "IssueTerm",
    "Overlap",
    "IssueOverlap",
    "Movement",
    "IssueMovement",
    "OutcomeSpace",
    "Evaluation",
    "Solution",
    "FrontierSolution",
    "Prediction",
    "OfferDistance",
    "Sensitivity",
    "OfferSensitivity",
    "PositionSensitivity",
    "Bridge",
    "BridgeIssue",
    "BridgeParty",
    "Relaxation",
    "Moves",
    "ProposerMoves",
    "Move",
    "Response",
    "Valuation",
    "Robustness",
    "Conclusion",
    "ExpectedUtilityParameters",
    "ExpectedUtilityRun",
    "ExpectedUtilityRound",
    "ExpectedUtilityOffer",
    "Forecast",
    "IssueForecast",
    "Backtest",
    "BacktestRow",
    "ModelScore",
)


def _hypothesis_setup_hook() -> None:
    """Make ``st.from_type`` work for the public types of :mod:`positions`.

    Positions and offers drawn by ``st.from_type`` within one test case share
    one list of issues (a :func:`hypothesis.strategies.shared` strategy), so
    ``@given(st.from_type(Position), st.from_type(Offer))`` gives an offer
    over the position's issues.
    """
    from hypothesis import strategies as st

    from positions import (
        Case,
        CategoricalIssue,
        Item,
        ItemsIssue,
        Offer,
        OrdinalIssue,
        Party,
        Position,
        ScaleIssue,
        Source,
    )

    def lazy(name: str, *, over_shared_issues: bool = False) -> st.SearchStrategy[Any]:
        def build() -> st.SearchStrategy[Any]:
            from positions import strategies as pst

            if over_shared_issues:
                shared = st.shared(pst.issue_lists(), key="positions.from_type.issues")
                pair = getattr(pst, f"issues_and_{name}")(issues=shared)
                return pair.map(lambda p: p[1])  # type: ignore[no-any-return]
            return getattr(pst, name)()  # type: ignore[no-any-return]

        return st.deferred(build)

    st.register_type_strategy(ScaleIssue, lazy("scale_issues"))
    st.register_type_strategy(OrdinalIssue, lazy("ordinal_issues"))
    st.register_type_strategy(CategoricalIssue, lazy("categorical_issues"))
    st.register_type_strategy(ItemsIssue, lazy("items_issues"))
    st.register_type_strategy(Item, lazy("items"))
    st.register_type_strategy(Party, lazy("parties"))
    st.register_type_strategy(Source, lazy("sources"))
    st.register_type_strategy(Position, lazy("positions", over_shared_issues=True))
    st.register_type_strategy(Offer, lazy("offers", over_shared_issues=True))
    st.register_type_strategy(Case, lazy("cases"))

    # Every other public class: its sets, stances, terms and evidence from
    # the strategies above, and each result as the library computes it from
    # drawn positions and offers (positions._type_strategies).
    import positions

    def computed(name: str) -> st.SearchStrategy[Any]:
        def build() -> st.SearchStrategy[Any]:
            from positions._type_strategies import strategy_for

            return strategy_for(name)

        return st.deferred(build)

    for name in COMPUTED:
        st.register_type_strategy(getattr(positions, name), computed(name))
