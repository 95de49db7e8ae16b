"""The rule-book file format as pydantic models: validation with paths, and the published JSON Schema.

These models describe the file as officers write it (quantities as text such as ``30%`` or
``71 亩``); ``build.py`` turns them into the exact runtime model.  Keep them permissive where
documents are (a land use may be a code, a name or both) and strict where a typo would silently
change a decision (unknown keys are errors).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field

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
    notes: list[str] = Field(default_factory=list)
    url: str | None = None


class LimitSpec(_Strict):
    """A bound on one indicator.  Quantities are written as in the letter: ``2.4``, ``30%``, ``50 m``."""

    min: Scalar | None = None
    max: Scalar | None = None
    min_exclusive: bool = Field(False, description="true for '>' instead of '≥'.")
    max_exclusive: bool = Field(False, description="true for '<' instead of '≤'.")
    equals: Union[str, list[str], None] = Field(
        None, description="entrance_side: north/south/east/west or 北/南/东/西; land_use: a code or name.")
    min_large_commercial: Scalar | None = Field(
        None, description="setback: the larger minimum for 大型商业建筑.")
    text: str | None = Field(None, description="A limit stated without a number (e.g. 满足机场限高).")
    note: str | None = None


class LandUseSpec(_Strict):
    code: str | None = None
    name: str | None = None


class StatedSpec(_Strict):
    """An area or floor area as stated in a letter; ``approx`` when written with 约 or only in a title."""

    value: Scalar
    approx: bool = False
    note: str | None = None


class ApprovalSpec(_Strict):
    source: str = Field(description="Document number of a letter under `sources`, e.g. 吕政函〔2021〕2号.")
    clause: str | None = Field(None, description="Clause of the letter, e.g. 二 or 三（一）.")
    land_use: Union[str, LandUseSpec, None] = None
    area: Union[StatedSpec, Scalar, None] = None
    planned: dict[str, Union[StatedSpec, Scalar]] = Field(default_factory=dict)
    limits: dict[
        Literal["far", "building_density", "green_ratio", "height", "parking_spaces",
                "entrance_side", "setback", "land_use"],
        LimitSpec,
    ] = Field(default_factory=dict)
    replaces: Literal["all", "amends"] = Field(
        "all", description="all: earlier limits of the plot fall away; amends: only the indicators stated change.")
    published: bool = Field(True, description="false: adjusted, but the values are not in the letter.")
    effective: dt.date | None = Field(None, description="Only when it differs from the source's date.")
    notes: list[str] = Field(default_factory=list)
    quote: str | None = Field(None, description="The clause text the values come from.")
    lines: list[int] | None = Field(None, description="Line span in the letter text (written by the extractor).")
    review: list[str] = Field(default_factory=list, description="What the extractor could not decide.")


class PlotSpec(_Strict):
    name: str | None = None
    approvals: list[ApprovalSpec]


class RuleBookSpec(_Strict):
    """A rule-book file: letters once under `sources`, approvals per plot under `plots`."""

    format: Literal[1] = 1
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    plots: dict[str, PlotSpec] = Field(default_factory=dict)
