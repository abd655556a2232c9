"""Stage 5, store: the ledger database. All SQL lives here.

SQLite by default (a file), PostgreSQL by URL, behind the same API; the schema
is managed by Alembic migrations. A document, its mentions and the events they
change are written in one transaction, so a crash leaves no half-written document.
Writers take the ledger's write lock (`Ledger.writer`) before they read what they
merge against, so two ingests at once write one after the other.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from .errors import LedgerError, NotFoundError
from .models import WEAPON_CATEGORIES, Claim, CleanArticle, Event, EventQuery, Mention, Rejection
from .settings import database_url


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(256))
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    reference_date: Mapped[dt.date | None] = mapped_column(Date)
    reference_source: Mapped[str] = mapped_column(String(16))
    source_path: Mapped[str | None] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    removed: Mapped[list] = mapped_column(JSON, default=list)
    credibility: Mapped[str] = mapped_column(String(8), default="normal")
    flags: Mapped[list] = mapped_column(JSON, default=list)
    trust: Mapped[dict] = mapped_column(JSON, default=dict)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RejectionRow(Base):
    __tablename__ = "rejections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class EventRow(Base):
    """An event: its JSON record plus copies of the values the API filters on. Indexes (migration 0003)
    are two covering ones, by date and by country, so counts and statistics read the index only."""

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    date: Mapped[dt.date | None] = mapped_column(Date)
    country: Mapped[str | None] = mapped_column(String(2))
    place_id: Mapped[str | None] = mapped_column(String(128))
    actor1_affiliation: Mapped[str | None] = mapped_column(String(2))
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Copies of values in `data`, for filtering and statistics (migration 0002).
    status: Mapped[str | None] = mapped_column(String(16))
    credibility: Mapped[str | None] = mapped_column(String(8))
    date_precision: Mapped[str | None] = mapped_column(String(8))
    location: Mapped[str | None] = mapped_column(String(256))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    actor1: Mapped[str | None] = mapped_column(String(128))
    actor2: Mapped[str | None] = mapped_column(String(128))
    actor2_affiliation: Mapped[str | None] = mapped_column(String(2))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    weapons: Mapped[str | None] = mapped_column(String(256))  # " drone rocket ": LIKE '% drone %'
    launched: Mapped[int | None] = mapped_column(Integer)
    intercepted: Mapped[int | None] = mapped_column(Integer)
    impacts: Mapped[int | None] = mapped_column(Integer)
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    n_sources: Mapped[int | None] = mapped_column(Integer)
    search: Mapped[str | None] = mapped_column(Text)  # lower-cased names, places, operations, quotes


class ClaimRow(Base):
    __tablename__ = "claims"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    since: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    data: Mapped[dict] = mapped_column(JSON)


class LedgerStateRow(Base):
    """One row: the version every write batch raises (migration 0004)."""

    __tablename__ = "ledger_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger)


class MentionRow(Base):
    __tablename__ = "mentions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    data: Mapped[dict] = mapped_column(JSON)


class Ledger:
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

    def has_content(self, content_hash: str) -> bool:
        with Session(self.engine) as s:
            return _has_content(s, content_hash)

    def has_document(self, doc_id: str) -> bool:
        with Session(self.engine) as s:
            return s.get(DocumentRow, doc_id) is not None

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
        where = _event_filters(query)
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
                yield _document_dict(row)

    def document(self, doc_id: str) -> dict:
        with Session(self.engine) as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                raise NotFoundError(f"no document {doc_id!r} in the ledger")
            return _document_dict(row, with_text=True)

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

    # --- serving queries (api) ---------------------------------------------------
    # The API reads the covering indexes of migration 0003 and serves the stored JSON records as they are:
    # a request never reads the whole table, and records valid when written are not validated again.
    def event_page(self, query: EventQuery, newest_first: bool = False) -> tuple[int, list[str]]:
        """`search_events` as the stored JSON texts of the records (without mentions), never parsed."""
        where = _event_filters(query)
        # Undated events last either way, on every backend (SQLite would put them first, PostgreSQL last).
        order = ((EventRow.date.desc().nulls_last(), EventRow.id.desc()) if newest_first
                 else (EventRow.date.nulls_last(), EventRow.id))
        page = (select(sa.type_coerce(EventRow.data, Text)).where(*where).order_by(*order)
                .limit(query.limit).offset(query.offset))
        with self.engine.connect() as c:
            total = c.scalar(select(sa.func.count()).select_from(EventRow).where(*where))
            # A driver that parses JSON columns itself (psycopg) hands over objects: those are dumped again.
            return total or 0, [t if isinstance(t, str) else json.dumps(t) for t in c.execute(page).scalars()]

    def iter_events(self, query: EventQuery, chunk: int = 500) -> Iterator[Event]:
        """Every event matching `query` (its limit and offset ignored), streamed in date order."""
        stmt = (select(EventRow.data).where(*_event_filters(query)).order_by(EventRow.date.nulls_last(), EventRow.id)
                .execution_options(yield_per=chunk))
        with Session(self.engine) as s:
            for data in s.scalars(stmt):
                yield Event.model_validate(data)

    def event_points(self, query: EventQuery, limit: int) -> tuple[int, list[dict]]:
        """Events with coordinates, newest first, as the flat values a map needs: (total, up to `limit`)."""
        where = [*_event_filters(query), EventRow.lat.is_not(None), EventRow.lon.is_not(None)]
        page = (select(*_POINT_COLUMNS).where(*where).order_by(EventRow.date.desc().nulls_last(), EventRow.id.desc())
                .limit(limit))
        # Core rows, not ORM ones: a map asks for thousands, and per-row ORM work would dominate.
        with self.engine.connect() as c:
            total = c.scalar(select(sa.func.count()).select_from(EventRow).where(*where))
            return total or 0, [_point(row) for row in c.execute(page)]

    def stats(self, query: EventQuery, by: str = "day") -> dict:
        """Counts per period and attacker, per country, weapon and attacker, and launch/interception sums.

        Events without a date count everywhere but on the time series. Three grouped reads of the index:
        per (period, attacker), undated per attacker, per (country, weapons) with the sums.
        """
        where = _event_filters(query)
        period = _period(self.engine.dialect.name, by)
        with self.engine.connect() as c:
            series = c.execute(select(period, EventRow.actor1, sa.func.count())
                               .where(*where, EventRow.date.is_not(None)).group_by(period, EventRow.actor1)).all()
            undated = c.execute(select(EventRow.actor1, sa.func.count())
                                .where(*where, EventRow.date.is_(None)).group_by(EventRow.actor1)).all()
            groups = c.execute(select(EventRow.country, EventRow.weapons, *_stats_sums())
                               .where(*where).group_by(EventRow.country, EventRow.weapons)).all()
        return {"by": by, **_series(series, undated), **_breakdowns(groups)}

    def documents_page(self, credibility: str | None, limit: int, offset: int) -> tuple[int, list[dict]]:
        """Documents, newest publication first: (total, one page)."""
        where = [DocumentRow.credibility == credibility] if credibility else []
        page = (select(DocumentRow).where(*where)
                .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id).limit(limit).offset(offset))
        with Session(self.engine) as s:
            total = s.scalar(select(sa.func.count()).select_from(DocumentRow).where(*where))
            return total or 0, [_document_dict(row) for row in s.scalars(page)]

    def responded_by(self, event_id: str) -> list[str]:
        """Ids of the events whose `responds_to` names `event_id`."""
        with Session(self.engine) as s:
            date = s.scalar(select(EventRow.date).where(EventRow.id == event_id))
            needle = f'%"{_like(event_id)}"%'
            # A response comes after what it answers: with a date, only later events are read.
            where = [sa.cast(EventRow.data, Text).like(needle, escape="\\"), EventRow.id != event_id]
            if date is not None:
                where.append(EventRow.date >= date)
            rows = s.execute(select(EventRow.id, EventRow.data).where(*where).order_by(EventRow.date, EventRow.id))
            return [row_id for row_id, data in rows if event_id in data.get("responds_to", [])]


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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


# Both backends are held to PostgreSQL's limits, so a value one stores the other stores too.
_INT_MAX = 2**31 - 1


def _int(value: int | None) -> int | None:
    """A count for an INTEGER column: out of range is no figure (the JSON record keeps the text)."""
    return value if value is None or 0 <= value <= _INT_MAX else None


def _fit(value: str | None, column) -> str | None:
    """Text cut to its column's length, the same on SQLite (which does not enforce it) and PostgreSQL."""
    length = column.type.length
    return value[:length] if value is not None and length else value


