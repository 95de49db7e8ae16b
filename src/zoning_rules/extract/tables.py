"""Tables of indicators typed as text rows, one plot per row, cells apart by spaces or tabs.

Notices often give the new figures as a table copied from a web page or a PDF::

    地块编号  用地性质  用地面积（公顷）  容积率  建筑密度（%）  绿地率（%）  建筑限高（米）
    XD-12-03  R2       3.21            ≤2.5    ≤25          ≥35        80

The flat text has lost the white space, so the table is found on the source lines with the offsets
where white space was dropped (``Flat.gaps``): a header line naming a plot-code column and at least
two indicators, then the rows with as many cells whose code cell is a plot code.  Each row is
rewritten as the statement it stands for (``用地性质:R2,用地面积:3.21公顷,容积率:≤2.5,建筑密度:≤25%,…``)
— a unit given only in the header is added to a figure written without one — and read by
``limits.parse`` like any other statement, so a table and prose give the same limits.  A row that
cannot be lined up with the header (more or fewer cells) is never guessed: it is a review item.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from . import limits as L
from .clean import Flat, fold_text

CODE_COLUMN = re.compile(r"(?:地块|宗地)?(?:编号|代码|编码)|地块号?|宗地号")   # not 用地代码 (the land use)
INDICATOR_COLUMN = re.compile(r"容积率|建筑密度|绿地率|建筑(?:高度|限高)|限高|(?:总)?计容(?:总)?建筑面积|"
                              r"(?:机动车)?(?:停车泊位|停车位|泊位)数?")
INDICATOR_NAME = re.compile(rf"[\u4e00-\u9fff]{{0,6}}(?:{INDICATOR_COLUMN.pattern})[\u4e00-\u9fff]{{0,4}}"
                            r"(?:\([^()]{1,10}\))?")
VALUE_LIKE = re.compile(r"[\d:≤≥<>=~%]")
# A table of one indicator per row, its figures before and after: 指标名称 | 变更前 | 变更后.
ITEM_HEAD = re.compile(r"(?:主要|规划|控制|技术)*(?:指标|项目|内容)(?:名称)?|名称|类别|序号")
OLD_COLUMN = re.compile(r"(?:变更|调整|修改)前(?:指标|内容|规划条件)?|原[\u4e00-\u9fff]{0,8}|现状[\u4e00-\u9fff]{0,4}")
NEW_COLUMN = re.compile(r"(?:变更|调整|修改)后(?:指标|内容|规划条件)?|(?:调整|变更)为|拟(?:调整|变更)[\u4e00-\u9fff]{0,4}|"
                        r"新[\u4e00-\u9fff]{0,4}|申请[\u4e00-\u9fff]{0,4}")
# A unit in the header: 用地面积（公顷）, 建筑密度(%), 建筑限高（米）, 用地面积(㎡).
HEADER_UNIT = re.compile(rf"^(?P<name>[^()]+)\((?P<unit>%|{L.AREA_UNIT}|米|m|M|个|辆)\)$")
EMPTY = re.compile(r"^(?:[—–-]+|/|\\|无|不限|未规定)$")
SKIPPED = re.compile(r"序号|编号序号")
LAND_USE_COLUMN = re.compile(r"用地(?:性质|类别|分类|代码)|性质|用地名称|用途")


@dataclass(frozen=True)
class Table:
    start: int                 # the header's first character
    end: int                   # just past the last row (or unreadable row)
    header: tuple              # column names as printed
    rows: tuple                # (start, end, cells as printed) of rows lined up with the header
    unread: tuple              # (start, end, cells as printed) of rows that could not be lined up
    kind: str = "plots"        # "plots": one plot per row; "before_after": one indicator per row
    old_col: int | None = None  # before_after: the column of the old figures (调整前), notes only
    new_col: int | None = None  # before_after: the column of the new figures (调整后), the limits


def _cells(flat: Flat, s: int, e: int) -> list[tuple[int, int]]:
    gaps = flat.gaps
    cuts = [g for g in gaps[bisect_left(gaps, s + 1):bisect_left(gaps, e)]]
    bounds = [s] + cuts + [e]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _is_code(norm: str) -> bool:
    """A plot code cell: XD-12-03, A-01, 03-12, also written with 地块 after it, or a place and a
    number (西街街道12号)."""
    norm = norm[:-2] if norm.endswith("地块") else norm
    return any(re.fullmatch(p, norm) for p in (L.LOOSE, L.CODE, L.SHORT, L.DIGITS)) or \
        (re.fullmatch(L.PLACE.replace("(?=地块|[、,和及与])", ""), norm) is not None and L.place_start(norm) == 0)


def find(flat: Flat, lo: int, hi: int) -> list[Table]:
    """Every table of text rows between offsets lo and hi (linear in the number of lines)."""
    norm, starts = flat.norm, flat.line_starts
    if not flat.gaps or bisect_left(flat.gaps, lo) == bisect_left(flat.gaps, hi):
        return []
    out = []
    k = bisect_left(starts, lo)
    ends = _Ends(flat)
    while k < len(starts) and starts[k] < hi:
        s, e = starts[k], min(ends[k], hi)
        cells = _cells(flat, s, e)
        names = [norm[a:b] for a, b in cells]
        if len(cells) >= 3 and ITEM_HEAD.fullmatch(names[0]):
            old_col = next((i for i, n in enumerate(names) if i and OLD_COLUMN.fullmatch(n)), None)
            new_col = next((i for i, n in enumerate(names) if i and NEW_COLUMN.fullmatch(n)), None)
            if new_col is not None:
                table, k = _rows(flat, k, cells, hi, ends, lambda row: bool(re.match(r"[\u4e00-\u9fff]",
                                                                                norm[row[0][0]:row[0][1]])))
                out.append(Table(**table, kind="before_after", old_col=old_col, new_col=new_col))
                continue
        code_col = next((i for i, n in enumerate(names) if CODE_COLUMN.fullmatch(n)), None)
        indicators = sum(1 for n in names if INDICATOR_NAME.fullmatch(n))
        # A header is names only: a line of prose or of "name: value" fields apart by spaces
        # (地块编号：B-4-1 容积率：≤2.3) has figures or colons in its cells and stays prose.
        if len(cells) < 3 or code_col is None or indicators < 2 or \
                any(VALUE_LIKE.search(re.sub(r"\([^()]{1,10}\)", "", n)) for n in names):
            k += 1
            continue
        table, k = _rows(flat, k, cells, hi, ends,
                         lambda row: _is_code(norm[row[code_col][0]:row[code_col][1]]))
        out.append(Table(**table))
    return out


class _Ends:
    """ends[k]: the offset just past source line k (computed on demand: a file of many letters
    must not copy its line table once per letter)."""

    def __init__(self, flat: Flat):
        self.starts, self.size = flat.line_starts, len(flat.text)

    def __getitem__(self, k: int) -> int:
        return self.starts[k + 1] if k + 1 < len(self.starts) else self.size


def _rows(flat: Flat, k: int, cells: list, hi: int, ends: _Ends, fits) -> tuple[dict, int]:
    """The rows under the header on line k: lines of at least two cells, up to the first that is
    not; those with as many cells as the header and ``fits`` are rows, the others unread."""
    starts = flat.line_starts
    rows, unread, j, last = [], [], k + 1, min(ends[k], hi)
    while j < len(starts) and starts[j] < hi:
        rs, re_ = starts[j], min(ends[j], hi)
        row = _cells(flat, rs, re_)
        if len(row) < 2:
            break
        printed = tuple(flat.text[a:b] for a, b in row)
        (rows if len(row) == len(cells) and fits(row) else unread).append((rs, re_, printed))
        last = re_
        j += 1
    return dict(start=starts[k], end=last, header=tuple(flat.text[a:b] for a, b in cells),
                rows=tuple(rows), unread=tuple(unread)), j


def before_after(table: Table) -> tuple[str, list[str], list[str]]:
    """A table of one indicator per row with old and new columns → (the new figures as one
    statement, notes quoting the old figures, review items).  Only the new column sets limits."""
    parts, notes, review = [], [], []
    for _, _, row in table.rows:
        name = fold_text(row[0])
        new = row[table.new_col]
        u = HEADER_UNIT.match(name)
        label, unit = (u["name"], u["unit"]) if u else (name, "")
        if table.old_col is not None:
            notes.append(f"调整前的指标（仅作记录，不是限值）：{row[0]} {row[table.old_col]}")
        if EMPTY.fullmatch(fold_text(new)) or re.fullmatch(r"不变|同原|维持不变|无变化", fold_text(new)):
            review.append(f"表格中“{row[0]}”调整后为“{new}”，未给出数值，未录入，需人工核定。")
            continue
        value = new + unit if unit and re.search(r"\d$", fold_text(new)) else new
        parts.append(f"{label}:{value}")
    return "，".join(parts) + ("。" if parts else ""), notes, review


def statement(table: Table, row: tuple) -> tuple[str, str, list[str], list[str]]:
    """(plot code, the row as a statement, notes on empty cells, review items) for one row."""
    header = [fold_text(h) for h in table.header]
    code_col = next(i for i, n in enumerate(header) if CODE_COLUMN.fullmatch(n))
    code = fold_text(row[code_col])
    code = code[:-2] if code.endswith("地块") else code
    parts, notes, review, land_use = [], [], [], []
    for i, (name, cell) in enumerate(zip(header, row)):
        if i == code_col or SKIPPED.fullmatch(name):
            continue
        shown = table.header[i]
        when = re.fullmatch(r"(?P<name>[^()]+)\((?P<when>[^()]+)\)(?P<rest>.*)", name)
        if when and OLD_COLUMN.fullmatch(when["when"]):
            # 容积率（调整前）: the figure being replaced, a note only
            notes.append(f"调整前的指标（仅作记录，不是限值）：{shown} {cell}")
            continue
        if when and NEW_COLUMN.fullmatch(when["when"]):
            name = when["name"] + when["rest"]   # 容积率（调整后）→ 容积率
        if EMPTY.fullmatch(fold_text(cell)):
            notes.append(f"表格中“{shown}”一栏为“{cell}”（未规定数值）。")
            continue
        u = HEADER_UNIT.match(name)
        label, unit = (u["name"], u["unit"]) if u else (name, "")
        value = cell
        if unit and re.search(r"\d$", fold_text(cell)):
            value = cell + unit
        if LAND_USE_COLUMN.search(label) and not INDICATOR_COLUMN.search(label):
            land_use.append(value)
            continue
        if re.search(r"面积", label) and not re.search(r"建筑面积", label):
            label = "用地面积"
        parts.append(f"{label}:{value}")
    if land_use:
        codes = [v for v in land_use if re.fullmatch(L.LU_CODE, fold_text(v))]
        names = [v for v in land_use if v not in codes]
        parts.insert(0, "用地性质:" + (f"{names[0]}({codes[0]})" if codes and names else land_use[0]))
        for extra in (codes[1:] + names[1:]) if codes and names else land_use[1:]:
            review.append(f"表格中另有用地栏“{extra}”，未录入，需人工核定。")
    return code, "，".join(parts) + "。", notes, review
