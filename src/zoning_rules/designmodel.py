"""The pydantic model of a design, generated from the format's one definition (``design``).

Imported on first use of ``design.Design``/``design_model()``: building a pydantic model imports
most of pydantic and costs more than the rest of a one-design ``check``, which reads valid
designs with ``designfast`` instead and comes here only for the errors.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from .design import DOC, LEADING, TRAILING, builtin_fields, denominators, not_zero, plot_or_site_plan
from .fields import Area, Count, Length, Number, Ratio, Sides
from .indicators import BUILTIN, INDICATORS, design_fields, version


class WaiverSpec(BaseModel):
    """An approved exception (特批/专项论证) to one indicator, as a design lists it under ``waivers:``.

    A waiver without the document that grants it is an error: an exception nobody can look up must
    not turn a failure into anything but a failure.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str = Field(description="Indicator key (far), finding code (ZR-FAR) or name (容积率).")
    document: str = Field(min_length=1, description="The document that grants the exception, e.g. 吕政函〔2022〕9号.")
    reason: str | None = Field(None, description="Why the exception was granted.")

    @field_validator("indicator", mode="before")
    @classmethod
    def _indicator(cls, v: Any):
        text = str(v).strip()
        for ind in INDICATORS.values():
            if text.lower() in (ind.key, ind.code.lower()) or text == ind.zh:
                return ind.key
        known = ", ".join(i.code for i in INDICATORS.values())
        raise ValueError(f"{text!r} is not an indicator (expected a key such as far or a code: {known})")

    @field_validator("document")
    @classmethod
    def _document(cls, v: str):
        if not v.strip():
            raise ValueError("a waiver needs the document that grants it")
        return v.strip()


class _DesignBase(BaseModel):
    """What every design model shares: strictness, the design-wide check, to_json."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _plot_or_site_plan(self):
        plot_or_site_plan(getattr(self, "plot", None), getattr(self, "site_plan", None))
        return self

    def to_json(self) -> dict:
        """The design as JSON-ready data, quantities as written (so it reads back identically)."""
        return self.model_dump(mode="json", exclude_none=True)


_TYPES: dict[str, Any] = {"area": Area, "length": Length, "ratio": Ratio, "number": Number, "count": Count,
                          "sides": Sides, "flag": bool, "text": str,
                          "layers": dict[str, str | list[str]], "waivers": tuple[WaiverSpec, ...]}


def _validator(name: str, check):
    return field_validator(name, check_fields=False)(classmethod(lambda cls, v: check(v)))


def _fields(decls, dens) -> tuple[dict, dict]:
    """pydantic field definitions for ``decls`` with their checks, and the checks refusing a zero
    in the fields ``dens`` (those a ratio divides by)."""
    fields = {f.name: (_TYPES[f.kind] | None, Field(None, description=f.description)) for f in decls}
    validators = {f"_{f.name}_check": _validator(f.name, f.check) for f in decls if getattr(f, "check", None)}
    validators.update({f"_{name}_not_zero": _validator(name, not_zero(decl)) for name, decl in dens.items()})
    return fields, validators


def _build_design() -> type:
    fields, validators = _fields((*LEADING, *builtin_fields(), *TRAILING), denominators(BUILTIN))
    return create_model("Design", __base__=_DesignBase, __module__="zoning_rules.design",
                        __validators__=validators, __doc__=DOC, **fields)


_BUILT_DENOMINATORS = set(denominators(BUILTIN))
#: The design model of the built-in indicators: the class to import, annotate and construct.
#: Its fields are the fixed ones and the indicators' declared design fields (``design.layout``).
Design = _build_design()
_extended: tuple[int, type] | None = None


def design_model() -> type:
    """``design.design_model``: ``Design``, or a subclass with registered indicators' fields."""
    global _extended
    v = version()
    if _extended is not None and _extended[0] == v:
        return _extended[1]
    extra = [f for f in design_fields() if f.name not in Design.model_fields]
    if not extra and set(denominators()) <= _BUILT_DENOMINATORS:
        model = Design
    else:
        fields, validators = _fields(extra, {name: decl for name, decl in denominators().items()
                                             if name not in _BUILT_DENOMINATORS})
        model = create_model("Design", __base__=Design, __module__="zoning_rules.design",
                             __validators__=validators, __doc__=Design.__doc__, **fields)
    _extended = (v, model)
    return model
