"""``zoning-rules locate SITE``: the plot(s) a site lies in, with the share of the site in each."""
from __future__ import annotations

import json

import click

from ._options import as_of_option, rules_option, rulebook

VERDICT = {"inside": ("位于一个地块内", "inside one plot"), "straddles": ("跨越多个地块", "straddles plots"),
           "partly_outside": ("部分位于所有地块之外", "partly outside every plot"),
           "outside": ("不在任何地块内", "outside every plot")}


@click.command()
@click.argument("sites", nargs=-1, required=True, metavar="SITE...")
@rules_option
@as_of_option
@click.option("--crs", metavar="EPSG:NNNN",
              help="CRS of a point x,y (default: the plan's; EPSG:4326 for lon,lat) or of a site plan.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def locate(sites, rules, as_of, crs, fmt):
    """Find the plot(s) each SITE lies in: a site plan (GeoJSON, DXF) or a point "x,y".

    Exit codes: 0 every site lies inside one plot; 3 a site straddles plots, reaches outside them
    or lies outside all (said, never a silent choice); 2 bad input.
    """
    from ..dates import parse_date
    from ..plan.locate import INSIDE, plot_index, site_geometry

    book = rulebook(rules)
    index = plot_index(book)
    day = parse_date(as_of)
    geoms, how = [], []
    for s in sites:
        g, h = site_geometry(s, index.boundaries.crs, crs=crs)
        geoms.append(g)
        how.append(h)
    found = index.locate(geoms, labels=list(sites))
    if fmt == "json":
        data = []
        for loc, h in zip(found, how):
            d = loc.to_json()
            d["read_as"] = h
            d["limits_as_of"] = day.isoformat()
            d["status"] = {p: _status(book, p, day) for p in loc.plots}
            data.append(d)
        click.echo(json.dumps(data if len(data) > 1 else data[0], ensure_ascii=False, indent=2))
    else:
        for loc, h in zip(found, how):
            zh, en = VERDICT[loc.verdict]
            click.echo(f"{loc.site}: {zh} ({en})  [{h}]")
            for s in loc.shares:
                share = f"{s.share:.2%}" if loc.area else ""
                area = f"{s.area:,.2f} m²" if loc.area else ""
                click.echo(f"  {s.plot}  {share:>8}  {area}  {_status(book, s.plot, day)}")
            if loc.area and loc.outside > 0:
                click.echo(f"  （地块外 outside）  {loc.outside / loc.area:.2%}  {loc.outside:,.2f} m²")
    unknown = sorted({p for loc in found for p in loc.plots if _status(book, p, day) == NOT_IN_BOOK})
    if unknown:  # a boundary without approvals: nothing can be checked against it
        click.echo(f"zoning-rules: note: the boundaries hold plots the rule book does not: {', '.join(unknown)}",
                   err=True)
    return 0 if all(loc.verdict == INSIDE for loc in found) and not unknown else 3


#: The status of a plot the boundaries hold and the rule book does not (a GeoPackage edited apart
#: from its rule file): located, but with no approval to check against.
NOT_IN_BOOK = "not_in_rule_book"


def _status(book, plot: str, day) -> str:
    from ..plotcodes import normalize

    if normalize(plot) not in book.approvals:
        return NOT_IN_BOOK
    return book.resolve(plot, day).status
