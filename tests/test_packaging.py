"""pip install . (not only -e) must ship every package and the default theme."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "portalgen").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found - listed == set(), "add these packages to pyproject.toml"


def test_default_theme_is_found_as_package_data():
    from portalgen.theme import builtin_themes_dir
    theme = builtin_themes_dir() / "default"
    assert (theme / "templates" / "base.html").is_file()
    assert (theme / "messages.yml").is_file()
