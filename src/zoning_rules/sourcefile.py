"""Reading YAML and JSON the way officers write them, keeping where every value stood.

PyYAML silently keeps the last of two equal keys and turns ``2.40`` into a float; both lose what
the user wrote.  Here duplicate keys are errors, decimals stay ``Decimal`` (exact, with the digits
as written) and every value's line is remembered so that errors and SARIF can point at it.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover - pathlib costs ~4 ms at import on every check
    from pathlib import Path

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
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_COLLECTIONS:
        # read as a plain mapping or list, a tag such as !!python/object would be silently ignored
        raise InputError(f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not supported "
                         "(不支持的 YAML 标签)", file=name, field=_dotted(path) or None,
                         line=node.start_mark.line + 1, expected="plain mappings, lists and values, without tags")
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
    if tag in (_INT, _FLOAT) and _NOT_DECIMAL.match(node.value):
        return node.value  # kept as written: see _NOT_DECIMAL
    if tag == _INT and len(node.value) > _LONG_INT:
        return Decimal(node.value.replace("_", ""))  # exact; int() refuses past 4300 digits
    if tag == _FLOAT:
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


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
#: YAML 1.1 numbers no officer means: ``017`` is octal 15, ``10:30`` base 60 (630), ``0x10`` and
#: ``0b11`` hex and binary.  Such a scalar is kept as the text written, so a number field reads
#: ``017`` as the decimal 17 and refuses ``10:30`` by name, and a plot code keeps its digits.
_NOT_DECIMAL = re.compile(r"^[-+]?(?:0[0-7_]*[0-9]|0[xXbBoO]|[0-9_.]*:)")
#: Digits beyond which an integer is read as a Decimal (Python refuses str→int past 4300 digits);
#: any such number is out of every field's range, and says so.
_LONG_INT = 30


def _yaml_error(exc, name: str, text: str = "") -> InputError:
    """A YAML error as one line: the problem and its line (a ReaderError — a control character
    such as NUL — carries only a position, and its text spans lines)."""
    yaml = _yaml()
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        return InputError(f"not valid YAML: {exc.problem or exc.context}", file=name,
                          line=(mark.line + 1) if mark else None)
    reader = getattr(yaml, "reader", None)
    if reader is not None and isinstance(exc, reader.ReaderError):
        char = exc.character
        shown = f"U+{ord(char) if isinstance(char, str) else char:04X}"
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        return InputError(f"not valid YAML: the control character {shown} (控制字符) is not allowed",
                          file=name, value=shown, line=line,
                          expected="printable text (tabs and line breaks are fine)")
    return InputError("not valid YAML: " + " ".join(str(exc).split()), file=name)


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
    _scan_yaml(text, name)
    loader = _loader_cls()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return SourceDoc(data=None, name=name)
        lines: dict = {}
        data = _construct(node, (), lines, name, loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, name, text) from None
    finally:
        loader.dispose()
    return SourceDoc(data=data, name=name, lines=lines)


def _scan_yaml(text: str, name: str) -> None:
    """Refuse, before anything is built, YAML that would take unbounded time or memory to build.

    One pass over the parser's events (iterative, so depth cannot overflow the stack): nesting
    deeper than ``Bounds.max_depth``, more than ``max_aliases`` aliases, an alias inside the very
    collection it names (a self-referencing anchor, which would expand forever), and aliases that
    together repeat more than ``max_alias_expansion`` values (a "billion laughs" bomb).
    """
    from .safeio import bounds

    yaml = _yaml()
    lim = bounds()
    stack: list[list] = []  # open collections: [anchor, values so far]
    sizes: dict[str, int] = {}
    open_anchors: dict[str, int] = {}
    aliases = expansion = 0

    def error(message: str, event, expected: str | None = None) -> InputError:
        mark = getattr(event, "start_mark", None)
        return InputError(message, file=name, line=(mark.line + 1) if mark else None, expected=expected)

    try:
        for event in yaml.parse(text, Loader=_loader_cls()):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= lim.max_depth:
                    raise error(f"nested more than {lim.max_depth} levels deep", event,
                                f"at most {lim.max_depth} levels of nesting")
                if event.anchor is not None:
                    open_anchors[event.anchor] = open_anchors.get(event.anchor, 0) + 1
                stack.append([event.anchor, 1])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
                    open_anchors[anchor] -= 1
                if stack:
                    stack[-1][1] += size
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1][1] += 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > lim.max_aliases:
                    raise error(f"more than {lim.max_aliases} aliases (*name)", event,
                                f"at most {lim.max_aliases} aliases")
                if open_anchors.get(event.anchor):
                    raise error(f"the alias *{event.anchor} refers to the collection it is in "
                                "(a self-referencing anchor never ends)", event)
                size = sizes.get(event.anchor, 1)
                expansion += size
                if expansion > lim.max_alias_expansion:
                    raise error(f"aliases repeat more than {lim.max_alias_expansion} values", event,
                                "aliases that repeat a modest amount of data")
                if stack:
                    stack[-1][1] += size
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, name, text) from None


def _json_int(text: str) -> int | Decimal:
    return int(text) if len(text) <= _LONG_INT else Decimal(text)


def check_depth(data: Any, name: str, cls: type[InputError] = InputError) -> None:
    """Refuse parsed data nested deeper than ``Bounds.max_depth`` (walked without recursion)."""
    from .safeio import bounds

    limit = bounds().max_depth
    todo = [(data, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict):
            children = item.values()
            for key in item:
                _no_surrogate(key, name, cls)
        elif isinstance(item, list):
            children = item
        else:
            _no_surrogate(item, name, cls)
            continue
        if depth >= limit:
            raise cls(f"nested more than {limit} levels deep", file=name,
                      expected=f"at most {limit} levels of nesting")
        todo.extend((c, depth + 1) for c in children)


def _no_surrogate(item: Any, name: str, cls: type[InputError]) -> None:
    """JSON may escape half of a character (``"\\ud800"``); no text holds one, and writing it out
    fails (UTF-8 has no encoding for it).  YAML refuses it itself."""
    if isinstance(item, str) and not item.isascii():
        bad = next((c for c in item if "\ud800" <= c <= "\udfff"), None)
        if bad is not None:
            raise cls(f"the text {item[:40]!r} holds U+{ord(bad):04X}, half of a character (a lone surrogate; 无效字符)",
                      file=name, expected="whole characters (a \\ud83d\\ude00 pair, or the character itself)")


def json_loads(text: str, name: str, cls: type[InputError] = InputError, **kwargs) -> Any:
    """``json.loads`` that reports nesting too deep for the parser as bad input, not a crash, and
    reads an integer of more than ``_LONG_INT`` digits as a Decimal (``int()`` refuses past 4300
    digits with a ValueError; the Decimal is refused by the field it is in, as out of range)."""
    kwargs.setdefault("parse_int", _json_int)
    try:
        data = json.loads(text, **kwargs)
    except RecursionError:
        from .safeio import bounds

        limit = bounds().max_depth
        raise cls(f"nested more than {limit} levels deep", file=name,
                  expected=f"at most {limit} levels of nesting") from None
    check_depth(data, name, cls)
    return data


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
        data = json_loads(text, name, parse_float=Decimal, object_pairs_hook=pairs,
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
    """Read a YAML or JSON file; unreadable files are input errors, not tracebacks, and only a
    regular file within the size limit is read (``safeio``)."""
    from .safeio import read_text

    return loads(read_text(path), str(path))
