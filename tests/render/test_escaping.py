"""escape_output and the templates compiled with it write what markupsafe's escape and Jinja's own code write."""

from __future__ import annotations

import datetime as dt
import decimal

import jinja2
import pytest
from markupsafe import Markup, escape

from portalgen.render.env import PageEnvironment
from portalgen.render.escaping import _escape_str, _replace_specials, escape_output


class Html:
    def __html__(self):
        return "<b>safe</b>"


class Strange(str):
    """A str subclass: left to markupsafe's escape."""


class MarkupChild(Markup):
    def __html__(self):
        return Markup("<i>overridden</i>")


ODD_VALUES = [
    "", "plain", "a & b", "<script>alert('x')</script>", '"quoted" & \'single\'', "&amp; already", "x" * 5000,
    "Écluse — données 日本語 🚲", "1,5", "12,50 €", "2026-01-01", "\x00\x01 control", "&<>\"'" * 20,
    Markup("<em>kept</em>"), Markup(""), Markup("a & b"), MarkupChild("child"), Strange("<s>"), Html(),
    None, 0, 1.5, -3, True, decimal.Decimal("1.50"), dt.date(2026, 1, 1), ["<li>"], {"a": "<b>"},
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_escape_output_is_the_text_of_markupsafe_escape(value):
    assert escape_output(value) == str(escape(value))


@pytest.mark.parametrize("value", [v for v in ODD_VALUES if type(v) is str] + ["\x00" * 3, "a\x00<\x00>", "&" * 100_000 + "é"],
                         ids=lambda v: repr(v[:40]))
def test_the_str_escape_is_the_five_replacements(value):
    assert _escape_str(value) == _replace_specials(value) == str(escape(value))


TEMPLATES = {
    "page.html": (
        "{% extends 'base.html' %}{% block body %}{{ value }}|{{ value|e }}|{{ value ~ '&' }}"
        "{% set captured %}<p>{{ value }}</p>{% endset %}{{ captured }}"
        "{% macro item(x) %}<li>{{ x }}</li>{% endmacro %}{{ item(value) }}"
        "{% filter upper %}{{ value }}{% endfilter %}"
        "{% autoescape false %}{{ value }}{% endautoescape %}{% autoescape true %}{{ value }}{% endautoescape %}"
        "{% for v in [value, value] %}{{ loop.index }}{{ v }}{% endfor %}"
        "{% include 'part.html' %}{% endblock %}"),
    "base.html": "<html>{{ value }}{% block body %}{% endblock %}</html>",
    "part.html": "[{{ value }}]{{ 'lit<e>ral' }}{{ '&' if value else '<' }}",
}


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_templates_write_what_jinja_code_writes(value):
    def render(environment_class):
        env = environment_class(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
        return env.get_template("page.html").render(value=value)

    assert render(PageEnvironment) == render(jinja2.Environment)


def test_templates_without_autoescape_are_left_to_jinja():
    env = PageEnvironment(loader=jinja2.DictLoader(TEMPLATES), autoescape=False)
    assert "environment.escape_output" not in env.compile(TEMPLATES["part.html"], raw=True)
    env = PageEnvironment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    assert "environment.escape_output" in env.compile(TEMPLATES["part.html"], raw=True)
