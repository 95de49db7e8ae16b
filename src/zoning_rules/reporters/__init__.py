"""Reporters render the one report model; none of them decides anything or sets exit codes."""
from __future__ import annotations

import importlib

# format → "module:function(batch, lang) -> str"
REPORTERS = {
    "json": "zoning_rules.reporters.json_:render",
    "text": "zoning_rules.reporters.text:render",
}


def render(batch, fmt: str, lang: str = "zh") -> str:
    module, attr = REPORTERS[fmt].split(":")
    return getattr(importlib.import_module(module), attr)(batch, lang=lang)
