"""Bad case-file input: every class of mistake raises CaseFileError naming
the file and the place inside it, with all problems listed together."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import attrs
import pytest

import positions
from positions import load_case
from positions.exceptions import CaseFileError, PositionsError, Problem

Doc = dict[str, Any]
Key = str | int

SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "kuril-islands.toml"

# A small valid case touching every section and every issue kind but
# categorical: a scale issue, an ordinal issue and a weighted-item issue with
# one divisible and one indivisible item.
BASE: Doc = {
    "case": {"id": "tiny", "title": "A tiny case"},
    "sources": [
        {"id": "src", "title": "A source", "author": "Someone", "date": "2020-01-02"},
    ],
    "parties": [
        {"id": "buyer", "name": "Buyer"},
        {"id": "seller", "name": "Seller"},
    ],
    "issues": [
        {"id": "price", "kind": "scale", "low": 0, "high": 100},
        {"id": "pace", "kind": "ordinal", "levels": ["slow", "medium", "fast"]},
        {
            "id": "land",
            "kind": "items",
            "measures": {"area": "km2"},
            "default_measure": "area",
            "items": [
                {"id": "north", "divisible": True, "measures": {"area": 3}},
                {"id": "south", "measures": {"area": 1}},
            ],
        },
    ],
    "positions": [
        {
            "id": "buyer-1",
            "party": "buyer",
            "date": dt.date(2020, 1, 2),
            "status": "stated",
            "source": "src",
            "ideal": {"price": 10, "pace": "fast", "land": {"north": 1, "south": 1}},
            "accept": {"price": [0, 50], "pace": ["medium", "fast"], "land": {"south": 1}},
            "salience": {"price": 2, "pace": 1, "land": 1},
            "reservation": 0.5,
        },
        {
            "id": "seller-1",
            "party": "seller",
            "date": dt.date(2020, 2, 3),
            "status": "reported",
            "source": "src",
            "ideal": {"price": 90, "land": {"north": 0, "south": 0}},
        },
    ],
    "offers": [
        {
            "id": "deal",
            "proposer": "seller",
            "date": dt.date(2020, 3, 4),
            "status": "stated",
            "source": "src",
            "terms": {"price": 40, "pace": "medium", "land": {"north": 0.5, "south": 1}},
        },
    ],
    "events": [
        {
            "id": "meeting",
            "date": dt.date(2020, 1, 15),
            "label": "A meeting",
            "source": "src",
            "parties": ["buyer", "seller"],
            "issues": ["price"],
        },
    ],
}


# ---------------------------------------------------------------------------
# A minimal TOML writer for the tests (independent of the library's own, and
# able to write nan and inf, which the library's writer refuses).


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        pairs = ", ".join(f"{json.dumps(k)} = {_toml_value(x)}" for k, x in v.items())
        return "{ " + pairs + " }"
    raise TypeError(v)


def to_toml(doc: Mapping[str, Any]) -> str:
    """``doc`` as TOML: top-level tables and arrays of tables, inline below."""
    head: list[str] = []
    body: list[str] = []
    for key, value in doc.items():
        if isinstance(value, dict):
            body.append(f"\n[{key}]")
            body.extend(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            for table in value:
                body.append(f"\n[[{key}]]")
                body.extend(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in table.items())
        else:
            head.append(f"{json.dumps(key)} = {_toml_value(value)}")
    return "\n".join(head + body) + "\n"


def _walk(doc: Doc, path: tuple[Key, ...]) -> Any:
    node: Any = doc
    for key in path:
        node = node[key]
    return node


def set_at(doc: Doc, path: tuple[Key, ...], value: object) -> Doc:
    _walk(doc, path[:-1])[path[-1]] = value
    return doc


def delete_at(doc: Doc, path: tuple[Key, ...]) -> Doc:
    del _walk(doc, path[:-1])[path[-1]]
    return doc


def dotted(path: tuple[Key, ...]) -> str:
    """``("positions", 0, "party")`` as ``positions[0].party``."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else f".{key}"
    return out.removeprefix(".")


def base() -> Doc:
    return copy.deepcopy(BASE)


