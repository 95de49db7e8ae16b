"""The buildable envelope of a plot: what the limits in force allow, before any design exists.

The first thing an architect asks: how much counted floor area (exact: 47 333 m² × 2.4 =
113 599.2 m²), how large a footprint, how little green, how high, how many parking spaces, which
setbacks and entrance side — each with the letter, clause and date it comes from.

Area-based figures need the site area.  Given by the caller it is exact; otherwise the letter's
stated area is used and the figures are marked approximate when the letter says 约 or gives the
area only in its title; with no area at all they are indeterminate, never invented.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import fmt
from .indicators import INDICATORS, SIDE_ZH
from .rulebook.model import Approval, Limit, RuleBook, Stated
from .units import Amount

DETERMINED, APPROXIMATE, INDETERMINATE = "determined", "approximate", "indeterminate"

def _items() -> tuple[tuple, tuple, tuple]:
    """The envelope's items as the indicators declare them (``Indicator.envelope``): area items
    (a ratio over the site area, stated in its numerator: item, indicator, bound, zh, en), plain
    items (a bound on the value itself: indicator, bound, zh, en, unit), and the items listed
    even when no letter sets them (then indeterminate, so nobody reads "no limit")."""
    area, plain, always = [], [], []
    for ind in INDICATORS.values():
        ratio = ind.ratio
        for key, bound, zh, en, listed in ind.envelope:
            if listed:
                always.append(key)
            if bound == "equals":
                continue
            if ratio is not None:
                if ratio.denominator.name == "site_area" and ratio.per == 1 and ratio.numerator.kind == "area":
                    area.append((key, ind.key, bound, zh, en))
            else:
                plain.append((ind.key, bound, zh, en, ind.value.field.unit))
    return tuple(area), tuple(plain), tuple(always)


@dataclass(frozen=True, slots=True)
class SiteArea:
    """The area the envelope's area-based figures are computed on, and where it comes from."""

    value: Fraction | None
    written: str | None
    origin: str  # "given" | "letter" | "none"
    approx: bool = False
    approval: Approval | None = None
    note: str | None = None

    def to_json(self) -> dict:
        out: dict[str, Any] = {"value": float(self.value) if self.value is not None else None,
                               "written": self.written, "origin": self.origin, "approx": self.approx}
        if self.value is not None:
            out["exact"] = _exact(self.value)
        if self.approval is not None:
            out["source"] = self.approval.ref()
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class Item:
    """One bound of the envelope, exact, with its source and how sure it is."""

    key: str
    indicator: str
    bound: str  # "max" | "min" | "equals"
    status: str  # determined | approximate | indeterminate
    reason: str
    label_zh: str
    label_en: str
    value: Any = None  # Fraction (m², m, count), tuple of sides, LandUse, or None
    unit: str = ""
    exclusive: bool = False
    limit: Limit | None = None
    approval: Approval | None = None
    large_commercial: Fraction | None = None
    basis_zh: str = ""
    basis_en: str = ""

    def text(self, lang: str = "zh") -> str:
        """The value as an architect reads it (areas to 0.01 m²; exact value in JSON)."""
        if self.value is None:
            return "—"
        op = {"max": "<" if self.exclusive else "≤", "min": ">" if self.exclusive else "≥"}.get(self.bound, "")
        approx = ("约 " if lang == "zh" else "approx. ") if self.status == APPROXIMATE else ""
        if self.unit == "m2":
            return f"{op} {approx}{fmt.area(self.value)}".strip()
        if self.unit == "m":
            out = f"{op} {fmt.number(self.value)} m"
            if self.large_commercial is not None:
                lc = fmt.number(self.large_commercial)
                out += f"（大型商业建筑 ≥ {lc} m）" if lang == "zh" else f" (large commercial ≥ {lc} m)"
            return out
        if self.unit == "count":
            return f"{op} {self.value}" + (" 个" if lang == "zh" else " spaces")
        if self.unit == "side":
            return ("、".join(SIDE_ZH.get(s, s) for s in self.value) if lang == "zh"
                    else "/".join(self.value))
        if hasattr(self.value, "label"):
            return self.value.label
        return str(self.value)

    def source_text(self, lang: str = "zh") -> str:
        a = self.approval
        if a is None:
            return "—"
        clause = (f"第{a.clause}条" if lang == "zh" else f"clause {a.clause}") if a.clause else ""
        return " ".join(p for p in (a.source.id, clause, a.effective.isoformat()) if p)

    def to_json(self) -> dict:
        out: dict[str, Any] = {"key": self.key, "indicator": self.indicator,
                               "code": INDICATORS[self.indicator].code, "bound": self.bound,
                               "status": self.status, "reason": self.reason, "unit": self.unit}
        v = self.value
        if isinstance(v, Fraction):
            out["value"] = float(v)
            out["exact"] = _exact(v)
        elif isinstance(v, tuple):
            out["value"] = list(v)
        elif hasattr(v, "to_json"):
            out["value"] = v.to_json()
        else:
            out["value"] = v
        if self.exclusive:
            out["exclusive"] = True
        if self.large_commercial is not None:
            out["min_large_commercial"] = float(self.large_commercial)
        out["text"] = self.text("zh")
        out["text_en"] = self.text("en")
        if self.basis_zh:
            out["basis"] = self.basis_zh
            out["basis_en"] = self.basis_en
        if self.limit is not None:
            out["limit"] = fmt.limit_text(self.limit, "zh")
        if self.approval is not None:
            out["source"] = self.approval.ref()
        return out


