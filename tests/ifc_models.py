"""Small 报建 models for the IFC tests, built with ifcopenshell.api (no binary fixtures).

Every figure the tests expect is worked out by hand from these descriptions (in metres):
site 100 × 60 = 6 000 m²; building A 30 × 20 = 600 m² at (10, 10), storeys 3 + 3 + 2 m (the 2 m
storey counts half: 1 500 m²), roof at 8 m, parapet 1.2 m (height 9.2 m), a 4 × 4 m stair room;
building B 30 × 20 at (50, 10), one 3 m storey (600 m²), a gable roof rising 4 m (eave 3, ridge 7:
height 5 m) and a 3.5 m basement; green 100 × 20 along the north edge (2 000 m²).
"""
from __future__ import annotations

from fractions import Fraction

import pytest

pytest.importorskip("ifcopenshell", reason="the ifc extra (IfcOpenShell) is not installed")

from zoning_rules.ifc.build import BuildingSpec, GreenSpec, ModelSpec, rectangle, write_model  # noqa: E402

SITE_PSET = "场地信息属性集"
BUILDING_PSET = "建筑技术信息属性集"
STOREY_PSET = "建筑楼层信息属性集"

#: The hand-computed figures of ``standard()``.
SITE_AREA = Fraction(6000)
FOOTPRINT = Fraction(1200)
FLOOR_AREA = Fraction(1500 + 600)
GREEN = Fraction(2000)
HEIGHT = Fraction(92, 10)


def building_a(**kw) -> BuildingSpec:
    args = dict(name="A栋", outline=rectangle(10, 10, 40, 30), storeys=[3.0, 3.0, 2.0], parapet=1.2,
                rooftop=(rectangle(12, 12, 16, 16), 3.0))
    args.update(kw)
    return BuildingSpec(**args)


def building_b(**kw) -> BuildingSpec:
    args = dict(name="B栋", outline=rectangle(50, 10, 80, 30), storeys=[3.0], pitched=4.0, basements=[3.5])
    args.update(kw)
    return BuildingSpec(**args)


def standard(**kw) -> ModelSpec:
    args = dict(site=rectangle(0, 0, 100, 60), buildings=[building_a(), building_b()],
                greens=[GreenSpec("绿地", rectangle(0, 40, 100, 60))],
                site_psets={SITE_PSET: {"地块编号": "BZ-13-10"}})
    args.update(kw)
    return ModelSpec(**args)


def write(tmp_path, spec: ModelSpec, name: str = "model.ifc"):
    return write_model(spec, tmp_path / name)


def edited(tmp_path, change, spec: ModelSpec | None = None, name: str = "edited.ifc"):
    """A model built from ``spec`` (the standard one), changed in place by ``change``, written."""
    from zoning_rules.ifc.build import build_model

    model = build_model(spec or standard())
    change(model)
    path = tmp_path / name
    model.write(str(path))
    return path


def passing(**kw) -> ModelSpec:
    """BZ-13-10 as 吕政函〔2021〕2号 approves it (≈ 71 亩, FAR ≤ 2.4, density ≤ 30 %, green ≥ 35 %,
    height ≤ 50 m, 商住用地 RB): a 200 × 236.675 m site (47 335 m²), four 40 × 30 m towers of
    15 storeys × 3 m with a 1.2 m parapet (46.2 m; 72 000 m²), green 200 × 90 m (18 000 m², 38.03 %)."""
    towers = [BuildingSpec(f"{i + 1}号楼", rectangle(x, y, x + 40, y + 30), [3.0] * 15, parapet=1.2)
              for i, (x, y) in enumerate([(20, 20), (120, 20), (20, 90), (120, 90)])]
    args = dict(site=rectangle(0, 0, 200, 236.675), buildings=towers,
                greens=[GreenSpec("集中绿地", rectangle(0, 140, 200, 230))],
                site_psets={SITE_PSET: {"地块编号": "BZ-13-10", "城市用地分类和使用": "RB"}})
    args.update(kw)
    return ModelSpec(**args)
