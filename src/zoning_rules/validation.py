"""pydantic's validation errors as ours: file, line, dotted field, the value, what was wrong.

Kept apart from the models so that reading a design does not import the rule-file schema.
"""
from __future__ import annotations

from .errors import InputError
from .sourcefile import SourceDoc, dotted


def validation_errors(exc, doc: SourceDoc, prefix: tuple = (),
                      cls: type[InputError] = InputError) -> list[InputError]:
    """pydantic's errors as ours: file, line, dotted field, the value, what was wrong."""
    out = []
    for err in exc.errors():
        loc = prefix + tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (not part of the format; check the spelling)" + _named(loc[-1] if loc else None)
        value = err.get("input")
        text = _repr(value)
        long_quoted = len(text) > 60 and "(written with" in msg  # the message quotes it already
        if err["type"] not in ("missing",) and not isinstance(value, (dict, list)) and not long_quoted:
            msg = f"{shown_value(value)}: {msg}" if text not in msg and _str(value) not in msg else msg
        out.append(cls(msg, file=doc.name, field=dotted(loc), value=value,
                       line=doc.line_of(loc)))
    return out


def shown_value(value, limit: int = 60) -> str:
    """A value as quoted in an error: a decimal as written (``2.6``, not ``Decimal('2.6')``), and
    anything longer than ``limit`` characters cut, with its length, so one error stays one line."""
    from decimal import Decimal

    text = str(value) if isinstance(value, Decimal) else _repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit - 20]}…{text[-8:]} ({len(text)} characters)"


def _named(key) -> str:
    """`` (did you mean far?)`` for a key that is a design field's Chinese or English name
    (容积率, 'floor area'): the file is then one rename from valid."""
    if not isinstance(key, str):
        return ""
    from .indicators import design_fields

    wanted = key.strip().casefold()
    for f in design_fields():
        if key != f.name and wanted in (f.zh.casefold(), f.en.casefold(), f.name.casefold()):
            return f" (did you mean {f.name}?  {key} 写作 {f.name})"
    return ""


def _repr(value) -> str:
    """``repr``, except for an integer too long for Python to write out (past 4300 digits)."""
    try:
        return repr(value)
    except ValueError:
        return f"<an integer of about {int(abs(value).bit_length() * 0.30103)} digits>"


def _str(value) -> str:
    try:
        return str(value)
    except ValueError:
        return _repr(value)
