"""check(design) → Report: one finding per limit in force, decided exactly.

Pure: no I/O beyond reading the design and rule book it is handed (or the embedded book).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from . import fmt, landuse
from .design import Design, LoadedDesign, load_design
from .indicators import INDICATORS, SIDE_ZH
from .report import FAIL, INDETERMINATE, PASS, WARN, Finding, Margin, Report
from .rulebook.model import InForce, Limit, Resolution, RuleBook
from .units import Amount


@dataclass(frozen=True)
class Policy:
    """Choices that differ between bureaus; the defaults follow ../shared/DOMAIN.md.

    ``comparison``: "full" — GB/T 8170 全数值比较法, the unrounded value decides (default);
    "rounded" — 修约值比较法, the value is first rounded to the limit's written digits.
    ``required``: indicators every plot is expected to limit; one with no limit on record is
    reported as indeterminate rather than silently passing.
    ``site_area_tolerance``: how far a design's 用地面积 may stray from the letter's before a warning.
    """

    comparison: str = "full"
    required: tuple[str, ...] = ("far", "building_density", "green_ratio", "height")
    site_area_tolerance: Fraction = Fraction(5, 100)
    #: How a site plan becomes indicators: a ``geometry.GeometryPolicy`` or a name from
    #: ``geometry.POLICIES``; None is the default (GB/T 50353, GB 50352, GB 50180; see docs/geometry.md).
    geometry: Any = None

    def __post_init__(self) -> None:
        from .errors import InputError

        if self.comparison not in ("full", "rounded"):
            raise InputError(f"{self.comparison!r} is not a comparison method", field="comparison",
                             value=self.comparison, expected="'full' (全数值比较法) or 'rounded' (修约值比较法)")
        unknown = [k for k in self.required if k not in INDICATORS or k == "land_use"]
        if unknown:
            raise InputError(f"{unknown[0]!r} is not an indicator a limit can be required for",
                             field="required", value=unknown[0],
                             expected=", ".join(k for k in INDICATORS if k != "land_use"))


DEFAULT_POLICY = Policy()

# indicator → (numerator field, its name in messages zh/en) for ratios computed from areas
_RATIO_OF = {
    "far": ("floor_area", "计容建筑面积", "counted floor area"),
    "building_density": ("footprint_area", "建筑基底面积", "building footprint"),
    "green_ratio": ("green_area", "绿地面积", "green area"),
}


def _cmp_value(actual: Fraction, bound: Amount, policy: Policy) -> Fraction:
    if policy.comparison == "rounded" and bound.half_step:
        step = bound.half_step * 2
        return round(actual / step) * step  # round() on Fraction is half-even, as GB/T 8170
    return actual


def violates(actual: Fraction, limit: Limit, policy: Policy = DEFAULT_POLICY) -> str | None:
    """'max' or 'min' for the bound the value breaks, or None. Exact comparison of Fractions."""
    if limit.max is not None:
        v = _cmp_value(actual, limit.max, policy)
        if v > limit.max.value or (limit.max_exclusive and v == limit.max.value):
            return "max"
    if limit.min is not None:
        v = _cmp_value(actual, limit.min, policy)
        if v < limit.min.value or (limit.min_exclusive and v == limit.min.value):
            return "min"
    return None


class _Ctx:
    def __init__(self, design: Design, res: Resolution, policy: Policy, tolerance=None):
        self.d = design
        self.res = res
        self.policy = policy
        self.tolerance = tolerance or {}
        self.findings: list[Finding] = []
        self.computed: dict[str, Fraction] = {}

    def add(self, **kw) -> None:
        self.findings.append(Finding(**kw))


def _ratio_actual(ctx: _Ctx, key: str) -> tuple[Fraction | None, tuple[str, ...]]:
    """The ratio from areas when both are given (it decides), else the declared one."""
    num_field, zh, en = _RATIO_OF[key]
    num: Amount | None = getattr(ctx.d, num_field)
    site = ctx.d.site_area
    declared: Amount | None = getattr(ctx.d, key)
    if num is not None and site is not None:
        value = num.value / site.value
        ctx.computed[key] = value
        if declared is not None:
            tol = declared.half_step if declared.half_step is not None else Fraction(0)
            if abs(declared.value - value) > tol:
                shown_c = fmt.value(key, value, reveal=declared.value)
                name = INDICATORS[key]
                ctx.add(indicator="declared", status=WARN, reason="declared_mismatch", actual=value,
                        fields=(key, num_field, "site_area"),
                        message_zh=f"申报{name.zh} {declared.written} 与按面积计算的 {shown_c} 不符"
                                   f"（{zh} {fmt.area(num.value)} ÷ 用地面积 {fmt.area(site.value)}），以计算值为准",
                        message_en=f"declared {name.en} {declared.written} disagrees with {shown_c} computed from "
                                   f"the areas ({en} {fmt.area(num.value)} / site {fmt.area(site.value)}); "
                                   f"the computed value decides")
        return value, (num_field, "site_area")
    if declared is not None:
        return declared.value, (key,)
    return None, (num_field, "site_area", key)


def _missing(ctx: _Ctx, key: str, inf: InForce, fields: tuple[str, ...]) -> None:
    ind = INDICATORS[key]
    lt_zh, lt_en = fmt.limit_text(inf.limit, "zh"), fmt.limit_text(inf.limit, "en")
    if len(fields) == 3:  # a ratio: both areas, or the declared figure
        need = f"{fields[0]} 和 {fields[1]}，或 {fields[2]}"
    else:
        need = " 和 ".join(fields) if fields else key
    ctx.add(indicator=key, status=INDETERMINATE, reason="value_missing", limit=inf.limit,
            approval=inf.approval, fields=fields,
            message_zh=f"设计未给出{ind.zh}（需要 {need}），无法核对 {lt_zh}",
            message_en=f"the design does not give the {ind.en} (needs {need.replace(' 和 ', ' and ').replace('，或 ', ', or ')}); "
                       f"cannot check {lt_en}")


def _numeric(ctx: _Ctx, key: str, inf: InForce) -> None:
    limit = inf.limit
    ind = INDICATORS[key]
    if not limit.numeric:
        ctx.add(indicator=key, status=INDETERMINATE, reason="limit_without_number", limit=limit,
                approval=inf.approval,
                message_zh=f"{ind.zh}限值未给出数值（“{limit.text}”），需人工核定",
                message_en=f"the {ind.en} limit has no number (“{limit.text}”); an officer must judge it")
        return
    if key in _RATIO_OF:
        actual, fields = _ratio_actual(ctx, key)
    else:
        amount = getattr(ctx.d, key)
        actual, fields = (amount.value if amount is not None else None), (key,)
        if actual is not None:
            ctx.computed[key] = actual
    if actual is None:
        _missing(ctx, key, inf, fields)
        return
    broken = violates(actual, limit, ctx.policy)
    tol = ctx.tolerance.get(key)
    if tol and violates(actual - tol, limit, ctx.policy) != violates(actual + tol, limit, ctx.policy):
        near = "max" if limit.max is not None and (
            limit.min is None or abs(actual - limit.max.value) <= abs(actual - limit.min.value)) else "min"
        _imprecise(ctx, key, inf, actual, tol, near, (limit.max if near == "max" else limit.min).value, fields)
        return
    declared = getattr(ctx.d, key) if key in _RATIO_OF and fields == (key,) else None
    half = declared.half_step if declared is not None else None
    # Full comparison: any rounded figure whose interval reaches across a bound is undecided.
    # Rounded comparison (GB/T 8170 修约值比较法) rounds the figure to the limit's digits — possible
    # only when it has at least as many; a coarser one (far: 2 against ≤ 2.4) is undecided too.
    coarse = ctx.policy.comparison == "full" or any(
        b is not None and b.half_step is not None and half is not None and half > b.half_step
        for b in (limit.max, limit.min))
    if half and coarse and violates(actual - half, limit, ctx.policy) != violates(actual + half, limit, ctx.policy):
        _rounded_at_limit(ctx, key, inf, declared)
        return
    bound_name = broken or ("max" if limit.max is not None else "min")
    bound = limit.max if bound_name == "max" else limit.min
    margin = _margin(ctx, key, actual, bound.value, bound_name, fields)
    status = FAIL if broken else PASS
    zh, en = _numeric_message(ctx, key, limit, actual, margin, status, bound.value)
    ctx.add(indicator=key, status=status, reason=("exceeds_max" if broken == "max" else
                                                  "below_min" if broken == "min" else "within_limit"),
            actual=actual, limit=limit, approval=inf.approval, margin=margin, fields=fields,
            message_zh=zh, message_en=en)


def _rounded_at_limit(ctx: _Ctx, key: str, inf: InForce, declared: Amount) -> None:
    """A declared ratio is a rounded figure: 2.40 stands for anything in [2.395, 2.405].  When that
    interval reaches across the limit, the unrounded value (which decides, GB/T 8170 全数值比较法)
    is not given — so neither pass nor fail until the areas are."""
    ind = INDICATORS[key]
    num_field, zh_q, en_q = _RATIO_OF[key]
    lo, hi = declared.value - declared.half_step, declared.value + declared.half_step
    lt_zh, lt_en = fmt.limit_text(inf.limit, "zh"), fmt.limit_text(inf.limit, "en")
    span = f"{fmt.value(key, lo, reveal=hi)}～{fmt.value(key, hi, reveal=lo)}"
    ctx.add(indicator=key, status=INDETERMINATE, reason="declared_rounded_at_limit", actual=declared.value,
            limit=inf.limit, approval=inf.approval, fields=(key,),
            message_zh=f"申报{ind.zh} {declared.written} 为修约值（代表 {span}），跨越 {lt_zh}，按全数值比较法无法判定；"
                       f"请给出{zh_q}和用地面积",
            message_en=f"the declared {ind.en} {declared.written} is rounded (it stands for {span}), which reaches "
                       f"across {lt_en}; the unrounded value decides — give the {en_q} and the site area")


def _imprecise(ctx: _Ctx, key: str, inf: InForce, actual: Fraction, tol: Fraction, bound_name: str,
               bound: Fraction, fields: tuple[str, ...]) -> None:
    """A value measured on a drawing lies within its precision (``tolerance``) of a bound: the
    drawing cannot decide, so neither pass nor fail."""
    ind = INDICATORS[key]
    lt_zh, lt_en = fmt.limit_text(inf.limit, "zh"), fmt.limit_text(inf.limit, "en")
    shown = fmt.value(key, actual, reveal=bound)
    scale, unit = {"building_density": (100, "%"), "green_ratio": (100, "%"), "height": (1000, " mm"),
                   "setback": (1000, " mm")}.get(key, (1, ""))
    places = 0
    while places < 12 and tol * scale * 10 ** places < 10:
        places += 1
    band = fmt.number(tol * scale, places) + unit  # two significant digits
    ctx.add(indicator=key, status=INDETERMINATE, reason="within_geometric_precision", actual=actual,
            limit=inf.limit, approval=inf.approval, fields=fields,
            margin=_margin(ctx, key, actual, bound, bound_name, fields),
            message_zh=f"{ind.zh} {shown}（由总平面图计算，精度 ±{band}）与 {lt_zh} 之差在图形精度以内，"
                       f"无法判定，请核对图纸标注尺寸",
            message_en=f"{ind.en} {shown} (computed from the site plan, precision ±{band}) is within that "
                       f"precision of {lt_en}; the drawing cannot decide it — check the dimensioned drawing")


def _margin(ctx: _Ctx, key: str, actual: Fraction, bound: Fraction, bound_name: str,
            fields: tuple[str, ...]) -> Margin:
    sign = 1 if bound_name == "max" else -1
    if key in _RATIO_OF and fields[0] == _RATIO_OF[key][0]:
        site = ctx.d.site_area.value
        num = getattr(ctx.d, _RATIO_OF[key][0]).value
        allowed = bound * site
        return Margin(_RATIO_OF[key][0], "m2", allowed, num, sign * (num - allowed), bound_name)
    unit = {"height": "m", "setback": "m", "parking_spaces": "count"}.get(key, "1")
    return Margin(key, unit, bound, actual, sign * (actual - bound), bound_name)


def _numeric_message(ctx: _Ctx, key: str, limit: Limit, actual: Fraction, m: Margin, status: str,
                     bound: Fraction) -> tuple[str, str]:
    ind = INDICATORS[key]
    shown = fmt.value(key, actual, reveal=bound)
    lt_zh, lt_en = fmt.limit_text(limit, "zh"), fmt.limit_text(limit, "en")
    if m.unit == "m2":
        _, zh_q, en_q = _RATIO_OF[key]
        word_zh = "最大允许" if m.bound == "max" else "最小要求"
        word_en = "largest allowed" if m.bound == "max" else "least required"
        basis_zh = f"{fmt.limit_text(limit, 'zh')} × 用地面积 {fmt.area(ctx.d.site_area.value)}"
        basis_en = f"{lt_en} × site area {fmt.area(ctx.d.site_area.value)}"
        if status == FAIL:
            verb_zh = "超出" if m.bound == "max" else "不足"
            verb_en = "exceeds" if m.bound == "max" else "falls short of"
            return (f"{ind.zh} {shown} 不符合 {lt_zh}：{zh_q} {fmt.area(m.actual)}，{word_zh} "
                    f"{fmt.area(m.allowed)}（{basis_zh}），{verb_zh} {fmt.area(m.excess)}",
                    f"{ind.en} {shown} breaks {lt_en}: {en_q} {fmt.area(m.actual)} {verb_en} the "
                    f"{word_en} {fmt.area(m.allowed)} ({basis_en}) by {fmt.area(m.excess)}")
        room_zh = "尚可增加" if m.bound == "max" else "高出最小要求"
        room_en = "room for" if m.bound == "max" else "above the minimum by"
        return (f"{ind.zh} {shown} 符合 {lt_zh}：{zh_q} {fmt.area(m.actual)}，{word_zh} "
                f"{fmt.area(m.allowed)}，{room_zh} {fmt.area(-m.excess)}",
                f"{ind.en} {shown} meets {lt_en}: {en_q} {fmt.area(m.actual)}, {word_en} "
                f"{fmt.area(m.allowed)}, {room_en} {fmt.area(-m.excess)}" + (" more" if m.bound == "max" else ""))
    if key in ("building_density", "green_ratio"):
        diff = fmt.number(abs(m.excess) * 100, 2) + " 个百分点"
        diff_en = fmt.number(abs(m.excess) * 100, 2) + " percentage points"
    elif key == "parking_spaces":
        diff, diff_en = f"{abs(m.excess)} 个", f"{abs(m.excess)} spaces"
    elif key in ("height", "setback"):
        diff, diff_en = f"{fmt.number(abs(m.excess))} m", f"{fmt.number(abs(m.excess))} m"
    else:
        diff = diff_en = fmt.number(abs(m.excess), 2, reveal=Fraction(0))
    if status == FAIL:
        return (f"{ind.zh} {shown} 不符合 {lt_zh}，{'超出' if m.bound == 'max' else '不足'} {diff}",
                f"{ind.en} {shown} breaks {lt_en} by {diff_en}")
    return (f"{ind.zh} {shown} 符合 {lt_zh}，余量 {diff}",
            f"{ind.en} {shown} meets {lt_en}, margin {diff_en}")


def _setback(ctx: _Ctx, inf: InForce) -> None:
    """退让红线: a minimum for every building, and a larger one for 大型商业建筑 (either may be absent)."""
    limit = inf.limit
    ind = INDICATORS["setback"]
    if limit.min is None and limit.min_large_commercial is None:
        ctx.add(indicator="setback", status=INDETERMINATE, reason="limit_without_number", limit=limit,
                approval=inf.approval, fields=("setback",),
                message_zh=f"{ind.zh}限值未给出数值（“{limit.text}”），需人工核定",
                message_en=f"the {ind.en} limit has no number (“{limit.text}”); an officer must judge it")
        return
    s = ctx.d.setback
    if s is None:
        _missing(ctx, "setback", inf, ("setback",))
        return
    actual = s.value
    ctx.computed["setback"] = actual
    tol = ctx.tolerance.get("setback", Fraction(0))  # a setback measured on a site plan: its precision
    lt_zh, lt_en = fmt.limit_text(limit, "zh"), fmt.limit_text(limit, "en")
    shown = fmt.value("setback", actual)
    base, large = limit.min, limit.min_large_commercial
    common = dict(indicator="setback", actual=actual, limit=limit, approval=inf.approval)
    if base is not None and violates(actual + tol, Limit("setback", min=base, min_exclusive=limit.min_exclusive),
                                     ctx.policy):
        m = Margin("setback", "m", base.value, actual, base.value - actual, "min")
        ctx.add(status=FAIL, reason="below_min", margin=m, fields=("setback",),
                message_zh=f"建筑退让道路红线 {shown} 不符合 {lt_zh}，不足 {fmt.number(m.excess)} m",
                message_en=f"setback {shown} breaks {lt_en}, short by {fmt.number(m.excess)} m", **common)
        return
    short_of_large = large is not None and ctx.d.large_commercial is True and actual + tol < large.value
    if tol and base is not None and not short_of_large and violates(
            actual - tol, Limit("setback", min=base, min_exclusive=limit.min_exclusive), ctx.policy):
        _imprecise(ctx, "setback", inf, actual, tol, "min", base.value, ("setback",))
        return
    if large is None or actual - tol >= large.value:
        need = large if large is not None else base
        m = Margin("setback", "m", need.value, actual, need.value - actual, "min")
        ctx.add(status=PASS, reason="within_limit", margin=m, fields=("setback",),
                message_zh=f"建筑退让道路红线 {shown} 符合 {lt_zh}",
                message_en=f"setback {shown} meets {lt_en}", **common)
        return
    flag = ctx.d.large_commercial
    m = Margin("setback", "m", large.value, actual, large.value - actual, "min")
    fields = ("setback", "large_commercial")
    if flag is not False and (actual >= large.value if flag is None else actual + tol >= large.value):
        _imprecise(ctx, "setback", inf, actual, tol, "min", large.value, fields)  # only with tol > 0
        return
    if flag is None:
        general_zh = "满足一般建筑要求，但" if base is not None else ""
        general_en = "meets the general minimum but " if base is not None else ""
        ctx.add(status=INDETERMINATE, reason="large_commercial_unknown", margin=m, fields=fields,
                message_zh=f"建筑退让道路红线 {shown} {general_zh}小于大型商业建筑的 "
                           f"{fmt.number(large.value)} m；设计未说明是否为大型商业建筑（large_commercial）",
                message_en=f"setback {shown} {general_en}is less than the {fmt.number(large.value)} m for large "
                           f"commercial buildings; the design does not say whether it is one (large_commercial)",
                **common)
    elif flag:
        ctx.add(status=FAIL, reason="below_min_large_commercial", margin=m, fields=fields,
                message_zh=f"大型商业建筑退让道路红线 {shown} 不符合 {lt_zh}，不足 {fmt.number(m.excess)} m",
                message_en=f"large commercial building setback {shown} breaks {lt_en}, short by "
                           f"{fmt.number(m.excess)} m", **common)
    else:
        m = Margin("setback", "m", base.value, actual, base.value - actual, "min") if base is not None else None
        ctx.add(status=PASS, reason="within_limit", margin=m, fields=fields,
                message_zh=f"建筑退让道路红线 {shown} 符合 {lt_zh}（非大型商业建筑）",
                message_en=f"setback {shown} meets {lt_en} (not a large commercial building)", **common)


def _entrance(ctx: _Ctx, inf: InForce) -> None:
    sides = ctx.d.entrance_side
    if sides is None:
        _missing(ctx, "entrance_side", inf, ("entrance_side",))
        return
    allowed = set(inf.limit.equals or ())
    wrong = tuple(s for s in sides if s not in allowed)
    lt_zh, lt_en = fmt.limit_text(inf.limit, "zh"), fmt.limit_text(inf.limit, "en")
    shown = "、".join(SIDE_ZH[s] for s in sides)
    if wrong:
        ctx.add(indicator="entrance_side", status=FAIL, reason="wrong_side", actual=sides, limit=inf.limit,
                approval=inf.approval, fields=("entrance_side",),
                message_zh=f"出入口位于用地{shown}，不符合 {lt_zh}",
                message_en=f"entrance on the {'/'.join(sides)} side breaks {lt_en}")
    else:
        ctx.add(indicator="entrance_side", status=PASS, reason="within_limit", actual=sides, limit=inf.limit,
                approval=inf.approval, fields=("entrance_side",),
                message_zh=f"出入口位于用地{shown}，符合 {lt_zh}",
                message_en=f"entrance on the {'/'.join(sides)} side meets {lt_en}")


def _land_use(ctx: _Ctx, inf: InForce) -> None:
    required = inf.limit.land_use
    if ctx.d.land_use is None:
        _missing(ctx, "land_use", inf, ("land_use",))
        return
    given = landuse.resolve(ctx.d.land_use)
    same = landuse.same(given, required)
    common = dict(actual=given, limit=inf.limit, approval=inf.approval, fields=("land_use",),
                  indicator="land_use")
    if same is True:
        ctx.add(status=PASS, reason="within_limit",
                message_zh=f"用地性质 {given.label} 符合批复的 {required.label}",
                message_en=f"land use {given.label} matches the approved {required.label}", **common)
    elif same is False:
        ctx.add(status=FAIL, reason="wrong_land_use",
                message_zh=f"用地性质 {given.label} 不符合批复的 {required.label}",
                message_en=f"land use {given.label} differs from the approved {required.label}", **common)
    else:
        ctx.add(status=INDETERMINATE, reason="land_use_undecidable",
                message_zh=f"用地性质 {given.label} 与批复的 {required.label} 无法自动比对，需人工核定",
                message_en=f"land use {given.label} cannot be matched automatically against the approved "
                           f"{required.label}; an officer must judge", **common)


def _site_area(ctx: _Ctx) -> None:
    if ctx.res.area is None or ctx.d.site_area is None:
        return
    stated, approval = ctx.res.area
    given = ctx.d.site_area.value
    ref = stated.amount.value
    rel = abs(given - ref) / ref
    if rel > ctx.policy.site_area_tolerance:
        approx_zh = "约" if stated.approx else ""
        pct = fmt.number(rel * 100, 2)
        ctx.add(indicator="site_area", status=WARN, reason="site_area_differs", actual=given,
                approval=approval, fields=("site_area",),
                message_zh=f"设计用地面积 {fmt.area(given)} 与批复的{approx_zh} {stated.amount.written}"
                           f"（{fmt.area(ref)}）相差 {pct}%",
                message_en=f"site area {fmt.area(given)} differs from the approved "
                           f"{'approx. ' if stated.approx else ''}{stated.amount.written} ({fmt.area(ref)}) "
                           f"by {pct}%")


def _plot_status(ctx: _Ctx) -> None:
    res = ctx.res
    if res.status == "unpublished":
        a = res.unpublished_by
        ctx.add(indicator="plot", status=INDETERMINATE, reason="unpublished", approval=a,
                message_zh=f"地块 {res.plot} 已由{a.source.id}（{a.source.date}）调整，批复未公布调整后的控制指标，无法核对",
                message_en=f"plot {res.plot} was adjusted by {a.source.id} ({a.source.date}) without "
                           f"published values; it cannot be checked")
    elif res.succeeded_by:
        a = res.in_force[-1]
        ctx.add(indicator="plot", status=INDETERMINATE, reason="superseded", approval=a,
                message_zh=f"地块 {res.plot} 已由{a.source.id}（{a.effective}）拆分或合并为 {'、'.join(res.succeeded_by)}，"
                           f"请按新地块核对",
                message_en=f"plot {res.plot} was split or merged into {', '.join(res.succeeded_by)} by "
                           f"{a.source.id} ({a.effective}); check against the new plot(s)")
    elif res.status == "none":
        first = res.history[0] if res.history else None
        later_zh = f"（最早的批复 {first.source.id} 于 {first.effective} 生效）" if first else ""
        later_en = f" (the first, {first.source.id}, takes effect on {first.effective})" if first else ""
        ctx.add(indicator="plot", status=INDETERMINATE, reason="no_approval_in_force",
                message_zh=f"截至 {res.as_of}，地块 {res.plot} 没有生效的控规批复{later_zh}",
                message_en=f"as of {res.as_of} no approval is in force for plot {res.plot}{later_en}")


def _no_limit(ctx: _Ctx, key: str, actual: Fraction | None = None) -> None:
    ind = INDICATORS[key]
    shown = f"（设计值 {fmt.value(key, actual)}）" if actual is not None else ""
    shown_en = f" (the design's value: {fmt.value(key, actual)})" if actual is not None else ""
    ctx.add(indicator=key, status=INDETERMINATE, reason="no_limit_on_record", actual=actual,
            approval=None, fields=(key,),
            message_zh=f"地块 {ctx.res.plot} 生效批复未规定{ind.zh}，无从核对（不视为通过）{shown}",
            message_en=f"no {ind.en} limit is on record for plot {ctx.res.plot}; not checked "
                       f"(and not a pass){shown_en}")


def _under_review(f: Finding) -> Finding:
    """An approval whose draft still lists `review:` items cannot decide anything yet."""
    a = f.approval
    clause = f"第{a.clause}条" if a.clause else ""
    return replace(
        f, status=INDETERMINATE, reason="under_review",
        message_zh=f"{f.message_zh}；但{a.source.id}{clause}的录入尚有待核定事项（review），结论待人工确认",
        message_en=f"{f.message_en}; but the entry for {a.source.id} still has open review items, so an officer "
                   f"must confirm it first")


def evaluate(design: Design, res: Resolution, policy: Policy = DEFAULT_POLICY,
             tolerance: "dict[str, Fraction] | None" = None) -> tuple[list[Finding], dict]:
    """Findings for one design against one resolved plot; the pure core of ``check``.

    ``tolerance``: indicator → how far the design's value may be from the truth (a site plan's
    geometric precision, from ``geometry.integrate``); a value whose band reaches across a bound
    is indeterminate (``within_geometric_precision``).  None for declared figures: exact.
    """
    ctx = _Ctx(design, res, policy, tolerance)
    _plot_status(ctx)
    if res.land_use is not None:
        _land_use(ctx, res.land_use)
    for key in INDICATORS:
        if key == "land_use":
            continue
        inf = res.limits.get(key)
        if inf is None:
            if key in _RATIO_OF:
                actual, _ = _ratio_actual(ctx, key)  # still cross-check declared figures
            else:
                amount = getattr(design, key, None)
                actual = amount.value if isinstance(amount, Amount) else None
            if res.status == "in_force" and key in policy.required:
                _no_limit(ctx, key, actual)
            continue
        if key == "setback":
            _setback(ctx, inf)
        elif key == "entrance_side":
            _entrance(ctx, inf)
        else:
            _numeric(ctx, key, inf)
    _site_area(ctx)
    if design.site_area is not None:
        ctx.computed.setdefault("site_area", design.site_area.value)
    findings = [_under_review(f) if f.approval is not None and f.approval.review and f.status in (PASS, FAIL)
                else f for f in ctx.findings]
    return findings, ctx.computed


def check(design: Any, rulebook: RuleBook | None = None, as_of: dt.date | str | None = None,
          policy: Policy = DEFAULT_POLICY) -> Report:
    """Check a design (a ``Design``, a mapping or a YAML/JSON path) against the limits in force.

    ``as_of`` defaults to today; the embedded rule book is used when none is given.
    """
    from .rulebook import load_rulebook

    loaded: LoadedDesign = load_design(design)
    book = rulebook if rulebook is not None else load_rulebook()
    day = parse_date(as_of)
    book.key(loaded.design.plot, file=loaded.path)
    res = book.resolve(loaded.design.plot, day)
    design, extra, from_plan, tolerance = loaded.design, [], {}, None
    if design.site_plan is not None:  # compute first, then evaluate the computed values
        from .geometry.integrate import with_site_plan

        design, extra, from_plan, tolerance = with_site_plan(loaded, res, policy.geometry)
    findings, computed = evaluate(design, res, policy, tolerance)
    findings, computed = [*findings, *extra], {**computed, **from_plan}
    findings = apply_waivers(findings, loaded.design.waivers or ())
    lines = {}
    if loaded.doc is not None:
        for name in type(loaded.design).model_fields:
            line = loaded.doc.lines.get((name,))
            if line:
                lines[name] = line
    return Report(design=loaded.path or loaded.design.name or "<design>", plot=res.plot, as_of=day,
                  plot_status=res.status, findings=tuple(findings), resolution=res,
                  computed=MappingProxyType(computed), design_name=loaded.design.name,
                  path=loaded.path, lines=MappingProxyType(lines))


def apply_waivers(findings, waivers) -> list[Finding]:
    """A failing finding covered by an approved exception becomes WAIVED, never dropped.

    Only failures are waived: an indeterminate finding stays indeterminate (nobody can approve an
    exception to a value that is not known) and a pass needs no exception.
    """
    from dataclasses import replace

    from .report import WAIVED, Waiver

    by_key = {w.indicator: w for w in waivers}
    out = []
    for f in findings:
        w = by_key.get(f.indicator)
        if w is None or f.status != FAIL:
            out.append(f)
            continue
        why_zh = f"，理由：{w.reason}" if w.reason else ""
        why_en = f"; reason: {w.reason}" if w.reason else ""
        out.append(replace(f, status=WAIVED, waiver=Waiver(w.indicator, w.document, w.reason),
                           message_zh=f"{f.message_zh}（已由{w.document}批准例外{why_zh}）",
                           message_en=f"{f.message_en} (exception granted by {w.document}{why_en})"))
    return out


def parse_date(value: dt.date | str | None) -> dt.date:
    from .errors import InputError

    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{value!r} is not a date", field="as_of", value=value,
                         expected="an ISO date such as 2021-06-01") from None
