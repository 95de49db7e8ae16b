"""Plot codes as other cities write them open a plot statement like Lüliang's BZ-13-10 does, alone or
in lists joined by 、 和 及 or each followed by 地块, and a range A至B spells out the plots between.

The expected plots are written here from the generated text (the codes themselves), and every plot
must get the clause's limits — none lost, none recorded as "adjusted without values".
"""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from zoning_rules.extract import extract_text

LIMITS = {"far": {"max": "2.2"}, "building_density": {"max": "30%"}, "green_ratio": {"min": "35%"}}


def _letter(listed: str) -> str:
    return ("运城市人民政府\n关于盐湖区部分地块控制性详细规划调整的批复\n运政函〔2023〕30号\n市自然资源局：\n"
            "经研究，批复如下：\n一、同意盐湖区部分地块控制性详细规划调整方案。\n"
            f"二、{listed}用地性质为二类居住用地，容积率不大于2.2，建筑密度不大于30%，绿地率不小于35%。\n"
            "运城市人民政府\n2023年5月5日\n")


styles = st.one_of(
    st.builds(lambda a, b, c: f"{a}-{b}-{c:02d}", st.sampled_from(["DK", "C2", "YH", "GX"]),
              st.integers(1, 30), st.integers(1, 40)),                         # DK-3-12, C2-05-03
    st.builds(lambda a, b: f"{a:02d}-{b:02d}", st.integers(1, 40), st.integers(1, 40)),      # 03-12
    st.builds(lambda a, b: f"{a}-{b:02d}", st.sampled_from(["A", "B", "KX"]), st.integers(1, 40)),
    st.builds(lambda p, n: f"{p}{n}号", st.sampled_from(["西街街道", "城北社区", "南关村"]),
              st.integers(1, 99)),                                             # 西街街道12号
)


@settings(max_examples=120, deadline=None)
@given(st.lists(styles, min_size=1, max_size=4, unique=True), st.sampled_from(["、", "和", "及", ","]),
       st.booleans())
def test_every_listed_plot_gets_the_clauses_limits_whatever_its_code_style(codes, joiner, each):
    listed = (joiner.join(c + "地块" for c in codes) if each else joiner.join(codes) + "地块")
    plots = extract_text(_letter(listed), "l.txt").plots
    assert sorted(plots) == sorted(codes), listed
    for code in codes:
        (approval,) = plots[code]
        assert approval["limits"] == LIMITS, (listed, approval)
        assert "review" not in approval, (listed, approval)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["XP-07-", "A-", "C2-05-"]), st.integers(1, 30), st.integers(1, 8),
       st.sampled_from(["至", "到", "～"]))
def test_a_range_of_codes_covers_every_plot_between_and_flags_those_not_written(prefix, first, n, word):
    codes = [f"{prefix}{k:02d}" for k in range(first, first + n + 1)]
    plots = extract_text(_letter(f"{codes[0]}{word}{codes[-1]}地块"), "l.txt").plots
    assert sorted(plots) == codes
    for code in codes:
        (approval,) = plots[code]
        assert approval["limits"] == LIMITS
        assert ("review" in approval) == (code not in (codes[0], codes[-1]))
