"""Display of exact values: rounding for people, never for decisions (DOMAIN.md §4).

FAR to 2 decimals, ratios to 0.01 %, areas to 0.01 m², lengths to 0.01 m.  When rounding would
hide why a value fails (2.404 shown as 2.40 against ≤ 2.4) more digits are shown.
"""
from __future__ import annotations

from fractions import Fraction

from .indicators import INDICATORS, META, SIDE_ZH
from .rulebook.model import Limit
from .units import decimal_text, group


def number(v: Fraction, places: int = 2, *, reveal: Fraction | None = None) -> str:
    """``v`` to ``places`` decimals; with more (up to 6) if it would print equal to ``reveal``."""
    text = decimal_text(v, places)
    if reveal is not None and v != reveal:
        p = places
        while p < 6 and Fraction(decimal_text(v, p)) == Fraction(decimal_text(reveal, p)):
            p += 1
            text = decimal_text(v, p)
    return text


def area(v: Fraction) -> str:
    return f"{group(decimal_text(v, 2))} m²"


def _kind(indicator: str) -> str | None:
    ind = INDICATORS.get(indicator) or META.get(indicator)
    return ind.kind if ind is not None else None


def value(indicator: str, v, *, reveal: Fraction | None = None) -> str:
    """An actual value of an indicator as an officer reads it (by the kind it declares)."""
    if v is None:
        return "—"
    kind = _kind(indicator)
    if kind == "ratio" and indicator != "declared":
        r = reveal * 100 if reveal is not None else None
        return number(v * 100, 2, reveal=r) + "%"
    if kind == "number":
        return number(v, 2, reveal=reveal)
    if kind == "length":
        return number(v, 2, reveal=reveal) + " m"
    if kind == "count":
        return str(int(v))
    if kind == "side":
        return "、".join(SIDE_ZH.get(s, s) for s in v) if isinstance(v, tuple) else str(v)
    if kind == "area":
        return area(v)
    return str(v)


def quantity(kind: str, v: Fraction, lang: str = "zh") -> str:
    """An amount of a design field (a margin, an allowed floor area) in its unit."""
    if kind == "area":
        return area(v)
    if kind == "length":
        return f"{number(v)} m"
    if kind == "count":
        n = str(v) if Fraction(v).denominator == 1 else number(v, 2)
        return f"{n} 个" if lang == "zh" else f"{n} spaces"
    if kind == "ratio":
        return number(v * 100, 2) + (" 个百分点" if lang == "zh" else " percentage points")
    return number(v, 2, reveal=Fraction(0))


def _limit_number(indicator: str, a) -> str:
    """A limit's number as the letter wrote it (2.4, 30%, 50 m) from its exact value."""
    v = a.value
    kind = _kind(indicator)
    if kind == "ratio":
        return _trim(v * 100) + "%"
    if kind == "length":
        return _trim(v) + "米"
    if kind == "count":
        return _trim(v) + "个"
    return a.written if isinstance(a.written, str) and a.written.replace(".", "").isdigit() else _trim(v)


def _trim(v: Fraction) -> str:
    text = decimal_text(v, 6).rstrip("0").rstrip(".")
    return text


def limit_text(limit: Limit, lang: str = "zh") -> str:
    """A limit as one phrase: 容积率≤2.4 / FAR ≤ 2.4."""
    ind = INDICATORS[limit.indicator]
    name = ind.zh if lang == "zh" else ind.en
    parts = []
    if limit.land_use is not None:
        return f"{name}：{limit.land_use.label}" if lang == "zh" else f"{name}: {limit.land_use.label}"
    if limit.equals is not None:
        sides = "、".join(SIDE_ZH.get(s, s) for s in limit.equals) if lang == "zh" else "/".join(limit.equals)
        return f"{name}位于用地{sides}" if lang == "zh" else f"{name}: {sides}"
    sep = "" if lang == "zh" else " "
    if limit.min is not None:
        op = ">" if limit.min_exclusive else "≥"
        parts.append(f"{name}{sep}{op}{sep}{_limit_number(limit.indicator, limit.min)}")
    if limit.max is not None:
        op = "<" if limit.max_exclusive else "≤"
        parts.append(f"{name}{sep}{op}{sep}{_limit_number(limit.indicator, limit.max)}")
    if limit.min_large_commercial is not None:
        extra = _limit_number(limit.indicator, limit.min_large_commercial)
        parts.append(f"（大型商业建筑≥{extra}）" if lang == "zh" else f"(large commercial ≥ {extra})")
    if limit.text:
        parts.append(f"{name}{limit.text}" if not parts else limit.text)
    text = ("，" if lang == "zh" else ", ").join(p for p in parts if not p.startswith(("（", "(")))
    text += "".join(p for p in parts if p.startswith(("（", "(")))
    if lang == "en":
        text = text.replace("米", " m").replace("个", "")
    return text
