"""check(design) → Report: one finding per limit in force, decided exactly.

Pure: no I/O beyond reading the design and rule book it is handed (or the embedded book).  What an
indicator is — where its value comes from, how its margin is measured, how it reads — is declared
in ``indicators``; how each kind of rule is decided is here (``_bounds``, ``_setback``,
``_entrance``, ``_land_use``), and the words are in ``messages``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import fmt, landuse
from .dates import parse_date
from .design import LoadedDesign, load_design
from .indicators import INDICATORS, RULE_BOUNDS, RULE_LAND_USE, RULE_SETBACK, RULE_SIDES, SIDE_ZH, Indicator
from .messages import Both, render
from .report import Finding, Margin, Report
from .rulebook.model import InForce, Limit, Resolution, RuleBook
from .status import Reason, Status
from .units import Amount

if TYPE_CHECKING:  # pragma: no cover
    from .design import Design

__all__ = ["DEFAULT_POLICY", "Policy", "apply_waivers", "check", "evaluate", "parse_date", "violates"]


def _default_required() -> tuple[str, ...]:
    return tuple(k for k, i in INDICATORS.items() if i.required)


@dataclass(frozen=True)
class Policy:
    """Choices that differ between bureaus; the defaults follow ../shared/DOMAIN.md.

    ``comparison``: "full" — GB/T 8170 全数值比较法, the unrounded value decides (default);
    "rounded" — 修约值比较法, the value is first rounded to the limit's written digits.
    ``required``: indicators every plot is expected to limit; one with no limit on record is
    reported as indeterminate rather than silently passing (default: those declared ``required``).
    ``site_area_tolerance``: how far a design's 用地面积 may stray from the letter's before a warning.
    """

    comparison: str = "full"
    required: tuple[str, ...] = _default_required()
    site_area_tolerance: Fraction = Fraction(5, 100)
    #: How a site plan becomes indicators: a ``geometry.GeometryPolicy`` or a name from
    #: ``geometry.POLICIES``; None is the default (GB/T 50353, GB 50352, GB 50180; see docs/geometry.md).
    geometry: Any = None
    #: What no design can be (a ``plausibility.Plausibility``); None is the default (docs/plausibility.md).
    plausibility: Any = None

    def __post_init__(self) -> None:
        from .errors import InputError

        if self.comparison not in ("full", "rounded"):
            raise InputError(f"{self.comparison!r} is not a comparison method", field="comparison",
                             value=self.comparison, expected="'full' (全数值比较法) or 'rounded' (修约值比较法)")
        unknown = [k for k in self.required if k not in INDICATORS or not INDICATORS[k].requirable]
        if unknown:
            raise InputError(f"{unknown[0]!r} is not an indicator a limit can be required for",
                             field="required", value=unknown[0],
                             expected=", ".join(k for k, i in INDICATORS.items() if i.requirable))


DEFAULT_POLICY = Policy()


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

    def add(self, indicator: str, reason: Reason, words: tuple[str, str], **kw) -> None:
        """A finding: its status is its reason's."""
        self.findings.append(Finding(indicator=indicator, status=reason.status, reason=reason,
                                     message_zh=words[0], message_en=words[1], **kw))


def _limit_words(limit: Limit) -> Both:
    return Both(fmt.limit_text(limit, "zh"), fmt.limit_text(limit, "en"))


def _name(ind: Indicator) -> Both:
    return Both(ind.zh, ind.en)


def _field(d: Design, name: str) -> Amount | None:
    return getattr(d, name, None)


def _actual(ctx: _Ctx, ind: Indicator) -> tuple[Fraction | None, tuple[str, ...]]:
    """The value that decides, and the fields it comes from.  A ratio from its two fields when
    both are given (it decides; a declared figure is then cross-checked), else the declared one."""
    ratio = ind.ratio
    key = ind.key
    if ratio is None:
        name = ind.value.field.name
        amount = _field(ctx.d, name)
        if amount is None:
            return None, (name,)
        ctx.computed[key] = amount.value
        return amount.value, (name,)
    num: Amount | None = _field(ctx.d, ratio.numerator.name)
    den: Amount | None = _field(ctx.d, ratio.denominator.name)
    declared: Amount | None = _field(ctx.d, ind.declared.name) if ind.declared is not None else None
    if num is not None and den is not None:
        value = ratio.of(num.value, den.value)
        ctx.computed[key] = value
        if declared is not None:
            tol = declared.half_step if declared.half_step is not None else Fraction(0)
            if abs(declared.value - value) > tol:
                _declared_mismatch(ctx, ind, declared, value, num, den)
        return value, ratio.fields
    if declared is not None:
        return declared.value, (ind.declared.name,)
    return None, ratio.fields + ((ind.declared.name,) if ind.declared is not None else ())


