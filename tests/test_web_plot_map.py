"""The plot page draws the plot among its neighbours from the rule book's boundaries (a rule file's
``geometry:`` GeoPackage, as ``import-plan`` writes it), and draws nothing where none is recorded."""
from __future__ import annotations

import re
import warnings

import pytest

pytest.importorskip("starlette", reason="the web application needs the web extra")
gpd = pytest.importorskip("geopandas", reason="plot boundaries need the plan extra")
pytest.importorskip("pyogrio", reason="plot boundaries need the plan extra")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from zoning_rules.web.app import WebConfig, create_app  # noqa: E402

RULES = """format: 1
geometry: {file: plan.gpkg, layer: plots, crs: "EPSG:4546", code_field: plot}
sources:
  "某规划〔2019〕1号": {date: 2019-01-01}
plots:
  T-01:
    approvals:
      - {source: "某规划〔2019〕1号", land_use: B1, limits: {far: {max: 2.5}}}
  T-02:
    approvals:
      - {source: "某规划〔2019〕1号", land_use: G1}
  T-03:
    approvals:
      - {source: "某规划〔2019〕1号", land_use: R2, limits: {height: {max: 60 m}}}
  T-99:
    approvals:
      - {source: "某规划〔2019〕1号", land_use: R2}
"""


@pytest.fixture(scope="module")
def plan_rules(tmp_path_factory):
    import shapely

    d = tmp_path_factory.mktemp("plan")
    x0, y0 = 37_500_000.0, 4_150_000.0
    frame = gpd.GeoDataFrame(
        {"plot": ["T-01", "T-02", "T-03", "FAR-AWAY"]},
        geometry=[shapely.box(x0, y0, x0 + 200, y0 + 150), shapely.box(x0 + 200, y0, x0 + 320, y0 + 150),
                  shapely.box(x0, y0 + 150, x0 + 200, y0 + 260), shapely.box(x0 + 5000, y0, x0 + 5100, y0 + 100)],
        crs="EPSG:4546")
    frame.to_file(d / "plan.gpkg", layer="plots", driver="GPKG", engine="pyogrio")
    rules = d / "plan.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return rules


def test_the_plot_is_drawn_among_its_neighbours_by_the_map_commands_drawing(plan_rules):
    pytest.importorskip("matplotlib", reason="the map needs the figure extra")
    with TestClient(create_app(WebConfig(pool="thread", workers=1, rules=(str(plan_rules),))),
                    base_url="http://127.0.0.1") as c:
        page = c.get("/plots/T-01?as_of=2020-01-01")
        assert page.status_code == 200
        (src,) = re.findall(r'<figure class="plot-map" id="plot-map"><a href="[^"]+"><img src="([^"]+)"', page.text)
        assert src == "/plots/T-01/map.png?as_of=2020-01-01&amp;lang=zh"
        png = c.get(src.replace("&amp;", "&"))
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        assert png.content[:8] == b"\x89PNG\r\n\x1a\n" and len(png.content) > 5000
        assert c.get(src.replace("&amp;", "&")).content == png.content  # drawn once per plot, date, language
        # a plot the layer has no boundary for: said so, nothing drawn, no image served
        other = c.get("/plots/T-99")
        assert 'id="no-map"' in other.text and 'id="plot-map"' not in other.text
        assert c.get("/plots/T-99/map.png").status_code == 404
        assert c.get("/plots/NOPE/map.png").status_code == 404
