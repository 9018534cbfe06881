"""The file formats positions reads and writes, one module each.

Every module of this package that does not start with ``_`` describes one
format with a module-level :class:`Format` named ``FORMAT``: its name, what
it holds, the Python reader and writer, and the command-line arguments of
``positions import NAME`` and ``positions export NAME``. The registry
(:func:`available`, :func:`get`) finds them by listing the package, so a new
format is one new module; the command line, :func:`read`, :func:`write` and
the documentation's table of formats all take it from there.

A module is imported only when the registry is first asked for, and a
format's own dependencies (an XML or a YAML parser, NegMAS) only when it
reads or writes: listing the formats costs no optional import.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from positions._model import Case
from positions.exceptions import InvalidArgumentError

__all__ = ["Format", "available", "get", "read", "write"]

#: What a format's reader is given on the command line: the parsed
#: arguments of ``positions import NAME``.
ImportCall = Callable[[argparse.Namespace], Case]
#: How a format adds its arguments to ``positions import NAME``.
AddArguments = Callable[[argparse.ArgumentParser], None]
#: A format's writer: the case and the output path (a file or a folder, as
#: :attr:`Format.output` says); it returns the paths it wrote.
Writer = Callable[[Case, "str | os.PathLike[str]"], Sequence[Path]]


def _one_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the file to read")


def _the_file(args: argparse.Namespace) -> list[str]:
    return [args.file]


def _domain_and_profiles(args: argparse.Namespace) -> list[str]:
    """The inputs of a format read from a domain file and profile files."""
    return [args.domain, *args.profiles]


def domain_and_profiles(
    tool: str, syntax: str, reader: Callable[..., Case]
) -> tuple[AddArguments, ImportCall]:
    """The arguments and the reading of a format whose files are one domain
    and one profile per position (GENIUS, GeniusWeb)."""

    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("domain", metavar="DOMAIN", help=f"the {tool} domain file ({syntax})")
        parser.add_argument(
            "profiles",
            metavar="PROFILE",
            nargs="+",
            help=f"a profile file ({syntax}): one per position",
        )

    def call(args: argparse.Namespace) -> Case:
        return reader(args.domain, args.profiles)

    return add, call


def _nonempty(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        msg = f"a format's {attribute.name} must not be empty"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Format:
    """One file format: what it is, and how to read and write it.

    Parameters
    ----------
    name
        The name the command line and :func:`read` use (``genius``,
        ``ktab``, ...).
    title
        What the format is, in a few words, for help texts and the docs.
    description
        What a file of the format holds and what the case made of it holds.
    reader
        The Python function that reads it into a :class:`~positions.Case`
        (its first arguments are the files), or None if it cannot be read.
    writer
        The function that writes a case in it, or None.
    output
        What ``writer`` is given: ``"FILE"`` or ``"DIR"`` (a folder).
    extra
        The extra of the package the format needs (``pip install
        'positions[EXTRA]'``), or None.
    howto
        The documentation page that shows how to use it.
    add_arguments
        Adds the files and options of ``positions import NAME`` (default:
        one ``FILE``).
    import_call
        Reads a case from those parsed arguments (default: ``reader`` of the
        one file).
    inputs
        The files (or folders) those arguments name, which ``positions
        import`` never lets its output replace (default: the one file).
    convert
        Whether ``positions import`` and ``positions export`` offer it (the
        case file itself is what they convert to and from).

    Examples
    --------
    >>> from positions.formats import get
    >>> fmt = get("genius")
    >>> fmt.title, fmt.output, fmt.extra
    ('GENIUS XML', 'DIR', 'genius')
    """

    name: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    description: str = attrs.field(validator=_nonempty)
    reader: Callable[..., Case] | None
    writer: Writer | None = None
    output: str = attrs.field(default="DIR", validator=attrs.validators.in_(("FILE", "DIR")))
    extra: str | None = None
    howto: str = attrs.field(validator=_nonempty)
    add_arguments: AddArguments = _one_file
    import_call: ImportCall | None = None
    inputs: Callable[[argparse.Namespace], list[str]] = _the_file
    convert: bool = True

    def read_arguments(self, args: argparse.Namespace) -> Case:
        """Read a case from the parsed arguments of ``positions import``."""
        if self.import_call is not None:
            return self.import_call(args)
        if self.reader is None:
            msg = f"the {self.title} format cannot be read"
            raise InvalidArgumentError(msg)
        return self.reader(args.file)


@functools.cache
def _registry() -> Mapping[str, Format]:
    found: dict[str, Format] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        fmt = getattr(module, "FORMAT", None)
        if not isinstance(fmt, Format):  # pragma: no cover - every module defines one (tested)
            msg = f"{module.__name__} defines no FORMAT"
            raise TypeError(msg)
        if fmt.name in found:  # pragma: no cover - names are unique (tested)
            msg = f"two formats are named {fmt.name!r}"
            raise TypeError(msg)
        found[fmt.name] = fmt
    return found


def available() -> tuple[Format, ...]:
    """Every format, sorted by name.

    Examples
    --------
    >>> from positions.formats import available
    >>> [f.name for f in available()][:3]
    ['actors', 'case', 'genius']
    """
    return tuple(_registry().values())


def get(name: str) -> Format:
    """The format called ``name``.

    Raises
    ------
    InvalidArgumentError
        If there is none, listing the names there are.

    Examples
    --------
    >>> from positions.formats import get
    >>> get("ktab").title
    'KTAB CSV'
    """
    registry = _registry()
    if not isinstance(name, str) or name not in registry:
        msg = f"unknown format {name!r} (known: {', '.join(registry)})"
        raise InvalidArgumentError(msg)
    return registry[name]


def read(name: str, *files: str | os.PathLike[str], **options: Any) -> Case:
    """Read ``files`` in the format ``name`` into a case.

    The files and options are those of the format's reader (see
    :attr:`Format.reader`), so ``read("genius", domain, [profile])`` is
    ``read_genius(domain, [profile])``.

    Raises
    ------
    CaseFileError
        If a file is not valid, naming the file and each place in it.
    InvalidArgumentError
        If the format is unknown or cannot be read.

    Examples
    --------
    >>> import pathlib, tempfile, positions
    >>> from positions import formats
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "harbour.toml"
    ...     _ = formats.write("case", positions.load_case("harbour"), path)
    ...     formats.read("case", path).id
    'harbour'
    """
    fmt = get(name)
    if fmt.reader is None:
        msg = f"the {fmt.title} format cannot be read"
        raise InvalidArgumentError(msg)
    return fmt.reader(*files, **options)


def write(name: str, case: Case, output: str | os.PathLike[str]) -> list[Path]:
    """Write ``case`` in the format ``name`` to ``output`` (a file or a
    folder, as the format's :attr:`Format.output` says); return the paths
    written. Every writer writes all its files or none.

    Raises
    ------
    InvalidArgumentError
        If the format is unknown or cannot be written, or the case holds
        what the format cannot represent.

    Examples
    --------
    >>> import tempfile, positions
    >>> from positions import formats
    >>> seat = positions.CategoricalIssue("seat", levels=("oslo", "rome"))
    >>> a = positions.Party("a", name="A")
    >>> case = positions.Case("talks", title="Talks", issues=[seat], parties=[a],
    ...     positions=[positions.Position("a-1", party=a,
    ...     stances=[positions.Stance(seat, ideal="rome")])])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in formats.write("genius", case, tmp)]
    ['talks_domain.xml', 'a-1.xml']
    """
    fmt = get(name)
    if fmt.writer is None:
        msg = f"the {fmt.title} format cannot be written"
        raise InvalidArgumentError(msg)
    if not isinstance(case, Case):
        msg = f"write() needs a Case, not {type(case).__name__}"
        raise InvalidArgumentError(msg)
    return list(fmt.writer(case, output))
