"""Sites built once per test session and shared by the common-base tests (a build takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commonbase.support import (INVALID_SUBVENTIONS_ROWS, TINY_PDF, built, deliberations_files,
                                      subventions_site)


@pytest.fixture(scope="session")
def valid_site(tmp_path_factory) -> tuple[Path, Path, object]:
    """One valid scdl/subventions file, exported as cp1252 with ';' and decimal commas."""
    site = subventions_site(tmp_path_factory.mktemp("valid") / "site")
    report, out = built(site)
    return site, out, report


@pytest.fixture(scope="session")
def invalid_site(tmp_path_factory) -> tuple[Path, Path, object]:
    """The same export with three errors: a SIRET check digit, a value outside a list, a missing value."""
    site = subventions_site(tmp_path_factory.mktemp("invalid") / "site", INVALID_SUBVENTIONS_ROWS)
    report, out = built(site)
    return site, out, report


@pytest.fixture(scope="session")
def full_site(tmp_path_factory) -> tuple[Path, Path, object]:
    """Subventions (conforme), délibérations with PDFs (non conforme: DELIB_URL names local files) and
    prénoms given only as a PDF (non vérifié)."""
    files = deliberations_files()
    files.update({"datasets/prenoms.yml": "title: Prénoms\ndescription: Les prénoms des nouveau-nés.\n"
                                          "resources: [prenoms.pdf]\nschema: scdl/prenoms\nkeywords: [prénoms]\n"
                                          "theme: Population\ntemporal: {start: 2024-01-01, end: 2024-12-31}\n"
                                          "issued: 2025-01-10\nmodified: 2025-01-10\n",
                  "data/prenoms.pdf": TINY_PDF})
    site = subventions_site(tmp_path_factory.mktemp("full") / "site", extra=files)
    report, out = built(site)
    return site, out, report
