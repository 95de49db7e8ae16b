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
from ..plotcodes import normalize
from ..report import FAIL, INDETERMINATE, PASS, Finding
from .locate import INSIDE, OUTSIDE, Location, plot_index, site_geometry


def _shares(loc: Location) -> tuple[str, str]:
    zh = "、".join(f"{s.plot} {s.share:.2%}（{s.area:,.2f} m²）" for s in loc.shares if s.plot in loc.plots)
    en = ", ".join(f"{s.plot} {s.share:.2%} ({s.area:,.2f} m²)" for s in loc.shares if s.plot in loc.plots)
    if loc.outside > 0.01:
        zh += f"，地块外 {loc.outside / loc.area:.2%}（{loc.outside:,.2f} m²）"
        en += f", outside every plot {loc.outside / loc.area:.2%} ({loc.outside:,.2f} m²)"
    return zh, en


def locate_design(loaded, book) -> Location:
    """Where the design's site plan lies among the rule book's plots."""
    index = plot_index(book)
    path = loaded.site_plan_path
    geom, _ = site_geometry(str(path), index.boundaries.crs, crs=loaded.design.crs)
    return index.locate([geom], labels=[str(path)])[0]


def place(loaded, book) -> tuple[str, list[Finding]]:
    """(the plot to check against, findings about where the site lies)."""
    plot = loaded.design.plot
    loc = locate_design(loaded, book)
    zh, en = _shares(loc)
    if plot is None:
        if loc.verdict == OUTSIDE:
            raise DesignError("the site lies outside every plot of the rule book's plan, so no limits apply "
                              "to it", file=loaded.path, field="plot",
                              expected="plot: CODE, or a site plan placed on a plot of the plan")
        chosen = loc.plots[0]
        if loc.verdict == INSIDE:
            return chosen, [Finding(
                indicator="plot", status=PASS, reason="located", actual=chosen, fields=("site_plan",),
                message_zh=f"用地位于地块 {chosen} 内（按控规地块边界确定）",
                message_en=f"the site lies inside plot {chosen} (found from the plan's plot boundaries)")]
        return chosen, [Finding(
            indicator="plot", status=INDETERMINATE, reason="site_straddles_plots", actual=chosen,
            fields=("site_plan",),
            message_zh=f"用地不在单一地块内：{zh}；按占比最大的 {chosen} 核对，适用哪一地块的指标需人工确定",
            message_en=f"the site does not lie in one plot: {en}; checked against {chosen}, which holds its "
                       f"largest share — which plot's limits apply is for an officer to decide")]
    key = normalize(plot)
    if key not in set(plot_index(book).boundaries.keys):
        return plot, []  # no boundary on record for the named plot: nothing to cross-check
    mine = next((s for s in loc.shares if normalize(s.plot) == key and s.plot in loc.plots), None)
    if mine is None:
        return plot, [Finding(
            indicator="plot", status=FAIL, reason="site_not_in_plot", actual=loc.plots,
            fields=("plot", "site_plan"),
            message_zh=f"用地不在地块 {plot} 内（{zh or '不在任何地块内'}）",
            message_en=f"the site does not lie in plot {plot} ({en or 'outside every plot'})")]
    if loc.verdict == INSIDE:
        return plot, [Finding(
            indicator="plot", status=PASS, reason="located", actual=plot, fields=("plot", "site_plan"),
            message_zh=f"用地位于地块 {plot} 的边界内", message_en=f"the site lies inside the boundary of plot {plot}")]
    return plot, [Finding(
        indicator="plot", status=INDETERMINATE, reason="site_outside_plot", actual=plot, fields=("plot", "site_plan"),
        message_zh=f"用地超出地块 {plot} 的边界：{zh}",
        message_en=f"the site reaches outside the boundary of plot {plot}: {en}")]
