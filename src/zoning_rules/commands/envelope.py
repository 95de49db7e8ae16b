"""``zoning-rules envelope PLOT``: what the limits in force allow on a plot, each with its source."""
from __future__ import annotations

import json

import click

from ._options import as_of_option, lang_option, rules_option, rulebook


@click.command()
@click.argument("plot")
@click.option("--site-area", "site_area", metavar="AREA",
              help="用地面积, e.g. 47333, '47333 m2' or '71 亩' (default: the letter's, if it states one).")
@as_of_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
def envelope(plot, site_area, as_of, rules, fmt, lang):
    """The buildable envelope of PLOT: largest 计容建筑面积 and footprint, least green area, height,
    parking, setbacks, entrance side and land use, each with the letter, clause and date."""
    from ..envelope import envelope as build

    env = build(plot, site_area=site_area, as_of=as_of, rulebook=rulebook(rules))
    if fmt == "json":
        click.echo(json.dumps(env.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(text(env, lang), nl=False)
    return 0


REASON = {
    "zh": {"no_limit_on_record": "生效批复未规定", "limit_without_number": "限值未给出数值",
           "site_area_unknown": "用地面积未知（请用 --site-area 给出）", "unpublished": "调整后指标未公布",
           "no_approval_in_force": "无生效批复"},
    "en": {"no_limit_on_record": "no limit on record", "limit_without_number": "the limit has no number",
           "site_area_unknown": "site area unknown (give --site-area)", "unpublished": "adjusted values unpublished",
           "no_approval_in_force": "no approval in force"},
}
STATUS = {"zh": {"in_force": "有生效批复", "unpublished": "已调整但指标未公布", "none": "无生效批复"},
          "en": {"in_force": "approvals in force", "unpublished": "adjusted, values unpublished",
                 "none": "no approval in force"}}


def text(env, lang: str = "zh") -> str:
    from .. import fmt
    from ..reporters.text import width

    zh = lang == "zh"
    lines = [(f"地块 {env.plot}  ·  截至 {env.as_of}  ·  {STATUS['zh'][env.plot_status]}" if zh else
              f"plot {env.plot}  ·  as of {env.as_of}  ·  {STATUS['en'][env.plot_status]}")]
    s = env.site_area
    if s.value is None:
        lines.append("用地面积：未知（批复未载明，面积类指标无法确定）" if zh else
                      "site area: unknown (no letter states it; area-based figures are indeterminate)")
    elif s.origin == "given":
        lines.append(f"用地面积：{fmt.area(s.value)}（给定：{s.written}）" if zh else
                     f"site area: {fmt.area(s.value)} (given: {s.written})")
    else:
        src = s.approval.source.id if s.approval else ""
        if zh:
            why = f"，{s.note}" if s.note else ""
            approx = f"，近似值，面积类结果仅供参考，以实测用地面积为准" if s.approx else ""
            lines.append(f"用地面积：{'约' if s.approx else ''}{s.written} = {fmt.area(s.value)}"
                         f"（批复 {src}{why}{approx}）")
        else:
            why = f", {s.note}" if s.note else ""
            approx = "; approximate — area-based figures are indicative, use the surveyed site area" if s.approx else ""
            lines.append(f"site area: {'approx. ' if s.approx else ''}{s.written} = {fmt.area(s.value)} "
                         f"(letter {src}{why}{approx})")
    rows = []
    for item in env.items:
        label = item.label_zh if zh else item.label_en
        value = item.text(lang) if item.value is not None else (
            ("无法确定：" if zh else "indeterminate: ") + REASON[lang].get(item.reason, item.reason))
        basis = item.basis_zh if zh else item.basis_en
        rows.append((label, value, item.source_text(lang), basis))
    w0 = max(width(r[0]) for r in rows)
    w1 = max(width(r[1]) for r in rows)
    w2 = max(width(r[2]) for r in rows)
    for label, value, src, basis in rows:
        line = (f"  {label}{' ' * (w0 - width(label))}  {value}{' ' * (w1 - width(value))}  "
                f"{src}{' ' * (w2 - width(src))}  {basis}")
        lines.append(line.rstrip())
    if env.planned:
        lines.append("批复所载规划面积（参考，非限值）：" if zh else "planned areas stated in the letter (for reference, not limits):")
        names = {"floor_area": ("地上建筑面积", "above-ground floor area"),
                 "residential_floor_area": ("住宅建筑面积", "residential floor area"),
                 "commercial_floor_area": ("商业等服务设施建筑面积", "commercial floor area")}
        for key, stated, approval in env.planned:
            name = names.get(key, (key, key))[0 if zh else 1]
            approx = ("约" if zh else "approx. ") if stated.approx else ""
            lines.append(f"  {name}  {approx}{stated.amount.written} = {fmt.area(stated.amount.value)}  {approval.source.id}")
    return "\n".join(lines) + "\n"
