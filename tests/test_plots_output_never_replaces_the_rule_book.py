"""``plots --format gpkg|geojson -o FILE`` refuses a FILE the rule book is read from: exporting over the
rule file's own GeoPackage would replace the plan's boundaries (and, with ``--values gpkg``, its
values) by a map layer; over the YAML, the rule file itself."""
from __future__ import annotations

import hashlib

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from plan_layers import import_lvliang_plan  # noqa: E402

from zoning_rules.cli import main  # noqa: E402


@pytest.mark.parametrize("fmt, target", [("gpkg", ".gpkg"), ("geojson", ".yaml"), ("gpkg", ".yaml")])
def test_the_layer_is_not_written_over_a_file_of_the_rule_book(tmp_path, capsys, fmt, target):
    rules = import_lvliang_plan(tmp_path)
    victim = rules.with_suffix(target)
    before = hashlib.sha256(victim.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["plots", "--rules", str(rules), "--format", fmt, "-o", str(victim)]) == 2
    assert "a file the rule book is read from" in capsys.readouterr().err
    assert hashlib.sha256(victim.read_bytes()).hexdigest() == before
    assert main(["plots", "--rules", str(rules), "--format", fmt, "-o", str(tmp_path / f"layer.{fmt}")]) == 0
