"""Typed values as text: canonical (for files: 1234.5, 2023-12-31) and French (for pages).

French numbers group thousands with a narrow no-break space (U+202F) and use a decimal
comma: ``format_number_fr(1234.56)`` → ``"1 234,56"``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, getcontext

import pyarrow as pa
import pyarrow.compute as pc

from portalgen.tabular.model import DATE, DATETIME, INTEGER, NUMBER

NARROW_NBSP = "\u202f"
ISO_DATETIME = "%Y-%m-%dT%H:%M:%S"
_YEAR_WORDS = ("annee", "year", "exercice", "millesime", "an")


def plain_decimal(value: float) -> str:
    """A float as its shortest decimal text, never in exponent notation (1e+21 → 1000…0)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def canonical_strings(values: pa.ChunkedArray | pa.Array, column_type: str) -> pa.ChunkedArray | pa.Array:
    """Values as the text written in published files (nulls stay null).

    integer → 1234; number → 1234.5 (shortest round-trip text, no exponent);
    date → 2023-12-31; datetime → 2023-12-31T10:30:00; text unchanged.
    """
    if column_type == INTEGER:
        return pc.cast(values, pa.string())
    if column_type == NUMBER:
        text = pc.cast(values, pa.string())
        exponent = pc.fill_null(pc.match_substring(text, "e"), False)
        if pc.any(exponent).as_py():
            if isinstance(text, pa.ChunkedArray):
                text = text.combine_chunks()
                exponent = exponent.combine_chunks()
                values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
            fixed = [plain_decimal(v) for v in pc.filter(values, exponent).to_pylist()]
            text = pc.replace_with_mask(text, exponent, pa.array(fixed, type=pa.string()))
        return text
    if column_type == DATE:
        return pc.cast(values, pa.string())
    if column_type == DATETIME:
        return pc.strftime(values, format=ISO_DATETIME)
    return values


def canonical_values(values: list, column_type: str) -> list[str | None]:
    """:func:`canonical_strings` of a column already read into Python: the same texts (tested),
    without Arrow calls, which cost more than the work on a small table (dates before year 1, which
    Arrow holds and Python does not, stay with :func:`canonical_strings`). Arrow writes a double as
    its shortest round-trip text, which is what ``plain_decimal`` gives too, exponents aside (which
    canonical_strings rewrites with plain_decimal); it pads years to four digits, as isoformat does."""
    if column_type == INTEGER:
        return [None if v is None else str(v) for v in values]
    if column_type == NUMBER:
        return [None if v is None else plain_decimal(v) for v in values]
    if column_type in (DATE, DATETIME):
        return [None if v is None else v.isoformat() for v in values]
    return list(values)


