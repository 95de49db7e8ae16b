"""Sides of a plot as letters and designs write them (北侧, north …) → canonical English names."""
from __future__ import annotations

SIDES = {
    "north": "north", "n": "north", "北": "north", "北侧": "north", "北面": "north",
    "south": "south", "s": "south", "南": "south", "南侧": "south", "南面": "south",
    "east": "east", "e": "east", "东": "east", "东侧": "east", "东面": "east",
    "west": "west", "w": "west", "西": "west", "西侧": "west", "西面": "west",
}
SIDE_ZH = {"north": "北侧", "south": "南侧", "east": "东侧", "west": "西侧"}
