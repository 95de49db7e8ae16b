"""From parsed rule files to one exact ``RuleBook``; layering and consistency checks live here."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterable

from pydantic import ValidationError

from .. import landuse as lu
from ..errors import InputError, RuleBookError, ValidationFailed
from ..indicators import INDICATORS, SIDES
from ..plotcodes import normalize
from ..sourcefile import SourceDoc, dotted
from ..units import parse
from .model import Approval, Limit, RuleBook, Source, Stated, normalize_document
from .schema import ApprovalSpec, LandUseSpec, LimitSpec, RuleBookSpec, StatedSpec


def validation_errors(exc: ValidationError, doc: SourceDoc, prefix: tuple = (),
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


def parse_spec(doc: SourceDoc) -> RuleBookSpec:
    if not isinstance(doc.data, dict):
        raise RuleBookError("a rule file must be a mapping with `sources` and `plots`", file=doc.name,
                            line=1)
    try:
        return RuleBookSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise ValidationFailed(validation_errors(exc, doc, cls=RuleBookError)) from None


def _limit(key: str, spec: LimitSpec, where: dict) -> Limit:
    ind = INDICATORS[key]
    field = where["field"]

    def amount(name: str, raw: Any):
        if raw is None:
            return None
        kind = "count" if ind.kind == "count" else ind.kind
        if kind not in ("number", "ratio", "length", "area", "count"):
            raise RuleBookError(f"`{name}` does not apply to {key}", field=f"{field}.{name}", **where["loc"])
        try:
            return parse(raw, kind, field=f"{field}.{name}")
        except InputError as exc:
            raise RuleBookError(exc.message, field=f"{field}.{name}", value=raw,
                                expected=exc.expected, **where["loc"]) from None

    lo, hi = amount("min", spec.min), amount("max", spec.max)
    equals = None
    land = None
    if spec.equals is not None:
        values = [spec.equals] if isinstance(spec.equals, str) else list(spec.equals)
        if key == "entrance_side":
            sides = []
            for v in values:
                side = SIDES.get(str(v).strip().lower())
                if side is None:
                    raise RuleBookError(f"{v!r} is not a side", field=f"{field}.equals", value=v,
                                        expected="north/south/east/west or 北/南/东/西", **where["loc"])
                sides.append(side)
            equals = tuple(sides)
        elif key == "land_use":
            if len(values) != 1:
                raise RuleBookError("one land use expected", field=f"{field}.equals", value=values,
                                    **where["loc"])
            land = lu.resolve(values[0])
            equals = (values[0],)
        else:
            raise RuleBookError(f"`equals` does not apply to {key}", field=f"{field}.equals", **where["loc"])
    large = None
    if spec.min_large_commercial is not None:
        if key != "setback":
            raise RuleBookError("`min_large_commercial` applies to setback only",
                                field=f"{field}.min_large_commercial", **where["loc"])
        large = amount("min_large_commercial", spec.min_large_commercial)
    if lo is not None and hi is not None and (lo.value > hi.value or (
            lo.value == hi.value and (spec.min_exclusive or spec.max_exclusive))):
        raise RuleBookError(f"min {lo.written} is above max {hi.written}: no value can comply",
                            field=field, **where["loc"])
    if lo is None and hi is None and equals is None and large is None and not spec.text:
        raise RuleBookError("a limit needs min, max, equals or text", field=field, **where["loc"])
    return Limit(indicator=key, min=lo, max=hi, min_exclusive=spec.min_exclusive,
                 max_exclusive=spec.max_exclusive, equals=equals, min_large_commercial=large,
                 text=spec.text, note=spec.note, land_use=land)


def _stated(raw: StatedSpec | Any, field: str, where: dict) -> Stated:
    spec = raw if isinstance(raw, StatedSpec) else StatedSpec(value=raw)
    try:
        amount = parse(spec.value, "area", field=field)
    except InputError as exc:
        raise RuleBookError(exc.message, field=field, value=spec.value, expected=exc.expected,
                            **where["loc"]) from None
    if amount.value == 0:
        raise RuleBookError("an area of zero", field=field, value=spec.value, **where["loc"])
    return Stated(amount=amount, approx=spec.approx, note=spec.note)


def _approval(plot: str, i: int, spec: ApprovalSpec, sources: dict[str, Source],
              doc: SourceDoc) -> Approval:
    path = ("plots", plot, "approvals", i)
    loc = {"file": doc.name, "line": doc.line_of(path)}
    source_id = normalize_document(spec.source)
    source = sources.get(source_id)
    if source is None:
        raise RuleBookError(f"source {spec.source!r} is not listed under `sources` in any rule file",
                            field=dotted(path + ("source",)), value=spec.source,
                            file=doc.name, line=doc.line_of(path + ("source",)))
    land = None
    if spec.land_use is not None:
        if isinstance(spec.land_use, LandUseSpec):
            land = lu.resolve(spec.land_use.name or spec.land_use.code, code=spec.land_use.code,
                              name=spec.land_use.name)
        else:
            land = lu.resolve(spec.land_use)
    limits = {}
    for key, lspec in spec.limits.items():
        lpath = path + ("limits", key)
        limits[key] = _limit(key, lspec, {"field": dotted(lpath),
                                          "loc": {"file": doc.name, "line": doc.line_of(lpath)}})
    if not spec.published and (limits or land):
        raise RuleBookError("an approval with `published: false` cannot also state limits or land use",
                            field=dotted(path), **loc)
    area = _stated(spec.area, dotted(path + ("area",)), loc) if spec.area is not None else None
    planned = {k: _stated(v, dotted(path + ("planned", k)), loc) for k, v in spec.planned.items()}
    return Approval(
        plot=plot, source=source, effective=spec.effective or source.date, clause=spec.clause,
        land_use=land, area=area, planned=MappingProxyType(planned),
        limits=MappingProxyType(limits), replaces=spec.replaces, published=spec.published,
        notes=tuple(spec.notes), quote=spec.quote, lines=tuple(spec.lines) if spec.lines else None,
        review=tuple(spec.review), origin=f"{doc.name}:{loc['line']}" if loc["line"] else doc.name,
    )


def build(docs: Iterable[SourceDoc]) -> RuleBook:
    """Layer rule files in order: later files add sources and approvals, never silently override."""
    sources: dict[str, Source] = {}
    source_origin: dict[str, str] = {}
    by_plot: dict[str, dict[tuple, Approval]] = {}
    names: dict[str, str] = {}
    files = []
    for doc in docs:
        files.append(doc.name)
        spec = parse_spec(doc)
        for raw_id, s in spec.sources.items():
            sid = normalize_document(raw_id)
            src = Source(id=sid, date=s.date, title=s.title, issuer=s.issuer, addressee=s.addressee,
                         request=s.request, plot_limits=s.plot_limits, notes=tuple(s.notes), url=s.url)
            if sid in sources and sources[sid] != src:
                raise RuleBookError(
                    f"document {sid} is given twice with different content (first in "
                    f"{source_origin[sid]})", file=doc.name, field=dotted(("sources", raw_id)),
                    line=doc.line_of(("sources", raw_id)))
            if sid not in sources:
                sources[sid] = src
                source_origin[sid] = doc.name
        for plot, pspec in spec.plots.items():
            key = normalize(plot)
            if not key:
                raise RuleBookError("empty plot code", file=doc.name, field="plots",
                                    line=doc.line_of(("plots",)))
            names.setdefault(key, plot)
            bucket = by_plot.setdefault(key, {})
            for i, aspec in enumerate(pspec.approvals):
                approval = _approval(plot, i, aspec, sources, doc)
                ident = approval.identity()
                if ident in bucket:
                    if bucket[ident].content() != approval.content():
                        raise RuleBookError(
                            f"{approval.source.id} clause {approval.clause or '?'} for plot {plot} is given "
                            f"twice with different content (first at {bucket[ident].origin})",
                            file=doc.name, field=dotted(("plots", plot, "approvals", i)),
                            line=doc.line_of(("plots", plot, "approvals", i)))
                    continue
                bucket[ident] = approval
    approvals = {
        k: tuple(sorted(v.values(), key=lambda a: a.order_key)) for k, v in by_plot.items()
    }
    return RuleBook(sources=MappingProxyType(sources), approvals=MappingProxyType(approvals),
                    names=MappingProxyType(names), files=tuple(files))
