"""Plain text for a terminal or a log: one block per design, one line per finding."""
from __future__ import annotations

from ..indicators import describe

STATUS = {
    "zh": {"pass": "通过", "fail": "不通过", "indeterminate": "无法判定", "warn": "提示"},
    "en": {"pass": "PASS", "fail": "FAIL", "indeterminate": "INDETERMINATE", "warn": "WARN"},
}
PLOT_STATUS = {
    "zh": {"in_force": "有生效批复", "unpublished": "已调整但指标未公布", "none": "无生效批复"},
    "en": {"in_force": "approvals in force", "unpublished": "adjusted, values unpublished",
           "none": "no approval in force"},
}


def _report(r, lang: str) -> list[str]:
    s = STATUS[lang]
    if lang == "zh":
        head = (f"{r.design}  地块 {r.plot}  核验日期 {r.as_of}  "
                f"（{PLOT_STATUS[lang][r.plot_status]}）  结论：{s[r.status]}")
    else:
        head = (f"{r.design}  plot {r.plot}  as of {r.as_of}  "
                f"({PLOT_STATUS[lang][r.plot_status]})  verdict: {s[r.status]}")
    lines = [head]
    width = max((len(s[f.status]) for f in r.findings), default=4)
    for f in r.findings:
        ind = describe(f.indicator)
        src = ""
        if f.approval is not None:
            clause = f" 第{f.approval.clause}条" if (f.approval.clause and lang == "zh") else (
                f" clause {f.approval.clause}" if f.approval.clause else "")
            src = f"  〔{f.approval.source.id}{clause}〕"
        lines.append(f"  [{s[f.status]:<{width}}] {ind.code:<13} {f.message(lang)}{src}")
    return lines


def render(batch, lang: str = "zh") -> str:
    out: list[str] = []
    for r in batch.reports:
        out.extend(_report(r, lang))
        out.append("")
    if len(batch.reports) > 1:
        counts = batch.to_json()["summary"]
        s = STATUS[lang]
        out.append(("合计" if lang == "zh" else "total") + f" {counts['designs']}: " + ", ".join(
            f"{s[k]} {counts[k]}" for k in ("pass", "fail", "indeterminate")))
    return "\n".join(out).rstrip("\n") + "\n"
