"""A cache of the built embedded rule book, so that a one-design check does not rebuild it.

Building validates every approval through the pydantic schema (~0.1 s with its import); the result
is immutable, so it is written once in the user's cache directory and reused.  What the cache can
never do is change a result, so:

* **Not executable data.**  The book is stored as JSON — dataclasses by name, from a fixed list of
  the rule book's own types; exact ``Fraction``s as ``"n/d"``, dates as ISO text.  Reading it
  constructs those types and nothing else (a pickle could run any code it names).
* **Keyed by content.**  The file name is a digest of the rule file's bytes, the source of every
  module whose types or rules shape the book, the package version and the Python version: an edited
  rule file or a changed model never meets an old entry (a modification time can lie; bytes do not).
* **Verified.**  The entry holds a SHA-256 digest of its payload and the key it was made for; a
  damaged, truncated or hand-edited entry (say, a limit loosened from 2.4 to 9.9) fails the check
  and the book is rebuilt from the rule file and written afresh.  (Whoever can write both the
  payload and a matching digest into your cache directory can as well replace the package itself.)

Each plot's approvals are decoded when the plot is first asked for (``_Plots``): a one-design check
reads one plot, and its cold start is measured (benchmarks/bench_cold_start.py).  The digest
covers the whole entry and is checked before anything is decoded.

``ZONING_RULES_CACHE=0`` turns it off.  Any problem reading or writing falls back to building.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .model import RuleBook

if TYPE_CHECKING:  # pragma: no cover - paths here are strings: no pathlib on a check's path (~4 ms)
    from pathlib import Path

try:  # CPython's own SHA-256: the same digests as hashlib's, without loading OpenSSL's binding
    from _sha256 import sha256  # (~3 ms at import, on every check that reads this cache)
except ImportError:  # pragma: no cover - Python 3.12+ (_sha2), or another implementation
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

FORMAT = 2  # bumped from the pickles of format 1, which are never read


def directory(environ) -> str | None:
    """The cache directory the environment asks for (None: off).  Read by the loader, once per
    call, and handed in: nothing below reads the environment."""
    if environ.get("ZONING_RULES_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "zoning_rules")


#: ``where`` not given: the process environment's choice (``directory(os.environ)``).
_ENVIRONMENT = object()


def _where(where):
    return directory(os.environ) if where is _ENVIRONMENT else where


#: The modules whose types and rules end up in the cached book: their source is part of the key.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
#: The indicator declarations decide which limits a rule file may state: they count as code too.
_CODE = ("rulebook/model.py", "rulebook/build.py", "rulebook/schema.py", "rulebook/cache.py",
         "units.py", "landuse.py", "plotcodes.py", "fields.py", "sourcefile.py") + tuple(
    f"indicators/{name}" for name in sorted(os.listdir(os.path.join(_PACKAGE, "indicators")))
    if name.endswith(".py"))


def _read(path: "str | Path") -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _types() -> dict[str, type]:
    """The only types an entry may name: the rule book's dataclasses."""
    from ..landuse import LandUse
    from ..units import Amount
    from . import model

    out = {c.__name__: c for c in vars(model).values()
           if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__}
    out.update({"Amount": Amount, "LandUse": LandUse})
    return out


def _key(path: "str | Path") -> str | None:
    from .. import __version__

    h = sha256()
    try:
        h.update(_read(path))
        for m in _CODE:
            p = os.path.join(_PACKAGE, m)
            if os.path.isfile(p):
                h.update(m.encode() + b"\0" + _read(p))
    except OSError:
        return None
    h.update(f"|{__version__}|{sys.version_info[:2]}|{FORMAT}".encode())
    return h.hexdigest()


# --- encoding -------------------------------------------------------------------------------------

def _enc(v: Any) -> Any:
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, Fraction):
        return {"$F": f"{v.numerator}/{v.denominator}"}
    if isinstance(v, dt.date):
        return {"$D": v.isoformat()}
    if isinstance(v, tuple):
        return {"$T": [_enc(x) for x in v]}
    if isinstance(v, list):
        return [_enc(x) for x in v]
    if isinstance(v, (MappingProxyType, _Plots)):
        return {"$P": [[_enc(k), _enc(x)] for k, x in v.items()]}
    if isinstance(v, dict):
        return {"$M": [[_enc(k), _enc(x)] for k, x in v.items()]}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {"$": type(v).__name__,
                "f": {f.name: _enc(getattr(v, f.name)) for f in dataclasses.fields(v)}}
    raise TypeError(f"cannot cache a {type(v).__name__}")


