"""Synthetic but realistic 控规 plan layers for the tests (and the benchmark).

A grid of plots in CGCS2000 GK CM 111°E (EPSG:4546) around 吕梁, with the attribute names and the
mess real layers have: Chinese names, numbers in text fields, ``≤2.4``, ranges ``2.0-3.5``, units,
values nobody can read, a duplicate code, a bow-tie polygon.  Every value is derived from the
plot's position, so a test can say what each plot must get without reading the layer back.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

X0, Y0 = 500_000.0, 4_150_000.0  # EPSG:4546, a little south-west of 111.14°E 37.52°N
CELL = 100.0

LAND_USES = (("R2", "二类居住用地"), ("B1", "商业用地"), ("A33", "中小学用地"), ("G1", "公园绿地"),
             ("RB", "商住用地"), ("W1", "一类物流仓储用地"))


@dataclass(frozen=True)
class PlotRow:
    code: str
    land_code: str
    land_name: str
    area: str
    far: str
    density: str
    green: str
    height: str
    note: str
    ring: tuple


def code_of(i: int, j: int) -> str:
    return f"D{i // 10 + 1:02d}-{i % 10 + 1:02d}-{j + 1:02d}"


def far_text(i: int, j: int) -> str:
    k = (i * 7 + j) % 10
    if k == 0:
        return f"{Decimal(20 + j % 5) / 10}-{Decimal(30 + j % 5) / 10}"  # range: min and max
    if k == 1:
        return f"≤{Decimal(10 + (i + j) % 20) / 10}"
    if k == 2:
        return f"容积率≤{Decimal(12 + j % 9) / 10}"
    return str(Decimal(10 + (i + j) % 25) / 10)


def grid_rows(nx: int, ny: int) -> list[PlotRow]:
    rows = []
    for i in range(nx):
        for j in range(ny):
            x, y = X0 + i * CELL, Y0 + j * CELL
            lu = LAND_USES[(i + 2 * j) % len(LAND_USES)]
            rows.append(PlotRow(
                code=code_of(i, j), land_code=lu[0], land_name=lu[1], area=f"{CELL * CELL:.1f}",
                far=far_text(i, j), density=str(25 + (i + j) % 20), green=f"≥{30 + j % 6}%",
                height=f"{24 + 3 * (i % 10)}米" if (i + j) % 3 else str(54 + j % 7),
                note="", ring=((x, y), (x + CELL, y), (x + CELL, y + CELL), (x, y + CELL), (x, y))))
    return rows


def frame(rows: list[PlotRow], *, names: dict | None = None, crs: str | None = "EPSG:4546"):
    import geopandas as gpd
    from shapely import Polygon

    n = names or {"code": "地块编码", "land_code": "用地代码", "land_name": "用地性质", "area": "用地面积",
                  "far": "容积率", "density": "建筑密度", "green": "绿地率", "height": "建筑限高",
                  "note": "备注"}
    data = {n[k]: [getattr(r, k) for r in rows] for k in n}
    return gpd.GeoDataFrame(data, geometry=[Polygon(r.ring) for r in rows], crs=crs)


def realistic(nx: int = 60, ny: int = 50, *, conflicting_duplicate: bool = True, bowtie: bool = True,
              crs: str | None = "EPSG:4546"):
    """The grid with: one unreadable 容积率 (约2.0), one limit without a number (满足机场限高), a
    code on two features with equal values (to be merged), optionally a code on two features
    with different values (an error), and a bow-tie polygon (invalid)."""
    from dataclasses import replace

    rows = grid_rows(nx, ny)
    rows[5] = replace(rows[5], far="约2.0")
    rows[6] = replace(rows[6], height="满足机场限高")
    # the parts of one plot under one code: equal values, adjacent squares → one MultiPolygon/Polygon
    rows[11] = replace(rows[11], code=rows[10].code, far=rows[10].far, density=rows[10].density,
                       green=rows[10].green, height=rows[10].height, land_code=rows[10].land_code,
                       land_name=rows[10].land_name, area=rows[10].area)
    if conflicting_duplicate:
        rows[21] = replace(rows[21], code=rows[20].code)  # same code, other values
    if bowtie:
        (x, y) = rows[30].ring[0]
        rows[30] = replace(rows[30], ring=((x, y), (x + CELL, y + CELL), (x + CELL, y), (x, y + CELL), (x, y)))
    rows[40] = replace(rows[40], note="拟调整")
    return frame(rows, crs=crs), rows


def write_shapefile(gdf, path, *, encoding: str = "GBK", cpg: bool = True):
    gdf.to_file(path, driver="ESRI Shapefile", encoding=encoding, engine="pyogrio")
    cpg_file = path.with_suffix(".cpg")
    if not cpg and cpg_file.exists():
        cpg_file.unlink()
    return path


#: The earlier plan's made-up limits for the 吕梁 plots (before the 2021 letters).
LVLIANG_PLAN = {"doc": "吕梁市新区控制性详细规划（2018版）", "date": "2018-06-01"}
LVLIANG_X0, LVLIANG_Y0, LVLIANG_CELL = 512_000.0, 4_154_000.0, 200.0


def lvliang_codes() -> list[str]:
    """The plots of the embedded rule book (derived from data/plots.yaml, never typed here)."""
    from zoning_rules import load_rulebook

    return list(load_rulebook().plot_codes())


def lvliang_layer():
    """A small plan layer for the 吕梁 plots: 200 m squares side by side, 6 to a row, in EPSG:4546,
    with earlier limits (容积率 ≤ 1.8 …) that the letters then change."""
    import geopandas as gpd
    from shapely import box

    codes = lvliang_codes()
    geoms, rows = [], []
    for n, code in enumerate(codes):
        i, j = n % 6, n // 6
        x, y = LVLIANG_X0 + i * LVLIANG_CELL, LVLIANG_Y0 + j * LVLIANG_CELL
        geoms.append(box(x, y, x + LVLIANG_CELL, y + LVLIANG_CELL))
        rows.append({"地块编号": code, "用地性质": ("二类居住用地", "商业用地", "中小学用地", "商住用地")[n % 4],
                     "用地面积": LVLIANG_CELL ** 2,
                     "容积率": "≤1.8", "建筑密度": 25.0, "绿地率": 40.0, "建筑限高": "30米"})
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4546")


def lvliang_square(code: str):
    """The square of one 吕梁 plot in lvliang_layer (for placing sites in tests)."""
    n = lvliang_codes().index(code)
    i, j = n % 6, n // 6
    x, y = LVLIANG_X0 + i * LVLIANG_CELL, LVLIANG_Y0 + j * LVLIANG_CELL
    return x, y


def import_lvliang_plan(folder) -> "Path":
    """The 吕梁 plan layer written as a GeoPackage and imported with ``import-plan``: the rule file."""
    from pathlib import Path

    from zoning_rules.cli import main

    layer = Path(folder) / "lvliang.gpkg"
    lvliang_layer().to_file(layer, driver="GPKG")
    out = Path(folder) / "plan-rules.yaml"
    assert main(["import-plan", str(layer), "--document", LVLIANG_PLAN["doc"], "--date", LVLIANG_PLAN["date"],
                 "--out", str(out)]) == 0
    return out
