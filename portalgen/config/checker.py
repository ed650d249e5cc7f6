"""Turn a YAML node tree into typed, frozen config dataclasses, reporting every problem at once.

The schema is plain dataclasses (see ``schema.py``). Each field may carry metadata:
``doc`` (its documentation, required), ``check`` (a function value -> problem or None),
``hint`` (how to fix a problem with this key) and ``aliases`` (other accepted names).
Two internal fields, ``where`` and ``key_locations``, are filled with the location of the
mapping and of each key's value, so later stages can point at a line too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from ..errors import Finding, Location, error
from .yamlsource import (MappingNode, Node, ScalarNode, SequenceNode, is_null, node_location, plain_value,
                         scalar_value)

INTERNAL_FIELDS = ("where", "key_locations")


def doc(text: str, *, check=None, hint: str | None = None, **extra) -> dict:
    """Field metadata: documentation, an optional value check and a fix hint."""
    return {"doc": text, "check": check, "hint": hint, **extra}


def where_field():
    """The location of the mapping a config object was read from (filled by the checker)."""
    return field(default=None, compare=False, repr=False, metadata={"internal": True})


def locations_field():
    """The location of each key's value (filled by the checker)."""
    return field(default_factory=dict, compare=False, repr=False, metadata={"internal": True})


@dataclass
class CheckContext:
    file: str
    findings: list[Finding] = field(default_factory=list)

    def problem(self, node: Node | None, key: str, message: str, hint: str | None = None,
                code: str = "config") -> None:
        where = node_location(node, self.file) if node is not None else Location(self.file)
        self.findings.append(error(message, where, key=key or None, hint=hint, code=code))


class _Invalid:
    """Marker for a value that could not be converted (a problem was recorded)."""


INVALID = _Invalid()


def describe_type(tp) -> str:
    """A type in plain words, for messages."""
    origin = typing.get_origin(tp)
    if tp is str:
        return "a text"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is bool:
        return "true or false"
    if tp is dt.date:
        return "a date (YYYY-MM-DD)"
    if tp is Any:
        return "any value"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) if not isinstance(a, str) else a for a in typing.get_args(tp))
    if origin in (list, tuple):
        return "a list"
    if origin is dict:
        return "a mapping (key: value)"
    if dataclasses.is_dataclass(tp):
        return "a mapping (key: value)"
    if origin in (Union, types.UnionType):
        parts = [describe_type(a) for a in typing.get_args(tp) if a is not type(None)]
        return " or ".join(dict.fromkeys(parts))
    return getattr(tp, "__name__", str(tp))


