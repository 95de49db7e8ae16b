"""``--format bcf``: failed and indeterminate findings go back to the BIM tool as BCF 2.1 topics.

The file is read back with IfcOpenShell's bcf-client (classes generated from the BCF XSDs, parsed
strictly: an unknown element or attribute is an error), not with the code that wrote it.
"""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from ifc_models import standard, write

bcf_v2 = pytest.importorskip("bcf.v2.model", reason="bcf-client comes with the test extra")


def strict_parse(data: bytes, cls):
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.parsers.config import ParserConfig

    config = ParserConfig(fail_on_unknown_properties=True, fail_on_unknown_attributes=True,
                          fail_on_converter_warnings=True)
    return XmlParser(config=config).from_bytes(data, cls)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bcf")
    model = write(tmp, standard())  # green 33.33 % < 35 %; land use not given (indeterminate)
    out = tmp / "issues.bcf"
    run = subprocess.run([sys.executable, "-m", "zoning_rules.cli", "check", str(model), "--as-of", "2022-01-01",
                          "--format", "bcf", "--output", str(out)], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    return model, out


def test_the_bcf_file_is_a_bcf_2_1_zip_that_a_bcf_library_reads(written):
    from bcf.v2.bcfxml import BcfXml

    _, out = written
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        version = strict_parse(z.read("bcf.version"), bcf_v2.Version)
        strict_parse(z.read("project.bcfp"), bcf_v2.ProjectExtension)
    assert version.version_id == "2.1"
    assert sum(n.endswith("/markup.bcf") for n in names) == 2
    with BcfXml.load(out) as bcf:
        assert len(bcf.topics) == 2


def test_one_topic_per_failed_or_indeterminate_finding_with_code_message_letter_and_clause(written):
    _, out = written
    with zipfile.ZipFile(out) as z:
        markups = [strict_parse(z.read(n), bcf_v2.Markup) for n in z.namelist() if n.endswith("/markup.bcf")]
    by_code = {m.topic.labels[0]: m for m in markups}
    assert set(by_code) == {"ZR-GREEN", "ZR-LANDUSE"}
    green = by_code["ZR-GREEN"].topic
    assert green.topic_type == "Error" and "fail" in green.labels and "BZ-13-10" in green.labels
    assert "绿地率 33.33%" in green.description and "≥35%" in green.description
    assert "吕政函〔2021〕2号 第二条" in green.description
    assert "green ratio 33.33%" in by_code["ZR-GREEN"].comment[0].comment  # the other language
    assert by_code["ZR-LANDUSE"].topic.topic_type == "Issue"
    assert by_code["ZR-GREEN"].header.file[0].filename == "model.ifc"


def test_each_topic_selects_the_elements_that_decided_it(written):
    import ifcopenshell

    model, out = written
    m = ifcopenshell.open(str(model))
    green_guids = {g.GlobalId for g in m.by_type("IfcGeographicElement")}
    site_guid = m.by_type("IfcSite")[0].GlobalId
    with zipfile.ZipFile(out) as z:
        topics = {}
        for n in z.namelist():
            if n.endswith("/markup.bcf"):
                markup = strict_parse(z.read(n), bcf_v2.Markup)
                vp = strict_parse(z.read(n.replace("markup.bcf", "viewpoint.bcfv")), bcf_v2.VisualizationInfo)
                assert markup.viewpoints[0].guid == vp.guid
                topics[markup.topic.labels[0]] = {c.ifc_guid for c in vp.components.selection.component}
    assert topics["ZR-GREEN"] == green_guids
    assert topics["ZR-LANDUSE"] == {site_guid}  # nothing in the model decided it: the site it is about


def test_the_tallest_building_and_its_parapet_decide_a_failing_height(tmp_path):
    import ifcopenshell

    from ifc_models import building_a
    from zoning_rules import check
    from zoning_rules.reporters.bcf import topics
    from zoning_rules.ifc.build import rectangle

    tall = building_a(storeys=[3.0] * 17, rooftop=None, outline=rectangle(10, 10, 25, 20))  # 51 + 1.2 m > 50 m
    model = write(tmp_path, standard(buildings=[tall]))
    r = check(model, as_of="2022-01-01")
    height = [t for t in topics(r) if t[1].indicator == "height"]
    assert len(height) == 1 and height[0][1].status == "fail"
    m = ifcopenshell.open(str(model))
    building = m.by_type("IfcBuilding")[0].GlobalId
    parapets = {w.GlobalId for w in m.by_type("IfcWall") if w.Name.startswith("女儿墙")}
    guids = height[0][2]
    assert guids[0] == building and guids[1] in parapets
