"""``zoning-rules plots``: every plot in the rule book with its status on a date."""
from __future__ import annotations

import json

import click

from ._options import as_of_option, lang_option, rules_option, rulebook

STATUS = {"zh": {"in_force": "有生效批复", "unpublished": "已调整，指标未公布", "none": "无生效批复"},
          "en": {"in_force": "in force", "unpublished": "adjusted, values unpublished", "none": "none in force"}}
HEAD = {"zh": ("地块", "状态", "最新批复", "用地性质", "控制指标"),
        "en": ("plot", "status", "latest letter", "land use", "limits")}


@click.command()
@as_of_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
def plots(as_of, rules, fmt, lang):
    """List every plot and its status."""
    from ..checker import parse_date
    from ..indicators import INDICATORS
    from ..reporters.text import _pad, width
    from ..rulebook.views import plots_json

    book = rulebook(rules)
    rows = plots_json(book, parse_date(as_of))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = [HEAD[lang]] + [
        (r["plot"], STATUS[lang][r["status"]], r["latest"]["document"] if r["latest"] else "—",
         r["land_use"] or "—",
         ("、" if lang == "zh" else ", ").join(getattr(INDICATORS[k], lang) for k in INDICATORS if k in r["limits"])
         or "—") for r in rows]
    widths = [max(width(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        click.echo("  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip())
    return 0