@dataclass(frozen=True)
class Envelope:
    plot: str
    as_of: dt.date
    plot_status: str
    site_area: SiteArea
    items: tuple[Item, ...]
    planned: tuple[tuple[str, Stated, Approval], ...] = ()

    def get(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)

    def to_json(self) -> dict:
        return {"plot": self.plot, "as_of": self.as_of.isoformat(), "plot_status": self.plot_status,
                "site_area": self.site_area.to_json(), "items": [i.to_json() for i in self.items],
                "planned": [{"quantity": k, "value": float(s.amount.value), "written": s.amount.written,
                             "approx": s.approx, "source": a.ref()} for k, s, a in self.planned]}


def _exact(v: Fraction) -> str:
    """An exact value as a decimal when it terminates (113599.2), else as a fraction (142000/3)."""
    d = v.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        text = fmt.number(v, 12).rstrip("0").rstrip(".")
        return text
    return f"{v.numerator}/{v.denominator}"


def _site_area(site_area, res) -> SiteArea:
    from .units import parse

    if site_area is not None:
        a: Amount = parse(site_area, "area", field="site_area")
        if a.value == 0:
            from .errors import InputError

            raise InputError(f"{a.written!r}: a site area of zero leaves every area-based figure undefined",
                             field="site_area", value=a.written)
        return SiteArea(a.value, a.written, "given")
    if res.area is not None:
        stated, approval = res.area
        return SiteArea(stated.amount.value, stated.amount.written, "letter", approx=stated.approx,
                        approval=approval, note=stated.note)
    return SiteArea(None, None, "none")


def _planned(res) -> tuple:
    out: dict[str, tuple] = {}
    for a in res.in_force:
        if a.replaces == "all" or not a.published:
            out = {}
        for k, s in a.planned.items():
            out[k] = (k, s, a)
    return tuple(out.values())


def _indeterminate(key, indicator, bound, reason, zh, en, unit="", inf=None) -> Item:
    return Item(key=key, indicator=indicator, bound=bound, status=INDETERMINATE, reason=reason,
                label_zh=zh, label_en=en, unit=unit, limit=inf.limit if inf else None,
                approval=inf.approval if inf else None)


