"""``dataclasses.replace`` for the model's plain dataclasses, without calling their ``__init__``.

After the data work, the build process makes new frozen objects from old ones for every dataset and
resource (its table and downloads set, then its quality, its conformity…): some 40,000 replaces on
10,000 datasets, while the other core waits. ``dataclasses.replace`` gathers every field with
``getattr`` and calls the generated ``__init__`` with them as keywords, which sets each one with
``object.__setattr__`` (frozen): about 25 µs for a dataset of 23 fields. :func:`replaced` makes the
same object by filling the new instance's ``__dict__`` from the old one's, a few microseconds.

It is the same object because it is only taken for a class whose generated ``__init__`` does nothing
but store its arguments (:func:`_plain_fields`): a dataclass with no ``__post_init__``, no ``InitVar``,
``ClassVar`` or ``init=False`` field, no ``__slots__`` and its ``__init__`` the generated one. Then
``replace`` stores exactly the old values of the fields but those changed, in field order, and nothing
else (a ``cached_property`` value of the old object is not carried over, by either). Any other class,
or a change naming something that is not a field, goes to ``dataclasses.replace`` itself (its errors
included). tests/test_replacing.py compares both on varied classes and values.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

#: class → its field names in order and as a set, when :func:`replaced` may fill its instances directly; else None.
_PLAIN_FIELDS: dict[type, tuple[tuple[str, ...], frozenset[str]] | None] = {}


def _plain_fields(cls: type) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The names of ``cls``'s fields, in order and as a set, when its ``__init__`` only stores them (see the
    module's docstring); None otherwise."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") or cls.__new__ is not object.__new__:
        return None
    if any("__slots__" in vars(klass) for klass in cls.__mro__[:-1]):
        return None
    fields = dataclasses.fields(cls)
    if len(fields) != len(cls.__dataclass_fields__) or not all(field.init for field in fields):
        return None  # an InitVar or ClassVar pseudo-field, or a field __init__ does not take
    init = getattr(cls.__init__, "__code__", None)
    if init is None or init.co_filename != "<string>" or cls.__init__.__qualname__ != f"{cls.__qualname__}.__init__":
        return None  # an __init__ of the class's own, not the one dataclasses generated
    names = tuple(field.name for field in fields)
    return names, frozenset(names)


def replaced(obj: T, /, **changes: Any) -> T:
    """``dataclasses.replace(obj, **changes)``, made without calling ``__init__`` when its class allows it."""
    cls = type(obj)
    try:
        plain = _PLAIN_FIELDS[cls]
    except KeyError:
        plain = _PLAIN_FIELDS[cls] = _plain_fields(cls)
    if plain is None or not changes.keys() <= plain[1]:
        return dataclasses.replace(obj, **changes)
    old = obj.__dict__
    if len(old) == len(plain[0]):  # the fields and nothing else, in order (as __init__, pickle or this set them)
        fields = old.copy()
        fields.update(changes)
    else:  # and values of cached properties, which a new object does not have
        fields = {name: changes[name] if name in changes else old[name] for name in plain[0]}
    new = object.__new__(cls)
    new.__dict__.update(fields)
    return new
