"""KTAB XML scenarios: the project's own fixture in tests/data/ktab-xml, the
real KTAB examples in tests/data/ktab-xml/public, bad and hostile files,
round trips through write_ktab_xml and read_ktab_xml, and the command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import Case, Party, Position, ScaleIssue, Source, Stance
from positions._cli import main
from positions.exceptions import CaseFileError, InvalidArgumentError
from positions.formats.ktab_xml import (
    MODEL_PARAMETERS,
    PUBLISHER,
    SETTINGS,
    SOURCE_ID,
    read_ktab_xml,
    write_ktab_xml,
)

DATA = Path(__file__).resolve().parent / "data"
HERE = DATA / "ktab-xml"
PUBLIC = HERE / "public"
WATER = HERE / "water-reform.xml"
WATER_CSV = DATA / "tables" / "water-reform-ktab.csv"

needs_defusedxml = pytest.mark.usefixtures("defusedxml_installed")


@pytest.fixture
def defusedxml_installed() -> None:
    pytest.importorskip("defusedxml")


def settings(case: Case) -> dict[str, object]:
    """The KTAB settings kept in the note of the case's scenario source."""
    (source,) = case.sources
    (line,) = [x for x in source.note.splitlines() if x.startswith(SETTINGS)]
    data = json.loads(line[len(SETTINGS) :])
    assert isinstance(data, dict)
    return data


def same_mtime(path: Path, like: Path) -> None:
    """Give ``path`` the modification time of ``like``: the cases date their
    positions by it."""
    stat = like.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


# ---------------------------------------------------------------------------
# The project's fixture


@needs_defusedxml
def test_the_fixture_gives_the_case_of_the_same_scenario_in_csv() -> None:
    xml, csv = read_ktab_xml(WATER), positions.read_ktab(WATER_CSV)
    assert (xml.id, xml.title, xml.description) == (csv.id, csv.title, csv.description)
    assert xml.issues == csv.issues
    assert xml.parties == csv.parties
    for a, b in zip(xml.positions, csv.positions, strict=True):
        assert (a.id, a.party, a.stances, a.status) == (b.id, b.party, b.stances, b.status)
        assert a.reservation is None
    # The same source, but for its date (each file's own) and the settings.
    (x,), (c,) = xml.sources, csv.sources
    assert (
        (x.id, x.title, x.publisher)
        == (c.id, c.title, c.publisher)
        == (
            SOURCE_ID,
            "Northland water reform",
            PUBLISHER,
        )
    )
    assert x.note.splitlines()[0] == c.note
    assert [p.locator for p in xml.positions] == [
        f"Scenario/Actors/Actor[{k}]" for k in range(1, 6)
    ]


@needs_defusedxml
def test_the_settings_are_kept_in_the_source_note() -> None:
    case = read_ktab_xml(WATER)
    kept = settings(case)
    assert kept["prngSeed"] == "20240917"
    parameters = kept["ModelParameters"]
    assert isinstance(parameters, dict)
    assert list(parameters) == list(MODEL_PARAMETERS)
    assert parameters["VotingRule"] == "PropCbc"
    assert kept["IdealAdjustment"] == [
        ["Utility", "Utility", 0.8],
        ["Utility", "Ministry", 0.15],
        ["Farmers-union", "Farmers-union", 0.9],
        ["Greens", "Greens", 0.95],
    ]
    assert positions.loads_case(positions.dumps_case(case)) == case


@needs_defusedxml
def test_writing_the_fixture_read_gives_it_back_byte_for_byte(tmp_path: Path) -> None:
    case = read_ktab_xml(WATER)
    [path] = write_ktab_xml(case, tmp_path / "again.xml")
    assert path == tmp_path / "again.xml"
    assert path.read_bytes() == WATER.read_bytes()
    same_mtime(path, WATER)
    assert read_ktab_xml(path) == case


@needs_defusedxml
def test_the_csv_scenario_written_as_xml_has_the_same_positions(tmp_path: Path) -> None:
    csv = positions.read_ktab(WATER_CSV)
    [path] = write_ktab_xml(csv, tmp_path / "water.xml")
    xml = read_ktab_xml(path)
    assert xml.issues == csv.issues
    assert xml.parties == csv.parties
    assert [p.stances for p in xml.positions] == [p.stances for p in csv.positions]
    # Never read from KTAB XML: a random seed and KTAB's default settings.
    assert settings(xml) == {"prngSeed": "0"}
    text = path.read_text(encoding="utf-8")
    assert "<ModelParameters>" not in text
    assert "<IdealAdjustment>" not in text
    for issue in xml.issues:
        assert positions.compromise(xml.positions, issue.id) == positions.compromise(
            csv.positions, issue.id
        )


@needs_defusedxml
def test_the_case_id_can_be_given() -> None:
    assert read_ktab_xml(WATER, case_id="water").id == "water"
    with pytest.raises(InvalidArgumentError, match="case_id"):
        read_ktab_xml(WATER, case_id="not an id")


# ---------------------------------------------------------------------------
# KTAB's own example scenarios


