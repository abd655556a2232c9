"""Host-nation statements, denials and friendly fire, through the real pipeline into a SQLite ledger:
a claim one party makes and another denies is `disputed` with both statements kept; a host nation's word
on its own territory is official and gives interceptions; fire on one's own side is an event marked
`friendly_fire`, never an attack of the other side."""
from __future__ import annotations

import json

from fastapi.testclient import TestClient

import sitrep
from sitrep.api import create_app
from sitrep.filters import event_query
from sitrep.settings import Settings

CLAIM = "Iran's Revolutionary Guards said on Monday they had struck Camp Arifjan in Kuwait with ballistic missiles."
DENIAL = "Kuwait's Ministry of Defence on Tuesday denied that Camp Arifjan had been hit, calling the reports false."


def _ingest(tmp_path, docs: list[tuple[str, str, str]]) -> str:
    """Documents (id, published, text) as one JSON Lines corpus into a new ledger; returns its path."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": d, "published": p, "text": t}) + "\n" for d, p, t in docs),
                      encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    with sitrep.open_ledger(db) as ledger:
        sitrep.ingest([str(corpus)], ledger, settings=Settings(chunk_documents=200))
    return db


def _records(db: str) -> list[dict]:
    with sitrep.open_ledger(db) as ledger:
        return [json.loads(line) for line in sitrep.export(ledger, "events", "jsonl").splitlines()]


def test_a_host_nation_denial_of_a_claimed_hit_makes_the_event_disputed_with_both_statements(tmp_path):
    # The denial comes first in the corpus: a denial never founds an event, but joins the one it denies.
    db = _ingest(tmp_path, [("kw-mod", "2026-03-03", DENIAL), ("irgc", "2026-03-03", CLAIM)])
    [event] = _records(db)
    assert event["status"] == "disputed"
    assert event["location"] == "Camp Arifjan" and event["actor1_affiliation"] == "IR"
    stances = {(s["doc"], s["stance"]) for s in event["field_sources"]["status"]}
    assert stances == {("irgc", "affirms"), ("kw-mod", "denies")}
    assert {s["doc"] for s in event["sources"]} == {"irgc", "kw-mod"}
    with TestClient(create_app(db)) as client:
        body = client.get("/api/events", params={"status": "disputed"}).json()
        assert [e["id"] for e in body["items"]] == [event["id"]]
        assert client.get("/api/events", params={"status": "confirmed"}).json()["total"] == 0
    with sitrep.open_ledger(db) as ledger:
        assert "disputed" in sitrep.export(ledger, "events", "csv")
    assert event_query(status="disputed").status == "disputed"


def test_a_claim_and_its_denial_in_one_sentence_is_a_disputed_event_at_sea_too(tmp_path):
    # Rule statement.claim_then_denial: the claim's clause stays a mention, the denial's clause disputes it;
    # a sea area is where a denial may place the attack it denies.
    text = ("The Houthis said they fired two ballistic missiles at the USS Mason in the Gulf of Aden on Monday; "
            "the Pentagon denied the destroyer was hit.")
    [event] = _records(_ingest(tmp_path, [("one", "2027-04-06", text)]))
    assert (event["status"], event["location"], event["actor1_affiliation"], event["actor2_affiliation"]) == \
        ("disputed", "Gulf of Aden", "IR", "US")
    assert "2027-04-05" in (event["date"], *event["date_alternatives"])


def test_a_denial_alone_is_no_event_and_a_denied_role_is_no_dispute(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _records(_ingest(tmp_path / "a", [("kw-mod", "2026-03-03", DENIAL)])) == []
    role = "The militia denied any involvement in the attack on Camp Arifjan, a Kuwaiti statement said."
    db = _ingest(tmp_path / "b", [("irgc", "2026-03-03", CLAIM), ("other", "2026-03-03", role)])
    assert "disputed" not in [e["status"] for e in _records(db)]


def test_a_host_nation_interception_statement_sets_intercepted_and_confirms_the_event(tmp_path):
    report = ("Iranian drones targeted Camp Buehring in Kuwait on Monday. The Kuwaiti army said its air defence "
              "units intercepted six drones over the camp and that there were no casualties.")
    db = _ingest(tmp_path, [("wire", "2026-03-03", report)])
    [event] = _records(db)
    assert event["status"] == "confirmed"
    assert event["intercepted"]["value"] == 6 and event["killed"] == 0
    assert [s["stance"] for s in event["field_sources"]["status"]] == ["affirms"]
    assert "Kuwaiti army" in event["field_sources"]["status"][0]["quote"]


def test_a_host_nation_speaking_of_another_state_is_not_official_there(tmp_path):
    report = ("Iranian drones targeted Camp Buehring in Kuwait on Monday. Qatar's foreign ministry said six "
              "drones were launched at the camp.")
    [event] = _records(_ingest(tmp_path, [("wire", "2026-03-03", report)]))
    assert event["status"] == "reported"


def test_friendly_fire_is_an_event_of_its_own_never_an_iranian_attack(tmp_path):
    report = ("Kuwaiti air defence units accidentally downed two American F-16 fighters near Camp Buehring on "
              "Sunday during an Iranian missile barrage, officials said. Both pilots ejected safely.")
    db = _ingest(tmp_path, [("wire", "2026-03-03", report)])
    records = _records(db)
    [ff] = [e for e in records if e["friendly_fire"]]
    assert ff["actor1_affiliation"] == "KW" and ff["actor2_affiliation"] == "US"
    assert ff["date"] == "2026-03-01" and ff["country"] == "KW"
    assert all(e["actor1_affiliation"] != "IR" for e in records)
    with sitrep.open_ledger(db) as ledger:
        assert sitrep.query(ledger, actor="IR") == []
        header = sitrep.export(ledger, "events", "csv").splitlines()[0]
    assert "friendly_fire" in header.split(",")


def test_a_coalition_member_firing_on_its_own_forces_is_friendly_fire(tmp_path):
    report = "A US warship mistakenly fired on a US Navy helicopter over Isa Air Base in Bahrain on Friday."
    [event] = _records(_ingest(tmp_path, [("wire", "2026-03-07", report)]))
    assert event["friendly_fire"] is True
    assert event["actor1_affiliation"] == "US" and event["actor2_affiliation"] == "US"


def test_friendly_fire_never_joins_an_attack_told_at_the_same_place_and_day(tmp_path):
    attack = "A drone struck Camp Buehring in Kuwait on Sunday, wounding two soldiers."
    mishap = "Kuwaiti air defence units accidentally downed two American F-16 fighters near Camp Buehring on Sunday."
    records = _records(_ingest(tmp_path, [("a", "2026-03-03", attack), ("b", "2026-03-03", mishap)]))
    assert sorted(e["friendly_fire"] for e in records) == [False, True]
    [ff] = [e for e in records if e["friendly_fire"]]
    assert [s["doc"] for s in ff["sources"]] == ["b"]
