"""portalgen.replacing.replaced must make exactly what dataclasses.replace makes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import ClassVar

import pytest

from portalgen.pipeline import read_site
from portalgen.replacing import _plain_fields, replaced

ODD_VALUES = ["", None, "é à ç — ‘’ 😀", "1,5", "<script>alert('x')</script>&amp;\"", "x" * 10_000,
              dt.date(2024, 2, 29), Decimal("1.50"), 0, -1.5, (), ("a", None), {"k": [1, 2]}, Path("/a b/ç")]


@dataclasses.dataclass(frozen=True)
class Frozen:
    name: str
    value: object = None
    items: tuple = ()
    extra: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Mutable:
    name: str
    value: object = None


@dataclasses.dataclass(frozen=True)
class WithCache:
    name: str

    @cached_property
    def upper(self) -> str:
        return self.name.upper()


@dataclasses.dataclass(frozen=True)
class Child(Frozen):
    more: object = "m"


@dataclasses.dataclass(frozen=True)
class PostInit:
    name: str
    seen: list = dataclasses.field(default_factory=list)

    def __post_init__(self):
        self.seen.append(self.name)


@dataclasses.dataclass(frozen=True, slots=True)
class Slotted:
    name: str
    value: object = None


@dataclasses.dataclass(frozen=True)
class NotInInit:
    name: str
    derived: str = dataclasses.field(init=False, default="d")


@dataclasses.dataclass(frozen=True)
class WithClassVar:
    name: str
    kind: ClassVar[str] = "k"


@dataclasses.dataclass(frozen=True)
class WithInitVar:
    name: str
    seed: dataclasses.InitVar[int] = 0


class OwnInit(Frozen):
    def __init__(self, name):
        super().__init__(name, "own")


def same(expected, got) -> None:
    assert type(got) is type(expected)
    assert got == expected
    if hasattr(expected, "__dict__"):
        assert list(vars(got).items()) == list(vars(expected).items())  # the same values, in the same order
        for name, value in vars(expected).items():
            assert vars(got)[name] is value
    assert pickle.dumps(got) == pickle.dumps(expected)


@pytest.mark.parametrize("value", ODD_VALUES)
def test_equal_to_replace_on_odd_values(value):
    for obj, changes in [(Frozen("a", 1, (1,), {"x": 1}), {"value": value}),
                         (Frozen("a"), {"name": value, "items": (value,)}),
                         (Mutable("a", value), {"name": "b"}),
                         (Child("c", value), {"more": value}),
                         (Frozen(value), {})]:
        same(dataclasses.replace(obj, **changes), replaced(obj, **changes))


def test_cached_values_are_not_carried_over():
    obj = WithCache("a")
    assert obj.upper == "A"
    got = replaced(obj, name="b")
    same(dataclasses.replace(obj, name="b"), got)
    assert "upper" not in vars(got) and got.upper == "B"


def test_other_classes_go_to_replace():
    for cls in (PostInit, Slotted, NotInInit, WithClassVar, WithInitVar, OwnInit):
        assert _plain_fields(cls) is None, cls
    assert _plain_fields(Frozen) is not None and _plain_fields(Child) is not None
    first = PostInit("a")
    second = replaced(first, name="b")
    assert second.seen == ["a", "b"]  # __post_init__ ran, as with replace
    assert replaced(Slotted("a"), value=2) == Slotted("a", 2)
    assert replaced(NotInInit("a"), name="b") == NotInInit("b")
    assert replaced(WithInitVar("a"), name="b", seed=1) == WithInitVar("b")
    with pytest.raises(TypeError):  # as replace: its own __init__ takes no such field
        replaced(OwnInit("a"), name="b")


def test_the_same_errors_as_replace():
    with pytest.raises(TypeError):
        dataclasses.replace(Frozen("a"), nope=1)
    with pytest.raises(TypeError):
        replaced(Frozen("a"), nope=1)
    with pytest.raises(ValueError):
        replaced(NotInInit("a"), derived="x")


def test_equal_on_the_site_model():
    site, _ = read_site(Path(__file__).parent / "golden" / "site")
    site._datasets_by_id  # a cached property set on the old object
    same(dataclasses.replace(site, datasets=site.datasets[:1]), replaced(site, datasets=site.datasets[:1]))
    for dataset in site.datasets:
        same(dataclasses.replace(dataset, quality=None, charts=()), replaced(dataset, quality=None, charts=()))
        for resource in dataset.resources:
            same(dataclasses.replace(resource, table=None, downloads=()), replaced(resource, table=None, downloads=()))
            if resource.source_file is not None:
                same(dataclasses.replace(resource.source_file, filename="source/x.csv"),
                     replaced(resource.source_file, filename="source/x.csv"))
