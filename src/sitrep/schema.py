"""Stage 5, store: the ledger's tables (SQLAlchemy 2 declarative rows); Alembic migrations create them.

Also the functions that turn records into rows (held to PostgreSQL's limits on both backends) and a
document row into its JSON twin, used by the store and the API's reads.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .models import CleanArticle, Event


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


class DocumentVersionRow(Base):
    """An earlier version of a document, kept when `ingest --replace` stored a new one under its id
    (migration 0005). No foreign key: the document row is deleted and written again by a replace."""

    __tablename__ = "document_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String(512), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(256))
    published: Mapped[dt.date | None] = mapped_column(Date)
    source_path: Mapped[str | None] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    mentions: Mapped[int] = mapped_column(Integer)
    events: Mapped[list] = mapped_column(JSON, default=list)  # ids of the events its mentions were part of
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime)


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


# Both backends are held to PostgreSQL's limits, so a value one stores the other stores too.
_INT_MAX = 2**31 - 1


def count_value(value: int | None) -> int | None:
    """A count for an INTEGER column: out of range is no figure (the JSON record keeps the text)."""
    return value if value is None or 0 <= value <= _INT_MAX else None


def fit_text(value: str | None, column) -> str | None:
    """Text cut to its column's length, the same on SQLite (which does not enforce it) and PostgreSQL."""
    length = column.type.length
    return value[:length] if value is not None and length else value


def event_values(e: Event, now: dt.datetime) -> dict:
    def best(count) -> int | None:
        return None if count is None else count_value(count.value if count.value is not None else count.low)

    quotes = " ".join(m.evidence.quote for m in e.mentions[:5])
    search = " ".join(filter(None, (e.location, e.place_text, e.actor1, e.actor2, e.operation,
                                    e.claimed_by, " ".join(e.weapon_models), quotes))).lower()
    c = EventRow.__table__.c
    return dict(id=e.id, date=e.date, country=e.country, place_id=fit_text(e.place_id, c.place_id),
                actor1_affiliation=e.actor1_affiliation, data=e.model_dump(mode="json", exclude={"mentions"}),
                updated_at=now, status=e.status, credibility=e.credibility.level if e.credibility else None,
                date_precision=e.date_precision, location=fit_text(e.location, c.location), lat=e.lat, lon=e.lon,
                actor1=fit_text(e.actor1, c.actor1), actor2=fit_text(e.actor2, c.actor2),
                actor2_affiliation=e.actor2_affiliation, sub_event_type=fit_text(e.sub_event_type, c.sub_event_type),
                weapons=weapon_terms(e), launched=best(e.launched), intercepted=best(e.intercepted),
                impacts=best(e.impacts), killed=count_value(e.killed), injured=count_value(e.injured),
                n_sources=len({src["doc"] for src in e.sources}), search=search)


def weapon_terms(e: Event) -> str:
    """Categories and models as one padded string, so a LIKE on ' term ' matches whole terms."""
    terms = [*e.weapons, *(m.lower().replace(" ", "-") for m in e.weapon_models)]
    return f" {' '.join(terms)} "[:256]


def document_row(clean: CleanArticle, trust: dict, now: dt.datetime) -> DocumentRow:
    a = clean.article
    return DocumentRow(id=a.id, content_hash=a.content_hash, url=a.url, title=a.title,
                       outlet=fit_text(a.outlet, DocumentRow.__table__.c.outlet),
                       published=a.published, reference_date=clean.reference_date,
                       reference_source=clean.reference_source, source_path=a.source_path,
                       raw_text=a.raw_text, text=clean.text, removed=clean.removed,
                       credibility=trust.get("credibility", "normal"), flags=trust.get("flags", []),
                       trust=trust, ingested_at=now)


def document_dict(row: DocumentRow, with_text: bool = False) -> dict:
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


def version_dict(row: DocumentVersionRow) -> dict:
    return {"doc_id": row.doc_id, "content_hash": row.content_hash, "url": row.url, "title": row.title,
            "outlet": row.outlet, "published": row.published.isoformat() if row.published else None,
            "mentions": row.mentions, "events": row.events or [],
            "ingested_at": row.ingested_at.isoformat(timespec="seconds"),
            "replaced_at": row.replaced_at.isoformat(timespec="seconds")}