def _event_values(e: Event, now: dt.datetime) -> dict:
    def best(count) -> int | None:
        return None if count is None else _int(count.value if count.value is not None else count.low)

    quotes = " ".join(m.evidence.quote for m in e.mentions[:5])
    search = " ".join(filter(None, (e.location, e.place_text, e.actor1, e.actor2, e.operation,
                                    e.claimed_by, " ".join(e.weapon_models), quotes))).lower()
    c = EventRow.__table__.c
    return dict(id=e.id, date=e.date, country=e.country, place_id=_fit(e.place_id, c.place_id),
                actor1_affiliation=e.actor1_affiliation, data=e.model_dump(mode="json", exclude={"mentions"}),
                updated_at=now, status=e.status, credibility=e.credibility.get("level"),
                date_precision=e.date_precision, location=_fit(e.location, c.location), lat=e.lat, lon=e.lon,
                actor1=_fit(e.actor1, c.actor1), actor2=_fit(e.actor2, c.actor2),
                actor2_affiliation=e.actor2_affiliation, sub_event_type=_fit(e.sub_event_type, c.sub_event_type),
                weapons=_weapon_terms(e), launched=best(e.launched), intercepted=best(e.intercepted),
                impacts=best(e.impacts), killed=_int(e.killed), injured=_int(e.injured),
                n_sources=len({src["doc"] for src in e.sources}), search=search)


