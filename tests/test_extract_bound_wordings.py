"""Any bound wording, with any number written in ASCII or full-width digits, gives the limit the
words state: the bound's direction, its inclusiveness and the exact decimal as written.

The wordings are written out here with the bound each one means (不大于/不超过/≤/以下 inclusive
maximum, 小于/低于/< exclusive maximum, 不小于/不低于/≥/以上 inclusive minimum, 大于/高于/> exclusive
minimum), independently of the extractor's own table; both bounds may be given in one phrase
(≤3.5且≥2.0, 大于等于1.2小于等于2.0) and must both be kept.  The letters are laid out as other
cities print them: 文号 with 〔〕, [] or 【】 and a date in Arabic or Chinese numerals.
"""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from zoning_rules.extract import extract_text

# (prefix, suffix, bound, exclusive): the words around the number, as a planner reads them.
WORDINGS = [
    ("≤", "", "max", False), ("不大于", "", "max", False), ("不超过", "", "max", False),
    ("不高于", "", "max", False), ("小于等于", "", "max", False), ("不得超过", "", "max", False),
    ("", "以下", "max", False), ("", "以内", "max", False), ("不大于", "(含)", "max", False),
    ("<", "", "max", True), ("小于", "", "max", True), ("低于", "", "max", True),
    ("≥", "", "min", False), ("不小于", "", "min", False), ("不低于", "", "min", False),
    ("大于等于", "", "min", False), ("", "以上", "min", False),
    (">", "", "min", True), ("大于", "", "min", True), ("高于", "", "min", True),
]
# indicator name → (unit as written after the number, the unit kept in the value)
INDICATORS = {"far": ("容积率", ""), "building_density": ("建筑密度", "%"),
              "green_ratio": ("绿地率", "%"), "height": ("建筑高度", "米")}
HEADS = [("〔2022〕", "2022年3月15日"), ("[2022]", "二〇二二年三月十五日"), ("【2022】", "2022年3月15日")]


def letter(clause: str, head: tuple[str, str]) -> str:
    bracket, date = head
    return (f"晋中市人民政府\n关于太谷区TG-02-05地块控制性详细规划调整的批复\n市政函{bracket}12号\n"
            f"市自然资源局：\n经研究，批复如下：\n一、同意太谷区TG-02-05地块控制性详细规划调整方案。\n"
            f"二、TG-02-05地块用地性质为二类居住用地（R2），{clause}。\n晋中市人民政府\n{date}\n")


def full_width(text: str) -> str:
    return text.translate({ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789.%"})


numbers = st.builds(lambda i, f, digits: f"{i}.{f:0{digits}d}" if digits else str(i),
                    st.integers(1, 99), st.integers(0, 99), st.sampled_from([0, 1, 2]))


def only_limits(text: str) -> tuple[dict, list]:
    draft = extract_text(text, "l.txt")
    (approval,) = draft.plots["TG-02-05"]
    fold = {k: {b: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v for b, v in spec.items()}
            for k, spec in approval.get("limits", {}).items()}
    return fold, approval.get("review", [])


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(list(INDICATORS)), st.sampled_from(WORDINGS), numbers, st.booleans(),
       st.sampled_from(HEADS))
def test_any_bound_wording_with_ascii_or_full_width_digits_gives_the_stated_limit(key, wording, number, wide, head):
    name, unit = INDICATORS[key]
    prefix, suffix, bound, exclusive = wording
    if number.endswith(".0") and key != "far":
        number = number[:-2]
    written = f"{number}{unit}"
    clause = f"{name}{prefix}{full_width(written) if wide else written}{suffix}"
    got, review = only_limits(letter(clause, head))
    want = {bound: written} | ({f"{bound}_exclusive": True} if exclusive else {})
    assert got == {key: want}, (clause, got, review)
    assert review == []


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(list(INDICATORS)), st.sampled_from([w for w in WORDINGS if w[1] == ""]),
       st.sampled_from([w for w in WORDINGS if w[1] == ""]), numbers, numbers,
       st.sampled_from(["且", "", "并且"]), st.booleans())
def test_two_bounds_of_one_indicator_in_one_phrase_are_both_kept_or_sent_to_review(
        key, first, second, n1, n2, joint, wide):
    name, unit = INDICATORS[key]
    a, b = f"{n1}{unit}", f"{n2}{unit}"
    clause = f"{name}{first[0]}{a}{joint}{second[0]}{b}"
    got, review = only_limits(letter(full_width(clause) if wide else clause, HEADS[0]))
    if first[2] == second[2]:
        assert key not in got and review, (clause, got)   # two maxima (or minima): never a guess
        return
    from fractions import Fraction
    lo, hi = (n1, n2) if first[2] == "min" else (n2, n1)
    if Fraction(lo) > Fraction(hi):
        assert key not in got and review, (clause, got)   # an empty range: the loader would refuse it
        return
    want = {first[2]: a, second[2]: b}
    want |= {f"{w[2]}_exclusive": True for w in (first, second) if w[3]}
    assert got == {key: want}, (clause, got, review)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["building_density", "green_ratio"]), st.integers(1, 99),
       st.sampled_from([w for w in WORDINGS if w[1] == "" and not w[0].isascii() and w[0] not in "≤≥<>"]))
