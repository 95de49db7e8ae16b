"""A batch with every kind of outcome, shared by the reporter tests (not a test module itself)."""
from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES

AS_OF = "2022-01-01"

DESIGNS = {
    "pass.yaml": (EXAMPLES / "bz-13-10-pass.yaml").read_text(encoding="utf-8"),
    "fail.yaml": (EXAMPLES / "bz-13-10-fail.yaml").read_text(encoding="utf-8"),
    # 吕政函〔2021〕46号 adjusted JR-12-20 without publishing values: indeterminate, never a pass
    "unpublished.yaml": "plot: JR-12-20\nname: 金融商业组团方案\nsite_area: 2 公顷\nheight: 30 m\n",
    # a height failure covered by an approved exception, and a declared FAR that disagrees (warn)
    "waived.yaml": (
        "plot: BZ-13-13\n"
        "name: 北部综合组团 BZ-13-13 方案\n"
        "land_use: RB\n"
        "site_area: 24000 m2\n"
        "floor_area: 57000 m2\n"
        "footprint_area: 7000 m2\n"
        "green_area: 8500 m2\n"
        "far: 2.30\n"
        "height: 52 m\n"
        "waivers:\n"
        "  - indicator: ZR-HEIGHT\n"
        "    document: 吕自然资函〔2022〕15号\n"
        "    reason: 超高部分为屋顶构架，经专题论证同意\n"
    ),
    # 吕政函〔2021〕20号: parking and entrance side on a bus-station plot, both broken
    "station.yaml": (
        "plot: BF-06-05\n"
        "land_use: 公共交通场站用地\n"
        "site_area: 8657 m2\n"
        "floor_area: 2000 m2\n"
        "footprint_area: 2000 m2\n"
        "green_area: 1800 m2\n"
        "height: 11 m\n"
        "parking_spaces: 50\n"
        "entrance_side: 北\n"
    ),
}


def write_designs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in DESIGNS.items():
        p = folder / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def make_batch(folder: Path):
    from zoning_rules import check, load_rulebook
    from zoning_rules.report import BatchReport

    book = load_rulebook()
    return BatchReport(tuple(check(p, book, AS_OF) for p in write_designs(folder)))
