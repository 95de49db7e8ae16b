"""Nested outlines on a DXF building layer: an unlabelled one is a courtyard (a hole); one with its
own storey label is a building of its own — a tower drawn on its podium — never silently dropped;
an ambiguous one is an error naming the DXF handles and the layer."""
from __future__ import annotations

import pytest

from zoning_rules.geometry import GeometryError, compute, load_site_plan

ezdxf = pytest.importorskip("ezdxf", reason="ezdxf comes with the geo extra")


def drawing(tmp_path, outlines, texts, green=()):
    """A 200 m × 200 m site with a road along its south edge; ``outlines`` on 建筑轮廓."""
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (200, 0), (200, 200), (0, 200)], close=True, dxfattribs={"layer": "用地红线"})
    msp.add_line((-10, 0), (210, 0), dxfattribs={"layer": "道路红线"})
    handles = [msp.add_lwpolyline(pts, close=True, dxfattribs={"layer": "建筑轮廓"}).dxf.handle for pts in outlines]
    handles += [msp.add_lwpolyline(pts, close=True, dxfattribs={"layer": "绿地"}).dxf.handle for pts in green]
    for text, at in texts:
        msp.add_text(text, dxfattribs={"layer": "文字"}).set_placement(at)
    path = tmp_path / "plan.dxf"
    doc.saveas(path)
    return path, handles


def box(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


PODIUM = box(20, 20, 80, 60)  # 60 × 40 = 2 400 m²
TOWER = box(40, 30, 60, 50)  # 20 × 20 = 400 m², inside the podium


def test_a_labelled_tower_inside_its_podium_outline_is_a_building_of_its_own(tmp_path):
    path, (podium, tower) = drawing(tmp_path, [PODIUM, TOWER],
                                    [("S1# 3F 层高5.0m 商业", (22, 22)), ("T1# 30F 层高3.0m 住宅", (42, 32))])
    f = compute(load_site_plan(path))
    by_name = {b.building.name: b for b in f.buildings}
    assert set(by_name) == {"S1#", "T1#"}
    assert by_name["T1#"].building.ref == f"DXF handle {tower} on layer 建筑轮廓"
    assert by_name["S1#"].footprint_area == 2000 and by_name["T1#"].footprint_area == 400
    assert f.footprint_area == 2400  # the tower stands on the ground inside the podium's outline
    assert f.floor_area == 2000 * 3 + 400 * 30  # no floor counted twice
    assert f.height == 90 and f.setback == 20


def test_a_tower_flush_with_its_podiums_edge_is_cut_out_of_the_podium(tmp_path):
    flush = box(20, 30, 40, 50)  # shares the podium's west edge
    path, _ = drawing(tmp_path, [PODIUM, flush], [("3F", (70, 22)), ("30F", (22, 32))])
    f = compute(load_site_plan(path, storey_height=3))
    assert sorted(b.footprint_area for b in f.buildings) == [400, 2000]
    assert f.footprint_area == 2400 and f.floor_area == 2000 * 3 + 400 * 30


def test_an_unlabelled_nested_outline_is_still_a_courtyard(tmp_path):
    path, _ = drawing(tmp_path, [PODIUM, TOWER], [("3F", (22, 22)), ("庭院", (42, 32))])
    f = compute(load_site_plan(path, storey_height=3))
    assert len(f.buildings) == 1 and f.footprint_area == 2000 and f.floor_area == 6000


def test_a_label_without_storeys_inside_a_nested_outline_is_an_error_naming_both_handles(tmp_path):
    path, (podium, court) = drawing(tmp_path, [PODIUM, TOWER], [("3F", (22, 22)), ("T1# 住宅", (42, 32))])
    with pytest.raises(GeometryError) as err:
        load_site_plan(path, storey_height=3)
    text = str(err.value)
    assert f"DXF handle {court} on layer 建筑轮廓" in text and f"DXF handle {podium} on layer 建筑轮廓" in text
    assert "T1# 住宅" in text


def test_a_tower_that_cuts_its_podium_in_two_is_an_error_not_a_guess(tmp_path):
    across = box(40, 20, 60, 60)  # full depth of the podium
    path, (podium, tower) = drawing(tmp_path, [PODIUM, across], [("3F", (22, 22)), ("30F", (42, 32))])
    with pytest.raises(GeometryError, match=f"DXF handle {podium} on layer 建筑轮廓: .*DXF handle {tower}.*2 pieces"):
        load_site_plan(path, storey_height=3)


def test_a_podium_whose_only_label_is_its_towers_is_refused_by_name(tmp_path):
    path, (podium, _) = drawing(tmp_path, [PODIUM, TOWER], [("30F", (42, 32))])
    with pytest.raises(GeometryError, match=f"DXF handle {podium} on layer 建筑轮廓: no storey label"):
        load_site_plan(path, storey_height=3)


def test_a_soil_depth_label_in_a_hole_of_green_is_an_error_not_dropped(tmp_path):
    path, handles = drawing(tmp_path, [box(150, 150, 170, 170)], [("5F", (152, 152)), ("覆土1.5m", (42, 32))],
                            green=[PODIUM, TOWER])
    with pytest.raises(GeometryError, match=f"DXF handle {handles[2]} on layer 绿地.*覆土1.5m"):
        load_site_plan(path, storey_height=3)
