"""Evidence per claim, alternative readings and salience ranges: the model,
the case file, and what results say they rest on."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import positions
from positions import (
    Claim,
    Evidence,
    Interval,
    Levels,
    OrdinalIssue,
    Party,
    Position,
    Reading,
    ScaleIssue,
    Source,
    Stance,
    Term,
)
from positions import (
    strategies as pst,
)
from positions._cli import main
from positions.exceptions import CaseFileError, ModelError

PRICE = ScaleIssue("price", low=0, high=10)
PACE = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
A, B = Party("a", name="A"), Party("b", name="B")
MINUTES = Source("minutes", title="Minutes", publisher="Council", date="2024")
NOTES = Source("notes", title="Notes", publisher="Council", date="2024-02")


def position(**kwargs: object) -> Position:
    stances = kwargs.pop("stances", None) or [
        Stance(PRICE, 2, accept=Interval(0, 5)),
        Stance(PACE, "fast", accept=Levels({"medium", "fast"})),
    ]
    return Position("p", party=A, stances=stances, source=MINUTES, **kwargs)  # type: ignore[arg-type]


# --- the model -------------------------------------------------------------------------


def test_unmarked_claims_inherit_the_position() -> None:
    p = position(status="reported", locator="item 3")
    assert p.status == "reported"
    assert {c.status for c in p.claims} == {"reported"}
    ev = p.evidence("accept", "price")
    assert (ev.status, ev.source, ev.locator) == ("reported", MINUTES, "item 3")


def test_without_a_status_a_position_is_stated_unless_a_claim_says_otherwise() -> None:
    assert position().status == "stated"
    inferred = Stance(PRICE, 2, accept=Interval(0, 5), accept_evidence=Evidence("inferred"))
    p = position(stances=[inferred, Stance(PACE, "fast")])
    assert p.status == "inferred"
    # Unmarked claims inherit the derived status: the weakest, never a stronger one.
    assert p.claim("ideal", "pace").status == "inferred"


def test_marked_claims_can_be_stronger_than_the_position() -> None:
    stated = Evidence("stated", source=NOTES, locator="p. 2")
    p = position(
        status="inferred",
        stances=[Stance(PRICE, 2, ideal_evidence=stated), Stance(PACE, "fast")],
    )
    assert p.status == "inferred"
    assert p.claim("ideal", "price") == Claim("p", "price", "ideal", "stated", source="notes")
    assert p.claim("accept", "price").status == "inferred"


def test_a_stated_position_cannot_hide_an_inferred_red_line() -> None:
    hidden = Stance(PRICE, 2, accept=Interval(0, 5), accept_evidence=Evidence("inferred"))
    with pytest.raises(ModelError, match=r"status 'stated' must be the weakest.*accept\.price"):
        position(status="stated", stances=[hidden])


def test_a_status_weaker_than_every_claim_is_refused() -> None:
    ev = Evidence("stated")
    stances = [Stance(PRICE, 2, ideal_evidence=ev, accept_evidence=ev, salience_evidence=ev)]
    with pytest.raises(ModelError, match="every claim is at least 'stated'"):
        position(status="reported", stances=stances)
    assert position(stances=stances).status == "stated"


def test_reservation_evidence_needs_a_reservation() -> None:
    with pytest.raises(ModelError, match="no reservation"):
        position(reservation_evidence=Evidence("inferred"))
    p = position(reservation=0.4, reservation_evidence=Evidence("inferred", note="a guess"))
    assert p.claim("reservation") == Claim(
        "p", None, "reservation", "inferred", "minutes", "a guess"
    )


def test_a_judgement_rationale_is_the_note_of_claims_that_have_none() -> None:
    p = position(judgement=positions.Judgement(salience="Analyst's judgement: price first."))
    assert p.claim("salience", "pace").note == "Analyst's judgement: price first."
    assert p.claim("ideal", "pace").note == ""


def test_readings_replace_one_claim_each_with_their_own_evidence() -> None:
    wide = Reading("wide", "accept", "price", [0, 8], Evidence("reported", source=NOTES))
    low = Reading("low", "reservation", None, 0.1, Evidence("inferred"))
    p = position(status="stated", reservation=0.5, readings=[wide, low])
    assert p.reading("wide").value == Interval(0, 8)  # normalised by the issue
    q = p.read("wide", "low")
    assert q.stance("price").accept == Interval(0, 8)
    assert q.reservation == 0.1
    assert q.readings == ()
    assert q.status == "inferred"
    assert q.claim("accept", "price").source == "notes"
    # The reading without a source cites the position's.
    assert q.claim("reservation").source == "minutes"
    # What the readings do not touch is as before.
    assert q.stance("pace") == attrs.evolve(
        p.stance("pace"),
        ideal_evidence=p.evidence("ideal", "pace"),
        accept_evidence=p.evidence("accept", "pace"),
        salience_evidence=p.evidence("salience", "pace"),
    )
    assert p.read() == p._explicit().read() == attrs.evolve(p._explicit(), readings=())


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        (Reading("r", "accept", "price", [5, 9], Evidence("inferred")), "must lie in"),
        (Reading("r", "ideal", "tariff", 3, Evidence("inferred")), "does not address"),
        (Reading("r", "salience", "price", -1, Evidence("inferred")), "must be >= 0"),
        (Reading("r", "reservation", None, 1.5, Evidence("inferred")), r"\[0, 1\]"),
        (Reading("r", "ideal", "price", 11, Evidence("inferred")), "must lie in"),
    ],
)
def test_a_reading_that_does_not_fit_is_refused(reading: Reading, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        position(readings=[reading])


def test_readings_that_do_not_fit_together_are_refused() -> None:
    ideal = Reading("high", "ideal", "price", 9, Evidence("inferred"))
    accept = Reading("wide", "accept", "price", [0, 9.5], Evidence("inferred"))
    narrow = Reading("narrow", "accept", "price", [1, 3], Evidence("inferred"))
    # 9 fits the wide set but not the given one nor the narrow one.
    with pytest.raises(ModelError, match="must lie in"):
        position(readings=[ideal, accept, narrow])
    assert position(stances=[Stance(PRICE, 2, accept=Interval(0, 9))], readings=[ideal, accept])


def test_reading_ids_are_unique_and_choices_one_per_claim() -> None:
    r1 = Reading("r", "salience", "price", 2, Evidence("inferred"))
    r2 = Reading("s", "salience", "price", 3, Evidence("inferred"))
    with pytest.raises(ModelError, match="unique"):
        position(readings=[r1, attrs.evolve(r2, id="r")])
    p = position(readings=[r1, r2])
    with pytest.raises(ModelError, match="at most one reading per claim"):
        p.read("r", "s")
    with pytest.raises(ModelError, match="no reading 'x'"):
        p.read("x")


def test_a_reading_names_an_issue_unless_it_is_of_the_reservation() -> None:
    with pytest.raises(ModelError, match="needs an issue"):
        Reading("r", "accept", None, [0, 1], Evidence("inferred"))
    with pytest.raises(ModelError, match="names no issue"):
        Reading("r", "reservation", "price", 0.3, Evidence("inferred"))


def test_a_salience_range_must_contain_the_salience() -> None:
    assert Stance(PRICE, 2, salience=2, salience_range=[1, 3]).salience_range == Interval(1, 3)
    with pytest.raises(ModelError, match="must be >= 0 and contain the salience 5"):
        Stance(PRICE, 2, salience=5, salience_range=[1, 3])


def test_restricting_keeps_how_each_claim_is_known() -> None:
    weak = Stance(PACE, "fast", accept_evidence=Evidence("inferred"))
    p = position(stances=[Stance(PRICE, 2), weak])
    # The price claims inherited 'inferred' from the derived status; they keep it.
    q = p.restricted(["price"])
    assert q.status == "inferred"
    assert {c.status for c in q.claims} == {"inferred"}


def test_a_case_checks_the_sources_of_claims() -> None:
    stray = Source("stray", title="Stray", publisher="X", date="2020")
    p = position(stances=[Stance(PRICE, 2, ideal_evidence=Evidence("stated", source=stray))])
    with pytest.raises(ModelError, match="source 'stray' is not in the case"):
        positions.Case(
            "c", title="C", issues=[PRICE], parties=[A], sources=[MINUTES], positions=[p]
        )


# --- the case file ---------------------------------------------------------------------

CASE = """\
[case]
id = "t"
title = "T"

