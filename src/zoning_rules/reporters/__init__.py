"""Reporters render the one report model; none of them decides anything or sets exit codes.

Each format is its own module with ``render(batch, lang="zh", **options)`` returning ``str``
(``bytes`` for PDF).  Options a reporter does not use are ignored: ``color`` (text), ``figure``
(html, pdf: a callable ``report -> SVG markup | PNG bytes | None``).
"""
from __future__ import annotations

import importlib

# format → "module:function"
REPORTERS = {
    "text": "zoning_rules.reporters.text:render",
    "json": "zoning_rules.reporters.json_:render",
    "markdown": "zoning_rules.reporters.markdown:render",
    "html": "zoning_rules.reporters.html:render",
    "pdf": "zoning_rules.reporters.pdf:render",
    "junit": "zoning_rules.reporters.junit:render",
    "sarif": "zoning_rules.reporters.sarif:render",
    "bcf": "zoning_rules.reporters.bcf:render",
}
#: Formats meant for programs, not people: the CLI never mixes progress or summaries into them.
MACHINE_READABLE = frozenset({"json", "junit", "sarif", "pdf", "html", "bcf"})
BINARY = frozenset({"pdf", "bcf"})

#: The site-plan figure of an HTML/PDF report: "module:function(report) -> str | bytes | None",
#: inline SVG markup (or PNG bytes) for a design that has a site plan, None otherwise.  The drawing
#: belongs to the geometry package; reporters/figure.py only asks it for one.
FIGURE = "zoning_rules.reporters.figure:site_plan_svg"


def default_figure():
    """The figure function named by ``FIGURE``, or None when it is not installed."""
    module, attr = FIGURE.split(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, attr, None)


def render(batch, fmt: str, lang: str = "zh", **options):
    module, attr = REPORTERS[fmt].split(":")
    return getattr(importlib.import_module(module), attr)(batch, lang=lang, **options)