def _declared_mismatch(ctx: _Ctx, ind: Indicator, declared: Amount, value: Fraction, num: Amount,
                       den: Amount) -> None:
    ratio = ind.ratio
    n, d = ratio.numerator, ratio.denominator
    areas = n.kind == d.kind == "area"
    words = render(
        Reason.DECLARED_MISMATCH, "ratio", name=_name(ind), declared=declared.written,
        computed=fmt.value(ind.key, value, reveal=declared.value),
        basis=Both("面积", "areas") if areas else Both(f"{n.zh}和{d.zh}", f"{n.en} and {d.en}"),
        num=Both(n.zh, n.en), num_value=Both(fmt.quantity(n.kind, num.value), fmt.quantity(n.kind, num.value, "en")),
        den=Both(d.zh, "site" if d.name == "site_area" else d.en), den_value=Both(fmt.quantity(d.kind, den.value), fmt.quantity(d.kind, den.value, "en")),
        per=Both(f" × {fmt.number(ratio.per, 0)}", f" × {fmt.number(ratio.per, 0)}") if ratio.per != 1 else "")
    ctx.add("declared", Reason.DECLARED_MISMATCH, words, actual=value,
            fields=(ind.declared.name, n.name, d.name))


def _missing(ctx: _Ctx, key: str, inf: InForce, fields: tuple[str, ...]) -> None:
    ind = INDICATORS[key]
    if len(fields) == 3:  # a ratio: both fields, or the declared figure
        need = Both(f"{fields[0]} 和 {fields[1]}，或 {fields[2]}", f"{fields[0]} and {fields[1]}, or {fields[2]}")
    else:
        need = Both(" 和 ".join(fields) if fields else key, " and ".join(fields) if fields else key)
    ctx.add(key, Reason.VALUE_MISSING,
            render(Reason.VALUE_MISSING, name=_name(ind), need=need, limit=_limit_words(inf.limit)),
            limit=inf.limit, approval=inf.approval, fields=fields)


def _without_number(ctx: _Ctx, ind: Indicator, inf: InForce, fields: tuple[str, ...] = ()) -> None:
    ctx.add(ind.key, Reason.LIMIT_WITHOUT_NUMBER,
            render(Reason.LIMIT_WITHOUT_NUMBER, name=_name(ind), text=inf.limit.text),
            limit=inf.limit, approval=inf.approval, fields=fields)


def _bounds(ctx: _Ctx, ind: Indicator, inf: InForce) -> None:
    """A number against a maximum and/or a minimum (容积率, 建筑密度, 高度, 停车泊位 …)."""
    key = ind.key
    limit = inf.limit
    if not limit.numeric:
        _without_number(ctx, ind, inf)
        return
    actual, fields = _actual(ctx, ind)
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
    by_declared = ind.ratio is not None and ind.declared is not None and fields == (ind.declared.name,)
    declared = _field(ctx.d, ind.declared.name) if by_declared else None
    half = declared.half_step if declared is not None else None
    # Full comparison: any rounded figure whose interval reaches across a bound is undecided.
    # Rounded comparison (GB/T 8170 修约值比较法) rounds the figure to the limit's digits — possible
    # only when it has at least as many; a coarser one (far: 2 against ≤ 2.4) is undecided too.
    coarse = ctx.policy.comparison == "full" or any(
        b is not None and b.half_step is not None and half is not None and half > b.half_step
        for b in (limit.max, limit.min))
    if half and coarse and violates(actual - half, limit, ctx.policy) != violates(actual + half, limit, ctx.policy):
        _rounded_at_limit(ctx, ind, inf, declared)
        return
    bound_name = broken or ("max" if limit.max is not None else "min")
    bound = limit.max if bound_name == "max" else limit.min
    margin = _margin(ctx, ind, actual, bound.value, bound_name, fields)
    reason = (Reason.EXCEEDS_MAX if broken == "max" else Reason.BELOW_MIN if broken == "min"
              else Reason.WITHIN_LIMIT)
    ctx.add(key, reason, _verdict_words(ctx, ind, limit, actual, margin, reason, bound.value),
            actual=actual, limit=limit, approval=inf.approval, margin=margin, fields=fields)


