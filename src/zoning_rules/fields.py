"""pydantic field types for quantities as written: parsed exactly, serialised back as written.

Shared by the design model and the rule-book format so that both accept the same spellings and
report the same errors (a ValueError inside a validator becomes a pydantic error with its path).
"""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from .indicators.sides import read_sides
from .units import Amount, parse


def quantity(kind: str, example: str):
    def validate(v: Any) -> Amount:
        return parse(v, kind)  # type: ignore[arg-type]

    return Annotated[
        Amount,
        BeforeValidator(validate),
        PlainSerializer(lambda a: a.written, return_type=str),
        WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number", "minimum": 0}],
                        "examples": [example]}),
    ]


Area = quantity("area", "47333 m2")
Length = quantity("length", "49.5 m")
Ratio = quantity("ratio", "30%")
Number = quantity("number", "2.38")
Count = quantity("count", "60")


#: A design's sides as the model, the fast reader and the table engine read them.
sides = read_sides


Sides = Annotated[
    tuple[str, ...],
    BeforeValidator(sides),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                    "examples": ["south", "南", ["south", "east"]]}),
]
