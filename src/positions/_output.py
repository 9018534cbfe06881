"""Writing output files, the one way every writer of the library does it.

* A file is written to a new temporary file beside its target and then
  renamed over it, so the target holds either its old contents or all of
  the new ones, never part of them.
* A new file gets the permissions the user's umask gives (as for any
  program that creates a file); a file that is replaced keeps its own.
* A symbolic link at the target is refused: writing through it would
  change a file elsewhere, perhaps an input, and replacing it would
  silently undo the link.
* Several files written together (:func:`write_files`) are all written or
  none is: they are made in a temporary folder beside their targets, then
  moved into place; if anything fails, the files already moved are put back
  as they were.
* Within :func:`protecting`, a target that is one of the given input files
  is refused, so a command never overwrites what it reads.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from positions._limits import shown
from positions.exceptions import InvalidArgumentError

__all__ = ["protecting", "write_file", "write_files"]

_INPUTS: contextvars.ContextVar[tuple[Path, ...]] = contextvars.ContextVar(
    "positions_inputs", default=()
)


@contextlib.contextmanager
def protecting(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[None]:
    """Within the block, refuse to write to any of ``inputs`` (the same
    file under any name: checked with :func:`os.path.samefile`).

    Examples
    --------
    >>> from positions._output import protecting, write_file
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     source = pathlib.Path(tmp) / "in.csv"
    ...     _ = source.write_text("a,b\\n")
    ...     with protecting([source]):
    ...         write_file(pathlib.Path(tmp) / "." / "in.csv", b"overwritten")
    Traceback (most recent call last):
      ...
    positions.exceptions.InvalidArgumentError: the output ... is the input ...: name another file
    """
    token = _INPUTS.set((*_INPUTS.get(), *(Path(p) for p in inputs)))
    try:
        yield
    finally:
        _INPUTS.reset(token)


def _check_target(target: Path) -> os.stat_result | None:
    """Refuse a target that is a symbolic link or an input; return the
    status of the file it replaces, if any."""
    try:
        status = target.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(status.st_mode):
        msg = (
            f"{shown(str(target))} is a symbolic link: outputs neither write through a link "
            "nor replace it; remove the link or name another file"
        )
        raise InvalidArgumentError(msg)
    for source in _INPUTS.get():
        try:
            same = os.path.samefile(target, source)
        except OSError:
            continue
        if same:
            msg = (
                f"the output {shown(str(target))} is the input {shown(str(source))}: "
                "name another file"
            )
            raise InvalidArgumentError(msg)
    return status


def _new_file(folder: Path, name: str, data: bytes, mode: int | None) -> Path:
    """Write ``data`` to a new file in ``folder`` whose name starts with
    ``name``; the permissions are ``mode``, or what the umask gives."""
    while True:
        path = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            # O_EXCL: a new file, never one that exists or a link; 0o666 less
            # the umask, as for any new file.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(path, stat.S_IMODE(mode))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module's notes).

    Raises
    ------
    InvalidArgumentError
        If ``path`` is a symbolic link, or one of the inputs being protected.
    OSError
        If the file cannot be written; ``path`` is then unchanged.

    Examples
    --------
    >>> from positions._output import write_file
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp) / "out.txt"
    ...     write_file(out, b"first")
    ...     write_file(out, b"second")
    ...     out.read_bytes(), sorted(p.name for p in out.parent.iterdir())
    (b'second', ['out.txt'])
    """
    target = Path(path)
    old = _check_target(target)
    tmp = _new_file(target.parent, target.name, data, old.st_mode if old else None)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _make_folder(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; return those made, deepest
    first, so that a failure can remove them again."""
    missing = []
    # Resolved, so that ".." in the path never names a folder made earlier.
    resolved = folder.resolve()
    for parent in (resolved, *resolved.parents):  # pragma: no branch - the root exists
        if parent.exists() or parent.is_symlink():
            break
        missing.append(parent)
    resolved.mkdir(parents=True, exist_ok=True)
    return missing


def write_files(
    directory: str | os.PathLike[str], files: Sequence[tuple[str, bytes]]
) -> list[Path]:
    """Write each ``(name, data)`` of ``files`` into ``directory`` (made if
    missing): all of them, or, if anything fails, none; return the paths.

    Raises
    ------
    InvalidArgumentError
        If a target is a symbolic link or a protected input, or a name is
        not a plain file name; nothing is written then.
    OSError
        If a file cannot be written; every target is then as it was.

    Examples
    --------
    >>> from positions._output import write_files
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = [("a.xml", b"<a/>"), ("b.xml", b"<b/>")]
    ...     paths = write_files(pathlib.Path(tmp) / "out", files)
    ...     [p.name for p in paths], sorted(p.name for p in paths[0].parent.iterdir())
    (['a.xml', 'b.xml'], ['a.xml', 'b.xml'])
    """
    folder = Path(directory)
    names = [name for name, _ in files]
    bad = [n for n in names if not n or Path(n).name != n or n in (".", "..")]
    if bad or len(set(names)) != len(names):
        raise InvalidArgumentError(f"the files need distinct plain names (got {names!r})")
    made = _make_folder(folder)
    targets = [folder.resolve() / name for name in names]
    moved: list[tuple[Path, Path | None]] = []  # each target and a link to its old file
    stage: Path | None = None
    try:
        olds = [_check_target(t) for t in targets]
        stage = _new_stage(folder.resolve())
        new = [
            _new_file(stage, name, data, old.st_mode if old else None)
            for (name, data), old in zip(files, olds, strict=True)
        ]
        for k, (target, fresh, old) in enumerate(zip(targets, new, olds, strict=True)):
            backup = None
            if old is not None:
                backup = stage / f"old-{k}"
                _keep(target, backup)
            os.replace(fresh, target)
            moved.append((target, backup))
    except BaseException:
        for target, backup in reversed(moved):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
        for folder_made in made:
            with contextlib.suppress(OSError):
                folder_made.rmdir()
        raise
    shutil.rmtree(stage, ignore_errors=True)
    return [folder / name for name in names]


def _new_stage(folder: Path) -> Path:
    """A new private folder in ``folder`` to prepare files in."""
    while True:
        stage = folder / f".positions-{secrets.token_hex(4)}.tmp"
        try:
            stage.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return stage


def _keep(target: Path, backup: Path) -> None:
    """Keep the file at ``target`` as ``backup`` (a hard link, or a copy
    where the file system has none), so it can be put back."""
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
