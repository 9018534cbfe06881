"""chunked_solve on a dask.distributed cluster that the test starts itself:
the same answers as on one machine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import positions
from positions.exceptions import InvalidArgumentError
from test_grid import assert_equal_solutions

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.mark.parametrize("within", positions.WITHIN)
def test_a_cluster_gives_the_answers_of_one_machine(client: object, within: str) -> None:
    case = positions.load_case("harbour")
    space = positions.OutcomeSpace.sample(case.issues, 20_000, seed=5)
    far = positions.chunked_solve(case.positions, space, chunk=3_001, within=within, client=client)  # type: ignore[arg-type]
    assert_equal_solutions(far, positions.solve(case.positions, space, within=within))  # type: ignore[arg-type]


def test_a_grid_is_made_on_the_workers(client: object) -> None:
    case = positions.load_case("kuril-islands")
    late = [p.restricted(case.agreement_issues) for p in positions._select.latest_per_party(case)]
    grid = positions.case_grid(case)
    far = positions.chunked_solve(late, grid, chunk=500, client=client)
    assert far.indices() == positions.grid_solve(late, grid).indices()


def test_a_client_that_is_not_one_is_refused() -> None:
    case = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match=r"dask\.distributed\.Client"):
        positions.chunked_solve(case.positions, positions.case_grid(case), client="tcp://x:1")
