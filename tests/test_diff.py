"""``diff OLD NEW`` / ``review DRAFT``: plot-by-plot changes with the letters on both sides."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from zoning_rules.cli import main
from zoning_rules.commands.diff import diff_books
from zoning_rules.rulebook import load_rulebook

SOURCES = """
sources:
  "甲政函〔2022〕1号": {date: 2022-01-10}
  "甲政函〔2022〕2号": {date: 2022-03-10}
"""
OLD = SOURCES + """
plots:
  A-01-01:
    approvals:
      - {source: "甲政函〔2022〕1号", clause: 二, land_use: 商业用地, limits: {far: {max: 2.4}, height: {max: 50 m}}}
  A-01-02:
    approvals:
      - {source: "甲政函〔2022〕1号", clause: 二, land_use: 公园绿地}
  A-01-03:
    approvals:
      - {source: "甲政函〔2022〕1号", clause: 二, limits: {far: {max: 1.0}}}
  A-01-04:
    approvals:
      - {source: "甲政函〔2022〕1号", clause: 二, limits: {far: {max: 1.5}}}
"""
NEW = SOURCES + """
plots:
  A-01-01:
    approvals:
      - {source: "甲政函〔2022〕1号", clause: 二, land_use: 商业用地, limits: {far: {max: 2.4}, height: {max: 50 m}}}
      - {source: "甲政函〔2022〕2号", clause: 二, land_use: 商业用地, limits: {far: {max: 2.6}, height: {max: 50m}}}
  A-01-02:
    approvals:
      - {source: "甲政函〔2022〕2号", clause: 三, land_use: 社会停车场用地}
  A-01-03:
    approvals:
      - {source: "甲政函〔2022〕1号", clause: 二, limits: {far: {max: 1.0}}}
      - {source: "甲政函〔2022〕2号", clause: 一, published: false}
  A-01-05:
    approvals:
      - {source: "甲政函〔2022〕2号", clause: 二, limits: {green_ratio: {min: 30%}}}
"""
DAY = dt.date(2023, 1, 1)


@pytest.fixture
def books(write):
    old, new = write("old.yaml", OLD), write("new.yaml", NEW)
    return old, new, load_rulebook(old, embedded=False), load_rulebook(new, embedded=False)


def by_plot(entries):
    return {e["plot"]: e for e in entries}


def test_a_changed_limit_shows_old_and_new_value_each_with_its_letter(books):
    *_, old, new = books
    e = by_plot(diff_books(old, new, DAY))["A-01-01"]
    (far,) = e["limits"]
    assert far["indicator"] == "far"
    assert far["old"]["source"]["document"] == "甲政函〔2022〕1号"
    assert far["new"]["source"]["document"] == "甲政函〔2022〕2号"
    assert "2.4" in far["old"]["text"] and "2.6" in far["new"]["text"]
    assert e["letters"]["only_new"][0]["document"] == "甲政函〔2022〕2号"


def test_the_same_height_written_differently_is_no_change(books):
    *_, old, new = books
    e = by_plot(diff_books(old, new, DAY))["A-01-01"]
    assert [lim["indicator"] for lim in e["limits"]] == ["far"]


def test_a_land_use_change_names_both_uses_and_letters(books):
    *_, old, new = books
    lu = by_plot(diff_books(old, new, DAY))["A-01-02"]["land_use"]
    assert lu["old"]["label"].startswith("公园绿地") and lu["new"]["label"].startswith("社会停车场用地")
    assert (lu["old"]["source"]["clause"], lu["new"]["source"]["clause"]) == ("二", "三")


def test_a_plot_becoming_unpublished_is_reported_with_the_letter_that_did_it(books):
    *_, old, new = books
    e = by_plot(diff_books(old, new, DAY))["A-01-03"]
    assert e["becomes_unpublished"]["document"] == "甲政函〔2022〕2号"
    assert e["status"]["old"]["status"] == "in_force" and e["status"]["new"]["status"] == "unpublished"
    assert e["limits"][0]["new"] is None


def test_new_and_removed_plots_are_listed(books):
    *_, old, new = books
    got = by_plot(diff_books(old, new, DAY))
    assert got["A-01-05"]["change"] == "added"
    assert got["A-01-05"]["limits"][0]["new"]["source"]["document"] == "甲政函〔2022〕2号"
    assert got["A-01-04"]["change"] == "removed"


def test_before_the_new_letter_only_the_plot_sets_differ(books):
    *_, old, new = books
    got = by_plot(diff_books(old, new, dt.date(2022, 2, 1)))
    assert "limits" not in got["A-01-01"] and "status" not in got["A-01-03"]


def test_a_book_compared_with_itself_has_no_differences(books):
    *_, old, _ = books
    assert diff_books(old, old, DAY) == []


def test_diff_command_exit_codes_and_json(books, capsys):
    old, new, *_ = books
    assert main(["diff", str(old), str(old), "--as-of", "2023-01-01"]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--as-of", "2023-01-01", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {p["plot"] for p in data["plots"]} == {"A-01-01", "A-01-02", "A-01-03", "A-01-04", "A-01-05"}


def test_diff_text_report_shows_old_arrow_new_with_letters(books, capsys):
    old, new, *_ = books
    main(["diff", str(old), str(new), "--as-of", "2023-01-01", "--lang", "en"])
    out = capsys.readouterr().out
    (line,) = [ln for ln in out.splitlines() if ln.strip().startswith("far:") and "2.6" in ln]
    assert line.index("甲政函〔2022〕1号") < line.index("→") < line.index("甲政函〔2022〕2号")


def test_a_missing_rule_file_is_a_clear_error(tmp_path, capsys):
    assert main(["diff", str(tmp_path / "none.yaml"), str(tmp_path / "none.yaml")]) == 2
    assert "none.yaml" in capsys.readouterr().err


def test_review_of_the_seed_draft_finds_no_difference_from_the_embedded_book(seed_text, tmp_path, capsys):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    assert main(["extract", str(seed), "--out", str(draft)]) == 0
    capsys.readouterr()
    assert main(["review", str(draft), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["plots"] == []


def test_review_lists_a_changed_value_and_the_drafts_review_items(seed_text, tmp_path, capsys):
    text = seed_text.replace("容积率≤2.4，建筑密度\n\n≤30%，绿地率≥35%，建筑高度≤50m。\n\n三、在城市建设规划审批过程中，相关单位要严格按照调整后的规划控制指标及要\n\n求进行审批，加强对规划实施的监督管理，精心组织、科学管理。任何单位和个人不得\n\n擅自更改。确需进行调整或修改，应按法定程序报批。\n\n吕梁市人民政府\n\n2021 年 1 月 11 日",
                             "容积率为2.6，建筑密度\n\n≤30%，绿地率≥35%，建筑高度≤50m。\n\n三、在城市建设规划审批过程中，相关单位要严格按照调整后的规划控制指标及要\n\n求进行审批，加强对规划实施的监督管理，精心组织、科学管理。任何单位和个人不得\n\n擅自更改。确需进行调整或修改，应按法定程序报批。\n\n吕梁市人民政府\n\n2021 年 1 月 11 日", 1)
    assert text != seed_text
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    assert main(["extract", str(seed), "--out", str(draft)]) == 0
    capsys.readouterr()
    assert main(["review", str(draft), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    (entry,) = data["plots"]
    assert entry["plot"] == "BZ-13-10" and entry["limits"][0]["new"] is None
    (item,) = data["review"]
    assert item["plot"] == "BZ-13-10" and "容积率为2.6" in item["item"] and item["lines"] == [19, 21]