@needs_defusedxml
def test_ktabs_example_with_every_setting() -> None:
    case = read_ktab_xml(PUBLIC / "smpExample.xml")
    assert case.id == case.title == "DummyData_3Dim"
    assert case.description == "A very simple test of multi-dim SMP, using psuedonyms"
    assert case.issues == tuple(
        ScaleIssue(name, 0, 100, label=name) for name in ("FirstDim", "SecondDim", "YADN")
    )
    assert [(p.id, p.name, p.capability) for p in case.parties] == [
        ("Alice", "Alice", 117.7),
        ("Bob", "Bob", 93.2),
        ("Carol", "Carol", 61.4),
        ("David", "David", 135.4),
        ("Ellie", "Ellie", 63.8),
    ]
    alice = case.position("Alice")
    assert [(s.ideal, s.salience) for s in alice.stances] == [
        (52.8, 32.3),
        (39.8, 22.4),
        (39.6, 13.4),
    ]
    assert alice.party.note == "One of the SMP actors"
    kept = settings(case)
    assert kept["prngSeed"] == "03507583219545544127"
    assert kept["ModelParameters"] == {
        "VictoryProbModel": "Linear",
        "PCEModel": "MarkovIncentive",
        "StateTransitions": "Stochastic",
        "VotingRule": "PropCbc",
        "BigRAdjust": "OneThird",
        "BigRRange": "Mid",
        "ThirdPartyCommit": "SemiCommit",
        "InterVecBrgn": "S2P2",
        "BargnModel": "InitOnlyInterp",
    }
    adjustments = kept["IdealAdjustment"]
    assert isinstance(adjustments, list)
    assert len(adjustments) == 6
    assert adjustments[2] == ["Bob", "Alice", 0.07]


@needs_defusedxml
def test_ktabs_example_without_model_parameters() -> None:
    case = read_ktab_xml(PUBLIC / "dummyData_3Dim.xml")
    assert [i.id for i in case.issues] == ["Pstn1", "Pstn2", "Pstn3"]
    assert len(case.positions) == 7
    assert case.position("SActor-02").stance("Pstn3").ideal == 0.07
    assert settings(case) == {"prngSeed": "03707583219545544125"}


@needs_defusedxml
@pytest.mark.parametrize("name", ["smpExample.xml", "dummyData_3Dim.xml"])
def test_ktabs_examples_round_trip(tmp_path: Path, name: str) -> None:
    case = read_ktab_xml(PUBLIC / name)
    [path] = write_ktab_xml(case, tmp_path / name)
    same_mtime(path, PUBLIC / name)
    assert read_ktab_xml(path) == case


@needs_defusedxml
def test_an_older_ktab_example_is_refused_with_every_problem() -> None:
    """KTAB's own reader refuses this file too: its model parameters are of
    an older form, and its actors give 2 coordinates for 3 dimensions."""
    with pytest.raises(CaseFileError) as info:
        read_ktab_xml(PUBLIC / "example.xml")
    problems = [str(p) for p in info.value.problems]
    assert problems[0] == (
        "line 7, Scenario/ModelParameters: KTAB needs every model parameter or none; missing: "
        "VictoryProbModel, PCEModel, VotingRule, BigRAdjust, BigRRange, ThirdPartyCommit, "
        "InterVecBrgn, BargnModel"
    )
    assert problems[1] == (
        "line 24, Scenario/Actors/Actor[1] (Alice)/Position: expected 3 <dCoord> (one per "
        "<dName> of <Dimensions>), found 2"
    )
    assert len(problems) == 7
    assert info.value.problems[1].where == "line 24, Scenario/Actors/Actor[1]/Position"


# ---------------------------------------------------------------------------
# Bad files

SCENARIO = """<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Test</name>
  <desc>A test</desc>
  <prngSeed>7</prngSeed>
  {parameters}
  <Dimensions>
    <dName>Tax</dName>
    <dName>Debt</dName>
  </Dimensions>
  <Actors>
    <Actor>
      <name>Left</name>
      <description>Left bloc</description>
      <capability>40</capability>
      <Position><dCoord>20</dCoord><dCoord>30</dCoord></Position>
      <Salience><dSal>60</dSal><dSal>40</dSal></Salience>
    </Actor>
    <Actor>
      <name>Right</name>
      <description>Right bloc</description>
      <capability>60</capability>
      <Position><dCoord>80</dCoord><dCoord>70</dCoord></Position>
      <Salience><dSal>50</dSal><dSal>50</dSal></Salience>
    </Actor>
  </Actors>
  {adjustment}
</Scenario>
"""

PARAMETERS = (
    "<ModelParameters>" + "".join(f"<{p}>x</{p}>" for p in MODEL_PARAMETERS) + "</ModelParameters>"
)
PAIR = """<iaPair><adjustingIdeal>Left</adjustingIdeal><referencePos>Right</referencePos>
      <adjust>0.1</adjust></iaPair>
  """
ADJUSTMENT = f"""<IdealAdjustment>
    {PAIR}</IdealAdjustment>"""


def scenario(parameters: str = PARAMETERS, adjustment: str = ADJUSTMENT) -> str:
    return SCENARIO.format(parameters=parameters, adjustment=adjustment)


