"""One attribute value of a plan layer → the bound it states, as rule-book text, or why it cannot.

Plan layers hold control figures as numbers (``2.4`` in a numeric field), as text with an operator
(``≤2.4``, ``不大于2.4``, ``≥35%``), as ranges (``2.0-3.5``: a minimum too) or with units (``24米``,
``3.2公顷``).  What a bare number bounds follows the indicator (容积率, 建筑密度, 建筑限高: a
maximum; 绿地率: a minimum).  The result is written back as the rule-book spelling (``{max:
"2.4"}``) with the digits as they stood, so the exact value the rule book builds is the one the
layer held.  A value with a number this module cannot read (``约2.0``, ``2.4(住宅)3.0(商业)``) is
*unreadable*, never guessed; a value without any digit (``满足机场限高``) is a limit stated without
a number, which the checker reports as indeterminate.

Numbers that no plan sets as a limit are unreadable too, with the reason said: NaN and infinity (a
spreadsheet's 0/0), 0 or a negative number as a maximum (GIS attribute tables write 0 or -1 where
nobody filled the cell in — read as "nothing may be built" it would fail every design, read as no
limit it would drop what the cell says; an officer decides), and magnitudes beyond any building
(a 容积率 above ``max_storeys``, a height above ``max_height`` of ``plausibility.Plausibility``).
Blank cells and the marks plans use for "no such limit" (``/``, ``—``, ``无``) are *absent*: no
limit, counted by the importer.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..errors import UnitError
from ..units import _MAX_DIGITS, parse

#: Role → (units kind, what a bare number bounds, labels that may precede the number).
ROLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "far": ("number", "max", ("容积率", "FAR")),
    "building_density": ("ratio", "max", ("建筑密度", "密度")),
    "green_ratio": ("ratio", "min", ("绿地率",)),
    "height": ("length", "max", ("建筑限高", "建筑高度", "限高", "高度")),
    "area": ("area", "equals", ("用地面积", "面积")),
}

#: Text that says "no value here" (blank cells are absent too); counted, not read as a limit.
ABSENT = frozenset({"", "/", "-", "—", "——", "－", "无", "null", "none", "n/a", "NULL", "None"})
#: Text spellings of a number that is not one (a spreadsheet's 0/0 or 1/0 written out).
NOT_FINITE = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞",
                        "+∞", "-∞", "#div/0!", "#num!", "#value!"})
#: Why 0 or a negative number is not read as a limit (said in every such review line).
NOT_GIVEN = ("GIS attribute tables write 0 or -1 where no value was given, and no plan sets it as a "
             "value (an officer decides what it means)")

_OPS = (  # longest first
    ("小于等于", "max"), ("大于等于", "min"), ("不大于", "max"), ("不超过", "max"), ("不高于", "max"),
    ("不小于", "min"), ("不低于", "min"), ("不少于", "min"), ("<=", "max"), (">=", "min"),
    ("≤", "max"), ("≦", "max"), ("≥", "min"), ("≧", "min"), ("小于", "max<"), ("低于", "max<"),
    ("大于", "min>"), ("高于", "min>"), ("<", "max<"), (">", "min>"),
)
_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?"  # the exponent: numbers GDAL wrote as text (1e-05)
#: Digits grouped by thousands (12,345.6; 1,000): the commas go, the digits stay.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_QTY = re.compile(rf"^(?P<num>{_NUM})\s*(?P<unit>[^\d\s~\-至到]*)$")
_RANGE = re.compile(rf"^(?P<a>(?:{_NUM})\s*[^\d\s~\-至到]*)\s*(?:-|~|至|到|—|－)\s*(?P<b>(?:{_NUM})\s*[^\d\s~\-至到]*)$")


@dataclass(frozen=True, slots=True)
class Read:
    """What one cell says: a bound in rule-book spelling, a text limit, nothing, or why not."""

    spec: dict | None = None  # {"max": "2.4"} / {"min": "2.0", "max": "3.5"} / {"text": …} / {"value": …}
    absent: bool = False
    error: str | None = None  # why the value cannot be read (listed, never guessed)


def _number_text(raw: Any) -> str | None:
    """A number from a numeric field as the digits it holds (shortest repr: 2.4, not 2.39999…);
    one too large or too small for any plan (1e308) keeps its short repr, so that the reason it
    cannot be read quotes it in a dozen characters, not three hundred digits."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int,)) or (hasattr(raw, "dtype") and getattr(raw, "dtype").kind in "iu"):
        return str(int(raw))
    if isinstance(raw, float) or (hasattr(raw, "dtype") and getattr(raw, "dtype").kind == "f"):
        f = float(raw)
        if not math.isfinite(f):
            return None
        text = repr(f)
        if "e" not in text and "E" not in text:
            return text
        d = Decimal(text)
        return format(d, "f") if -_MAX_DIGITS <= d.adjusted() < _MAX_DIGITS else text
    if isinstance(raw, Decimal):
        return format(raw, "f")
    return None


