"""Where rule files come from: the embedded book shipped in the package, and the user's layers."""
from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import InputError
from .model import RuleBook

if TYPE_CHECKING:  # pragma: no cover - a check's path imports no pathlib (~4 ms, cold start)
    from pathlib import Path

_HERE = os.path.dirname(os.path.realpath(__file__))  # .../zoning_rules/rulebook
_PACKAGE_DATA = os.path.join(os.path.dirname(_HERE), "data", "plots.yaml")
_SOURCE_TREE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(_HERE))), "data", "plots.yaml")


def _embedded_file() -> str:
    for candidate in (_PACKAGE_DATA, _SOURCE_TREE):
        if os.path.isfile(candidate):
            return candidate
    raise InputError("the embedded rule book is missing from this installation", file=_PACKAGE_DATA)


def embedded_path() -> Path:
    """The rule book shipped inside the installed package (or the checkout's, in development)."""
    from pathlib import Path

    return Path(_embedded_file())


def _build(paths: list[str], base: RuleBook | None = None) -> RuleBook:
    from ..sourcefile import load
    from .build import build

    return build((load(p) for p in paths), base=base)


@lru_cache(maxsize=1)
def _embedded(stamp: tuple[str, int]) -> RuleBook:
    from . import cache

    path = stamp[0]
    where = cache.directory(os.environ)
    book = cache.get(path, where)
    if book is None:
        book = _build([path])
        cache.put(path, book, where)
    return book


@lru_cache(maxsize=8)
def _layered(stamped: tuple[tuple[str, int], ...], embedded: bool) -> RuleBook:
    base = _embedded(_stamp(_embedded_file())) if embedded else None
    paths = [p for p, _ in stamped]
    return _build(paths, base) if paths else base


def _stamp(path: str) -> tuple[str, int]:
    try:
        return path, os.stat(path).st_mtime_ns
    except OSError:
        return path, -1  # load() reports the problem with the file's name


def load_rulebook(*paths: str | Path, embedded: bool = True) -> RuleBook:
    """The embedded rule book, with each given file layered on top in order.

    ``embedded=False`` reads only the given files (to validate a rule file on its own).
    """
    if not embedded and not paths:
        raise InputError("no rule file given", expected="at least one rule file")
    return _layered(tuple(_stamp(str(p)) for p in paths), embedded)