def _rounded_at_limit(ctx: _Ctx, ind: Indicator, inf: InForce, declared: Amount) -> None:
    """A declared ratio is a rounded figure: 2.40 stands for anything in [2.395, 2.405].  When that
    interval reaches across the limit, the unrounded value (which decides, GB/T 8170 全数值比较法)
    is not given — so neither pass nor fail until the fields it is computed from are."""
    key = ind.key
    n, d = ind.ratio.numerator, ind.ratio.denominator
    lo, hi = declared.value - declared.half_step, declared.value + declared.half_step
    span = f"{fmt.value(key, lo, reveal=hi)}～{fmt.value(key, hi, reveal=lo)}"
    ctx.add(key, Reason.DECLARED_ROUNDED_AT_LIMIT,
            render(Reason.DECLARED_ROUNDED_AT_LIMIT, name=_name(ind), declared=declared.written, span=span,
                   limit=_limit_words(inf.limit), num=Both(n.zh, n.en), den=Both(d.zh, d.en)),
            actual=declared.value, limit=inf.limit, approval=inf.approval, fields=(ind.declared.name,))


def _imprecise(ctx: _Ctx, key: str, inf: InForce, actual: Fraction, tol: Fraction, bound_name: str,
               bound: Fraction, fields: tuple[str, ...]) -> None:
    """A value measured on a drawing lies within its precision (``tolerance``) of a bound: the
    drawing cannot decide, so neither pass nor fail."""
    ind = INDICATORS[key]
    scale, unit = ind.precision_unit
    places = 0
    while places < 12 and tol * scale * 10 ** places < 10:
        places += 1
    band = fmt.number(tol * scale, places) + unit  # two significant digits
    ctx.add(key, Reason.WITHIN_GEOMETRIC_PRECISION,
            render(Reason.WITHIN_GEOMETRIC_PRECISION, name=_name(ind), shown=fmt.value(key, actual, reveal=bound),
                   band=band, limit=_limit_words(inf.limit)),
            actual=actual, limit=inf.limit, approval=inf.approval, fields=fields,
            margin=_margin(ctx, ind, actual, bound, bound_name, fields))


def _margin(ctx: _Ctx, ind: Indicator, actual: Fraction, bound: Fraction, bound_name: str,
            fields: tuple[str, ...]) -> Margin:
    """In the quantity an officer acts on: a ratio computed from its fields in its numerator
    (m² of floor area), anything else in the value itself."""
    sign = 1 if bound_name == "max" else -1
    ratio = ind.ratio
    if ratio is not None and fields == ratio.fields:
        n = ratio.numerator
        num = _field(ctx.d, n.name).value
        allowed = ratio.allowed(bound, _field(ctx.d, ratio.denominator.name).value)
        return Margin(n.name, n.unit, allowed, num, sign * (num - allowed), bound_name)
    unit = ind.value.field.unit if ratio is None else "1"
    return Margin(ind.key, unit, bound, actual, sign * (actual - bound), bound_name)


def _verdict_words(ctx: _Ctx, ind: Indicator, limit: Limit, actual: Fraction, m: Margin, reason: Reason,
                   bound: Fraction) -> tuple[str, str]:
    shown = fmt.value(ind.key, actual, reveal=bound)
    lt = _limit_words(limit)
    ratio = ind.ratio
    if ratio is not None and m.quantity == ratio.numerator.name:
        n, d = ratio.numerator, ratio.denominator
        den = _field(ctx.d, d.name).value
        per = Both(f" ÷ {fmt.number(ratio.per, 0)}", f" / {fmt.number(ratio.per, 0)}") if ratio.per != 1 else Both("", "")
        basis = Both(f"{lt.zh} × {d.zh} {fmt.quantity(d.kind, den)}{per.zh}",
                     f"{lt.en} × {d.en} {fmt.quantity(d.kind, den, 'en')}{per.en}")
        q = lambda v: Both(fmt.quantity(n.kind, v), fmt.quantity(n.kind, v, "en"))  # noqa: E731
        variant = "ratio" if reason != Reason.WITHIN_LIMIT else f"ratio {m.bound}"
        return render(reason, variant, name=_name(ind), shown=shown, limit=lt, num=Both(n.zh, n.en),
                      actual=q(m.actual), allowed=q(m.allowed), basis=basis, excess=q(m.excess), room=q(-m.excess))
    kind = ind.kind if ind.kind in ("ratio", "count", "length") else "number"
    diff = Both(fmt.quantity(kind, abs(m.excess)), fmt.quantity(kind, abs(m.excess), "en"))
    return render(reason, name=_name(ind), shown=shown, limit=lt, diff=diff)