def write(tmp_path: Path, doc: Mapping[str, Any], name: str = "case.toml") -> Path:
    path = tmp_path / name
    path.write_text(to_toml(doc), encoding="utf-8")
    return path


def load_error(path: Path) -> CaseFileError:
    """Load ``path``, which must fail; check what every failure must show."""
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    err = info.value
    assert isinstance(err, PositionsError)
    assert isinstance(err, ValueError)
    assert err.path == str(path)
    text = str(err)
    count = len(err.problems)
    assert count >= 1
    assert text.splitlines()[0] == f"{path}: {count} problem{'s' if count != 1 else ''}"
    for problem in err.problems:
        assert isinstance(problem, Problem)
        assert f"  {problem}" in text.splitlines()
    return err


def bad(tmp_path: Path, doc: Doc) -> CaseFileError:
    return load_error(write(tmp_path, doc))


def only(err: CaseFileError) -> Problem:
    assert len(err.problems) == 1, err.problems
    return err.problems[0]


# ---------------------------------------------------------------------------


def test_base_case_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, base())
    assert tomllib.loads(path.read_text(encoding="utf-8")) == BASE
    case = load_case(path)
    assert [i.id for i in case.issues] == ["price", "pace", "land"]
    assert [p.id for p in case.positions] == ["buyer-1", "seller-1"]
    assert case.offer("deal").proposer is not None


# --- TOML syntax ------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_line", "column", "fragment"),
    [
        ("oops = = 3", 8, "Invalid value"),
        ('oops = "unterminated', 21, "Illegal character"),
        ("[unclosed", 10, "Expected ']'"),
        ("n = 1x", 6, "Expected newline or end of document"),
    ],
)
def test_toml_syntax_error_names_line_and_column(
    tmp_path: Path, bad_line: str, column: int, fragment: str
) -> None:
    lines = to_toml(base()).splitlines()
    case_line = lines.index("[case]")
    lines.insert(case_line + 1, bad_line)  # just below [case]; 1-based: case_line + 2
    path = tmp_path / "syntax.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only(load_error(path))
    assert problem.where == f"line {case_line + 2}, column {column}"
    assert problem.message.startswith("TOML syntax error: ")
    assert fragment in problem.message
    assert "(at line" not in problem.message  # the place is not repeated


def test_toml_duplicate_key_names_line_and_column(tmp_path: Path) -> None:
    lines = to_toml(base()).splitlines()
    title_line = lines.index('"title" = "A tiny case"')
    lines.insert(title_line + 1, '"id" = "again"')
    path = tmp_path / "syntax.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only(load_error(path))
    assert problem == Problem(
        f"line {title_line + 2}, column 15", "TOML syntax error: Cannot overwrite a value"
    )


# --- schema: missing keys, unknown keys, wrong types ------------------------


@pytest.mark.parametrize(
    "path",
    [
        ("case", "id"),
        ("case", "title"),
        ("issues",),
        ("parties",),
        ("sources", 0, "title"),
        ("parties", 1, "name"),
        ("issues", 0, "kind"),
        ("issues", 2, "items", 1, "id"),
        ("positions", 0, "party"),
        ("positions", 1, "ideal"),
        ("positions", 1, "date"),
        ("offers", 0, "status"),
        ("offers", 0, "terms"),
        ("offers", 0, "source"),
        ("events", 0, "label"),
    ],
)
def test_missing_required_key(tmp_path: Path, path: tuple[Key, ...]) -> None:
    problem = only(bad(tmp_path, delete_at(base(), path)))
    assert problem.where == dotted(path)
    assert problem.message == "required key missing"


@pytest.mark.parametrize(
    ("table", "typo", "where"),
    [
        ((), "partys", ""),
        (("case",), "titel", "case"),
        (("sources", 0), "autor", "sources[0]"),
        (("issues", 0), "hihg", "issues[0]"),
        (("issues", 2, "items", 0), "mesures", "issues[2].items[0]"),
        (("positions", 0), "salence", "positions[0]"),
        (("offers", 0), "proposr", "offers[0]"),
        (("events", 0), "lable", "events[0]"),
    ],
)
def test_unknown_key(tmp_path: Path, table: tuple[Key, ...], typo: str, where: str) -> None:
    doc = base()
    _walk(doc, table)[typo] = "x"
    problem = only(bad(tmp_path, doc))
    assert problem.where == where
    assert "unknown key" in problem.message
    assert repr(typo) in problem.message


