"""The checker's side of a site plan: compute, then hand ``evaluate`` a design of computed values.

It sits beside the checker, not in ``geometry``: the geometry package computes figures and knows
nothing of findings or the checker; this module turns its figures into findings.

``evaluate`` stays pure and unaware of geometry.  Each declared figure the plan also yields is
replaced by the computed one (the computed value decides) and, when the two disagree beyond the
policy's tolerance, reported as a ``warn`` naming both.  Ratios the design declares (far,
building_density, green_ratio) are left in place: the core already cross-checks them against the
computed areas.  A figure the plan does not give (no road, no green drawn) is not invented: the
declared one, if any, stays.  Alongside the design goes a ``tolerance`` — indicator → the
geometric precision of the value handed over — so that ``evaluate`` leaves a value within it of a
limit indeterminate; declared figures carry none.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from . import fmt
from .geometry import load_figures
from .geometry.compute import SiteFigures
from .geometry.policy import GeometryPolicy, geometry_policy
from .indicators import INDICATORS, SIDE_ZH, design_fields
from .messages import Both, listed, render
from .report import Finding
from .status import Reason
from .units import Amount

def _cross() -> dict[str, tuple[str, str, str]]:
    """field → (kind, name zh, name en): the declared design fields a site plan can measure."""
    return {f.name: (f.kind, f.zh, f.en) for f in design_fields() if f.kind in ("area", "length")}


def show(kind: str, v: Fraction) -> str:
    return fmt.area(v) if kind == "area" else f"{fmt.number(v, 2)} m"


def disagrees(declared: Amount, computed: Fraction, policy: GeometryPolicy) -> bool:
    tol = max(policy.declared_tolerance * abs(computed), declared.half_step or Fraction(0))
    return abs(declared.value - computed) > tol


def _tol_text(policy: GeometryPolicy) -> str:
    return fmt.number(policy.declared_tolerance * 100, 2).rstrip("0").rstrip(".") + "%"


def with_site_plan(loaded, res, policy: Any = None, figs: SiteFigures | None = None):  # figs: already computed
    """(design with computed values, extra findings, computed indicators, tolerance, evidence) for
    ``checker.check``; ``tolerance`` maps an indicator to the precision of the value handed over,
    ``evidence`` an indicator to where it came from (models name the elements; {} otherwise)."""
    gp = geometry_policy(policy)
    figs = figs if figs is not None else load_figures(loaded, gp)
    d = loaded.design
    findings: list[Finding] = []
    updates: dict[str, Any] = {}
    values = figs.indicators()
    setback_inf = res.limits.get("setback") if res is not None else None
    setback_limit = setback_inf.limit if setback_inf is not None else None
    flags = building_flags(figs, d.large_commercial, setback_limit)
    chosen = choose_setback(figs, setback_limit, flags)
    for key, (kind, zh, en) in _cross().items():
        value = values.get(key)
        if value is None:
            continue  # the plan cannot give it (no road drawn): the declared figure, if any, stays
        declared = getattr(d, key)
        if declared is not None and disagrees(declared, value, gp):
            findings.append(_mismatch(key, zh, en, declared.written, show(kind, value), value, gp))
        use = chosen[0] if key == "setback" and chosen is not None else value
        updates[key] = Amount(value=use, written=show(kind, use) + "（总平面图计算）", kind=kind)
    counted = getattr(figs.plan, "counted", None)  # a model counts what it holds (parking spaces)
    counts = counted() if counted is not None else {}
    for key, (value, shown_zh, shown_en) in counts.items():
        declared = getattr(d, key)
        if declared is not None and declared.value != value:
            f = next(f for f in design_fields() if f.name == key)
            words = render(Reason.DECLARED_MISMATCH, "model count", name=Both(f.zh, f.en), written=declared.written,
                           shown=Both(shown_zh, shown_en))
            findings.append(_finding("declared", Reason.DECLARED_MISMATCH, words, actual=value, fields=(key,)))
        updates[key] = Amount(value=value, written=shown_zh, kind="count")
    if figs.green_area is None:
        findings.append(_no_green(d))
    known = figs.large_commercial
    if d.large_commercial is not None and known is not None and d.large_commercial != known:
        findings.append(_flag_mismatch(d.large_commercial, figs, gp))
    if chosen is not None:
        updates["large_commercial"] = chosen[1]
        if chosen[1] is None and setback_limit is not None:
            unknown = _use_unknown(figs, flags, setback_limit, gp)
            if unknown is not None:
                findings.append(unknown)
    if figs.entrance_sides:
        sides = figs.sides
        if d.entrance_side is not None and set(d.entrance_side) != set(sides):
            zh, en = render(Reason.DECLARED_MISMATCH, "entrance",
                            declared=Both("、".join(SIDE_ZH[s] for s in d.entrance_side), "/".join(d.entrance_side)),
                            computed=Both("、".join(SIDE_ZH[s] for s in sides), "/".join(sides)))
            findings.append(_finding("declared", Reason.DECLARED_MISMATCH, (zh, en), actual=sides,
                                     fields=("entrance_side",)))
        updates["entrance_side"] = sides
    for b in figs.buildings:
        dh = b.building.declared_height
        if dh is not None and abs(dh - b.height) > gp.declared_tolerance * b.height:
            words = render(Reason.DECLARED_MISMATCH, "height", label=b.building.label, declared=fmt.number(dh, 2),
                           computed=fmt.number(b.height, 2), basis=b.height_basis)
            findings.append(_finding("declared", Reason.DECLARED_MISMATCH, words, actual=b.height,
                                     fields=("site_plan",)))
    findings.append(within_site(figs))
    from .geometry.plausibility import warnings as coincident_buildings

    findings.extend(coincident_buildings(figs))  # one building drawn twice: a warning naming both
    review = getattr(figs.plan, "review", None)  # a model (IFC) cross-checks what it declares itself
    if review is not None:
        findings = review(figs, gp, findings)
    design = d.model_copy(update=updates)
    computed = dict(values)
    computed.update({key: value for key, (value, _, _) in counts.items()})
    large = [b.setback for b, flag in zip(figs.buildings, flags) if flag and b.setback is not None]
    if large:
        computed["setback_large_commercial"] = min(large)
    for key, band in figs.bands.items():
        if key in values:
            computed[f"{key}_precision"] = band
    evidence = figs.plan.evidence(figs) if hasattr(figs.plan, "evidence") else {}
    return design, findings, computed, tolerance(figs, design, values), evidence


def tolerance(figs: SiteFigures, design, values: dict) -> dict[str, Fraction]:
    """Indicator → how far the value ``evaluate`` will compare may be from the truth.

    A ratio of two areas N / S, each within its band, lies within (bN + N/S · bS) / (S − bS) of
    N / S.  A declared area (green given only in the design) has no band; a ratio taken from a
    declared ratio gets no entry at all, so it is compared exactly.
    """
    bands = figs.bands
    out: dict[str, Fraction] = {}
    for ind in INDICATORS.values():
        ratio = ind.ratio
        if ratio is not None:
            num = getattr(design, ratio.numerator.name, None)
            den = getattr(design, ratio.denominator.name, None)
            if num is None or den is None:
                continue
            n_key, d_key = ratio.fields
            num_band = bands.get(n_key, Fraction(0)) if n_key in values else Fraction(0)
            den_band = bands.get(d_key, Fraction(0)) if d_key in values else Fraction(0)
            out[ind.key] = (num_band + num.value / den.value * den_band) / (den.value - den_band) * ratio.per
        elif ind.value is not None and ind.value.field.name in values and ind.value.field.name in bands:
            out[ind.key] = bands[ind.value.field.name]
    return out


def building_flags(figs: SiteFigures, declared: bool | None, limit=None) -> list[bool | None]:
    """Whether each building is 大型商业建筑: what the plan knows, else what the design says.

    The plan knows when a building's use (or commercial floor area) is given and clear of the
    threshold by more than its precision; a building with no use whose floor area could not reach
    the threshold is not one either.  When the plan knows whether the site has one, it decides
    (a design saying otherwise is warned about).  Otherwise the design's ``large_commercial``
    speaks for the buildings the plan cannot tell: false — none of them is; true — the one that
    can be, or, when several can, all of them only if each would break the larger minimum anyway
    (then whichever it is, the design fails).  Unknown stays None: never a pass.
    """
    flags = [b.large_commercial for b in figs.buildings]
    unknown = [i for i, f in enumerate(flags) if f is None]
    if declared is None or figs.large_commercial is not None:
        return flags
    if declared is False:
        return [False if f is None else f for f in flags]
    if len(unknown) == 1:
        flags[unknown[0]] = True
    elif limit is not None and limit.min_large_commercial is not None:
        band = figs.bands.get("setback", Fraction(0))
        big = limit.min_large_commercial.value
        near = [figs.buildings[i].setback for i in unknown]
        if all(s is not None and s + band < big for s in near):
            for i in unknown:
                flags[i] = True
    return flags


def _setback_rank(s: Fraction, flag: bool | None, limit, band: Fraction) -> int:
    """2: the building breaks the limit whatever its precision; 1: cannot tell; 0: meets it.

    Mirrors ``checker._setback`` with the same tolerance, so the building handed to the core is
    the one whose finding is the worst.
    """
    lo, hi = s - band, s + band
    general = limit.min

    def short(x: Fraction) -> bool:
        return general is not None and (x < general.value or (limit.min_exclusive and x == general.value))

    big = limit.min_large_commercial
    if short(hi) or (big is not None and flag is True and hi < big.value):
        return 2
    if short(lo) or (big is not None and flag is not False and lo < big.value):
        return 1
    return 0


def choose_setback(figs: SiteFigures, limit, flags: list[bool | None] | None = None
                   ) -> tuple[Fraction, bool | None] | None:
    """The (setback, large_commercial) pair that decides against the limit.

    Every building must keep the general minimum and a 大型商业建筑 the larger one; the core takes
    one setback and one flag, so hand it the building whose finding is the worst (fail, then
    indeterminate — a building of unknown category between the two minimums, or a setback within
    the plan's precision of one — then pass), the nearest among equals.
    """
    if flags is None:
        flags = [b.large_commercial for b in figs.buildings]
    pairs = [(b.setback, f) for b, f in zip(figs.buildings, flags) if b.setback is not None]
    if not pairs:
        return None
    if limit is None:
        return min(pairs, key=lambda p: (p[0], p[1] is not True))
    band = figs.bands.get("setback", Fraction(0))
    return max(pairs, key=lambda p: (_setback_rank(p[0], p[1], limit, band), -p[0], p[1] is True))


def _finding(indicator: str, reason: Reason, words: tuple[str, str], **kw) -> Finding:
    """A finding with its reason's status and the words ``messages`` renders for it."""
    return Finding(indicator=indicator, status=reason.status, reason=reason, message_zh=words[0],
                   message_en=words[1], **kw)


def _mismatch(key, zh, en, written, shown, value, gp) -> Finding:
    words = render(Reason.DECLARED_MISMATCH, "site plan", name=Both(zh, en), written=written, shown=shown,
                   tol=_tol_text(gp))
    return _finding("declared", Reason.DECLARED_MISMATCH, words, actual=value, fields=(key,))


def _no_green(d) -> Finding:
    """A plan that draws no green does not give the green area; say what is used instead."""
    if d.green_area is not None:
        used = render(Reason.NOT_ON_SITE_PLAN, "green area used", written=d.green_area.written)
    elif d.green_ratio is not None:
        used = render(Reason.NOT_ON_SITE_PLAN, "green ratio used", written=d.green_ratio.written)
    else:
        used = render(Reason.NOT_ON_SITE_PLAN, "nothing used")
    return _finding("declared", Reason.NOT_ON_SITE_PLAN, render(Reason.NOT_ON_SITE_PLAN, "green", used=Both(*used)),
                    fields=("green_area",))


def _use_unknown(figs: SiteFigures, flags, limit, gp: GeometryPolicy) -> Finding | None:
    """Which buildings leave the large-commercial setback open because their use is not given."""
    big = limit.min_large_commercial
    if big is None:
        return None
    open_ = [b for b, f in zip(figs.buildings, flags) if f is None and b.commercial_floor_area is None
             and b.setback is not None and b.setback < big.value]
    if not open_:
        return None
    buildings = listed(Reason.USE_NOT_GIVEN, "building",
                       [dict(label=b.building.label, area=fmt.area(b.gross_floor_area), setback=fmt.number(b.setback))
                        for b in open_])
    words = render(Reason.USE_NOT_GIVEN, buildings=buildings, limit=fmt.area(gp.large_commercial_area))
    return _finding("declared", Reason.USE_NOT_GIVEN, words, fields=("site_plan", "large_commercial"))


def _flag_mismatch(declared: bool, figs: SiteFigures, gp: GeometryPolicy) -> Finding:
    def most_commercial(b) -> Fraction:  # at most its whole area when its use is not given
        return b.commercial_floor_area if b.commercial_floor_area is not None else b.gross_floor_area

    most = max(figs.buildings, key=most_commercial)
    area = fmt.area(most_commercial(most))
    limit = fmt.area(gp.large_commercial_area)
    words = render(Reason.DECLARED_MISMATCH, "large commercial", yes=Both("是", "") if declared else Both("不是", "not "),
                   label=most.building.label, area=area, limit=limit)
    return _finding("declared", Reason.DECLARED_MISMATCH, words, actual=figs.large_commercial,
                    fields=("large_commercial",))


def within_site(figs: SiteFigures) -> Finding:
    out = [b for b in figs.buildings if b.outside_area > b.outside_band]
    unsure = [b for b in figs.buildings if 0 < b.outside_area <= b.outside_band]
    if not out and unsure:
        buildings = listed(Reason.WITHIN_GEOMETRIC_PRECISION, "within site building",
                           [dict(label=b.building.label, area=fmt.area(b.outside_area), band=fmt.area(b.outside_band))
                            for b in unsure])
        return _finding("within_site", Reason.WITHIN_GEOMETRIC_PRECISION,
                        render(Reason.WITHIN_GEOMETRIC_PRECISION, "within site", buildings=buildings),
                        actual=sum((b.outside_area for b in unsure), Fraction(0)), fields=("site_plan",))
    if not out:
        return _finding("within_site", Reason.WITHIN_SITE, render(Reason.WITHIN_SITE, n=str(len(figs.buildings))),
                        fields=("site_plan",))
    buildings = listed(Reason.OUTSIDE_SITE, "building",
                       [dict(label=b.building.label, area=fmt.area(b.outside_area)) for b in out], ("；", "; "))
    total = sum((b.outside_area for b in out), Fraction(0))
    return _finding("within_site", Reason.OUTSIDE_SITE, render(Reason.OUTSIDE_SITE, buildings=buildings),
                    actual=total, fields=("site_plan",))
