"""The checker's side of plot boundaries: which plot a design's site lies in, said as a finding.

A design with a site plan and no ``plot:`` is checked against the plot its site lies in.  A site
inside one plot is a pass of ``ZR-PLOT`` naming it; a site that straddles plots or reaches outside
them is checked against the plot holding its largest share and the finding is *indeterminate*,
listing every share — which plot's limits apply is an officer's call, never a silent choice.  A
design that names its plot is cross-checked against that plot's boundary when the rule book has
one.  Only called when the rule book holds boundaries or the design gives no plot.
"""
from __future__ import annotations

from ..errors import DesignError
from ..messages import Both, render
from ..plotcodes import normalize
from ..report import Finding
from ..status import Reason
from .locate import INSIDE, OUTSIDE, TOLERANCE, Location, plot_index, site_geometry


def _shares(loc: Location) -> Both:
    zh = "、".join(f"{s.plot} {s.share:.2%}（{s.area:,.2f} m²）" for s in loc.shares if s.plot in loc.plots)
    en = ", ".join(f"{s.plot} {s.share:.2%} ({s.area:,.2f} m²)" for s in loc.shares if s.plot in loc.plots)
    if loc.outside > TOLERANCE:
        zh += ("，" if zh else "") + f"地块外 {loc.outside / loc.area:.2%}（{loc.outside:,.2f} m²）"
        en += (", " if en else "") + f"outside every plot {loc.outside / loc.area:.2%} ({loc.outside:,.2f} m²)"
    return Both(zh, en)


def _finding(reason: Reason, variant: str = "", *, actual, fields, **facts) -> Finding:
    zh, en = render(reason, variant, **facts)
    return Finding(indicator="plot", status=reason.status, reason=reason, message_zh=zh, message_en=en,
                   actual=actual, fields=fields)


def locate_design(loaded, book) -> Location:
    """Where the design's site plan lies among the rule book's plots."""
    index = plot_index(book)
    path = loaded.site_plan_path
    geom, _ = site_geometry(str(path), index.boundaries.crs, crs=loaded.design.crs)
    return index.locate([geom], labels=[str(path)])[0]


def place(loaded, book) -> tuple[str, list[Finding]]:
    """(the plot to check against, findings about where the site lies)."""
    plot = loaded.design.plot
    if plot is not None and normalize(plot) not in set(plot_index(book).boundaries.keys):
        return plot, []  # no boundary on record for the named plot: nothing to cross-check
    loc = locate_design(loaded, book)
    shares = _shares(loc)
    if plot is None:
        if loc.verdict == OUTSIDE:
            raise DesignError("the site lies outside every plot of the rule book's plan, so no limits apply "
                              "to it", file=loaded.path, field="plot",
                              expected="plot: CODE, or a site plan placed on a plot of the plan")
        chosen = loc.plots[0]
        if loc.verdict == INSIDE:
            return chosen, [_finding(Reason.LOCATED, "found", actual=chosen, fields=("site_plan",), plot=chosen)]
        return chosen, [_finding(Reason.SITE_STRADDLES_PLOTS, actual=chosen, fields=("site_plan",), plot=chosen,
                                 shares=shares)]
    key = normalize(plot)
    if not any(normalize(p) == key for p in loc.plots):
        return plot, [_finding(Reason.SITE_NOT_IN_PLOT, actual=loc.plots, fields=("plot", "site_plan"), plot=plot,
                               shares=shares if loc.plots else Both("不在任何地块内", "outside every plot"))]
    if loc.verdict == INSIDE:
        return plot, [_finding(Reason.LOCATED, "named", actual=plot, fields=("plot", "site_plan"), plot=plot)]
    return plot, [_finding(Reason.SITE_OUTSIDE_PLOT, actual=plot, fields=("plot", "site_plan"), plot=plot,
                           shares=shares)]
