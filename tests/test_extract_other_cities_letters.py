"""Letters and notices of other cities and years (tests/fixtures/letters_other/, invented for these
tests in the shapes real 控规调整批复 and 公示 take) give the rules a careful planner writes down.

Each expected rule is written out here by hand from the fixture's text; each draft must also load
as a rule book (where the values become exact).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zoning_rules.extract import extract_files, to_yaml
from zoning_rules.rulebook import load_rulebook

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters_other"


def draft(name: str):
    return extract_files([LETTERS / name])


def limits(name: str) -> dict:
    """Plot → its one approval's limits."""
    out = {}
    for plot, approvals in draft(name).plots.items():
        (approval,) = approvals
        out[plot] = approval.get("limits")
    return out


def reviews(name: str) -> list[str]:
    d = draft(name)
    return [r for v in d.plots.values() for a in v for r in a.get("review", ())] + \
        [r for s in d.sources.values() for r in s.get("review", ())]


def test_document_numbers_in_square_and_lenticular_brackets_and_a_date_in_chinese_numerals_make_a_letter():
    d = draft("l02_chinese_date_brackets.txt")
    (doc, source), = d.sources.items()
    assert doc == "忻政函[2022]45号"
    assert source["date"] == dt.date(2022, 5, 20)
    assert source["issuer"] == "忻州市人民政府" and source["kind"] == "批复"
    assert d.plots["C2-05-03"][0]["limits"] == {
        "far": {"max": "3.0"}, "building_density": {"max": "40%", "max_exclusive": True},
        "green_ratio": {"min": "20%"}, "height": {"max": "60米"}}
    assert d.plots["C2-05-03"][0]["area"] == {"value": "1.25公顷", "approx": False}
    (doc2, _), = draft("l03_range_forms.txt").sources.items()
    assert doc2 == "同政函【2023】7号"


def test_short_codes_a_01_are_plots_when_no_longer_code_extends_them_and_ranges_with_tilde_or_zhi():
    got = limits("l03_range_forms.txt")
    residential = {"far": {"min": "1.5", "max": "2.0"}, "building_density": {"max": "25%"},
                   "green_ratio": {"min": "35%"}, "height": {"max": "54米"}}
    assert got["A-01"] == residential and got["A-02"] == residential
    assert got["B-03"]["far"] == {"min": "1.5", "max": "2.0"}
    # 檐口高度 is not the building height (GB 50352 measures a flat roof to the parapet): kept by type,
    # indeterminate, with a review item — never the plot's height limit.
    assert got["B-03"]["height"] == {"text": "檐口高度不超过24米", "by_type": {"檐口": {"max": "24米"}}}
    assert any("檐口高度" in r for r in reviews("l03_range_forms.txt"))


def test_digit_only_codes_and_both_bounds_joined_by_qie_give_a_minimum_and_a_maximum():
    got = draft("l04_combined_and_mu.txt")
    (approval,) = got.plots["03-12"]
    assert approval["limits"] == {
        "far": {"max": "3.5", "min": "2.0"}, "building_density": {"max": "30%"},
        "green_ratio": {"min": "30%"}, "height": {"max": "80米"}, "parking_spaces": {"min": "450个"}}
    assert approval["area"] == {"value": "45.6亩", "approx": False}
    assert "review" not in approval


def test_a_street_and_number_plot_is_keyed_by_its_name():
    got = draft("l05_street_plots.txt")
    assert list(got.plots) == ["西街街道12号"]
    (approval,) = got.plots["西街街道12号"]
    assert approval["limits"] == {"far": {"max": "2.2"}, "building_density": {"max": "45%"},
                                  "green_ratio": {"min": "15%"}, "height": {"max": "36米"}}
    assert "review" not in approval


def test_yi_xia_without_a_unit_is_an_inclusive_maximum_and_percent_in_words_is_read_exactly():
    (approval,) = draft("l06_percent_words.txt").plots["ZX-07-02"]
    assert approval["limits"] == {"far": {"max": "1.0"}, "building_density": {"max": "25%"},
                                  "green_ratio": {"min": "35%"}, "height": {"max": "45m"}}
    assert any("百分之二十五" in n and "25%" in n for n in approval["notes"])


def test_strict_comparisons_are_exclusive_and_a_strict_minimum_with_an_inclusive_maximum_keeps_both():
    assert limits("l07_strict_bounds.txt")["YH-21-05"] == {
        "far": {"min": "1.0", "min_exclusive": True, "max": "2.0"},
        "building_density": {"min": "30%", "min_exclusive": True},
        "green_ratio": {"max": "15%", "max_exclusive": True},
        "height": {"max": "40米", "max_exclusive": True}}
    assert reviews("l07_strict_bounds.txt") == []


def test_ge_and_le_written_back_to_back_give_a_range():
    assert limits("n07_ge_without_unit.txt")["GP-A-03-01"]["far"] == {"min": "1.2", "max": "2.0"}
    (doc, _), = draft("n07_ge_without_unit.txt").sources.items()
    assert doc == "高自然资公告〔2023〕2号"


