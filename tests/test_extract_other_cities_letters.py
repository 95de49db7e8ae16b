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


def test_a_contradicting_inclusion_note_is_review_and_yi_xia_yi_shang_with_units_are_bounds():
    (approval,) = draft("l15_not_included_and_suffixes.txt").plots["LW-03-04"]
    assert approval["limits"] == {"building_density": {"max": "30%"}, "green_ratio": {"min": "30%"},
                                  "height": {"max": "80米"}, "setback": {"min": "10米"}}
    assert any("不含" in r for r in approval["review"])          # ≤2.5（不含）: never a guess
    assert any("100" in r for r in approval["review"])           # 局部不超过100米: not read, said so
    assert approval["area"] == {"value": "1.5hm2", "approx": False}


def test_two_letters_in_one_file_with_different_brackets_keep_their_own_dates_and_limits():
    d = draft("l16_two_letters_one_file.txt")
    assert [(doc, s["date"]) for doc, s in d.sources.items()] == [
        ("安政函[2021]9号", dt.date(2021, 1, 20)), ("安政函【2021】88号", dt.date(2021, 12, 31))]
    first, second = d.plots["HB-01-03"]
    assert first["limits"]["far"] == {"max": "2.0"} and second["limits"] == {"far": {"max": "2.4"}}


def test_a_plot_named_only_in_a_notices_title_takes_the_bodys_new_limits():
    (approval,) = draft("n15_code_only_in_title.txt").plots["GX-11-05"]
    assert approval["limits"] == {"far": {"max": "2.0"}, "building_density": {"max": "30%"},
                                  "green_ratio": {"min": "30%"}, "height": {"max": "45米"}}
    assert any("仅见于标题" in n for n in approval["notes"])


def test_a_second_bound_after_a_comma_belongs_to_the_same_indicator():
    assert limits("n16_second_bound_after_comma.txt")["SL-05-02"] == {
        "far": {"max": "2.0", "min": "1.0"}, "building_density": {"min": "40%"},
        "green_ratio": {"max": "15%"}, "height": {"max": "24米"}}


def test_lines_broken_inside_numbers_and_a_footer_change_nothing():
    assert limits("n17_broken_lines.txt")["XY-03-11"] == {
        "far": {"max": "2.6"}, "building_density": {"max": "25%"}, "green_ratio": {"min": "35%"},
        "height": {"max": "80米"}}


def test_a_range_of_plot_codes_covers_the_plots_between_with_a_review_item_for_those_not_listed():
    d = draft("l17_plot_range_and_upper_lower.txt")
    assert sorted(d.plots) == ["XP-07-01", "XP-07-02", "XP-07-03"]
    want = {"far": {"max": "2.5", "min": "1.2"}, "building_density": {"max": "28%"},
            "green_ratio": {"min": "35%"}, "height": {"max": "60米"}}
    for code, (approval,) in d.plots.items():
        assert approval["limits"] == want
        assert ("review" in approval) == (code == "XP-07-02")


def test_typed_heights_and_a_residential_floor_area_cap_go_to_review_the_total_cap_is_a_limit():
    (approval,) = draft("l18_typed_heights_and_floor_caps.txt").plots["JY-03-15"]
    assert approval["limits"]["floor_area"] == {"max": "103089.25平方米"}
    assert approval["limits"]["height"]["by_type"] == {"住宅": {"max": "80米"}, "配套公建": {"max": "24米"}}
    assert "far" not in approval["limits"]
    assert len(approval["review"]) == 2


def test_numbered_items_end_before_the_next_items_number():
    got = draft("n18_many_forms.txt").plots
    (a,) = got["CA-12-07"]
    assert a["limits"]["far"] == {"max": "4.0"} and a["limits"]["height"] == {"max": "100米"}
    assert not any("“2”" in r for r in a["review"]) and "notes" not in a
    assert got["CA-12-08"][0]["limits"] == {"green_ratio": {"min": "80%"}}


def test_a_table_in_the_attachment_after_the_signature_gives_the_plots_limits():
    got = draft("l19_attachment_table.txt").plots
    assert got["TG-05-01"][0]["limits"] == {"far": {"max": "2.2"}, "building_density": {"max": "25%"},
                                           "green_ratio": {"min": "35%"}, "height": {"max": "60米"}}
    assert got["TG-05-02"][0]["limits"]["far"] == {"max": "1.0"}
    assert got["TG-05-02"][0]["clause"] == "附件" and len(got["TG-05-02"]) == 1


def test_an_attachment_that_cannot_be_read_leaves_the_plots_unpublished_with_a_review_item():
    text = (LETTERS / "l19_attachment_table.txt").read_text(encoding="utf-8").split("附件\n地块控制指标一览表")[0]
    from zoning_rules.extract import extract_text
    got = extract_text(text, "l.txt").plots
    for code in ("TG-05-01", "TG-05-02"):
        (approval,) = got[code]
        assert approval["published"] is False and approval["review"]


def test_plots_in_sub_clauses_each_take_their_own_limits():
    got = draft("l20_subclauses.txt").plots
    assert got["HR-2-01"][0]["clause"] == "二（一）" and got["HR-2-01"][0]["area"]["approx"] is True
    assert got["HR-2-02"][0]["limits"]["parking_spaces"] == {"min": "200个"}


def test_land_uses_listed_respectively_are_assigned_plot_by_plot():
    got = draft("l21_respectively_land_use.txt").plots
    assert [got[c][0]["land_use"] for c in ("FY-08-01", "FY-08-02", "FY-08-03")] == \
        ["二类居住用地", "商业用地", "中小学用地"]
    assert [got[c][0]["limits"]["green_ratio"] for c in ("FY-08-01", "FY-08-02", "FY-08-03")] == \
        [{"min": "35%"}, {"min": "20%"}, {"min": "35%"}]


def test_a_land_use_the_extractor_cannot_read_is_a_review_item():
    from zoning_rules.extract import extract_text
    text = (LETTERS / "l21_respectively_land_use.txt").read_text(encoding="utf-8").replace(
        "中小学用地，", "")          # three plots, two land uses: never a guess
    got = extract_text(text, "l.txt").plots
    for code in ("FY-08-01", "FY-08-02", "FY-08-03"):
        (approval,) = got[code]
        assert "land_use" not in approval
        assert any("用地性质" in r for r in approval["review"])


def test_parking_per_floor_area_is_a_review_item_and_a_setback_distance_a_minimum():
    (approval,) = draft("n19_setback_and_parking_forms.txt").plots["JC-14-02"]
    assert approval["limits"]["setback"] == {"min": "8米"}
    assert "parking_spaces" not in approval["limits"]
    assert any("0.8" in r for r in approval["review"])


def test_fields_apart_only_by_spaces_or_line_breaks_the_land_use_is_not_a_building_type():
    got = draft("n20_fields_apart_by_spaces_and_lines.txt").plots
    (a,) = got["B-4-1"]
    assert a["land_use"] == "二类居住用地"
    assert a["limits"] == {"far": {"max": "2.3"}, "building_density": {"max": "30%"}, "green_ratio": {"min": "35%"}}
    assert "review" not in a
    (b,) = got["B-4-2"]
    assert b["land_use"] == "商业用地" and b["limits"] == {"far": {"max": "3.0"}, "height": {"max": "60米"}}
    assert "review" not in b
