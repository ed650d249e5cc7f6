"""Detect how a file is written: separator, header row, and each column's type and format.

The rules are explicit and checked on every value, not guessed from a sample: a column is
numeric only when all its non-empty values are numbers written one way; a date column only
when all its values are real dates written in one known format. Near misses (a numeric column
with an 'NC' in it) are recorded as *blockers* so the build can say which rows stopped it.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Union

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from portalgen.tabular import values as V
from portalgen.tabular.model import (
    BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, STRING, ColumnDetection, ReadOptions,
)
from portalgen.tabular.textmatch import SMALL_COLUMN, any_match, match_list, match_mask, python_pattern

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_RECORDS = 50
MAX_TITLE_ROWS = 10
#: A column is "mostly" numeric or dates (and worth a warning) from this share of its values.
MOSTLY = 2 / 3
#: Values checked before running a pattern over a whole column.
PROBE_SIZE = 2000
BOOLEAN_PAIRS = (("true", "false"), ("vrai", "faux"), ("oui", "non"), ("yes", "no"))
#: Words in a column name that mean "an identifier made of digits": kept as text.
CODE_WORDS = ("code", "insee", "siren", "siret", "postal", "telephone", "phone", "tel", "cp", "iban",
              "uai", "finess", "rna")


# --------------------------------------------------------------------------- separator

def field_counts(records: Iterable[Sequence[str]]) -> list[int]:
    """The field counts of the first SAMPLE_RECORDS records that have a non-blank cell."""
    counts: list[int] = []
    for row in records:
        if not any(map(str.strip, row)):  # some cell not blank (map: no Python frame per cell)
            continue
        counts.append(len(row))
        if len(counts) >= SAMPLE_RECORDS:
            break
    return counts


def _records_until_error(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader's records up to the first ``csv.Error`` (a value over the field size limit)."""
    try:
        yield from reader
    except csv.Error:
        return


def _field_counts(sample: str, delimiter: str, quotechar: str) -> list[int]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    return field_counts(_records_until_error(reader))


def _consistent_width(counts: list[int], allow_titles: bool) -> int:
    """The common field count of the records (after up to a few title lines), or 0."""
    if not counts:
        return 0
    if not allow_titles:
        return counts[0] if all(c == counts[0] for c in counts) else 0
    width = counts[-1]
    start = next(i for i, c in enumerate(counts) if c == width)
    if start > MAX_TITLE_ROWS or any(c != width for c in counts[start:]):
        return 0
    return width


def _preferred_delimiters(fmt: str) -> tuple[str, ...]:
    return ("\t", ";", ",", "|") if fmt == "tsv" else DELIMITERS


def delimiter_candidates(sample: str, fmt: str = "csv") -> tuple[str, ...]:
    """The separators worth parsing the sample with: a separator absent from the sample would give
    every record one field, which can never win, so its records are not parsed."""
    return tuple(d for d in _preferred_delimiters(fmt) if d in sample)


def detect_delimiter(sample: str, fmt: str = "csv", quotechar: str = '"') -> str:
    """The field separator among ``, ; tab |``: the one giving every record the same number of
    fields (quotes respected); the most fields wins, then the usual one for the format."""
    return choose_delimiter({d: _field_counts(sample, d, quotechar) for d in delimiter_candidates(sample, fmt)}, fmt)


def choose_delimiter(counts_by_delimiter: dict[str, list[int]], fmt: str = "csv") -> str:
    """The separator :func:`detect_delimiter` picks, from the :func:`field_counts` of the sample's
    records parsed with each of its :func:`delimiter_candidates`."""
    preferred = _preferred_delimiters(fmt)
    counts = {d: counts_by_delimiter.get(d, []) for d in preferred}
    for allow_titles in (False, True):
        widths = {d: _consistent_width(counts[d], allow_titles) for d in preferred}
        best = max(widths.values())
        if best >= 2:
            return next(d for d in preferred if widths[d] == best)

    def share(d: str) -> tuple[float, int]:
        if not counts[d]:
            return (0.0, 0)
        width, seen = Counter(counts[d]).most_common(1)[0]
        return (seen / len(counts[d]) if width >= 2 else 0.0, width)

    best_share = max(share(d) for d in preferred)
    if best_share[0] > 0:
        return next(d for d in preferred if share(d) == best_share)
    return preferred[0]


