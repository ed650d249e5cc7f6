"""Column policies, and the privacy report that tells a webmaster what to do.

A :class:`Detection` says "column X holds N values of kind K". Put next to the column
policies written in the dataset file (``privacy: {telephone: mask}`` under a resource), it
becomes a :class:`PrivacyFinding` with a status:

* ``blocking``: personal data with no policy — the build must not publish it;
* ``reviewed``: a person checked the column and wrote why it may be published;
* ``resolved``: the column is dropped, masked, hashed or generalised before publication;
* ``public``: public by nature for this schema (a facility's phone number, an elected
  official's name in a deliberation), with the reason.

Texts are in plain French: they are read by the commune's webmaster.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping

from ..errors import Finding, Level, Location, error, info, warning
from .patterns import KIND_ORDER, PersonalKind


class Severity(str, Enum):
    """How harmful a leak of the column would be."""

    HIGH = "high"      # NIR, IBAN: identifiers a fraudster can use
    MEDIUM = "medium"  # contact details, names, birth dates, home addresses
    LOW = "low"        # weak evidence: the column name and value shapes only


SEVERITY_FR = {Severity.HIGH: "gravité élevée", Severity.MEDIUM: "gravité moyenne", Severity.LOW: "gravité faible"}

#: (singular, plural) French labels of each kind.
KIND_LABELS_FR: dict[PersonalKind, tuple[str, str]] = {
    PersonalKind.NIR: ("numéro de sécurité sociale (NIR)", "numéros de sécurité sociale (NIR)"),
    PersonalKind.IBAN: ("IBAN (coordonnées bancaires)", "IBAN (coordonnées bancaires)"),
    PersonalKind.EMAIL: ("adresse e-mail personnelle", "adresses e-mail personnelles"),
    PersonalKind.PHONE: ("numéro de téléphone", "numéros de téléphone"),
    PersonalKind.BIRTH_DATE: ("date de naissance", "dates de naissance"),
    PersonalKind.PERSON_NAME: ("nom de personne", "noms de personnes"),
    PersonalKind.ADDRESS: ("adresse de particulier", "adresses de particuliers"),
    PersonalKind.FREE_TEXT: ("texte contenant des coordonnées", "textes contenant des coordonnées"),
}

#: The policy suggested first in hints, per kind.
SUGGESTED_MODE: dict[PersonalKind, str] = {
    PersonalKind.NIR: "drop",
    PersonalKind.IBAN: "drop",
    PersonalKind.EMAIL: "mask",
    PersonalKind.PHONE: "mask",
    PersonalKind.BIRTH_DATE: "generalise",
    PersonalKind.PERSON_NAME: "drop",
    PersonalKind.ADDRESS: "generalise",
    PersonalKind.FREE_TEXT: "mask",
}


def kind_label(kind: PersonalKind, count: int = 1) -> str:
    """French label of ``kind``, singular for 0 or 1 (``"0 donnée"``), plural above."""
    singular, plural = KIND_LABELS_FR[kind]
    return singular if count <= 1 else plural


# --------------------------------------------------------------------------------------------
# Policies
# --------------------------------------------------------------------------------------------

class PolicyMode(str, Enum):
    """What to do with a column before publication."""

    DROP = "drop"              # remove the column
    MASK = "mask"              # keep the shape, hide the characters
    HASH = "hash"              # replace by a salted SHA-256 code (same value -> same code)
    GENERALISE = "generalise"  # dates -> year, numbers -> ranges, addresses -> commune
    REVIEWED = "reviewed"      # publish as is: a person checked it and wrote why


GENERALISE_PRECISIONS = ("year", "month")


@dataclass(frozen=True)
class ColumnPolicy:
    """The policy of one column, as written in the dataset file.

    ``justification`` is required for ``reviewed`` (e.g. "numéro du standard de la mairie");
    ``precision`` applies to ``generalise`` on dates: ``year`` (default) or ``month``.
    A string ``mode`` is accepted and converted; an unknown mode raises ``ValueError``
    (use :func:`parse_policies` to turn YAML into policies with findings instead).
    """

    mode: PolicyMode
    justification: str | None = None
    precision: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.mode, PolicyMode):
            object.__setattr__(self, "mode", PolicyMode(str(self.mode).strip().lower()))

    @property
    def anonymises(self) -> bool:
        """True for the modes that change the published data (all but ``reviewed``)."""
        return self.mode is not PolicyMode.REVIEWED

    @property
    def has_justification(self) -> bool:
        return bool(self.justification and self.justification.strip())


_MODE_ALIASES = {"generalize": "generalise", "review": "reviewed", "masque": "mask", "supprimer": "drop",
                 "hacher": "hash", "generaliser": "generalise", "verifie": "reviewed"}


def parse_policies(raw: Any, *, where: Location | None = None,
                   key: str = "privacy") -> tuple[dict[str, ColumnPolicy], tuple[Finding, ...]]:
    """Turn the ``privacy:`` mapping of a resource into column policies, with a finding per mistake.

    Accepted forms, per column: ``telephone: mask`` or
    ``telephone: {mode: reviewed, justification: "numéro du standard de la mairie"}`` or
    ``date_naissance: {mode: generalise, precision: month}``. ``where`` is the location of the
    ``privacy:`` key in the dataset file.
    """
    findings: list[Finding] = []
    policies: dict[str, ColumnPolicy] = {}
    if raw is None:
        return policies, ()
    if not isinstance(raw, Mapping):
        return policies, (error(
            "« privacy » doit associer des noms de colonnes à une règle", where, key=key,
            hint="écrivez par exemple « privacy: {telephone: mask} »", code="privacy.invalid-policy"),)
    modes = [m.value for m in PolicyMode]
    for column, value in raw.items():
        column = str(column)
        entry_key = f"{key}.{column}"
        if isinstance(value, str):
            mode_text, justification, precision = value, None, None
        elif isinstance(value, Mapping):
            unknown = sorted(str(k) for k in value if str(k) not in {"mode", "justification", "precision"})
            if unknown:
                findings.append(error(
                    f"clé inconnue « {unknown[0]} » pour la colonne « {column} »", where, key=entry_key,
                    hint="les clés possibles sont mode, justification et precision", code="privacy.invalid-policy"))
            mode_text = str(value.get("mode", ""))
            justification = value.get("justification")
            justification = None if justification is None else str(justification)
            precision = value.get("precision")
            precision = None if precision is None else str(precision)
        else:
            findings.append(error(
                f"la règle de la colonne « {column} » doit être un mot (drop, mask, hash, generalise, reviewed)",
                where, key=entry_key, hint=f"écrivez « {column}: mask »", code="privacy.invalid-policy"))
            continue
        normal = _MODE_ALIASES.get(mode_text.strip().lower(), mode_text.strip().lower())
        if normal not in modes:
            close = difflib.get_close_matches(normal, modes, n=1)
            hint = (f"vouliez-vous dire « {close[0]} » ? " if close else "") + "les règles possibles sont " \
                + ", ".join(modes)
            findings.append(error(f"règle inconnue « {mode_text} » pour la colonne « {column} »", where,
                                  key=entry_key, hint=hint, code="privacy.invalid-policy"))
            continue
        policies[column] = ColumnPolicy(PolicyMode(normal), justification, precision)
    return policies, tuple(findings)


# --------------------------------------------------------------------------------------------
# Detections and findings
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Detection:
    """Personal data found in one column.

    ``count`` cells out of ``non_empty`` match; ``example`` is the first of them, masked;
    ``first_row`` its 1-based position among the data rows. ``contains`` lists what a
    free-text column holds. ``public_reason`` is set when the schema makes the column
    public by nature.
    """

    column: str
    kind: PersonalKind
    count: int
    non_empty: int
    example: str
    first_row: int
    severity: Severity
    evidence_fr: str
    contains: tuple[PersonalKind, ...] = ()
    public_reason: str | None = None


class Status(str, Enum):
    BLOCKING = "blocking"
    REVIEWED = "reviewed"
    RESOLVED = "resolved"
    PUBLIC = "public"


@dataclass(frozen=True)
class PrivacyFinding:
    """A detection and what the dataset file says about its column."""

    detection: Detection
    status: Status
    policy: ColumnPolicy | None = None

    @property
    def column(self) -> str:
        return self.detection.column

    @property
    def kind(self) -> PersonalKind:
        return self.detection.kind


def _yaml_key(column: str) -> str:
    return column if re.fullmatch(r"[A-Za-z_][\w\-]*", column) else json.dumps(column, ensure_ascii=False)


def yaml_policy_line(policies: Mapping[str, str]) -> str:
    """``privacy: {telephone: mask, email: mask}``: the one line to paste under the resource."""
    inner = ", ".join(f"{_yaml_key(column)}: {mode}" for column, mode in policies.items())
    return f"privacy: {{{inner}}}"


def _describe(detection: Detection) -> str:
    d = detection
    what = kind_label(d.kind, d.count)
    if d.kind is PersonalKind.FREE_TEXT and d.contains:
        what += " (" + ", ".join(kind_label(k, 2) for k in d.contains) + ")"
    return (f"{d.count} {what} sur {d.non_empty} "
            f"{'cellule remplie' if d.non_empty <= 1 else 'cellules remplies'}, "
            f"par exemple « {d.example} » (ligne de données {d.first_row}, {SEVERITY_FR[d.severity]})")


def _way_out(detection: Detection, config_file: str | None) -> str:
    column = detection.column
    mode = SUGGESTED_MODE[detection.kind]
    where = f"dans {config_file}" if config_file else "dans le fichier du jeu de données (datasets/…yml)"
    reviewed = (f"privacy: {{{_yaml_key(column)}: {{mode: reviewed, "
                f"justification: \"pourquoi ces données peuvent être publiées\"}}}}")
    return (f"{where}, sous cette ressource, ajoutez « {yaml_policy_line({column: mode})} » "
            f"(autres règles : drop retire la colonne, mask masque les caractères, hash remplace chaque "
            f"valeur par un code, generalise garde l'année ou la commune) ; si ces données sont publiques, "
            f"écrivez « {reviewed} »")


@dataclass(frozen=True)
class PrivacyReport:
    """The personal-data check of one table: what was found, and whether it may be published."""

    file_label: str
    schema_id: str | None
    columns_checked: int
    findings: tuple[PrivacyFinding, ...]
    problems: tuple[Finding, ...] = ()
    config_file: str | None = None

    # ---- counts -----------------------------------------------------------------------
    def _columns(self, *statuses: Status) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for finding in self.findings:
            if finding.status in statuses:
                seen.setdefault(finding.column, None)
        return tuple(seen)

    @property
    def blocking(self) -> tuple[PrivacyFinding, ...]:
        return tuple(f for f in self.findings if f.status is Status.BLOCKING)

    @property
    def blocking_columns(self) -> tuple[str, ...]:
        return self._columns(Status.BLOCKING)

    @property
    def ok_to_publish(self) -> bool:
        """True when nothing is blocking and the policies hold no error."""
        return not self.blocking and not any(p.level is Level.ERROR for p in self.problems)

    # ---- texts ------------------------------------------------------------------------
    def summary_fr(self) -> str:
        """One line: ``"12 colonnes vérifiées, 2 données personnelles à traiter"``."""
        checked = self.columns_checked
        parts = [f"{checked} {'colonne vérifiée' if checked <= 1 else 'colonnes vérifiées'}"]
        blocking = len(self.blocking_columns)
        anonymised = len([c for c in self._columns(Status.RESOLVED) if c not in self.blocking_columns])
        reviewed = len([c for c in self._columns(Status.REVIEWED)
                        if c not in self.blocking_columns and c not in self._columns(Status.RESOLVED)])
        handled = anonymised + reviewed
        if blocking:
            parts.append(f"{blocking} {'donnée personnelle' if blocking == 1 else 'données personnelles'} à traiter")
            if handled:
                parts.append(f"{handled} déjà {'traitée' if handled == 1 else 'traitées'}")
        elif handled:
            detail = []
            if anonymised:
                detail.append(f"{anonymised} {'anonymisée' if anonymised == 1 else 'anonymisées'}")
            if reviewed:
                detail.append(f"{reviewed} {'vérifiée' if reviewed == 1 else 'vérifiées'} par une personne")
            what = "donnée personnelle traitée" if handled == 1 else "données personnelles traitées"
            parts.append(f"{handled} {what} ({', '.join(detail)})")
        else:
            parts.append("0 donnée personnelle")
        errors = sum(1 for p in self.problems if p.level is Level.ERROR)
        if errors:
            parts.append(f"{errors} {'erreur' if errors == 1 else 'erreurs'} dans la rubrique « privacy »")
        return ", ".join(parts)

    def yaml_hint(self) -> str | None:
        """The line to add under the resource to resolve every blocking column with the suggested rule."""
        suggested: dict[str, str] = {}
        for finding in self.blocking:
            suggested.setdefault(finding.column, SUGGESTED_MODE[finding.kind])
        return yaml_policy_line(suggested) if suggested else None

    def to_findings(self) -> list[Finding]:
        """Build findings: an error per blocking column, notes for the rest, then the policy problems."""
        where = Location(self.file_label)
        out: list[Finding] = []
        for finding in self.findings:
            d = finding.detection
            key = f"colonne {d.column}"
            if finding.status is Status.BLOCKING:
                out.append(error(
                    f"données personnelles à ne pas publier telles quelles : {_describe(d)}",
                    where, key=key, hint=_way_out(d, self.config_file), code="privacy.personal-data"))
            elif finding.status is Status.REVIEWED:
                out.append(info(
                    f"{_describe(d)} ; colonne publiée après vérification : « {finding.policy.justification.strip()} »",
                    where, key=key, code="privacy.reviewed"))
            elif finding.status is Status.RESOLVED:
                out.append(info(f"{_describe(d)} ; règle « {finding.policy.mode.value} » appliquée avant publication",
                                where, key=key, code="privacy.anonymised"))
            else:
                out.append(info(f"{_describe(d)} ; donnée publique : {d.public_reason}", where, key=key,
                                code="privacy.public"))
        out.extend(self.problems)
        return out

    def explain_fr(self) -> str:
        """A few lines of French for the build log: the summary, then each finding and problem."""
        lines = [f"{self.file_label} : {self.summary_fr()}"]
        lines.extend("  - " + f.format() for f in self.to_findings())
        hint = self.yaml_hint()
        if hint:
            where = self.config_file or "le fichier du jeu de données"
            lines.append(f"  Pour tout traiter d'un coup, ajoutez sous la ressource dans {where} : {hint}")
        return "\n".join(lines)


def check_policies(columns: list[str], policies: Mapping[str, ColumnPolicy], *, file_label: str,
                   config_file: str | None = None) -> tuple[Finding, ...]:
    """Errors for policies that cannot apply: unknown columns (with a "did you mean"), a missing
    justification for ``reviewed``, a bad ``precision``."""
    where = Location(config_file) if config_file else Location(file_label)
    found: list[Finding] = []
    lowered = {c.lower(): c for c in columns}
    for column in sorted(policies):
        policy = policies[column]
        key = f"privacy.{column}"
        if column not in columns:
            close = lowered.get(column.lower())
            if close is None:
                matches = difflib.get_close_matches(column, columns, n=1, cutoff=0.6)
                close = matches[0] if matches else None
            listing = ", ".join(columns[:12]) + (" …" if len(columns) > 12 else "")
            hint = (f"vouliez-vous dire « {close} » ? " if close else "") + f"colonnes du fichier : {listing}"
            found.append(error(f"la règle « {policy.mode.value} » vise la colonne « {column} », "
                               f"absente de {file_label}", where, key=key, hint=hint,
                               code="privacy.unknown-column"))
        if policy.mode is PolicyMode.REVIEWED and not policy.has_justification:
            found.append(error(
                f"la colonne « {column} » est marquée « reviewed » sans justification", where, key=key,
                hint=(f"écrivez pourquoi elle peut être publiée, par exemple « {_yaml_key(column)}: {{mode: reviewed, "
                      f"justification: \"numéro du standard de la mairie\"}} »"),
                code="privacy.missing-justification"))
        if policy.precision is not None and (policy.mode is not PolicyMode.GENERALISE
                                             or policy.precision not in GENERALISE_PRECISIONS):
            found.append(error(
                f"« precision: {policy.precision} » ne s'applique pas à la colonne « {column} »", where, key=key,
                hint="precision s'utilise avec mode: generalise et vaut year ou month", code="privacy.invalid-policy"))
    return tuple(found)


def build_report(*, file_label: str, schema_id: str | None, columns: list[str],
                 detections: tuple[Detection, ...], policies: Mapping[str, ColumnPolicy],
                 config_file: str | None = None) -> PrivacyReport:
    """Put detections and policies together into a :class:`PrivacyReport` (pure; sorted output)."""
    problems = list(check_policies(columns, policies, file_label=file_label, config_file=config_file))
    position = {column: index for index, column in enumerate(columns)}
    findings: list[PrivacyFinding] = []
    for detection in sorted(detections, key=lambda d: (position.get(d.column, len(columns)), d.column,
                                                       KIND_ORDER[d.kind])):
        policy = policies.get(detection.column)
        if policy is None:
            status = Status.PUBLIC if detection.public_reason else Status.BLOCKING
        elif policy.mode is PolicyMode.REVIEWED:
            status = Status.REVIEWED if policy.has_justification else Status.BLOCKING
        else:
            status = Status.RESOLVED
        if (policy is not None and policy.mode is PolicyMode.GENERALISE
                and detection.kind is PersonalKind.PERSON_NAME and detection.public_reason is None):
            problems.append(warning(
                f"la colonne « {detection.column} » contient des noms : « generalise » ne les réduit pas à des "
                f"initiales (trop facile à ré-identifier dans une petite commune), elle sera entièrement masquée",
                Location(config_file or file_label), key=f"privacy.{detection.column}",
                hint="écrivez « drop » pour retirer la colonne, ou « hash » pour garder un code par personne",
                code="privacy.generalise-names"))
        findings.append(PrivacyFinding(detection, status, policy))
    return PrivacyReport(file_label=file_label, schema_id=schema_id, columns_checked=len(columns),
                         findings=tuple(findings), problems=tuple(problems), config_file=config_file)
