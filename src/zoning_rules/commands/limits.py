"""``zoning-rules limits PLOT``: the limits in force, each with its letter, and the history."""
from __future__ import annotations

import json

import click

from ._options import as_of_option, lang_option, rules_option, rulebook


@click.command()
@click.argument("plot")
@as_of_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
def limits(plot, as_of, rules, fmt, lang):
    """Show the limits in force for PLOT and the plot's approvals."""
    from ..dates import parse_date
    from ..rulebook.views import resolution_json

    book = rulebook(rules)
    res = book.resolve(plot, parse_date(as_of))
    data = resolution_json(res)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    click.echo(_text(data, lang))
    return 0


def _text(d: dict, lang: str) -> str:
    zh = lang == "zh"
    status = {"in_force": ("有生效批复", "in force"), "unpublished": ("已调整，指标未公布", "adjusted, values unpublished"),
              "none": ("无生效批复", "no approval in force")}[d["status"]]
    lines = [f"{'地块' if zh else 'plot'} {d['plot']}  {'截至' if zh else 'as of'} {d['as_of']}: "
             f"{status[0] if zh else status[1]}"]
    if d.get("land_use"):
        lu = d["land_use"]
        label = f"{lu['name']}（{lu['code']}）" if lu.get("code") and lu.get("name") else (lu.get("name") or lu.get("code"))
        lines.append(f"  {'用地性质' if zh else 'land use'}: {label}  〔{lu['source']['document']}〕")
    if d.get("area"):
        a = d["area"]
        lines.append(f"  {'用地面积' if zh else 'site area'}: {('约' if zh else 'approx. ') if a['approx'] else ''}{a['written']}"
                     f"  〔{a['source']['document']}〕")
    for key, lim in d["limits"].items():
        src = lim["source"]
        clause = f" {'第' + src['clause'] + '条' if zh else 'clause ' + src['clause']}" if src.get("clause") else ""
        lines.append(f"  {lim['text'] if zh else lim['text_en']}  〔{src['document']}{clause}，{src['date']}〕")
    if d.get("unpublished_by"):
        u = d["unpublished_by"]
        lines.append(f"  {'调整后指标未公布' if zh else 'adjusted without published values'}: {u['document']} {u['date']}")
    if d.get("succeeded_by"):
        lines.append(f"  {'已拆分/合并为' if zh else 'split or merged into'}: {', '.join(d['succeeded_by'])}")
    from ..textsafe import shown

    for h in d["history"]:  # an approval in force whose values nobody could read: said before anything else
        if h["in_force"] and h.get("review"):
            lines.append(f"  {'待核定（核对结论无法判定）' if zh else 'to be settled (checks stay indeterminate)'} "
                         f"〔{h['source']['document']}〕:")
            lines += [f"    - {shown(item)}" for item in h["review"]]
    lines.append(f"  {'批复记录' if zh else 'history'}:")
    for h in d["history"]:
        mark = "*" if h["in_force"] else " "
        lines.append(f"   {mark} {h['effective']}  {h['source']['document']}"
                     f"{' ' + (h['clause'] or '') if h['clause'] else ''}"
                     f"{'' if h['published'] else ('  （未公布指标）' if zh else '  (values unpublished)')}")
    return "\n".join(lines)