# --------------------------------------------------------------------------- header row

def _filled(row: Sequence[str]) -> int:
    """How many cells are not blank (counted in C: a Python generator per row costs more)."""
    return sum(map(bool, map(str.strip, row)))


def find_header(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the header among the first rows: title rows (a single filled cell, or at most
    half as many filled cells as the widest row) and empty rows above it are skipped."""
    filled = [_filled(r) for r in rows]
    non_empty = [i for i, f in enumerate(filled) if f > 0]
    if not non_empty:
        return None
    width = max(filled[i] for i in non_empty[:20])
    position = 0
    while position + 1 < len(non_empty) and position < MAX_TITLE_ROWS:
        current = filled[non_empty[position]]
        if width >= 2 and current * 2 <= width:
            position += 1
        else:
            break
    return non_empty[position]


# --------------------------------------------------------------------------- column types

def _plain_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return "".join(ch if ch.isalnum() else "_" for ch in text)


@functools.lru_cache(maxsize=1 << 12)
def looks_like_code_column(name: str) -> bool:
    """True for names such as code_insee, CP, n° SIRET, téléphone (kept per name: the same column names
    come back in file after file)."""
    plain = _plain_name(name)
    tokens = [t for t in plain.split("_") if t]
    for word in CODE_WORDS:
        if word in tokens:
            return True
        if len(word) >= 4 and any(t.startswith(word) for t in tokens):
            return True
    return False


def _count(mask: pa.Array | pa.ChunkedArray | list[bool | None]) -> int:
    """How many values of a boolean mask are true (nulls are not)."""
    if isinstance(mask, list):
        return mask.count(True)
    if isinstance(mask, pa.ChunkedArray):
        return sum(chunk.true_count for chunk in mask.chunks)
    return mask.true_count


def _matches(values: pa.Array, pattern: str) -> pa.Array:
    return match_mask(values, pattern)


def _probe(values: pa.Array) -> pa.Array:
    return values if len(values) <= PROBE_SIZE else values.slice(0, PROBE_SIZE)


#: A mask of values matching a pattern: Arrow's, or a small column's as a Python list (see _Patterns).
Mask = Union[pa.Array, pa.ChunkedArray, list]


class _Patterns:
    """Which values of a column match each pattern, for the column and its probe, each pattern
    run once (a small column is its own probe). A small column's texts are read into Python once,
    and its masks stay Python lists (:func:`match_list`, the values of :func:`match_mask`): making
    Arrow arrays of them for every pattern costs more than matching."""

    def __init__(self, values: pa.Array, texts: list[str | None] | None = None):
        """``texts``, when the caller has them, are the small column's values already read into Python."""
        self.values = values
        self.probe_values = _probe(values)
        if texts is None and len(values) <= SMALL_COLUMN:
            texts = values.to_pylist()
        self.texts: list[str | None] | None = texts
        self._masks: dict[tuple[bool, str], Mask] = {}

    def _mask(self, probe: bool, pattern: str) -> Mask:
        if probe and self.probe_values is self.values:
            probe = False
        key = (probe, pattern)
        if key not in self._masks:
            mask = match_list(self.texts, pattern) if self.texts is not None and not probe else None
            if mask is None:
                mask = _matches(self.probe_values if probe else self.values, pattern)
            self._masks[key] = mask
        return self._masks[key]

    def all(self, pattern: str) -> Mask:
        """The mask of the whole column."""
        return self._mask(False, pattern)

    def probe(self, pattern: str) -> Mask:
        """The mask of the probe (the first PROBE_SIZE values)."""
        return self._mask(True, pattern)

    def reaches(self, pattern: str, needed: float) -> bool:
        """Whether at least ``needed`` values of the probe match ``pattern``: ``_count(self.probe(pattern))
        >= needed``. A small column's texts are searched one by one, stopping as soon as so many have
        failed that ``needed`` is out of reach: a column of another type gives a pattern up after a few
        values instead of all. The mask, the same :func:`match_list` gives, is kept only when complete."""
        compiled = python_pattern(pattern) if self.texts is not None else None
        if compiled is None or (False, pattern) in self._masks:  # a small column is its own probe
            return _count(self.probe(pattern)) >= needed
        search = compiled.search
        allowed_misses = len(self.texts) - needed
        misses = 0
        mask: list[bool | None] = []
        for text in self.texts:
            found = text is not None and search(text) is not None
            if not found:
                misses += 1
                if misses > allowed_misses:
                    return False
            mask.append(None if text is None else found)
        self._masks[False, pattern] = mask
        return True

    def reaches_first_of(self, alternatives: Alternatives, needed: float) -> bool:
        """:meth:`reaches` of ``alternatives.any`` (some alternative matches), and, for a small column, the
        masks of the alternatives this one pass settles, kept as :meth:`all` would find them.

        Each alternative is anchored at the start (``^``), so a search can only match at the start of a
        value, where the regex engine tries the alternatives in order: a value whose first matching
        alternative is ``i`` matches no alternative before ``i``. The mask of alternative ``j`` is thus
        known, without searching again, when every value's first matching alternative is ``j`` or a later
        one, or none: it is true exactly for the values whose first is ``j``. Other masks are left to
        :meth:`all` (tested equal to one search per alternative)."""
        compiled = python_pattern(alternatives.first) if self.texts is not None else None
        if compiled is None or (False, alternatives.any) in self._masks:
            return self.reaches(alternatives.any, needed)
        search = compiled.search
        allowed_misses = len(self.texts) - needed
        misses = 0
        firsts: list[int | None] = []  # per value: its first matching alternative, -1 for none, None for null
        for text in self.texts:
            found = search(text) if text is not None else None
            if found is None:
                misses += 1
                if misses > allowed_misses:
                    return False
                firsts.append(None if text is None else -1)
            else:
                firsts.append(int(found.lastgroup[1:]))
        self._masks[False, alternatives.any] = [None if first is None else first >= 0 for first in firsts]
        # Every value's first is `position` or a later one, or none: `position` is at most the lowest first.
        lowest = min((first for first in firsts if first is not None and first >= 0),
                     default=len(alternatives.patterns))
        for position, pattern in enumerate(alternatives.patterns[:lowest + 1]):
            self._masks.setdefault((False, pattern), [None if first is None else first == position for first in firsts])
        return True

    def contains(self, text: str) -> bool:
        """Whether some value of the column contains ``text``. A small column is asked about single
        characters (a decimal mark, each thousands separator: several questions a column): one search of
        its values put end to end answers each, as no single character can straddle two values."""
        if self.texts is not None:
            if len(text) == 1:
                return text in self._end_to_end
            return any(text in value for value in self.texts if value is not None)
        return _contains(self.values, text)

    @functools.cached_property
    def _end_to_end(self) -> str:
        """A small column's values put end to end, nulls left out."""
        return "".join(filter(None, self.texts))


def _blockers(values: pa.Array, rows: np.ndarray, bad: pa.Array) -> tuple[tuple[tuple[int, str], ...], int]:
    """The first (row, value) pairs where ``bad`` is true, and how many there are."""
    bad_np = np.asarray(pc.fill_null(bad, True).to_numpy(zero_copy_only=False), dtype=bool)
    positions = np.flatnonzero(bad_np)
    shown = positions[:5]
    texts = pc.take(values, pa.array(shown, type=pa.int64())).to_pylist()
    return tuple((int(rows[p]), t) for p, t in zip(shown, texts)), int(len(positions))


def _contains(values: pa.Array, text: str) -> bool:
    """Whether some value contains ``text`` (looked for in Python in a small column: same answer,
    without an Arrow call)."""
    if len(values) <= SMALL_COLUMN:
        return any(text in value for value in values.to_pylist() if value is not None)
    return _count(pc.match_substring(values, text)) > 0


def _thousands_seen(patterns: _Patterns, fmt: V.NumberFormat) -> str:
    """The grouping characters actually used by values that all match ``fmt``."""
    return "".join(ch for ch in fmt.thousands if patterns.contains(ch))


def _number_formats(delimiter: str | None, options: ReadOptions, dot_groups: bool) -> list[V.NumberFormat]:
    """Candidate ways numbers are written, in order of preference."""
    spaces = V.SPACE_SEPARATORS if options.thousands is None else options.thousands.replace(".", "")
    dot_thousands = (options.thousands is not None and "." in options.thousands) or (
        options.thousands is None and dot_groups)
    comma_format = V.NumberFormat(",", spaces + ("." if dot_thousands else ""))
    dot_format = V.NumberFormat(".", spaces if options.thousands is not None else V.SPACE_SEPARATORS)
    if options.decimal == ",":
        return [comma_format]
    if options.decimal == "." or delimiter == ",":
        return [dot_format]
    if dot_thousands:
        return [comma_format, dot_format]
    return [dot_format, comma_format]


def _detect_number(name: str, values: pa.Array, rows: np.ndarray, formats: list[V.NumberFormat],
                   patterns: _Patterns) -> ColumnDetection | None:
    n = len(values)
    for fmt in formats:
        if not patterns.reaches(fmt.pattern(), len(patterns.probe_values)):
            continue
        ok = patterns.all(fmt.pattern())
        if _count(ok) != n:
            continue
        if V.has_too_many_digits(values, patterns.texts):
            return None
        has_decimal = patterns.contains(fmt.decimal)
        kind = NUMBER if has_decimal else INTEGER
        if kind == INTEGER and looks_like_code_column(name):
            return ColumnDetection(name, STRING)
        thousands = _thousands_seen(patterns, fmt)
        return ColumnDetection(name, kind, decimal=fmt.decimal if has_decimal else None,
                               thousands=thousands)
    return None


def _number_blockers(name: str, values: pa.Array, rows: np.ndarray, formats: list[V.NumberFormat],
                     patterns: _Patterns) -> ColumnDetection | None:
    """A text column that is numbers but for a few values: record which rows stopped it."""
    n = len(values)
    if _count(patterns.probe(V.CODE_LIKE)):
        return None
    best: tuple[int, V.NumberFormat] | None = None
    for fmt in formats:
        if not patterns.reaches(fmt.pattern(), MOSTLY * len(patterns.probe_values)):
            continue
        count = _count(patterns.all(fmt.pattern()))
        if best is None or count > best[0]:
            best = (count, fmt)
    if best is None or best[0] < MOSTLY * n or best[0] == n:
        return None
    if _count(patterns.all(V.CODE_LIKE)):
        return None
    mask = patterns.all(best[1].pattern())
    bad = pc.invert(pa.array(mask, type=pa.bool_()) if isinstance(mask, list) else mask)
    blockers, total = _blockers(values, rows, bad)
    return ColumnDetection(name, STRING, blockers=blockers, blocked_type=NUMBER, blocked_count=total)


@dataclass(frozen=True)
class Alternatives:
    """Patterns anchored at the start (``^``), tried together (see :meth:`_Patterns.reaches_first_of`):
    ``any`` matches what one of them matches; ``first`` is the same alternation with each alternative
    in a group named ``a<position>``, so a match tells which alternative matched first. Both have the
    anchor once, before the alternation: then Python's ``re`` tries them only at a value's start,
    instead of at every position of a value that does not match (the same matches: ``^`` is
    zero-width)."""

    patterns: tuple[str, ...]
    any: str
    first: str

    @classmethod
    def of(cls, patterns: Sequence[str]) -> Alternatives:
        unnamed = [re.sub(r"\(\?P<\w+>", "(?:", pattern) for pattern in patterns]
        if not all(pattern.startswith("^") and "(" not in re.sub(r"\(\?:", "", pattern) for pattern in unnamed):
            raise ValueError("alternatives must be anchored at the start and have no capturing group")
        bodies = [pattern[1:] for pattern in unnamed]
        return cls(tuple(patterns), "^(?:" + "|".join(f"(?:{body})" for body in bodies) + ")",
                   "^(?:" + "|".join(f"(?P<a{position}>{body})" for position, body in enumerate(bodies)) + ")")


#: Every date family in one pattern (groups unnamed): when the probe mostly matches none of them,
#: no family can match it either, and one pattern run replaces one per family; in a small column, the
#: same run tells which family each value matches (see :meth:`_Patterns.reaches_first_of`).
_DATE_ALTERNATIVES = Alternatives.of([f.pattern for f in V.DATE_FAMILIES])


def _detect_date_family(name: str, values: pa.Array, rows: np.ndarray, patterns: _Patterns
                        ) -> ColumnDetection | None:
    n = len(values)
    if not patterns.reaches_first_of(_DATE_ALTERNATIVES, MOSTLY * len(patterns.probe_values)):
        return None
    for family in V.DATE_FAMILIES:
        if not patterns.reaches(family.pattern, MOSTLY * len(patterns.probe_values)):
            continue
        matched_count = _count(patterns.all(family.pattern))
        if matched_count < MOSTLY * n:
            continue
        parsed = V.parse_family(values, family, patterns.texts)
        if matched_count == n and parsed.timestamps.null_count == 0:  # every value valid, without an Arrow call
            if parsed.has_time:
                return ColumnDetection(name, DATETIME, date_format=family.time_strftime(parsed.has_seconds),
                                       date_label=family.time_label(parsed.has_seconds))
            return ColumnDetection(name, DATE, date_format=family.strftime, date_label=family.label)
        blockers, total = _blockers(values, rows, pc.is_null(parsed.timestamps))
        hint = None
        if parsed.swapped and parsed.swapped == total:
            month_first = family.strftime.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
            hint = ("these dates look written month first (12/31/2023); if the whole column is "
                    f"month/day/year, set 'date_format: \"{month_first}\"' for this resource")
        return ColumnDetection(name, STRING, blockers=blockers, blocked_type=DATE, blocked_count=total,
                               date_label=family.label, hint=hint)
    return None


def _detect_given_date_format(name: str, values: pa.Array, rows: np.ndarray, fmt: str
                              ) -> ColumnDetection | None:
    probe = _probe(values)
    probe_parsed = V.parse_with_format(probe, fmt)
    if _count(pc.is_valid(probe_parsed.timestamps)) < MOSTLY * len(probe):
        return None
    parsed = probe_parsed if probe is values else V.parse_with_format(values, fmt)
    valid = pc.is_valid(parsed.timestamps)
    if _count(valid) == len(values):
        kind = DATETIME if parsed.has_time else DATE
        return ColumnDetection(name, kind, date_format=fmt, date_label=fmt)
    if _count(valid) < MOSTLY * len(values):
        return None
    blockers, total = _blockers(values, rows, pc.invert(valid))
    return ColumnDetection(name, STRING, blockers=blockers, blocked_type=DATE, blocked_count=total,
                           date_label=fmt)


def _detect_boolean(name: str, values: pa.Array, texts: list[str | None] | None = None) -> ColumnDetection | None:
    """A column of one pair of words (oui/non…), any case; ``texts``: the values read into Python, if any."""
    first = str(values[0].as_py() if texts is None else texts[0]).lower()
    for pair in BOOLEAN_PAIRS:
        if first in pair:
            lowered = pc.utf8_lower(values)
            if pc.all(pc.is_in(lowered, value_set=pa.array(pair))).as_py():
                return ColumnDetection(name, BOOLEAN)
    return None


def non_empty_values(column: pa.ChunkedArray | pa.Array, rows: np.ndarray, texts: list[str | None] | None = None
                     ) -> tuple[pa.Array, np.ndarray, list[str] | None]:
    """The non-empty values of a trimmed text column, with their source rows and, for a small column,
    the same values in Python (``texts``, when given, are the column's values already read into Python)."""
    if texts is None and len(column) <= SMALL_COLUMN:
        texts = column.to_pylist()
    if texts is not None:  # looking at each cell costs less than three Arrow calls
        filled = [bool(text) for text in texts]
        if all(filled):
            return column, rows, texts
        keep = pa.array(filled, type=pa.bool_())
        texts = [text for text in texts if text]
    else:
        keep = pc.fill_null(pc.not_equal(column, ""), False)
        if pc.all(keep).as_py():
            return column, rows, None
    keep_np = np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)
    return pc.filter(column, keep), rows[keep_np], texts


