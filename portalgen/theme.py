"""Find a theme and its parents; the site's own templates/ and static/ override them by name.

A theme is a folder with ``theme.yaml`` (optional ``extends: <parent>`` and ``extra:``
defaults), ``templates/``, ``static/`` and ``messages.yml``. Themes named by a bare name
are looked up among the installed themes (the repository's top-level ``themes/`` folder,
installed as the ``portalgen.themes`` package); a path is taken relative to the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import Location, PortalgenError, error


def builtin_themes_dir() -> Path:
    return Path(str(resources.files("portalgen.themes")))


def available_themes() -> list[str]:
    return sorted(p.name for p in builtin_themes_dir().iterdir() if (p / "templates").is_dir())


@dataclass(frozen=True)
class ThemeStack:
    """The theme folders, most specific first (site overrides, theme, parent themes…)."""

    site_root: Path
    themes: tuple[Path, ...]            # theme folders, child first
    extra: dict

    @property
    def template_dirs(self) -> list[Path]:
        dirs = [self.site_root / "templates"] + [t / "templates" for t in self.themes]
        return [d for d in dirs if d.is_dir()]

    @property
    def theme_template_dirs(self) -> list[Path]:
        return [t / "templates" for t in self.themes if (t / "templates").is_dir()]

    @property
    def static_dirs(self) -> list[Path]:
        """Static folders, lowest priority first (parents, theme, then the site's static/)."""
        dirs = [t / "static" for t in reversed(self.themes)] + [self.site_root / "static"]
        return [d for d in dirs if d.is_dir()]

    @property
    def message_files(self) -> list[Path]:
        return [t / "messages.yml" for t in reversed(self.themes)]


def _find(name: str, site_root: Path) -> Path | None:
    candidate = Path(name)
    if "/" in name or name.startswith("."):
        path = (site_root / candidate).resolve()
        return path if (path / "templates").is_dir() else None
    local = site_root / "themes" / name
    if (local / "templates").is_dir():
        return local
    builtin = builtin_themes_dir() / name
    return builtin if (builtin / "templates").is_dir() else None


def load_theme(name: str, site_root: Path, where: Location | None = None) -> ThemeStack:
    import yaml  # here: a rebuild with nothing changed only needs builtin_themes_dir
    themes: list[Path] = []
    extra: dict = {}
    current: str | None = name
    while current:
        path = _find(current, site_root)
        if path is None:
            raise PortalgenError(error(
                f'the theme "{current}" cannot be found', where, key="theme", code="theme-missing",
                hint="use 'default', or one of: " + ", ".join(available_themes())))
        if path in themes:
            raise PortalgenError(error(f'the theme "{current}" extends itself', where, key="theme", code="theme-loop"))
        themes.append(path)
        meta_file = path / "theme.yaml"
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        meta = meta or {}
        for key, value in (meta.get("extra") or {}).items():
            extra.setdefault(key, value)
        current = meta.get("extends")
    return ThemeStack(site_root, tuple(themes), extra)
