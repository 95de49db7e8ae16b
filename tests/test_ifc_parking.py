"""Parking spaces counted in a model (IfcSpace with 停车位信息属性集, or of type PARKING): the count is the
design's 停车泊位, a declared figure that differs is a warning naming both, and a count property that is
not a count stops the check with one error line.

BF-06-05 (吕政函〔2021〕…) requires 停车泊位≥58个."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ifc_models import building_a, building_b, standard, write
from zoning_rules import check
from zoning_rules.ifc.build import SpaceSpec, rectangle
from zoning_rules.ifc.reader import read_model

ROOT = Path(__file__).resolve().parents[1]
PARKING = "停车位信息属性集"
BF = {"场地信息属性集": {"地块编号": "BF-06-05"}}


def bay(i: int, storey: int = 0, **props) -> SpaceSpec:
    return SpaceSpec(f"车位{i}", rectangle(11 + 2.5 * i, 11, 13 + 2.5 * i, 16), storey, psets={PARKING: props})


def model(tmp_path, a_spaces=(), b_spaces=(), name="parking.ifc", **kw):
    spec = standard(buildings=[building_a(spaces=list(a_spaces)), building_b(spaces=list(b_spaces))], **kw)
    return write(tmp_path, spec, name)


def parking(report):
    return next(f for f in report.findings if f.indicator == "parking_spaces")


def test_spaces_above_and_below_ground_are_counted_non_motor_ones_left_out_and_a_stacker_counts_its_cars(tmp_path):
    a = [bay(i, 停车位类型="机动车") for i in range(3)] + [bay(5, 停车位类型="非机动车")]
    b = [SpaceSpec("机械车位", rectangle(51, 11, 55, 16), -1, predefined="PARKING", psets={PARKING: {"停车位数量": 4}}),
         SpaceSpec("地下车位", rectangle(56, 11, 58, 16), -1, predefined="PARKING")]
    plan = read_model(model(tmp_path, a, b))
    assert plan.parking.count == 3 + 4 + 1
    assert len(plan.parking.spaces) == 5 and len(plan.parking.left_out) == 1


def test_the_count_decides_against_the_letters_minimum_and_the_evidence_names_the_spaces(tmp_path):
    short = model(tmp_path, [bay(0, 停车位数量=57)], site_psets=BF, name="short.ifc")
    r = check(short, as_of="2022-01-01")
    assert r.computed["parking_spaces"] == 57 and parking(r).status == "fail"
    assert "IfcSpace" in r.evidence["parking_spaces"].source_zh and len(r.evidence["parking_spaces"].elements) == 1
    enough = model(tmp_path, [bay(0, 停车位数量=57), bay(1)], site_psets=BF, name="enough.ifc")
    assert parking(check(enough, as_of="2022-01-01")).status == "pass"


def test_a_declared_count_that_differs_is_a_warning_naming_both_and_the_model_count_decides(tmp_path):
    model(tmp_path, [bay(0, 停车位数量=57)], site_psets=BF, name="m.ifc")
    design = tmp_path / "design.yaml"
    design.write_text("site_plan: m.ifc\nparking_spaces: 60\n", encoding="utf-8")
    r = check(design, as_of="2022-01-01")
    assert parking(r).status == "fail"
    warn = [f for f in r.findings if f.indicator == "declared" and "parking_spaces" in f.fields]
    assert warn and warn[0].status == "warn" and "60" in warn[0].message_zh and "57" in warn[0].message_zh
    design.write_text("site_plan: m.ifc\nparking_spaces: 57\n", encoding="utf-8")
    r2 = check(design, as_of="2022-01-01")
    assert not [f for f in r2.findings if f.indicator == "declared" and "parking_spaces" in f.fields]


def test_a_model_without_parking_spaces_leaves_the_designs_figure_or_an_indeterminate_finding(tmp_path):
    model(tmp_path, site_psets=BF, name="m.ifc")
    assert read_model(tmp_path / "m.ifc").parking is None
    assert parking(check(tmp_path / "m.ifc", as_of="2022-01-01")).status == "indeterminate"
    design = tmp_path / "design.yaml"
    design.write_text("site_plan: m.ifc\nparking_spaces: 60\n", encoding="utf-8")
    assert parking(check(design, as_of="2022-01-01")).status == "pass"


@pytest.mark.parametrize("value", [-1, 2.5, "许多", 5000])
def test_a_count_property_that_is_not_a_count_stops_the_check_with_one_line(tmp_path, value):
    path = model(tmp_path, [bay(0, 停车位数量=value)])
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(path)], capture_output=True,
                         text=True, timeout=120, env=env)
    assert out.returncode == 2
    lines = [x for x in out.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and "停车位数量" in lines[0] and "whole number" in lines[0]
