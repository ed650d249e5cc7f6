"""The message catalogue: every UI string of a theme, in French and English."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Catalogue:
    messages: dict[str, dict[str, str]]
    lang: str

    def get(self, key: str, **values) -> str:
        text = self.text(key)
        return text.format(**values) if values else text

    def text(self, key: str) -> str:
        """The message ``key`` in the catalogue's language, before its values are put in (str.format)."""
        entry = self.messages.get(key)
        if entry is None:
            raise KeyError(f"message '{key}' is missing from the theme's messages.yml")
        return entry.get(self.lang) or entry.get("fr") or key

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of the language and every message: what templates compiled with them depend on."""
        text = json.dumps([self.lang, self.messages], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def plural(self, key: str, count: int, **values) -> str:
        """Messages with 'one'/'other' forms are written as keys KEY.one and KEY.other."""
        form = "one" if (count <= 1 if self.lang == "fr" else count == 1) else "other"
        return self.get(f"{key}.{form}", count=count, **values)


def load_catalogue(paths: list[Path], lang: str) -> Catalogue:
    """Merge the messages.yml of the theme stack (parents first, later files override)."""
    messages: dict[str, dict[str, str]] = {}
    for path in paths:
        if path.is_file():
            for key, entry in _parse_messages(path.read_text(encoding="utf-8")):
                messages[key] = dict(entry)
    return Catalogue(messages, lang)


@functools.lru_cache(maxsize=16)
def _parse_messages(text: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The entries of a messages.yml, parsed once per process for each content (a syndicat's
    communes and `serve`'s rebuilds share the theme's catalogue)."""
    data = yaml.safe_load(text) or {}
    return tuple((str(key), tuple((str(k), str(v)) for k, v in entry.items())) for key, entry in data.items())
