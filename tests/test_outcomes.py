"""Recorded outcomes and reference points: what the model accepts, what a
case file says, and what the bundled case records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given

import positions
from positions import (
    Case,
    ItemsIssue,
    Outcome,
    ReferencePoint,
    ScaleIssue,
    Source,
)
from positions import strategies as pst
from positions.exceptions import CaseFileError, ModelError
from test_bad_input import BASE, to_toml

ELSEWHERE = Source("t", title="T", date="2024", publisher="P")
RENT = ScaleIssue("rent", low=0, high=10)
TERM = ScaleIssue("term", low=1, high=9)
ELSEWHERE = ELSEWHERE
SRC = Source("s", title="Minutes", date="2024", publisher="Council")


def _case(**fields: Any) -> Case:
    return Case("lease", title="A lease", issues=[RENT, TERM], parties=[], sources=[SRC], **fields)


def test_an_agreed_issue_needs_its_value_and_only_agreed_ones_have_one() -> None:
    assert Outcome("agreed", issue=RENT, value=3).value == 3.0
    with pytest.raises(ModelError, match="outcome of issue 'rent': an outcome 'agreed' needs"):
        Outcome("agreed", issue=RENT)
    with pytest.raises(ModelError, match="an outcome 'open' has no value"):
        Outcome("open", issue=RENT, value=3)
    with pytest.raises(ModelError, match=r"must lie in \[0, 10\]"):
        Outcome("agreed", issue=RENT, value=11)


def test_the_whole_negotiation_has_a_status_and_no_value() -> None:
    assert Outcome("open").decided is False
    assert Outcome("no-agreement").decided is True
    with pytest.raises(ModelError, match="'agreed' is said of issues"):
        Outcome("agreed")
    with pytest.raises(ModelError, match="a value needs an issue"):
        Outcome("no-agreement", value=3)
    with pytest.raises(ModelError, match="status"):
        Outcome("settled")  # type: ignore[arg-type]


def test_a_reference_point_is_a_value_of_its_issue() -> None:
    ref = ReferencePoint(RENT, 4, kind="reversion", status="inferred")
    assert repr(ref) == "<ReferencePoint of issue 'rent': reversion 4, inferred>"
    with pytest.raises(ModelError, match=r"must lie in \[0, 10\]"):
        ReferencePoint(RENT, -1)
    with pytest.raises(ModelError, match="kind"):
        ReferencePoint(RENT, 4, kind="default")  # type: ignore[arg-type]


def test_an_issue_takes_the_whole_negotiations_outcome_unless_it_has_its_own() -> None:
    whole = Outcome("open", date=dt.date(2024, 5, 1))
    case = _case(outcomes=[whole, Outcome("agreed", issue=RENT, value=6)])
    assert case.outcome("rent") == Outcome("agreed", issue=RENT, value=6)
    assert case.outcome("term") == case.outcome() == Outcome("open", date=dt.date(2024, 5, 1))
    assert repr(case.outcome()) == "<Outcome of the case: open, 2024-05-01>"
    assert repr(case.outcome("rent")) == "<Outcome of issue 'rent': agreed at 6, undated>"
    assert _case().outcome("rent") is None
    assert _case().outcome() is None
    with pytest.raises(KeyError, match="no issue 'size'"):
        case.outcome("size")
    assert _case(references=[ReferencePoint(TERM, 2)]).reference("rent") is None
    with pytest.raises(KeyError, match="no issue 'size'"):
        _case().reference("size")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcomes": [Outcome("open"), Outcome("no-agreement")]}, "outcome of the case is given"),
        (
            {"outcomes": [Outcome("open", issue=RENT), Outcome("open", issue=RENT)]},
            "outcome of issue 'rent' is given twice",
        ),
        (
            {"outcomes": [Outcome("open", issue=ScaleIssue("size", low=0, high=1))]},
            "issue 'size' is not in the case",
        ),
        (
            {"outcomes": [Outcome("open", source=ELSEWHERE)]},
            "source 't' is not in the case",
        ),
        (
            {"references": [ReferencePoint(RENT, 1), ReferencePoint(RENT, 2)]},
            "reference point of issue 'rent' is given twice",
        ),
        (
            {"references": [ReferencePoint(ScaleIssue("size", low=0, high=1), 0)]},
            "issue 'size' is not in the case",
        ),
        (
            {"references": [ReferencePoint(RENT, 1, source=ELSEWHERE)]},
            "source 't' is not in the case",
        ),
        ({"outcomes": ["open"]}, "outcomes"),
        ({"references": [RENT]}, "references"),
    ],
)
def test_a_case_checks_its_outcomes_and_reference_points(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        _case(**fields)


def test_the_bundled_case_records_no_agreement_from_russian_control() -> None:
    case = positions.load_case("kuril-islands")
    whole = case.outcome()
    assert whole is not None
    assert whole.status == "no-agreement"
    assert whole.date == dt.date(2022, 3, 21)
    assert whole.source is not None
    assert all(case.outcome(i.id) is whole for i in case.issues)
    ref = case.reference("territory")
    territory = case.issue("territory")
    assert isinstance(territory, ItemsIssue)
    assert ref is not None
    assert ref.kind == "status-quo"
    assert ref.status == "stated"
    assert ref.source is not None
    assert ref.value == (0.0,) * len(territory.items)  # no island under Japan


TEXT = (
    to_toml(BASE)
    + """
