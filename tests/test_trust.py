"""Trust: office-holder checks, event status from independent sources, the casualty headline rule,
date contradictions, claims and retaliation chains. All texts are invented for these tests."""
from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

import sitrep
from sitrep.cli import app
from sitrep.credibility import check_office_holders
from sitrep.models import Count, Evidence, Mention
from sitrep.trust import SourceInfo, casualty_summary, independent_groups

ATTACK = ("Iran-backed militants fired four rockets at Ain al-Asad Air Base in western Iraq on Monday, "
          "wounding two U.S. service members, officials said.")


def _ingest(ledger, tmp_path, records: list[dict], name: str = "docs.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return sitrep.ingest([path], ledger)


def _only_event(ledger):
    events = ledger.load_events()
    assert len(events) == 1, [(e.date, e.location) for e in events]
    return events[0]


# --- office holders -------------------------------------------------------------------------

def test_invented_office_holder_is_unverified(kb):
    invented, stale = check_office_holders(
        "President Harold T. Brimsworth of the United States condemned the strike.", dt.date(2024, 2, 2),
        kb.office_holders)
    assert invented and "Joe Biden" in invented[0]
    assert stale == []


def test_real_holder_out_of_term_is_stale_not_invented(kb):
    invented, stale = check_office_holders(
        "Defense Secretary Lloyd Austin said the base was hit.", dt.date(2025, 7, 1), kb.office_holders)
    assert invented == []
    assert stale and "Lloyd Austin" in stale[0]


def test_real_holder_in_term_passes(kb):
    assert check_office_holders("U.S. President Joe Biden ordered the strikes.", dt.date(2024, 2, 2),
                                kb.office_holders) == ([], [])


def test_invented_holder_makes_document_low(ledger, tmp_path):
    _ingest(ledger, tmp_path, [{"id": "fab", "published": "2024-01-17", "text":
                                f"{ATTACK} U.S. President Gordon P. Whitfield vowed a response."}])
    doc = next(ledger.documents())
    assert doc["credibility"] == "low"
    assert "unverified_officials" in doc["flags"] and "Whitfield" in doc["reasons"]["unverified_officials"]
    event = _only_event(ledger)
    assert event.status == "reported" and event.credibility.level == "low"


# --- status ------------------------------------------------------------------------------------

def test_single_report_is_reported(ledger, tmp_path):
    _ingest(ledger, tmp_path, [{"id": "a", "published": "2024-01-16", "url": "https://apnews.com/x",
                                "text": ATTACK}])
    event = _only_event(ledger)
    assert event.status == "reported"
    assert event.credibility.information == 3 and event.credibility.source_reliability == "B"


def test_wire_copies_are_one_source(ledger, tmp_path):
    body = (f"{ATTACK} The attack caused minor damage to a hangar, a spokesman for the base said. "
            "It was the latest in a series of strikes on bases housing American troops in the region.")
    _ingest(ledger, tmp_path, [
        {"id": "copy1", "published": "2024-01-16", "outlet": "Daily Courier", "text": body},
        {"id": "copy2", "published": "2024-01-16", "outlet": "Evening Gazette", "text": body + " (AP)"},
    ])
    event = _only_event(ledger)
    assert len(event.sources) == 2
    assert event.status == "reported"  # two outlets, one wire text


def test_independent_reports_corroborate(ledger, tmp_path):
    _ingest(ledger, tmp_path, [
        {"id": "one", "published": "2024-01-16", "outlet": "Daily Courier", "text": ATTACK},
        {"id": "two", "published": "2024-01-16", "outlet": "Evening Gazette", "text":
         "Rockets struck the Ain al Asad airbase in Anbar province on Monday night. Two American troops "
         "suffered minor injuries, according to a security source."},
    ])
    event = _only_event(ledger)
    assert event.status == "corroborated" and event.credibility.information == 2


def test_official_statement_confirms(ledger, tmp_path):
    _ingest(ledger, tmp_path, [{"id": "cc", "published": "2024-01-16", "text":
                                "Iran-backed militants launched rockets at Ain al-Asad Air Base in Iraq on "
                                "Monday, U.S. Central Command said in a statement."}])
    assert _only_event(ledger).status == "confirmed"


def test_low_credibility_sources_never_confirm(ledger, tmp_path):
    spam = "\n".join(["Best Crypto Casino 2024", "Celebrity Net Worth Revealed", "Cheap Flights Now",
                      "Top Ten Diet Pills", "Hot Singles Near You", "Miracle Hair Growth"])
    _ingest(ledger, tmp_path, [{"id": "seo", "published": "2024-01-16", "text":
                                "The provided data indicates that Iran-backed militants launched rockets at "
                                "Ain al-Asad Air Base in Iraq on Monday, U.S. Central Command said.\n" + spam}])
    doc = next(ledger.documents())
    assert doc["credibility"] == "low"
    event = _only_event(ledger)
    assert event.status == "reported" and event.credibility.level == "low"
    assert "only low-credibility sources" in event.credibility.reason


def test_same_outlet_and_copies_group_transitively():
    infos = [SourceInfo("a", "normal", "B", False, "AP", "a"), SourceInfo("b", "normal", "C", False, "Blog", "a"),
             SourceInfo("c", "normal", "C", False, "Blog", "c"), SourceInfo("d", "normal", "C", False, None, "d")]
    groups = independent_groups(infos)
    assert groups["a"] == groups["b"] == groups["c"] != groups["d"]


# --- casualty headline -------------------------------------------------------------------------

def _m(doc: str, published: str, killed: int, qualifier: str | None = None) -> Mention:
    ev = Evidence(doc=doc, start=0, end=10, quote=f"{killed} killed")
    return Mention(id=f"{doc}-{published}", doc=doc, published=dt.date.fromisoformat(published), evidence=ev,
                   killed=Count(value=killed, qualifier=qualifier, evidence=ev))


def test_headline_prefers_official_then_latest_then_lowest():
    sources = {d: SourceInfo(d, "normal", "B", False, d, d) for d in ("wire", "paper", "gov")}
    early, late = _m("wire", "2024-01-28", 2), _m("wire", "2024-01-29", 3)
    other = _m("paper", "2024-01-29", 5)
    # Same source: the later figure replaces the earlier; sources disagreeing: the lowest.
    summary = casualty_summary([early, late, other], "killed", sources)
    assert (summary["best"], summary["low"], summary["high"]) == (3, 2, 5)
    assert [v["published"] for v in summary["values"]] == ["2024-01-28", "2024-01-29", "2024-01-29"]
    # An official figure wins over unofficial ones, whatever their size.
    official = _m("gov", "2024-01-28", 4)
    summary = casualty_summary([early, late, other, official], "killed", sources, official_docs={"gov"})
    assert summary["best"] == 4 and summary["rule"].startswith("official")


def test_an_official_toll_revised_in_a_later_report_is_the_later_figure():
    # The gold README's convention: an official toll first given as three and revised to six is six; two
    # official figures of one day that disagree: the lowest.
    sources = {d: SourceInfo(d, "normal", "A", False, d, d) for d in ("cmd", "ministry", "gov")}
    first, revised = _m("cmd", "2024-01-28", 3), _m("ministry", "2024-01-29", 6)
    summary = casualty_summary([first, revised], "killed", sources, official_docs={"cmd", "ministry"})
    assert summary["best"] == 6
    same_day = _m("gov", "2024-01-29", 5)
    summary = casualty_summary([first, revised, same_day], "killed", sources, official_docs={"cmd", "ministry", "gov"})
    assert summary["best"] == 5


def test_headline_ignores_low_credibility_when_others_exist():
    sources = {"spam": SourceInfo("spam", "low", "F", False, None, "spam"),
               "wire": SourceInfo("wire", "normal", "B", False, "AP", "wire")}
    summary = casualty_summary([_m("spam", "2024-01-30", 1), _m("wire", "2024-01-28", 3)], "killed", sources)
    assert summary["best"] == 3 and summary["low"] == 1


# --- dates ---------------------------------------------------------------------------------------

def test_event_after_publication_is_flagged(ledger, tmp_path):
    _ingest(ledger, tmp_path, [{"id": "late", "published": "2024-01-10", "text":
                                "Iran-backed militants fired rockets at Ain al-Asad Air Base in Iraq on "
                                "January 20, 2024, wounding two U.S. troops."}])
    doc = next(ledger.documents())
    assert "event_after_publication" in doc["flags"] and "2024-01-20" in doc["reasons"]["event_after_publication"]


def test_quote_dated_otherwise_is_not_attached_and_flagged(ledger, tmp_path):
    # No publication date: "on Monday" can only be read against the event it is told with (a Wednesday).
    _ingest(ledger, tmp_path, [{"id": "stitched", "text":
                                "Iran fired ballistic missiles at Ain al-Asad Air Base in Iraq on January 8, 2020. "
                                "\"Seven U.S. personnel were injured when two rockets hit Al Asad Airbase on "
                                "Monday,\" a defense official said on Tuesday."}])
    doc = next(ledger.documents())
    assert "quote_date_contradiction" in doc["flags"]
    event = next(e for e in ledger.load_events() if e.date == dt.date(2020, 1, 8))
    assert event.injured is None  # the stitched quote's figure belongs to another attack


# --- claims and chains ---------------------------------------------------------------------------

def test_claims_compared_with_ledger(ledger, tmp_path):
    _ingest(ledger, tmp_path, [
        {"id": "t1", "published": "2023-11-02", "text":
         "Iran-backed militants fired rockets at Ain al-Asad Air Base in Iraq on October 30, 2023."},
        {"id": "t2", "published": "2023-11-03", "text":
         "A drone struck Al-Tanf Garrison in Syria on November 1, 2023, officials said. "
         "It was the 25th attack on U.S. forces in Iraq and Syria since October 17, a Pentagon "
         "spokesman said during a Thursday news conference."},
    ])
    report = sitrep.claims_report(ledger)
    claim = next(r for r in report if r["kind"] == "attack_count")
    assert (claim["value"], claim["since"], claim["as_of"]) == (25, "2023-10-17", "2023-11-02")
    assert claim["where"] == ["IQ", "SY"] and claim["target_affiliation"] == "US"
    assert claim["ledger"] == 2 and claim["difference"] == -23
    result = CliRunner().invoke(app, ["claims", "--db", str(tmp_path / "ledger.db")])
    assert result.exit_code == 0 and "-23" in result.output


def test_chain_both_ways(ledger, tmp_path):
    _ingest(ledger, tmp_path, [{"id": "c1", "published": "2024-02-03", "text":
                                "A drone launched by Iran-backed militants struck Tower 22 in Jordan on January "
                                "28, 2024, killing three U.S. soldiers.\n\nOn February 2, 2024, U.S. forces struck "
                                "85 targets in Iraq and Syria in response to the attack on Tower 22."}])
    events = {e.location: e for e in ledger.load_events()}
    tower = events["Tower 22"]
    strikes = [e for e in events.values() if e.actor1_affiliation == "US"]
    assert strikes and all(tower.id in e.responds_to for e in strikes)
    links = sitrep.chain(ledger, tower.id)
    assert {e.id for e in links["answered_by"]} == {e.id for e in strikes}
    back = sitrep.chain(ledger, strikes[0].id)
    assert [e.id for e in back["answers"]] == [tower.id]
    result = CliRunner().invoke(app, ["chain", tower.id, "--db", str(tmp_path / "ledger.db")])
    assert result.exit_code == 0 and "answered by" in result.output


def test_landmark_reference_links_retaliation(ledger, tmp_path):
    _ingest(ledger, tmp_path, [{"id": "l1", "published": "2020-01-09", "text":
                                "Iran fired missiles at Ain al-Asad Air Base in Iraq on January 8, 2020, in "
                                "retaliation for the killing of Qassem Soleimani."}])
    events = ledger.load_events()
    landmark = next(e for e in events if e.landmark == "soleimani-killing")
    assert landmark.date == dt.date(2020, 1, 3) and landmark.actor1_affiliation == "US"
    attack = next(e for e in events if e.location == "Ain al-Asad Air Base")
    assert attack.responds_to == [landmark.id]


def test_show_prints_how_a_figure_evolved(ledger, tmp_path):
    _ingest(ledger, tmp_path, [
        {"id": "early", "published": "2024-01-28", "outlet": "Daily Courier", "text":
         "A drone struck Tower 22 in Jordan on January 28, 2024, killing two U.S. soldiers."},
        {"id": "late", "published": "2024-01-29", "outlet": "Evening Gazette", "text":
         "Three U.S. soldiers were killed when a drone hit Tower 22 in Jordan on Sunday, U.S. Central Command said."},
    ])
    event = _only_event(ledger)
    assert event.status == "confirmed" and event.killed == 3  # the official figure
    result = CliRunner().invoke(app, ["show", event.id, "--db", str(tmp_path / "ledger.db")])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "killed across reports: 3" in out  # how the figure evolved, as sentences (issue 12)
    assert out.index("2024-01-28") < out.index("2024-01-29")  # in publication order
    assert "says late, official" in out


def test_events_filter_by_status(ledger, tmp_path):
    _ingest(ledger, tmp_path, [{"id": "cc", "published": "2024-01-16", "text":
                                "Iran-backed militants launched rockets at Ain al-Asad Air Base in Iraq on "
                                "Monday, U.S. Central Command said in a statement."}])
    db = str(tmp_path / "ledger.db")
    assert "1 events" in CliRunner().invoke(app, ["events", "--db", db, "--status", "confirmed"]).output
    assert "0 events" in CliRunner().invoke(app, ["events", "--db", db, "--status", "reported"]).output
    bad = CliRunner().invoke(app, ["events", "--db", db, "--status", "rumoured"])
    assert bad.exit_code == 2 and "unknown status 'rumoured'" in bad.output and "confirmed" in bad.output


def test_the_assessment_is_written_with_the_keys_the_export_contract_names():
    from sitrep.models import Assessment, Event

    graded = Event(id="ev-1", credibility=Assessment(level="normal", information=2, source_reliability="B",
                                                     reason="2 independent sources agree", sources=3,
                                                     independent_sources=2))
    data = graded.model_dump(mode="json")["credibility"]
    assert list(data) == ["level", "information", "source_reliability", "reason", "sources", "independent_sources"]
    assert Event.model_validate(graded.model_dump(mode="json")).credibility == graded.credibility
    ungraded = Event(id="ev-2")  # before trust.grade: none, written {} as the contract's object always was
    assert ungraded.credibility is None and ungraded.model_dump(mode="json")["credibility"] == {}
    assert Event.model_validate({"id": "ev-2", "credibility": {}}).credibility is None


def test_a_figure_reported_later_supersedes_an_earlier_none_reported_even_an_official_one():
    sources = {d: SourceInfo(d, "normal", "B", False, d, d) for d in ("wire", "gov", "paper")}
    none_yet = _m("gov", "2024-01-28", 0, qualifier="none reported")
    later = _m("wire", "2024-01-29", 3)
    assert casualty_summary([none_yet, later], "killed", sources, official_docs={"gov"})["best"] == 3
    # A zero that is a figure ("0 killed"), or a "none reported" told after the figure, still counts.
    assert casualty_summary([_m("gov", "2024-01-28", 0), later], "killed", sources, official_docs={"gov"})["best"] == 0
    after = _m("paper", "2024-01-30", 0, qualifier="none reported")
    assert casualty_summary([later, after], "killed", sources)["best"] == 0
