"""Each folder of tests/sites/invalid is a site with one problem; expected.txt holds the exact messages.

For every case: `check` prints exactly those messages and exits 1, and `build` over an
existing good output exits 1 and leaves that output byte for byte as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from portalgen.cli import main
from tests.helpers import tree_bytes, write_site

CASES = Path(__file__).parent / "sites" / "invalid"


def error_lines(text: str) -> list[str]:
    return [line[len("error: "):] for line in text.splitlines() if line.startswith("error: ")]


def case_names():
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", case_names())
def test_check_reports_exact_messages(case, tmp_path, capsys):
    site = tmp_path / case
    shutil.copytree(CASES / case, site)
    expected = (site / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert main(["check", str(site)]) == 1
    assert error_lines(capsys.readouterr().err) == expected


@pytest.mark.parametrize("case", case_names())
def test_failed_build_keeps_previous_output(case, tmp_path, capsys):
    good = write_site(tmp_path / "good")
    out = tmp_path / "out"
    assert main(["build", str(good), "-o", str(out)]) == 0
    before = tree_bytes(out)
    site = tmp_path / case
    shutil.copytree(CASES / case, site)
    assert main(["build", str(site), "-o", str(out)]) == 1
    assert tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["good", "out", case])  # no temp folder left


def test_symlink_leading_outside_is_refused(tmp_path, capsys):
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n")
    site = write_site(tmp_path / "site")
    (site / "data" / "subventions.csv").unlink()
    os.symlink(secret, site / "data" / "subventions.csv")
    assert main(["check", str(site)]) == 1
    assert error_lines(capsys.readouterr().err) == [
        'datasets/subventions.yml:4:3: resources[0]: the path "subventions.csv" leads outside the data/ folder '
        "(through a symbolic link). Hint: put the file in the site's data/ folder and write its path relative to it, "
        "e.g. budget/2024.csv."]


def test_all_problems_reported_in_one_pass(tmp_path, capsys):
    site = write_site(tmp_path / "site", {
        "datasets/a.yml": "title: A\ndescription: x\nresources: [absent.csv]\nfrequncy: annual\n",
        "datasets/b.yml": "title: B\ndescription: x\nresources: [subventions.csv]\nfeatured: oui\n",
    })
    assert main(["check", str(site)]) == 1
    lines = error_lines(capsys.readouterr().err)
    assert lines == [
        "datasets/a.yml:4:1: frequncy: unknown key 'frequncy'. Hint: did you mean 'frequency'?",
        'datasets/b.yml:4:11: featured: expected true or false, found the text "oui". Hint: write true or false.',
    ]


def test_missing_portal_yml(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no portal.yml in" in err and "portalgen init" in err


def test_usage_error_exit_code(capsys):
    assert main(["build", "--no-such-flag"]) == 2
    assert main([]) == 2


def test_output_folder_not_made_by_portalgen_is_not_replaced(tmp_path, capsys):
    site = write_site(tmp_path / "site")
    out = tmp_path / "important"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete")
    assert main(["build", str(site), "-o", str(out)]) == 1
    assert (out / "thesis.txt").read_text() == "do not delete"
    assert "was not made by portalgen" in capsys.readouterr().err


def test_output_folder_cannot_be_the_site(tmp_path, capsys):
    site = write_site(tmp_path / "site")
    assert main(["build", str(site), "-o", str(site)]) == 1
    assert "contains the site itself" in capsys.readouterr().err
    assert (site / "portal.yml").exists()