[[sources]]
id = "minutes"
title = "Minutes"
publisher = "Council"
date = "2024"

[[sources]]
id = "notes"
title = "Notes"
publisher = "Council"
date = "2024-02"

[[parties]]
id = "a"
name = "A"

[[parties]]
id = "b"
name = "B"

[[issues]]
id = "price"
kind = "scale"
low = 0
high = 10

[[issues]]
id = "pace"
kind = "ordinal"
levels = ["slow", "medium", "fast"]

[[positions]]
id = "p"
party = "a"
date = 2024-01-01
source = "minutes"
ideal = { price = 2, pace = "fast" }
accept = { price = [0, 5], pace = ["medium", "fast"] }
salience = { price = 2, pace = 1 }
salience_range = { price = [1, 3] }
reservation = 0.3

[positions.evidence]
ideal = { status = "stated" }
salience = { status = "inferred", note = "weights guessed" }
reservation = { status = "inferred" }

[positions.evidence.accept.price]
status = "reported"
source = "notes"
locator = "p. 3"

[[positions.readings]]
id = "wide"
claim = "accept.price"
value = [0, 8]
status = "inferred"
note = "could go further"

[[positions]]
id = "q"
party = "b"
date = 2024-01-01
status = "stated"
source = "minutes"
ideal = { price = 9, pace = "slow" }
accept = { price = [6, 10] }

