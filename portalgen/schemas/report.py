"""The result of checking a data file against its schema, and how to print it.

Texts meant for the webmaster and for the published pages (statuses, explanations) are in
French. ``report_lines`` gives the lines ``portalgen check`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Finding, Level, Location

CONFORME = "conforme"
NON_CONFORME = "non conforme"
NON_VERIFIE = "non vérifié"
STATUSES = (CONFORME, NON_CONFORME, NON_VERIFIE)

DEFAULT_MAX_ERRORS = 1000

KIND_LABELS: dict[str, str] = {
    "missing-label": "colonne obligatoire absente",
    "duplicate-label": "nom de colonne en double",
    "blank-label": "colonne sans nom",
    "blank-header": "en-tête vide",
    "type-error": "valeur du mauvais type",
    "constraint-error": "valeur qui ne respecte pas le schéma",
    "unique-error": "valeur en double",
    "primary-key": "identifiant en double",
    "blank-row": "ligne vide",
    "extra-cell": "cellule en trop",
    "missing-cell": "cellule manquante",
    "source-error": "fichier illisible",
    "french-siret-value": "numéro SIRET invalide",
    "french-siren-value": "numéro SIREN invalide",
    "one-of-required": "colonnes dont l'une doit être remplie",
    "compare-columns-value": "comparaison entre colonnes",
    "sum-columns-value": "somme de colonnes",
    "cohesive-columns-value": "colonnes à remplir ensemble",
    "year-interval-value": "année ou période incorrecte",
    "missing-optional-column": "colonne facultative absente",
    "extra-column": "colonne non prévue par le schéma",
    "column-order": "ordre des colonnes",
}

KIND_HINTS: dict[str, str] = {
    "missing-label": "ajoutez la colonne avec exactement ce nom (majuscules et minuscules comprises)",
    "type-error": "nombres avec un point décimal et sans espace ni symbole, dates au format "
                  "AAAA-MM-JJ, valeurs oui/non telles que le schéma les attend",
    "constraint-error": "corrigez la valeur ou laissez la cellule vide si la colonne est facultative",
    "french-siret-value": "recopiez le SIRET depuis annuaire-entreprises.data.gouv.fr",
    "french-siren-value": "recopiez le SIREN depuis annuaire-entreprises.data.gouv.fr",
    "unique-error": "chaque valeur de cette colonne doit être différente",
    "primary-key": "chaque ligne doit avoir un identifiant différent",
}


def kind_label(kind: str) -> str:
    """French label of an error kind (the kind itself when unknown)."""
    return KIND_LABELS.get(kind, kind)


@dataclass(frozen=True)
class ValidationIssue:
    """One problem in a data file.

    ``row`` is the line number as the user sees it in the file (header = 1, first data row =
    2), None for problems about the header or the whole file. ``explanation`` is French and
    says what is wrong; ``message`` adds where («ligne 12, colonne montant : …»).
    """

    kind: str
    row: int | None
    column: str | None
    value: str | None
    explanation: str

    @property
    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        if self.column:
            parts.append(f"colonne {self.column}")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        where = self.where
        return f"{where} : {self.explanation}" if where else self.explanation


@dataclass(frozen=True)
class ValidationReport:
    """Whether a data file follows its schema.

    ``status`` is ``"conforme"`` only when validation ran to the end and found no error,
    ``"non conforme"`` when it found errors, ``"non vérifié"`` when it could not run
    (``reason`` says why). ``error_counts`` are exact (kind, count) pairs sorted by kind;
    ``errors`` lists at most ``max_errors`` of them. ``warnings`` do not change the status.
    ``checks_run`` / ``checks_not_run`` describe the schema's extra checks in French.
    """

    schema_id: str
    schema_title: str
    schema_version: str | None
    schema_url: str | None
    status: str
    rows_checked: int = 0
    error_counts: tuple[tuple[str, int], ...] = ()
    errors: tuple[ValidationIssue, ...] = ()
    warnings: tuple[ValidationIssue, ...] = ()
    checks_run: tuple[str, ...] = ()
    checks_not_run: tuple[str, ...] = ()
    reason: str | None = None
    max_errors: int = DEFAULT_MAX_ERRORS

    @property
    def total_errors(self) -> int:
        return sum(count for _, count in self.error_counts)

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.error_counts)

    @property
    def truncated(self) -> bool:
        """True when some errors are counted but not listed."""
        return self.total_errors > len(self.errors)

    @property
    def is_conforme(self) -> bool:
        return self.status == CONFORME


def _schema_line(report: ValidationReport) -> str:
    version = f" version {report.schema_version}" if report.schema_version else ""
    return f"Schéma : {report.schema_title} ({report.schema_id}{version})"


def report_lines(report: ValidationReport, *, max_lines: int | None = 50) -> list[str]:
    """Plain French lines summarising ``report`` for a terminal.

    Lists the status, counts by kind (with a hint for the most common kinds), at most
    ``max_lines`` errors (None: all listed ones), the warnings and the checks not run.
    """
    lines = [_schema_line(report)]
    if report.status == NON_VERIFIE:
        lines.append(f"Statut : {report.status} — {report.reason or 'la validation n’a pas pu être faite'}")
    elif report.status == CONFORME:
        lines.append(f"Statut : {report.status} ({report.rows_checked} lignes vérifiées)")
    else:
        plural = "s" if report.total_errors > 1 else ""
        lines.append(f"Statut : {report.status} — {report.total_errors} erreur{plural} "
                     f"sur {report.rows_checked} lignes vérifiées")
    if report.error_counts:
        lines.append("Erreurs par type :")
        for kind, count in sorted(report.error_counts, key=lambda kc: (-kc[1], kc[0])):
            hint = KIND_HINTS.get(kind)
            lines.append(f"  - {kind_label(kind)} : {count}" + (f" (conseil : {hint})" if hint else ""))
    shown = report.errors if max_lines is None else report.errors[:max_lines]
    if shown:
        lines.append("Détail :")
        lines.extend(f"  {issue.message}" for issue in shown)
        hidden = report.total_errors - len(shown)
        if hidden > 0:
            lines.append(f"  … et {hidden} autre{'s' if hidden > 1 else ''} erreur"
                         f"{'s' if hidden > 1 else ''} non affichée{'s' if hidden > 1 else ''}")
    if report.warnings:
        lines.append("Avertissements :")
        lines.extend(f"  {issue.message}" for issue in report.warnings)
    if report.checks_not_run:
        lines.append("Contrôles non effectués :")
        lines.extend(f"  - {text}" for text in report.checks_not_run)
    return lines


def report_findings(report: ValidationReport, data_file: str, *,
                    error_level: Level = Level.WARNING,
                    max_findings: int | None = 20) -> list[Finding]:
    """The report as :class:`Finding` objects for ``portalgen check`` (one per listed error,
    then one per warning and one summary). ``error_level`` is the level given to data errors
    (a site may treat non-conformity as an error or as a warning)."""
    findings: list[Finding] = []
    listed = report.errors if max_findings is None else report.errors[:max_findings]
    for issue in listed:
        findings.append(Finding(error_level, issue.explanation,
                                Location(data_file, issue.row), key=issue.where or None,
                                hint=KIND_HINTS.get(issue.kind), code=f"schema-{issue.kind}"))
    for issue in report.warnings:
        findings.append(Finding(Level.WARNING, issue.explanation, Location(data_file, issue.row),
                                key=issue.where or None, code=f"schema-{issue.kind}"))
    if report.status == NON_VERIFIE:
        findings.append(Finding(Level.WARNING,
                                f"Not checked against schema {report.schema_id}: {report.reason}",
                                Location(data_file), code="schema-not-verified"))
    elif report.status == NON_CONFORME and report.total_errors > len(listed):
        findings.append(Finding(error_level,
                                f"{report.total_errors} errors against schema {report.schema_id} "
                                f"({len(listed)} shown)", Location(data_file),
                                hint="run 'portalgen check' to see the list, or fix the first ones "
                                     "and check again", code="schema-summary"))
    return findings
