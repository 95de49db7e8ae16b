"""The buildable envelope: exact area maxima with their sources, approximate on a letter's 约 area,
indeterminate (not invented) without one; the same through the CLI and the Python API."""
from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

import zoning_rules
from zoning_rules.cli import main

AS_OF = "2022-01-01"


def test_largest_counted_floor_area_is_exact_on_a_given_site_area():
    env = zoning_rules.envelope("BZ-13-10", site_area="47333 m2", as_of=AS_OF)
    item = env.get("max_floor_area")
    assert item.value == Fraction("113599.2") and item.status == "determined"
    assert item.approval.source.id == "吕政函〔2021〕2号" and item.approval.clause == "二"
    assert item.to_json()["exact"] == "113599.2"
    assert env.get("max_footprint_area").value == Fraction(47333) * Fraction(30, 100)
    assert env.get("min_green_area").value == Fraction(47333) * Fraction(35, 100)
    assert env.get("height").value == 50 and env.get("height").bound == "max"


def test_the_letters_approximate_area_gives_approximate_figures_and_says_so():
    env = zoning_rules.envelope("BZ-13-10", as_of=AS_OF)  # 71 亩, only in the letter's title
    assert env.site_area.origin == "letter" and env.site_area.approx
    assert env.site_area.value == Fraction(71 * 10000, 15)
    item = env.get("max_floor_area")
    assert item.status == "approximate" and item.value == Fraction(113600)
    assert "约" in item.text("zh") and "approx." in item.text("en")


def test_an_exactly_stated_letter_area_gives_determined_figures():
    env = zoning_rules.envelope("E-29-01", as_of=AS_OF)  # 用地面积26412平方米 (吕政函〔2021〕22号)
    assert not env.site_area.approx
    assert env.get("max_floor_area").status == "determined"
    assert env.get("max_floor_area").value == Fraction(26412) * Fraction(6, 10)


def test_no_site_area_anywhere_leaves_area_maxima_indeterminate_not_invented():
    env = zoning_rules.envelope("N-11-04", as_of=AS_OF)  # limits, but no area in the letter
    assert env.site_area.origin == "none"
    for key in ("max_floor_area", "max_footprint_area", "min_green_area"):
        item = env.get(key)
        assert item.status == "indeterminate" and item.value is None and item.reason == "site_area_unknown"
        assert item.approval is not None  # the limit itself is still cited
    assert env.get("height").value == 12


def test_limits_nobody_published_are_indeterminate():
    env = zoning_rules.envelope("JR-12-20", site_area="2 公顷", as_of=AS_OF)
    assert env.plot_status == "unpublished"
    assert all(i.status == "indeterminate" and i.value is None for i in env.items)
    env = zoning_rules.envelope("N-08-03", site_area="5000 m2", as_of=AS_OF)
    assert env.get("max_floor_area").reason == "no_limit_on_record"
    assert env.get("parking_spaces").status == "indeterminate"


def test_parking_entrance_and_setbacks_come_with_their_letters():
    env = zoning_rules.envelope("BF-06-05", as_of=AS_OF)
    assert env.get("parking_spaces").value == 58 and env.get("parking_spaces").bound == "min"
    assert env.get("entrance_side").value == ("south",)
    assert env.get("parking_spaces").approval.source.id == "吕政函〔2021〕20号"
    south = zoning_rules.envelope("货源街南地块", as_of=AS_OF)
    setback = south.get("setback")
    assert setback.value == 5 and setback.large_commercial == 10
    assert setback.approval.source.id == "吕政办函〔2021〕43号"
    assert {k for k, _, _ in south.planned} == {"floor_area", "residential_floor_area", "commercial_floor_area"}


def test_the_envelope_is_immutable_and_json_ready():
    env = zoning_rules.envelope("BZ-13-10", site_area=47333, as_of=AS_OF)
    with pytest.raises(AttributeError):
        env.plot = "x"
    data = json.loads(json.dumps(env.to_json(), ensure_ascii=False))
    far = [i for i in data["items"] if i["key"] == "max_floor_area"][0]
    assert far["value"] == 113599.2 and far["source"]["document"] == "吕政函〔2021〕2号"


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=1, max_value=999))
def test_largest_floor_area_is_far_times_site_area_whatever_the_unit(m2, milli):
    """Exact and unit-invariant: the same site in m² and in 公顷 gives the same maximum."""
    import dataclasses
    import datetime
    from decimal import Decimal

    from zoning_rules.envelope import SiteArea, compute
    from zoning_rules.rulebook.model import InForce, Limit
    from zoning_rules.units import parse

    far = parse(str(Decimal(milli) / 100), "number")
    res = zoning_rules.load_rulebook().resolve("BZ-13-10", datetime.date(2022, 1, 1))
    limits = {**res.limits, "far": InForce(Limit("far", max=far), res.limits["far"].approval)}
    res = dataclasses.replace(res, limits=limits)
    maxima = []
    for written in (f"{m2} m2", f"{Decimal(m2) / 10000} 公顷"):
        a = parse(written, "area")
        item = next(i for i in compute(res, SiteArea(a.value, a.written, "given")) if i.key == "max_floor_area")
        maxima.append(item.value)
    assert maxima[0] == maxima[1] == Fraction(milli, 100) * m2


def test_the_cli_prints_each_bound_with_its_source(capsys):
    code = main(["envelope", "BZ-13-10", "--site-area", "47333", "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert code == 0
    line = next(l for l in out.splitlines() if "最大计容建筑面积" in l)
    assert "113 599.20 m²" in line and "吕政函〔2021〕2号 第二条 2021-01-11" in line
    assert "容积率≤2.4 × 用地面积 47 333.00 m²" in line


def test_the_cli_json_and_the_api_agree(capsys):
    assert main(["envelope", "BZ-13-10", "--as-of", AS_OF, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(zoning_rules.envelope("BZ-13-10", as_of=AS_OF).to_json(),
                                         ensure_ascii=False))
    assert data["site_area"]["approx"] is True and data["site_area"]["note"] == "仅见于标题"


def test_bad_site_area_and_unknown_plot_exit_2(capsys):
    assert main(["envelope", "BZ-13-10", "--site-area", "50 m"]) == 2
    assert "expected an area" in capsys.readouterr().err
    assert main(["envelope", "BZ-13-99"]) == 2
    assert "unknown plot" in capsys.readouterr().err
    assert main(["envelope", "BZ-13-10", "--site-area", "0"]) == 2
