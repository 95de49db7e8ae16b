"""check(design): one finding per limit in force, decided exactly, margins in the officer's unit."""
from __future__ import annotations

import dataclasses
import json
from fractions import Fraction

import pytest

from zoning_rules import Design, Policy, check
from zoning_rules.errors import InputError, UnknownPlotError

BZ = {"plot": "BZ-13-10", "land_use": "RB", "site_area": "47333 m2", "floor_area": "113000 m2",
      "footprint_area": "14000 m2", "green_area": "16600 m2", "height": "49.5 m"}


def finding(report, indicator):
    (f,) = [f for f in report.findings if f.indicator == indicator]
    return f


def test_a_design_within_every_limit_passes():
    r = check(BZ, as_of="2021-06-01")
    assert r.status == "pass"
    assert {f.indicator for f in r.findings} == {"land_use", "far", "building_density", "green_ratio", "height"}


def test_coverage_of_9000_27_on_20000_6_is_exactly_45_percent_and_passes_a_45_percent_maximum():
    # N-10-05 (吕政函〔2021〕21号): 建筑密度≤45%.
    base = {"plot": "N-10-05", "site_area": "20000.6 m2"}
    ok = check({**base, "footprint_area": "9000.27 m2"}, as_of="2021-05-01")
    assert finding(ok, "building_density").actual == Fraction(45, 100)
    assert finding(ok, "building_density").status == "pass"
    over = check({**base, "footprint_area": "9000.270001 m2"}, as_of="2021-05-01")
    assert finding(over, "building_density").status == "fail"


def test_the_unrounded_value_decides_so_2_404_breaks_far_2_4():
    d = {**BZ, "floor_area": None, "site_area": None, "far": "2.404"}
    d = {k: v for k, v in d.items() if v is not None}
    assert finding(check(d, as_of="2021-06-01"), "far").status == "fail"


def test_rounded_comparison_is_opt_in_and_rounds_to_the_limits_digits():
    d = {k: v for k, v in BZ.items() if k not in ("floor_area", "site_area")} | {"far": "2.404"}
    f = finding(check(d, as_of="2021-06-01", policy=Policy(comparison="rounded")), "far")
    assert f.status == "pass"
    d["far"] = "2.45"  # rounds half to even: 2.4 → still within
    assert finding(check(d, as_of="2021-06-01", policy=Policy(comparison="rounded")), "far").status == "pass"
    d["far"] = "2.46"
    assert finding(check(d, as_of="2021-06-01", policy=Policy(comparison="rounded")), "far").status == "fail"


def test_a_far_violation_states_the_largest_allowed_floor_area_and_the_excess_in_square_metres():
    f = finding(check({**BZ, "floor_area": "113600 m2"}, as_of="2021-06-01"), "far")
    assert f.status == "fail"
    assert f.margin.unit == "m2"
    assert f.margin.allowed == Fraction("113599.2") and f.margin.excess == Fraction("0.8")
    assert "113 599.20 m²" in f.message_zh and "0.80 m²" in f.message_zh
    assert "113 599.20 m²" in f.message_en


def test_areas_decide_over_a_declared_ratio_and_a_disagreement_is_a_warning():
    r = check({**BZ, "far": "2.10"}, as_of="2021-06-01")
    assert finding(r, "far").actual == Fraction(113000, 47333)
    warn = finding(r, "declared")
    assert warn.status == "warn" and "2.10" in warn.message_zh
    assert r.status == "pass"  # a warning never decides


def test_a_declared_ratio_within_its_written_precision_is_not_a_warning():
    r = check({**BZ, "far": "2.39"}, as_of="2021-06-01")  # 113000/47333 = 2.3873…
    assert not [f for f in r.findings if f.indicator == "declared"]


def test_a_missing_value_is_indeterminate_never_pass():
    r = check({"plot": "BZ-13-10", "land_use": "RB"}, as_of="2021-06-01")
    assert {f.status for f in r.findings if f.indicator != "land_use"} == {"indeterminate"}
    assert r.status == "indeterminate"


def test_a_missing_land_use_is_indeterminate():
    d = {k: v for k, v in BZ.items() if k != "land_use"}
    assert finding(check(d, as_of="2021-06-01"), "land_use").status == "indeterminate"


