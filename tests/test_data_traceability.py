"""Every value in data/plots.yaml is proven against the letter and clause it cites in the seed.

Independent of the extractor: the seed is cut into letters by their headers, footers are removed,
and each approval's quoted clause is found in its letter.  Every figure of the quote must be a limit
of the approval and every limit must be a figure of the quote, so nothing is invented or left out.
"""
from __future__ import annotations

import re
from fractions import Fraction

import pytest

from zoning_rules.rulebook.model import normalize_document

FOOTER = re.compile(r"^\s*(咨询单位：.*|咨询电话：.*|政 策 咨 询|扫码咨询)\s*$")
CN_NUM = "一二三四五六七八九十"


def letters(seed: str) -> dict[str, dict]:
    """Document number → {'flat': text without white space or footers, 'date': (y, m, d)}."""
    lines = seed.splitlines()
    def next_text(i: int) -> str:
        return next((ln.strip() for ln in lines[i + 1:i + 4] if ln.strip()), "")

    starts = [i for i, line in enumerate(lines)
              if line.strip() in ("吕梁市人民政府", "吕梁市人民政府办公室")
              and next_text(i).startswith("关于")]
    out = {}
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        body = [ln for ln in lines[a:b] if not FOOTER.match(ln)]
        flat = re.sub(r"\s+", "", "".join(body))
        m = re.search(r"(吕政办?函〔\d{4}〕\d+号)", flat)
        if not m:
            continue
        dates = re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", flat)
        out[m.group(1)] = {"flat": flat, "date": tuple(map(int, dates[-1])) if dates else None,
                           "doc_pos": m.start()}
    return out


@pytest.fixture(scope="module")
def seed_letters(seed_text):
    return letters(seed_text)


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _num(text: str) -> Fraction:
    return Fraction(text)


def figures(quote: str) -> set[tuple]:
    """Every control figure written in a clause, as (indicator, bound, exact value)."""
    q = _flat(quote)
    out: set[tuple] = set()
    for op, v in re.findall(r"容积率(≤|≥|<|>)(\d+(?:\.\d+)?)", q):
        out.add(("far", "max" if op in "≤<" else "min", _num(v)))
    for op, v in re.findall(r"建筑密度(≤|≥)(\d+(?:\.\d+)?)%", q):
        out.add(("building_density", "max" if op == "≤" else "min", _num(v) / 100))
    for op, v in re.findall(r"绿地率(≤|≥)(\d+(?:\.\d+)?)%", q):
        out.add(("green_ratio", "max" if op == "≤" else "min", _num(v) / 100))
    for v in re.findall(r"建筑(?:高度≤|限高)(\d+(?:\.\d+)?)(?:m|米)", q):
        out.add(("height", "max", _num(v)))
    for v in re.findall(r"停车泊位≥(\d+)个", q):
        out.add(("parking_spaces", "min", _num(v)))
    for side in re.findall(r"出入口方位位于用地([东南西北])侧", q):
        out.add(("entrance_side", "equals", {"东": "east", "南": "south", "西": "west", "北": "north"}[side]))
    for v in re.findall(r"道路红线不得小于(\d+(?:\.\d+)?)米", q):
        out.add(("setback", "min", _num(v)))
    for v in re.findall(r"大型商业建筑[^；。]*?不小于(\d+(?:\.\d+)?)米", q):
        out.add(("setback", "min_large_commercial", _num(v)))
    return out


def limits_as_figures(approval) -> set[tuple]:
    out = set()
    for key, limit in approval.limits.items():
        if limit.max is not None:
            out.add((key, "max", limit.max.value))
        if limit.min is not None:
            out.add((key, "min", limit.min.value))
        if limit.min_large_commercial is not None:
            out.add((key, "min_large_commercial", limit.min_large_commercial.value))
        if limit.equals is not None and key == "entrance_side":
            out.update((key, "equals", s) for s in limit.equals)
    return out


def all_approvals(book):
    for key, approvals in book.approvals.items():
        for a in approvals:
            yield book.names[key], a


def test_every_source_is_a_letter_of_the_seed_with_its_date_and_request(book, seed_letters):
    for sid, src in book.sources.items():
        assert sid in seed_letters, f"{sid} is not a letter of the seed"
        letter = seed_letters[sid]
        assert letter["date"] == (src.date.year, src.date.month, src.date.day), sid
        if src.request:
            assert _flat(src.request) in letter["flat"], f"{sid}: request {src.request} not in the letter"
        if src.title:
            assert _flat(src.title).removeprefix("吕梁市人民政府办公室").removeprefix("吕梁市人民政府") \
                in letter["flat"], f"{sid}: title not in the letter"


