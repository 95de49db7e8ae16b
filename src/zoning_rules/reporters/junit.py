"""JUnit XML for CI test tabs: one testsuite per design, one testcase per finding.

classname is the design file, the name reads like ``[ZR-FAR] 容积率 ≤ 2.4``.  A failed limit is a
<failure>, an indeterminate one an <error> (it could not be decided — never a silent pass), a waived
one <skipped> naming the document that grants the exception; warnings pass with the message in
<system-out>.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from . import _common as c
from ..status import Status

KIND = {Status.FAIL: "failure", Status.INDETERMINATE: "error", Status.WAIVED: "skipped"}


def case_name(f, lang: str) -> str:
    if f.limit is not None:
        what = c.limit_phrase(f.limit, lang)
    else:
        what = c.indicator_name(f, lang)
        if f.reason == "no_limit_on_record":
            what += "（无限值）" if lang == "zh" else " (no limit on record)"
    return f"[{f.code}] {what}"


def _counts(findings) -> dict[str, str]:
    n = {"failure": 0, "error": 0, "skipped": 0}
    for f in findings:
        if f.status in KIND:
            n[KIND[f.status]] += 1
    return {"tests": str(len(findings)), "failures": str(n["failure"]), "errors": str(n["error"]),
            "skipped": str(n["skipped"])}


def build(batch, lang: str = "zh") -> ET.Element:
    lang = c.lang_of(lang)
    all_findings = [f for r in batch.reports for f in r.findings]
    root = ET.Element("testsuites", {"name": "zoning-rules", **_counts(all_findings), "time": "0"})
    for r in batch.reports:
        suite = ET.SubElement(root, "testsuite", {"name": r.design, **_counts(r.findings), "time": "0"})
        props = ET.SubElement(suite, "properties")
        for key, value in (("plot", r.plot), ("as_of", r.as_of.isoformat()), ("verdict", r.status),
                           ("plot_status", r.plot_status)):
            ET.SubElement(props, "property", name=key, value=value)
        for f in r.findings:
            case = ET.SubElement(suite, "testcase", classname=r.design, name=case_name(f, lang), time="0")
            message = f.message(lang)
            source = c.source_cell(f, lang)
            body = message + (f"\n{source}" if source != "—" else "")
            kind = KIND.get(f.status)
            if kind == "skipped":
                ET.SubElement(case, "skipped", message=message).text = c.waiver_text(f, lang)
            elif kind:
                el = ET.SubElement(case, kind, message=message, type=f.code if kind == "failure" else f.reason)
                el.text = body
            elif f.status == Status.WARN:
                ET.SubElement(case, "system-out").text = body
    return root


def render(batch, lang: str = "zh", **_options) -> str:
    root = build(batch, lang)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
