"""The site-plan figure of an HTML/PDF report, drawn by the geometry package.

The hook between reporters and geometry: ``site_plan_svg(report)`` asks the geometry package to
draw the site plan the report's findings were computed from (``Report.site_figures``, the same
drawing as ``check --figure``) and returns the SVG markup to inline.  It never re-reads the design:
the figure cannot disagree with the numbers.  Reports without a site plan get None.
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