def _dec(v: Any, types: dict[str, type]) -> Any:
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, list):
        return [_dec(x, types) for x in v]
    if not isinstance(v, dict) or len(v) not in (1, 2):
        raise ValueError("not a cache value")
    if "$F" in v:
        n, d = v["$F"].split("/")
        return Fraction(int(n), int(d))
    if "$D" in v:
        return dt.date.fromisoformat(v["$D"])
    if "$T" in v:
        return tuple(_dec(x, types) for x in v["$T"])
    if "$P" in v:
        return MappingProxyType({_dec(k, types): _dec(x, types) for k, x in v["$P"]})
    if "$M" in v:
        return {_dec(k, types): _dec(x, types) for k, x in v["$M"]}
    cls = types[v["$"]]  # KeyError: a type that is not the rule book's
    fields = {f.name for f in dataclasses.fields(cls)}
    given = v["f"]
    if set(given) != fields:
        raise ValueError(f"{cls.__name__} fields differ")
    return cls(**{k: _dec(x, types) for k, x in given.items()})


class _Plots(Mapping):
    """A cached book's approvals by plot, each plot's decoded on first use.

    A plot whose entry does not decode (only an entry edited together with its digest can hold
    one) is not believed either: its approvals come from the book built afresh (``rebuild``).
    """

    __slots__ = ("_encoded", "_types", "_rebuild", "_done")

    def __init__(self, encoded: dict[str, Any], types: dict[str, type], rebuild=None):
        self._encoded, self._types, self._rebuild, self._done = encoded, types, rebuild, {}

    def __getitem__(self, plot: str) -> tuple:
        try:
            return self._done[plot]
        except KeyError:
            pass
        encoded = self._encoded[plot]  # KeyError: not a plot of the book
        try:
            value = _dec(encoded, self._types)
            if not isinstance(value, tuple) or not all(isinstance(a, self._types["Approval"]) for a in value):
                raise ValueError(f"the approvals of {plot} are not approvals")
        except Exception:
            if self._rebuild is None:
                raise
            value = self._rebuild().approvals[plot]
        self._done[plot] = value
        return value

    def __iter__(self):
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)

    def __contains__(self, plot: object) -> bool:
        return plot in self._encoded

    def __repr__(self) -> str:
        return f"<approvals of {len(self._encoded)} plots>"


def _dec_book(v: Any, types: dict[str, type], rebuild=None) -> RuleBook:
    """The book, its approvals left encoded per plot (``_Plots``); everything else decoded now."""
    if not isinstance(v, dict) or v.get("$") != "RuleBook" or set(v) != {"$", "f"}:
        raise ValueError("not a rule book")
    given = dict(v["f"])
    plots = given.pop("approvals")
    if not isinstance(plots, dict) or set(plots) != {"$P"}:
        raise ValueError("not the approvals of a rule book")
    encoded = {}
    for plot, approvals in plots["$P"]:
        if not isinstance(plot, str) or not isinstance(approvals, dict) or set(approvals) != {"$T"}:
            raise ValueError("not the approvals of a plot")
        encoded[plot] = approvals
    if set(given) | {"approvals"} != {f.name for f in dataclasses.fields(RuleBook)}:
        raise ValueError("RuleBook fields differ")
    return RuleBook(approvals=_Plots(encoded, types, rebuild), **{k: _dec(x, types) for k, x in given.items()})


def dumps(book: RuleBook, key: str) -> bytes:
    payload = json.dumps(_enc(book), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head = json.dumps({"format": FORMAT, "key": key, "sha256": sha256(payload).hexdigest()})
    return head.encode() + b"\n" + payload


def loads(data: bytes, key: str, rebuild=None) -> RuleBook | None:
    """The book in ``data`` if it is whole, unaltered and made for ``key``; else None.

    ``rebuild``: builds the book afresh, for a plot whose approvals do not decode (``_Plots``)."""
    try:
        head_raw, _, payload = data.partition(b"\n")
        head = json.loads(head_raw)
        if head.get("format") != FORMAT or head.get("key") != key:
            return None
        if sha256(payload).hexdigest() != head.get("sha256"):
            return None  # damaged or edited: rebuild, never believe
        book = _dec_book(json.loads(payload), _types(), rebuild)
    except Exception:  # any oddity: rebuild
        return None
    return book if isinstance(book, RuleBook) else None


def _entry(directory: "str | Path", key: str) -> str:
    return os.path.join(directory, f"rulebook-{key[:40]}.json")


def get(path: "str | Path", where: "str | Path | None | object" = _ENVIRONMENT) -> RuleBook | None:
    directory, key = _where(where), _key(path)
    if directory is None or key is None:
        return None
    try:
        data = _read(_entry(directory, key))
    except OSError:
        return None
    return loads(data, key, rebuild=_rebuilder(path))


def _rebuilder(path: "str | Path"):
    """Builds the book from ``path`` once, when first asked (``_Plots``)."""
    built: list[RuleBook] = []

    def rebuild() -> RuleBook:
        if not built:
            from .loader import _build

            built.append(_build([str(path)]))
        return built[0]

    return rebuild


def put(path: "str | Path", book: RuleBook, where: "str | Path | None | object" = _ENVIRONMENT) -> None:
    directory, key = _where(where), _key(path)
    if directory is None or key is None:
        return
    tmp = None
    try:
        data = dumps(book, key)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        import tempfile  # only when writing: a check that finds its entry never pays for it

        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, _entry(directory, key))
    except Exception:  # a read-only home, a full disk, a type the encoder does not know: no cache
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
