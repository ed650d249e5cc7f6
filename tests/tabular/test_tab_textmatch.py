"""Patterns run in Python on short columns must give the masks Arrow's RE2 gives on long ones."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from portalgen.tabular import detect, read, textmatch
from portalgen.tabular import values as V

ODD = ["1", "12", "012", "1 234", "1\u00a0234", "1\u202f234,5", "1.234,56", "1.234.567", "+3", "-0,5", "1,5",
       "1.5", "1.", ".5", "12\n", "\n12", "1\n2", "١٢", "１２", "²", "12 ", " 12", "31/12/2023", "31/12/2023\n",
       "2024-01-02", "2024-01-02T10:11:12", "2024-01-02 10:11", "1/1/99", "31-12-2023 7:05", "0", "00", "",
       None, "abc", "é", "😀12", "12$", "^12", "1$2", "1e5", "0123456789012345678", "\u2028", "1\r", "VRAI"]

PATTERNS = sorted({f.pattern() for f in (V.DOT, V.COMMA, V.COMMA_DOT_GROUPS, V.NumberFormat(",", ""),
                                         V.NumberFormat(".", "'"), V.NumberFormat(",", " ."))}
                  | {f.pattern for f in V.DATE_FAMILIES}
                  | {V.CODE_LIKE, V.DOT_THOUSANDS_EVIDENCE, detect._DATE_ALTERNATIVES.any})


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("values", [ODD, [], [None], ODD[:3]], ids=["odd", "empty", "null", "three"])
def test_python_masks_equal_arrow_masks(pattern, values):
    assert textmatch.python_pattern(pattern) is not None, "every pattern of the package has a Python form"
    array = pa.array(values, type=pa.string())
    arrow = pc.match_substring_regex(array, pattern)
    assert textmatch.match_mask(array, pattern).to_pylist() == arrow.to_pylist()
    assert textmatch.match_mask(pa.chunked_array([array]), pattern).to_pylist() == arrow.to_pylist()
    assert textmatch.any_match(array, pattern) == bool(pc.any(pc.fill_null(arrow, False)).as_py())


@pytest.mark.parametrize("pattern", [r"^\d+$", r"\s", r"\bx", r"^[\x{a0}]$", r"\w"])
def test_patterns_that_differ_between_engines_stay_in_arrow(pattern):
    assert textmatch.python_pattern(pattern) is None
    values = pa.array(["١٢", "12", "\u00a0", "\x0b", "x"])
    assert textmatch.match_mask(values, pattern).to_pylist() == pc.match_substring_regex(values, pattern).to_pylist()


def test_dollar_inside_a_class_or_escaped_is_kept():
    assert textmatch.python_pattern(r"^[$]\$$").pattern == r"^[$]\$\Z"


def test_long_columns_use_arrow(monkeypatch):
    values = pa.array(["12", "x"] * 300)
    monkeypatch.setattr(textmatch, "python_pattern", lambda pattern: pytest.fail("Python path taken"))
    assert textmatch.match_mask(values, V.DOT.pattern()).to_pylist() == [True, False] * 300


SPACES = [chr(c) for c in range(0x3100)]


@pytest.mark.parametrize("where", ["start", "end", "middle"])
def test_edge_space_check_of_short_columns_equals_the_arrow_pattern(where):
    """Every character up to U+3100 at the start, end or middle of a value."""
    for char in SPACES:
        value = {"start": char + "a", "end": "a" + char, "middle": "a" + char + "b"}[where]
        column = pa.chunked_array([pa.array(["x", value])])
        arrow = bool(pc.any(pc.match_substring_regex(column, read._EDGE_SPACE)).as_py())
        assert read._has_edge_space(column) == arrow, (where, hex(ord(char)))
    for column in ([], [""], ["a", ""], [" "]):
        array = pa.chunked_array([pa.array(column, pa.string())])
        assert read._has_edge_space(array) == bool(
            pc.any(pc.match_substring_regex(array, read._EDGE_SPACE)).as_py())
