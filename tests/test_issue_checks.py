"""What the issues (``positions._issues``) refuse, and what they say: every
check of an id, a level, an item, a value and an acceptable set, called
directly, with the message a user reads."""

from __future__ import annotations

import math

import pytest

from formulas_support import LAND, LEASE, SEAT, TIER
from positions import (
    Box,
    CategoricalIssue,
    Interval,
    Item,
    ItemsIssue,
    Levels,
    OrdinalIssue,
    ScaleIssue,
)
from positions._issues import (
    _as,
    _LevelIssue,
    _num,
    _shares,
    _sorted_pairs,
    _str,
    check_id,
    check_text,
)
from positions.exceptions import ModelError, UnknownMeasureError


def test_building_each_kind_of_issue() -> None:
    # Built here, not at import, so that every step of building runs inside
    # a test.
    scale = ScaleIssue("lease", low=10, high=60, unit="years", label="Lease")
    assert (scale.low, scale.high, scale.span, scale.unit) == (10.0, 60.0, 50.0, "years")
    assert isinstance(scale.low, float)
    tier = OrdinalIssue("tier", levels=["a", "b", "c", "d", "e"])
    assert tier == TIER
    assert tier.levels == ("a", "b", "c", "d", "e")
    assert [tier.level_index(x) for x in "abcde"] == [0, 1, 2, 3, 4]
    assert tier.whole() == Levels(set("abcde"))
    assert tier.distance("a", "e") == 1.0
    seat = CategoricalIssue("seat", levels=("geneva", "vienna", "oslo"))
    assert seat == SEAT
    assert seat.level_index("oslo") == 2
    assert seat.whole() == Levels({"geneva", "vienna", "oslo"})
    assert seat.check_set(seat.whole()) is seat.whole()
    land = ItemsIssue(
        "land",
        items=[
            Item("a", measures={"area": 1, "pop": 0}),
            Item("b", measures={"pop": 1, "area": 3}),
            Item("c", divisible=True, measures=[("area", 4), ("pop", 3)]),
        ],
        measures={"pop": "people", "area": "km2"},
        default_measure="area",
    )
    assert land == LAND
    assert land.measures == (("area", "km2"), ("pop", "people"))
    assert land.measure_names == ("count", "area", "pop")
    assert land.items[2].measures == (("area", 4.0), ("pop", 3.0))
    assert land.weights() == (1.0, 3.0, 4.0)
    assert ItemsIssue("x", items=[Item("p"), Item("q")]).default_measure == "count"


def test_ids() -> None:
    assert check_id("the id", "a-b.c_1") == "a-b.c_1"
    assert check_id("the id", "9") == "9"
    for bad in ("-a", ".a", "", "a b", "a\n", "é", 5, None):
        with pytest.raises(ModelError, match="the id must be an id of letters, digits"):
            check_id("the id", bad)
    with pytest.raises(ModelError) as info:
        check_id("the id", "a b")
    assert (
        str(info.value) == "the id must be an id of letters, digits, '.', '_' or '-' (got 'a b')"
    )
    with pytest.raises(ModelError, match=r"ScaleIssue\.id must be an id"):
        ScaleIssue("bad id", low=0, high=1)


def test_nul_characters_are_refused_with_their_owner() -> None:
    with pytest.raises(ModelError, match=r"^Item 'north': label must not contain a NUL"):
        Item("north", label="No\0rth")
    with pytest.raises(ModelError) as info:
        Item("north", label="No\0rth")
    assert str(info.value) == (
        "Item 'north': label must not contain a NUL character (got 'No\\x00rth')"
    )
    with pytest.raises(ModelError, match=r"^Levels: levels must not contain a NUL character"):
        Levels({"a\0"})
    with pytest.raises(ModelError, match=r"^ScaleIssue 't': unit must not contain"):
        ScaleIssue("t", low=0, high=1, unit="m\0")
    with pytest.raises(ModelError, match=r"^OrdinalIssue 'o': levels must not contain"):
        OrdinalIssue("o", levels=("a", "b\0"))
    with pytest.raises(ModelError, match=r"^ItemsIssue 'land': measures must not contain"):
        ItemsIssue("land", items=[Item("a", measures={"area": 1})], measures={"area": "km\0"})
    check_text(Item("north", label="North"))


def test_interval_bounds() -> None:
    # The message reads as English whatever the bound is (it used to say
    # "a number between -1e15 and 1e15s").
    with pytest.raises(ModelError) as info:
        Interval(0, 1e300)
    assert str(info.value) == (
        "interval bounds must be a number between -1e15 and 1e15 each (got [0.0, 1e+300])"
    )
    with pytest.raises(ModelError, match=r"^interval bounds must be a finite number each"):
        Interval(math.nan, 1)
    with pytest.raises(ModelError, match=r"^interval bounds must be a number each \(got \['x'"):
        Interval("x", 1)
    with pytest.raises(ModelError, match=r"^interval needs low <= high \(got \[2\.0, 1\.0\]\)"):
        Interval(2, 1)
    assert Interval(1, 1).length == 0.0
    assert Interval(1, 2) == Interval(1.0, 2.0)