def test_unknown_key_in_judgement(tmp_path: Path) -> None:
    doc = set_at(base(), ("positions", 0, "judgement"), {"salienc": "why"})
    problem = only(bad(tmp_path, doc))
    assert problem.where == "positions[0].judgement"
    assert "'salienc'" in problem.message


@pytest.mark.parametrize(
    ("path", "value", "where", "fragment"),
    [
        # a string where a number belongs
        (("issues", 0, "low"), "0", "issues[0].low", "expected a number (got '0')"),
        (("positions", 0, "reservation"), "0.5", "positions[0].reservation", "a number"),
        (("positions", 0, "salience", "price"), "2", "positions[0].salience.price", "a number"),
        (
            ("issues", 2, "items", 0, "measures", "area"),
            "3",
            "issues[2].items[0].measures.area",
            "a number",
        ),
        # a boolean is not a number
        (("positions", 0, "reservation"), True, "positions[0].reservation", "a number"),
        # a number where a string belongs
        (("parties", 0, "name"), 3, "parties[0].name", "expected a string (got 3)"),
        (("positions", 0, "party"), 3, "positions[0].party", "a string"),
        (("case", "title"), 1.5, "case.title", "a string"),
        (("events", 0, "parties", 0), 1, "events[0].parties[0]", "a string"),
        (("issues", 1, "levels", 0), 7, "issues[1].levels[0]", "a string"),
        # a string where a boolean belongs
        (("issues", 2, "items", 0, "divisible"), "yes", "issues[2].items[0].divisible", "true"),
        # a quoted date is a string, not a date
        (("positions", 0, "date"), "2020-01-02", "positions[0].date", "a date"),
        # a list where a table belongs
        (("case",), ["tiny"], "case", "a table"),
        (("positions", 0, "ideal"), [10], "positions[0].ideal", "expected a table"),
        (("positions", 0, "judgement"), ["why"], "positions[0].judgement", "a table"),
        (("positions", 0, "salience"), [2, 1, 1], "positions[0].salience", "expected a table"),
        (("issues", 2, "measures"), ["km2"], "issues[2].measures", "expected a table"),
    ],
)
def test_wrong_type(
    tmp_path: Path, path: tuple[Key, ...], value: object, where: str, fragment: str
) -> None:
    problem = only(bad(tmp_path, set_at(base(), path, value)))
    assert problem.where == where
    assert fragment in problem.message


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        # a string or a table where a list belongs is iterated, not rejected
        (("issues", 1, "levels"), "slow", "issues[1].levels"),
        (("issues", 1, "levels"), {"slow": 1, "medium": 2, "fast": 3}, "issues[1].levels"),
        (("events", 0, "parties"), "buyer", "events[0].parties"),
        (("events", 0, "parties"), {"buyer": 1, "seller": 2}, "events[0].parties"),
    ],
)
def test_string_or_table_where_list_belongs(
    tmp_path: Path, path: tuple[Key, ...], value: object, where: str
) -> None:
    doc = set_at(base(), path, value)
    with pytest.raises(CaseFileError) as info:
        load_case(write(tmp_path, doc))
    assert [p.where for p in info.value.problems] == [where]


@pytest.mark.parametrize(
    ("path", "value", "allowed"),
    [
        (("positions", 0, "status"), "rumoured", "stated"),
        (("offers", 0, "date_precision"), "week", "month"),
        (("issues", 0, "kind"), "range", "categorical"),
    ],
)
def test_value_not_among_choices(
    tmp_path: Path, path: tuple[Key, ...], value: str, allowed: str
) -> None:
    problem = only(bad(tmp_path, set_at(base(), path, value)))
    assert problem.where == dotted(path)
    assert value in problem.message
    assert allowed in problem.message


