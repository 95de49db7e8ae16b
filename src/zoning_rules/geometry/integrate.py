"""Where ``load_figures`` used to live: the findings side moved to ``zoning_rules.site_plan`` (the
geometry package computes figures and knows nothing of findings); kept for code that imports it."""
from __future__ import annotations

from . import load_figures

__all__ = ["load_figures"]
