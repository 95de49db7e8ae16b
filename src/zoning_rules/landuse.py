"""Land-use classes: GB 50137-2011 codes, 2023 用地用海分类 codes and Chinese names as written.

Letters often give only the Chinese name (公共交通场站用地); designs may give any of the three.
A land use keeps the name as written and gains the codes that can be known for it.  Mappings to
the 2023 classification are those listed in ../shared/DOMAIN.md §6; others are left unknown rather
than guessed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# GB 50137-2011 城市建设用地 (plus E1 水域 and the local mixed code RB): code → name.
GB50137: dict[str, str] = {
    "R": "居住用地", "R1": "一类居住用地", "R2": "二类居住用地", "R3": "三类居住用地",
    "A": "公共管理与公共服务设施用地", "A1": "行政办公用地", "A2": "文化设施用地",
    "A3": "教育科研用地", "A31": "高等院校用地", "A32": "中等专业学校用地", "A33": "中小学用地",
    "A34": "特殊教育用地", "A35": "科研用地", "A4": "体育用地", "A5": "医疗卫生用地",
    "A6": "社会福利用地", "A7": "文物古迹用地", "A8": "外事用地", "A9": "宗教用地",
    "B": "商业服务业设施用地", "B1": "商业用地", "B2": "商务用地", "B3": "娱乐康体用地",
    "B4": "公用设施营业网点用地", "B41": "加油加气站用地", "B9": "其他服务设施用地",
    "M": "工业用地", "M1": "一类工业用地", "M2": "二类工业用地", "M3": "三类工业用地",
    "W": "物流仓储用地", "W1": "一类物流仓储用地", "W2": "二类物流仓储用地", "W3": "三类物流仓储用地",
    "S": "道路与交通设施用地", "S1": "城市道路用地", "S2": "城市轨道交通用地", "S3": "交通枢纽用地",
    "S4": "交通场站用地", "S41": "公共交通场站用地", "S42": "社会停车场用地", "S9": "其他交通设施用地",
    "U": "公用设施用地", "U1": "供应设施用地", "U2": "环境设施用地", "U3": "安全设施用地",
    "U31": "消防用地", "U32": "防洪用地", "U9": "其他公用设施用地",
    "G": "绿地与广场用地", "G1": "公园绿地", "G2": "防护绿地", "G3": "广场用地",
    "E1": "水域",
    # Local mixed code, not in GB 50137 (see DOMAIN.md §6).
    "RB": "商住用地",
}

# GB 50137-2011 → 2023 用地用海分类, only where DOMAIN.md gives it.
TO_2023: dict[str, str] = {
    "R2": "070102", "B1": "0901", "B41": "090105", "S41": "120802", "S42": "120803",
    "W1": "110101", "U31": "1310", "A33": "080403", "G1": "1401", "G2": "1402", "G3": "1403",
    "E1": "17",
}
_FROM_2023 = {v: k for k, v in TO_2023.items()}


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"[\s、，,（）()]", "", text)
    return text[:-2] if text.endswith("用地") and len(text) > 2 else text


_BY_NAME = {_name_key(n): c for c, n in GB50137.items()}


@dataclass(frozen=True, slots=True)
class LandUse:
    """A land use as written, with whichever codes are known for it."""

    name: str | None
    code: str | None  # GB 50137-2011 (or the local RB)
    code_2023: str | None
    written: str

    @property
    def label(self) -> str:
        if self.name and self.code:
            return f"{self.name}（{self.code}）"
        return self.name or self.code or self.written

    def to_json(self) -> dict:
        return {"code": self.code, "code_2023": self.code_2023, "name": self.name,
                "written": self.written}


def resolve(written: str | None = None, *, code: str | None = None, name: str | None = None) -> LandUse:
    """Resolve a land use given as a code, a 2023 code or a Chinese name (or a code and a name)."""
    text = unicodedata.normalize("NFKC", (written or code or name or "")).strip()
    found_code = None
    found_name = name
    for candidate in (code, written):
        if not candidate:
            continue
        c = unicodedata.normalize("NFKC", candidate).strip().upper()
        if c in GB50137:
            found_code = c
            break
        if c in _FROM_2023:
            found_code = _FROM_2023[c]
            break
        key = _name_key(candidate)
        if key in _BY_NAME:
            found_code = _BY_NAME[key]
            found_name = found_name or candidate.strip()
            break
        if found_name is None and not re.fullmatch(r"[A-Za-z0-9]+", c):
            found_name = candidate.strip()
    if found_name is None and found_code is not None:
        found_name = GB50137[found_code]
    if found_code is None and found_name is not None and _name_key(found_name) in _BY_NAME:
        found_code = _BY_NAME[_name_key(found_name)]
    return LandUse(name=found_name, code=found_code,
                   code_2023=TO_2023.get(found_code) if found_code else None, written=text)


#: Local mixed codes and the GB 50137 major classes they mix.
MIXED = {"RB": ("R", "B")}


def same(a: LandUse, b: LandUse) -> bool | None:
    """Whether design land use ``a`` falls within approved land use ``b``: True, False, or None when
    it cannot be told.

    A subclass is within its class (B1 within B); a class given for an approved subclass (B for B1)
    may or may not be it, and a mixed 商住 (RB) plot may or may not admit a pure R or B use: both are
    for an officer to judge.  A name with no known code (商业、居住混合用地) matches only the same
    name; against anything else it cannot be decided, and we do not guess.
    """
    if a.code and b.code:
        if a.code == b.code or (a.code.startswith(b.code) and a.code not in MIXED and b.code not in MIXED):
            return True
        if b.code.startswith(a.code) or _mixes(a.code, b.code) or _mixes(b.code, a.code):
            return None
        return False
    if a.name and b.name and _name_key(a.name) == _name_key(b.name):
        return True
    return None


def _mixes(mixed: str, other: str) -> bool:
    return any(other.startswith(major) for major in MIXED.get(mixed, ()))
