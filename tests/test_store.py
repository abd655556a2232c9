"""The ledger on SQLite and on PostgreSQL, the knowledge base's errors, and the CLI's help."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import sitrep
from sitrep.cli import app
from sitrep.errors import KnowledgeBaseError

REPORT = "Iran-backed militants fired two rockets at Ain al-Asad Air Base in Iraq on Monday, U.S. officials said."


def test_postgresql_ledger(tmp_path, postgresql_url):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "published": "2024-01-22", "text": REPORT}) + "\n")
    with sitrep.open_ledger(postgresql_url) as ledger:
        report = sitrep.ingest([corpus], ledger)
        assert report.stored == 1 and report.events_new == 1
        assert ledger.events()[0].location == "Ain al-Asad Air Base"


def test_knowledge_base_errors_name_file_and_line(tmp_path):
    import shutil
    from importlib import resources

    data = tmp_path / "data"
    shutil.copytree(str(resources.files("sitrep") / "data"), data)
    with (data / "places.csv").open("a") as fh:
        fh.write("bad-place,Bad Place,base,Iraq,,33.1,44.1,,\n")
    with pytest.raises(KnowledgeBaseError, match=r"places\.csv:\d+: country"):
        sitrep.load_kb(data)


COMMANDS = ["ingest", "events", "show", "export", "claims", "chain", "serve", "demo"]


def test_help_lists_every_command():
    result = CliRunner().invoke(app, ["--help"])
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_example(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_exports_csv_and_geojson(tmp_path, ledger):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "published": "2024-01-22", "text": REPORT}) + "\n")
    sitrep.ingest([corpus], ledger)
    csv_text = sitrep.export(ledger, "events", "csv")
    assert csv_text.splitlines()[0].startswith("event_id_cnty,event_date,time_precision")
    geo = json.loads(sitrep.export(ledger, "events", "geojson"))
    assert geo["type"] == "FeatureCollection"
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 42 < lon < 43 and 33 < lat < 34


# --- ingest --replace: a stored document's new version (issue 12) ---------------------------------------
ASAD = ("BAGHDAD - Iran-backed militants fired three rockets at Ain al-Asad Air Base in western Iraq on Sunday, "
        "wounding two U.S. service members, a U.S. official said.")
ASAD_AGAIN = ("Three rockets struck Ain al-Asad Air Base in Iraq on Sunday and two American troops were hurt, "
              "officials told reporters on Monday.")
TANF = ("DAMASCUS - Iran-backed militants launched two drones at Al-Tanf Garrison in Syria on Sunday, causing no "
        "casualties, a U.S. official said.")


def _corpus(tmp_path, name: str, records: list[tuple[str, str]]):
    path = tmp_path / name
    path.write_text("".join(json.dumps({"id": i, "published": "2024-03-11", "text": t}) + "\n" for i, t in records))
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def any_ledger(request, tmp_path):
    if request.param == "sqlite":
        with sitrep.open_ledger(str(tmp_path / "ledger.db")) as led:
            yield led
        return
    from tests.conftest import scratch_postgresql

    with scratch_postgresql() as url, sitrep.open_ledger(url) as led:
        yield led


@pytest.mark.postgresql
def test_replace_recomputes_events_and_keeps_the_old_version(tmp_path, any_ledger):
    sitrep.ingest([_corpus(tmp_path, "v1.jsonl", [("wire-1", ASAD), ("wire-2", ASAD_AGAIN)])], any_ledger)
    (asad,) = any_ledger.events()
    assert {s["doc"] for s in asad.sources} == {"wire-1", "wire-2"}

    report = sitrep.ingest([_corpus(tmp_path, "v2.jsonl", [("wire-1", TANF)])], any_ledger,
                           settings=sitrep.Settings(replace=True))
    assert (report.replaced, report.stored, report.rejected) == (1, 1, [])
    by_place = {e.location: e for e in any_ledger.events()}
    assert set(by_place) == {"Ain al-Asad Air Base", "Al-Tanf Garrison"}
    assert [s["doc"] for s in by_place["Ain al-Asad Air Base"].sources] == ["wire-2"]  # re-summarised
    assert [s["doc"] for s in by_place["Al-Tanf Garrison"].sources] == ["wire-1"]
    assert any_ledger.counts()["mentions"] == 2
    (old,) = any_ledger.document_history("wire-1")
    assert old["events"] == [asad.id] and old["mentions"] == 1
    assert "Tanf" in any_ledger.document("wire-1")["text"]


@pytest.mark.postgresql
def test_replace_removes_an_event_left_with_no_mention(tmp_path, any_ledger):
    sitrep.ingest([_corpus(tmp_path, "v1.jsonl", [("only", ASAD)])], any_ledger)
    report = sitrep.ingest([_corpus(tmp_path, "v2.jsonl", [("only", TANF)])], any_ledger,
                           settings=sitrep.Settings(replace=True))
    assert report.events_removed == 1
    assert [e.location for e in any_ledger.events()] == ["Al-Tanf Garrison"]
    assert len(any_ledger.document_history("only")) == 1


def test_a_changed_document_without_replace_is_rejected_naming_replace(tmp_path, ledger):
    sitrep.ingest([_corpus(tmp_path, "v1.jsonl", [("only", ASAD)])], ledger)
    report = sitrep.ingest([_corpus(tmp_path, "v2.jsonl", [("only", TANF)])], ledger)
    (rejected,) = report.rejected
    assert "--replace" in rejected.reason
    assert [e.location for e in ledger.events()] == ["Ain al-Asad Air Base"]
    assert ledger.document_history("only") == []


def test_replace_with_the_same_text_is_unchanged(tmp_path, ledger):
    sitrep.ingest([_corpus(tmp_path, "v1.jsonl", [("only", ASAD)])], ledger)
    report = sitrep.ingest([_corpus(tmp_path, "v2.jsonl", [("only", ASAD)])], ledger,
                           settings=sitrep.Settings(replace=True))
    assert (report.unchanged, report.replaced) == (1, 0)
    assert ledger.document_history("only") == []
