"""Short reprs and notebook tables of cases, positions and offers."""

from __future__ import annotations

import html.parser

import positions
from positions import Interval, Offer, Party, Position, ScaleIssue, Stance, Term
from positions._display import cell, set_text

CASE = positions.load_case("kuril-islands")


class _Cells(html.parser.HTMLParser):
    """The text of every table cell, and the number of rows."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.rows = 0
        self._in = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows += 1
        self._in = tag in ("td", "th")
        if self._in:
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.cells[-1] += data


def _parsed(text: str) -> _Cells:
    p = _Cells()
    p.feed(text)
    return p


def test_reprs_are_one_short_line() -> None:
    r = repr(CASE)
    assert r == f"<Case 'kuril-islands': {CASE.summary()}>"
    assert "\n" not in r
    assert len(r) < 120
    for p in CASE.positions:
        assert repr(p).startswith(f"<Position {p.id!r} of {p.party.id}, ")
        assert repr(p).endswith(f"{p.status}: {len(p.stances)} issues>")
    for o in CASE.offers:
        assert repr(o).startswith(f"<Offer {o.id!r}")
        assert len(repr(o)) < 120


def test_the_case_table_has_a_row_per_position_and_per_offer() -> None:
    parsed = _parsed(CASE._repr_html_())
    # A header row in each of the two tables.
    assert parsed.rows == len(CASE.positions) + len(CASE.offers) + 2
    for p in CASE.positions:
        assert p.id in parsed.cells


def test_the_position_table_shows_each_stance() -> None:
    p = CASE.positions[0]
    parsed = _parsed(p._repr_html_())
    assert parsed.rows == len(p.stances) + 1
    for s in p.stances:
        assert s.issue.id in parsed.cells
        assert cell(p.weight(s.issue.id)) in parsed.cells


def test_the_offer_table_shows_each_term() -> None:
    o = CASE.offers[0]
    parsed = _parsed(o._repr_html_())
    assert parsed.rows == len(o.terms) + 1
    assert [parsed.cells[k] for k in range(2, len(parsed.cells), 2)] == [
        t.issue.id for t in o.terms
    ]


def test_text_is_escaped() -> None:
    price = ScaleIssue("price", low=0, high=10)
    party = Party("a", name="<b>A & Co</b>")
    p = Position(
        "p", party=party, stances=[Stance(price, 2, accept=Interval(0, 5))], status="stated"
    )
    assert "<b>A" not in p._repr_html_()
    assert "&lt;b&gt;A &amp; Co&lt;/b&gt;" in p._repr_html_()
    o = Offer("o", terms=[Term(price, 4)], proposer=party)
    assert "&lt;b&gt;" in o._repr_html_()
    assert repr(o) == "<Offer 'o' by a, undated, stated: 1 term>"


def test_cells_and_sets_in_words() -> None:
    assert [cell(None), cell(True), cell(0.12345), cell(3)] == ["", "yes", "0.123", "3"]
    harbour = positions.load_case("harbour")
    city = harbour.position("city-2024")
    texts = {s.issue.id: set_text(s.issue, s.accept) for s in city.stances}
    assert texts == {
        "berths": "north [0, 0]; east [0, 0.5]",
        "years": "[5, 25]",
        "customs": "city, joint",
    }
    whole = city.stance("berths").issue.whole()
    assert set_text(city.stance("berths").issue, whole) == "any share of each"
