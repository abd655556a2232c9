"""Bad input: each document is read correctly or rejected with a clear reason; the rest of the batch goes on."""
from __future__ import annotations

import json

import sitrep
from sitrep.settings import Settings

REPORT = "Iran-backed militants fired two rockets at Ain al-Asad Air Base in Iraq on Monday, U.S. officials said."


def test_bad_files_rejected_good_ones_stored(tmp_path, ledger):
    (tmp_path / "in").mkdir()
    d = tmp_path / "in"
    (d / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (d / "empty.txt").write_text("   \n")
    (d / "arabic.txt").write_bytes("أطلقت فصائل مسلحة صواريخ على قاعدة عين الأسد الجوية في العراق يوم الاثنين".encode("cp1256"))
    (d / "latin1.txt").write_bytes("Des miliciens ont tiré des roquettes sur la base aérienne d'Aïn al-Asad, a déclaré l'armée.".encode("latin-1"))
    (d / "good.txt").write_text(REPORT)
    report = sitrep.ingest([d], ledger, settings=Settings())
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in report.rejected}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    docs = {doc["id"]: ledger.document(doc["id"]) for doc in ledger.documents()}
    assert "good.txt" in docs
    assert "عين الأسد" in docs["arabic.txt"]["text"]  # decoded, not garbled
    assert "Aïn al-Asad" in docs["latin1.txt"]["text"]


def test_oversized_file_rejected_with_reason(tmp_path, ledger):
    big = tmp_path / "big.txt"
    with big.open("w") as fh:
        for _ in range(52 * 1024):
            fh.write(("filler text about nothing in particular " * 25)[:1023] + "\n")
    assert big.stat().st_size >= 50 * 1024 * 1024
    report = sitrep.ingest([big], ledger, settings=Settings())
    assert report.stored == 0 and "over the limit" in report.rejected[0].reason


def test_malformed_jsonl_line_in_good_batch(tmp_path, ledger):
    lines = [json.dumps({"id": "a", "published": "2024-01-22", "text": REPORT}), '{"id": "b", "text": "unclosed',
             json.dumps({"id": "c", "text": "no date"}), json.dumps({"id": "d"}),
             json.dumps({"id": "e", "published": "2024-01-22", "text": REPORT.replace("two", "three")})]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    report = sitrep.ingest([corpus], ledger, settings=Settings())
    assert {doc["id"] for doc in ledger.documents()} == {"a", "c", "e"}
    reasons = {r.source: r.reason for r in report.rejected}
    assert "malformed JSON" in reasons[f"{corpus}:2"]
    assert "neither 'text' nor 'html'" in reasons[f"{corpus}:4"]


def test_reingest_changes_nothing_and_ids_are_stable(tmp_path, ledger):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "published": "2024-01-22", "text": REPORT}) + "\n")
    sitrep.ingest([corpus], ledger, settings=Settings())
    first = [e.id for e in ledger.events()]
    again = sitrep.ingest([corpus], ledger, settings=Settings())
    assert again.stored == 0 and again.unchanged == 1
    second = tmp_path / "d.jsonl"
    second.write_text(json.dumps({"id": "b", "published": "2024-01-22",
                                  "text": "Rockets struck Al-Asad Airbase in Iraq on Monday, injuring U.S. troops."}) + "\n")
    report = sitrep.ingest([second], ledger, settings=Settings())
    assert report.events_new == 0
    events = ledger.events()
    assert [e.id for e in events] == first
    assert {s["doc"] for s in events[0].sources} == {"a", "b"}


def test_html_comments_and_related_are_dropped(tmp_path, ledger):
    page = tmp_path / "page.html"
    page.write_text(f"""<html><head><title>Attack</title></head><body><article><h1>Rockets hit base</h1>
    <p>{REPORT}</p><p>The Pentagon said an assessment was under way and that no injuries were reported so far.</p></article>
    <section class="comments"><h3>3 comments</h3><p>Fake news, it never happened in Syria on Tuesday.</p></section>
    </body></html>""")
    sitrep.ingest([page], ledger, settings=Settings())
    doc = ledger.document("page.html")
    assert "Fake news" not in doc["text"] and "Ain al-Asad" in doc["text"]
