"""sitrep: turn news reports of armed attacks into a verified, deduplicated, mapped ledger.

The library is the product; the CLI is a thin shell over these calls::

    import sitrep
    events = sitrep.extract_events(text, published="2023-11-22")   # one text, no database
    with sitrep.open_ledger("ledger.db") as ledger:
        report = sitrep.ingest(["reports/"], ledger)                # files, folders, JSONL, "-"
        for event in sitrep.query(ledger, country="IQ"):
            print(event.date, event.location, event.actor1)
        sitrep.export(ledger, "events", "jsonl", "events.jsonl")
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import sys
import types
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kb import KnowledgeBase
    from .models import Event
    from .pipeline import IngestReport
    from .settings import Settings
    from .store import Ledger

from .errors import DocumentError, KnowledgeBaseError, LedgerError, NotFoundError, SitrepError

# The records, the store and the pipeline are imported when first used, not with the package: a command
# line that only prints its help must not wait for SQLAlchemy, pydantic and the extraction stages.
_LAZY = {
    "Article": ("models", "Article"), "Claim": ("models", "Claim"), "Event": ("models", "Event"),
    "EventQuery": ("models", "EventQuery"), "Mention": ("models", "Mention"), "Rejection": ("models", "Rejection"),
    "IngestReport": ("pipeline", "IngestReport"), "KnowledgeBase": ("kb", "KnowledgeBase"), "load_kb": ("kb", "load"),
    "Settings": ("settings", "Settings"), "Ledger": ("store", "Ledger"),
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = getattr(importlib.import_module(f".{module}", __name__), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(types.ModuleType):
    """The submodule `sitrep.ingest`, first imported after this file ran, would replace the function
    `sitrep.ingest` on the package (the import system sets a submodule on its parent when it loads it)."""

    def __setattr__(self, name: str, value) -> None:
        if name == "ingest" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Article", "Claim", "DocumentError", "Event", "EventQuery", "IngestReport", "KnowledgeBase", "KnowledgeBaseError", "Ledger",
    "LedgerError", "Mention", "NotFoundError", "Rejection", "Settings", "SitrepError", "export",
    "extract_events", "ingest", "load_kb", "open_ledger", "query", "claims_report", "chain",
]
__version__ = "0.1.0"


def extract_events(text: str, published: str | dt.date | None = None, doc_id: str = "text",
                   url: str | None = None, kb: KnowledgeBase | None = None,
                   settings: Settings | None = None) -> list[Event]:
    """Events in one text, resolved against its publication date, graded by its own credibility as an
    ingest would; nothing is stored. A text that cannot be read raises DocumentError with the reason."""
    from .kb import load as load_kb
    from .models import Article
    from .pipeline import read_article
    from .settings import Settings

    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    # "surrogatepass": a lone surrogate (stripped at ingest, but possible here) must not stop extraction.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    article = Article(id=doc_id, url=url, published=published, raw_text=text, content_hash=digest)
    return read_article(article, kb or load_kb(), settings or Settings())


def open_ledger(db: str | None = None, create: bool = True) -> Ledger:
    """Open (and migrate) a ledger: a SQLite path, a SQLAlchemy URL, or $SITREP_DB. With `create=False`
    a SQLite file that does not exist is a LedgerError, not a new empty ledger."""
    from .settings import Settings
    from .store import Ledger

    return Ledger.open(db or Settings.from_env().db, create=create)


def ingest(paths: Iterable[str | Path], ledger: Ledger, kb: KnowledgeBase | None = None,
           settings: Settings | None = None, progress=None, waiting=None) -> IngestReport:
    """Read documents into the ledger; bad documents are rejected with reasons, the rest go on.
    Another ingest into the same ledger is waited for (`waiting()` is called first, if given)."""
    from .kb import load as load_kb
    from .pipeline import run
    from .settings import Settings

    settings = settings or Settings.from_env()
    return run([str(p) for p in paths], ledger, kb or load_kb(settings.data_dir), settings, progress,
               waiting=waiting)


def query(ledger: Ledger, since: dt.date | None = None, until: dt.date | None = None, country: str | None = None,
          place: str | None = None, actor: str | None = None, weapon: str | None = None,
          status: str | None = None, text: str | None = None, limit: int = 1000, offset: int = 0) -> list[Event]:
    """Events matching every filter given, in date order (place, actor and text match case-insensitively).

    `weapon` is a category (`drone`, `rocket`, ...); `actor` a name fragment or an affiliation code.
    """
    from .models import EventQuery

    _, events = ledger.search_events(EventQuery(since=since, until=until, country=country, place=place,
                                                actor=actor, weapon=weapon, status=status, q=text,
                                                limit=limit, offset=offset))
    return events


def claims_report(ledger: Ledger) -> list[dict]:
    """Every claim (running tally or total) with the ledger's own figure for its window and region."""
    from .extract.claims import compare

    claims = ledger.claims()
    if not claims:
        return []
    windows = [c for c in claims if c.since and c.as_of]
    events = (ledger.events(since=min(c.since for c in windows), until=max(c.as_of for c in windows))
              if windows else [])
    return [{**c.model_dump(mode="json"), **compare(c, events)} for c in claims]


def chain(ledger: Ledger, event_id: str) -> dict:
    """The retaliation chain through one event: what it answered (upstream, transitively) and what
    answered it (downstream, transitively), each as a list of events in date order."""
    root = ledger.event(event_id)
    upstream, seen, todo = [], {event_id}, list(root.responds_to)
    while todo:
        current = ledger.event(todo.pop(0))
        if current.id not in seen:
            seen.add(current.id)
            upstream.append(current)
            todo.extend(current.responds_to)
    downstream, todo = [], ledger.responded_by(event_id)
    while todo:
        current = ledger.event(todo.pop(0))
        if current.id not in seen:
            seen.add(current.id)
            downstream.append(current)
            todo.extend(ledger.responded_by(current.id))
    key = lambda e: (e.date is None, e.date or dt.date.min, e.id)  # noqa: E731
    return {"event": root, "answers": sorted(upstream, key=key), "answered_by": sorted(downstream, key=key)}


def export(ledger: Ledger, what: str, fmt: str, path: str | Path | None = None) -> str:
    """Write `events` or `documents` as jsonl, csv or geojson; return the text written."""
    import json

    from . import exports as ex

    if what == "events":
        events = ledger.events()
        text = {"jsonl": lambda: "".join(ex.events_jsonl(events)), "csv": lambda: ex.events_csv(events),
                "geojson": lambda: json.dumps(ex.events_geojson(events), ensure_ascii=False)}[fmt]()
    elif what == "documents":
        docs = list(ledger.documents())
        if fmt == "geojson":
            raise SitrepError("documents have no geometry: export them as jsonl or csv")
        text = "".join(ex.documents_jsonl(docs)) if fmt == "jsonl" else ex.documents_csv(docs)
    else:
        raise SitrepError(f"cannot export {what!r}: choose events or documents")
    if path:
        Path(path).write_text(text, encoding="utf-8")
    return text
