"""Random designs made possible: generators of other tests draw figures independently, and some
draws (green larger than the site, 5.5 FAR on 2 % density under 3 m) describe nothing that can
exist — ``check`` refuses those (``plausibility``).  ``make_plausible`` drops the fields that make
a drawn design impossible, one at a time, so those properties keep testing decisions on designs
that could be built (not a test module itself)."""
from __future__ import annotations

from zoning_rules.plausibility import problems
from zoning_rules.units import parse

KINDS = {
    "site_area": "area", "floor_area": "area", "footprint_area": "area", "green_area": "area",
    "far": "number", "building_density": "ratio", "green_ratio": "ratio", "height": "length",
}


def impossible(d: dict) -> list:
    values = {}
    for key, kind in KINDS.items():
        v = d.get(key)
        if v is None or (isinstance(v, float) and v != v):
            continue
        try:
            values[key] = parse(v, kind)
        except Exception:  # an invalid figure is another test's business
            continue
    return problems(values)


def make_plausible(d: dict) -> dict:
    """``d`` without the fields that make it impossible (the first field each problem names)."""
    d = dict(d)
    while True:
        found = impossible(d)
        if not found:
            return d
        d.pop(found[0].fields[0], None)


def refusals(d: dict, book, day) -> tuple:
    """(what ``check`` raised, what ``check_table`` raised) for one design as a one-row table:
    an impossibility each (``ValidationFailed`` where ``check`` finds several), or None."""
    import pandas as pd

    from zoning_rules import check
    from zoning_rules.batch import check_table
    from zoning_rules.errors import ValidationFailed
    from zoning_rules.plausibility import ImplausibleDesign

    by_check = by_table = None
    try:
        check(d, book, day)
    except (ImplausibleDesign, ValidationFailed) as exc:
        by_check = exc
    try:
        check_table(pd.DataFrame([d]), book, day)
    except ImplausibleDesign as exc:
        by_table = exc
    return by_check, by_table
