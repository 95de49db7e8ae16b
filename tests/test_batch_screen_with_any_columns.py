"""The table's plausibility screen leaves out the rules whose columns a table does not have; with
any subset of the figures given, ``check_table`` refuses exactly the designs ``check`` refuses."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from plausible_designs import refusals  # noqa: E402
from zoning_rules import load_rulebook  # noqa: E402

BOOK = load_rulebook()
DAY = "2021-11-01"


def maybe(values):
    return st.one_of(st.none(), values)


# coarse grids, so that designs on and beyond every bound come up often
area = st.integers(0, 40).map(lambda k: k * 500.0)
ratio = st.integers(0, 20).map(lambda k: k / 20)  # a ratio above 1 is no ratio (refused before any rule)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site=maybe(st.integers(1, 40).map(lambda k: k * 500.0)), foot=maybe(area), green=maybe(area),
       floor=maybe(area), far=maybe(st.integers(0, 60).map(lambda k: k / 10)), density=maybe(ratio),
       green_ratio=maybe(ratio), height=maybe(st.integers(0, 40).map(lambda k: k * 2.5)))
def test_any_subset_of_figures_is_refused_by_the_table_exactly_when_check_refuses_it(
        site, foot, green, floor, far, density, green_ratio, height):
    given_ = {"site_area": site, "footprint_area": foot, "green_area": green, "floor_area": floor,
              "far": far, "building_density": density, "green_ratio": green_ratio, "height": height}
    d = {"plot": "BZ-13-10", **{k: v for k, v in given_.items() if v is not None}}
    by_check, by_table = refusals(d, BOOK, DAY)
    assert (by_check is None) == (by_table is None), (d, by_check, by_table)
