"""计容系数 zones (Wuhan's 建筑区域信息属性集 on IfcSpatialZone) and balconies (GB/T 50353-2013 3.0.21)
read from a model: each scales exactly the floor area it covers, is shown with its factor and area in
the evidence, and a factor that cannot be trusted stops the check with one error line.

Figures by hand from ``ifc_models``: building A is 30 × 20 = 600 m² per floor, storeys 3 + 3 + 2 m (the
2 m storey counts half), building B one 3 m storey of 600 m²: 2 100 m² counted without zones."""
from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifc_models import FLOOR_AREA, building_a, standard, write
from zoning_rules import check
from zoning_rules.geometry import compute
from zoning_rules.geometry.compute import floor_areas
from zoning_rules.geometry.model import Building, Level, LevelPart
from zoning_rules.geometry.policy import DEFAULT_GEOMETRY_POLICY, POLICIES
from zoning_rules.ifc.build import BalconySpec, SpaceSpec, ZoneSpec, rectangle
from zoning_rules.ifc.mapping import load_mapping
from zoning_rules.ifc.reader import read_model

ROOT = Path(__file__).resolve().parents[1]
ZONE = "建筑区域信息属性集"
A_FLOOR = rectangle(10, 10, 40, 30)  # building A's outline: 600 m²


def zoned(tmp_path, *zones: ZoneSpec, name="zoned.ifc", **kw):
    return write(tmp_path, standard(buildings=[building_a(zones=list(zones), **kw), *standard().buildings[1:]]), name)