def _weapon_terms(e: Event) -> str:
    """Categories and models as one padded string, so a LIKE on ' term ' matches whole terms."""
    terms = [*e.weapons, *(m.lower().replace(" ", "-") for m in e.weapon_models)]
    return f" {' '.join(terms)} "[:256]


def _event_filters(q: EventQuery) -> list:
    """SQL conditions for an EventQuery; text filters are bound parameters, never spliced."""
    where = []
    if q.since:
        where.append(EventRow.date >= q.since)
    if q.until:
        where.append(EventRow.date <= q.until)
    if q.country:
        where.append(EventRow.country == q.country.upper())
    if q.place:
        where.append(sa.or_(EventRow.place_id == q.place, EventRow.location.ilike(f"%{_like(q.place)}%", escape="\\")))
    if q.actor:
        needle = f"%{_like(q.actor)}%"
        where.append(sa.or_(EventRow.actor1.ilike(needle, escape="\\"), EventRow.actor2.ilike(needle, escape="\\"),
                            EventRow.actor1_affiliation == q.actor.upper()))
    if q.weapon:
        where.append(EventRow.weapons.like(f"% {_like(q.weapon.lower().replace(' ', '-'))} %", escape="\\"))
    if q.status:
        where.append(EventRow.status == q.status)
    if q.bbox:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        where += [EventRow.lat.between(min_lat, max_lat), EventRow.lon.between(min_lon, max_lon)]
    if q.q:
        where.append(EventRow.search.like(f"%{_like(q.q.lower())}%", escape="\\"))
    return where


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- serving queries (api): helpers ----------------------------------------------------

def _period(dialect: str, by: str):
    """The day, or the Monday that starts the ISO week, of an event's date (SQLite's ISO text is kept as text)."""
    if by == "day":
        return sa.type_coerce(EventRow.date, String)
    if dialect == "sqlite":
        return sa.func.date(EventRow.date, "weekday 0", "-6 days", type_=String)
    return sa.cast(sa.func.date_trunc("week", EventRow.date), Date)


def _stats_sums() -> list:
    both = sa.and_(EventRow.launched.is_not(None), EventRow.intercepted.is_not(None))
    return [sa.func.count(), sa.func.sum(EventRow.launched), sa.func.sum(EventRow.intercepted),
            sa.func.sum(EventRow.impacts), sa.func.sum(sa.case((both, EventRow.launched))),
            sa.func.sum(sa.case((both, EventRow.intercepted)))]


