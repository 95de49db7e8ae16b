"""GitHub-flavoured Markdown for pull-request comments: a summary, then a table per design."""
from __future__ import annotations

from ..textsafe import shown
from . import _common as c
from ..status import Status

ICON = {Status.PASS: "✅", Status.FAIL: "❌", Status.INDETERMINATE: "⚠️", Status.WARN: "ℹ️", Status.WAIVED: "🟣"}


def _cell(text: str, code: bool = False) -> str:
    """User text as one cell: a pipe cannot end the cell, a tag (``<img onerror=…>`` in a design's
    name) is shown, not rendered, by whatever displays the comment (in a code span it is text
    already, and an entity would show as such)."""
    text = shown(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))
    return text if code else text.replace("<", "&lt;").replace(">", "&gt;")


def _report(r, lang: str) -> list[str]:
    h = c.head(r, lang)
    w = c.WORDS[lang]
    name = f" — {_cell(r.design_name)}" if r.design_name else ""
    out = [f"### {ICON[r.status]} `{_cell(r.design, code=True)}`{name}", "",
           f"**{w['plot']}** {_cell(h['plot'])} · **{w['as_of']}** {h['as_of']} · {h['plot_status']} · "
           f"**{w['verdict']}：{h['verdict']}**" if lang == "zh" else
           f"**{w['plot']}** {_cell(h['plot'])} · **{w['as_of']}** {h['as_of']} · {h['plot_status']} · "
           f"**{w['verdict']}: {h['verdict']}**", ""]
    cols = c.COLUMNS[lang]
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "|".join(["---"] * len(cols)) + "|")
    for row in c.rows(r, lang):
        cells = list(row.cells())
        cells[0] = f"`{cells[0]}`"
        cells[5] = f"{ICON[row.status]} {cells[5]}"
        out.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    notes = [row for row in c.rows(r, lang) if row.status != Status.PASS]
    if notes:
        out.append("")
        for row in notes:
            out.append(f"- {ICON[row.status]} **{row.status_text}** `{row.code}` {_cell(row.message)}")
    from .evidence import TITLE, rows as evidence_rows  # a model's figures name their source and elements

    items = evidence_rows(r, lang)
    if items:
        out.extend(["", f"<details><summary>{TITLE[lang]}</summary>", ""])
        out.extend(f"- **{_cell(what)}**: {_cell(how)}" + (f" `{_cell(g, code=True)}`" if g else "") for what, how, g in items)
        out.extend(["", "</details>"])
    out.append("")
    return out


def render(batch, lang: str = "zh", **_options) -> str:
    lang = c.lang_of(lang)
    w = c.WORDS[lang]
    out = [f"## {ICON[batch.status]} {w['title']}", "", c.summary_line(batch, lang), ""]
    for r in batch.reports:
        out.extend(_report(r, lang))
    return "\n".join(out).rstrip("\n") + "\n"
