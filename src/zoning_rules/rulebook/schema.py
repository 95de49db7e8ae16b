"""The rule-book file format as pydantic models: validation with paths, and the published JSON Schema.

These models describe the file as officers write it (quantities as text such as ``30%`` or
``71 亩``); ``build.py`` turns them into the exact runtime model.  Keep them permissive where
documents are (a land use may be a code, a name or both) and strict where a typo would silently
change a decision (unknown keys are errors).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from ..fields import Area, Count, Length, Number, Ratio, Sides
from ..indicators import INDICATORS, version

Scalar = Union[str, Decimal, int]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(_Strict):
    """One letter (批复/通知), given once, referred to by its document number."""

    title: str | None = None
    issuer: str | None = None
    date: dt.date = Field(description="The date the letter was signed (成文日期).")
    addressee: str | None = None
    request: str | None = Field(None, description="The request (请示) the letter answers.")
    plot_limits: bool = Field(True, description="false for planning letters that set no plot-level limits.")
    kind: str | None = Field(None, description="批复, 公示, 公告, 规划条件变更 … (written by the extractor).")
    notes: list[str] = Field(default_factory=list)
    url: str | None = None
    review: list[str] = Field(default_factory=list,
                              description="What the extractor could not decide about the source itself "
                                          "(e.g. 需要文号: a notice without a document number).")


class _Bound(_Strict):
    """A bound on one indicator, written as in the letter: ``2.4``, ``30%``, ``50 m``."""

    min_exclusive: bool = Field(False, description="true for '>' instead of '≥'.")
    max_exclusive: bool = Field(False, description="true for '<' instead of '≤'.")
    text: str | None = Field(None, description="A limit stated without a number (e.g. 满足机场限高).")
    note: str | None = None
    by_type: dict[str, Any] | None = Field(
        None, description="Limits per building type as written (产业用房: {max: 50m}), each a limit of the "
                          "same kind; the plot's limit is then only `text`, which a check reports as "
                          "indeterminate for an officer to judge.")

    @model_validator(mode="before")
    @classmethod
    def _per_type(cls, data):
        """Each per-type entry is a limit of the same class (declared here once, so that every limit
        model built on ``_Bound`` has it)."""
        if isinstance(data, dict) and isinstance(data.get("by_type"), dict):
            parsed = {}
            for kind, value in data["by_type"].items():
                if isinstance(value, dict) and "by_type" in value:
                    raise ValueError("by_type cannot be nested")
                try:
                    parsed[str(kind)] = value if isinstance(value, cls) else cls.model_validate(value)
                except ValidationError as exc:
                    err = exc.errors()[0]
                    where = ".".join(map(str, err["loc"]))
                    raise ValueError(f"by_type.{kind}{'.' + where if where else ''}: {err['msg']}") from None
            data = {**data, "by_type": parsed}
        return data

    @model_validator(mode="after")
    def _consistent(self):
        lo, hi = getattr(self, "min", None), getattr(self, "max", None)
        if lo is not None and hi is not None and (lo.value > hi.value or (
                lo.value == hi.value and (self.min_exclusive or self.max_exclusive))):
            raise ValueError(f"min {lo.written} is above max {hi.written}: no value can comply")
        extra = getattr(self, "min_large_commercial", None)
        if lo is None and hi is None and extra is None and not self.text:
            raise ValueError("a limit needs min, max or text")
        by_type = getattr(self, "by_type", None)
        if by_type:
            if lo is not None or hi is not None or not self.text:
                raise ValueError("by_type goes with text only (the limit as written), never with min or max: "
                                 "one number for the plot would hide the others")
        return self


class NumberLimit(_Bound):
    min: Number | None = None
    max: Number | None = None


class RatioLimit(_Bound):
    min: Ratio | None = None
    max: Ratio | None = None


class LengthLimit(_Bound):
    min: Length | None = None
    max: Length | None = None


class CountLimit(_Bound):
    min: Count | None = None
    max: Count | None = None


class SetbackLimit(_Bound):
    """退让红线 is a minimum distance; a maximum is not a setback rule and is refused, not ignored."""

    min: Length | None = None
    min_large_commercial: Length | None = Field(None, description="the larger minimum for 大型商业建筑.")
    max_exclusive: Literal[False] = False


class SideLimit(_Strict):
    equals: Sides = Field(description="north/south/east/west or 北/南/东/西 (or a list of allowed sides).")
    note: str | None = None


class LandUseLimit(_Strict):
    equals: str = Field(description="A GB 50137 code, a 2023 code or the Chinese name.")
    note: str | None = None


_LIMIT_MODELS: dict[tuple, type] = {
    ("number", True, False): NumberLimit, ("ratio", True, False): RatioLimit,
    ("length", True, False): LengthLimit, ("count", True, False): CountLimit,
    ("length", False, True): SetbackLimit,
}
_QUANTITIES = {"number": Number, "ratio": Ratio, "length": Length, "count": Count, "area": Area}


def limit_model(bounds) -> type:
    """The rule-file model of the bounds an indicator declares (``indicators.Bounds``)."""
    if bounds.kind == "side":
        return SideLimit
    if bounds.kind == "land_use":
        return LandUseLimit
    key = (bounds.kind, bounds.max, bounds.large_commercial)
    model = _LIMIT_MODELS.get(key)
    if model is None:
        q = _QUANTITIES[bounds.kind]
        fields: dict = {"min": (q | None, None)}
        if bounds.max:
            fields["max"] = (q | None, None)
        else:
            fields["max_exclusive"] = (Literal[False], False)
        if bounds.large_commercial:
            fields["min_large_commercial"] = (q | None, Field(None, description="the larger minimum for 大型商业建筑."))
        model = _LIMIT_MODELS[key] = create_model(f"{bounds.kind.capitalize()}Limit", __base__=_Bound,
                                                  __module__=__name__, **fields)
    return model


def _limits_model(indicators) -> type:
    return create_model(
        "LimitsSpec", __base__=_Strict, __module__=__name__,
        __doc__="The indicators a letter limits; a key not listed here is a typo, not a new rule.",
        **{i.key: (limit_model(i.bounds) | None, Field(None, description=i.limit_description or i.zh))
           for i in indicators})


#: The limits a rule file may state: one entry per declared indicator (``indicators``).
LimitsSpec = _limits_model(INDICATORS.values())


class LandUseSpec(_Strict):
    code: str | None = None
    name: str | None = None


class StatedSpec(_Strict):
    """An area or floor area as stated in a letter; ``approx`` when written with 约 or only in a title."""

    value: Area
    approx: bool = False
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, data):
        return data if isinstance(data, dict) else {"value": data}

    @model_validator(mode="after")
    def _not_zero(self):
        if self.value.value == 0:
            raise ValueError(f"{self.value.written!r}: an area of zero")
        return self


PlannedKey = Literal["floor_area", "residential_floor_area", "commercial_floor_area"]


class ApprovalSpec(_Strict):
    source: str = Field(description="Document number of a letter under `sources`, e.g. 吕政函〔2021〕2号.")
    clause: str | None = Field(None, description="Clause of the letter, e.g. 二 or 三（一）.")
    land_use: Union[str, LandUseSpec, None] = None
    area: StatedSpec | None = None
    planned: dict[PlannedKey, StatedSpec] = Field(
        default_factory=dict, description="地上建筑面积 (floor_area), 住宅 (residential_floor_area), "
                                          "商业等服务设施 (commercial_floor_area) as planned; not limits.")
    limits: LimitsSpec = Field(default_factory=LimitsSpec)
    replaces: Literal["all", "amends"] = Field(
        "all", description="all: earlier limits of the plot fall away; amends: only the indicators stated change.")
    published: bool = Field(True, description="false: adjusted, but the values are not in the letter.")
    effective: dt.date | None = Field(None, description="Only when it differs from the source's date.")
    notes: list[str] = Field(default_factory=list)
    quote: str | None = Field(None, description="The clause text the values come from.")
    lines: list[int] | None = Field(None, description="Line span in the letter text (written by the extractor).")
    review: list[str] = Field(default_factory=list, description="What the extractor could not decide.")
    succeeded_by: list[str] = Field(
        default_factory=list,
        description="Plots that take this plot's place from this approval on (拆分为 N-09-05 … / 合并为 …); "
                    "the plot itself then has no limits in force.")

    @model_validator(mode="after")
    def _succession_states_nothing(self):
        if self.succeeded_by and (self.limits.model_dump(exclude_none=True) or self.land_use is not None):
            raise ValueError("an approval that splits or merges the plot (succeeded_by) states no limits "
                             "of its own: give them to the plots that succeed it")
        return self


class PlotSpec(_Strict):
    name: str | None = None
    approvals: list[ApprovalSpec]


class GeometrySpec(_Strict):
    """Where the plots' boundaries are: a GeoPackage beside the rule file (docs/rulebook-format.md)."""

    file: str = Field(description="GeoPackage path, relative to the rule file, e.g. plan-rules.gpkg.")
    layer: str = Field("plots", description="Layer in the GeoPackage.")
    crs: str = Field(description="Its projected CRS in metres, e.g. EPSG:4546 (checked against the file).")
    code_field: str = Field("plot", description="Attribute holding the plot code as under `plots`.")