def problems_of(tmp_path: Path, text: str | bytes, name: str = "bad.xml") -> list[str]:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    before = path.read_bytes()
    with pytest.raises(CaseFileError) as info:
        read_ktab_xml(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(f"{path}: ")
    assert path.read_bytes() == before
    return [str(p) for p in info.value.problems]


@needs_defusedxml
def test_the_template_is_a_valid_scenario(tmp_path: Path) -> None:
    path = tmp_path / "good.xml"
    path.write_text(scenario(), encoding="utf-8")
    case = read_ktab_xml(path)
    assert [p.id for p in case.positions] == ["Left", "Right"]
    assert settings(case)["IdealAdjustment"] == [["Left", "Right", 0.1]]


def swapped(old: str, new: str) -> str:
    return scenario().replace(old, new, 1)


BAD = [
    # The parts of the scenario.
    (
        swapped("<prngSeed>7</prngSeed>", ""),
        "line 2, Scenario: <prngSeed> is missing: KTAB needs one (0 draws one at random)",
    ),
    (
        swapped("<prngSeed>7</prngSeed>", "<prngSeed></prngSeed>"),
        "line 5, Scenario/prngSeed: expected a whole number from 0 to 18446744073709551615 "
        "(the element is empty)",
    ),
    (
        swapped("<prngSeed>7</prngSeed>", "<prngSeed>0x89B9E56731783372</prngSeed>"),
        "line 5, Scenario/prngSeed: expected a whole number from 0 to 18446744073709551615 "
        "(got '0x89B9E56731783372'): KTAB reads the seed as a decimal number, and would read "
        "this one as 0",
    ),
    (
        swapped("<prngSeed>7</prngSeed>", "<prngSeed>18446744073709551616</prngSeed>"),
        "line 5, Scenario/prngSeed: expected a whole number from 0 to 18446744073709551615 "
        "(got '18446744073709551616')",
    ),
    (
        swapped("<prngSeed>7</prngSeed>", "<prngSeed>" + "0" * 30 + "7</prngSeed>"),
        None,  # leading zeros do not count
    ),
    (
        swapped("<prngSeed>7</prngSeed>", "<prngSeed>-7</prngSeed>"),
        "line 5, Scenario/prngSeed: expected a whole number from 0 to 18446744073709551615 "
        "(got '-7')",
    ),
    (
        swapped("<prngSeed>7</prngSeed>", "<prngSeed><n>7</n></prngSeed>"),
        "line 5, Scenario/prngSeed: expected text only, found the element <n>",
    ),
    (
        swapped("<name>Test</name>", "<name>Test</name><name>Other</name>"),
        "line 3, Scenario/name: <name> is given more than once (first on line 3)",
    ),
    (
        swapped("<desc>A test</desc>", "<Desc>A test</Desc>"),
        "line 4, Scenario/Desc: unknown element <Desc> (expected ['name', 'desc', 'prngSeed', "
        "'ModelParameters', 'Dimensions', 'Actors', 'IdealAdjustment']): did you mean <desc>?",
    ),
    (
        swapped("<desc>A test</desc>", "<comment>A test</comment>"),
        "line 4, Scenario/comment: unknown element <comment> (expected ['name', 'desc', "
        "'prngSeed', 'ModelParameters', 'Dimensions', 'Actors', 'IdealAdjustment'])",
    ),
    # Model parameters.
    (
        swapped("<BargnModel>x</BargnModel>", ""),
        "line 6, Scenario/ModelParameters: KTAB needs every model parameter or none; "
        "missing: BargnModel",
    ),
    (
        swapped("<PCEModel>x</PCEModel>", "<ProbCondorcetElection>x</ProbCondorcetElection>"),
        "line 6, Scenario/ModelParameters: KTAB needs every model parameter or none; "
        "missing: PCEModel (KTAB reads the probabilistic Condorcet election model from "
        "<PCEModel>)",
    ),
    (
        swapped(
            "<VotingRule>x</VotingRule>", "<VotingRule>x</VotingRule><VotingRule>y</VotingRule>"
        ),
        "line 6, Scenario/ModelParameters/VotingRule: <VotingRule> is given more than once "
        "(first on line 6)",
    ),
    (
        swapped("<VotingRule>x</VotingRule>", "<VotingRule> </VotingRule>"),
        "line 6, Scenario/ModelParameters/VotingRule: the parameter's value must not be empty",
    ),
    # Dimensions.
    (
        swapped("<dName>Debt</dName>", "<dName>Tax</dName>"),
        "line 9, Scenario/Dimensions/dName[2]: duplicate dimension 'Tax' (first on line 8)",
    ),
    (
        swapped("<dName>Debt</dName>", "<dName/>"),
        "line 9, Scenario/Dimensions/dName[2]: the dimension's name must not be empty",
    ),
    (
        swapped("<dName>Tax</dName>\n    <dName>Debt</dName>", ""),
        "line 7, Scenario/Dimensions: expected at least one <dName>",
    ),
    (
        swapped("<dName>Debt</dName>", "<Dimension>Debt</Dimension>"),
        "line 9, Scenario/Dimensions/Dimension: unknown element <Dimension> (expected ['dName'])",
    ),
    # Actors.
    (
        swapped("<capability>40</capability>", "<capability>-5</capability>"),
        "line 15, Scenario/Actors/Actor[1] (Left)/capability: must be above 0 (got -5)",
    ),
    (
        swapped("<capability>40</capability>", "<capability>0</capability>"),
        "line 15, Scenario/Actors/Actor[1] (Left)/capability: must be above 0 (got 0)",
    ),
    (
        swapped("<capability>40</capability>", "<capability>nan</capability>"),
        "line 15, Scenario/Actors/Actor[1] (Left)/capability: expected a number (got 'nan')",
    ),
    (
        swapped("<capability>40</capability>", "<capability>1e400</capability>"),
        "line 15, Scenario/Actors/Actor[1] (Left)/capability: expected a number between -1e15 "
        "and 1e15 (got '1e400')",
    ),
    (
        swapped("<capability>40</capability>", "<capability></capability>"),
        "line 15, Scenario/Actors/Actor[1] (Left)/capability: expected a number (the element "
        "is empty)",
    ),
    (
        swapped("<capability>40</capability>", "<capability><x/></capability>"),
        "line 15, Scenario/Actors/Actor[1] (Left)/capability: expected text only, found the "
        "element <x>",
    ),
    (
        swapped("<capability>40</capability>", ""),
        "line 12, Scenario/Actors/Actor[1] (Left): <capability> is missing",
    ),
    (
        swapped("<description>Left bloc</description>", ""),
        "line 12, Scenario/Actors/Actor[1] (Left): <description> is missing: KTAB needs one "
        "for every actor",
    ),
    (
        swapped("<description>Left bloc</description>", "<description> </description>"),
        "line 14, Scenario/Actors/Actor[1] (Left)/description: the description must not be empty",
    ),
    (
        swapped("<name>Left</name>", ""),
        "line 12, Scenario/Actors/Actor[1]: <name> is missing",
    ),
    (
        swapped("<name>Left</name>", "<name></name>"),
        "line 13, Scenario/Actors/Actor[1]/name: the actor's name must not be empty",
    ),
    (
        swapped("<name>Right</name>", "<name>Left</name>"),
        "line 19, Scenario/Actors/Actor[2] (Left): duplicate actor 'Left' (first on line 12)",
    ),
    (
        swapped("<dCoord>30</dCoord>", ""),
        "line 16, Scenario/Actors/Actor[1] (Left)/Position: expected 2 <dCoord> (one per "
        "<dName> of <Dimensions>), found 1",
    ),
    (
        swapped("<dSal>40</dSal>", "<dSal>40</dSal><dSal>0</dSal>"),
        "line 17, Scenario/Actors/Actor[1] (Left)/Salience: expected 2 <dSal> (one per "
        "<dName> of <Dimensions>), found 3",
    ),
    (
        swapped("<dCoord>30</dCoord>", "<dCoord>150</dCoord>"),
        "line 16, Scenario/Actors/Actor[1] (Left)/Position/dCoord[2]: must lie in [0, 100] "
        "(got 150)",
    ),
    (
        swapped("<dSal>40</dSal>", "<dSal>-1</dSal>"),
        "line 17, Scenario/Actors/Actor[1] (Left)/Salience/dSal[2]: must lie in [0, 100] (got -1)",
    ),
    (
        swapped("<dSal>40</dSal>", "<dSal>forty</dSal>"),
        "line 17, Scenario/Actors/Actor[1] (Left)/Salience/dSal[2]: expected a number "
        "(got 'forty')",
    ),
    (
        swapped("<dSal>60</dSal><dSal>40</dSal>", "<dSal>0</dSal><dSal>0.0</dSal>"),
        "line 17, Scenario/Actors/Actor[1] (Left)/Salience: every salience is 0: an actor "
        "needs a positive salience on at least one dimension",
    ),
    (
        swapped(
            "<Position><dCoord>20</dCoord><dCoord>30</dCoord></Position>",
            "<Positions><dCoord>20</dCoord><dCoord>30</dCoord></Positions>",
        ),
        (
            "line 16, Scenario/Actors/Actor[1] (Left)/Positions: unknown element <Positions> "
            "(expected ['name', 'description', 'capability', 'Position', 'Salience']): did you "
            "mean <Position>?",
            "line 12, Scenario/Actors/Actor[1] (Left): <Position> is missing",
        ),
    ),
    (
        swapped("<Salience><dSal>60</dSal><dSal>40</dSal></Salience>", ""),
        "line 12, Scenario/Actors/Actor[1] (Left): <Salience> is missing",
    ),
    (
        swapped("<Position><dCoord>20</dCoord><dCoord>30</dCoord></Position>", ""),
        "line 12, Scenario/Actors/Actor[1] (Left): <Position> is missing",
    ),
    (
        swapped("<Actors>", "<actors>").replace("</Actors>", "</actors>"),
        (
            "line 11, Scenario/actors: unknown element <actors> (expected ['name', 'desc', "
            "'prngSeed', 'ModelParameters', 'Dimensions', 'Actors', 'IdealAdjustment']): did "
            "you mean <Actors>?",
            "line 2, Scenario: <Actors> is missing",
        ),
    ),
    (
        swapped("<Dimensions>", "<Dims>").replace("</Dimensions>", "</Dims>"),
        (
            "line 7, Scenario/Dims: unknown element <Dims> (expected ['name', 'desc', "
            "'prngSeed', 'ModelParameters', 'Dimensions', 'Actors', 'IdealAdjustment'])",
            "line 2, Scenario: <Dimensions> is missing",
        ),
    ),
    # Ideal adjustments.
    (
        swapped("<referencePos>Right</referencePos>", "<referencePos>Centre</referencePos>"),
        "line 28, Scenario/IdealAdjustment/iaPair[1]/referencePos: no <Actor> is named 'Centre'",
    ),
    (
        swapped("<adjustingIdeal>Left</adjustingIdeal>", ""),
        "line 28, Scenario/IdealAdjustment/iaPair[1]: <adjustingIdeal> is missing",
    ),
    (
        swapped("<adjustingIdeal>Left</adjustingIdeal>", "<adjustingIdeal/>"),
        "line 28, Scenario/IdealAdjustment/iaPair[1]/adjustingIdeal: the actor's name must "
        "not be empty",
    ),
    (
        swapped("<adjust>0.1</adjust>", "<adjust>inf</adjust>"),
        "line 29, Scenario/IdealAdjustment/iaPair[1]/adjust: expected a number (got 'inf')",
    ),
    (
        swapped("<adjust>0.1</adjust>", ""),
        "line 28, Scenario/IdealAdjustment/iaPair[1]: <adjust> is missing",
    ),
    (
        scenario(adjustment=ADJUSTMENT.replace("</IdealAdjustment>", PAIR + "</IdealAdjustment>")),
        "line 30, Scenario/IdealAdjustment/iaPair[2]: the same pair is adjusted twice (first "
        "on line 28)",
    ),
    (
        scenario(adjustment="<IdealAdjustment></IdealAdjustment>"),
        "line 27, Scenario/IdealAdjustment: expected at least one <iaPair>",
    ),
]


@needs_defusedxml
@pytest.mark.parametrize(("text", "expected"), BAD)
def test_a_bad_scenario_gives_one_error_naming_each_place(
    tmp_path: Path, text: str, expected: str | tuple[str, ...] | None
) -> None:
    if expected is None:
        path = tmp_path / "good.xml"
        path.write_text(text, encoding="utf-8")
        read_ktab_xml(path)
        return
    listed = [expected] if isinstance(expected, str) else list(expected)
    assert problems_of(tmp_path, text) == listed


@needs_defusedxml
def test_every_problem_is_listed_together(tmp_path: Path) -> None:
    text = scenario(adjustment=ADJUSTMENT.replace("<adjust>0.1</adjust>", "<adjust>x</adjust>"))
    for old, new in [
        ("<prngSeed>7</prngSeed>", "<prngSeed>seven</prngSeed>"),
        ("<dName>Debt</dName>", "<dName>Tax</dName>"),
        ("<capability>40</capability>", "<capability>-1</capability>"),
        ("<dSal>50</dSal><dSal>50</dSal>", "<dSal>500</dSal><dSal>50</dSal>"),
    ]:
        text = text.replace(old, new, 1)
    problems = problems_of(tmp_path, text)
    assert [p.split(":")[0] for p in problems] == [
        "line 5, Scenario/prngSeed",
        "line 9, Scenario/Dimensions/dName[2]",
        "line 15, Scenario/Actors/Actor[1] (Left)/capability",
        "line 24, Scenario/Actors/Actor[2] (Right)/Salience/dSal[1]",
        "line 29, Scenario/IdealAdjustment/iaPair[1]/adjust",
    ]


@needs_defusedxml
def test_ideal_adjustments_are_not_checked_against_actors_that_are_wrong(
    tmp_path: Path,
) -> None:
    text = swapped("<name>Left</name>", "<name></name>")
    text = text.replace(
        "<referencePos>Right</referencePos>", "<referencePos>Centre</referencePos>"
    )
    assert problems_of(tmp_path, text) == [
        "line 13, Scenario/Actors/Actor[1]/name: the actor's name must not be empty"
    ]
    text = swapped("<Actors>", "<actors>").replace("</Actors>", "</actors>")
    text = text.replace("<adjust>0.1</adjust>", "")
    assert problems_of(tmp_path, text)[1:] == [
        "line 2, Scenario: <Actors> is missing",
        "line 28, Scenario/IdealAdjustment/iaPair[1]: <adjust> is missing",
    ]


@needs_defusedxml
def test_an_actor_whose_name_is_not_text_is_named_by_its_place(tmp_path: Path) -> None:
    text = swapped("<name>Left</name>", "<name><b>Left</b></name>")
    assert problems_of(tmp_path, text) == [
        "line 13, Scenario/Actors/Actor[1]/name: expected text only, found the element <b>"
    ]
    long = "L" * 60
    text = swapped("<name>Left</name>", f"<name>{long}</name>")
    text = text.replace("<capability>40</capability>", "<capability>-1</capability>")
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith(f"line 15, Scenario/Actors/Actor[1] ('{'L' * 39}...")


@needs_defusedxml
def test_counts_are_not_checked_against_dimensions_that_are_wrong(tmp_path: Path) -> None:
    text = swapped("<dName>Debt</dName>", "<dName></dName>")
    text = text.replace("<dCoord>30</dCoord>", "")
    assert problems_of(tmp_path, text) == [
        "line 9, Scenario/Dimensions/dName[2]: the dimension's name must not be empty"
    ]


@needs_defusedxml
def test_an_empty_actors_element(tmp_path: Path) -> None:
    start = scenario().index("<Actors>")
    end = scenario().index("</Actors>") + len("</Actors>")
    text = scenario(adjustment="")[:start] + "<Actors/>" + scenario(adjustment="")[end:]
    assert problems_of(tmp_path, text) == [
        "line 11, Scenario/Actors: expected at least one <Actor>"
    ]


@needs_defusedxml
def test_without_a_name_the_file_names_the_case(tmp_path: Path) -> None:
    text = scenario().replace("<name>Test</name>", "").replace("<desc>A test</desc>", "")
    path = tmp_path / "my scenario.xml"
    path.write_text(text, encoding="utf-8")
    case = read_ktab_xml(path)
    assert (case.id, case.title, case.description) == ("my-scenario", "my scenario", "")
    blank = tmp_path / " .xml"
    blank.write_text(text, encoding="utf-8")
    assert read_ktab_xml(blank).title == "KTAB scenario"


@needs_defusedxml
def test_namespaces_and_schema_references_are_ignored(tmp_path: Path) -> None:
    text = scenario().replace("<Scenario>", '<Scenario xmlns="urn:example:ktab">', 1)
    path = tmp_path / "ns.xml"
    path.write_text(text, encoding="utf-8")
    assert [p.id for p in read_ktab_xml(path).positions] == ["Left", "Right"]


@needs_defusedxml
@pytest.mark.parametrize(
    ("root", "expected"),
    [
        (
            "<negotiation_template/>",
            "line 1, negotiation_template: expected a KTAB scenario (root element <Scenario>), "
            "found <negotiation_template>: is this a GENIUS file?",
        ),
        (
            "<scenario/>",
            "line 1, scenario: expected a KTAB scenario (root element <Scenario>), found "
            "<scenario>",
        ),
    ],
)
def test_another_root_element_is_refused(tmp_path: Path, root: str, expected: str) -> None:
    assert problems_of(tmp_path, root) == [expected]


@needs_defusedxml
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bomb.xml",
            "line 5, column 3: the file declares entities: entity declarations are refused, "
            "because they can expand to huge text (the 'billion laughs' attack) or read other "
            "files",
        ),
        (
            "external-entity.xml",
            "line 5, column 3: the file refers to an external resource ('file:///etc/passwd'): "
            "external references are refused, so that reading a file never reads other files "
            "or the network",
        ),
        ("malformed.xml", "line 20, column 5: not well-formed XML: mismatched tag"),
    ],
)
def test_hostile_and_broken_files_are_refused(name: str, expected: str) -> None:
    with pytest.raises(CaseFileError) as info:
        read_ktab_xml(HERE / name)
    assert [str(p) for p in info.value.problems] == [expected]