def test_level_sets() -> None:
    with pytest.raises(ModelError, match=r"^a set of levels must not be empty$"):
        Levels(set())
    assert Levels(["b", "a", "b"]).levels == frozenset({"a", "b"})
    assert not Box((Interval(0, 1),)).contains((0.5, 0.5))
    assert Box([Interval(0, 1)]).bounds == (Interval(0, 1),)


def test_levels_of_an_issue() -> None:
    with pytest.raises(
        ModelError, match=r"^levels must be a sequence of strings, not one string \(got 'abc'\)$"
    ):
        OrdinalIssue("o", levels="abc")
    with pytest.raises(ModelError, match=r"issue 'o' needs at least two levels \(got \['a'\]\)"):
        OrdinalIssue("o", levels=("a",))
    with pytest.raises(ModelError, match="issue 'o' levels must be non-empty strings"):
        OrdinalIssue("o", levels=("a", ""))
    with pytest.raises(ModelError, match="issue 'o' levels must be non-empty strings"):
        OrdinalIssue("o", levels=("a", 3))  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"levels must be distinct \(repeated: \['a'\]\)"):
        CategoricalIssue("c", levels=("a", "b", "a"))


def test_scale_issues() -> None:
    with pytest.raises(ModelError, match=r"^issue 't': low must be a finite number \(got nan\)"):
        ScaleIssue("t", low=math.nan, high=1)
    with pytest.raises(ModelError, match=r"^issue 't': high must be a number"):
        ScaleIssue("t", low=0, high="x")
    with pytest.raises(ModelError, match=r"needs low < high \(got low=1\.0, high=1\.0\)"):
        ScaleIssue("t", low=1, high=1)
    with pytest.raises(ModelError, match=r"needs low < high \(got low=2\.0, high=1\.0\)"):
        ScaleIssue("t", low=2, high=1)
    assert LEASE.kind == "scale"
    with pytest.raises(
        ModelError, match=r"^issue 'lease': value must lie in \[10, 60\] \(got 5\)"
    ):
        LEASE.check_value(5)
    with pytest.raises(ModelError, match=r"got 60\.5\)"):
        LEASE.check_value(60.5)
    with pytest.raises(ModelError, match="a value of issue 'lease' must be a number"):
        LEASE.check_value("ten")
    assert LEASE.check_set((20, 30)) == Interval(20, 30)
    assert LEASE.check_set([10, 60]) == Interval(10, 60)
    assert LEASE.check_set(Interval(15, 25)) == Interval(15, 25)
    for bad in ("20", (20,), (20, 30, 40), 20):
        with pytest.raises(ModelError, match=r"an acceptable set must be \[low, high\] \(got"):
            LEASE.check_set(bad)
    with pytest.raises(
        ModelError, match=r"^issue 'lease': an acceptable set must be \[low, high\] \(got '20'\)$"
    ):
        LEASE.check_set("20")
    with pytest.raises(ModelError, match="an interval bound must be a number"):
        LEASE.check_set(("a", 30))
    with pytest.raises(ModelError, match="an interval bound must be a number"):
        LEASE.check_set((20, "b"))
    with pytest.raises(
        ModelError, match=r"acceptable interval \[5, 30\] must lie within \[10, 60\]"
    ):
        LEASE.check_set((5, 30))
    with pytest.raises(ModelError, match=r"acceptable interval \[20, 70\] must lie within"):
        LEASE.check_set((20, 70))


def test_level_issues() -> None:
    assert TIER.kind == "ordinal"
    assert SEAT.kind == "categorical"
    with pytest.raises(ValueError, match=r"^'z' is not a level of issue 'tier'$"):
        TIER.level_index("z")
    with pytest.raises(ValueError, match="is not a level of issue 'tier'"):
        TIER.level_index(["a"])  # type: ignore[arg-type]
    assert TIER.check_value("c") == "c"
    with pytest.raises(
        ModelError, match=r"^issue 'tier': value must be one of \['a', 'b', 'c', 'd', 'e'\]"
    ):
        TIER.check_value("z")
    with pytest.raises(
        ModelError,
        match=r"^issue 'tier': value must be one of \['a', 'b', 'c', 'd', 'e'\] \(got 1\)$",
    ):
        TIER.check_value(1)
    whole = TIER.whole()
    assert TIER.check_set(whole) is whole
    assert TIER.check_set(Levels({"a", "b"})) == Levels({"a", "b"})
    assert TIER.check_set(["a", "b", "a"]) == Levels({"a", "b"})
    assert TIER.check_set(("c",)) == Levels({"c"})
    with pytest.raises(
        ModelError, match=r"^issue 'tier': an acceptable set of levels must not be empty$"
    ):
        TIER.check_set([])
    for bad in ("a", {"a": 1}, 3):
        with pytest.raises(ModelError, match="an acceptable set must be a list of levels"):
            TIER.check_set(bad)
    with pytest.raises(
        ModelError, match=r"^issue 'tier': an acceptable set must be a list of levels \(got 3\)$"
    ):
        TIER.check_set(3)
    with pytest.raises(ModelError, match=r"unknown levels \['x', 'y'\] \(levels are \['a'"):
        TIER.check_set(Levels({"y", "x", "a"}))
    with pytest.raises(ModelError, match="value must be one of"):
        TIER.check_set(["a", "z"])
    # The shared base of the two kinds has no distance of its own.
    with pytest.raises(NotImplementedError):
        _LevelIssue.distance(TIER, "a", "b")