def test_value_not_among_choices_reads_plainly(tmp_path: Path) -> None:
    problem = only(bad(tmp_path, set_at(base(), ("positions", 0, "status"), "rumoured")))
    assert problem.message == "must be one of ['stated', 'reported', 'inferred'] (got 'rumoured')"


def test_several_schema_problems_are_all_reported(tmp_path: Path) -> None:
    doc = base()
    set_at(doc, ("positions", 0, "salience", "price"), "2")
    set_at(doc, ("offers", 0, "date"), "2020")
    set_at(doc, ("events", 0, "lable"), "x")
    delete_at(doc, ("case", "title"))
    err = bad(tmp_path, doc)
    assert sorted(p.where for p in err.problems) == [
        "case.title",
        "events[0]",
        "offers[0].date",
        "positions[0].salience.price",
    ]


# --- references ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "where", "message"),
    [
        (
            ("positions", 0, "party"),
            "buyr",
            "positions[0].party",
            "unknown party 'buyr' (known: buyer, seller)",
        ),
        (
            ("positions", 1, "source"),
            "nope",
            "positions[1].source",
            "unknown source 'nope' (known: src)",
        ),
        (
            ("offers", 0, "proposer"),
            "nobody",
            "offers[0].proposer",
            "unknown party 'nobody' (known: buyer, seller)",
        ),
        (
            ("offers", 0, "source"),
            "nope",
            "offers[0].source",
            "unknown source 'nope' (known: src)",
        ),
        (
            ("offers", 0, "terms", "prise"),
            3,
            "offers[0].terms.prise",
            "unknown issue 'prise' (known: land, pace, price)",
        ),
        (
            ("positions", 1, "ideal", "prise"),
            3,
            "positions[1].ideal.prise",
            "unknown issue 'prise' (known: land, pace, price)",
        ),
        (
            ("events", 0, "parties", 1),
            "ghost",
            "events[0].parties[1]",
            "unknown party 'ghost' (known: buyer, seller)",
        ),
        (
            ("events", 0, "issues", 0),
            "ghost",
            "events[0].issues[0]",
            "unknown issue 'ghost' (known: land, pace, price)",
        ),
        (
            ("events", 0, "source"),
            "ghost",
            "events[0].source",
            "unknown source 'ghost' (known: src)",
        ),
        (
            ("issues", 2, "items", 0, "source"),
            "ghost",
            "issues[2].items[0].source",
            "unknown source 'ghost' (known: src)",
        ),
    ],
)
def test_unknown_reference(
    tmp_path: Path, path: tuple[Key, ...], value: object, where: str, message: str
) -> None:
    problem = only(bad(tmp_path, set_at(base(), path, value)))
    assert problem == Problem(where, message)


def test_unknown_ideal_issue_with_saliences(tmp_path: Path) -> None:
    # positions[0] gives saliences, so the unknown issue also lacks one.
    doc = set_at(base(), ("positions", 0, "ideal", "prise"), 3)
    err = bad(tmp_path, doc)
    assert "positions[0].ideal.prise" in [p.where for p in err.problems]


@pytest.mark.parametrize("key", ["accept", "values"])
def test_table_for_issue_without_ideal(tmp_path: Path, key: str) -> None:
    value: object = ["slow"] if key == "accept" else {"slow": 1, "medium": 0, "fast": 0}
    doc = set_at(base(), ("positions", 1, key), {"pace": value})
    problem = only(bad(tmp_path, doc))
    assert problem.where == f"positions[1].{key}.pace"
    assert "no ideal" in problem.message