@needs_defusedxml
def test_any_document_type_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "<!DOCTYPE Scenario>\n<Scenario/>") == [
        "line 1, column 1: the file has a document type declaration: KTAB scenarios have "
        "none, and they are refused because they can declare entities"
    ]
    assert problems_of(tmp_path, '<!DOCTYPE Scenario SYSTEM "smp.dtd">\n<Scenario/>') == [
        "line 1, column 1: the file refers to an external resource ('smp.dtd'): external "
        "references are refused, so that reading a file never reads other files or the network"
    ]
    # In UTF-16 the bytes do not show where.
    utf16 = "<!DOCTYPE Scenario>\n<Scenario/>".encode("utf-16")
    assert problems_of(tmp_path, utf16)[0].startswith(
        "document type declaration: the file has a document type declaration"
    )


@needs_defusedxml
def test_an_encoding_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    declared = b'<?xml version="1.0" encoding="x-unknown"?>\n<Scenario/>'
    assert problems_of(tmp_path, declared) == [
        "line 1, column 21: cannot read the file in the encoding 'x-unknown' that it declares "
        "(unknown encoding: x-unknown): save it as UTF-8"
    ]
    utf16 = '<?xml version="1.0" encoding="rot13"?><Scenario/>'.encode("utf-16")
    [problem] = problems_of(tmp_path, utf16)
    assert problem.startswith("line 1: cannot read the file in the encoding that it declares (")


