"""Text, Markdown and the shared cells: Chinese and English carry the same numbers, colour only on
a terminal, and every finding code is documented."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import REPO
from report_batch import make_batch
from zoning_rules.reporters import REPORTERS, render


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return make_batch(tmp_path_factory.mktemp("designs"))


def numbers(text: str) -> Counter:
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "junit", "sarif"])
def test_chinese_and_english_output_carry_the_same_numbers(batch, fmt):
    zh = render(batch, fmt, lang="zh", figure=None)
    en = render(batch, fmt, lang="en", figure=None)
    assert zh != en
    assert numbers(zh) == numbers(en)
    assert numbers(zh)["113"] >= 1 and "599.20" in numbers(zh)


def test_the_text_table_shows_limit_actual_margin_status_and_source_per_finding(batch):
    out = render(batch, "text")
    fail = out.split("fail.yaml", 1)[1].split("\n\n", 1)[0]
    row = next(line for line in fail.splitlines() if line.strip().startswith("ZR-FAR"))
    for cell in ("容积率", "≤2.4", "2.40002", "计容建筑面积 超出 0.80 m²", "不通过", "吕政函〔2021〕2号 第二条 2021-01-11"):
        assert cell in row
    assert "合计 5 个设计：通过 2，不通过 2，无法判定 1；总结论：不通过" in out
    assert "\x1b[" not in out


def test_text_columns_line_up_with_chinese_characters(batch):
    from zoning_rules.reporters.text import width

    block = render(batch, "text").split("\n\n", 1)[0].splitlines()
    header, rows = block[2], [line for line in block[4:] if line.startswith("  ZR-")]
    assert header.strip().startswith("代码") and len(rows) == 5
    # the source column (last) starts at the same display column on the header and every row
    column = width(header[: header.index("依据")])
    assert all(width(row[: row.index("吕政函")]) == column for row in rows)


def test_colour_only_when_asked_and_the_waiver_is_named(batch):
    coloured = render(batch, "text", color=True)
    assert "\x1b[31m" in coloured and "\x1b[32m" in coloured
    plain = render(batch, "text")
    assert "已批准例外" in plain and "吕自然资函〔2022〕15号" in plain
    assert "WAIVED" in render(batch, "text", lang="en")


def test_markdown_is_a_table_per_design_for_pull_request_comments(batch):
    md = render(batch, "markdown")
    assert md.startswith("## ❌ 控规指标核验报告")
    assert md.count("| 代码 | 指标 | 限值 | 设计值 | 余量 | 结论 | 依据 |") == len(batch.reports)
    assert "| `ZR-PARKING` | 停车泊位 | ≥58个 | 50 | 不足 8 个 | ❌ 不通过 |" in md


def test_the_json_contract_keeps_its_keys_and_adds_the_waiver(batch):
    import json

    data = json.loads(render(batch, "json"))
    assert set(data) == {"status", "summary", "reports"}
    waived = [f for r in data["reports"] for f in r["findings"] if f["status"] == "waived"]
    assert waived[0]["waiver"] == {"indicator": "height", "document": "吕自然资函〔2022〕15号",
                                   "reason": "超高部分为屋顶构架，经专题论证同意"}
    assert {"indicator", "code", "status", "reason", "actual", "message", "message_en"} <= set(waived[0])


def test_every_format_is_registered():
    assert set(REPORTERS) == {"text", "json", "markdown", "html", "pdf", "junit", "sarif", "bcf"}


def test_docs_codes_page_is_generated_from_the_catalogue_and_documents_every_code():
    from zoning_rules.indicators import INDICATORS, META
    from zoning_rules.reporters.codes import CODES, markdown

    page = (REPO / "docs" / "codes.md").read_text(encoding="utf-8")
    assert page == markdown(), "regenerate: python -m zoning_rules.reporters.codes > docs/codes.md"
    for ind in (*INDICATORS.values(), *META.values()):
        assert ind.code in CODES, f"{ind.code} has no entry in reporters/codes.py"
        assert f'<a id="{ind.code.lower()}"></a>' in page
        assert CODES[ind.code]["standard"] and CODES[ind.code]["computed"]