def detect_column(name: str, column: pa.ChunkedArray | pa.Array, rows: np.ndarray, *,
                  delimiter: str | None, options: ReadOptions, dot_groups: bool,
                  texts: list[str | None] | None = None) -> ColumnDetection:
    """The type and format of one text column (see the module docstring for the rules); ``texts``, when
    the caller has them, are a small column's values already read into Python (the same answer)."""
    values, value_rows, value_texts = non_empty_values(column, rows, texts)
    if len(values) == 0:
        return ColumnDetection(name, STRING)
    patterns = _Patterns(values, value_texts)
    if options.date_format:
        found = _detect_given_date_format(name, values, value_rows, options.date_format)
    else:
        found = _detect_date_family(name, values, value_rows, patterns)
    if found is not None and found.type != STRING:
        return found
    formats = _number_formats(delimiter, options, dot_groups)
    number = _detect_number(name, values, value_rows, formats, patterns)
    if number is not None:
        return number
    boolean = _detect_boolean(name, values, patterns.texts)
    if boolean is not None:
        return boolean
    if found is not None:  # mostly dates: say which rows are not
        return found
    blocked = _number_blockers(name, values, value_rows, formats, patterns)
    return blocked if blocked is not None else ColumnDetection(name, STRING)


def file_uses_dot_thousands(columns: Sequence[pa.ChunkedArray | pa.Array],
                            texts: Sequence[list[str | None] | None] | None = None) -> bool:
    """True when some cell proves '.' groups thousands (1.234,56 or 1.234.567); ``texts``, when given,
    are the columns' values read into Python (None for a column that is not)."""
    for column, column_texts in zip(columns, texts or [None] * len(columns)):
        if any_match(column, V.DOT_THOUSANDS_EVIDENCE, column_texts):
            return True
    return False