def test_every_quote_stands_in_the_cited_letter_under_the_cited_clause(book, seed_letters):
    checked = 0
    for plot, a in all_approvals(book):
        assert a.quote, f"{plot}: approval from {a.source.id} has no quote to prove it"
        flat = seed_letters[a.source.id]["flat"]
        q = _flat(a.quote)
        pos = flat.find(q)
        assert pos >= 0, f"{plot}: quote not found in {a.source.id}: {a.quote}"
        head = flat[:pos]
        tops = [m for m in re.finditer(rf"([{CN_NUM}]+)、", head)]
        assert tops, f"{plot}: no clause marker before the quote"
        top = tops[-1]
        m = re.fullmatch(rf"([{CN_NUM}]+)(（[{CN_NUM}]+）)?", a.clause or "")
        assert m, f"{plot}: clause {a.clause!r} is not of the form 二 or 三（一）"
        assert top.group(1) == m.group(1), f"{plot}: quote is under clause {top.group(1)}, data says {a.clause}"
        if m.group(2):
            subs = re.findall(rf"（[{CN_NUM}]+）", head[top.end():])
            assert subs and subs[-1] == m.group(2), f"{plot}: sub-clause differs ({subs[-1:]} vs {a.clause})"
        checked += 1
    assert checked >= 30


def test_every_figure_of_a_quote_is_a_limit_and_every_limit_is_a_figure(book):
    for plot, a in all_approvals(book):
        assert figures(a.quote) == limits_as_figures(a), f"{plot} ({a.source.id} {a.clause})"


def test_every_plot_an_approval_names_is_named_in_its_quote(book):
    for plot, a in all_approvals(book):
        q = _flat(a.quote)
        if plot.startswith("货源街"):
            assert ("（一）" if "南" in plot else "（三）") in a.clause
            continue
        assert plot in q, f"{plot} not named in its quote"


def test_land_use_and_areas_read_as_in_the_letter(book, seed_letters):
    for plot, a in all_approvals(book):
        q = _flat(a.quote)
        if a.land_use is not None:
            assert a.land_use.name and a.land_use.name in q, f"{plot}: land use {a.land_use.name}"
            codes = re.findall(r"用地（([A-Z0-9]+)）", q)
            assert codes == ([a.land_use.code] if codes else []), f"{plot}: code {codes}"
        else:
            assert "用地性质" not in q or not a.published, f"{plot}: land use in the quote but not in the data"
        areas = re.findall(r"用地面积(?:为)?(约)?(\d+(?:\.\d+)?)平方米", q)
        if a.area is None:
            assert not areas, f"{plot}: area in the quote but not in the data"
        elif areas:
            approx, value = areas[0]
            assert a.area.amount.value == Fraction(value) and a.area.approx == bool(approx), plot
        else:  # only in the title: approximate by definition
            title = _flat(seed_letters[a.source.id]["flat"][: seed_letters[a.source.id]["doc_pos"]])
            assert f"{a.area.amount.written.split()[0]}亩" in title and a.area.approx, plot
        planned = dict(re.findall(r"(地上|住宅|商业等服务设施)建筑面积约(\d+(?:\.\d+)?)万平方米", q))
        names = {"地上": "floor_area", "住宅": "residential_floor_area",
                 "商业等服务设施": "commercial_floor_area"}
        assert {names[k]: Fraction(v) * 10000 for k, v in planned.items()} == \
            {k: s.amount.value for k, s in a.planned.items()}, plot
        assert all(s.approx for s in a.planned.values())


def test_every_plot_code_of_a_control_adjustment_letter_is_in_the_data(book, seed_letters):
    known = set(book.names.values())
    for sid, letter in seed_letters.items():
        if "控规调整" not in letter["flat"][:letter["doc_pos"]]:
            continue
        for code in re.findall(r"[A-Z]{1,3}-\d{2}-\d{2}", letter["flat"]):
            assert code in known, f"{code} of {sid} is missing from data/plots.yaml"
        assert sid in book.sources


def test_letters_that_adjust_without_values_are_unpublished(book):
    for plot in ("JR-12-20", "JR-16-02", "BF-06-06"):
        (a,) = book.history(plot)
        assert a.published is False and not a.limits and a.land_use is None


def test_planning_letters_without_plot_limits_are_sources_only(book):
    cited = {a.source.id for _, a in all_approvals(book)}
    for n in (4, 5, 11, 23, 31, 45, 54):
        sid = normalize_document(f"吕政函〔2021〕{n} 号")
        assert sid in book.sources and book.sources[sid].plot_limits is False
        assert sid not in cited
