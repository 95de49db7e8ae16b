"""Fuzzing every input the tool reads: for any design file, rule file, GeoJSON or DXF site plan,
table or letter text — generated, or mutated from a real one — the command ends with a verdict
(0, 1, 3, 4) or with exit 2 and one message; never an internal error (5), never a traceback, never
a hang.

The in-process entry ``zoning_rules.cli.main`` is called (no interpreter start per example), with
stdout and stderr captured.  A hang is caught by an alarm far beyond any real run (``HANG``): that
is a bound, not a speed test.  Interesting failures found here are kept as files under
``tests/fixtures/hostile/corpus/`` and replayed by ``test_every_kept_hostile_input_is_handled``.
"""
from __future__ import annotations

import contextlib
import io
import json
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import EXAMPLES, REPO
from zoning_rules.cli import main

CORPUS = REPO / "tests" / "fixtures" / "hostile" / "corpus"
HANG = 30  # s: an example that takes this long is a hang, whatever the machine's load
VERDICTS = {0, 1, 3, 4}
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Fragments that have broken parsers somewhere: YAML anchors/aliases/tags, deep nesting, odd
#: numbers, unit expressions, control and bidi characters, encodings.
TOKENS = ["&a ", "*a", "<<: *a", "!!python/object:os.system ", "!!binary ", "[[[[[[[[", "]]]]", "{{{{", "}}",
          "1e999", "-0", "NaN", ".nan", ".inf", "1_000", "0x1F", "1 m**2*10**10**9", "10**9 m", "1 ft^2",
          "\x1b[2J", "\x1b]0;x\x07", "\u202e", "\x00", "\ufeff", "\r", "\t", ": ", "- ", "---", "...",
          "'", '"', "#", "%", "亩", "万平方米", "~", "null", "true", "2099-13-45", "9" * 40, "é".encode("latin-1").decode("latin-1")]


@st.composite
def mutated(draw, seed: str) -> str:
    """``seed`` with a few insertions, deletions and replacements of hostile fragments or bytes."""
    text = seed
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)))
        if op == "insert":
            text = text[:pos] + piece + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)):]
        elif op == "replace":
            text = text[:pos] + piece + text[pos + len(piece):]
        else:
            end = min(len(text), pos + draw(st.integers(1, 200)))
            text = text[:end] + text[pos:end] + text[end:]
    return text


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"no answer within {HANG} s")


def run(args: list[str]) -> tuple[int, str, str]:
    """``main(args)`` in process: (exit code, stdout, stderr); a hang raises ``Hang``."""
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue()


def handled(code: int, err: str) -> None:
    """A verdict, or exit 2 with one message on stderr; never 5, never a traceback."""
    assert "Traceback" not in err, err
    assert code != 5, err
    assert code in VERDICTS or code == 2, (code, err)
    if code == 2:
        assert err.startswith("zoning-rules:") or err.startswith("Usage:") or "Error:" in err, err


def _file(folder: Path, name: str, text: str) -> Path:
    p = folder / name
    p.write_bytes(text.encode("utf-8", "surrogatepass"))
    return p


# --- generators ------------------------------------------------------------------------------------

FIELDS = ["plot", "name", "land_use", "site_area", "floor_area", "footprint_area", "green_area", "far",
          "building_density", "green_ratio", "height", "parking_spaces", "entrance_side", "setback",
          "large_commercial", "waivers", "crs", "storey_height", "site_plan"]
