"""The message catalogue: every UI string of a theme, in French and English."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Catalogue:
    messages: dict[str, dict[str, str]]
    lang: str

    def get(self, key: str, **values) -> str:
        entry = self.messages.get(key)
        if entry is None:
            raise KeyError(f"message '{key}' is missing from the theme's messages.yml")
        text = entry.get(self.lang) or entry.get("fr") or key
        return text.format(**values) if values else text

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


class ConstantMessages(Extension):
    """Templates' ``_('key')`` with a literal key and no values, replaced by the message's text when
    the template is compiled (the environment's ``message_catalogue``).

    A page of the default theme asks for some forty such fixed messages; each call is a lookup
    behind Jinja's generic call dispatch, made again for every page. The compiled template writes
    the same text (escaped the same way: autoescaping applies to the text in both cases). A key the
    catalogue lacks is left as a call, so it fails where and when it failed before. Templates
    compiled this way depend on the catalogue: the bytecode cache keys them with its fingerprint
    (render/env.py)."""

    def filter_stream(self, stream: TokenStream):
        catalogue: Catalogue = self.environment.message_catalogue  # type: ignore[attr-defined]
        pending: list[Token] = []   # the tokens read so far of what may be _('key')
        previous: Token | None = None
        for token in stream:
            pending.append(token)
            if not _is_message_call(pending, previous):
                yield from pending
            elif len(pending) < 4:
                continue
            elif pending[2].value in catalogue.messages:
                yield Token(pending[0].lineno, "string", catalogue.get(pending[2].value))
            else:
                yield from pending
            previous, pending = pending[-1], []
        yield from pending


def _is_message_call(tokens: list[Token], previous: Token | None) -> bool:
    """Whether ``tokens`` are the start of ``_ ( 'literal' )``, not an attribute (``x._``)."""
    expected = (("name", "_"), ("lparen", None), ("string", None), ("rparen", None))
    if len(tokens) > len(expected):
        return False
    if previous is not None and previous.type == "dot":
        return False
    return all(token.type == kind and (value is None or token.value == value)
               for token, (kind, value) in zip(tokens, expected))
