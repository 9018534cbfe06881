"""Forecasts and backtests: every model predicts a value of the issue's
domain, a unanimous case exactly, and scores do not depend on the order of
cases or actors; the figures of the fictional council are worked here."""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import Case, Outcome, Party, Position, ReferencePoint, ScaleIssue, Source, Stance
from positions import strategies as pst
from positions._cli import main
from positions.exceptions import InvalidArgumentError

COUNCIL = positions.load_case("council-decisions")
#: Every model but the status quo, which predicts the reference point
#: whatever the positions.
POSITION_MODELS = [m for m in positions.MODELS if m != "reference"]


def _outcome(issue_id: str) -> float:
    o = COUNCIL.outcome(issue_id)
    assert o is not None
    assert isinstance(o.value, float)
    return o.value


def test_the_compromise_is_worked_by_hand_on_the_council() -> None:
    # capability times salience weights the ideals: on emissions,
    # (10*90*80 + 10*60*30 + 4*40*20 + 8*50*60 + 3*30*50) / (900 + 600 + 160 + 400 + 90).
    f = positions.predict(COUNCIL, "compromise")
    assert f.issue("emissions").value == pytest.approx(121700 / 2150)
    assert f.positions == ("centre-2024", "east-2024", "north-2024", "south-2024", "west-2024")


def test_the_baselines_are_the_plain_mean_and_the_reference_point() -> None:
    assert positions.predict(COUNCIL, "mean").issue("emissions").value == 48.0
    assert positions.predict(COUNCIL, "plain-median").issue("emissions").value == 50.0
    ref = positions.predict(COUNCIL, "reference").issue("phase_in")
    assert ref.value == 100.0
    assert ref.diagnostic("kind") == "status-quo"
    with pytest.raises(KeyError):
        ref.diagnostic("rounds")


def test_the_backtest_scores_are_the_mean_median_and_rms_of_the_errors() -> None:
    b = positions.backtest([COUNCIL], ["compromise", "median"], resamples=200)
    for model in ("compromise", "median"):
        f = positions.predict(COUNCIL, model)
        errs = [abs(float(p.value) - _outcome(p.issue)) / 100 for p in f.by_issue]  # type: ignore[arg-type]
        s = b.score(model)
        assert s.issues == 6
        assert s.mae == pytest.approx(statistics.fmean(errs))
        assert s.median == pytest.approx(statistics.median(errs))
        assert s.rmse == pytest.approx(statistics.fmean(e * e for e in errs) ** 0.5)
        assert s.mae_interval[0] <= s.mae <= s.mae_interval[1]
        ref = positions.predict(COUNCIL, "reference")
        ref_errs = {p.issue: abs(float(p.value) - _outcome(p.issue)) / 100 for p in ref.by_issue}  # type: ignore[arg-type]
        wins = [e < ref_errs[p.issue] for p, e in zip(f.by_issue, errs, strict=True)]
        assert s.beats_reference == pytest.approx(sum(wins) / 6)
    row = next(r for r in b.rows if r.model == "median" and r.issue == "phase_in")
    assert (row.predicted, row.outcome, row.error, row.error_units, row.unit) == (
        80.0,
        60.0,
        0.2,
        20.0,
        "points",
    )
    assert b.scored == 6
    assert b.cases == ("council-decisions",)
    with pytest.raises(KeyError):
        b.score("mean")  # run as a baseline, not scored


def test_the_bootstrap_is_seeded() -> None:
    one = positions.backtest([COUNCIL], ["compromise"], seed=3, resamples=300)
    again = positions.backtest([COUNCIL], ["compromise"], seed=3, resamples=300)
    other = positions.backtest([COUNCIL], ["compromise"], seed=4, resamples=300)
    assert one == again
    assert one.score("compromise").mae == other.score("compromise").mae
    assert one.score("compromise").mae_interval != other.score("compromise").mae_interval


@st.composite
def unanimous_cases(draw: st.DrawFn) -> Case:
    """Cases whose parties all want the same value of every issue, with
    any saliences and capabilities, and no value tables (a value table may
    value another level as highly as the ideal)."""
    issues = draw(st.lists(pst.issues(), min_size=1, max_size=3, unique_by=lambda i: i.id))
    ideals = {i.id: draw(pst.values(i)) for i in issues}
    src = Source("s", title="Minutes", date="2024", publisher="Council")
    n = draw(st.integers(1, 4))
    parties = [
        Party(f"p{k}", name=f"P{k}", capability=draw(st.sampled_from([None, 0.5, 1.0, 7.0])))
        for k in range(n)
    ]
    saliences = st.floats(0.05, 1.0, allow_nan=False)
    ps = [
        Position(
            f"p{k}-1",
            party=party,
            stances=[Stance(i, ideal=ideals[i.id], salience=draw(saliences)) for i in issues],
            source=src,
        )
        for k, party in enumerate(parties)
    ]
    return Case(
        "same", title="Unanimous", issues=issues, parties=parties, sources=[src], positions=ps
    )


