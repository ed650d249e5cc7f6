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
