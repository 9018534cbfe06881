"""Reading and writing: case files, GENIUS XML, actor tables and KTAB
scenarios refuse each remaining kind of mistake with its place, and the
writers keep their promises when names collide."""

from __future__ import annotations

import copy
import datetime as dt
import fractions
import tomllib
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest

import positions
from positions import _output, _toml
from positions._limits import IN_RANGE, expected_number, number_from_text, shown
from positions.exceptions import CaseFileError, InvalidArgumentError
from positions.formats import case as _io
from test_bad_input import BASE, to_toml
from test_genius import DOMAIN, PROFILE, write

HARBOUR = positions.load_case("harbour")
needs_defusedxml = pytest.mark.usefixtures("defusedxml_installed")


@pytest.fixture
def defusedxml_installed() -> None:
    pytest.importorskip("defusedxml")


def problems_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(CaseFileError) as info:
        positions.loads_case(to_toml(doc))
    return [(p.where, p.message) for p in info.value.problems]


def edited(**changes: Any) -> dict[str, Any]:
    """BASE with some of its first position, offer or issues replaced."""
    doc = copy.deepcopy(BASE)
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            doc[section][0][field] = value
        else:
            doc[section] = value
    return doc


# --- case files --------------------------------------------------------------------


def test_the_base_case_reads() -> None:
    case = positions.loads_case(to_toml(BASE))
    assert [p.id for p in case.positions] == ["buyer-1", "seller-1"]


@pytest.mark.parametrize(
    ("issue", "message"),
    [
        (
            {"id": "x", "kind": "scale", "low": 0, "high": 1, "levels": ["a", "b"]},
            "keys ['levels'] do not belong to a scale issue",
        ),
        ({"id": "x", "kind": "scale", "low": 0}, "a scale issue needs 'low' and 'high'"),
        ({"id": "x", "kind": "ordinal"}, "an ordinal issue needs 'levels'"),
        ({"id": "x", "kind": "items"}, "an items issue needs at least one [[issues.items]] table"),
    ],
)
def test_an_issue_missing_what_its_kind_needs_is_named(
    issue: dict[str, Any], message: str
) -> None:
    doc = copy.deepcopy(BASE)
    doc["issues"].append(issue)
    assert problems_of(doc) == [("issues[3]", message)]


def reading(**fields: Any) -> dict[str, Any]:
    return {"id": "r", "claim": "ideal.price", "value": 40, "status": "reported", **fields}


def test_readings_that_fit_alone_but_not_together_are_one_problem() -> None:
    # buyer-1 wants a price of 10 and accepts [0, 50]: an ideal of 40 fits
    # that red line, and a red line of [0, 20] fits that ideal, but not both.
    doc = edited(
        positions__readings=[
            reading(id="dearer"),
            reading(id="firmer", claim="accept.price", value=[0, 20]),
        ]
    )
    ((where, message),) = problems_of(doc)
    assert where == "positions[0].readings"
    assert "the readings 'dearer' (ideal.price), 'firmer' (accept.price) do not fit" in message


def test_a_reading_with_an_unknown_source_is_one_problem() -> None:
    doc = edited(positions__readings=[reading(source="nowhere")])
    ((where, message),) = problems_of(doc)
    assert where == "positions[0].readings[0].source"
    assert message.startswith("unknown source 'nowhere' (known: src)")


def test_a_reading_with_a_bad_id_is_one_problem() -> None:
    doc = edited(positions__readings=[reading(id="not an id")])
    ((where, message),) = problems_of(doc)
    assert where == "positions[0].readings[0]"
    assert "Reading.id" in message


def test_a_nul_in_evidence_or_a_reading_is_a_problem_at_its_place() -> None:
    # As in every other string of a case file (this was let through before).
    doc = edited(
        positions__evidence={"reservation": {"status": "stated", "note": "a\x00b"}},
        positions__readings=[reading(label="x\x00y")],
    )
    assert problems_of(doc) == [
        (
            "positions[0].evidence.reservation",
            "Evidence: note must not contain a NUL character (got 'a\\x00b')",
        ),
        (
            "positions[0].readings[0]",
            "Reading 'r': label must not contain a NUL character (got 'x\\x00y')",
        ),
    ]


