"""Sphinx configuration for the positions documentation.

Build with ``sphinx-build -n -W --keep-going -b html docs docs/_build/html``
(see the README). The figures are drawn by matplotlib while the site builds.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "positions"
author = "The positions developers"
copyright = "2026, the positions developers"

try:
    from importlib.metadata import version as _version

    release = _version("positions")
except Exception:  # pragma: no cover - only when building without installing
    release = "0.1.0.dev0"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx_copybutton",
    "matplotlib.sphinxext.plot_directive",
    "positions_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_inventories", "figures", "Thumbs.db", ".DS_Store"]
html_theme = "furo"
html_title = "positions"

myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]

# Mathematics is typeset with no network: MathJax 3 comes from the package
# django-static-mathjax (MathJax's own files, Apache-2.0; it needs no
# Django), and positions_docs copies the parts the pages use into
# _static/mathjax when the site is built.
mathjax_path = "mathjax/tex-chtml.js"

# The copy button copies commands and code, not prompts or outputs.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
myst_heading_anchors = 3

# NumPy-style docstrings; the library writes no Google-style ones.
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_class_signature = "separated"
autodoc_default_options = {"members": True, "undoc-members": False}

# Every docstring example and every doctest block of the pages runs under
# ``sphinx-build -b doctest``, each as in a bare interpreter: the setup
# imports nothing, so every example imports what it uses.
doctest_global_setup = ""
doctest_test_doctest_blocks = "default"

# Figures: PNG only, drawn when the site builds, never committed.
plot_formats = [("png", 110)]
plot_html_show_formats = False
plot_html_show_source_link = False
plot_include_source = False
plot_pre_code = "import matplotlib\nmatplotlib.use('Agg')\nimport positions\n"

# ---------------------------------------------------------------- intersphinx
#
# The build must not depend on the network (CI reaches no documentation
# site) and must give the same links everywhere, so every project's
# inventory is a local one, written from the plain-text lists in
# ``_inventories/`` (one "name role uri" line per object) when the build
# starts. Each entry points at the real page of the real site; only the
# names these docs refer to are listed. To refer to a new name, add it there.

_INVENTORIES = {
    "python": ("Python", "3", "https://docs.python.org/3/"),
    "attrs": ("attrs", "", "https://www.attrs.org/en/stable/"),
    "hypothesis": ("Hypothesis", "", "https://hypothesis.readthedocs.io/en/latest/"),
    "numpy": ("NumPy", "", "https://numpy.org/doc/stable/"),
    "matplotlib": ("Matplotlib", "", "https://matplotlib.org/stable/"),
}


def _write_inventory(name: str, project_name: str, project_version: str) -> Path:
    source = HERE / "_inventories" / f"{name}.txt"
    lines = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        obj, role, uri = raw.split()
        lines.append(f"{obj} {role} 1 {uri} -\n")
    target = HERE / "_build" / "_inventories" / f"{name}.inv"
    target.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project_name}\n"
        f"# Version: {project_version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    target.write_bytes(header.encode() + zlib.compress("".join(lines).encode()))
    return target


intersphinx_mapping = {
    name: (url, str(_write_inventory(name, title, ver)))
    for name, (title, ver, url) in _INVENTORIES.items()
}

nitpicky = True
