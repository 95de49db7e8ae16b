"""What the plot pages show, as display text: the same data and wording as ``limits``, ``plots``
and ``envelope`` on the command line (``rulebook.views``, ``fmt``, ``envelope``), arranged for a page.

Pure functions of the rule book; the templates only lay the text out.
"""
from __future__ import annotations

import datetime as dt

from .. import fmt
from ..indicators import INDICATORS
from ..plotcodes import normalize
from ..reporters._common import PLOT_STATUS, _bound_text, clause_text



def plot_rows(book, as_of: dt.date, lang: str) -> list[dict]:
    """Every plot with its status, latest letter, land use and limited indicators (``plots``)."""
    from ..rulebook.views import plots_json

    out = []
    for r in plots_json(book, as_of):
        out.append({
            "plot": r["plot"], "status": r["status"], "status_text": PLOT_STATUS[lang][r["status"]],
            "latest": r["latest"]["document"] if r["latest"] else "—",
            "land_use": r["land_use"] or "—",
            "limits": ("、" if lang == "zh" else ", ").join(
                getattr(INDICATORS[k], lang) for k in INDICATORS if k in r["limits"]) or "—",
        })
    return out


def _limit_texts(res, lang: str) -> dict[str, str]:
    out = {}
    if res.land_use is not None:
        out["land_use"] = res.land_use.limit.land_use.label
    for key, inf in res.limits.items():
        out[key] = _bound_text(inf.limit, lang)
    return out


def _name(key: str, lang: str) -> str:
    ind = INDICATORS.get(key)
    return getattr(ind, lang) if ind is not None else key


def limits_in_force(res, lang: str) -> list[dict]:
    """Each limit in force with its letter, clause and date (the ``limits`` command's lines)."""
    rows = []
    entries = ([("land_use", res.land_use)] if res.land_use is not None else []) + list(res.limits.items())
    for key, inf in entries:
        a = inf.approval
        text = inf.limit.land_use.label if key == "land_use" else _bound_text(inf.limit, lang)
        rows.append({"key": key, "code": INDICATORS[key].code if key in INDICATORS else "",
                     "indicator": _name(key, lang), "limit": text, "letter": a.source.id,
                     "title": a.source.title or "", "clause": clause_text(a.clause, lang),
                     "date": a.effective.isoformat()})
    return rows


def timeline(book, res, lang: str) -> list[dict]:
    """The plot's history, one entry per date an approval took effect: which letters, and what each
    date changed (the limits in force the day before against that day)."""
    by_date: dict[dt.date, list] = {}
    for a in res.history:
        by_date.setdefault(a.effective, []).append(a)
    in_force = set(map(id, res.in_force))
    # In force on the date but wiped by a later letter in force that replaces everything before it.
    superseded = {id(a) for i, a in enumerate(res.in_force)
                  if any(b.replaces == "all" or not b.published for b in res.in_force[i + 1:])}
    out = []
    for day, approvals in by_date.items():
        before = _limit_texts(book.resolve(res.plot, day - dt.timedelta(days=1)), lang)
        after_res = book.resolve(res.plot, day)
        after = _limit_texts(after_res, lang)
        changes = []
        for key in [k for k in dict.fromkeys(("land_use", *INDICATORS)) if k in before or k in after]:
            old, new = before.get(key), after.get(key)
            if old != new:
                changes.append({"indicator": _name(key, lang), "old": old or "—", "new": new or "—"})
        letters = []
        for a in approvals:
            letters.append({"document": a.source.id, "title": a.source.title or "",
                            "clause": clause_text(a.clause, lang), "published": a.published,
                            "replaces": a.replaces, "in_force": id(a) in in_force and id(a) not in superseded,
                            "superseded": id(a) in superseded,
                            "quote": a.quote or "",
                            "limits": [(_name(k, lang), fmt.limit_text(v, lang)) for k, v in a.limits.items()]
                            + ([(_name("land_use", lang), a.land_use.label)] if a.land_use is not None else [])})
        out.append({"date": day.isoformat(), "future": day > res.as_of, "letters": letters,
                    "changes": changes, "status": after_res.status,
                    "status_text": PLOT_STATUS[lang][after_res.status]})
    return out


def envelope_rows(env, lang: str) -> dict:
    """The ``envelope`` command's table: value, source and basis of each item."""
    from ..commands.envelope import REASON

    s = env.site_area
    if s.value is None:
        site = ("未知（批复未载明，面积类指标无法确定）" if lang == "zh" else
                "unknown (no letter states it; area-based figures are indeterminate)")
    elif s.origin == "given":
        site = f"{fmt.area(s.value)}（给定：{s.written}）" if lang == "zh" else f"{fmt.area(s.value)} (given: {s.written})"
    else:
        src = s.approval.source.id if s.approval else ""
        if lang == "zh":
            site = (f"{'约' if s.approx else ''}{s.written} = {fmt.area(s.value)}（批复 {src}"
                    f"{'，近似值，面积类结果仅供参考，以实测用地面积为准' if s.approx else ''}）")
        else:
            site = (f"{'approx. ' if s.approx else ''}{s.written} = {fmt.area(s.value)} (letter {src}"
                    f"{'; approximate — use the surveyed site area' if s.approx else ''})")
    rows = []
    for item in env.items:
        determined = item.value is not None
        rows.append({"key": item.key, "label": item.label_zh if lang == "zh" else item.label_en,
                     "value": item.text(lang) if determined else
                     ("无法确定：" if lang == "zh" else "indeterminate: ") + REASON[lang].get(item.reason, item.reason),
                     "status": item.status, "source": item.source_text(lang),
                     "basis": item.basis_zh if lang == "zh" else item.basis_en})
    return {"site": site, "rows": rows}


_BOUNDARIES: dict[int, tuple] = {}


def _boundaries(book):
    """The rule book's plot boundaries, read once per rule book (``plan.storage``)."""
    hit = _BOUNDARIES.get(id(book))
    if hit is None or hit[0] is not book:
        from ..plan.storage import boundaries

        hit = (book, boundaries(book))
        _BOUNDARIES.clear()
        _BOUNDARIES[id(book)] = hit
    return hit[1]


def plot_map(book, code: str) -> str:
    """Whether the plot can be drawn among its neighbours: "drawn" when the rule book references
    boundaries (a rule file's ``geometry:``, written by ``import-plan``) and has one for it, else
    "no_boundaries" — or "needs_plan_extra" when boundaries exist but cannot be read here.  The
    drawing itself is the ``map`` command's (``plan.mapdraw``), made in the worker pool."""
    if not getattr(book, "boundaries", ()):
        return "no_boundaries"
    try:
        b = _boundaries(book)
    except ImportError:
        return "needs_plan_extra"
    return "drawn" if normalize(code) in b.index() else "no_boundaries"
