"""Shared fixtures: the packaged knowledge base, a fresh SQLite ledger, and the gold sets beside the repo."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

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


@pytest.fixture()
def postgresql_url():
    """A scratch database on the real PostgreSQL at 127.0.0.1:5432, dropped afterwards."""
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    name = f"sitrep_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is not reachable: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
