"""What a model declares about itself, against what its geometry gives; and where each figure came from.

The geometry decides (as for every site plan); a declared figure (a 报建 property or a standard
quantity) that disagrees beyond the policy's tolerance is a warning naming both values, the
property it was read from and the element's GUID.  A declared figure with no computed counterpart
(可建设用地面积) is listed in the evidence as not checked, never dropped.
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

from .. import fmt
from ..report import INDETERMINATE, WARN, Finding
from ..status import Reason
from .reader import Evidence, ModelPlan

#: declared key → (kind, zh, en)
_NAMES = {
    "site_area": ("area", "用地面积", "site area"),
    "far": ("far", "容积率", "FAR"),
    "building_density": ("ratio", "建筑密度", "building density"),
    "green_ratio": ("ratio", "绿地率", "green ratio"),
    "height": ("length", "建筑高度", "building height"),
    "gross_area": ("area", "建筑面积（含地下）", "gross floor area (with basements)"),
    "footprint_area": ("area", "建筑占地面积", "building footprint"),
    "storeys_above": ("count", "地上建筑层数", "storeys above ground"),
    "storeys_below": ("count", "地下建筑层数", "storeys below ground"),
    "ground_step": ("length", "室内外高差", "step from outdoor ground to ±0.000"),
    "elevation": ("length", "楼层底标高", "storey elevation"),
    "storey_height": ("length", "建筑层高", "storey height"),
    "floor_area": ("area", "楼层面积", "storey floor area"),
}


#: ``compute.building_height``'s basis, as a Chinese report says it.
_BASIS_ZH = {"parapet top": "女儿墙顶", "mean of eave and ridge": "檐口与屋脊的平均高度", "eave": "屋面檐口",
             "roof": "屋面", "rooftop structures": "屋顶构筑物（超过屋面面积的规定比例）"}


def _basis_zh(basis: str) -> str:
    return next((zh for en, zh in _BASIS_ZH.items() if basis.startswith(en)), basis)


def _show(kind: str, v: Fraction) -> str:
    if kind == "area":
        return fmt.area(v)
    if kind == "length":
        return f"{fmt.number(v, 3)} m"
    if kind == "ratio":
        return fmt.value("green_ratio", v)
    if kind == "count":
        return str(v)
    return fmt.number(v, 3)


def adjust(plan: ModelPlan, figs):
    """A site without a body: its area is the quantity set's (the drawn hull only keeps green unclipped)."""
    if plan.declared_site_area is None:
        return figs
    bands = dict(figs.bands)
    bands["site_area"] = Fraction(0)
    return replace(figs, site_area=plan.declared_site_area, bands=bands)


def _computed(plan: ModelPlan, figs) -> dict[tuple[str, str], tuple[Fraction, str, str]]:
    """(key, guid) → (computed value, how zh, how en) for every declared figure that has one."""
    out: dict[tuple[str, str], tuple[Fraction, str, str]] = {}
    site = plan.site_guid
    if plan.declared_site_area is None:
        out[("site_area", site)] = (figs.site_area, "IfcSite 平面投影", "IfcSite plan projection")
    else:
        out[("site_area", site)] = (figs.site_area, plan.site_area_source, plan.site_area_source)
    out[("far", site)] = (figs.far, "计容建筑面积 ÷ 用地面积", "counted floor area / site area")
    out[("building_density", site)] = (figs.building_density, "基底面积 ÷ 用地面积", "footprint / site area")
    if figs.green_ratio is not None:
        out[("green_ratio", site)] = (figs.green_ratio, "绿地面积 ÷ 用地面积", "green area / site area")
    for bf, fact in zip(figs.buildings, plan.facts):
        g = fact.guid
        out[("height", g)] = (bf.height, _basis_zh(bf.height_basis), bf.height_basis)
        out[("gross_area", g)] = (bf.gross_floor_area + fact.basement_area, "各层平面投影之和",
                                  "sum of the storeys' plan projections")
        out[("footprint_area", g)] = (bf.footprint_area, "构件平面投影", "plan projection of its elements")
        out[("storeys_above", g)] = (Fraction(len(bf.building.levels)), "IfcBuildingStorey", "IfcBuildingStorey")
        out[("storeys_below", g)] = (Fraction(fact.basements), "IfcBuildingStorey", "IfcBuildingStorey")
        if plan.ground_source == "site":
            out[("ground_step", g)] = (fact.ground_floor - plan.ground, "首层标高 − 室外地坪（IfcSite 顶面）",
                                       "ground floor − outdoor ground (IfcSite top)")
        for guid, z, h, a in fact.storeys:
            out[("elevation", guid)] = (z - fact.ground_floor, "楼层标高（相对首层 ±0.000）",
                                        "storey elevation (from the ground floor's ±0.000)")
            out[("storey_height", guid)] = (h, "相邻楼层标高之差", "difference of consecutive elevations")
            out[("floor_area", guid)] = (a, "本层构件平面投影", "plan projection of the storey's elements")
    return out


