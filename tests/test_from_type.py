"""st.from_type gives a valid value of every public class and type alias of
positions, and results are what the library computes."""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import positions
from positions._hypothesis_plugin import COMPUTED

CLASSES = [n for n in positions.__all__ if inspect.isclass(getattr(positions, n))]
ALIASES = [
    n
    for n in positions.__all__
    if not inspect.isclass(getattr(positions, n))
    and (
        typing.get_origin(getattr(positions, n)) is not None
        or type(getattr(positions, n)).__name__ == "UnionType"
    )
]


def test_the_lists_are_the_public_types() -> None:
    assert "Position" in CLASSES
    assert "Conclusion" in CLASSES
    assert {"AcceptableSet", "Issue", "Value", "Status", "Within"} <= set(ALIASES)


def _is(value: object, kind: Any) -> bool:
    """Whether ``value`` is of the type ``kind`` (a class, a union, a
    literal or a parameterised tuple or mapping)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is None or kind is type(None):
        return value is None
    if origin is typing.Literal:
        return value in args
    if origin in (types.UnionType, typing.Union):
        return any(_is(value, a) for a in args)
    if origin is tuple:
        return isinstance(value, tuple) and all(_is(x, args[0]) for x in value)
    if origin is not None:
        return isinstance(value, origin)
    return isinstance(value, kind)


@pytest.mark.parametrize("name", CLASSES + ALIASES)
@settings(
    max_examples=8,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    deadline=None,
)
@given(data=st.data())
def test_from_type_draws_a_valid_value(name: str, data: st.DataObject) -> None:
    kind = getattr(positions, name)
    value = data.draw(st.from_type(kind))
    assert _is(value, kind)


def test_every_public_class_has_a_strategy_of_its_own() -> None:
    # A class without one would be drawn by st.builds from its signature,
    # which need not give a valid object: each is either a model class from
    # positions.strategies or one the plugin computes.
    model = {
        "ScaleIssue",
        "OrdinalIssue",
        "CategoricalIssue",
        "ItemsIssue",
        "Item",
        "Party",
        "Source",
        "Position",
        "Offer",
        "Case",
    }
    assert set(CLASSES) == model | set(COMPUTED)
    assert not model & set(COMPUTED)
