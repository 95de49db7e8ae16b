"""Plot codes as officers type them: ``ＢＺ－１３－１０``, ``bz-13-10``, ``BZ 13 10 地块``."""
from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile(r"[‐‑‒–—―－﹣−_]")
_SPACE = re.compile(r"\s+")
_GAP = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])")


def normalize(code: str) -> str:
    """The canonical key of a plot code; two spellings of one plot give the same key.

    Full-width forms and dash variants fold to ASCII, case and white space are ignored, and a
    trailing 地块 is dropped (so ``货源街南地块`` and ``货源街南`` are one plot).
    """
    text = unicodedata.normalize("NFKC", str(code)).strip()
    text = _DASHES.sub("-", text)
    text = _GAP.sub("-", text)  # "BZ 13 10": a space between code segments stands for a dash
    text = _SPACE.sub("", text).upper()
    if text.endswith("地块") and len(text) > 2:
        text = text[:-2]
    return text


def nearest(code: str, known: list[str] | tuple[str, ...], n: int = 3) -> tuple[str, ...]:
    """The known codes closest to a mistyped one, for the error message."""
    import difflib  # only for an error message: not on every check's import path

    keyed = {normalize(k): k for k in known}
    matches = difflib.get_close_matches(normalize(code), list(keyed), n=n, cutoff=0.5)
    return tuple(keyed[m] for m in matches)
