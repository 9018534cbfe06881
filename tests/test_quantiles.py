"""The one-partition quantiles of sensitivity, on inputs that defeat its
shortcut, and the salience draws of a draw whose saliences are all 0."""

from __future__ import annotations

import numpy as np

from positions import Interval, Party, Position, ScaleIssue, Source, Stance
from positions._sensitivity import _bands, quantiles, weight_draws


def test_a_sample_that_misses_the_quantiles_falls_back_to_every_value() -> None:
    # The thresholds are read from every 24th value (100,000 // 4096): here
    # those are all 1.0 and every other value is 0.0, so the sample says the
    # 5th percentile lies among the ones, which the count refutes.
    x = np.zeros(100_000)
    x[::24] = 1.0
    expected = tuple(float(v) for v in np.quantile(x, [0.05, 0.95]))
    assert expected == (0.0, 0.0)
    ranks = [
        int(0.05 * 99_999),
        int(0.05 * 99_999) + 1,
        int(0.95 * 99_999),
        int(0.95 * 99_999) + 1,
    ]
    assert _bands(x, ranks) is None
    assert quantiles(x) == expected


def test_quantiles_of_many_values_are_np_quantiles() -> None:
    rng = np.random.default_rng(3)
    for x in (rng.normal(size=50_001), rng.integers(0, 5, size=60_000).astype(float)):
        qs = (0.0, 0.05, 0.5, 0.95, 1.0)
        assert quantiles(x, qs) == tuple(float(v) for v in np.quantile(x, qs))


class _ZeroDraws:
    """A generator whose uniform draws are all 0 (the lower bound)."""

    def uniform(self, low: float, high: float, size: int) -> np.ndarray:
        return np.full(size, float(low))


def test_a_draw_whose_saliences_are_all_0_keeps_the_stated_weights() -> None:
    a = ScaleIssue("a", low=0, high=1)
    b = ScaleIssue("b", low=0, high=1)
    position = Position(
        "p",
        party=Party("x", name="X"),
        source=Source("notes", title="Notes", publisher="Council", date="2024"),
        stances=(
            Stance(a, 1, salience=1, salience_range=Interval(0, 2)),
            Stance(b, 0, salience=3, salience_range=Interval(0, 4)),
        ),
    )
    drawn = weight_draws(position, 3, _ZeroDraws(), how="ranges")  # type: ignore[arg-type]
    assert drawn.tolist() == [[0.25, 0.75]] * 3
