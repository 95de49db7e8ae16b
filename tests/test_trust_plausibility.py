"""A design that cannot exist is an error naming its fields and values — never a pass — alike in
``check``, ``check_table``, and site plans; buildings drawn twice are a warning naming both."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import REPO
from zoning_rules import Policy, check
from zoning_rules.cli import main
from zoning_rules import load_rulebook
from zoning_rules.errors import InputError
from zoning_rules.plausibility import ImplausibleDesign, Plausibility, problems
from zoning_rules.units import parse

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
DAY = "2021-06-01"
BOOK = load_rulebook()

#: the impossible designs of issue 9, each with words its error must name
IMPOSSIBLE = {
    "green 126 % of the site": ({"site_area": "1000 m2", "green_area": "1260 m2"}, ("green_area", "1260 m2")),
    "footprint and green over the site": (
        {"site_area": "1000 m2", "footprint_area": "500 m2", "green_area": "600 m2"}, ("add up to more",)),
    "declared density and green ratio over 100 %": ({"building_density": "60%", "green_ratio": "45%"},
                                                    ("building_density", "green_ratio")),
    "height 0 m over 100 000 m² of floor area": (
        {"site_area": "47333 m2", "floor_area": "100000 m2", "height": "0 m"}, ("height", "'0 m'")),
    "113 000 m² under 6 m on a 1 000 m² footprint": (
        {"site_area": "47333 m2", "floor_area": "113000 m2", "footprint_area": "1000 m2", "height": "6 m"},
        ("floor_area", "113000 m2", "can hold")),
    "0 m² of floor area over 14 000 m² of 49 m buildings": (
        {"site_area": "47333 m2", "floor_area": "0 m2", "footprint_area": "14000 m2", "height": "49 m"},
        ("floor_area", "at least one storey")),
    "a height beyond any building": ({"height": "5000 m"}, ("height", "beyond any building")),
}


@pytest.mark.parametrize("case", IMPOSSIBLE)
def test_an_impossible_design_is_an_error_naming_its_fields_never_a_pass(case, book):
    fields, words = IMPOSSIBLE[case]
    with pytest.raises(ImplausibleDesign) as err:
        check({"plot": "BZ-13-10", **fields}, book, DAY)
    for w in words:
        assert w in str(err.value)
    assert isinstance(err.value, InputError)


@pytest.mark.parametrize("case", IMPOSSIBLE)
def test_check_table_refuses_the_same_impossible_design_naming_the_row(case, book):
    pd = pytest.importorskip("pandas", reason="check_table needs the batch extra")
    from zoning_rules.batch import check_table

    fields, words = IMPOSSIBLE[case]
    good = {"plot": "BZ-13-10", "site_area": 47333.0, "height": 49.0}
    rows = [good, {"plot": "BZ-13-10", **fields}]
    with pytest.raises(ImplausibleDesign) as err:
        check_table(pd.DataFrame(rows), book, DAY)
    assert "row 2" in str(err.value)
    for w in words:
        assert w in str(err.value)


def test_the_cli_exits_2_on_an_impossible_design_in_check_and_in_check_table(tmp_path, capsys):
    design = tmp_path / "d.yaml"
    design.write_text("plot: BZ-13-10\nsite_area: 47333 m2\nfloor_area: 100000 m2\nheight: 0 m\n", encoding="utf-8")
    assert main(["check", str(design), "--as-of", DAY]) == 2
    assert "d.yaml:4: height" in capsys.readouterr().err
    table = tmp_path / "t.csv"
    table.write_text("plot,site_area,floor_area,height\nBZ-13-10,47333,100000,49\nBZ-13-10,47333,100000,0\n",
                     encoding="utf-8")
    pytest.importorskip("pandas", reason="check_table needs the batch extra")
    assert main(["check", "--table", str(table), "--as-of", DAY]) == 2
    err = capsys.readouterr().err
    assert "row 2 (line 3)" in err and "height" in err


def test_a_missing_height_stays_indeterminate_while_a_zero_height_is_refused(book):
    r = check({"plot": "BZ-13-10", "site_area": "47333 m2", "floor_area": "100000 m2"}, book, DAY)
    assert {f.indicator: f.status for f in r.findings}["height"] == "indeterminate"


def test_a_bureau_may_count_roof_greening_by_turning_the_sum_rule_off(book):
    lenient = Policy(plausibility=Plausibility(green_apart_from_footprint=False))
    d = {"plot": "BZ-13-10", "site_area": "1000 m2", "footprint_area": "500 m2", "green_area": "600 m2"}
    assert check(d, book, DAY, lenient).status in ("pass", "fail", "indeterminate")
    with pytest.raises(ImplausibleDesign):
        check(d, book, DAY)


def test_a_declared_ratio_is_refused_only_if_no_reading_of_its_digits_makes_it_possible():
    # 0.6 stands for [0.55, 0.65]: 0.6 + 0.45 can be 1.0 at the low ends — possible, if just
    ok = {"building_density": parse("0.6", "ratio"), "green_ratio": parse("0.45", "ratio")}
    assert problems(ok) == []
    bad = {"building_density": parse("0.60", "ratio"), "green_ratio": parse("0.45", "ratio")}
    assert problems(bad)


areas = st.decimals(min_value=0, max_value=200000, places=2)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site=st.decimals(min_value=1, max_value=200000, places=2), foot=areas, green=areas, floor=areas,
       height=st.one_of(st.none(), st.decimals(min_value=0, max_value=150, places=1)))
def test_check_and_check_table_refuse_exactly_the_same_designs(site, foot, green, floor, height):
    """The table's float screen never lets an impossible row through, and never refuses a possible one."""
    pytest.importorskip("pandas", reason="check_table needs the batch extra")
    from plausible_designs import refusals

    d = {"plot": "BZ-13-10", "site_area": float(site), "footprint_area": float(foot), "green_area": float(green),
         "floor_area": float(floor)}
    if height is not None:
        d["height"] = float(height)
    by_check, by_table = refusals(d, BOOK, DAY)
    assert (by_check is None) == (by_table is None), (by_check, by_table)


