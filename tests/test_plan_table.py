"""import-plan --values gpkg: the plan's values as GeoPackage columns give exactly the rule book the
YAML layout gives, and a bad value in the table is bad input naming file, column, plot and value."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pyogrio")
gpd = pytest.importorskip("geopandas")

from plan_layers import realistic, write_shapefile  # noqa: E402

from zoning_rules.cli import main  # noqa: E402
from zoning_rules.rulebook import load_rulebook  # noqa: E402

ARGS = ["--document", "吕政函〔2019〕30号", "--date", "2019-06-01", "--repair"]


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    d = tmp_path_factory.mktemp("layouts")
    gdf, _ = realistic(30, 40, conflicting_duplicate=False)
    shp = write_shapefile(gdf, d / "kg.shp")
    assert main(["import-plan", str(shp), *ARGS, "--out", str(d / "yaml" / "plan.yaml")]) == 0
    assert main(["import-plan", str(shp), *ARGS, "--out", str(d / "gpkg" / "plan.yaml"), "--values", "gpkg"]) == 0
    return d / "yaml" / "plan.yaml", d / "gpkg" / "plan.yaml"


def test_the_table_layout_resolves_every_plot_exactly_as_the_yaml_layout(layouts):
    a, b = (load_rulebook(p, embedded=False) for p in layouts)
    assert a.plot_codes() == b.plot_codes() and len(a.plot_codes()) > 1000
    day = dt.date(2020, 1, 1)
    for code in a.plot_codes():
        ra, rb = a.resolve(code, day), b.resolve(code, day)
        assert {k: v.limit for k, v in ra.limits.items()} == {k: v.limit for k, v in rb.limits.items()}, code
        assert ra.land_use.limit.land_use == rb.land_use.limit.land_use
        assert ra.area[0].amount == rb.area[0].amount
        assert ra.in_force[0].review == rb.in_force[0].review


def test_a_bad_value_typed_into_the_table_is_bad_input_naming_column_plot_and_value(layouts, tmp_path, capsys):
    import shutil

    src = layouts[1].parent
    dst = tmp_path / "edited"
    shutil.copytree(src, dst)
    layer = gpd.read_file(dst / "plan.gpkg", layer="plots")
    layer.loc[3, "far_max"] = "2.4 m"
    layer.to_file(dst / "plan.gpkg", layer="plots", driver="GPKG")
    assert main(["limits", layer.loc[3, "plot"], "--rules", str(dst / "plan.yaml")]) == 2
    err = capsys.readouterr().err
    assert "plan.gpkg" in err and "far_max" in err and layer.loc[3, "plot"] in err and "2.4 m" in err
