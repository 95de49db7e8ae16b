"""What each stable finding code checks, how it is computed and which standard it follows.

The texts are the indicators' own (``Indicator.doc`` in ``indicators/``); this module renders them
as docs/codes.md (``python -m zoning_rules.reporters.codes > docs/codes.md``;
a test keeps the page in step) and of the SARIF rules' help texts.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..indicators import INDICATORS, META

DOCS_PAGE = "docs/codes.md"

class _Codes(Mapping):
    """code → its entry, read from the indicator declarations (``Indicator.doc``) as they are now."""

    def _data(self) -> dict[str, dict[str, str]]:
        return {i.code: {"name": i.doc.name, "checks": i.doc.checks, "computed": i.doc.computed,
                         "standard": i.doc.standard}
                for i in (*INDICATORS.values(), *META.values()) if i.doc is not None}

    def __getitem__(self, code: str) -> dict[str, str]:
        return self._data()[code]

    def __iter__(self):
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


CODES: Mapping[str, dict[str, str]] = _Codes()


def doc(code: str) -> dict[str, str]:
    """The entry of a code; a code declared without one still renders (a test demands the entry)."""
    if code in CODES:
        return CODES[code]
    ind = next(i for i in (*INDICATORS.values(), *META.values()) if i.code == code)
    return {"name": "".join(w.capitalize() for w in ind.en.replace("(", " ").replace(")", " ").split()),
            "checks": f"{ind.zh} ({ind.en}).", "computed": "See the checker.", "standard": "—"}


def anchor(code: str) -> str:
    return code.lower()


def docs_base() -> str:
    """The codes page: the project's published URL for it when the package metadata names one."""
    try:
        from importlib.metadata import metadata

        for entry in metadata("zoning-rules").get_all("Project-URL") or ():
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("codes", "finding codes"):
                return url.strip()
            if label.strip().lower() == "documentation":
                return url.strip().rstrip("/") + "/" + DOCS_PAGE.split("/", 1)[1]
    except Exception:  # noqa: BLE001 - metadata is optional (source checkout)
        pass
    return DOCS_PAGE


def help_uri(code: str | None) -> str:
    base = docs_base()
    return base if code is None else f"{base}#{anchor(code)}"


def markdown() -> str:
    """docs/codes.md."""
    out = ["# Finding codes", "",
           "Stable codes of `zoning-rules check` findings. CI systems, SARIF rules (`ruleId`), JUnit test "
           "names and design `waivers:` refer to them; they are never renumbered. Generated from "
           "`src/zoning_rules/reporters/codes.py` by `python -m zoning_rules.reporters.codes > docs/codes.md`.",
           "",
           "Statuses: `pass`; `fail` (a bound is broken); `indeterminate` (cannot be decided — a value or a "
           "limit is missing, or needs an officer's judgement; never a pass); `warn` (a cross-check; never "
           "decides); `waived` (a failure covered by an approved exception in the design's `waivers:`, "
           "reported with the document that grants it).", "",
           "| code | indicator | key |", "|---|---|---|"]
    inds = (*INDICATORS.values(), *META.values())
    for ind in inds:
        out.append(f"| [`{ind.code}`](#{anchor(ind.code)}) | {ind.zh} — {ind.en} | `{ind.key}` |")
    for ind in inds:
        d = doc(ind.code)
        out += ["", f'<a id="{anchor(ind.code)}"></a>', f"## {ind.code} — {ind.zh} ({ind.en})", "",
                f"- **Checks:** {d['checks']}", f"- **Computed:** {d['computed']}",
                f"- **Standard:** {d['standard']}"]
        if ind.key in INDICATORS:
            out.append(f"- **Waivable:** yes — `waivers: [{{indicator: {ind.code}, document: …, reason: …}}]`")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
