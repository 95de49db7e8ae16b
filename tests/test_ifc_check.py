"""``zoning-rules check model.ifc``: a model checked directly, through a design file, and bad models refused."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geometry_plans import near
from ifc_models import SITE_PSET, building_a, edited, passing, standard, write
from zoning_rules import check
from zoning_rules.errors import InputError
from zoning_rules.ifc.build import rectangle


def cli(*args):
    return subprocess.run([sys.executable, "-m", "zoning_rules.cli", *map(str, args)], capture_output=True,
                          text=True)


def by(report, indicator):
    return [f for f in report.findings if f.indicator == indicator]


def test_a_model_is_checked_directly_with_the_plot_code_and_land_use_from_its_site(tmp_path):
    path = write(tmp_path, passing())
    r = check(path, as_of="2022-01-01")
    assert r.plot == "BZ-13-10"
    assert r.status == "pass", [(f.indicator, f.status, f.message_en) for f in r.findings]
    assert near(r.computed["site_area"], 47335) and near(r.computed["floor_area"], 72000)
    assert r.computed["height"] == pytest.approx(46.2)
    assert by(r, "land_use")[0].status == "pass"
    assert by(r, "within_site")[0].status == "pass"


def test_the_cli_exit_code_follows_the_findings_and_the_json_carries_figures_and_guids(tmp_path):
    path = write(tmp_path, standard())
    out = cli("check", path, "--as-of", "2022-01-01", "--format", "json")
    assert out.returncode == 1, out.stderr  # green 33.33 % < 35 %
    report = json.loads(out.stdout)["reports"][0]
    assert report["computed"]["green_ratio"] == pytest.approx(1 / 3)
    ev = report["evidence"]
    assert ev["site_area"]["source_en"].startswith("model geometry")
    import ifcopenshell

    model = ifcopenshell.open(str(path))
    a = next(b for b in model.by_type("IfcBuilding") if b.Name == "A栋")
    parapets = {w.GlobalId for w in model.by_type("IfcWall") if w.Name.startswith("女儿墙")}
    assert ev["height"]["elements"][0] == a.GlobalId and ev["height"]["elements"][1] in parapets
    greens = {g.GlobalId for g in model.by_type("IfcGeographicElement")}
    assert set(ev["green_ratio"]["elements"]) == greens


def test_a_model_without_a_plot_code_exits_2_saying_where_it_looked(tmp_path):
    path = write(tmp_path, standard(site_psets={}))
    out = cli("check", path)
    assert out.returncode == 2
    assert "场地信息属性集.地块编号" in out.stderr and "Pset_" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_a_design_file_gives_what_the_model_lacks_and_takes_the_plot_from_the_model_when_it_gives_none(tmp_path):
    write(tmp_path, passing(site_psets={}), "bare.ifc")
    (tmp_path / "with-plot.yaml").write_text("plot: BZ-13-10\nland_use: RB\nsite_plan: bare.ifc\n", encoding="utf-8")
    r = check(tmp_path / "with-plot.yaml", as_of="2022-01-01")
    assert r.plot == "BZ-13-10" and r.status == "pass"
    write(tmp_path, passing(), "full.ifc")
    (tmp_path / "no-plot.yaml").write_text("site_plan: full.ifc\nname: 方案一\n", encoding="utf-8")
    r2 = check(tmp_path / "no-plot.yaml", as_of="2022-01-01")
    assert r2.plot == "BZ-13-10" and r2.status == "pass"


def test_a_building_outside_the_site_boundary_fails_as_on_a_site_plan(tmp_path):
    out_of_site = building_a(outline=rectangle(90, 10, 120, 30), parapet=None, rooftop=None)
    r = check(write(tmp_path, standard(buildings=[out_of_site])), as_of="2022-01-01")
    f = by(r, "within_site")[0]
    assert f.status == "fail" and near(f.actual, 400)  # 20 × 20 m beyond x = 100
    assert r.status == "fail"


def test_a_site_without_geometry_leaves_within_site_indeterminate_never_pass(tmp_path):
    spec = standard(site=None, site_quantities={"Qto_SiteBaseQuantities": {"GrossArea": 6000.0}})
    r = check(write(tmp_path, spec), as_of="2022-01-01")
    f = by(r, "within_site")[0]
    assert f.status == "indeterminate" and "GrossArea" in f.message_en
    assert any(w.reason == "ground_not_in_model" for w in r.findings)


# --- bad and hostile models: exit 2, one line, never a traceback, never a pass ----------------------

def _refused(path, *words):
    out = cli("check", path)
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    for w in words:
        assert w in out.stderr, out.stderr
    with pytest.raises(InputError):
        check(path)
    return out.stderr


def test_a_file_that_is_not_ifc_is_refused(tmp_path):
    p = tmp_path / "notes.ifc"
    p.write_text("plot: BZ-13-10\n", encoding="utf-8")
    _refused(p, "not an IFC file")


def test_a_truncated_model_is_refused(tmp_path):
    p = write(tmp_path, standard())
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    _refused(p, "truncated")


def test_a_model_whose_body_does_not_parse_is_refused(tmp_path):
    p = write(tmp_path, standard())
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("DATA;", "DATA;\n#999999=IFCWALL(,,,;;;garbage\n", 1), encoding="utf-8")
    _refused(p, "model.ifc")


def test_a_model_without_an_ifcsite_is_refused(tmp_path):
    import ifcopenshell.api.root

    def drop(m):
        ifcopenshell.api.root.remove_product(m, product=m.by_type("IfcSite")[0])
    _refused(edited(tmp_path, drop), "no IfcSite")


def test_a_model_without_a_building_is_refused(tmp_path):
    import ifcopenshell.api.root

    def drop(m):
        for b in m.by_type("IfcBuilding"):
            ifcopenshell.api.root.remove_product(m, product=b)
    _refused(edited(tmp_path, drop), "no IfcBuilding")


def test_a_model_without_a_length_unit_is_refused_rather_than_assumed(tmp_path):
    def drop(m):
        ua = m.by_type("IfcUnitAssignment")[0]
        ua.Units = [u for u in ua.Units if getattr(u, "UnitType", None) != "LENGTHUNIT"]
    _refused(edited(tmp_path, drop), "length unit")


def test_geometry_that_cannot_be_triangulated_names_the_element_guid(tmp_path):
    guid = {}

    def flatten(m):
        slab = m.by_type("IfcSlab")[0]
        guid["slab"] = slab.GlobalId
        slab.Representation.Representations[0].Items[0].Depth = 0.0
    p = edited(tmp_path, flatten)
    _refused(p, guid["slab"], "cannot be triangulated")


def test_a_model_larger_than_the_bound_is_refused_before_it_is_parsed(tmp_path):
    from zoning_rules.ifc.model_file import open_model

    p = write(tmp_path, standard())
    with pytest.raises(InputError, match="MiB"):
        open_model(p, max_bytes=1024)


def test_importing_zoning_rules_does_not_import_ifcopenshell():
    code = "import sys, zoning_rules; print('ifcopenshell' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_a_storey_plot_code_elsewhere_than_the_site_is_not_taken(tmp_path):
    """The plot code is read from the site's property set only: one on a building is not a plot code."""
    spec = standard(site_psets={}, buildings=[building_a(psets={SITE_PSET: {"地块编号": "BZ-13-10"}})])
    _refused(write(tmp_path, spec), "地块编号")
