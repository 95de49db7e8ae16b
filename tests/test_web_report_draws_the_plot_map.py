"""The web application's report of a check against a plan with boundaries is the HTML reporter's
document, so it draws the plot and its neighbours too (inline SVG, no network) — from the map data
the check attached to the report."""
from __future__ import annotations

import re
import warnings

import pytest

pytest.importorskip("starlette", reason="the web application needs the web extra")
pytest.importorskip("pyogrio", reason="plot boundaries need the plan extra")
pytest.importorskip("matplotlib", reason="the map needs the figure extra")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from conftest import EXAMPLES  # noqa: E402
from plan_layers import import_lvliang_plan  # noqa: E402

from zoning_rules.web.app import WebConfig, create_app  # noqa: E402


def test_the_web_report_of_a_plan_check_inlines_the_plot_map(tmp_path):
    rules = import_lvliang_plan(tmp_path)
    design = EXAMPLES / "bz-13-10-pass.yaml"
    with TestClient(create_app(WebConfig(pool="thread", workers=1, rules=(str(rules),))),
                    base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        r = c.post("/check", files=[("files", (design.name, design.read_bytes(), "application/octet-stream"))],
                   data={"as_of": "2021-06-01"}, follow_redirects=False)
        assert r.status_code == 303, r.text[:500]
        location = r.headers["location"]
        pages = [c.get(location).text]
        pages += [c.get(link.replace("&amp;", "&")).text
                  for link in re.findall(r'href="(/results/[^"]+?/1[^"]*)"', pages[0])]
    found = [p for p in pages if 'id="plot-map-1"' in p]
    assert found, "no page of the result carries the plot map"
    figure = re.search(r'<figure class="site-plan plot-map".*?</figure>', found[0], re.S).group(0)
    assert "<svg" in figure and "BZ-13-10" in figure and "HZ-19-03" in figure
