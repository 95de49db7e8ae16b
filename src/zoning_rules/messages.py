"""The words of every finding, zh and en, one template per reason (and variant): the only place.

Deciding and wording are apart: ``checker`` decides an outcome (status, reason, actual, bound,
margin) and asks ``render`` for its sentences, handing over the facts already shown as text
(``fmt``).  A fact that reads differently per language is a ``Both(zh, en)``; a plain string
reads the same in both.  A template that names a fact nobody gave is a bug, raised as KeyError.
"""
from __future__ import annotations

from typing import NamedTuple

from .status import Reason


class Both(NamedTuple):
    """One fact in both languages."""

    zh: str
    en: str


R = Reason
#: (reason, variant) → (zh template, en template)
TEMPLATES: dict[tuple[Reason, str], tuple[str, str]] = {
    (R.DECLARED_MISMATCH, "ratio"): (
        "申报{name} {declared} 与按{basis}计算的 {computed} 不符（{num} {num_value} ÷ {den} {den_value}{per}），"
        "以计算值为准",
        "declared {name} {declared} disagrees with {computed} computed from the {basis} ({num} {num_value} / "
        "{den} {den_value}{per}); the computed value decides"),
    (R.VALUE_MISSING, ""): (
        "设计未给出{name}（需要 {need}），无法核对 {limit}",
        "the design does not give the {name} (needs {need}); cannot check {limit}"),
    (R.LIMIT_WITHOUT_NUMBER, ""): (
        "{name}限值未给出数值（“{text}”），需人工核定",
        "the {name} limit has no number (“{text}”); an officer must judge it"),
    (R.DECLARED_ROUNDED_AT_LIMIT, ""): (
        "申报{name} {declared} 为修约值（代表 {span}），跨越 {limit}，按全数值比较法无法判定；请给出{num}和{den}",
        "the declared {name} {declared} is rounded (it stands for {span}), which reaches across {limit}; the "
        "unrounded value decides — give the {num} and the {den}"),
    (R.WITHIN_GEOMETRIC_PRECISION, ""): (
        "{name} {shown}（由总平面图计算，精度 ±{band}）与 {limit} 之差在图形精度以内，无法判定，请核对图纸标注尺寸",
        "{name} {shown} (computed from the site plan, precision ±{band}) is within that precision of {limit}; "
        "the drawing cannot decide it — check the dimensioned drawing"),
    # a ratio's verdict, stated in its numerator (m² of floor area …)
    (R.EXCEEDS_MAX, "ratio"): (
        "{name} {shown} 不符合 {limit}：{num} {actual}，最大允许 {allowed}（{basis}），超出 {excess}",
        "{name} {shown} breaks {limit}: {num} {actual} exceeds the largest allowed {allowed} ({basis}) by {excess}"),
    (R.BELOW_MIN, "ratio"): (
        "{name} {shown} 不符合 {limit}：{num} {actual}，最小要求 {allowed}（{basis}），不足 {excess}",
        "{name} {shown} breaks {limit}: {num} {actual} falls short of the least required {allowed} ({basis}) "
        "by {excess}"),
    (R.WITHIN_LIMIT, "ratio max"): (
        "{name} {shown} 符合 {limit}：{num} {actual}，最大允许 {allowed}，尚可增加 {room}",
        "{name} {shown} meets {limit}: {num} {actual}, largest allowed {allowed}, room for {room} more"),
    (R.WITHIN_LIMIT, "ratio min"): (
        "{name} {shown} 符合 {limit}：{num} {actual}，最小要求 {allowed}，高出最小要求 {room}",
        "{name} {shown} meets {limit}: {num} {actual}, least required {allowed}, above the minimum by {room}"),
    (R.EXCEEDS_MAX, ""): ("{name} {shown} 不符合 {limit}，超出 {diff}", "{name} {shown} breaks {limit} by {diff}"),
    (R.BELOW_MIN, ""): ("{name} {shown} 不符合 {limit}，不足 {diff}", "{name} {shown} breaks {limit} by {diff}"),
    (R.WITHIN_LIMIT, ""): ("{name} {shown} 符合 {limit}，余量 {diff}", "{name} {shown} meets {limit}, margin {diff}"),
    # 退让红线
    (R.BELOW_MIN, "setback"): (
        "建筑退让道路红线 {shown} 不符合 {limit}，不足 {diff} m",
        "setback {shown} breaks {limit}, short by {diff} m"),
    (R.WITHIN_LIMIT, "setback"): (
        "建筑退让道路红线 {shown} 符合 {limit}", "setback {shown} meets {limit}"),
    (R.WITHIN_LIMIT, "setback not large commercial"): (
        "建筑退让道路红线 {shown} 符合 {limit}（非大型商业建筑）",
        "setback {shown} meets {limit} (not a large commercial building)"),
    (R.LARGE_COMMERCIAL_UNKNOWN, ""): (
        "建筑退让道路红线 {shown} {general}小于大型商业建筑的 {large} m；设计未说明是否为大型商业建筑（large_commercial）",
        "setback {shown} {general}is less than the {large} m for large commercial buildings; the design does "
        "not say whether it is one (large_commercial)"),
    (R.BELOW_MIN_LARGE_COMMERCIAL, ""): (
        "大型商业建筑退让道路红线 {shown} 不符合 {limit}，不足 {diff} m",
        "large commercial building setback {shown} breaks {limit}, short by {diff} m"),
    # 出入口
    (R.WRONG_SIDE, ""): ("出入口位于用地{shown}，不符合 {limit}", "entrance on the {sides} side breaks {limit}"),
    (R.WITHIN_LIMIT, "sides"): ("出入口位于用地{shown}，符合 {limit}", "entrance on the {sides} side meets {limit}"),
    # 用地性质
    (R.WITHIN_LIMIT, "land_use"): (
        "用地性质 {given} 符合批复的 {required}", "land use {given} matches the approved {required}"),
    (R.WRONG_LAND_USE, ""): (
        "用地性质 {given} 不符合批复的 {required}", "land use {given} differs from the approved {required}"),
    (R.LAND_USE_UNDECIDABLE, ""): (
        "用地性质 {given} 与批复的 {required} 无法自动比对，需人工核定",
        "land use {given} cannot be matched automatically against the approved {required}; an officer must judge"),
    # the plot and the letter
    (R.SITE_AREA_DIFFERS, ""): (
        "设计用地面积 {given} 与批复的{approx} {stated}（{ref}）相差 {pct}%",
        "site area {given} differs from the approved {approx}{stated} ({ref}) by {pct}%"),
    (R.UNPUBLISHED, ""): (
        "地块 {plot} 已由{document}（{date}）调整，批复未公布调整后的控制指标，无法核对",
        "plot {plot} was adjusted by {document} ({date}) without published values; it cannot be checked"),
    (R.SUPERSEDED, ""): (
        "地块 {plot} 已由{document}（{date}）拆分或合并为 {successors}，请按新地块核对",
        "plot {plot} was split or merged into {successors} by {document} ({date}); check against the new plot(s)"),
    (R.LOCATED, "found"): (
        "用地位于地块 {plot} 内（按控规地块边界确定）",
        "the site lies inside plot {plot} (found from the plan's plot boundaries)"),
    (R.LOCATED, "named"): (
        "用地位于地块 {plot} 的边界内",
        "the site lies inside the boundary of plot {plot}"),
    (R.SITE_STRADDLES_PLOTS, ""): (
        "用地不在单一地块内：{shares}；按占比最大的 {plot} 核对，适用哪一地块的指标需人工确定",
        "the site does not lie in one plot: {shares}; checked against {plot}, which holds its largest share — "
        "which plot's limits apply is for an officer to decide"),
    (R.SITE_OUTSIDE_PLOT, ""): (
        "用地超出地块 {plot} 的边界：{shares}",
        "the site reaches outside the boundary of plot {plot}: {shares}"),
    (R.SITE_NOT_IN_PLOT, ""): (
        "用地不在地块 {plot} 内（{shares}）",
        "the site does not lie in plot {plot} ({shares})"),
    (R.NO_APPROVAL_IN_FORCE, ""): (
        "截至 {as_of}，地块 {plot} 没有生效的控规批复{later}",
        "as of {as_of} no approval is in force for plot {plot}{later}"),
    (R.NO_LIMIT_ON_RECORD, ""): (
        "地块 {plot} 生效批复未规定{name}，无从核对（不视为通过）{shown}",
        "no {name} limit is on record for plot {plot}; not checked (and not a pass){shown}"),
    # a site plan (site_plan.py): declared figures against computed ones, buildings against the site
    (R.DECLARED_MISMATCH, "site plan"): (
        "申报{name} {written} 与总平面图计算的 {shown} 不符（容差 {tol}），以计算值为准",
        "declared {name} {written} disagrees with {shown} computed from the site plan (tolerance {tol}); the "
        "computed value decides"),
    (R.DECLARED_MISMATCH, "model count"): (
        "申报{name} {written} 与模型计数 {shown} 不符，以模型计数为准",
        "declared {name} {written} disagrees with {shown} counted in the model; the count decides"),
    (R.DECLARED_MISMATCH, "entrance"): (
        "申报出入口方位 {declared} 与总平面图的 {computed} 不符，以总平面图为准",
        "declared entrance side {declared} disagrees with {computed} on the site plan; the site plan decides"),
    (R.DECLARED_MISMATCH, "height"): (
        "{label}：标注高度 {declared} m 与按 GB 50352-2019 §4.5.2 计算的 {computed} m（{basis}）不符，以计算值为准",
        "{label}: labelled height {declared} m disagrees with {computed} m computed per GB 50352-2019 §4.5.2 "
        "({basis}); the computed value decides"),
    (R.DECLARED_MISMATCH, "large commercial"): (
        "设计申报{yes}大型商业建筑，但总平面图中商业建筑面积最大的 {label} 为 {area}（阈值 {limit}），以计算为准",
        "the design says it is {yes}a large commercial building, but the largest commercial floor area on the "
        "site plan ({label}) is {area} (threshold {limit}); the computation decides"),
    (R.NOT_ON_SITE_PLAN, "green"): (
        "总平面图未绘制绿地（role: green / 图层 绿地），{used}",
        "the site plan draws no green (role: green / layer 绿地); {used}"),
    (R.NOT_ON_SITE_PLAN, "green area used"): (
        "采用申报绿地面积 {written}", "the declared green area {written} is used"),
    (R.NOT_ON_SITE_PLAN, "green ratio used"): (
        "采用申报绿地率 {written}", "the declared green ratio {written} is used"),
    (R.NOT_ON_SITE_PLAN, "nothing used"): ("绿地率无从计算", "the green ratio cannot be computed"),
    (R.USE_NOT_GIVEN, ""): (
        "总平面图未注明用途：{buildings}；无法判断是否为大型商业建筑（商业建筑面积 > {limit}），"
        "请注明 use 或 commercial_floor_area，或在设计中给出 large_commercial",
        "the site plan does not give the use of {buildings}: whether it is a large commercial building "
        "(commercial floor area > {limit}) is unknown; give its use or commercial_floor_area, or "
        "large_commercial in the design"),
    (R.USE_NOT_GIVEN, "building"): (
        "{label}（地上建筑面积 {area}，退让 {setback} m）", "{label} ({area} above ground, setback {setback} m)"),
    (R.WITHIN_SITE, ""): ("{n} 栋建筑均在用地红线内", "all {n} buildings lie within the site boundary"),
    (R.OUTSIDE_SITE, ""): (
        "建筑基底超出用地红线：{buildings}", "building footprints reach outside the site boundary: {buildings}"),
    (R.OUTSIDE_SITE, "building"): ("{label} 超出 {area}", "{label} by {area}"),
    (R.WITHIN_GEOMETRIC_PRECISION, "within site"): (
        "建筑基底超出用地红线的部分在图形精度以内，无法判定：{buildings}",
        "the part of a footprint outside the site boundary is within the plan's precision, so it cannot be "
        "decided: {buildings}"),
    (R.WITHIN_GEOMETRIC_PRECISION, "within site building"): (
        "{label}（{area}，精度 ±{band}）", "{label} ({area}, precision ±{band})"),
    (R.UNDER_REVIEW, ""): (
        "{message}；但{document}{clause}的录入尚有待核定事项（review），结论待人工确认",
        "{message}; but the entry for {document} still has open review items, so an officer must confirm it first"),
}

#: A waived failure keeps its message and says who granted the exception.
WAIVED = ("{message}（已由{document}批准例外{why}）", "{message} (exception granted by {document}{why})")


def _pick(facts: dict, i: int) -> dict:
    return {k: (v[i] if isinstance(v, Both) else v) for k, v in facts.items()}


def fill(template: tuple[str, str], **facts) -> tuple[str, str]:
    return template[0].format(**_pick(facts, 0)), template[1].format(**_pick(facts, 1))


def render(reason: Reason, variant: str = "", **facts) -> tuple[str, str]:
    """(message_zh, message_en) of an outcome from its reason's template."""
    return fill(TEMPLATES[(reason, variant)], **facts)


def listed(reason: Reason, variant: str, rows, sep: tuple[str, str] = ("、", "; ")) -> Both:
    """Several items (buildings …) each from its template, joined as each language lists them."""
    parts = [render(reason, variant, **row) for row in rows]
    return Both(sep[0].join(p[0] for p in parts), sep[1].join(p[1] for p in parts))
