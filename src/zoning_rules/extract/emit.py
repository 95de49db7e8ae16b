"""A ``Draft`` as YAML in the rule-book format, readable by an officer and by ``load_rulebook``.

Values stay strings as written in the letter (``'2.4'``, ``'30%'``, ``'50m'``) so that the loader,
not the extractor, makes them exact; small mappings are written on one line as in data/plots.yaml.
"""
from __future__ import annotations

import datetime as dt

import yaml

try:
    _Base = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeDumper


class _Dumper(_Base):
    def ignore_aliases(self, data):  # every approval is written out in full, no anchors
        return True


_ORDER = ("source", "clause", "published", "land_use", "area", "limits", "planned", "replaces",
          "effective", "notes", "quote", "lines", "review")
_SOURCE_ORDER = ("title", "issuer", "date", "kind", "addressee", "request", "plot_limits", "notes", "url", "review")


class _Flow(dict):
    """A small mapping written on one line: ``{max: '2.4'}``."""


class _FlowList(list):
    pass


def _approval(a: dict) -> dict:
    out = _ordered(a, _ORDER)
    for key in ("land_use", "area"):
        if isinstance(out.get(key), dict):
            out[key] = _Flow(out[key])
    if "limits" in out:
        from ..indicators import INDICATORS

        rank = {k: i for i, k in enumerate(INDICATORS)}
        out["limits"] = {k: _Flow(out["limits"][k]) for k in sorted(out["limits"], key=lambda k: rank.get(k, 99))}
    if "planned" in out:
        out["planned"] = {k: _Flow(v) for k, v in out["planned"].items()}
    if "lines" in out:
        out["lines"] = _FlowList(out["lines"])
    return out


def _ordered(d: dict, order: tuple) -> dict:
    return {k: d[k] for k in order if k in d} | {k: v for k, v in d.items() if k not in order}


def to_yaml(draft, header: str | None = None) -> str:
    data = draft.as_dict()
    data["sources"] = {k: _ordered({f: v for f, v in s.items() if f != "_from" and v is not None}, _SOURCE_ORDER)
                       for k, s in data["sources"].items()}
    data["plots"] = {k: {"approvals": [_approval(a) for a in v["approvals"]]}
                     for k, v in data["plots"].items()}
    out = []
    if header:
        out.extend(f"# {line}".rstrip() for line in header.splitlines())
    out.append(yaml.dump({"format": 1}, Dumper=_Dumper, allow_unicode=True, sort_keys=False).rstrip())
    for section in ("sources", "plots"):
        out.append("")
        body = yaml.dump({section: data[section]}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                         width=4096, default_flow_style=False)
        out.append(body.rstrip())
    return "\n".join(out) + "\n"


def _date(dumper, value: dt.date):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.date, _date)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
