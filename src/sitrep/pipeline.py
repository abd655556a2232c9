"""The stages top to bottom: ingest -> clean -> assess -> extract -> resolve -> store.

`run` reads paths into the ledger in chunks. Each document is read, cleaned and
extracted on its own: whatever fails is that document's rejection, with the reason,
and the batch goes on. Each chunk is then merged and written in one transaction
that holds the ledger's write lock, against what is committed: two ingests at once
write one after the other, and a chunk the database refuses is written again one
document at a time, so the refusal names its document.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial

import sqlalchemy as sa

from .extract import extract_claims, extract_mentions
from .clean import clean_article
from .credibility import assess_article, assess_mentions
from .errors import DocumentError, LedgerError
from .ingest import read_paths
from .kb import KnowledgeBase
from .links import link_responses
from .models import Article, Claim, CleanArticle, Event, Mention, Rejection
from .outlets import with_outlets
from .resolve import Resolver, summarise
from .settings import Settings
from .store import Ledger, Writer, iter_chunks
from .trust import CopyIndex, SourceInfo, grade, signature
from .workers import prepared


@dataclass
class IngestReport:
    """What an ingest read, stored and rejected. `undated` counts stored mentions with no date (kept as
    undated events, never dropped); `undated_documents` the stored documents with no publication date
    and no date of writing in their text; `without_mentions` names the stored documents in which no
    attack was found; `dropped` counts the mentions extracted but not stored, by reason."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    mentions: int = 0
    undated: int = 0
    claims: int = 0
    events_new: int = 0
    events_updated: int = 0
    events_removed: int = 0
    undated_documents: int = 0
    without_mentions: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)

    def add(self, other: "IngestReport") -> None:
        """Count a written chunk's outcome in (what it read was counted as it was read)."""
        for name in ("stored", "unchanged", "replaced", "rejected", "mentions", "undated", "claims", "events_new",
                     "events_updated", "events_removed", "undated_documents", "without_mentions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, n in other.dropped.items():
            self.dropped[reason] = self.dropped.get(reason, 0) + n


@dataclass
class Prepared:
    """One document read, cleaned, assessed and extracted: everything but merging and storing."""

    clean: CleanArticle
    mentions: list[Mention]
    claims: list[Claim]
    trust: dict

    @property
    def article(self) -> Article:
        return self.clean.article


class _Memory:
    """The ledger as this process last wrote or read it: its events, what grading needs of its documents,
    and the version it was at. Trusted only while the stored version is the same."""

    def __init__(self, generic_actors: frozenset[str] = frozenset(), areas=None):
        self.version: int | None = None
        self.generic_actors = generic_actors
        self.areas = areas

    def load(self, writer: Writer, settings: Settings) -> None:
        self.resolver = Resolver(writer.load_events(), settings, self.generic_actors, self.areas)
        self.sources: dict[str, SourceInfo] = {}
        self.copies = CopyIndex()
        for doc, trust in writer.document_trust():
            if trust.get("signature"):
                self.copies.add(doc, trust["signature"], group=trust.get("copy_group") or doc)
            self.sources[doc] = _source_info(doc, trust)
        self.version = writer.version()

    def forget(self) -> None:
        self.version = None


def run(paths: Iterable[str], ledger: Ledger, kb: KnowledgeBase, settings: Settings,
        progress: Callable[[int], None] | None = None, exclusive: bool = True,
        waiting: Callable[[], None] | None = None) -> IngestReport:
    """Read files, folders, JSON Lines corpora or "-" into the ledger (see `run_articles`)."""
    return run_articles(read_paths(paths, settings), ledger, kb, settings, progress, exclusive, waiting)


def run_articles(items: Iterable[Article | Rejection], ledger: Ledger, kb: KnowledgeBase, settings: Settings,
                 progress: Callable[[int], None] | None = None, exclusive: bool = True,
                 waiting: Callable[[], None] | None = None) -> IngestReport:
    """Articles already read (and the rejections met reading them) into the ledger.

    `exclusive` runs wait for one another (`Ledger.ingest_lock`), so the ledger is the one they give one
    after the other. Others (a few documents posted to the API) do not wait for a long run: each of their
    chunks is still merged under the write lock against what is committed. `settings.outlets_file` rates
    outlets beside the packaged table (a bad file is a KnowledgeBaseError before anything is read)."""
    kb = with_outlets(kb, settings.outlets_file)
    with ledger.ingest_lock(waiting) if exclusive else nullcontext():
        return _run(items, ledger, kb, settings, progress)


def _run(items, ledger: Ledger, kb: KnowledgeBase, settings: Settings, progress) -> IngestReport:
    report, memory = IngestReport(), _Memory(kb.generic_actor_names, kb.areas_holding)
    outcomes = prepared(items, partial(prepare, kb=kb), settings.workers, lambda item: isinstance(item, Article),
                        ahead=settings.chunk_documents)  # the workers prepare the next chunk while one is written
    for chunk in iter_chunks(outcomes, settings.chunk_documents):
        ready = []
        for outcome in chunk:
            report.read += 1
            if isinstance(outcome, Rejection):
                _reject(ledger, report, outcome)
            else:
                ready.append(outcome)
        _store(ready, ledger, memory, settings, report)
        if progress:
            progress(len(chunk))
    return report


def prepare(article: Article, kb: KnowledgeBase) -> Prepared | Rejection:
    """Clean, assess and extract one article. Any failure is this document's rejection, never the batch's."""
    try:
        clean = clean_article(article, kb)
        mentions = extract_mentions(clean, kb)
        trust = assess_mentions(assess_article(clean, kb), clean, mentions)
        trust["signature"] = signature(clean.text)
        return Prepared(clean, mentions, extract_claims(clean, kb), trust)
    except Exception as exc:  # noqa: BLE001 -- a bug met by one document must not lose the others
        return Rejection(source=article.source_path or article.id,
                         reason=f"could not be read: {type(exc).__name__}: {_short(exc)}")


def read_article(article: Article, kb: KnowledgeBase, settings: Settings) -> list[Event]:
    """One article through every stage but the store: its events, graded by its own source."""
    prepared = prepare(article, kb)
    if isinstance(prepared, Rejection):
        raise DocumentError(prepared.source, prepared.reason)
    sources = {article.id: _source_info(article.id, prepared.trust)}
    resolver = Resolver([], settings, kb.generic_actor_names, kb.areas_holding)
    resolver.resolve(prepared.mentions, grade=lambda e: grade(e, sources))
    return resolver.events


def _store(ready: list[Prepared], ledger: Ledger, memory: _Memory, settings: Settings,
           report: IngestReport) -> None:
    if not ready:
        return
    try:
        with ledger.writer() as writer:
            done = _merge_and_write(ready, writer, memory, settings)
    except (sa.exc.SQLAlchemyError, LedgerError, ValueError, OverflowError) as exc:
        memory.forget()  # the merge changed events in memory that were never written
        if len(ready) > 1:
            for one in ready:  # again one by one: the document the database refuses is named
                _store([one], ledger, memory, settings, report)
        else:
            _reject(ledger, report, Rejection(source=_source(ready[0].article),
                                              reason=f"the ledger refused it: {type(exc).__name__}: {_short(exc)}"))
        return
    report.add(done)


def _merge_and_write(ready: list[Prepared], writer: Writer, memory: _Memory, settings: Settings) -> IngestReport:
    """Under the write lock: skip what is stored already, retire what is replaced, merge the rest into
    the events, write."""
    if memory.version is None or memory.version != writer.version():
        memory.load(writer, settings)  # another process wrote since: merge against what it committed
    done = IngestReport()
    retouched = _retire_replaced(ready, writer, memory, settings, done)
    batch = _new_documents(ready, writer, memory, done)
    known = set(memory.resolver.clusters)
    mentions = [m for p in batch for m in p.mentions]
    changed = memory.resolver.resolve(mentions, grade=lambda e: grade(e, memory.sources))
    event_of = memory.resolver.event_of
    written = _unique([m for m in mentions if event_of.get(m.id) is not None])
    claims = [c for p in batch for c in p.claims]
    changed |= retouched
    memory.version = writer.write_batch([(p.clean, p.trust) for p in batch], written,
                                        memory.resolver.by_id, changed, event_of, claims)
    _count_mentions(done, batch, mentions, written)
    done.stored, done.claims = len(batch), len(claims)
    done.events_new = len(changed - known)
    done.events_updated = len(changed & known)
    return done


def _new_documents(ready: list[Prepared], writer: Writer, memory: _Memory, done: IngestReport) -> list[Prepared]:
    """The documents to store: not stored already (same content), and not another's id."""
    batch, ids, hashes = [], set(), set()
    for p in ready:
        a = p.article
        if a.content_hash in hashes or writer.has_content(a.content_hash):
            done.unchanged += 1
            continue
        if a.id in ids or writer.has_document(a.id):
            rejection = Rejection(source=_source(a), reason=f"another document with id {a.id!r} is already stored "
                                                            "with other content: add --replace to replace it")
            writer.add_rejection(rejection)
            done.rejected.append(rejection)
            continue
        ids.add(a.id)
        hashes.add(a.content_hash)
        p.trust["copy_group"] = memory.copies.add(a.id, p.trust["signature"])
        memory.sources[a.id] = _source_info(a.id, p.trust)
        batch.append(p)
    return batch


def _retire_replaced(ready: list[Prepared], writer: Writer, memory: _Memory, settings: Settings,
                     done: IngestReport) -> set[str]:
    """With `settings.replace`, a stored document given again with other content is retired (kept in its
    history, its mentions and claims removed, events left empty deleted) and the ledger reloaded; the
    events it was part of are re-summarised and regraded from the mentions left. Returns their ids."""
    if not settings.replace:
        return set()
    seen: set[str] = set()
    old = [p.article.id for p in ready if p.article.id not in seen and not seen.add(p.article.id)
           and writer.has_document(p.article.id) and not writer.has_content(p.article.content_hash)]
    if not old:
        return set()
    affected = writer.retire_documents(old)
    memory.load(writer, settings)
    survivors = {e for e in affected if e in memory.resolver.clusters}
    for event_id in sorted(survivors):
        cluster = memory.resolver.clusters[event_id]
        grade(summarise(cluster.event, cluster, memory.generic_actors), memory.sources)
    done.replaced, done.events_removed = len(old), len(affected - survivors)
    return survivors | link_responses(memory.resolver.events, touched=affected)


def _count_mentions(done: IngestReport, batch: list[Prepared], mentions: list[Mention],
                    written: list[Mention]) -> None:
    """What became of the mentions extracted from the stored documents, for the ingest summary."""
    done.mentions = len(written)
    done.undated = sum(1 for m in written if m.date is None)
    done.undated_documents = sum(1 for p in batch if p.article.published is None
                                 and p.clean.reference_source == "none")
    done.without_mentions = [p.article.id for p in batch if not p.mentions]
    repeated = len(mentions) - len({m.id for m in mentions})
    if repeated:
        done.dropped["the same passage extracted twice"] = repeated


def _unique(mentions: list[Mention]) -> list[Mention]:
    """Each mention once, in order (one passage can be extracted twice)."""
    return list({m.id: m for m in mentions}.values())


def _reject(ledger: Ledger, report: IngestReport, rejection: Rejection) -> None:
    ledger.add_rejection(rejection)
    report.rejected.append(rejection)


def _source(article: Article) -> str:
    return article.source_path or article.id


def _short(exc: Exception, limit: int = 300) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text[:limit]


def _source_info(doc: str, trust: dict) -> SourceInfo:
    return SourceInfo(doc=doc, credibility=trust.get("credibility", "normal"),
                      reliability=trust.get("source_reliability") or "F", official=bool(trust.get("official")),
                      outlet=trust.get("outlet_key"), copy_group=trust.get("copy_group") or doc)

