"""NegMAS scenarios: the project's own fixtures in tests/data/negmas, real
scenarios in tests/data/negmas/public when they are there, bad and hostile
files, round trips through the files and through NegMAS objects, and the
solutions of positions and of NegMAS on the same scenario."""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import positions
from positions import (
    Case,
    CategoricalIssue,
    Item,
    ItemsIssue,
    Levels,
    OrdinalIssue,
    Party,
    Position,
    ScaleIssue,
    Source,
    Stance,
    from_negmas,
    read_negmas,
    to_negmas,
    write_negmas,
)
from positions import strategies as pst
from positions._cli import main
from positions.exceptions import CaseFileError, InvalidArgumentError
from positions.formats import negmas as fmt
from positions.formats.negmas import DATE_NOTE, PUBLISHER

DATA = Path(__file__).resolve().parent / "data" / "negmas"
LEASE = DATA / "lease"
MARKET = DATA / "market"
PUBLIC = DATA / "public"
#: How close positions' utilities, mapped to NegMAS's scale, and NegMAS's
#: own must be: the files hold decimal text, and the two sum in different
#: orders.
ATOL = 1e-9

#: The tests that compare with NegMAS or convert to its objects need it;
#: reading and writing the files needs PyYAML only.
needs_negmas = pytest.mark.skipif(
    importlib.util.find_spec("negmas") is None, reason="needs NegMAS"
)
pytest.importorskip("yaml")


@pytest.fixture(autouse=True)
def _quiet_negmas() -> Iterator[None]:
    # NegMAS warns that passing outcomes to its frontier is slower than
    # letting it enumerate them; the tests pass them on purpose.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*redundant.*")
        yield


def load(folder: Path) -> Any:
    """The scenario as NegMAS loads it, without discounting (which depends
    on time, not on the outcome)."""
    from negmas.inout import Scenario

    return Scenario.load(folder, ignore_discount=True)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def modified(path: Path) -> dt.date:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()


def market(*names: str) -> Case:
    files = [MARKET / "market.yml", *(MARKET / n for n in names)]
    return read_negmas(files, case_id="market")


def public_folders() -> list[Path]:
    if not PUBLIC.is_dir():  # pragma: no cover - the folder is in the repository
        return []
    return sorted(p for p in PUBLIC.iterdir() if p.is_dir() and any(p.glob("*.y*ml")))


# ---------------------------------------------------------------------------
# Comparing with NegMAS


def outcome_list(
    case: Case, scenario: Any, space: positions.OutcomeSpace
) -> list[tuple[Any, ...]]:
    out = []
    for k in range(len(space)):
        offer = space.offer(k)
        row = []
        for issue, theirs in zip(case.issues, scenario.outcome_space.issues, strict=True):
            value = offer.value(issue.id)
            if isinstance(issue, ScaleIssue):
                row.append(float(value))  # type: ignore[arg-type]
            else:
                by_text = {repr(v) if isinstance(v, float) else str(v): v for v in theirs.all}
                row.append(by_text[str(value)])
        out.append(tuple(row))
    return out


def scale_of(position: Position) -> float:
    """``S``: NegMAS's utility per unit of positions'."""
    return math.fsum(s.salience for s in position.stances)


def tied_or_dominated(u: np.ndarray[Any, Any], k: int, tol: float) -> bool:
    """Whether outcome ``k`` is weakly dominated, up to ``tol``, by another:
    off the frontier in exact arithmetic, or tied with a point on it."""
    others = np.delete(np.arange(u.shape[1]), k)
    at_least = np.all(u[:, others] >= u[:, [k]] - tol, axis=0)
    return bool(at_least.any())


def agree_with_negmas(case: Case, ufuns: Sequence[Any], scenario: Any) -> tuple[int, int | None]:
    """Check that NegMAS's utilities are ``K + S U`` for every outcome of
    the case's grid (to within ATOL times S), and that NegMAS's Pareto
    frontier and Nash points are positions' except where outcomes tie to
    within that tolerance (the two libraries round differently, so of two
    outcomes equal in exact arithmetic each may keep another); return the
    frontier's size and the Nash outcome."""
    space = positions.case_grid(case)
    outcomes = outcome_list(case, scenario, space)
    ours = positions.utilities(case.positions, space)
    theirs = np.array([[float(ufun(o)) for o in outcomes] for ufun in ufuns])
    scales = np.array([scale_of(p) for p in case.positions])
    for position, ufun, row, their_row, scale in zip(
        case.positions, ufuns, ours, theirs, scales, strict=True
    ):
        offset = their_row - scale * row
        np.testing.assert_allclose(offset, offset[0], rtol=0, atol=ATOL * max(1.0, scale))
        if position.reservation is not None and ufun.reserved_value > -math.inf:
            expected = (ufun.reserved_value - offset[0]) / scale
            assert position.reservation == pytest.approx(min(1.0, max(0.0, expected)), abs=ATOL)
    from negmas.preferences import nash_points, pareto_frontier

    solution = positions.solve(case.positions, space)
    utils, indices = pareto_frontier(list(ufuns), outcomes=outcomes)
    ours_front = set(solution.frontier.tolist())
    their_front = {int(i) for i in indices}
    tol = ATOL * max(1.0, float(scales.max()))
    for k in ours_front ^ their_front:
        assert tied_or_dominated(theirs, k, tol), k
    nash = nash_points(list(ufuns), utils, outcomes=outcomes)
    theirs_nash = {int(indices[k]) for _, k in nash}
    if solution.nash is None:
        assert not theirs_nash
    elif solution.nash not in theirs_nash:
        # A tie: the Nash products (on NegMAS's scale) are equal.
        disagreement = solution.disagreement * scales + (theirs[:, 0] - scales * ours[:, 0])
        best = max(np.prod(theirs[:, j] - disagreement) for j in theirs_nash)
        assert np.prod(theirs[:, solution.nash] - disagreement) == pytest.approx(best, abs=tol)
    return len(indices), solution.nash


def assert_same_utilities(a: Case, b: Case) -> None:
    """The same utilities for every outcome of ``a``'s grid (the positions
    in the same order; ``b``'s issues may have lost units and descriptions)."""
    space = positions.case_grid(a)
    space_b = positions.OutcomeSpace.grid(
        b.issues,
        values={
            i.id: v
            for i, v in zip(a.issues, space.values, strict=True)
            if isinstance(i, ScaleIssue)
        },
    )
    np.testing.assert_allclose(
        positions.utilities(a.positions, space),
        positions.utilities(b.positions, space_b),
        rtol=0,
        atol=1e-12,
    )
    for p, q in zip(a.positions, b.positions, strict=True):
        # Exact when the saliences sum to 1; else within a float's rounding.
        if p.reservation is None:
            assert q.reservation is None
        else:
            assert q.reservation == pytest.approx(p.reservation, rel=0, abs=1e-15)
        assert q.discount_factor == (p.discount_factor or None)


