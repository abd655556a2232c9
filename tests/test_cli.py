"""The command line as a new user meets it (issue 12): missing ledgers, filters, one-line errors,
output for scripts, `show` in sentences, documents, described stdin, content types, lazy imports."""
from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sitrep
from sitrep.cli import app
from sitrep.describe import clip, event_lines
from sitrep.models import Count, Event, Evidence

SRC = str(Path(__file__).resolve().parents[1] / "src")
REPORT = ("WASHINGTON - Iran-backed militants launched at least five drones at Al-Tanf Garrison in Syria on Monday, "
          "and two of them were shot down by the base's C-RAM defences, U.S. Central Command said on Tuesday. "
          "One drone struck a storage building and three service members were lightly wounded, the command said, "
          "adding that the damage to the storage building was being assessed by engineers on the ground.")
OTHER = ("BAGHDAD - Two rockets struck near Ain al-Asad Air Base in western Iraq on Thursday, causing no "
         "casualties, an Iraqi security official said.")


def cli(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


def cli_subprocess(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], input=stdin, capture_output=True,
                          env=env, timeout=120)


@pytest.fixture()
def db(tmp_path) -> str:
    path = str(tmp_path / "ledger.db")
    records = [{"id": "tanf.txt", "published": "2024-03-05", "text": REPORT},
               {"id": "asad.txt", "published": "2024-03-08", "text": OTHER}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    assert cli("ingest", str(tmp_path / "c.jsonl"), "--db", path).exit_code == 0
    return path


# 1. A ledger that does not exist is an error for every reader; only ingest creates one.
@pytest.mark.parametrize("args", [["events"], ["show", "ev-x"], ["export", "events"], ["claims"], ["chain", "ev-x"],
                                  ["documents"], ["document", "x"], ["serve", "--port", "PORT"]])
def test_read_commands_on_a_missing_ledger_exit_2_and_create_nothing(tmp_path, args):
    with socket.socket() as taken:  # a server that did start could not stay up: the port is in use
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        args = [str(taken.getsockname()[1]) if a == "PORT" else a for a in args]
        results = [(db, cli(*args, "--db", db)) for db in (str(tmp_path / "no" / "dir" / "x.db"), str(tmp_path / "ledgr.db"))]
    for db, result in results:
        assert result.exit_code == 2, result.output
        assert "no ledger at" in result.output and "Traceback" not in result.output
        assert not Path(db).exists()
    assert not (tmp_path / "no").exists()


# 2. Filters: a country by name or code; weapon and status checked against the knowledge base; dates in order.
def test_filters_accept_country_names_and_reject_unknown_values(db):
    by_code = cli("events", "--db", db, "--json", "--country", "SY").output
    assert by_code and by_code == cli("events", "--db", db, "--json", "--country", "Syria").output
    assert by_code == cli("events", "--db", db, "--json", "--country", "sy").output
    weapon = cli("events", "--db", db, "--weapon", "drones")
    assert weapon.exit_code == 2 and "ballistic_missile" in weapon.output and "small_arms" in weapon.output
    status = cli("events", "--db", db, "--status", "verified")
    assert status.exit_code == 2 and "reported, corroborated, confirmed" in status.output
    assert "pydantic" not in status.output and "http" not in status.output
    dates = cli("events", "--db", db, "--since", "2024-03-09", "--until", "2024-03-01")
    assert dates.exit_code == 2 and "after --until" in dates.output
    assert cli("events", "--db", db, "--country", "Atlantis").exit_code == 2


# 3. Every expected error is one line, without a traceback.
def test_expected_errors_are_one_line(db, tmp_path):
    export = cli_subprocess("export", "events", "--db", db, "-o", str(tmp_path / "nowhere" / "x.jsonl"))
    assert export.returncode == 2
    assert export.stderr.decode().strip().count("\n") == 0 and b"Traceback" not in export.stderr
    assert b"No such file or directory" in export.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        serve = cli_subprocess("serve", "--db", db, "--port", str(taken.getsockname()[1]))
    assert serve.returncode == 2 and b"serving" not in serve.stderr + serve.stdout
    assert b"cannot listen on" in serve.stderr and serve.stderr.decode().strip().count("\n") == 0
    bad = cli_subprocess("events", "--db", db, "--status", "verified")
    assert bad.returncode == 2 and bad.stderr.decode().strip().count("\n") == 0


def test_a_bad_setting_in_the_environment_is_one_line_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_WORKERS", "two")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "SITREP_WORKERS='two'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.db").exists()


# 4. Output for scripts: whole ids when piped, --limit/--offset, --json, --csv, --version.
def test_piped_events_show_whole_ids_and_take_limit_offset_json_csv(db):
    ids = [json.loads(line)["id"] for line in cli("events", "--db", db, "--json").output.splitlines()]
    assert len(ids) == 2 and all(i.startswith("ev-") and len(i) > 6 for i in ids)
    piped = cli_subprocess("events", "--db", db)
    assert piped.returncode == 0 and all(i in piped.stdout.decode() for i in ids) and "…" not in piped.stdout.decode()
    second = cli("events", "--db", db, "--json", "--limit", "1", "--offset", "1").output.splitlines()
    assert [json.loads(line)["id"] for line in second] == ids[1:]
    record = json.loads(cli("events", "--db", db, "--json", "--limit", "1").output)
    assert record == json.loads(sitrep.export(sitrep.open_ledger(db), "events", "jsonl").splitlines()[0])
    rows = list(csv.DictReader(io.StringIO(cli("events", "--db", db, "--csv").output)))
    assert [r["event_id_cnty"] for r in rows] == ids
    version = cli("--version")
    assert version.exit_code == 0 and version.output.strip() == f"sitrep {sitrep.__version__}"


# 5. `show` in sentences: counts as "2 of at least 5", quotes cut at a word, each with its rule.
def test_show_prints_counts_as_sentences_and_quotes_with_rules(db):
    event_id = json.loads(cli("events", "--db", db, "--json", "--country", "SY").output)["id"]
    out = cli("show", event_id, "--db", db).output
    assert "{'" not in out and "[rule: trigger.attack" in out  # the rulebook id of the rule that found it
    clipped = [line.strip() for line in out.splitlines() if line.strip().startswith('"')]
    assert clipped and all(line.endswith('…"') or not line.endswith('…') for line in clipped)
    assert all(line[:-2].rstrip("…").split()[-1] in REPORT.split() for line in clipped)
    evidence = Evidence(doc="centcom-1", start=0, end=10, quote="two were shot down", rule="intercepted-of")
    e = Event(id="ev-1", launched=Count(low=5, qualifier="at least"), defences=["C-RAM"],
              intercepted=Count(value=2, evidence=evidence))
    assert "intercepted: 2 of at least 5, by C-RAM (centcom-1)" in event_lines(e)
    assert clip("one two three four", 12) == "one two…"


# 6. Documents are listed and shown, with their events or their rejection.
def test_documents_and_document(db, tmp_path):
    listed = cli_subprocess("documents", "--db", db).stdout.decode()
    assert "tanf.txt" in listed and "asad.txt" in listed and "2024-03-05" in listed
    shown = cli("document", "tanf.txt", "--db", db)
    assert shown.exit_code == 0 and "published: 2024-03-05" in shown.output and "Al-Tanf Garrison" in shown.output
    (tmp_path / "empty.txt").write_text("   ")
    cli("ingest", str(tmp_path / "empty.txt"), "--db", db)
    rejected = cli("document", "empty.txt", "--db", db)
    assert rejected.exit_code == 1 and "rejected: empty document" in rejected.output
    assert cli("document", "nothing.txt", "--db", db).exit_code == 1


# 7. A single file or standard input can carry its date, address, title and outlet.
def test_ingest_describes_one_document_from_stdin(tmp_path):
    db = str(tmp_path / "l.db")
    result = cli("ingest", "-", "--db", db, "--id", "pasted", "--published", "2024-03-05",
                 "--url", "https://wire.test/tanf", "--title", "Drones at Tanf", "--outlet", "Test Wire", stdin=REPORT)
    assert result.exit_code == 0, result.output
    with sitrep.open_ledger(db) as ledger:
        doc = ledger.document("pasted")
    assert (doc["published"], doc["url"], doc["title"], doc["outlet"]) == (
        "2024-03-05", "https://wire.test/tanf", "Drones at Tanf", "Test Wire")
    (tmp_path / "a.txt").write_text(OTHER)
    several = cli("ingest", str(tmp_path / "a.txt"), "-", "--db", db, "--published", "2024-03-05", stdin=REPORT)
    assert several.exit_code == 2 and "--published describe a single document" in several.output
    assert cli("ingest", str(tmp_path), "--db", db, "--title", "x").exit_code == 2


# 8. Formats that are not text are rejected by their signature, with a reason naming the format.
@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n" + b"IHDR" * 4, "a PNG image"), (b"\xff\xd8\xff\xe0JFIF", "a JPEG image"),
    (b"GIF89a....", "a GIF image"), (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a WebP image"),
    (b"PK\x03\x04\x14\x00\x00\x00word/document.xml", "a Word document (.docx)"),
    (b"PK\x03\x04\x14\x00\x00\x00xl/workbook.xml", "an Excel workbook (.xlsx)"),
    (b"PK\x03\x04\x14\x00mimetypeapplication/vnd.oasis.opendocument.text", "an OpenDocument file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "an old Microsoft Office file"),
])
def test_non_text_formats_are_rejected_by_signature(tmp_path, data, kind):
    (tmp_path / "report.txt").write_bytes(data)
    result = cli("ingest", str(tmp_path / "report.txt"), "--db", str(tmp_path / "l.db"))
    assert result.exit_code == 1 and kind in result.output and "not a text document" in result.output


# 9. Nothing heavy is imported to answer --help or to import the package.
def test_help_and_import_load_no_heavy_module():
    code = ("import sys; from sitrep.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "import sitrep; from sitrep.errors import SitrepError\n"
            "heavy = ['sqlalchemy', 'pydantic', 'trafilatura', 'spacy', 'fastapi', 'uvicorn', 'sitrep.store',"
            " 'sitrep.pipeline', 'sitrep.models']\n"
            "print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": SRC}, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
    assert sitrep.Ledger.__name__ == "Ledger" and callable(sitrep.ingest) and sitrep.IngestReport


@pytest.mark.parametrize("command", sorted(c.name or c.callback.__name__ for c in app.registered_commands))
def test_every_command_has_help_with_example(command):
    result = cli(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output


# --- issue 12, points 1 and 2: replace a document; an undated text says so -----------------------------
CORRECTED = ("WASHINGTON - Iran-backed militants launched at least five drones at Al-Tanf Garrison in Syria on "
             "Monday, and all of them were shot down, U.S. Central Command said on Tuesday.")


def test_ingest_replace_stores_the_new_version_and_document_shows_the_history(tmp_path, db):
    v2 = tmp_path / "v2" / "tanf.txt"
    v2.parent.mkdir()
    v2.write_text(CORRECTED)
    refused = cli("ingest", str(v2), "--db", db, "--published", "2024-03-05")
    assert refused.exit_code == 1 and "--replace" in refused.output
    done = cli("ingest", str(v2), "--db", db, "--published", "2024-03-05", "--replace")
    assert done.exit_code == 0, done.output
    assert "replaced: 1" in done.output
    shown = cli("document", "tanf.txt", "--db", db)
    assert "history: 1 earlier version" in shown.output
    assert "all of them were shot down" not in shown.output  # the history lists versions, not their text
    with sitrep.open_ledger(db, create=False) as ledger:
        assert "all of them were shot down" in ledger.document("tanf.txt")["text"]


def test_the_ingest_summary_counts_undated_mentions_and_documents_without_any(tmp_path):
    db = str(tmp_path / "l.db")
    dated = cli("ingest", "-", "--db", db, "--published", "2024-03-05", stdin=REPORT)
    assert "(undated: 0)" in dated.output
    undated = cli("ingest", "-", "--db", db, stdin="A quiet week at the ministry, where officials met to discuss budgets.")
    assert undated.exit_code == 0
    assert "undated documents: 1" in undated.output and "give --published" in undated.output
    assert "documents with no attack mention: 1" in undated.output


def test_a_mention_with_a_year_less_date_is_kept_and_counted_undated(tmp_path):
    db = str(tmp_path / "l.db")
    text = "Iran-backed militants fired rockets at Ain al-Asad Air Base in western Iraq on April 9, wounding one contractor."
    result = cli("ingest", "-", "--db", db, stdin=text)
    assert "mentions: 1 (undated: 1)" in result.output, result.output
    with sitrep.open_ledger(db, create=False) as ledger:
        (event,) = ledger.events()
    assert event.date is None and event.date_precision == "unknown"
