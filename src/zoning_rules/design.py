"""A proposed design: the figures an application declares (or a site plan yields), exact.

Field names follow the 经济技术指标表 an applicant fills in.  Unknown fields are errors: a typo
such as ``hieght`` must not silently leave the height unchecked.

The format has one definition: the indicators' declared design fields (``indicators``) and the
fixed fields below (``LEADING``, ``TRAILING``), with the checks on their values (``plot_given``,
``crs_known``, ``one_waiver_per_indicator``, ``not_zero``, ``plot_or_site_plan``).  Two readers
are generated from it:

- the pydantic model ``Design`` (``designmodel``): its errors, JSON Schema and serialisation;
  built on first use, since pydantic's model machinery costs more than the rest of a one-design
  ``check`` (benchmarks/bench_cold_start.py);
- the fast reader (``designfast``), which ``check`` uses: it accepts what it can tell is valid
  and hands anything else — every error — to the model, so messages and exit codes are the
  model's (``tests/test_design_fast_reader_agrees_with_model.py`` shows the two agree).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, NamedTuple

from .errors import DesignError, InputError, ValidationFailed
from .indicators import BUILTIN, INDICATORS, DesignField, design_fields
from .sourcefile import SourceDoc, load

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path  # not imported on a check's path: ~4 ms

    from .designmodel import Design, WaiverSpec  # noqa: F401


class FixedField(NamedTuple):
    """A field every design has besides the indicators' own.

    ``kind``: a ``DesignField`` kind (``text``, ``length`` …), or ``layers`` (DXF layer names per
    role) or ``waivers`` (approved exceptions), which only the model reads.  ``check``: raises a
    ``ValueError`` for a value of the right type the format still refuses.
    """

    name: str
    kind: str
    description: str
    check: Callable[[Any], Any] | None = None


def plot_given(v: str | None):
    if v is not None and not str(v).strip():
        raise ValueError("the plot code is empty")
    return v


def site_plan_given(v: str | None):
    if v is not None and not str(v).strip():  # else read as the design's own directory
        raise ValueError("the site plan path is empty (leave site_plan out if there is none)")
    return v


def crs_known(v: str | None):
    if v is not None and not re.fullmatch(r"(?i)local|epsg:\d{4,6}", v.strip()):
        raise ValueError(f"{v!r} is not a coordinate system (expected an EPSG code such as "
                         f"EPSG:4546, or local)")
    return v


def one_waiver_per_indicator(v):
    seen = set()
    for w in v or ():
        if w.indicator in seen:
            raise ValueError(f"two waivers for {w.indicator}; list one per indicator")
        seen.add(w.indicator)
    return v


def not_zero(decl: DesignField) -> Callable[[Any], Any]:
    """The check of a field a ratio divides by: zero leaves every ratio undefined."""
    def check(v):
        if v is not None and v.value == 0:
            raise ValueError(f"{v.written!r}: a {decl.en} of zero leaves every ratio undefined")
        return v

    return check


def plot_or_site_plan(plot: str | None, site_plan: str | None) -> None:
    if plot is None and site_plan is None:
        raise ValueError("plot is required (it may be left out only with a site_plan, when the rule book "
                         "holds plot boundaries)")


#: Fixed fields before the indicators' (in the model's order).
LEADING: tuple[FixedField, ...] = (
    FixedField("plot", "text", "Plot code as in the rule book, e.g. BZ-13-10 or 货源街南地块; may be left out "
                               "with a site_plan when the rule book holds plot boundaries (the plot is then "
                               "found from the site).", plot_given),
    FixedField("name", "text", "Name of the scheme, for reports."),
)
#: Fixed fields after the built-in indicators' (fields of indicators registered at run time follow).
TRAILING: tuple[FixedField, ...] = (
    FixedField("site_plan", "text",
               "总平面图: a GeoJSON or DXF file, or an IFC model (relative to the design file) to compute the "
               "indicators from; computed values decide, declared ones are cross-checked.", site_plan_given),
    FixedField("crs", "text",
               "Coordinates of the site plan: an EPSG code (EPSG:4546, EPSG:4525 …) or 'local' for a drawing "
               "in metres; default lon/lat (GeoJSON) or local (DXF).", crs_known),
    FixedField("storey_height", "length", "层高 of buildings the site plan gives none for"),
    FixedField("dxf_layers", "layers", "DXF layer names per role (site, building, green, road, entrance …), "
                                       "replacing the defaults (用地红线/ZR-SITE …)."),
    FixedField("waivers", "waivers",
               "Approved exceptions: a failing finding of that indicator is reported as waived.",
               one_waiver_per_indicator),
)
DOC = ("The figures of one scheme; every one optional but the plot, which a site plan can stand in for "
       "(missing → indeterminate).")


def denominators(indicators=None) -> dict[str, DesignField]:
    """The fields a ratio divides by (of ``indicators``; default, those registered now)."""
    inds = INDICATORS.values() if indicators is None else indicators
    return {i.ratio.denominator.name: i.ratio.denominator for i in inds if i.ratio is not None}


def builtin_fields() -> tuple[DesignField, ...]:
    """The built-in indicators' design fields: those of ``Design`` itself."""
    return design_fields(BUILTIN)