# ---------------------------------------------------------------------------
# Reading the project's fixtures


def test_the_lease_reads_as_negmas_means_it() -> None:
    case = read_negmas(LEASE)
    assert case.id == "lease"
    deposit, years, rent, pets = case.issues
    assert deposit == CategoricalIssue("deposit", levels=("none", "one month", "two months"))
    assert years == OrdinalIssue("years", levels=("1", "2", "3", "4", "5"))
    assert rent == ScaleIssue("rent", 800, 1200)
    assert pets == OrdinalIssue("pets", levels=("never", "cats only", "any"))
    # Sorted by file name; _info.yaml and README.md are skipped.
    landlord, tenant = case.positions
    assert [p.id for p in case.positions] == ["landlord", "tenant"]
    assert tenant.weights == {"deposit": 0.25, "years": 0.25, "rent": 0.375, "pets": 0.125}
    assert tenant.stance("deposit").values == (1.0, 0.6, 0.0)
    # AffineFun 0.25 x - 0.25 over 1..5.
    assert tenant.stance("years").values == (0.0, 0.25, 0.5, 0.75, 1.0)
    # The TriangularFun rising from 800 to its peak at 1200.
    assert tenant.stance("rent").ideal == 1200.0
    assert tenant.stance("pets").ideal == "any"
    assert (tenant.reservation, tenant.discount_factor, tenant.note) == (0.4, None, "")
    # The wrapper's reserved value is -inf: the wrapped function's is used.
    assert (landlord.reservation, landlord.discount_factor) == (0.3, 0.9)
    assert landlord.stance("rent").ideal == 800.0
    assert landlord.stance("years").ideal == "1"
    assert landlord.party == Party("landlord", name="landlord")
    assert landlord.status == "stated"


def test_every_file_is_a_dated_source() -> None:
    case = read_negmas(LEASE)
    assert [s.title for s in case.sources] == ["lease.yml", "landlord.yml", "tenant.yml"]
    for source in case.sources:
        assert source.publisher == PUBLISHER
        assert source.note == DATE_NOTE
        assert source.date == modified(LEASE / source.title).isoformat()
    assert case.position("tenant").source == case.sources[2]
    assert case.position("tenant").date == modified(LEASE / "tenant.yml")
    assert case.position("tenant").label == "NegMAS utility function tenant.yml"


def test_raw_evaluations_keep_negmas_scale_in_the_note() -> None:
    case = read_negmas(MARKET)
    broker, buyer, seller = case.positions
    # The wrapped function's name is a path; the wrapper's is the party's.
    assert buyer.party.name == "buyer"
    assert buyer.stance("Delivery").values == (1.0, 0.6, 0.2)
    assert buyer.stance("Delivery").salience == 5.0
    assert buyer.weights["Delivery"] == pytest.approx(5 / 9.4)
    assert buyer.reservation == pytest.approx(0.5 / 9.4)
    assert buyer.discount_factor == 0.8
    assert buyer.note == (
        "NegMAS's utility is 9.4 times this position's (its reserved value is scaled alike)."
    )
    # Levels that are numbers are their text; the identity over 100..200.
    assert seller.stance("Price").values == (0.5, 0.55, 0.6, 1.0)
    assert seller.stance("Quantity").ideal == "5"
    # A bias and negative values shift NegMAS's utility: K = 1 - 2 = -1.
    assert broker.stance("Delivery").values == (0.0, 0.5, 1.0)
    assert broker.stance("Quantity").salience == 10.0
    assert broker.note.startswith("NegMAS's utility is -1 + 14.5 times")
    assert broker.reservation == pytest.approx(4 / 14.5)


@needs_negmas
@pytest.mark.parametrize("folder", [LEASE, MARKET], ids=["lease", "market"])
def test_the_solutions_are_negmas_solutions(folder: Path) -> None:
    case = read_negmas(folder)
    scenario = load(folder)
    size, nash = agree_with_negmas(case, scenario.ufuns, scenario)
    assert size > 1
    assert nash is not None


@needs_negmas
@pytest.mark.parametrize("folder", public_folders(), ids=lambda p: p.name)
def test_a_real_public_scenario_reads_as_negmas_reads_it(folder: Path, tmp_path: Path) -> None:
    case = read_negmas(folder)
    scenario = load(folder)
    assert len(case.positions) == len(scenario.ufuns) >= 2
    agree_with_negmas(case, scenario.ufuns, scenario)
    again = read_negmas(write_negmas(case, tmp_path), case_id=case.id)
    assert_same_utilities(case, again)


# ---------------------------------------------------------------------------
# Round trips


@needs_negmas
@pytest.mark.parametrize(
    "read",
    [lambda: read_negmas(LEASE), lambda: market("buyer.yml", "seller.yml")],
    ids=["lease", "market"],
)
def test_read_write_read_gives_the_same_case(tmp_path: Path, read: Any) -> None:
    case = read()
    paths = write_negmas(case, tmp_path)
    assert [p.name for p in paths] == [f"{case.id}.yml"] + [f"{p.id}.yml" for p in case.positions]
    again = read_negmas(tmp_path, case_id=case.id)
    # The files are new, so their sources are too; all else is equal.
    assert (
        again.replace(
            sources=case.sources,
            positions=[
                attrs_evolve(p, source=q.source, date=q.date)
                for p, q in zip(again.positions, case.positions, strict=True)
            ],
        )
        == case
    )
    # And NegMAS reads the written files with the same utilities and solutions.
    scenario = load(tmp_path)
    agree_with_negmas(again, scenario.ufuns, scenario)


def attrs_evolve(position: Position, **fields: Any) -> Position:
    import attrs

    return attrs.evolve(position, **fields)


def test_an_offset_is_lost_on_writing_but_not_the_utilities(tmp_path: Path) -> None:
    case = read_negmas(MARKET)
    again = read_negmas(write_negmas(case, tmp_path), case_id=case.id)
    assert_same_utilities(case, again)
    broker = again.position("broker")
    assert broker.note.startswith("NegMAS's utility is 14.5 times")


