"""The fast design reader ``check`` uses accepts only what the pydantic model accepts, with the
same values, and leaves every other design — and so every error — to the model.

The reader (``designfast``) exists for the cold start of a one-design check; it is generated from
the same definition as the model (``design.layout``).  These properties draw designs field by field
from that definition, with values that are valid, of the wrong kind, out of range, zero where a ratio
divides, unknown fields and odd keys, and compare the two readers on each.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from zoning_rules import check, load_rulebook
from zoning_rules.design import layout, load_design
from zoning_rules.designfast import DesignValues, read
from zoning_rules.designmodel import design_model
from zoning_rules.errors import ZoningError
from zoning_rules.indicators import register, unregister
from zoning_rules.units import parse

SRC = Path(__file__).resolve().parents[1] / "src"

#: Written values per kind: valid ones first, then odd ones (zero, negative, wrong unit, huge …).
_VALID = {
    "area": ["47333 m2", "71 亩", "1.36 公顷", "24.9 万平方米", "12,345.6 平方米", "10 acre", 16600, Decimal("0.5")],
    "length": ["49.5 m", "50 米", "120", " 7 m ", "10 ft", 60, Decimal("3.0")],
    "ratio": ["30%", "0.35", "3‰", Decimal("0.36"), 1, 0.3],
    "number": ["2.4", "2.38", "2.40", Decimal("2.4"), 3, 1.5],
    "count": ["60", "58 个", "60 辆", 120, Decimal("7")],
    "sides": ["south", "南", "北侧", "E", "东面", ["south", "east"], ("west",)],
    "flag": [True, False],
    "text": ["BZ-13-10", "货源街南地块", "RB", "B1", "方案一"],
}
_WRITTEN = {
    "area": _VALID["area"] + ["0 m2", "0.0", "-5 m2", "5 m", "1e16 m2", "abc", "nan", "3 m3"],
    "length": _VALID["length"] + ["0 m", "-1 m", "5 m2", "inf", "1,000 m"],
    "ratio": _VALID["ratio"] + ["35", "0", "120%", "5 m", "-0.1"],
    "number": _VALID["number"] + ["0", "2 m", "-1", "1e3"],
    "count": _VALID["count"] + ["0", "2.5", "-3", "1e2"],
}
_PLAIN = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.integers(10**15, 10**17),
                   st.decimals(allow_nan=True, allow_infinity=True, places=3),
                   st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                   st.lists(st.integers(0, 3), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
_SIDES = st.one_of(st.sampled_from(["south", "南", "北侧", "E", "west", "up", "", "东面"]),
                   st.lists(st.sampled_from(["south", "南", "east", "down", 3]), max_size=3),
                   st.tuples(st.sampled_from(["north", "西"])))
_TEXT = st.one_of(st.sampled_from(["BZ-13-10", "货源街南地块", "", "   ", "RB", "B1", "local", "EPSG:4546", "epsg:45",
                                   "site.geojson", "plan.dxf", "\ud800"]),
                  st.text(max_size=12), st.integers(0, 99), st.binary(max_size=3))
_WAIVERS = st.one_of(st.lists(st.fixed_dictionaries({"indicator": st.sampled_from(["far", "ZR-FAR", "容积率", "nope"]),
                                                     "document": st.sampled_from(["吕政函〔2022〕9号", " "])}),
                              max_size=2), st.text(max_size=3))


def _values(kind: str, valid: bool = False):
    if valid and kind in _VALID:
        return st.sampled_from(_VALID[kind])
    if kind in _WRITTEN:
        return st.one_of(st.sampled_from(_WRITTEN[kind]), _PLAIN,
                         st.sampled_from(_WRITTEN[kind]).map(lambda w: _parsed_or_text(w, kind)))
    if kind == "sides":
        return st.one_of(_SIDES, _PLAIN)
    if kind == "flag":
        return st.one_of(st.booleans(), st.sampled_from(["yes", "no", "true", 1, 0, 2, "是"]), _PLAIN)
    if kind == "text":
        return st.one_of(_TEXT, _PLAIN)
    if kind == "layers":
        return st.one_of(st.dictionaries(st.sampled_from(["site", "building"]),
                                         st.one_of(st.text(max_size=4), st.lists(st.text(max_size=3), max_size=2)),
                                         max_size=2), _PLAIN)
    return st.one_of(_WAIVERS, _PLAIN)


def _parsed_or_text(written: str, kind: str):
    """An ``Amount`` already parsed (as a Python caller may pass one), or the text when it cannot be."""
    try:
        return parse(written, kind)
    except Exception:
        return written


@st.composite
def designs(draw):
    """A design mapping drawn field by field from the format's definition, plus odd keys."""
    fields = layout()
    valid = draw(st.booleans())  # half the designs from valid values only (the fast reader's case)
    out: dict = {}
    if draw(st.integers(0, 9)) > 0:  # mostly a plot, sometimes none
        out["plot"] = draw(st.one_of(st.just("BZ-13-10"), _TEXT, st.none()) if draw(st.booleans()) else st.just("BZ-13-10"))
    for f in draw(st.lists(st.sampled_from(fields), max_size=8, unique_by=lambda f: f.name)):
        if f.name in ("site_plan", "dxf_layers", "waivers", "crs", "storey_height") and draw(st.integers(0, 3)):
            continue  # rarer: most designs give none of these
        out[f.name] = draw(_values(f.kind, valid))
    if draw(st.integers(0, 7)) == 0:
        out[draw(st.sampled_from(["hieght", "", "Plot", 1, True, None]))] = draw(_PLAIN)
    return out


