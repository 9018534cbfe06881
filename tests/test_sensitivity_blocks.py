"""Sensitivity in blocks of draws: a run of at most one block gives the
numbers it always has, and a run of many gives the probabilities and
quantiles of all its draws together, exactly, and their mean and standard
deviation to rounding; the blocks come from generators of their own."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import Case, Offer, Position
from positions import _sensitivity as sens
from positions import strategies as pst
from positions._sensitivity import (
    BLOCK,
    QUANTILES,
    SalienceDraws,
    Sensitivity,
    block_generator,
    sensitivity,
    weight_draws,
)
from positions.exceptions import InvalidArgumentError
from reference_reports import old_sensitivity

HOW: list[SalienceDraws] = ["auto", "dirichlet", "ranges"]


def _latest(case: Case) -> list[Position]:
    return [case.positions_of(p.id)[-1] for p in case.parties if case.positions_of(p.id)]


def _all_draws(
    chosen: list[Position],
    offers: list[Offer],
    *,
    draws: int,
    block: int,
    seed: int,
    concentration: float = 50.0,
    how: SalienceDraws = "auto",
) -> Sensitivity:
    """The statistics of every draw of every block together, by NumPy (each
    block's concessions and acceptances as that block computes them)."""
    weights: list[list[np.ndarray]] = [[] for _ in chosen]
    for k, start in enumerate(range(0, draws, block)):
        rng = block_generator(seed, k)
        for n, p in enumerate(chosen):
            size = min(block, draws - start)
            weights[n].append(weight_draws(p, size, rng, concentration=concentration, how=how))
    results = []
    for offer in offers:
        rows = []
        zone = np.ones(draws, dtype=bool)
        for p, w in zip(chosen, weights, strict=True):
            loss, value, settled, inside = sens._terms(p, offer, None)
            c = np.concatenate([b @ loss for b in w])
            ok = np.full(draws, inside)
            if inside and settled and p.reservation is not None:
                ok = np.concatenate([(b @ value) >= p.reservation for b in w])
            zone &= ok
            p05, p95 = (float(q) for q in np.quantile(c, QUANTILES))
            rows.append(
                sens.PositionSensitivity(
                    p.id,
                    float(ok.mean()),
                    float(c.mean()),
                    float(c.std()),
                    p05,
                    p95,
                    sens.draws_from(p, how),
                )
            )
        results.append(sens.OfferSensitivity(offer.id, tuple(rows), float(zone.mean())))
    return Sensitivity(draws, seed, concentration, tuple(results), how)


def _assert_close(got: Sensitivity, want: Sensitivity) -> None:
    """Equal but for the means and standard deviations, which agree to
    rounding (they are summed block by block)."""
    assert len(got.offers) == len(want.offers)
    for g, w in zip(got.offers, want.offers, strict=True):
        assert (g.offer, g.p_zone) == (w.offer, w.p_zone)
        for a, b in zip(g.by_position, w.by_position, strict=True):
            assert (a.position, a.p_acceptable, a.draws_from) == (
                b.position,
                b.p_acceptable,
                b.draws_from,
            )
            assert (a.concession_p05, a.concession_p95) == (b.concession_p05, b.concession_p95)
            assert a.concession_mean == pytest.approx(b.concession_mean, rel=1e-12, abs=1e-15)
            assert a.concession_std == pytest.approx(b.concession_std, rel=1e-9, abs=1e-12)


def test_the_default_block_holds_the_default_draws_and_a_million() -> None:
    assert BLOCK == 2**20 > 10**6


def test_block_0_is_the_generator_of_the_seed() -> None:
    assert np.array_equal(block_generator(5, 0).random(4), np.random.default_rng(5).random(4))
    firsts = {float(block_generator(5, k).random()) for k in range(4)}
    assert len(firsts) == 4


@pytest.mark.parametrize("name", positions.bundled_cases())
@pytest.mark.parametrize("how", HOW)
def test_one_block_is_the_earlier_computation(name: str, how: SalienceDraws) -> None:
    case = positions.load_case(name)
    latest = _latest(case)
    old = old_sensitivity(latest, case.offers, draws=500, seed=3, salience_draws=how)
    for block in (500, 501, BLOCK):
        got = sensitivity(latest, case.offers, draws=500, seed=3, salience_draws=how, block=block)
        assert got == old


@pytest.mark.parametrize("name", positions.bundled_cases())
@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize(("draws", "block"), [(2, 1), (1000, 7), (30_001, 10_000)])
def test_many_blocks_are_all_their_draws_together(
    name: str, how: SalienceDraws, draws: int, block: int
) -> None:
    case = positions.load_case(name)
    latest = _latest(case)
    got = sensitivity(latest, case.offers, draws=draws, seed=11, salience_draws=how, block=block)
    want = _all_draws(latest, list(case.offers), draws=draws, block=block, seed=11, how=how)
    _assert_close(got, want)
    if any(r.concession_std > 0 for o in got.offers for r in o.by_position):
        # Not the draws of one generator.
        assert got != sensitivity(latest, case.offers, draws=draws, seed=11, salience_draws=how)


@settings(max_examples=30, deadline=None)
@given(
    pst.cases(min_parties=1, max_issues=4, max_positions=4, max_offers=4),
    st.sampled_from(HOW),
    st.integers(2, 400),
    st.integers(1, 60),
    st.integers(0, 2**32 - 1),
)
def test_generated_cases_in_blocks_are_all_their_draws_together(
    case: Case, how: SalienceDraws, draws: int, block: int, seed: int
) -> None:
    chosen = list(case.positions)
    if not chosen or draws <= block:
        return
    got = sensitivity(chosen, case.offers, draws=draws, seed=seed, salience_draws=how, block=block)
    want = _all_draws(chosen, list(case.offers), draws=draws, block=block, seed=seed, how=how)
    _assert_close(got, want)


def test_a_band_that_misses_its_quantile_takes_every_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a margin the bands block 0 chooses miss; the concessions are
    then drawn again whole, and the quantiles are still exact."""
    case = positions.load_case("kuril-islands")
    latest = _latest(case)
    monkeypatch.setattr(sens, "_SIGMAS", 0.0)
    monkeypatch.setattr(sens, "_EXTRA", 0)
    calls: list[frozenset[tuple[int, int]]] = []
    block = sens._block

    def counting(*args: object) -> sens._BlockPart:
        calls.append(args[-1])  # type: ignore[arg-type]
        return block(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sens, "_block", counting)
    got = sensitivity(latest, case.offers, draws=5000, seed=2, block=1000)
    assert any(calls), "no band missed"
    _assert_close(got, _all_draws(latest, list(case.offers), draws=5000, block=1000, seed=2))


def test_no_seed_draws_blocks_of_a_seed_of_its_own() -> None:
    case = positions.load_case("harbour")
    a = sensitivity(case.positions, case.offers, draws=200, block=50)
    b = sensitivity(case.positions, case.offers, draws=200, block=50)
    assert a.seed is None
    assert a != b


def test_progress_counts_the_blocks() -> None:
    case = positions.load_case("harbour")
    seen: list[tuple[int, int]] = []
    sensitivity(case.positions, case.offers, draws=10, seed=0, block=4, progress=_add(seen))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    seen.clear()
    sensitivity(case.positions, case.offers, draws=10, seed=0, progress=_add(seen))
    assert seen == [(1, 1)]


def _add(seen: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda done, total: seen.append((done, total))


@pytest.mark.parametrize("block", [0, -1, 1.5, True, "2"])
def test_a_bad_block_is_refused(block: object) -> None:
    case = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match="block must be a positive integer"):
        sensitivity(case.positions, case.offers, draws=10, block=block)  # type: ignore[arg-type]


def test_a_client_that_is_not_one_is_refused() -> None:
    case = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match=r"dask\.distributed\.Client"):
        sensitivity(case.positions, case.offers, draws=10, client="tcp://x:1")


def test_ties_at_the_ends_of_a_band_are_counted_not_kept() -> None:
    c = np.array([0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 2.0, 3.0])
    near = sens._near(c, 1.0, 2.0)
    assert near[:2] == (1, 2)
    assert near[2].tolist() == [1.5]
    assert near[3] == 3
    got = sens._near_statistics([(1.0, 2.0)], [[near], [near]], [2, 4, 6, 8, 12])
    both = np.sort(np.concatenate([c, c]))
    assert got == {r: float(both[r]) for r in (2, 4, 6, 8, 12)}
    assert sens._near_statistics([(1.0, 2.0)], [[near]], [0]) is None
    below, at, inside, above = sens._near(c, 2.0, 2.0)
    assert (below, at, inside.size, above) == (4, 3, 0, 0)


@pytest.mark.parametrize("block", [BLOCK, 300])
def test_acceptances_of_several_positions_and_repeated_offers(block: int) -> None:
    """Every position with a reservation level, and an offer twice: the
    acceptances per draw are combined, and the repeated offer's shared."""
    case = positions.load_case("harbour")
    city, operator = case.positions
    chosen = [attrs.evolve(city, reservation=0.5), attrs.evolve(operator, reservation=0.33)]
    offer = case.offers[0]
    offers = [offer, attrs.evolve(offer, id="again")]
    got = sensitivity(chosen, offers, draws=1000, seed=8, block=block)
    zone = got.offers[0].p_zone
    shares = [r.p_acceptable for r in got.offers[0].by_position]
    assert 0 < zone < min(shares) <= max(shares) < 1
    assert got.offers[1] == attrs.evolve(got.offers[0], offer="again")
    if block == BLOCK:
        assert got == old_sensitivity(chosen, offers, draws=1000, seed=8)
    else:
        _assert_close(got, _all_draws(chosen, offers, draws=1000, block=block, seed=8))