def made_case() -> Case:
    """A case of the analyst's making: an ordinal issue without a value
    table, a categorical one with, a scale with an ideal inside, integer
    levels, and an issue one position does not address."""
    pace = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
    seat = CategoricalIssue("host_city", levels=("geneva", "vienna", "oslo"), label="host city")
    price = ScaleIssue("price", low=0, high=50, unit="EUR", description="per unit")
    rounds = OrdinalIssue("rounds", levels=("2", "3", "4"))
    share = CategoricalIssue("share", levels=("0.25", "0.5", "1.0"))
    src = Source("notes", title="Notes", publisher="Analyst", date="2024-05")
    a, b = Party("a", name="A"), Party("b", name="B")
    when = dt.date(2024, 5, 1)
    pa = Position(
        "a-1",
        party=a,
        stances=[
            Stance(pace, ideal="medium", accept=Levels({"medium", "fast"}), salience=2),
            Stance(seat, ideal="oslo", values=(0.0, 0.5, 0.8)),
            Stance(price, ideal=20.0),
            Stance(rounds, ideal="4"),
            Stance(share, ideal="0.5"),
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
        discount_factor=0.0,
        date=when,
        source=src,
    )
    return Case(
        "made",
        title="Made",
        issues=[pace, seat, price, rounds, share],
        parties=[a, b],
        sources=[src],
        positions=[pa, pb],
    )


@needs_negmas
def test_a_case_of_ones_own_making_keeps_its_utilities(tmp_path: Path) -> None:
    case = made_case()
    paths = write_negmas(case, tmp_path)
    domain = paths[0].read_text(encoding="utf-8")
    # Integer levels are a contiguous issue, float ones numbers, others text.
    assert "type: ContiguousIssue" in domain
    assert "- 0.25\n" in domain
    assert "name: host city" in domain
    assert "type: ContinuousIssue" in domain
    back = read_negmas(tmp_path, case_id="made")
    pace, seat, price, rounds, share = back.issues
    assert pace == case.issue("pace")
    assert seat == case.issue("host_city")
    assert price == ScaleIssue("price", 0, 50)
    assert (rounds, share) == (case.issue("rounds"), case.issue("share"))
    a, b = back.positions
    assert a.stance("pace").values == (0.5, 1.0, 0.5)
    # A table whose best value is 0.8 is kept as it is.
    assert a.stance("host_city").values == (0.0, 0.5, 0.8)
    assert a.stance("host_city").salience == 1.0
    assert a.stance("price").ideal == 20.0
    assert b.weight("host_city") == 0.0
    assert b.stance("rounds").values == (0.0, 0.0, 0.0)
    # Not addressed: weight 0 and a constant, read back with the ideal at the top.
    assert (b.stance("price").ideal, b.stance("price").salience) == (50.0, 3.0)
    # GENIUS's 0, "no discount", is not written.
    assert (a.discount_factor, b.discount_factor) == (0.95, None)
    assert_same_utilities(case, back)
    scenario = load(tmp_path)
    agree_with_negmas(back, scenario.ufuns, scenario)
    # The objects to_negmas makes are those NegMAS reads from the files.
    made = to_negmas(case)
    outcomes = list(made.outcome_space.enumerate_or_sample(levels=5))
    assert outcomes == list(scenario.outcome_space.enumerate_or_sample(levels=5))
    for ours, theirs in zip(made.ufuns, scenario.ufuns, strict=True):
        assert [ours(o) for o in outcomes] == [theirs(o) for o in outcomes]
        assert ours.reserved_value == theirs.reserved_value


def test_the_widest_scale_round_trips(tmp_path: Path) -> None:
    # Its tent reaches 2e15 beyond the range, which a parameter may.
    wide = ScaleIssue("wide", low=-1e15, high=1e15)
    a = Party("a", name="A")
    case = Case(
        "wide",
        title="Wide",
        issues=[wide],
        parties=[a],
        positions=[Position("a-1", party=a, stances=[Stance(wide, ideal=0.0)], reservation=0.5)],
    )
    back = read_negmas(write_negmas(case, tmp_path), case_id="wide")
    assert back.position("a-1").stances == case.position("a-1").stances
    assert back.position("a-1").reservation == 0.5


def test_the_reserved_value_reads_back_as_closely_as_floats_allow() -> None:
    # Exactly where some float divided by the scale gives the level back;
    # no float does for 0.1 and 3 (0.3 / 3 and its neighbours miss it).
    for level, scale in [(0.3, 1.7), (0.7, 0.9), (1.0, 1e-3), (0.0, 5.0), (0.4, 1.0)]:
        assert fmt._scaled(level, scale) / scale == level
    assert fmt._scaled(0.1, 3.0) / 3.0 == pytest.approx(0.1, rel=0, abs=math.ulp(0.1))


CASES = pst.cases(
    max_issues=3, max_parties=3, max_positions=3, kinds=["scale", "ordinal", "categorical"]
)


def writable(case: Case) -> bool:
    return case.id not in {p.id for p in case.positions}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=CASES)
def test_any_case_written_and_read_keeps_its_utilities(tmp_path_factory: Any, case: Case) -> None:
    assume(writable(case))
    folder = tmp_path_factory.mktemp("negmas")
    back = read_negmas(write_negmas(case, folder), case_id=case.id)
    assert [i.id for i in back.issues] == [i.id for i in case.issues]
    assert [p.id for p in back.positions] == [p.id for p in case.positions]
    assert_same_utilities(case, back)


@needs_negmas
@settings(max_examples=40, deadline=None)
@given(case=CASES)
def test_any_case_through_negmas_objects_keeps_its_utilities(case: Case) -> None:
    assume(writable(case))
    scenario = to_negmas(case)
    back = from_negmas(scenario, case_id=case.id)
    assert_same_utilities(case, back)
    # NegMAS computes S times positions' utility, and the same solutions.
    if case.positions:
        agree_with_negmas(back, scenario.ufuns, scenario)


@needs_negmas
@settings(max_examples=20, deadline=None)
@given(case=CASES)
def test_reading_what_was_read_is_idempotent(case: Case) -> None:
    assume(writable(case))
    once = from_negmas(to_negmas(case), case_id=case.id)
    twice = from_negmas(to_negmas(once), case_id=case.id)
    assert twice == once


# ---------------------------------------------------------------------------
# Bad files: one error per file, naming every problem and its place


DOMAIN = """\
name: t
type: CartesianOutcomeSpace
issues:
- {name: color, type: CategoricalIssue, values: [red, blue]}
- {name: size, type: ContiguousIssue, values: [1, 3]}
- {name: price, type: ContinuousIssue, values: [0.0, 10.0]}
"""
UFUN = """\
name: p
type: LinearAdditiveUtilityFunction
reserved_value: 0.2
weights: [0.5, 0.25, 0.25]
values:
- {type: TableFun, mapping: {red: 1.0, blue: 0.0}}
- {type: LinearFun, slope: 0.5}
- {type: LinearFun, slope: 0.1}
"""


def scenario_folder(tmp_path: Path, ufun: str = UFUN, domain: str = DOMAIN) -> Path:
    folder = tmp_path / "scenario"
    write(folder / "t.yml", domain)
    write(folder / "p.yml", ufun)
    return folder


def problems_of(folder: Path) -> CaseFileError:
    with pytest.raises(CaseFileError) as caught:
        read_negmas(folder)
    return caught.value


