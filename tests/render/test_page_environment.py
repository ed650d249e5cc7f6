"""The page environment's shortcuts (render/env.py) give what Jinja's own environment and context give."""

from __future__ import annotations

import functools
import types

import jinja2
import jinja2.runtime
import pytest
from jinja2 import pass_context, pass_environment, pass_eval_context

from portalgen.render.env import PageContext, PageEnvironment


def plain(*args, **kwargs):
    shown = tuple(f"<context {a.get('who')}:{a.get('loop_value')}>" if isinstance(a, jinja2.runtime.Context) else a
                  for a in args)
    return f"plain{shown}{sorted(kwargs.items())}"


@pass_context
def with_context(ctx, *args, **kwargs):
    return f"ctx:{ctx.get('who')}:{ctx.get('loop_value')}{args}{sorted(kwargs.items())}"


@pass_environment
def with_environment(env, *args):
    return f"env:{type(env).__name__ == 'PageEnvironment' or type(env).__name__ == 'Environment'}{args}"


@pass_eval_context
def with_eval_context(eval_ctx, *args):
    return f"eval:{eval_ctx.autoescape}{args}"


def stops(*args):
    raise StopIteration


class Holder:
    def method(self, value="<b>x</b> é"):
        return f"method:{value}"

    @pass_context
    def context_method(self, ctx, value=""):
        return f"context method:{ctx.get('who')}:{value}"


class ContextCallable:
    @pass_context
    def __call__(self, ctx, value=""):
        return f"context callable:{ctx.get('who')}:{value}"


class PlainCallable:
    def __call__(self, value=""):
        return f"plain callable:{value}"


marked_partial = functools.partial(plain, "marked")
marked_partial.jinja_pass_arg = jinja2.utils._PassArg.context  # a partial asking for the context (odd, allowed)

CALLEES = {
    "plain": plain, "with_context": with_context, "with_environment": with_environment,
    "with_eval_context": with_eval_context, "stops": stops, "method": Holder().method,
    "context_method": Holder().context_method, "context_callable": ContextCallable(),
    "plain_callable": PlainCallable(), "partial": functools.partial(plain, "bound", k="<v>"),
    "context_partial": functools.partial(with_context, "bound"), "marked_partial": marked_partial,
    "builtin": len, "builtin_method": "a-b-c".split, "cls": dict,
    # Methods whose function is a callable object, plain or whose __call__ asks for the context.
    "object_method": types.MethodType(PlainCallable(), "<self>"),
    "context_object_method": types.MethodType(ContextCallable(), "<self>"),
    "marked_object_method": types.MethodType(marked_partial, "<self>"),
}

TEMPLATE = """{% set who = 'block' %}{% for loop_value in ['L', '<u>é</u>'] %}
{{ f() }}|{{ f('<i>', 2, None) }}|{{ f(self='s', obj='o') if kw else '' }}|{{ f(value='v') if kw else '' }}
{% endfor %}{{ f('', 'x' * 300) }}|{{ f(*args) }}"""

KEYWORDS = {"plain", "with_context", "context_method", "context_callable", "plain_callable", "partial",
            "context_partial", "marked_partial", "method", "cls"}


@pytest.mark.parametrize("name", sorted(CALLEES))
def test_calls_give_what_jinja_gives(name):
    callee = CALLEES[name]
    context = {"f": callee, "who": "page", "kw": name in KEYWORDS and name not in {"method", "cls"},
               "args": ["a", "é", "<&>"] if name not in {"builtin", "cls", "builtin_method"} else []}
    if name == "builtin":
        context["f"] = lambda *a, **k: len(a)  # len takes one argument: compared through a plain function
    texts = []
    for environment in (jinja2.Environment(autoescape=True), PageEnvironment(autoescape=True)):
        try:
            texts.append(environment.from_string(TEMPLATE).render(**context))
        except Exception as error:  # the same failure either way
            texts.append(f"{type(error).__name__}: {error}")
    assert texts[0] == texts[1]


def test_the_shortcut_is_taken_for_plain_callables_only(monkeypatch):
    general = []
    original = jinja2.runtime.Context.call

    def counting(self, obj, *args, **kwargs):
        general.append(obj)
        return original(self, obj, *args, **kwargs)

    monkeypatch.setattr(jinja2.runtime.Context, "call", counting)
    env = PageEnvironment(autoescape=True)
    assert env.context_class is PageContext
    holder = Holder()
    text = env.from_string("{{ a() }} {{ b() }} {{ c() }} {{ d('x-y') }} {{ e() }} {{ f() }}").render(
        a=plain, b=functools.partial(plain, 1), c=with_context, d="-".join, e=holder.method, f=holder.context_method)
    assert text == "plain()[] plain(1,)[] ctx:None:None()[] x---y method:&lt;b&gt;x&lt;/b&gt; é context method:None:"
    assert general == [with_context, holder.context_method]


