"""GENIUS import and export: the project's own fixtures in tests/data/genius,
every real ANAC domain in ../shared/genius when it is there, bad and hostile
files, and round trips through write_genius and read_genius."""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import positions
from positions import (
    Case,
    CategoricalIssue,
    Levels,
    OrdinalIssue,
    Party,
    Position,
    ScaleIssue,
    Source,
    Stance,
)
from positions.exceptions import CaseFileError, InvalidArgumentError
from positions.formats.genius import (
    DATE_NOTE,
    PUBLISHER,
    find_genius_files,
    read_genius,
    write_genius,
)

DATA = Path(__file__).resolve().parent / "data" / "genius"
# Real ANAC files in the ``shared`` folder beside the checkout, where it exists.
SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared" / "genius").resolve()

needs_defusedxml = pytest.mark.usefixtures("defusedxml_installed")


@pytest.fixture
def defusedxml_installed() -> None:
    pytest.importorskip("defusedxml")


def market(*profiles: str) -> Case:
    names = profiles or ("market_buyer.xml", "market_seller.xml")
    return read_genius(DATA / "market_domain.xml", [DATA / n for n in names])


def supply(*profiles: str) -> Case:
    names = profiles or ("supply_buyer.xml", "supply_seller.xml")
    return read_genius(DATA / "supply_domain.xml", [DATA / n for n in names])


def modified(path: Path) -> dt.date:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()


def tables(position: Position) -> list[tuple[float, ...] | None]:
    return [s.values for s in position.stances]


def assert_same_utilities(a: Case, b: Case) -> None:
    space = positions.OutcomeSpace.grid(a.issues)
    np.testing.assert_allclose(
        positions.utilities(a.positions, space),
        positions.utilities(b.positions, space),
        rtol=0,
        atol=1e-12,
    )


# ---------------------------------------------------------------------------
# Reading the project's fixtures


@needs_defusedxml
def test_a_discrete_domain_reads_as_genius_values_it() -> None:
    case = market()
    delivery, payment, _ = case.issues
    # Ids made from names; the name kept as label when it changed; values
    # stripped of stray whitespace.
    assert (delivery.id, delivery.label) == ("Delivery_time", "Delivery time")
    assert (payment.id, payment.label) == ("Payment", "")
    assert isinstance(payment, CategoricalIssue)
    assert payment.levels == ("on delivery", "30 days", "90 days")
    buyer, seller = case.positions
    # Raw evaluations divided by each issue's largest; a value left out counts 0.
    assert tables(buyer) == [(1.0, 0.6, 0.2), (0.25, 0.75, 1.0), (0.0, 1.0)]
    assert [s.ideal for s in buyer.stances] == ["next day", "90 days", "1 year"]
    # Weights 0.5, 0.5, 0.25 normalised to sum 1.
    assert buyer.weights == pytest.approx({"Delivery_time": 0.4, "Payment": 0.4, "Warranty": 0.2})
    assert (buyer.reservation, buyer.discount_factor) == (0.4, 0.9)
    assert (seller.reservation, seller.discount_factor) == (0.3, None)
    # A tie for the best value: the first is the ideal, and every level is acceptable.
    assert seller.stance("Delivery_time").ideal == "one week"
    assert all(s.accept == s.issue.whole() for p in case.positions for s in p.stances)


@needs_defusedxml
def test_utilities_are_genius_utilities() -> None:
    case = market()
    buyer = case.position("market_buyer")
    offer = positions.Offer(
        "o",
        terms={
            case.issue("Delivery_time"): "one week",
            case.issue("Payment"): "30 days",
            case.issue("Warranty"): "none",
        },
    )
    expected = (0.5 * 6 / 10 + 0.5 * 3 / 4 + 0.25 * 0 / 1) / 1.25
    assert positions.utility(buyer, offer) == pytest.approx(expected)