def test_items() -> None:
    item = Item("x", measures={"area": 2, "depth": 1.5})
    assert item.measures == (("area", 2.0), ("depth", 1.5))
    assert isinstance(item.measures[0][1], float)
    assert Item("x", measures=[("b", 1), ("a", 2)]).measures == (("a", 2.0), ("b", 1.0))
    assert item.measure("area") == 2.0
    assert item.measure("count") == 1.0
    with pytest.raises(UnknownMeasureError, match=r"^item 'x' has no measure 'pop'$"):
        item.measure("pop")
    with pytest.raises(ModelError, match="measure name of item 'x' must be an id"):
        Item("x", measures={"bad name": 1})
    with pytest.raises(ModelError, match="item 'x': the measure 'count' is implicit"):
        Item("x", measures={"count": 1})
    with pytest.raises(ModelError, match=r"item 'x': measure 'area' must be >= 0 \(got -1\)"):
        Item("x", measures={"area": -1})
    with pytest.raises(ModelError, match="measure 'area' of item 'x' must be a finite number"):
        Item("x", measures={"area": math.inf})
    with pytest.raises(ModelError, match="item 'x': measure names must be distinct"):
        Item("x", measures=[("a", 1), ("a", 2)])
    assert Item("x", measures={"area": 0}).measure("area") == 0.0


def test_measure_pairs_are_sorted_by_name_only() -> None:
    # A stable sort on the name alone: pairs of one name keep the order
    # given, and their values are never compared.
    assert _sorted_pairs([("b", "m"), ("a", "z"), ("a", "y")]) == (
        ("a", "z"),
        ("a", "y"),
        ("b", "m"),
    )
    assert _sorted_pairs({"b": 1.0, "a": 2.0}) == (("a", 2.0), ("b", 1.0))


def _island(i: str, **m: float) -> Item:
    return Item(i, measures=m)


def test_items_issues() -> None:
    assert LAND.kind == "items"
    with pytest.raises(ModelError, match=r"^issue 'l': needs at least one item$"):
        ItemsIssue("l", items=())
    with pytest.raises(ModelError, match=r"^issue 'l': items must be Item objects$"):
        ItemsIssue("l", items=("a",))  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"item ids must be distinct \(repeated: \['a'\]\)"):
        ItemsIssue("l", items=(Item("a"), Item("b"), Item("a")))
    with pytest.raises(
        ModelError, match=r"^issue 'l': the measure 'count' is implicit and cannot be declared$"
    ):
        ItemsIssue("l", items=(Item("a"),), measures={"count": "items"})
    with pytest.raises(
        ModelError, match=r"item 'b' must give exactly the measures \['area'\] \(got \[\]\)"
    ):
        ItemsIssue("l", items=(_island("a", area=1), Item("b")), measures={"area": "km2"})
    with pytest.raises(ModelError, match="measure 'area' must be positive for at least one item"):
        ItemsIssue("l", items=(_island("a", area=0),), measures={"area": "km2"})
    with pytest.raises(
        ModelError, match=r"default_measure must be one of \['count', 'area'\] \(got 'pop'\)"
    ):
        ItemsIssue(
            "l", items=(_island("a", area=1),), measures={"area": "km2"}, default_measure="pop"
        )
    with pytest.raises(
        UnknownMeasureError,
        match=r"^issue 'land' has no measure 'depth' \(it has \['count', 'area', 'pop'\]\)$",
    ):
        LAND.weights("depth")


