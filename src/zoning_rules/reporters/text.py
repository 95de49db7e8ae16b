"""A table per design for a terminal or a log: indicator / limit / actual / margin / status / source.

Colour only when asked (the CLI asks when stdout is a terminal), so a log file stays plain text.
Column widths count East Asian wide characters as two cells, so Chinese tables line up.
"""
from __future__ import annotations

import unicodedata

from . import _common as c
from ..status import Status

_COLOURS = {Status.PASS: "green", Status.FAIL: "red", Status.INDETERMINATE: "yellow", Status.WARN: "cyan",
            Status.WAIVED: "magenta"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def _style(text: str, status: str | None, colour: bool, bold: bool = False) -> str:
    if not colour:
        return text
    import click

    return click.style(text, fg=_COLOURS.get(status) if status else None, bold=bold)


def _report(r, lang: str, colour: bool) -> list[str]:
    h = c.head(r, lang)
    w = c.WORDS[lang]
    title = r.design + (f"  {r.design_name}" if r.design_name and r.design_name != r.design else "")
    sep = "  ·  "
    info = sep.join([f"{w['plot']} {h['plot']}", f"{w['as_of']} {h['as_of']}", h["plot_status"],
                     f"{w['verdict']}：" if lang == "zh" else f"{w['verdict']}: "])
    lines = [_style(title, None, colour, bold=True),
             info + _style(h["verdict"], r.status, colour, bold=True)]
    rows = c.rows(r, lang)
    header = c.COLUMNS[lang]
    table = [header] + [row.cells() for row in rows]
    widths = [max(width(cells[i]) for cells in table) for i in range(len(header))]
    last = len(header) - 1

    def line(cells, status=None):
        out = []
        for i, cell in enumerate(cells):
            text = cell if i == last else _pad(cell, widths[i])
            if i == 5:
                text = _style(text, status, colour)
            out.append(text)
        return "  " + "  ".join(out).rstrip()

    lines.append(line(header))
    lines.append("  " + "  ".join("-" * n for n in widths))
    for row in rows:
        lines.append(line(row.cells(), row.status))
    notes = [row for row in rows if row.status != Status.PASS]
    if notes:
        lines.append(f"  {w['notes']}：" if lang == "zh" else f"  {w['notes']}:")
        for row in notes:  # a waived finding's message already names its document
            tag = _style(f"[{row.status_text}]", row.status, colour)
            lines.append(f"  - {tag} {row.code} {row.message}")
    from .evidence import text_lines  # a model's figures name their source and elements

    lines.extend(text_lines(r, lang))
    return lines


def render(batch, lang: str = "zh", *, color: bool = False, **_options) -> str:
    lang = c.lang_of(lang)
    out: list[str] = []
    for r in batch.reports:
        out.extend(_report(r, lang, color))
        out.append("")
    if len(batch.reports) > 1 or not batch.reports:
        out.append(_style(c.summary_line(batch, lang), batch.status, color, bold=True))
    return "\n".join(out).rstrip("\n") + "\n"


def summary(batch, lang: str = "zh", *, color: bool = False) -> str:
    """The one-line summary the CLI prints when the report itself goes to a file."""
    return _style(c.summary_line(batch, c.lang_of(lang)), batch.status, color, bold=True) + "\n"
