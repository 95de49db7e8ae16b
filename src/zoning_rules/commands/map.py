"""``zoning-rules map [PLOT]``: plots and the limits in force drawn to PNG/SVG/PDF."""
from __future__ import annotations

import click

from ._options import as_of_option, lang_option, rules_option, rulebook


@click.command("map")
@click.argument("plot", required=False)
@rules_option
@as_of_option
@click.option("--output", "-o", "output", required=True, metavar="FILE.png|FILE.svg",
              type=click.Path(dir_okay=False), help="Where to draw the map.")
@click.option("--radius", type=float, default=150.0, show_default=True, metavar="M",
              help="With PLOT: draw the plots within this many metres of it.")
@lang_option
def map_(plot, rules, as_of, output, radius, lang):
    """Draw PLOT and its neighbours (or every plot) with the limits in force (needs the plan and figure extras)."""
    from ..dates import parse_date
    from ..plan.mapdraw import draw_map

    book = rulebook(rules)
    out = draw_map(book, output, as_of=parse_date(as_of), plot=plot, radius=radius, lang=lang)
    click.echo(str(out))
    return 0