class TableSpec(_Strict):
    """A plan's approvals as columns of a GeoPackage layer (docs/plan.md): for tens of thousands of plots."""

    file: str = Field(description="GeoPackage path, relative to the rule file, e.g. plan-rules.gpkg.")
    layer: str = Field("plots", description="Layer holding one row per plot.")
    source: str = Field(description="The document every row's approval cites (listed under `sources`).")
    code_field: str = Field("plot", description="Column holding the plot code.")


class RuleBookSpec(_Strict):
    """A rule-book file: letters once under `sources`, approvals per plot under `plots`."""

    format: Literal[1] = 1
    geometry: GeometrySpec | None = Field(None, description="The plots' boundaries (a GeoPackage beside this file).")
    table: TableSpec | None = Field(None, description="A plan's approvals as columns of a GeoPackage layer.")
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    plots: dict[str, PlotSpec] = Field(default_factory=dict)


_BUILT_AT = version()
_extended: tuple[int, tuple[type, type]] | None = None


def models() -> tuple[type, type]:
    """(ApprovalSpec, RuleBookSpec) for the indicators registered now: the classes above, or —
    after ``indicators.register`` — subclasses whose ``limits`` list every indicator (rebuilt when
    the registry changes).  Rule files are validated, and the JSON Schema generated, with these."""
    global _extended
    v = version()
    if v == _BUILT_AT or set(INDICATORS) == set(LimitsSpec.model_fields):
        return ApprovalSpec, RuleBookSpec
    if _extended is not None and _extended[0] == v:
        return _extended[1]
    limits = _limits_model(INDICATORS.values())
    approval = create_model("ApprovalSpec", __base__=ApprovalSpec, __module__=__name__,
                            __doc__=ApprovalSpec.__doc__,
                            limits=(limits, Field(default_factory=limits)))
    plot = create_model("PlotSpec", __base__=PlotSpec, __module__=__name__, __doc__=PlotSpec.__doc__,
                        approvals=(list[approval], ...))
    book = create_model("RuleBookSpec", __base__=RuleBookSpec, __module__=__name__, __doc__=RuleBookSpec.__doc__,
                        plots=(dict[str, plot], Field(default_factory=dict)))
    _extended = (v, (approval, book))
    return _extended[1]