def test_the_template_is_a_good_file(tmp_path: Path) -> None:
    case = read_negmas(scenario_folder(tmp_path))
    p = case.position("p")
    assert p.stance("size").values == pytest.approx((1 / 3, 2 / 3, 1.0))
    assert p.stance("size").salience == 0.25 * 1.5
    assert p.stance("price").ideal == 10.0


TYPE = "type: LinearAdditiveUtilityFunction"
RESERVED = "reserved_value: 0.2"
WEIGHTS = "weights: [0.5, 0.25, 0.25]"
BAD_UFUNS = [
    (
        TYPE,
        "type: MappingUtilityFunction",
        "a MappingUtilityFunction is not read",
        "line 2 (type)",
    ),
    (TYPE, "type: LinDiscountedUFun", "no counterpart in positions", "line 2 (type)"),
    (TYPE, "type: negmas.preferences.Nothing", "a Nothing is not read", "line 2 (type)"),
    (TYPE, "type: numpy.Thing", "'numpy.Thing' is not a NegMAS class", "line 2 (type)"),
    (
        RESERVED,
        "reserved_value: 5.0",
        "the reserved value 5 is above the best utility, 1.125",
        "line 3 (reserved_value)",
    ),
    (
        RESERVED,
        "reserved_value: .inf",
        "the reserved value must be a finite number (got inf)",
        "line 3",
    ),
    (RESERVED, "reserved_value: .nan", "the reserved value must be a finite number", "line 3"),
    (RESERVED, "reserved_value: yes", "the reserved value must be a number (got True)", "line 3"),
    (
        RESERVED,
        "reserved_value: 1" + "0" * 5000,
        "a number of 5,001 characters is too long",
        "line 3 (reserved_value)",
    ),
    (
        RESERVED,
        "reserved_outcome: [red, 1, 2.0]",
        "a reserved outcome is not read",
        "line 3 (reserved_outcome)",
    ),
    (
        WEIGHTS,
        "weights: [0.5, 0.5]",
        "one entry per issue of the domain (3), not 2",
        "line 4 (weights)",
    ),
    (
        WEIGHTS,
        "weights: {colour: 1.0}",
        "the weights name issues the domain does not have: ['colour']",
        "line 4",
    ),
    (
        WEIGHTS,
        "weights: [-0.5, 0.25, 0.25]",
        "weights must be >= 0 (got -0.5)",
        "line 4 (weights[0])",
    ),
    (
        WEIGHTS,
        "weights: [heavy, 0.25, 0.25]",
        "the weight of issue 'color' must be a number",
        "line 4 (weights[0])",
    ),
    (
        WEIGHTS,
        "weights: [0, 0, 0]",
        "the utility function gives every outcome the same utility",
        "line 1",
    ),
    (WEIGHTS, "weights: 3", "the weights must be a list (got 3)", "line 4 (weights)"),
    (WEIGHTS, "bias: high", "the bias must be a number (got 'high')", "line 4 (bias)"),
    (
        WEIGHTS,
        "colour: red",
        "a LinearAdditiveUtilityFunction has no key 'colour'",
        "line 4 (colour)",
    ),
    ("name: p", "name: 3", "the name must be a non-empty text (got 3)", "line 1 (name)"),
    (
        "{type: LinearFun, slope: 0.5}",
        "{type: QuadraticFun, a2: 1}",
        "is a QuadraticFun; positions reads TableFun",
        "line 7 (values[1].type)",
    ),
    (
        "{type: LinearFun, slope: 0.5}",
        "{type: LinearFun}",
        "a LinearFun needs its 'slope'",
        "line 7 (values[1])",
    ),
    (
        "{type: LinearFun, slope: 0.5}",
        "{type: LinearFun, slope: 0.5, bias: 1}",
        "a LinearFun has no key 'bias'",
        "line 7 (values[1].bias)",
    ),
    (
        "{type: LinearFun, slope: 0.5}",
        "{type: LinearFun, slope: steep}",
        "the 'slope' of a LinearFun must be a finite number",
        "line 7 (values[1].slope)",
    ),
    (
        "{type: LinearFun, slope: 0.5}",
        "[LinearFun]",
        "the value function of issue 'size' must be a mapping (got a list)",
        "line 7 (values[1])",
    ),
    (
        "{type: LinearFun, slope: 0.5}",
        "{type: TriangularFun, start: 2, middle: 1, end: 3}",
        "needs start <= middle <= end",
        "line 7 (values[1])",
    ),
    (
        "{type: LinearFun, slope: 0.5}",
        "{type: AffineFun, slope: 1.0e+15}",
        "gives 2000000000000000.0 for '2', out of the range",
        "line 7 (values[1])",
    ),
    (
        "{type: LinearFun, slope: 0.1}",
        "{type: TableFun, mapping: {1: 0.5}}",
        "a TableFun values listed values only",
        "line 8 (values[2])",
    ),
    (
        "{type: LinearFun, slope: 0.1}",
        "{type: TriangularFun, start: 0, middle: 2, end: 10}",
        "this TriangularFun is 0 at 0 and 0 at 10",
        "line 8 (values[2])",
    ),
    (
        "mapping: {red: 1.0, blue: 0.0}",
        "mapping: {red: 1.0, green: 0.5}",
        "gives no value for ['blue']; ['green'] are not values of issue 'color'",
        "line 6 (values[0].mapping)",
    ),
    (
        "mapping: {red: 1.0, blue: 0.0}",
        "mapping: {red: 1.0, blue: 0.0, 3: 0.5}",
        "the mapping must value every value of the issue once: [3] are not values of issue",
        "line 6 (values[0].mapping)",
    ),
    (
        "mapping: {red: 1.0, blue: 0.0}",
        "mapping: {red: 1.0, blue: much}",
        "the value of 'blue' must be a number",
        "line 6 (values[0].mapping.blue)",
    ),
    (
        "mapping: {red: 1.0, blue: 0.0}",
        "mapping: [red, blue]",
        "the mapping of a TableFun must be a mapping",
        "line 6 (values[0].mapping)",
    ),
    (
        "{type: TableFun, mapping: {red: 1.0, blue: 0.0}}",
        "{type: AffineFun, slope: 1}",
        "an AffineFun computes with numbers, but issue 'color' has the values ['red', 'blue']",
        "line 6 (values[0])",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected", "where"), BAD_UFUNS, ids=[b[2][:40] for b in BAD_UFUNS]
)
def test_a_bad_utility_function_is_one_error_naming_file_and_place(
    tmp_path: Path, old: str, new: str, expected: str, where: str
) -> None:
    assert UFUN.count(old) == 1
    err = problems_of(scenario_folder(tmp_path, UFUN.replace(old, new)))
    assert err.path.endswith("p.yml")
    found = [p for p in err.problems if expected in p.message]
    assert found, str(err)
    assert found[0].where.startswith(where), found[0].where


def test_every_problem_of_a_file_is_listed_together(tmp_path: Path) -> None:
    text = (
        UFUN.replace("weights: [0.5, 0.25, 0.25]", "weights: [-0.5, 0.25, 0.25]\ncolour: red")
        .replace("mapping: {red: 1.0, blue: 0.0}", "mapping: {red: 1.0, green: 0.0}")
        .replace("{type: LinearFun, slope: 0.1}", "{type: QuadraticFun}")
    )
    err = problems_of(scenario_folder(tmp_path, text))
    assert [p.where for p in err.problems] == [
        "line 5 (colour)",
        "line 4 (weights[0])",
        "line 7 (values[0].mapping)",
        "line 9 (values[2].type)",
    ]
    assert str(err).startswith(f"{err.path}: 4 problems\n  line 5 (colour): ")


def test_a_discounted_function_is_checked_inside_and_out(tmp_path: Path) -> None:
    inner = "\n".join("  " + x for x in UFUN.splitlines())
    good = f"type: ExpDiscountedUFun\nname: p\ndiscount: 0.5\nufun:\n{inner}\n"
    case = read_negmas(scenario_folder(tmp_path / "a", good))
    # The template's best utility is 1.125: its reserved value 0.2 is 0.2 / 1.125.
    assert case.position("p").discount_factor == 0.5
    assert case.position("p").reservation == 0.2 / 1.125
    no_discount = read_negmas(
        scenario_folder(tmp_path / "b", good.replace("discount: 0.5", "discount: null"))
    )
    assert no_discount.position("p").discount_factor is None
    cases = [
        (good.replace("discount: 0.5", "discount: 1.5"), "the discount must lie in [0, 1]"),
        (good.replace("ufun:", "wrapped:"), "an ExpDiscountedUFun needs the 'ufun' it discounts"),
        (good.replace("ufun:", "ufun: 3\nx:"), "the discounted 'ufun' must be a mapping"),
        (good + "reserved_outcome: [red, 1, 2.0]\n", "a reserved outcome is not read"),
        (
            good.replace("  name: p", "  reserved_outcome: [red, 1, 2.0]"),
            "a reserved outcome is not read",
        ),
        (good.replace("  type: Linear", "  type: ExpDiscountedUFun\n  x: Linear"), "is not read"),
        (good + "colour: red\n", "an ExpDiscountedUFun has no key 'colour'"),
    ]
    for k, (text, expected) in enumerate(cases):
        err = problems_of(scenario_folder(tmp_path / str(k), text))
        assert any(expected in p.message for p in err.problems), (expected, str(err))


def test_other_additive_functions_value_by_the_identity(tmp_path: Path) -> None:
    domain = DOMAIN.replace("- {name: color, type: CategoricalIssue, values: [red, blue]}\n", "")
    text = (
        "name: p\ntype: LinearUtilityFunction\nweights: [1.0, 0.5]\nbias: 2.0\nreserved_value: 4\n"
    )
    case = read_negmas(scenario_folder(tmp_path, text, domain))
    p = case.position("p")
    assert p.stance("size").values == pytest.approx((1 / 3, 2 / 3, 1.0))
    assert [s.salience for s in p.stances] == [3.0, 5.0]
    # NegMAS: 2 + x + 0.5 y, at most 2 + 3 + 5 = 10; reserved 4 is (4 - 2) / 8.
    assert p.reservation == 0.25
    assert p.note.startswith("NegMAS's utility is 2 + 8 times")
    with pytest.raises(CaseFileError, match="a LinearUtilityFunction has no key 'values'"):
        read_negmas(scenario_folder(tmp_path / "b", text + "values: []\n", domain))
    affine = text.replace("LinearUtilityFunction", "AffineUtilityFunction")
    assert read_negmas(scenario_folder(tmp_path / "c", affine, domain)).position("p") == p


def test_reserved_values_below_every_outcome_are_0_and_minus_inf_is_none(tmp_path: Path) -> None:
    for reserved, expected in [("-5.0", 0.0), ("-.inf", None), ("null", None), ("1.125", 1.0)]:
        text = UFUN.replace("reserved_value: 0.2", f"reserved_value: {reserved}")
        case = read_negmas(scenario_folder(tmp_path / reserved, text))
        assert case.position("p").reservation == expected
    text = UFUN.replace("reserved_value: 0.2\n", "")
    assert read_negmas(scenario_folder(tmp_path / "none", text)).position("p").reservation is None


def test_continuous_issues_take_lines_and_tents_only(tmp_path: Path) -> None:
    def read(fun: str) -> Stance:
        text = UFUN.replace("{type: LinearFun, slope: 0.1}", fun)
        return (
            read_negmas(scenario_folder(tmp_path / str(len(fun)) / fun[7:20], text))
            .position("p")
            .stance("price")
        )

    # Falling: the ideal at the low end; a constant: weight 0 (ideal high).
    assert read("{type: AffineFun, slope: -2.0, bias: 30}").ideal == 0.0
    assert read("{type: ConstFun, bias: 4}").salience == 0.0
    assert read("{type: IdentityFun}").salience == 0.25 * 10
    # A symmetric tent reaching 0 at the far ends is 1 - |x - 5| / 10, up to
    # a constant and a factor: alpha -1, beta 2.
    tent = read("{type: TriangularFun, start: 0, middle: 5, end: 10}")
    assert (tent.ideal, tent.salience) == (5.0, 0.25 * 2)
    # Peaked outside the range: a line on it.
    assert read("{type: TriangularFun, start: -10, middle: 20, end: 30}").ideal == 10.0
    # Jumps at the ends (NegMAS's tent is its bias at start and end) are refused.
    for fun in (
        "{type: TriangularFun, start: 0, middle: 10, end: 10}",
        "{type: TriangularFun, start: 0, middle: 0, end: 10}",
        "{type: TriangularFun, start: 2, middle: 4, end: 20}",
        "{type: TriangularFun, start: -10, middle: 5, end: 10, scale: -1}",
    ):
        with pytest.raises(CaseFileError, match="is continuous"):
            read(fun)


def test_wide_and_counted_integer_issues(tmp_path: Path) -> None:
    domain = DOMAIN.replace("values: [1, 3]", "values: [1, 5000]")
    case = read_negmas(scenario_folder(tmp_path / "wide", UFUN, domain))
    assert case.issue("size") == ScaleIssue("size", 1, 5000)
    assert case.position("p").stance("size").ideal == 5000.0
    text = UFUN.replace("{type: LinearFun, slope: 0.5}", "{type: TableFun, mapping: {1: 0.5}}")
    with pytest.raises(CaseFileError, match="has more than 1,000 integers and is read as a scale"):
        read_negmas(scenario_folder(tmp_path / "table", text, domain))
    domain = DOMAIN.replace("values: [1, 3]", "values: 4")
    case = read_negmas(scenario_folder(tmp_path / "counted", UFUN, domain))
    assert case.issue("size") == OrdinalIssue("size", levels=("0", "1", "2", "3"))


BAD_DOMAINS = [
    (
        "type: CartesianOutcomeSpace",
        "type: SingletonOutcomeSpace",
        "the domain is a Singleton",
        "line 2 (type)",
    ),
    ("type: CartesianOutcomeSpace", "type: [x]\nkind: OutcomeSpace", "", ""),
    ("name: t", "name: [t]", "the name of the domain must be a non-empty text", "line 1 (name)"),
    ("name: t", "title: t", "the domain has no key 'title'", "line 1 (title)"),
    ("issues:", "things:", "the domain needs its 'issues'", "line 1"),
    ("issues:\n", "issues: []\nold:\n", "the domain has no issues", "line 3 (issues)"),
    (
        "issues:\n",
        "issues: {}\nold:\n",
        "the issues must be a list (got a mapping)",
        "line 3 (issues)",
    ),
    ("{name: color, ", "{", "an issue needs a 'name'", "line 4 (issues[0])"),
    (
        "type: CategoricalIssue",
        "type: OptionalIssue",
        "issue 'color' is a OptionalIssue",
        "line 4 (issues[0].type)",
    ),
    (
        "type: CategoricalIssue, values: [red, blue]",
        "type: CategoricalIssue",
        "issue 'color' needs its 'values'",
        "line 4 (issues[0])",
    ),
    (
        "[red, blue]",
        "[red, blue], unit: cm",
        "an issue has no key 'unit'",
        "line 4 (issues[0].unit)",
    ),
    ("[red, blue]", "[red]", "needs at least two levels", "line 4 (issues[0])"),
    ("[red, blue]", "[red, red]", "levels must be distinct", "line 4 (issues[0])"),
    (
        "[red, blue]",
        "[red, no]",
        "got False): in YAML, unquoted yes, no",
        "line 4 (issues[0].values[1])",
    ),
    (
        "[red, blue]",
        "[red, null]",
        "must be a text or a number (got None)",
        "line 4 (issues[0].values[1])",
    ),
    ("[red, blue]", "[red, [blue]]", "must be a text or a number (got a list)", "line 4"),
    (
        "[red, blue]",
        "[red, .nan]",
        "must be a finite number (got nan)",
        "line 4 (issues[0].values[1])",
    ),
    (
        "[1, 3]",
        "[3, 1]",
        "needs its lower bound below its upper one (got 3 and 1)",
        "line 5 (issues[1].values)",
    ),
    (
        "[1, 3]",
        "[1.5, 3]",
        "a bound of issue 'size' must be an integer",
        "line 5 (issues[1].values[0])",
    ),
    (
        "[1, 3]",
        "[1, 2, 3]",
        "issue 'size' needs two values, its bounds (got 3)",
        "line 5 (issues[1].values)",
    ),
    ("[1, 3]", "1", "issue 'size' needs at least two values (got 1)", "line 5 (issues[1].values)"),
    ("[0.0, 10.0]", "[0.0, .inf]", "a bound of issue 'price' must be a finite number", "line 6"),
    ("name: size", "name: color", "two issues are named 'color'", "line 5 (issues[1])"),
    (
        "name: size",
        "name: '  '",
        "the name of an issue must be a non-empty text",
        "line 5 (issues[1].name)",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected", "where"), BAD_DOMAINS, ids=[b[1][:30] for b in BAD_DOMAINS]
)
def test_a_bad_domain_is_one_error_naming_file_and_place(
    tmp_path: Path, old: str, new: str, expected: str, where: str
) -> None:
    assert DOMAIN.count(old) == 1
    folder = scenario_folder(tmp_path, UFUN, DOMAIN.replace(old, new))
    if not expected:
        # No longer a domain: the folder has none.
        with pytest.raises(InvalidArgumentError, match="found 0"):
            read_negmas(folder)
        return
    err = problems_of(folder)
    assert err.path.endswith("t.yml")
    found = [p for p in err.problems if expected in p.message]
    assert found, str(err)
    assert found[0].where.startswith(where), found[0].where


# ---------------------------------------------------------------------------
# Hostile and broken YAML: refused before anything is built


def test_a_yaml_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = UFUN.replace(
        "reserved_value: 0.2",
        f'reserved_value: !!python/object/apply:os.system ["touch {marker}"]',
    )
    err = problems_of(scenario_folder(tmp_path, text))
    assert not marker.exists()
    (problem,) = err.problems
    assert problem.where == "line 3 (reserved_value)"
    assert "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not read" in (
        problem.message
    )


@pytest.mark.parametrize(
    ("text", "expected", "where"),
    [
        ("name: !custom p\n", "the YAML tag '!custom' is not read", "line 1 (name)"),
        ("name: p\nseen: !!set {a, b}\n", "'tag:yaml.org,2002:set' is not read", "line 2 (seen)"),
        ("name: p\nwhen: 2024-05-01\n", "'tag:yaml.org,2002:timestamp'", "line 2 (when)"),
        ("name: p\n<<: {type: x}\n", "'tag:yaml.org,2002:merge' is not read", "line 2"),
        ("w: &w [1, 2]\nv: *w\n", "YAML aliases (*name) are not read", "line 1 (v)"),
        ("name: p\nname: q\n", "the key 'name' is given twice", "line 2 (name)"),
        ("n: !!int abc\n", "'abc' is not a YAML int", "line 1 (n)"),
        ("n: !!bool maybe\n", "'maybe' is not a YAML bool", "line 1 (n)"),
        ("? [a, b]\n: 1\n", "a key must be a plain value, not a list or a mapping", "line 1"),
        (
            "a: 1\n  b: 2\n",
            "not valid YAML: mapping values are not allowed here",
            "line 2, column 4",
        ),
        ("a: [1, 2\n", "not valid YAML: while parsing a flow sequence", "line 2, column 1"),
        ("a: 1\n---\nb: 2\n", "not valid YAML: expected a single document", "line 2, column 1"),
        (
            "name: p\x07\n",
            "not valid YAML: special characters are not allowed (character 0x7)",
            "line 1",
        ),
        (
            "a: " + "[" * 70 + "]" * 70 + "\n",
            "nested too deeply (at most 64 levels are read)",
            "line 1",
        ),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply to read", ""),
        ("", "the file is empty", ""),
        ("# only a comment\n", "the file is empty", ""),
    ],
    ids=lambda x: x[:24] if isinstance(x, str) else x,
)
def test_broken_or_hostile_yaml_is_one_problem(
    tmp_path: Path, text: str, expected: str, where: str
) -> None:
    path = write(tmp_path / "p.yml", text)
    with pytest.raises(CaseFileError) as caught:
        read_negmas([path])
    (problem,) = caught.value.problems
    assert expected in problem.message
    assert problem.where.startswith(where), problem.where


def test_a_file_that_is_not_utf8_or_too_large_or_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.yml"
    path.write_bytes(b"name: p\ntype: \xff\n")
    with pytest.raises(CaseFileError, match=r"line 2: the file is not UTF-8 text \(byte 0xff\)"):
        read_negmas([path])
    monkeypatch.setattr(fmt, "MAX_BYTES", 10)
    path.write_text(UFUN, encoding="utf-8")
    with pytest.raises(
        CaseFileError, match=r"the file has 214 bytes; NegMAS files of more than 10"
    ):
        read_negmas([path])
    with pytest.raises(CaseFileError, match="cannot read the file: No such file or directory"):
        read_negmas([tmp_path / "missing.yml"])


def test_reading_changes_no_file(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path, UFUN.replace("0.25, 0.25]", "0.25, -1]"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    problems_of(folder)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


# ---------------------------------------------------------------------------
# Finding the files


def test_a_folder_skips_notes_and_files_of_no_type(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path)
    write(folder / "_stats.yaml", "this: [is not, even valid YAML")
    write(folder / ".hidden.yml", "this: [is not, even valid YAML")
    write(folder / "settings.yaml", "rounds: 10\n")
    write(folder / "list.yml", "- 1\n- 2\n")
    write(folder / "notes.txt", "anything")
    (folder / "sub.yml").mkdir()
    case = read_negmas(folder)
    assert [s.title for s in case.sources] == ["t.yml", "p.yml"]
    # A file with a type that is not a domain is a utility function.
    write(folder / "q.yml", "type: Nothing\n")
    with pytest.raises(CaseFileError, match="a Nothing is not read"):
        read_negmas(folder)


def test_files_given_one_by_one_keep_their_order(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path)
    write(folder / "a.yml", UFUN.replace("name: p", "name: a"))
    case = read_negmas([folder / "p.yml", folder / "t.yml", folder / "a.yml"])
    assert [p.id for p in case.positions] == ["p", "a"]
    # A domain alone is a case of issues without positions.
    alone = read_negmas(folder / "t.yml")
    assert (len(alone.issues), alone.positions) == (3, ())
    # A list given explicitly must be a utility function.
    write(folder / "l.yml", "- 1\n")
    with pytest.raises(
        CaseFileError, match=r"a utility function must be a mapping \(got a list\)"
    ):
        read_negmas([folder / "t.yml", folder / "l.yml"])
    with pytest.raises(CaseFileError, match="a utility function needs a 'type'"):
        read_negmas([folder / "t.yml", write(folder / "n.yml", "name: n\n")])


def test_there_must_be_one_domain(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path)
    (folder / "t.yml").unlink()
    with pytest.raises(InvalidArgumentError, match=r"expected one NegMAS domain file .* found 0$"):
        read_negmas(folder)
    write(folder / "t.yml", DOMAIN)
    write(folder / "u.yml", DOMAIN)
    with pytest.raises(InvalidArgumentError, match=r"found 2: \['t.yml', 'u.yml'\]"):
        read_negmas(folder)
    with pytest.raises(InvalidArgumentError, match="the files given: expected one"):
        read_negmas([folder / "p.yml"])


def test_ids_come_from_names_and_the_case_id_can_be_given(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path, domain=DOMAIN.replace("name: t\n", "name: my talks\n"))
    write(folder / "p 2.yml", UFUN.replace("name: p", "name: Party Two"))
    case = read_negmas(folder)
    assert case.id == "my_talks"
    assert case.title == "NegMAS scenario my talks"
    assert [(p.id, p.party.name) for p in case.positions] == [("p_2", "Party Two"), ("p", "p")]
    assert read_negmas(folder, case_id="given").id == "given"
    with pytest.raises(InvalidArgumentError, match="case_id must be an id"):
        read_negmas(folder, case_id="not an id")
    nameless = scenario_folder(tmp_path / "x", domain=DOMAIN.replace("name: t\n", "name: null\n"))
    assert read_negmas(nameless).id == "t"
    labelled = scenario_folder(
        tmp_path / "y", domain=DOMAIN.replace("name: color", "name: the colour")
    )
    text = UFUN.replace("[0.5, 0.25, 0.25]", "{the colour: 1.0}")
    issue = read_negmas(
        scenario_folder(tmp_path / "z", text, labelled.joinpath("t.yml").read_text())
    ).issues[0]
    assert (issue.id, issue.label) == ("the_colour", "the colour")


# ---------------------------------------------------------------------------
# Writing: what NegMAS files cannot hold is refused, and nothing is written


def test_what_negmas_cannot_represent_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    land = ItemsIssue("land", items=(Item("north"), Item("south")))
    a = Party("a", name="A")
    case = Case(
        "land",
        title="Land",
        issues=[land],
        parties=[a],
        positions=[Position("a-1", party=a, stances=[Stance(land, ideal=(1.0, 0.0))])],
    )
    out = tmp_path / "out"
    with pytest.raises(
        InvalidArgumentError, match=r"weighted-item issues have no NegMAS counterpart: \['land'\]"
    ):
        write_negmas(case, out)
    assert not out.exists()
    empty = Case("empty", title="Empty", issues=[], parties=[a])
    with pytest.raises(InvalidArgumentError, match="the case has no issues"):
        write_negmas(empty, out)
    seat = made_case().issue("host_city")
    twin = Case(
        "a-1",
        title="Twin",
        issues=[seat],
        parties=[a],
        positions=[Position("a-1", party=a, stances=[Stance(seat, ideal="oslo")])],
    )
    with pytest.raises(
        InvalidArgumentError, match=r"a position's file would be the domain file 'a-1\.yml'"
    ):
        write_negmas(twin, out)
    assert not out.exists()


def test_a_case_without_positions_is_a_domain(tmp_path: Path) -> None:
    case = made_case().replace(positions=[])
    (path,) = write_negmas(case, tmp_path)
    back = read_negmas(path)
    assert [i.id for i in back.issues] == [i.id for i in case.issues]


def test_levels_become_the_numbers_they_write(tmp_path: Path) -> None:
    assert fmt._typed(["1", "2", "10"]) == (1, 2, 10)
    assert fmt._typed(["01", "2"]) == ("01", "2")
    assert fmt._typed(["1.5", "2.0"]) == (1.5, 2.0)
    assert fmt._typed(["1.50", "2.0"]) == ("1.50", "2.0")
    assert fmt._typed(["0.0", "-0.0"]) == ("0.0", "-0.0")
    assert fmt._typed(["nan", "inf"]) == ("nan", "inf")
    assert fmt._typed(["1" + "0" * 16, "2"]) == ("1" + "0" * 16, "2")
    assert fmt._typed(["1" * 5000, "2"]) == ("1" * 5000, "2")
    assert fmt._typed(["2" + "0" * 15, "2"]) == ("2" + "0" * 15, "2")
    assert fmt._typed(["low", "high"]) == ("low", "high")
    odd = OrdinalIssue("odd", levels=("1", "3", "7"))
    wide = OrdinalIssue("wide", levels=tuple(str(k) for k in range(1200)))
    kinds = [fmt._issue_plan(i).kind for i in (odd, wide, OrdinalIssue("o", levels=("a", "b")))]
    assert kinds == ["DiscreteCardinalIssue", "DiscreteCardinalIssue", "DiscreteOrdinalIssue"]


def test_without_pyyaml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[yaml\]'"):
        read_negmas(LEASE)
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[yaml\]'"):
        write_negmas(made_case(), tmp_path)


# ---------------------------------------------------------------------------
# NegMAS objects in memory


@needs_negmas
def test_to_negmas_gives_negmas_objects_of_the_positions_asked_for() -> None:
    from negmas.inout import Scenario
    from negmas.preferences import ExpDiscountedUFun, LinearAdditiveUtilityFunction

    case = read_negmas(LEASE)
    scenario = to_negmas(case)
    assert isinstance(scenario, Scenario)
    assert scenario.name == "lease"
    landlord, tenant = scenario.ufuns
    assert isinstance(landlord, ExpDiscountedUFun)
    assert (landlord.discount, landlord.factor) == (0.9, "relative_time")
    assert isinstance(tenant, LinearAdditiveUtilityFunction)
    assert float(tenant(("none", 5, 1200.0, "any"))) == 1.0
    assert [u.name for u in to_negmas(case, ["tenant"]).ufuns] == ["tenant"]
    chosen = to_negmas(case, [case.position("tenant"), "landlord"])
    assert [u.name for u in chosen.ufuns] == ["tenant", "landlord"]
    assert to_negmas(case, []).ufuns == ()


@needs_negmas
def test_to_negmas_refuses_what_it_cannot_convert() -> None:
    case = read_negmas(LEASE)
    with pytest.raises(InvalidArgumentError, match="to_negmas needs a Case, not str"):
        to_negmas("lease")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="'nobody' is not a position of case 'lease'"):
        to_negmas(case, ["nobody"])
    other = attrs_evolve(case.position("tenant"), reservation=0.9)
    with pytest.raises(InvalidArgumentError, match="is not a position of case 'lease'"):
        to_negmas(case, [other])
    with pytest.raises(InvalidArgumentError, match="is not a position"):
        to_negmas(case, [3])  # type: ignore[list-item]
    land = ItemsIssue("land", items=(Item("north"),))
    a = Party("a", name="A")
    items = Case("land", title="Land", issues=[land], parties=[a])
    with pytest.raises(InvalidArgumentError, match="cannot be converted to NegMAS: weighted-item"):
        to_negmas(items)


@needs_negmas
def test_from_negmas_reads_what_negmas_loaded() -> None:
    from negmas.inout import Scenario

    scenario = Scenario.load(MARKET)
    case = from_negmas(scenario)
    assert case.id == "market"
    assert case.sources == ()
    assert [p.id for p in case.positions] == ["broker", "buyer", "seller"]
    assert case.position("buyer").discount_factor == 0.8
    files = read_negmas(MARKET)
    for p, q in zip(files.positions, case.positions, strict=True):
        assert q.stances == p.stances
        assert q.reservation == p.reservation
        assert q.note == p.note
    assert q.label == "NegMAS utility function seller"
    # Without discounting, NegMAS names the profile by its path: its stem is used.
    plain = from_negmas(Scenario.load(MARKET, ignore_discount=True), case_id="plain")
    assert [p.id for p in plain.positions] == ["broker", "buyer", "seller"]


@needs_negmas
def test_from_negmas_refuses_what_it_cannot_read() -> None:
    from negmas.inout import Scenario
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, MappingUtilityFunction, TableFun

    with pytest.raises(
        InvalidArgumentError, match="from_negmas needs a NegMAS Scenario, not Case"
    ):
        from_negmas(read_negmas(LEASE))
    space = make_os([make_issue(["a", "b"], name="x")], name="s")
    mapping = MappingUtilityFunction(lambda o: 1.0, outcome_space=space, name="m")
    with pytest.raises(
        InvalidArgumentError,
        match=r"NegMAS utility function 0: 1 problem\n.*a MappingUtilityFunction is not read",
    ):
        from_negmas(Scenario(outcome_space=space, ufuns=(mapping,)))
    table = LinearAdditiveUtilityFunction(
        values=[TableFun({"a": 1.0, "b": -2.0})], outcome_space=space
    )
    table.name = ""
    case = from_negmas(Scenario(outcome_space=space, ufuns=(table,)))
    assert (
        case.position("party1").note
        == "NegMAS's utility is -2 + 3 times this position's (its reserved value is scaled alike)."
    )
    with pytest.raises(InvalidArgumentError, match="case_id must be an id"):
        from_negmas(Scenario(outcome_space=space, ufuns=(table,)), case_id="no id")


def test_without_negmas(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "negmas",
        "negmas.inout",
        "negmas.outcomes",
        "negmas.preferences",
        "negmas.serialization",
    ):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[negmas\]'"):
        to_negmas(made_case())
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[negmas\]'"):
        from_negmas(object())
    # The files need no NegMAS.
    assert read_negmas(LEASE).id == "lease"


# ---------------------------------------------------------------------------
# The command line


def test_import_and_export_negmas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lease.toml"
    assert main(["import", "negmas", str(LEASE), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: case 'lease' with 4 issues and 2 positions\n"
    case = positions.load_case(out)
    assert case == read_negmas(LEASE)
    assert main(["export", "negmas", str(out), "-o", str(tmp_path / "exported")]) == 0
    written = capsys.readouterr().out.split()
    assert written == [
        str(tmp_path / "exported" / n) for n in ("lease.yml", "landlord.yml", "tenant.yml")
    ]
    assert_same_utilities(case, read_negmas(tmp_path / "exported", case_id="lease"))


@pytest.mark.parametrize("bad", ["ufun", "domain", "yaml"])
def test_a_bad_scenario_exits_1_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    ufuns = {
        "ufun": UFUN.replace("0.25, 0.25]", "0.25, -1]"),
        "domain": UFUN,
        "yaml": UFUN + "weights: [\n",
    }
    domain = DOMAIN.replace("[1, 3]", "[3, 1]") if bad == "domain" else DOMAIN
    folder = scenario_folder(tmp_path, ufuns[bad], domain)
    out = tmp_path / "never.toml"
    assert main(["import", "negmas", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("positions: cannot import ")
    assert "Traceback" not in err
    assert not out.exists()


def test_export_refuses_what_negmas_cannot_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "negmas", "harbour", "-o", str(tmp_path / "out")]) == 2
    assert "weighted-item issues have no NegMAS counterpart" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
