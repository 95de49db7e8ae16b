"""Bounded input, in process: limits on nesting, aliases, file kinds and sizes, and a quantity
grammar that never evaluates what the user wrote (the subprocess versions, under a memory limit
and a time bound, are in test_trust_hostile_inputs.py)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from zoning_rules import units
from zoning_rules.errors import InputError, UnitError
from zoning_rules.safeio import Bounds, read_bytes
from zoning_rules.sourcefile import loads


def test_yaml_nesting_beyond_the_bound_is_refused_before_anything_is_built():
    deep = "a: " + "[" * (Bounds().max_depth + 1) + "]" * (Bounds().max_depth + 1)
    with pytest.raises(InputError, match="nested more than"):
        loads(deep, "d.yaml")
    loads("a: " + "[" * 20 + "]" * 20, "ok.yaml")


def test_json_nesting_beyond_the_bound_is_refused():
    deep = '{"a": ' + "[" * 1000 + "]" * 1000 + "}"
    with pytest.raises(InputError, match="nested more than"):
        loads(deep, "d.json")


def test_yaml_aliases_are_counted_and_their_expansion_bounded():
    many = "a: &a 1\nb: [" + ", ".join(["*a"] * (Bounds().max_aliases + 1)) + "]\n"
    with pytest.raises(InputError, match="aliases"):
        loads(many, "d.yaml")
    assert loads("a: &a {x: 1}\nb: *a\n", "ok.yaml").data == {"a": {"x": 1}, "b": {"x": 1}}


def test_a_self_referencing_anchor_is_refused_with_its_line():
    with pytest.raises(InputError) as err:
        loads("plot: x\nname: &n\n  - *n\n", "d.yaml")
    assert err.value.line == 3 and "refers to the collection it is in" in str(err.value)


def test_only_regular_files_are_read(tmp_path):
    with pytest.raises(InputError, match="device"):
        read_bytes("/dev/zero")
    with pytest.raises(InputError, match="directory"):
        read_bytes(tmp_path)


def test_the_size_limit_is_configurable(tmp_path, monkeypatch):
    p = tmp_path / "f.yaml"
    p.write_bytes(b"x" * 2048)
    monkeypatch.setenv("ZONING_RULES_MAX_FILE_MB", "0.001")
    with pytest.raises(InputError, match="more than the limit"):
        read_bytes(p)
    monkeypatch.setenv("ZONING_RULES_MAX_FILE_MB", "1")
    assert len(read_bytes(p)) == 2048
    monkeypatch.setenv("ZONING_RULES_MAX_FILE_MB", "lots")
    with pytest.raises(InputError, match="ZONING_RULES_MAX_FILE_MB"):
        read_bytes(p)


@pytest.mark.parametrize("text", ["1 m**2*10**10**9", "2 m*m", "3 (m)", "1 m**2 + 1", "1 __import__",
                                  "1 m; import os", "1 ft**2**99", "5 meter/second*0"])
def test_a_unit_expression_is_an_unknown_unit_and_never_reaches_pint(text, monkeypatch):
    def no_expression(*a, **k):
        raise AssertionError("pint was asked to evaluate an expression")

    reg = units.registry()
    monkeypatch.setattr(type(reg), "parse_units", no_expression, raising=False)
    monkeypatch.setattr(type(reg), "parse_expression", no_expression, raising=False)
    units._pint_factor.cache_clear()
    with pytest.raises(UnitError):
        units.parse(text, "area")


def test_a_single_unit_name_is_still_looked_up():
    assert units.parse("100 ft", "length").value == units.parse("30.48 m", "length").value
    assert units.parse("1 acre", "area").kind == "area"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_after_a_number_is_a_quantity_or_a_unit_error(tail):
    try:
        a = units.parse("12 " + tail, "area")
    except UnitError:
        return
    assert a.kind == "area" and a.value >= 0
