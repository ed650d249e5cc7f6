"""Template helpers that replace filter chains must give what the chains gave."""

from __future__ import annotations

import itertools
import random
from types import SimpleNamespace

import jinja2
import pytest
from markupsafe import Markup

from portalgen import routes
from portalgen.enrich.tables import ProfileRow
from portalgen.model import PublishedFile
from portalgen.render.env import card_formats, dictionary_rows, download_rows, map_layers, table_rows, top_values
from portalgen.render.links import page_link
from portalgen.render.text import format_number_remembered, format_size

CHAIN = jinja2.Environment().from_string(
    "{{ resources|map(attribute='format')|map('upper')|unique|sort|join('|') }}")


def test_card_formats_as_the_filter_chain():
    names = ["csv", "CSV", "Csv", "json", "geojson", "a_b", "ab", "xlsx", "pdf", "é", "É", "ß", "x-y", "1", "", "zip"]
    rnd = random.Random(3)
    cases = [list(c) for c in itertools.combinations(names[:6], 3)]
    cases += [[rnd.choice(names) for _ in range(rnd.randint(0, 6))] for _ in range(500)]
    for formats in cases:
        resources = [SimpleNamespace(format=f) for f in formats]
        assert "|".join(card_formats(resources)) == CHAIN.render(resources=resources), formats


#: The preview's rows as the template loop wrote them, in the environment's settings (render/env.py).
ROWS_LOOP = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                               undefined=jinja2.StrictUndefined).from_string(
    "    <tbody>\n"
    "    {% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>\n"
    "    {% endfor %}\n"
    "    </tbody>")
ROWS_FILTER = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                 undefined=jinja2.StrictUndefined)
ROWS_FILTER.filters["table_rows"] = table_rows
ROWS_FILTER_TEMPLATE = ROWS_FILTER.from_string("    <tbody>\n{{ rows|table_rows }}    </tbody>")


def test_table_rows_as_the_template_loop():
    cells = ["", " ", "1 234,56", "-0,0", "31/12/2024", "2024-12-31", "École « Jean » ñ 🌳", "<script>alert('x')</script>",
             "a & b", '"quoted"', "&amp; déjà", "{{ not a tag }}", "{% raw %}", "line\nbreak", "tab\tx",
             "x" * 3000, "\u2028", "</td></tr>", Markup("<b>gras</b>"), None, 12, 1.5]
    rnd = random.Random(7)
    cases = [(), ((),), (("",),), ((), ("a",))]
    cases += [tuple(tuple(rnd.choice(cells) for _ in range(width)) for _ in range(rnd.randint(0, 25)))
              for width in (1, 3, 8) for _ in range(60)]
    for rows in cases:
        assert ROWS_FILTER_TEMPLATE.render(rows=rows) == ROWS_LOOP.render(rows=rows), rows


def test_table_rows_escaped_at_once_as_the_template_loop():
    """The one-escape path of table_rows (env._escaped_once) on plain text cells, odd ones included (the
    characters it joins with among them), and its general path where it steps aside."""
    from portalgen.render.env import _escaped_once

    cells = ["", " ", "1 234,56", "-0,0", "31/12/2024", "2024-12-31T10:00:00", "École « Jean » ñ 🌳", "null",
             "<script>alert('x')</script>", "a & b", '"quoted"', "&amp; déjà", "</td></tr>", "line\nbreak",
             "x" * 3000, "\u2028", "\x00", "a\x01b", "\x00\x01", "'", ">"]
    rnd = random.Random(11)
    cases = [((),), (("",),), (("a",), ()), (("\x00",),), (("\x01", "b"),), (("a", "b"), ("c", "d"))]
    cases += [tuple(tuple(rnd.choice(cells) for _ in range(width)) for _ in range(rnd.randint(1, 25)))
              for width in (1, 2, 5, 12) for _ in range(80)]
    for rows in cases:
        assert ROWS_FILTER_TEMPLATE.render(rows=rows) == ROWS_LOOP.render(rows=rows), rows
        plain = all(rows) and not any("\x00" in cell or "\x01" in cell for row in rows for cell in row)
        assert (_escaped_once(rows) is not None) == plain, rows  # taken wherever it can be
    assert _escaped_once((("a", Markup("<b>")),)) is None and _escaped_once((("a", None),)) is None
    assert _escaped_once((("a\x00b",),)) is None and _escaped_once(()) is None


