"""One self-contained HTML document an officer can print on A4 and sign.

No network fetches: styles are inline, the site-plan figure and the map of the plot and its
neighbours (when the rule book has plot boundaries) are inline SVG (or a data: URI), fonts are the
system's.  The same document is what the PDF reporter prints.  Needs the ``report`` extra
(jinja2, for autoescaping templates).
"""
from __future__ import annotations

import base64
from functools import lru_cache
from typing import Callable

from ..errors import ZoningError
from . import _common as c


@lru_cache(maxsize=1)
def _environment():
    """One environment per process: Jinja2 compiles the template once, not on every report."""
    try:
        import jinja2
    except ImportError:  # pragma: no cover - depends on the environment
        raise ZoningError("the html and pdf formats need the report extra: "
                          "pip install 'zoning-rules[report]'") from None
    return jinja2.Environment(loader=jinja2.PackageLoader("zoning_rules.reporters", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True, finalize=_visible)


def _visible(value):
    """Every value the template prints: control characters in user text shown as escapes (an HTML
    document cannot hold most of them, and the PDF would draw them as boxes); markup we made
    (the site-plan SVG) is left alone."""
    from markupsafe import Markup

    from ..textsafe import shown

    if isinstance(value, str) and not isinstance(value, Markup):
        return shown(value, keep_newlines=True)
    return value


def _figure(report, figure: Callable | None):
    """(svg markup, png base64) for the report's site plan, from the figure hook."""
    if figure is None:
        return None, None
    drawn = figure(report)
    if drawn is None:
        return None, None
    if isinstance(drawn, (bytes, bytearray)):
        return None, base64.b64encode(bytes(drawn)).decode("ascii")
    from markupsafe import Markup

    return Markup(str(drawn)), None


def _plot_map(report, lang: str):
    """The plot and its neighbours as inline SVG, drawn by ``plan.mapdraw`` from ``Report.plot_map``
    (the limits in force on the report's date); None when the report carries no map, or matplotlib
    (the figure extra) is not installed."""
    if getattr(report, "plot_map", None) is None:
        return None
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:  # pragma: no cover - depends on the extras
        return None
    from markupsafe import Markup

    from .figure import plot_map_svg

    drawn = plot_map_svg(report, lang)
    return Markup(drawn) if drawn else None


def _stated_area(report, lang: str) -> str | None:
    res = report.resolution
    if res is None or res.area is None:
        return None
    stated, approval = res.area
    from .. import fmt

    approx = ("约" if lang == "zh" else "approx. ") if stated.approx else ""
    return f"{approx}{stated.amount.written}（{fmt.area(stated.amount.value)}，{approval.source.id}）" \
        if lang == "zh" else f"{approx}{stated.amount.written} ({fmt.area(stated.amount.value)}, {approval.source.id})"


def context(batch, lang: str = "zh", figure: Callable | None = None) -> dict:
    """Everything the template shows, as display text (also what tests compare)."""
    from .. import __version__
    from .evidence import TITLE as EVIDENCE_TITLE, rows as evidence_rows

    lang = c.lang_of(lang)
    reports = []
    for r in batch.reports:
        svg, png = _figure(r, figure)
        head = c.head(r, lang)
        res = r.resolution
        land_use = None
        if res is not None and res.land_use is not None:
            land_use = res.land_use.limit.land_use.label
        status_in = f"（{head['plot_status']}）" if lang == "zh" else f" ({head['plot_status']})"
        reports.append({"status": r.status, "head": {**head, "plot_status": head["plot_status"]},
                        "plot_line": head["plot"] + status_in, "land_use": land_use,
                        "stated_area": _stated_area(r, lang), "limits": c.limits_in_force(r, lang),
                        "figures": c.figures(r, lang), "rows": c.rows(r, lang),
                        "figure_svg": svg, "figure_png": png, "plot_map_svg": _plot_map(r, lang),
                        "plot_map_plot": r.plot_map.plot if r.plot_map is not None else None,
                        "plot_map_codes": r.plot_map.codes if r.plot_map is not None else (),
                        "evidence": evidence_rows(r, lang),
                        "evidence_title": EVIDENCE_TITLE[lang]})
    return {"lang": lang, "w": c.WORDS[lang], "cols": c.COLUMNS[lang], "reports": reports,
            "summary": c.summary_line(batch, lang), "version": __version__}


def render(batch, lang: str = "zh", *, figure: Callable | None | str = "default", **_options) -> str:
    """``figure``: a callable ``report -> SVG markup | PNG bytes | None``; by default the geometry
    package's drawing (``reporters.FIGURE``) when it is installed; None for no figure."""
    if figure == "default":
        from functools import partial

        from . import default_figure

        figure = default_figure()
        if figure is not None:
            figure = partial(figure, lang=c.lang_of(lang))  # the drawing speaks the report's language
    template = _environment().get_template("report.html.j2")
    return template.render(**context(batch, lang, figure))