@needs_defusedxml
def test_an_empty_or_missing_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"") == [
        "line 1, column 1: not well-formed XML: no element found"
    ]
    with pytest.raises(CaseFileError, match="cannot read the file"):
        read_ktab_xml(tmp_path / "missing.xml")


def test_without_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    monkeypatch.setitem(sys.modules, "defusedxml.ElementTree", None)
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[genius\]'"):
        read_ktab_xml(WATER)


# ---------------------------------------------------------------------------
# Writing


def made_case(**changes: object) -> Case:
    """A case of one's own making that KTAB can hold."""
    tax = ScaleIssue("Tax", 0, 100, label="Tax")
    debt = ScaleIssue("Debt", 0, 100, label="Debt")
    left = Party("Left", name="Left", note="Left bloc", capability=40.0)
    right = Party("Right", name="Right", note="Right bloc", capability=60.5)
    centre = Party("Centre", name="Centre", note="Centre bloc", capability=25.0)
    positions_ = [
        Position(
            party.id,
            party=party,
            stances=[
                Stance(tax, ideal=x, salience=s),
                Stance(debt, ideal=y, salience=t),
            ],
        )
        for party, x, s, y, t in [
            (left, 20.0, 60.0, 30.0, 40.0),
            (right, 80.0, 50.0, 70.25, 50.0),
            (centre, 50.0, 0.5, 45.0, 0.25),
        ]
    ]
    fields: dict[str, object] = {
        "title": "Made",
        "description": "A case of one's own",
        "issues": [tax, debt],
        "parties": [left, right, centre],
        "positions": positions_,
    }
    fields.update(changes)
    return Case("made", **fields)  # type: ignore[arg-type]