TOP_LOOP = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
TOP_LOOP.filters["number"] = lambda value, decimals=None: format_number_remembered(value, TOP_LANG[0], decimals)
TOP_LOOP.filters["top_values"] = lambda top: top_values(top, TOP_LANG[0])
TOP_LANG = ["fr"]
TOP_LOOP_TEMPLATE = TOP_LOOP.from_string(
    "<td>{% for value, count in top %}{{ value }} ({{ count|number }}){% if not loop.last %}, {% endif %}{% endfor %}</td>")
TOP_FILTER_TEMPLATE = TOP_LOOP.from_string("<td>{{ top|top_values }}</td>")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_top_values_as_the_template_loop(lang):
    """The dictionary's top values written by the filter are those the partial's loop wrote, on odd values and counts."""
    values = ["", " ", "1 234,56", "-0,0", "31/12/2024", "2024-12-31T10:00:00", "École « Jean » ñ 🌳", "null",
              "<script>alert('x')</script>", "a & b", '"quoted"', "&amp; déjà", "x" * 3000, ", ", "(3)",
              Markup("<b>gras</b>"), None, 12, 1.5, True]
    counts = [0, 1, 7, 1234, 1234567, -3, 2.5, 1e6, True, None, "12", "<b>"]
    rnd = random.Random(13)
    cases = [(), (("", 0),), [["a", 1], ["b", 2]]]
    cases += [tuple((rnd.choice(values), rnd.choice(counts)) for _ in range(rnd.randint(1, 10))) for _ in range(300)]
    plain_values = [value for value in values if type(value) is str]  # the one-escape path of top_values
    cases += [tuple((rnd.choice(plain_values), rnd.choice([0, 1, 7, 1234, 1234567, -3])) for _ in range(rnd.randint(1, 10)))
              for _ in range(200)]
    TOP_LANG[0] = lang
    for top in cases:
        assert TOP_FILTER_TEMPLATE.render(top=top) == TOP_LOOP_TEMPLATE.render(top=top), top


def test_a_theme_dictionary_partial_is_used_on_dataset_pages(tmp_path):
    """A site or theme overriding the dictionary partial still gets its own text on the dataset pages."""
    from portalgen.pipeline import build
    from tests.helpers import tree_bytes, write_site

    partial = ('{% for resource in dataset.resources if resource.table and resource.table.profile %}'
               '<p class="mine">{% for column in resource.table.profile %}{{ column.name }}:'
               '{% for value, count in column.top %}[{{ value }}={{ count }}]{% endfor %};{% endfor %}</p>{% endfor %}\n')
    site = write_site(tmp_path / "site", {"templates/partials/dataset_dictionary.html": partial})
    build(site)
    pages = {path: text.decode() for path, text in tree_bytes(site / "_site").items()
             if path.startswith("datasets/") and path.endswith("/index.html") and path.count("/") == 2}
    assert pages and all('<p class="mine">' in text and 'class="data-table dictionary"' not in text
                         for text in pages.values())


SELECT_GEO = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(
    "{% if resources|selectattr('geo')|list %}map:{% endif %}"
    "{% for r in resources|selectattr('geo')|list %}{{ r.id }}|{% endfor %}")
MAP_LAYERS = jinja2.Environment(undefined=jinja2.StrictUndefined)
MAP_LAYERS.filters["map_layers"] = map_layers
MAP_LAYERS_TEMPLATE = MAP_LAYERS.from_string(
    "{% if resources|map_layers %}map:{% endif %}{% for r in resources|map_layers %}{{ r.id }}|{% endfor %}")


def test_map_layers_as_the_filter_chain():
    values = [None, "", 0, [], {}, SimpleNamespace(filename="a.geojson"), "layer", 1, [0], False, True]
    rnd = random.Random(5)
    cases = [[]] + [[rnd.choice(values) for _ in range(rnd.randint(1, 6))] for _ in range(300)]
    for geos in cases:
        resources = [SimpleNamespace(id=f"r{number}", geo=geo) for number, geo in enumerate(geos)]
        assert MAP_LAYERS_TEMPLATE.render(resources=resources) == SELECT_GEO.render(resources=resources), geos


