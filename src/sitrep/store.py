"""Stage 5, store: the ledger database: opening, locking, writing, reading (the tables are in `schema`,
the API's reads in `serving`).

SQLite by default (a file), PostgreSQL by URL, behind the same API; the schema
is managed by Alembic migrations. A document, its mentions and the events they
change are written in one transaction, so a crash leaves no half-written document.
Writers take the ledger's write lock (`Ledger.writer`) before they read what they
merge against, so two ingests at once write one after the other.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Text, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from . import versions
from .errors import LedgerError, NotFoundError
from .models import Claim, CleanArticle, Event, EventQuery, Mention, Rejection
from .schema import ClaimRow, DocumentRow, EventRow, LedgerStateRow, MentionRow, RejectionRow, document_dict
from .schema import count_value as _int, document_row as _document_row, event_values as _event_values
from .serving import ServingQueries, event_filters
from .settings import database_url


class Ledger(ServingQueries):
    """An open ledger database. Use `Ledger.open(db)`; close it with `close()` or `with`."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, db: str, create: bool = True) -> "Ledger":
        """`create=False` is for readers: a SQLite file that does not exist is an error, not a new ledger
        (a typo in a path would otherwise read as an empty ledger). A server URL is opened as it is."""
        url = database_url(db)
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            path = Path(url.removeprefix("sqlite:///"))
            if not create and not path.is_file():
                raise LedgerError(f"no ledger at {path}: check --db, or create one with `sitrep ingest`")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            sqlite = url.startswith("sqlite")
            # A writer waits for another's batch (seconds) instead of failing at once.
            engine = sa.create_engine(url, future=True, connect_args={"timeout": _LOCK_WAIT_S} if sqlite else {})
            if sqlite:
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "begin", _sqlite_begin)
            migrate(engine)
        except sa.exc.SQLAlchemyError as exc:
            raise LedgerError(f"cannot open ledger {db}: {exc.__class__.__name__}: {exc}") from exc
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- writing -------------------------------------------------------------
    @contextmanager
    def ingest_lock(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Held by an ingest from its first document to its last, so two ingests at once give the ledger
        one after the other would. It is the operating system's (a file lock for SQLite, a session
        advisory lock for PostgreSQL): a killed process releases it. `waiting` is called if another holds it."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                key = {"key": _PG_RUN_KEY}
                if not c.scalar(sa.text("SELECT pg_try_advisory_lock(:key)"), key):
                    if waiting:
                        waiting()
                    c.execute(sa.text("SELECT pg_advisory_lock(:key)"), key)
                try:
                    yield
                finally:
                    c.execute(sa.text("SELECT pg_advisory_unlock(:key)"), key)
            return
        path = self.engine.url.database
        if not path or path == ":memory:":
            yield  # a private in-memory ledger has no other writer
            return
        with open(f"{path}.ingest-lock", "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting:
                    waiting()
                fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def writer(self) -> Iterator["Writer"]:
        """A transaction holding the ledger's write lock: one writer at a time, on SQLite (BEGIN IMMEDIATE)
        and PostgreSQL (an advisory lock). What it reads is what is committed; it commits on leaving."""
        with Session(self.engine.execution_options(sitrep_write=True)) as s, s.begin():
            _take_write_lock(s.connection())
            yield Writer(s)

    def version(self) -> int:
        """Raised by every written batch: equal versions, equal ledgers."""
        with Session(self.engine) as s:
            return Writer(s).version()

    def add_rejection(self, rejection: Rejection) -> None:
        with Session(self.engine) as s, s.begin():
            s.add(_rejection_row(rejection))

    # --- reading -------------------------------------------------------------
    def load_events(self) -> list[Event]:
        """Every event with its mentions, as records."""
        with Session(self.engine) as s:
            return _load_events(s)

    def events(self, since: dt.date | None = None, until: dt.date | None = None,
               country: str | None = None) -> list[Event]:
        query = select(EventRow).order_by(EventRow.date, EventRow.id)
        if since:
            query = query.where(EventRow.date >= since)
        if until:
            query = query.where(EventRow.date <= until)
        if country:
            query = query.where(EventRow.country == country.upper())
        with Session(self.engine) as s:
            return [Event.model_validate(r.data) for r in s.scalars(query)]

    def search_events(self, query: EventQuery) -> tuple[int, list[Event]]:
        """The events matching every filter of `query`: (total, one page in date order)."""
        where = event_filters(query)
        page = (select(EventRow.data).where(*where).order_by(EventRow.date, EventRow.id)
                .limit(query.limit).offset(query.offset))
        with Session(self.engine) as s:
            total = s.scalar(select(sa.func.count()).select_from(EventRow).where(*where))
            return total or 0, [Event.model_validate(data) for data in s.scalars(page)]

    def claims(self) -> list[Claim]:
        with Session(self.engine) as s:
            return [Claim.model_validate(r.data) for r in
                    s.scalars(select(ClaimRow).order_by(ClaimRow.as_of, ClaimRow.doc_id, ClaimRow.id))]

    def event(self, event_id: str) -> Event:
        with Session(self.engine) as s:
            row = s.get(EventRow, event_id)
            if row is None:
                raise NotFoundError(f"no event {event_id!r} in the ledger")
            e = Event.model_validate(row.data)
            e.mentions = [Mention.model_validate(m.data) for m in
                          s.scalars(select(MentionRow).where(MentionRow.event_id == event_id))]
            return e

    def documents(self) -> Iterator[dict]:
        with Session(self.engine) as s:
            for row in s.scalars(select(DocumentRow).order_by(DocumentRow.id)):
                yield document_dict(row)

    def document(self, doc_id: str) -> dict:
        with Session(self.engine) as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                raise NotFoundError(f"no document {doc_id!r} in the ledger")
            return document_dict(row, with_text=True)

    def document_history(self, doc_id: str) -> list[dict]:
        """The versions `ingest --replace` replaced, oldest first (empty for a document never replaced)."""
        with Session(self.engine) as s:
            return versions.document_history(s, doc_id)

    def document_events(self, doc_id: str) -> list[Event]:
        """The events the document mentions, in date order (without their mentions)."""
        ids = select(MentionRow.event_id).where(MentionRow.doc_id == doc_id)
        query = select(EventRow.data).where(EventRow.id.in_(ids)).order_by(EventRow.date.nulls_last(), EventRow.id)
        with Session(self.engine) as s:
            return [Event.model_validate(data) for data in s.scalars(query)]

    def mention_counts(self) -> dict[str, int]:
        """Mentions per document id (documents without any are absent)."""
        with Session(self.engine) as s:
            return dict(s.execute(select(MentionRow.doc_id, sa.func.count()).group_by(MentionRow.doc_id)).all())

    def document_trust(self) -> list[tuple[str, dict]]:
        """(id, credibility assessment) of every stored document."""
        with Session(self.engine) as s:
            return _document_trust(s)

    def rejections(self) -> list[Rejection]:
        with Session(self.engine) as s:
            return [Rejection(source=r.source, reason=r.reason) for r in s.scalars(select(RejectionRow))]

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as s:
            return {name: s.scalar(select(sa.func.count()).select_from(table)) for name, table in
                    (("documents", DocumentRow), ("events", EventRow), ("mentions", MentionRow),
                     ("claims", ClaimRow), ("rejections", RejectionRow))}


class Writer:
    """What an ingest batch does inside `Ledger.writer`: read the committed state, then write."""

    def __init__(self, session: Session):
        self.session = session

    def version(self) -> int:
        return self.session.scalar(select(LedgerStateRow.version).where(LedgerStateRow.id == 1)) or 0

    def has_content(self, content_hash: str) -> bool:
        return _has_content(self.session, content_hash)

    def has_document(self, doc_id: str) -> bool:
        return self.session.get(DocumentRow, doc_id) is not None

    def load_events(self) -> list[Event]:
        return _load_events(self.session)

    def document_trust(self) -> list[tuple[str, dict]]:
        return _document_trust(self.session)

    def add_rejection(self, rejection: Rejection) -> None:
        self.session.add(_rejection_row(rejection))

    def retire_documents(self, doc_ids: list[str]) -> set[str]:
        """Documents about to be replaced: see `versions.retire_documents`."""
        return versions.retire_documents(self.session, doc_ids, _now())

    def write_batch(self, articles: list[tuple[CleanArticle, dict]], mentions: list[Mention],
                    events: dict[str, Event], changed: set[str], event_of: dict[str, str],
                    claims: Iterable[Claim] = ()) -> int:
        """The documents, their mentions and claims, and every event they changed; returns the new version."""
        s, now = self.session, _now()
        for clean, trust in articles:
            s.add(_document_row(clean, trust, now))
        s.flush()
        rows = [_event_values(events[event_id], now) for event_id in sorted(changed)]
        stored = set(s.scalars(select(EventRow.id).where(EventRow.id.in_(list(changed))))) if changed else set()
        # Bulk statements, not ORM merges: one round of SQL per table and chunk.
        if new := [r for r in rows if r["id"] not in stored]:
            s.execute(sa.insert(EventRow), new)
        if old := [r for r in rows if r["id"] in stored]:
            s.execute(sa.update(EventRow), old)
        if mentions:  # a mention's id hashes its new document and span: always a new row
            s.execute(sa.insert(MentionRow), [{"id": m.id, "doc_id": m.doc, "event_id": event_of[m.id],
                                               "data": m.model_dump(mode="json")} for m in mentions])
        if claims := list(claims):
            s.execute(sa.insert(ClaimRow), [{"id": c.id, "doc_id": c.doc, "kind": c.kind, "value": _int(c.value),
                                             "since": c.since, "as_of": c.as_of,
                                             "data": c.model_dump(mode="json")} for c in claims])
        s.execute(sa.update(LedgerStateRow).where(LedgerStateRow.id == 1)
                  .values(version=LedgerStateRow.version + 1))
        return self.version()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision, under the write lock: two processes opening a new
    ledger at once do not both create it."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.execution_options(sitrep_write=True).begin() as connection:
        _take_write_lock(connection)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


_LOCK_WAIT_S = 600  # how long a SQLite writer waits for the lock before it gives up
_PG_LOCK_KEY = 0x5173_7472_6570  # any constants: PostgreSQL advisory locks are per database
_PG_RUN_KEY = 0x5173_7472_6571


def _take_write_lock(connection) -> None:
    # SQLite takes its lock in BEGIN IMMEDIATE (see _sqlite_begin); PostgreSQL holds this one until commit.
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy, not the sqlite3 module, begins transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _set_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _set_wal(cursor, tries: int = 100) -> None:
    """WAL is kept in the file: set it once. Switching needs a moment alone with the file, which SQLite
    refuses at once (no busy wait) while another process is creating the same new ledger: try again."""
    for attempt in range(tries):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05)


