"""A proposed design: the figures an application declares (or a site plan yields), exact.

Field names follow the 经济技术指标表 an applicant fills in.  Unknown fields are errors: a typo
such as ``hieght`` must not silently leave the height unchecked.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import DesignError, InputError, ValidationFailed
from .fields import Area, Count, Length, Number, Ratio, Sides
from .indicators import INDICATORS
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


class Design(BaseModel):
    """The figures of one scheme; every one optional but the plot (missing → indeterminate)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plot: str = Field(description="Plot code as in the rule book, e.g. BZ-13-10 or 货源街南地块.")
    name: str | None = Field(None, description="Name of the scheme, for reports.")
    land_use: str | None = Field(None, description="GB 50137 code, 2023 code or Chinese name.")
    site_area: Area | None = Field(None, description="用地面积")
    floor_area: Area | None = Field(None, description="计容建筑面积 (counted toward FAR)")
    footprint_area: Area | None = Field(None, description="建筑基底面积")
    green_area: Area | None = Field(None, description="绿地面积")
    far: Number | None = Field(None, description="declared 容积率")
    building_density: Ratio | None = Field(None, description="declared 建筑密度")
    green_ratio: Ratio | None = Field(None, description="declared 绿地率")
    height: Length | None = Field(None, description="建筑高度 (GB 50352-2019 §4.5.2)")
    parking_spaces: Count | None = Field(None, description="停车泊位 (motor-vehicle spaces)")
    entrance_side: Sides | None = Field(
        None, description="north/south/east/west or 北/南/东/西; a list when there are several entrances.")
    setback: Length | None = Field(None, description="least distance from a building to a road red line")
    large_commercial: bool | None = Field(None, description="whether a building is 大型商业建筑")
    site_plan: str | None = Field(
        None, description="总平面图: a GeoJSON or DXF file, or an IFC model (relative to the design file) to "
                          "compute the indicators from; computed values decide, declared ones are cross-checked.")
    crs: str | None = Field(
        None, description="Coordinates of the site plan: an EPSG code (EPSG:4546, EPSG:4525 …) or 'local' "
                          "for a drawing in metres; default lon/lat (GeoJSON) or local (DXF).")
    storey_height: Length | None = Field(None, description="层高 of buildings the site plan gives none for")
    dxf_layers: dict[str, str | list[str]] | None = Field(
        None, description="DXF layer names per role (site, building, green, road, entrance …), "
                          "replacing the defaults (用地红线/ZR-SITE …).")
    waivers: tuple[WaiverSpec, ...] | None = Field(
        None, description="Approved exceptions: a failing finding of that indicator is reported as waived.")

    @field_validator("waivers")
    @classmethod
    def _one_waiver_per_indicator(cls, v):
        seen = set()
        for w in v or ():
            if w.indicator in seen:
                raise ValueError(f"two waivers for {w.indicator}; list one per indicator")
            seen.add(w.indicator)
        return v

    @field_validator("crs")
    @classmethod
    def _crs(cls, v: str | None):
        import re

        if v is not None and not re.fullmatch(r"(?i)local|epsg:\d{4,6}", v.strip()):
            raise ValueError(f"{v!r} is not a coordinate system (expected an EPSG code such as "
                             f"EPSG:4546, or local)")
        return v

    @field_validator("site_area")
    @classmethod
    def _site_not_zero(cls, v: Amount | None):
        if v is not None and v.value == 0:
            raise ValueError(f"{v.written!r}: a site area of zero leaves every ratio undefined")
        return v

    @field_validator("plot")
    @classmethod
    def _plot_not_empty(cls, v: str):
        if not str(v).strip():
            raise ValueError("the plot code is empty")
        return v

    def to_json(self) -> dict:
        """The design as JSON-ready data, quantities as written (so it reads back identically)."""
        return self.model_dump(mode="json", exclude_none=True)


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
        design = Design.model_validate(doc.data)
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