DICTIONARY_MESSAGES = {"type.integer": "Entier", "type.number": "Nombre décimal", "type.string": "Texte <libre> & « brut »",
                       "type.date": "Date", "type.boolean": "Booléen"}
DICTIONARY_LOOP = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                     undefined=jinja2.StrictUndefined)
DICTIONARY_LOOP.globals["_"] = DICTIONARY_MESSAGES.__getitem__
DICTIONARY_LOOP.filters["number"] = lambda value, decimals=None: format_number_remembered(value, TOP_LANG[0], decimals)
DICTIONARY_LOOP.filters["top_values"] = lambda top: top_values(top, TOP_LANG[0])
DICTIONARY_LOOP.filters["dictionary_rows"] = lambda profile: dictionary_rows(profile, TOP_LANG[0],
                                                                             DICTIONARY_MESSAGES.__getitem__)
#: The partial's loop as it was written before dictionary_rows (themes/default/templates/partials/dataset_dictionary.html).
DICTIONARY_LOOP_TEMPLATE = DICTIONARY_LOOP.from_string(
    "    <tbody>\n"
    "    {% for column in profile %}\n"
    '      <tr><th scope="row">{% if column.title %}{{ column.title }} <code>{{ column.name }}</code>{% else %}'
    '<code>{{ column.name }}</code>{% endif %}{% if column.description %}<span class="field-description">'
    "{{ column.description }}</span>{% endif %}</th>\n"
    "      <td>{{ _('type.' ~ column.type) }}</td><td>{{ column.empty|number }}</td><td>{{ column.distinct|number }}</td>\n"
    "      <td>{% if column.min is not none %}{{ column.min }} → {{ column.max }}{% endif %}</td>\n"
    "      <td>{{ column.top|top_values }}</td></tr>\n"
    "    {% endfor %}\n"
    "    </tbody>")
DICTIONARY_FILTER_TEMPLATE = DICTIONARY_LOOP.from_string("    <tbody>\n{{ profile|dictionary_rows }}    </tbody>")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dictionary_rows_as_the_template_loop(lang):
    """The data dictionary's rows written by dictionary_rows are those the partial's loop wrote, on odd columns."""
    texts = ["", "id", "Nom <b>complet</b>", "<script>alert('x')</script>", "a & b", '"quoted"', "École « Jean » ñ 🌳",
             "x" * 2000, "&amp; déjà", Markup("<i>déjà marqué</i>"), "1 234,5", "ligne\nsuivante"]
    bounds = [None, 0, -0.0, 1, 1234567, 3.25, -12.5, "2024-01-31", "<b>", "", True, Markup("<em>m</em>")]
    counts = [0, 1, 7, 1234, 1234567, 2.5, None]
    tops = [(), (("", 0),), (("<a>", 3), ("é", 1234)), tuple((f"v{i} & co", i) for i in range(5))]
    rnd = random.Random(17)
    columns = [ProfileRow(name=rnd.choice(texts), type=rnd.choice(list(DICTIONARY_MESSAGES))[5:],
                          empty=rnd.choice(counts), distinct=rnd.choice(counts), min=rnd.choice(bounds),
                          max=rnd.choice(bounds), top=rnd.choice(tops), title=rnd.choice(texts),
                          description=rnd.choice(texts)) for _ in range(400)]
    TOP_LANG[0] = lang
    cases = [columns[:0], columns[:1]] + [columns[i:i + rnd.randint(1, 15)] for i in range(0, 400, 15)]
    for profile in cases:
        assert (DICTIONARY_FILTER_TEMPLATE.render(profile=profile)
                == DICTIONARY_LOOP_TEMPLATE.render(profile=profile)), profile


DOWNLOAD_MESSAGES = {"fr": {"dataset.normalised": "normalisé", "dataset.source_file": "fichier source <brut> & « tel quel »"},
                     "en": {"dataset.normalised": "normalised", "dataset.source_file": "source file"}}