@settings(max_examples=40, deadline=None)
@given(unanimous_cases(), st.sampled_from(POSITION_MODELS))
def test_a_unanimous_case_is_predicted_exactly_by_every_model(case: Case, model: str) -> None:
    # Exactly: every party's utility of the prediction is 1, its utility of
    # its ideal. The value may differ from the ideal by less than a utility
    # can tell apart in floating point (a share of 1e-229 of an item for 0),
    # and the Nash models and the bridge, which compare utilities and
    # concessions (the bridge to within 1e-12), cannot tell them apart.
    f = positions.predict(case, model)  # type: ignore[arg-type]
    common = case.positions[0]
    for p in f.by_issue:
        d = case.issue(p.issue).distance(p.value, common.stance(p.issue).ideal)
        assert 1.0 - d == 1.0
        if model not in ("nash", "nash-zone", "asymmetric-nash", "bridge"):
            assert d == 0.0
    kinds = {case.issue(i).kind for i, _ in f.skipped}
    assert kinds <= ({"ordinal", "categorical", "items"} if model == "expected-utility" else set())


@settings(max_examples=30, deadline=None)
@given(
    pst.cases(max_issues=3, max_parties=3, max_positions=4, max_offers=0, max_events=0),
    st.sampled_from(positions.MODELS),
)
def test_every_prediction_is_a_value_of_its_issue(case: Case, model: str) -> None:
    if not case.positions:
        with pytest.raises(InvalidArgumentError, match="no position to forecast from"):
            positions.predict(case, model)  # type: ignore[arg-type]
        return
    f = positions.predict(case, model)  # type: ignore[arg-type]
    for p in f.by_issue:
        issue = case.issue(p.issue)
        assert issue.check_value(p.value) == p.value
    assert {p.issue for p in f.by_issue}.isdisjoint(i for i, _ in f.skipped)


def _shuffled(case: Case, rng: random.Random) -> Case:
    parties = list(case.parties)
    ps = list(case.positions)
    rng.shuffle(parties)
    rng.shuffle(ps)
    return attrs.evolve(case, parties=parties, positions=ps)


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_the_order_of_cases_or_actors(rng: random.Random) -> None:
    other = _second_council()
    base = positions.backtest([COUNCIL, other], resamples=100)
    cases = [_shuffled(COUNCIL, rng), _shuffled(other, rng)]
    rng.shuffle(cases)
    assert positions.backtest(cases, resamples=100).to_dict() == base.to_dict()


def _second_council() -> Case:
    """The council with other outcomes and its own id: a second case."""
    outcomes = [
        Outcome("agreed", issue=o.issue, value=100 - o.value, source=o.source)  # type: ignore[operator]
        if o.issue is not None
        else o
        for o in COUNCIL.outcomes
    ]
    return attrs.evolve(COUNCIL, id="council-two", outcomes=outcomes)


def test_models_that_cannot_predict_an_issue_say_why() -> None:
    f = positions.predict(positions.load_case("harbour"), "expected-utility")
    assert dict(f.skipped) == {
        "berths": "the model needs a scale issue, not items",
        "customs": "the model needs a scale issue, not categorical",
    }
    with pytest.raises(KeyError, match="the model needs a scale issue, not items"):
        f.issue("berths")
    with pytest.raises(KeyError, match="no such issue"):
        f.issue("nowhere")
    zero = COUNCIL.replace(
        COUNCIL.position("north-2024").with_salience("budget", 0),
        COUNCIL.position("south-2024").with_salience("budget", 0),
        COUNCIL.position("east-2024").with_salience("budget", 0),
        COUNCIL.position("west-2024").with_salience("budget", 0),
        COUNCIL.position("centre-2024").with_salience("budget", 0),
    )
    skipped = dict(positions.predict(zero, "median").skipped)
    assert skipped == {"budget": "no position gives it a positive weight"}


def test_the_nash_models_bargain_each_issue_on_its_own() -> None:
    f = positions.predict(COUNCIL, "nash")
    p = f.issue("emissions")
    assert p.diagnostic("outcomes") == 101  # the 101 points of the scale
    # The Nash point of the issue maximises the product of the gains over
    # the worst point of the grid, each party's utility 1 - |x - ideal| / 100.
    grid = np.linspace(0, 100, 101)
    ideals = [50, 20, 80, 30, 60]  # centre, east, north, south, west
    u = np.array([1 - abs(grid - x) / 100 for x in ideals])
    gains = u - u.min(axis=1, keepdims=True)
    assert p.value == grid[int(np.argmax(gains.prod(axis=0)))]
    weighted = positions.predict(COUNCIL, "asymmetric-nash").issue("emissions")
    weights = np.array([3 * 30, 4 * 40, 10 * 90, 10 * 60, 8 * 50], dtype=float)
    score = (np.log(np.maximum(gains, 1e-300)) * (weights / weights.sum())[:, None]).sum(axis=0)
    assert weighted.value == grid[int(np.argmax(score))]