def test_an_offer_that_settles_nothing_is_one_problem() -> None:
    assert problems_of(edited(offers__terms={})) == [
        ("offers[0]", "offer 'deal' must settle at least one issue")
    ]


def test_an_unknown_format_is_named() -> None:
    doc = edited(case={**BASE["case"], "format": 2})
    assert problems_of(doc) == [("case.format", "unknown format 2")]


def test_a_syntax_error_at_the_end_of_the_file_says_so() -> None:
    with pytest.raises(CaseFileError) as info:
        positions.loads_case('[case]\nid = "x"\ntitle = ')
    (problem,) = info.value.problems
    assert problem.where == "end of file"
    assert problem.message.startswith("TOML syntax error: ")
    assert "end of document" not in problem.message


def test_nesting_inside_strings_and_comments_is_not_nesting() -> None:
    deep = "[" * 100
    assert _io._too_deep(f'a = "{deep}"\n# {deep}\nb = [[1]]\n') == ""
    assert _io._too_deep("a = " + deep) == "line 1, column 69"


def test_a_case_without_dates_cannot_be_written() -> None:
    undated = attrs.evolve(HARBOUR.positions[0], date=None)
    case = attrs.evolve(HARBOUR, positions=[undated, *HARBOUR.positions[1:]])
    with pytest.raises(CaseFileError) as info:
        positions.dumps_case(case)
    assert [(p.where, p.message) for p in info.value.problems] == [
        ("positions[0].date", "a case file needs a date")
    ]


def test_the_bundled_cases_come_from_the_package_or_else_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "_cases").mkdir()
    monkeypatch.setattr("importlib.resources.files", lambda _: tmp_path)
    assert _io._bundled_dir() == tmp_path / "_cases"
    (tmp_path / "_cases").rmdir()
    checkout = Path(_io.__file__).resolve().parents[3] / "seeds"
    assert _io._bundled_dir() == checkout


@pytest.mark.parametrize(
    ("type_", "name"),
    [
        (list[str], "a list"),
        (dict[str, float], "a table"),
        (str, "a string"),
        (float | None, "a number"),
        (int | str, "an integer or a string"),
        (bool, "true or false"),
        (dt.date, "a date"),
        (typing.Any, "Any"),
        (complex, "complex"),
    ],
)
def test_every_schema_type_has_a_name_for_the_reader(type_: Any, name: str) -> None:
    assert _io._describe(type_) == name


def test_an_unexpected_schema_error_is_shown_as_an_invalid_value() -> None:
    assert _io._format_exception(ValueError("no"), int) == "invalid value (no)"
    assert _io._format_exception(TypeError("no"), list[str]) == "expected a list here"


