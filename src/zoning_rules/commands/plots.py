"""``zoning-rules plots``: every plot in the rule book with its status on a date."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ._options import as_of_option, lang_option, rules_option, rulebook

STATUS = {"zh": {"in_force": "有生效批复", "unpublished": "已调整，指标未公布", "none": "无生效批复"},
          "en": {"in_force": "in force", "unpublished": "adjusted, values unpublished", "none": "none in force"}}
HEAD = {"zh": ("地块", "状态", "最新批复", "用地性质", "控制指标"),
        "en": ("plot", "status", "latest letter", "land use", "limits")}


@click.command()
@as_of_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "geojson", "gpkg"]), default="text",
              show_default=True, help="geojson/gpkg: a map layer of every plot with the limits in force as "
                                      "typed columns and the document of each (needs the plan extra).")
@click.option("--output", "-o", "output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Where to write the geojson/gpkg layer (geojson goes to stdout without it).")
@lang_option
def plots(as_of, rules, fmt, lang, output=None):
    """List every plot and its status, or write them as a map layer."""
    from ..dates import parse_date
    from ..indicators import INDICATORS
    from ..reporters.text import _pad, width
    from ..rulebook.views import plots_json

    book = rulebook(rules)
    if fmt in ("geojson", "gpkg"):
        return _layer(book, parse_date(as_of), fmt, output)
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


def _layer(book, day, fmt: str, output: str | None) -> int:
    """The map layer (``plan.export``); a summary of what has no boundary goes to stderr."""
    import sys
    import tempfile
    from pathlib import Path

    from ..errors import InputError
    from ..plan.export import plots_layer, write_layer

    if fmt == "gpkg" and output is None:
        raise InputError("a GeoPackage is a file: give --output FILE.gpkg", field="--output",
                         expected="--output FILE.gpkg")
    if output is not None:
        _not_an_input(book, Path(output))
    layer = plots_layer(book, day)
    missing = int(layer.geometry.isna().sum())
    if output is not None:
        write_layer(layer, output, fmt)
        click.echo(output)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "plots.geojson"
            write_layer(layer, str(target), fmt)
            sys.stdout.write(target.read_text(encoding="utf-8"))
    click.echo(f"{len(layer)} 个地块 (plots), {missing} 个无边界 (without a boundary), as of {day}", err=True)
    return 0


def _not_an_input(book, target) -> None:
    """The layer must not replace a file the rule book is read from: ``-o plan-rules.gpkg`` would
    put the export over the boundaries (and, with ``--values gpkg``, the plan's values)."""
    from ..safeio import not_an_input

    not_an_input(target, [*book.files, *(ref.file for ref in book.boundaries)], field="--output",
                 what="a file the rule book is read from")