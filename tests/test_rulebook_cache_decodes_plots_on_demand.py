"""The cached rule book decodes a plot's approvals only when the plot is asked for (a one-design
check reads one plot of the book), and is no less distrustful for it."""
from __future__ import annotations

import datetime as dt
import json
from hashlib import sha256

from zoning_rules import check
from zoning_rules.rulebook import cache
from zoning_rules.rulebook.loader import _build, embedded_path

DAY = dt.date(2021, 6, 1)
DESIGN = {"plot": "BZ-13-10", "land_use": "RB", "site_area": "47333 m2", "floor_area": "113000 m2",
          "footprint_area": "14000 m2", "green_area": "16600 m2", "height": "49.5 m"}


def _cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_path()
    fresh = _build([str(path)])
    cache.put(path, fresh)
    return path, fresh


def test_a_cached_book_decodes_only_the_plot_a_check_reads_and_equals_the_fresh_book(tmp_path, monkeypatch):
    path, fresh = _cached(tmp_path, monkeypatch)
    cached = cache.get(path)
    assert cached is not None and len(cached.approvals) == len(fresh.approvals) > 1
    report = check(DESIGN, cached, DAY)
    assert len(cached.approvals._done) == 1  # BZ-13-10's only
    assert report.to_json() == check(DESIGN, fresh, DAY).to_json()
    assert cached == fresh and dict(cached.approvals) == dict(fresh.approvals)


def test_a_plot_edited_with_its_digest_to_name_a_foreign_type_is_taken_from_a_fresh_build(tmp_path, monkeypatch):
    """Only the edited plot is affected, and it is not believed: no foreign type is built, and its
    approvals come from the rule file."""
    path, fresh = _cached(tmp_path, monkeypatch)
    (entry,) = (tmp_path / "zoning_rules").glob("rulebook-*.json")
    head, _, payload = entry.read_bytes().partition(b"\n")
    book = json.loads(payload)
    pairs = book["f"]["approvals"]["$P"]
    key = next(i for i, (plot, _) in enumerate(pairs) if plot == "BZ-13-10")
    pairs[key][1] = {"$T": [{"$": "Popen", "f": {"args": "touch /tmp/owned"}}]}
    payload = json.dumps(book, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head_obj = json.loads(head)
    head_obj["sha256"] = sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(head_obj).encode() + b"\n" + payload)
    cached = cache.get(path)
    assert cached is not None  # the rest of the entry is sound
    assert cached.approvals["BZ-13-10"] == fresh.approvals["BZ-13-10"]
    assert check(DESIGN, cached, DAY).to_json() == check(DESIGN, fresh, DAY).to_json()
