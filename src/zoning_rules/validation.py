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
            msg = "unknown field (not part of the format; check the spelling)"
        value = err.get("input")
        if err["type"] not in ("missing",) and not isinstance(value, (dict, list)):
            msg = f"{value!r}: {msg}" if repr(value) not in msg and str(value) not in msg else msg
        out.append(cls(msg, file=doc.name, field=dotted(loc), value=value,
                       line=doc.line_of(loc)))
    return out
