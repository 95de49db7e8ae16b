"""Text cut into pieces anywhere, with a space slipped into some: how PDF extraction and web pages
re-wrap a letter.  Shared by the extractor's properties (letters and notices)."""
from __future__ import annotations

from hypothesis import strategies as st


def cut_and_spaced(text: str, data, every: int) -> list[str]:
    """``text`` cut at up to ``len(text) // every`` places drawn by ``data``; some pieces get a space."""
    cuts = sorted(data.draw(st.sets(st.integers(1, len(text) - 1), max_size=len(text) // every), label="cuts"))
    pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    out = []
    for piece in pieces:
        if piece and data.draw(st.booleans(), label="space"):
            at = data.draw(st.integers(0, len(piece)), label="at")
            piece = piece[:at] + " " + piece[at:]
        out.append(piece)
    return out
