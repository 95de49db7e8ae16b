"""Tables of indicators typed as text rows (cells apart by spaces, tabs or full-width spaces) give
one approval per row, read as the statement the row stands for: a unit given only in the header
(建筑密度（%）, 用地面积（公顷）, 建筑限高（米）) belongs to every figure of its column, a dash is "not
set" (a note, never a limit), and a row that does not line up with the header is a review item.
Expected rules are written out by hand from tests/fixtures/letters_other/n01, n12, n13, n14.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from zoning_rules.extract import extract_files, extract_text

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters_other"


def plots(name: str) -> dict:
    return {p: a for p, (a,) in extract_files([LETTERS / name]).plots.items()}


def test_a_table_with_units_in_the_header_gives_each_row_its_limits():
    got = plots("n01_table_rows.txt")
    assert got["XD-12-03"]["limits"] == {"far": {"max": "2.5"}, "building_density": {"max": "25%"},
                                         "green_ratio": {"min": "35%"}, "height": {"max": "80米"}}
    assert got["XD-12-03"]["area"] == {"value": "3.21公顷", "approx": False}
    assert got["XD-12-04"]["limits"] == {"far": {"max": "3.0"}, "building_density": {"max": "40%"},
                                         "green_ratio": {"min": "20%"}, "height": {"max": "60米"}}
    assert got["XD-12-04"]["lines"] == [6, 6]
    assert all("review" not in a for a in got.values())


def test_tab_separated_rows_with_a_land_use_code_column_and_dashes_for_what_is_not_set():
    got = plots("n12_table_tabs_dashes.txt")
    assert got["JK-08-01"]["land_use"] == {"code": "R2", "name": "二类居住用地"}
    assert got["JK-08-01"]["area"] == {"value": "35621.4平方米", "approx": False}
    assert got["JK-08-02"]["limits"]["far"] == {"min": "1.5", "max": "2.5"}
    park = got["JK-09-03"]
    assert park["limits"] == {"green_ratio": {"min": "70%"}, "height": {"max": "12m"}}
    assert any("容积率" in n and "—" in n for n in park["notes"])
    assert any("建筑密度" in n and "—" in n for n in park["notes"])


def test_full_width_cells_and_a_numbered_first_column():
    (code, approval), = plots("n13_table_fullwidth.txt").items()
    assert code == "KF-2-05"
    assert approval["limits"] == {"far": {"min": "1.0"}, "building_density": {"min": "40％"},
                                  "green_ratio": {"max": "15％"}, "height": {"max": "24米"}}


def test_a_row_that_does_not_line_up_with_the_header_is_a_review_item_never_a_guess():
    d = extract_files([LETTERS / "n14_table_short_row.txt"])
    assert d.plots["JK-10-01"][0]["limits"] == {"far": {"max": "2.0"}, "building_density": {"max": "22%"},
                                                "green_ratio": {"min": "35%"}, "height": {"max": "54米"}}
    assert "JK-10-02" not in d.plots
    (source,) = d.sources.values()
    assert any("JK-10-02 B1 ≤3.0 ≥30" in r for r in source["review"])


COLUMNS = [("容积率", "far", "", ""), ("建筑密度(%)", "building_density", "%", ""),
           ("绿地率（%）", "green_ratio", "%", ""), ("建筑高度(米)", "height", "米", "")]


@settings(max_examples=60, deadline=None)
@given(st.permutations(COLUMNS), st.lists(st.integers(1, 95), min_size=4, max_size=4),
       st.sampled_from([" ", "  ", "\t", "\u3000", " \t "]))
def test_a_table_row_and_the_same_figures_in_prose_give_the_same_limits(columns, values, sep):
    ops = {"far": "≤", "building_density": "≤", "green_ratio": "≥", "height": "≤"}
    figures = {key: (f"{v / 10}" if key == "far" else str(v)) for (_, key, _, _), v in zip(columns, values)}
    header = sep.join(["地块编号"] + [c[0] for c in columns])
    row = sep.join(["TY-03-07"] + [ops[c[1]] + figures[c[1]] for c in columns])
    table = f"关于TY-03-07地块控规调整的批后公告\n主要指标如下：\n{header}\n{row}\n特此公告。\n太原市规划和自然资源局\n2023年6月1日\n"
    prose = ("关于TY-03-07地块控规调整的批后公告\nTY-03-07地块："
             + "，".join(f"{c[0].split('(')[0].split('（')[0]}{ops[c[1]]}{figures[c[1]]}{c[2]}" for c in columns)
             + "。\n特此公告。\n太原市规划和自然资源局\n2023年6月1日\n")
    (a,), = extract_text(table, "t.txt").plots.values()
    (b,), = extract_text(prose, "p.txt").plots.values()
    assert a["limits"] == b["limits"] and len(a["limits"]) == 4
    assert "review" not in a


def test_a_table_of_figures_before_and_after_gives_only_the_after_column_as_limits():
    (code, approval), = plots("n21_before_after_columns.txt").items()
    assert code == "YZ-04-09"
    assert approval["land_use"] == "二类居住用地"
    assert approval["limits"] == {"far": {"max": "2.8"}, "building_density": {"max": "25%"},
                                  "green_ratio": {"min": "35%"}, "height": {"max": "80米"}}
    assert any("45米" in n for n in approval["notes"])        # the old 限高 is a note, never the limit
    assert "review" not in approval


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 95), min_size=8, max_size=8), st.booleans(),
       st.sampled_from([("变更前", "变更后"), ("调整前", "调整后"), ("原规划条件", "拟调整为")]))
def test_the_old_column_never_changes_the_limits_of_a_before_after_table(values, swap, names):
    old, new = values[:4], values[4:]
    rows = [("容积率", lambda v: f"≤{v / 10}"), ("建筑密度", lambda v: f"≤{v}%"), ("绿地率", lambda v: f"≥{v}%"),
            ("建筑限高", lambda v: f"{v}米")]

    def notice(old_values):
        cols = [names[0], names[1]]
        lines = ["指标名称 " + " ".join(cols[::-1] if swap else cols)]
        for (name, fmt), o, n in zip(rows, old_values, new):
            cells = [fmt(o), fmt(n)]
            lines.append(f"{name} {' '.join(cells[::-1] if swap else cells)}")
        return ("关于YZ-04-09地块规划条件变更的批前公示\nYZ-04-09地块变更内容如下：\n" + "\n".join(lines)
                + "\n公示时间：2023年9月1日至2023年9月30日\n太原市规划和自然资源局\n2023年9月1日\n")

    (a,), = extract_text(notice(old), "a.txt").plots.values()
    (b,), = extract_text(notice(new), "b.txt").plots.values()
    want = {"far": {"max": f"{new[0] / 10}"}, "building_density": {"max": f"{new[1]}%"},
            "green_ratio": {"min": f"{new[2]}%"}, "height": {"max": f"{new[3]}米"}}
    assert a["limits"] == b["limits"] == want


def test_a_table_under_a_heading_of_old_figures_is_a_note_and_only_the_new_table_sets_limits():
    d = extract_files([LETTERS / "n22_old_and_new_tables.txt"])
    assert {p: len(v) for p, v in d.plots.items()} == {"JC-02-04": 1, "JC-02-05": 1}
    assert d.plots["JC-02-04"][0]["limits"] == {"far": {"max": "2.5"}, "building_density": {"max": "25%"},
                                               "green_ratio": {"min": "35%"}, "height": {"max": "80米"}}
    (source,) = d.sources.values()
    assert any("调整前" in n and "≤1.2" in n for n in source["notes"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 95), min_size=8, max_size=8), st.sampled_from(["调整前控制指标", "原控规指标", "现状指标"]))
def test_an_old_figures_table_never_changes_the_limits(values, heading):
    def table(v):
        return ("地块编号 容积率 建筑密度(%) 绿地率(%)\n"
                f"JC-02-04 ≤{v[0] / 10} ≤{v[1]} ≥{v[2]}\n")
    new = values[:4]
    tail = "公示时间：2024年5月6日至2024年6月5日\n太原市规划和自然资源局\n2024年5月6日\n"
    head = "关于JC-02-04地块控规调整的批前公示\n"
    with_old = head + f"一、{heading}\n" + table(values[4:]) + "二、调整后控制指标\n" + table(new) + tail
    without = head + "二、调整后控制指标\n" + table(new) + tail
    a = extract_text(with_old, "a.txt").plots["JC-02-04"]
    b = extract_text(without, "b.txt").plots["JC-02-04"]
    assert [x["limits"] for x in a] == [y["limits"] for y in b] == [
        {"far": {"max": f"{new[0] / 10}"}, "building_density": {"max": f"{new[1]}%"},
         "green_ratio": {"min": f"{new[2]}%"}}]


def test_code_cells_written_with_di_kuai_or_as_a_place_and_number_are_plots():
    text = ("关于西街片区控规调整的批后公告\n主要指标如下：\n地块编号 容积率 建筑密度(%) 绿地率(%)\n"
            "XD-12-03地块 ≤2.5 ≤25 ≥35\n西街街道12号地块 ≤2.0 ≤30 ≥30\n03-12 ≤1.5 ≤35 ≥25\n"
            "特此公告。\n太原市规划和自然资源局\n2023年6月1日\n")
    got = {p: a["limits"] for p, (a,) in extract_text(text, "t.txt").plots.items()}
    assert got == {"XD-12-03": {"far": {"max": "2.5"}, "building_density": {"max": "25%"}, "green_ratio": {"min": "35%"}},
                   "西街街道12号": {"far": {"max": "2.0"}, "building_density": {"max": "30%"}, "green_ratio": {"min": "30%"}},
                   "03-12": {"far": {"max": "1.5"}, "building_density": {"max": "35%"}, "green_ratio": {"min": "25%"}}}


def test_old_and_new_columns_of_one_indicator_in_a_plots_table_keep_only_the_new_figure():
    text = ("关于JC-03地块控规调整的批前公示\n调整内容如下：\n"
            "地块编号 容积率（调整前） 容积率（调整后） 建筑密度（%） 绿地率（%）\n"
            "JC-03-01 ≤1.2 ≤2.5 ≤25 ≥35\n"
            "公示时间：2024年5月6日至2024年6月5日\n太原市规划和自然资源局\n2024年5月6日\n")
    (a,), = extract_text(text, "t.txt").plots.values()
    assert a["limits"] == {"far": {"max": "2.5"}, "building_density": {"max": "25%"}, "green_ratio": {"min": "35%"}}
    assert any("≤1.2" in n for n in a["notes"])


def test_a_cell_the_extractor_cannot_read_is_a_review_item_never_silent():
    text = ("关于XD地块控规调整的批后公告\n主要指标如下：\n地块编号 容积率 建筑密度 绿地率 建筑限高\n(%) (%) (米)\n"
            "XD-01-02 ≤2.5 ≤25 按规范 80\n特此公告。\n太原市规划和自然资源局\n2023年6月1日\n")
    d = extract_text(text, "t.txt")
    (a,), = d.plots.values()
    assert a["limits"] == {"far": {"max": "2.5"}}          # the units stood on a row of their own
    for cell in ("25", "按规范", "80"):
        assert any(cell in r for r in a["review"]), cell
    (source,) = d.sources.values()
    assert any("(%) (%) (米)" in r for r in source["review"])