@needs_defusedxml
def test_a_case_of_ones_own_making_round_trips(tmp_path: Path) -> None:
    case = made_case()
    [path] = write_ktab_xml(case, tmp_path / "made.xml")
    back = read_ktab_xml(path)
    assert (back.id, back.title, back.description) == ("Made", case.title, case.description)
    assert back.issues == case.issues
    assert back.parties == case.parties
    assert [p.stances for p in back.positions] == [p.stances for p in case.positions]
    assert settings(back) == {"prngSeed": "0"}
    text = path.read_text(encoding="utf-8")
    assert "<capability>60.5</capability>" in text
    assert "<dCoord>70.25</dCoord>" in text


@needs_defusedxml
def test_what_a_case_does_not_give_is_written_as_documented(tmp_path: Path) -> None:
    price = ScaleIssue("price", 10, 20)  # no label, another range
    a = Party("a", name="Alpha")  # no note, no capability
    b = Party("b", name="Beta", capability=2)
    case = Case(
        "other",
        title="Other",
        issues=[price],
        parties=[a, b],
        positions=[
            Position(
                "a-1",
                party=a,
                stances=[Stance(price, ideal=12.5, accept=positions.Interval(10, 15))],
            ),
            Position("b-1", party=b, stances=[Stance(price, ideal=20)], reservation=0.5),
        ],
    )
    [path] = write_ktab_xml(case, tmp_path / "other.xml")
    back = read_ktab_xml(path)
    assert back.issues == (ScaleIssue("price", 0, 100, label="price"),)
    assert [(p.id, p.name, p.note, p.capability) for p in back.parties] == [
        ("Alpha", "Alpha", "Alpha", 1.0),
        ("Beta", "Beta", "Beta", 2.0),
    ]
    assert [p.stances[0].ideal for p in back.positions] == [25.0, 100.0]
    assert [p.stances[0].accept for p in back.positions] == [positions.Interval(0, 100)] * 2
    assert back.positions[1].reservation is None