def _scaled(num: str, unit: str, kind: str, percent: bool | None) -> tuple[str, Fraction]:
    """The rule-book text of one quantity and its exact value (to check ranges and scale)."""
    if "e" in num or "E" in num:  # plain digits in the rule book, unless beyond any plan (then quoted short)
        d = Decimal(num)
        if d and -_MAX_DIGITS <= d.adjusted() < _MAX_DIGITS:
            num = format(d, "f")
    if kind == "ratio" and not unit:
        if percent is None:
            raise UnitError(f"{num!r}: a bare ratio in a column whose scale is unknown")
        if percent and 0 < Fraction(Decimal(num)) <= 1:
            raise UnitError(f"{num!r} is at most 1 in a column of percentages: {num} % or {num} as a "
                            f"fraction is ambiguous")
        text = f"{num}%" if percent else num
    elif kind == "number" and unit:
        raise UnitError(f"{num + unit!r} has a unit, expected a plain number")
    else:
        text = (num + unit if unit in ("%", "‰") else f"{num} {unit}") if unit else num
    return text, parse(text, kind).value  # type: ignore[arg-type]


def _strip_label(text: str, labels: tuple[str, ...]) -> str:
    for label in labels:
        if text.upper().startswith(label.upper()):
            return text[len(label):].lstrip(":：= ")
    return text


def read_value(raw: Any, role: str, *, percent: bool | None = None, unit: str | None = None) -> Read:
    """Read one cell for ``role`` (far, building_density, green_ratio, height, area).

    ``percent``: for ratio columns, whether a bare number is a percentage (decided per column by
    ``ratio_scale``).  ``unit``: the unit of a bare number for lengths and areas (default m, m²).
    """
    kind, default_bound, labels = ROLES[role]
    if raw is None:
        return Read(absent=True)
    num = _number_text(raw)
    if num is not None:
        return _bound({default_bound: (num, unit or "")}, kind, percent, str(raw))
    if not isinstance(raw, str):
        if isinstance(raw, float) and not math.isfinite(raw):
            return Read(error=_not_finite(repr(raw)))
        return Read(error=f"not a number or text ({type(raw).__name__})")
    text = unicodedata.normalize("NFKC", raw).strip()
    text = re.sub(r"\s+", "", text.replace("～", "~").replace("〜", "~"))
    text = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), text)  # 12,345.6 m²; "2,4" stays unreadable
    if text in ABSENT or text.lower() in ABSENT:
        return Read(absent=True)
    if text.lower() in NOT_FINITE:
        return Read(error=_not_finite(raw.strip()))
    if re.fullmatch(rf"-(?:{_NUM})", text):  # "-1": a sign the bound patterns below never take
        return Read(error=f"negative; {NOT_GIVEN}")
    if not re.search(r"\d", text):
        return Read(spec={"text": raw.strip()}) if role != "area" else Read(error="no number")
    text = _strip_label(text, labels)
    op = None
    for word, bound in _OPS:
        if text.startswith(word):
            op, text = bound, text[len(word):]
            break
    m = _QTY.match(text)
    if m:
        bound = op or default_bound
        if role == "area" and op is not None:
            return Read(error="an area with an operator")
        parts = {bound.rstrip("<>"): (m["num"], m["unit"] or unit or "")}
        read = _bound(parts, kind, percent, raw)
        if read.spec is not None and bound.endswith(("<", ">")):
            return Read(spec={**read.spec, f"{bound.rstrip('<>')}_exclusive": True})
        return read
    r = _RANGE.match(text)
    if r and op is None and role != "area":
        a, b = _QTY.match(r["a"]), _QTY.match(r["b"])
        if a and b:
            ua, ub = a["unit"], b["unit"]
            # "2.0-3.5%" puts the unit once, after the range: it applies to both ends
            ua = ua or ub
            return _bound({"min": (a["num"], ua or unit or ""), "max": (b["num"], ub or unit or "")},
                          kind, percent, raw)
    return Read(error="cannot read a bound from this text")


