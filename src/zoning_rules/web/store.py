"""Checked reports kept in memory for a while, under ids nobody can guess.

The report page, its PDF and JSON are fetched after the check (the browser follows a redirect,
then clicks a download), but the uploaded files are gone by then: what is kept is the rendered
output only, bounded in count and age, never written to disk.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from .work import Outcome


@dataclass
class Entry:
    outcome: Outcome
    created: float
    pdf: dict = field(default_factory=dict)  # (index, lang) → bytes, printed on first download


class ResultStore:
    def __init__(self, capacity: int = 200, ttl: float = 3600.0):
        self.capacity = capacity
        self.ttl = ttl
        self._items: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, outcome: Outcome) -> str:
        rid = secrets.token_urlsafe(18)
        with self._lock:
            self._expire()
            self._items[rid] = Entry(outcome, time.monotonic())
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return rid

    def get(self, rid: str) -> Entry | None:
        with self._lock:
            self._expire()
            return self._items.get(rid)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def _expire(self) -> None:
        now = time.monotonic()
        while self._items:
            rid, entry = next(iter(self._items.items()))
            if now - entry.created <= self.ttl:
                break
            del self._items[rid]
