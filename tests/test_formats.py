"""The registry of file formats: one module per format, shared by the
command line, the Python functions and the docs."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from pathlib import Path

import pytest

import positions
from positions import formats
from positions._cli import _parser
from positions.exceptions import InvalidArgumentError

ROOT = Path(__file__).resolve().parents[1]


def test_every_public_module_of_the_package_is_one_registered_format() -> None:
    modules = [m.name for m in pkgutil.iter_modules(formats.__path__) if m.name[0] != "_"]
    registered = [f.name for f in formats.available()]
    assert len(registered) == len(set(registered)) == len(modules)
    for name in modules:
        module = importlib.import_module(f"positions.formats.{name}")
        assert module.FORMAT in formats.available()
    assert registered == sorted(registered)


@pytest.mark.parametrize("fmt", formats.available(), ids=lambda f: f.name)
def test_each_format_has_its_how_to_page_and_its_commands(fmt: formats.Format) -> None:
    assert (ROOT / "docs" / f"{fmt.howto}.md").is_file()

    def choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        return dict(sub.choices)

    commands = choices(_parser())
    subcommands = {name: set(choices(commands[name])) for name in ("import", "export")}
    assert (fmt.name in subcommands["import"]) == (fmt.convert and fmt.reader is not None)
    assert (fmt.name in subcommands["export"]) == (fmt.convert and fmt.writer is not None)


def test_read_and_write_go_through_the_format(tmp_path: Path) -> None:
    case = positions.load_case("harbour")
    [path] = formats.write("case", case, tmp_path / "h.toml")
    assert formats.read("case", path) == case


def test_an_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(InvalidArgumentError, match=r"unknown format 'xml' \(known: actors, case"):
        formats.get("xml")
    with pytest.raises(InvalidArgumentError, match="unknown format 3"):
        formats.get(3)  # type: ignore[arg-type]


def test_a_format_that_cannot_be_read_or_written_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    bare = formats.Format(
        name="bare", title="a bare format", description="Nothing.", reader=None, howto="index"
    )
    monkeypatch.setitem(formats._registry(), "bare", bare)
    with pytest.raises(InvalidArgumentError, match="a bare format format cannot be read"):
        formats.read("bare", "x")
    with pytest.raises(InvalidArgumentError, match="cannot be read"):
        bare.read_arguments(argparse.Namespace(file="x"))
    with pytest.raises(InvalidArgumentError, match="a bare format format cannot be written"):
        formats.write("bare", positions.load_case("harbour"), "x")


def test_write_needs_a_case(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match="write\\(\\) needs a Case, not str"):
        formats.write("case", "harbour", tmp_path / "x.toml")  # type: ignore[arg-type]
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize("field", ["name", "title", "description", "howto"])
def test_a_format_needs_its_names(field: str) -> None:
    given = {"name": "n", "title": "t", "description": "d", "howto": "h", field: " "}
    with pytest.raises(ValueError, match=f"a format's {field} must not be empty"):
        formats.Format(
            name=given["name"],
            title=given["title"],
            description=given["description"],
            howto=given["howto"],
            reader=None,
        )


def test_the_default_command_line_reads_one_file(tmp_path: Path) -> None:
    fmt = formats.get("ktab")
    parser = argparse.ArgumentParser()
    fmt.add_arguments(parser)
    path = ROOT / "tests" / "data" / "tables" / "water-reform-ktab.csv"
    args = parser.parse_args([str(path)])
    assert fmt.read_arguments(args) == positions.read_ktab(path)