# --- values outside their issue's domain ---------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "where", "fragment"),
    [
        (("positions", 0, "ideal", "price"), 150, "positions[0].ideal.price", "[0, 100]"),
        (("offers", 0, "terms", "price"), -1, "offers[0].terms.price", "[0, 100]"),
        (
            ("positions", 0, "ideal", "pace"),
            "glacial",
            "positions[0].ideal.pace",
            "value must be one of ['slow', 'medium', 'fast'] (got 'glacial')",
        ),
        (("offers", 0, "terms", "pace"), "glacial", "offers[0].terms.pace", "'glacial'"),
        (("offers", 0, "terms", "pace"), 2, "offers[0].terms.pace", "(got 2)"),
        (
            ("offers", 0, "terms", "land", "north"),
            1.5,
            "offers[0].terms.land",
            "the share of item 'north' must lie in [0, 1] (got 1.5)",
        ),
        (
            ("offers", 0, "terms", "land", "north"),
            -0.25,
            "offers[0].terms.land",
            "the share of item 'north' must lie in [0, 1]",
        ),
        (
            ("offers", 0, "terms", "land", "south"),
            0.5,
            "offers[0].terms.land",
            "item 'south' is indivisible: its share must be 0 or 1 (got 0.5)",
        ),
        (
            ("positions", 0, "ideal", "land", "south"),
            0.5,
            "positions[0].ideal.land",
            "item 'south' is indivisible",
        ),
        (
            ("offers", 0, "terms", "land"),
            {"north": 1},
            "offers[0].terms.land",
            "missing items ['south']",
        ),
        (
            ("offers", 0, "terms", "land", "west"),
            0,
            "offers[0].terms.land",
            "unknown items ['west']",
        ),
        (("offers", 0, "terms", "land"), 1, "offers[0].terms.land", "table of item shares"),
        (("offers", 0, "terms", "price"), "forty", "offers[0].terms.price", "a number"),
        (("offers", 0, "terms", "price"), math.inf, "offers[0].terms.price", "finite"),
    ],
)
def test_value_outside_domain(
    tmp_path: Path, path: tuple[Key, ...], value: object, where: str, fragment: str
) -> None:
    problem = only(bad(tmp_path, set_at(base(), path, value)))
    assert problem.where == where
    assert fragment in problem.message


# --- acceptable sets ------------------------------------------------------------


@pytest.mark.parametrize(
    ("issue", "accept", "fragment"),
    [
        ("price", [50, 0], "low <= high"),
        ("price", [0, 500], "must lie within [0, 100]"),
        ("price", [1, 2, 3], "must be [low, high]"),
        ("price", [0, math.inf], "finite"),
        ("pace", [], "must not be empty"),
        ("pace", ["fast", "warp"], "'warp'"),
        ("land", {"north": [0.5, 0.25]}, "low <= high"),
        ("land", {"south": [0.5, 1]}, "item 'south' is indivisible: its bounds must be 0 or 1"),
        ("land", {"west": 1}, "unknown items ['west']"),
        ("land", {"north": [0, 2]}, "must lie within [0, 1]"),
        # the ideal must lie in the acceptable set
        ("price", [20, 50], "the ideal 10.0 must lie in the acceptable set"),
        ("pace", ["slow", "medium"], "the ideal 'fast' must lie in the acceptable set"),
        ("land", {"south": 0}, "must lie in the acceptable set"),
    ],
)
def test_bad_acceptable_set(tmp_path: Path, issue: str, accept: object, fragment: str) -> None:
    doc = set_at(base(), ("positions", 0, "accept", issue), accept)
    problem = only(bad(tmp_path, doc))
    assert problem.where == f"positions[0].accept.{issue}"
    assert fragment in problem.message


# --- numbers: salience, measures, reservation ---------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("positions", 0, "salience", "price"), math.nan, "positions[0].salience.price"),
        (("positions", 0, "salience", "pace"), math.inf, "positions[0].salience.pace"),
        (("positions", 0, "reservation"), math.nan, "positions[0].reservation"),
        (("issues", 0, "low"), -math.inf, "issues[0].low"),
        (
            ("issues", 2, "items", 0, "measures", "area"),
            math.inf,
            "issues[2].items[0].measures.area",
        ),
    ],
)
def test_non_finite_number(
    tmp_path: Path, path: tuple[Key, ...], value: float, where: str
) -> None:
    doc = set_at(base(), path, value)
    text = to_toml(doc)
    assert ("nan" if math.isnan(value) else "inf") in text  # as written in TOML
    problem = only(bad(tmp_path, doc))
    assert problem.where == where
    assert "expected a finite number" in problem.message


