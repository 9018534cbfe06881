"""The vectorised frontier kernels against a brute-force check, on inputs
large enough to cross their blocks, with many ties and duplicates."""

from __future__ import annotations

import numpy as np
import pytest

import positions
from positions._frontier import BLOCK, maximal


def brute(points: np.ndarray) -> list[int]:
    """The points no other dominates (equal points: the lowest index), by
    comparing every pair."""
    ge = np.all(points[:, None, :] >= points[None, :, :], axis=2)
    gt = np.any(points[:, None, :] > points[None, :, :], axis=2)
    eq = np.all(points[:, None, :] == points[None, :, :], axis=2)
    earlier = np.arange(len(points))[:, None] < np.arange(len(points))[None, :]
    dominated = ((ge & gt) | (eq & earlier)).any(axis=0)
    return np.flatnonzero(~dominated).tolist()


@pytest.mark.parametrize("parties", [1, 2, 3, 4])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_frontier_of_many_points_is_the_brute_force_one(parties: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = 40 * BLOCK + 7
    # Few distinct values: many exact ties and duplicates.
    points = rng.integers(0, 9, size=(m, parties)) / 8
    # Utilities that trade off against each other make a large frontier.
    points[:, 0] = (
        1.0 - points[:, 1:].mean(axis=1) * rng.random(m) if parties > 1 else points[:, 0]
    )
    expected = brute(points)
    assert maximal(points, np.arange(m)).tolist() == expected
    assert positions.pareto_frontier(points.T).tolist() == expected


def test_a_tolerance_keeps_points_within_it_and_drops_points_beaten_by_more() -> None:
    pts = np.array([[0.5, 0.5], [0.5, 0.5 - 1e-13], [0.5, 0.4], [0.5, 0.5]])
    # Within the tolerance both of the nearly equal points stay; the one
    # beaten by 0.1 and the exact duplicate (higher index) go.
    assert maximal(pts, np.arange(4), tol=1e-12).tolist() == [0, 1]
    assert maximal(pts, np.arange(4)).tolist() == [0]
    three = np.hstack([pts, np.zeros((4, 1))])
    assert maximal(three, np.arange(4), tol=1e-12).tolist() == [0, 1]
    # The rank, not the position, decides between equal points.
    assert maximal(pts[[0, 3]], np.array([5, 2])).tolist() == [1]
