"""The figures refuse what they cannot draw with one message each, and draw
the rarer parts of their data (a measure per issue, ranges of salience
draws)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator

import attrs
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import positions  # noqa: E402
from positions import plot  # noqa: E402
from positions.exceptions import InvalidArgumentError  # noqa: E402

HARBOUR = positions.load_case("harbour")
CITY = HARBOUR.position("city-2024")
OPERATOR = HARBOUR.position("operator-2024")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def test_without_matplotlib_a_figure_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[plot\]'"):
        plot.concession_heatmap(HARBOUR)


def test_a_measure_per_issue_is_named_in_the_heat_map_title() -> None:
    ax = plot.concession_heatmap(HARBOUR, measure={"berths": "count"})
    assert "item measures: berths by count" in ax.get_title()


def test_salience_draws_add_their_range_to_the_robustness_chart() -> None:
    result = positions.robustness(HARBOUR, draws=50, seed=1, solve=False)
    ax = plot.robustness_chart(result, kind="acceptable")
    rows = [c for c in result.of_kind("acceptable") if c.p_min is not None]
    ranges = [line for line in ax.get_lines() if line.get_marker() == "|"]
    assert len(ranges) == len(rows) > 0
    for line, c in zip(ranges, rows, strict=True):
        assert np.asarray(line.get_xdata()).tolist() == [c.p_min, c.p_max]
    assert "salience draws" in ax.get_title()


NO_OFFERS = attrs.evolve(HARBOUR, offers=[])
UNDATED = attrs.evolve(HARBOUR, positions=[attrs.evolve(p, date=None) for p in HARBOUR.positions])
LAND = positions.ItemsIssue("land", items=(positions.Item("a"), positions.Item("b")))
COUNTED_ONLY = positions.Case(
    "land",
    title="Land",
    issues=[LAND],
    parties=[CITY.party],
    positions=[
        positions.Position("p", party=CITY.party, stances=[positions.Stance(LAND, (1, 0))])
    ],
)
LEASE_ONLY = HARBOUR.offer("lease-only")
NO_BERTHS = attrs.evolve(
    HARBOUR,
    offers=[attrs.evolve(LEASE_ONLY, terms=[positions.Term(HARBOUR.issue("years"), 20)])],
)
THREE = attrs.evolve(
    HARBOUR,
    parties=[*HARBOUR.parties, positions.Party("port", name="Port")],
    positions=[
        *HARBOUR.positions,
        attrs.evolve(OPERATOR, id="port-2024", party=positions.Party("port", name="Port")),
    ],
)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: plot.concession_heatmap(NO_OFFERS),
            "a concession heat map needs at least one position and one offer",
        ),
        (
            lambda: plot.split_bars(NO_BERTHS),
            "no offer of this case settles a weighted-item issue",
        ),
        (lambda: plot.split_bars(HARBOUR, measures=[]), "no offer settles issue 'berths'"),
        (
            lambda: plot.movement_chart(COUNTED_ONLY),
            "no position of this case takes a stance on an issue with an order",
        ),
        (
            lambda: plot.movement_chart(UNDATED, "years"),
            "no dated position of these parties takes a stance on issue 'years'",
        ),
        (
            lambda: plot.evidence_map(HARBOUR, claim="reservation"),
            "an evidence map draws ideal, accept or salience claims, not 'reservation'",
        ),
        (
            lambda: plot.evidence_map(HARBOUR, positions=[]),
            "an evidence map needs at least one position",
        ),
        (
            lambda: plot.robustness_chart("r"),  # type: ignore[arg-type]
            r"robustness_chart draws a positions.Robustness \(got str\)",
        ),
        (lambda: plot.solution_chart([]), "solution_chart draws one or more positions.Solution"),
        (
            lambda: plot.solution_chart(
                positions.solve(HARBOUR.positions, positions.case_grid(HARBOUR)),
                offers=["compromise"],  # type: ignore[list-item]
            ),
            "offers must be positions.OfferDistance objects",
        ),
        (
            lambda: plot.figure("robustness", HARBOUR, issue="years"),
            "the robustness chart covers every issue: it takes no issue",
        ),
        (
            lambda: plot.figure("solutions", HARBOUR, issue="years"),
            "the solutions chart takes no issue",
        ),
        (
            lambda: plot.figure("bridge", HARBOUR, issue="years"),
            "the bridge chart covers every issue: it takes no issue",
        ),
        (
            lambda: plot.figure("moves", HARBOUR, issue="years"),
            "the moves chart covers every issue: it takes no issue",
        ),
        (
            lambda: plot.moves_chart("m"),  # type: ignore[arg-type]
            r"moves_chart draws a positions.Moves \(got str\)",
        ),
        (
            lambda: plot.figure("solutions", THREE),
            "the solutions chart draws two parties, and the case has 3",
        ),
    ],
)
def test_what_a_figure_cannot_draw_is_refused_by_name(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        call()


def test_a_party_without_dated_positions_is_left_out_of_the_movement_chart() -> None:
    case = attrs.evolve(HARBOUR, positions=[CITY, attrs.evolve(OPERATOR, date=None)])
    ax = plot.movement_chart(case, "years")
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["City council"]


def test_a_move_one_of_the_two_parties_does_not_value_is_left_out_of_the_moves_chart() -> None:
    # The operator gives no weight to the length of the lease, so it has no
    # utility for offers on that alone: the city's move between two such
    # offers cannot be placed, while its move between complete offers can.
    years = HARBOUR.issue("years")
    indifferent = attrs.evolve(
        OPERATOR,
        stances=[attrs.evolve(s, salience=0) if s.issue == years else s for s in OPERATOR.stances],
    )
    compromise = HARBOUR.offer("compromise")
    short = positions.Offer(
        "short", terms=[positions.Term(years, 10)], proposer=CITY.party, date=dt.date(2024, 4, 1)
    )
    long = attrs.evolve(
        short, id="long", terms=[positions.Term(years, 20)], date=dt.date(2024, 5, 1)
    )
    longer = attrs.evolve(
        compromise,
        id="longer",
        terms={t.issue: t.value for t in compromise.terms} | {years: 30},
        date=dt.date(2024, 3, 15),
    )
    case = attrs.evolve(
        HARBOUR, positions=[CITY, indifferent], offers=[compromise, longer, short, long]
    )
    m = positions.moves(case)
    assert [(x.earlier, x.later) for x in m.moves] == [
        ("compromise", "longer"),
        ("longer", "short"),
        ("short", "long"),
    ]
    ax = plot.moves_chart(m, parties=["city", "operator"])
    labels = {t.get_text() for t in ax.texts}
    assert {"compromise", "longer"} <= labels
    assert not {"short", "long"} & labels
