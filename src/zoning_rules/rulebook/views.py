"""JSON views of the rule book (limits in force, history, plot list), shared by CLI and API."""
from __future__ import annotations

from .. import fmt
from ..report import limit_json
from .model import Approval, Resolution, RuleBook, Stated


def _stated(s: Stated) -> dict:
    return {"value": float(s.amount.value), "written": s.amount.written, "approx": s.approx,
            **({"note": s.note} if s.note else {})}


def approval_json(a: Approval, *, in_force: bool | None = None) -> dict:
    out = {"source": a.ref(), "effective": a.effective.isoformat(), "clause": a.clause,
           "replaces": a.replaces, "published": a.published}
    if in_force is not None:
        out["in_force"] = in_force
    if a.land_use is not None:
        out["land_use"] = a.land_use.to_json()
    if a.area is not None:
        out["area"] = _stated(a.area)
    if a.planned:
        out["planned"] = {k: _stated(v) for k, v in a.planned.items()}
    out["limits"] = {k: {**limit_json(v), "text": fmt.limit_text(v, "zh")} for k, v in a.limits.items()}
    if a.notes:
        out["notes"] = list(a.notes)
    if a.quote:
        out["quote"] = a.quote
    if a.succeeded_by:
        out["succeeded_by"] = list(a.succeeded_by)
    if a.review:  # values nobody could read (an imported plan's 容积率 of NaN …): checks stay indeterminate
        out["review"] = list(a.review)
    return out


def resolution_json(res: Resolution) -> dict:
    in_force = set(map(id, res.in_force))
    out: dict = {"plot": res.plot, "as_of": res.as_of.isoformat(), "status": res.status}
    if res.land_use is not None:
        lu = res.land_use.limit.land_use
        out["land_use"] = {"code": lu.code, "code_2023": lu.code_2023, "name": lu.name,
                           "source": res.land_use.approval.ref()}
    else:
        out["land_use"] = None
    out["limits"] = {
        key: {**limit_json(inf.limit), "text": fmt.limit_text(inf.limit, "zh"),
              "text_en": fmt.limit_text(inf.limit, "en"), "source": inf.approval.ref()}
        for key, inf in res.limits.items()
    }
    if res.area is not None:
        out["area"] = {**_stated(res.area[0]), "source": res.area[1].ref()}
    if res.unpublished_by is not None:
        out["unpublished_by"] = res.unpublished_by.ref()
    if res.succeeded_by:
        out["succeeded_by"] = list(res.succeeded_by)
    out["history"] = [approval_json(a, in_force=id(a) in in_force) for a in res.history]
    return out


def plots_json(book: RuleBook, as_of) -> list[dict]:
    rows = []
    for code in book.plot_codes():
        res = book.resolve(code, as_of)
        latest = res.in_force[-1] if res.in_force else None
        rows.append({"plot": code, "status": res.status,
                     "land_use": res.land_use.limit.land_use.label if res.land_use else None,
                     "latest": latest.ref() if latest else None,
                     "limits": sorted(res.limits)})
    return rows
