"""Stage 5, store: replacing a document (`sitrep ingest --replace`). Its current version goes into its
history (`document_versions`), its mentions and claims are deleted, and so are the events left with no
mention; the pipeline then re-summarises the events it was part of and stores the new version."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import ClaimRow, DocumentRow, DocumentVersionRow, EventRow, MentionRow, version_dict


def retire_documents(s: Session, doc_ids: list[str], now: dt.datetime) -> set[str]:
    """Keep each document's stored version in its history and remove it with its mentions and claims;
    delete the events that no mention is left in. Returns the ids of every event the documents were in."""
    affected: set[str] = set()
    for doc_id in doc_ids:
        row = s.get(DocumentRow, doc_id)
        if row is None:
            continue
        events = sorted(set(s.scalars(select(MentionRow.event_id).where(MentionRow.doc_id == doc_id))))
        mentions = s.scalar(select(sa.func.count()).select_from(MentionRow).where(MentionRow.doc_id == doc_id))
        s.add(DocumentVersionRow(doc_id=doc_id, content_hash=row.content_hash, url=row.url, title=row.title,
                                 outlet=row.outlet, published=row.published, source_path=row.source_path,
                                 raw_text=row.raw_text, mentions=mentions or 0, events=events,
                                 ingested_at=row.ingested_at, replaced_at=now))
        affected.update(events)
    s.flush()
    s.execute(sa.delete(MentionRow).where(MentionRow.doc_id.in_(doc_ids)), execution_options={"synchronize_session": False})
    s.execute(sa.delete(ClaimRow).where(ClaimRow.doc_id.in_(doc_ids)), execution_options={"synchronize_session": False})
    s.execute(sa.delete(DocumentRow).where(DocumentRow.id.in_(doc_ids)), execution_options={"synchronize_session": False})
    if affected:
        alive = select(MentionRow.event_id).where(MentionRow.event_id.in_(affected))
        s.execute(sa.delete(EventRow).where(EventRow.id.in_(affected), EventRow.id.not_in(alive)),
                  execution_options={"synchronize_session": False})
    s.expunge_all()  # the new version is added under the same id: no stale row may stay in the session
    return affected


def document_history(s: Session, doc_id: str) -> list[dict]:
    """The document's earlier versions, oldest first."""
    rows = s.scalars(select(DocumentVersionRow).where(DocumentVersionRow.doc_id == doc_id)
                     .order_by(DocumentVersionRow.id))
    return [version_dict(r) for r in rows]
