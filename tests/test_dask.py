"""chunked_solve on a dask.distributed cluster that the test starts itself:
the same answers as on one machine."""

from __future__ import annotations

import io
import socket
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import positions
from positions import _cli
from positions._cli import main
from positions._sensitivity import SalienceDraws
from positions.exceptions import InvalidArgumentError
from test_cli import run, run_ok
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


@pytest.mark.parametrize("how", ["auto", "dirichlet", "ranges"])
@pytest.mark.parametrize(("draws", "block"), [(3000, 3000), (3000, 700), (20_001, 5_000)])
def test_sensitivity_on_a_cluster_gives_the_numbers_of_one_machine(
    client: object, how: SalienceDraws, draws: int, block: int
) -> None:
    case = positions.load_case("kuril-islands")
    late = list(positions._select.latest_per_party(case))
    kw: dict[str, Any] = {"draws": draws, "seed": 4, "salience_draws": how, "block": block}
    here = positions.sensitivity(late, case.offers, **kw)
    done: list[tuple[int, int]] = []
    far = positions.sensitivity(
        late, case.offers, client=client, progress=lambda d, t: done.append((d, t)), **kw
    )
    assert far == here
    blocks = -(-draws // block)
    assert sorted(done) == [(d, blocks) for d in range(1, blocks + 1)]


def test_without_dask_a_client_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    case = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match=r"pip install 'positions\[dask\]'"):
        positions.sensitivity(case.positions, case.offers, draws=10, client=object())


# The bundled cases whose agreement space the draws split into several
# pieces (the one-issue eu-emissions fits in one).
SPLIT = [n for n in positions.bundled_cases() if n != "eu-emissions"]


@pytest.mark.parametrize("name", SPLIT)
@pytest.mark.parametrize(
    "kw",
    [
        {"draws": 0},
        {"draws": 60, "seed": 3},
        {"draws": 40, "seed": 1, "max_combinations": 3, "salience_draws": "ranges"},
        {"draws": 30, "seed": 5, "solve": False},
    ],
)
def test_robustness_on_a_cluster_gives_the_result_of_one_machine(
    client: object, monkeypatch: pytest.MonkeyPatch, name: str, kw: dict[str, Any]
) -> None:
    case = positions.load_case(name)
    here = positions.robustness(case, **kw)
    # The agreement space's draws in pieces of a few draws each.
    monkeypatch.setattr(positions._robustness, "_DRAW_CELLS", 7 * 576)
    pieces = positions._robustness._Solutions.pieces
    per_read: list[int] = []

    def counted(self: positions._robustness._Solutions) -> list[Any]:
        out = pieces(self)
        per_read.append(max(sum(1 for p in out if p[0] == key) for key, _, _ in out))
        return out

    monkeypatch.setattr(positions._robustness._Solutions, "pieces", counted)
    done: list[tuple[int, int]] = []
    far = positions.robustness(
        case, client=client, progress=lambda d, t: done.append((d, t)), **kw
    )
    assert far == here
    if kw.get("solve", True):
        # The stated saliences, and the draws in more than one piece.
        assert per_read[0] > 2 if kw["draws"] else per_read == [1]
    n = len(here.conclusions)
    assert done == [(d, n) for d in range(1, n + 1)]


def test_robustness_refuses_a_client_that_is_not_one() -> None:
    with pytest.raises(InvalidArgumentError, match=r"dask\.distributed\.Client"):
        positions.robustness(positions.load_case("harbour"), client=1)


# --- the command line ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["sensitivity", "kuril-islands", "--draws", "3000", "--seed", "2"],
        ["robustness", "harbour", "--draws", "40", "--seed", "1"],
    ],
)
def test_the_commands_on_a_cluster_print_what_they_print_here(
    client: Any, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    here = run_ok(capsys, *argv, "--format", "json")
    address = client.scheduler.address
    assert run_ok(capsys, *argv, "--format", "json", "--scheduler", address) == here


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_sensitivity_shows_its_blocks_on_a_terminal_only(
    client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sensitivity", "harbour", "--draws", "2000000", "--seed", "0"]
    address = client.scheduler.address
    # Not a terminal: nothing on stderr.
    assert run_ok(capsys, *argv, "--scheduler", address)
    terminal, out = _Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", out)
    assert main([*argv, "--scheduler", address]) == 0
    assert terminal.getvalue() == (
        "\rsensitivity: 1/2 blocks of draws\rsensitivity: 2/2 blocks of draws\r\033[K"
    )


@pytest.mark.parametrize(
    ("address", "reason"),
    [("nonsense", "missing port number"), ("foo://x:1", "unknown address scheme")],
)
def test_an_address_that_is_not_one_is_an_error(
    capsys: pytest.CaptureFixture[str], address: str, reason: str
) -> None:
    status, out, err = run(capsys, "robustness", "harbour", "--scheduler", address)
    assert (status, out) == (1, "")
    assert err.startswith(f"positions: error: cannot reach the scheduler at {address!r}: ")
    assert reason in err
    assert "Traceback" not in err


def test_a_scheduler_that_does_not_answer_is_an_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cli, "CONNECT_TIMEOUT", 0.5)
    with socket.socket() as s:
        # A port nothing listens on: bound, never accepting.
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
        status, out, err = run(capsys, "sensitivity", "harbour", "--scheduler", address)
    assert (status, out) == (1, "")
    assert f"cannot reach the scheduler at {address!r}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["sensitivity", "robustness"])
def test_without_dask_the_scheduler_option_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    status, out, err = run(capsys, command, "harbour", "--scheduler", "tcp://127.0.0.1:8786")
    assert (status, out) == (2, "")
    assert "pip install 'positions[dask]'" in err
    assert "Traceback" not in err
