"""Indicators of shapes whose answers are worked out by hand (local metres)."""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from geometry_plans import building, figures, line, near, point, poly, rect, site
from zoning_rules.geometry import GeometryError
from zoning_rules.geometry.policy import DEFAULT_GEOMETRY_POLICY, POLICIES

F = Fraction


def test_a_rectangle_on_a_rectangle_gives_site_footprint_floor_area_far_and_density():
    f = figures(site(0, 0, 100, 50), building(rect(10, 10, 30, 20), storeys=5, storey_height=3))
    assert (f.site_area, f.footprint_area, f.floor_area) == (5000, 200, 1000)
    assert f.far == F(1, 5) and f.building_density == F(1, 25)
    assert f.height == 15  # flat roof without parapet: the roof, 5 × 3 m


def test_the_parapet_top_is_the_height_of_a_flat_roof():
    f = figures(site(), building(rect(10, 10, 30, 20), storeys=5, storey_height=3, parapet="16.2 m"))
    assert f.height == F("16.2")


def test_an_l_shaped_footprint_is_thirty_by_ten_plus_ten_by_twenty():
    ring = [[0, 0], [30, 0], [30, 10], [10, 10], [10, 30], [0, 30], [0, 0]]
    f = figures(site(-10, -10, 60, 60), building(ring, storeys=2))
    assert f.footprint_area == 500 and f.floor_area == 1000


def test_a_courtyard_is_left_out_of_the_footprint_and_every_storey():
    b = poly(rect(0, 0, 30, 30), "building", holes=[rect(10, 10, 20, 20)], storeys=3, storey_height=3)
    f = figures(site(-10, -10, 60, 60), b)
    assert f.footprint_area == 800 and f.floor_area == 2400


def test_overlapping_footprints_count_once_for_density_but_each_building_keeps_its_floors():
    f = figures(site(), building(rect(10, 10, 20, 20)), building(rect(15, 10, 25, 20)))
    assert f.footprint_area == 150 and f.footprint_sum == 200
    assert f.floor_area == 200


def test_a_storey_lower_than_2_2_m_counts_half_and_one_of_exactly_2_2_m_in_full():
    levels = [{"height": "3.0 m"}, {"height": "2.0 m"}, {"height": "2.2 m"}]
    f = figures(site(), poly(rect(0, 0, 10, 10), "building", levels=levels))
    assert f.floor_area == 100 + 50 + 100
    assert f.height == F("7.2")


def test_a_level_may_have_its_own_area():
    levels = [{"height": 4.5, "area": 150}, {"height": 3}]
    f = figures(site(), poly(rect(0, 0, 10, 10), "building", levels=levels))
    assert f.floor_area == 250


def test_basements_are_left_out_of_the_floor_area_unless_the_policy_counts_them():
    b = building(rect(0, 0, 10, 10), storeys=2, basement_storeys=2)
    assert figures(site(), b).floor_area == 200
    counting = replace(DEFAULT_GEOMETRY_POLICY, count_basements=True)
    assert figures(site(), b, policy=counting).floor_area == 400


def test_tall_storeys_count_twice_only_under_the_named_alternative_policy():
    b = building(rect(0, 0, 10, 10), storeys=2, storey_height="5.0", use="住宅")
    assert figures(site(), b).floor_area == 200
    assert figures(site(), b, policy=POLICIES["tall-storeys-2x3x"]).floor_area == 400
    assert figures(site(), b, policy=POLICIES["tall-storeys-1.5x"]).floor_area == 300
    office = building(rect(0, 0, 10, 10), storeys=2, storey_height="5.0", use="办公")
    assert figures(site(), office, policy=POLICIES["tall-storeys-2x3x"]).floor_area == 200


def test_a_pitched_roof_is_measured_to_the_mean_of_eave_and_ridge():
    b = building(rect(0, 0, 10, 10), storeys=3, storey_height=3, roof="pitched", ridge=13)
    assert figures(site(), b).height == 11  # eave defaults to the roof, 9 m
    b = building(rect(0, 0, 10, 10), storeys=3, roof="pitched", eave="9.5", ridge="12.5")
    assert figures(site(), b).height == 11


def test_the_highest_roof_decides_the_height():
    f = figures(site(), building(rect(0, 0, 10, 10), storeys=10),
                building(rect(20, 0, 30, 10), storeys=3, roof="pitched", ridge=60))
    assert f.height == F(9 + 60, 2)  # 34.5 m over the flat roof at 30 m


