"""Bad input: each document is read correctly or rejected with a clear reason; the rest of the batch goes on."""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


# --- issue 8: no input can stop, stall or corrupt an ingest ----------------------------------------

OTHER_REPORT = "Drones struck Camp Placeholder in Syria on Tuesday, an invented ministry spokesman said."


def run_cli(*args: str, stdin: str | None = None):
    from typer.testing import CliRunner

    from sitrep.cli import app

    return CliRunner().invoke(app, list(args), input=stdin)


def cli_subprocess(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real CLI in a child process: an input that hangs fails the test instead of hanging the suite."""
    code = "from sitrep.cli import app; app()"
    env = {**os.environ, "PYTHONPATH": str(Path(sitrep.__file__).parents[1])}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, env=env)


def test_two_texts_on_stdin_are_two_documents(tmp_path):
    db = str(tmp_path / "l.db")
    assert run_cli("ingest", "-", "--db", db, stdin=REPORT).exit_code == 0
    second = run_cli("ingest", "-", "--db", db, stdin=OTHER_REPORT)
    assert second.exit_code == 0, second.output
    with sitrep.open_ledger(db) as ledger:
        ids = [d["id"] for d in ledger.documents()]
    assert len(ids) == 2 and all(i.startswith("stdin-") for i in ids)


def test_same_file_name_in_two_subfolders_is_two_documents(tmp_path, ledger):
    for sub, text in (("a", REPORT), ("b", OTHER_REPORT)):
        (tmp_path / "saved" / sub).mkdir(parents=True)
        (tmp_path / "saved" / sub / "index.txt").write_text(text)
    report = sitrep.ingest([tmp_path / "saved"], ledger, settings=Settings())
    assert report.rejected == []
    assert {d["id"] for d in ledger.documents()} == {"a/index.txt", "b/index.txt"}


def test_id_option_names_the_document_and_needs_a_single_input(tmp_path):
    db = str(tmp_path / "l.db")
    (tmp_path / "r.txt").write_text(REPORT)
    assert run_cli("ingest", str(tmp_path / "r.txt"), "--db", db, "--id", "my-report").exit_code == 0
    assert run_cli("ingest", "-", "--db", db, "--id", "from-stdin", stdin=OTHER_REPORT).exit_code == 0
    with sitrep.open_ledger(db) as ledger:
        assert {d["id"] for d in ledger.documents()} == {"my-report", "from-stdin"}
    several = run_cli("ingest", str(tmp_path / "r.txt"), "-", "--db", db, "--id", "x")
    assert several.exit_code == 2 and "single document" in several.output


def test_exit_codes(tmp_path):
    db = str(tmp_path / "l.db")
    (tmp_path / "good.txt").write_text(REPORT)
    (tmp_path / "empty.txt").write_text("  \n")
    assert run_cli("ingest", str(tmp_path / "good.txt"), "--db", db).exit_code == 0
    rejected = run_cli("ingest", str(tmp_path / "empty.txt"), "--db", db)
    assert rejected.exit_code == 1 and "documents read: 1" in rejected.output and "empty" in rejected.output
    missing = run_cli("ingest", str(tmp_path / "nowhere.txt"), "--db", db)
    assert missing.exit_code == 1 and "no such file" in missing.output
    assert run_cli("ingest", "--db", db).exit_code == 2  # no path: a usage error


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path, ledger, encoding, bom):
    (tmp_path / "wide.txt").write_bytes(bom + "Aïn al-Asad: ".encode(encoding) + REPORT.encode(encoding))
    report = sitrep.ingest([tmp_path / "wide.txt"], ledger, settings=Settings())
    assert report.rejected == [] and report.stored == 1
    assert ledger.document("wide.txt")["text"].startswith("Aïn al-Asad: Iran-backed")


def test_fifo_and_device_are_rejected_without_being_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opened for reading, it would wait for a writer forever
    result = cli_subprocess("ingest", str(fifo), "/dev/zero", "--db", str(tmp_path / "l.db"))
    assert result.returncode == 1, result.stderr
    assert "pipe.txt: not a regular file" in result.stdout and "/dev/zero: not a regular file" in result.stdout


def test_fifo_inside_a_folder_is_rejected(tmp_path, ledger):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe")
    (tmp_path / "in" / "good.txt").write_text(REPORT)
    report = sitrep.ingest([tmp_path / "in"], ledger, settings=Settings())
    assert report.stored == 1 and "FIFO" in report.rejected[0].reason


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_read_is_bounded_whatever_stat_says(ledger):
    maps = Path("/proc/self/maps")  # a regular file whose stat says 0 bytes, with kilobytes to read
    assert maps.stat().st_size == 0
    report = sitrep.ingest([maps], ledger, settings=Settings(max_document_bytes=100))
    assert report.stored == 0 and "over the limit" in report.rejected[0].reason


def test_invalid_utf8_in_a_record_is_rejected_naming_its_line(tmp_path, ledger):
    corpus = tmp_path / "c.jsonl"
    good = json.dumps({"id": "ok", "text": REPORT}).encode()
    bad = json.dumps({"id": "bad", "text": "Rockets hit Camp X"}).encode().replace(b"Camp", b"Ca\xe9mp")
    corpus.write_bytes(codecs.BOM_UTF8 + good + b"\n" + bad + b"\n")
    report = sitrep.ingest([corpus], ledger, settings=Settings())
    assert [d["id"] for d in ledger.documents()] == ["ok"]
    assert [(r.source, "invalid UTF-8" in r.reason) for r in report.rejected] == [(f"{corpus}:2", True)]


def test_nested_json_huge_integer_and_long_id_are_rejections(tmp_path, ledger):
    lines = ['{"id": "deep", "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
             '{"id": "big", "text": "x", "extra": ' + "7" * 5000 + "}",
             json.dumps({"id": "i" * 600, "text": REPORT}),
             json.dumps({"id": "fine", "text": REPORT})]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    report = sitrep.ingest([corpus], ledger, settings=Settings())
    assert [d["id"] for d in ledger.documents()] == ["fine"]
    reasons = {r.source: r.reason for r in report.rejected}
    assert "nested too deeply" in reasons[f"{corpus}:1"]
    assert "digit" in reasons[f"{corpus}:2"]
    assert "over the limit of 512" in reasons[f"{corpus}:3"]


def test_lone_surrogates_and_nul_are_removed_everywhere(tmp_path, ledger):
    record = '{"id": "s\\ud800x", "title": "T\\u0000itle", "outlet": "Out\\udfff", "url": "https://e.test/\\u0000a", ' \
             f'"text": "{REPORT[:20]}\\ud83d\\u0000{REPORT[20:]}"}}'
    (tmp_path / "c.jsonl").write_text(record + "\n")
    report = sitrep.ingest([tmp_path / "c.jsonl"], ledger, settings=Settings())
    assert report.rejected == [] and report.stored == 1
    doc = ledger.document("sx")
    assert (doc["title"], doc["outlet"], doc["url"]) == ("Title", "Out", "https://e.test/a")
    assert REPORT in doc["text"]


def test_file_name_that_is_not_utf8_is_stored_readably(tmp_path, ledger):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(REPORT)  # Python holds the \xe9 as a lone surrogate
    report = sitrep.ingest([folder], ledger, settings=Settings())
    assert report.rejected == [] and [d["id"] for d in ledger.documents()] == ["caf\ufffd.txt"]