def test_what_ktab_cannot_hold_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "never.xml"
    with pytest.raises(InvalidArgumentError) as info:
        write_ktab_xml(positions.load_case("harbour"), out)
    message = str(info.value)
    assert message.startswith("case 'harbour' cannot be written as a KTAB scenario: ")
    assert "KTAB dimensions are scales: the issues" in message
    assert "'berths (items)'" in message
    assert not out.exists()

    case = made_case()
    tax, _ = case.issues
    left, right, centre = case.parties
    zero = attrs.evolve(centre, capability=0.0)
    twin = Party("Twin", name="Left", note="Same name", capability=1.0)
    bad = made_case(
        title="Bad\x01",
        description="\ud800",
        issues=[tax, ScaleIssue("Debt", 0, 100, label="Tax")],
        parties=[left, right, zero, twin],
        positions=[
            Position("Left", party=left, stances=[Stance(tax, 20, salience=150)]),
            Position("Left-2", party=left, stances=[Stance(tax, 30)]),
            Position(
                "Right",
                party=right,
                stances=[
                    Stance(tax, 20, salience=60),
                    Stance(ScaleIssue("Debt", 0, 100, label="Tax"), 20, salience=41),
                ],
            ),
            Position("Centre", party=zero, stances=[Stance(tax, 20)]),
            Position("Twin", party=twin, stances=[Stance(tax, 20)]),
        ],
    )
    with pytest.raises(InvalidArgumentError) as info:
        write_ktab_xml(bad, out)
    message = str(info.value)
    for part in [
        "the title holds the character '\\x01', which XML cannot hold",
        "the description holds the character '\\ud800'",
        "two dimensions would have the same name: ['Tax']",
        "position 'Left', issue 'Tax': the salience 150 is above 100",
        "position 'Left' takes no stance on issue 'Debt'",
        "position 'Left-2' and position 'Left' are both of party 'Left'",
        "position 'Right': the saliences add up to 101",
        "party 'Centre' has a capability of 0, which KTAB refuses",
        "parties 'Left' and 'Twin' have the same name 'Left'",
    ]:
        assert part in message, part
    assert not out.exists()

    empty = Case("empty", title="Empty", issues=[], parties=[])
    with pytest.raises(InvalidArgumentError) as info:
        write_ktab_xml(empty, out)
    assert "the case has no issues" in str(info.value)
    assert "the case has no positions" in str(info.value)
    odd = Party("x", name="X\x02", note="\x03")
    label = ScaleIssue("Debt", 0, 100, label="D\x04")
    named = Case(
        "n",
        title="N",
        issues=[tax, label],
        parties=[odd],
        positions=[Position("x", party=odd, stances=[Stance(tax, 1), Stance(label, 2)])],
    )
    with pytest.raises(InvalidArgumentError) as info:
        write_ktab_xml(named, out)
    message = str(info.value)
    assert "the name of party 'x' holds the character '\\x02'" in message
    assert "the note of party 'x' holds the character '\\x03'" in message
    assert "the label of issue 'Debt' holds the character '\\x04'" in message
    with pytest.raises(InvalidArgumentError, match="needs a Case, not str"):
        write_ktab_xml("made", out)  # type: ignore[arg-type]
    assert not out.exists()


def with_settings(case: Case, *notes: str) -> Case:
    """``case`` with a source per note, which every position cites (the first)."""
    sources = [
        Source(f"s{k}", title="KTAB file", publisher=PUBLISHER, date="2024", note=note)
        for k, note in enumerate(notes)
    ]
    return attrs.evolve(
        case,
        sources=sources,
        positions=[attrs.evolve(p, source=sources[0]) for p in case.positions],
    )


@needs_defusedxml
def test_settings_kept_in_a_note_are_written(tmp_path: Path) -> None:
    kept = {
        "prngSeed": "12345678901234567890",
        "ModelParameters": dict.fromkeys((*MODEL_PARAMETERS, "Extra"), "v"),
        "IdealAdjustment": [["Left", "Right", 0.5], ["Centre", "Centre", 1]],
    }
    case = with_settings(made_case(), "written by hand\n" + SETTINGS + json.dumps(kept))
    [path] = write_ktab_xml(case, tmp_path / "kept.xml")
    text = path.read_text(encoding="utf-8")
    assert "<Extra>v</Extra>" in text
    assert "<adjustingIdeal>Left</adjustingIdeal>" in text
    assert "<adjust>1</adjust>" in text
    back = settings(read_ktab_xml(path))
    assert back == {**kept, "IdealAdjustment": [["Left", "Right", 0.5], ["Centre", "Centre", 1.0]]}
    # A seed alone: KTAB's defaults for the rest.
    case = with_settings(made_case(), SETTINGS + '{"IdealAdjustment": []}')
    [path] = write_ktab_xml(case, tmp_path / "seedless.xml")
    assert settings(read_ktab_xml(path)) == {"prngSeed": "0"}


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        (
            [SETTINGS + "{}", SETTINGS + "{}"],
            "the sources ['s0', 's1'] each hold KTAB settings: keep one",
        ),
        ([SETTINGS + "{"], "the KTAB settings in the note of source 's0' are not valid JSON"),
        ([SETTINGS + "[1]"], "must be a JSON object (got [1])"),
        ([SETTINGS + '{"seed": 1}'], "unknown keys ['seed']"),
        ([SETTINGS + '{"prngSeed": 7}'], "prngSeed must be a whole number from 0 to"),
        ([SETTINGS + '{"prngSeed": "-7"}'], "prngSeed must be a whole number"),
        ([SETTINGS + '{"prngSeed": "1' + "0" * 20 + '"}'], "prngSeed must be a whole number"),
        (
            [SETTINGS + '{"ModelParameters": {"Bad Name": "x"}}'],
            "ModelParameters must map element names to values, as text",
        ),
        (
            [SETTINGS + '{"ModelParameters": {"VotingRule": "\\u0001"}}'],
            "ModelParameters must map element names to values, as text",
        ),
        ([SETTINGS + '{"ModelParameters": ["x"]}'], "ModelParameters must map"),
        (
            [SETTINGS + '{"ModelParameters": {"VotingRule": "PropCbc"}}'],
            "ModelParameters lacks VictoryProbModel, PCEModel, StateTransitions, BigRAdjust",
        ),
        (
            [SETTINGS + '{"IdealAdjustment": [["Left", "Right", NaN]]}'],
            "IdealAdjustment must be a list of [party id, party id, number]",
        ),
        ([SETTINGS + '{"IdealAdjustment": {}}'], "IdealAdjustment must be a list"),
        (
            [SETTINGS + '{"IdealAdjustment": [["Left", "Right", true]]}'],
            "IdealAdjustment must be a list",
        ),
        (
            [SETTINGS + '{"IdealAdjustment": [["Left", "Nobody", 0.5]]}'],
            "the KTAB settings adjust the ideal of party 'Nobody' or towards it, but no "
            "position of the case is of that party",
        ),
    ],
)
def test_settings_that_do_not_fit_are_refused(
    tmp_path: Path, notes: list[str], expected: str
) -> None:
    out = tmp_path / "never.xml"
    with pytest.raises(InvalidArgumentError) as info:
        write_ktab_xml(with_settings(made_case(), *notes), out)
    assert expected in str(info.value)
    assert not out.exists()