def canonical_text(value: object) -> str:
    """One typed value as canonical text ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return plain_decimal(value)
    if isinstance(value, dt.datetime):
        return value.strftime(ISO_DATETIME)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _group(digits: str, separator: str) -> str:
    if len(digits) <= 3:  # most numbers of a page: nothing to group
        return digits
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def _plain_float_text(value: float, decimals: int | None, grouping: bool) -> str | None:
    """:func:`format_number_fr` of a finite float whose shortest text has no exponent and needs no
    rounding to ``decimals``, read from that text without Decimal (a preview formats every number
    cell): the Decimal path starts from the same text (``repr``), and quantizing it to at least as
    many decimals only pads zeros, so the digits and sign are the same (tested). None otherwise."""
    text = repr(abs(value))
    if "e" in text:
        return None
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if decimals is not None:
        if len(fraction) > decimals or len(whole) + decimals > getcontext().prec:  # Decimal would round or fail
            return None
        fraction = fraction.ljust(decimals, "0")
    sign = "-" if value < 0 and (whole != "0" or fraction.strip("0")) else ""
    whole = _group(whole, NARROW_NBSP) if grouping else whole
    return sign + whole + ("," + fraction if fraction else "")


def format_number_fr(value: int | float | Decimal | None, decimals: int | None = None, *,
                     grouping: bool = True) -> str:
    """A number written the French way: ``1 234,56`` (narrow no-break space, decimal comma).

    ``decimals`` rounds half up to that many decimals and keeps trailing zeros; ``None``
    keeps the value's own decimals. None, NaN and infinities give ''.
    """
    if value is None or isinstance(value, bool):
        return ""
    if type(value) is int and decimals is None:  # the common case, without Decimal: the same text
        digits = f"{abs(value):,}".replace(",", NARROW_NBSP) if grouping else str(abs(value))
        return "-" + digits if value < 0 else digits
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        text = _plain_float_text(value, decimals, grouping)
        if text is not None:
            return text
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    sign = "-" if number < 0 and (int(whole) != 0 or fraction.strip("0")) else ""
    whole = _group(whole, NARROW_NBSP) if grouping else whole
    return sign + whole + ("," + fraction if fraction else "")


def _day_fr(value: dt.date) -> str:
    """31/12/2023: ``value.strftime("%d/%m/%Y")``, formatted directly for four-digit years (a preview
    writes every date cell, and strftime is slow); the C library decides for earlier years (tested)."""
    if value.year < 1000:
        return value.strftime("%d/%m/%Y")
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_date_fr(value: dt.date | None) -> str:
    """31/12/2023; a date-time also gets its time: 31/12/2023 10:30 (seconds when not zero)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        time = (f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}" if value.second
                else f"{value.hour:02d}:{value.minute:02d}")
        return f"{_day_fr(value)} {time}"
    return _day_fr(value)


@functools.lru_cache(maxsize=1 << 12)
def looks_like_year_column(name: str) -> bool:
    """True for 'année', 'exercice', 'year'…: their integers are not grouped (2023, not 2 023). Kept per
    name: the preview asks for every column of every table, and the same names come back."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    tokens = [t for t in "".join(ch if ch.isalnum() else " " for ch in text).split() if t]
    return any(t in _YEAR_WORDS for t in tokens)


def display_value(value: object, column_type: str, *, decimals: int | None = None,
                  group_integers: bool = True) -> str:
    """A typed value formatted for a French page."""
    if value is None:
        return ""
    if column_type == INTEGER and isinstance(value, int):
        return format_number_fr(value, grouping=group_integers)
    if column_type == NUMBER and isinstance(value, (int, float)):
        return format_number_fr(value, decimals)
    if column_type in (DATE, DATETIME) and isinstance(value, dt.date):
        return format_date_fr(value)
    return str(value)


def display_values(values: Sequence[object], column_type: str, *, decimals: int | None = None,
                   group_integers: bool = True) -> list[str]:
    """:func:`display_value` of every value of one column, the formatter chosen once for the column
    rather than per cell (a preview formats every cell of a table). A value of the Python type the
    column's type gives (``int``, ``float``, a date, ``str``) takes what display_value would call for it
    (a ``str`` is its own text); any other value (None, bool…) goes through display_value itself. Tested
    equal to display_value on varied columns."""
    if column_type == INTEGER:
        return [format_number_fr(v, grouping=group_integers) if type(v) is int
                else display_value(v, column_type, group_integers=group_integers) for v in values]
    if column_type == NUMBER:
        # A finite float's text read without Decimal, as format_number_fr does first, without its checks of the
        # value's type (known here) for each cell; None from _plain_float_text sends the value there.
        texts = [_plain_float_text(v, decimals, True) if type(v) is float and math.isfinite(v) else None
                 for v in values]
        return [text if text is not None else display_value(v, column_type, decimals=decimals)
                for v, text in zip(values, texts)]
    if column_type in (DATE, DATETIME):
        return [format_date_fr(v) if isinstance(v, dt.date) else display_value(v, column_type) for v in values]
    return [v if type(v) is str else display_value(v, column_type) for v in values]
