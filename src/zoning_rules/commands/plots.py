"""``zoning-rules plots``: every plot in the rule book with its status on a date."""
from __future__ import annotations

import json

import click

from ._options import as_of_option, rules_option, rulebook


@click.command()
@as_of_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def plots(as_of, rules, fmt):
    """List every plot and its status."""
    from ..checker import parse_date
    from ..rulebook.views import plots_json

    book = rulebook(rules)
    rows = plots_json(book, parse_date(as_of))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    width = max(len(r["plot"]) for r in rows) + 2 if rows else 10
    for r in rows:
        latest = r["latest"]["document"] if r["latest"] else "—"
        click.echo(f"{r['plot']:<{width}}{r['status']:<13}{latest:<22}{r['land_use'] or '—'}")
    return 0