def _setback(ctx: _Ctx, ind: Indicator, inf: InForce) -> None:
    """退让红线: a minimum for every building, and a larger one for 大型商业建筑 (either may be absent)."""
    key = ind.key
    name = ind.value.field.name
    limit = inf.limit
    if limit.min is None and limit.min_large_commercial is None:
        _without_number(ctx, ind, inf, (name,))
        return
    s = _field(ctx.d, name)
    if s is None:
        _missing(ctx, key, inf, (name,))
        return
    actual = s.value
    ctx.computed[key] = actual
    tol = ctx.tolerance.get(key, Fraction(0))  # a setback measured on a site plan: its precision
    lt = _limit_words(limit)
    shown = fmt.value(key, actual)
    base, large = limit.min, limit.min_large_commercial
    common = dict(actual=actual, limit=limit, approval=inf.approval)
    if base is not None and violates(actual + tol, Limit(key, min=base, min_exclusive=limit.min_exclusive),
                                     ctx.policy):
        m = Margin(name, "m", base.value, actual, base.value - actual, "min")
        ctx.add(key, Reason.BELOW_MIN,
                render(Reason.BELOW_MIN, "setback", shown=shown, limit=lt, diff=fmt.number(m.excess)),
                margin=m, fields=(name,), **common)
        return
    short_of_large = large is not None and ctx.d.large_commercial is True and actual + tol < large.value
    if tol and base is not None and not short_of_large and violates(
            actual - tol, Limit(key, min=base, min_exclusive=limit.min_exclusive), ctx.policy):
        _imprecise(ctx, key, inf, actual, tol, "min", base.value, (name,))
        return
    if large is None or actual - tol >= large.value:
        need = large if large is not None else base
        m = Margin(name, "m", need.value, actual, need.value - actual, "min")
        ctx.add(key, Reason.WITHIN_LIMIT, render(Reason.WITHIN_LIMIT, "setback", shown=shown, limit=lt),
                margin=m, fields=(name,), **common)
        return
    flag = ctx.d.large_commercial
    m = Margin(name, "m", large.value, actual, large.value - actual, "min")
    fields = (name, "large_commercial")
    if flag is not False and (actual >= large.value if flag is None else actual + tol >= large.value):
        _imprecise(ctx, key, inf, actual, tol, "min", large.value, fields)  # only with tol > 0
        return
    if flag is None:
        general = Both("满足一般建筑要求，但", "meets the general minimum but ") if base is not None else ""
        ctx.add(key, Reason.LARGE_COMMERCIAL_UNKNOWN,
                render(Reason.LARGE_COMMERCIAL_UNKNOWN, shown=shown, general=general,
                       large=fmt.number(large.value)),
                margin=m, fields=fields, **common)
    elif flag:
        ctx.add(key, Reason.BELOW_MIN_LARGE_COMMERCIAL,
                render(Reason.BELOW_MIN_LARGE_COMMERCIAL, shown=shown, limit=lt, diff=fmt.number(m.excess)),
                margin=m, fields=fields, **common)
    else:
        m = Margin(name, "m", base.value, actual, base.value - actual, "min") if base is not None else None
        ctx.add(key, Reason.WITHIN_LIMIT,
                render(Reason.WITHIN_LIMIT, "setback not large commercial", shown=shown, limit=lt),
                margin=m, fields=fields, **common)


def _entrance(ctx: _Ctx, ind: Indicator, inf: InForce) -> None:
    key, name = ind.key, ind.value.field.name
    sides = _field(ctx.d, name)
    if sides is None:
        _missing(ctx, key, inf, (name,))
        return
    allowed = set(inf.limit.equals or ())
    wrong = tuple(s for s in sides if s not in allowed)
    reason = Reason.WRONG_SIDE if wrong else Reason.WITHIN_LIMIT
    words = render(reason, "" if wrong else "sides", shown="、".join(SIDE_ZH[s] for s in sides),
                   sides="/".join(sides), limit=_limit_words(inf.limit))
    ctx.add(key, reason, words, actual=sides, limit=inf.limit, approval=inf.approval, fields=(name,))


