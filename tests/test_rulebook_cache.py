"""The cache of the built embedded rule book makes runs faster, never different."""
from __future__ import annotations

import datetime as dt

from zoning_rules.rulebook import cache
from zoning_rules.rulebook.loader import _build, embedded_path


def test_a_cached_rule_book_resolves_exactly_like_a_freshly_built_one(tmp_path, monkeypatch, book):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_path()
    fresh = _build([str(path)])
    cache.put(path, fresh)
    cached = cache.get(path)
    assert cached is not None and cached is not fresh
    for code in fresh.plot_codes():
        for day in (dt.date(2021, 1, 1), dt.date(2021, 6, 1), dt.date(2022, 1, 1)):
            a, b = fresh.resolve(code, day), cached.resolve(code, day)
            assert (a.status, dict(a.limits), a.land_use, a.area) == (b.status, dict(b.limits), b.land_use, b.area)


def test_a_damaged_cache_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_path()
    cache.put(path, _build([str(path)]))
    (entry,) = (tmp_path / "zoning_rules").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.get(path) is None


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("ZONING_RULES_CACHE", "0")
    path = embedded_path()
    cache.put(path, _build([str(path)]))
    assert cache.get(path) is None and not (tmp_path / "zoning_rules").exists()


def test_a_cached_rule_book_written_by_an_older_model_is_rebuilt_not_loaded(tmp_path, monkeypatch):
    from zoning_rules import check
    from zoning_rules.rulebook.loader import _build, embedded_path
    from zoning_rules.rulebook.model import Approval

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_path()
    book = _build([str(path)])
    # an older Approval without the last two fields (review, origin), as pickled before they existed
    current = Approval.__getstate__
    monkeypatch.setattr(Approval, "__getstate__", lambda self: current(self)[:-2])
    cache.put(path, book)
    monkeypatch.setattr(Approval, "__getstate__", current)
    cached = cache.get(path)
    assert cached is None or check({"plot": "BZ-13-10", "far": "2.3"}, cached, "2021-06-01") is not None
