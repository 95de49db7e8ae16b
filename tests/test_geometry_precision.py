"""Values measured on a site plan carry its precision: within it of a limit they are indeterminate
(``within_geometric_precision``), outside it they are decided exactly; declared figures stay exact.

BZ-13-10's least setback is 10 m by design: 9.99993 m from the 9-decimal lon/lat GeoJSON and
10.0 m from the DXF.  Against a 10 m minimum neither may decide, and both must agree."""
from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from geometry_plans import building, fc, figures, line, poly, rect, site
from zoning_rules import check
from zoning_rules.rulebook import load_rulebook

PLANS = EXAMPLES / "site-plans"
SOURCE = 'sources:\n  "吕政函〔2022〕9号": {date: 2022-03-01}\n'


def amended(write, plot, limits):
    """The embedded rule book with one more letter amending ``plot``'s limits (in force 2022-03-01)."""
    rules = write("r.yaml", SOURCE + f"plots:\n  {plot}:\n    approvals:\n"
                                     f'      - source: "吕政函〔2022〕9号"\n        replaces: amends\n'
                                     f"        limits: {limits}\n")
    return load_rulebook(rules)


def finding(report, indicator):
    (f,) = [f for f in report.findings if f.indicator == indicator]
    return f


@pytest.fixture(params=["bz-13-10-geojson.yaml", "bz-13-10-dxf.yaml"])
def bz_13_10(request):
    pytest.importorskip("pyproj", reason="pyproj comes with the geo extra")
    pytest.importorskip("ezdxf", reason="ezdxf comes with the geo extra")
    return PLANS / request.param


def test_a_setback_of_10_m_measured_on_either_plan_is_indeterminate_against_a_10_m_minimum(bz_13_10, write):
    r = check(bz_13_10, amended(write, "BZ-13-10", "{setback: {min: 10 m}}"), "2022-06-01")
    s = finding(r, "setback")
    assert (s.status, s.reason) == ("indeterminate", "within_geometric_precision")
    assert abs(s.actual - 10) < Fraction(1, 10**4) and "±1.0 mm" in s.message_zh
    assert r.computed["setback_precision"] == Fraction(1, 1000)


@pytest.mark.parametrize("minimum, status", [("9.998 m", "pass"), ("10.002 m", "fail")])
def test_outside_the_plans_precision_the_setback_is_decided_exactly(bz_13_10, write, minimum, status):
    r = check(bz_13_10, amended(write, "BZ-13-10", f"{{setback: {{min: {minimum}}}}}"), "2022-06-01")
    assert finding(r, "setback").status == status


def test_a_declared_setback_has_no_precision_band(write):
    rules = amended(write, "BZ-13-10", "{setback: {min: 10 m}}")
    assert finding(check({"plot": "BZ-13-10", "setback": "10 m"}, rules, "2022-06-01"), "setback").status == "pass"
    assert finding(check({"plot": "BZ-13-10", "setback": "9.9999 m"}, rules, "2022-06-01"),
                   "setback").status == "fail"


def local_plan(tmp_path, storeys, extra=""):
    """A 100 m × 100 m site with one 50 m × 40 m building: FAR = storeys × 0.2."""
    feats = [site(0, 0, 100, 100), line([[-10, 0], [110, 0]]),
             building(rect(20, 20, 70, 60), storeys=storeys, storey_height=3),
             poly(rect(0, 70, 100, 100), "green")]
    (tmp_path / "p.geojson").write_text(json.dumps(fc(*feats)), encoding="utf-8")
    d = tmp_path / "d.yaml"
    d.write_text("plot: BZ-13-10\nsite_plan: p.geojson\ncrs: local\n" + extra, encoding="utf-8")
    return d


def test_a_far_exactly_at_its_maximum_on_a_plan_is_indeterminate_and_one_storey_less_passes(tmp_path):
    at = check(local_plan(tmp_path, 12), as_of="2022-01-01")  # 24 000 m² on 10 000 m²: 2.4 ≤ 2.4
    f = finding(at, "far")
    assert (f.status, f.reason, f.actual) == ("indeterminate", "within_geometric_precision", Fraction(12, 5))
    assert f.margin.allowed == 24000 and f.margin.excess == 0
    assert finding(check(local_plan(tmp_path, 11), as_of="2022-01-01"), "far").status == "pass"
    assert finding(check(local_plan(tmp_path, 13), as_of="2022-01-01"), "far").status == "fail"