def review(plan: ModelPlan, figs, policy, findings: list[Finding]) -> list[Finding]:
    from ..site_plan import disagrees

    out = list(findings)
    if plan.declared_site_area is not None:
        out = [f for f in out if f.indicator != "within_site"]
        out.append(Finding(
            indicator="within_site", status=INDETERMINATE, reason=Reason.NO_SITE_BOUNDARY, fields=("site_plan",),
            message_zh=f"模型的 IfcSite {plan.site_guid} 无几何，用地面积取 {plan.site_area_source} "
                       f"{fmt.area(plan.declared_site_area)}；建筑是否在用地红线内无法判断",
            message_en=f"the model's IfcSite {plan.site_guid} has no geometry: the site area is "
                       f"{plan.site_area_source} {fmt.area(plan.declared_site_area)}, and whether the buildings "
                       f"stay within the site boundary cannot be told"))
    if plan.ground_source != "site":
        out.append(Finding(
            indicator="declared", status=WARN, reason=Reason.GROUND_NOT_IN_MODEL, fields=("site_plan",),
            message_zh="模型未表达室外地坪（IfcSite 无几何），建筑高度自项目 ±0.000 起算；室外地坪更低时高度偏小",
            message_en="the model does not show the outdoor ground (the IfcSite has no geometry): heights are "
                       "measured from the project's ±0.000, too low if the ground is lower"))
    applied = {g for f in plan.facts for r in f.parts if r.kind == "zone" for g in r.guids}
    idle = [z for z in plan.zones if z.guid not in applied]
    if idle:
        names = "、".join(f"{z.name}（{z.guid}，{z.where} = {z.written}）" for z in idle)
        names_en = "; ".join(f"{z.name} ({z.guid}, {z.where} = {z.written})" for z in idle)
        out.append(Finding(
            indicator="declared", status=WARN, reason=Reason.NOT_ON_SITE_PLAN, fields=("site_plan",),
            message_zh=f"模型中 {len(idle)} 个计容分区未覆盖任何地上楼层面积，其计容系数未被采用：{names}",
            message_en=f"{len(idle)} zones of the model cover no floor area above ground, so their factor was "
                       f"not applied: {names_en}"))
    computed = _computed(plan, figs)
    for d in plan.declared:
        key = (d.key, d.guid)
        if key not in computed:
            continue
        value, how_zh, how_en = computed[key]
        kind, zh, en = _NAMES[d.key]
        if kind == "count":
            differs = d.amount.value != value
        else:
            differs = disagrees(d.amount, value, policy)
        if not differs:
            continue
        shown = _show(kind, value)
        out.append(Finding(
            indicator="declared", status=WARN, reason=Reason.DECLARED_MISMATCH, actual=value, fields=("site_plan",),
            message_zh=f"模型申报 {d.where} = {d.amount.written}（{d.element}，{d.guid}）与模型几何计算的{zh} "
                       f"{shown}（{how_zh}）不符，以计算值为准",
            message_en=f"the model declares {d.where} = {d.amount.written} ({d.element}, {d.guid}), but its "
                       f"geometry gives the {en} as {shown} ({how_en}); the computed value decides"))
    return out


_SIDE = {"inside": ("主体结构内，计全面积", "inside the main structure, full area"),
         "outside": ("主体结构外，计 1/2", "outside the main structure, half"),
         "unknown": ("未标明凹/凸，计 1/2，另 1/2 计入精度", "not marked inside or outside, half counted and "
                     "the other half in the precision")}


def _parts_text(parts) -> tuple[str, str]:
    """The zones and balconies of the floors, as the evidence lists them."""
    zh, en = [], []
    for r in parts:
        area = fmt.area(r.area)
        if r.kind == "zone":
            zh.append(f"{r.storey_name} {r.name}（{r.note}）覆盖 {area}")
            en.append(f"{r.storey_name} {r.name} ({r.note}) over {area}")
        else:
            side = r.note.split(",")[0]
            more = r.note[len(side):]
            zh.append(f"{r.storey_name} {r.name} {area}（{_SIDE[side][0]}{more}，GB/T 50353-2013 3.0.21）")
            en.append(f"{r.storey_name} {r.name} {area} ({_SIDE[side][1]}{more}, GB/T 50353-2013 3.0.21)")
    return "计容分区与阳台：" + "；".join(zh), "zones and balconies: " + "; ".join(en)


