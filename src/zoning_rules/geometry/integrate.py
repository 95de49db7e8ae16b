"""The checker's side of a site plan: compute, then hand ``evaluate`` a design of computed values.

``evaluate`` stays pure and unaware of geometry.  Each declared figure the plan also yields is
replaced by the computed one (the computed value decides) and, when the two disagree beyond the
policy's tolerance, reported as a ``warn`` naming both.  Ratios the design declares (far,
building_density, green_ratio) are left in place: the core already cross-checks them against the
computed areas.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from .. import fmt
from ..indicators import SIDE_ZH
from ..report import FAIL, PASS, WARN, Finding
from ..units import Amount
from .compute import SiteFigures, compute
from .policy import GeometryPolicy, geometry_policy

#: field → (kind, name zh, name en)
_CROSS = {
    "site_area": ("area", "用地面积", "site area"),
    "floor_area": ("area", "计容建筑面积", "counted floor area"),
    "footprint_area": ("area", "建筑基底面积", "building footprint"),
    "green_area": ("area", "绿地面积", "green area"),
    "height": ("length", "建筑高度", "building height"),
    "setback": ("length", "建筑退让道路红线距离", "setback from the road red line"),
}


def show(kind: str, v: Fraction) -> str:
    return fmt.area(v) if kind == "area" else f"{fmt.number(v, 2)} m"


def disagrees(declared: Amount, computed: Fraction, policy: GeometryPolicy) -> bool:
    tol = max(policy.declared_tolerance * abs(computed), declared.half_step or Fraction(0))
    return abs(declared.value - computed) > tol


def _tol_text(policy: GeometryPolicy) -> str:
    return fmt.number(policy.declared_tolerance * 100, 2).rstrip("0").rstrip(".") + "%"


def load_figures(loaded, policy: Any = None) -> SiteFigures:
    """The site plan of a loaded design, computed."""
    from . import load_site_plan

    gp = geometry_policy(policy)
    d = loaded.design
    plan = load_site_plan(loaded.site_plan_path, crs=d.crs,
                          storey_height=d.storey_height.value if d.storey_height is not None else None,
                          layers=d.dxf_layers, policy=gp)
    return compute(plan, gp)


def with_site_plan(loaded, res, policy: Any = None):
    """(design with computed values, extra findings, computed indicators) for ``checker.check``."""
    gp = geometry_policy(policy)
    figs = load_figures(loaded, gp)
    d = loaded.design
    findings: list[Finding] = []
    updates: dict[str, Any] = {}
    values = figs.indicators()
    setback_inf = res.limits.get("setback") if res is not None else None
    chosen = choose_setback(figs, setback_inf.limit if setback_inf is not None else None)
    for key, (kind, zh, en) in _CROSS.items():
        value = values.get(key)
        if value is None:
            continue  # the plan cannot give it (no road drawn): the declared figure, if any, stays
        declared = getattr(d, key)
        if declared is not None and disagrees(declared, value, gp):
            findings.append(_mismatch(key, zh, en, declared.written, show(kind, value), value, gp))
        use = chosen[0] if key == "setback" and chosen is not None else value
        updates[key] = Amount(value=use, written=show(kind, use) + "（总平面图计算）", kind=kind)
    if chosen is not None:
        large = chosen[1]
        if d.large_commercial is not None and d.large_commercial != figs.large_commercial:
            findings.append(_flag_mismatch(d.large_commercial, figs, gp))
        updates["large_commercial"] = large
    if figs.entrance_sides:
        sides = figs.sides
        if d.entrance_side is not None and set(d.entrance_side) != set(sides):
            decl = "、".join(SIDE_ZH[s] for s in d.entrance_side)
            comp = "、".join(SIDE_ZH[s] for s in sides)
            findings.append(Finding(
                indicator="declared", status=WARN, reason="declared_mismatch", actual=sides,
                fields=("entrance_side",),
                message_zh=f"申报出入口方位 {decl} 与总平面图的 {comp} 不符，以总平面图为准",
                message_en=f"declared entrance side {'/'.join(d.entrance_side)} disagrees with "
                           f"{'/'.join(sides)} on the site plan; the site plan decides"))
        updates["entrance_side"] = sides
    for b in figs.buildings:
        dh = b.building.declared_height
        if dh is not None and abs(dh - b.height) > gp.declared_tolerance * b.height:
            findings.append(Finding(
                indicator="declared", status=WARN, reason="declared_mismatch", actual=b.height,
                fields=("site_plan",),
                message_zh=f"{b.building.label}：标注高度 {fmt.number(dh, 2)} m 与按 GB 50352-2019 §4.5.2 "
                           f"计算的 {fmt.number(b.height, 2)} m（{b.height_basis}）不符，以计算值为准",
                message_en=f"{b.building.label}: labelled height {fmt.number(dh, 2)} m disagrees with "
                           f"{fmt.number(b.height, 2)} m computed per GB 50352-2019 §4.5.2 "
                           f"({b.height_basis}); the computed value decides"))
    findings.append(within_site(figs))
    computed = dict(values)
    large = [b.setback for b in figs.buildings if b.large_commercial and b.setback is not None]
    if large:
        computed["setback_large_commercial"] = min(large)
    return d.model_copy(update=updates), findings, computed


def choose_setback(figs: SiteFigures, limit) -> tuple[Fraction, bool] | None:
    """The (setback, large_commercial) pair that decides against the limit.

    Every building must keep the general minimum and a 大型商业建筑 the larger one; the core takes
    one setback and one flag, so hand it the building that breaks a rule if any does, else the
    nearest one.
    """
    pairs = [(b.setback, b.large_commercial) for b in figs.buildings if b.setback is not None]
    if not pairs:
        return None
    least = min(pairs, key=lambda p: (p[0], not p[1]))
    large = [s for s, flag in pairs if flag]
    if limit is not None:
        if limit.min is not None and least[0] < limit.min.value:
            return least
        big = limit.min_large_commercial
        if big is not None and large and min(large) < big.value:
            return min(large), True
    return least


def _mismatch(key, zh, en, written, shown, value, gp) -> Finding:
    return Finding(
        indicator="declared", status=WARN, reason="declared_mismatch", actual=value, fields=(key,),
        message_zh=f"申报{zh} {written} 与总平面图计算的 {shown} 不符（容差 {_tol_text(gp)}），以计算值为准",
        message_en=f"declared {en} {written} disagrees with {shown} computed from the site plan "
                   f"(tolerance {_tol_text(gp)}); the computed value decides")


def _flag_mismatch(declared: bool, figs: SiteFigures, gp: GeometryPolicy) -> Finding:
    most = max(figs.buildings, key=lambda b: b.commercial_floor_area)
    area = fmt.area(most.commercial_floor_area)
    limit = fmt.area(gp.large_commercial_area)
    yes_zh = "是" if declared else "不是"
    return Finding(
        indicator="declared", status=WARN, reason="declared_mismatch", actual=figs.large_commercial,
        fields=("large_commercial",),
        message_zh=f"设计申报{yes_zh}大型商业建筑，但总平面图中商业建筑面积最大的 {most.building.label} 为 "
                   f"{area}（阈值 {limit}），以计算为准",
        message_en=f"the design says it is {'' if declared else 'not '}a large commercial building, but "
                   f"the largest commercial floor area on the site plan ({most.building.label}) is {area} "
                   f"(threshold {limit}); the computation decides")


def within_site(figs: SiteFigures) -> Finding:
    out = [b for b in figs.buildings if b.outside_area > 0]
    if not out:
        return Finding(indicator="within_site", status=PASS, reason="within_site", fields=("site_plan",),
                       message_zh=f"{len(figs.buildings)} 栋建筑均在用地红线内",
                       message_en=f"all {len(figs.buildings)} buildings lie within the site boundary")
    parts_zh = "；".join(f"{b.building.label} 超出 {fmt.area(b.outside_area)}" for b in out)
    parts_en = "; ".join(f"{b.building.label} by {fmt.area(b.outside_area)}" for b in out)
    total = sum((b.outside_area for b in out), Fraction(0))
    return Finding(indicator="within_site", status=FAIL, reason="outside_site", actual=total,
                   fields=("site_plan",),
                   message_zh=f"建筑基底超出用地红线：{parts_zh}",
                   message_en=f"building footprints reach outside the site boundary: {parts_en}")
