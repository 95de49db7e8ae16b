"""Text the user gave, made safe to show: control characters become visible escapes.

A design's ``name`` (or a plot code, a file name, a value quoted in an error) may hold terminal
control sequences — ``ESC[2J`` clears the screen, ``ESC]0;…BEL`` retitles the window — or
bidirectional overrides that make text read differently from what it is.  Shown raw, they let a
file rewrite what an officer sees.  ``shown`` writes each such character as a Python-style escape
(``\\x1b``, ``\\u202e``): the text stays readable and exact, and nothing in it acts.  JSON and
SARIF escape them by the format's own rules; text, Markdown, JUnit and error lines use this.
"""
from __future__ import annotations

import re

#: C0 and C1 controls and DEL, and the Unicode bidirectional embedding/override/isolate marks.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_KEEP_LINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character written as an escape (newlines kept if asked)."""
    s = text if isinstance(text, str) else str(text)
    pattern = _CONTROL_KEEP_LINES if keep_newlines else _CONTROL
    return pattern.sub(_escape, s)
