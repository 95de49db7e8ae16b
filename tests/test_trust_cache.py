"""The rule-book cache makes runs faster, never different: safe JSON (no pickle), keyed by the
content it was built from and the code, and verified — a damaged or edited entry is rebuilt."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, REPO
from zoning_rules.rulebook import cache
from zoning_rules.rulebook.loader import _build, embedded_path


def _entry(tmp_path: Path) -> Path:
    (entry,) = (tmp_path / "zoning_rules").glob("rulebook-*.json")
    return entry


def test_the_cache_module_neither_imports_nor_reads_pickle():
    source = Path(cache.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "pickle.load" not in source


def test_an_edited_cache_that_loosens_a_limit_is_not_believed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_path()
    cache.put(path, _build([str(path)]))
    entry = _entry(tmp_path)
    data = entry.read_bytes()
    assert b'"12/5"' in data  # BZ-13-10's far ≤ 2.4 as an exact fraction
    entry.write_bytes(data.replace(b'"12/5"', b'"99/10"'))  # 2.4 → 9.9, digest left as it was
    assert cache.get(path) is None


def test_an_edited_cache_with_a_recomputed_digest_but_a_foreign_type_is_not_built(tmp_path, monkeypatch):
    """Even a well-formed entry can only name the rule book's own types (no code runs)."""
    import hashlib

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_path()
    cache.put(path, _build([str(path)]))
    entry = _entry(tmp_path)
    head, _, _ = entry.read_bytes().partition(b"\n")
    payload = json.dumps({"$": "Popen", "f": {"args": "touch /tmp/owned"}}).encode()
    head_obj = json.loads(head)
    head_obj["sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(head_obj).encode() + b"\n" + payload)
    assert cache.get(path) is None


def test_a_failing_design_still_fails_after_its_limit_was_loosened_in_the_cache(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "ZONING_RULES_CACHE": "1",
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    args = [sys.executable, "-m", "zoning_rules.cli", "check", str(EXAMPLES / "bz-13-10-fail.yaml"),
            "--as-of", "2021-06-01", "--format", "json"]
    first = subprocess.run(args, env=env, capture_output=True, timeout=120)
    assert first.returncode == 1
    entry = _entry(tmp_path)
    original = entry.read_bytes()
    entry.write_bytes(original.replace(b'"12/5"', b'"99/10"').replace(b'"50/1"', b'"500/1"'))
    second = subprocess.run(args, env=env, capture_output=True, timeout=120)
    assert second.returncode == 1, second.stdout[-500:]
    assert entry.read_bytes() == original  # rebuilt and written afresh


def test_the_key_is_the_rule_files_content_not_its_size_or_time(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "plots.yaml"
    text = embedded_path().read_text(encoding="utf-8")
    rules.write_text(text, encoding="utf-8")
    cache.put(rules, _build([str(rules)]))
    assert cache.get(rules) is not None
    st = rules.stat()
    edited = text.replace("容积率≤2.4，建筑密度≤30%", "容积率≤9.4，建筑密度≤30%", 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    rules.write_text(edited, encoding="utf-8")
    os.utime(rules, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same time: only bytes differ
    assert cache.get(rules) is None
