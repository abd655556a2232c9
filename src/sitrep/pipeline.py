"""The stages top to bottom: ingest -> clean -> assess -> extract -> resolve -> store.

`run` reads paths into the ledger in chunks; each chunk is one transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .claims import extract_claims
from .clean import clean_article
from .credibility import assess_article, assess_mentions
from .extract import extract_mentions
from .ingest import read_paths
from .kb import KnowledgeBase
from .models import Article, Claim, CleanArticle, Mention, Rejection
from .resolve import resolve
from .settings import Settings
from .store import Ledger, iter_chunks
from .trust import CopyIndex, SourceInfo, grade, signature

CHUNK = 200


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    mentions: int = 0
    claims: int = 0
    events_new: int = 0
    events_updated: int = 0


def run(paths: Iterable[str], ledger: Ledger, kb: KnowledgeBase, settings: Settings,
        progress: Callable[[int], None] | None = None) -> IngestReport:
    report = IngestReport()
    events = ledger.load_events()
    known = {e.id for e in events}
    sources, copies = _stored_sources(ledger)
    seen_hashes: set[str] = set()
    for chunk in iter_chunks(read_paths(paths, settings), CHUNK):
        batch: list[tuple[CleanArticle, dict]] = []
        mentions: list[Mention] = []
        claims: list[Claim] = []
        for item in chunk:
            report.read += 1
            if isinstance(item, Rejection):
                ledger.add_rejection(item)
                report.rejected.append(item)
                continue
            if item.content_hash in seen_hashes or ledger.has_content(item.content_hash):
                report.unchanged += 1
                continue
            if ledger.has_document(item.id) or any(c.article.id == item.id for c, _ in batch):
                rejection = Rejection(source=item.source_path or item.id,
                                      reason=f"another document with id {item.id!r} is already stored")
                ledger.add_rejection(rejection)
                report.rejected.append(rejection)
                continue
            seen_hashes.add(item.content_hash)
            clean, found = process_article(item, kb)
            trust = assess_mentions(assess_article(clean, kb), clean, found)
            trust["signature"] = signature(clean.text)
            trust["copy_group"] = copies.add(item.id, trust["signature"])
            sources[item.id] = _source_info(item.id, trust)
            batch.append((clean, trust))
            mentions.extend(found)
            claims.extend(extract_claims(clean, kb))
        events, changed = resolve(mentions, events, settings)
        for event in events:
            if event.id in changed:
                grade(event, sources)
        event_of = {m.id: e.id for e in events for m in e.mentions}
        ledger.write_batch(batch, mentions, events, changed, event_of, claims)
        report.claims += len(claims)
        report.stored += len(batch)
        report.mentions += len(mentions)
        new = {e for e in changed if e not in known}
        report.events_new += len(new)
        report.events_updated += len(changed - new)
        known |= new
        if progress:
            progress(len(chunk))
    return report


def _source_info(doc: str, trust: dict) -> SourceInfo:
    return SourceInfo(doc=doc, credibility=trust.get("credibility", "normal"),
                      reliability=trust.get("source_reliability") or "F", official=bool(trust.get("official")),
                      outlet=trust.get("outlet_key"), copy_group=trust.get("copy_group") or doc)


def _stored_sources(ledger: Ledger) -> tuple[dict[str, SourceInfo], CopyIndex]:
    """What grading needs of the documents already in the ledger, and their copy index."""
    sources, copies = {}, CopyIndex()
    for doc, trust in ledger.document_trust():
        if trust.get("signature"):
            copies.add(doc, trust["signature"], group=trust.get("copy_group") or doc)
        sources[doc] = _source_info(doc, trust)
    return sources, copies


def process_article(article: Article, kb: KnowledgeBase) -> tuple[CleanArticle, list[Mention]]:
    """Clean one article and extract its mentions: the pure part of the pipeline."""
    clean = clean_article(article)
    return clean, extract_mentions(clean, kb)
