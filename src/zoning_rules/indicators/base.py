"""The shape of an indicator declaration: small immutable objects, no behaviour beyond arithmetic.

The parts are NamedTuples and only ``Indicator`` a dataclass: they are built on every one-design
``check``, whose cold start is measured (benchmarks/bench_cold_start.py).

An ``Indicator`` says, once, everything the rest of the package needs to know about one limit a
letter can set: its key and stable code, its names, the kind of quantity and how it is shown, how
its value comes from a design (``Ratio``/``Direct``) and which design fields it reads
(``DesignField``), the bounds a rule may set (``Bounds``), how the margin is measured, the
policy knobs, the extractor's keywords and the documentation text.  The checker, the batch
engine, the envelope, the geometry readers, the reporters, the JSON Schemas and the codes page
all read these declarations; nothing here imports them (pure Python, free to import anywhere).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

#: How an indicator is decided (one decision method per rule in ``checker`` and ``batch.table``).
RULE_BOUNDS = "bounds"  # a number against a maximum and/or a minimum
RULE_SIDES = "sides"  # each entrance on an allowed side
RULE_SETBACK = "setback"  # a minimum, and a larger one for 大型商业建筑
RULE_LAND_USE = "land_use"  # the approved land-use class
RULES = (RULE_BOUNDS, RULE_SIDES, RULE_SETBACK, RULE_LAND_USE)

#: Display suffix and the unit a margin in that kind is stated in (``report.Margin.unit``).
MARGIN_UNIT = {"area": "m2", "length": "m", "count": "count", "number": "1", "ratio": "1"}


class DesignField(NamedTuple):
    """One field of a design file (and a column of a design table) that an indicator reads.

    ``kind``: a ``units.Kind`` (area, length, ratio, number, count), or ``sides``, ``flag`` (a
    yes/no) or ``text``.  ``zh``/``en`` name it in messages (计容建筑面积, counted floor area);
    ``description`` is what the JSON Schema says.  A field read by several indicators is declared
    once (``indicators.inputs``) and shared.
    """

    name: str
    kind: str
    zh: str
    en: str
    description: str

    @property
    def numeric(self) -> bool:
        return self.kind in MARGIN_UNIT

    @property
    def unit(self) -> str:
        """The unit a margin stated in this field is in (m2, m, count, 1)."""
        return MARGIN_UNIT.get(self.kind, "1")


class Ratio(NamedTuple):
    """The value is ``numerator ÷ denominator × per`` of two design fields, exactly.

    The margin an officer acts on is stated in the numerator's quantity (m² of floor area,
    spaces): ``bound × denominator ÷ per − numerator``.
    """

    numerator: DesignField
    denominator: DesignField
    per: Fraction = Fraction(1)

    @property
    def fields(self) -> tuple[str, str]:
        return (self.numerator.name, self.denominator.name)

    def of(self, numerator: Fraction, denominator: Fraction) -> Fraction:
        return numerator / denominator * self.per

    def allowed(self, bound: Fraction, denominator: Fraction) -> Fraction:
        """The numerator the bound allows on this denominator."""
        return bound * denominator / self.per


class Direct(NamedTuple):
    """The value is one design field as given (height, parking spaces, setback)."""

    field: DesignField

    @property
    def fields(self) -> tuple[str]:
        return (self.field.name,)


class Bounds(NamedTuple):
    """What a rule may set for the indicator in a rule file.

    ``kind``: the kind of its numbers (``units.Kind``), or ``side`` / ``land_use`` for an
    ``equals``.  ``max``: whether a maximum may be set (a setback may not).  ``large_commercial``:
    a second, larger minimum for 大型商业建筑.  Exclusive bounds (``<``, ``>``) are always allowed
    with a number.
    """

    kind: str
    max: bool = True
    min: bool = True
    large_commercial: bool = False

    @property
    def equals(self) -> bool:
        return self.kind in ("side", "land_use")


class Doc(NamedTuple):
    """The codes page entry (docs/codes.md, SARIF help): what it checks, how, by which standard."""

    name: str  # CamelCase rule name for SARIF
    checks: str
    computed: str
    standard: str


@dataclass(frozen=True, eq=False)
class Indicator:
    """One indicator a letter can limit (or, for ``META``, a finding that is not a limit).

    ``kind``: how its values are shown — ``number`` (容积率 2.40), ``ratio`` (30.00%), ``length``
    (49.50 m), ``count``, ``area``, ``side``, ``land_use``, or for meta findings ``plot`` /
    ``geometry``.  ``unit_zh``/``unit_en``: the unit a limit is written in (米, 个); ``%`` for a
    ratio.  ``value``: how its actual value comes from a design; ``declared``: the design field
    an applicant may state the value in directly (a ratio's declared figure is cross-checked
    against the areas and only decides without them).  ``bounds``: what a rule may set.
    ``rule``: how it is decided (``RULE_BOUNDS`` …).  ``required``: limited by every plot by default
    (``Policy.required``); ``requirable``: whether a policy may require a limit on it at all.
    ``keywords``: a regular expression for the extractor (建筑密度), with ``limit_units`` the
    units the letter writes after the number.  ``envelope``: per bound, the envelope item's
    key and names (a ratio's envelope is stated in its numerator).
    """

    key: str
    code: str
    zh: str
    en: str
    kind: str
    unit_zh: str = ""
    unit_en: str = ""
    value: Ratio | Direct | None = None
    declared: DesignField | None = None
    reads: tuple[DesignField, ...] = ()
    bounds: Bounds | None = None
    rule: str = RULE_BOUNDS
    required: bool = False
    requirable: bool = True
    limit_description: str = ""  # what the rule file's JSON Schema says of its limit (default: zh)
    keywords: str | None = None
    limit_units: str = ""
    envelope: tuple[tuple[str, str, str, str, bool], ...] = ()  # (item key, bound, zh, en, always)
    doc: Doc | None = None
    meta: bool = False
    #: A measured value's precision is shown in these units: (scale, suffix).
    precision_unit: tuple[int, str] = (1, "")
    places: int = 2

    @property
    def ratio(self) -> Ratio | None:
        return self.value if isinstance(self.value, Ratio) else None

    @property
    def design_fields(self) -> tuple[DesignField, ...]:
        """Every design field the indicator reads, its own declared one included, in order."""
        out: dict[str, DesignField] = {}
        if isinstance(self.value, Ratio):
            out[self.value.numerator.name] = self.value.numerator
            out[self.value.denominator.name] = self.value.denominator
        elif isinstance(self.value, Direct):
            out[self.value.field.name] = self.value.field
        if self.declared is not None:
            out[self.declared.name] = self.declared
        for f in self.reads:
            out.setdefault(f.name, f)
        return tuple(out.values())

    @property
    def margin_quantity(self) -> DesignField | None:
        """The field a margin is stated in: a ratio's numerator, else the value's own field."""
        if isinstance(self.value, Ratio):
            return self.value.numerator
        if isinstance(self.value, Direct):
            return self.value.field
        return None