def test_an_unpublished_plot_is_indeterminate():
    r = check({"plot": "JR-12-20", "floor_area": "1 m2", "site_area": "1 ha"}, as_of="2021-09-01")
    assert r.plot_status == "unpublished" and r.status == "indeterminate"
    assert finding(r, "plot").reason == "unpublished"


def test_before_the_letter_no_limits_are_in_force_and_that_is_indeterminate():
    r = check(BZ, as_of="2021-01-10")
    assert r.plot_status == "none" and r.status == "indeterminate"
    assert "2021-01-11" in finding(r, "plot").message_zh


def test_an_indicator_no_letter_limits_is_indeterminate_not_pass():
    # N-08-03 (fuel station): only 建筑高度≤20米 was published.
    r = check({"plot": "N-08-03", "land_use": "B41", "height": "12 m", "site_area": "3000 m2",
               "floor_area": "600 m2", "footprint_area": "500 m2", "green_area": "700 m2"}, as_of="2022-01-01")
    assert finding(r, "height").status == "pass"
    for key in ("far", "building_density", "green_ratio"):
        assert finding(r, key).reason == "no_limit_on_record" and finding(r, key).status == "indeterminate"
    assert r.status == "indeterminate"


@pytest.mark.parametrize("given,status", [("G1", "pass"), ("1401", "pass"), ("公园绿地", "pass"),
                                          ("B1", "fail"), ("商业用地", "fail")])
def test_land_use_matches_by_gb50137_code_2023_code_or_name(given, status):
    r = check({"plot": "N-08-01", "land_use": given}, as_of="2022-01-01")
    assert finding(r, "land_use").status == status


def test_a_land_use_that_cannot_be_matched_is_for_an_officer_to_judge():
    r = check({"plot": "货源街南地块", "land_use": "RB"}, as_of="2022-01-01")
    assert finding(r, "land_use").status == "indeterminate"


@pytest.mark.parametrize("setback,large,status", [
    ("4.99 m", None, "fail"), ("5 m", False, "pass"), ("8 m", None, "indeterminate"),
    ("8 m", True, "fail"), ("8 m", False, "pass"), ("10 m", True, "pass"), ("10 m", None, "pass"),
])
def test_setbacks_apply_the_larger_minimum_only_to_large_commercial_buildings(setback, large, status):
    d = {"plot": "货源街南地块", "setback": setback}
    if large is not None:
        d["large_commercial"] = large
    assert finding(check(d, as_of="2022-01-01"), "setback").status == status


@pytest.mark.parametrize("sides,status", [("south", "pass"), ("南", "pass"), ("north", "fail"),
                                          (["south", "east"], "fail")])
def test_the_entrance_must_be_on_the_approved_side(sides, status):
    r = check({"plot": "BF-06-05", "entrance_side": sides}, as_of="2022-01-01")
    assert finding(r, "entrance_side").status == status


@pytest.mark.parametrize("n,status", [(57, "fail"), (58, "pass"), (120, "pass")])
def test_parking_is_a_minimum_count(n, status):
    f = finding(check({"plot": "BF-06-05", "parking_spaces": n}, as_of="2022-01-01"), "parking_spaces")
    assert f.status == status and f.margin.excess == 58 - n


def test_a_site_area_far_from_the_letters_is_a_warning():
    r = check({**BZ, "site_area": "40000 m2"}, as_of="2021-06-01")
    assert finding(r, "site_area").status == "warn"
    assert not [f for f in check(BZ, as_of="2021-06-01").findings if f.indicator == "site_area"]


def test_reports_are_immutable():
    r = check(BZ, as_of="2021-06-01")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.plot = "X"
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.findings[0].status = "pass"
    with pytest.raises(Exception):
        Design.model_validate(BZ).height = None


def test_the_json_form_keeps_the_contract_keys():
    data = json.loads(json.dumps(check({**BZ, "floor_area": "113600 m2"}, as_of="2021-06-01").to_json()))
    assert {"design", "plot", "as_of", "status", "findings"} <= set(data)
    far = [f for f in data["findings"] if f["indicator"] == "far"][0]
    assert far["status"] == "fail" and far["limit"] == {"max": 2.4}
    assert far["source"]["document"] == "吕政函〔2021〕2号" and far["source"]["date"] == "2021-01-11"
    assert far["actual"] == pytest.approx(113600 / 47333) and far["message"]


