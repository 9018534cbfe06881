"""Hostile and extreme input: every one gives one error of the library's own
kind that names the file and the place, never a traceback, a NaN in the
output, a half-written file or a changed input.

Each test keeps one way such input used to break the library from coming
back; the command-line tests run ``positions.__main__.main`` in-process,
and one runs ``python -m positions`` as a user would.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions.__main__ import main
from positions._select import case_grid_size
from positions.exceptions import CaseFileError, ModelError

NOT_FINITE = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)
DATA = Path(__file__).resolve().parent / "data"
GENIUS = DATA / "genius"

HEADER = """\
[case]
id = "m"
title = "M"

[[sources]]
id = "s"
title = "S"
publisher = "P"
date = "2024"

[[parties]]
id = "a"
name = "A"

[[issues]]
id = "x"
kind = "scale"
low = {low}
high = {high}

[[issues]]
id = "y"
kind = "scale"
low = 0
high = 10
"""

POSITION = """
[[positions]]
id = "p"
party = "a"
date = 2024-01-01
status = "stated"
source = "s"
ideal = {{ x = {ideal}, y = 2 }}
"""

OFFER = """
[[offers]]
id = "o"
date = 2024-01-02
status = "stated"
source = "s"
terms = {{ x = {value} }}
"""


def case_text(
    *,
    low: str = "0",
    high: str = "10",
    ideal: str = "1",
    salience: str | None = None,
    offer: str | None = None,
) -> str:
    """A small case file: two scale issues, one position, maybe an offer."""
    text = HEADER.format(low=low, high=high) + POSITION.format(ideal=ideal)
    if salience is not None:
        text += f"salience = {salience}\n"
    if offer is not None:
        text += OFFER.format(value=offer)
    return text


def write(tmp_path: Path, text: str, name: str = "case.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _no_constant(name: str) -> Any:
    raise AssertionError(f"the JSON holds {name}, which is not JSON")


def strict_json(text: str) -> Any:
    """Parse JSON, refusing NaN and Infinity (Python's json accepts them)."""
    return json.loads(text, parse_constant=_no_constant)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return (exit status, stdout, stderr), having
    checked that nothing printed a traceback, nor a NaN as a result."""
    try:
        status: object = main(list(argv))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    assert isinstance(status, int)
    assert "Traceback" not in out + err
    assert NOT_FINITE.search(out) is None, out
    return status, out, err


def cli_error(capsys: pytest.CaptureFixture[str], status: int, *argv: str) -> str:
    """Run a command that must fail with ``status`` and one message; return it."""
    code, out, err = cli(capsys, *argv)
    assert (code, out) == (status, ""), err
    assert err.strip()
    return err


# --- numbers: one limit on every number of the model (D3, D4, D5) -----------------


@pytest.mark.parametrize("bound", [1.7e308, -1.7e308, 1e16, 10**400])
def test_a_scale_bound_beyond_the_limit_is_refused(bound: float) -> None:
    low, high = (bound, 2e16) if bound < 0 else (0, bound)
    with pytest.raises(ModelError, match="between -1e15 and 1e15"):
        positions.ScaleIssue("x", low=low, high=high)


def test_a_scale_at_the_limit_gives_exact_distances() -> None:
    wide = positions.ScaleIssue("x", low=-1e15, high=1e15)
    assert wide.distance(-1e15, 1e15) == 1.0
    assert wide.distance(-1e15, 0.0) == 0.5
    assert wide.distance(0.0, 0.125) == 0.125 / 2e15


@pytest.mark.parametrize("salience", [1e308, 1e16, math.inf, 10**400])
def test_a_salience_beyond_the_limit_is_refused(salience: float) -> None:
    issue = positions.ScaleIssue("x", low=0, high=10)
    with pytest.raises(ModelError, match="salience must be"):
        positions.Stance(issue, 1.0, salience=salience)


def test_saliences_at_the_limit_normalise_without_overflow() -> None:
    x = positions.ScaleIssue("x", low=0, high=10)
    y = positions.ScaleIssue("y", low=0, high=10)
    party = positions.Party("a", name="A")
    p = positions.Position(
        "p",
        party=party,
        stances=[positions.Stance(x, 1, salience=1e15), positions.Stance(y, 2, salience=1e15)],
    )
    assert p.weights == {"x": 0.5, "y": 0.5}
    offer = positions.Offer("o", terms=[positions.Term(x, 6.0), positions.Term(y, 2.0)])
    assert positions.concession(p, offer).value == 0.25


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: positions.Party("a", name="A", capability=1e300), "capability must be"),
        (lambda: positions.Interval(0, 1e300), "interval bounds must be"),
        (lambda: positions.Item("i", measures={"area": 1e300}), "measure 'area'"),
    ],
)
def test_every_number_of_the_model_has_the_limit(make: Any, fragment: str) -> None:
    with pytest.raises(ModelError, match=fragment):
        make()


def test_a_huge_salience_in_a_case_file_is_one_problem_per_place(tmp_path: Path) -> None:
    path = write(tmp_path, case_text(salience="{ x = 1e308, y = 1e308 }"))
    with pytest.raises(CaseFileError) as info:
        positions.load_case(path)
    assert [p.where for p in info.value.problems] == [
        "positions[0].salience.x",
        "positions[0].salience.y",
    ]
    assert "between -1e15 and 1e15" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("low", "high", "where"),
    [
        ("-1.7e308", "1.7e308", "issues[0].low"),
        ("0", "1" + "0" * 30, "issues[0].high"),
        ("0", "1e400", "issues[0].high"),
    ],
)
def test_a_huge_scale_bound_in_a_case_file_names_its_place(
    tmp_path: Path, low: str, high: str, where: str
) -> None:
    path = write(tmp_path, case_text(low=low, high=high))
    with pytest.raises(CaseFileError) as info:
        positions.load_case(path)
    assert info.value.problems[0].where == where


@pytest.mark.parametrize("command", ["validate", "compare", "solve", "distances", "sensitivity"])
def test_the_cli_refuses_a_huge_salience_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = write(tmp_path, case_text(salience="{ x = 1e308, y = 1e308 }"))
    err = cli_error(capsys, 1, command, str(path))
    assert f"{path}: 2 problems" in err
    assert "positions[0] (p).salience.x" in err


def test_the_cli_refuses_a_scale_wider_than_the_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = case_text(low="-1.7e308", high="1.7e308", ideal="-1.7e308", offer="1.7e308")
    path = write(tmp_path, text)
    for argv in (["compare", str(path)], ["compare", str(path), "--format", "json"]):
        err = cli_error(capsys, 1, *argv)
        assert "issues[0] (x).low" in err
        assert "issues[0] (x).high" in err


def test_the_widest_scale_compares_to_finite_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = case_text(low="-1e15", high="1e15", ideal="-1e15", offer="1e15")
    path = write(tmp_path, text)
    status, out, err = cli(capsys, "compare", str(path), "--format", "json")
    assert (status, err) == (0, "")
    row = strict_json(out)["rows"][0]
    assert row["by_issue"]["x"]["concession"] == 1.0
    assert row["concession"] == 0.5


GENIUS_DOMAIN = """\
<negotiation_template><utility_space><objective index="0" name="m">
  <issue index="1" type="integer" name="n" lowerbound="0" upperbound="{upper}"/>
  <issue index="2" type="discrete" name="d">
    <item index="1" value="a"/><item index="2" value="b"/>
  </issue>
</objective></utility_space></negotiation_template>
"""

GENIUS_PROFILE = """\
<utility_space><objective index="0" name="m">
  <issue index="1" type="integer" name="n">
    <evaluator ftype="linear" slope="{slope}" offset="0"/>
  </issue>
  <issue index="2" type="discrete" name="d">
    <item index="1" value="a" evaluation="1"/><item index="2" value="b" evaluation="0"/>
  </issue>
  <weight index="1" value="{weight}"/>
  <weight index="2" value="{weight}"/>
</objective></utility_space>
"""


def genius_files(
    tmp_path: Path, *, upper: str = "10", slope: str = "0.1", weight: str = "0.5"
) -> tuple[Path, Path]:
    domain = write(tmp_path, GENIUS_DOMAIN.format(upper=upper), "d_domain.xml")
    profile = write(tmp_path, GENIUS_PROFILE.format(slope=slope, weight=weight), "buyer.xml")
    return domain, profile


def test_genius_weights_beyond_the_limit_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    domain, profile = genius_files(tmp_path, weight="1e308")
    with pytest.raises(CaseFileError) as info:
        positions.read_genius(domain, [profile])
    assert info.value.path == str(profile)
    assert len(info.value.problems) == 2
    assert all("<weight" in p.where for p in info.value.problems)
    out = tmp_path / "out.toml"
    err = cli_error(capsys, 1, "import", "genius", str(domain), str(profile), "-o", str(out))
    assert str(profile) in err
    assert not out.exists()


def test_a_genius_integer_bound_of_400_digits_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    domain, profile = genius_files(tmp_path, upper="9" * 400)
    with pytest.raises(CaseFileError) as info:
        positions.read_genius(domain, [profile])
    (problem,) = info.value.problems
    assert "upperbound" in problem.message
    assert "an integer of 400 digits" in problem.message
    assert problem.where.startswith("line 2 (<issue")
    out = tmp_path / "out.toml"
    cli_error(capsys, 1, "import", "genius", str(domain), str(profile), "-o", str(out))


def test_a_huge_number_in_a_csv_cell_is_refused_at_the_cell(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Actor,Capability,Position,Salience\nA,1e300,20,30\nB,10,1" + "0" * 400 + ",40\n",
        "actors.csv",
    )
    with pytest.raises(CaseFileError) as info:
        positions.read_actor_table(path)
    assert [(p.where, p.message) for p in info.value.problems] == [
        (
            "line 2, column 2 (Capability)",
            "expected a number between -1e15 and 1e15 (got '1e300')",
        ),
        (
            "line 3, column 3 (Position)",
            f"expected a number between -1e15 and 1e15 (got '1{'0' * 58}... (403 characters))",
        ),
    ]


# --- results: no NaN or infinity ever reaches the output ----------------------------


def test_a_report_with_a_nan_is_refused_in_every_format() -> None:
    from positions._report import FORMATS, Report, Table, render

    table = Table("t", ("a",), ((1.0,), (math.inf,)))
    report = Report({"rows": [{"value": 0.5}]}, (table,), table)
    for fmt in FORMATS:
        with pytest.raises(ModelError, match=r"row \[1\]\[0\] is not a finite number \(inf\)"):
            render(report, fmt)
    nan = Report({"rows": [{"value": math.nan}]}, (), Table("t", (), ()))
    with pytest.raises(ModelError, match=r"rows\[0\]\.value"):
        render(nan, "json")


def test_a_result_that_is_not_finite_is_one_message_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from positions import _report

    real = _report.compare

    def compare_with_a_nan(case: positions.Case, **kwargs: Any) -> _report.Report:
        report = real(case, **kwargs)
        report.data["rows"][0]["concession"] = math.nan
        return report

    monkeypatch.setattr(_report, "compare", compare_with_a_nan)
    err = cli_error(capsys, 1, "compare", "harbour", "--format", "json")
    assert err.startswith("positions: harbour: the result rows[0].concession is not a finite")
    assert len(err.splitlines()) == 1


def test_solve_on_an_issue_a_position_does_not_weigh_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, case_text(salience="{ x = 0, y = 1 }"))
    err = cli_error(capsys, 2, "solve", str(path), "--issue", "x")
    assert err.startswith("usage: positions solve")
    assert "position 'p' gives no weight to ['x']" in err
    status, out, _ = cli(capsys, "solve", str(path), "--issue", "y", "--format", "json")
    assert status == 0
    assert strict_json(out)["issues"] == ["y"]


# --- TOML that the parser cannot take: deep nesting, huge integers, a BOM (D1, D2, D13) --


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deep_nesting_is_one_problem_at_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Brackets inside strings and comments do not count towards the place.
    decoy = f'description = "{nested(100)}"  # {nested(100)}\n'
    text = case_text().replace('title = "M"\n', f'title = "M"\n{decoy}') + f"v = {nested(1000)}\n"
    path = write(tmp_path, text)
    with pytest.raises(CaseFileError) as info:
        positions.load_case(path)
    (problem,) = info.value.problems
    line = text.count("\n", 0, text.index("v = [")) + 1
    assert problem.where == f"line {line}, column {len('v = ') + 65}"
    assert "nested too deeply" in problem.message
    err = cli_error(capsys, 1, "validate", str(path))
    assert err.startswith(f"positions: invalid case file {path}: 1 problem")


def test_an_integer_of_5000_digits_is_one_problem_at_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = case_text(high="1" + "0" * 5000)
    path = write(tmp_path, text)
    with pytest.raises(CaseFileError) as info:
        positions.load_case(path)
    (problem,) = info.value.problems
    line = text.count("\n", 0, text.index("high = 1")) + 1
    assert problem.where == f"line {line}, column 8"
    assert "an integer of more than 4,300 digits" in problem.message
    assert len(str(info.value)) < 300
    cli_error(capsys, 1, "validate", str(path))


def test_a_case_file_with_a_byte_order_mark_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plain = write(tmp_path, case_text(), "plain.toml")
    marked = tmp_path / "marked.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert positions.load_case(marked) == positions.load_case(plain)
    assert positions.loads_case("\ufeff" + case_text()) == positions.load_case(plain)
    status, out, _ = cli(capsys, "validate", str(marked))
    assert status == 0
    assert out.startswith(f"{marked}: valid case 'm'")


# --- ids and text: the id rule is exact, and no string holds a NUL (D10, D16) -------


@pytest.mark.parametrize("bad", ["x\n", "x\r\n", "\nx", "x\x00", "x y", ""])
def test_the_id_rule_matches_the_whole_string(bad: str) -> None:
    with pytest.raises(ModelError, match="must be an id"):
        positions.ScaleIssue(bad, low=0, high=1)
    with pytest.raises(positions.exceptions.InvalidArgumentError, match="case_id"):
        positions.read_ktab(DATA / "tables" / "water-reform-ktab.csv", case_id=bad)


@pytest.mark.parametrize("date", ["2024\n", "٢٠٢٤", "2024-01\n"])
def test_a_source_date_is_matched_whole_and_in_ascii_digits(date: str) -> None:
    with pytest.raises(ModelError, match="date must be YYYY"):
        positions.Source("s", title="S", publisher="P", date=date)


def test_an_id_with_a_trailing_newline_in_a_case_file_is_refused(tmp_path: Path) -> None:
    text = case_text().replace('id = "x"', 'id = "x\\n"').replace("{ x = 1,", '{ "x\\n" = 1,')
    path = write(tmp_path, text)
    with pytest.raises(CaseFileError) as info:
        positions.load_case(path)
    assert info.value.problems[0].where == "issues[0]"
    assert "must be an id" in info.value.problems[0].message


def test_a_level_with_a_newline_round_trips_through_a_case_file(tmp_path: Path) -> None:
    pace = positions.OrdinalIssue("pace", levels=("slow\n", "fast\n"))
    party = positions.Party("a", name="A")
    source = positions.Source("s", title="S", publisher="P", date="2024")
    stance = positions.Stance(pace, "fast\n", values=(0.25, 1.0))
    position = positions.Position(
        "p", party=party, stances=[stance], source=source, date=dt.date(2024, 1, 1)
    )
    case = positions.Case(
        "c", title="C", issues=[pace], parties=[party], sources=[source], positions=[position]
    )
    path = tmp_path / "out.toml"
    positions.dump_case(case, path)
    assert positions.load_case(path) == case


@pytest.mark.parametrize(
    "make",
    [
        lambda: positions.Party("a", name="A\x00"),
        lambda: positions.Source("s", title="S", publisher="P\x00", date="2024"),
        lambda: positions.ScaleIssue("x", low=0, high=1, unit="k\x00m"),
        lambda: positions.OrdinalIssue("x", levels=("a", "b\x00")),
        lambda: positions.Item("i", label="\x00"),
        lambda: positions.Levels({"a\x00"}),
        lambda: positions.Judgement(salience="\x00"),
        lambda: positions.Event("e", date=dt.date(2024, 1, 1), label="E\x00"),
        lambda: positions.Evidence("stated", locator="p. 2\x00"),
        lambda: positions.Reading(
            "r", "salience", "x", 1, positions.Evidence("stated"), label="\x00"
        ),
        lambda: positions.Offer(
            "o", terms=[positions.Term(positions.ScaleIssue("x", low=0, high=1), 0)], note="\x00"
        ),
    ],
)
def test_every_string_field_of_the_model_refuses_a_nul(make: Any) -> None:
    with pytest.raises(ModelError, match="must not contain a NUL character"):
        make()


def test_a_nul_in_a_case_file_string_is_a_problem_at_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, case_text().replace('name = "A"', 'name = "A\\u0000"'))
    with pytest.raises(CaseFileError) as info:
        positions.load_case(path)
    assert [p.where for p in info.value.problems] == ["parties[0]"]
    assert "name must not contain a NUL character" in info.value.problems[0].message


def test_a_nul_in_a_csv_actor_name_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(
        tmp_path, "Actor,Capability,Position,Salience\nA\x00B,10,20,30\nC,1,2,3\n", "a.csv"
    )
    with pytest.raises(CaseFileError) as info:
        positions.read_actor_table(path)
    assert [(p.where, p.message) for p in info.value.problems] == [
        ("line 2, column 2", "a NUL character is not text")
    ]
    out = tmp_path / "out.toml"
    err = cli_error(capsys, 1, "import", "actors", str(path), "-o", str(out))
    assert f"{path}: 1 problem" in err
    assert not out.exists()


# --- messages: a huge value is cut short, and a problem is told once (D14, D15) ----

MEGABYTE = "x" * 1_000_000


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('date = "2024"', f'date = "{MEGABYTE}"', "sources[0]"),
        ('kind = "scale"', f'kind = "{MEGABYTE}"', "issues[0].kind"),
        ("low = 0", f'low = "{MEGABYTE}"', "issues[0].low"),
        ('party = "a"', f'party = "{MEGABYTE}"', "positions[0].party"),
        ('id = "x"', f'id = "{MEGABYTE} "', "issues[0]"),
        ("ideal = { x = 1,", f'ideal = {{ x = "{MEGABYTE}",', "positions[0].ideal.x"),
    ],
)
def test_a_megabyte_value_is_not_echoed_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, where: str
) -> None:
    text = case_text()
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(CaseFileError) as info:
        positions.load_case(path)
    assert where in [p.where for p in info.value.problems]
    assert all(len(p.message) < 300 for p in info.value.problems), info.value.problems
    assert "characters)" in str(info.value)
    err = cli_error(capsys, 1, "validate", str(path))
    assert len(err) < 1_000


def test_no_problem_keeps_a_megabyte() -> None:
    problem = positions.exceptions.Problem(MEGABYTE, MEGABYTE)
    assert len(problem.where) < 1_100
    assert problem.message.endswith("... (1,000,000 characters in all)")


def test_a_value_outside_many_levels_names_a_few() -> None:
    many = positions.CategoricalIssue("c", levels=tuple(f"v{k}" for k in range(100_000)))
    with pytest.raises(ModelError) as info:
        many.check_value("w")
    assert "'v0', 'v1'" in str(info.value)
    assert "(99,992 more)" in str(info.value)
    assert len(str(info.value)) < 300


def test_genius_messages_cut_long_values_and_names(tmp_path: Path) -> None:
    domain, _ = genius_files(tmp_path)
    profile = write(
        tmp_path,
        GENIUS_PROFILE.format(slope="0.1", weight="0.5").replace(
            'value="b" evaluation="0"', f'value="{MEGABYTE}" evaluation="0"'
        ),
        "long.xml",
    )
    with pytest.raises(CaseFileError) as info:
        positions.read_genius(domain, [profile])
    assert len(str(info.value)) < 1_000
    assert "(1,000,000 characters)" in str(info.value)


def test_nested_genius_objectives_are_one_problem(tmp_path: Path) -> None:
    domain, _ = genius_files(tmp_path)
    depth = 20_000
    objectives = '<objective index="0" name="m">' * depth + "</objective>" * depth
    profile = write(tmp_path, f"<utility_space>{objectives}</utility_space>", "deep.xml")
    with pytest.raises(CaseFileError) as info:
        positions.read_genius(domain, [profile])
    nested = [p for p in info.value.problems if "nested objectives" in p.message]
    assert len(nested) == 1
    assert "(19,999 objectives hold another)" in nested[0].message
    assert len(info.value.problems) == 3  # and the two issues it does not evaluate


# --- size: issues of many levels are read and measured (their cost is in ---------
# --- benchmarks/bench_scaling.py) -------------------------------------------------


def _import_many_values(tmp_path: Path, n: int) -> None:
    items = "".join(f'<item index="{k}" value="v{k}"/>' for k in range(1, n + 1))
    rated = "".join(f'<item index="{k}" value="v{k}" evaluation="{k}"/>' for k in range(1, n + 1))
    objective = '<objective index="0" name="m"><issue index="1" type="discrete" name="x">'
    domain = write(
        tmp_path,
        f"<negotiation_template><utility_space>{objective}{items}"
        "</issue></objective></utility_space></negotiation_template>",
        f"d{n}_domain.xml",
    )
    profile = write(
        tmp_path,
        f'<utility_space>{objective}{rated}</issue><weight index="1" value="1"/>'
        "</objective></utility_space>",
        f"p{n}.xml",
    )
    case = positions.read_genius(domain, [profile])
    positions.overlap(*case.positions, case.positions[0])
    assert len(case.issues[0].levels) == n  # type: ignore[union-attr]


def test_genius_discrete_issues_of_many_values_import(tmp_path: Path) -> None:
    # How the time grows with the number of values is measured by
    # benchmarks/bench_scaling.py, not here.
    _import_many_values(tmp_path, 40_000)


def _brute_gap(issue: positions.OrdinalIssue | positions.CategoricalIssue, sets: Any) -> float:
    return min(
        sum(min(issue.distance(y, x) for y in s.levels) for s in sets) for x in issue.levels
    )


@given(st.data())
def test_the_linear_gap_of_level_issues_is_the_definition(data: st.DataObject) -> None:
    k = data.draw(st.integers(2, 12))
    levels = tuple(f"l{j}" for j in range(k))
    ordinal = data.draw(st.booleans())
    issue: positions.OrdinalIssue | positions.CategoricalIssue = (
        positions.OrdinalIssue("i", levels=levels)
        if ordinal
        else positions.CategoricalIssue("i", levels=levels)
    )
    subsets = st.sets(st.sampled_from(levels), min_size=1).map(positions.Levels)
    sets = data.draw(st.lists(subsets, min_size=1, max_size=4))
    assert issue.gap(sets) == _brute_gap(issue, sets)
    for s in sets:
        for x in levels:
            assert issue.set_distance(s, x) == min(issue.distance(y, x) for y in s.levels)


def test_level_index_finds_a_level_or_refuses() -> None:
    pace = positions.OrdinalIssue("pace", levels=("slow", "fast"))
    assert [pace.level_index("slow"), pace.level_index("fast"), pace.rank("fast")] == [0, 1, 1]
    with pytest.raises(ValueError, match="'warp' is not a level of issue 'pace'"):
        pace.level_index("warp")


# --- sizes: commands that enumerate count first and refuse above a limit (D8, D11) --


def package_case(tmp_path: Path, items: int) -> Path:
    """A case with one weighted-item issue of ``items`` indivisible items:
    a grid of ``2 ** items`` outcomes."""
    rows = "".join(f'\n[[issues.items]]\nid = "c{k}"\n' for k in range(items))
    ideal = ", ".join(f"c{k} = 1" for k in range(items))
    text = (
        HEADER.split("[[issues]]")[0]
        + f'[[issues]]\nid = "package"\nkind = "items"\n{rows}'
        + POSITION.format(ideal=1).replace("{ x = 1, y = 2 }", f"{{ package = {{ {ideal} }} }}")
    )
    return write(tmp_path, text, f"package-{items}.toml")


def test_solve_counts_a_huge_grid_before_making_any_of_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from positions import _engine

    def never(*args: object) -> None:
        raise AssertionError("the grid was being made")

    monkeypatch.setattr(_engine, "_issue_values", never)
    path = package_case(tmp_path, 30)
    err = cli_error(capsys, 2, "solve", str(path))
    assert (
        "the agreement space has 1,073,741,824 outcomes, more than the limit of 5,000,000"
    ) in err
    assert "--max-outcomes" in err
    err = cli_error(capsys, 2, "solve", "harbour", "--scale-points", "100000000")
    harbour = positions.load_case("harbour")
    size = case_grid_size(harbour, harbour.issues, scale_points=100_000_000)
    assert size > 16 * 100_000_000 * 3
    assert f"{size:,} outcomes" in err
    err = cli_error(capsys, 2, "solve", str(package_case(tmp_path, 120)))
    assert "the agreement space has about 10^36 outcomes" in err


def test_max_outcomes_raises_or_lowers_the_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = package_case(tmp_path, 10)
    err = cli_error(capsys, 2, "solve", str(path), "--max-outcomes", "1023")
    assert "1,024 outcomes, more than the limit of 1,023" in err
    status, out, _ = cli(capsys, "solve", str(path), "--max-outcomes", "1024", "--format", "json")
    assert status == 0
    assert strict_json(out)["outcomes"] == 1024
    cli_error(capsys, 2, "solve", str(path), "--max-outcomes", "0")


def test_grid_shape_counts_what_the_grid_holds() -> None:
    from positions._engine import grid_shape

    case = positions.load_case("kuril-islands")
    for shares in [(0.0, 1.0), (0.0, 0.25, 0.5, 0.75, 1.0)]:
        for issues in [case.issues[:2], case.issues[2:5], case.issues[-3:]]:
            space = positions.OutcomeSpace.grid(issues, shares=shares, scale_points=7)
            assert grid_shape(issues, shares=shares, scale_points=7) == space.shape


def test_sensitivity_counts_its_samples_before_drawing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    where = "positions._report._sensitivity"
    monkeypatch.setattr(where, lambda *a, **k: pytest.fail("drew"))
    err = cli_error(capsys, 2, "sensitivity", "harbour", "--draws", "10000000000")
    assert "10,000,000,000 draws of 6 saliences are 60,000,000,000 samples" in err
    assert "more than the limit of 20,000,000" in err
    assert "--max-samples" in err
    cli_error(capsys, 2, "sensitivity", "harbour", "--draws", "100", "--max-samples", "599")
    monkeypatch.undo()
    status, out, _ = cli(
        capsys, "sensitivity", "harbour", "--draws", "100", "--max-samples", "600", "--seed", "1"
    )
    assert status == 0
    assert "100 draws" in out


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("--seed", "-1", "seed must be an integer >= 0 (got -1)"),
        ("--concentration", "inf", "concentration must be a finite number (got inf)"),
        ("--concentration", "nan", "concentration must be a finite number (got nan)"),
        ("--concentration", "0", "concentration must be a positive number (got 0.0)"),
        ("--concentration", "1e300", "concentration must be a number between -1e15 and 1e15"),
        ("--draws", "0", "draws must be a positive integer (got 0)"),
    ],
)
def test_bad_sensitivity_arguments_are_usage_errors(
    capsys: pytest.CaptureFixture[str], option: str, value: str, fragment: str
) -> None:
    err = cli_error(capsys, 2, "sensitivity", "harbour", "--draws", "10", option, value)
    assert err.startswith("usage: positions sensitivity")
    assert fragment in err


def test_bad_seeds_are_refused_by_the_api() -> None:
    case = positions.load_case("harbour")
    error = positions.exceptions.InvalidArgumentError
    with pytest.raises(error, match="seed must be an integer >= 0"):
        positions.sensitivity(case.positions, case.offers, draws=10, seed=-1)
    with pytest.raises(error, match="seed must be an integer >= 0"):
        positions.OutcomeSpace.sample(case.issues, 5, seed=-3)
    with pytest.raises(error, match="n must be an integer >= 0"):
        positions.OutcomeSpace.sample(case.issues, -5)


def test_a_tiny_weight_and_concentration_still_draw_finite_weights() -> None:
    x = positions.ScaleIssue("x", low=0, high=10)
    y = positions.ScaleIssue("y", low=0, high=10)
    party = positions.Party("a", name="A")
    stances = [positions.Stance(x, 1, salience=1e-300), positions.Stance(y, 2, salience=1)]
    p = positions.Position("p", party=party, stances=stances)
    offer = positions.Offer("o", terms=[positions.Term(x, 6.0), positions.Term(y, 2.0)])
    s = positions.sensitivity([p], [offer], draws=50, seed=0, concentration=1e-10)
    row = s.offers[0].by_position[0]
    assert all(
        math.isfinite(v)
        for v in (row.concession_mean, row.concession_std, row.concession_p05, row.p_acceptable)
    )


# --- outputs: never over an input, atomic, umask, no links, all or nothing (D6, D12) --


@pytest.fixture
def market(tmp_path: Path) -> positions.Case:
    """A case that GENIUS can represent: a domain and two profiles."""
    return positions.read_genius(
        GENIUS / "market_domain.xml", [GENIUS / "market_buyer.xml", GENIUS / "market_seller.xml"]
    )


@pytest.fixture
def umask_022() -> Any:
    old = os.umask(0o022)
    yield
    os.umask(old)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "ktab", "{k}", "-o", "{k}"],
        ["import", "ktab", "{k}", "-o", "{dir}/./{k_name}"],
        ["import", "genius", "{domain}", "{profile}", "-o", "{profile}"],
        ["import", "genius", "{domain}", "{profile}", "-o", "{domain}"],
        ["plot", "concession", "{case}", "-o", "{case_svg}"],
    ],
)
def test_an_output_that_names_an_input_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    k = tmp_path / "k.csv"
    k.write_bytes((DATA / "tables" / "water-reform-ktab.csv").read_bytes())
    domain, profile = genius_files(tmp_path)
    case = write(tmp_path, positions.dumps_case(positions.load_case("harbour")), "case.svg")
    names = {
        "k": str(k),
        "k_name": k.name,
        "dir": str(tmp_path),
        "domain": str(domain),
        "profile": str(profile),
        "case": str(case),
        "case_svg": str(case),
    }
    before = snapshot(tmp_path)
    err = cli_error(capsys, 2, *(a.format(**names) for a in argv))
    assert "is the input" in err
    assert snapshot(tmp_path) == before


def test_a_new_output_gets_the_umask_and_a_replaced_one_keeps_its_mode(
    tmp_path: Path, umask_022: None
) -> None:
    case = positions.load_case("harbour")
    fresh = tmp_path / "fresh.toml"
    positions.dump_case(case, fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    private = tmp_path / "private.toml"
    private.write_text("# old\n", encoding="utf-8")
    private.chmod(0o600)
    positions.dump_case(case, private)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert positions.load_case(private) == case


def test_a_symbolic_link_at_the_output_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text("# keep me\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(elsewhere)
    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    case = positions.load_case("harbour")
    for target in (link, dangling):
        with pytest.raises(positions.exceptions.InvalidArgumentError, match="symbolic link"):
            positions.dump_case(case, target)
        err = cli_error(
            capsys,
            2,
            "import",
            "ktab",
            str(DATA / "tables" / "water-reform-ktab.csv"),
            "-o",
            str(target),
        )
        assert "is a symbolic link" in err
    assert elsewhere.read_text(encoding="utf-8") == "# keep me\n"
    assert link.is_symlink()
    assert dangling.is_symlink()
    assert not (tmp_path / "nowhere.toml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dangling.toml",
        "elsewhere.toml",
        "link.toml",
    ]


def test_plot_writes_through_the_same_helper(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, umask_022: None
) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "heat.svg"
    status, _, err = cli(capsys, "plot", "concession", "harbour", "-o", str(out))
    assert (status, err) == (0, "")
    assert out.read_bytes().lstrip().startswith(b"<?xml")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    link = tmp_path / "link.svg"
    link.symlink_to(out)
    cli_error(capsys, 2, "plot", "concession", "harbour", "-o", str(link))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heat.svg", "link.svg"]


def test_export_genius_writes_all_files_or_none(
    tmp_path: Path, market: positions.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "market_domain.xml").write_bytes(b"<old domain/>")
    (out / "notes.txt").write_bytes(b"not ours")
    before = snapshot(out)
    real_replace = os.replace
    calls = []

    def replace_fails_on_the_third(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_fails_on_the_third)
    with pytest.raises(OSError, match="No space"):
        positions.write_genius(market, out)
    monkeypatch.undo()
    assert len(calls) >= 3
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["market_domain.xml", "notes.txt"]
    written = positions.write_genius(market, out)
    assert [p.name for p in written] == [
        "market_domain.xml",
        "market_buyer.xml",
        "market_seller.xml",
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(p.name for p in written), "notes.txt"]
    )


def test_export_genius_into_a_new_folder_leaves_no_folder_when_it_fails(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    market: positions.Case,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = write(tmp_path, positions.dumps_case(market), "market.toml")
    blocked = tmp_path / "new" / "deeper"
    blocked.mkdir(parents=True)
    (blocked / "market_seller.xml").mkdir()  # a folder where a profile would go
    err = cli_error(capsys, 2, "export", "genius", str(case), "-o", str(blocked))
    assert "cannot write" in err
    assert [p.name for p in blocked.iterdir()] == ["market_seller.xml"]
    fresh = tmp_path / "a" / "b"
    link = tmp_path / "elsewhere.xml"
    link.write_bytes(b"<keep/>")
    fresh.mkdir(parents=True)
    (fresh / "market_buyer.xml").symlink_to(link)
    err = cli_error(capsys, 2, "export", "genius", str(case), "-o", str(fresh / "c" / ".."))
    assert "is a symbolic link" in err
    assert [p.name for p in fresh.iterdir()] == ["market_buyer.xml"]
    assert link.read_bytes() == b"<keep/>"

    def replace_fails(src: Any, dst: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", replace_fails)
    with pytest.raises(OSError, match="Input/output"):
        positions.write_genius(market, tmp_path / "x" / "y" / "z")
    monkeypatch.undo()
    assert not (tmp_path / "x").exists()


# --- the whole program, as a user runs it -------------------------------------------


def test_hostile_case_files_give_one_message_from_a_real_process(tmp_path: Path) -> None:
    files = {
        "deep.toml": case_text() + f"v = {nested(1000)}\n",
        "digits.toml": case_text(high="1" + "0" * 5000),
        "salience.toml": case_text(salience="{ x = 1e308, y = 1e308 }"),
        "span.toml": case_text(low="-1.7e308", high="1.7e308", ideal="-1.7e308"),
        "nul.toml": case_text().replace('name = "A"', 'name = "\\u0000"'),
        "newline.toml": case_text().replace('id = "x"', 'id = "x\\n"'),
    }
    for name, text in files.items():
        path = write(tmp_path, text, name)
        for command in ("validate", "compare"):
            done = subprocess.run(
                [sys.executable, "-m", "positions", command, str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert (done.returncode, done.stdout) == (1, ""), (name, done.stderr)
            assert done.stderr.startswith(f"positions: invalid case file {path}: "), done.stderr
            assert "Traceback" not in done.stderr
    marked = tmp_path / "bom.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + case_text().encode())
    done = subprocess.run(
        [sys.executable, "-m", "positions", "validate", str(marked)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["compare"],
        ["overlap"],
        ["timeline"],
        ["solve"],
        ["distances"],
        ["distances", "--method", "ktab"],
        ["sensitivity", "--draws", "200", "--seed", "3"],
    ],
)
def test_every_report_of_the_widest_valid_case_is_strict_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    text = case_text(
        low="-1e15", high="1e15", ideal="-1e15", salience="{ x = 1e15, y = 1e-300 }", offer="1e15"
    )
    text += (
        POSITION.format(ideal="1e15")
        .replace('id = "p"', 'id = "q"')
        .replace("date = 2024-01-01", "date = 2024-02-01")
    )
    path = write(tmp_path, text)
    for case in (str(path), "harbour", "kuril-islands"):
        status, out, err = cli(capsys, argv[0], case, *argv[1:], "--format", "json")
        assert (status, err) == (0, "")
        assert isinstance(strict_json(out), dict)
        for fmt in ("table", "csv"):
            status, _, _ = cli(capsys, argv[0], case, *argv[1:], "--format", fmt)
            assert status == 0


def _many_positions_case(tmp_path: Path, positions_count: int, levels: int) -> Path:
    level_list = ", ".join(f'"v{k}"' for k in range(levels))
    rows = "".join(
        POSITION.format(ideal=1)
        .replace('id = "p"', f'id = "p{k}"')
        .replace("{ x = 1, y = 2 }", '{ c = "v1" }')
        for k in range(positions_count)
    )
    text = (
        HEADER.split("[[issues]]")[0]
        + f'[[issues]]\nid = "c"\nkind = "categorical"\nlevels = [{level_list}]\n'
        + rows
    )
    return write(tmp_path, text, f"many-{positions_count}-{levels}.toml")


def test_many_positions_on_an_issue_of_many_levels_load(tmp_path: Path) -> None:
    case = positions.load_case(_many_positions_case(tmp_path, 400, 50_000))
    positions.dumps_case(case)
    case = positions.load_case(_many_positions_case(tmp_path, 400, 2))
    issue = case.issue("c")
    assert all(p.stances[0].accept is issue.whole() for p in case.positions)


def test_many_names_made_into_one_id_stay_distinct(tmp_path: Path) -> None:
    marks = "!?#$%&*+"
    names = ["a" + "".join(marks[(k >> (3 * j)) & 7] for j in range(4)) for k in range(4_000)]
    rows = "".join(f"{name},1,2,3\n" for name in names)
    path = write(tmp_path, "Actor,Capability,Position,Salience\n" + rows, "t.csv")
    case = positions.read_actor_table(path)
    ids = [p.party.id for p in case.positions]
    assert ids[:3] == ["a", "a-2", "a-3"]
    assert len(set(ids)) == len(ids) == 4_000
