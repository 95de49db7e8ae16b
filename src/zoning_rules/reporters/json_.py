"""The JSON contract of ``check``: ratios as fractions, lengths in m, areas in m²."""
from __future__ import annotations

import json


def render(batch, lang: str = "zh", **_options) -> str:
    return json.dumps(batch.to_json(), ensure_ascii=False, indent=2) + "\n"