def test_a_percentage_in_chinese_words_is_the_same_limit_as_in_digits(key, n, wording):
    name, _ = INDICATORS[key]
    tens, ones = divmod(n, 10)
    digits = "零一二三四五六七八九"
    words = ("" if tens in (0, 1) else digits[tens]) + ("十" if tens else "") + (digits[ones] if ones else "")
    got_words, _ = only_limits(letter(f"{name}{wording[0]}百分之{words}", HEADS[1]))
    got_digits, _ = only_limits(letter(f"{name}{wording[0]}{n}%", HEADS[1]))
    assert got_words == got_digits == {key: {wording[2]: f"{n}%"} | (
        {f"{wording[2]}_exclusive": True} if wording[3] else {})}


# A comparison written before the name (2.0≤容积率, 1.0＜容积率): read from the indicator's side.
BEFORE = [("<", "min", True), ("≤", "min", False), ("＜", "min", True), ("≤", "min", False),
          (">", "max", True), ("≥", "max", False)]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(list(INDICATORS)), st.sampled_from(BEFORE), numbers, numbers, st.booleans())
def test_a_bound_written_before_the_indicator_name_is_read_from_the_indicators_side(key, before, n1, n2, wide):
    from fractions import Fraction
    name, unit = INDICATORS[key]
    op, bound, exclusive = before
    lo, hi = sorted((n1, n2), key=Fraction)
    if lo == hi:
        return
    first, second = (lo, hi) if bound == "min" else (hi, lo)   # 1.0<容积率≤2.0 or 3.0≥容积率>1.0
    other = {"min": "max", "max": "min"}[bound]
    shown = full_width(f"{first}{unit}") if wide else f"{first}{unit}"
    got, review = only_limits(letter(f"{shown}{op}{name}{'≤' if other == 'max' else '≥'}{second}{unit}",
                                     HEADS[0]))
    want = {bound: f"{first}{unit}", other: f"{second}{unit}"} | ({f"{bound}_exclusive": True} if exclusive else {})
    assert got == {key: want}, (got, review)
    assert review == []


def test_a_comparison_that_starts_a_condition_is_not_a_second_bound():
    got, review = only_limits(letter("建筑高度≤24米，≥15米的部分应退让道路红线10米", HEADS[0]))
    assert got == {"height": {"max": "24米"}}
    assert any("15" in r for r in review)


def test_a_building_type_after_the_value_makes_a_limit_per_type_and_a_provisional_one_is_flagged():
    got, review = only_limits(letter("建筑高度≤80米（住宅）、≤24米（商业），建筑密度≤30%（暂定），容积率≤2.0（含）", HEADS[0]))
    assert got["height"]["by_type"] == {"住宅": {"max": "80米"}}
    assert "max" not in got["height"]                       # never the plot's height
    assert got["far"] == {"max": "2.0"} and got["building_density"] == {"max": "30%"}
    assert any("24" in r for r in review) and any("暂定" in r for r in review)


def test_jian_zhu_wu_gao_du_is_the_buildings_height_not_a_building_type():
    got, review = only_limits(letter("建筑物高度不超过24米，建筑密度≤30%", HEADS[0]))
    assert got == {"height": {"max": "24米"}, "building_density": {"max": "30%"}} and review == []


@pytest.mark.parametrize("words", ["新建", "拟建", "地块内", "用地内", "场地内", "本项目", "所有", "全部", "各类", "该地块", "建筑物"])
def test_words_for_all_buildings_of_the_plot_are_not_a_building_type(words):
    name = "高度" if words == "建筑物" else "建筑高度"
    got, review = only_limits(letter(f"{words}{name}不超过24米", HEADS[0]))
    assert got == {"height": {"max": "24米"}} and review == []


@pytest.mark.parametrize("words", ["住宅", "配套设施", "生产性", "综合"])
def test_a_building_type_before_the_height_stays_a_limit_per_type(words):
    got, review = only_limits(letter(f"{words}建筑高度不超过24米", HEADS[0]))
    assert got["height"]["by_type"] == {words: {"max": "24米"}} and "max" not in got["height"]
    assert review


@pytest.mark.parametrize("clause, key, want", [
    ("容积率小于2.0（不含）", "far", {"max": "2.0", "max_exclusive": True}),
    ("建筑高度24米以下（含）", "height", {"max": "24米"}),
    ("容积率1.5-2.0（含）", "far", {"min": "1.5", "max": "2.0"}),
    ("容积率1.5-2.0（不含）", "far", None),
    ("绿地率30%以上（不含）", "green_ratio", None),
    ("容积率≤2.0（不含）", "far", None),
    ("容积率小于2.0（含）", "far", None),
])
def test_an_inclusion_note_after_the_value_agrees_or_sends_the_limit_to_review(clause, key, want):
    got, review = only_limits(letter(clause, HEADS[0]))
    if want is None:
        assert key not in got and any("含" in r for r in review)
    else:
        assert got == {key: want} and review == []