def test_templates_see_the_globals_the_environment_had_when_loading_them():
    env = PageEnvironment(loader=jinja2.DictLoader({"t.html": "{{ a }} {{ b }} {{ c }}"}))
    env.globals.update(a="env a", b="env b")
    assert env.get_template("t.html", globals={"b": "own b", "c": "own c"}).render() == "env a own b own c"
    assert env.from_string("{{ a }}").render() == "env a"
    assert env.from_string("{{ a }}").render(a="given") == "given"


TEMPLATES = {
    "page.html": "{% extends 'base.html' %}{% block body %}[{% include 'part.html' %}]"
                 "{% include 'missing.html' ignore missing %}{% endblock %}",
    "base.html": "<{% block body %}{% endblock %}>{% include 'part.html' %}",
    "part.html": "{{ who }}&",
    "other.html": "{% include ['missing.html', 'part.html'] %}",
}


@pytest.mark.parametrize("auto_reload", [False, True])
def test_templates_asked_again_are_the_templates_jinja_gives(auto_reload):
    """get_template's memo gives Jinja's template for a name (the same object), so pages are the same text;
    a loader set afterwards is asked, as Jinja's cache asks it."""
    def environments():
        settings = dict(loader=jinja2.DictLoader(TEMPLATES), autoescape=True, auto_reload=auto_reload, cache_size=-1)
        return PageEnvironment(**settings), jinja2.Environment(**settings)

    page_env, jinja_env = environments()
    for _ in range(3):
        for name in ("page.html", "other.html", "part.html"):
            assert page_env.get_template(name).render(who="<a>") == jinja_env.get_template(name).render(who="<a>")
            assert page_env.get_template(name) is page_env.get_template(name, "page.html")
            assert page_env.get_template(name) is page_env.get_template(name, globals={"x": 1})
    with pytest.raises(jinja2.TemplateNotFound):
        page_env.get_template("missing.html")
    page_env.loader = jinja_env.loader = jinja2.DictLoader({**TEMPLATES, "part.html": "({{ who }})"})
    assert page_env.get_template("page.html").render(who="b") == jinja_env.get_template("page.html").render(who="b")
    assert page_env.get_template("page.html").render(who="b") == "<[(b)]>(b)"


WHOLE_TEMPLATES = {
    "page.html": "{% extends 'base.html' %}{% import 'macros.html' as m %}"
                 "{% block title %}{{ title }} – {{ super() }}{% endblock %}"
                 "{% block body %}{% for item in items %}{% include 'item.html' %}{% else %}∅{% endfor %}"
                 "{{ m.cell(title) }}{% include 'missing.html' ignore missing %}"
                 "{% include 'plain.html' without context %}{% set caught %}{% include 'item.html' %}{% endset %}"
                 "[{{ caught|length }}]{{ self.title() }}{% endblock %}",
    "base.html": "<title>{% block title %}base{% endblock %}</title>\n<main>{% block body %}{% endblock %}</main>"
                 "{% include 'footer.html' %}",
    "item.html": "<li>{{ item.name if item is mapping else item }}{% if item is mapping %} {{ item.get('n') }}"
                 "{% endif %}</li>\n{% include 'leaf.html' %}",
    "leaf.html": "{% for c in (item|string)[:3] %}{{ c }}{% endfor %}",
    "footer.html": "<footer>{{ title|e }} {{ items|length }}</footer>\n",
    "macros.html": "{% macro cell(v) %}<td>{{ v }}</td>{% endmacro %}",
    "plain.html": "plain <&>",
}

ODD_ITEMS = [[], ["a", "", None, 3.5, "<script>alert('x')</script>", "é ü 中文", "1 234,5"],
             [{"name": "<b>gras</b>", "n": None}, {"name": "x" * 500, "n": "&amp;"}, "2026-11-27"]]


@pytest.mark.parametrize("items", ODD_ITEMS)
@pytest.mark.parametrize("title", ["Titre", "<i>\"quoted\" & 'single'</i>", ""])
def test_templates_handed_up_whole_are_the_pages_jinja_writes(items, title):
    settings = dict(loader=jinja2.DictLoader(WHOLE_TEMPLATES), autoescape=True, trim_blocks=True, cache_size=-1)
    page_env, jinja_env = PageEnvironment(**settings), jinja2.Environment(**settings)
    page = page_env.get_template("page.html")
    expected = jinja_env.get_template("page.html").render(title=title, items=items)
    assert page.render(title=title, items=items) == expected
    assert "".join(page.generate(title=title, items=items)) == expected
    assert len(list(page.root_render_func(page.new_context({"title": title, "items": items})))) == 1
    with pytest.raises(jinja2.UndefinedError):  # failures reach the caller as Jinja's do
        PageEnvironment(**settings, undefined=jinja2.StrictUndefined).get_template("page.html").render(items=items)