def test_negative_salience(tmp_path: Path) -> None:
    doc = set_at(base(), ("positions", 0, "salience", "price"), -1)
    problem = only(bad(tmp_path, doc))
    assert problem.where.startswith("positions[0].")
    assert "salience must be >= 0 (got -1.0)" in problem.message


def test_negative_salience_is_reported_at_the_salience(tmp_path: Path) -> None:
    doc = set_at(base(), ("positions", 0, "salience", "price"), -1)
    assert only(bad(tmp_path, doc)).where == "positions[0].salience.price"


def test_all_saliences_zero(tmp_path: Path) -> None:
    doc = set_at(base(), ("positions", 0, "salience"), {"price": 0, "pace": 0, "land": 0})
    problem = only(bad(tmp_path, doc))
    assert problem.where == "positions[0]"
    assert "at least one salience must be positive" in problem.message


def test_salience_missing_for_an_addressed_issue(tmp_path: Path) -> None:
    doc = delete_at(base(), ("positions", 0, "salience", "land"))
    problem = only(bad(tmp_path, doc))
    assert problem.where == "positions[0].salience"
    assert "['land']" in problem.message


def test_negative_item_measure(tmp_path: Path) -> None:
    doc = set_at(base(), ("issues", 2, "items", 0, "measures", "area"), -3)
    err = bad(tmp_path, doc)
    first = err.problems[0]
    assert first.where == "issues[2]"
    assert "item 'north': measure 'area' must be >= 0 (got -3.0)" in first.message


@pytest.mark.parametrize("reservation", [-0.1, 1.5])
def test_reservation_outside_unit_interval(tmp_path: Path, reservation: float) -> None:
    doc = set_at(base(), ("positions", 0, "reservation"), reservation)
    problem = only(bad(tmp_path, doc))
    assert problem.where in ("positions[0]", "positions[0].reservation")
    assert f"reservation must lie in [0, 1] (got {reservation})" in problem.message


@pytest.mark.parametrize("reservation", [0, 1])
def test_reservation_bounds_are_allowed(tmp_path: Path, reservation: int) -> None:
    doc = set_at(base(), ("positions", 0, "reservation"), reservation)
    assert load_case(write(tmp_path, doc)).position("buyer-1").reservation == reservation


# --- duplicate ids ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "first_id"),
    [
        ("sources", "src"),
        ("parties", "buyer"),
        ("issues", "price"),
        ("positions", "buyer-1"),
        ("offers", "deal"),
        ("events", "meeting"),
    ],
)
def test_duplicate_id(tmp_path: Path, section: str, first_id: str) -> None:
    doc = base()
    copy_ = copy.deepcopy(doc[section][0])
    assert copy_["id"] == first_id
    doc[section].append(copy_)
    n = len(doc[section]) - 1
    problem = only(bad(tmp_path, doc))
    assert problem == Problem(
        f"{section}[{n}].id", f"duplicate id {first_id!r} (first at {section}[0])"
    )


def test_duplicate_item_id_within_an_issue(tmp_path: Path) -> None:
    doc = base()
    doc["issues"][2]["items"].append({"id": "north", "measures": {"area": 2}})
    err = bad(tmp_path, doc)
    assert err.problems[0].where == "issues[2]"
    assert "item ids must be distinct (repeated: ['north'])" in err.problems[0].message


def test_same_item_id_in_two_issues_is_fine(tmp_path: Path) -> None:
    doc = base()
    doc["issues"].append(
        {"id": "sea", "kind": "items", "items": [{"id": "north"}, {"id": "south"}]}
    )
    assert load_case(write(tmp_path, doc)).issue("sea").kind == "items"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("issues", 2, "items", 1, "id"), "north"),  # duplicate item id
        (("issues", 2, "items", 0, "measures", "area"), -3),  # negative measure
        (("issues", 2, "default_measure"), "population"),  # undeclared measure
    ],
)
def test_invalid_issue_is_not_also_reported_unknown(
    tmp_path: Path, path: tuple[Key, ...], value: object
) -> None:
    err = bad(tmp_path, set_at(base(), path, value))
    assert [p.where for p in err.problems] == ["issues[2]"]