def _land_use(ctx: _Ctx, ind: Indicator, inf: InForce) -> None:
    key, name = ind.key, ind.value.field.name
    required = inf.limit.land_use
    if _field(ctx.d, name) is None:
        _missing(ctx, key, inf, (name,))
        return
    given = landuse.resolve(_field(ctx.d, name))
    same = landuse.same(given, required)
    reason = (Reason.WITHIN_LIMIT if same is True else Reason.WRONG_LAND_USE if same is False
              else Reason.LAND_USE_UNDECIDABLE)
    words = render(reason, "land_use" if same is True else "", given=given.label, required=required.label)
    ctx.add(key, reason, words, actual=given, limit=inf.limit, approval=inf.approval, fields=(name,))


def _site_area(ctx: _Ctx) -> None:
    if ctx.res.area is None or ctx.d.site_area is None:
        return
    stated, approval = ctx.res.area
    given = ctx.d.site_area.value
    ref = stated.amount.value
    rel = abs(given - ref) / ref
    if rel > ctx.policy.site_area_tolerance:
        words = render(Reason.SITE_AREA_DIFFERS, given=fmt.area(given),
                       approx=Both("约", "approx. ") if stated.approx else "", stated=stated.amount.written,
                       ref=fmt.area(ref), pct=fmt.number(rel * 100, 2))
        ctx.add("site_area", Reason.SITE_AREA_DIFFERS, words, actual=given, approval=approval, fields=("site_area",))


def _plot_status(ctx: _Ctx) -> None:
    res = ctx.res
    if res.status == "unpublished":
        a = res.unpublished_by
        ctx.add("plot", Reason.UNPUBLISHED, render(Reason.UNPUBLISHED, plot=res.plot, document=a.source.id,
                                                   date=str(a.source.date)), approval=a)
    elif res.succeeded_by:
        a = res.in_force[-1]
        ctx.add("plot", Reason.SUPERSEDED,
                render(Reason.SUPERSEDED, plot=res.plot, document=a.source.id, date=str(a.effective),
                       successors=Both("、".join(res.succeeded_by), ", ".join(res.succeeded_by))), approval=a)
    elif res.status == "none":
        first = res.history[0] if res.history else None
        later = Both(f"（最早的批复 {first.source.id} 于 {first.effective} 生效）",
                     f" (the first, {first.source.id}, takes effect on {first.effective})") if first else ""
        ctx.add("plot", Reason.NO_APPROVAL_IN_FORCE,
                render(Reason.NO_APPROVAL_IN_FORCE, as_of=str(res.as_of), plot=res.plot, later=later))


def _no_limit(ctx: _Ctx, key: str, actual: Fraction | None = None) -> None:
    ind = INDICATORS[key]
    shown = Both(f"（设计值 {fmt.value(key, actual)}）", f" (the design's value: {fmt.value(key, actual)})") \
        if actual is not None else ""
    ctx.add(key, Reason.NO_LIMIT_ON_RECORD,
            render(Reason.NO_LIMIT_ON_RECORD, plot=ctx.res.plot, name=_name(ind), shown=shown),
            actual=actual, approval=None, fields=(key,))


def _under_review(f: Finding) -> Finding:
    """An approval whose draft still lists `review:` items cannot decide anything yet."""
    a = f.approval
    zh, en = render(Reason.UNDER_REVIEW, message=Both(f.message_zh, f.message_en), document=a.source.id,
                    clause=Both(f"第{a.clause}条" if a.clause else "", ""))
    return replace(f, status=Reason.UNDER_REVIEW.status, reason=Reason.UNDER_REVIEW, message_zh=zh, message_en=en)


_RULES = {RULE_BOUNDS: _bounds, RULE_SETBACK: _setback, RULE_SIDES: _entrance}


