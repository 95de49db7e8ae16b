"""A proposed design: the figures an application declares (or a site plan yields), exact.

Field names follow the 经济技术指标表 an applicant fills in.  Unknown fields are errors: a typo
such as ``hieght`` must not silently leave the height unchecked.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator, model_validator

from .errors import DesignError, InputError, ValidationFailed
from .fields import Area, Count, Length, Number, Ratio, Sides
from .indicators import INDICATORS, design_fields, version
from .sourcefile import SourceDoc, load
from .units import Amount


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
    """What every design model shares: strictness, the validators of the fixed fields, to_json."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("waivers", check_fields=False)
    @classmethod
    def _one_waiver_per_indicator(cls, v):
        seen = set()
        for w in v or ():
            if w.indicator in seen:
                raise ValueError(f"two waivers for {w.indicator}; list one per indicator")
            seen.add(w.indicator)
        return v

    @field_validator("crs", check_fields=False)
    @classmethod
    def _crs(cls, v: str | None):
        import re

        if v is not None and not re.fullmatch(r"(?i)local|epsg:\d{4,6}", v.strip()):
            raise ValueError(f"{v!r} is not a coordinate system (expected an EPSG code such as "
                             f"EPSG:4546, or local)")
        return v

    @field_validator("plot", check_fields=False)
    @classmethod
    def _plot_not_empty(cls, v: str | None):
        if v is not None and not str(v).strip():
            raise ValueError("the plot code is empty")
        return v

    @model_validator(mode="after")
    def _plot_or_site_plan(self):
        if getattr(self, "plot", None) is None and getattr(self, "site_plan", None) is None:
            raise ValueError("plot is required (it may be left out only with a site_plan, when the rule book "
                             "holds plot boundaries)")
        return self

    def to_json(self) -> dict:
        """The design as JSON-ready data, quantities as written (so it reads back identically)."""
        return self.model_dump(mode="json", exclude_none=True)


_TYPES: dict[str, Any] = {"area": Area, "length": Length, "ratio": Ratio, "number": Number, "count": Count,
                          "sides": Sides, "flag": bool, "text": str}


def _denominators() -> dict:
    return {i.ratio.denominator.name: i.ratio.denominator for i in INDICATORS.values() if i.ratio is not None}


def _declared_fields(decls, skip=()) -> tuple[dict, dict]:
    """pydantic field definitions for indicator-declared design fields, and validators refusing a
    zero in any field a ratio divides by (but those in ``skip``, already refused)."""
    fields = {f.name: (_TYPES[f.kind] | None, Field(None, description=f.description)) for f in decls}
    validators = {f"_{name}_not_zero": field_validator(name, check_fields=False)(_not_zero(decl))
                  for name, decl in _denominators().items() if name not in skip}
    return fields, validators


def _not_zero(decl):
    def check(cls, v: Amount | None):
        if v is not None and v.value == 0:
            raise ValueError(f"{v.written!r}: a {decl.en} of zero leaves every ratio undefined")
        return v

    return classmethod(check)


def _build_design():
    fields, validators = _declared_fields(design_fields())
    return create_model(
        "Design", __base__=_DesignBase, __module__=__name__, __validators__=validators,
        __doc__="The figures of one scheme; every one optional but the plot, which a site plan can stand in "
                "for (missing → indeterminate).",
        plot=(str | None, Field(None, description="Plot code as in the rule book, e.g. BZ-13-10 or 货源街南地块; "
                                                  "may be left out with a site_plan when the rule book holds plot "
                                                  "boundaries (the plot is then found from the site).")),
        name=(str | None, Field(None, description="Name of the scheme, for reports.")),
        **fields,
        site_plan=(str | None, Field(
            None, description="总平面图: a GeoJSON or DXF file, or an IFC model (relative to the design file) to "
                              "compute the indicators from; computed values decide, declared ones are cross-checked.")),
        crs=(str | None, Field(
            None, description="Coordinates of the site plan: an EPSG code (EPSG:4546, EPSG:4525 …) or 'local' "
                              "for a drawing in metres; default lon/lat (GeoJSON) or local (DXF).")),
        storey_height=(Length | None, Field(None, description="层高 of buildings the site plan gives none for")),
        dxf_layers=(dict[str, str | list[str]] | None, Field(
            None, description="DXF layer names per role (site, building, green, road, entrance …), "
                              "replacing the defaults (用地红线/ZR-SITE …).")),
        waivers=(tuple[WaiverSpec, ...] | None, Field(
            None, description="Approved exceptions: a failing finding of that indicator is reported as waived.")),
    )


