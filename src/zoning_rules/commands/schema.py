"""``zoning-rules schema design|rules``: JSON Schemas generated from the models, for editors."""
from __future__ import annotations

import json

import click


@click.command()
@click.argument("which", type=click.Choice(["design", "rules"]))
def schema(which):
    """Print the JSON Schema of a design file or a rule file."""
    click.echo(json.dumps(json_schema(which), ensure_ascii=False, indent=2))
    return 0


def json_schema(which: str) -> dict:
    """The schema of the models for the indicators registered now (``design_model``, ``models``)."""
    if which == "design":
        from ..design import design_model

        model = design_model()
    else:
        from ..rulebook.schema import models

        model = models()[1]
    out = model.model_json_schema()
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return out