@needs_defusedxml
def test_every_file_is_a_dated_source() -> None:
    case = market()
    assert [s.title for s in case.sources] == [
        "market_domain.xml",
        "market_buyer.xml",
        "market_seller.xml",
    ]
    for source in case.sources:
        assert source.publisher == PUBLISHER
        assert source.note == DATE_NOTE
        assert source.date == modified(DATA / source.title).isoformat()
    for position in case.positions:
        assert position.source is not None
        assert position.date == modified(DATA / position.source.title)
        assert position.status == "stated"
    assert [p.id for p in case.parties] == ["market_buyer", "market_seller"]
    assert case.id == "market"


@needs_defusedxml
def test_an_imported_case_is_a_valid_case_file() -> None:
    case = supply()
    assert positions.loads_case(positions.dumps_case(case)) == case


@needs_defusedxml
def test_integer_and_real_issues_with_linear_evaluators() -> None:
    case = supply()
    batches, price = case.issue("Batches"), case.issue("Price_per_tonne")
    assert isinstance(batches, OrdinalIssue)
    assert batches.levels == ("1", "2", "3", "4", "5")
    assert price == ScaleIssue("Price_per_tonne", 10, 20, label="Price per tonne")
    buyer, seller = case.positions
    # slope/offset, measured from the lower bound.
    assert buyer.stance("Batches").values == pytest.approx((1.0, 0.75, 0.5, 0.25, 0.0))
    # parameter1 * x + parameter0, cut to [0, 1]: 1.25 at 5 counts 1.
    assert seller.stance("Batches").values == pytest.approx((0.25, 0.5, 0.75, 1.0, 1.0))
    assert seller.stance("Batches").ideal == "4"
    # Real evaluators become the scale's valuation with the ideal at the better end;
    # the seller's 0 to 0.5 is scaled to 0 to 1.
    assert (buyer.stance("Price_per_tonne").ideal, seller.stance("Price_per_tonne").ideal) == (
        10.0,
        20.0,
    )
    assert seller.stance("Price_per_tonne").value(15.0) == pytest.approx(0.5)
    assert (seller.reservation, seller.discount_factor) == (0.5, 0.8)


@needs_defusedxml
def test_the_same_profile_twice_gets_distinct_ids() -> None:
    case = market("market_buyer.xml", "market_buyer.xml")
    assert [p.id for p in case.parties] == ["market_buyer", "market_buyer-2"]
    assert [s.id for s in case.sources][1:] == ["market_buyer.xml", "market_buyer.xml-2"]


@needs_defusedxml
def test_the_case_id_can_be_given() -> None:
    assert market().id == "market"
    assert read_genius(DATA / "market_domain.xml", [], case_id="trade-2024").id == "trade-2024"
    with pytest.raises(InvalidArgumentError, match="case_id"):
        read_genius(DATA / "market_domain.xml", [], case_id="not an id")


# ---------------------------------------------------------------------------
# Bad and hostile files: one CaseFileError naming the file and a place


@needs_defusedxml
@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("bomb.xml", "declares entities"),
        ("external_entity.xml", "file:///etc/passwd"),
        ("malformed.xml", "not well-formed XML: mismatched tag"),
        ("market_mismatch.xml", "not a value of issue 'Delivery time'"),
        ("market_negative_weight.xml", "weights must be >= 0"),
    ],
)
def test_a_bad_profile_gives_one_error_naming_file_and_place(profile: str, expected: str) -> None:
    started = time.perf_counter()
    with pytest.raises(CaseFileError) as info:
        market(profile)
    assert time.perf_counter() - started < 5  # nothing was expanded
    err = info.value
    assert Path(err.path).name == profile
    assert err.problems
    assert all(p.where.startswith("line ") for p in err.problems)
    assert expected in str(err)


@needs_defusedxml
def test_a_mismatched_profile_lists_every_problem_together() -> None:
    with pytest.raises(CaseFileError) as info:
        market("market_mismatch.xml")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4
    assert "called 'Payment terms' here but 'Payment' in the domain" in messages[1]
    assert "no issue of the domain has index 7" in messages[2]
    assert "does not evaluate issue 3" in messages[3]
    assert info.value.problems[0].where == 'line 9 (<item index="2" value="same day">)'


