"""``limits PLOT`` says which of the plot's values nobody could read (an imported plan's 容积率 of NaN,
0, 约2.0 …) before anything else, in text and JSON — an officer who looks a plot up is not shown an
empty list of limits as if the plan had set none."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")

from zoning_rules.cli import main  # noqa: E402

CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}}


@pytest.fixture()
def rules(tmp_path):
    ring = [[500000.0, 4150000.0], [500100.0, 4150000.0], [500100.0, 4150100.0], [500000.0, 4150100.0],
            [500000.0, 4150000.0]]
    feats = [{"type": "Feature", "properties": {"地块编码": "A-1", "容积率": float("nan"), "建筑限高": "约24米"},
              "geometry": {"type": "Polygon", "coordinates": [ring]}}]
    layer = tmp_path / "plan.geojson"
    layer.write_text(json.dumps({"type": "FeatureCollection", "crs": CRS, "features": feats}), encoding="utf-8")
    out = tmp_path / "plan.yaml"
    assert main(["import-plan", str(layer), "--document", "D", "--date", "2019-06-01", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("lang, head", [("zh", "待核定"), ("en", "to be settled")])
def test_limits_lists_the_values_under_review(rules, capsys, lang, head):
    capsys.readouterr()
    assert main(["limits", "A-1", "--rules", str(rules), "--as-of", "2020-01-01", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert head in out and "容积率: nan" in out and "建筑限高: '约24米'" in out
    assert out.index(head) < out.index("批复记录" if lang == "zh" else "history")


def test_limits_json_carries_the_review_items(rules, capsys):
    capsys.readouterr()
    assert main(["limits", "A-1", "--rules", str(rules), "--as-of", "2020-01-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (approval,) = data["history"]
    assert len(approval["review"]) == 2 and approval["in_force"] is True


def test_before_the_plan_nothing_is_under_review(rules, capsys):
    capsys.readouterr()
    assert main(["limits", "A-1", "--rules", str(rules), "--as-of", "2019-01-01"]) == 0
    assert "待核定" not in capsys.readouterr().out
