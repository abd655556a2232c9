"""Shared fixtures: the packaged knowledge base, a fresh SQLite ledger, and the gold sets beside the repo."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
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
        pytest.skip(f"gold set {path} is missing: put ../shared beside the repo to run this test")
    return path


@contextmanager
def scratch_postgresql():
    """A new database on the real PostgreSQL at 127.0.0.1:5432, dropped afterwards (a skip with the reason
    when the server is not reachable)."""
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    name = f"sitrep_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is not reachable ({exc.__class__.__name__}): start it to run this test")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture()
def postgresql_url():
    with scratch_postgresql() as url:
        yield url


def pytest_collection_modifyitems(items):
    """Tests that need the PostgreSQL server carry the `postgresql` mark (`-m "not postgresql"` leaves them out)."""
    for item in items:
        if "postgresql_url" in getattr(item, "fixturenames", ()) or "postgresql" in item.name:
            item.add_marker(pytest.mark.postgresql)