#: The design model of the built-in indicators: the class to import, annotate and construct.
#: Its fields are the indicators' declared design fields (``indicators.design_fields``).
Design = _build_design()
_BUILT_AT = version()
_BUILT_DENOMINATORS = set(_denominators())
_extended: tuple[int, type] | None = None


def design_model() -> type:
    """The design model for the indicators registered now: ``Design`` itself, or — when an
    indicator declares fields ``Design`` lacks — a subclass with them (rebuilt when the registry
    changes; instances are still ``Design``s).  Readers validate with this one."""
    global _extended
    v = version()
    if v == _BUILT_AT:
        return Design
    if _extended is not None and _extended[0] == v:
        return _extended[1]
    extra = [f for f in design_fields() if f.name not in Design.model_fields]
    if not extra and set(_denominators()) <= _BUILT_DENOMINATORS:
        model = Design
    else:
        fields, validators = _declared_fields(extra, skip=_BUILT_DENOMINATORS)
        model = create_model("Design", __base__=Design, __module__=__name__, __validators__=validators,
                             __doc__=Design.__doc__, **fields)
    _extended = (v, model)
    return model


class LoadedDesign(BaseModel):
    """A design and where it came from (for line numbers in reports)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    design: Design
    path: str | None = None
    doc: SourceDoc | None = None

    def line_of(self, field: str) -> int | None:
        return self.doc.line_of((field,)) if self.doc else None

    @property
    def site_plan_path(self) -> Path | None:
        """The site plan, relative to the design file (to the working directory without one)."""
        if self.design.site_plan is None:
            return None
        plan = Path(self.design.site_plan)
        if plan.is_absolute() or self.path is None or self.path.startswith("<"):
            return plan
        return Path(self.path).parent / plan


def _from_doc(doc: SourceDoc) -> LoadedDesign:
    from .validation import validation_errors

    if not isinstance(doc.data, dict):
        raise DesignError("a design must be a mapping of fields (plot, site_area, …)", file=doc.name,
                          line=1)
    if str(doc.data.get("site_plan", "")).lower().endswith(".ifc") and "plot" not in doc.data:
        from .ifc import model_fields  # the plot (and land use) the model gives, where the design gives none

        plan_path = Path(str(doc.data["site_plan"]))
        if not plan_path.is_absolute() and not doc.name.startswith("<"):
            plan_path = Path(doc.name).parent / plan_path
        doc = SourceDoc(data={**model_fields(plan_path), **doc.data}, name=doc.name, lines=doc.lines)
    try:
        design = design_model().model_validate(doc.data)
    except ValidationError as exc:
        errors = validation_errors(exc, doc, cls=DesignError)
        raise (errors[0] if len(errors) == 1 else ValidationFailed(errors)) from None
    return LoadedDesign(design=design, path=doc.name, doc=doc)


def load_design(source: "Design | Mapping | str | Path | LoadedDesign") -> LoadedDesign:
    """A design from a ``Design``, a mapping (Python or parsed JSON) or a YAML/JSON file path."""
    if isinstance(source, LoadedDesign):
        return source
    if isinstance(source, Design):
        return LoadedDesign(design=source)
    if isinstance(source, Mapping):
        return _from_doc(SourceDoc(data=dict(source), name="<design>"))
    if isinstance(source, (str, Path)):
        if Path(source).suffix.lower() == ".ifc":  # a BIM model checked directly (zoning_rules.ifc)
            from .ifc import load_model_design

            return load_model_design(source)
        return _from_doc(load(source))
    raise InputError(f"cannot read a design from {type(source).__name__}",
                     expected="a Design, a mapping or a path")
