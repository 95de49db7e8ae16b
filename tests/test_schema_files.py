"""The published JSON Schemas are generated from the models and validate the shipped files."""
from __future__ import annotations

import json

import pytest
import yaml

from conftest import EXAMPLES, REPO
from zoning_rules.commands.schema import json_schema


@pytest.mark.parametrize("which", ["design", "rules"])
def test_the_published_schema_is_the_one_the_models_generate(which):
    published = json.loads((REPO / "docs" / "schema" / f"{which}.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(which), f"regenerate: zoning-rules schema {which} > docs/schema/{which}.schema.json"


def test_the_embedded_rule_book_and_the_examples_validate_against_the_published_schemas():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema comes with the test extra")
    rules = json.loads((REPO / "docs" / "schema" / "rules.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((REPO / "data" / "plots.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, rules)
    design = json.loads((REPO / "docs" / "schema" / "design.schema.json").read_text(encoding="utf-8"))
    for path in EXAMPLES.glob("*.yaml"):
        jsonschema.validate(json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")),
                                                  default=str)), design)
