"""The web application for approval officers (``zoning-rules serve``; the ``web`` extra).

Nothing here is imported by ``import zoning_rules``; Starlette, uvicorn and Jinja2 load only when
the application is created.
"""
from __future__ import annotations


def create_app(config=None):
    from .app import create_app as make

    return make(config)
