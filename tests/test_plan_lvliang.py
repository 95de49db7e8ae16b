"""The 吕梁 plots on a plan layer: the plan's limits hold until a letter adjusts a plot, then the
letter's; the limits in force export as a map layer with typed columns."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pyogrio")
gpd = pytest.importorskip("geopandas")

from plan_layers import LVLIANG_PLAN, import_lvliang_plan, lvliang_codes  # noqa: E402

from zoning_rules.cli import main  # noqa: E402
from zoning_rules.rulebook import load_rulebook  # noqa: E402


@pytest.fixture(scope="module")
def plan_rules(tmp_path_factory):
    return import_lvliang_plan(tmp_path_factory.mktemp("lvliang"))


def test_before_a_letter_the_plans_limits_are_in_force_and_after_it_the_letters(plan_rules):
    book = load_rulebook(plan_rules)
    before = book.resolve("BZ-13-10", dt.date(2021, 1, 10))
    assert before.limits["far"].limit.max.value == pytest.approx(1.8)
    assert before.limits["far"].approval.source.id == LVLIANG_PLAN["doc"]
    assert before.limits["height"].limit.max.value == 30
    after = book.resolve("BZ-13-10", dt.date(2021, 1, 11))
    assert after.limits["far"].limit.max.value == pytest.approx(2.4)
    assert after.limits["far"].approval.source.id == "吕政函〔2021〕2号"
    # a letter that adjusted without publishing values: the plan's figures no longer hold either
    assert book.resolve("JR-12-20", dt.date(2021, 8, 15)).status == "in_force"
    assert book.resolve("JR-12-20", dt.date(2021, 8, 16)).status == "unpublished"
    # the letters' plots all lie on the plan
    assert set(book.plot_codes()) == set(lvliang_codes())


def test_plots_geojson_opens_in_geopandas_with_limits_as_typed_columns(plan_rules, tmp_path, capsys):
    target = tmp_path / "plots.geojson"
    assert main(["plots", "--rules", str(plan_rules), "--as-of", "2021-06-01", "--format", "geojson",
                 "-o", str(target)]) == 0
    layer = gpd.read_file(target)
    assert len(layer) == len(lvliang_codes()) and layer.geometry.notna().all()
    assert str(layer["far_max"].dtype) == "float64" and str(layer["height_max"].dtype) == "float64"
    assert str(layer["green_ratio_min"].dtype) == "float64"
    row = layer.set_index("plot").loc["BZ-13-10"]
    assert row["far_max"] == 2.4 and row["far_doc"] == "吕政函〔2021〕2号"
    assert row["far_date"] == gpd.pd.Timestamp("2021-01-11")
    assert row["green_ratio_min"] == 0.35
    plan_only = layer[layer["far_doc"] == LVLIANG_PLAN["doc"]]
    assert (plan_only["far_max"] == 1.8).all()
    assert layer.crs.to_epsg() == 4326  # GeoJSON in lon/lat
    assert set(layer.set_index("plot").loc[["JR-12-20", "JR-16-02"], "status"]) == {"in_force"}  # before 46号


def test_plots_gpkg_keeps_the_plans_projected_crs(plan_rules, tmp_path, capsys):
    target = tmp_path / "plots.gpkg"
    assert main(["plots", "--rules", str(plan_rules), "--as-of", "2020-01-01", "--format", "gpkg",
                 "-o", str(target)]) == 0
    layer = gpd.read_file(target)
    assert layer.crs.to_epsg() == 4546
    assert (layer["far_max"] == 1.8).all() and (layer["far_doc"] == LVLIANG_PLAN["doc"]).all()
    assert str(layer["far_date"].dtype).startswith("datetime64")
    assert layer.area.round(3).eq(40000.0).all()