def compute(res, site: SiteArea) -> tuple[Item, ...]:
    """The envelope items of one resolved plot on one site area; pure."""
    items: list[Item] = []
    _AREA_ITEMS, _PLAIN_ITEMS, _ALWAYS = _items()
    if res.status != "in_force":
        reason = "unpublished" if res.status == "unpublished" else "no_approval_in_force"
        for key, ind, bound, zh, en in _AREA_ITEMS:
            if key in _ALWAYS:
                items.append(_indeterminate(key, ind, bound, reason, zh, en, "m2"))
        for ind, bound, zh, en, unit in _PLAIN_ITEMS:
            items.append(_indeterminate(ind, ind, bound, reason, zh, en, unit))
        items.append(_indeterminate("entrance_side", "entrance_side", "equals", reason, "出入口方位",
                                    "entrance side", "side"))
        items.append(_indeterminate("land_use", "land_use", "equals", reason, "用地性质", "land use",
                                    "land_use"))
        return tuple(items)

    for key, ind, bound, zh, en in _AREA_ITEMS:
        inf = res.limits.get(ind)
        amount = getattr(inf.limit, bound) if inf is not None else None
        if amount is None:
            if key in _ALWAYS:  # the usual bound is missing: say so rather than leave a gap
                reason = ("limit_without_number" if inf is not None and not inf.limit.numeric
                          else "no_limit_on_record")
                items.append(_indeterminate(key, ind, bound, reason, zh, en, "m2", inf))
            continue
        lt_zh, lt_en = fmt.limit_text(inf.limit, "zh"), fmt.limit_text(inf.limit, "en")
        exclusive = inf.limit.max_exclusive if bound == "max" else inf.limit.min_exclusive
        if site.value is None:
            items.append(Item(key=key, indicator=ind, bound=bound, status=INDETERMINATE,
                              reason="site_area_unknown", label_zh=zh, label_en=en, unit="m2",
                              exclusive=exclusive, limit=inf.limit, approval=inf.approval,
                              basis_zh=f"{lt_zh} × 用地面积（未知）", basis_en=f"{lt_en} × site area (unknown)"))
            continue
        value = amount.value * site.value
        approx_zh = "约" if site.approx else ""
        items.append(Item(key=key, indicator=ind, bound=bound,
                          status=APPROXIMATE if site.approx else DETERMINED,
                          reason="site_area_approximate" if site.approx else "computed", label_zh=zh,
                          label_en=en, value=value, unit="m2", exclusive=exclusive, limit=inf.limit,
                          approval=inf.approval,
                          basis_zh=f"{lt_zh} × 用地面积 {approx_zh}{fmt.area(site.value)}",
                          basis_en=f"{lt_en} × site area {'approx. ' if site.approx else ''}{fmt.area(site.value)}"))

    for ind, bound, zh, en, unit in _PLAIN_ITEMS:
        inf = res.limits.get(ind)
        if inf is None:
            items.append(_indeterminate(ind, ind, bound, "no_limit_on_record", zh, en, unit))
            continue
        amount = getattr(inf.limit, bound)
        if amount is None:
            items.append(_indeterminate(ind, ind, bound, "limit_without_number", zh, en, unit, inf))
            continue
        exclusive = inf.limit.max_exclusive if bound == "max" else inf.limit.min_exclusive
        lc = inf.limit.min_large_commercial.value if inf.limit.min_large_commercial is not None else None
        items.append(Item(key=ind, indicator=ind, bound=bound, status=DETERMINED, reason="limit",
                          label_zh=zh, label_en=en, value=amount.value, unit=unit, exclusive=exclusive,
                          limit=inf.limit, approval=inf.approval, large_commercial=lc))

    inf = res.limits.get("entrance_side")
    if inf is None or not inf.limit.equals:
        items.append(_indeterminate("entrance_side", "entrance_side", "equals", "no_limit_on_record",
                                    "出入口方位", "entrance side", "side", inf))
    else:
        items.append(Item(key="entrance_side", indicator="entrance_side", bound="equals", status=DETERMINED,
                          reason="limit", label_zh="出入口方位", label_en="entrance side",
                          value=tuple(inf.limit.equals), unit="side", limit=inf.limit, approval=inf.approval))
    if res.land_use is None:
        items.append(_indeterminate("land_use", "land_use", "equals", "no_limit_on_record", "用地性质",
                                    "land use", "land_use"))
    else:
        lu = res.land_use
        items.append(Item(key="land_use", indicator="land_use", bound="equals", status=DETERMINED,
                          reason="limit", label_zh="用地性质", label_en="land use",
                          value=lu.limit.land_use, unit="land_use", limit=lu.limit, approval=lu.approval))
    return tuple(items)


def envelope(plot: str, site_area: Any = None, as_of: dt.date | str | None = None,
             rulebook: RuleBook | None = None) -> Envelope:
    """The buildable envelope of ``plot`` as of a date (default today) on the embedded rule book.

    ``site_area``: a number in m² or a quantity as written ("47333 m2", "71 亩"); by default the
    area the letter states (approximate when it says 约 or gives it only in the title).
    """
    from .dates import parse_date
    from .rulebook import load_rulebook

    from .checker import given

    given(rulebook)
    book = rulebook if rulebook is not None else load_rulebook()
    day = parse_date(as_of)
    res = book.resolve(plot, day)
    site = _site_area(site_area, res)
    return Envelope(plot=res.plot, as_of=day, plot_status=res.status, site_area=site,
                    items=compute(res, site), planned=_planned(res))