def _bound(parts: dict, kind: str, percent: bool | None, raw: Any) -> Read:
    spec: dict = {}
    values: dict[str, Fraction] = {}
    for bound, (num, unit) in parts.items():
        try:
            text, value = _scaled(num, unit, kind, percent)
        except UnitError as exc:
            if exc.message.endswith(" is negative"):
                return Read(error=f"{exc.message}; {NOT_GIVEN}")
            return Read(error=exc.message)
        key = "value" if bound == "equals" else bound
        spec[key], values[key] = text, value
    if "min" in values and "max" in values and values["min"] > values["max"]:
        return Read(error="the range's minimum is above its maximum")
    if values.get("value") == 0 or values.get("max") == 0 or values.get("min") == 0 and "max" not in values:
        # a maximum of 0 forbids everything, a lone minimum of 0 allows everything, an area of 0 has
        # no plot: none of them is what a plan states, all of them are what a blank cell exported as
        return Read(error=f"zero; {NOT_GIVEN}")
    ceiling = _ceiling(kind)
    if ceiling is not None and any(v > ceiling[0] for v in values.values()):
        return Read(error=f"beyond any building ({ceiling[1]})")
    return Read(spec=spec)


def _ceiling(kind: str) -> tuple[Fraction, str] | None:
    """What no building reaches, from the design plausibility thresholds: a 容积率 above the most
    storeys any building has (on the whole plot), a height above the tallest possible building."""
    from ..plausibility import DEFAULT_PLAUSIBILITY as P

    if kind == "number":
        return Fraction(P.max_storeys), f"a 容积率 above {P.max_storeys}, the storeys of any building"
    if kind == "length":
        return P.max_height, f"a height above {P.max_height} m"
    return None


def _not_finite(shown: str) -> str:
    return f"{shown} is not a finite number (NaN or infinity): no value to read"


def bare_numbers(values) -> list[Fraction]:
    """The bare numbers of a ratio column (numbers, and text without % or a range unit)."""
    out = []
    for raw in values:
        num = _number_text(raw)
        if num is None and isinstance(raw, str):
            t = unicodedata.normalize("NFKC", raw).strip()
            t = _strip_label(re.sub(r"\s+", "", t), ROLES["building_density"][2] + ROLES["green_ratio"][2])
            for word, _ in _OPS:
                if t.startswith(word):
                    t = t[len(word):]
                    break
            out.extend(Fraction(Decimal(n)) for n in re.findall(_NUM, t) if "%" not in t)
            continue
        if num is not None:
            out.append(Fraction(Decimal(num)))
    return out


def ratio_scale(values) -> bool | None:
    """Whether a ratio column's bare numbers are percentages: any above 1 → percent (35 = 35 %),
    all at most 1 → fractions (0.35); no bare number → None (nothing to decide)."""
    nums = bare_numbers(values)
    if not nums:
        return None
    return max(nums) > 1
