"""A cache of the built embedded rule book, so that a one-design check does not rebuild it.

Building validates every approval through the pydantic schema (~0.1 s with its import); the result
is immutable, so it is pickled once per (file, size, mtime, package version, Python) in the user's
cache directory and reused.  Set ZONING_RULES_CACHE=0 to turn it off.  Any problem reading or
writing the cache falls back to building: the cache can make a run faster, never different.
"""
from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from types import MappingProxyType

from .model import RuleBook


def _proxy(data: dict) -> MappingProxyType:
    return MappingProxyType(data)


def _reduce_proxy(m: MappingProxyType):
    return (_proxy, (dict(m),))


class _Pickler(pickle.Pickler):
    """Pickles read-only mappings for this cache only (a ``dispatch_table`` of its own): the
    process's pickling (``copyreg``) is left as it was."""

    dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}


def directory(environ) -> Path | None:
    """The cache directory the environment asks for (None: off).  Read by the loader, once per
    call, and handed in: nothing below reads the environment."""
    if environ.get("ZONING_RULES_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zoning_rules"


#: ``where`` not given: the process environment's choice (``directory(os.environ)``).
_ENVIRONMENT = object()


def _where(where):
    return directory(os.environ) if where is _ENVIRONMENT else where


#: The modules whose classes and rules end up in the pickle: a change to any of them (even within
#: one package version, as in a development checkout) must not reuse a book pickled by older code.
_PACKAGE = Path(__file__).resolve().parent.parent
#: The indicator declarations decide which limits a rule file may state: they count as code too.
_CODE = ("rulebook/model.py", "rulebook/build.py", "rulebook/schema.py", "rulebook/cache.py",
         "units.py", "landuse.py", "plotcodes.py", "fields.py", "sourcefile.py") + tuple(
    f"indicators/{p.name}" for p in sorted((_PACKAGE / "indicators").glob("*.py")))


def _key(path: Path) -> str | None:
    from .. import __version__

    try:
        st = path.stat()
        code = [(_PACKAGE / m).stat() for m in _CODE]
    except OSError:
        return None
    raw = "|".join([str(path.resolve()), str(st.st_size), str(st.st_mtime_ns), __version__,
                    str(sys.version_info[:2])] + [f"{c.st_size}:{c.st_mtime_ns}" for c in code])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def get(path: Path, where: "Path | None | object" = _ENVIRONMENT) -> RuleBook | None:
    directory, key = _where(where), _key(path)
    if directory is None or key is None:
        return None
    try:
        with open(directory / f"{key}.pickle", "rb") as fh:
            book = pickle.load(fh)
    except Exception:  # absent, truncated, or from an incompatible build: rebuild
        return None
    return book if isinstance(book, RuleBook) and _complete(book) else None


def _complete(book: RuleBook) -> bool:
    """Every field of every object is there: a pickle of an older model never passes as current."""
    from dataclasses import fields

    def whole(obj) -> bool:
        return all(hasattr(obj, f.name) for f in fields(obj))

    return all(whole(a) and whole(a.source) and all(whole(lim) for lim in a.limits.values())
               for approvals in book.approvals.values() for a in approvals)


def put(path: Path, book: RuleBook, where: "Path | None | object" = _ENVIRONMENT) -> None:
    directory, key = _where(where), _key(path)
    if directory is None or key is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            _Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(book)
        os.replace(tmp, directory / f"{key}.pickle")
    except Exception:  # a read-only home, a full disk: run without the cache
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except Exception:
            pass
