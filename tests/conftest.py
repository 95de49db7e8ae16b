"""Shared fixtures: the seed letters beside the clone, the embedded rule book, small helpers."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZONING_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seeds" / "000_8973d7947ed25dac.txt"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed letters are not beside the clone ({SEED} is absent)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def book():
    from zoning_rules import load_rulebook

    return load_rulebook()


@pytest.fixture
def write(tmp_path):
    """Write a text file into tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        return p

    return _write