DOWNLOAD_LANG = ["fr"]
DOWNLOAD_LOOP = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                   undefined=jinja2.StrictUndefined)
DOWNLOAD_LOOP.globals.update(_=lambda key: DOWNLOAD_MESSAGES[DOWNLOAD_LANG[0]][key], routes=routes,
                             url=lambda target: page_link("datasets/d-1/index.html", target))
DOWNLOAD_LOOP.filters["filesize"] = lambda value: format_size(value, DOWNLOAD_LANG[0])
DOWNLOAD_LOOP.filters["download_rows"] = lambda resource, dataset_id: download_rows(
    resource, dataset_id, lambda target: page_link("datasets/d-1/index.html", target), DOWNLOAD_LANG[0],
    DOWNLOAD_MESSAGES[DOWNLOAD_LANG[0]].__getitem__)
#: The partial's loop as it was written before download_rows (themes/default/templates/partials/dataset_resources.html).
DOWNLOAD_LOOP_TEMPLATE = DOWNLOAD_LOOP.from_string(
    "        <tbody>\n"
    "        {% for file in resource.downloads %}\n"
    '          <tr><th scope="row"><span class="format">{{ file.format }}</span>{% if file.role == \'normalised\' %} '
    "<span class=\"note\">{{ _('dataset.normalised') }}</span>{% endif %}</th>\n"
    "          <td>{{ file.size|filesize }}</td>\n"
    '          <td><a href="{{ url(routes.dataset_file(dataset.id, file.filename)) }}" download>{{ file.filename }}</a></td>\n'
    '          <td><code class="hash" title="{{ file.sha256 }}">{{ file.sha256[:12] }}…</code></td></tr>\n'
    "        {% endfor %}\n"
    "        {% if resource.source_file %}{% set file = resource.source_file %}\n"
    '          <tr><th scope="row"><span class="format">{{ file.format }}</span>{% if resource.downloads %} '
    "<span class=\"note\">{{ _('dataset.source_file') }}</span>{% endif %}</th>\n"
    "          <td>{{ file.size|filesize }}</td>\n"
    '          <td><a href="{{ url(routes.dataset_file(dataset.id, file.filename)) }}" download>{{ file.filename }}</a></td>\n'
    '          <td><code class="hash" title="{{ file.sha256 }}">{{ file.sha256[:12] }}…</code></td></tr>\n'
    "        {% endif %}\n"
    "        </tbody>")
DOWNLOAD_FILTER_TEMPLATE = DOWNLOAD_LOOP.from_string(
    "        <tbody>\n{{ resource|download_rows(dataset.id) }}        </tbody>")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_download_rows_as_the_template_loop(lang):
    """A resource's download rows written by download_rows are those the partial's loop wrote, on odd files."""
    names = ["data.csv", "données été 2024.csv", "a&b <c>.json", "quote\"'.xlsx", "x" * 300 + ".parquet", "%20 #frag?.csv",
             "https://example.org/abs.csv", "mailto:someone@example.org", "École « Jean » 🌳.geojson", ""]
    formats = ["CSV", "Parquet", "<b>XLSX</b>", "", "GeoJSON & co", Markup("<i>PDF</i>"), "Données"]
    sizes = [0, 1, 1023, 1024, 123456, 10 ** 7, 5 * 10 ** 9, 10 ** 13]
    hashes = ["", "abc", "0123456789abcdef" * 4, "<script>alert('x')</script>", "é" * 20]
    roles = ["source", "normalised", "derived"]
    rnd = random.Random(23)

    def published(role=None) -> PublishedFile:
        return PublishedFile(filename=rnd.choice(names), format=rnd.choice(formats), media_type="text/csv",
                             size=rnd.choice(sizes), sha256=rnd.choice(hashes), role=role or rnd.choice(roles),
                             source=None)

    DOWNLOAD_LANG[0] = lang
    for _ in range(400):
        resource = SimpleNamespace(downloads=tuple(published() for _ in range(rnd.randint(0, 6))),
                                   source_file=rnd.choice([None, published("source")]))
        dataset = SimpleNamespace(id=rnd.choice(["d-1", "autre", "é t&é"]))
        assert (DOWNLOAD_FILTER_TEMPLATE.render(resource=resource, dataset=dataset)
                == DOWNLOAD_LOOP_TEMPLATE.render(resource=resource, dataset=dataset)), resource
