"""Indented JSON text, as ``json.dumps(value, ensure_ascii=False, indent=…, sort_keys=…)`` writes it.

With an indent, the standard library's encoder runs in Python (its C encoder only writes compact
JSON), as a chain of generators. The metadata documents (the schema.org block of every dataset page,
the JSON-LD catalogue) are small trees of dicts, lists and strings: writing them recursively, with
the C string encoder for the strings, is the same output in a fraction of the time
(tests/metadata/test_jsontext.py compares both on varied documents).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


def indented_json(value: Any, indent: int = 2, sort_keys: bool = False) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)``.

    Dict keys must be strings (a TypeError otherwise): the documents written here have no others."""
    return _write(value, "", " " * indent, sort_keys)


def indented_value(value: Any, indent: str, step: str, sort_keys: bool = False) -> str:
    """``value`` as :func:`indented_json` writes it inside a document, where its first line
    stands at ``indent`` (its own nested lines one ``step`` further): lets a writer that lays out
    a document's frame itself write each value once and reuse the text."""
    return _write(value, indent, step, sort_keys)


def _write(value: Any, indent: str, step: str, sort_keys: bool) -> str:
    kind = type(value)
    if kind is str or isinstance(value, str):
        return encode_basestring(value)
    if kind is dict or isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + step
        head = ",\n" + inner
        parts = []
        for key, item in (sorted(value.items()) if sort_keys else value.items()):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings here, not {type(key).__name__}")
            parts.append(encode_basestring(key) + ": "
                         + (encode_basestring(item) if type(item) is str else _write(item, inner, step, sort_keys)))
        return "{\n" + inner + head.join(parts) + "\n" + indent + "}"
    if kind is list or isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + step
        return ("[\n" + inner + (",\n" + inner).join([
            encode_basestring(item) if type(item) is str else _write(item, inner, step, sort_keys) for item in value])
                + "\n" + indent + "]")
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)  # floats, subclasses of int (and json's errors for the rest)