def test_rooftop_structures_within_a_quarter_of_the_roof_are_left_out_and_larger_ones_count():
    base = dict(storeys=5, storey_height=3, parapet="16.2")
    small = building(rect(0, 0, 20, 10), rooftop_structures_area=50, rooftop_structures_height=19, **base)
    assert figures(site(), small).height == F("16.2")
    large = building(rect(0, 0, 20, 10), rooftop_structures_area=51, rooftop_structures_height=19, **base)
    assert figures(site(), large).height == 19
    unknown = building(rect(0, 0, 20, 10), rooftop_structures_area=51, **base)
    with pytest.raises(GeometryError, match="rooftop_structures_height"):
        figures(site(), unknown)


def test_green_along_a_wall_loses_a_one_metre_strip_and_concentrated_green_one_and_a_half():
    b = building(rect(10, 10, 30, 20))
    ground = poly(rect(10, 5, 30, 10), "green", kind="ground")  # 20 × 5 along the south wall
    assert figures(site(), b, ground).green_area == pytest.approx(100 - 20, abs=1e-9)
    conc = poly(rect(10, 5, 30, 10), "green", kind="concentrated")
    assert figures(site(), b, conc).green_area == pytest.approx(100 - 30, abs=1e-9)


def test_the_strip_follows_the_corner_as_a_quarter_circle():
    b = building(rect(10, 10, 30, 20))
    corner = poly(rect(30, 5, 35, 10), "green")  # touches the building only at its corner (30, 10)
    f = figures(site(), b, corner)
    import math

    assert f.green_area == pytest.approx(25 - math.pi / 4, abs=1e-3)


def test_green_under_a_building_or_outside_the_site_never_counts():
    b = building(rect(10, 10, 30, 20))
    under = poly(rect(10, 10, 30, 20), "green")
    assert figures(site(), b, under).green_area == 0
    outside = poly(rect(-10, 30, 10, 40), "green")  # half outside the site's west edge
    f = figures(site(), b, outside)
    assert f.green_area == 100 and f.green_drawn_area == 100


def test_roof_green_counts_over_a_basement_only_with_enough_soil():
    b = building(rect(10, 10, 30, 20))
    thin = poly(rect(50, 10, 70, 20), "green", kind="roof_over_basement", soil_depth="1.2 m")
    deep = poly(rect(50, 10, 70, 20), "green", kind="roof_over_basement", soil_depth="1.5 m")
    assert figures(site(), b, thin).green_area == 0
    assert figures(site(), b, deep).green_area == 200


def test_overlapping_greens_count_once():
    b = building(rect(80, 40, 90, 45))
    f = figures(site(), b, poly(rect(0, 0, 20, 10), "green"), poly(rect(10, 0, 30, 10), "green"))
    assert f.green_area == 300


def test_the_setback_is_the_least_distance_from_any_footprint_to_any_road_red_line():
    f = figures(site(), building(rect(10, 6, 30, 20)), building(rect(40, 8, 60, 20)),
                line([[-10, 0], [110, 0]]), line([[100, -10], [100, 60]]))
    assert f.setback == 6
    f = figures(site(), building(rect(10, 6, 30, 20)), poly(rect(-10, -20, 110, -2), "road"))
    assert f.setback == 8


def test_a_building_with_more_than_20000_square_metres_of_shops_is_large_commercial():
    big = building(rect(0, 0, 100, 45), storeys=5, storey_height="4.5", use="商业")  # 22 500 m²
    exactly = building(rect(0, 0, 100, 40), storeys=5, storey_height="4.5", use="商业")  # 20 000 m²
    homes = building(rect(0, 0, 100, 45), storeys=5, use="住宅")
    assert figures(site(-10, -10, 200, 100), big).large_commercial
    assert not figures(site(-10, -10, 200, 100), exactly).large_commercial
    assert not figures(site(-10, -10, 200, 100), homes).large_commercial


def test_an_entrance_faces_the_side_it_lies_on_seen_from_the_site_centre():
    b = building(rect(40, 20, 60, 30))
    f = figures(site(0, 0, 400, 100), b, point((350, 100)), point((0, 50)), point((200, 0)),
                point((400, 10)))
    assert [side for _, side in f.entrance_sides] == ["north", "west", "south", "east"]


def test_the_part_of_a_footprint_outside_the_site_is_measured():
    f = figures(site(), building(rect(90, 10, 110, 20)))
    (b,) = f.buildings
    assert b.outside_area == 100
    assert figures(site(), building(rect(80, 10, 100, 20))).buildings[0].outside_area == 0


def test_the_design_storey_height_fills_in_for_buildings_without_one():
    b = poly(rect(0, 0, 10, 10), "building", storeys=4)
    assert figures(site(), b, storey_height=F("2.9")).height == F("11.6")
    with pytest.raises(GeometryError, match="no storey height"):
        figures(site(), b)


def test_results_are_exact_fractions_of_the_float_geometry():
    f = figures(site(0, 0, 0.1, 0.3), building(rect(0, 0, 0.1, 0.1)))
    assert isinstance(f.site_area, Fraction) and near(f.site_area, F(3, 100), rel=1e-12)
