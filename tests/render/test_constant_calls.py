"""ConstantCalls (fixed messages and routes written into the compiled templates) against the calls it replaces."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import pytest

from portalgen import routes
from portalgen.render.constants import ConstantCalls
from portalgen.render.env import TemplateBytecodeCache
from portalgen.render.i18n import Catalogue

MESSAGES = {
    "plain": {"fr": "Jeux de données", "en": "Datasets"},
    "html": {"fr": "<script>alert('x')</script> & \"guillemets\" « » é", "en": "<b>bold</b> & co"},
    "braces": {"fr": "{count} jeux sur {total}", "en": "{count} of {total}"},
    "empty": {"fr": "", "en": ""},
    "fr_only": {"fr": "Seulement en français"},
    "unicode": {"fr": "😀 \u2028 \x00 tab\tnew\nline 1 234,56 31/12/2024", "en": "x"},
    "long": {"fr": "mot " * 2000, "en": "word"},
    "inner": {"fr": "plain", "en": "plain"},
}

TEMPLATES = [
    "{{ _('plain') }}|{{ _('html') }}|{{ _(\"braces\") }}|{{ _('empty') }}|{{ _('fr_only') }}",
    "{{ _('unicode') }}{{ _('long')|length }}",
    "{{ _('braces', count=2, total=3) }}",                        # values: still a call
    "{{ _('plain')|upper }} {{ _('html')|safe }} {{ _('plain') ~ '-' ~ _('html') }}",
    "{% set label = _('html') %}<a title=\"{{ label }}\">{{ label }}</a>",
    "{% if _('empty') %}yes{% else %}no{% endif %} {{ _('plain') if flag else _('html') }}",
    "{% for i in range(2) %}{{ _('plain') }}{{ loop.index }}{% endfor %}",
    "{{ obj._('plain') }} {{ _(_('inner')) }} {{ _('pla' ~ 'in') }}",  # attribute, nested, not a literal
    "{% macro m(x) %}{{ x }} {{ _('html') }}{% endmacro %}{{ m(_('plain')) }}",
    "{{ _('plain').split(' ')|join('/') }} {{ _( 'plain' ) }}",
    "{% raw %}{{ _('plain') }}{% endraw %}",
    "{{ routes.home() }} {{ routes.catalogue() }} {{ routes.catalogue(2) }} {{ routes.dataset('a<b') }}",
    "{{ url(routes.home()) }}|{{ url(routes.legal_notices()) ~ '#x' }}|{{ routes.accessibility()|upper }}",
    "{{ obj.routes.home() }} {{ routes.home }} {% set home = routes.home() %}{{ home }}",
]


def environment(lang: str, folded: bool, **options) -> jinja2.Environment:
    catalogue = Catalogue({key: dict(entry) for key, entry in MESSAGES.items()}, lang)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, extensions=[ConstantCalls] if folded else [], **options)
    env.extend(message_catalogue=catalogue)
    env.globals.update(_=catalogue.get, routes=routes, url=lambda target: "link:" + target)
    return env


def context():
    return {"flag": False, "obj": SimpleNamespace(_=lambda key: f"attribute {key}",
                                                  routes=SimpleNamespace(home=lambda: "attribute home"))}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("source", TEMPLATES)
def test_same_output_as_the_calls(source, lang):
    expected = environment(lang, folded=False).from_string(source).render(context())
    assert environment(lang, folded=True).from_string(source).render(context()) == expected


def test_fixed_calls_are_no_longer_calls():
    env = environment("fr", folded=True)
    code = env.compile("{{ _('plain') }}{{ _('braces', count=1, total=2) }}{{ routes.home() }}{{ routes.catalogue(3) }}"
                       "{{ routes.dataset_file() if flag }}", raw=True)
    assert code.count("context.call(") == 3   # the message with values, the route with an argument, the one that needs some
    assert "Jeux de données" in code and "index.html" in code


def test_a_route_that_needs_arguments_fails_when_rendered_as_before():
    for folded in (False, True):
        template = environment("fr", folded).from_string("{% if flag %}{{ routes.dataset() }}{% endif %}ok")
        assert template.render(flag=False) == "ok"
        with pytest.raises(TypeError):
            template.render(flag=True)


def test_a_missing_message_fails_when_rendered_as_before():
    for folded in (False, True):
        template = environment("fr", folded).from_string("{% if flag %}{{ _('missing') }}{% endif %}ok")
        assert template.render(flag=False) == "ok"
        with pytest.raises(KeyError, match="missing"):
            template.render(flag=True)


def test_bytecode_cache_keeps_languages_apart(tmp_path):
    (tmp_path / "page.html").write_text("{{ _('plain') }}", encoding="utf-8")
    cache = TemplateBytecodeCache()
    pages = []
    for lang in ("fr", "en", "fr"):
        env = environment(lang, folded=True, loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=cache)
        pages.append(env.get_template("page.html").render())
    assert pages == ["Jeux de données", "Datasets", "Jeux de données"]
