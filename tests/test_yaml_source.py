"""The YAML reader composes with libyaml when it can: it must give exactly the nodes, marks and
errors of PyYAML's pure-Python loader, which portalgen's messages have always come from."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from portalgen.config import yamlsource
from portalgen.config.yamlsource import compose_nodes, compose_text, scalar_value
from portalgen.errors import PortalgenError

REPO = Path(__file__).resolve().parents[1]

DATASET = """\
title: Subventions aux associations
description: |
  Les subventions versées par la commune, votées en conseil municipal.

  Montants en euros ; une ligne par subvention.
resources:
  - path: subventions-2019-2026.csv
    title: Subventions attribuées 2019-2026
    read: {encoding: cp1252, delimiter: ";", decimal: ","}
  - url: https://www.example.fr/rapport.pdf
    title: 'Rapport annuel'
licence: lov2
keywords: [subventions, associations, "l'été"]
theme: Économie et finances
temporal: {start: 2019-01-01, end: 2026-10-31}
modified: 2026-10-19
figures:
  - {label: Montant total versé, op: sum, column: montant, unit: €}
extra:
  anchors: &shared {a: 1, b: [x, y]}
  again: *shared
  folded: >-
    un texte
    replié
  number: 12.5
  flag: yes
  nothing: ~
  emoji: "😀 ok"
