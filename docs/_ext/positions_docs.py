"""Sphinx helpers of the positions documentation.

The library writes its annotations as strings (``from __future__ import
annotations``) and its public classes say they live in ``positions``, not
in the private module that defines them. attrs also writes each class's
``__init__`` outside that module. So autodoc cannot evaluate names such as
``dt.date`` or ``Precision`` by itself. When the build starts, this
extension evaluates the annotations of every documented function and class
in the module that defines it, and shows NumPy's ``ArrayLike`` union under
its documented name instead of spelling it out.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import numpy.typing as npt
from docutils import nodes
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import positions


class ArrayLike:
    """Stands for :data:`numpy.typing.ArrayLike` in rendered signatures."""


ArrayLike.__module__ = "numpy.typing"

_NPT = types.SimpleNamespace(ArrayLike=ArrayLike, NDArray=npt.NDArray)


def _modules() -> list[types.ModuleType]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(positions.__path__, "positions.")
        if info.name != "positions.__main__"
    ]


def _resolve(obj: Any, globalns: dict[str, Any]) -> None:
    annotations = getattr(obj, "__annotations__", None)
    if not isinstance(annotations, dict) or not annotations:
        return
    localns = {"npt": _NPT}
    try:
        obj.__annotations__ = typing.get_type_hints(obj, globalns=globalns, localns=localns)
    except (NameError, TypeError):  # private helpers with names imported for type checking only
        return


def _resolve_all(app: Sphinx) -> None:
    modules = _modules()
    # Names imported only under TYPE_CHECKING are found in the other modules.
    everything: dict[str, Any] = {"Axes": Axes, "Figure": Figure}
    for module in modules:
        everything.update(vars(module))
    for module in modules:
        namespace = vars(module)
        globalns = {**everything, **namespace}
        for value in list(namespace.values()):
            if inspect.isfunction(value) and value.__globals__ is namespace:
                _resolve(value, globalns)
            elif isinstance(value, type) and value.__name__ in namespace:
                if namespace[value.__name__] is not value:
                    continue
                home = getattr(value, "__module__", "")
                if home not in (module.__name__, "positions"):
                    continue
                _resolve(value, globalns)
                for member in vars(value).values():
                    function = getattr(member, "__func__", member)
                    if inspect.isfunction(function):
                        _resolve(function, globalns)


#: The parts of MathJax's es5 build the pages use: the TeX-to-HTML
#: component, its fonts, the TeX extensions it may load, its menu and
#: accessibility parts.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "input/tex", "ui", "a11y")


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """Copy MathJax into the HTML site, so that mathematics is typeset
    offline (``mathjax_path`` in conf.py points at the copy)."""
    if exception is not None or app.builder.format != "html":
        return
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        msg = "MathJax is not installed: pip install the docs extra (django-static-mathjax)"
        raise RuntimeError(msg)
    es5 = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        source = es5 / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)


def _alias_text(value: Any) -> str:
    """A type in reST: a class as a cross-reference, a literal as its
    values, a union as its members."""
    if value is type(None):
        return "``None``"
    origin, args = typing.get_origin(value), typing.get_args(value)
    if origin is typing.Literal:
        return " | ".join(f"``{a!r}``" for a in args)
    if origin in (types.UnionType, typing.Union):
        return " | ".join(_alias_text(a) for a in args)
    if origin is not None:
        plain = str(value).replace("collections.abc.", "").replace("typing.", "")
        return f"``{plain}``"
    if isinstance(value, type):
        home = "positions" if value.__module__.startswith("positions") else value.__module__
        name = value.__name__ if home == "builtins" else f"{home}.{value.__name__}"
        return f":class:`~{name}`" if home != "builtins" else f":class:`{name}`"
    return f"``{value!r}``"


def _alias_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """A type alias is documented by what it is (its members), not by the
    docstring of the union or literal type it is an instance of."""
    if what != "data":
        return
    if lines and type(obj).__doc__ and lines[0] == type(obj).__doc__.splitlines()[0]:
        # A constant (a tuple, a number) would show its type's docstring.
        lines[:] = [f"Value: ``{obj!r}``.", ""]
        return
    is_union = isinstance(obj, types.UnionType) or typing.get_origin(obj) is typing.Union
    if not is_union and typing.get_origin(obj) is not typing.Literal:
        return
    lines[:] = [f"Type alias: {_alias_text(obj)}.", ""]


def _attrs_defaults(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None] | None:
    """The defaults of an attrs class's fields as values: attrs generates
    ``__init__`` with ``attr_dict['x'].default`` in its source, which is
    what autodoc would otherwise show."""
    if not signature or "attr_dict[" not in signature:
        return None
    # The class itself, or (its signature shown apart) its __init__.
    owner = obj
    if what == "method":
        module, _, cls = name.rpartition(".")[0].rpartition(".")
        owner = getattr(importlib.import_module(module), cls, None)
    if not attrs.has(owner):
        return None
    defaults = {f.name: f.default for f in attrs.fields(owner)}

    def value(m: re.Match[str]) -> str:
        field = m.group(1)
        default = defaults.get(field, attrs.NOTHING)
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            return "<factory>"
        return "..." if default is attrs.NOTHING else repr(default)

    return re.sub(r"attr_dict\['(\w+)'\]\.default", value, signature), return_annotation


class FormatsTable(SphinxDirective):
    """``{formats-table}``: the table of file formats, made from the
    library's registry of formats, so that a new format appears in it with
    no edit to the page."""

    def run(self) -> list[nodes.Node]:
        from positions import formats

        def role(name: str, target: str) -> str:
            return "{" + name + "}`" + target + "`"

        lines = [
            "| name | format | read with | written by | needs | how-to |",
            "|---|---|---|---|---|---|",
        ]
        for f in formats.available():
            reads = "no"
            if f.reader is not None:
                reads = role("func", f"~{f.reader.__module__}.{f.reader.__name__}")
            writes = "no"
            if f.writer is not None:
                public = not f.writer.__name__.startswith("_")
                writes = role("func", f"~positions.{f.writer.__name__}") if public else "yes"
            extra = f"`positions[{f.extra}]`" if f.extra else "none"
            cli = f"`{f.name}`" if f.convert else "(the case file itself)"
            cells = (cli, f.title, reads, writes, extra, role("doc", f"/{f.howto}"))
            lines.append("| " + " | ".join(cells) + " |")
        return self.parse_text_to_nodes("\n".join(lines))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("formats-table", FormatsTable)
    app.connect("builder-inited", _resolve_all)
    app.connect("autodoc-process-docstring", _alias_docstring)
    app.connect("autodoc-process-signature", _attrs_defaults)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
