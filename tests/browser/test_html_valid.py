"""HTML validity: the Nu Html Checker finds no error in any HTML file of the built sites.

The checker (a Java program) runs once for the whole session, over every built site and over a
folder of probe pages that shows the check itself works.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from .browser_support import VnuMessage, run_vnu

GOOD_PROBE = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Bien</title></head>'
              '<body><p>Bonjour</p></body></html>')
BAD_PROBE = ('<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Mal</title></head>\n'
             '<body><p><div>bloc dans un paragraphe</p>\n<span id="x"></span><span id="x"></span>'
             '<img src="a.png"></body></html>\n')


@dataclass(frozen=True)
class VnuReport:
    messages: tuple[VnuMessage, ...]
    probes: Path

    def about(self, folder: Path) -> list[VnuMessage]:
        """The messages about files inside ``folder``."""
        root = folder.resolve()
        return [m for m in self.messages if Path(unquote(m.file.removeprefix("file:"))).resolve().is_relative_to(root)]


@pytest.fixture(scope="session")
def vnu_report(checked_sites, vnu, tmp_path_factory) -> VnuReport:
    java, jar = vnu
    probes = tmp_path_factory.mktemp("vnu-probes")
    (probes / "good.html").write_text(GOOD_PROBE, encoding="utf-8")
    (probes / "bad.html").write_text(BAD_PROBE, encoding="utf-8")
    messages = run_vnu(jar, [site.out_dir for site in checked_sites] + [probes], java=java)
    return VnuReport(tuple(messages), probes)


def test_every_page_is_valid_html(checked_sites, vnu_report):
    failing: list[str] = []
    notes: list[str] = []
    fatal = [m.format() for m in vnu_report.messages if m.kind == "fatal"]
    assert not fatal, "the Nu Html Checker did not run:\n" + "\n".join(fatal)
    for site in checked_sites:
        assert site.pages, f"{site.name}: the build has no HTML page"
        messages = vnu_report.about(site.out_dir)
        failing += [f"[{site.name}] " + m.format(site.out_dir) for m in messages if m.is_error]
        notes += [f"[{site.name}] " + m.format(site.out_dir) for m in messages if not m.is_error]
    if notes:
        print("Nu Html Checker warnings and notes (not failing):\n" + "\n".join(notes))
    pages = sum(len(site.pages) for site in checked_sites)
    assert not failing, f"{len(failing)} HTML errors in {pages} pages (Nu Html Checker):\n" + "\n".join(failing)


def test_checker_reports_errors_with_file_and_line(vnu_report):
    """The check itself works: the invalid probe page gives errors naming the file and the line,
    the valid one none."""
    errors = [m for m in vnu_report.about(vnu_report.probes) if m.is_error]
    assert errors and all(m.file.endswith("bad.html") for m in errors)
    text = "\n".join(m.format(vnu_report.probes) for m in errors)
    assert "bad.html:4" in text and "Duplicate ID" in text
    assert any("alt" in m.message for m in errors)


def test_checker_failure_is_an_error(vnu, tmp_path):
    """A checker that cannot run (not a jar, no Java) is reported as an error, never as 'no problem'."""
    java, _ = vnu
    fake = tmp_path / "vnu.jar"
    fake.write_text("not a jar", encoding="utf-8")
    for messages in (run_vnu(fake, [tmp_path], java=java), run_vnu(fake, [tmp_path], java=str(tmp_path / "no-java"))):
        assert len(messages) == 1 and messages[0].is_error and messages[0].kind == "fatal"
