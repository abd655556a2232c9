"""Figures with history (revisions.py): a later report that changes a toll, a weapon or a place is kept as a
revision with its source, shown by `show` and exported; the history follows report dates, not ingest order."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.models import Count, Evidence, Mention
from sitrep.resolve import mention_key
from sitrep.revisions import figure, figure_history

FIRST = {"id": "arifjan-first.txt", "published": "2026-03-02",
         "text": "KUWAIT CITY - A powerful weapon struck a US military logistics hub at Camp Arifjan in Kuwait on "
                 "Sunday, killing three American service members, US officials said on Monday."}
LATER = {"id": "arifjan-later.txt", "published": "2026-03-03",
         "text": "KUWAIT CITY - Six American troops were killed when an Iranian drone struck Camp Arifjan on Sunday, "
                 "US officials said on Tuesday."}
COARSE = {"id": "buehring-first.txt", "published": "2026-04-06",
          "text": "KUWAIT CITY - Iranian drones struck a US military base in Kuwait on Sunday, wounding two American "
                  "soldiers, officials said."}
FINE = {"id": "buehring-later.txt", "published": "2026-04-07",
        "text": "KUWAIT CITY - Iranian drones struck Camp Buehring in Kuwait on Sunday, wounding five American "
                "soldiers, US Central Command said on Tuesday."}


def cli(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def ledger(tmp_path, name: str, records: list[dict]) -> str:
    path, corpus = str(tmp_path / f"{name}.db"), tmp_path / f"{name}.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    cli("ingest", str(corpus), "--db", path)
    return path


def exported(db: str) -> list[dict]:
    return [json.loads(line) for line in cli("export", "events", "--db", db, "--format", "jsonl").splitlines() if line]


@pytest.fixture()
def toll(tmp_path) -> str:
    return ledger(tmp_path, "toll", [FIRST, LATER])


def test_a_rising_toll_is_a_revision_in_the_export(toll):
    [event] = exported(toll)
    assert event["revisions"]["killed"] == {"first_reported": 3, "current": 6, "first_doc": "arifjan-first.txt",
                                            "first_published": "2026-03-02"}
    [killed] = [c for c in event["corrections"] if c["field"] == "killed"]
    said = (killed["from"], killed["to"], killed["doc"], killed["published"])
    assert said == (3, 6, "arifjan-later.txt", "2026-03-03")
    assert "Six American troops were killed" in killed["quote"]


def test_show_prints_how_each_figure_moved(toll):
    [event] = exported(toll)
    out = cli("show", event["id"], "--db", toll)
    assert ("killed: 3 → 6 (first reported 3 by arifjan-first.txt on 2026-03-02; "
            "6 by arifjan-later.txt on 2026-03-03)") in out
    assert "weapon: unknown → drone" in out


def test_a_weapon_first_left_unnamed_is_revised_to_the_one_named_later(toll):
    [event] = exported(toll)
    assert event["revisions"]["weapon"]["first_reported"] == "unknown"
    assert event["revisions"]["weapon"]["current"] == "drone" and event["weapons"] == ["drone"]
    assert [c["field"] for c in event["corrections"]] == ["killed", "weapon"]  # one report, fields in a fixed order


def test_a_country_first_reported_is_revised_to_the_site_named_later(tmp_path):
    [event] = exported(ledger(tmp_path, "place", [COARSE, FINE]))
    assert event["revisions"]["place"]["first_reported"] == "Kuwait"
    assert event["revisions"]["place"]["current"] == "Camp Buehring"
    assert event["revisions"]["injured"]["first_reported"] == 2 and event["revisions"]["injured"]["current"] == 5


def test_the_history_follows_report_dates_not_ingest_order(tmp_path):
    forward = exported(ledger(tmp_path, "forward", [FIRST, LATER, COARSE, FINE]))
    backward = exported(ledger(tmp_path, "backward", [FINE, LATER, COARSE, FIRST]))
    # Event ids come from the first mention ingested, so the events are compared by their history alone.
    history = lambda events: sorted((json.dumps(e["revisions"]), json.dumps(e["corrections"])) for e in events)
    assert len(forward) == len(backward) == 2 and history(forward) == history(backward)
    assert all(e["revisions"] for e in forward)


def test_an_event_told_one_way_has_no_revisions(tmp_path):
    again = {**LATER, "id": "arifjan-again.txt", "published": "2026-03-04"}
    [event] = exported(ledger(tmp_path, "same", [LATER, again]))
    assert event["revisions"] == {} and event["corrections"] == []


# The rules of the view, on mentions built by hand (texts are invented).
def mention(doc: str, day: int, start: int = 0, **values) -> Mention:
    quote = f"passage of {doc} at {start}"
    return Mention(id=f"{doc}-{start}", doc=doc, published=dt.date(2026, 5, day),
                   evidence=Evidence(doc=doc, start=start, end=start + len(quote), quote=quote), **values)


def test_two_figures_in_one_document_are_its_word_not_a_revision():
    ms = [mention("a", 1, 0, killed=Count(value=2)), mention("a", 1, 90, killed=Count(value=4))]
    assert figure_history(ms, mention_key) == ({}, [])


def test_a_vague_later_figure_does_not_replace_a_number_but_a_new_number_does():
    ms = [mention("a", 1, killed=Count(value=2)), mention("b", 2, killed=Count(value=None, qualifier="several")),
          mention("c", 3, killed=Count(value=4, low=4, qualifier="at least"))]
    revisions, corrections = figure_history(ms, mention_key)
    assert revisions["killed"]["current"] == "at least 4"
    assert [(c["from"], c["to"], c["doc"]) for c in corrections] == [(2, "at least 4", "c")]


def test_a_coarser_later_place_is_no_correction():
    site = dict(location="Camp Buehring", country="KW", geo_precision="site")
    ms = [mention("a", 1, **site), mention("b", 2, location="Kuwait", country="KW", geo_precision="country")]
    assert figure_history(ms, mention_key) == ({}, [])


def test_a_later_weapon_adds_to_those_already_named():
    ms = [mention("a", 1, weapons=["rocket"]), mention("b", 2, weapons=["drone"]), mention("c", 3, weapons=["rocket"])]
    revisions, corrections = figure_history(ms, mention_key)
    assert revisions["weapon"] == {"first_reported": "rocket", "current": "drone, rocket", "first_doc": "a",
                                   "first_published": "2026-05-01"}
    assert len(corrections) == 1


def test_a_count_is_one_value():
    assert figure(Count(value=0, qualifier="none reported")) == 0
    assert figure(Count(low=5, high=8)) == "5-8"
    assert figure(Count(qualifier="several")) == "several"
