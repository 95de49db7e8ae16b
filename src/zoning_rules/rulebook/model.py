"""The rule book at run time: exact, immutable, and resolved by date.

Resolution follows the openfisca idea of dated parameters: approvals are ordered by the date they
take effect (ties by document number) and walked oldest first; ``replaces: all`` starts the plot
afresh, ``amends`` overrides only what it states.  Each limit keeps the approval it came from.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..errors import UnknownPlotError
from ..landuse import LandUse
from ..plotcodes import nearest, normalize
from ..units import Amount


def document_key(doc: str) -> tuple:
    """Sort key of a document number: 吕政函〔2021〕20号 → ('吕政函', 2021, 20).

    Numbers compare as numbers (2号 before 20号); anything unparsable sorts after, by text.
    """
    text = unicodedata.normalize("NFKC", doc)
    m = re.search(r"^(?P<prefix>.*?)[〔\[(（【]\s*(?P<year>\d{4})\s*[〕\])）】]\s*(?P<num>\d+)\s*号", text)
    if not m:
        return (1, text, 0, 0)
    return (0, m["prefix"].strip(), int(m["year"]), int(m["num"]))


_CN = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def _cn_int(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (clause numbers)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
    return _CN.get(text, 0)


def clause_key(clause: str | None) -> tuple:
    """Clauses of one letter in reading order: 二 < 三（一） < 三（三） < 十."""
    if not clause:
        return ()
    parts = re.findall(r"[零一二三四五六七八九十]+|\d+", unicodedata.normalize("NFKC", clause))
    return tuple(int(p) if p.isdigit() else _cn_int(p) for p in parts) + (clause,)


def normalize_document(doc: str) -> str:
    """Document numbers without the spaces PDF extraction leaves in them (2 号 → 2号)."""
    return re.sub(r"\s+", "", str(doc))


@dataclass(frozen=True, slots=True)
class Source:
    """A letter (批复): its document number, date, issuer and what it is about."""

    id: str
    date: dt.date
    title: str | None = None
    issuer: str | None = None
    addressee: str | None = None
    request: str | None = None
    plot_limits: bool = True
    notes: tuple[str, ...] = ()
    url: str | None = None
    kind: str | None = None
    review: tuple[str, ...] = ()

    def ref(self) -> dict:
        return {"document": self.id, "date": self.date.isoformat(), "title": self.title,
                "issuer": self.issuer}


@dataclass(frozen=True, slots=True)
class Limit:
    """A bound on one indicator, exact, with the text it reads as in the letter."""

    indicator: str
    min: Amount | None = None
    max: Amount | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    equals: tuple[str, ...] | None = None
    min_large_commercial: Amount | None = None
    text: str | None = None
    note: str | None = None
    land_use: LandUse | None = None
    by_type: tuple[tuple[str, "Limit"], ...] = ()  # per building type, with text only (never numeric)

    @property
    def numeric(self) -> bool:
        return self.min is not None or self.max is not None


@dataclass(frozen=True, slots=True)
class Stated:
    """An area stated in a letter (用地面积, 地上建筑面积 …); approximate when 约 or title-only."""

    amount: Amount
    approx: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    """What one letter (or one clause of it) approved for one plot, from its effective date."""

    plot: str
    source: Source
    effective: dt.date
    clause: str | None = None
    land_use: LandUse | None = None
    area: Stated | None = None
    planned: Mapping[str, Stated] = field(default_factory=lambda: MappingProxyType({}))
    limits: Mapping[str, Limit] = field(default_factory=lambda: MappingProxyType({}))
    replaces: str = "all"
    published: bool = True
    notes: tuple[str, ...] = ()
    quote: str | None = None
    lines: tuple[int, ...] | None = None
    review: tuple[str, ...] = ()
    origin: str | None = None  # file:line it was read from
    succeeded_by: tuple[str, ...] = ()  # plots that take this one's place (拆分为 / 合并为)

    @property
    def order_key(self) -> tuple:
        return (self.effective, document_key(self.source.id), clause_key(self.clause))

    def identity(self) -> tuple:
        return (normalize(self.plot), self.source.id, self.clause)

    def content(self) -> tuple:
        """Everything that decides, for telling a harmless repeat from a conflicting one."""
        return (self.effective, self.land_use, self.area, tuple(sorted(self.planned.items())),
                tuple(sorted(self.limits.items())), self.replaces, self.published, self.succeeded_by)

    def ref(self) -> dict:
        out = self.source.ref()
        out["clause"] = self.clause
        if self.effective != self.source.date:
            out["effective"] = self.effective.isoformat()
        return out


@dataclass(frozen=True, slots=True)
class InForce:
    """One limit in force and the approval it comes from."""

    limit: Limit
    approval: Approval


@dataclass(frozen=True, slots=True)
class Resolution:
    """What holds for one plot on one date."""

    plot: str
    as_of: dt.date
    status: str  # "in_force" | "unpublished" | "none"
    limits: Mapping[str, InForce]
    land_use: InForce | None
    area: tuple[Stated, Approval] | None
    unpublished_by: Approval | None
    history: tuple[Approval, ...]  # every approval of the plot, in force or not, oldest first
    in_force: tuple[Approval, ...]  # those effective on as_of
    succeeded_by: tuple[str, ...] = ()  # split or merged into these plots (then no limits remain)


@dataclass(frozen=True, slots=True)
class BoundaryRef:
    """A rule file's plot boundaries: a GeoPackage layer, read only when geometry is asked for."""

    file: str  # resolved against the rule file's directory
    layer: str
    crs: str
    code_field: str
    origin: str  # the rule file that references it


