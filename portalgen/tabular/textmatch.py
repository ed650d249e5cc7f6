"""Which values of a text column match a pattern: Arrow's RE2 for long columns, Python's ``re`` for short ones.

Each Arrow regex call compiles its pattern again (tens of microseconds), more than matching a
few dozen values costs in Python with a pattern compiled once per process. Both ways give the
same mask (tested), for the patterns this package uses: anchored, with explicit character
classes. A pattern whose meaning differs between the two engines (``\\d``, ``\\s``, ``\\w``,
``\\b``, ``\\x{…}``) always runs in Arrow.
"""

from __future__ import annotations

import functools
import re

import pyarrow as pa
import pyarrow.compute as pc

#: Up to this many values, patterns run in Python.
SMALL_COLUMN = 512

#: RE2 escapes that mean something else, or nothing, in Python's ``re``.
_ENGINE_SPECIFIC = re.compile(r"\\[dDsSwWbBpPxzAC]")


@functools.lru_cache(maxsize=256)
def python_pattern(pattern: str) -> re.Pattern | None:
    """The RE2 ``pattern`` compiled for Python's ``re`` with the same meaning, or None when it has
    no safe translation. RE2's ``$`` (without multi-line mode) matches only at the very end,
    Python's also before a final newline: it becomes ``\\Z``."""
    if _ENGINE_SPECIFIC.search(pattern):
        return None
    translated, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            translated.append(char)
            escaped = False
        elif char == "\\":
            translated.append(char)
            escaped = True
        elif in_class:
            translated.append(char)
            in_class = char != "]"
        elif char == "[":
            translated.append(char)
            in_class = True
        elif char == "$":
            translated.append(r"\Z")
        else:
            translated.append(char)
    try:
        return re.compile("".join(translated))
    except re.error:
        return None


def match_mask(values: pa.Array | pa.ChunkedArray, pattern: str) -> pa.Array | pa.ChunkedArray:
    """True where a value contains a match of ``pattern`` (null where the value is null), as
    ``pyarrow.compute.match_substring_regex`` gives it."""
    if len(values) <= SMALL_COLUMN and python_pattern(pattern) is not None:
        return pa.array(match_list(values.to_pylist(), pattern), type=pa.bool_())
    return pc.match_substring_regex(values, pattern)


def match_list(texts: list[str | None], pattern: str) -> list[bool | None] | None:
    """:func:`match_mask` of a column's texts already read into Python, as a list; None when the
    pattern has no Python translation (then only Arrow can run it)."""
    compiled = python_pattern(pattern)
    if compiled is None:
        return None
    search = compiled.search
    return [None if v is None else search(v) is not None for v in texts]


def any_match(values: pa.Array | pa.ChunkedArray, pattern: str, texts: list[str | None] | None = None) -> bool:
    """Whether some value contains a match of ``pattern``; ``texts``, when the caller has them, are the
    small column's values already read into Python."""
    compiled = python_pattern(pattern) if len(values) <= SMALL_COLUMN else None
    if compiled is None:
        return bool(pc.any(pc.fill_null(pc.match_substring_regex(values, pattern), False)).as_py())
    search = compiled.search
    return any(v is not None and search(v) is not None for v in (values.to_pylist() if texts is None else texts))
