"""JSON-LD values as text: the context of prefixes, IRIs compacted with it, and the three written
forms of a value (its sort key, its text under a key, its text as a list item) that jsonld.py
writes and records.py keeps with each term."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from .jsontext import indented_value
from .namespaces import PREFIXES

JSONLD_CONTEXT: dict[str, str] = dict(sorted(PREFIXES.items()))

#: json.dumps(value, sort_keys=True, ensure_ascii=False), without making an encoder at each call.
_sorted_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def normalise(value: Any) -> Any:
    """JSON with keys sorted and every list sorted (by its items' JSON), at every level."""
    if isinstance(value, dict):
        return {key: normalise(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [normalise(item) for item in value]
        return sorted(items, key=_sorted_json)
    return value


_PREFIX_OF = {namespace: prefix for prefix, namespace in JSONLD_CONTEXT.items()}


def compact(iri: str) -> str:
    """prefix:name when the IRI's namespace (up to its last #, / or :) is a prefix of the context."""
    iri = str(iri)
    for delimiter in "#/:":
        at = iri.rfind(delimiter)
        if at > -1:
            prefix = _PREFIX_OF.get(iri[:at + 1])
            return f"{prefix}:{iri[at + 1:]}" if prefix else iri
    return iri


STEP = "  "
NODE_INDENT = STEP * 2    # a node, an item of "@graph"
KEY_INDENT = STEP * 3     # a node's keys
ITEM_INDENT = STEP * 4    # the items of a list of values
ID_PAIR = encode_basestring("@id") + ": "


def written_forms(value) -> tuple[str, str, str]:
    """A value's sort key in a normalised list (its sorted JSON), and its text alone under a key
    and as an item of a list.

    Nearly every value is a string or an object of strings with its keys in sorted order (@id;
    @type, @value; @language, @value), whose three forms are written here directly; any other
    value (numbers, booleans) by jsontext's and json's general writers, which give the same texts
    (tests/metadata/test_jsonld_forms.py)."""
    if type(value) is str:
        text = encode_basestring(value)
        return text, text, text
    if type(value) is dict and list(value) == sorted(value) and all(type(v) is str for v in value.values()):
        return object_forms([encode_basestring(key) + ": " + encode_basestring(item) for key, item in value.items()])
    return general_forms(value)


def object_forms(pairs: list[str]) -> tuple[str, str, str]:
    """:func:`written_forms` of a JSON object of strings, given as its ``"key": "value"`` texts in
    the order of the keys."""
    return ("{" + ", ".join(pairs) + "}",
            "{\n" + ITEM_INDENT + (",\n" + ITEM_INDENT).join(pairs) + "\n" + KEY_INDENT + "}",
            "{\n" + ITEM_INDENT + STEP + (",\n" + ITEM_INDENT + STEP).join(pairs) + "\n" + ITEM_INDENT + "}")


def general_forms(value) -> tuple[str, str, str]:
    """:func:`written_forms`'s three forms by the general writers, for any JSON value."""
    return (_sorted_json(normalise(value)), indented_value(value, KEY_INDENT, STEP),
            indented_value(value, ITEM_INDENT, STEP))
