"""The pipeline's document boundary: one bad document is its own rejection, the rest of the batch is stored,
and a value the database refuses is retried one document at a time so the refusal names its document."""
from __future__ import annotations

import hashlib
import json

import pytest

import sitrep
from sitrep import pipeline
from sitrep.models import Article
from sitrep.settings import Settings

GOOD = [
    "Rockets struck Ain al-Asad Air Base in western Iraq on March 3, 2024, a U.S. official said.",
    "A drone attacked the Tower 22 outpost in Jordan on Jan. 5, 2024, wounding three U.S. soldiers.",
    "Militants fired mortar rounds at the al-Tanf garrison in Syria on Feb. 11, 2024.",
    "Two one-way attack drones targeted Erbil Air Base in northern Iraq on April 2, 2024.",
]


def _article(doc_id: str, text: str, published: str = "2024-06-01") -> Article:
    import datetime as dt
    return Article(id=doc_id, raw_text=text, published=dt.date.fromisoformat(published),
                   content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def _corpus(tmp_path, texts: list[str]) -> str:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": f"doc-{i}", "published": "2024-06-01", "text": t}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return str(path)


def test_a_document_that_breaks_a_stage_is_rejected_and_the_batch_goes_on(tmp_path, kb, monkeypatch):
    """Fault injection at the extraction stage: the document it fails on is a rejection naming the
    exception; every other document of the same chunk is stored, and a re-run stores nothing twice."""
    real = pipeline.extract_mentions

    def breaks_on_poison(clean, kb):
        if "POISON" in clean.text:
            raise RuntimeError("stage failed on this text")
        return real(clean, kb)

    monkeypatch.setattr(pipeline, "extract_mentions", breaks_on_poison)
    texts = GOOD[:2] + ["POISON: rockets hit a base in Iraq on March 9, 2024."] + GOOD[2:]
    corpus = _corpus(tmp_path, texts)
    with sitrep.open_ledger(str(tmp_path / "l.db")) as ledger:
        report = sitrep.ingest([corpus], ledger, settings=Settings(chunk_documents=200))
        assert report.stored == 4 and len(report.rejected) == 1
        assert "RuntimeError: stage failed on this text" in report.rejected[0].reason
        assert {d["id"] for d in ledger.documents()} == {"doc-0", "doc-1", "doc-3", "doc-4"}
        assert any("RuntimeError" in r.reason for r in ledger.rejections())
        again = sitrep.ingest([corpus], ledger)
        assert again.stored == 0 and again.unchanged == 4 and len(again.rejected) == 1


def test_an_impossible_date_does_not_lose_the_batch(tmp_path):
    """The reproduced case: one document with 2024-02-30 at position 3 of 5 used to lose all five."""
    texts = GOOD[:2] + ["Rockets hit Erbil Air Base in Iraq on 2024-02-30."] + GOOD[2:]
    with sitrep.open_ledger(str(tmp_path / "l.db")) as ledger:
        report = sitrep.ingest([_corpus(tmp_path, texts)], ledger)
        stored = {d["id"] for d in ledger.documents()}
    assert {"doc-0", "doc-1", "doc-3", "doc-4"} <= stored
    assert report.stored + len(report.rejected) == 5


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_value_the_database_refuses_names_its_document(tmp_path, kb, backend, request):
    """A NUL character is refused by PostgreSQL's text columns. Articles handed to the pipeline directly
    (not through ingest, which removes NULs) reach the database: the chunk is written again one document at
    a time, the refused document is a rejection that names it, and the others are stored."""
    db = request.getfixturevalue("postgresql_url") if backend == "postgresql" else str(tmp_path / "l.db")
    articles = [_article(f"ok-{i}", t) for i, t in enumerate(GOOD)]
    articles.insert(2, _article("has-nul", "Rockets hit Camp Taji in Iraq\x00 on March 1, 2024."))
    with sitrep.open_ledger(db) as ledger:
        report = pipeline.run_articles(articles, ledger, kb, Settings())
        stored = {d["id"] for d in ledger.documents()}
        events = ledger.events()
    assert {f"ok-{i}" for i in range(4)} <= stored
    if backend == "postgresql":
        assert [r.source for r in report.rejected] == ["has-nul"]
        assert "the ledger refused it" in report.rejected[0].reason
    assert len(events) >= 4


def test_counts_past_the_integer_columns_are_stored_without_a_figure(tmp_path, kb, postgresql_url):
    """A count of 2**31 or more does not fit PostgreSQL's INTEGER: the column keeps no figure on either
    backend, and nothing is rejected."""
    from sitrep.store import _event_values
    from sitrep.models import Count, Event
    import datetime as dt

    event = Event(id="ev-big", killed=2**31, injured=2**63, launched=Count(value=2**40))
    values = _event_values(event, dt.datetime(2024, 1, 1))
    assert values["killed"] is None and values["injured"] is None and values["launched"] is None
    for db in (str(tmp_path / "l.db"), postgresql_url):
        with sitrep.open_ledger(db) as ledger:
            with ledger.writer() as writer:
                writer.write_batch([], [], {event.id: event}, {event.id}, {})
            assert ledger.event("ev-big").killed == 2**31  # the record keeps what was reported


def test_extract_events_grades_like_an_ingest(kb):
    """The library's one-text call goes through the same stages as ingest, grading included."""
    events = sitrep.extract_events(GOOD[1], published="2024-01-06", kb=kb)
    assert events and all(e.credibility and e.field_sources for e in events)
    assert events[0].casualties["injured"]["best"] == 3
