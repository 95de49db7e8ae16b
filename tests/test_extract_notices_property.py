"""Properties of notices: the old figures never change the limits, nor do line breaks or the choice
between ASCII and full-width punctuation.

* Before/after: a notice's old-figures paragraph (原出让合同指标 …, 原控规指标 …, 调整前 …) with
  random figures may be inserted before its new figures, or removed, and the limits stay the same.
* Layout: the body of any notice of tests/fixtures/letters/ re-wrapped at random places (blank lines
  and spaces added) and with random punctuation switched between ASCII and full-width forms gives
  the same limits, plot by plot.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from rewrapped import cut_and_spaced
from zoning_rules.extract import extract_text

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"
NOTICES = sorted(LETTERS.glob("notice_*.txt"))
FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "%": "％", "~": "～", "<": "＜", ">": "＞"}
ASCII = {v: k for k, v in FULL.items()}

# Notices whose new figures follow a line that an old-figures paragraph may precede.
BEFORE_AFTER = {
    "notice_01_certificate_before_after.txt": "变更后指标：",
    "notice_09_old_control_plan_paragraph.txt": "调整后指标：",
    "notice_04_floor_area_cap.txt": "调整后：",
}
OLD_MARKERS = ["原出让合同指标：", "原控规指标：", "调整前：", "原规划条件为", "调整前指标为", "原土地出让合同约定："]


def limits(text: str) -> dict:
    """Plot → limits, values NFKC-folded (a full-width ２.２ is the same figure as 2.2)."""
    draft = extract_text(text, "n.txt")
    fold = lambda v: unicodedata.normalize("NFKC", v) if isinstance(v, str) else (  # noqa: E731
        {k: fold(x) for k, x in v.items()} if isinstance(v, dict) else v)
    return {p: [fold(a.get("limits", {})) for a in approvals] for p, approvals in draft.plots.items()}


def without_old(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if not re.match(r"\s*(原出让合同指标|原控规指标)", ln)) + "\n"


@st.composite
def old_paragraph(draw) -> str:
    marker = draw(st.sampled_from(OLD_MARKERS))
    figures = [
        f"容积率≤{draw(st.integers(1, 40)) / 10}",
        f"建筑密度{draw(st.sampled_from(['≤', '不大于', '<']))}{draw(st.integers(5, 60))}%",
        f"绿地率{draw(st.sampled_from(['≥', '不低于', '不小于']))}{draw(st.integers(5, 45))}%",
        f"建筑{draw(st.sampled_from(['高度≤', '限高']))}{draw(st.integers(6, 150))}米",
        f"用地性质为{draw(st.sampled_from(['一类工业用地（M1）', '商业用地（B1）', '二类居住用地']))}",
    ]
    chosen = draw(st.lists(st.sampled_from(figures), min_size=1, max_size=5, unique=True))
    sep = draw(st.sampled_from(["，", "；", "、"]))
    return marker + sep.join(chosen) + "。"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(BEFORE_AFTER)), paragraphs=st.lists(old_paragraph(), max_size=2))
def test_inserting_or_removing_the_old_figures_paragraph_never_changes_the_limits(name, paragraphs):
    text = (LETTERS / name).read_text(encoding="utf-8")
    bare = without_old(text)
    want = limits(bare)
    assert want and all(want.values())
    assert limits(text) == want
    new_line = BEFORE_AFTER[name]
    at = bare.index(new_line)
    with_old = bare[:at] + "".join(p + "\n" for p in paragraphs) + bare[at:]
    assert limits(with_old) == want


def relayout(text: str, data) -> str:
    """Keep the first line (a letter's issuer, a notice's title); re-wrap the rest anywhere."""
    lines = text.splitlines()
    head, rest = lines[0], "".join(lines[1:])
    out = cut_and_spaced(rest, data, every=6)
    body = ("\n\n" if data.draw(st.booleans(), label="blank lines") else "\n").join(out)
    switched = []
    for ch in body:
        swap = FULL.get(ch) or ASCII.get(ch)
        switched.append(swap if swap and data.draw(st.booleans(), label="switch") else ch)
    return head + "\n" + "".join(switched) + "\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rewrapping_lines_and_switching_ascii_and_full_width_punctuation_never_changes_the_limits(data):
    path = data.draw(st.sampled_from(NOTICES), label="notice")
    text = path.read_text(encoding="utf-8")
    assert limits(relayout(text, data)) == limits(text)


def test_the_notices_the_properties_use_do_yield_limits():
    assert len(NOTICES) >= 10
    assert all(limits(p.read_text(encoding="utf-8")) for p in NOTICES)