[[outcomes]]
status = "no-agreement"
date = 2024-06-01
source = "src"

[[outcomes]]
issue = "price"
status = "agreed"
value = 4
source = "src"
note = "Signed."

[[references]]
issue = "price"
value = 9
kind = "reversion"
source = "src"
"""
)


def test_a_case_file_records_outcomes_and_reference_points() -> None:
    case = positions.loads_case(TEXT)
    price = case.outcome("price")
    assert price is not None
    assert price.value == 4.0
    assert price.note == "Signed."
    assert case.reference("price") is not None
    assert positions.loads_case(positions.dumps_case(case)) == case


OPEN = '[[outcomes]]\nstatus = "open"\nsource = "src"\n'
PRICE = '[[references]]\nissue = "price"\n'


@pytest.mark.parametrize(
    ("extra", "where", "message"),
    [
        ('[[outcomes]]\nstatus = "done"\nsource = "src"\n', "outcomes[0].status", ""),
        ('[[outcomes]]\nstatus = "open"\n', "outcomes[0].source", ""),
        ('[[outcomes]]\nstatus = "open"\nsource = "nope"\n', "outcomes[0].source", "nope"),
        (
            '[[outcomes]]\nstatus = "open"\nissue = "size"\nsource = "src"\n',
            "outcomes[0].issue",
            "",
        ),
        ('[[outcomes]]\nstatus = "agreed"\nissue = "price"\nsource = "src"\n', "outcomes[0]", ""),
        (
            '[[references]]\nissue = "price"\nvalue = 199\nsource = "src"\n',
            "references[0].value",
            "",
        ),
        ('[[references]]\nissue = "size"\nvalue = 1\nsource = "src"\n', "references[0].issue", ""),
        ('[[references]]\nissue = "price"\nvalue = 1\nsource = "x"\n', "references[0].source", ""),
    ],
)
def test_bad_outcomes_and_reference_points_are_named_in_the_file(
    extra: str, where: str, message: str
) -> None:
    with pytest.raises(CaseFileError) as info:
        positions.loads_case(to_toml(BASE) + "\n" + extra, name="case.toml")
    assert [p.where for p in info.value.problems] == [where]
    assert message in str(info.value)


def test_a_case_file_needs_the_source_of_each_record() -> None:
    case = positions.loads_case(TEXT)
    price = case.issue("price")
    bare = case.replace(outcomes=[Outcome("open")], references=[ReferencePoint(price, 1)])
    with pytest.raises(CaseFileError) as info:
        positions.dumps_case(bare)
    assert [p.where for p in info.value.problems] == ["outcomes[0].source", "references[0].source"]


@given(pst.cases(max_positions=1, max_offers=0, max_events=0))
def test_generated_outcomes_and_references_read_back_equal(case: Case) -> None:
    assert positions.loads_case(positions.dumps_case(case)) == case


def test_a_record_naming_a_broken_issue_or_source_adds_no_problem_of_its_own() -> None:
    broken = to_toml(BASE).replace('"high" = 100', '"high" = -5', 1)
    text = broken + '\n[[outcomes]]\nissue = "price"\nstatus = "open"\nsource = "src"\n'
    text += '\n[[references]]\nissue = "price"\nvalue = 1\nsource = "src"\n'
    with pytest.raises(CaseFileError) as info:
        positions.loads_case(text)
    assert [p.where for p in info.value.problems] == ["issues[0]"]
