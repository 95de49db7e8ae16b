"""The fast design reader: valid designs read without building the pydantic model.

A one-design ``check`` should start about as fast as importing pydantic and YAML; building the
``Design`` model costs more than all the rest (benchmarks/bench_cold_start.py, docs/benchmarks.md).
This reader is generated from the same definition as the model (``design.layout``: the fixed
fields and the indicators' declared design fields, with their checks), reads each field with the
very function the model's validator calls (``units.parse``, ``indicators.sides.read_sides``) and
runs the same checks.  It only ever *accepts*: whatever it cannot tell is valid — a type it does
not read exactly as pydantic does, a failing parse or check, an unknown field, a site plan, waivers
— it leaves to the model (``None``), so every error message and exit code is the model's.
``tests/test_design_fast_reader_agrees_with_model.py`` shows that on generated designs, valid and
invalid, it accepts only what the model accepts, with the same values.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, Mapping

from .design import layout, denominators, not_zero, plot_or_site_plan
from .indicators import version
from .indicators.sides import read_sides
from .units import parse


class _Unsure(Exception):
    """The reader cannot tell: the model decides."""


def _amount(kind: str) -> Callable[[Any], Any]:
    return lambda v: parse(v, kind)  # as ``fields.quantity`` validates


def _text(v: Any) -> str:
    if type(v) is not str:  # pydantic's lax str also takes bytes, str enums …: the model decides
        raise _Unsure
    return v


def _flag(v: Any) -> bool:
    if v is not True and v is not False:  # 'yes', 1, 'on' …: the model decides
        raise _Unsure
    return v


def _model_only(v: Any):
    raise _Unsure


#: How the reader reads a non-null value of each kind (``None`` is null for every field).
_READ: dict[str, Callable[[Any], Any]] = {
    **{kind: _amount(kind) for kind in ("area", "length", "ratio", "number", "count")},
    "sides": read_sides, "text": _text, "flag": _flag, "layers": _model_only, "waivers": _model_only,
}


class DesignValues:
    """A design as the fast reader read it: the model's fields, in its order, with its values.

    Immutable; read like a ``Design`` (``design.plot``, ``design.site_area`` …, ``None`` where not
    given; ``type(design).model_fields`` names the fields).  Only ``check`` sees one: anything
    else that needs a ``Design`` gets it from the model (``design.load_design``).
    """

    __slots__ = ("_values",)
    model_fields: Mapping[str, Any] = MappingProxyType({})

    def __init__(self, values: Mapping[str, Any]):
        object.__setattr__(self, "_values", {name: values.get(name) for name in self.model_fields})

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(f"a design has no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a design is immutable")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values == self._values

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):  # the class is made per registry version: pickle the values
        return (_restore, (self._values,))

    def __repr__(self) -> str:
        return "DesignValues(" + ", ".join(f"{k}={v!r}" for k, v in self._values.items()) + ")"


_plan: tuple[int, type, dict, tuple] | None = None


def _reader() -> tuple[type, dict, tuple]:
    """(the values class, field → reader, checks) for the indicators registered now."""
    global _plan
    v = version()
    if _plan is None or _plan[0] != v:
        fields = layout()
        values = type("DesignValues", (DesignValues,),
                      {"__slots__": (), "model_fields": MappingProxyType({f.name: f for f in fields})})
        readers = {f.name: _READ[f.kind] for f in fields}
        checks = tuple((f.name, f.check) for f in fields if getattr(f, "check", None)) + tuple(
            (name, not_zero(decl)) for name, decl in denominators().items())
        _plan = (v, values, readers, checks)
    return _plan[1:]


def _restore(values: dict) -> DesignValues:
    return _reader()[0](values)


def read(data: Mapping[str, Any]) -> DesignValues | None:
    """The design ``data`` gives, when the reader can tell it is valid; ``None``: ask the model."""
    values_cls, readers, checks = _reader()
    out: dict[str, Any] = {}
    try:
        for key, raw in data.items():
            reader = readers.get(key) if type(key) is str else None
            if reader is None:
                return None  # an unknown field (or a key that is no name): the model's error
            out[key] = None if raw is None else reader(raw)
        for name, check in checks:
            check(out.get(name))
        plot_or_site_plan(out.get("plot"), out.get("site_plan"))
    except Exception:  # _Unsure, or the error the model will report in its own words
        return None
    if out.get("site_plan") is not None:
        return None  # the geometry readers work on the model
    return values_cls(out)
