"""Reading a plan layer's cell is exact: whatever decimal a cell holds, as a number or as text with
an operator, a range or a unit, the rule book ends up with exactly that value and that bound."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, strategies as st

from zoning_rules.plan.values import read_value
from zoning_rules.rulebook.schema import LengthLimit, NumberLimit, RatioLimit

decimals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
OPS = {"≤": "max", "<=": "max", "不大于": "max", "≥": "min", ">=": "min", "不小于": "min"}


def limit(role: str, spec: dict):
    model = {"far": NumberLimit, "height": LengthLimit, "green_ratio": RatioLimit}[role]
    return model.model_validate(spec)


@given(decimals, st.sampled_from(sorted(OPS)), st.booleans())
def test_an_operator_and_a_number_give_exactly_that_bound(value, op, as_text):
    read = read_value(f"{op}{value}" if as_text else float(value), "far")
    if value > 300:  # no building reaches it (plausibility.max_storeys): listed, not a limit
        assert read.spec is None and "beyond any building" in read.error
        return
    spec = limit("far", read.spec)
    bound = OPS[op] if as_text else "max"
    assert getattr(spec, bound).value == Fraction(value)
    assert getattr(spec, "min" if bound == "max" else "max") is None


@given(decimals, decimals, st.sampled_from(["-", "～", "~", "至"]))
def test_a_range_gives_its_minimum_and_maximum_or_cannot_be_read(a, b, dash):
    read = read_value(f"{a}{dash}{b}", "far")
    if a <= b and b > 300:
        assert read.spec is None and "beyond any building" in read.error
        return
    if a > b:
        assert read.spec is None and "minimum is above" in read.error
        return
    spec = limit("far", read.spec)
    assert (spec.min.value, spec.max.value) == (Fraction(a), Fraction(b))


@given(decimals, st.sampled_from([("米", 1), ("m", 1), ("km", 1000), ("", 1)]))
def test_a_height_with_a_unit_is_converted_exactly(value, unit):
    text, factor = unit
    read = read_value(f"{value}{text}", "height")
    if value * factor > 1000:  # taller than any building (plausibility.max_height): listed, not a limit
        assert read.spec is None and "beyond any building" in read.error
        return
    spec = limit("height", read.spec)
    assert spec.max.value == Fraction(value) * factor


@given(st.integers(2, 100), st.booleans())
def test_a_percentage_column_and_a_fraction_column_give_the_same_ratio(pct, text):
    as_percent = read_value(str(pct) if text else float(pct), "green_ratio", percent=True)
    as_fraction = read_value(str(Decimal(pct) / 100), "green_ratio", percent=False)
    assert limit("green_ratio", as_percent.spec).min.value == limit("green_ratio", as_fraction.spec).min.value \
        == Fraction(pct, 100)