def test_a_nash_model_in_an_empty_zone_says_so() -> None:
    case = positions.load_case("kuril-islands")
    f = positions.predict(case, "nash-zone", issues=["territory"])
    assert f.by_issue == ()
    assert f.skipped == (("territory", "no outcome within the zone of agreement"),)


def test_a_grid_too_large_skips_the_issue_with_the_reason() -> None:
    f = positions.predict(COUNCIL, "nash", issues=["emissions"], scale_points=10**9)
    assert f.skipped[0][0] == "emissions"
    assert "too large" in f.skipped[0][1]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: positions.predict("council", "median"), "predict needs a Case, not str"),  # type: ignore[arg-type]
        (lambda: positions.predict(COUNCIL, "oracle"), "unknown model 'oracle'"),  # type: ignore[arg-type]
        (lambda: positions.predict(COUNCIL, "median", issues=["x"]), "no issue 'x'"),
        (lambda: positions.predict(COUNCIL, "median", positions=["x"]), "no position 'x'"),
        (lambda: positions.predict(COUNCIL, "median", positions="north-2024"), "not one string"),
        (lambda: positions.predict(COUNCIL, "median", positions=[]), "no position to forecast"),
        (lambda: positions.predict(COUNCIL, "median", rounds=3), r"not \['rounds'\]"),
        (
            lambda: positions.predict(
                positions.load_case("kuril-islands"),
                "median",
                positions=["japan-2013-four-islands", "japan-2016-new-approach"],
            ),
            "one position per party",
        ),
        (lambda: positions.backtest([]), "one or more cases"),
        (lambda: positions.backtest([COUNCIL, COUNCIL]), "same id"),
        (lambda: positions.backtest([COUNCIL], []), "one or more models"),
        (lambda: positions.backtest([COUNCIL], ["median", "median"]), "each once"),
        (lambda: positions.backtest([COUNCIL], ["oracle"]), "unknown models"),  # type: ignore[list-item]
        (lambda: positions.backtest([COUNCIL], resamples=0), "resamples"),
        (lambda: positions.backtest([COUNCIL], resamples=True), "resamples"),
        (lambda: positions.backtest([COUNCIL], confidence=1.0), "confidence"),
        (lambda: positions.backtest([positions.load_case("harbour")]), "nothing to score"),
    ],
)
def test_misuse_gets_a_clear_error(call: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        call()  # type: ignore[operator]


def test_a_model_that_predicts_no_scored_issue_gets_no_score() -> None:
    b = positions.backtest([COUNCIL], ["reference", "median"], resamples=50)
    assert [s.model for s in b.scores] == ["reference", "median"]
    assert b.score("reference").beats_reference == 0.0
    rest = attrs.evolve(COUNCIL, references=[])
    b = positions.backtest([rest], ["reference", "median"], resamples=50)
    assert [s.model for s in b.scores] == ["median"]
    assert b.score("median").beats_reference is None
    assert {(s[1], s[2]) for s in b.skipped} == {(i.id, "reference") for i in COUNCIL.issues}


def test_a_case_without_agreed_issues_adds_nothing() -> None:
    harbour = positions.load_case("harbour")
    both = positions.backtest([COUNCIL, harbour], ["median"], resamples=50)
    alone = positions.backtest([COUNCIL], ["median"], resamples=50)
    assert both.scores == alone.scores
    assert both.cases == ("council-decisions", "harbour")


def test_the_frames_have_a_row_per_issue_and_per_score() -> None:
    pytest.importorskip("pandas")
    b = positions.backtest([COUNCIL], ["median", "mean"], resamples=50)
    rows = b.to_frame()
    assert len(rows) == 12
    assert set(rows.columns) >= {"case", "issue", "model", "error", "error_units", "unit"}
    f = positions.predict(COUNCIL, "median").to_frame()
    assert list(f["issue"]) == [i.id for i in COUNCIL.issues]
    assert json.dumps(b.to_dict(), allow_nan=False)


def test_the_command_line_backtests_and_predicts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest", "council-decisions", "--model", "median", "--resamples", "50"]) == 0
    out = capsys.readouterr().out
    assert "scores on 6 issues with an agreed outcome" in out
    assert main(["backtest", "council-decisions", "--format", "json", "--resamples", "50"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["model"] for s in data["scores"]] == list(positions.DEFAULT_MODELS)
    assert data["seed"] == 0
    assert main(["backtest", "council-decisions", "--format", "csv", "--resamples", "50"]) == 0
    assert capsys.readouterr().out.startswith("model,issues,mae,mae_low,mae_high")
    assert main(["predict", "council-decisions", "--model", "reference"]) == 0
    assert "status-quo" in capsys.readouterr().out
    assert main(["predict", "harbour", "--format", "csv"]) == 0
    assert "expected-utility" not in capsys.readouterr().out.split("\n")[1]


def test_the_command_line_refuses_what_it_cannot_score(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["backtest", "harbour"]) == 2
    assert "nothing to score" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("[case]\n", encoding="utf-8")
    assert main(["backtest", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.toml" in err
    assert "Traceback" not in err


def test_the_reference_point_notes_how_it_is_known() -> None:
    issue = COUNCIL.issue("budget")
    assert isinstance(issue, ScaleIssue)
    refs = [ReferencePoint(issue, 40, status="inferred", source=COUNCIL.sources[0])]
    case = attrs.evolve(COUNCIL, references=refs)
    p = positions.predict(case, "reference").issue("budget")
    assert p.notes == ("the reference point is inferred",)


def test_the_expected_utility_model_reads_saliences_as_fractions_or_of_100() -> None:
    f = positions.predict(COUNCIL, "expected-utility").issue("budget")
    assert f.notes == ("saliences read on a 0-100 scale (divided by 100)",)
    assert isinstance(f.diagnostic("rounds"), int)
    big = COUNCIL.replace(COUNCIL.position("north-2024").with_salience("budget", 150))
    with pytest.raises(InvalidArgumentError, match=r"saliences in \[0, 1\] or \[0, 100\]"):
        positions.predict(big, "expected-utility", issues=["budget"])
    small = COUNCIL.replace(
        *(p.with_salience("budget", p.stance("budget").salience / 100) for p in COUNCIL.positions)
    )
    g = positions.predict(small, "expected-utility").issue("budget")
    assert g.notes == ()
    assert g.value == f.value


def test_the_bundled_example_runs_the_expected_utility_model_on_its_table() -> None:
    case = positions.load_case("eu-emissions")
    assert case.outcomes == ()  # its sources record no decision
    ps = sorted(case.positions, key=lambda p: p.id)
    run = positions.expected_utility_model(
        [p.party.capability or 0.0 for p in ps],
        [float(p.stance("delay").ideal) for p in ps],  # type: ignore[arg-type]
        [p.stance("delay").salience / 100 for p in ps],
    )
    f = positions.predict(case, "expected-utility").issue("delay")
    assert f.value == run.prediction
    assert f.diagnostic("rounds") == run.rounds_run
    assert positions.predict(case, "compromise").issue("delay").value == pytest.approx(
        7.389955686853767, abs=1e-12
    )


def test_errors_are_normalised_distances_and_in_each_kind_s_units() -> None:
    from positions import CategoricalIssue, Item, ItemsIssue, OrdinalIssue
    from positions._backtest import errors

    pace = OrdinalIssue("pace", levels=("slow", "medium", "fast", "faster"))
    assert errors(pace, "slow", "fast") == (2 / 3, 2.0, "levels")
    seat = CategoricalIssue("seat", levels=("oslo", "rome"))
    assert errors(seat, "oslo", "rome") == (1.0, 1.0, "wrong level (0 or 1)")
    land = ItemsIssue(
        "land",
        items=[
            Item("north", measures={"area": 3}, divisible=True),
            Item("south", measures={"area": 1}),
        ],
        measures={"area": "km2"},
        default_measure="area",
    )
    assert errors(land, (0.5, 1.0), (1.0, 1.0)) == (0.375, 1.5, "km2")
    rent = ScaleIssue("rent", low=0, high=20)
    assert errors(rent, 5.0, 10.0) == (0.25, 5.0, "scale units")


def test_the_report_says_what_it_cannot_score(capsys: pytest.CaptureFixture[str]) -> None:
    from positions._forecast_report import backtest_report
    from positions._report import render

    rest = attrs.evolve(COUNCIL, references=[])
    text = render(
        backtest_report(positions.backtest([rest], ["reference", "median"], resamples=20)), "table"
    )
    assert "issues a model could not predict, and why" in text
    assert "the case records no reference point" in text
    median_line = next(line for line in text.splitlines() if line.startswith("median "))
    cells = median_line.split()
    assert cells[-2:] == ["-", "0.333"]  # no reference point to beat; the mean, on 2 of 6


def test_progress_counts_the_forecasts_and_baselines_skip_silently() -> None:
    seen: list[tuple[int, int]] = []
    rest = attrs.evolve(COUNCIL, references=[])
    b = positions.backtest(
        [rest], ["median"], resamples=20, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]  # median, and the two baselines
    assert b.skipped == ()  # the reference baseline's skips are not the scored model's