# --- the TOML writer ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (float("nan"), ValueError, r"cannot write a non-finite number \(nan\)"),
        (dt.datetime(2024, 1, 1, 9), ValueError, "case files hold dates, not date-times"),
        ({1, 2}, TypeError, r"cannot write \{1, 2\} as TOML"),
    ],
)
def test_the_toml_writer_refuses_what_toml_cannot_hold(
    value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        _toml.dumps({"x": value})


def test_the_toml_writer_puts_plain_keys_before_tables() -> None:
    doc = {"title": "T", "n": 3, "case": {"id": "x"}, "when": dt.date(2024, 1, 2)}
    text = _toml.dumps(doc)
    assert text.splitlines()[:3] == ['title = "T"', "n = 3", "when = 2024-01-02"]
    assert tomllib.loads(text) == doc


# --- numbers and messages ----------------------------------------------------------


def test_a_fraction_too_large_for_a_float_is_out_of_range() -> None:
    assert expected_number(fractions.Fraction(10**400, 3)) == IN_RANGE
    assert expected_number(fractions.Fraction(1, 3)) is None


def test_text_that_is_no_number_says_so() -> None:
    with pytest.raises(ValueError, match=r"^a number$"):
        number_from_text("twelve")


def test_a_value_too_large_to_write_is_shown_by_its_type() -> None:
    assert shown([10**5000]) == "a list too large to show"


# --- output files ------------------------------------------------------------------


def test_an_input_that_no_longer_exists_protects_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(b"old")
    with _output.protecting([tmp_path / "gone.toml"]):
        _output.write_file(out, b"new")
    assert out.read_bytes() == b"new"


def test_a_temporary_name_in_use_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = iter(["aaaa", "aaaa", "bbbb", "cccc"])
    monkeypatch.setattr("secrets.token_hex", lambda _: next(names))
    (tmp_path / ".out.txt.aaaa.tmp").write_bytes(b"someone else's")
    _output.write_file(tmp_path / "out.txt", b"mine")
    assert (tmp_path / "out.txt").read_bytes() == b"mine"
    assert (tmp_path / ".out.txt.aaaa.tmp").read_bytes() == b"someone else's"
    # A folder to stage several files in: "aaaa" is taken as well.
    (tmp_path / ".positions-aaaa.tmp").mkdir()
    names = iter(["aaaa", "bbbb", "cccc"])
    paths = _output.write_files(tmp_path, [("a.xml", b"<a/>")])
    assert [p.read_bytes() for p in paths] == [b"<a/>"]
    assert (tmp_path / ".positions-aaaa.tmp").is_dir()
    assert not (tmp_path / ".positions-bbbb.tmp").exists()


@pytest.mark.parametrize(
    "names", [["a.xml", "a.xml"], ["sub/a.xml"], [""], [".."], ["."]], ids=repr
)
def test_files_written_together_need_distinct_plain_names(
    tmp_path: Path, names: list[str]
) -> None:
    with pytest.raises(InvalidArgumentError, match="the files need distinct plain names"):
        _output.write_files(tmp_path / "out", [(n, b"x") for n in names])
    assert not (tmp_path / "out").exists()


# --- GENIUS ------------------------------------------------------------------------


INTEGER = '<issue index="1" name="n" type="integer" lowerbound="0" upperbound="4"/>'
REAL = '<issue index="2" name="r" type="real" lowerbound="0" upperbound="10"/>'
DISCRETE = '<issue index="3" name="d"><item value="x"/><item value="y"/></issue>'


def genius(tmp_path: Path, domain: str, profile: str) -> positions.Case:
    d = write(tmp_path / "d.xml", DOMAIN.format(issues=domain))
    p = write(tmp_path / "p.xml", PROFILE.format(issues=profile))
    return positions.read_genius(d, [p])


def genius_problems(tmp_path: Path, domain: str, profile: str | None = None) -> list[str]:
    def read() -> positions.Case:
        if profile is None:
            return positions.read_genius(
                write(tmp_path / "d.xml", DOMAIN.format(issues=domain)), []
            )
        return genius(tmp_path, domain, profile)

    with pytest.raises(CaseFileError) as info:
        read()
    return [f"{p.where}: {p.message}" for p in info.value.problems]


@needs_defusedxml
@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        ('<issue name="a"><item value="x"/><item value="y"/></issue>', "'index' is missing"),
        (
            '<issue index="1" name="a" type="real" vtype="integer"/>',
            "attributes 'type' and 'vtype' disagree (['integer', 'real'])",
        ),
        ('<issue index="1" name=" "/>', "an issue needs a non-empty 'name'"),
        (
            '<issue index="1" name="a"><item value="x"/><item/></issue>',
            "every <item> needs a non-empty 'value'",
        ),
        (
            '<issue index="1" name="a" type="real" lowerbound="2" upperbound="1"/>',
            "needs lowerbound < upperbound (got 2 and 1)",
        ),
        (
            '<issue index="1" name="a"><item value="x"/><item value="y"/></issue>'
            '<issue index="1" name="b"><item value="x"/><item value="y"/></issue>',
            'line 2 (<issue index="1" name="b">): the issue index 1 is used twice',
        ),
    ],
)
def test_a_bad_genius_domain_is_named(tmp_path: Path, issue: str, expected: str) -> None:
    (problem,) = genius_problems(tmp_path, issue)
    assert expected in problem


WEIGHTS = '<weight index="1" value="1"/><weight index="2" value="1"/><weight index="3" value="1"/>'
GOOD_INTEGER = (
    '<issue index="1" type="integer"><evaluator ftype="linear" slope="0.25" offset="0"/></issue>'
)
GOOD_REAL = (
    '<issue index="2" type="real"><evaluator ftype="linear" slope="-0.1" offset="1"/></issue>'
)
GOOD_DISCRETE = '<issue index="3"><item value="x" evaluation="1"/><item value="y"/></issue>'