def test_sum_exactly_equal_to_the_site_is_possible_in_both_engines(book):
    pd = pytest.importorskip("pandas", reason="check_table needs the batch extra")
    from zoning_rules.batch import check_table

    d = {"plot": "BZ-13-10", "site_area": 0.3, "footprint_area": 0.1, "green_area": 0.2}  # 0.1 + 0.2 > 0.3 in floats
    check(d, book, DAY)
    check_table(pd.DataFrame([d]), book, DAY)


# --- site plans ----------------------------------------------------------------------------------

def test_a_parapet_below_the_storeys_it_tops_is_an_error_not_the_height(capsys):
    pytest.importorskip("pyproj", reason="site plans need the geo extra")
    assert main(["check", str(HOSTILE / "parapet-below-storeys.yaml"), "--as-of", DAY]) == 2
    err = capsys.readouterr().err
    assert "parapet 45 m is below the top of its 40 storeys reaching 120 m" in err


@pytest.mark.parametrize("props, words", [
    ({"storeys": 40, "storey_height": 3, "eave": 45}, "eave 45 m is below"),
    ({"storeys": 40, "storey_height": 3, "roof": "pitched", "eave": 45, "ridge": 50}, "eave 45 m is below"),
    ({"storeys": 40, "storey_height": 3, "roof": "pitched", "ridge": 50}, "ridge 50 m is below the roof"),
    ({"storeys": 10, "storey_height": 3, "roof": "pitched", "eave": 31, "ridge": 30}, "ridge 30 m is below the eave"),
    ({"storeys": 301, "storey_height": 3}, "storeys 301 is beyond any building"),
    ({"levels": [{"height": 3}] * 301}, "storeys 301 is beyond any building"),
    ({"storeys": 2, "storey_height": 600}, "beyond any building"),
])
def test_a_site_plan_building_that_cannot_exist_is_an_error(props, words):
    pytest.importorskip("shapely")
    from shapely.geometry import box

    from zoning_rules.geometry.model import GeometryError, building_from

    with pytest.raises(GeometryError) as err:
        building_from("B1", box(0, 0, 10, 10), props, "plan.geojson")
    assert words in str(err.value)


def test_a_building_drawn_twice_is_a_warning_naming_both(capsys):
    pytest.importorskip("pyproj", reason="site plans need the geo extra")
    code = main(["check", str(HOSTILE / "duplicate-building.yaml"), "--as-of", DAY, "--format", "json"])
    import json

    out = json.loads(capsys.readouterr().out)
    (warn,) = [f for f in out["reports"][0]["findings"] if f["reason"] == "coincident_buildings"]
    assert warn["status"] == "warn" and warn["code"] == "ZR-SITE-PLAN"
    assert "A1" in warn["message_en"] and "A1 copy" in warn["message_en"]
    assert code in (0, 1, 3)


def test_thresholds_are_one_frozen_dataclass_a_bureau_can_replace():
    p = Plausibility(min_storey_height=Fraction(3))
    with pytest.raises(Exception):
        p.min_storey_height = Fraction(1)  # type: ignore[misc]
    values = {"floor_area": parse("10000 m2", "area"), "footprint_area": parse("1000 m2", "area"),
              "height": parse("25 m", "length")}
    assert problems(values) == [] and problems(values, p)  # 25 m holds 11 storeys of 2.2 m, 8 of 3 m
