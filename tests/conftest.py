"""Shared fixtures: the packaged knowledge base, a fresh SQLite ledger, and the gold sets beside the repo."""
from __future__ import annotations

from pathlib import Path

import pytest

import sitrep

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def kb():
    return sitrep.load_kb()


@pytest.fixture()
def ledger(tmp_path):
    with sitrep.open_ledger(str(tmp_path / "ledger.db")) as led:
        yield led


def gold_set(name: str) -> Path:
    path = SHARED / "gold" / name
    if not path.exists():
        pytest.fail(f"gold set {path} is missing: CI must have ../shared beside the repo")
    return path
