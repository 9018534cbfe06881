"""positions.robustness: conclusions under every combination of readings,
checked against the measures computed one combination at a time."""

from __future__ import annotations

import itertools
import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import (
    Case,
    Evidence,
    Interval,
    Offer,
    OrdinalIssue,
    Party,
    Position,
    Reading,
    ScaleIssue,
    Source,
    Stance,
    Term,
)
from positions import strategies as pst
from positions._cli import main
from positions.exceptions import InvalidArgumentError

PRICE = ScaleIssue("price", low=0, high=10)
PACE = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
A, B = Party("a", name="A"), Party("b", name="B")
SRC = Source("minutes", title="Minutes", publisher="Council", date="2024")


def reading(
    rid: str, kind: str, issue: str | None, value: object, status: str = "reported"
) -> Reading:
    return Reading(rid, kind, issue, value, Evidence(status))  # type: ignore[arg-type]


def make_case(p_readings: list[Reading], q_readings: list[Reading]) -> Case:
    p = Position(
        "p",
        party=A,
        source=SRC,
        status="stated",
        reservation=0.4,
        stances=[Stance(PRICE, 2, accept=Interval(0, 4), salience=2), Stance(PACE, "fast")],
        readings=p_readings,
    )
    q = Position(
        "q",
        party=B,
        source=SRC,
        status="stated",
        stances=[Stance(PRICE, 9, accept=Interval(6, 10)), Stance(PACE, "slow")],
        readings=q_readings,
    )
    offer = Offer("mid", terms=[Term(PRICE, 5), Term(PACE, "medium")], status="inferred")
    return Case(
        "t",
        title="T",
        issues=[PRICE, PACE],
        parties=[A, B],
        sources=[SRC],
        positions=[p, q],
        offers=[offer],
    )


def test_each_reading_alone_that_closes_the_gap_flips_the_overlap() -> None:
    case = make_case(
        [reading("wide", "accept", "price", [0, 7])],
        [reading("low", "accept", "price", [3, 10]), reading("lower", "accept", "price", [1, 10])],
    )
    r = positions.robustness(case, draws=0, solve=False)
    (o,) = r.of_kind("overlap")
    assert (o.base, o.verdict, o.combinations, o.total_combinations) == (False, "some", 6, 6)
    # Brute force over the combinations.
    p, q = case.positions
    holding = sum(
        not positions.overlap(p.read(*a), q.read(*b)).empty
        for a in ((), ("wide",))
        for b in ((), ("low",), ("lower",))
    )
    assert o.holding == holding == 5
    flips = [[str(c) for c in f] for f in o.flipped_by]
    assert flips == [
        ["p accept.price=wide (reported)"],
        ["q accept.price=low (reported)"],
        ["q accept.price=lower (reported)"],
    ]
    assert not o.robust


def test_a_flip_that_needs_two_readings_is_listed_as_the_pair() -> None:
    case = make_case(
        [reading("wide", "accept", "price", [0, 5])],
        [reading("low", "accept", "price", [5, 10])],
    )
    (o,) = positions.robustness(case, draws=0, solve=False).of_kind("overlap")
    assert o.holding == 1
    assert [[c.reading for c in f] for f in o.flipped_by] == [["wide", "low"]]


def test_without_readings_every_conclusion_is_robust_to_the_record() -> None:
    case = make_case([], [])
    r = positions.robustness(case, draws=0)
    assert all(c.combinations == 1 and c.robust for c in r.conclusions)
    (o,) = r.of_kind("overlap")
    assert o.verdict == "none"  # the red lines on price do not meet under any reading


def test_acceptability_under_readings_matches_assess() -> None:
    case = make_case(
        [reading("wide", "accept", "price", [0, 6]), reading("lax", "reservation", None, 0.1)],
        [],
    )
    r = positions.robustness(case, draws=0, solve=False)
    c = next(c for c in r.of_kind("acceptable") if c.subject == ("p", "mid"))
    p, offer = case.position("p"), case.offer("mid")
    expected = [
        positions.assess(p.read(*ids), offer).acceptable
        for ids in ((), ("wide",), ("lax",), ("wide", "lax"))
    ]
    assert c.base == expected[0]
    assert c.holding == sum(expected)
    assert c.verdict == ("all" if all(expected) else "none" if not any(expected) else "some")


def test_salience_draws_give_the_share_of_draws_in_which_a_conclusion_holds() -> None:
    case = make_case([reading("wide", "accept", "price", [0, 6])], [])
    r = positions.robustness(case, draws=400, seed=3, solve=False)
    c = next(c for c in r.of_kind("acceptable") if c.subject == ("p", "mid"))
    assert c.p_min is not None
    assert c.p_max is not None
    assert 0.0 <= c.p_min <= c.p_max <= 1.0
    # Outside the red line (the main reading) it fails in every draw; with the
    # wider reading it depends on the weights through the reservation level.
    assert c.p_min == 0.0
    again = positions.robustness(case, draws=400, seed=3, solve=False)
    assert again == r
    (o,) = r.of_kind("overlap")
    assert o.p_min is None  # the saliences cannot change an overlap


