"""Quantities as Chinese documents and engineers write them become exact values in base units."""
from __future__ import annotations

import pickle
from decimal import Decimal
from fractions import Fraction

import pytest

from zoning_rules.errors import InputError, UnitError, ZoningError
from zoning_rules.units import MU, decimal_text, parse


@pytest.mark.parametrize("text,value", [
    ("71 亩", 71 * Fraction(10000, 15)),
    ("15亩", Fraction(10000)),
    ("1.36 公顷", Fraction(13600)),
    ("1.36 ha", Fraction(13600)),
    ("24.9 万平方米", Fraction(249000)),
    ("47333 m2", Fraction(47333)),
    ("47333 m²", Fraction(47333)),
    ("47333㎡", Fraction(47333)),
    ("47333 平方米", Fraction(47333)),
    ("４７３３３ 平方米", Fraction(47333)),
    ("113,599.2 m2", Fraction("113599.2")),
    ("0.5 km2", Fraction(500000)),
    ("47333", Fraction(47333)),
    (47333, Fraction(47333)),
    (Decimal("20000.6"), Fraction("20000.6")),
])
def test_areas_in_every_written_unit_convert_exactly_to_square_metres(text, value):
    assert parse(text, "area").value == value


def test_one_mu_is_exactly_ten_thousand_fifteenths_of_a_square_metre():
    assert MU == Fraction(10000, 15)
    assert parse("1 亩", "area").value * 15 == parse("1 公顷", "area").value


@pytest.mark.parametrize("text,value", [
    ("50 m", 50), ("50米", 50), ("49.5 m", Fraction("49.5")), ("50", 50), ("0.05 km", 50),
    ("5000 cm", 50), ("100 ft", Fraction("30.48")),
])
def test_lengths_convert_exactly_to_metres(text, value):
    assert parse(text, "length").value == value


@pytest.mark.parametrize("text,value", [
    ("30%", Fraction(3, 10)), ("0.30", Fraction(3, 10)), ("35 %", Fraction(7, 20)), (0.3, Fraction(3, 10)),
    ("１００％", Fraction(1)), ("1", Fraction(1)),
])
def test_ratios_take_percent_or_a_fraction(text, value):
    assert parse(text, "ratio").value == value


def test_float_inputs_are_taken_as_the_decimal_the_user_typed_not_the_binary_expansion():
    assert parse(0.1, "number").value == Fraction(1, 10)
    assert parse(2.4, "number").value == Fraction(12, 5)


@pytest.mark.parametrize("raw,kind,needle", [
    ("50 m2", "length", "is an area, expected a length"),
    ("50 m", "area", "is a length, expected an area"),
    ("35", "ratio", "ambiguous"),
    (35, "ratio", "ambiguous"),
    ("30%", "area", "is a ratio"),
    ("-5 m2", "area", "negative"),
    ("nan", "area", "not a finite number"),
    (float("nan"), "area", "not a finite number"),
    (float("inf"), "length", "not a finite number"),
    ("inf", "length", "not a finite number"),
    ("fifty", "length", "does not start with a number"),
    ("50 furlongz", "length", "unknown unit"),
    ("2.4%", "number", "has a unit"),
    ("58.5", "count", "not a whole number"),
    (True, "number", "boolean"),
    ("1 second", "length", "expected a length"),
])
def test_impossible_or_ambiguous_quantities_are_errors_that_say_what_was_expected(raw, kind, needle):
    with pytest.raises(UnitError) as err:
        parse(raw, kind, field="x")
    assert needle in str(err.value)
    assert isinstance(err.value, ValueError) and isinstance(err.value, ZoningError)


def test_errors_pickle_with_their_fields():
    err = InputError("bad", file="a.yaml", field="height", value="50 m2", expected="a length", line=3)
    back = pickle.loads(pickle.dumps(err))
    assert (back.file, back.field, back.value, back.line, str(back)) == \
        ("a.yaml", "height", "50 m2", 3, str(err))


def test_display_rounding_follows_gbt_8170_round_half_to_even():
    assert decimal_text(Fraction("2.405"), 2) == "2.40"
    assert decimal_text(Fraction("2.415"), 2) == "2.42"
    assert decimal_text(Fraction("2.4051"), 2) == "2.41"
    assert decimal_text(Fraction("9000.27") / Fraction("20000.6"), 4) == "0.4500"


def test_written_precision_gives_half_a_step_of_the_last_digit():
    assert parse("2.38", "number").half_step == Fraction(5, 1000)
    assert parse("29.6%", "ratio").half_step == Fraction(5, 10000)


def test_the_fast_unit_table_agrees_with_pint_for_every_entry():
    """pint is the authority; the table only spares the cold start from building its registry."""
    from zoning_rules import units

    reg = units.registry()
    pint_names = {"m": "meter", "km": "kilometer", "cm": "centimeter", "mm": "millimeter",
                  "m2": "meter**2", "ha": "hectare", "km2": "kilometer**2", "亩": "mu",
                  "万平方米": "wan_square_meter"}
    for unit, name in pint_names.items():
        table = units._LENGTH.get(unit) or units._AREA.get(unit)
        base = "meter" if unit in units._LENGTH else "meter**2"
        assert Fraction(reg.Quantity(Fraction(1), name).to(base).magnitude) == Fraction(table), unit


def test_units_the_table_does_not_know_are_read_through_pint():
    assert parse("1 acre", "area").value == Fraction(62726400000, 15499969)  # pint's (survey) acre
    assert parse("3 feet", "length").value == Fraction("0.9144")


@pytest.mark.parametrize("raw,kind", [("1e400", "length"), ("1e99999999", "length"), ("1e-400", "area"),
                                      (10**20, "area"), ("2e16 m2", "area")])
def test_absurd_magnitudes_are_errors_not_tracebacks_or_hangs(raw, kind):
    with pytest.raises(UnitError, match="out of range"):
        parse(raw, kind)


def test_a_ratio_above_100_percent_is_an_error():
    with pytest.raises(UnitError, match="above 100 %"):
        parse("135%", "ratio")
    assert parse("100%", "ratio").value == 1
