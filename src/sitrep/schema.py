"""Stage 5, store: the ledger's tables (SQLAlchemy 2 declarative rows); Alembic migrations create them.

Also the one function that turns a document row into its JSON twin, used by the store and the API's reads.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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
