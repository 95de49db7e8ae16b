"""Sides of a plot as letters and designs write them (北侧, north …) → canonical English names."""
from __future__ import annotations

from typing import Any

SIDES = {
    "north": "north", "n": "north", "北": "north", "北侧": "north", "北面": "north",
    "south": "south", "s": "south", "南": "south", "南侧": "south", "南面": "south",
    "east": "east", "e": "east", "东": "east", "东侧": "east", "东面": "east",
    "west": "west", "w": "west", "西": "west", "西侧": "west", "西面": "west",
}
SIDE_ZH = {"north": "北侧", "south": "南侧", "east": "东侧", "west": "西侧"}


def read_sides(v: Any) -> tuple[str, ...] | None:
    """north/south/east/west or 北/南/东/西 (one, or a list) → canonical English names.

    Pure, so that the design model (``fields.Sides``), the fast design reader and the table
    engine all read a design's sides with this one function.
    """
    if v is None:
        return None
    values = [v] if isinstance(v, str) else v
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError("expected a side or a list of sides")
    out = []
    for item in values:
        side = SIDES.get(str(item).strip().lower())
        if side is None:
            raise ValueError(f"{item!r} is not a side (expected north/south/east/west or 北/南/东/西)")
        out.append(side)
    return tuple(out)
