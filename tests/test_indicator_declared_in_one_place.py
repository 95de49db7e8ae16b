"""An indicator declared in one place — this file — is read by every part of the package.

每百平方米停车泊位 (parking spaces per 100 m² of counted floor area, a minimum) is declared below
and nowhere else: registered, a rule file can limit it, ``check`` and ``check_table`` decide it
alike row for row, the finding has a margin in spaces, every report format shows its code, the JSON
Schemas and the codes page list it and the extractor reads it from a letter.  Unregistered, it is
gone from all of them again.
"""
from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoning_rules import check, load_rulebook
from zoning_rules.commands.schema import json_schema
from zoning_rules.errors import InputError
from zoning_rules.indicators import (INDICATORS, Bounds, DesignField, Doc, Indicator, Ratio, register,
                                     unregister)
from zoning_rules.indicators.inputs import FLOOR_AREA
from zoning_rules.indicators.parking_spaces import PARKING_FIELD
from zoning_rules.report import BatchReport
from zoning_rules.reporters import render
from zoning_rules.reporters.codes import markdown

#: The one declaration.
PARKING_DENSITY = Indicator(
    key="parking_density", code="ZR-X-PARKING-DENSITY", zh="每百平方米停车泊位",
    en="parking spaces per 100 m² of floor area", kind="number",
    value=Ratio(PARKING_FIELD, FLOOR_AREA, per=Fraction(100)),
    declared=DesignField("parking_density", "number", "每百平方米停车泊位", "parking density",
                         "declared 每百平方米停车泊位"),
    bounds=Bounds("number"),
    keywords=r"每百平方米(?:建筑面积)?停车泊位", limit_units="",
    doc=Doc(name="ParkingDensity",
            checks="每百平方米停车泊位 against the letter's minimum, e.g. 每百平方米停车泊位≥0.8个.",
            computed="parking_spaces ÷ floor_area × 100; the margin is stated in parking spaces.",
            standard="A made-up indicator of the test suite."),
)

RULES = """
sources:
  "测政函〔2024〕1号": {date: 2024-01-10, title: 测试批复}
plots:
  T-01-01:
    approvals:
      - source: "测政函〔2024〕1号"
        land_use: B1
        limits:
          far: {max: 2.4}
          parking_density: {min: 0.8}
"""
DAY = dt.date(2024, 6, 1)


@pytest.fixture
def declared():
    register(PARKING_DENSITY)
    try:
        yield PARKING_DENSITY
    finally:
        unregister(PARKING_DENSITY.key)


@pytest.fixture
def book(declared, tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return load_rulebook(path, embedded=False)


def design(**fields) -> dict:
    return {"plot": "T-01-01", "land_use": "B1", "site_area": "5000 m2", **fields}


def finding(report, key=PARKING_DENSITY.key):
    return next(f for f in report.findings if f.indicator == key)


def test_a_rule_file_limits_the_new_indicator_and_the_book_resolves_it(book):
    inf = book.resolve("T-01-01", DAY).limits[PARKING_DENSITY.key]
    assert inf.limit.min.value == Fraction(4, 5)
    assert inf.approval.source.id == "测政函〔2024〕1号"


def test_check_fails_too_few_spaces_with_a_margin_in_spaces(book):
    report = check(design(floor_area="10000 m2", parking_spaces=70), book, DAY)
    f = finding(report)
    assert (f.status, f.reason, f.code) == ("fail", "below_min", "ZR-X-PARKING-DENSITY")
    assert f.actual == Fraction(7, 10)
    m = f.margin
    assert (m.quantity, m.unit, m.allowed, m.actual, m.excess) == ("parking_spaces", "count", 80, 70, 10)
    assert "每百平方米停车泊位 0.70 不符合 每百平方米停车泊位≥0.8" in f.message_zh
    assert "10 个" in f.message_zh and "10 spaces" in f.message_en


def test_check_passes_enough_spaces_and_reports_the_room_left(book):
    f = finding(check(design(floor_area="10000 m2", parking_spaces=95), book, DAY))
    assert (f.status, f.reason) == ("pass", "within_limit")
    assert f.margin.excess == -15


def test_the_declared_figure_decides_without_the_counts_and_is_cross_checked_with_them(book):
    alone = finding(check(design(parking_density="0.9"), book, DAY))
    assert (alone.status, alone.fields) == ("pass", ("parking_density",))
    both = check(design(parking_density="0.9", floor_area="10000 m2", parking_spaces=70), book, DAY)
    assert [f.reason for f in both.findings if f.indicator == "declared"] == ["declared_mismatch"]
    assert finding(both).reason == "below_min"  # the computed value decides


def test_missing_figures_leave_it_indeterminate_never_a_pass(book):
    f = finding(check(design(floor_area="10000 m2"), book, DAY))
    assert (f.status, f.reason) == ("indeterminate", "value_missing")
    assert "parking_spaces 和 floor_area，或 parking_density" in f.message_zh


def test_a_zero_floor_area_is_an_error_not_a_ratio(book):
    with pytest.raises(InputError, match="floor area of zero"):
        check(design(floor_area="0 m2", parking_spaces=5), book, DAY)


DESIGNS = [design(floor_area="10000 m2", parking_spaces=70), design(floor_area="10000 m2", parking_spaces=80),
           design(floor_area="10000 m2", parking_spaces=95), design(parking_density="0.9"),
           design(parking_density="0.8"), design(parking_density="0.75"), design(),
           design(parking_density="0.9", floor_area="10000 m2", parking_spaces=70),
           design(floor_area="12345.6 m2", parking_spaces=99), design(floor_area="0.01 m2", parking_spaces=0)]


def _rows_of_check(designs, book):
    out = []
    for i, d in enumerate(designs):
        for f in check(d, book, DAY).findings:
            subject = f.fields[0] if f.indicator == "declared" else f.indicator
            out.append((i, f.indicator, subject, str(f.status), str(f.reason)))
    return out


def _rows_of_table(designs, book):
    pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")
    from zoning_rules.batch import check_table

    frame = pd.DataFrame(designs)
    got = check_table(frame, book, DAY, columns=["design", "indicator", "subject", "status", "reason"])
    return [(int(r.design), r.indicator, r.subject, r.status, r.reason) for r in got.itertuples()]


def test_check_table_gives_checks_findings_row_for_row(book):
    assert _rows_of_table(DESIGNS, book) == _rows_of_check(DESIGNS, book)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({}, optional={
    "floor_area": st.decimals(min_value="0.01", max_value=100000, places=2).map(lambda v: f"{v} m2"),
    "parking_spaces": st.integers(min_value=0, max_value=2000),
    "parking_density": st.decimals(min_value=0, max_value=3, places=2).map(str)}), min_size=1, max_size=8))
