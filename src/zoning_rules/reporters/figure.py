"""The site-plan figure of an HTML/PDF report, drawn by the geometry package.

The hook between reporters and geometry: ``site_plan_svg(report)`` re-reads the report's design
and, when it names a ``site_plan``, asks the geometry package to draw it (the same drawing as
``check --figure``) and returns the SVG markup to inline.  Designs without a site plan get None.
"""
from __future__ import annotations

import tempfile
from pathlib import Path


def site_plan_svg(report, lang: str = "zh") -> str | None:
    if not report.path:
        return None
    from ..design import load_design

    loaded = load_design(report.path)
    if getattr(loaded.design, "site_plan", None) is None:
        return None
    try:
        from ..geometry.figure import draw
        from ..geometry.integrate import load_figures
    except ImportError as exc:  # pragma: no cover - depends on the extras installed
        from ..errors import ZoningError

        raise ZoningError(f"{report.path}: drawing the site plan needs the geometry extra ({exc.name})") from None
    figs = load_figures(loaded)
    with tempfile.TemporaryDirectory() as tmp:
        out = draw(figs, Path(tmp) / "site-plan.svg", report, lang=lang)
        svg = out.read_text(encoding="utf-8")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else None
