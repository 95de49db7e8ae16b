"""SARIF 2.1.0 for code-scanning views: every indicator a rule, every finding a result on its line.

Each result points at the design file and the line of the field that decided it (``Report.lines``
and ``Finding.fields``), or the ``plot`` line when no field did.  Passes are results of kind
``pass``; indeterminate ones are ``review`` (a person must decide); a waived failure keeps its
level and carries an accepted external suppression naming the document that grants it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from ..indicators import INDICATORS, META
from . import _common as c
from .codes import doc as code_doc, help_uri
from ..status import Status

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Status.PASS: "none", Status.FAIL: "error", Status.INDETERMINATE: "warning", Status.WARN: "note", Status.WAIVED: "error"}
KIND = {Status.PASS: Status.PASS, Status.FAIL: Status.FAIL, Status.INDETERMINATE: "review", Status.WARN: Status.FAIL, Status.WAIVED: Status.FAIL}


def _rules() -> list[dict]:
    out = []
    for ind in (*INDICATORS.values(), *META.values()):
        doc = code_doc(ind.code)
        out.append({
            "id": ind.code, "name": doc["name"],
            "shortDescription": {"text": f"{ind.zh} — {ind.en}"},
            "fullDescription": {"text": doc["checks"]},
            "help": {"text": f"{doc['checks']} {doc['computed']} Standard: {doc['standard']}",
                     "markdown": f"**{ind.zh}** ({ind.en})\n\n{doc['checks']}\n\n*How:* {doc['computed']}"
                                 f"\n\n*Standard:* {doc['standard']}"},
            "defaultConfiguration": {"level": "error" if ind.key in INDICATORS else "warning"},
            "properties": {"indicator": ind.key, "name_zh": ind.zh, "tags": ["zoning", "控规"],
                           "docs": help_uri(ind.code)},
        })
        if "://" in out[-1]["properties"]["docs"]:  # SARIF wants an absolute URI; a relative one goes in properties only
            out[-1]["helpUri"] = out[-1]["properties"]["docs"]
    return out


def _uri(path: str) -> str:
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve()) if p.is_absolute() else p
    except ValueError:
        return p.resolve().as_uri()
    return quote(rel.as_posix())


def _line(report, f) -> int | None:
    for name in (*f.fields, "plot"):
        line = report.lines.get(name)
        if line:
            return line
    return None


def build(batch, lang: str = "zh") -> dict:
    lang = c.lang_of(lang)
    from .. import __version__

    rules = _rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for r in batch.reports:
        for f in r.findings:
            loc: dict = {"artifactLocation": {"uri": _uri(r.path or r.design)}}
            if r.path:
                loc["artifactLocation"]["uriBaseId"] = "SRCROOT"
            line = _line(r, f)
            if line:
                loc["region"] = {"startLine": line}
            result = {
                "ruleId": f.code, "ruleIndex": index[f.code], "kind": KIND[f.status],
                "level": LEVEL[f.status],
                "message": {"text": f.message(lang)},
                "locations": [{"physicalLocation": loc,
                               "logicalLocations": [{"name": r.plot, "kind": "plot"}]}],
                "properties": {"status": f.status, "reason": f.reason, "plot": r.plot,
                               "as_of": r.as_of.isoformat(), "design": r.design,
                               **({"source": f.approval.ref()} if f.approval else {}),
                               **({"margin": f.margin.to_json()} if f.margin else {}),
                               **({"fields": list(f.fields)} if f.fields else {})},
            }
            if f.waiver is not None:
                result["suppressions"] = [{
                    "kind": "external", "status": "accepted",
                    "justification": f"{f.waiver.document}" + (f": {f.waiver.reason}" if f.waiver.reason else ""),
                }]
            results.append(result)
    run = {
        "tool": {"driver": {"name": "zoning-rules", "version": __version__, "semanticVersion": __version__,
                            "informationUri": help_uri(None), "rules": rules}},
        "originalUriBaseIds": {"SRCROOT": {"uri": Path(os.getcwd()).resolve().as_uri() + "/"}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(batch, lang: str = "zh", **_options) -> str:
    return json.dumps(build(batch, lang), ensure_ascii=False, indent=2) + "\n"