def test_property_check_table_agrees_with_check_on_the_new_indicator(book, fields):
    designs = [design(**f) for f in fields]
    assert _rows_of_table(designs, book) == _rows_of_check(designs, book)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "junit", "sarif"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_report_format_shows_the_new_code(book, fmt, lang):
    report = check(design(floor_area="10000 m2", parking_spaces=70), book, DAY)
    out = render(BatchReport((report,)), fmt, lang=lang, **({"figure": None} if fmt == "html" else {}))
    assert "ZR-X-PARKING-DENSITY" in out
    if fmt in ("text", "markdown", "html"):
        assert (PARKING_DENSITY.zh if lang == "zh" else PARKING_DENSITY.en) in out
    if fmt == "json":
        f = next(f for f in json.loads(out)["reports"][0]["findings"] if f["indicator"] == PARKING_DENSITY.key)
        assert f["margin"]["quantity"] == "parking_spaces" and f["status"] == "fail"
    if fmt == "sarif":
        rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
        assert any(r["id"] == "ZR-X-PARKING-DENSITY" for r in rules)


def test_the_json_schemas_and_the_codes_page_list_it_while_it_is_declared(declared):
    assert "parking_density" in json_schema("design")["properties"]
    rules = json_schema("rules")
    assert "parking_density" in json.dumps(rules)
    page = markdown()
    assert "ZR-X-PARKING-DENSITY" in page and declared.doc.computed in page


def test_the_extractor_reads_it_from_a_letter(declared):
    from zoning_rules.extract import extract_text

    text = ("测试市人民政府\n关于 T-01-01 地块控规调整的批复\n测政函〔2024〕1 号\n测试局：\n"
            "你局报送的请示收悉。经研究，现批复如下：\n"
            "一、调整后，T-01-01 地块用地性质为商业用地（B1），容积率不大于 2.4，每百平方米停车泊位不少于 0.8 个。\n"
            "测试市人民政府\n2024年1月10日\n")
    draft = extract_text(text, "letter.txt")
    limits = [a["limits"] for a in draft.plots["T-01-01"]]
    assert limits and limits[0].get("parking_density") == {"min": "0.8"}


def test_unregistered_it_is_gone_from_the_design_model_schemas_codes_and_rule_files(tmp_path):
    register(PARKING_DENSITY)
    unregister(PARKING_DENSITY.key)
    assert PARKING_DENSITY.key not in INDICATORS
    assert "parking_density" not in json_schema("design")["properties"]
    assert "parking_density" not in json.dumps(json_schema("rules"))
    assert "ZR-X-PARKING-DENSITY" not in markdown()
    with pytest.raises(InputError):
        check({"plot": "BZ-13-10", "parking_density": "0.9"}, as_of="2021-06-01")
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    with pytest.raises(InputError):
        load_rulebook(path, embedded=False)


def test_the_registry_refuses_a_taken_key_or_code_and_keeps_the_built_in_ones(declared):
    with pytest.raises(ValueError, match="already registered"):
        register(PARKING_DENSITY)
    with pytest.raises(ValueError, match="built in"):
        unregister("far")


def test_the_row_for_row_property_of_check_table_draws_every_declared_design_field():
    """tests/test_batch_table_agrees_with_check.py's designs give every field a built-in indicator
    reads, so its property covers every declared indicator; the one above covers the made-up one."""
    pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")
    from hypothesis import Phase, find

    from test_batch_table_agrees_with_check import design as table_design
    from zoning_rules.indicators import design_fields

    for f in design_fields():
        found = find(table_design(), lambda d, name=f.name: d.get(name) is not None,
                     settings=settings(max_examples=2000, database=None, phases=[Phase.generate],
                                       suppress_health_check=list(HealthCheck)))
        assert found[f.name] is not None