def test_the_main_solution_points_are_those_of_solve() -> None:
    case = make_case([reading("wide", "accept", "price", [0, 7])], [])
    r = positions.robustness(case, draws=0)
    chosen = [p.restricted(["price", "pace"]) for p in case.positions]
    space = positions.OutcomeSpace.grid([PRICE, PACE])
    solution = positions.solve(chosen, space)
    nash = next(c for c in r.conclusions if c.kind == "nash")
    offer = space.offer(solution.nash)  # type: ignore[arg-type]
    assert (
        nash.statement
        == f"the Nash point is price={offer.value('price'):g}; pace={offer.value('pace')}"
    )
    (zone,) = r.of_kind("zone")
    assert zone.base == (len(solution.zone) > 0)


def test_too_many_combinations_are_sampled_with_the_main_readings_first() -> None:
    many = [reading(f"r{k}", "salience", "price", 1 + k) for k in range(5)]
    alts = [reading("lax", "reservation", None, 0.1), reading("strict", "reservation", None, 0.9)]
    case = make_case(many + alts, [reading("low", "accept", "price", [3, 10])])
    r = positions.robustness(case, draws=0, max_combinations=7, solve=False)
    (o,) = r.of_kind("overlap")
    assert o.total_combinations == 6 * 3 * 2
    assert o.combinations == 7
    assert o.sampled
    assert positions.robustness(case, draws=0, max_combinations=7, solve=False) == r
    other = positions.robustness(case, draws=0, max_combinations=7, solve=False, seed=9)
    assert other.of_kind("overlap")[0].combinations == 7


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": -1}, "draws"),
        ({"max_combinations": 0}, "max_combinations"),
        ({"seed": -2}, "seed"),
        ({"concentration": float("inf")}, "concentration"),
        ({"salience_draws": "beta"}, "salience_draws"),
    ],
)
def test_bad_arguments_are_usage_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        positions.robustness(make_case([], []), **kwargs)  # type: ignore[arg-type]


def test_the_command_prints_json_with_every_conclusion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["robustness", "harbour", "--format", "json", "--draws", "50"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert err == ""  # no progress line when standard error is not a terminal
    kinds = [c["kind"] for c in data["conclusions"]]
    assert kinds[:1] == ["overlap"]
    assert {"zone", "nash", "kalai_smorodinsky", "egalitarian"} <= set(kinds)
    assert all(c["verdict"] in ("all", "none", "some") for c in data["conclusions"])
    assert main(["robustness", "harbour", "--no-solve", "--format", "csv", "--draws", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("kind,statement,base,verdict")
    assert len(lines) == 1 + 1 + 4  # one pair, two positions by two offers


@settings(max_examples=30, deadline=None)
@given(
    pst.issue_lists(max_size=2, kinds=["scale", "ordinal"]).flatmap(
        lambda issues: st.tuples(
            pst.positions(issues, evidence=st.just(False), readings=st.just(True)),
            pst.positions(issues, evidence=st.just(False), readings=st.just(True)),
        )
    )
)
def test_the_overlap_verdict_is_the_brute_force_one(pair: tuple[Position, Position]) -> None:
    p, q = attrs.evolve(pair[0], id="p"), attrs.evolve(pair[1], id="q", party=B)
    p = attrs.evolve(p, party=A)
    issues = list({i.id: i for pos in (p, q) for i in pos.issues}.values())
    sources = sorted({s for s in (p.source, q.source) if s is not None}, key=lambda s: s.id)
    if len({s.id for s in sources}) != len(sources):
        return
    case = Case("t", title="T", issues=issues, parties=[A, B], sources=sources, positions=[p, q])
    (o,) = positions.robustness(case, draws=0, solve=False).of_kind("overlap")

    def choices(pos: Position) -> list[tuple[str, ...]]:
        groups: dict[str, list[str]] = {}
        for r in pos.readings:
            groups.setdefault(r.path, []).append(r.id)
        return [
            tuple(x for x in combo if x)
            for combo in itertools.product(*(["", *g] for g in groups.values()))
        ]

    results = [
        not positions.overlap(p.read(*a), q.read(*b)).empty for a in choices(p) for b in choices(q)
    ]
    assert o.combinations == len(results)
    assert o.holding == sum(results)
    assert o.base == results[0]
    assert o.robust == (len(set(results)) == 1)


def test_a_run_too_large_to_draw_is_refused_before_drawing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from positions._cli import main

    assert main(["robustness", "harbour", "--draws", "100000000000"]) == 2
    err = capsys.readouterr().err
    assert "more than the limit of 20,000,000" in err
    assert "--max-samples" in err
    with pytest.raises(positions.exceptions.InvalidArgumentError, match="max-samples"):
        positions.robustness(positions.load_case("harbour"), draws=10, max_samples=0)