def layout() -> tuple[FixedField | DesignField, ...]:
    """Every field of the format now, in the model's order: the leading fixed fields, the built-in
    indicators' fields, the trailing fixed fields, then those of indicators registered since."""
    builtin = builtin_fields()
    names = {f.name for f in builtin}
    return (*LEADING, *builtin, *TRAILING, *(f for f in design_fields() if f.name not in names))


def design_model() -> type:
    """The design model for the indicators registered now: ``Design`` itself, or — when an
    indicator declares fields ``Design`` lacks — a subclass with them (rebuilt when the registry
    changes; instances are still ``Design``s).  Readers validate with this one."""
    from .designmodel import design_model as model

    return model()


def __getattr__(name: str) -> Any:
    """``Design`` and ``WaiverSpec`` are pydantic models, built on first use (``designmodel``)."""
    if name in ("Design", "WaiverSpec"):
        from . import designmodel

        value = getattr(designmodel, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class LoadedDesign:
    """A design and where it came from (for line numbers in reports).

    ``design``: a ``Design``, or the fast reader's ``DesignValues`` (same fields, same values).
    """

    design: Any
    path: str | None = None
    doc: SourceDoc | None = None

    def line_of(self, field: str) -> int | None:
        return self.doc.line_of((field,)) if self.doc else None

    @property
    def site_plan_path(self) -> Path | None:
        """The site plan, relative to the design file (to the working directory without one)."""
        from pathlib import Path

        if self.design.site_plan is None:
            return None
        plan = Path(self.design.site_plan)
        if plan.is_absolute() or self.path is None or self.path.startswith("<"):
            return plan
        return Path(self.path).parent / plan


def _from_doc(doc: SourceDoc, fast: bool = False) -> LoadedDesign:
    if not isinstance(doc.data, dict):
        table = doc.name.lower().endswith((".csv", ".tsv", ".parquet", ".pq"))
        raise DesignError("a design must be a mapping of fields (plot, site_area, …)", file=doc.name, line=1,
                          expected="a table of designs checked with --table FILE" if table else None)
    if ("sources" in doc.data or "plots" in doc.data) and "plot" not in doc.data:  # one line, not one per key
        raise DesignError("this is a rule file, not a design (it has `sources`/`plots`; 这是规则文件，不是设计文件)",
                          file=doc.name, line=1, expected="a design; a rule file is given with --rules FILE")
    if fast:
        from .designfast import read

        design = read(doc.data)
        if design is not None:
            return LoadedDesign(design=design, path=doc.name, doc=doc)
    from pydantic import ValidationError

    from .validation import validation_errors

    if str(doc.data.get("site_plan", "")).lower().endswith(".ifc") and "plot" not in doc.data:
        from pathlib import Path

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


def _is_path(source: Any) -> bool:
    """Whether ``source`` is a ``pathlib`` path (none exists before pathlib is imported)."""
    import sys

    pathlib = sys.modules.get("pathlib")
    return pathlib is not None and isinstance(source, pathlib.PurePath)


def _is_design(source: Any) -> bool:
    """Whether ``source`` is a ``Design`` (none exists before the model is built)."""
    import sys

    from .designfast import DesignValues

    model = sys.modules.get(f"{__package__}.designmodel")
    return isinstance(source, DesignValues) or (model is not None and isinstance(source, model.Design))


def load_design(source: "Design | Mapping | str | Path | LoadedDesign", *, fast: bool = False) -> LoadedDesign:
    """A design from a ``Design``, a mapping (Python or parsed JSON) or a YAML/JSON file path.

    ``fast``: read with the fast reader where it can tell the design is valid (``check`` does), so
    that ``design`` may be a ``DesignValues`` rather than a ``Design``; errors are the model's.
    """
    if isinstance(source, LoadedDesign):
        return source
    if _is_design(source):
        return LoadedDesign(design=source)
    if isinstance(source, Mapping):
        return _from_doc(SourceDoc(data=dict(source), name="<design>"), fast)
    if isinstance(source, str) or _is_path(source):
        if os.path.splitext(os.fspath(source))[1].lower() == ".ifc":  # a BIM model checked directly (zoning_rules.ifc)
            from .ifc import load_model_design

            return load_model_design(source)
        return _from_doc(load(source), fast)
    raise InputError(f"cannot read a design from {type(source).__name__}",
                     expected="a Design, a mapping or a path")
