"""SARIF and JUnit for CI: valid against the official SARIF 2.1.0 schema, readable as JUnit, with
the right counts, rules and lines, for a batch of passing, failing, indeterminate and waived designs."""
from __future__ import annotations

import json

import pytest

from conftest import SHARED
from report_batch import make_batch
from zoning_rules.indicators import INDICATORS, META
from zoning_rules.reporters import render

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return make_batch(tmp_path_factory.mktemp("designs"))


def line_of(path: str, field: str) -> int:
    for n, line in enumerate(open(path, encoding="utf-8").read().splitlines(), 1):
        if line.startswith(f"{field}:"):
            return n
    raise AssertionError(f"{field} not in {path}")


def test_sarif_validates_against_the_official_schema(batch):
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF schema is not beside the clone ({SARIF_SCHEMA} is absent)")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render(batch, "sarif"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == sum(len(r.findings) for r in batch.reports)


def test_every_indicator_is_a_sarif_rule_with_a_stable_id_help_and_docs_link(batch):
    rules = json.loads(render(batch, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == [i.code for i in (*INDICATORS.values(), *META.values())]
    assert len(set(ids)) == len(ids)
    for rule in rules:
        assert rule["help"]["text"] and rule["fullDescription"]["text"]
        assert rule["properties"]["docs"].endswith("codes.md#" + rule["id"].lower())
        # SARIF's helpUri must be an absolute URI: given only when the project publishes one
        assert "helpUri" not in rule or "://" in rule["helpUri"]


def test_each_sarif_result_points_at_the_line_of_the_deciding_field(batch):
    results = json.loads(render(batch, "sarif"))["runs"][0]["results"]
    by = {(r["properties"]["design"].rsplit("/", 1)[-1], r["ruleId"]): r for r in results}
    fail = [r for r in batch.reports if r.design.endswith("fail.yaml") and "station" not in r.design][0]
    far = by[("fail.yaml", "ZR-FAR")]
    assert far["level"] == "error" and far["kind"] == "fail"
    assert far["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(fail.design, "floor_area")
    assert far["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("fail.yaml")
    height = by[("fail.yaml", "ZR-HEIGHT")]
    assert height["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(fail.design, "height")
    station = [r for r in batch.reports if r.design.endswith("station.yaml")][0]
    entrance = by[("station.yaml", "ZR-ENTRANCE")]
    assert entrance["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(station.design, "entrance_side")
    unpublished = [r for r in batch.reports if r.design.endswith("unpublished.yaml")][0]
    plot = by[("unpublished.yaml", "ZR-PLOT")]
    assert plot["kind"] == "review" and plot["level"] == "warning"
    assert plot["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(unpublished.design, "plot")


def test_a_waived_failure_is_a_sarif_result_with_an_accepted_suppression_naming_the_document(batch):
    results = json.loads(render(batch, "sarif"))["runs"][0]["results"]
    waived = [r for r in results if r["properties"]["status"] == "waived"]
    assert len(waived) == 1 and waived[0]["ruleId"] == "ZR-HEIGHT"
    (s,) = waived[0]["suppressions"]
    assert s["status"] == "accepted" and "吕自然资函〔2022〕15号" in s["justification"]


def test_junit_parses_with_one_case_per_finding_and_the_right_counts(batch):
    from junitparser import Error, Failure, JUnitXml, Skipped

    xml = JUnitXml.fromstring(render(batch, "junit"))
    suites = list(xml)
    assert [s.name for s in suites] == [r.design for r in batch.reports]
    findings = [f for r in batch.reports for f in r.findings]
    cases = [c for s in suites for c in s]
    assert len(cases) == len(findings) == int(xml.tests)

    def kinds(kind):
        return sum(1 for c in cases for res in c.result if isinstance(res, kind))

    assert kinds(Failure) == sum(f.status == "fail" for f in findings) == int(xml.failures) == 4
    assert kinds(Error) == sum(f.status == "indeterminate" for f in findings) == int(xml.errors) == 1
    assert kinds(Skipped) == sum(f.status == "waived" for f in findings) == int(xml.skipped) == 1
    for suite, report in zip(suites, batch.reports):
        assert int(suite.tests) == len(report.findings)
        assert all(c.classname == report.design for c in suite)


def test_junit_names_read_like_code_and_limit_and_failures_carry_the_message(batch):
    from junitparser import Failure, JUnitXml

    xml = JUnitXml.fromstring(render(batch, "junit"))
    suite = [s for s in xml if s.name.endswith("/fail.yaml")][0]
    names = [c.name for c in suite]
    assert "[ZR-FAR] 容积率 ≤ 2.4" in names and "[ZR-GREEN] 绿地率 ≥ 35%" in names
    report = [r for r in batch.reports if r.design == suite.name][0]
    far_finding = [f for f in report.findings if f.code == "ZR-FAR"][0]
    far_case = [c for c in suite if c.name == "[ZR-FAR] 容积率 ≤ 2.4"][0]
    (failure,) = [r for r in far_case.result if isinstance(r, Failure)]
    assert failure.message == far_finding.message_zh and "113 599.20 m²" in failure.message
    assert "吕政函〔2021〕2号" in failure.text


def test_junit_in_english_names_the_limit_in_english(batch):
    from junitparser import JUnitXml

    xml = JUnitXml.fromstring(render(batch, "junit", lang="en"))
    names = {c.name for s in xml for c in s}
    assert "[ZR-FAR] floor area ratio (FAR) ≤ 2.4" in names
