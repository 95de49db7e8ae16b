"""Writes the example BIM 报建 model bz-13-10.ifc (run: python make_model.py; needs the ifc extra).

BZ-13-10 (商住, 吕政函〔2021〕2号) as an architect would export it from a BIM tool: IFC4 in
millimetres, the site as a 260 × 182.058 m plate whose top is the outdoor ground 0.3 m below the
buildings' ±0.000, four 16-storey towers (3 m storeys, 1.2 m parapets), a three-storey shopping
podium (4.5 m storeys), a two-storey kindergarten under a gable roof, a 集中绿地, and Wuhan-style
报建 property sets (场地信息属性集, 建筑技术信息属性集) on the site and buildings.  One tower declares
建筑高度 48.0 m — measured from ±0.000 to its roof, without the parapet and the 0.3 m step — which
the check reports against the 49.5 m its geometry gives.
"""
from __future__ import annotations

from pathlib import Path

from zoning_rules.ifc.build import BuildingSpec, GreenSpec, ModelSpec, rectangle, write_model

HERE = Path(__file__).resolve().parent
SITE = "场地信息属性集"
BUILDING = "建筑技术信息属性集"


def spec() -> ModelSpec:
    towers = []
    for i, x in enumerate((20, 80, 140, 200)):
        declared = 48.0 if i == 3 else 49.5
        towers.append(BuildingSpec(
            f"{i + 1}#住宅", rectangle(x, 150, x + 40, 168), [3.0] * 16, parapet=1.2, ground_floor=0.0,
            psets={BUILDING: {"建筑高度": declared, "建筑面积": 11520.0, "建筑占地面积": 720.0,
                              "地上建筑层数": 16, "地下建筑层数": 0, "室内外高差最大值": 0.3}}))
    podium = BuildingSpec("S1#商业", rectangle(20, 10, 140, 30), [4.5] * 3, parapet=1.2,
                          psets={BUILDING: {"建筑高度": 15.0, "建筑面积": 7200.0, "地上建筑层数": 3}})
    kindergarten = BuildingSpec("K1#幼儿园", rectangle(180, 10, 210, 30), [3.6, 3.6], pitched=3.0,
                                psets={BUILDING: {"建筑高度": 9.0, "地上建筑层数": 2}})
    return ModelSpec(
        site=rectangle(0, 0, 260, 182.0577), ground=-0.3,
        buildings=[*towers, podium, kindergarten],
        greens=[GreenSpec("集中绿地", rectangle(20, 45, 240, 140))],
        site_psets={SITE: {"地块编号": "BZ-13-10", "城市用地分类和使用": "RB", "总用地面积": 47335.0,
                           "容积率": 1.15, "建筑密度": 0.1242, "绿地率": 0.4415}},
        schema="IFC4", unit="mm")


if __name__ == "__main__":
    out = write_model(spec(), HERE / "bz-13-10.ifc")
    print(f"wrote {out}")
