"""Indicators computed from a model's geometry match the figures worked out by hand."""
from __future__ import annotations

from fractions import Fraction

from ifc_models import (FLOOR_AREA, FOOTPRINT, GREEN, HEIGHT, SITE_AREA, building_a, building_b, standard,
                        write)
from geometry_plans import near
from zoning_rules.geometry import compute
from zoning_rules.ifc import read_model
from zoning_rules.ifc.build import rectangle


def figures(tmp_path, spec, name="model.ifc"):
    plan = read_model(write(tmp_path, spec, name))
    return plan, compute(plan)


def by_name(figs, name):
    return next(b for b in figs.buildings if b.building.name == name)


def test_storeys_of_extruded_slabs_give_the_hand_computed_areas_and_ratios(tmp_path):
    plan, figs = figures(tmp_path, standard())
    assert near(figs.site_area, SITE_AREA)
    assert near(figs.footprint_area, FOOTPRINT)
    assert near(figs.floor_area, FLOOR_AREA)
    assert near(figs.green_area, GREEN)
    assert near(figs.far, Fraction(2100, 6000))
    assert near(figs.building_density, Fraction(1, 5))
    assert plan.site_area_source == "geometry"


def test_a_storey_under_2_2_m_counts_half_and_storey_heights_come_from_elevations(tmp_path):
    _, figs = figures(tmp_path, standard())
    a = by_name(figs, "A栋")
    assert [lv.height for lv in a.building.levels] == [3, 3, 2]
    assert all(near(lv.area, 600) for lv in a.building.levels)
    assert near(a.floor_area, 600 + 600 + 300)


def test_the_parapet_top_decides_a_flat_roofs_height_and_a_small_stair_room_is_left_out(tmp_path):
    plan, figs = figures(tmp_path, standard())
    a = by_name(figs, "A栋")
    assert a.height == HEIGHT and a.height_basis == "parapet top"
    assert near(a.building.rooftop_structures_area, 16)  # 16 m² ≤ 600 / 4: left out
    assert figs.height == HEIGHT
    fact = next(f for f in plan.facts if f.name == "A栋")
    assert fact.height_element is not None and fact.height_element in fact.elements


def test_a_larger_rooftop_structure_counts_toward_the_height(tmp_path):
    big = building_a(rooftop=(rectangle(10, 10, 25, 30), 3.0))  # 300 m² > 600 / 4
    _, figs = figures(tmp_path, standard(buildings=[big]))
    a = by_name(figs, "A栋")
    assert a.height == 11 and "rooftop" in a.height_basis


def test_a_pitched_roof_counts_the_mean_of_eave_and_ridge_and_basements_are_not_above_ground(tmp_path):
    _, figs = figures(tmp_path, standard())
    b = by_name(figs, "B栋")
    assert b.building.roof == "pitched"
    assert (b.building.eave, b.building.ridge) == (3, 7)
    assert b.height == 5
    assert b.building.basement_storeys == 1
    assert near(b.floor_area, 600)


def test_heights_are_measured_from_the_outdoor_ground_below_the_ground_floor(tmp_path):
    _, figs = figures(tmp_path, standard(ground=-0.45))
    assert by_name(figs, "A栋").height == HEIGHT + Fraction(45, 100)


def test_two_buildings_overlapping_in_plan_union_their_footprints_and_add_their_floors(tmp_path):
    one = building_a(outline=rectangle(0, 0, 30, 20), storeys=[3.0], parapet=None, rooftop=None)
    two = building_b(outline=rectangle(20, 0, 50, 20), pitched=None, basements=[])
    _, figs = figures(tmp_path, standard(buildings=[one, two], greens=[]))
    assert near(figs.footprint_area, 1000)  # 30×20 + 30×20 − 10×20
    assert near(figs.footprint_sum, 1200)
    assert near(figs.floor_area, 1200)


def test_a_roof_level_storey_holding_only_the_roof_and_parapets_is_not_a_floor(tmp_path):
    _, figs = figures(tmp_path, standard(buildings=[building_a(roof_storey=True)]))
    a = by_name(figs, "A栋")
    assert len(a.building.levels) == 3 and near(a.floor_area, 1500) and a.height == HEIGHT


def test_a_model_in_millimetres_gives_the_same_figures_as_one_in_metres(tmp_path):
    _, m = figures(tmp_path, standard(unit="m"), "m.ifc")
    _, mm = figures(tmp_path, standard(unit="mm"), "mm.ifc")
    assert m.indicators() == mm.indicators()
    assert near(mm.floor_area, FLOOR_AREA) and mm.height == HEIGHT


def test_an_ifc2x3_model_gives_the_same_figures_as_ifc4(tmp_path):
    plan, old = figures(tmp_path, standard(schema="IFC2X3", unit="mm"), "2x3.ifc")
    _, new = figures(tmp_path, standard(), "4.ifc")
    assert plan.schema == "IFC2X3"
    assert old.indicators() == new.indicators()
    assert by_name(old, "A栋").height_basis == "parapet top"  # parapet named 女儿墙: IFC2X3 has no PARAPET type


def test_a_site_without_a_body_takes_its_area_from_the_quantity_set_and_says_so(tmp_path):
    from zoning_rules.geometry import load_figures
    from zoning_rules.design import load_design

    spec = standard(site=None, site_quantities={"Qto_SiteBaseQuantities": {"GrossArea": 7000.0}})
    path = write(tmp_path, spec)
    plan = read_model(path)
    assert plan.site_area_source == "Qto_SiteBaseQuantities.GrossArea"
    assert plan.ground_source == "project"
    figs = load_figures(load_design(path))
    assert figs.site_area == 7000  # the quantity, exactly
    assert near(figs.far, Fraction(2100, 7000))
