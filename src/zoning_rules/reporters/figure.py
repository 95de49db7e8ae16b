"""The figures of an HTML/PDF report: the site plan, drawn by the geometry package, and the plot
with its neighbours, drawn by the plan package.

The hooks between reporters and the drawing packages: ``site_plan_svg(report)`` asks the geometry
package to draw the site plan the report's findings were computed from (``Report.site_figures``, the
same drawing as ``check --figure``); ``plot_map_svg(report)`` asks ``plan.mapdraw`` for the drawing
``zoning-rules map`` makes, of what ``Report.plot_map`` holds.  Both return SVG markup to inline
and never re-read a file: a figure cannot disagree with the numbers.  A report without a site plan
(or without a plot boundary) gets None.
"""
from __future__ import annotations

import tempfile
from pathlib import Path


def site_plan_svg(report, lang: str = "zh") -> str | None:
    figs = report.site_figures
    if figs is None:
        return None
    try:
        from ..geometry.figure import draw
    except ImportError as exc:  # pragma: no cover - depends on the extras installed
        from ..errors import ZoningError

        raise ZoningError(f"{report.design}: drawing the site plan needs the figure extra ({exc.name})") from None
    with tempfile.TemporaryDirectory() as tmp:
        out = draw(figs, Path(tmp) / "site-plan.svg", report, lang=lang)
        svg = out.read_text(encoding="utf-8")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else None


def plot_map_svg(report, lang: str = "zh") -> str | None:
    drawn = getattr(report, "plot_map", None)
    if drawn is None:
        return None
    try:
        from ..plan.mapdraw import svg
    except ImportError as exc:  # pragma: no cover - depends on the extras installed
        from ..errors import ZoningError

        raise ZoningError(f"{report.design}: drawing the plot map needs the figure extra ({exc.name})") from None
    return svg(drawn, lang=lang)