def test_invalid_source_is_not_also_reported_unknown(tmp_path: Path) -> None:
    err = bad(tmp_path, delete_at(base(), ("sources", 0, "author")))
    assert [p.where for p in err.problems] == ["sources[0]"]


@pytest.mark.parametrize(
    ("path", "value"),
    [(("case", "title"), " "), (("case", "id"), "bad id")],
)
def test_problem_in_case_table_has_a_place(
    tmp_path: Path, path: tuple[Key, ...], value: object
) -> None:
    problem = only(bad(tmp_path, set_at(base(), path, value)))
    assert problem.where.startswith("case")


# --- several problems at once ----------------------------------------------------------


def test_problems_in_several_sections_are_all_reported(tmp_path: Path) -> None:
    doc = base()
    set_at(doc, ("positions", 0, "accept", "price"), [60, 20])
    set_at(doc, ("offers", 0, "proposer"), "nobody")
    doc["events"][0]["issues"].append("ghost")
    err = bad(tmp_path, doc)
    assert [p.where for p in err.problems] == [
        "positions[0].accept.price",
        "offers[0].proposer",
        "events[0].issues[1]",
    ]
    assert str(err).startswith(f"{tmp_path / 'case.toml'}: 3 problems\n")


def test_problems_in_bundled_case_are_all_reported(tmp_path: Path) -> None:
    doc: Doc = tomllib.loads(SEEDS.read_text(encoding="utf-8"))
    assert doc["positions"][4]["id"] == "russia-2013"
    set_at(doc, ("positions", 4, "accept", "territory", "etorofu"), [0.5, 0.25])
    set_at(doc, ("offers", 0, "proposer"), "ussr")
    doc["events"][0]["issues"].append("islands")
    path = tmp_path / "kuril.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    err = load_error(path)
    assert [p.where for p in err.problems] == [
        "positions[4].accept.territory",
        "offers[0].proposer",
        "events[0].issues[1]",
    ]
    text = str(err)
    assert text.startswith(f"{path}: 3 problems\n")
    assert f"  positions[4] (russia-2013).accept.territory: {err.problems[0].message}" in text
    assert "low <= high" in err.problems[0].message
    assert "unknown party 'ussr'" in err.problems[1].message
    assert "unknown issue 'islands'" in err.problems[2].message


def test_unchanged_bundled_case_written_by_the_test_writer_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "kuril.toml"
    path.write_text(to_toml(tomllib.loads(SEEDS.read_text(encoding="utf-8"))), encoding="utf-8")
    assert load_case(path) == load_case("kuril-islands")


# --- unreadable files ---------------------------------------------------------------------


