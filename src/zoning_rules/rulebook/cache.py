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


copyreg.pickle(MappingProxyType, _reduce_proxy)


def _directory() -> Path | None:
    if os.environ.get("ZONING_RULES_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zoning_rules"


def _key(path: Path) -> str | None:
    from .. import __version__

    try:
        st = path.stat()
    except OSError:
        return None
    raw = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{__version__}|{sys.version_info[:2]}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def get(path: Path) -> RuleBook | None:
    directory, key = _directory(), _key(path)
    if directory is None or key is None:
        return None
    try:
        with open(directory / f"{key}.pickle", "rb") as fh:
            book = pickle.load(fh)
    except Exception:  # absent, truncated, or from an incompatible build: rebuild
        return None
    return book if isinstance(book, RuleBook) else None


def put(path: Path, book: RuleBook) -> None:
    directory, key = _directory(), _key(path)
    if directory is None or key is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(book, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"{key}.pickle")
    except Exception:  # a read-only home, a full disk: run without the cache
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except Exception:
            pass