def _sqlite_begin(connection) -> None:
    # A writer takes the write lock before its first read, so what it merges against cannot change
    # under it; readers begin as usual and are never blocked (WAL).
    immediate = connection.get_execution_options().get("sitrep_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _has_content(s: Session, content_hash: str) -> bool:
    return s.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash)) is not None


def _load_events(s: Session) -> list[Event]:
    # The stored JSON texts go to pydantic's own parser: no ORM rows, no json.loads, no second pass.
    mentions: dict[str, list[Mention]] = {}
    for event_id, data in s.execute(select(MentionRow.event_id, sa.type_coerce(MentionRow.data, Text))):
        mentions.setdefault(event_id, []).append(_record(Mention, data))
    out = []
    for event_id, data in s.execute(select(EventRow.id, sa.type_coerce(EventRow.data, Text))
                                    .order_by(EventRow.date, EventRow.id)):
        e = _record(Event, data)
        e.mentions = mentions.get(event_id, [])
        out.append(e)
    return out


def _record(model, data):
    # A driver that parses JSON columns itself (psycopg) hands over objects, not texts.
    return model.model_validate_json(data) if isinstance(data, str) else model.model_validate(data)


def _document_trust(s: Session) -> list[tuple[str, dict]]:
    return [(doc, trust or {}) for doc, trust in s.execute(select(DocumentRow.id, DocumentRow.trust))]


def _rejection_row(rejection: Rejection) -> RejectionRow:
    return RejectionRow(source=rejection.source, reason=rejection.reason, at=_now())


def iter_chunks(items: Iterable, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
