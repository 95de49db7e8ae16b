"""Quantities as written in Chinese planning documents, turned into exact values in base units.

Base units: metres for lengths, square metres for areas, plain fractions for ratios (30 % → 3/10).
Everything is a ``fractions.Fraction`` so that decisions are exact (GB/T 8170 全数值比较法): the
decimal text a user wrote is converted without passing through binary floating point.

The common units of the domain (米, 平方米, 亩, 公顷, 万平方米 …) are looked up in a table of exact
factors; any other single unit name (``ft``, ``acre``, ``ft²``) is looked up in pint, whose registry
is built lazily on first need so that importing this module (and the CLI's cold start) does not pay
for it.  A quantity is a number and a unit name, nothing more: no expression the user wrote is ever
evaluated (pint would evaluate ``m**2*10**10**9``).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

from .errors import UnitError

Kind = Literal["length", "area", "ratio", "number", "count"]

#: 1 亩 = 10000/15 m² exactly (15 亩 = 1 公顷).
MU = Fraction(10000, 15)

_LENGTH = {
    "m": 1, "米": 1, "公尺": 1, "meter": 1, "meters": 1, "metre": 1, "metres": 1,
    "km": 1000, "公里": 1000, "千米": 1000, "cm": Fraction(1, 100), "厘米": Fraction(1, 100),
    "mm": Fraction(1, 1000), "毫米": Fraction(1, 1000),
}
_AREA = {
    "m2": 1, "m^2": 1, "m**2": 1, "sqm": 1, "平方米": 1, "平米": 1,
    "亩": MU, "mu": MU,
    "公顷": 10000, "ha": 10000, "hm2": 10000, "hm^2": 10000, "hectare": 10000, "hectares": 10000,
    "万平方米": 10000, "万m2": 10000, "万平米": 10000,
    "km2": 1_000_000, "km^2": 1_000_000, "平方公里": 1_000_000, "平方千米": 1_000_000,
}
_RATIO = {"%": Fraction(1, 100), "percent": Fraction(1, 100), "‰": Fraction(1, 1000)}
_COUNT = {"个": 1, "辆": 1, "泊位": 1, "个泊位": 1, "spaces": 1, "space": 1}

_KIND_NAMES = {
    "length": "a length",
    "area": "an area",
    "ratio": "a ratio",
    "number": "a plain number",
    "count": "a whole count",
}
_EXPECTED = {
    "length": "a length such as '50 m' or '50 米' (a bare number is metres)",
    "area": "an area such as '47333 m2', '71 亩', '1.36 公顷' or '24.9 万平方米' (a bare number is m²)",
    "ratio": "a ratio such as '30%' or '0.30'",
    "number": "a plain number such as 2.4",
    "count": "a whole number such as 58",
}

_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<exp>[eE][+-]?\d+)?"
    r"\s*(?P<unit>.*?)\s*$"
)


@dataclass(frozen=True, slots=True)
class Amount:
    """An exact value in base units, with the text it was written as.

    ``half_step`` is half a unit of the last digit written, in base units: a declared figure
    written as ``2.38`` stands for anything in [2.375, 2.385).  ``None`` for exact inputs.
    """

    value: Fraction
    written: str
    kind: str
    half_step: Fraction | None = None

    def __float__(self) -> float:
        return float(self.value)


def exact_number(raw: Any, *, field: str | None = None,
                 written: str | None = None) -> tuple[Fraction, Fraction | None]:
    """An exact Fraction from a number the user gave, and half a step of its last digit.

    Floats are taken by their shortest repr (what the user typed in Python or JSON), never by
    their binary expansion, so 0.1 is 1/10.
    """
    if isinstance(raw, bool):
        raise UnitError(f"{raw!r} is a boolean, expected a number", field=field, value=raw)
    if isinstance(raw, Fraction):
        return raw, None
    if type(raw) not in _PLAIN_TYPES:  # numpy's scalars (not one type test more on the common path)
        if _is_integral(raw):  # numpy's integers: not int subclasses
            raw = int(raw)
        elif _is_numpy_real(raw):  # float32, float16: the shortest decimal of their own precision
            raw = Decimal(str(raw))
    if isinstance(raw, int):
        if abs(raw) >= 10**_MAX_DIGITS:
            # str() of an int past 4300 digits raises: quote its size instead
            raise _out_of_range(raw if abs(raw).bit_length() < 1000 else f"1e{int(abs(raw).bit_length() * 0.30103)}",
                                field)
        return Fraction(raw), Fraction(1, 2)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise UnitError(f"{float(raw)!r} is not a finite number", field=field, value=float(raw))
        raw = Decimal(float.__repr__(raw))  # numpy's float64 is a float whose repr() is np.float64(…)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise UnitError(f"{raw} is not a finite number", field=field, value=str(raw))
        if raw and not -_MAX_DIGITS <= raw.adjusted() < _MAX_DIGITS:
            raise _out_of_range(written or raw, field)  # also spares Fraction(Decimal('1e99999999'))
        exponent = raw.as_tuple().exponent
        return Fraction(raw), Fraction(1, 2) * Fraction(10) ** exponent
    raise UnitError(f"{raw!r} is not a number", field=field, value=raw)


_PLAIN_TYPES = frozenset((int, float, Decimal))


def _is_numpy_real(raw: Any) -> bool:
    import numbers

    return (not isinstance(raw, (float, Decimal, Fraction)) and isinstance(raw, numbers.Real)
            and type(raw).__module__ == "numpy")


def _is_integral(raw: Any) -> bool:
    import numbers

    return isinstance(raw, numbers.Integral) and type(raw).__name__ not in ("bool", "bool_")


#: Numbers are accepted between 10^-15 and 10^15 (before units): beyond that no plot, building or
#: ratio is meant, and exact arithmetic on such exponents would only cost time.
_MAX_DIGITS = 15


def _out_of_range(raw: Any, field: str | None) -> UnitError:
    return UnitError(f"{_compact(str(raw))} is out of range (a magnitude between 1e-15 and 1e15 was expected)",
                     field=field, value=str(raw))


def _compact(text: str) -> str:
    """A number as quoted in an error: as written, or — past a line's worth of digits (1e308 written
    out) — in scientific notation with the count of characters, so one error stays one line."""
    if len(text) <= 40:
        return repr(text)
    try:
        approx = format(Decimal(text.replace(",", "").strip()), ".6e")
    except (InvalidOperation, ValueError):
        return repr(text[:30] + "…") + f" ({len(text)} characters)"
    return f"{approx} (written with {len(text)} characters)"


def _split(text: str, field: str | None) -> tuple[Fraction, Fraction, str]:
    norm = unicodedata.normalize("NFKC", text).strip()
    m = _NUMBER.match(norm)
    if not m:
        low = norm.lower()
        if low in ("nan", "inf", "+inf", "-inf", "infinity", "-infinity"):
            raise UnitError(f"{text!r} is not a finite number", field=field, value=text)
        raise UnitError(f"{text!r} does not start with a number", field=field, value=text)
    if re.match(r"[,，]\d", m["unit"]):  # 2,4 or 1,00: neither a decimal point nor thousands of three digits
        raise UnitError(f"{text!r} has a comma inside the number: a decimal comma (write 2.4) or thousands "
                        "not in groups of three (write 1,000 or 1000)", field=field, value=text,
                        expected="a decimal point, e.g. 2.4")
    num = m["num"].replace(",", "")
    try:
        dec = Decimal(m["sign"] + num + (m["exp"] or ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise UnitError(f"{text!r} is not a number", field=field, value=text) from None
    value, half = exact_number(dec, field=field, written=text)
    return value, half, m["unit"]


def _unit_factor(unit: str, kind: str, text: str, field: str | None) -> Fraction:
    if re.search(r"[A-Za-z]\s+[A-Za-z]", unit) and unit.lower().split() != ["sq", "m"]:
        # spaces between letters are not squeezed out: '49.5 m m' is not 49.5 mm
        raise UnitError(f"{text!r} has an unknown unit {unit!r}", field=field, value=text,
                        expected=_EXPECTED[kind])
    key = re.sub(r"\s+", "", unit)
    low = key.lower()
    tables = {"length": _LENGTH, "area": _AREA, "ratio": _RATIO, "count": _COUNT}
    for other, table in tables.items():
        factor = table.get(key, table.get(low))
        if factor is None:
            continue
        if other != kind:
            raise UnitError(
                f"{text!r} is {_KIND_NAMES[other]}, expected {_KIND_NAMES[kind]}",
                field=field, value=text, expected=_EXPECTED[kind],
            )
        return Fraction(factor)
    found = _pint_factor(key) if _UNIT_NAME.fullmatch(key) else None
    if found is None:
        raise UnitError(f"{text!r} has an unknown unit {unit!r}", field=field, value=text,
                        expected=_EXPECTED[kind])
    other, factor = found
    if other != kind:
        raise UnitError(
            f"{text!r} is {_KIND_NAMES.get(other, other)}, expected {_KIND_NAMES[kind]}",
            field=field, value=text, expected=_EXPECTED[kind],
        )
    return factor


#: What may reach pint: one unit name, optionally squared (``ft``, ``acre``, ``ft^2``, ``ft²``).
#: Nothing else the user wrote is handed to it: pint evaluates unit *expressions*, and
#: ``m**2*10**10**9`` would be an arithmetic bomb rather than a unit.
_UNIT_NAME = re.compile(r"(?P<name>[A-Za-z]{1,24})(?P<power>\^[23]|\*\*[23]|[23²³])?")
_POWERS = {"": 1, "2": 2, "3": 3, "²": 2, "³": 3}


@lru_cache(maxsize=1)
def registry():
    """The one pint registry of the application, exact (Fraction) and with the Chinese units."""
    import pint

    reg = pint.UnitRegistry(non_int_type=Fraction)
    reg.define("mu = 10000/15 * meter ** 2")
    reg.define("wan_square_meter = 10000 * meter ** 2")
    return reg


@lru_cache(maxsize=256)
def _pint_factor(unit: str) -> tuple[str, Fraction] | None:
    """(kind, factor to base unit) for a unit pint understands, or None."""
    m = _UNIT_NAME.fullmatch(unit)
    if m is None:
        return None
    reg = registry()
    try:
        units = getattr(reg, m["name"]) ** _POWERS[(m["power"] or "").lstrip("^*")]
    except Exception:  # pint raises several types for an unknown name
        return None
    if not hasattr(units, "dimensionality"):
        return None
    dim = reg.Quantity(Fraction(1), units).dimensionality
    for kind, base in (("length", "meter"), ("area", "meter ** 2")):
        if dim == reg.parse_units(base).dimensionality:
            mag = reg.Quantity(Fraction(1), units).to(base).magnitude
            return kind, Fraction(mag)
    return "dimension " + str(dict(dim)), Fraction(0)


def parse(raw: Any, kind: Kind, *, field: str | None = None) -> Amount:
    """Parse one user-given quantity into an exact ``Amount`` of the given kind.

    Rejects what a careful officer would reject: negative amounts, NaN/∞, a unit of the wrong
    dimension, a bare ratio above 1 (is ``35`` meant as 35 % or 3500 %?), a count that is not whole.
    """
    if isinstance(raw, Amount):
        if raw.kind != kind:
            raise UnitError(f"{raw.written!r} is {_KIND_NAMES[raw.kind]}, expected {_KIND_NAMES[kind]}",
                            field=field, value=raw.written, expected=_EXPECTED[kind])
        return raw
    if isinstance(raw, str):
        number, half, unit = _split(raw, field)
    else:
        number, half = exact_number(raw, field=field)  # first: it bounds what _plain writes out
        unit = ""
    written = raw if isinstance(raw, str) else _plain(raw)
    if unit:
        if kind == "number":
            raise UnitError(f"{written!r} has a unit, expected a plain number",
                            field=field, value=written, expected=_EXPECTED[kind])
        factor = _unit_factor(unit, kind, written, field)
        value = number * factor
        half = half * factor if half is not None else None
    else:
        value = number
        if kind == "ratio" and value > 1:
            raise UnitError(
                f"{written!r} is ambiguous for a ratio: write '{written}%' or a fraction ≤ 1",
                field=field, value=written, expected=_EXPECTED[kind],
            )
    if value < 0:
        raise UnitError(f"{written!r} is negative", field=field, value=written,
                        expected=_EXPECTED[kind])
    if value >= 10**_MAX_DIGITS:  # "1e14 km" passes the number check but not this one
        raise _out_of_range(written, field)
    if kind == "ratio" and value > 1:
        raise UnitError(f"{written!r} is above 100 %", field=field, value=written,
                        expected=_EXPECTED[kind])
    if kind == "count" and value.denominator != 1:
        raise UnitError(f"{written!r} is not a whole number", field=field, value=written,
                        expected=_EXPECTED[kind])
    return Amount(value=value, written=written, kind=kind, half_step=half)


def _plain(raw: Any) -> str:
    if isinstance(raw, Fraction):
        return str(raw)
    if isinstance(raw, float) and math.isfinite(raw):
        return float.__repr__(raw)  # 40.5, also for numpy's float64 (whose repr is np.float64(40.5))
    if not isinstance(raw, int) and _is_integral(raw):
        return str(int(raw))
    return str(raw)  # numpy's float32 prints its own shortest decimal


def decimal_text(value: Fraction, places: int) -> str:
    """Fixed-point text rounded per GB/T 8170-2008 §3.3 (a trailing exact 5 rounds to even)."""
    r = round(Fraction(value), places)
    n = abs(r.numerator * 10**places // r.denominator)
    sign = "-" if r < 0 else ""
    s = str(n).rjust(places + 1, "0")
    return sign + (s[:-places] + "." + s[-places:] if places else s)


def group(text: str) -> str:
    """Thin-space thousands groups as in Chinese technical writing: 113 599.20."""
    head, dot, tail = text.partition(".")
    sign = "-" if head.startswith("-") else ""
    head = head.lstrip("-")
    parts = []
    while len(head) > 3:
        parts.insert(0, head[-3:])
        head = head[:-3]
    parts.insert(0, head)
    return sign + " ".join(parts) + (dot + tail if dot else "")