def _describe_node(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = scalar_value(node)
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    return f'the text "{value}"'


@dataclass(frozen=True)
class _TypeShape:
    """What convert needs to know of a type annotation, worked out once per annotation (the
    ``typing`` introspection calls cost more than converting most values)."""

    origin: Any
    args: tuple
    is_union: bool
    is_dataclass: bool
    optional: bool                  # a union that admits None
    non_none: tuple                 # a union's other members


#: Each annotation's shape, by the annotation's id, with the annotation itself (kept alive, so that its id
#: is never another's).
_SHAPES: dict[int, tuple[Any, _TypeShape]] = {}


def _shape(tp) -> _TypeShape:
    """``tp``'s shape, looked up by identity: ``typing``'s unions and literals hash all their members at each
    hash (0.7 µs for ``str | None``, 4 µs for an 11-value literal), and convert asks a shape for every value.
    The annotations asked are the schema's and their members, few and alive as long as the schema."""
    known = _SHAPES.get(id(tp))
    if known is not None and known[0] is tp:
        return known[1]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    shape = _TypeShape(origin=origin, args=args, is_union=origin in (Union, types.UnionType),
                       is_dataclass=dataclasses.is_dataclass(tp), optional=type(None) in args,
                       non_none=tuple(a for a in args if a is not type(None)))
    _SHAPES[id(tp)] = (tp, shape)
    return shape


def convert(node: Node, tp, key: str, ctx: CheckContext, meta: dict | None = None):
    """Convert ``node`` to ``tp``; record problems in ``ctx`` and return INVALID on failure."""
    meta = meta or {}
    shape = _shape(tp)
    origin, args = shape.origin, shape.args

    if shape.is_union:
        non_none = shape.non_none
        if shape.optional and isinstance(node, ScalarNode) and is_null(node):
            return None
        # A union of a scalar type and a dataclass (shorthand form): pick by node kind.
        if len(non_none) > 1:
            for candidate in non_none:
                kind = _shape(candidate)
                if isinstance(node, MappingNode) and (kind.is_dataclass or kind.origin is dict):
                    return convert(node, candidate, key, ctx, meta)
                if isinstance(node, SequenceNode) and kind.origin in (list, tuple):
                    return convert(node, candidate, key, ctx, meta)
                if isinstance(node, ScalarNode) and not kind.is_dataclass and kind.origin not in (list, tuple, dict):
                    sub = CheckContext(ctx.file)
                    value = convert(node, candidate, key, sub, meta)
                    if value is not INVALID:
                        return value
            ctx.problem(node, key, f"expected {describe_type(tp)}, found {_describe_node(node)}",
                        meta.get("hint"), code="config-type")
            return INVALID
        return convert(node, non_none[0], key, ctx, meta)

    if shape.is_dataclass:
        return convert_dataclass(node, tp, key, ctx)

    if origin in (list, tuple):
        item_type = args[0]
        if isinstance(node, ScalarNode) and meta.get("single_as_list") and not is_null(node):
            items = [node]
        elif not isinstance(node, SequenceNode):
            ctx.problem(node, key, f"expected a list, found {_describe_node(node)}",
                        meta.get("hint") or "write one item per line, each starting with '- '", code="config-type")
            return INVALID
        else:
            items = node.value
        values = [convert(item, item_type, f"{key}[{i}]", ctx, {"hint": meta.get("hint")}) for i, item in enumerate(items)]
        if any(v is INVALID for v in values):
            return INVALID
        return tuple(values)

    if origin is dict:
        if not isinstance(node, MappingNode):
            ctx.problem(node, key, f"expected a mapping (key: value), found {_describe_node(node)}",
                        meta.get("hint"), code="config-type")
            return INVALID
        value_type = args[1]
        result = {}
        for key_node, value_node in node.value:
            name = str(scalar_value(key_node)) if isinstance(key_node, ScalarNode) else "?"
            if value_type is Any:
                result[name] = plain_value(value_node)
            else:
                converted = convert(value_node, value_type, f"{key}.{name}" if key else name, ctx)
                if converted is not INVALID:
                    result[name] = converted
        return result

    if tp is Any:
        return plain_value(node)

    if not isinstance(node, ScalarNode):
        ctx.problem(node, key, f"expected {describe_type(tp)}, found {_describe_node(node)}",
                    meta.get("hint"), code="config-type")
        return INVALID
    value = scalar_value(node)
    converted = _convert_scalar(value, tp)
    if converted is INVALID:
        ctx.problem(node, key, f"expected {describe_type(tp)}, found {_describe_node(node)}",
                    meta.get("hint") or _type_hint(tp, value), code="config-type")
        return INVALID
    check = meta.get("check")
    if check is not None and converted is not None:
        problem = check(converted)
        if problem:
            message, _, hint = problem.partition(" Hint: ")
            ctx.problem(node, key, message, hint or meta.get("hint"), code="config-value")
            return INVALID
    return converted


def _convert_scalar(value, tp):
    shape = _shape(tp)
    if shape.origin is Literal:
        return value if value in shape.args else INVALID
    if tp is str:
        if value is None or isinstance(value, (bool, dt.date)):
            return INVALID if value is None else (str(value).lower() if isinstance(value, bool) else value.isoformat())
        if isinstance(value, (int, float)):
            return str(value)
        return value
    if tp is bool:
        return value if isinstance(value, bool) else INVALID
    if tp is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else INVALID
    if tp is float:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else INVALID
    if tp is dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                return INVALID
        return INVALID
    return INVALID


def _type_hint(tp, value) -> str | None:
    if tp is dt.date:
        return "write dates as YYYY-MM-DD, e.g. 2024-12-31"
    if tp in (int, float) and isinstance(value, str) and value.strip().replace(".", "", 1).isdigit():
        return "remove the quotes around the number"
    if tp is bool:
        return "write true or false"
    if typing.get_origin(tp) is Literal:
        return "choose one of the values listed"
    return None


def schema_fields(cls) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


@dataclass(frozen=True)
class _Schema:
    """What convert_dataclass needs of a config class, worked out once per class."""

    fields: dict[str, dataclasses.Field]
    aliases: dict[str, str]
    types: dict[str, Any]                   # each field's type, string annotations resolved
    metadata: dict[str, dict]               # each field's metadata as a plain dict (read, never changed)


@functools.lru_cache(maxsize=None)
def _schema(cls) -> _Schema:
    fields = {f.name: f for f in schema_fields(cls)}
    return _Schema(
        fields=fields,
        aliases={alias: f.name for f in fields.values() for alias in f.metadata.get("aliases", ())},
        types={name: f.type if not isinstance(f.type, str) else _resolve(cls, name) for name, f in fields.items()},
        metadata={name: dict(f.metadata) for name, f in fields.items()})


def convert_dataclass(node: Node, cls, key: str, ctx: CheckContext):
    if not isinstance(node, MappingNode):
        ctx.problem(node, key, f"expected a mapping (key: value), found {_describe_node(node)}",
                    code="config-type")
        return INVALID
    schema = _schema(cls)
    fields, aliases = schema.fields, schema.aliases
    values: dict[str, Any] = {}
    locations: dict[str, Location] = {}
    failed = False
    seen: set[str] = set()
    for key_node, value_node in node.value:
        name = str(scalar_value(key_node)) if isinstance(key_node, ScalarNode) else "?"
        path = f"{key}.{name}" if key else name
        target = aliases.get(name, name)
        if target not in fields:
            suggestion = difflib.get_close_matches(name, list(fields) + list(aliases), n=1, cutoff=0.6)
            known = ", ".join(sorted(fields))
            hint = f"did you mean '{suggestion[0]}'?" if suggestion else f"the known keys here are: {known}"
            ctx.problem(key_node, path, f"unknown key '{name}'", hint, code="config-unknown-key")
            failed = True
            continue
        if target in seen:
            ctx.problem(key_node, path, f"the key '{name}' is given twice", "keep only one of them",
                        code="config-duplicate-key")
            failed = True
            continue
        seen.add(target)
        f = fields[target]
        converted = convert(value_node, schema.types[target], path, ctx, schema.metadata[target])
        if converted is INVALID:
            failed = True
            continue
        values[target] = converted
        locations[target] = node_location(value_node, ctx.file)
    for f in fields.values():
        if f.name not in seen and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            path = f"{key}.{f.name}" if key else f.name
            ctx.problem(node, path, f"the required key '{f.name}' is missing",
                        f.metadata.get("hint") or f"add '{f.name}:' ({f.metadata.get('doc', '').split('.')[0].lower()})",
                        code="config-missing-key")
            failed = True
    if failed:
        return INVALID
    instance = cls(**values, where=node_location(node, ctx.file), key_locations=locations)
    validate = getattr(instance, "validate", None)
    if validate is not None:
        for message, field_name, hint in validate():
            where = locations.get(field_name) if field_name else None
            ctx.findings.append(error(message, where or node_location(node, ctx.file),
                                      key=(f"{key}.{field_name}" if key else field_name) if field_name else (key or None),
                                      hint=hint, code="config-value"))
            failed = True
    return INVALID if failed else instance


_HINTS_CACHE: dict = {}


def _resolve(cls, name):
    hints = _HINTS_CACHE.get(cls)
    if hints is None:
        hints = _HINTS_CACHE[cls] = typing.get_type_hints(cls)
    return hints[name]