def profile(
    *,
    integer: str = GOOD_INTEGER,
    real: str = GOOD_REAL,
    discrete: str = GOOD_DISCRETE,
    weights: str = WEIGHTS,
    extra: str = "",
) -> str:
    return integer + real + discrete + weights + extra


@needs_defusedxml
def test_a_real_issue_with_slope_and_offset_reads_as_its_line(tmp_path: Path) -> None:
    case = genius(tmp_path, INTEGER + REAL + DISCRETE, profile())
    (p,) = case.positions
    # Integer 0..4 by 0.25 from the lower bound: best at 4. Real 1 - x/10:
    # best at 0. Discrete: x evaluated 1, y not evaluated (0).
    assert p.stance("n").values == (0.0, 0.25, 0.5, 0.75, 1.0)
    assert p.stance("r").ideal == 0.0
    assert p.stance("d").values == (1.0, 0.0)
    assert p.weight("r") == pytest.approx(1 / 3)


@needs_defusedxml
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"real": '<issue index="2" type="real"><evaluator ftype="discrete"/></issue>'},
            "only linear evaluators can be read (got ftype='discrete')",
        ),
        (
            {"real": '<issue index="2" type="real"><evaluator ftype="linear"/></issue>'},
            "a linear evaluator needs 'slope' and 'offset'",
        ),
        (
            {"real": '<issue index="2" type="integer"><evaluator ftype="linear"/></issue>'},
            "the domain says issue 'r' is real, the profile integer",
        ),
        (
            {"discrete": '<issue index="3"><item value="x"/><item value="x"/></issue>'},
            "the value 'x' is evaluated twice",
        ),
        (
            {"discrete": '<issue index="3"><item value="x" evaluation="lots"/></issue>'},
            "line 2 (<item value=\"x\">): the evaluation of 'x' must be a number",
        ),
        (
            {"discrete": '<issue index="3"><item value="x" evaluation="-1"/></issue>'},
            "evaluations must be >= 0 (got -1 for 'x')",
        ),
        (
            {
                "real": '<issue index="2" type="real" upperbound="9">'
                '<evaluator ftype="linear" slope="-0.1" offset="1"/></issue>'
            },
            "upperbound 9 differs from the domain's 10",
        ),
        (
            {"real": '<issue index="2" type="real"/>'},
            "a real issue needs one <evaluator> (found 0)",
        ),
        (
            {"extra": '<reservation value="0.1"/><reservation value="0.2"/>'},
            "<reservation> is given more than once",
        ),
        ({"extra": '<reservation value="high"/>'}, "attribute 'value' must be a number"),
        (
            {"extra": '<discount_factor value="2"/>'},
            "the discount factor must lie in [0, 1] (got 2)",
        ),
        ({"extra": '<weight value="1"/>'}, "attribute 'index' is missing"),
        ({"extra": '<weight index="9" value="1"/>'}, "no issue of the domain has index 9"),
        ({"extra": '<weight index="1" value="2"/>'}, "issue 1 is weighted twice"),
        ({"extra": '<issue type="real"/>'}, "attribute 'index' is missing"),
        ({"extra": GOOD_REAL}, "issue 2 is given twice"),
        (
            {"weights": '<weight index="1" value="1"/><weight index="3" value="1"/>'},
            "the profile gives no <weight> for issue 2",
        ),
        (
            {
                "weights": '<weight index="1" value="0"/><weight index="2" value="0"/>'
                '<weight index="3" value="0"/>'
            },
            "weights: position 'p': at least one salience must be positive",
        ),
    ],
)
def test_a_bad_genius_profile_is_named(
    tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    problems = genius_problems(tmp_path, INTEGER + REAL + DISCRETE, profile(**changes))
    assert any(expected in p for p in problems), problems


@needs_defusedxml
def test_a_refused_file_in_another_encoding_is_refused_without_a_place(tmp_path: Path) -> None:
    path = tmp_path / "utf16.xml"
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE t>\n<negotiation_template/>\n'
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(CaseFileError) as info:
        positions.read_genius(path, [])
    (problem,) = info.value.problems
    assert problem.where == "document type declaration"
    assert "document type declaration" in problem.message


def level_case(levels: tuple[str, ...]) -> positions.Case:
    a, b = positions.Party("a", name="A"), positions.Party("b", name="B")
    pace = positions.OrdinalIssue("pace", levels=levels)
    rent = positions.ScaleIssue("rent", low=0, high=10)
    return positions.Case(
        "talks",
        title="Talks",
        issues=[pace, rent],
        parties=[a, b],
        positions=[
            positions.Position(
                "a-1",
                party=a,
                stances=[positions.Stance(pace, levels[-1]), positions.Stance(rent, 10)],
            ),
            positions.Position("b-1", party=b, stances=[positions.Stance(pace, levels[0])]),
        ],
    )


@needs_defusedxml
@pytest.mark.parametrize(
    ("levels", "kind"),
    [
        (("1", "2", "3"), "integer"),
        (("01", "02", "03"), "discrete"),
        (("1", "3", "4"), "discrete"),
    ],
)
def test_ordinal_levels_are_written_as_integers_only_when_they_count_up(
    tmp_path: Path, levels: tuple[str, ...], kind: str
) -> None:
    case = level_case(levels)
    domain, *_ = positions.write_genius(case, tmp_path)
    assert f'name="pace" type="{kind}"' in domain.read_text()
    back = positions.read_genius(domain, [tmp_path / "a-1.xml", tmp_path / "b-1.xml"])
    # A position silent on the rent gives it no weight when read back; the
    # utilities of every outcome are the same.
    assert back.positions[1].weight("rent") == 0.0
    space = positions.OutcomeSpace.grid(back.issues, scale_points=3)
    original = positions.OutcomeSpace.grid(case.issues, scale_points=3)
    assert [o.value("rent") for o in map(space.offer, range(len(space)))] == [
        o.value("rent") for o in map(original.offer, range(len(original)))
    ]
    for k in range(len(space)):
        before = positions.utility(case.positions[1], original.offer(k))
        after = positions.utility(back.positions[1], space.offer(k))
        assert after == pytest.approx(before)


def test_what_cannot_be_named_as_genius_files_is_refused(tmp_path: Path) -> None:
    empty = positions.Case("empty", title="Empty", issues=[], parties=[])
    with pytest.raises(InvalidArgumentError, match="the case has no issues"):
        positions.write_genius(empty, tmp_path)
    case = level_case(("1", "2"))
    clash = attrs.evolve(case.positions[0], id="talks_domain")
    with pytest.raises(
        InvalidArgumentError,
        match=r"a position's file would be the domain file 'talks_domain\.xml'",
    ):
        positions.write_genius(attrs.evolve(case, positions=[clash]), tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- actor tables and KTAB scenarios -----------------------------------------------


ACTORS = "Actor,Position,Salience,Capability\n"
KTAB_HEAD = "S,D,1,1\n"


def table_problems(tmp_path: Path, name: str, text: str) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    reader = positions.read_ktab if name.startswith("k") else positions.read_actor_table
    with pytest.raises(CaseFileError) as info:
        reader(path)
    return [f"{p.where}: {p.message}" for p in info.value.problems]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("actors.csv", ACTORS + ",40,5,1\n", ["line 2, column 1 (Actor): the actor needs a name"]),
        (
            "actors.csv",
            "# low: none\n",
            ["line 1: 'low': expected a number (got 'none')"],
        ),
        (
            "ktab.csv",
            "S,D,0,1\nActor,Description,Power,P Position,P Salience\nA,d,1,50,50\n",
            ["line 1, column 3 (number of actors): must be at least 1 (got 0)"],
        ),
        (
            "ktab.csv",
            KTAB_HEAD + "Actor,Notes,Power,P Position,P Salience\nA,d,1,50,50\n",
            ["line 2, column 2: expected the column 'Description' (got 'Notes')"],
        ),
        (
            "ktab.csv",
            KTAB_HEAD + "Actor,Description,Power,,Salience\nA,d,1,50,50\n",
            ["line 2, column 4: a position column needs a header naming its dimension"],
        ),
    ],
)
def test_a_bad_table_is_named(tmp_path: Path, name: str, text: str, expected: list[str]) -> None:
    assert table_problems(tmp_path, name, text) == expected