VALUES = st.one_of(
    st.sampled_from(["BZ-13-10", "ＢＺ－１３－１０", "71 亩", "47333 m2", "2.4", "35%", "50 m", "south", "北",
                     "RB", "G1", "1401", "local", "EPSG:4546", "0", "-1", "1e15", "1 ft", "1 acre"]),
    st.integers(-10, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
    st.text(max_size=12), st.lists(st.sampled_from(["north", "south", 1, None]), max_size=3),
)


@st.composite
def design_text(draw) -> str:
    d = {"plot": draw(st.sampled_from(["BZ-13-10", "HZ-19-03", "BF-06-05", "货源街南地块", "N-10-05", "XX-1"]))}
    for f in draw(st.lists(st.sampled_from(FIELDS), max_size=8, unique=True)):
        d[f] = draw(VALUES)
    if draw(st.booleans()):
        return json.dumps(d, ensure_ascii=False, default=str)
    import yaml

    return yaml.safe_dump(d, allow_unicode=True)


SEED_DESIGNS = [(EXAMPLES / n).read_text(encoding="utf-8") for n in ("bz-13-10-pass.yaml", "bz-13-10-fail.yaml",
                                                                      "huoyuanjie-south.yaml")]
RULES_SEED = """\
sources:
  "吕政函〔2099〕1号": {title: 测试, issuer: 吕梁市人民政府, date: 2021-02-01}
plots:
  ZZ-01-01:
    approvals:
      - source: "吕政函〔2099〕1号"
        clause: 二
        land_use: {code: RB, name: 商住用地}
        area: {value: 71 亩, approx: true}
        limits:
          far: {max: 2.4}
          building_density: {max: 30%}
          green_ratio: {min: 35%}
          height: {max: 50 m}
          setback: {min: 5 m, min_large_commercial: 10 m}
        quote: ZZ-01-01地块容积率≤2.4
"""
GEOJSON_SEED = (EXAMPLES / "site-plans" / "huoyuanjie-south-setback.geojson").read_text(encoding="utf-8")
DXF_SEED = (EXAMPLES / "site-plans" / "bz-13-10.dxf").read_text(encoding="utf-8", errors="replace")
CSV_SEED = ("plot,site_area,floor_area,footprint_area,green_area,far,building_density,green_ratio,height,as_of\n"
            "BZ-13-10,47333,113000,14000,16600,2.39,0.2958,0.3507,49.5,2021-06-01\n"
            "HZ-19-03,43333,140000,15000,14000,,,,110,2021-06-01\n"
            "N-10-05,20000.6,,9000.27,,,,,,\n")


@st.composite
def geojson_value(draw, depth: int = 0):
    leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(), st.text(max_size=6),
                     st.sampled_from(["building", "site", "green", "road", "entrance", "Polygon", "Feature"]))
    if depth > 2:
        return draw(leaf)
    return draw(st.one_of(leaf, st.lists(geojson_value(depth + 1), max_size=4),
                          st.dictionaries(st.text(max_size=8), geojson_value(depth + 1), max_size=3)))


@st.composite
def geojson_text(draw) -> str:
    """The example plan with a few values replaced anywhere in its structure, or its text mutated."""
    if draw(st.booleans()):
        return draw(mutated(GEOJSON_SEED))
    data = json.loads(GEOJSON_SEED)
    for _ in range(draw(st.integers(1, 4))):
        node, key = data, None
        path_len = draw(st.integers(1, 6))
        for _ in range(path_len):
            if isinstance(node, dict) and node:
                key = draw(st.sampled_from(sorted(node)))
            elif isinstance(node, list) and node:
                key = draw(st.integers(0, len(node) - 1))
            else:
                break
            if not isinstance(node[key], (dict, list)):
                break
            node = node[key]
        if key is not None and isinstance(node, (dict, list)):
            try:
                node[key] = draw(geojson_value())
            except (KeyError, IndexError, TypeError):
                pass
    return json.dumps(data, ensure_ascii=False)


# --- the properties ---------------------------------------------------------------------------------

