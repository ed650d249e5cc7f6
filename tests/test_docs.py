"""The documentation is part of the product: README must stay true."""

from pathlib import Path

from portalgen.cli import make_parser
from portalgen.docs import END, START, config_reference

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1: lines.index("```")]
    assert len(block) == 2
    assert "pip install -e '.[test]'" in block[0] and "portalgen build sample_site" in block[0]
    assert block[1] == ".venv/bin/python -m pytest"


def test_config_reference_is_in_sync_with_the_schema():
    text = README.read_text(encoding="utf-8")
    section = text[text.index(START): text.index(END) + len(END)]
    assert section == config_reference(), "run: python -m portalgen.docs README.md"


def test_every_cli_command_and_option_is_documented():
    text = README.read_text(encoding="utf-8")
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert f"portalgen {name}" in text, name
        for action in command._actions:
            for option in action.option_strings:
                if option in ("-h", "--help"):
                    continue
                assert option in text, f"{name} {option} is not documented in README"


TEMPLATE_REFERENCE = ("<!-- template-reference", "<!-- /template-reference -->")


def _template_reference() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index(TEMPLATE_REFERENCE[0]): text.index(TEMPLATE_REFERENCE[1])]


def _names_templates_get(tmp_path, monkeypatch) -> tuple[dict[str, set[str]], set[str], set[str]]:
    """Every variable passed to each template, and our globals and filters, in real builds of the sample site
    and of a syndicat (recorded at Template.render, so no way of passing a variable escapes)."""
    import shutil

    import jinja2
    import jinja2.defaults

    from portalgen import workers
    from portalgen.pipeline import build
    from portalgen.syndicat import build_all
    from tests.syndicat.support import write_syndicat

    passed: dict[str, set[str]] = {}
    environments = []
    render = jinja2.Template.render

    def recording(self, *args, **kwargs):
        passed.setdefault(self.name, set()).update(dict(*args, **kwargs))
        environments.append(self.environment)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", recording)
    monkeypatch.setattr(workers, "cores_to_fork_on", lambda: 1)  # every page rendered in this process
    sample = tmp_path / "sample"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sample_site", sample,
                    ignore=shutil.ignore_patterns(".portalgen-cache", "_site"))
    assert build(sample, tmp_path / "sample-out").written
    assert not build_all(write_syndicat(tmp_path / "syndicat"), tmp_path / "syndicat-out", jobs=1).failed()
    ours = lambda names, defaults: set(names) - set(defaults)  # noqa: E731
    globals_ = set().union(*(ours(env.globals, jinja2.defaults.DEFAULT_NAMESPACE) for env in environments))
    filters = set().union(*(ours(env.filters, jinja2.defaults.DEFAULT_FILTERS) for env in environments))
    return passed, globals_, filters


def test_every_template_variable_global_and_filter_is_documented(tmp_path, monkeypatch):
    passed, globals_, filters = _names_templates_get(tmp_path, monkeypatch)
    reference = _template_reference()
    assert {"dataset.html", "home.html", "syndicat/home.html", "syndicat/dataset_card.html"} <= set(passed)
    missing = {f"{template}: {name}" for template, names in passed.items() for name in names
               if f"`{name}`" not in reference and f"`{name}(" not in reference}
    missing |= {f"global {name}" for name in globals_ if f"`{name}`" not in reference and f"`{name}(" not in reference}
    missing |= {f"filter {name}" for name in filters if f"`{name}`" not in reference and f"`{name}(" not in reference}
    assert not missing, f"document these in README's 'What a template can use': {sorted(missing)}"
    templates = {name for name in passed if name and not name.startswith("<")}  # (from_string: no name)
    undocumented = {name for name in templates if f"`{name}`" not in reference
                    and not (name.startswith("syndicat/") and "`syndicat/*.html`" in reference)}
    assert not undocumented, f"templates missing from README's table: {sorted(undocumented)}"