@dataclass(frozen=True)
class RuleBook:
    """Sources and approvals keyed by the normalized plot code; built by ``load_rulebook``."""

    sources: Mapping[str, Source]
    approvals: Mapping[str, tuple[Approval, ...]]  # normalized code → sorted approvals
    names: Mapping[str, str]  # normalized code → code as written
    files: tuple[str, ...] = ()
    boundaries: tuple[BoundaryRef, ...] = ()

    def plot_codes(self) -> tuple[str, ...]:
        return tuple(self.names[k] for k in self.approvals)

    def key(self, plot: str, *, file: str | None = None) -> str:
        """The normalized key of a known plot, or an error naming the nearest known ones."""
        k = normalize(plot)
        if k not in self.approvals:
            raise UnknownPlotError(str(plot), nearest(str(plot), self.plot_codes()), file=file)
        return k

    def history(self, plot: str) -> tuple[Approval, ...]:
        return self.approvals[self.key(plot)]

    def resolve(self, plot: str, as_of: dt.date) -> Resolution:
        """The limits in force for ``plot`` on ``as_of``; an approval counts on its own date."""
        if type(as_of) is not dt.date:  # ISO text, a datetime: as check() takes them (else a TypeError in bisect)
            from ..dates import parse_date

            as_of = parse_date(as_of)
        k = self.key(plot)
        history = self.approvals[k]
        effective = [a.effective for a in history]
        in_force = history[: bisect_right(effective, as_of)]
        limits: dict[str, InForce] = {}
        land_use: InForce | None = None
        area = None
        unpublished_by: Approval | None = None
        succeeded_by: tuple[str, ...] = ()
        for approval in in_force:
            if approval.replaces == "all" or approval.succeeded_by:
                limits, land_use, area, unpublished_by = {}, None, None, None
            succeeded_by = approval.succeeded_by
            if not approval.published:
                # The plot was adjusted with values nobody published: nothing earlier can be relied on.
                limits, land_use, area, unpublished_by = {}, None, None, approval
                continue
            for key, limit in approval.limits.items():
                if key == "land_use":
                    land_use = InForce(limit, approval)
                else:
                    limits[key] = InForce(limit, approval)
            if approval.land_use is not None:
                land_use = InForce(Limit("land_use", land_use=approval.land_use), approval)
            if approval.area is not None:
                area = (approval.area, approval)
        if unpublished_by is not None:
            status = "unpublished"
        elif in_force:
            status = "in_force"
        else:
            status = "none"
        return Resolution(
            plot=self.names[k], as_of=as_of, status=status,
            limits=MappingProxyType(limits), land_use=land_use, area=area,
            unpublished_by=unpublished_by, history=history, in_force=tuple(in_force),
            succeeded_by=succeeded_by,
        )
