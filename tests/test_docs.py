"""The README's example and the how-to pages run, and print what they show;
every docstring example in the installed package runs."""

from __future__ import annotations

import argparse
import contextlib
import doctest
import importlib
import inspect
import io
import itertools
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import positions

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def blocks(path: Path) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]


def run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<docs>", "exec"), {"__name__": "docs_example"})
    return out.getvalue()


def test_the_readme_example_prints_what_the_readme_shows() -> None:
    found = blocks(ROOT / "README.md")
    pairs = [
        (code, shown)
        for (lang, code), (next_lang, shown) in itertools.pairwise(found)
        if lang == "python" and next_lang == "text"
    ]
    assert pairs, "the README should show a Python example and its output"
    for code, shown in pairs:
        assert run(code) == shown


PAGES = sorted((ROOT / "docs").rglob("*.md"))
DOCTEST = re.compile(r"```\{doctest\}[^\n]*\n(?::[^\n]*\n)*(.*?)```", re.DOTALL)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_python_block_of_the_docs_runs(page: Path) -> None:
    for lang, code in blocks(page):
        if lang == "python":
            run(code)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_doctest_block_of_the_docs_prints_what_it_shows(page: Path) -> None:
    # The Sphinx doctest builder runs these too; this keeps them in the test
    # suite. As there, the blocks of one page share one namespace.
    text = "\n".join(DOCTEST.findall(page.read_text(encoding="utf-8")))
    if not text:
        return
    if "import pandas" in text:
        pytest.importorskip("pandas")
    # As in docs/conf.py, whose doctest setup imports nothing: each page
    # imports what it uses.
    namespace: dict[str, object] = {"__name__": "docs_page"}
    test = doctest.DocTestParser().get_doctest(text, namespace, page.name, str(page), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL, verbose=False
    )
    out = io.StringIO()
    runner.run(test, out=out.write)
    assert runner.summarize(verbose=False).failed == 0, out.getvalue()


MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(positions.__path__, "positions.")
    if name != "positions.__main__"
)


def _docstring_tests(module: Any) -> list[doctest.DocTest]:
    """The examples of a module and of every function and class it defines.
    The public objects say ``positions`` is their module, which makes
    ``doctest.testmod`` skip them in the module that defines them; a
    function is found by its globals, a class by the module's ``__all__``
    (the package itself defines none: it re-exports)."""
    finder = doctest.DocTestFinder()
    tests = finder.find(module)
    exported = () if module is positions else getattr(module, "__all__", ())
    for attr, obj in vars(module).items():
        if inspect.isfunction(obj):
            here = obj.__globals__ is vars(module)
        else:
            here = inspect.isclass(obj) and attr in exported
        if here:
            tests += finder.find(obj, f"{module.__name__}.{attr}", module=False)
    found = list({t.name: t for t in tests if t.examples}.values())
    # Each example runs in a bare interpreter: it imports what it uses.
    for t in found:
        t.globs = {"__name__": f"{module.__name__}.examples"}
    return found


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    for test in _docstring_tests(module):
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize(
    "module", ["positions", "positions.exceptions", "positions.strategies", "positions.plot"]
)
def test_every_public_function_and_class_has_an_example(module: str) -> None:
    if module == "positions.plot":
        pytest.importorskip("matplotlib")
    mod = importlib.import_module(module)
    public = [getattr(mod, name) for name in mod.__all__]
    missing = [
        obj.__name__
        for obj in public
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and ">>>" not in (obj.__doc__ or "")
    ]
    assert missing == []


def test_every_public_name_is_in_the_reference() -> None:
    reference = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. auto(?:class|function|data):: (\w+)", reference, re.M))
    assert sorted(set(positions.__all__) - documented) == []


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
    for action in subs:
        for name, sub in action.choices.items():
            yield from _commands(sub, (*path, name))


def test_the_cli_reference_has_every_command_and_option() -> None:
    from positions._cli import _parser

    page = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    heading = r"^#+ positions ([a-z -]+)\n(.*?)(?=^#)"
    sections = dict(re.findall(heading, page + "\n#", re.M | re.S))
    missing = []
    for path, parser in _commands(_parser()):
        text = sections.get(" ".join(path))
        if text is None:
            missing.append(" ".join(path))
            continue
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            shown = [s for s in action.option_strings if s.startswith("--")]
            shown = shown or list(action.option_strings[:1]) or [str(action.metavar)]
            missing += [f"{' '.join(path)} {s}" for s in shown if f"`{s}" not in text]
    assert missing == []


def test_the_citation_file_has_what_the_format_requires() -> None:
    # Top-level keys only, so no YAML parser is needed.
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    keys = dict(re.findall(r"^([a-z-]+):[ ]?(.*)$", text, re.M))
    assert keys["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= keys.keys()
    assert keys["version"] == positions.__version__


def test_the_case_file_reference_has_every_key_of_every_table() -> None:
    import attrs

    from positions.formats import case as case_file

    page = (ROOT / "docs" / "reference" / "case-file.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^#+ `\[+([a-z_.]+)\]+`\n(.*?)(?=^#|\Z)", page, re.M | re.S))
    tables = {
        "case": case_file._CaseDoc,
        "sources": case_file._SourceDoc,
        "parties": case_file._PartyDoc,
        "issues": case_file._IssueDoc,
        "positions": case_file._PositionDoc,
        "positions.readings": case_file._ReadingDoc,
        "offers": case_file._OfferDoc,
        "events": case_file._EventDoc,
        "outcomes": case_file._OutcomeDoc,
        "references": case_file._ReferenceDoc,
    }
    assert set(tables) <= set(sections)
    missing = [
        f"{name}.{field.name}"
        for name, doc in tables.items()
        for field in attrs.fields(doc)
        if f"`{field.name}`" not in sections[name]
    ]
    assert missing == []
    top = {f.name for f in attrs.fields(case_file._FileDoc)}
    assert top <= set(sections)
