"""The HTML report printed to PDF (A4) by WeasyPrint: the same document, the same text.

WeasyPrint is pure Python over Pango (no browser, no network); Chinese needs a CJK font on the
system (Debian: fonts-noto-cjk, installed by scripts/install-browser).  Needs the ``report`` extra.
"""
from __future__ import annotations

from ..errors import ZoningError
from .html import render as render_html


def render(batch, lang: str = "zh", **options) -> bytes:
    return print_html(render_html(batch, lang, **options))


def print_html(html: str) -> bytes:
    """The HTML report (as ``reporters.html`` rendered it) printed to PDF; the web application
    prints the page it showed, so the officer's PDF is that page."""
    try:
        import weasyprint
    except ImportError:  # pragma: no cover - depends on the environment
        raise ZoningError("the pdf format needs the report extra: pip install 'zoning-rules[report]'") from None
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # no base_url and a fetcher that refuses everything: the document must be self-contained
    return weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url, *args, **kwargs):
    if url.startswith("data:"):
        import weasyprint

        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"the report must not fetch {url}")