def refused(path: Path, *words: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(path), "--as-of", "2022-01-01"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 2, out.stderr
    lines = [x for x in out.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    for w in (str(path), *words):
        assert w in lines[0], lines[0]
    return lines[0]


# --- the arithmetic, without a model ----------------------------------------------------------------

@settings(max_examples=200)
@given(area=st.fractions(min_value=1, max_value=10**6, max_denominator=1000),
       share=st.fractions(min_value=0, max_value=1, max_denominator=100),
       k=st.fractions(min_value=0, max_value=3, max_denominator=100),
       height=st.sampled_from([Fraction(2), Fraction(3), Fraction(6)]))
def test_a_zone_of_factor_k_scales_the_counted_area_it_covers_by_exactly_k(area, share, k, height):
    from shapely.geometry import box

    covered = area * share
    plain = Building("b", box(0, 0, 1, 1), (Level(height, area),))
    zoned_ = Building("b", box(0, 0, 1, 1), (Level(height, area, (LevelPart(covered, far_factor=k),)),))
    for policy in (DEFAULT_GEOMETRY_POLICY, POLICIES["tall-storeys-2x3x"]):
        g0, c0 = floor_areas(plain, Fraction(1), policy)
        g1, c1 = floor_areas(zoned_, Fraction(1), policy)
        base = Fraction(1) if height >= policy.full_height else policy.low_storey_factor
        assert g1 == g0  # a zone changes what counts toward FAR, not the 建筑面积
        assert c1 == c0 - covered * policy.storey_factor(height, None) + covered * base * k


def test_a_balcony_outside_the_main_structure_counts_half_and_one_not_marked_carries_the_other_half_as_precision():
    from shapely.geometry import box

    from zoning_rules.geometry.compute import floor_area_bands

    lv = Level(Fraction(3), Fraction(620), (LevelPart(Fraction(10), gross_factor=Fraction(1, 2)),
                                           LevelPart(Fraction(10), gross_factor=Fraction(1, 2),
                                                     gross_upper=Fraction(1))))
    b = Building("b", box(0, 0, 1, 1), (lv,))
    assert floor_areas(b, Fraction(600), DEFAULT_GEOMETRY_POLICY) == (Fraction(610), Fraction(610))
    assert floor_area_bands(b, Fraction(0), DEFAULT_GEOMETRY_POLICY) == (Fraction(5), Fraction(5))


# --- zones read from a model ------------------------------------------------------------------------

@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(k=st.decimals(min_value=0, max_value=3, places=2))
def test_a_zone_over_a_whole_floor_scales_that_floor_by_its_factor_exactly_in_a_model(tmp_path, k):
    path = zoned(tmp_path, ZoneSpec("分区", A_FLOOR, 0, psets={ZONE: {"计容系数": float(k)}}), name=f"k{k}.ifc")
    figs = compute(read_model(path))
    assert figs.floor_area == FLOOR_AREA - 600 + 600 * Fraction(Decimal(repr(float(k))))


def test_a_refuge_floor_of_factor_0_is_left_out_and_the_evidence_names_zone_factor_and_area(tmp_path):
    path = zoned(tmp_path, ZoneSpec("避难层", A_FLOOR, 1, psets={ZONE: {"计容系数": 0.0}}))
    r = check(path, as_of="2022-01-01")
    assert r.computed["floor_area"] == FLOOR_AREA - 600
    import ifcopenshell

    zone = ifcopenshell.open(str(path)).by_type("IfcSpatialZone")[0]
    ev = r.evidence["far"]
    assert zone.GlobalId in ev.elements
    assert "避难层" in ev.source_zh and "计容系数 = 0.0" in ev.source_zh and "600.00 m²" in ev.source_zh
    assert "zones and balconies" in ev.source_en


def test_a_tall_commercial_zone_of_factor_2_counts_its_area_twice_and_only_the_area_it_covers(tmp_path):
    half = rectangle(10, 10, 25, 30)  # 300 m² of the 600 m² ground floor
    path = zoned(tmp_path, ZoneSpec("商业", half, 0, psets={ZONE: {"计容系数": 2.0}}))
    assert compute(read_model(path)).floor_area == FLOOR_AREA + 300


def test_a_zone_spanning_two_storeys_applies_to_both_even_when_referenced_in_neither(tmp_path):
    path = zoned(tmp_path, ZoneSpec("架空", A_FLOOR, 0, span=2, referenced=False, psets={ZONE: {"计容系数": 0.5}}))
    assert compute(read_model(path)).floor_area == FLOOR_AREA - 600


def test_a_zone_on_a_storey_under_2_2_m_halves_the_area_as_gb_t_50353_counts_it(tmp_path):
    path = zoned(tmp_path, ZoneSpec("设备层", A_FLOOR, 2, psets={ZONE: {"计容系数": 2.0}}))
    assert compute(read_model(path)).floor_area == FLOOR_AREA + 300  # 300 m² counted twice


def test_zones_of_one_factor_may_overlap_but_of_different_factors_are_refused(tmp_path):
    same = zoned(tmp_path, ZoneSpec("一", rectangle(10, 10, 30, 30), 0, psets={ZONE: {"计容系数": 0.0}}),
                 ZoneSpec("二", rectangle(20, 10, 40, 30), 0, psets={ZONE: {"计容系数": 0.0}}), name="same.ifc")
    assert compute(read_model(same)).floor_area == FLOOR_AREA - 600
    other = zoned(tmp_path, ZoneSpec("一", rectangle(10, 10, 30, 30), 0, psets={ZONE: {"计容系数": 0.0}}),
                  ZoneSpec("二", rectangle(20, 10, 40, 30), 0, psets={ZONE: {"计容系数": 2.0}}), name="other.ifc")
    refused(other, "overlap", "计容系数")


@pytest.mark.parametrize("value, why", [
    (-0.5, "negative"), (3.5, "above 3"), ("abc", "not a number"), ("NaN", "not a number"),
    ("inf", "not a number"), (True, "not a number"),
])
def test_a_factor_that_is_unreadable_negative_or_absurd_stops_the_check_with_one_line(tmp_path, value, why):
    path = zoned(tmp_path, ZoneSpec("分区", A_FLOOR, 0, psets={ZONE: {"计容系数": value}}))
    refused(path, "建筑区域信息属性集.计容系数", why)


def test_a_factor_written_as_text_or_a_percentage_is_read_exactly(tmp_path):
    path = zoned(tmp_path, ZoneSpec("分区", A_FLOOR, 0, psets={ZONE: {"计容系数": "50%"}}))
    assert compute(read_model(path)).floor_area == FLOOR_AREA - 300


def test_a_city_may_allow_a_larger_factor_through_its_mapping(tmp_path):
    path = zoned(tmp_path, ZoneSpec("分区", A_FLOOR, 0, psets={ZONE: {"计容系数": 4.0}}))
    m = tmp_path / "city.yaml"
    m.write_text("zone:\n  max_factor: 4\n", encoding="utf-8")
    assert compute(read_model(path, mapping=load_mapping(m))).floor_area == FLOOR_AREA + 3 * 600


def test_a_zone_with_a_factor_but_no_body_is_refused(tmp_path):
    import ifcopenshell.api.root

    from zoning_rules.ifc.build import build_model

    model = build_model(standard())
    zone = ifcopenshell.api.root.create_entity(model, ifc_class="IfcSpatialZone", name="无形")
    import ifcopenshell.api.pset

    pset = ifcopenshell.api.pset.add_pset(model, product=zone, name=ZONE)
    ifcopenshell.api.pset.edit_pset(model, pset=pset, properties={"计容系数": 0.0})
    p = tmp_path / "bodiless.ifc"
    model.write(str(p))
    refused(p, zone.GlobalId, "no body")


def test_a_zone_that_covers_no_floor_is_a_warning_not_silently_ignored(tmp_path):
    path = zoned(tmp_path, ZoneSpec("场外", rectangle(85, 45, 95, 55), 0, psets={ZONE: {"计容系数": 0.0}}))
    r = check(path, as_of="2022-01-01")
    assert r.computed["floor_area"] == FLOOR_AREA
    warned = [f for f in r.findings if "场外" in f.message_zh]
    assert warned and warned[0].status == "warn"


def test_a_zone_without_a_factor_is_just_a_zone(tmp_path):
    path = zoned(tmp_path, ZoneSpec("防火分区", A_FLOOR, 0, psets={"其他": {"耐火等级": "一级"}}))
    assert compute(read_model(path)).floor_area == FLOOR_AREA


# --- balconies ---------------------------------------------------------------------------------------

BALCONY = rectangle(15, 8, 20, 10)  # 10 m² projecting from A's south wall


def balconied(tmp_path, *balconies: BalconySpec, spaces=()):
    return write(tmp_path, standard(buildings=[building_a(balconies=list(balconies), spaces=list(spaces)),
                                               *standard().buildings[1:]]), "balconies.ifc")


@pytest.mark.parametrize("object_type, counted", [("凸阳台", 5), ("挑阳台", 5), ("凹阳台", 10), ("内阳台", 10)])
def test_a_balcony_marked_inside_or_outside_the_main_structure_counts_in_full_or_half(tmp_path, object_type,
                                                                                      counted):
    figs = compute(read_model(balconied(tmp_path, BalconySpec(BALCONY, 1, object_type=object_type))))
    assert figs.floor_area == FLOOR_AREA + counted
    assert figs.bands["floor_area"] == 0


def test_a_balcony_not_marked_counts_half_with_the_other_half_as_precision_so_a_limit_there_is_indeterminate(
        tmp_path):
    from zoning_rules import load_rulebook

    spec = standard(buildings=[building_a(balconies=[BalconySpec(BALCONY, 1)]), *standard().buildings[1:]],
                    site_psets={"场地信息属性集": {"地块编号": "ZZ-01"}})
    path = write(tmp_path, spec, "unmarked.ifc")
    figs = compute(read_model(path))
    assert figs.floor_area == FLOOR_AREA + 5 and figs.bands["floor_area"] == 5
    # FAR ≤ 0.351 allows 2 106 m²: half the balcony (2 105 m²) passes, all of it (2 110 m²) fails
    layer = tmp_path / "far.yaml"
    layer.write_text('sources:\n  "X〔2023〕1号": {date: 2023-01-01}\nplots:\n  ZZ-01:\n    approvals:\n'
                     '      - source: "X〔2023〕1号"\n        limits:\n          far: {max: 0.351}\n', encoding="utf-8")
    r = check(path, load_rulebook(layer), as_of="2023-06-01")
    far = next(f for f in r.findings if f.indicator == "far")
    assert far.status == "indeterminate", far.message_en
    assert "未标明凹/凸" in r.evidence["floor_area"].source_zh
    marked = write(tmp_path, standard(buildings=[building_a(balconies=[BalconySpec(BALCONY, 1, object_type="凸阳台")]),
                                                 *standard().buildings[1:]],
                                      site_psets={"场地信息属性集": {"地块编号": "ZZ-01"}}), "marked.ifc")
    r2 = check(marked, load_rulebook(layer), as_of="2023-06-01")
    assert next(f for f in r2.findings if f.indicator == "far").status == "pass"


def test_a_balcony_drawn_as_a_space_named_balcony_counts_half_of_the_floor_it_lies_on(tmp_path):
    inside_floor = rectangle(10, 10, 15, 12)  # a 10 m² balcony space on the floor slab
    path = balconied(tmp_path, spaces=[SpaceSpec("阳台", inside_floor, 1, object_type="凸阳台")])
    assert compute(read_model(path)).floor_area == FLOOR_AREA - 5


def test_a_balcony_drawn_both_as_slab_and_as_space_is_counted_once(tmp_path):
    path = balconied(tmp_path, BalconySpec(BALCONY, 1, object_type="凸阳台"),
                     spaces=[SpaceSpec("阳台", BALCONY, 1)])
    assert compute(read_model(path)).floor_area == FLOOR_AREA + 5


# --- zones as groups of spaces (IFC2X3's IfcZone) and on spaces ---------------------------------------

@pytest.mark.parametrize("schema", ["IFC2X3", "IFC4"])
def test_an_ifczone_group_counts_the_spaces_assigned_to_it_by_its_factor(tmp_path, schema):
    import ifcopenshell.guid

    from zoning_rules.ifc.build import build_model

    spec = standard(schema=schema, buildings=[building_a(spaces=[SpaceSpec("商铺", rectangle(10, 10, 25, 30), 0)]),
                                              *standard().buildings[1:]])
    model = build_model(spec)
    owner = (model.by_type("IfcOwnerHistory") or [None])[0]  # IFC2X3 requires one on rooted entities

    def rooted(cls, **kw):
        return model.create_entity(cls, GlobalId=ifcopenshell.guid.new(), OwnerHistory=owner, **kw)

    zone = rooted("IfcZone", Name="高大商业")
    rooted("IfcRelAssignsToGroup", RelatedObjects=model.by_type("IfcSpace"), RelatingGroup=zone)
    factor = model.create_entity("IfcPropertySingleValue", Name="计容系数",
                                 NominalValue=model.create_entity("IfcReal", 2.0))
    pset = rooted("IfcPropertySet", Name=ZONE, HasProperties=[factor])
    rooted("IfcRelDefinesByProperties", RelatedObjects=[zone], RelatingPropertyDefinition=pset)
    p = tmp_path / f"group-{schema}.ifc"
    model.write(str(p))
    plan = read_model(p)
    assert compute(plan).floor_area == FLOOR_AREA + 300  # the 300 m² shop counted twice
    assert [z.guid for z in plan.zones] == [zone.GlobalId]


def test_a_factor_put_on_a_space_applies_to_the_space(tmp_path):
    path = write(tmp_path, standard(buildings=[building_a(spaces=[
        SpaceSpec("架空层", rectangle(10, 10, 25, 30), 0, psets={ZONE: {"计容系数": 0.0}})]), *standard().buildings[1:]]),
        "space.ifc")
    assert compute(read_model(path)).floor_area == FLOOR_AREA - 300


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(min_value=1, max_value=4), width=st.integers(min_value=1, max_value=10))
def test_a_projecting_balcony_adds_exactly_half_its_area_whatever_its_size(tmp_path, depth, width):
    outline = rectangle(15, 10 - depth, 15 + width, 10)
    path = write(tmp_path, standard(buildings=[building_a(balconies=[BalconySpec(outline, 1, object_type="凸阳台")]),
                                               *standard().buildings[1:]]), f"b{depth}x{width}.ifc")
    figs = compute(read_model(path))
    assert figs.floor_area == FLOOR_AREA + Fraction(depth * width, 2)
    assert figs.bands["floor_area"] == 0
