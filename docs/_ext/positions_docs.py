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
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sphinx.application import Sphinx

import positions


class ArrayLike:
    """Stands for :data:`numpy.typing.ArrayLike` in rendered signatures."""


ArrayLike.__module__ = "numpy.typing"

_NPT = types.SimpleNamespace(ArrayLike=ArrayLike, NDArray=npt.NDArray)


def _modules() -> list[types.ModuleType]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.iter_modules(positions.__path__, "positions.")
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _resolve_all)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