[[offers]]
id = "o"
date = 2024-01-02
status = "inferred"
source = "minutes"
terms = { price = 4 }
"""


def test_the_case_file_gives_evidence_by_claim_and_by_issue() -> None:
    case = positions.loads_case(CASE)
    p = case.position("p")
    assert p.status == "inferred"
    assert [(c.path, c.status, c.source) for c in p.claims] == [
        ("ideal.price", "stated", "minutes"),
        ("accept.price", "reported", "notes"),
        ("salience.price", "inferred", "minutes"),
        ("ideal.pace", "stated", "minutes"),
        ("accept.pace", "inferred", "minutes"),
        ("salience.pace", "inferred", "minutes"),
        ("reservation", "inferred", "minutes"),
    ]
    assert p.evidence("accept", "price").locator == "p. 3"
    assert p.stance("price").salience_range == Interval(1, 3)
    assert p.read("wide").stance("price").accept == Interval(0, 8)
    assert positions.loads_case(positions.dumps_case(case)) == case


def test_old_case_files_load_as_before() -> None:
    case = positions.load_case("harbour")
    assert [p.status for p in case.positions] == ["stated", "stated"]
    assert all(c.status == "stated" for p in case.positions for c in p.claims)


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            'ideal = { status = "stated" }',
            'ideals = { status = "stated" }',
            "positions[0].evidence.ideals",
            "expected one of 'ideal', 'accept', 'salience', 'reservation'",
        ),
        (
            'ideal = { status = "stated" }',
            'ideal = { status = "said" }',
            "positions[0].evidence.ideal.status",
            "must be one of",
        ),
        (
            'source = "notes"\nlocator',
            'source = "memo"\nlocator',
            "positions[0].evidence.accept.price.source",
            "unknown source 'memo'",
        ),
        (
            "[positions.evidence.accept.price]",
            "[positions.evidence.accept.tariff]",
            "positions[0].evidence.accept.tariff",
            "this issue has no ideal in the position",
        ),
        (
            'ideal = { status = "stated" }',
            'ideal = { status = "stated", price = { status = "stated" } }',
            "positions[0].evidence.ideal",
            "expected an evidence table",
        ),
        (
            'claim = "accept.price"',
            'claim = "accept"',
            "positions[0].readings[0].claim",
            "expected 'ideal.ISSUE'",
        ),
        (
            'claim = "accept.price"',
            'claim = "accept.tariff"',
            "positions[0].readings[0].claim",
            "no ideal for issue 'tariff'",
        ),
        (
            "value = [0, 8]",
            "value = [6, 8]",
            "positions[0].readings[0]",
            "reading 'wide' (accept.price) does not fit",
        ),
        (
            "salience_range = { price = [1, 3] }",
            "salience_range = { price = [3, 4] }",
            "positions[0].salience_range.price",
            "contain the salience 2",
        ),
        (
            "salience_range = { price = [1, 3] }",
            "salience_range = { price = [1, 2, 3] }",
            "positions[0].salience_range.price",
            "[low, high]",
        ),
        (
            "reservation = 0.3\n",
            "",
            "positions[0].evidence.reservation",
            "no reservation level",
        ),
    ],
)
def test_bad_evidence_is_reported_with_its_place(
    old: str, new: str, where: str, message: str
) -> None:
    assert old in CASE
    with pytest.raises(CaseFileError) as info:
        positions.loads_case(CASE.replace(old, new, 1), name="t.toml")
    places = {p.where: p.message for p in info.value.problems}
    assert where in places, places
    assert message in places[where]


def test_a_stated_position_with_an_inferred_claim_is_a_problem_of_the_file() -> None:
    text = CASE.replace(
        'source = "minutes"\nideal = { price = 2',
        'status = "stated"\nsource = "minutes"\nideal = { price = 2',
        1,
    )
    with pytest.raises(CaseFileError) as info:
        positions.loads_case(text, name="t.toml")
    assert [p.where for p in info.value.problems] == ["positions[0]"]
    assert "must be the weakest of its claims" in info.value.problems[0].message


@given(pst.cases(max_positions=3))
def test_generated_cases_with_evidence_and_readings_read_back_equal(case: positions.Case) -> None:
    assert positions.loads_case(positions.dumps_case(case)) == case


@given(pst.positions([PRICE, PACE]))
def test_a_position_is_as_strong_as_its_weakest_claim(p: Position) -> None:
    assert p.status == positions.weakest(p.claims)
    for r in p.readings:
        q = p.read(r.id)
        assert q.status == positions.weakest(q.claims)
        assert q.claim(r.kind, r.issue).status == r.evidence.status


# --- what results rest on --------------------------------------------------------------


def load() -> positions.Case:
    return positions.loads_case(CASE)


def test_an_overlap_rests_on_the_sets_of_every_issue_when_the_zone_exists() -> None:
    case = load()
    p = case.position("p").read("wide")
    o = positions.overlap(p, case.position("q"))
    assert not o.empty
    assert [(c.position, c.path, c.status) for c in o.rests_on] == [
        ("p", "accept.price", "inferred"),
        ("p", "accept.pace", "inferred"),
    ]


def test_an_empty_zone_rests_on_no_claim_when_a_stated_issue_blocks_it() -> None:
    case = load()
    p, q = case.position("p"), case.position("q")
    o = positions.overlap(p, q)
    assert o.blocking == ("price",)
    assert [c.path for c in o.rests_on] == ["accept.price"]  # p's red line is reported
    stated = attrs.evolve(
        p,
        stances=[
            attrs.evolve(p.stance("price"), accept_evidence=Evidence("stated")),
            p.stance("pace"),
        ],
    )
    assert positions.overlap(stated, q).rests_on == ()


def test_an_assessment_rests_on_what_its_figures_use() -> None:
    case = load()
    p = case.position("p")
    partial = positions.Offer("o", terms=[Term(PRICE, 4)])
    paths = [c.path for c in positions.assess(p, partial).rests_on]
    # The settled issue's red line, and the saliences through the weights.
    assert paths == ["accept.price", "salience.price", "salience.pace"]
    complete = positions.Offer("o", terms=[Term(PRICE, 4), Term(PACE, "fast")])
    paths = [c.path for c in positions.assess(p, complete).rests_on]
    assert paths == [
        "accept.price",
        "accept.pace",
        "salience.price",
        "salience.pace",
        "reservation",
    ]
    assert positions.assess(case.position("q"), complete).rests_on == ()


def test_movement_rests_on_the_ideals_and_sets_it_compares() -> None:
    case = load()
    earlier = case.position("q")
    later = attrs.evolve(
        earlier,
        id="q2",
        stances=[
            attrs.evolve(earlier.stance("price"), ideal=8.0, ideal_evidence=Evidence("reported")),
            earlier.stance("pace"),
        ],
        status=None,
    )
    m = positions.movement(earlier, later, towards=case.position("p"))
    assert ("q2", "ideal.price", "reported") in [
        (c.position, c.path, c.status) for c in m.rests_on
    ]
    price = next(i for i in m.by_issue if i.issue == "price")
    assert {c.position for c in price.rests_on} == {"q2", "p"}


def test_cli_json_lists_what_each_result_rests_on_and_filters_by_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.toml"
    path.write_text(CASE, encoding="utf-8")
    assert main(["overlap", str(path), "--format", "json"]) == 0
    pair = json.loads(capsys.readouterr().out)["pairs"][0]
    assert pair["rests_on"] == [
        {"position": "p", "issue": "price", "claim": "accept", "status": "reported"}
    ]
    assert main(["overlap", str(path), "--format", "json", "--min-status", "stated"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["pairs"], data["left_out"], data["min_status"]) == ([], 1, "stated")
    assert main(["overlap", str(path), "--format", "json", "--min-status", "reported"]) == 0
    assert len(json.loads(capsys.readouterr().out)["pairs"]) == 1
    assert main(["compare", str(path), "--format", "csv"]) == 0
    assert "p/accept.price=reported" in capsys.readouterr().out
    assert main(["timeline", str(path), "--format", "json", "--min-status", "stated"]) == 0
    assert json.loads(capsys.readouterr().out)["left_out"] == 0
    assert main(["solve", str(path), "--format", "csv"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.endswith(",rests_on")
    assert all("p/accept.price=reported" in row for row in rows)
    assert main(["solve", str(path), "--format", "json", "--min-status", "reported"]) == 0
    data = json.loads(capsys.readouterr().out)
    # Five points within the zone, five over the rational outcomes, the
    # distances of each complete offer and both predictions rest on the
    # reported red line.
    points = (data["zone"]["points"], data["rational"]["points"], data["offers"])
    assert points == ({}, {}, [])
    assert main(["solve", str(path), "--format", "json"]) == 0
    offers = len(json.loads(capsys.readouterr().out)["offers"])
    assert (data["predictions"], data["left_out"]) == ([], 5 + 5 + offers + 2)


# --- salience ranges in sensitivity ------------------------------------------------------


def test_ranged_saliences_are_drawn_within_their_ranges_and_renormalised() -> None:
    import numpy as np

    from positions._sensitivity import weight_draws

    p = positions.loads_case(CASE).position("p")  # price 2 in [1, 3], pace 1 fixed
    w = weight_draws(p, 4000, np.random.default_rng(5), how="ranges")
    assert w.shape == (4000, 2)
    assert np.allclose(w.sum(axis=1), 1.0)
    # price / (price + 1) with price uniform in [1, 3]: from 1/2 to 3/4.
    assert 0.5 <= w[:, 0].min() < 0.52
    assert 0.73 < w[:, 0].max() <= 0.75
    # Without ranges, "ranges" keeps the stated weights.
    q = positions.loads_case(CASE).position("q")
    assert np.array_equal(
        weight_draws(q, 10, np.random.default_rng(5), how="ranges"), np.full((10, 2), 0.5)
    )


def test_auto_draws_by_ranges_where_a_position_gives_them() -> None:
    case = positions.loads_case(CASE)
    s = positions.sensitivity(case.positions, case.offers, draws=500, seed=2)
    rows = s.offers[0].by_position
    assert [(r.position, r.draws_from) for r in rows] == [("p", "ranges"), ("q", "dirichlet")]
    dirichlet = positions.sensitivity(
        case.positions, case.offers, draws=500, seed=2, salience_draws="dirichlet"
    )
    assert [r.draws_from for r in dirichlet.offers[0].by_position] == ["dirichlet"] * 2
    assert rows[0].concession_mean != dirichlet.offers[0].by_position[0].concession_mean
    for r in rows:
        assert r.concession_p05 <= r.concession_mean <= r.concession_p95
    with pytest.raises(positions.exceptions.InvalidArgumentError, match="salience_draws"):
        positions.sensitivity(case.positions, case.offers, salience_draws="beta")  # type: ignore[arg-type]
