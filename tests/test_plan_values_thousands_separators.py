"""An area or height written with thousands separators (12,345.6, the way spreadsheets show it) is read
as the same number without them; a comma that is not a thousands separator ("2,4", a decimal comma,
or "1,2345") is never guessed at: the value cannot be read and goes to review."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from zoning_rules.plan.values import read_value


@given(st.decimals(min_value=Decimal("1000"), max_value=Decimal("999999999.99"), places=2))
def test_an_area_with_thousands_separators_reads_as_without_them(value):
    grouped = f"{value:,}"
    assert "," in grouped
    assert read_value(grouped, "area").spec == read_value(str(value), "area").spec


@pytest.mark.parametrize("text", ["2,4", "1,2345", "1,00", ",100", "100,"])
def test_a_comma_that_does_not_group_thousands_is_not_guessed(text):
    read = read_value(text, "far")
    assert read.spec is None and read.error is not None
