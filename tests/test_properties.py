"""Hypothesis properties of the checker and the rule book."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from plausible_designs import impossible, make_plausible
from zoning_rules import Design, check, load_rulebook
from zoning_rules.sourcefile import loads
from zoning_rules.rulebook.build import build

BOOK = load_rulebook()
DAY = dt.date(2022, 1, 1)
PLOTS = sorted(BOOK.plot_codes())

decimals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400000"), places=2)
lengths = st.decimals(min_value=Decimal("0"), max_value=Decimal("200"), places=2)


@st.composite
def designs(draw):
    d = {"plot": draw(st.sampled_from(PLOTS))}
    if draw(st.booleans()):
        d["land_use"] = draw(st.sampled_from(["RB", "B1", "G1", "1401", "公园绿地", "商业、居住混合用地", "S41"]))
    for field in ("site_area", "floor_area", "footprint_area", "green_area"):
        if draw(st.integers(0, 4)):
            d[field] = f"{draw(decimals)} m2"
    for field in ("height", "setback"):
        if draw(st.integers(0, 3)):
            d[field] = f"{draw(lengths)} m"
    if draw(st.booleans()):
        d["parking_spaces"] = draw(st.integers(0, 200))
    if draw(st.booleans()):
        d["entrance_side"] = draw(st.sampled_from(["north", "south", "东", "西"]))
    if draw(st.booleans()):
        d["large_commercial"] = draw(st.booleans())
    if draw(st.booleans()):
        d["far"] = str(draw(st.decimals(min_value=0, max_value=10, places=2)))
    return make_plausible(d)  # an impossible design is refused, not decided (test_trust_plausibility)


def statuses(report) -> dict[str, str]:
    return {f.indicator: f.status for f in report.findings}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs(), st.sampled_from([("floor_area", "far"), ("footprint_area", "building_density"),
                                    ("height", "height")]),
       st.decimals(min_value=Decimal("1"), max_value=Decimal("3"), places=3))
def test_raising_floor_area_footprint_or_height_never_turns_a_fail_into_a_pass(d, pair, factor):
    field, indicator = pair
    assume(field in d)
    unit = d[field].split()[1]
    bigger = {**d, field: f"{Decimal(d[field].split()[0]) * factor} {unit}"}
    assume(not impossible(bigger))  # more than the site or the height can hold: refused, never a pass
    before, after = statuses(check(d, BOOK, DAY)), statuses(check(bigger, BOOK, DAY))
    if before.get(indicator) == "fail":
        assert after[indicator] == "fail"
    if check(d, BOOK, DAY).status == "fail":
        assert check(bigger, BOOK, DAY).status == "fail"


@settings(max_examples=150, deadline=None)
@given(designs(), st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=3))
def test_lowering_green_area_never_turns_a_fail_into_a_pass(d, factor):
    assume("green_area" in d)
    smaller = {**d, "green_area": f"{Decimal(d['green_area'].split()[0]) * factor} m2"}
    if statuses(check(d, BOOK, DAY)).get("green_ratio") == "fail":
        assert statuses(check(smaller, BOOK, DAY))["green_ratio"] == "fail"


@settings(max_examples=100, deadline=None)
@given(designs(), st.integers(1, 10**6))
def test_the_same_site_in_square_metres_mu_and_hectares_gives_the_same_verdict(d, mu_thousandths):
    site_m2 = Fraction(mu_thousandths, 1000) * Fraction(10000, 15)
    as_mu = {**d, "site_area": f"{Decimal(mu_thousandths) / 1000} 亩"}
    # 亩 → m² is not a terminating decimal in general: compare 亩 with 公顷 = 亩/15 where exact,
    # and with m² where the value in m² terminates.
    as_ha = {**d, "site_area": f"{Decimal(mu_thousandths) / 15000:.12f} 公顷"}
    assume(not impossible(as_mu) and not impossible(as_ha))  # a site smaller than its parts is refused
    r_mu = check(as_mu, BOOK, DAY)
    if site_m2.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500, 1000):
        as_m2 = {**d, "site_area": f"{Decimal(site_m2.numerator) / Decimal(site_m2.denominator)} m2"}
        r_m2 = check(as_m2, BOOK, DAY)
        assert statuses(r_m2) == statuses(r_mu)
        assert [f.actual for f in r_m2.findings] == [f.actual for f in r_mu.findings]
    if (Fraction(mu_thousandths, 15000) * 10**12).denominator == 1:
        assert statuses(check(as_ha, BOOK, DAY)) == statuses(r_mu)


@settings(max_examples=60, deadline=None)
@given(designs(), st.sampled_from(["m2", "平方米", "㎡", "m²"]))
def test_every_spelling_of_square_metres_gives_the_same_findings(d, unit):
    respelled = {k: (v.replace(" m2", f" {unit}") if isinstance(v, str) and v.endswith(" m2") else v)
                 for k, v in d.items()}
    a, b = check(d, BOOK, DAY), check(respelled, BOOK, DAY)
    assert statuses(a) == statuses(b) and [f.actual for f in a.findings] == [f.actual for f in b.findings]


@settings(max_examples=150, deadline=None)
@given(designs())
def test_a_design_survives_a_json_round_trip(d):
    design = Design.model_validate(d)
    back = Design.model_validate(json.loads(json.dumps(design.to_json(), ensure_ascii=False)))
    assert back == design
    assert [f.to_json() for f in check(back, BOOK, DAY).findings] == \
        [f.to_json() for f in check(design, BOOK, DAY).findings]


APPROVAL = st.fixed_dictionaries({
    "source": st.sampled_from(["T〔2022〕1号", "T〔2022〕2号", "T〔2022〕3号", "T〔2023〕1号"]),
    "clause": st.sampled_from(["一", "二", "三"]),
    "replaces": st.sampled_from(["all", "amends"]),
    "published": st.sampled_from([True, True, True, False]),
    "far": st.decimals(min_value=Decimal("0.1"), max_value=Decimal("6"), places=1),
    "height": st.integers(6, 150),
})
SOURCES = ('sources:\n  "T〔2022〕1号": {date: 2022-01-01}\n  "T〔2022〕2号": {date: 2022-01-01}\n'
           '  "T〔2022〕3号": {date: 2022-07-01}\n  "T〔2023〕1号": {date: 2023-01-01}\n')


def _yaml(approvals) -> str:
    lines = [SOURCES, "plots:\n  P-1:\n    approvals:\n"]
    for a in approvals:
        body = (f'      - {{source: "{a["source"]}", clause: {a["clause"]}, replaces: {a["replaces"]}')
        if a["published"]:
            body += f', limits: {{far: {{max: {a["far"]}}}, height: {{max: {a["height"]} m}}}}}}\n'
        else:
            body += ", published: false}\n"
        lines.append(body)
    return "".join(lines)


@settings(max_examples=100, deadline=None)
@given(st.lists(APPROVAL, min_size=1, max_size=6,
                unique_by=lambda a: (a["source"], a["clause"])), st.randoms(use_true_random=False),
       st.sampled_from([dt.date(2021, 12, 31), dt.date(2022, 1, 1), dt.date(2022, 7, 1), dt.date(2024, 1, 1)]))
def test_the_order_of_approvals_in_a_file_does_not_change_what_is_in_force(approvals, rnd, day):
    shuffled = list(approvals)
    rnd.shuffle(shuffled)
    a = build([loads(_yaml(approvals), "a.yaml")]).resolve("P-1", day)
    b = build([loads(_yaml(shuffled), "b.yaml")]).resolve("P-1", day)
    assert a.status == b.status
    assert {k: (v.limit, v.approval.source.id, v.approval.clause) for k, v in a.limits.items()} == \
        {k: (v.limit, v.approval.source.id, v.approval.clause) for k, v in b.limits.items()}
