"""Plan layers often put the unit in the attribute's name — 用地面积(公顷), 建筑限高（米）, 绿地率(%)
— and the digits bare in the cells.  Such an attribute is recognised for its role, and its bare
numbers are read in that unit (3.2 in 用地面积(公顷) is 32 000 m², not 3.2 m²), said in the mapping
lines; a bracket that is not a unit (容积率(上限)) is not guessed at."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

pytest.importorskip("pyogrio")
geopandas = pytest.importorskip("geopandas")

from zoning_rules.cli import main  # noqa: E402
from zoning_rules.plan.importer import import_layer  # noqa: E402
from zoning_rules.rulebook import load_rulebook  # noqa: E402

X, Y = 500_000.0, 4_150_000.0


@pytest.fixture()
def layer(tmp_path):
    from shapely import box

    path = tmp_path / "plan.gpkg"
    geopandas.GeoDataFrame(
        {"地块编码": ["A-1"], "用地面积(公顷)": [1.0], "建筑限高（米）": [54.0], "绿地率(%)": [35.0],
         "建筑密度【%】": [30.0], "容积率(上限)": [2.5]},
        geometry=[box(X, Y, X + 100, Y + 100)], crs="EPSG:4546").to_file(path, driver="GPKG")
    return path


def test_a_unit_in_the_attribute_name_is_the_unit_of_its_bare_numbers(layer, tmp_path, capsys):
    result = import_layer(str(layer), document="D", date=dt.date(2019, 6, 1))
    fields = dict(result.mapping.fields)
    assert fields["area"] == "用地面积(公顷)" and fields["height"] == "建筑限高（米）"
    assert fields["green_ratio"] == "绿地率(%)" and fields["building_density"] == "建筑密度【%】"
    assert "far" not in fields and "容积率(上限)" in result.unplaced  # not a unit: not guessed
    out = tmp_path / "rules.yaml"
    assert main(["import-plan", str(layer), "--document", "D", "--date", "2019-06-01", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "bare numbers in 公顷" in err and "bare numbers in 米" in err
    res = load_rulebook(out, embedded=False).resolve("A-1", dt.date(2020, 1, 1))
    assert res.area[0].amount.value == 10_000  # 1 公顷, equal to the drawn 100 m × 100 m
    assert res.limits["height"].limit.max.value == 54
    assert res.limits["green_ratio"].limit.min.value == Fraction(35, 100)
    assert res.limits["building_density"].limit.max.value == Fraction(30, 100)
    assert not any(i.kind == "area_differs" for i in import_layer(str(layer), document="D",
                                                                 date=dt.date(2019, 6, 1)).issues)


def test_a_mapping_file_still_overrides_the_unit_in_the_name(layer, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields: {far: 容积率(上限)}\nunits: {area: 平方米}\n", encoding="utf-8")
    result = import_layer(str(layer), document="D", date=dt.date(2019, 6, 1), mapping=str(mapping))
    assert result.mapping.units["area"] == "平方米" and result.mapping.units["height"] == "米"
    assert result.mapping.fields["far"] == "容积率(上限)"
