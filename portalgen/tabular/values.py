"""Vectorised recognition and conversion of cell values (numbers, dates) with Arrow compute.

Patterns are RE2 (Arrow's regex engine), anchored, ASCII digits only. A number is
``[+-]digits[decimal digits]`` with an optional thousands grouping of exactly three digits;
an integer part with a leading zero ("01053") is a code, not a number.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from portalgen.tabular.textmatch import SMALL_COLUMN as SMALL_TEXT_COLUMN, python_pattern

SPACE_SEPARATORS = " \u00a0\u202f"
#: Above this many digits a value is kept as text (an identifier, or beyond float precision).
MAX_DIGITS = 15
#: Up to this many values, numbers and the parts of dates are read in Python: on a small column each
#: Arrow compute call costs more than the work itself. Both ways give the same values (tested).
SMALL_COLUMN = SMALL_TEXT_COLUMN


def _class(chars: str) -> str:
    return "[" + "".join(re.escape(c) if c not in SPACE_SEPARATORS else c for c in chars) + "]"


@dataclass(frozen=True)
class NumberFormat:
    """How numbers are written in a column: decimal mark and allowed thousands separators."""

    decimal: str
    thousands: str

    def pattern(self) -> str:
        """One anchored RE2 pattern matching every number written this way."""
        return _number_pattern(self.decimal, self.thousands)

    def canonical(self, values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
        """Matching values rewritten with no grouping, a dot decimal and no '+' sign."""
        if 0 < len(values) <= SMALL_COLUMN:  # same texts in Python (tested), without four Arrow calls
            texts = pa.array(self.canonical_texts(values.to_pylist()), type=pa.string())
            return pa.chunked_array([texts], type=pa.string()) if isinstance(values, pa.ChunkedArray) else texts
        out = values
        for separator in self.thousands:
            out = pc.replace_substring(out, separator, "")
        if self.decimal != ".":
            out = pc.replace_substring(out, self.decimal, ".")
        if pc.any(pc.fill_null(pc.starts_with(out, "+"), False)).as_py():
            out = pc.replace_substring_regex(out, r"^\+", "")
        return out

    def _canonical_text(self, value: str) -> str:
        for separator in self.thousands:
            value = value.replace(separator, "")
        if self.decimal != ".":
            value = value.replace(self.decimal, ".")
        return value[1:] if value.startswith("+") else value

    def canonical_texts(self, values: list[str | None]) -> list[str | None]:
        """:meth:`_canonical_text` of each value (None stays None). The separators and the decimal mark are
        single characters, so they are replaced in the values joined by newlines, then split again: the
        same texts, with a few calls for the column instead of a few per value, unless some value holds
        a newline (then the lines are not the values) or a separator is one."""
        filled, joined = _as_lines(values)
        if joined is None or "\n" in self.thousands + self.decimal:
            return [None if v is None else self._canonical_text(v) for v in values]
        for separator in self.thousands:
            joined = joined.replace(separator, "")
        if self.decimal != ".":
            joined = joined.replace(self.decimal, ".")
        texts = joined.split("\n")
        if "+" in joined:
            texts = [t[1:] if t.startswith("+") else t for t in texts]
        if len(filled) == len(values):
            return texts
        canonical = iter(texts)
        return [None if v is None else next(canonical) for v in values]


def _as_lines(values: list[str | None]) -> tuple[list[str], str | None]:
    """A small column's non-null values, and those values joined by newlines when each line of the
    joined text is one value (there is a value, and none holds a newline); else None. A few calls on the
    joined text then do for the column what a few calls per value would."""
    filled = [v for v in values if v is not None]
    joined = "\n".join(filled)
    return filled, (joined if filled and joined.count("\n") == len(filled) - 1 else None)


@functools.lru_cache(maxsize=64)
def _number_pattern(decimal: str, thousands: str) -> str:
    """:meth:`NumberFormat.pattern`, written once per way of writing numbers: the detection asks for a
    column's candidate formats' patterns several times, and for every column of every table (the same
    text, and then the same string object, which the compiled-pattern cache finds by a hash kept)."""
    dec = re.escape(decimal)
    plain = rf"(?:0|[1-9][0-9]*)(?:{dec}[0-9]+)?"
    alternatives = [plain]
    if thousands:
        alternatives.append(rf"[1-9][0-9]{{0,2}}(?:{_class(thousands)}[0-9]{{3}})+(?:{dec}[0-9]+)?")
    return r"^[+-]?(?:" + "|".join(alternatives) + r")$"


#: Canonical numbers (see :meth:`NumberFormat.canonical`) Python reads exactly as Arrow's cast does,
#: one per line: a column's texts are checked together, joined by newlines (see _plain_numbers).
_PLAIN_INTEGERS = re.compile(r"-?[0-9]{1,18}(?:\n-?[0-9]{1,18})*\Z")  # within int64
_PLAIN_DECIMALS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:\n-?[0-9]+(?:\.[0-9]+)?)*\Z")


def to_numbers(canonical: pa.Array | pa.ChunkedArray, integer: bool) -> pa.Array | pa.ChunkedArray:
    """Canonical numbers as ``int64`` (``integer``) or ``double``: ``pc.cast``, whose fixed cost is more
    than converting a small column in Python. Both read plain ASCII decimals exactly (Python's ``int``
    and ``float``, like Arrow's parser, round a decimal to the nearest double), so a small column whose
    texts are all plain decimals is converted in Python (tested equal); any other text goes to the cast,
    which accepts or refuses it as it always did."""
    if len(canonical) <= SMALL_COLUMN:
        numbers = _plain_numbers(canonical.to_pylist(), integer)
        if numbers is not None:
            return pa.array(numbers, type=_number_type(integer))
    return pc.cast(canonical, _number_type(integer))


def _number_type(integer: bool) -> pa.DataType:
    return pa.int64() if integer else pa.float64()


def _plain_numbers(texts: list[str | None], integer: bool) -> list[int | float | None] | None:
    """The numbers :func:`to_numbers` gives of a small column's canonical texts, as Python values (what
    ``to_pylist`` of its array gives: ``int`` or ``float``, None for nulls), or None when some text is
    not a plain decimal (then only the cast can say what it is)."""
    filled, joined = _as_lines(texts)
    if filled:
        # One match over the texts as lines rather than one per text: the lines match the pattern
        # exactly when each text does.
        if joined is None or not (_PLAIN_INTEGERS if integer else _PLAIN_DECIMALS).match(joined):
            return None
    convert = int if integer else float
    if len(filled) == len(texts):
        return list(map(convert, texts))
    return [None if t is None else convert(t) for t in texts]


@dataclass(frozen=True)
class TypedNumbers:
    """:func:`typed_numbers`' result: the numbers, the fewest/most decimals (None for integers), and,
    for a small column converted in Python, the numbers as Python values (``python_list(numbers)``:
    the values the array was made from), which the next steps read instead of converting it back."""

    numbers: pa.Array | pa.ChunkedArray
    decimals: tuple[int, int] | None
    python: list[int | float | None] | None = None


def typed_numbers(values: pa.Array | pa.ChunkedArray, fmt: NumberFormat, integer: bool,
                  texts: list[str | None] | None = None) -> TypedNumbers:
    """A number column's values written ``fmt`` as numbers (:func:`to_numbers` of ``fmt.canonical``), and,
    unless ``integer``, the :func:`decimals_range` of their canonical texts. A small column's canonical
    texts are made once in Python and read by both, instead of an Arrow array of them read back twice:
    the same numbers and range (each step is the small-column path of the function it stands for).
    ``texts``, when the caller has them, are the small column's values already read into Python."""
    if 0 < len(values) <= SMALL_COLUMN:
        source = values.to_pylist() if texts is None else texts
        texts = fmt.canonical_texts(source)
        numbers = _plain_numbers(texts, integer)
        if numbers is not None:
            return TypedNumbers(pa.array(numbers, type=_number_type(integer)),
                                None if integer else _decimals_of_texts(texts), numbers)
    canonical = fmt.canonical(values)
    return TypedNumbers(to_numbers(canonical, integer), None if integer else decimals_range(canonical))


