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
        fh.write("bad-place,Bad Place,base,Iraq,,33.1,44.1,\n")
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