def test_item_values() -> None:
    assert LAND.check_value({"a": 1, "b": 0, "c": 0.5}) == (1.0, 0.0, 0.5)
    assert LAND.check_value([1, 0, 0.5]) == (1.0, 0.0, 0.5)
    assert LAND.check_value((0, 1, 1)) == (0.0, 1.0, 1.0)
    with pytest.raises(
        ModelError,
        match=r"every item a share: missing items \['c'\], unknown items \['z'\]",
    ):
        LAND.check_value({"a": 1, "b": 0, "z": 1})
    with pytest.raises(ModelError, match=r"every item a share: missing items \['b', 'c'\]$"):
        LAND.check_value({"a": 1})
    with pytest.raises(ModelError, match=r"every item a share: unknown items \['z'\]$"):
        LAND.check_value({"a": 1, "b": 0, "c": 0, "z": 1})
    with pytest.raises(ModelError, match=r"a value needs 3 shares \(got 2\)"):
        LAND.check_value([1, 0])
    for bad in ("110", 1, None):
        with pytest.raises(ModelError, match="a value must be a table of item shares"):
            LAND.check_value(bad)
    with pytest.raises(
        ModelError, match=r"^issue 'land': a value must be a table of item shares \(got '110'\)$"
    ):
        LAND.check_value("110")
    with pytest.raises(
        ModelError, match=r"the share of item 'c' must lie in \[0, 1\] \(got 1\.5\)"
    ):
        LAND.check_value([0, 0, 1.5])
    with pytest.raises(ModelError, match=r"the share of item 'a' must lie in \[0, 1\]"):
        LAND.check_value([-0.5, 0, 1])
    with pytest.raises(ModelError, match=r"item 'b' is indivisible: its share must be 0 or 1"):
        LAND.check_value([0, 0.5, 1])
    with pytest.raises(ModelError, match="the share of item 'a' of issue 'land' must be a"):
        LAND.check_value(["x", 0, 1])


def test_item_sets() -> None:
    box = Box((Interval(0, 0), Interval(0, 1), Interval(0, 0.5)))
    assert LAND.check_set(box) == box
    assert LAND.check_set({"a": 0, "c": (0, 0.5)}) == box
    assert LAND.check_set({"a": Interval(0, 0), "c": [0, 0.5]}) == box
    assert LAND.check_set({}) == LAND.whole()
    with pytest.raises(ModelError, match=r"^issue 'land': a box needs 3 bounds$"):
        LAND.check_set(Box((Interval(0, 1),)))
    with pytest.raises(ModelError, match=r"unknown items \['z'\] in an acceptable set"):
        LAND.check_set({"z": 1})
    with pytest.raises(ModelError, match="the bound of item 'c' must be a number"):
        LAND.check_set({"c": "half"})
    with pytest.raises(ModelError, match="a bound must be a number"):
        LAND.check_set({"c": ("x", 1)})
    with pytest.raises(ModelError, match=r"^a bound must be a number \(got 'x'\)$"):
        LAND.check_set({"c": (0, "x")})
    for bad in ([0, 1, 0], "all", 1):
        with pytest.raises(ModelError, match="an acceptable set must be a table of item bounds"):
            LAND.check_set(bad)
    with pytest.raises(
        ModelError,
        match=r"^issue 'land': an acceptable set must be a table of item bounds \(got 'all'\)$",
    ):
        LAND.check_set("all")
    with pytest.raises(
        ModelError, match=r"bounds of item 'c' must lie within \[0, 1\] \(got \[0\.5, 1\.5\]\)"
    ):
        LAND.check_set({"c": (0.5, 1.5)})
    with pytest.raises(ModelError, match=r"bounds of item 'a' must lie within \[0, 1\]"):
        LAND.check_set({"a": (-1, 0)})
    with pytest.raises(
        ModelError, match=r"item 'b' is indivisible: its bounds must be 0 or 1 \(got \[0, 0\.5\]\)"
    ):
        LAND.check_set({"b": (0, 0.5)})
    with pytest.raises(ModelError, match="item 'a' is indivisible"):
        LAND.check_set({"a": (0.5, 1)})


def test_values_of_the_wrong_kind() -> None:
    assert _num(3) == 3.0
    with pytest.raises(ModelError, match=r"^expected a number \(got 'x'\)$"):
        _num("x")
    with pytest.raises(ModelError, match=r"^expected a number \(got \(1\.0,\)\)$"):
        _num((1.0,))
    assert _str("x") == "x"
    with pytest.raises(ModelError, match=r"^expected a level \(got 3\)$"):
        _str(3)
    assert _shares((1.0,)) == (1.0,)
    with pytest.raises(ModelError, match=r"^expected item shares \(got 1\.0\)$"):
        _shares(1.0)
    with pytest.raises(ModelError, match=r"^expected an? Interval \(got Levels"):
        _as(Levels({"a"}), Interval)
    with pytest.raises(ModelError, match="expected item shares"):
        LAND.distance(1.0, (1.0, 1.0, 1.0))
    with pytest.raises(ModelError, match="expected a level"):
        TIER.distance("a", 1.0)
    with pytest.raises(ModelError, match="expected a number"):
        LEASE.distance(10, "a")
