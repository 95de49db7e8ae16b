"""Notices as bureaus publish them (公示, 公告, 规划条件变更; tests/fixtures/letters/notice_*.txt, written
for these tests) give the drafts written out in tests/fixtures/letters/expected/, limit by limit.

Each expected file states the source's identity (kind, issuer, date, document number or null when
the notice has none) and, per plot, land use, site area, every limit and how many review items the
approval carries.  Every draft must also load as a rule book.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from zoning_rules.extract import extract_files, extract_text, to_yaml
from zoning_rules.rulebook import load_rulebook

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"
EXPECTED = LETTERS / "expected"
NOTICES = sorted(p.stem for p in EXPECTED.glob("*.yaml"))


def expected(name: str) -> dict:
    return yaml.safe_load((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))


def draft(name: str):
    return extract_files([LETTERS / f"{name}.txt"])


def only(d) -> tuple[str, dict]:
    (doc, source), = d.sources.items()
    return doc, source


def _limit_cases():
    for name in NOTICES:
        for plot, want in expected(name)["plots"].items():
            for key in sorted(set(want.get("limits", {})) | {"far", "building_density", "green_ratio",
                                                               "height", "parking_spaces", "setback", "floor_area"}):
                yield pytest.param(name, plot, key, id=f"{name}-{plot}-{key}")


def test_the_corpus_has_at_least_ten_notices_in_several_kinds():
    assert len(NOTICES) >= 10
    kinds = {expected(n)["source"]["kind"] for n in NOTICES}
    assert {"公示", "公告", "规划条件变更", "批复"} <= kinds


@pytest.mark.parametrize("name, plot, key", list(_limit_cases()))
def test_each_limit_of_each_notice_is_the_expected_one(name, plot, key):
    d = draft(name)
    (approval,) = d.plots[plot]
    want = expected(name)["plots"][plot].get("limits", {}).get(key)
    assert approval.get("limits", {}).get(key) == want


@pytest.mark.parametrize("name", NOTICES)
def test_each_notice_gives_exactly_the_expected_plots_land_uses_areas_and_review_counts(name, tmp_path):
    d = draft(name)
    want = expected(name)["plots"]
    assert sorted(d.plots) == sorted(want)
    for plot, w in want.items():
        (approval,) = d.plots[plot]
        assert approval.get("land_use") == w.get("land_use"), plot
        assert approval.get("area") == w.get("area"), plot
        assert set(approval.get("limits", {})) == set(w.get("limits", {})), plot
        assert len(approval.get("review", ())) == w["review"], (plot, approval.get("review"))
    path = tmp_path / "draft.yaml"
    path.write_text(to_yaml(d), encoding="utf-8")
    book = load_rulebook(path, embedded=False)
    assert set(book.approvals) == set(want)


@pytest.mark.parametrize("name", NOTICES)
def test_each_notice_is_a_source_with_its_kind_issuer_date_and_number_or_a_derived_id(name):
    d = draft(name)
    doc, source = only(d)
    want = expected(name)["source"]
    assert source["kind"] == want["kind"]
    assert source["issuer"] == want["issuer"]
    assert source["date"] == want["date"]
    for field in ("title",):
        if field in want:
            assert source[field] == want[field]
    if "certificate" in want:
        assert f"土地证号：{want['certificate']}" in source["notes"]
    needed = [r for r in source.get("review", ()) if "document number needed" in r]
    if want["document"] is None:
        assert doc.startswith(want["kind"] + "-") and len(needed) == 1 and doc in needed[0]
        assert all(a["source"] == doc for v in d.plots.values() for a in v)
    else:
        assert doc == want["document"] and needed == []


def test_the_derived_id_is_stable_and_ignores_line_breaks():
    text = (LETTERS / "notice_09_old_control_plan_paragraph.txt").read_text(encoding="utf-8")
    first = only(extract_text(text, "a.txt"))[0]
    again = only(extract_text(text, "b.txt"))[0]
    rewrapped = only(extract_text(text.replace("，", "，\n"), "c.txt"))[0]
    other = only(extract_text(text.replace("≤3.0", "≤3.2"), "d.txt"))[0]
    assert first == again == rewrapped != other


def test_identity_given_by_the_user_fills_in_and_overrides_the_text():
    import datetime as dt

    text = (LETTERS / "notice_05_inline_from_to.txt").read_text(encoding="utf-8")
    d = extract_text(text, "n.txt", identity={"document": "榆自然资规〔2021〕33号", "issuer": "晋中市自然资源局",
                                              "date": dt.date(2021, 7, 13), "title": "规划条件变更公示（宗地LP-B-7-2/03）"})
    doc, source = only(d)
    assert doc == "榆自然资规〔2021〕33号"
    assert (source["issuer"], source["date"], source["title"]) == (
        "晋中市自然资源局", dt.date(2021, 7, 13), "规划条件变更公示（宗地LP-B-7-2/03）")
    assert not any("document number needed" in r for r in source.get("review", ()))
    assert d.plots["LP-B-7-2/03"][0]["source"] == doc


def test_a_notice_without_any_date_needs_the_date_option_and_then_extracts():
    import datetime as dt

    from zoning_rules.errors import InputError

    text = "规划条件变更公示\n地块编号K-1-2，容积率≤1.5，绿地率≥30%。\n临汾市自然资源局\n"
    with pytest.raises(InputError, match="--date"):
        extract_text(text, "k.txt")
    d = extract_text(text, "k.txt", identity={"date": dt.date(2024, 2, 1)})
    assert d.plots["K-1-2"][0]["limits"] == {"far": {"max": "1.5"}, "green_ratio": {"min": "30%"}}


def test_identity_options_describe_one_source_only(tmp_path):
    from zoning_rules.errors import InputError

    with pytest.raises(InputError, match="one source"):
        extract_files([LETTERS / "notice_01_certificate_before_after.txt",
                       LETTERS / "notice_09_old_control_plan_paragraph.txt"], identity={"document": "X〔2023〕1号"})


def test_old_figures_are_notes_and_never_limits():
    (a,) = draft("notice_01_certificate_before_after").plots["B-4-1"]
    assert any("原出让合同指标" in n and "1.8" in n for n in a["notes"])
    assert "1.8" not in str(a["limits"]) and "45米" not in str(a["limits"])
    (c,) = draft("notice_09_old_control_plan_paragraph").plots["C-2-5"]
    assert any("原控规指标" in n for n in c["notes"]) and c["land_use"]["code"] == "B2"
    (lp,) = draft("notice_05_inline_from_to").plots["LP-B-7-2/03"]
    assert any("调整前为1.5" in n for n in lp["notes"]) and any("工业用地" in n for n in lp["notes"])


def test_a_respectively_list_of_the_wrong_length_is_a_review_item_not_a_guess():
    text = ("规划条件公告\n发布日期：2024年5月6日\nQ-1-1、Q-1-2、Q-1-3地块容积率分别为≤2.0、≤2.5，绿地率≥30%。\n")
    d = extract_text(text, "q.txt")
    for plot in ("Q-1-1", "Q-1-2", "Q-1-3"):
        (a,) = d.plots[plot]
        assert "far" not in a["limits"] and a["limits"]["green_ratio"] == {"min": "30%"}
        assert any("2个数值" in r and "3个地块" in r for r in a["review"])


def test_numbered_clauses_starting_at_two_and_an_unusual_code_keep_every_plot():
    d = draft("notice_07_numbered_from_two")
    assert {p: a[0]["clause"] for p, a in d.plots.items()} == {"BZ-13-10": "二", "BZ-13-1000": "二",
                                                              "BZ-14-02": "三"}
    assert d.review_count() == 0


def test_every_phrase_naming_an_indicator_without_a_limit_is_quoted_for_review():
    (a,) = draft("notice_10_never_silent").plots["T-3-8"]
    review = "\n".join(a["review"])
    for phrase in ("容积率按原出让合同执行", "停车泊位数量满足相关规范要求", "建筑退线按城市设计导则控制"):
        assert phrase in review
    assert "“2”" in review  # 地下建设2层: a figure nobody read


def test_indicator_sentences_outside_any_plot_are_review_items_on_the_source():
    text = ("关于城东片区规划指标的公示\n为优化城东片区用地布局，片区整体容积率不大于2.0，绿地率不低于35%。\n"
            "公示时间：2023年3月1日至2023年3月30日\n")
    d = extract_text(text, "e.txt")
    doc, source = only(d)
    assert d.plots == {} and source["plot_limits"] is False
    assert any("片区整体容积率不大于2.0" in r for r in source["review"])
    assert any("绿地率不低于35%" in r for r in source["review"])
    assert d.stats[doc] == (1, 0, 0)


def test_extract_prints_per_source_how_many_indicator_sentences_became_limits(tmp_path, capsys):
    from zoning_rules.cli import main

    out = tmp_path / "d.yaml"
    assert main(["extract", str(LETTERS / "notice_09_old_control_plan_paragraph.txt"), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    # 原控规指标：…；…；…；… and 调整后指标：…；…；…；…: four sentences (；) each
    assert re.search(r"公示-[0-9a-f]{12}: 4 sentence\(s\) named an indicator, 4 became limits, "
                     r"4 quoting old figures", err)
    assert main(["extract", str(LETTERS / "notice_10_never_silent.txt"), "--document", "忻自然资〔2022〕5号",
                 "--date", "2022-04-20", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "忻自然资〔2022〕5号: 2 sentence(s) named an indicator, 1 became limits" in err
    book = load_rulebook(out, embedded=False)
    assert book.sources["忻自然资〔2022〕5号"].date.isoformat() == "2022-04-20"
    assert book.sources["忻自然资〔2022〕5号"].kind == "公示"


def test_a_bad_date_option_exits_2_with_one_line(capsys):
    from zoning_rules.cli import main

    assert main(["extract", str(LETTERS / "notice_10_never_silent.txt"), "--date", "20.4.2022"]) == 2
    err = capsys.readouterr().err
    assert "--date" in err and "Traceback" not in err


def test_review_lists_the_source_items_of_a_draft(tmp_path, capsys):
    from zoning_rules.cli import main

    out = tmp_path / "d.yaml"
    assert main(["extract", str(LETTERS / "notice_03_gonggao_ranges.txt"), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["review", str(out)]) == 1
    assert "document number needed" in capsys.readouterr().out


def test_per_type_heights_load_as_a_text_limit_that_a_check_leaves_to_an_officer(tmp_path):
    from zoning_rules import check
    from zoning_rules.design import Design

    path = tmp_path / "d.yaml"
    path.write_text(to_yaml(draft("notice_03_gonggao_ranges")), encoding="utf-8")
    book = load_rulebook(path, embedded=False)
    height = book.history("E02-03")[0].limits["height"]
    assert not height.numeric
    assert {t: lim.max.value for t, lim in height.by_type} == {"产业用房": 50, "配套设施": 100}
    report = check(Design.model_validate({"plot": "E02-03", "height": "30 m"}), book)
    (finding,) = [f for f in report.findings if f.indicator == "height"]
    assert finding.status == "indeterminate"


def test_a_by_type_limit_with_a_number_of_its_own_is_refused_by_the_format(tmp_path):
    from zoning_rules.errors import ZoningError

    path = tmp_path / "bad.yaml"
    path.write_text("format: 1\nsources:\n  X〔2023〕1号: {date: 2023-01-01}\nplots:\n  A-1-1:\n    approvals:\n"
                    "    - source: X〔2023〕1号\n      limits:\n        height: {max: 50米, text: a, "
                    "by_type: {厂房: {max: 50米}}}\n", encoding="utf-8")
    with pytest.raises(ZoningError, match="by_type"):
        load_rulebook(path, embedded=False)


# ---- precision: no limit the text does not state -------------------------------------------------

def _figures(spec: dict) -> list[str]:
    out = []
    for bound in ("min", "max", "min_large_commercial"):
        if bound in spec:
            out.append(spec[bound])
    for sub in (spec.get("by_type") or {}).values():
        out.extend(_figures(sub))
    return out


def _states(quote: str, written: str) -> bool:
    """The figure (number and unit as written) appears in the quote, not inside a longer number."""
    q = unicodedata.normalize("NFKC", quote).replace(" ", "")
    w = unicodedata.normalize("NFKC", written)
    num = re.match(r"\d+(?:\.\d+)?", w).group()
    return re.search(rf"(?<![\d.]){re.escape(num)}(?![\d.])", q) is not None and w[len(num):] in q


def _precision_cases():
    for p in sorted(LETTERS.glob("*.txt")):
        yield pytest.param(p, id=p.stem)


@pytest.mark.parametrize("path", list(_precision_cases()))
def test_every_limit_extracted_from_a_fixture_is_stated_in_its_quote(path):
    d = extract_files([path])
    checked = 0
    for plot, approvals in d.plots.items():
        for a in approvals:
            for key, spec in a.get("limits", {}).items():
                for written in _figures(spec):
                    assert _states(a["quote"], written), (plot, key, written, a["quote"])
                    checked += 1
                if "text" in spec:  # per-type phrases are joined with ，: each is in the quote
                    for part in spec["text"].split("，"):
                        assert unicodedata.normalize("NFKC", part) in unicodedata.normalize("NFKC", a["quote"])
    assert checked > 0


def test_every_limit_extracted_from_the_seed_is_stated_in_its_quote(seed_text):
    d = extract_text(seed_text, "seed.txt")
    checked = 0
    for plot, approvals in d.plots.items():
        for a in approvals:
            for key, spec in a.get("limits", {}).items():
                for written in _figures(spec):
                    assert _states(a["quote"], written), (plot, key, written)
                    checked += 1
    assert checked >= 50


def test_no_limit_is_read_from_an_old_figures_paragraph():
    """Precision on before/after notices: each limit's figure is in the quote *after* the old
    figures, never only in them."""
    for name in ("notice_01_certificate_before_after", "notice_09_old_control_plan_paragraph"):
        for plot, approvals in draft(name).plots.items():
            for a in approvals:
                new_part = re.split(r"变更后|调整后", a["quote"], maxsplit=1)[1]
                for key, spec in a["limits"].items():
                    for written in _figures(spec):
                        assert _states(new_part, written), (name, plot, key, written)


def test_a_floor_area_cap_is_a_limit_of_its_own_and_the_far_it_implies_only_a_note(tmp_path):
    from zoning_rules import check
    from zoning_rules.design import Design

    d = draft("notice_04_floor_area_cap")
    (a,) = d.plots["1A03-12"]
    assert a["limits"]["floor_area"] == {"max": "7148平方米"} and "far" not in a["limits"]
    assert any("折合容积率约3.00" in n and "不是限值" in n for n in a["notes"])
    path = tmp_path / "d.yaml"
    path.write_text(to_yaml(d), encoding="utf-8")
    book = load_rulebook(path, embedded=False)
    over = check(Design.model_validate({"plot": "1A03-12", "floor_area": "7148.5 m2", "site_area": "2382.5 m2"}), book)
    (f,) = [f for f in over.findings if f.indicator == "floor_area"]
    assert f.status == "fail"
    within = check(Design.model_validate({"plot": "1A03-12", "floor_area": "7148 m2", "site_area": "2382.5 m2"}), book)
    (f,) = [f for f in within.findings if f.indicator == "floor_area"]
    assert f.status in ("pass", "indeterminate")  # indeterminate only while the draft's review items are open
