"""Hostile and damaged models: each ends in exit 2 with one stderr line naming the file and what is wrong,
in bounded time — never a crash of the geometry kernel (a cycle it follows), a silent partial read (a
file cut short whose trailer was kept), or a figure computed from points off the Earth.

Each runs the CLI in a child process: a segmentation fault there is a failed test, not a dead suite."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ifc_models import edited, standard, write

ROOT = Path(__file__).resolve().parents[1]


def refused(path: Path, *words: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(path), "--as-of", "2022-01-01"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert str(path) in lines[0]
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def test_a_placement_relative_to_itself_is_refused_instead_of_crashing_the_geometry_kernel(tmp_path):
    def loop(m):
        storey = m.by_type("IfcBuildingStorey")[0].ObjectPlacement
        site = m.by_type("IfcSite")[0].ObjectPlacement
        site.PlacementRelTo = storey  # storey → building → site → storey
    refused(edited(tmp_path, loop), "cycle", "PlacementRelTo")


def test_a_boolean_result_that_is_its_own_operand_is_refused(tmp_path):
    def loop(m):
        rep = m.by_type("IfcSlab")[0].Representation.Representations[0]
        solid = rep.Items[0]
        b = m.createIfcBooleanResult("DIFFERENCE", solid, solid)
        b.SecondOperand = b
        rep.Items = [b]
    refused(edited(tmp_path, loop), "cycle", "IfcBooleanResult")


def test_a_representation_that_maps_itself_is_refused(tmp_path):
    def loop(m):
        rep = m.by_type("IfcSlab")[0].Representation.Representations[0]
        origin = m.createIfcAxis2Placement3D(m.createIfcCartesianPoint((0.0, 0.0, 0.0)))
        source = m.createIfcRepresentationMap(origin, rep)
        op = m.createIfcCartesianTransformationOperator3D(None, None, m.createIfcCartesianPoint((0.0, 0.0, 0.0)))
        rep.Items = list(rep.Items) + [m.createIfcMappedItem(source, op)]
    refused(edited(tmp_path, loop), "cycle", "IfcMappedItem")


def test_a_decomposition_that_contains_itself_is_refused(tmp_path):
    import ifcopenshell.guid

    def loop(m):
        m.createIfcRelAggregates(ifcopenshell.guid.new(), None, "loop", None, m.by_type("IfcBuilding")[0],
                                 [m.by_type("IfcSite")[0]])
    refused(edited(tmp_path, loop), "cycle", "decomposition")


def test_a_placement_chain_deeper_than_the_bound_is_refused_before_the_kernel_recurses_down_it(tmp_path):
    from zoning_rules.ifc.integrity import MAX_DEPTH

    def deep(m):
        pl = m.by_type("IfcBuildingStorey")[0].ObjectPlacement
        prev = pl.PlacementRelTo
        for _ in range(MAX_DEPTH + 5):
            origin = m.createIfcAxis2Placement3D(m.createIfcCartesianPoint((0.0, 0.0, 0.0)))
            prev = m.createIfcLocalPlacement(prev, origin)
        pl.PlacementRelTo = prev
    refused(edited(tmp_path, deep), f"more than {MAX_DEPTH} deep")


def test_a_file_cut_short_whose_trailer_was_kept_is_refused_rather_than_read_in_part(tmp_path):
    p = write(tmp_path, standard())
    text = p.read_text(encoding="utf-8")
    p.write_text(text[: len(text) // 2] + "\nENDSEC;\nEND-ISO-10303-21;\n", encoding="utf-8")
    refused(p, "does not parse cleanly")


def test_a_reference_to_an_entity_that_is_not_there_is_refused(tmp_path):
    p = write(tmp_path, standard())
    text = p.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "=IFCWALL(" in x)
    wrong = line.rsplit(",#", 1)[0] + ",#99999999,$,$);" if line.count(",#") else None
    assert wrong is not None
    p.write_text(text.replace(line, wrong), encoding="utf-8")
    refused(p, "does not parse cleanly")


@pytest.mark.parametrize("coordinate", [1e12, 1e300])
def test_points_beyond_any_place_on_earth_are_refused_naming_the_element(tmp_path, coordinate):
    guid = {}

    def far(m):
        site = m.by_type("IfcSite")[0]
        guid["site"] = site.GlobalId
        site.ObjectPlacement.RelativePlacement.Location.Coordinates = (coordinate, coordinate, 0.0)
    refused(edited(tmp_path, far), guid["site"], "from the model's origin")


@pytest.mark.parametrize("factor", [0.0, -1.0, 1e300])
def test_a_length_unit_of_zero_negative_or_absurd_scale_is_refused(tmp_path, factor):
    def unit(m):
        si = next(u for u in m.by_type("IfcSIUnit") if u.UnitType == "LENGTHUNIT")
        measure = m.createIfcMeasureWithUnit(m.create_entity("IfcLengthMeasure", factor), si)
        dims = m.createIfcDimensionalExponents(1, 0, 0, 0, 0, 0, 0)
        odd = m.createIfcConversionBasedUnit(dims, "LENGTHUNIT", "odd", measure)
        ua = m.by_type("IfcUnitAssignment")[0]
        ua.Units = [u for u in ua.Units if u != si] + [odd]
    refused(edited(tmp_path, unit), "IfcProject.UnitsInContext", "length unit")


@pytest.mark.parametrize("schema", ["IFC5", "CIS2"])
def test_a_schema_other_than_ifc2x3_or_ifc4_is_refused(tmp_path, schema):
    p = write(tmp_path, standard())
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("FILE_SCHEMA(('IFC4'))", f"FILE_SCHEMA(('{schema}'))"), encoding="utf-8")
    refused(p, schema)


def test_an_entity_id_in_the_millions_is_refused_before_any_geometry(tmp_path):
    p = write(tmp_path, standard())
    text = p.read_text(encoding="utf-8")
    end = text.rindex("ENDSEC;")
    p.write_text(text[:end] + "#9000000=IFCCARTESIANPOINT((0.,0.,0.));\n" + text[end:], encoding="utf-8")
    refused(p, "entities")


def test_a_model_without_a_site_is_refused(tmp_path):
    p = write(tmp_path, standard())
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("=IFCSITE(", "=IFCBUILDINGELEMENTPROXY(", 1), encoding="utf-8")
    refused(p, "no IfcSite")


def test_a_declared_figure_out_of_range_names_the_model_element_and_property(tmp_path):
    from ifc_models import SITE_PSET

    p = write(tmp_path, standard(site_psets={SITE_PSET: {"地块编号": "BZ-13-10", "容积率": 2.5}}))
    text = p.read_text(encoding="utf-8")
    assert "IFCREAL(2.5)" in text
    p.write_text(text.replace("IFCREAL(2.5)", "IFCREAL(1.E300)"), encoding="utf-8")
    refused(p, "场地信息属性集.容积率", "out of range")


def test_a_plot_code_megabytes_long_is_refused_without_echoing_it(tmp_path):
    p = write(tmp_path, standard())
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("'BZ-13-10'", "'" + "X" * 1_000_000 + "'"), encoding="utf-8")
    line = refused(p, "1000000 characters")
    assert len(line) < 1000


def test_an_element_name_megabytes_long_is_cut_in_messages(tmp_path):
    def long_name(m):
        slab = m.by_type("IfcSlab")[0]
        slab.Name = "板" * 1_000_000
        slab.Representation.Representations[0].Items[0].Depth = 0.0  # so that an error names it
    line = refused(edited(tmp_path, long_name), "cannot be triangulated")
    assert len(line) < 1000 and "…" in line