@needs_defusedxml
def test_a_negative_weight_is_one_problem() -> None:
    with pytest.raises(CaseFileError) as info:
        market("market_negative_weight.xml")
    (problem,) = info.value.problems
    assert problem.where == 'line 15 (<weight index="2" value="-0.2">)'


@needs_defusedxml
def test_a_bomb_as_the_domain_is_refused_too() -> None:
    with pytest.raises(CaseFileError, match=r"bomb\.xml: 1 problem\n  line 5, column 3"):
        read_genius(DATA / "bomb.xml", [])


@needs_defusedxml
def test_a_real_evaluator_that_is_not_a_scale_valuation_is_refused() -> None:
    with pytest.raises(CaseFileError) as info:
        supply("supply_clipped.xml")
    (problem,) = info.value.problems
    assert problem.where.startswith('line 13 (<issue index="3" name="Price per tonne">)')
    assert "is 0 at 10 and 2 at 20" in problem.message


@needs_defusedxml
def test_domain_and_profile_swapped() -> None:
    with pytest.raises(CaseFileError, match="is this a profile"):
        read_genius(DATA / "market_buyer.xml", [])
    with pytest.raises(CaseFileError, match="is this the domain file"):
        market("market_domain.xml")


@needs_defusedxml
def test_a_profile_of_another_domain() -> None:
    with pytest.raises(CaseFileError) as info:
        market("supply_buyer.xml")
    assert len(info.value.problems) == 3


@needs_defusedxml
def test_a_missing_file() -> None:
    with pytest.raises(CaseFileError, match="cannot read the file"):
        market("no_such_profile.xml")


@needs_defusedxml
def test_any_document_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "doctype.xml"
    path.write_text('<!DOCTYPE negotiation_template>\n<negotiation_template x="1"/>\n')
    with pytest.raises(CaseFileError, match="document type declaration") as info:
        read_genius(path, [])
    assert info.value.problems[0].where == "line 1, column 1"
    path.write_text('<!DOCTYPE t SYSTEM "http://example.invalid/t.dtd">\n<t/>\n')
    with pytest.raises(CaseFileError, match="external resource"):
        read_genius(path, [])


def test_without_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    monkeypatch.setitem(sys.modules, "defusedxml.ElementTree", None)
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[genius\]'"):
        market()


