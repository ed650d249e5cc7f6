"""The ``custom_checks`` of SCDL schemas, which frictionless does not run.

Schemas published on schema.data.gouv.fr list extra checks (SIRET check digits, "one of
these columns must be filled", column comparisons…) under ``custom_checks``. frictionless
ignores them; this module runs the common ones on each row and says plainly which ones it
could not run.

A row is given as two mappings: ``values`` (column name -> value parsed by frictionless,
None when the cell is empty or could not be read) and ``filled`` (the set of columns whose
cell is not empty, including cells with a type error).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE_SIRET = "35600000000048"


_DOUBLED_DIGIT = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_is_valid(digits: str) -> bool:
    """True when the string of ASCII digits passes the Luhn (mod 10) check."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    kept = sum(int(c) for c in digits[-1::-2])
    doubled = sum(_DOUBLED_DIGIT[int(c)] for c in digits[-2::-2])
    return (kept + doubled) % 10 == 0


@functools.lru_cache(maxsize=65536)
def is_valid_siren(value: str) -> bool:
    """True for a SIREN: exactly 9 digits with a valid Luhn check digit."""
    return len(value) == 9 and luhn_is_valid(value)


@functools.lru_cache(maxsize=65536)
def is_valid_siret(value: str) -> bool:
    """True for a SIRET: 14 digits, valid SIREN part and valid check digit.

    La Poste establishments (SIREN 356000000, except the head office 35600000000048) do
    not follow the Luhn rule: the sum of their 14 digits must be a multiple of 5 instead.
    """
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    if not is_valid_siren(value[:9]):
        return False
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE_SIRET:
        return sum(int(char) for char in value) % 5 == 0
    return luhn_is_valid(value)


@dataclass(frozen=True)
class CheckFailure:
    """A value (or a row) that fails a custom check. ``explanation`` is plain French."""

    kind: str
    column: str | None
    value: str | None
    explanation: str


RowCheck = Callable[[Mapping[str, Any], Collection[str]], list[CheckFailure]]


@dataclass(frozen=True)
class PreparedCheck:
    """A custom check ready to run on rows, with its French description."""

    name: str
    description: str
    run: RowCheck


@dataclass(frozen=True)
class PreparedChecks:
    """The checks that will run, those that will not (with the reason), and file-level failures."""

    checks: tuple[PreparedCheck, ...]
    not_run: tuple[str, ...]
    table_failures: tuple[CheckFailure, ...] = ()

    def run(self, values: Mapping[str, Any], filled: Collection[str]) -> list[CheckFailure]:
        failures: list[CheckFailure] = []
        for check in self.checks:
            failures.extend(check.run(values, filled))
        return failures


