"""From parsed rule files to one exact ``RuleBook``; layering and consistency checks live here."""
from __future__ import annotations

from types import MappingProxyType
from typing import Iterable

from pydantic import ValidationError

from .. import landuse as lu
from ..errors import InputError, RuleBookError, ValidationFailed
from ..plotcodes import normalize
from ..sourcefile import SourceDoc, dotted
from ..validation import validation_errors
from .model import Approval, BoundaryRef, Limit, RuleBook, Source, Stated, normalize_document
from .schema import ApprovalSpec, LandUseSpec, PlotSpec, RuleBookSpec, SourceSpec, StatedSpec, models


def _validate(model, data, doc: SourceDoc, prefix: tuple, errors: list):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors.extend(validation_errors(exc, doc, prefix, cls=RuleBookError))
        return None


def _parts(doc: SourceDoc, errors: list) -> tuple[dict, dict, RuleBookSpec | None]:
    """Sources and plots validated piece by piece, so one bad piece does not hide the others."""
    data = doc.data
    if not isinstance(data, dict):
        raise RuleBookError("a rule file must be a mapping with `sources` and `plots`", file=doc.name,
                            line=1)
    if "plot" in data and "sources" not in data and "plots" not in data:  # one line, not one per key
        raise RuleBookError("this is a design, not a rule file (it has `plot`, and neither `sources` nor "
                            "`plots`; 这是设计文件，不是规则文件)", file=doc.name, line=doc.line_of(("plot",)),
                            expected="a rule file (check a design with: zoning-rules check FILE)")
    top = {k: v for k, v in data.items() if k not in ("sources", "plots")}
    head = _validate(RuleBookSpec, top, doc, (), errors)
    sources, plots = {}, {}
    for section, model, out in (("sources", SourceSpec, sources), ("plots", PlotSpec, plots)):
        raw = data.get(section) or {}
        if not isinstance(raw, dict):
            errors.append(RuleBookError(f"`{section}` must be a mapping", file=doc.name, field=section,
                                        line=doc.line_of((section,))))
            continue
        for key, value in raw.items():
            if section == "plots" and isinstance(value, dict) and isinstance(value.get("approvals"), list):
                # each approval on its own, so that all of a plot's errors are reported at once
                approval_spec = models()[0]  # the limits of every registered indicator
                approvals = [_validate(approval_spec, a, doc, (section, key, "approvals", i), errors)
                             for i, a in enumerate(value["approvals"])]
                rest = _validate(PlotSpec, {**value, "approvals": []}, doc, (section, key), errors)
                if rest is not None:
                    out[str(key)] = [(i, a) for i, a in enumerate(approvals) if a is not None]
                continue
            spec = _validate(model, value, doc, (section, key), errors)
            if spec is not None:
                out[str(key)] = [(i, a) for i, a in enumerate(spec.approvals)] if section == "plots" else spec
    return sources, plots, head


def _limit(key: str, spec) -> Limit:
    if key == "land_use":
        return Limit(indicator=key, equals=(spec.equals,), land_use=lu.resolve(spec.equals), note=spec.note)
    if key == "entrance_side":
        return Limit(indicator=key, equals=spec.equals, note=spec.note)
    return Limit(indicator=key, min=spec.min, max=getattr(spec, "max", None), min_exclusive=spec.min_exclusive,
                 max_exclusive=spec.max_exclusive,
                 min_large_commercial=getattr(spec, "min_large_commercial", None),
                 text=spec.text, note=spec.note,
                 by_type=tuple((t, _limit(key, v)) for t, v in (getattr(spec, "by_type", None) or {}).items()))


def _stated(spec: StatedSpec) -> Stated:
    return Stated(amount=spec.value, approx=spec.approx, note=spec.note)


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
    limits = {key: _limit(key, lspec) for key in type(spec.limits).model_fields
              if (lspec := getattr(spec.limits, key)) is not None}
    if not spec.published and (limits or land):
        raise RuleBookError("an approval with `published: false` cannot also state limits or land use",
                            field=dotted(path), **loc)
    area = _stated(spec.area) if spec.area is not None else None
    planned = {k: _stated(v) for k, v in spec.planned.items()}
    return Approval(
        plot=plot, source=source, effective=spec.effective or source.date, clause=spec.clause,
        land_use=land, area=area, planned=MappingProxyType(planned),
        limits=MappingProxyType(limits), replaces=spec.replaces, published=spec.published,
        notes=tuple(spec.notes), quote=spec.quote, lines=tuple(spec.lines) if spec.lines else None,
        review=tuple(spec.review), origin=f"{doc.name}:{loc['line']}" if loc["line"] else doc.name,
        succeeded_by=tuple(spec.succeeded_by),
    )


