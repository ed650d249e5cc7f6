"""Read YAML into a node tree that remembers where every value was written.

PyYAML's composer keeps a start mark (line, column) on every node; we keep the nodes
instead of plain Python values so the schema checker can point at the exact line of a
bad value. Syntax errors and non-UTF-8 files become findings with a line and column.

Files are composed with libyaml (``yaml.CSafeLoader``, about 20 times faster, same nodes and
marks) when PyYAML has it and the text is one both read alike (see :func:`compose_nodes`). Text
libyaml refuses is composed again by the pure-Python loader, whose error messages are the ones
portalgen has always shown (and which accepts a few constructs libyaml refuses).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Finding, Location, PortalgenError, error

__all__ = ["Node", "MappingNode", "ScalarNode", "SequenceNode", "compose_file", "compose_text",
           "scalar_value", "is_null", "node_location", "plain_value"]


def node_location(node: Node, file: str) -> Location:
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


FAST_LOADER = getattr(yaml, "CSafeLoader", None)
# Where libyaml and PyYAML part ways (found by fuzzing both): libyaml takes tabs as separators, '?'
# inside flow collections, some '!' tags and a comment right after a block scalar's '|' or '>',
# which PyYAML refuses, and counts columns differently after a byte-order mark and for some empty
# values. Such text is left to the pure-Python loader.
_PURE_ONLY = re.compile(r"[\t?!\ufeff]|[|>][-+0-9]*#")


def compose_nodes(text: str, *, fast: bool = True) -> Node | None:
    """Compose YAML text into nodes, as PyYAML's pure-Python SafeLoader does (same nodes, marks and
    errors), with libyaml when it is available, ``fast`` is true and the text is one it reads alike."""
    if fast and FAST_LOADER is not None and not _PURE_ONLY.search(text):
        try:
            node = yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            node = None  # composed again below, for PyYAML's own message (or its more lenient reading)
        else:
            if not _has_empty_plain_scalar(node):
                return node
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _has_empty_plain_scalar(node: Node | None) -> bool:
    """Whether the tree has an empty value (``key:`` with nothing after it), whose mark libyaml may place elsewhere."""
    stack = [node] if node is not None else []
    seen: set[int] = set()  # an alias can make a collection its own descendant
    while stack:
        current = stack.pop()
        if isinstance(current, ScalarNode):
            if current.value == "" and not current.style:
                return True
            continue
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
        else:
            stack.extend(current.value)
    return False


def compose_text(text: str, file: str, *, line_offset: int = 0) -> Node | None:
    """Compose YAML text into nodes; raise PortalgenError with line and column on a syntax error."""
    try:
        # Front matter (shifted by line_offset) is read by the pure loader: its marks can be moved.
        node = compose_nodes(text, fast=not line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(file)
        problem = (exc.problem or "invalid YAML").strip()
        context = f" ({exc.context.strip()})" if exc.context else ""
        raise PortalgenError(error(
            f"YAML syntax error: {problem}{context}", where, code="yaml-syntax",
            hint="check the indentation and quoting around this line; a value containing ': ' or '#' needs quotes",
        )) from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        raise PortalgenError(error(f"YAML error: {exc}", Location(file), code="yaml-syntax")) from None
    if node is not None and line_offset:
        _shift_marks(node, line_offset)
    return node


def _shift_marks(node: Node, offset: int) -> None:
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for attr in ("start_mark", "end_mark"):
            mark = getattr(current, attr, None)
            if mark is not None:
                mark.line += offset
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)


def read_text_utf8(path: Path, display: str) -> str:
    """Read a text file that must be UTF-8; name the line of the first bad byte otherwise."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PortalgenError(error(
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded)",
            Location(display, line), code="not-utf8",
            hint="save the file as UTF-8 in your editor (\"Enregistrer sous\" > encodage UTF-8)",
        )) from None
    return text.lstrip("\ufeff")


def compose_file(path: Path, display: str) -> Node | None:
    return compose_text(read_text_utf8(path, display), display)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"


def scalar_value(node: ScalarNode):
    """The Python value YAML gives a scalar (str, int, float, bool, None, date, datetime)."""
    if node.tag == _STR_TAG and isinstance(node, ScalarNode):
        return node.value  # what the constructor gives a string, without its bookkeeping
    value = _CONSTRUCTOR.construct_object(node, deep=True)
    _CONSTRUCTOR.constructed_objects.pop(node, None)  # the constructor would keep every node alive
    return value


def is_null(node: ScalarNode) -> bool:
    """Whether ``scalar_value(node) is None``, without constructing the value (a date's, say).

    YAML's safe constructor gives None for the null tag alone (its other scalar constructors never give
    None, and an unknown tag raises, in :func:`scalar_value` when the value is then asked)."""
    return node.tag == _NULL_TAG


def plain_value(node: Node):
    """A whole node as plain Python values (for free-form `extra:` sections)."""
    if isinstance(node, MappingNode):
        return {str(plain_value(k)): plain_value(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain_value(v) for v in node.value]
    return scalar_value(node)


def findings_of(exc: PortalgenError) -> list[Finding]:
    return list(exc.findings)
