"""Sensitivity gives the same numbers as before for the same seed: the
weight draws, the shared concessions and the quantiles from one partition
change how fast it runs, not what it reports."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import positions
from positions import Case
from positions import strategies as pst
from positions._sensitivity import SalienceDraws, quantiles, sensitivity, weight_draws
from reference_reports import old_sensitivity, old_weight_draws

HOW: list[SalienceDraws] = ["auto", "dirichlet", "ranges"]


def _latest(case: Case) -> list[positions.Position]:
    return [case.positions_of(p.id)[-1] for p in case.parties if case.positions_of(p.id)]


@pytest.mark.parametrize("name", positions.bundled_cases())
@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("draws", [1, 2, 999, 20_001, 100_000])
def test_bundled_cases_give_the_same_numbers_as_before(
    name: str, how: SalienceDraws, draws: int
) -> None:
    case = positions.load_case(name)
    latest = _latest(case)
    for seed in (0, 7):
        new = sensitivity(latest, case.offers, draws=draws, seed=seed, salience_draws=how)
        old = old_sensitivity(latest, case.offers, draws=draws, seed=seed, salience_draws=how)
        assert new == old


def test_a_million_draws_give_the_same_numbers_as_before() -> None:
    case = positions.load_case("kuril-islands")
    latest = _latest(case)
    assert sensitivity(latest, case.offers, draws=10**6, seed=0) == old_sensitivity(
        latest, case.offers, draws=10**6, seed=0
    )


@given(
    pst.cases(min_parties=1, max_issues=4, max_positions=5, max_offers=4),
    st.sampled_from(HOW),
    st.integers(1, 3000),
    st.integers(0, 2**32 - 1),
    st.floats(0.5, 500),
)
def test_generated_cases_give_the_same_numbers_as_before(
    case: Case, how: SalienceDraws, draws: int, seed: int, concentration: float
) -> None:
    chosen = list(case.positions)
    if not chosen:
        return
    new = sensitivity(
        chosen,
        case.offers,
        draws=draws,
        seed=seed,
        concentration=concentration,
        salience_draws=how,
    )
    old = old_sensitivity(
        chosen,
        case.offers,
        draws=draws,
        seed=seed,
        concentration=concentration,
        salience_draws=how,
    )
    assert new == old


@given(pst.cases(max_issues=5, max_positions=4), st.sampled_from(HOW), st.integers(1, 500))
def test_weight_draws_are_the_same_bits(case: Case, how: SalienceDraws, draws: int) -> None:
    for p in case.positions:
        new = weight_draws(p, draws, np.random.default_rng(3), how=how)
        old = old_weight_draws(p, draws, np.random.default_rng(3), how=how)
        assert new.flags.c_contiguous
        assert new.shape == old.shape
        assert np.array_equal(new.view(np.int64), old.view(np.int64))


def _as_numpy(x: np.ndarray, qs: list[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in np.quantile(x, qs))


QS = st.lists(st.floats(0, 1), min_size=1, max_size=5)


@given(hnp.arrays(np.float64, st.integers(1, 300), elements=st.floats(-1e6, 1e6)), QS)
def test_quantiles_equal_numpys_on_small_arrays(x: np.ndarray, qs: list[float]) -> None:
    before = x.copy()
    assert quantiles(x, qs) == _as_numpy(x, qs)
    assert np.array_equal(x, before)


@given(
    st.integers(20_001, 200_000),
    st.sampled_from(["uniform", "ties", "constant", "skewed", "zeros and signs"]),
    st.integers(0, 2**32 - 1),
    QS,
)
def test_quantiles_equal_numpys_on_large_arrays(
    n: int, kind: str, seed: int, qs: list[float]
) -> None:
    """Large enough for the partition of the values near the quantiles, with
    ties, constant runs and heavy tails that can make a bracket miss."""
    rng = np.random.default_rng(seed)
    if kind == "uniform":
        x = rng.random(n)
    elif kind == "ties":
        x = rng.integers(0, 4, n).astype(float)
    elif kind == "constant":
        x = np.full(n, 0.25)
    elif kind == "skewed":
        x = rng.pareto(0.5, n)
    else:
        x = rng.choice([0.0, -0.0, 1.0], n)
    # Equal as numbers: of 0.0 and -0.0, which one a partition puts at a rank
    # is not defined (concessions are never -0.0).
    assert quantiles(x, qs) == _as_numpy(x, qs)


def test_quantiles_refuse_what_np_quantile_refuses() -> None:
    with pytest.raises(positions.exceptions.InvalidArgumentError):
        quantiles(np.array([]), [0.5])
    with pytest.raises(positions.exceptions.InvalidArgumentError):
        quantiles(np.array([1.0]), [1.5])