@FUZZ
@given(st.one_of(design_text(), st.sampled_from(SEED_DESIGNS).flatmap(mutated)), st.sampled_from([".yaml", ".json"]))
def test_any_design_file_gets_a_verdict_or_one_message(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        p = _file(Path(tmp), "design" + suffix, text)
        handled(*run(["check", str(p), "--as-of", "2021-06-01"])[::2])


@FUZZ
@given(mutated(RULES_SEED))
def test_any_rule_file_gets_a_verdict_or_one_message(text):
    with tempfile.TemporaryDirectory() as tmp:
        rules = _file(Path(tmp), "rules.yaml", text)
        design = _file(Path(tmp), "d.yaml", "plot: ZZ-01-01\nsite_area: 71 亩\nfloor_area: 100000 m2\nheight: 40 m\n")
        handled(*run(["validate", str(rules), "--standalone"])[::2])
        handled(*run(["check", str(design), "--rules", str(rules), "--as-of", "2021-06-01"])[::2])


@FUZZ
@given(geojson_text(), st.sampled_from(["local", "EPSG:4546", None]))
def test_any_geojson_site_plan_gets_a_verdict_or_one_message(text, crs):
    pytest.importorskip("pyproj", reason="site plans need the geo extra")
    with tempfile.TemporaryDirectory() as tmp:
        _file(Path(tmp), "plan.geojson", text)
        design = "plot: 货源街南地块\nsite_plan: plan.geojson\nstorey_height: 3 m\n" + (f"crs: {crs}\n" if crs else "")
        p = _file(Path(tmp), "d.yaml", design)
        handled(*run(["check", str(p), "--as-of", "2022-01-01"])[::2])


@settings(FUZZ, max_examples=15)
@given(mutated(DXF_SEED))
def test_any_dxf_site_plan_gets_a_verdict_or_one_message(text):
    pytest.importorskip("ezdxf", reason="DXF site plans need the geo extra")
    with tempfile.TemporaryDirectory() as tmp:
        _file(Path(tmp), "plan.dxf", text)
        p = _file(Path(tmp), "d.yaml", "plot: BZ-13-10\nsite_plan: plan.dxf\nstorey_height: 3 m\n")
        handled(*run(["check", str(p), "--as-of", "2021-06-01"])[::2])


@FUZZ
@given(mutated(CSV_SEED), st.sampled_from(["text", "json"]))
def test_any_table_of_designs_gets_a_verdict_or_one_message(text, fmt):
    pytest.importorskip("pyarrow", reason="tables need the batch extra")
    with tempfile.TemporaryDirectory() as tmp:
        p = _file(Path(tmp), "designs.csv", text)
        handled(*run(["check", "--table", str(p), "--format", fmt])[::2])


LETTER_SEED = ("吕梁市人民政府\n关于吕梁市新区控制性详细规划BZ-13-10地块控规调整的批复\n吕政函〔2021〕2号\n"
               "吕梁市规划和自然资源局：\n你局《关于……的请示》（吕自然资发〔2020〕708号）收悉。经研究，批复如下：\n"
               "一、原则同意……\n二、BZ-13-10地块控规调整后用地性质为商住用地（RB），容积率≤2.4，建筑密度≤30%，"
               "绿地率≥35%，建筑高度≤50m。\n吕梁市人民政府\n2021年1月11日\n")


@FUZZ
@given(mutated(LETTER_SEED))
def test_any_letter_text_gets_a_draft_or_one_message(text):
    with tempfile.TemporaryDirectory() as tmp:
        p = _file(Path(tmp), "letter.txt", text)
        code, _, err = run(["extract", str(p)])
        assert "Traceback" not in err and code in (0, 2), (code, err)


# --- the kept corpus ---------------------------------------------------------------------------------

def _corpus_cases():
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.endswith(".md")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", _corpus_cases(), ids=lambda p: p.name)
def test_every_kept_hostile_input_is_handled(path, tmp_path):
    """Each file once broke the tool (or nearly): replayed as the command that reads it."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json") and path.name.startswith("rules-"):
        args = ["validate", str(path), "--standalone"]
    elif suffix in (".yaml", ".yml", ".json"):
        args = ["check", str(path), "--as-of", "2021-06-01"]
    elif suffix in (".geojson", ".dxf"):
        pytest.importorskip("pyproj", reason="site plans need the geo extra")
        (tmp_path / f"plan{suffix}").write_bytes(path.read_bytes())
        (tmp_path / "d.yaml").write_text(f"plot: BZ-13-10\nsite_plan: plan{suffix}\nstorey_height: 3 m\n",
                                         encoding="utf-8")
        args = ["check", str(tmp_path / "d.yaml"), "--as-of", "2021-06-01"]
    elif suffix in (".csv", ".parquet"):
        pytest.importorskip("pyarrow", reason="tables need the batch extra")
        args = ["check", "--table", str(path)]
    else:
        args = ["extract", str(path)]
    handled(*run(args)[::2])
