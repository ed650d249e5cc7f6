"""Fixed calls of the templates written into them when they are compiled: ``_('key')`` (a literal
key, no values) becomes the message's text, ``routes.name()`` (no arguments) the output path.

A dataset page of the default theme makes some fifty such calls, each a lookup behind Jinja's
generic call dispatch, made again for every page although its result never changes within a
build. The compiled template writes the same text, escaped the same way (autoescaping applies to a
literal as to a call's result). A message key the catalogue lacks, or a route that needs
arguments, is left as a call, so it fails where and when it failed before. Templates compiled this
way depend on the messages: the bytecode cache keys them with the catalogue's fingerprint
(render/env.py).
"""

from __future__ import annotations

import inspect
from typing import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from .. import routes
from .i18n import Catalogue

#: The token sequences folded: (type, value or None for any value).
MESSAGE_CALL = (("name", "_"), ("lparen", None), ("string", None), ("rparen", None))
ROUTE_CALL = (("name", "routes"), ("dot", None), ("name", None), ("lparen", None), ("rparen", None))


class ConstantCalls(Extension):
    """Folds fixed message and route calls (see the module); needs the environment's ``message_catalogue``."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        pending: list[Token] = []   # the tokens read so far of what may be a fixed call
        previous: Token | None = None
        for token in stream:
            pending.append(token)
            pattern = _pattern_started(pending, previous)
            if pattern is None:
                yield from pending
            elif len(pending) < len(pattern):
                continue
            else:
                value = self._value(pending)
                if value is None:
                    yield from pending
                else:
                    yield Token(pending[0].lineno, "string", value)
            previous, pending = pending[-1], []
        yield from pending

    def _value(self, tokens: list[Token]) -> str | None:
        """The text of a complete fixed call, or None when it must stay a call."""
        if tokens[0].value == "_":
            catalogue: Catalogue = self.environment.message_catalogue  # type: ignore[attr-defined]
            key = tokens[2].value
            return catalogue.get(key) if key in catalogue.messages else None
        return _fixed_route(tokens[2].value)


def _pattern_started(tokens: list[Token], previous: Token | None) -> tuple | None:
    """The pattern ``tokens`` are the start of, if any (never after a dot: ``x._('k')`` is an attribute)."""
    if previous is not None and previous.type == "dot":
        return None
    for pattern in (MESSAGE_CALL, ROUTE_CALL):
        if len(tokens) <= len(pattern) and all(
                token.type == kind and (value is None or token.value == value)
                for token, (kind, value) in zip(tokens, pattern)):
            return pattern
    return None


def _fixed_route(name: str) -> str | None:
    """``routes.name()`` when it is a route function that takes no argument, else None."""
    function = getattr(routes, name, None)
    if name.startswith("_") or not inspect.isfunction(function):
        return None
    if any(p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
           for p in inspect.signature(function).parameters.values()):
        return None
    value = function()
    return value if isinstance(value, str) else None
