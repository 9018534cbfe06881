"""Independent pieces of work, run here one after another or on a
``dask.distributed`` cluster (the ``dask`` extra).

:func:`positions.chunked_solve` sends it chunks of outcomes,
:func:`positions.sensitivity` blocks of salience draws and
:func:`positions.robustness` its conclusions and the draws of its
agreement space. Each piece is computed by the same function wherever it
runs, and the pieces are combined in the same order, so a cluster gives
the numbers one machine gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from positions.exceptions import InvalidArgumentError

__all__ = ["NEEDS_DASK", "check_client", "run"]

_T = TypeVar("_T")

#: What to install for a cluster.
NEEDS_DASK = "a cluster needs dask.distributed: pip install 'positions[dask]'"


def check_client(client: object) -> None:
    """Raise :class:`~positions.exceptions.InvalidArgumentError` unless
    ``client`` is a ``dask.distributed.Client`` (or dask.distributed is
    missing).

    Examples
    --------
    >>> from positions._cluster import check_client
    >>> check_client("x")
    Traceback (most recent call last):
      ...
    positions.exceptions.InvalidArgumentError: client must be a dask.distributed.Client (got 'x')
    """
    try:
        import distributed
    except ImportError:
        raise InvalidArgumentError(NEEDS_DASK) from None
    if not isinstance(client, distributed.Client):
        raise InvalidArgumentError(f"client must be a dask.distributed.Client (got {client!r})")


def run(
    client: Any,
    fn: Callable[..., _T],
    calls: Sequence[tuple[Any, ...]],
    shared: Sequence[Any] = (),
) -> Iterator[tuple[int, _T]]:
    """``fn(*shared, *call)`` for each call, with the index of the call:
    here, one after another in order, when ``client`` is ``None``; else on
    the cluster of ``client`` (a ``dask.distributed.Client``), yielded as
    they complete, ``shared`` sent once to every worker.

    Examples
    --------
    >>> from positions._cluster import run
    >>> list(run(None, pow, [(2,), (3,)], shared=[10]))
    [(0, 100), (1, 1000)]
    """
    if client is None:
        for i, call in enumerate(calls):
            yield i, fn(*shared, *call)
        return
    check_client(client)
    from distributed import as_completed

    # Fresh keys: data scattered earlier under a hash of it may be going away.
    sent = client.scatter(list(shared), broadcast=True, hash=False) if shared else []
    futures = [client.submit(fn, *sent, *call, pure=False) for call in calls]
    index = {future.key: i for i, future in enumerate(futures)}
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        yield index[future.key], future.result()
