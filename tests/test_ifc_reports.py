"""The existing report formats carry a model's computed figures with the elements behind them, and
the HTML report draws the model's plan like a site plan."""
from __future__ import annotations

import pytest

from ifc_models import standard, write
from zoning_rules import check
from zoning_rules.report import BatchReport
from zoning_rules.reporters import render


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return check(write(tmp_path_factory.mktemp("reports"), standard()), as_of="2022-01-01")


def guids(report, key):
    return list(report.evidence[key].elements)


def test_text_and_markdown_reports_list_where_each_figure_came_from_with_its_elements(report):
    text = render(BatchReport((report,)), "text", "zh")
    assert "计算来源" in text and "女儿墙顶" in text
    assert all(g in text for g in guids(report, "height"))
    en = render(BatchReport((report,)), "markdown", "en")
    assert "Where the figures come from" in en and "parapet top" in en
    assert all(g in en for g in guids(report, "green_ratio"))


def test_the_html_report_draws_the_models_plan_and_lists_its_elements(report):
    html = render(BatchReport((report,)), "html", "zh")
    assert '<figure class="site-plan"' in html and "<svg" in html
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "9.2 m" in svg and "5.0 m" in svg  # each building drawn with its height (parapet, pitched roof)
    assert '<table class="evidence">' in html
    assert guids(report, "height")[1] in html


def test_a_design_without_a_model_has_no_evidence_and_its_reports_are_unchanged(tmp_path):
    (tmp_path / "d.yaml").write_text("plot: BZ-13-10\nfar: 2.0\n", encoding="utf-8")
    r = check(tmp_path / "d.yaml", as_of="2022-01-01")
    assert dict(r.evidence) == {} and "evidence" not in r.to_json()
    assert "计算来源" not in render(BatchReport((r,)), "text", "zh")
