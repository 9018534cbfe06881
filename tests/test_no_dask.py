"""Without dask.distributed installed, asking for a cluster is refused with
the library's own error, saying which extra to install."""

from __future__ import annotations

import sys

import pytest

import positions
from positions.exceptions import InvalidArgumentError


def test_a_cluster_without_distributed_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes `import distributed` raise ImportError.
    monkeypatch.setitem(sys.modules, "distributed", None)
    case = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match=r"positions\[dask\]"):
        positions.chunked_solve(case.positions, positions.case_grid(case), client=object())
