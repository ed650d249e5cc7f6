"""Check a normalised CSV file against a Table Schema, with frictionless and the schema's custom checks.

The input is the normalised CSV written by the pipeline (UTF-8, comma separator, ISO
dates, dot decimals). Columns are matched by name, not position: a missing required
column is an error, a missing optional column, an extra column or another column order
only a warning (as the SCDL validator does). Cell values are checked by frictionless; the
schema's ``custom_checks`` are run by :mod:`portalgen.schemas.custom_checks`.
"""

from __future__ import annotations

import csv
import difflib
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .custom_checks import PreparedChecks, display_value, prepare_custom_checks
from .definitions import ALL_DEFINITIONS
from .registry import SchemaInfo, descriptor_of
from .report import (CONFORME, DEFAULT_MAX_ERRORS, NON_CONFORME, NON_VERIFIE, ValidationIssue,
                     ValidationReport)

VALUE_DISPLAY_LIMIT = 80

# Plain descriptions of patterns used by the known schemas (facts about the regular expressions).
PATTERN_DESCRIPTIONS: dict[str, str] = {
    r"^\d{14}$": "14 chiffres, sans espace",
    r"^\d{9}$": "9 chiffres, sans espace",
    r"^\d{5}$": "5 chiffres",
    r"^([013-9]\d|2[AB1-9])\d{3}$": "code INSEE de commune en 5 caractères, par exemple 35238 ou 2A004",
    r"^\d[AB\d]\d{3}$": "code INSEE de commune en 5 caractères, par exemple 35238 ou 2A004",
    r"^W\d{9}$": "la lettre W suivie de 9 chiffres",
    r"^[0-9]{4}\-[0-9]{2}\-[0-9]{2}(\/[0-9]{4}\-[0-9]{2}\-[0-9]{2})?$":
        "AAAA-MM-JJ, ou AAAA-MM-JJ/AAAA-MM-JJ pour une période",
    r"^[0-9]{4}(\/[0-9]{4})?$": "AAAA, ou AAAA/AAAA pour une période",
    r"^\d\.\d{1,2}$": "un chiffre, un point puis un ou deux chiffres, par exemple 7.5",
    r"^([013-9]\d|2[AB1-9])\d{3}-P-\d{3}$": "code INSEE, -P- puis 3 chiffres, par exemple 75056-P-001",
    r"^(\d+|N/A)$": "un nombre entier, ou N/A",
    r"^[0-9A-B]{5}-[0-9]{8}-[0-9]{3}": "5 caractères, un tiret, 8 chiffres, un tiret, 3 chiffres",
    r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+590|\+508|\+681)(\d){6,9}$":
        "numéro au format international, sans espace, par exemple +33612345678",
}

PATTERN_DESCRIPTIONS.update({
    f.pattern: f.pattern_help
    for definition in ALL_DEFINITIONS for f in definition.fields if f.pattern and f.pattern_help
})

_DATE_FORMATS = {"default": "AAAA-MM-JJ", "%Y-%m-%d": "AAAA-MM-JJ", "%d/%m/%Y": "JJ/MM/AAAA"}


@dataclass
class _Collector:
    """Counts every error exactly and keeps the first ``limit`` of them."""

    limit: int
    counts: Counter = field(default_factory=Counter)
    kept: list[ValidationIssue] = field(default_factory=list)

    def add(self, issue: ValidationIssue) -> None:
        self.counts[issue.kind] += 1
        if len(self.kept) < self.limit:
            self.kept.append(issue)

    def add_lazy(self, kind: str, build: Callable[[], ValidationIssue]) -> None:
        """Count an error of ``kind``; build its details only if it will be listed."""
        self.counts[kind] += 1
        if len(self.kept) < self.limit:
            self.kept.append(build())