def evaluate(design: Design, res: Resolution, policy: Policy = DEFAULT_POLICY,
             tolerance: "dict[str, Fraction] | None" = None) -> tuple[list[Finding], dict]:
    """Findings for one design against one resolved plot; the pure core of ``check``.

    ``tolerance``: indicator → how far the design's value may be from the truth (a site plan's
    geometric precision, from ``site_plan``); a value whose band reaches across a bound
    is indeterminate (``within_geometric_precision``).  None for declared figures: exact.
    """
    ctx = _Ctx(design, res, policy, tolerance)
    _plot_status(ctx)
    inds = list(INDICATORS.values())
    for ind in inds:  # the land use leads (it is the approval's, not a limit among others)
        if ind.rule == RULE_LAND_USE and res.land_use is not None:
            _land_use(ctx, ind, res.land_use)
    for ind in inds:
        if ind.rule == RULE_LAND_USE:
            continue
        key = ind.key
        inf = res.limits.get(key)
        if inf is None:
            if ind.ratio is not None:
                actual, _ = _actual(ctx, ind)  # still cross-check declared figures
            else:
                amount = getattr(design, ind.value.field.name, None)
                actual = amount.value if isinstance(amount, Amount) else None
            if res.status == "in_force" and key in policy.required:
                _no_limit(ctx, key, actual)
            continue
        _RULES[ind.rule](ctx, ind, inf)
    _site_area(ctx)
    if design.site_area is not None:
        ctx.computed.setdefault("site_area", design.site_area.value)
    findings = [_under_review(f) if f.approval is not None and f.approval.review
                and f.status in (Status.PASS, Status.FAIL) else f for f in ctx.findings]
    return findings, ctx.computed


def given(rulebook: Any, policy: Any = DEFAULT_POLICY) -> None:
    """Refuse, as bad input, a rule book or policy of the wrong type passed through the API (a
    path where a ``RuleBook`` belongs): an AttributeError deep inside would read as a bug."""
    from .errors import InputError

    if rulebook is not None and not isinstance(rulebook, RuleBook):
        hint = " (load it first: zoning_rules.load_rulebook(path))" if isinstance(rulebook, str) else ""
        raise InputError(f"{type(rulebook).__name__} {rulebook!r:.60} is not a rule book{hint}", field="rulebook",
                         value=repr(rulebook)[:60], expected="a RuleBook (zoning_rules.load_rulebook(...)) or None")
    if not isinstance(policy, Policy):
        raise InputError(f"{type(policy).__name__} {policy!r:.60} is not a policy", field="policy",
                         value=repr(policy)[:60], expected="a zoning_rules.Policy (or leave it out)")


def check(design: Any, rulebook: RuleBook | None = None, as_of: dt.date | str | None = None,
          policy: Policy = DEFAULT_POLICY) -> Report:
    """Check a design (a ``Design``, a mapping or a YAML/JSON path) against the limits in force.

    ``as_of`` defaults to today; the embedded rule book is used when none is given.
    """
    from .rulebook import load_rulebook

    given(rulebook, policy)
    loaded: LoadedDesign = load_design(design, fast=True)  # the model only for what it must say
    from .plausibility import check_design

    check_design(loaded, policy.plausibility)  # what cannot exist is an error, never a pass
    book = rulebook if rulebook is not None else load_rulebook()
    day = parse_date(as_of)
    plot, placed = loaded.design.plot, []
    if loaded.design.site_plan is not None and (plot is None or book.boundaries):
        from .plan.site import place  # where the site lies among the plan's plots (a finding, never a silent choice)

        plot, placed = place(loaded, book)
    book.key(plot, file=loaded.path)
    res = book.resolve(plot, day)
    design, extra, from_plan, tolerance, evidence, figs = loaded.design, [], {}, None, {}, None
    if design.site_plan is not None:  # compute first, then evaluate the computed values
        from .geometry import load_figures
        from .site_plan import with_site_plan

        figs = load_figures(loaded, policy.geometry)
        design, extra, from_plan, tolerance, evidence = with_site_plan(loaded, res, policy.geometry, figs)
    findings, computed = evaluate(design, res, policy, tolerance)
    findings, computed = [*placed, *findings, *extra], {**computed, **from_plan}
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
                  path=loaded.path, lines=MappingProxyType(lines), evidence=MappingProxyType(evidence), site_figures=figs)


def apply_waivers(findings, waivers) -> list[Finding]:
    """A failing finding covered by an approved exception becomes WAIVED, never dropped.

    Only failures are waived: an indeterminate finding stays indeterminate (nobody can approve an
    exception to a value that is not known) and a pass needs no exception.
    """
    from .messages import WAIVED, Both, fill
    from .report import Waiver

    by_key = {w.indicator: w for w in waivers}
    out = []
    for f in findings:
        w = by_key.get(f.indicator)
        if w is None or f.status != Status.FAIL:
            out.append(f)
            continue
        why = Both(f"，理由：{w.reason}", f"; reason: {w.reason}") if w.reason else ""
        zh, en = fill(WAIVED, message=Both(f.message_zh, f.message_en), document=w.document, why=why)
        out.append(replace(f, status=Status.WAIVED, waiver=Waiver(w.indicator, w.document, w.reason),
                           message_zh=zh, message_en=en))
    return out
