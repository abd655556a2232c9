"""CSV exports: a cell a spreadsheet would run as a formula is escaped; numbers are left as numbers."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

import sitrep
from sitrep import exports
from sitrep.api import create_app
from sitrep.models import Event

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HOSTILE = {"location": "=HYPERLINK(\"http://evil.test\",\"click\")", "actor1": "+cmd|' /C calc'!A0",
           "actor2": "-2+3", "operation": "@SUM(A1:A9)", "place_text": "\tTab", "damage": "\rCR"}


def hostile_event() -> Event:
    return Event(id="ev-0000000000aa", date=dt.date(2024, 1, 2), date_precision="day", country="IQ",
                 lat=-33.5, lon=-70.25, geo_precision="site", killed=2, injured=0,
                 weapons=["=rocket"], sources=[{"doc": "@doc-1"}], **HOSTILE)


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_events_csv_escapes_formula_cells_and_keeps_negative_numbers():
    row = rows(exports.events_csv([hostile_event()]))[0]
    assert row["location"] == "'" + HOSTILE["location"]
    assert row["actor1"] == "'" + HOSTILE["actor1"] and row["actor2"] == "'-2+3"
    assert row["operation"] == "'@SUM(A1:A9)"
    assert row["weapons"] == "'=rocket" and row["sources"] == "'@doc-1"
    assert (row["latitude"], row["longitude"]) == ("-33.5", "-70.25")  # numbers, not formulas
    assert row["event_date"] == "2024-01-02" and row["fatalities"] == "2"


def test_documents_csv_escapes_formula_cells():
    row = rows(exports.documents_csv([{"id": "doc", "title": "=1+1", "outlet": "@wire", "url": "-x",
                                       "flags": ["+f"], "published": "2024-01-02"}]))[0]
    assert (row["title"], row["outlet"], row["url"], row["flags"]) == ("'=1+1", "'@wire", "'-x", "'+f")
    assert row["id"] == "doc" and row["published"] == "2024-01-02"


def test_cli_and_api_csv_exports_are_escaped_parquet_is_not(tmp_path):
    db = str(tmp_path / "l.db")
    with sitrep.open_ledger(db) as ledger:
        event = hostile_event()
        with ledger.writer() as writer:
            writer.write_batch([], [], {event.id: event}, {event.id}, {})
        cli_row = rows(sitrep.export(ledger, "events", "csv"))[0]
    assert cli_row["location"].startswith("'=") and cli_row["longitude"] == "-70.25"
    with TestClient(create_app(db)) as client:
        api_row = rows(client.get("/api/export/events.csv").text)[0]
        table = pq.read_table(io.BytesIO(client.get("/api/export/events.parquet").content))
    assert api_row["location"].startswith("'=") and api_row["actor2"] == "'-2+3" and api_row["latitude"] == "-33.5"
    assert table.column("location").to_pylist() == [HOSTILE["location"]]  # typed data, not a spreadsheet
    assert table.column("longitude").to_pylist() == [-70.25]
