"""Reading YAML and JSON the way officers write them, keeping where every value stood.

PyYAML silently keeps the last of two equal keys and turns ``2.40`` into a float; both lose what
the user wrote.  Here duplicate keys are errors, decimals stay ``Decimal`` (exact, with the digits
as written) and every value's line is remembered so that errors and SARIF can point at it.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InputError

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class SourceDoc:
    """Parsed data plus the line (1-based) of each path in it."""

    data: Any
    name: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest known prefix of ``path``."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def _yaml():
    import yaml

    return yaml


def _loader_cls():
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node, path: Path_, lines: dict, name: str, constructor) -> Any:
    yaml = _yaml()
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        constructor.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = _construct(key_node, path + ("<key>",), {}, name, constructor)
            if isinstance(key, (dict, list)):
                raise InputError("a mapping key must be a plain value", file=name,
                                 line=key_node.start_mark.line + 1)
            if isinstance(key, (dt.date, Decimal, int)) and not isinstance(key, bool):
                key = str(key_node.value)
            if key in out:
                raise InputError(f"duplicate key {key!r} (the first is kept by some tools, the last "
                                 "by others; say it once)", file=name, field=_dotted(path + (key,)),
                                 line=key_node.start_mark.line + 1)
            out[key] = _construct(value_node, path + (key,), lines, name, constructor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, path + (i,), lines, name, constructor) for i, v in enumerate(node.value)]
    tag = node.tag
    if tag == "tag:yaml.org,2002:float":
        text = node.value.replace("_", "")
        low = text.lower()
        if low in (".nan", ".inf", "+.inf", "-.inf"):
            return float(low.replace(".", ""))
        try:
            return Decimal(text)
        except Exception:
            pass
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, TypeError) as exc:  # e.g. a timestamp such as 2022-13-01
        raise InputError(f"{node.value!r} cannot be read: {exc}", file=name, field=_dotted(path),
                         value=node.value, line=node.start_mark.line + 1) from None


def _dotted(path: Path_) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


dotted = _dotted


def loads(text: str, name: str = "<string>", *, fmt: str | None = None) -> SourceDoc:
    """Parse YAML or JSON text; ``fmt`` is 'json' or 'yaml' (default: guess from the name)."""
    if fmt is None:
        fmt = "json" if name.lower().endswith(".json") else "yaml"
    if fmt == "json":
        return _loads_json(text, name)
    yaml = _yaml()
    loader = _loader_cls()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return SourceDoc(data=None, name=name)
        lines: dict = {}
        data = _construct(node, (), lines, name, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(f"not valid YAML: {exc.problem or exc.context}", file=name,
                         line=(mark.line + 1) if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=name) from None
    finally:
        loader.dispose()
    return SourceDoc(data=data, name=name, lines=lines)


def _loads_json(text: str, name: str) -> SourceDoc:
    def pairs(items):
        out = {}
        for k, v in items:
            if k in out:
                raise InputError(f"duplicate key {k!r}", file=name, field=k)
            out[k] = v
        return out

    def bad_constant(token: str):
        raise InputError(f"{token} is not a finite number", file=name, value=token)

    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=pairs,
                          parse_constant=bad_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=name, line=exc.lineno) from None
    lines = _json_lines(text, name)
    return SourceDoc(data=data, name=name, lines=lines)


def _json_lines(text: str, name: str) -> dict:
    """Lines of JSON values, through the YAML composer (JSON is YAML for this purpose)."""
    try:
        return loads(text, name, fmt="yaml").lines
    except Exception:  # a JSON oddity YAML 1.1 rejects: fall back to no line numbers
        return {}


def load(path: str | Path) -> SourceDoc:
    """Read a YAML or JSON file; unreadable files are input errors, not tracebacks."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    return loads(text, str(path))