DOMAIN = """<negotiation_template><utility_space><objective index="0" name="t">
{issues}
</objective></utility_space></negotiation_template>"""
PROFILE = """<utility_space><objective index="0" name="t">
{issues}
</objective></utility_space>"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@needs_defusedxml
def test_a_wide_integer_issue_is_a_scale(tmp_path: Path) -> None:
    domain = write(
        tmp_path / "d.xml",
        DOMAIN.format(
            issues='<issue index="1" name="n" type="integer" lowerbound="0" upperbound="1000"/>'
            '<issue index="2" name="m" vtype="integer" lowerbound="0" upperbound="998"/>'
        ),
    )
    profile = write(
        tmp_path / "p.xml",
        PROFILE.format(
            issues='<issue index="1" name="n" type="integer">'
            '<evaluator ftype="linear" slope="-0.001" offset="1"/></issue>'
            '<issue index="2" name="m" type="integer">'
            '<evaluator ftype="linear" slope="0.5" offset="0"/></issue>'
            '<weight index="1" value="1"/><weight index="2" value="1"/>'
        ),
    )
    case = read_genius(domain, [profile])
    n, m = case.issues
    assert n == ScaleIssue("n", 0, 1000)
    assert isinstance(m, OrdinalIssue)
    assert len(m.levels) == 999
    (p,) = case.positions
    assert p.stance("n").ideal == 0.0
    values = p.stance("m").values
    assert values is not None
    assert values[:3] == (0.0, 0.5, 1.0)


@needs_defusedxml
def test_all_zero_evaluations_and_weightless_constant_evaluators(tmp_path: Path) -> None:
    domain = write(
        tmp_path / "d.xml",
        DOMAIN.format(
            issues='<issue index="1" name="a"><item value="x"/><item value="y"/></issue>'
            '<issue index="2" name="r" type="real"><range lowerbound="0" upperbound="1"/>'
            "</issue>"
        ),
    )
    profile = write(
        tmp_path / "p.xml",
        PROFILE.format(
            issues='<issue index="1" name="a"><item value="x" evaluation="0"/></issue>'
            '<issue index="2" name="r" type="real">'
            '<evaluator ftype="linear" parameter0="0.5" parameter1="0"/></issue>'
            '<weight index="1" value="1"/><weight index="2" value="0"/>'
        ),
    )
    (p,) = read_genius(domain, [profile]).positions
    assert p.stance("a").values == (0.0, 0.0)
    assert p.stance("a").ideal == "x"
    assert p.weight("r") == 0.0


@needs_defusedxml
@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        ('<issue index="1" name="a"><item value="x"/></issue>', "at least two values"),
        (
            '<issue index="1" name="a"><item value="x"/><item value=" x "/></issue>',
            "given twice",
        ),
        ('<issue index="1" name="a" type="integer" lowerbound="3" upperbound="3"/>', "lowerbound"),
        ('<issue index="1" name="a" type="real"/>', "'lowerbound' is missing"),
        ('<issue index="1" name="a" type="set"/>', "unknown issue type"),
        ('<issue index="x" name="a"/>', "must be an integer"),
        ("", "no <issue> elements"),
    ],
)
def test_bad_domains(tmp_path: Path, issue: str, expected: str) -> None:
    domain = write(tmp_path / "d.xml", DOMAIN.format(issues=issue))
    with pytest.raises(CaseFileError, match=expected):
        read_genius(domain, [])


# ---------------------------------------------------------------------------
# Writing, and reading back


@needs_defusedxml
@pytest.mark.parametrize("read", [market, supply], ids=["market", "supply"])
def test_imported_cases_round_trip(tmp_path: Path, read: Callable[[], Case]) -> None:
    case = read()
    paths = write_genius(case, tmp_path / "out")
    assert [p.name for p in paths] == [f"{case.id}_domain.xml"] + [
        f"{p.id}.xml" for p in case.positions
    ]
    back = read_genius(paths[0], paths[1:], case_id=case.id)
    assert back.issues == case.issues
    for a, b in zip(case.positions, back.positions, strict=True):
        assert b.id == a.id
        assert b.weights == pytest.approx(a.weights, abs=1e-15)
        for s, t in zip(a.stances, b.stances, strict=True):
            assert t.ideal == s.ideal
            if s.values is None:
                assert t.values is None
            else:
                assert t.values == pytest.approx(s.values, abs=1e-12)
        assert (b.reservation, b.discount_factor) == (a.reservation, a.discount_factor)
    assert_same_utilities(case, back)


def made_case() -> Case:
    """A case of the analyst's making: an ordinal issue without a value
    table, a categorical one with, a scale, and an issue one position does
    not address."""
    pace = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
    seat = CategoricalIssue("host_city", levels=("geneva", "vienna", "oslo"), label="host city")
    price = ScaleIssue("price", low=0, high=50, unit="EUR", description="per unit")
    rounds = OrdinalIssue("rounds", levels=("2", "3", "4"))
    src = Source("notes", title="Notes", publisher="Analyst", date="2024-05")
    a, b = Party("a", name="A"), Party("b", name="B")
    when = dt.date(2024, 5, 1)
    pa = Position(
        "a-1",
        party=a,
        stances=[
            Stance(pace, ideal="medium", accept=Levels({"medium", "fast"}), salience=2),
            Stance(seat, ideal="oslo", values=(0.0, 0.5, 1.0)),
            Stance(price, ideal=0.0),
            Stance(rounds, ideal="4"),
        ],
        reservation=0.3,
        discount_factor=0.95,
        date=when,
        source=src,
    )
    pb = Position(
        "b-1",
        party=b,
        stances=[Stance(pace, ideal="slow"), Stance(price, ideal=50.0, salience=3)],
        date=when,
        source=src,
    )
    return Case(
        "made",
        title="Made",
        issues=[pace, seat, price, rounds],
        parties=[a, b],
        sources=[src],
        positions=[pa, pb],
    )


@needs_defusedxml
def test_a_case_of_ones_own_making_round_trips_its_utilities(tmp_path: Path) -> None:
    case = made_case()
    paths = write_genius(case, tmp_path)
    back = read_genius(paths[0], paths[1:], case_id="made")
    pace, seat, price, rounds = back.issues
    # GENIUS has no ordered discrete issues: the order is lost, not the values.
    assert pace == CategoricalIssue("pace", levels=("slow", "medium", "fast"))
    # A label that reads back as the id is written as the name, so it is kept.
    assert seat == case.issue("host_city")
    assert price == ScaleIssue("price", 0, 50, description="per unit")
    # Integer levels valued linearly: written as an integer issue, read back ordinal.
    assert rounds == case.issue("rounds")
    a = back.position("a-1")
    assert a.weights == pytest.approx(case.position("a-1").weights)
    assert a.stance("pace").values == (0.5, 1.0, 0.5)
    assert a.stance("pace").ideal == "medium"
    b = back.position("b-1")
    assert b.weight("host_city") == 0.0
    assert (a.reservation, a.discount_factor, b.reservation) == (0.3, 0.95, None)
    space = positions.OutcomeSpace.grid(case.issues)
    np.testing.assert_allclose(
        positions.utilities(case.positions, space),
        positions.utilities(back.positions, positions.OutcomeSpace.grid(back.issues)),
        rtol=0,
        atol=1e-12,
    )


def test_what_genius_cannot_represent_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    harbour = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match="weighted-item issues") as info:
        write_genius(harbour, tmp_path / "harbour")
    assert "'berths'" in str(info.value)
    assert not (tmp_path / "harbour").exists()

    case = made_case()
    price, seat = case.issue("price"), case.issue("host_city")
    a = case.position("a-1")
    inside = Stance(price, ideal=20.0)
    low_table = Stance(seat, ideal="oslo", values=(0.0, 0.25, 0.5))
    swap = {price: inside, seat: low_table}
    stances = [swap.get(s.issue, s) for s in a.stances]
    bad = Case(
        "bad",
        title="Bad",
        issues=case.issues,
        parties=case.parties,
        sources=case.sources,
        positions=[Position("a-1", party=a.party, stances=stances)],
    )
    with pytest.raises(InvalidArgumentError) as info:
        write_genius(bad, tmp_path / "bad")
    message = str(info.value)
    assert "the ideal 20.0 is inside the range" in message
    assert "best value is 0.5" in message
    assert not (tmp_path / "bad").exists()


# ---------------------------------------------------------------------------
# Finding the files of a folder


def test_find_genius_files(tmp_path: Path) -> None:
    write(tmp_path / "a.xml", '<utility_space><item evaluation="1"/></utility_space>')
    write(tmp_path / "b.xml", '<utility_space><item evaluation="1"/></utility_space>')
    write(tmp_path / "dom.xml", "<negotiation_template/>")
    domain, profiles = find_genius_files(tmp_path)
    assert domain.name == "dom.xml"
    assert [p.name for p in profiles] == ["a.xml", "b.xml"]
    write(tmp_path / "c.xml", "<negotiation_template/>")
    with pytest.raises(InvalidArgumentError, match="cannot tell the domain file apart"):
        find_genius_files(tmp_path)


# ---------------------------------------------------------------------------
# The real ANAC domains, where ../shared/genius exists


def shared_folders() -> list[Path]:
    return sorted({p.parent for p in SHARED.rglob("*.xml")})


@needs_defusedxml
def test_every_shared_genius_domain_loads() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} does not exist")
    folders = shared_folders()
    assert folders
    for folder in folders:
        domain, profiles = find_genius_files(folder)
        case = read_genius(domain, profiles)
        assert len(case.positions) == len(profiles) >= 2, folder
        for position in case.positions:
            assert math.isclose(sum(position.weights.values()), 1.0), folder
            for stance in position.stances:
                assert stance.values is not None
                assert max(stance.values) in (0.0, 1.0), (folder, stance.issue.id)