def _by_model(data: dict):
    """('ok', {field: value}) or ('error', type, text) as the pydantic model reads ``data``."""
    try:
        design = design_model().model_validate(data)
    except ValidationError as exc:
        return ("error", "ValidationError", str([(e["loc"], e["msg"]) for e in exc.errors()]))
    except Exception as exc:  # noqa: BLE001 - whatever the model does, the fast reader must match
        return ("error", type(exc).__name__, str(exc))
    return ("ok", list(type(design).model_fields), {n: getattr(design, n) for n in type(design).model_fields})


def _agrees(data: dict) -> bool:
    fast = read(data)
    model = _by_model(data)
    if fast is None:
        return False
    assert model[0] == "ok", f"the fast reader accepted what the model refuses: {data!r} → {model}"
    assert list(type(fast).model_fields) == model[1]
    assert {n: getattr(fast, n) for n in type(fast).model_fields} == model[2]
    return True


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_the_fast_reader_accepts_only_designs_the_model_accepts_and_reads_them_to_the_same_values(data):
    _agrees(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_reading_a_design_for_check_gives_the_models_design_or_the_models_very_error(data):
    """``load_design(..., fast=True)`` (what ``check`` calls) against the model's ``load_design``."""
    def outcome(**kw):
        try:
            loaded = load_design(data, **kw)
        except ZoningError as exc:
            return ("error", type(exc).__name__, str(exc))
        except Exception as exc:  # noqa: BLE001
            return ("crash", type(exc).__name__, str(exc))
        d = loaded.design
        return ("ok", {n: getattr(d, n) for n in type(d).model_fields})

    assert outcome(fast=True) == outcome()


VALID = [
    {"plot": "BZ-13-10", "land_use": "RB", "site_area": "47333 m2", "floor_area": "113000 m2",
     "footprint_area": "14000 m2", "green_area": "16600 m2", "height": "49.5 m"},
    {"plot": "BZ-13-10", "far": Decimal("2.38"), "building_density": "29%", "green_ratio": Decimal("0.36"),
     "height": 60, "parking_spaces": "120 个", "entrance_side": ["南", "east"], "setback": "8 m",
     "large_commercial": True, "name": "方案一"},
    {"plot": "BZ-13-10", "site_area": "71 亩", "floor_area": "113000.5 m2", "crs": None, "waivers": None,
     "dxf_layers": None, "site_plan": None, "storey_height": "3 m"},
]


@pytest.mark.parametrize("data", VALID)
def test_the_fast_reader_reads_ordinary_valid_designs_itself(data):
    """Not a vacuous property: ordinary designs do take the fast path."""
    assert isinstance(read(data), DesignValues)
    assert _agrees(data)


@pytest.mark.parametrize("data", [
    {"plot": "BZ-13-10", "hieght": "50 m"},
    {"plot": "BZ-13-10", "site_area": "0 m2"},
    {"plot": " "},
    {"site_area": "47333 m2"},
    {"plot": "BZ-13-10", "height": "5 m2"},
    {"plot": "BZ-13-10", "large_commercial": "yes"},
    {"plot": "BZ-13-10", "waivers": [{"indicator": "far", "document": "吕政函〔2022〕9号"}]},
    {"plot": "BZ-13-10", "site_plan": "site.geojson"},
    {"plot": 13},
])
def test_what_the_fast_reader_cannot_tell_is_valid_goes_to_the_model(data):
    assert read(data) is None


# the made-up indicator of issue 10, declared once in its own test module, and its fixture
from test_indicator_declared_in_one_place import PARKING_DENSITY, declared  # noqa: E402,F401


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=designs())
def test_an_indicator_registered_at_run_time_is_read_alike_by_both(declared, data):
    """A registered indicator's field (and its zero-denominator check on floor_area) reaches both."""
    _agrees(data)
    assert "parking_density" in type(read({"plot": "X"})).model_fields
    assert read({"plot": "X", "parking_density": "0.9"}).parking_density == parse("0.9", "number")
    assert read({"plot": "X", "floor_area": "0 m2"}) is None  # floor_area now divides: the model refuses 0