def test_full_width_digits_percent_signs_and_a_contained_marker_keep_the_limit():
    assert limits("l01_dk_codes_fullwidth.txt") == {
        code: {"far": {"max": "2.5"}, "building_density": {"max": "28％"},
               "green_ratio": {"min": "35％"}, "height": {"max": "80米"}}
        for code in ("DK-3-12", "DK-3-13")}
    assert limits("l10_full_width_punct_range.txt")["FY-12-04"] == {
        "far": {"min": "1.8", "max": "2.5"}, "building_density": {"max": "25％"},
        "green_ratio": {"min": "35％"}, "height": {"max": "80ｍ"}}


def test_a_floor_area_cap_in_ten_thousands_of_square_metres_is_a_cap_not_a_far():
    got = limits("l08_area_units.txt")["LF-02-08"]
    assert got["floor_area"] == {"max": "5.8万平方米"} and "far" not in got


def test_respectively_lists_are_assigned_plot_by_plot():
    got = limits("l09_multi_clause_list.txt")
    assert [got[c]["far"] for c in ("BG-1-01", "BG-1-02", "BG-2-03")] == \
        [{"max": "2.0"}, {"max": "2.2"}, {"max": "1.8"}]
    assert [got[c]["height"] for c in ("BG-1-01", "BG-1-02", "BG-2-03")] == \
        [{"max": "45米"}, {"max": "54米"}, {"max": "36米"}]


def test_old_conditions_of_a_change_notice_are_notes_and_only_the_new_ones_limits():
    assert limits("n02_before_after_change.txt")["JK-05-11"] == {
        "far": {"max": "2.8"}, "building_density": {"max": "30%"}, "green_ratio": {"min": "30%"},
        "height": {"max": "54米"}}
    assert limits("n05_old_new_inline.txt")["XY-15-06"] == {
        "far": {"max": "2.4"}, "building_density": {"max": "28%"}, "green_ratio": {"min": "30%"},
        "height": {"max": "60米"}}


@pytest.mark.parametrize("name", sorted(p.name for p in LETTERS.glob("*.txt")))
def test_every_fixture_draft_loads_as_a_rule_book(name, tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(to_yaml(draft(name)), encoding="utf-8")
    load_rulebook(path, embedded=False)


def test_a_bound_written_before_the_name_and_a_symbol_h_after_it_are_read():
    (approval,) = draft("l11_reversed_and_h.txt").plots["GX-04-07"]
    assert approval["limits"] == {"far": {"max": "2.0", "min": "1.0", "min_exclusive": True},
                                  "building_density": {"max": "22%"}, "green_ratio": {"min": "35%"},
                                  "height": {"max": "60m"}}
    assert "review" not in approval


def test_two_plots_each_followed_by_di_kuai_share_one_statement_and_within_and_between_are_read():
    got = limits("l12_within_and_between.txt")
    want = {"far": {"min": "1.5", "max": "2.0"}, "building_density": {"max": "40%"},
            "green_ratio": {"min": "20%"}, "height": {"max": "24米"}}
    assert got == {"BT-11-02": want, "BT-11-03": want}


def test_storeys_and_spaces_per_household_are_review_items_beside_the_limits_read():
    (approval,) = draft("l13_intro_code_and_storeys.txt").plots["WB2021-08"]
    assert approval["limits"] == {"far": {"max": "1.8"}, "building_density": {"max": "28%"},
                                  "green_ratio": {"min": "35%"}, "height": {"max": "24米"}}
    assert any("1.2个/户" in r for r in approval["review"])
    assert any("6层" in r for r in approval["review"])


def test_several_plots_in_one_clause_each_with_its_own_sentence():
    got = draft("l14_multiple_statements_same_clause.txt").plots
    assert got["XQ-01-02"][0]["limits"]["far"] == {"max": "0.9"}
    assert got["XQ-01-01"][0]["limits"]["height"] == {"max": "60米"}
    assert got["XQ-02-01"][0]["land_use"] == {"code": "S42", "name": "社会停车场用地"}
    assert "limits" not in got["XQ-02-01"][0]


def test_a_colon_list_notice_keeps_a_per_household_parking_ratio_for_review():
    (approval,) = draft("n08_colon_list.txt").plots["DK-A3-07"]
    assert approval["limits"] == {"far": {"max": "2.5"}, "building_density": {"max": "30%"},
                                  "green_ratio": {"min": "35%"}, "height": {"max": "80m"}}
    assert approval["area"] == {"value": "12345.6平方米", "approx": False}
    assert approval["review"]


def test_from_old_to_new_inline_keeps_only_the_new_values_and_a_bare_new_xian_gao_is_a_maximum():
    (approval,) = draft("n09_old_to_new_plain.txt").plots["QD-06-09"]
    assert approval["limits"] == {"far": {"max": "2.6"}, "building_density": {"max": "28%"},
                                  "green_ratio": {"min": "35%"}, "height": {"max": "80米"}}
    assert len(approval["notes"]) == 4


def test_a_value_adjusted_to_without_a_comparison_is_never_guessed_to_be_a_maximum():
    (approval,) = draft("n10_plain_new_value.txt").plots["WC-02-11"]
    assert "limits" not in approval
    assert len(approval["review"]) == 4


def test_an_absolute_elevation_is_not_the_building_height_and_goes_to_review():
    (approval,) = draft("n11_gonggao_eave_and_absolute.txt").plots["HZ-B-03-02"]
    assert approval["limits"]["height"] == {"max": "45米"}
    assert any("海拔" in r for r in approval["review"])
