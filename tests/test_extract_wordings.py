"""Letters in wordings the seed does not use (tests/fixtures/letters/) give the expected rules.

Each fixture is laid out as PDF text is: lines broken inside numbers and codes, a page footer in the
middle of a clause.  The expected rules are written out here in full, and each draft must also load
as a rule book, where the values become exact.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from zoning_rules.extract import extract_files, extract_text, to_yaml
from zoning_rules.rulebook import load_rulebook

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def rules(name: str) -> dict:
    """Plot → [approval without quote and lines] from one fixture."""
    draft = extract_files([LETTERS / name])
    return {plot: [{k: v for k, v in a.items() if k not in ("quote", "lines")} for a in approvals]
            for plot, approvals in draft.plots.items()}


def book(name: str, tmp_path):
    path = tmp_path / (name + ".yaml")
    path.write_text(to_yaml(extract_files([LETTERS / name])), encoding="utf-8")
    return load_rulebook(path, embedded=False)


def test_chinese_comparatives_bu_da_yu_bu_chao_guo_bu_xiao_yu_bu_di_yu_become_bounds():
    got = rules("wording_a.txt")
    residential = {
        "source": "并政函〔2022〕15号", "clause": "二",
        "land_use": {"code": "R2", "name": "二类居住用地"},
        "limits": {"far": {"max": "2.8"}, "building_density": {"max": "25%"},
                   "green_ratio": {"min": "35%"}, "height": {"max": "80米"},
                   "parking_spaces": {"min": "300个"}},
    }
    assert got["B-4-1"] == [residential]
    assert got["B-4-2"] == [residential]


def test_a_height_limit_without_a_number_is_kept_as_text_with_a_review_item_and_hectares_as_written():
    got = rules("wording_a.txt")
    (approval,) = got["B-5-3"]
    review = approval.pop("review")
    assert approval == {
        "source": "并政函〔2022〕15号", "clause": "二", "land_use": "中小学用地",
        "area": {"value": "2.36公顷", "approx": False},
        "limits": {"far": {"max": "1.2"}, "green_ratio": {"min": "35%"},
                   "height": {"text": "满足机场限高要求"}, "entrance_side": {"equals": "east"}},
    }
    assert len(review) == 1 and "满足机场限高要求" in review[0]


def test_a_plot_approved_in_principle_without_values_is_unpublished():
    got = rules("wording_a.txt")
    assert got["B-6-1"] == [{
        "source": "并政函〔2022〕15号", "clause": "一", "published": False,
        "notes": ["第二条未列出B-6-1地块调整后的用地性质和控制指标。"],
    }]


def test_ranges_strict_comparisons_mu_and_slash_codes():
    got = rules("wording_b.txt")
    assert got["LP-B-7-2/03"] == [{
        "source": "市政函〔2022〕8号", "clause": "二", "land_use": {"code": "B1", "name": "商业用地"},
        "area": {"value": "45亩", "approx": True},
        "limits": {"far": {"min": "2.0", "max": "3.5"},
                   "building_density": {"max": "40%", "max_exclusive": True},
                   "green_ratio": {"min": "25%", "min_exclusive": True},
                   "height": {"max": "54米"}},
    }]


def test_heights_per_building_type_become_per_type_limits_under_a_text_limit_and_a_review_item():
    (approval,) = rules("wording_b.txt")["LP-B-7-2/05"]
    assert approval["limits"] == {
        "far": {"min": "1.0"}, "building_density": {"min": "40%"}, "green_ratio": {"max": "15%"},
        "height": {"text": "生产性建筑高度≤50米，配套设施建筑高度≤100米",
                   "by_type": {"生产性": {"max": "50米"}, "配套设施": {"max": "100米"}}},
    }
    assert approval["area"] == {"value": "3.2万平方米", "approx": False}
    (item,) = approval["review"]
    assert "生产性建筑高度≤50米" in item and "配套设施建筑高度≤100米" in item


def test_exact_values_of_mu_hectares_and_wan_square_metres(tmp_path):
    b = book("wording_b.txt", tmp_path)
    assert b.history("LP-B-7-2/03")[0].area.amount.value == 45 * Fraction(10000, 15)
    assert b.history("LP-B-7-2/05")[0].area.amount.value == 32000
    lim = b.history("LP-B-7-2/03")[0].limits
    assert (lim["far"].min.value, lim["far"].max.value) == (2, Fraction(7, 2))
    assert lim["building_density"].max_exclusive and lim["green_ratio"].min_exclusive
    height = b.history("LP-B-7-2/05")[0].limits["height"]
    assert not height.numeric and height.text
    a = book("wording_a.txt", tmp_path)
    assert a.history("B-5-3")[0].area.amount.value == 23600


def test_a_height_limit_without_a_number_is_indeterminate_in_a_check(tmp_path):
    from zoning_rules import check
    from zoning_rules.design import Design

    b = book("wording_b.txt", tmp_path)
    design = Design.model_validate({"plot": "LP-B-7-2/05", "height": "30 m"})
    report = check(design, b)
    (height,) = [f for f in report.findings if f.indicator == "height"]
    assert height.status == "indeterminate"


def test_values_without_a_comparison_or_with_yue_go_to_review_not_to_limits():
    got = rules("wording_c.txt")
    (east,) = got["东城东地块"]
    assert east["limits"] == {"building_density": {"max": "30%"}, "green_ratio": {"min": "30%"}}
    assert east["planned"] == {"floor_area": {"value": "7.2万平方米", "approx": True}}
    assert east["area"] == {"value": "3.6公顷", "approx": True}
    assert east["clause"] == "一（一）" and east["land_use"] == "二类居住用地"
    assert len(east["review"]) == 2
    assert any("容积率为2.0" in r for r in east["review"])
    assert any("建筑高度约60米" in r for r in east["review"])


def test_sub_clauses_headed_by_a_plot_name_are_plots_named_after_the_area():
    got = rules("wording_c.txt")
    assert got["东城西地块"] == [{
        "source": "运政办函〔2022〕3号", "clause": "一（二）",
        "land_use": {"code": "B2", "name": "商务用地"},
        "limits": {"far": {"max": "4.0"}, "height": {"max": "150米"}, "setback": {"min": "8米"}},
    }]


def test_planning_letters_are_sources_and_other_letters_are_left_out():
    draft = extract_files([LETTERS / "wording_c.txt"])
    assert set(draft.sources) == {"运政办函〔2022〕3号", "运政函〔2022〕10号"}
    assert draft.sources["运政函〔2022〕10号"]["plot_limits"] is False
    assert "留白" in draft.sources["运政办函〔2022〕3号"]["notes"][0]


def test_a_text_without_a_letter_header_or_a_date_is_an_input_error_asking_for_the_date():
    from zoning_rules.errors import InputError

    with pytest.raises(InputError, match="no letter found.*--date"):
        extract_text("容积率≤2.4\n建筑密度≤30%\n", "notes.txt")
