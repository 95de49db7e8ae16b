"""The one place indicators are registered: the built-in list, and ``register``/``unregister``.

``INDICATORS`` and ``META`` are the live mappings every consumer reads (their identity never
changes, so ``from zoning_rules.indicators import INDICATORS`` stays valid).  Anything derived
from them — the design model, the rule-file model, the JSON Schemas, the batch engine's slots —
is cached against ``version()``, which every change bumps.  Nothing registers itself on import:
the built-in indicators are listed below, and anything else is registered by whoever declares it.
"""
from __future__ import annotations

from .base import RULE_LAND_USE, RULES, DesignField, Indicator
from .building_density import BUILDING_DENSITY
from .entrance_side import ENTRANCE_SIDE
from .far import FAR
from .floor_area import FLOOR_AREA_CAP
from .green_ratio import GREEN_RATIO
from .height import HEIGHT
from .inputs import FLOOR_AREA, FOOTPRINT_AREA, GREEN_AREA, SITE_AREA
from .land_use import LAND_USE_INDICATOR
from .meta import DECLARED, PLOT, SITE_AREA_CHECK, SITE_PLAN, WITHIN_SITE
from .parking_spaces import PARKING_SPACES
from .setback import SETBACK_INDICATOR

#: The indicators a letter can set, in the order findings are reported (never renumber codes).
BUILTIN: tuple[Indicator, ...] = (FAR, BUILDING_DENSITY, GREEN_RATIO, HEIGHT, PARKING_SPACES, ENTRANCE_SIDE,
                                  SETBACK_INDICATOR, FLOOR_AREA_CAP, LAND_USE_INDICATOR)
BUILTIN_META: tuple[Indicator, ...] = (PLOT, SITE_AREA_CHECK, DECLARED, WITHIN_SITE, SITE_PLAN)
#: Design fields that lead the design model, before the indicators' own (the 经济技术指标表 order).
LEADING_FIELDS: tuple[DesignField, ...] = (SITE_AREA, FLOOR_AREA, FOOTPRINT_AREA, GREEN_AREA)

INDICATORS: dict[str, Indicator] = {i.key: i for i in BUILTIN}
META: dict[str, Indicator] = {i.key: i for i in BUILTIN_META}
_version = 0


def version() -> int:
    """Bumped by every change: caches of derived models compare it."""
    return _version


def describe(key: str) -> Indicator:
    return INDICATORS.get(key) or META[key]


def register(indicator: Indicator) -> Indicator:
    """Add an indicator; it is checked, reported and documented from then on.

    Refused (``ValueError``): a key or code already taken, an unknown rule, a design field whose
    name another declaration gives a different meaning.
    """
    global _version
    if indicator.key in INDICATORS or indicator.key in META:
        raise ValueError(f"an indicator {indicator.key!r} is already registered")
    if any(i.code == indicator.code for i in (*INDICATORS.values(), *META.values())):
        raise ValueError(f"the code {indicator.code!r} is already taken")
    if indicator.rule not in RULES:
        raise ValueError(f"{indicator.rule!r} is not a rule (expected one of {', '.join(RULES)})")
    if indicator.bounds is None or indicator.value is None:
        raise ValueError(f"{indicator.key}: an indicator needs bounds and a value")
    own = indicator.value.field.name if hasattr(indicator.value, "field") else (
        indicator.declared.name if indicator.declared is not None else indicator.key)
    if own != indicator.key:
        raise ValueError(f"{indicator.key}: a design gives an indicator's own value under its key, not {own!r}")
    known = {f.name: f for f in design_fields()}
    for f in indicator.design_fields:
        if f.name in known and known[f.name] != f:
            raise ValueError(f"{indicator.key}: the design field {f.name!r} is declared differently elsewhere")
    if indicator.key in known and (indicator.declared is None or indicator.declared.name != indicator.key):
        raise ValueError(f"{indicator.key}: the key is already a design field")
    INDICATORS[indicator.key] = indicator
    _version += 1
    return indicator


def unregister(key: str) -> Indicator:
    """Remove an indicator registered with ``register``; the built-in ones stay."""
    global _version
    if key in {i.key for i in BUILTIN}:
        raise ValueError(f"{key!r} is built in and cannot be removed")
    indicator = INDICATORS.pop(key)
    _version += 1
    return indicator


def limits() -> tuple[Indicator, ...]:
    """Indicators a letter can limit, in reporting order."""
    return tuple(INDICATORS.values())


def design_fields(indicators: "tuple[Indicator, ...] | None" = None) -> tuple[DesignField, ...]:
    """Every design field the indicators read, once, in the design model's order: land use, the
    areas, then each indicator's own fields in registration order.  ``indicators``: those of
    these only (``BUILTIN``: the fields of ``design.Design``); default, those registered now."""
    inds = tuple(INDICATORS.values()) if indicators is None else indicators
    out: dict[str, DesignField] = {}
    lead = [f for i in inds if i.rule == RULE_LAND_USE for f in i.design_fields]
    for f in (*lead, *LEADING_FIELDS):
        out.setdefault(f.name, f)
    for ind in inds:
        for f in ind.design_fields:
            out.setdefault(f.name, f)
    return tuple(out.values())


def design_field(name: str) -> DesignField | None:
    return next((f for f in design_fields() if f.name == name), None)