def display_value(value: Any) -> str:
    """A parsed value as the user would have written it in a normalised CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def _identifier_check(kind: str, column: str, label: str, length: int,
                      is_valid: Callable[[str], bool]) -> PreparedCheck:
    def run(values: Mapping[str, Any], filled: Collection[str]) -> list[CheckFailure]:
        value = values.get(column)
        if column not in filled or value is None:
            return []
        text = display_value(value)
        if is_valid(text):
            return []
        if len(text) != length or not text.isdigit():
            why = f"n'est pas un numéro {label} : il faut {length} chiffres, sans espace ni point"
        else:
            why = (f"n'est pas un numéro {label} valide : le dernier chiffre (clé de contrôle) "
                   "ne correspond pas, vérifiez le numéro sur annuaire-entreprises.data.gouv.fr")
        return [CheckFailure(kind, column, text, f"« {text} » {why}")]

    return PreparedCheck(kind, f"numéro {label} valide (clé de contrôle) dans la colonne {column}", run)


def _one_of_required(kind: str, columns: Sequence[str]) -> PreparedCheck:
    names = " ou ".join(columns)

    def run(values: Mapping[str, Any], filled: Collection[str]) -> list[CheckFailure]:
        if any(c in filled for c in columns):
            return []
        return [CheckFailure(kind, columns[0], None,
                             f"au moins une des colonnes {names} doit être remplie")]

    return PreparedCheck(kind, f"au moins une des colonnes {names} remplie", run)


_OPERATORS: dict[str, tuple[Callable[[Any, Any], bool], str, str]] = {
    ">=": (lambda a, b: a >= b, "supérieur ou égal à", "égale ou postérieure à"),
    ">": (lambda a, b: a > b, "supérieur à", "postérieure à"),
    "<=": (lambda a, b: a <= b, "inférieur ou égal à", "égale ou antérieure à"),
    "<": (lambda a, b: a < b, "inférieur à", "antérieure à"),
    "==": (lambda a, b: a == b, "égal à", "égale à"),
    "!=": (lambda a, b: a != b, "différent de", "différente de"),
}


def _comparable(a: Any, b: Any) -> bool:
    numbers = (int, float, Decimal)
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if isinstance(a, numbers) and isinstance(b, numbers):
        return True
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return isinstance(a, dt.datetime) and isinstance(b, dt.datetime)
    return isinstance(a, dt.date) and isinstance(b, dt.date)


def _as_float(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _compare_columns(kind: str, column: str, op: str, column2: str) -> PreparedCheck:
    test, number_words, date_words = _OPERATORS[op]

    def run(values: Mapping[str, Any], filled: Collection[str]) -> list[CheckFailure]:
        a, b = values.get(column), values.get(column2)
        if a is None or b is None or not _comparable(a, b):
            return []
        if test(_as_float(a), _as_float(b)):
            return []
        words = date_words if isinstance(a, dt.date) else number_words
        shown = display_value(a)
        return [CheckFailure(kind, column, shown,
                             f"{column} ({shown}) doit être {words} {column2} ({display_value(b)})")]

    return PreparedCheck(kind, f"{column} {number_words} {column2}", run)


def _sum_columns(kind: str, column: str, columns: Sequence[str]) -> PreparedCheck:
    names = ", ".join(columns)

    def run(values: Mapping[str, Any], filled: Collection[str]) -> list[CheckFailure]:
        total_value = values.get(column)
        parts = [values.get(c) for c in columns]
        if total_value is None or any(p is None for p in parts):
            return []
        numbers = (int, float, Decimal)
        if not isinstance(total_value, numbers) or not all(isinstance(p, numbers) for p in parts):
            return []
        expected = sum(float(p) for p in parts)
        if abs(float(total_value) - expected) < 1e-9:
            return []
        shown = display_value(total_value)
        expected_text = display_value(int(expected) if expected.is_integer() else expected)
        return [CheckFailure(kind, column, shown,
                             f"{column} ({shown}) doit être égal à la somme de {names} ({expected_text})")]

    return PreparedCheck(kind, f"{column} égal à la somme de {names}", run)


def _cohesive_columns(kind: str, column: str, others: Sequence[str]) -> PreparedCheck:
    group = [column, *others]
    names = ", ".join(group)

    def run(values: Mapping[str, Any], filled: Collection[str]) -> list[CheckFailure]:
        empty = [c for c in group if c not in filled]
        if not empty or len(empty) == len(group):
            return []
        return [CheckFailure(kind, column, None,
                             f"les colonnes {names} doivent être toutes remplies ou toutes vides "
                             f"(vide ici : {', '.join(empty)})")]

    return PreparedCheck(kind, f"colonnes {names} toutes remplies ou toutes vides", run)


_YEAR_INTERVAL = re.compile(r"^(\d{4})/(\d{4})$")
_YEAR = re.compile(r"^\d{4}$")


def _year_interval(kind: str, column: str, allow_year_only: bool) -> PreparedCheck:
    expected = "une année (AAAA) ou une période (AAAA/AAAA)" if allow_year_only else \
        "une période de deux années (AAAA/AAAA)"

    def run(values: Mapping[str, Any], filled: Collection[str]) -> list[CheckFailure]:
        value = values.get(column)
        if column not in filled or value is None:
            return []
        text = display_value(value).strip()
        if allow_year_only and _YEAR.match(text):
            return []
        match = _YEAR_INTERVAL.match(text)
        if match is None:
            return [CheckFailure(kind, column, text, f"« {text} » n'est pas {expected}")]
        if int(match.group(1)) >= int(match.group(2)):
            return [CheckFailure(kind, column, text,
                                 f"« {text} » : la première année doit être antérieure à la seconde")]
        return []

    return PreparedCheck(kind, f"{expected} dans la colonne {column}", run)


def _params(check: Mapping[str, Any]) -> Mapping[str, Any]:
    params = check.get("params")
    return params if isinstance(params, Mapping) else {}


def _columns_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return []


_NOT_SUPPORTED_REASON = "portalgen ne sait pas encore effectuer ce contrôle"
_DESCRIPTIONS_OF_UNSUPPORTED = {
    "nomenclature-actes-value": "libellé de matière conforme à la nomenclature ACTES",
}


def prepare_custom_checks(custom_checks: Any, columns: Collection[str]) -> PreparedChecks:
    """Turn a schema's ``custom_checks`` list into runnable checks for a file with ``columns``.

    Checks portalgen cannot run, checks with unusable parameters and checks on columns absent
    from the file are listed in ``not_run`` with a plain French reason.
    """
    prepared: list[PreparedCheck] = []
    not_run: list[str] = []
    table_failures: list[CheckFailure] = []
    present = set(columns)
    if not isinstance(custom_checks, list):
        custom_checks = []
    for check in custom_checks:
        if not isinstance(check, Mapping) or not isinstance(check.get("name"), str):
            not_run.append("contrôle personnalisé illisible dans le schéma : ignoré")
            continue
        name = check["name"]
        params = _params(check)
        column = params.get("column")
        try:
            if name in ("french-siret-value", "french-siren-value"):
                siret = name == "french-siret-value"
                label = "SIRET" if siret else "SIREN"
                if not isinstance(column, str):
                    raise ValueError("colonne non précisée")
                if column not in present:
                    not_run.append(f"numéro {label} valide dans la colonne {column} : "
                                   "non vérifié, la colonne est absente du fichier")
                    continue
                prepared.append(_identifier_check(name, column, label, 14 if siret else 9,
                                                  is_valid_siret if siret else is_valid_siren))
            elif name == "one-of-required":
                group = [params[k] for k in ("column1", "column2") if isinstance(params.get(k), str)]
                group += _columns_list(params.get("columns", []))
                if len(group) < 2:
                    raise ValueError("il faut au moins deux colonnes")
                if not any(c in present for c in group):
                    table_failures.append(CheckFailure(
                        name, None, None,
                        f"le fichier doit contenir au moins une des colonnes {' ou '.join(group)}"))
                    continue
                prepared.append(_one_of_required(name, group))
            elif name == "compare-columns-value":
                op, column2 = params.get("op"), params.get("column2")
                if not isinstance(column, str) or not isinstance(column2, str) or op not in _OPERATORS:
                    raise ValueError("paramètres incomplets")
                absent = [c for c in (column, column2) if c not in present]
                if absent:
                    not_run.append(f"{column} {_OPERATORS[op][1]} {column2} : non vérifié, "
                                   f"colonne absente du fichier ({', '.join(absent)})")
                    continue
                prepared.append(_compare_columns(name, column, op, column2))
            elif name == "sum-columns-value":
                parts = _columns_list(params.get("columns", []))
                if not isinstance(column, str) or not parts:
                    raise ValueError("paramètres incomplets")
                absent = [c for c in (column, *parts) if c not in present]
                if absent:
                    not_run.append(f"{column} égal à la somme de {', '.join(parts)} : non vérifié, "
                                   f"colonne absente du fichier ({', '.join(absent)})")
                    continue
                prepared.append(_sum_columns(name, column, parts))
            elif name == "cohesive-columns-value":
                others = _columns_list(params.get("othercolumns", []))
                if not isinstance(column, str) or not others:
                    raise ValueError("paramètres incomplets")
                prepared.append(_cohesive_columns(name, column, others))
            elif name == "year-interval-value":
                if not isinstance(column, str):
                    raise ValueError("colonne non précisée")
                if column not in present:
                    not_run.append(f"année ou période dans la colonne {column} : non vérifié, "
                                   "la colonne est absente du fichier")
                    continue
                allow = str(params.get("allow-year-only", "no")).lower() in ("yes", "true", "oui")
                prepared.append(_year_interval(name, column, allow))
            else:
                what = _DESCRIPTIONS_OF_UNSUPPORTED.get(name, f"contrôle « {name} »")
                where = f" (colonne {column})" if isinstance(column, str) else ""
                not_run.append(f"{what}{where} : non vérifié, {_NOT_SUPPORTED_REASON}")
        except (KeyError, ValueError) as exc:
            not_run.append(f"contrôle « {name} » : non vérifié, paramètres du schéma inutilisables ({exc})")
    return PreparedChecks(tuple(prepared), tuple(not_run), tuple(table_failures))
