"""Compiled templates kept on disk between builds (TemplateBytecodeCache with a folder): reused when
nothing they depend on changed, compiled again when their source, their messages or the code did,
and never trusted when damaged."""

from __future__ import annotations

import jinja2
import pytest

from portalgen.render import env as render_env
from portalgen.render.env import TemplateBytecodeCache

from .test_constant_calls import environment


@pytest.fixture(autouse=True)
def fresh_process_store(monkeypatch):
    """Each test starts as a new build process would: nothing compiled in memory."""
    monkeypatch.setattr(TemplateBytecodeCache, "store", {})


def build(folder, templates, lang="fr", bytecode_folder=None):
    """Renders page.html as a new build process would; returns its text and how many templates were compiled."""
    TemplateBytecodeCache.store = {}
    env = environment(lang, folded=True, loader=jinja2.FileSystemLoader(str(templates)),
                      bytecode_cache=TemplateBytecodeCache(bytecode_folder))
    compiled = []
    original = env.compile
    env.compile = lambda *args, **kwargs: compiled.append(args) or original(*args, **kwargs)
    return env.get_template("page.html").render(flag=True), len(compiled)


@pytest.fixture()
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("{{ _('plain') }} {{ routes.home() }} {% include 'part.html' %}", encoding="utf-8")
    (folder / "part.html").write_text("{{ _('html') }}", encoding="utf-8")
    return folder


def test_a_second_build_compiles_nothing_and_renders_the_same(tmp_path, templates):
    cache = tmp_path / "cache"
    first, compiled_first = build(tmp_path, templates, bytecode_folder=cache)
    second, compiled_second = build(tmp_path, templates, bytecode_folder=cache)
    assert compiled_first == 2 and compiled_second == 0
    assert second == first == build(tmp_path, templates)[0]  # as without a cache
    assert len(list(cache.glob("*.jinja"))) == 2 and not list(cache.glob("*.tmp-*"))


def test_an_edited_template_is_compiled_again(tmp_path, templates):
    cache = tmp_path / "cache"
    build(tmp_path, templates, bytecode_folder=cache)
    (templates / "part.html").write_text("edited {{ _('plain') }}", encoding="utf-8")
    text, compiled = build(tmp_path, templates, bytecode_folder=cache)
    assert compiled == 1 and text.endswith("edited Jeux de données")


def test_languages_and_code_versions_are_kept_apart(tmp_path, templates, monkeypatch):
    cache = tmp_path / "cache"
    assert build(tmp_path, templates, "fr", cache)[0].startswith("Jeux de données")
    text, compiled = build(tmp_path, templates, "en", cache)
    assert text.startswith("Datasets") and compiled == 2
    monkeypatch.setattr(render_env, "_compiler_version", lambda: "other portalgen code")
    text, compiled = build(tmp_path, templates, "fr", cache)
    assert text.startswith("Jeux de données") and compiled == 2


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_file_is_compiled_again_and_replaced(tmp_path, templates, damage):
    cache = tmp_path / "cache"
    expected, _ = build(tmp_path, templates, bytecode_folder=cache)
    for path in cache.glob("*.jinja"):
        data = path.read_bytes()
        path.write_bytes(damage if damage is not None else data[:len(data) // 2])  # None: truncated
    text, compiled = build(tmp_path, templates, bytecode_folder=cache)
    assert text == expected and compiled == 2
    assert build(tmp_path, templates, bytecode_folder=cache) == (expected, 0)  # stored again, whole


def test_a_cache_that_cannot_be_written_only_costs_the_compilation(tmp_path, templates, monkeypatch):
    def disk_full(self, data):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(render_env.Path, "write_bytes", disk_full)
    cache = tmp_path / "cache"
    expected = build(tmp_path, templates)[0]
    assert build(tmp_path, templates, bytecode_folder=cache) == (expected, 2)
    assert build(tmp_path, templates, bytecode_folder=cache) == (expected, 2)
    assert not list(cache.iterdir())


def test_a_cache_path_that_is_a_file_only_costs_the_compilation(tmp_path, templates):
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    assert build(tmp_path, templates, bytecode_folder=cache)[1] == 2
    assert build(tmp_path, templates, bytecode_folder=cache)[1] == 2
    assert cache.read_text(encoding="utf-8") == "not a folder"