def test_check_accepts_a_design_a_mapping_or_a_path(tmp_path):
    p = tmp_path / "d.json"
    p.write_text(json.dumps(BZ, ensure_ascii=False), encoding="utf-8")
    a = check(Design.model_validate(BZ), as_of="2021-06-01")
    b = check(BZ, as_of="2021-06-01")
    c = check(p, as_of="2021-06-01")
    assert a.status == b.status == c.status == "pass"
    assert [f.to_json() for f in a.findings] == [f.to_json() for f in c.findings]


@pytest.mark.parametrize("design,needle", [
    ({**BZ, "height": "50 m2"}, "is an area, expected a length"),
    ({**BZ, "site_area": "0 m2"}, "zero"),
    ({**BZ, "green_ratio": 35}, "ambiguous"),
    ({**BZ, "hieght": "50 m"}, "unknown field"),
    ({k: v for k, v in BZ.items() if k != "plot"}, "plot"),
    ({**BZ, "entrance_side": "up"}, "not a side"),
])
def test_bad_design_values_are_input_errors_naming_the_field(design, needle):
    with pytest.raises(InputError) as err:
        check(design, as_of="2021-06-01")
    assert needle in str(err.value)


def test_an_unknown_plot_is_an_error_naming_the_nearest():
    with pytest.raises(UnknownPlotError, match="BZ-13-10"):
        check({**BZ, "plot": "BZ-13-01"})


def test_a_limit_without_a_number_is_for_an_officer_to_judge(write):
    from zoning_rules import load_rulebook

    layer = write("airport.yaml", 'sources:\n  "X〔2023〕1号": {date: 2023-01-01}\nplots:\n  LP-B-7-2/03:\n'
                  '    approvals:\n      - source: "X〔2023〕1号"\n        limits:\n'
                  '          height: {text: 满足机场限高}\n          far: {min: 2.0, max: 3.5}\n')
    book = load_rulebook(layer)
    r = check({"plot": "lp-b-7-2/03", "height": "30 m", "far": "1.9"}, book, as_of="2023-06-01")
    assert finding(r, "height").reason == "limit_without_number" and finding(r, "height").status == "indeterminate"
    far = finding(r, "far")
    assert far.status == "fail" and far.reason == "below_min"
    assert finding(check({"plot": "LP-B-7-2/03", "far": "3.49"}, book, as_of="2023-06-01"), "far").status == "pass"


def test_no_limit_on_record_can_be_turned_off_by_policy():
    r = check({"plot": "N-08-01", "land_use": "G1"}, as_of="2022-01-01", policy=Policy(required=()))
    assert r.status == "pass" and [f.indicator for f in r.findings] == ["land_use"]


@pytest.mark.parametrize("far,status", [("2.39", "pass"), ("2.40", "indeterminate"), ("2.4", "indeterminate"),
                                        ("2.404", "fail"), ("2.41", "fail"), ("2.395", "pass")])
def test_a_declared_ratio_whose_rounding_interval_straddles_the_limit_is_indeterminate(far, status):
    d = {"plot": "BZ-13-10", "far": far}
    f = finding(check(d, as_of="2021-06-01"), "far")
    assert f.status == status
    if status == "indeterminate":
        assert f.reason == "declared_rounded_at_limit" and "计容建筑面积" in f.message_zh


def test_the_areas_decide_a_ratio_exactly_even_at_the_limit():
    d = {"plot": "BZ-13-10", "site_area": "47333 m2", "floor_area": "113599.2 m2", "far": "2.40"}
    assert finding(check(d, as_of="2021-06-01"), "far").status == "pass"


def test_under_rounded_comparison_a_declared_ratio_at_the_limit_passes():
    f = finding(check({"plot": "BZ-13-10", "far": "2.40"}, as_of="2021-06-01", policy=Policy(comparison="rounded")), "far")
    assert f.status == "pass"


def test_an_indicator_without_a_limit_still_shows_the_designs_value():
    r = check({"plot": "N-08-03", "site_area": "3000 m2", "floor_area": "900 m2"}, as_of="2022-01-01")
    f = finding(r, "far")
    assert f.reason == "no_limit_on_record" and f.actual == Fraction(3, 10) and "0.30" in f.message_zh


def test_a_policy_with_an_unknown_comparison_method_is_an_error():
    with pytest.raises(InputError, match="comparison"):
        Policy(comparison="rounding")
    with pytest.raises(InputError, match="not an indicator"):
        Policy(required=("fra",))
