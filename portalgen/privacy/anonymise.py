"""Apply column policies to a table before it is published.

=============  ==============================================================================
mode           what happens to each non-empty cell
=============  ==============================================================================
drop           the column is removed
mask           e-mails, phones, NIR, IBAN keep their shape (``j***@e***.fr``, ``06 •• •• •• ••``);
               names and other short values become ``•••`` per word (lengths hidden, no
               initials); dates become ``••/••/••••``; in free text (long sentences) only the
               e-mails/phones/NIR/IBAN inside are masked, the rest of the text stays
hash           the first 16 hex characters of ``sha256(salt + value)``: the same value gives the
               same code, so rows can still be counted and linked; the salt is a site setting
               that must stay secret (a phone number has only 10⁹ possible values)
generalise     dates -> year (``precision: month`` -> ``YYYY-MM``); numbers -> a range of one
               significant digit (37 -> ``30–39``, 1 234 -> ``1000–1999``); addresses -> the
               ``code postal + commune`` part (or ``•••`` when there is none); postcodes stay
               (they are commune-level already); free text -> masked patterns; e-mails, phones,
               NIR, IBAN -> masked as with ``mask``. **Names are not reduced to initials**:
               in a small commune "J. D., rue des Lilas" is one person, so names are fully
               masked, and the report warns about it.
reviewed       unchanged
=============  ==============================================================================

Empty cells stay empty. Everything is deterministic.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

import pandas as pd

from ..errors import Finding, Location, PortalgenError, error
from .detect import column_texts, detect_personal_data, features_of, is_long_text, properties_frame
from .patterns import (
    BULLET, DIGIT_RE, PersonalKind, find_patterns, looks_like_street_address, mask_address, mask_digits,
    mask_name, mask_patterns_in_text, mask_words, only_patterns, parse_date, postcode_and_commune,
)
from .report import ColumnPolicy, PolicyMode, check_policies

HASH_LENGTH = 16


def hash_value(text: str, salt: str) -> str:
    """``sha256(salt + text)``, first :data:`HASH_LENGTH` hex characters; ``text`` is stripped first."""
    return hashlib.sha256((salt + text.strip()).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def _whole_pattern_mask(text: str) -> str | None:
    """The masked cell when it is only e-mails/phones/NIR/IBAN (and punctuation), else None."""
    matches = find_patterns(text)
    if not only_patterns(text, matches):
        return None
    return mask_patterns_in_text(text, keep_generic=False)


@dataclass(frozen=True)
class ColumnContext:
    """What the cell transformations need to know about the whole column."""

    kinds: frozenset[PersonalKind] = frozenset()  # what detection found in it
    long_text: bool = False                         # sentences: only the patterns inside are masked
    years: bool = False                             # it holds years (1900–2100) and nothing else
    precision: str | None = None                    # generalise on dates: "year" (default) or "month"


def column_context(texts: list[str], kinds: frozenset[PersonalKind], precision: str | None = None) -> ColumnContext:
    """The :class:`ColumnContext` of a column from its cell texts."""
    filled = [t for t in texts if t]
    years = bool(filled) and all(re.fullmatch(r"(?:19|20)\d{2}", t) for t in filled)
    return ColumnContext(kinds=kinds, long_text=is_long_text(filled), years=years, precision=precision)


def mask_cell(text: str, context: ColumnContext = ColumnContext()) -> str:
    """The ``mask`` of one non-empty cell, knowing what was detected in its column."""
    whole = _whole_pattern_mask(text)
    if whole is not None:
        return whole
    if PersonalKind.PERSON_NAME in context.kinds:
        return mask_name(text, for_report=False)
    if PersonalKind.ADDRESS in context.kinds:
        return mask_address(text)
    if context.long_text:
        return mask_patterns_in_text(text, keep_generic=False)
    if DIGIT_RE.search(text) and (parse_date(text) is not None or not any(ch.isalpha() for ch in text)):
        return mask_digits(text, keep_first=0, keep_last=0)  # dates and numbers keep their separators
    return mask_words(text, keep_initials=False)


_NUMBER_RE = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def number_range(value: float) -> str:
    """A range of one significant digit, at least ten wide: 7 -> ``0–9``, 37 -> ``30–39``,
    1234.5 -> ``1000–1999``."""
    magnitude = int(math.floor(math.log10(abs(value)))) if value else 0
    width = 10 ** max(magnitude, 1)
    lower = math.floor(value / width) * width
    return f"{lower}–{lower + width - 1}"


def generalise_cell(text: str, context: ColumnContext = ColumnContext()) -> str:
    """The ``generalise`` of one non-empty cell (see the module table)."""
    whole = _whole_pattern_mask(text)
    if whole is not None:
        return whole
    day = parse_date(text)
    if day is not None:
        return f"{day.year:04d}-{day.month:02d}" if context.precision == "month" else f"{day.year:04d}"
    if context.years:  # a year alone is as general as a date gets
        return text
    compact = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if re.fullmatch(r"(?:0[1-9]|[1-8]\d|9[0-8])\d{3}", compact) and PersonalKind.ADDRESS not in context.kinds:
        return compact  # a postcode: commune level already
    if _NUMBER_RE.fullmatch(compact):
        return number_range(float(compact.replace(",", ".")))
    if PersonalKind.ADDRESS in context.kinds or looks_like_street_address(text):
        return postcode_and_commune(text) or BULLET * 3
    if context.long_text:
        return mask_patterns_in_text(text, keep_generic=False)
    return mask_cell(text, replace(context, long_text=False))


def _policy_errors(columns: list[str], policies: Mapping[str, ColumnPolicy], salt: str,
                   file_label: str) -> list[Finding]:
    problems = [f for f in check_policies(columns, policies, file_label=file_label)
                if f.code == "privacy.unknown-column"]
    if any(p.mode is PolicyMode.HASH for p in policies.values()) and not salt.strip():
        problems.append(error(
            "la règle « hash » a besoin d'un sel secret", Location(file_label), key="privacy",
            hint="réglez le sel du site (un texte long et secret) ; sans lui, un numéro de téléphone haché "
                 "se retrouve en essayant tous les numéros", code="privacy.missing-salt"))
    return problems


def anonymise(frame: pd.DataFrame, policies: Mapping[str, ColumnPolicy], *, salt: str,
              file_label: str = "tableau") -> pd.DataFrame:
    """A copy of ``frame`` with every column policy applied (see the module table).

    Raises :class:`~portalgen.errors.PortalgenError` when a policy names a missing column or
    ``hash`` is used with an empty salt. Columns without a policy are returned unchanged;
    ``frame`` itself is not modified.
    """
    columns = [str(c) for c in frame.columns]
    problems = _policy_errors(columns, policies, salt, file_label)
    if problems:
        raise PortalgenError(problems)
    todo = {c: p for c, p in policies.items() if p.mode not in (PolicyMode.REVIEWED, PolicyMode.DROP)}
    kinds: dict[str, set[PersonalKind]] = {}
    if todo:
        for detection in detect_personal_data(frame):
            kinds.setdefault(detection.column, set()).add(detection.kind)
    out = frame.copy()
    texts = column_texts(frame) if todo else []
    for index, column in enumerate(columns):
        policy = todo.get(column)
        if policy is None:
            continue
        context = column_context(texts[index], frozenset(kinds.get(column, ())), policy.precision)
        original = frame.iloc[:, index].tolist()
        changed: list[Any] = []
        for raw, text in zip(original, texts[index]):
            if not text:
                changed.append(raw)
            elif policy.mode is PolicyMode.HASH:
                changed.append(hash_value(text, salt))
            elif policy.mode is PolicyMode.MASK:
                changed.append(mask_cell(text, context))
            else:
                changed.append(generalise_cell(text, context))
        out.isetitem(index, pd.Series(changed, index=frame.index, dtype=object))
    dropped = [i for i, c in enumerate(columns) if c in policies and policies[c].mode is PolicyMode.DROP]
    if dropped:
        keep = [i for i in range(len(columns)) if i not in dropped]
        out = out.iloc[:, keep]
    return out


def anonymise_features(geojson: Mapping[str, Any] | Iterable[Mapping[str, Any]],
                       policies: Mapping[str, ColumnPolicy], *, salt: str,
                       file_label: str = "GeoJSON") -> list[dict[str, Any]]:
    """GeoJSON features with the policies applied to their properties (geometries unchanged).

    Only properties named by a policy change; the others keep their type (numbers stay numbers).
    Returns new feature dicts; the input is not modified.
    """
    features = features_of(geojson)
    frame = properties_frame(features)
    cleaned = anonymise(frame, policies, salt=salt, file_label=file_label)
    touched = [c for c in policies if c in frame.columns]
    result = []
    for row, feature in enumerate(features):
        properties = dict(feature.get("properties") or {})
        for column in touched:
            if column not in properties:
                continue
            if policies[column].mode is PolicyMode.DROP:
                del properties[column]
            elif policies[column].mode is not PolicyMode.REVIEWED:
                properties[column] = cleaned[column].iloc[row]
        result.append({**feature, "properties": properties})
    return result