def detect_columns(columns: dict[str, pa.ChunkedArray], rows: np.ndarray, *, delimiter: str | None,
                   options: ReadOptions, texts: dict[str, list[str | None] | None] | None = None
                   ) -> tuple[ColumnDetection, ...]:
    """Detect every column's type and format (see :func:`detect_column`); columns are trimmed text.
    ``texts``, when the caller has them, are small columns' values already read into Python, by name:
    each step that would convert a column to look at its values in Python reads them instead."""
    texts = texts or {}
    dot_groups = delimiter != "," and options.decimal != "." and file_uses_dot_thousands(
        list(columns.values()), [texts.get(name) for name in columns])
    return tuple(detect_column(name, col, rows, delimiter=delimiter, options=options, dot_groups=dot_groups,
                               texts=texts.get(name))
                 for name, col in columns.items())


def summary_decimal(detections: Sequence[ColumnDetection]) -> str:
    """The decimal mark most decimal columns use ('.' when none has decimals)."""
    marks = Counter(d.decimal for d in detections if d.type == NUMBER and d.decimal)
    if not marks:
        return "."
    return "," if marks[","] >= marks["."] else "."


def summary_thousands(detections: Sequence[ColumnDetection]) -> str:
    return "".join(sorted({ch for d in detections for ch in d.thousands}))