def _series(series: list, undated: list) -> dict:
    counts: dict[tuple, int] = {}
    by_attacker: dict[str, int] = {}
    for period, actor, n in series:
        key = (_iso(period), actor or "unknown")
        counts[key] = counts.get(key, 0) + n
        by_attacker[key[1]] = by_attacker.get(key[1], 0) + n
    for actor, n in undated:
        by_attacker[actor or "unknown"] = by_attacker.get(actor or "unknown", 0) + n
    return {"series": [{"period": p, "attacker": a, "count": n} for (p, a), n in sorted(counts.items())],
            "by_attacker": by_attacker}


def _breakdowns(groups: list) -> dict:
    """Per country, per weapon category and the totals, from counts per (country, weapon terms)."""
    by_country: dict[str, int] = {}
    by_weapon: dict[str, int] = {}
    sums = [0] * 6
    for country, weapons, *values in groups:
        by_country[country or "unknown"] = by_country.get(country or "unknown", 0) + values[0]
        for term in set((weapons or "").split()) & _CATEGORIES:
            by_weapon[term] = by_weapon.get(term, 0) + values[0]
        sums = [total + (v or 0) for total, v in zip(sums, values)]
    events, launched, intercepted, impacts, launched_both, intercepted_both = sums
    return {"by_country": by_country, "by_weapon": {w: by_weapon[w] for w in WEAPON_CATEGORIES if w in by_weapon},
            "totals": {"events": events, "launched": launched, "intercepted": intercepted, "impacts": impacts,
                       "interception_rate": intercepted_both / launched_both if launched_both else None}}


_POINT_COLUMNS = (
    EventRow.id, sa.type_coerce(EventRow.date, String).label("date"), EventRow.date_precision, EventRow.country,
    EventRow.location, EventRow.data["place_text"].as_string().label("place_text"), EventRow.lat, EventRow.lon,
    EventRow.actor1, EventRow.actor1_affiliation, EventRow.actor2, EventRow.actor2_affiliation,
    EventRow.sub_event_type, EventRow.status, EventRow.credibility, EventRow.weapons, EventRow.killed,
    EventRow.injured, EventRow.launched, EventRow.intercepted, EventRow.impacts, EventRow.n_sources)
_POINT_NAMES = tuple(c.key if hasattr(c, "key") else c.name for c in _POINT_COLUMNS)
_CATEGORIES = frozenset(WEAPON_CATEGORIES)


def _point(row) -> dict:
    point = dict(zip(_POINT_NAMES, row))
    point["date"] = _iso(point["date"])
    point["weapons"] = [w for w in (point["weapons"] or "").split() if w in _CATEGORIES]
    return point


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _document_row(clean: CleanArticle, trust: dict, now: dt.datetime) -> DocumentRow:
    a = clean.article
    return DocumentRow(id=a.id, content_hash=a.content_hash, url=a.url, title=a.title,
                       outlet=_fit(a.outlet, DocumentRow.__table__.c.outlet),
                       published=a.published, reference_date=clean.reference_date,
                       reference_source=clean.reference_source, source_path=a.source_path,
                       raw_text=a.raw_text, text=clean.text, removed=clean.removed,
                       credibility=trust.get("credibility", "normal"), flags=trust.get("flags", []),
                       trust=trust, ingested_at=now)


def _document_dict(row: DocumentRow, with_text: bool = False) -> dict:
    out = {"id": row.id, "url": row.url, "title": row.title, "outlet": row.outlet,
           "published": row.published.isoformat() if row.published else None,
           "reference_date": row.reference_date.isoformat() if row.reference_date else None,
           "reference_source": row.reference_source, "credibility": row.credibility,
           "flags": row.flags or [], "reasons": (row.trust or {}).get("reasons", {}),
           "source_reliability": (row.trust or {}).get("source_reliability"),
           "removed": len(row.removed or []), "content_hash": row.content_hash}
    if with_text:
        out["text"] = row.text
    return out


def iter_chunks(items: Iterable, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