def test_after_unregistering_the_field_is_unknown_to_both_again(declared):
    unregister(PARKING_DENSITY.key)
    try:
        assert read({"plot": "X", "parking_density": "0.9"}) is None
        assert "parking_density" not in design_model().model_fields
    finally:
        register(PARKING_DENSITY)


@pytest.mark.parametrize("data", VALID[:2])
def test_check_reports_the_same_whether_the_fast_reader_or_the_model_read_the_design(data, monkeypatch):
    import zoning_rules.designfast as designfast

    book = load_rulebook()
    fast = check(data, book, dt.date(2021, 6, 1))
    monkeypatch.setattr(designfast, "read", lambda data: None)  # every design to the model
    model = check(data, book, dt.date(2021, 6, 1))
    assert fast.findings and fast.to_json() == model.to_json()
    assert fast.lines == model.lines and fast.computed == model.computed


def _fresh_python(code: str) -> subprocess.CompletedProcess:
    """``code`` in a new interpreter on this checkout's ``src``: what a cold start imports."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_a_one_design_check_imports_neither_pydantic_nor_any_heavy_library(tmp_path):
    """The cold start: checking a valid design file needs no pydantic model, pint, numpy, pandas …"""
    design = tmp_path / "one.yaml"
    design.write_text("plot: BZ-13-10\nland_use: RB\nsite_area: 47333 m2\nfloor_area: 113000 m2\n"
                      "footprint_area: 14000 m2\ngreen_area: 16600 m2\nheight: 49.5 m\n", encoding="utf-8")
    code = ("import sys\nfrom zoning_rules.cli import main\n"
            f"code = main(['check', {str(design)!r}, '--as-of', '2021-06-01'])\n"
            "heavy = ('pydantic', 'pint', 'numpy', 'pandas', 'pyarrow', 'shapely', 'jinja2', 'ifcopenshell')\n"
            "print(code, sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n")
    proc = _fresh_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "0 []"
    assert "通过" in proc.stdout


def test_importing_the_package_and_its_indicator_declarations_imports_nothing_heavy():
    """issue 10: the declarations (and the design format's definition) are plain Python."""
    code = ("import sys, zoning_rules, zoning_rules.indicators, zoning_rules.design, zoning_rules.designfast\n"
            "heavy = ('pydantic', 'pydantic_core', 'pint', 'numpy', 'pandas', 'click', 'yaml')\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n")
    proc = _fresh_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_one_design_check_imports_nothing_only_writing_errors_or_directories_need(tmp_path):
    """The cold start (benchmarks/bench_cold_start.py): tempfile, hashlib's OpenSSL binding,
    difflib, glob and pathlib (with urllib.parse and ipaddress) cost ~10 ms together at import,
    and one named, valid design file needs none of them."""
    design = tmp_path / "one.yaml"
    design.write_text("plot: BZ-13-10\nfar: 2.3\n", encoding="utf-8")
    code = ("import sys\nfrom zoning_rules.cli import main\n"
            f"code = main(['check', {str(design)!r}, '--as-of', '2021-06-01'])\n"
            "spared = ('tempfile', 'hashlib', 'difflib', 'glob', 'pathlib', 'ipaddress')\n"
            "print(code, sorted(m for m in spared if m in sys.modules), file=sys.stderr)\n")
    proc = _fresh_python(code)
    assert proc.stderr.strip().splitlines()[-1] in ("0 []", "3 []"), proc.stderr
