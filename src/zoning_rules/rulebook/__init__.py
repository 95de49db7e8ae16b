"""The rule book: letters (sources), approvals per plot, and what is in force on a date.

Names load on first use: the runtime model is light, the file-format schema (pydantic) is not, and
a check that finds the embedded book in its cache never needs the schema.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "load_rulebook": "loader", "embedded_path": "loader",
    "Approval": "model", "InForce": "model", "Limit": "model", "Resolution": "model",
    "RuleBook": "model", "Source": "model", "Stated": "model",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from .loader import embedded_path, load_rulebook
    from .model import Approval, InForce, Limit, Resolution, RuleBook, Source, Stated


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'zoning_rules.rulebook' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value
