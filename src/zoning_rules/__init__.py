"""zoning_rules: Chinese planning approval letters (控规调整批复) as dated rules, and exact checks.

The public API loads lazily so that ``import zoning_rules`` stays cheap (the CLI's cold start and
scripts that only need one piece do not pay for pydantic models or pint).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_rulebook": ("zoning_rules.rulebook.loader", "load_rulebook"),
    "RuleBook": ("zoning_rules.rulebook.model", "RuleBook"),
    "check": ("zoning_rules.checker", "check"),
    "check_table": ("zoning_rules.batch", "check_table"),
    "envelope": ("zoning_rules.envelope", "envelope"),
    "Envelope": ("zoning_rules.envelope", "Envelope"),
    "Policy": ("zoning_rules.checker", "Policy"),
    "Design": ("zoning_rules.design", "Design"),
    "load_design": ("zoning_rules.design", "load_design"),
    "Report": ("zoning_rules.report", "Report"),
    "Finding": ("zoning_rules.report", "Finding"),
    "ZoningError": ("zoning_rules.errors", "ZoningError"),
    "InputError": ("zoning_rules.errors", "InputError"),
    "UnknownPlotError": ("zoning_rules.errors", "UnknownPlotError"),
}

__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .batch import check_table
    from .checker import Policy, check
    from .envelope import Envelope, envelope
    from .design import Design, load_design
    from .errors import InputError, UnknownPlotError, ZoningError
    from .report import Finding, Report
    from .rulebook.loader import load_rulebook
    from .rulebook.model import RuleBook


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'zoning_rules' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