def build(docs: Iterable[SourceDoc], base: RuleBook | None = None) -> RuleBook:
    """Layer rule files in order (on ``base`` if given): later files add, never silently override."""
    sources: dict[str, Source] = dict(base.sources) if base else {}
    origin = base.files[0] if base and base.files else "the base rule book"
    source_origin: dict[str, str] = {sid: origin for sid in sources}
    by_plot: dict[str, dict[tuple, Approval]] = {
        k: {a.identity(): a for a in v} for k, v in base.approvals.items()} if base else {}
    names: dict[str, str] = dict(base.names) if base else {}
    files = list(base.files) if base else []
    boundaries = list(base.boundaries) if base else []
    for doc in docs:
        files.append(doc.name)
        errors: list[InputError] = []
        source_specs, plot_specs, head = _parts(doc, errors)
        if head is not None and head.geometry is not None:
            boundaries.append(_boundary_ref(head.geometry, doc))
        for raw_id, s in source_specs.items():
            sid = normalize_document(raw_id)
            if not sid:
                errors.append(RuleBookError("empty document number", file=doc.name, field="sources",
                                            line=doc.line_of(("sources", raw_id))))
                continue
            src = Source(id=sid, date=s.date, title=s.title, issuer=s.issuer, addressee=s.addressee,
                         request=s.request, plot_limits=s.plot_limits, notes=tuple(s.notes), url=s.url,
                         kind=s.kind, review=tuple(s.review))
            if sid in sources and sources[sid] != src:
                errors.append(RuleBookError(
                    f"document {sid} is given twice with different content (first in "
                    f"{source_origin[sid]})", file=doc.name, field=dotted(("sources", raw_id)),
                    line=doc.line_of(("sources", raw_id))))
            if sid not in sources:
                sources[sid] = src
                source_origin[sid] = doc.name
        for plot, numbered in plot_specs.items():
            key = normalize(plot)
            if not key:
                errors.append(RuleBookError("empty plot code", file=doc.name, field="plots",
                                            line=doc.line_of(("plots",))))
                continue
            names.setdefault(key, plot)
            bucket = by_plot.setdefault(key, {})
            for i, aspec in numbered:
                try:
                    approval = _approval(plot, i, aspec, sources, doc)
                except InputError as exc:
                    errors.append(exc)
                    continue
                ident = approval.identity()
                # a clause-less approval (allowed in layered files) is the same letter as any clause of it
                twin = next((a for k, a in bucket.items() if k == ident or (
                    a.source.id == approval.source.id and (a.clause is None or approval.clause is None))), None)
                if twin is not None:
                    if twin.content() != approval.content():
                        errors.append(RuleBookError(
                            f"{approval.source.id} clause {approval.clause or '?'} for plot {plot} is given "
                            f"twice with different content (first at {twin.origin})",
                            file=doc.name, field=dotted(("plots", plot, "approvals", i)),
                            line=doc.line_of(("plots", plot, "approvals", i))))
                    continue
                bucket[ident] = approval
        if head is not None and head.table is not None:
            from ..plan.table import read_table  # a plan's approvals as columns (pyogrio, lazily)

            table_approvals, table_errors = read_table(head.table, doc, sources)
            errors.extend(table_errors)
            for approval in table_approvals:
                key = normalize(approval.plot)
                names.setdefault(key, approval.plot)
                bucket = by_plot.setdefault(key, {})
                twin = next((a for a in bucket.values() if a.source.id == approval.source.id), None)
                if twin is None:
                    bucket[approval.identity()] = approval
                elif twin.content() != approval.content():
                    errors.append(RuleBookError(
                        f"{approval.source.id} for plot {approval.plot} is given twice with different content "
                        f"(first at {twin.origin}, again at {approval.origin})", file=doc.name, field="table"))
        if errors:
            raise errors[0] if len(errors) == 1 else ValidationFailed(errors)
    approvals = {
        k: tuple(sorted(v.values(), key=lambda a: a.order_key)) for k, v in by_plot.items() if v
    }
    return RuleBook(sources=MappingProxyType(sources), approvals=MappingProxyType(approvals),
                    names=MappingProxyType({k: names[k] for k in approvals}), files=tuple(files),
                    boundaries=tuple(boundaries))


def _boundary_ref(spec, doc: SourceDoc) -> BoundaryRef:
    """The GeoPackage a rule file references, found relative to that file (read lazily, elsewhere)."""
    from pathlib import Path

    here = Path(doc.name).parent if not doc.name.startswith("<") else Path(".")
    target = Path(spec.file)
    return BoundaryRef(file=str(target if target.is_absolute() else here / target), layer=spec.layer,
                       crs=spec.crs, code_field=spec.code_field, origin=doc.name)
