"""Whatever a plan layer's cell holds — any text, any float (NaN, ±inf, 0, negative, 1e308), any
integer, lists and booleans — reading it never raises, says exactly one thing (a bound, no value,
or why it cannot be read), and a bound it gives is one a plan can set: positive, within what any
building reaches, valid in the rule-book schema."""
from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings, strategies as st

from zoning_rules.plan.values import ROLES, read_value
from zoning_rules.rulebook.schema import LengthLimit, NumberLimit, RatioLimit
from zoning_rules.units import parse

KINDS = {"far": "number", "building_density": "ratio", "green_ratio": "ratio", "height": "length", "area": "area"}
CEILING = {"far": Fraction(300), "height": Fraction(1000)}
MODELS = {"far": NumberLimit, "building_density": RatioLimit, "green_ratio": RatioLimit, "height": LengthLimit}

cells = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet="0123456789.-~≤≥<>%米m公顷亩,， /—无约容积率", max_size=16),
    st.lists(st.integers(), max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(cells, st.sampled_from(sorted(ROLES)), st.sampled_from([None, True, False]))
def test_a_cell_is_read_as_one_thing_and_a_bound_is_one_a_plan_can_set(cell, role, percent):
    read = read_value(cell, role, percent=percent)
    assert [read.spec is not None, read.absent, read.error is not None].count(True) == 1
    if read.spec is None or "text" in read.spec:
        return
    if role in MODELS:
        MODELS[role].model_validate(read.spec)  # what the rule file will hold loads
    for key, text in read.spec.items():
        if key.endswith("_exclusive"):
            continue
        value = parse(text, KINDS[role]).value
        if key == "min" and "max" in read.spec:
            assert value >= 0  # the low end of a range may be 0 (0-2.0)
        else:
            assert value > 0, (cell, read.spec)
        if role in CEILING:
            assert value <= CEILING[role], (cell, read.spec)
        if KINDS[role] == "ratio":
            assert value <= 1
