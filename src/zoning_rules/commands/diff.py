"""``zoning-rules diff OLD NEW`` and ``zoning-rules review DRAFT``: what changes, plot by plot.

For every plot, the limits in force on ``--as-of`` (default today) in the old book are compared with
those in the new one: new plots, plots gone, limits added / removed / changed (old → new), land-use
and site-area changes, plots becoming unpublished — each side with the letter and clause it comes
from.  Letters that appear for a plot on one side only are listed too.  ``review DRAFT`` is the diff
of a draft (from ``extract``) against the embedded book, followed by the draft's ``review:`` items.

Exit codes: 0 no difference (and nothing to review), 1 differences or review items, 2 bad input.
"""
from __future__ import annotations

import json

import click

from ._options import as_of_option, lang_option

_FMT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@click.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@as_of_option
@_FMT
@lang_option
def diff(old, new, as_of, fmt, lang):
    """Compare two rule files plot by plot (each read on its own)."""
    from ..dates import parse_date
    from ..rulebook import load_rulebook

    day = parse_date(as_of)
    result = diff_books(load_rulebook(old, embedded=False), load_rulebook(new, embedded=False), day)
    return _emit({"old": old, "new": new, "as_of": day.isoformat(), "plots": result, "review": []},
                 fmt, lang)


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@as_of_option
@_FMT
@lang_option
def review(draft, as_of, fmt, lang):
    """Compare a draft rule book with the embedded one and list what the draft leaves to review."""
    from ..dates import parse_date
    from ..rulebook import embedded_path, load_rulebook

    day = parse_date(as_of)
    new = load_rulebook(draft, embedded=False)
    result = diff_books(load_rulebook(), new, day)
    items = [{"plot": new.names[k], **a.ref(), "lines": list(a.lines) if a.lines else None, "item": r}
             for k, approvals in new.approvals.items() for a in approvals for r in a.review]
    items += [{"plot": "—", **src.ref(), "lines": None, "item": r}
              for src in new.sources.values() for r in src.review]
    return _emit({"old": str(embedded_path()), "new": draft, "as_of": day.isoformat(), "plots": result,
                  "review": items}, fmt, lang)


def _emit(data: dict, fmt: str, lang: str) -> int:
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render_text(data, lang))
    return 1 if data["plots"] or data["review"] else 0


# --- the comparison (pure) -------------------------------------------------------------------

def _limit_key(limit) -> tuple:
    v = lambda a: None if a is None else a.value  # noqa: E731 - written precision is display only
    return (v(limit.min), v(limit.max), limit.min_exclusive, limit.max_exclusive, limit.equals,
            v(limit.min_large_commercial), limit.text)


def _land_key(lu) -> tuple | None:
    from ..landuse import _name_key

    return None if lu is None else (lu.code, _name_key(lu.name) if lu.name else None)


def _ref(approval) -> dict:
    r = approval.ref()
    return {"document": r["document"], "clause": r.get("clause"), "date": r["date"]}


def _side(inf) -> dict | None:
    from .. import fmt

    if inf is None:
        return None
    return {"text": fmt.limit_text(inf.limit, "zh"), "text_en": fmt.limit_text(inf.limit, "en"),
            "source": _ref(inf.approval)}


def _state(res) -> dict:
    return {"status": res.status,
            "unpublished_by": _ref(res.unpublished_by) if res.unpublished_by else None,
            "letters": [_ref(a) for a in res.in_force]}


def diff_books(old, new, as_of) -> list[dict]:
    """One entry per plot whose rules differ on ``as_of`` (or whose letters differ), in book order."""
    keys = list(old.approvals) + [k for k in new.approvals if k not in old.approvals]
    out = []
    for k in keys:
        o = old.resolve(old.names[k], as_of) if k in old.approvals else None
        n = new.resolve(new.names[k], as_of) if k in new.approvals else None
        plot = (new.names if n is not None else old.names)[k]
        if o is None:
            out.append({"plot": plot, "change": "added", "new": _state(n),
                        "limits": [{"indicator": i, "old": None, "new": _side(inf)} for i, inf in n.limits.items()],
                        **_land(None, n), **_area(None, n)})
            continue
        if n is None:
            out.append({"plot": plot, "change": "removed", "old": _state(o),
                        "limits": [{"indicator": i, "old": _side(inf), "new": None} for i, inf in o.limits.items()],
                        **_land(o, None), **_area(o, None)})
            continue
        entry: dict = {"plot": plot, "change": "changed"}
        if o.status != n.status:
            entry["status"] = {"old": _state(o), "new": _state(n)}
            if n.status == "unpublished":
                entry["becomes_unpublished"] = _ref(n.unpublished_by)
        limits = []
        for i in list(o.limits) + [i for i in n.limits if i not in o.limits]:
            a, b = o.limits.get(i), n.limits.get(i)
            if a is None or b is None or _limit_key(a.limit) != _limit_key(b.limit):
                limits.append({"indicator": i, "old": _side(a), "new": _side(b)})
        if limits:
            entry["limits"] = limits
        entry.update(_land(o, n))
        entry.update(_area(o, n))
        old_letters = {(a.source.id, a.clause) for a in o.history}
        new_letters = {(a.source.id, a.clause) for a in n.history}
        if old_letters != new_letters:
            entry["letters"] = {
                "only_old": [_ref(a) for a in o.history if (a.source.id, a.clause) not in new_letters],
                "only_new": [_ref(a) for a in n.history if (a.source.id, a.clause) not in old_letters]}
        if len(entry) > 2:
            out.append(entry)
    return out