def test_nonexistent_path(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    problem = only(load_error(path))
    assert problem.where == ""
    assert problem.message.startswith("cannot read the file")
    assert not path.exists()


def test_nonexistent_path_given_as_string(tmp_path: Path) -> None:
    name = str(tmp_path / "missing.toml")
    with pytest.raises(CaseFileError, match="cannot read the file") as info:
        load_case(name)
    assert info.value.path == name
    assert str(info.value).startswith(f"{name}: 1 problem")


def test_directory(tmp_path: Path) -> None:
    directory = tmp_path / "case.toml"
    directory.mkdir()
    problem = only(load_error(directory))
    assert problem.message.startswith("cannot read the file")


@pytest.mark.parametrize(
    ("data", "byte"),
    [
        (b"\xff\xfe[case]\n", 0),
        ('[case]\nid = "caf\u00e9"\n'.encode("latin-1"), 16),
        ('[case]\ntitle = "\u00e9"\n'.encode("utf-16"), 0),
    ],
)
def test_not_utf8(tmp_path: Path, data: bytes, byte: int) -> None:
    path = tmp_path / "case.toml"
    path.write_bytes(data)
    problem = only(load_error(path))
    assert problem == Problem(f"byte {byte}", "the file is not valid UTF-8")


def test_utf8_text_is_read(tmp_path: Path) -> None:
    doc = set_at(base(), ("parties", 0, "name"), "Acheteur \u00e9\u00e8 \u5c71")
    assert load_case(write(tmp_path, doc)).parties[0].name.endswith("\u5c71")


# --- nothing partial, nothing changed --------------------------------------------------------


@pytest.mark.parametrize(
    "doc_text",
    [
        "[case\n",  # syntax
        to_toml(delete_at(base(), ("case", "title"))),  # schema
        to_toml(set_at(base(), ("positions", 0, "party"), "ghost")),  # resolution
    ],
)
def test_failed_load_leaves_the_file_unchanged(tmp_path: Path, doc_text: str) -> None:
    path = tmp_path / "case.toml"
    path.write_text(doc_text, encoding="utf-8")
    past = 1_000_000_000_000_000_000  # 2001-09-09, in ns
    os.utime(path, ns=(past, past))
    before = path.read_bytes()
    entries = sorted(tmp_path.iterdir())
    result: object = "not assigned"
    with pytest.raises(CaseFileError):
        result = load_case(path)
    assert result == "not assigned"
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == past
    assert sorted(tmp_path.iterdir()) == entries


# --- dump_case never leaves a half-written file ------------------------------------------------


class _FailingFile:
    """Wraps a text file; writes half of the first text, then fails."""

    def __init__(self, inner: IO[str], exc: BaseException) -> None:
        self._inner = inner
        self._exc = exc

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._inner.close()

    def write(self, text: str) -> int:
        self._inner.write(text[: len(text) // 2])
        self._inner.flush()
        raise self._exc


@pytest.fixture
def kuril() -> positions.Case:
    return load_case("kuril-islands")


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_dump_case_failing_write_keeps_old_contents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kuril: positions.Case, exc: BaseException
) -> None:
    target = tmp_path / "case.toml"
    target.write_text("# the old contents\n", encoding="utf-8")
    real_fdopen = os.fdopen

    def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> _FailingFile:
        return _FailingFile(real_fdopen(fd, *args, **kwargs), exc)

    monkeypatch.setattr("positions.formats.case.os.fdopen", failing_fdopen)
    with pytest.raises(type(exc)):
        positions.dump_case(kuril, target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "# the old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.toml"]  # no temp file left


def test_dump_case_failing_rename_keeps_old_contents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kuril: positions.Case
) -> None:
    target = tmp_path / "case.toml"
    target.write_text("# the old contents\n", encoding="utf-8")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("positions.formats.case.os.replace", failing_replace)
    with pytest.raises(OSError, match="cross-device"):
        positions.dump_case(kuril, target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "# the old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.toml"]


def test_dump_case_failing_write_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kuril: positions.Case
) -> None:
    target = tmp_path / "new.toml"
    real_fdopen = os.fdopen

    def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> _FailingFile:
        return _FailingFile(real_fdopen(fd, *args, **kwargs), OSError(28, "disk full"))

    monkeypatch.setattr("positions.formats.case.os.fdopen", failing_fdopen)
    with pytest.raises(OSError, match="disk full"):
        positions.dump_case(kuril, target)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_dump_case_of_unwritable_case_touches_nothing(
    tmp_path: Path, kuril: positions.Case
) -> None:
    target = tmp_path / "case.toml"
    target.write_text("# the old contents\n", encoding="utf-8")
    sourceless = attrs.evolve(kuril.positions[0], source=None)
    changes: dict[str, Any] = {"positions": (sourceless, *kuril.positions[1:])}
    case = attrs.evolve(kuril, **changes)
    assert case.positions[0].source is None
    with pytest.raises(CaseFileError) as info:
        positions.dump_case(case, target)
    assert info.value.problems == (Problem("positions[0].source", "a case file needs a source"),)
    assert target.read_text(encoding="utf-8") == "# the old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.toml"]


def test_dump_case_replaces_old_contents(tmp_path: Path, kuril: positions.Case) -> None:
    target = tmp_path / "case.toml"
    target.write_text("# the old contents\n", encoding="utf-8")
    positions.dump_case(kuril, target)
    assert load_case(target) == kuril
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.toml"]
