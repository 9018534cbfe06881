"""What the XML readers share: a tree builder that keeps the line of each
element, and the line and column of a piece of a file."""

from __future__ import annotations

import xml.etree.ElementTree as StdET
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


class LineTarget:
    """A tree-builder target that remembers the line of each element."""

    def __init__(self) -> None:
        self.builder = StdET.TreeBuilder()
        self.lines: dict[int, int] = {}
        self.expat: Any = None

    def start(self, tag: str, attrib: dict[str, str]) -> Element:
        element = self.builder.start(tag, attrib)
        line = getattr(self.expat, "CurrentLineNumber", None)
        if isinstance(line, int):  # pragma: no branch - expat always has a line
            self.lines[id(element)] = line
        return element

    def end(self, tag: str) -> Element:
        return self.builder.end(tag)

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> Element:
        return self.builder.close()


def line_of(data: bytes, needle: bytes) -> str:
    at = data.find(needle)
    if at < 0:
        return ""
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    return f"line {line}, column {column}"
