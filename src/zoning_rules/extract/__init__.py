"""Letters (text extracted from PDFs) → a draft rule book in the format of ``data/plots.yaml``.

Deterministic and model-free: the text is flattened (``clean``), cut into letters (``letters``),
each letter into clauses (``clauses``), each clause into plot statements whose limits are read by
pattern (``limits``, ``rules``), and the result is written as YAML (``emit``).  Every approval
carries its clause, the quote it was read from and the ``lines`` it spans in the text; whatever
could not be decided is listed under ``review:`` for an officer.  See docs/extractor.md.
"""
from __future__ import annotations

from .api import Draft, extract_files, extract_text
from .emit import to_yaml

__all__ = ["Draft", "extract_files", "extract_text", "to_yaml"]
