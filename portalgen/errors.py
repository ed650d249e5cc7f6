"""Problems found in a site, and where they are.

Every problem portalgen reports is a :class:`Finding`: a level, a plain message, a
:class:`Location` (file, line, column) and a hint saying how to fix it. Stages collect
findings instead of stopping at the first one; :class:`PortalgenError` carries one or
more findings out of a stage that cannot go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """Where something comes from: a file, and optionally a line/column (1-based) or a data row."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    @classmethod
    def of(cls, path: Path | str, line: int | None = None, column: int | None = None) -> "Location":
        return cls(str(path), line, column)


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem (or note) about the site.

    ``key`` is the dotted config path (``datasets.budget.licence``) or a data position
    (``ligne 12, colonne montant``) when it helps; ``code`` a stable identifier for tests
    and per-check levels.
    """

    level: Level
    message: str
    where: Location | None = None
    key: str | None = None
    hint: str | None = None
    code: str = "generic"

    def format(self) -> str:
        parts = []
        if self.where is not None:
            parts.append(f"{self.where}: ")
        if self.key:
            parts.append(f"{self.key}: ")
        parts.append(_sentence(self.message))
        if self.hint:
            parts.append(f" Hint: {_sentence(self.hint)}")
        return "".join(parts)

    def __str__(self) -> str:
        return self.format()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def error(message: str, where: Location | None = None, *, key: str | None = None,
          hint: str | None = None, code: str = "generic") -> Finding:
    return Finding(Level.ERROR, message, where, key, hint, code)


def warning(message: str, where: Location | None = None, *, key: str | None = None,
            hint: str | None = None, code: str = "generic") -> Finding:
    return Finding(Level.WARNING, message, where, key, hint, code)


def info(message: str, where: Location | None = None, *, key: str | None = None,
         hint: str | None = None, code: str = "generic") -> Finding:
    return Finding(Level.INFO, message, where, key, hint, code)


class PortalgenError(Exception):
    """A stage could not go on. Carries every finding that explains why."""

    def __init__(self, findings: list[Finding] | Finding | str):
        if isinstance(findings, str):
            findings = [error(findings)]
        elif isinstance(findings, Finding):
            findings = [findings]
        self.findings: list[Finding] = list(findings)
        super().__init__("\n".join(f.format() for f in self.findings))


class DataError(PortalgenError):
    """A data file cannot be read or understood."""


@dataclass
class Diagnostics:
    """Collects findings during a build; knows whether the build may go on."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level is Level.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level is Level.WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))
