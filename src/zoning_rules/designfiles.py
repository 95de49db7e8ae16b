"""Which YAML/JSON files found under a directory are designs, so that ``check designs/`` and the
pre-commit hook do not fail on a repository's other YAML (CI configs, ``mkdocs.yml``).

A design is a mapping with a ``plot`` field.  A file that reads as YAML/JSON and is something else
— a mapping without ``plot``, a list, a multi-document stream — is not one: it is skipped with a
note on stderr, never silently.  A file that cannot be read at all is kept, so that its error is
reported (a broken design must not vanish), and a file named on the command line is always checked
unless ``--skip-non-designs`` asks for the same rule (as the pre-commit hook does: it names files).
"""
from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

_PLOT = re.compile(r"""(^|[{,\s])["']?plot["']?\s*:""", re.M)


def not_a_design(path: str | Path) -> str | None:
    """Why ``path`` is clearly not a design (None when it is one, or when it cannot be told)."""
    if os.path.splitext(os.fspath(path))[1].lower() not in (".yaml", ".yml", ".json"):
        return None  # a model (.ifc) or anything else: its own reader decides
    from .errors import InputError
    from .sourcefile import load

    try:
        doc = load(path)
    except InputError as exc:
        if "single document" in str(exc):
            return "several YAML documents in one file"
        try:  # invalid (mkdocs.yml's !!python/name tags …): a design at least says which plot
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            return None
        if _PLOT.search(text) is None:
            return "no plot field, and not readable as a design"
        return None  # kept, so that the error of a broken design is reported
    data = doc.data
    if isinstance(data, dict):
        return None if "plot" in data else "a mapping without a plot field"
    if data is None:
        return "empty"
    return f"a {type(data).__name__}, not a mapping of design fields"


def designs_only(paths: list[str], note) -> list[str]:
    """``paths`` without the files that are clearly not designs; ``note(text)`` tells about each."""
    out = []
    for p in paths:
        why = not_a_design(p)
        if why is None:
            out.append(p)
        else:
            note(f"skipped {p}: not a design ({why})")
    return out


#: Models a directory scan checks on their own, like design files (``zoning-rules check DIR``).
MODEL_SUFFIXES = (".ifc",)


def without_used_models(paths: list[str], note) -> list[str]:
    """``paths`` without the models a design among them takes as its site plan (``site_plan:``):
    that model is checked through its design, with what the design adds (a plot code, the
    parking count), not a second time on its own; ``note(text)`` tells about each one left out."""
    from pathlib import Path  # a directory's scan only: one named file is checked without pathlib

    from .errors import InputError
    from .sourcefile import load

    used: dict[Path, str] = {}
    for p in paths:
        if Path(p).suffix.lower() not in (".yaml", ".yml", ".json"):
            continue
        try:
            data = load(p).data
        except InputError:
            continue  # its own error is reported when it is checked
        plan = data.get("site_plan") if isinstance(data, dict) else None
        if isinstance(plan, str) and Path(plan).suffix.lower() in MODEL_SUFFIXES:
            used.setdefault((Path(p).parent / plan).resolve(), p)
    out = []
    for p in paths:
        design = used.get(Path(p).resolve()) if Path(p).suffix.lower() in MODEL_SUFFIXES else None
        if design is None:
            out.append(p)
        else:
            note(f"skipped {p}: the site plan of {design}, checked through it")
    return out
