"""The escaping of a template's ``{{ … }}`` outputs, without a Markup object made for each.

With autoescape, Jinja compiles each ``{{ value }}`` to ``escape(value)`` (markupsafe's), which is a
Python function that wraps its result in a new Markup (another Python call, ``Markup.__new__``),
even for a value that is already Markup. A dataset page writes some 130 outputs: a tenth of its
CPU went to those two calls. The compiled templates call :func:`escape_output` instead, which gives
the same text as a plain ``str``.

Why a plain ``str`` is enough: an output's value is never used as a value again. Jinja appends it
to the page's pieces (or to a block's, macro's or ``{% set %}``'s buffer), which it joins with
``"".join`` and, with autoescape, wraps in Markup once: the text is what counts, and it is the same.
"""

from __future__ import annotations

from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2 import nodes
from markupsafe import Markup, escape


def _replace_specials(value: str) -> str:
    """A str's five characters replaced as markupsafe replaces them (``&`` first, so that no replacement
    is replaced again)."""
    return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


try:
    # markupsafe 3's escape of a str is Markup(_escape_inner(value)): the replacements above, in C
    # (markupsafe's _speedups) in one pass, some ten times faster than five str.replace on the short
    # texts of a page; with its pure-Python fallback, they are the replacements above.
    from markupsafe import _escape_inner as _escape_str
except ImportError:  # markupsafe 2, whose escape replaces the same characters the same way
    _escape_str = _replace_specials


def escape_output(value: Any) -> str:
    """The text ``str(markupsafe.escape(value))``: for a plain ``str``, its five characters replaced as
    markupsafe replaces them (_escape_str); a plain Markup as it is (escape keeps its text); anything
    else through escape itself (its ``__html__``, or its ``str`` escaped). tests/render/test_escaping.py
    compares both on odd values."""
    kind = type(value)
    if kind is str:
        return _escape_str(value)
    if kind is Markup:
        return value
    return escape(value)


class EscapeOutputCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing ``environment.escape_output(…)`` where it writes ``escape(…)``
    around an output: in an autoescaped template, outside ``{% autoescape %}`` blocks (whose
    escaping is decided when the page is rendered, and stays Jinja's). The environment using it
    must have ``escape_output`` (render/env.py's PageEnvironment)."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)
