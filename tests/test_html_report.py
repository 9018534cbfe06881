"""The HTML report: one page that parses, holds the library's tables and
figures, links every source, and loads nothing from anywhere."""

from __future__ import annotations

import html.parser
import sys
from pathlib import Path

import pytest

import positions
from positions import _report
from positions._cli import main
from positions._html_report import FIGURES, html_report
from positions.exceptions import InvalidArgumentError


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.captions: list[str] = []
        self._caption = False
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._caption = tag == "caption"
        if tag == "caption":
            self.captions.append("")
        if tag not in ("meta", "img", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open.pop() == tag, f"</{tag}> closes another element"
        self._caption = False

    def handle_data(self, data: str) -> None:
        if self._caption:
            self.captions[-1] += data


def _parsed(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    assert page.open == []
    return page


@pytest.fixture(scope="module")
def kuril_page() -> tuple[str, _Page]:
    pytest.importorskip("matplotlib")
    text = html_report(positions.load_case("kuril-islands"))
    return text, _parsed(text)


def test_the_page_holds_the_librarys_tables(kuril_page: tuple[str, _Page]) -> None:
    _, page = kuril_page
    case = positions.load_case("kuril-islands")
    expected = [t.title for t in _report.compare(case).tables]
    expected += [t.title for t in _report.overlaps(case).tables]
    expected += [t.title for t in _report.timeline(case).tables]
    expected += [t.title for t in _report.solve(case).tables]
    for title in expected:
        assert title in page.captions
    sections = [a.get("id") for tag, a in page.tags if tag == "section"]
    assert sections == [
        "positions",
        "compare",
        "overlap",
        "timeline",
        "solve",
        "figures",
        "sources",
    ]


def test_figures_are_inline_and_nothing_is_loaded(kuril_page: tuple[str, _Page]) -> None:
    _, page = kuril_page
    images = [a["src"] for tag, a in page.tags if tag == "img"]
    assert len(images) == len(FIGURES)
    assert all(src is not None and src.startswith("data:image/png;base64,") for src in images)
    loads = [a for tag, a in page.tags if tag in ("script", "link", "iframe")]
    assert loads == []


def test_every_source_is_listed_and_linked(kuril_page: tuple[str, _Page]) -> None:
    _, page = kuril_page
    case = positions.load_case("kuril-islands")
    listed = {a["id"] for tag, a in page.tags if tag == "li" and a.get("id")}
    assert listed == {f"source-{s.id}" for s in case.sources}
    links = {a["href"] for tag, a in page.tags if tag == "a"}
    assert links == {s.url for s in case.sources if s.url}


def test_text_is_escaped_and_a_part_that_cannot_be_computed_says_why() -> None:
    case = positions.load_case("harbour")
    case = case.replace(title="Ports <& harbours>", positions=())
    text = html_report(case, figures=False)
    assert "Ports &lt;&amp; harbours&gt;" in text
    assert "<& harbours>" not in text
    page = _parsed(text)
    assert "figures" not in [a.get("id") for tag, a in page.tags if tag == "section"]
    assert "Not computed for this case" in text


def test_without_matplotlib_the_page_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    text = html_report(positions.load_case("harbour"))
    assert "The figures need matplotlib" in text
    assert "data:image/png" not in text


def test_a_figure_that_cannot_be_drawn_says_why() -> None:
    pytest.importorskip("matplotlib")
    case = positions.load_case("harbour")
    # One position: no solutions chart.
    text = html_report(case.replace(positions=case.positions[:1]))
    assert "No solutions figure:" in text


def test_misuse_and_progress() -> None:
    with pytest.raises(InvalidArgumentError, match="needs a Case"):
        html_report("harbour")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="measure 'nope'"):
        html_report(positions.load_case("harbour"), measure="nope")
    seen: list[tuple[int, int]] = []
    harbour = positions.load_case("harbour")
    html_report(harbour, figures=False, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(k, 5) for k in range(1, 6)]
    pytest.importorskip("matplotlib")
    seen.clear()
    html_report(harbour, progress=lambda d, t: seen.append((d, t)))
    n = 5 + len(FIGURES)
    assert seen == [(k, n) for k in range(1, n + 1)]


def test_the_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "harbour", "-o", str(out), "--no-figures"]) == 0
    assert capsys.readouterr().out.strip() == f"{out}: report of case 'harbour'"
    text = out.read_text(encoding="utf-8")
    assert text == html_report(positions.load_case("harbour"), figures=False)
    assert main(["report", "harbour", "-o", str(tmp_path / "no" / "r.html")]) == 2
    assert main(["report", "harbour", "--measure", "nope", "-o", str(out)]) == 2
    assert "Traceback" not in capsys.readouterr().err