"""

TEXTS = [
    DATASET,
    "",
    "# only a comment\n",
    "a: 1\r\nb: [2, 3]\r\n",
    "- un\n- deux\n-   trois\n",
    "clé: valeur\u00a0insécable\nligne: x\u2028y\n",
    "a:\n  b:\n    c: d\n",
    "multi: |+\n  a\n\n  b\n\n",
    "quoted: \"a \\\" b\"\nsingle: 'c '' d'\n",
    "date: 2024-02-29\nstamp: 2024-02-29T10:00:00Z\n",
    "--- \na: 1\n...\n",
]
# Each is read by the pure loader (see yamlsource._PURE_ONLY): they must still read the same.
PURE_ONLY_TEXTS = [
    "title:\tavec une tabulation\n",
    "keywords: [quoi?, ça]\n",
    "tag: !custom value\n",
    "desc: |# comment\n  text\n",
    "\ufeffa: 1\nb\ufeff: 2\n",
    "a:\nb: 1\n",
    "list: [a: ]\n",
]
INVALID_TEXTS = [
    "a: [1, 2\n",
    "a: 'unterminated\n",
    "a: b: c\n",
    "- a\nb: c\n",
    "a:\n  - b\n c: d\n",
    "key: {a: 1, b}\n  oops: 2\n",
    "a: *undefined\n",
    "a: &x 1\nb: &x 2\nc: [\n",
    "title: Sub\n  description: x\n",
]


def tree(node) -> list:
    """Every node of a tree in document order, with what portalgen reads of it (not the style,
    which libyaml spells '' for plain scalars where PyYAML has None)."""
    out, stack, seen = [], [node], set()
    while stack:
        current = stack.pop()
        if current is None:
            out.append(None)
            continue
        value = current.value if isinstance(current.value, str) else None
        out.append((type(current).__name__, current.tag, current.start_mark.line, current.start_mark.column, value))
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, item in reversed(current.value):
                stack += [item, key]
        elif isinstance(current, yaml.SequenceNode):
            stack += list(reversed(current.value))
    return out


def outcome(compose, text: str):
    try:
        return tree(compose(text)), None
    except yaml.YAMLError as exc:
        return None, str(exc)


def pure(text: str):
    return yaml.compose(text, Loader=yaml.SafeLoader)


@pytest.mark.parametrize("text", TEXTS + PURE_ONLY_TEXTS + INVALID_TEXTS)
def test_same_nodes_marks_and_errors_as_the_pure_loader(text):
    assert outcome(compose_nodes, text) == outcome(pure, text)


def test_the_fast_loader_is_used_for_ordinary_files(monkeypatch):
    if yamlsource.FAST_LOADER is None:
        pytest.skip("PyYAML without libyaml")
    calls = []
    real = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda text, Loader: calls.append(Loader) or real(text, Loader=Loader))
    compose_nodes(DATASET)
    assert calls == [yamlsource.FAST_LOADER]
    calls.clear()
    compose_nodes("a: \"x\ty\"\n")
    assert calls == [yaml.SafeLoader]


def test_mutated_files_read_as_the_pure_loader_reads_them():
    """Random edits of real config files (YAML's special characters inserted, text cut out)."""
    seeds = [DATASET] + [p.read_text(encoding="utf-8", errors="replace")
                         for p in sorted((REPO / "tests").rglob("*.yml")) if p.stat().st_size < 20_000][:30]
    pieces = list(":-#'\"[]{},&*!|>%@`\t\n ?\\é\u00a0\u2028\x85\r") + [
        "  ", ": ", "- ", "\n  ", "---\n", "...\n", "!!str ", "&a ", "*a", "😀", "\ufeff", "\x07", "|#", ">-#"]
    rnd = random.Random(20261126)
    for _ in range(1500):
        text = rnd.choice(seeds)
        for _ in range(rnd.randint(1, 4)):
            at = rnd.randrange(len(text) + 1)
            if rnd.random() < 0.3:
                text = text[:at] + text[at + rnd.randint(1, 5):]
            else:
                text = text[:at] + rnd.choice(pieces) + text[at:]
        assert outcome(compose_nodes, text) == outcome(pure, text), repr(text)


def test_random_fragments_read_as_the_pure_loader_reads_them():
    pieces = ["a", "1", "2.5", "é", " ", "  ", "\n", "\n  ", "\n- ", ": ", ":", "-", "- ", "[", "]", "{", "}", ",",
              "'", '"', "#", "&x ", "*x", "|", ">", "|-", "\\", "%", "---", "...", "2024-01-01", "null", "~", "\r\n",
              "\u2028", "\u00a0", "😀", "<<: "]
    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        assert outcome(compose_nodes, text) == outcome(pure, text), repr(text)


@pytest.mark.parametrize("text", INVALID_TEXTS + ["a:\tb\n"])
def test_syntax_errors_keep_their_message_and_place(text):
    with pytest.raises(PortalgenError) as fast_error:
        compose_text(text, "datasets/x.yml")
    try:
        pure(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        assert fast_error.value.findings[0].message.startswith(f"YAML syntax error: {exc.problem.strip()}")
        where = fast_error.value.findings[0].where
        assert (where.line, where.column) == (mark.line + 1, mark.column + 1)
    else:  # pragma: no cover
        pytest.fail("the pure loader accepts this text")


def test_front_matter_lines_are_shifted():
    node = compose_text("title: x\ndate: 2024-01-01\n", "news/a.md", line_offset=1)
    assert [(k.start_mark.line, v.start_mark.line) for k, v in node.value] == [(1, 1), (2, 2)]


def test_scalar_values_as_the_constructor_gives_them():
    node = pure(DATASET)
    constructor = yaml.constructor.SafeConstructor()
    for scalar in (n for n in _walk(node) if isinstance(n, yaml.ScalarNode)):
        assert scalar_value(scalar) == constructor.construct_object(scalar, deep=True)
        assert type(scalar_value(scalar)) is type(constructor.construct_object(scalar, deep=True))
    assert not yamlsource._CONSTRUCTOR.constructed_objects  # no node kept alive


def _walk(node):
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, yaml.MappingNode):
            for key, item in current.value:
                stack += [key, item]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value


NULLISH = """\
empty:
tilde: ~
null_word: null
Null_word: Null
NULL_word: NULL
tagged_null: !!null ""
quoted_null: "null"
quoted_empty: ""
single_quoted: ''
date: 2024-01-01
datetime: 2024-01-01 10:00:00
bad_date: 2024-13-45
decimal_comma: "3,14"
number: 12
float: 1.5e3
bool: false
text: Économie <script>alert(1)</script>
long: %s
list: [a, ~, '', null]
block: |
  texte
""" % ("x" * 5000)


@pytest.mark.parametrize("fast", [True, False])
def test_is_null_says_what_scalar_value_gives(fast):
    """is_null, which convert uses instead of constructing a value to compare it with None, says the same."""
    node = compose_nodes(NULLISH, fast=fast)
    scalars = [n for n in _walk(node) if isinstance(n, yaml.ScalarNode)]
    for scalar in scalars:
        try:
            expected = scalar_value(scalar) is None
        except ValueError:  # 2024-13-45: resolved as a date that cannot be built, asked later anyway
            expected = False
        assert yamlsource.is_null(scalar) is expected, scalar.value
    assert sum(yamlsource.is_null(s) for s in scalars) == 8
    tagged = compose_nodes("a: !custom value\n", fast=fast).value[0][1]
    assert not yamlsource.is_null(tagged)
    with pytest.raises(yaml.constructor.ConstructorError):  # an unknown tag raises when its value is asked
        scalar_value(tagged)