def to_dates(stamps: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Timestamps (``timestamp[s]``) as ``date32`` days, as ``pc.cast`` gives them (the day of the
    timestamp, counted down for times before 1970: floor division), computed in Python for a small
    column (see :func:`to_numbers`; tested equal)."""
    if len(stamps) > SMALL_COLUMN or isinstance(stamps, pa.ChunkedArray):  # (a given date_format's)
        return pc.cast(stamps, pa.date32())
    return _days(stamps.view(pa.int64()).to_pylist())


def _days(seconds: list[int | None]) -> pa.Array:
    """Seconds since 1970 as ``date32`` days (floor division: see :func:`to_dates`)."""
    return pa.array([None if s is None else s // 86400 for s in seconds], type=pa.int32()).view(pa.date32())


def small_family_dates(texts: list[str | None], family: DateFamily) -> pa.Array:
    """``to_dates(parse_family(values, family).timestamps)`` of a small column's values read into Python
    (``texts``): the days made from the parsed seconds directly, instead of from an Arrow array of
    timestamps made and read back; the same days, as both run :func:`_parsed_seconds` then :func:`_days`."""
    return _days(_parsed_seconds(texts, family)[0])


DOT = NumberFormat(".", SPACE_SEPARATORS)
COMMA = NumberFormat(",", SPACE_SEPARATORS)
COMMA_DOT_GROUPS = NumberFormat(",", SPACE_SEPARATORS + ".")

#: Values that prove '.' is a thousands separator: 1.234,56 or 1.234.567.
DOT_THOUSANDS_EVIDENCE = r"^[+-]?[1-9][0-9]{0,2}(?:(?:\.[0-9]{3})+,[0-9]+|(?:\.[0-9]{3}){2,})$"
#: Digits with a leading zero: codes (INSEE, postcodes), never numbers.
CODE_LIKE = r"^0[0-9]+$"


@dataclass(frozen=True)
class DateFamily:
    """A way of writing dates, with an optional time of day."""

    label: str
    strftime: str
    pattern: str
    with_time: bool

    def time_label(self, seconds: bool) -> str:
        return self.label + (" hh:mm:ss" if seconds else " hh:mm")

    def time_strftime(self, seconds: bool) -> str:
        return self.strftime + (" %H:%M:%S" if seconds else " %H:%M")


_TIME = r"(?:[ T](?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?)?"
_TIME_ISO = r"(?:[ T](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?)?"

DATE_FAMILIES: tuple[DateFamily, ...] = (
    DateFamily("dd/mm/yyyy", "%d/%m/%Y",
               r"^(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})" + _TIME + "$", True),
    DateFamily("dd/mm/yy", "%d/%m/%y",
               r"^(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{2})$", False),
    DateFamily("dd-mm-yyyy", "%d-%m-%Y",
               r"^(?P<d>[0-9]{1,2})-(?P<m>[0-9]{1,2})-(?P<y>[0-9]{4})" + _TIME + "$", True),
    DateFamily("yyyy-mm-dd", "%Y-%m-%d",
               r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})" + _TIME_ISO + "$", True),
)

@dataclass(frozen=True)
class ParsedDates:
    """Timestamps (null where a value is not a real date), and what the values held."""

    timestamps: pa.Array
    has_time: bool
    has_seconds: bool
    swapped: int  # invalid values that would be valid read as month/day




class _ArrowParts:
    """The named parts of date values, extracted by one Arrow call."""

    def __init__(self, values: pa.Array, family: DateFamily):
        self.parts = pc.extract_regex(values, family.pattern)
        self.matched = np.asarray(pc.is_valid(self.parts).to_numpy(zero_copy_only=False), dtype=bool)

    def ints(self, name: str) -> np.ndarray:
        """A numeric part (ASCII digits) as int64 (0 where absent or not matched)."""
        text = pc.struct_field(self.parts, name)
        text = pc.if_else(pc.fill_null(pc.equal(text, ""), True), "0", text)
        return np.asarray(pc.cast(text, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)

    def has_value(self, name: str) -> bool:
        text = pc.struct_field(self.parts, name)
        return bool(pc.any(pc.fill_null(pc.not_equal(text, ""), False)).as_py() or False)


def _parse_small(texts: list[str | None], family: DateFamily) -> ParsedDates:
    """:func:`parse_family` of a small column's values read into Python, value by value: the same
    timestamps and counts (tested), without the dozen numpy and Arrow calls that cost more than the values."""
    stamps, has_time, has_seconds, swapped = _parsed_seconds(texts, family)
    return ParsedDates(pa.array(stamps, type=pa.timestamp("s")), has_time, has_seconds, swapped)


def _parsed_seconds(texts: list[str | None], family: DateFamily) -> tuple[list[int | None], bool, bool, int]:
    """:func:`_parse_small`'s values: each value's seconds since 1970 (None when not a real date), whether
    some value has a time, seconds, and how many invalid values are real dates read month first."""
    stamps: list[int | None] = []
    has_time = has_seconds = False
    swapped = 0
    known = _PARSED.setdefault(family, {})
    for value in texts:
        if value is None:
            stamps.append(None)
            continue
        parsed = known.get(value)
        if parsed is None:
            if len(known) >= _PARSED_LIMIT:
                known.clear()
            parsed = known[value] = _parse_value(value, family)
        stamp, value_time, value_seconds, value_swapped = parsed
        stamps.append(stamp)
        has_time = has_time or value_time
        has_seconds = has_seconds or value_seconds
        swapped += value_swapped
    return stamps, has_time, has_seconds, swapped


#: Each value's :func:`_parse_value`, by family, kept per process: the detection and the normalisation
#: parse the same values, and dates come back from file to file. One dict per family, found once per
#: column, so that a value is looked up without hashing its family again (a frozen dataclass hashes
#: all its fields at each call); a family's dict is emptied when it holds _PARSED_LIMIT values.
_PARSED: dict[DateFamily, dict[str, tuple[int | None, bool, bool, bool]]] = {}
_PARSED_LIMIT = 1 << 14


def _parse_value(value: str, family: DateFamily) -> tuple[int | None, bool, bool, bool]:
    """One value of :func:`_parse_small`: its timestamp (None when it is not a real date and time),
    whether it has a time and seconds, and whether it is invalid but a real date read month first."""
    match = python_pattern(family.pattern).search(value)
    if match is None:
        return None, False, False, False
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if family.label.endswith("yy") and not family.label.endswith("yyyy"):
        year += 2000 if year < 69 else 1900
    seconds, time_ok, has_time, has_seconds = 0, True, False, False
    if family.with_time:
        has_time, has_seconds = bool(match["H"]), bool(match["S"])
        hour, minute, second = int(match["H"] or 0), int(match["M"] or 0), int(match["S"] or 0)
        time_ok = hour < 24 and minute < 60 and second < 60
        seconds = hour * 3600 + minute * 60 + second
    if time_ok and _is_real_day(year, month, day):
        return _days_from_civil(year, month, day) * 86400 + seconds, has_time, has_seconds, False
    return None, has_time, has_seconds, time_ok and _is_real_day(year, day, month)


def _is_real_day(year: int, month: int, day: int) -> bool:
    """:func:`_is_real_date` of one date."""
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    return year >= 1 and 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month] + (month == 2 and leap)


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 in the proleptic Gregorian calendar, for any year (numpy's datetime64
    arithmetic gives the same; Python's date stops at year 1)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _is_real_date(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Dates of the calendar the published files use: years 1 to 9999 (there is no year 0: Python,
    spreadsheets and most readers refuse it), months 1 to 12, days that exist in their month."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + ((month == 2) & leap)
    return (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)


#: The range of dates published (Python's ``datetime``: years 1 to 9999).
FIRST_DATE = pa.scalar(datetime(1, 1, 1), type=pa.timestamp("s"))
LAST_DATE = pa.scalar(datetime(9999, 12, 31, 23, 59, 59), type=pa.timestamp("s"))

_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _stamps(year: np.ndarray, month: np.ndarray, day: np.ndarray, seconds: np.ndarray,
            valid: np.ndarray) -> pa.Array:
    safe_month = np.where(valid, month, 1)
    safe_day = np.where(valid, day, 1)
    safe_year = np.where(valid, year, 1970)
    days = ((safe_year - 1970).astype("datetime64[Y]").astype("datetime64[M]")
            + (safe_month - 1).astype("timedelta64[M]")).astype("datetime64[D]") + (safe_day - 1).astype(
        "timedelta64[D]")
    stamps = days.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    return pa.array(stamps, type=pa.timestamp("s"), mask=~valid)


def parse_family(values: pa.Array | pa.ChunkedArray, family: DateFamily,
                 texts: list[str | None] | None = None) -> ParsedDates:
    """Parse values written in a date family; null where a value does not match or is not a real
    date or time (31/02/2023, 25:00). ``texts``, when the caller has them, are a small column's values
    already read into Python."""
    if len(values) <= SMALL_COLUMN:
        return _parse_small(values.to_pylist() if texts is None else texts, family)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    parts = _ArrowParts(values, family)
    matched = parts.matched
    year, month, day = parts.ints("y"), parts.ints("m"), parts.ints("d")
    if family.label.endswith("yy") and not family.label.endswith("yyyy"):
        year = year + np.where(year < 69, 2000, 1900)
    has_time = has_seconds = False
    seconds = np.zeros(len(values), dtype=np.int64)
    time_ok = np.ones(len(values), dtype=bool)
    if family.with_time:
        has_time = parts.has_value("H")
        has_seconds = parts.has_value("S")
        hour, minute, second = parts.ints("H"), parts.ints("M"), parts.ints("S")
        time_ok = (hour < 24) & (minute < 60) & (second < 60)
        seconds = hour * 3600 + minute * 60 + second
    real = _is_real_date(year, month, day)
    valid = matched & real & time_ok
    invalid = matched & ~valid
    swapped = int((invalid & _is_real_date(year, day, month) & time_ok).sum()) if invalid.any() else 0
    return ParsedDates(_stamps(year, month, day, seconds, valid), has_time, has_seconds, swapped)


def parse_with_format(values: pa.Array, fmt: str) -> ParsedDates:
    """Parse values with a strftime pattern given by the webmaster; null where they do not fit."""
    stamps = pc.strptime(values, format=fmt, unit="s", error_is_null=True)
    same = pc.fill_null(pc.equal(pc.strftime(stamps, format=fmt), values), False)
    if not pc.all(same).as_py():
        # Arrow accepts out-of-range days and unpadded numbers differently from Python:
        # let Python decide for the values whose round trip differs.
        texts = values.to_pylist()
        flags = same.to_pylist()
        checked = []
        for text, ok in zip(texts, flags):
            if ok:
                checked.append(None)
                continue
            try:
                checked.append(datetime.strptime(text, fmt))
            except (ValueError, TypeError):
                checked.append(False)
        python_stamps = pa.array([c if isinstance(c, datetime) else None for c in checked],
                                 type=pa.timestamp("s"))
        keep_arrow = pa.array([c is None for c in checked])
        stamps = pc.if_else(keep_arrow, stamps, python_stamps)
    # Arrow also reads years Python cannot hold (0000, or more than four digits): not dates either.
    in_range = pc.and_(pc.greater_equal(stamps, FIRST_DATE), pc.less_equal(stamps, LAST_DATE))
    stamps = pc.if_else(pc.fill_null(in_range, False), stamps, pa.scalar(None, type=pa.timestamp("s")))
    has_time = any(d in fmt for d in ("%H", "%I", "%M", "%S", "%p"))
    return ParsedDates(stamps, has_time, "%S" in fmt, 0)


def has_too_many_digits(values: pa.Array | pa.ChunkedArray, texts: list[str | None] | None = None) -> bool:
    """True when a value holds more than MAX_DIGITS digits (checked digit by digit only for long values);
    ``texts``, when the caller has them, are a small column's values already read into Python."""
    if len(values) == 0:
        return False
    if len(values) <= SMALL_COLUMN:  # the same count in Python: characters, then ASCII digits
        texts = values.to_pylist() if texts is None else texts
        if max(map(len, filter(None, texts)), default=0) <= MAX_DIGITS:  # no value is long (most columns)
            return False
        return any(len(v) > MAX_DIGITS and sum("0" <= c <= "9" for c in v) > MAX_DIGITS
                   for v in texts if v is not None)
    lengths = pc.utf8_length(values)
    if int(pc.max(lengths).as_py() or 0) <= MAX_DIGITS:
        return False
    long_values = pc.filter(values, pc.greater(lengths, MAX_DIGITS))
    return int(pc.max(pc.count_substring_regex(long_values, "[0-9]")).as_py() or 0) > MAX_DIGITS


def decimals_range(canonical: pa.Array | pa.ChunkedArray) -> tuple[int, int]:
    """The fewest and the most digits after the dot in canonical numbers ('12.50' → 2, '3' → 0)."""
    if len(canonical) - canonical.null_count == 0:
        return (0, 0)
    if len(canonical) <= SMALL_COLUMN:
        return _decimals_of_texts(canonical.to_pylist())
    position = pc.find_substring(canonical, ".")
    length = pc.utf8_length(canonical)
    after = pc.if_else(pc.less(position, 0), 0, pc.subtract(pc.subtract(length, position), 1))
    bounds = pc.min_max(after).as_py()
    return int(bounds["min"] or 0), int(bounds["max"] or 0)


def _decimals_of_texts(texts: list[str | None]) -> tuple[int, int]:
    """:func:`decimals_range` of a small column's canonical texts (ASCII: characters are bytes)."""
    after = [len(v) - v.find(".") - 1 if "." in v else 0 for v in texts if v is not None]
    return (min(after), max(after)) if after else (0, 0)