def _land(o, n) -> dict:
    a = o.land_use if o is not None else None
    b = n.land_use if n is not None else None
    ka = _land_key(a.limit.land_use) if a else None
    kb = _land_key(b.limit.land_use) if b else None
    if ka == kb:
        return {}
    side = lambda inf: None if inf is None else {"label": inf.limit.land_use.label, "source": _ref(inf.approval)}  # noqa: E731
    return {"land_use": {"old": side(a), "new": side(b)}}


def _area(o, n) -> dict:
    a = o.area if o is not None else None
    b = n.area if n is not None else None
    ka = None if a is None else (a[0].amount.value, a[0].approx)
    kb = None if b is None else (b[0].amount.value, b[0].approx)
    if ka == kb:
        return {}
    side = lambda x: None if x is None else {"written": ("约" if x[0].approx else "") + x[0].amount.written,  # noqa: E731
                                               "source": _ref(x[1])}
    return {"area": {"old": side(a), "new": side(b)}}


# --- text rendering ---------------------------------------------------------------------------

_WORDS = {
    "zh": {"added": "新增地块", "removed": "新文件中没有该地块", "changed": "有变化", "none": "无变化",
           "status": "状态", "unpublished": "变为已调整、指标未公布", "land_use": "用地性质", "area": "用地面积",
           "letters_old": "仅旧文件有的批复", "letters_new": "仅新文件有的批复", "review": "待复核",
           "absent": "（无）", "statuses": {"in_force": "有生效批复", "unpublished": "指标未公布", "none": "无生效批复"}},
    "en": {"added": "new plot", "removed": "plot absent from NEW", "changed": "changed", "none": "no differences",
           "status": "status", "unpublished": "becomes adjusted with unpublished values", "land_use": "land use",
           "area": "site area", "letters_old": "letters only in OLD", "letters_new": "letters only in NEW",
           "review": "to review", "absent": "(none)",
           "statuses": {"in_force": "in force", "unpublished": "values unpublished", "none": "no approval in force"}},
}


def _cite(ref: dict | None, zh: bool) -> str:
    if not ref:
        return ""
    clause = ref.get("clause")
    c = (f"第{clause}条" if zh else f" clause {clause}") if clause else ""
    return f"〔{ref['document']}{c}，{ref['date']}〕"


def render_text(data: dict, lang: str) -> str:
    zh = lang == "zh"
    w = _WORDS[lang]
    lines = [f"{data['old']} → {data['new']}  ({'截至' if zh else 'as of'} {data['as_of']})"]
    if not data["plots"]:
        lines.append(w["none"])

    def side(s: dict | None, key: str = "text") -> str:
        if s is None:
            return w["absent"]
        return f"{s[key if zh or key != 'text' else 'text_en']} {_cite(s.get('source'), zh)}"

    for p in data["plots"]:
        lines.append(f"{p['plot']}: {w[p['change']]}")
        for which in ("old", "new"):
            if which in p and p["change"] != "changed":
                st = p[which]
                lines.append(f"  {w['status']}: {w['statuses'][st['status']]} "
                             + " ".join(_cite(r, zh) for r in st["letters"]))
        if "status" in p:
            o, n = p["status"]["old"], p["status"]["new"]
            lines.append(f"  {w['status']}: {w['statuses'][o['status']]} → {w['statuses'][n['status']]}")
        if "becomes_unpublished" in p:
            lines.append(f"  {w['unpublished']} {_cite(p['becomes_unpublished'], zh)}")
        if "land_use" in p:
            lines.append(f"  {w['land_use']}: {side(p['land_use']['old'], 'label')} → "
                         f"{side(p['land_use']['new'], 'label')}")
        if "area" in p:
            lines.append(f"  {w['area']}: {side(p['area']['old'], 'written')} → {side(p['area']['new'], 'written')}")
        for lim in p.get("limits", ()):
            lines.append(f"  {lim['indicator']}: {side(lim['old'])} → {side(lim['new'])}")
        if "letters" in p:
            for key, label in (("only_old", w["letters_old"]), ("only_new", w["letters_new"])):
                if p["letters"][key]:
                    lines.append(f"  {label}: " + " ".join(_cite(r, zh) for r in p["letters"][key]))
    if data["review"]:
        lines.append(f"{w['review']} ({len(data['review'])}):")
        for r in data["review"]:
            span = f" L{r['lines'][0]}-{r['lines'][1]}" if r.get("lines") else ""
            lines.append(f"  {r['plot']} {_cite(r, zh)}{span}: {r['item']}")
    return "\n".join(lines)