def test_a_declared_far_gets_no_geometric_band_only_its_own_rounding(book):
    assert finding(check({"plot": "BZ-13-10", "far": "2.35"}, book, "2022-01-01"), "far").status == "pass"
    at_limit = finding(check({"plot": "BZ-13-10", "far": "2.4"}, book, "2022-01-01"), "far")
    assert at_limit.reason == "declared_rounded_at_limit"  # 2.4 stands for 2.35–2.45


def test_the_report_gives_each_computed_area_with_its_precision(tmp_path):
    r = check(local_plan(tmp_path, 11), as_of="2022-01-01")
    c = r.computed
    # every point within 0.5 mm: an area within 0.5 mm × its perimeter + vertices × (0.5 mm)²
    half_mm = Fraction(1, 2000)
    assert c["site_area_precision"] == 400 * half_mm + 5 * half_mm**2
    assert c["footprint_area_precision"] == 180 * half_mm + 5 * half_mm**2
    assert c["floor_area_precision"] == 11 * c["footprint_area_precision"]


def test_a_footprint_a_hair_outside_the_site_is_indeterminate_and_a_metre_outside_fails():
    from zoning_rules.site_plan import within_site

    sliver = figures(site(0, 0, 100, 100), building(rect(10, 10, 50, 100.0002)))
    w = within_site(sliver)
    assert (w.status, w.reason) == ("indeterminate", "within_geometric_precision")
    assert within_site(figures(site(0, 0, 100, 100), building(rect(10, 10, 50, 101)))).status == "fail"
    assert within_site(figures(site(0, 0, 100, 100), building(rect(10, 10, 50, 100)))).status == "pass"


def test_lon_lat_written_to_6_decimals_is_trusted_to_centimetres_not_to_the_policys_half_millimetre():
    from zoning_rules.geometry.geojson import lonlat_precision

    assert 0.07 < lonlat_precision([{"geometry": {"coordinates": [111.123456, 37.5]}}]) < 0.08
    assert lonlat_precision([{"geometry": {"coordinates": [111.123456789, 37.5]}}]) < 1e-4


# --- the band is honest: rounding the coordinates never moves a figure outside it ------------------

@st.composite
def plans(draw):
    w, h = draw(st.integers(60, 250)), draw(st.integers(60, 250))

    def box(lo, hi):
        x0, y0 = draw(st.integers(0, w - lo)), draw(st.integers(0, h - lo))
        return rect(x0, y0, draw(st.integers(x0 + lo, min(w, x0 + hi))), draw(st.integers(y0 + lo, min(h, y0 + hi))))

    feats = [site(0, 0, w, h), line([[-50, -draw(st.integers(0, 20))], [w + 50, 0]])]
    feats += [building(box(5, 60), storeys=draw(st.integers(1, 30))) for _ in range(draw(st.integers(1, 3)))]
    feats += [poly(box(3, 100), "green", kind=draw(st.sampled_from(["ground", "concentrated"])))
              for _ in range(draw(st.integers(1, 2)))]
    return feats


def mapped(features, fn):
    out = []
    for f in features:
        g = f["geometry"]
        if g["type"] == "Polygon":
            coords = [[fn(x, y) for x, y in ring] for ring in g["coordinates"]]
        else:
            coords = [fn(x, y) for x, y in g["coordinates"]]
        out.append({**f, "geometry": {"type": g["type"], "coordinates": coords}})
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.floats(450_000, 550_000), st.floats(4_100_000, 4_200_000), st.integers(5, 9))
def test_a_plan_in_rounded_lon_lat_stays_within_its_stated_precision_of_the_plan_in_metres(feats, e0, n0, decimals):
    pyproj = pytest.importorskip("pyproj", reason="pyproj comes with the geo extra")
    to_lonlat = pyproj.Transformer.from_crs("EPSG:4546", "EPSG:4326", always_xy=True)
    grid = mapped(feats, lambda x, y: [e0 + x, n0 + y])
    lonlat = mapped(grid, lambda x, y: [round(v, decimals) for v in to_lonlat.transform(x, y)])
    exact, rounded = figures(*grid, crs="EPSG:4546"), figures(*lonlat, crs=None)
    assert rounded.precision >= Fraction(1, 2000)
    a, b = exact.indicators(), rounded.indicators()
    for key in ("site_area", "footprint_area", "floor_area", "green_area", "setback"):
        assert abs(a[key] - b[key]) <= rounded.bands[key], (key, decimals, float(a[key] - b[key]),
                                                            float(rounded.bands[key]))