def shorten(value: Any, limit: int = VALUE_DISPLAY_LIMIT) -> str:
    """A cell value for messages: text, cut with an ellipsis when long."""
    text = value if isinstance(value, str) else display_value(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _schema_identity(schema: SchemaInfo | Mapping[str, Any]) -> tuple[str, str, str | None, str | None]:
    if isinstance(schema, SchemaInfo):
        return schema.id, schema.title, schema.version, schema.url
    name = str(schema.get("name") or schema.get("title") or "schéma local")
    version = schema.get("version")
    return (name, str(schema.get("title") or name),
            str(version).removeprefix("v") if version is not None else None,
            schema.get("path") if isinstance(schema.get("path"), str) else None)


def describe_pattern(pattern: str) -> str:
    """A plain description of a regular expression constraint."""
    return PATTERN_DESCRIPTIONS.get(pattern, f"expression régulière {pattern}")


def _boolean_words(field_descriptor: Mapping[str, Any]) -> str:
    true_values = field_descriptor.get("trueValues") or ["true", "True", "TRUE", "1"]
    false_values = field_descriptor.get("falseValues") or ["false", "False", "FALSE", "0"]
    return ", ".join([*true_values, *false_values])


def type_explanation(field_descriptor: Mapping[str, Any]) -> str:
    """French sentence end saying what a value of this field should look like."""
    ftype = field_descriptor.get("type", "string")
    fmt = field_descriptor.get("format", "default") or "default"
    if ftype == "number":
        return ("n'est pas un nombre (point comme séparateur décimal, sans espace ni symbole)")
    if ftype == "integer":
        return "n'est pas un nombre entier"
    if ftype == "date":
        return f"n'est pas une date au format {_DATE_FORMATS.get(fmt, fmt)}"
    if ftype == "datetime":
        return "n'est pas une date et heure au format AAAA-MM-JJTHH:MM:SS"
    if ftype == "time":
        return "n'est pas une heure au format HH:MM:SS"
    if ftype == "year":
        return "n'est pas une année sur 4 chiffres"
    if ftype == "yearmonth":
        return "n'est pas un mois au format AAAA-MM"
    if ftype == "boolean":
        return f"n'est pas une valeur oui/non reconnue (valeurs acceptées : {_boolean_words(field_descriptor)})"
    if ftype == "geopoint":
        shapes = {"array": "[longitude, latitude]", "object": '{"lon": longitude, "lat": latitude}'}
        return f"n'est pas un point géographique au format {shapes.get(fmt, 'longitude, latitude')}"
    if ftype == "array":
        return 'n\'est pas une liste au format JSON, par exemple ["valeur 1", "valeur 2"]'
    if ftype == "object":
        return "n'est pas un objet JSON"
    if ftype == "string" and fmt == "email":
        return "n'est pas une adresse électronique valide"
    if ftype == "string" and fmt == "uri":
        return "n'est pas une adresse web valide (elle doit commencer par http:// ou https://)"
    if ftype == "string" and fmt == "uuid":
        return "n'est pas un identifiant UUID valide"
    return f"n'est pas du type attendu ({ftype})"


def _constraint_name(note: str) -> str | None:
    marker = 'constraint "'
    start = note.find(marker)
    if start < 0:
        return None
    end = note.find('"', start + len(marker))
    return note[start + len(marker):end] if end > 0 else None


def constraint_explanation(field_descriptor: Mapping[str, Any], constraint: str | None,
                           value: str, note: str) -> str:
    """French explanation of a failed constraint (``value`` as written in the file)."""
    constraints = field_descriptor.get("constraints") or {}
    shown = f"« {shorten(value)} »"
    if constraint == "required":
        return "valeur obligatoire manquante"
    if constraint == "enum":
        allowed = ", ".join(str(v) for v in constraints.get("enum", []))
        return f"{shown} ne fait pas partie des valeurs autorisées : {allowed}"
    if constraint == "pattern":
        return f"{shown} ne respecte pas le format attendu ({describe_pattern(str(constraints.get('pattern', '')))})"
    if constraint == "minimum":
        return f"{shown} est inférieur au minimum autorisé ({constraints.get('minimum')})"
    if constraint == "maximum":
        return f"{shown} dépasse le maximum autorisé ({constraints.get('maximum')})"
    if constraint == "minLength":
        return f"{shown} est trop court (au moins {constraints.get('minLength')} caractères)"
    if constraint == "maxLength":
        return (f"{shown} est trop long ({len(value)} caractères, "
                f"{constraints.get('maxLength')} au plus)")
    if constraint == "unique":
        return f"{shown} apparaît plusieurs fois alors que chaque valeur doit être unique"
    item = field_descriptor.get("arrayItem") or {}
    item_enum = (item.get("constraints") or {}).get("enum")
    if item_enum and "enum" in note:
        return (f"{shown} contient une valeur non autorisée ; valeurs possibles : "
                + ", ".join(str(v) for v in item_enum))
    return f"{shown} ne respecte pas une contrainte du schéma ({note})"


def _close_name(name: str, candidates: list[str]) -> str | None:
    lowered = {c.lower(): c for c in candidates}
    if name.lower() in lowered:
        return lowered[name.lower()]
    normalised = {c.lower().replace("_", "").replace("-", ""): c for c in candidates}
    key = name.lower().replace("_", "").replace("-", "")
    if key in normalised:
        return normalised[key]
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[match[0]] if match else None


def header_issues(labels: list[str], fields: list[Mapping[str, Any]]) -> tuple[list[ValidationIssue], list[ValidationIssue]]:
    """(errors, warnings) about the header: missing, extra, duplicate and reordered columns."""
    errors: list[ValidationIssue] = []
    warnings: list[ValidationIssue] = []
    names = [str(f.get("name")) for f in fields]
    present = set(labels)
    extra = [label for label in labels if label not in set(names)]
    for position, label in enumerate(labels, start=1):
        if not label.strip():
            warnings.append(ValidationIssue("blank-label", None, None, None,
                                            f"la colonne n° {position} n'a pas de nom"))
    for label, count in sorted(Counter(labels).items()):
        if count > 1 and label.strip():
            errors.append(ValidationIssue("duplicate-label", None, label, None,
                                          f"le nom de colonne « {label} » apparaît {count} fois"))
    for fdesc in fields:
        name = str(fdesc.get("name"))
        if name in present:
            continue
        similar = _close_name(name, extra)
        near = f" (la colonne « {similar} » du fichier porte peut-être ce nom mal écrit)" if similar else ""
        if (fdesc.get("constraints") or {}).get("required"):
            errors.append(ValidationIssue("missing-label", None, name, None,
                                          f"colonne obligatoire absente du fichier{near}"))
        else:
            warnings.append(ValidationIssue("missing-optional-column", None, name, None,
                                            f"colonne facultative absente du fichier{near}"))
    for label in extra:
        if label.strip():
            warnings.append(ValidationIssue("extra-column", None, label, None,
                                            "colonne non prévue par le schéma (elle n'est pas vérifiée)"))
    in_schema_order = [n for n in names if n in present]
    in_file_order = [label for label in labels if label in set(names)]
    if in_file_order != in_schema_order:
        warnings.append(ValidationIssue("column-order", None, None, None,
                                        "les colonnes ne sont pas dans l'ordre du schéma "
                                        "(ce n'est pas une erreur, mais l'ordre du schéma est recommandé)"))
    return errors, warnings


def _read_labels(path: Path) -> list[str] | None:
    """The header row of a UTF-8 CSV file (None for an empty file). Raises on bad encoding."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            return list(row)
    return None


def _not_verified(identity: tuple[str, str, str | None, str | None], reason: str,
                  max_errors: int, checks_not_run: tuple[str, ...] = ()) -> ValidationReport:
    schema_id, title, version, url = identity
    return ValidationReport(schema_id, title, version, url, NON_VERIFIE, reason=reason,
                            checks_not_run=checks_not_run, max_errors=max_errors)


def _frictionless_schema_and_detector(descriptor: dict[str, Any]):
    """The frictionless Schema (custom keys removed) and a Detector matching columns by name."""
    from frictionless import Detector, Schema

    clean = {key: value for key, value in descriptor.items()
             if key in ("fields", "missingValues", "primaryKey")}
    # Columns are matched by name; absent ones are reported by header_issues().
    if hasattr(Schema, "fields_match"):
        clean["fieldsMatch"] = "partial"
        return Schema.from_descriptor(clean), Detector(field_type="string")
    return Schema.from_descriptor(clean), Detector(schema_sync=True, field_type="string")


def _issue_from_error(err: Any, fields_by_name: Mapping[str, Mapping[str, Any]],
                      primary_key: list[str]) -> ValidationIssue:
    kind = err.type
    row = getattr(err, "row_number", None)
    column = getattr(err, "field_name", None) or None
    cell = getattr(err, "cell", None)
    value = None if cell is None else str(cell)
    note = getattr(err, "note", "") or ""
    fdesc = fields_by_name.get(column or "", {})
    if kind == "type-error":
        text = f"« {shorten(value or '')} » {type_explanation(fdesc)}"
    elif kind == "constraint-error":
        text = constraint_explanation(fdesc, _constraint_name(note), value or "", note)
    elif kind == "unique-error":
        text = constraint_explanation(fdesc, "unique", value or "", note)
    elif kind == "primary-key":
        column = " + ".join(primary_key) or column
        text = "identifiant déjà utilisé sur une autre ligne : chaque ligne doit avoir un identifiant unique"
    elif kind == "blank-row":
        text, column = "ligne entièrement vide (supprimez-la)", None
    elif kind == "extra-cell":
        text, column = "cette ligne a plus de cellules que l'en-tête n'a de colonnes", None
    elif kind == "missing-cell":
        text = "cette ligne a moins de cellules que l'en-tête n'a de colonnes"
    else:
        text = f"{kind} : {note}" if note else kind
    return ValidationIssue(kind, row, column, value, text)


_HEADER_TYPES_DONE_HERE = {"missing-label", "extra-label", "incorrect-label", "duplicate-label",
                           "blank-label", "unmatched-header"}


def import_validator() -> None:
    """Import what :func:`validate_table` imports when first called (frictionless, about half a second):
    before forking processes that each validate, so that they share it instead of each importing it."""
    import frictionless  # noqa: F401


def validate_table(csv_path: Path | str, schema: SchemaInfo | Mapping[str, Any], *,
                   max_errors: int = DEFAULT_MAX_ERRORS) -> ValidationReport:
    """Check the normalised CSV at ``csv_path`` against ``schema`` and return a report.

    ``schema`` is a :class:`SchemaInfo` (see :func:`portalgen.schemas.resolve_schema`) or a
    Table Schema descriptor. At most ``max_errors`` errors are listed; counts stay exact.
    Never raises for problems in the data: a file or schema that cannot be read gives a
    ``"non vérifié"`` report with the reason.
    """
    from frictionless import Dialect, FrictionlessException, Resource, formats

    identity = _schema_identity(schema)
    descriptor = descriptor_of(schema)
    path = Path(csv_path)
    max_errors = max(0, int(max_errors))
    if not path.is_file():
        return _not_verified(identity, f"fichier introuvable : {path}", max_errors)
    try:
        labels = _read_labels(path)
    except UnicodeDecodeError:
        return _not_verified(identity, "le fichier n'est pas encodé en UTF-8", max_errors)
    except (OSError, csv.Error) as exc:
        return _not_verified(identity, f"fichier illisible ({exc})", max_errors)
    fields: list[Mapping[str, Any]] = [f for f in descriptor.get("fields", []) if isinstance(f, Mapping)]
    fields_by_name = {str(f.get("name")): f for f in fields}
    primary_key = descriptor.get("primaryKey") or []
    primary_key = [primary_key] if isinstance(primary_key, str) else list(primary_key)
    missing_values = set(descriptor.get("missingValues") or [""])

    checks: PreparedChecks = prepare_custom_checks(descriptor.get("custom_checks"), labels or [])
    checks_run = tuple(check.description for check in checks.checks)
    collector = _Collector(max_errors)
    schema_id, title, version, url = identity
    if labels is None or not any(labels):
        collector.add(ValidationIssue("source-error", None, None, None,
                                      "le fichier est vide : il doit au moins contenir la ligne d'en-tête"))
        return ValidationReport(schema_id, title, version, url, NON_CONFORME, 0,
                                tuple(sorted(collector.counts.items())), tuple(collector.kept),
                                (), checks_run, checks.not_run, None, max_errors)

    head_errors, head_warnings = header_issues(labels, fields)
    for issue in head_errors:
        collector.add(issue)
    for failure in checks.table_failures:
        collector.add(ValidationIssue(failure.kind, None, failure.column, failure.value,
                                      failure.explanation))

    try:
        fl_schema, detector = _frictionless_schema_and_detector(descriptor)
    except FrictionlessException as exc:
        return _not_verified(identity, f"le schéma n'est pas utilisable : {exc.error.message}",
                             max_errors, checks.not_run)

    resource = Resource(path=path.name, basepath=str(path.parent.resolve()), schema=fl_schema,
                        format="csv", encoding="utf-8",
                        dialect=Dialect(controls=[formats.CsvControl(delimiter=",")]),
                        detector=detector)
    rows = 0
    try:
        with resource:
            for err in resource.header.errors:
                if err.type not in _HEADER_TYPES_DONE_HERE:
                    collector.add(_issue_from_error(err, fields_by_name, primary_key))
            for row in resource.row_stream:
                rows += 1
                for err in row.errors:
                    name = getattr(err, "field_name", None)
                    if name and name not in fields_by_name:
                        continue
                    collector.add_lazy(err.type, lambda err=err: _issue_from_error(
                        err, fields_by_name, primary_key))
                if checks.checks:
                    filled = {name for name, cell in zip(row.field_names, row.cells)
                              if cell is not None and cell not in missing_values}
                    for failure in checks.run(row, filled):
                        collector.add(ValidationIssue(failure.kind, row.row_number, failure.column,
                                                      failure.value, failure.explanation))
    except FrictionlessException as exc:
        return _not_verified(identity, f"lecture interrompue à la ligne {rows + 1} : {exc.error.message}",
                             max_errors, checks.not_run)
    except (UnicodeDecodeError, OSError, ValueError) as exc:
        return _not_verified(identity, f"lecture interrompue à la ligne {rows + 1} : {exc}",
                             max_errors, checks.not_run)

    status = NON_CONFORME if collector.counts else CONFORME
    return ValidationReport(
        schema_id, title, version, url, status, rows,
        tuple(sorted(collector.counts.items())), tuple(collector.kept), tuple(head_warnings),
        checks_run, checks.not_run, None, max_errors)


def rows_checked_apart(schema: SchemaInfo | Mapping[str, Any]) -> bool:
    """Whether a file's rows can be checked in parts (files with its header and some of its rows) whose reports
    :func:`joined_report` puts together: no check of ``schema`` compares two rows — no unique constraint, no
    primary or foreign key (frictionless checks each other cell of a row alone; the custom checks look at one
    row at a time)."""
    descriptor = descriptor_of(schema)
    if descriptor.get("primaryKey") or descriptor.get("foreignKeys"):
        return False
    return not any(isinstance(f, Mapping) and isinstance(f.get("constraints"), Mapping) and f["constraints"].get("unique")
                   for f in descriptor.get("fields", []))


def joined_report(parts: Sequence[ValidationReport]) -> ValidationReport | None:
    """The report of a file from the reports of its parts, in order: each part a file with the file's header and
    the next of its rows (see :func:`rows_checked_apart`). None when a part could not be checked
    to its end (its reason names a line of the part: check the whole file instead).

    It is the report one pass over the file gives: what comes of the header (errors without a row, warnings) is
    the same in every part and taken once, from the first; a later part's rows are numbered after the rows
    before it; counts are added; the errors listed are the first ``max_errors`` in the file's order."""
    if not parts or any(part.status == NON_VERIFIE for part in parts):
        return None
    first = parts[0]
    counts = Counter(dict(first.error_counts))
    listed = list(first.errors)
    rows = first.rows_checked
    for part in parts[1:]:
        header = Counter(issue.kind for issue in part.errors if issue.row is None)
        if sum(header.values()) >= part.max_errors:  # the header's own errors might not all be listed
            return None
        counts += Counter(dict(part.error_counts)) - header
        listed += [replace(issue, row=issue.row + rows) for issue in part.errors if issue.row is not None]
        rows += part.rows_checked
    return ValidationReport(
        first.schema_id, first.schema_title, first.schema_version, first.schema_url,
        NON_CONFORME if counts else CONFORME, rows, tuple(sorted(counts.items())),
        tuple(listed[:first.max_errors]), first.warnings, first.checks_run, first.checks_not_run, None,
        first.max_errors)


def validation_summary_json(report: ValidationReport) -> str:
    """A deterministic JSON summary of a report (status, counts, checks), for build artefacts."""
    return json.dumps({
        "schema": {"id": report.schema_id, "title": report.schema_title,
                   "version": report.schema_version, "url": report.schema_url},
        "status": report.status, "rows": report.rows_checked, "errors": report.total_errors,
        "counts": dict(report.error_counts), "checks_not_run": list(report.checks_not_run),
        "reason": report.reason,
    }, ensure_ascii=False, sort_keys=True, indent=2)