def evidence(plan: ModelPlan, figs) -> dict[str, Evidence]:
    """Indicator → how it was computed from the model and the GUIDs of the elements that decided it."""
    from pathlib import Path

    name = Path(plan.source).name
    ev: dict[str, Evidence] = {"model": Evidence(
        f"{name}（{plan.schema}，长度单位 {plan.unit}，属性集映射 {plan.mapping_source}）",
        f"{name} ({plan.schema}, length unit {plan.unit}, property-set mapping {plan.mapping_source})",
        (plan.project_guid,))}
    buildings = tuple(f.guid for f in plan.facts)
    if plan.declared_site_area is None:
        ev["site_area"] = Evidence("模型几何：IfcSite 实体的平面投影", "model geometry: plan projection of the "
                                   "IfcSite body", (plan.site_guid,))
    else:
        ev["site_area"] = Evidence(f"模型数量集：{plan.site_area_source}（IfcSite 无几何）",
                                   f"model quantity set: {plan.site_area_source} (the IfcSite has no geometry)",
                                   (plan.site_guid,))
    fp = Evidence(f"模型几何：{len(buildings)} 栋建筑构件平面投影之并", f"model geometry: union of the plan "
                  f"projections of {len(buildings)} buildings' elements", buildings)
    ev["footprint_area"] = ev["building_density"] = fp
    storeys = tuple(s[0] for f in plan.facts for s in f.storeys)
    fa = Evidence("模型几何：各地上楼层构件平面投影，层高取相邻 IfcBuildingStorey 标高之差（< 2.2 m 计一半）",
                  "model geometry: plan projection of each storey above ground, storey heights from "
                  "consecutive IfcBuildingStorey elevations (under 2.2 m counts half)", buildings + storeys)
    parts = [r for f in plan.facts for r in f.parts]
    if parts:
        zh, en = _parts_text(parts)
        fa = Evidence(f"{fa.source_zh}；{zh}", f"{fa.source_en}; {en}",
                      fa.elements + tuple(dict.fromkeys(g for r in parts for g in r.guids)))
    ev["floor_area"] = ev["far"] = fa
    if plan.parking is not None:
        pk = plan.parking
        extra_zh = (f"，其中 {pk.stacked} 个按停车位数量属性计" if pk.stacked else "") + \
            (f"；{len(pk.left_out)} 个非机动车位未计" if pk.left_out else "")
        extra_en = (f", {pk.stacked} of them by their count property" if pk.stacked else "") + \
            (f"; {len(pk.left_out)} non-motor-vehicle spaces left out" if pk.left_out else "")
        ev["parking_spaces"] = Evidence(
            f"模型计数：{len(pk.spaces)} 个停车位 IfcSpace（停车位信息属性集 / PARKING）共 {pk.count} 个泊位{extra_zh}",
            f"model count: {len(pk.spaces)} parking IfcSpace (停车位信息属性集 / PARKING), {pk.count} spaces in "
            f"all{extra_en}", pk.spaces + pk.left_out)
    tallest_i = max(range(len(figs.buildings)), key=lambda i: figs.buildings[i].height)
    tb, fact = figs.buildings[tallest_i], plan.facts[tallest_i]
    decider = fact.rooftop_element if "rooftop" in tb.height_basis else fact.height_element
    ground = ("室外地坪取 IfcSite 顶面最低点" if plan.ground_source == "site" else "自项目 ±0.000 起算")
    ground_en = ("outdoor ground: lowest point of the IfcSite's top" if plan.ground_source == "site"
                 else "from the project's ±0.000")
    basis_zh = _basis_zh(tb.height_basis)
    ev["height"] = Evidence(f"模型几何：{fact.name}（{basis_zh}，GB 50352-2019 §4.5.2），{ground} "
                            f"{fmt.number(plan.ground, 3)} m",
                            f"model geometry: {fact.name} ({tb.height_basis}, GB 50352-2019 §4.5.2), {ground_en} "
                            f"{fmt.number(plan.ground, 3)} m",
                            tuple(g for g in (fact.guid, decider) if g))
    if plan.greens:
        gr = Evidence("模型几何：标记为绿地的构件平面投影（扣除墙边带，GB 50180-2018 A.0.2）",
                      "model geometry: plan projection of elements marked as green (less the wall strips, "
                      "GB 50180-2018 A.0.2)", plan.green_guids)
        ev["green_area"] = ev["green_ratio"] = gr
    outside = tuple(f.guid for f, b in zip(plan.facts, figs.buildings) if b.outside_area > 0)
    ev["within_site"] = Evidence("模型几何：建筑平面投影与 IfcSite 边界", "model geometry: building plans against "
                                 "the IfcSite boundary", (outside or buildings) + (plan.site_guid,))
    least = figs.least_setback
    if least is not None:
        i = figs.buildings.index(least)
        ev["setback"] = Evidence("模型几何：建筑平面投影到道路红线构件的最短距离", "model geometry: least distance "
                                 "from a building's plan to a road red line element",
                                 (plan.facts[i].guid,) + tuple(r.ref for r in plan.roads))
    unchecked = [d for d in plan.declared if (d.key, d.guid) not in _computed(plan, figs)]
    if unchecked:
        ev["declared_unchecked"] = Evidence(
            "模型申报但无几何对应值、未核对：" + "；".join(f"{d.where} = {d.amount.written}" for d in unchecked),
            "declared by the model with no computed counterpart, not checked: " +
            "; ".join(f"{d.where} = {d.amount.written}" for d in unchecked),
            tuple(dict.fromkeys(d.guid for d in unchecked)))
    return ev
