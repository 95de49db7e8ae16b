"""The one immutable result model every reporter renders (text, JSON, HTML, JUnit, SARIF …).

Findings keep exact values (``Fraction``); rounding happens only when a reporter prints.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, Union

from .indicators import describe
from .rulebook.model import Approval, Limit, Resolution
from .status import STATUSES, Reason, Status

if TYPE_CHECKING:  # pragma: no cover
    from .landuse import LandUse

PASS, FAIL, INDETERMINATE, WARN, WAIVED = (Status.PASS, Status.FAIL, Status.INDETERMINATE, Status.WARN,
                                           Status.WAIVED)
__all__ = ["BatchReport", "FAIL", "Finding", "INDETERMINATE", "Margin", "PASS", "Reason", "Report", "STATUSES",
           "Status", "WAIVED", "WARN", "Waiver", "overall"]

#: What a finding's actual value can be: an exact number, entrance sides, a land use, or nothing.
Actual = Union[Fraction, tuple[str, ...], "LandUse", None]


@dataclass(frozen=True, slots=True)
class Waiver:
    """An approved exception to one indicator: the document that grants it is mandatory."""

    indicator: str
    document: str
    reason: str | None = None

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "document": self.document, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Margin:
    """How far a value is from its limit, in the quantity an officer acts on.

    ``excess`` > 0 means the limit is exceeded (too much, or too little for a minimum) by that
    much; ≤ 0 means there is room of ``-excess`` left.
    """

    quantity: str  # floor_area, footprint_area, green_area, far, building_density, height, …
    unit: str  # m2, m, 1 (plain), count
    allowed: Fraction
    actual: Fraction
    excess: Fraction
    bound: str  # "max" | "min"

    def to_json(self) -> dict:
        return {"quantity": self.quantity, "unit": self.unit, "bound": self.bound,
                "allowed": float(self.allowed), "actual": float(self.actual),
                "excess": float(self.excess)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One decision about one indicator of one design: its status, why, the figures, the source."""

    indicator: str
    status: Status
    reason: Reason
    message_zh: str
    message_en: str
    actual: Actual = None  # None when the design does not give it
    limit: Limit | None = None
    approval: Approval | None = None
    margin: Margin | None = None
    fields: tuple[str, ...] = ()  # the design fields that decided it (for SARIF lines)
    waiver: Waiver | None = None  # set when status is WAIVED

    @property
    def code(self) -> str:
        return describe(self.indicator).code

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def to_json(self) -> dict:
        out: dict[str, Any] = {
            "indicator": self.indicator, "code": self.code, "status": self.status,
            "reason": self.reason, "actual": _json_value(self.actual),
        }
        if isinstance(self.actual, Fraction):
            out["actual_exact"] = f"{self.actual.numerator}/{self.actual.denominator}"
        if self.limit is not None:
            out["limit"] = limit_json(self.limit)
        if self.approval is not None:
            out["source"] = self.approval.ref()
        if self.margin is not None:
            out["margin"] = self.margin.to_json()
        out["message"] = self.message_zh
        out["message_en"] = self.message_en
        if self.fields:
            out["fields"] = list(self.fields)
        if self.waiver is not None:
            out["waiver"] = self.waiver.to_json()
        return out


def _json_value(v: Any) -> Any:
    if isinstance(v, Fraction):
        return float(v)
    if isinstance(v, tuple):
        return list(v)
    if hasattr(v, "to_json"):
        return v.to_json()
    return v


def limit_json(limit: Limit) -> dict:
    out: dict[str, Any] = {}
    if limit.min is not None:
        out["min"] = float(limit.min.value)
        if limit.min_exclusive:
            out["min_exclusive"] = True
    if limit.max is not None:
        out["max"] = float(limit.max.value)
        if limit.max_exclusive:
            out["max_exclusive"] = True
    if limit.min_large_commercial is not None:
        out["min_large_commercial"] = float(limit.min_large_commercial.value)
    if limit.land_use is not None:
        out["equals"] = limit.land_use.to_json()
    elif limit.equals is not None:
        out["equals"] = limit.equals[0] if len(limit.equals) == 1 else list(limit.equals)
    if limit.text:
        out["text"] = limit.text
    if limit.note:
        out["note"] = limit.note
    return out


def overall(statuses) -> str:
    """fail beats indeterminate beats pass; a warning never decides, nor does a waived failure."""
    statuses = set(statuses)
    if FAIL in statuses:
        return FAIL
    if INDETERMINATE in statuses:
        return INDETERMINATE
    return PASS


@dataclass(frozen=True)
class Report:
    """The result of checking one design against the limits in force on one date."""

    design: str  # the design file, or its name
    plot: str
    as_of: dt.date
    plot_status: str
    findings: tuple[Finding, ...]
    resolution: Resolution | None = None
    computed: Mapping[str, Fraction] = field(default_factory=lambda: MappingProxyType({}))
    design_name: str | None = None
    path: str | None = None
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    #: indicator → where its value came from (``to_json()``: source, source_en, elements — the IfcGUIDs
    #: of a model's elements that decided it); empty for designs without a model.
    evidence: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: The site plan's computed figures the findings were decided on (``geometry.SiteFigures``),
    #: so that a figure drawn for the report shows exactly those; None without a site plan.
    site_figures: Any = field(default=None, compare=False, repr=False)
    #: The plot and its neighbours from the rule book's boundaries, with the limits in force on
    #: ``as_of`` (``plan.mapdraw.PlotMap``), for the map of the HTML/PDF report; None when the book
    #: has no boundary for the plot (attached by ``plan.mapdraw.with_plot_maps``).
    plot_map: Any = field(default=None, compare=False, repr=False)

    @property
    def status(self) -> str:
        return overall(f.status for f in self.findings)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for f in self.findings:
            out[f.status] = out.get(f.status, 0) + 1
        return out

    def to_json(self) -> dict:
        out = {
            "design": self.design, "name": self.design_name, "plot": self.plot,
            "as_of": self.as_of.isoformat(), "status": self.status,
            "plot_status": self.plot_status,
            "findings": [f.to_json() for f in self.findings],
            "computed": {k: float(v) for k, v in self.computed.items()},
        }
        if self.evidence:
            out["evidence"] = {k: v.to_json() for k, v in self.evidence.items()}
        return out


@dataclass(frozen=True)
class BatchReport:
    """The reports of one run (one per design), rendered together."""

    reports: tuple[Report, ...]

    @property
    def status(self) -> str:
        return overall(r.status for r in self.reports)

    def to_json(self) -> dict:
        counts = {s: 0 for s in (PASS, FAIL, INDETERMINATE)}
        for r in self.reports:
            counts[r.status] += 1
        return {"status": self.status, "summary": {"designs": len(self.reports), **counts},
                "reports": [r.to_json() for r in self.reports]}