#: Text XML can hold and that reads back as it is written (no control
#: characters: a carriage return, for one, reads back as a newline).
_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn"))
_TEXT = st.text(_CHARACTERS, min_size=1, max_size=12).filter(str.strip)


@st.composite
def ktab_cases(draw: st.DrawFn) -> Case:
    """Cases KTAB can hold: scale issues on any range, one position per
    party with a stance on every issue, saliences adding up to at most 100."""
    labels = draw(st.lists(_TEXT, min_size=1, max_size=3, unique_by=str.strip))
    issues = []
    for k, label in enumerate(labels):
        low = draw(st.floats(-1e6, 1e6))
        span = draw(st.floats(1e-3, 1e6))
        issues.append(ScaleIssue(f"i{k}", low, low + span, label=label))
    names = draw(st.lists(_TEXT, min_size=1, max_size=4, unique_by=str.strip))
    parties = [
        Party(
            f"p{k}",
            name=name,
            note=draw(st.text(_CHARACTERS, max_size=8)),
            capability=draw(st.none() | st.floats(1e-6, 1e6)),
        )
        for k, name in enumerate(names)
    ]
    share = 100 / len(issues)
    positions_ = [
        Position(
            party.id,
            party=party,
            stances=[
                Stance(
                    issue,
                    ideal=draw(st.floats(issue.low, issue.high)),
                    salience=draw(st.floats(0, share)) if k else draw(st.floats(1e-3, share)),
                )
                for k, issue in enumerate(issues)
            ],
        )
        for party in parties
    ]
    return Case(
        "drawn",
        title=draw(_TEXT),
        description=draw(st.text(_CHARACTERS, max_size=20)),
        issues=issues,
        parties=parties,
        positions=positions_,
    )


@needs_defusedxml
@given(case=ktab_cases())
def test_every_case_ktab_can_hold_reads_back(
    tmp_path_factory: pytest.TempPathFactory, case: Case
) -> None:
    path = tmp_path_factory.mktemp("drawn") / "drawn.xml"
    write_ktab_xml(case, path)
    back = read_ktab_xml(path)
    assert back.title == case.title.strip()
    assert back.description == case.description.strip()
    assert [i.label for i in back.issues] == [i.label.strip() for i in case.issues]
    for mine, read in zip(case.positions, back.positions, strict=True):
        party = mine.party
        assert read.party.name == party.name.strip()
        assert read.party.note == (party.note.strip() or party.name.strip())
        assert read.party.capability == (1.0 if party.capability is None else party.capability)
        for stance, again in zip(mine.stances, read.stances, strict=True):
            issue = stance.issue
            ideal = stance.ideal
            assert isinstance(issue, ScaleIssue)
            assert isinstance(ideal, float)
            expected = (ideal - issue.low) / issue.span * 100
            assert again.ideal == pytest.approx(min(100.0, max(0.0, expected)), abs=1e-9)
            assert again.salience == stance.salience


def test_a_symbolic_link_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.xml"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    with pytest.raises(InvalidArgumentError, match="symbolic link"):
        write_ktab_xml(made_case(), link)
    assert target.read_text(encoding="utf-8") == "keep"


def test_the_format_is_registered() -> None:
    fmt = positions.formats.get("ktab-xml")
    assert (fmt.reader, fmt.writer, fmt.output) == (read_ktab_xml, write_ktab_xml, "FILE")
    assert positions.read_ktab_xml is read_ktab_xml
    assert positions.write_ktab_xml is write_ktab_xml


# ---------------------------------------------------------------------------
# The command line


@needs_defusedxml
def test_import_and_export_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "water.toml"
    assert main(["import", "ktab-xml", str(WATER), "-o", str(out)]) == 0
    assert "case 'Northland-water-reform' with 3 issues and 5 positions" in capsys.readouterr().out
    assert positions.load_case(out) == read_ktab_xml(WATER)
    exported = tmp_path / "exported.xml"
    assert main(["export", "ktab-xml", str(out), "-o", str(exported)]) == 0
    assert capsys.readouterr().out.strip() == str(exported)
    assert exported.read_bytes() == WATER.read_bytes()


@needs_defusedxml
@pytest.mark.parametrize(
    "name",
    ["bomb.xml", "external-entity.xml", "malformed.xml", "public/example.xml"],
)
def test_a_bad_file_exits_1_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / "never.toml"
    before = (HERE / name).read_bytes()
    assert main(["import", "ktab-xml", str(HERE / name), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("positions: cannot import ")
    assert "Traceback" not in err
    assert not out.exists()
    assert (HERE / name).read_bytes() == before


def test_exporting_what_ktab_cannot_hold_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "harbour.xml"
    assert main(["export", "ktab-xml", "harbour", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot be written as a KTAB scenario" in err
    assert "Traceback" not in err
    assert not out.exists()
