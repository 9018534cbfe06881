"""The case the encode-a-case how-to builds step by step is shipped beside
the page as a file to download: the two must stay the same case, byte for
byte, and the file must load."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import positions

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "how-to" / "encode-a-case.md"
FILE = ROOT / "docs" / "how-to" / "lakeside.toml"
DOCTEST = re.compile(r"```\{doctest\}[^\n]*\n(?::[^\n]*\n)*(.*?)```", re.DOTALL)


def _page_text() -> str:
    """The ``text`` the page's examples assemble, by running them."""
    examples = "\n".join(DOCTEST.findall(PAGE.read_text(encoding="utf-8")))
    namespace: dict[str, object] = {"__name__": "docs_page"}
    test = doctest.DocTestParser().get_doctest(examples, namespace, PAGE.name, str(PAGE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda _: None, clear_globs=False)
    text = test.globs["text"]
    assert isinstance(text, str)
    return text


def test_the_downloadable_file_is_the_case_the_page_builds() -> None:
    assert FILE.read_text(encoding="utf-8") == _page_text()


def test_the_downloadable_file_loads() -> None:
    case = positions.load_case(FILE)
    assert case.id == "lakeside-path"
    assert (len(case.issues), len(case.parties), len(case.positions), len(case.offers)) == (
        4,
        3,
        3,
        2,
    )


def test_the_page_links_the_file() -> None:
    assert "{download}`lakeside.toml <lakeside.toml>`" in PAGE.read_text(encoding="utf-8")
