"""Timelines: each dated entry is an event of its own, and nothing in one entry describes another.
The texts are our own."""
from __future__ import annotations

import datetime as dt

import sitrep

FIVE_ENTRIES = """Attacks on coalition troops this autumn: a chronology

SEPT. 30 – Drones target Al-Asad Air Base in western Iraq; no injuries are reported.
Oct. 4: Iran-backed militants fire rockets at Al-Tanf garrison in Syria, wounding two U.S. soldiers.
- On Oct. 11, a one-way drone struck Erbil Air Base, damaging a hangar.
19 October 2023 — A rocket barrage targeted the U.S. Embassy in Baghdad.
OCT. 28 – Two rockets land near the runway at Baghdad International Airport.
"""


def test_a_timeline_of_five_entries_gives_five_dated_events(kb):
    events = sitrep.extract_events(FIVE_ENTRIES, published="2023-11-02", kb=kb)
    got = sorted((e.date, e.location) for e in events)
    assert got == [
        (dt.date(2023, 9, 30), "Ain al-Asad Air Base"), (dt.date(2023, 10, 4), "Al-Tanf Garrison"),
        (dt.date(2023, 10, 11), "Erbil Air Base"), (dt.date(2023, 10, 19), "US Embassy Baghdad"),
        (dt.date(2023, 10, 28), "Baghdad International Airport")]
    assert all(e.date_precision == "day" for e in events)


def test_an_entry_lends_nothing_to_the_next(kb):
    events = {e.date.day: e for e in sitrep.extract_events(FIVE_ENTRIES, published="2023-11-02", kb=kb)}
    assert events[4].actor1 and events[4].injured == 2
    # The attacker and the wounded of the Oct. 4 entry stay in it.
    assert events[11].actor1 is None and events[11].injured is None
    assert events[30].injured == 0


def test_a_date_on_a_line_of_its_own_dates_the_entry_below(kb):
    text = ("Chronology\n\nNOV. 2\nDrones targeted Al-Asad Air Base in western Iraq.\n\n"
            "NOV. 9\nRockets hit Al-Tanf garrison in Syria, injuring two U.S. service members.\n")
    events = sorted(sitrep.extract_events(text, published="2023-11-20", kb=kb), key=lambda e: e.date)
    assert [(e.date, e.location) for e in events] == [
        (dt.date(2023, 11, 2), "Ain al-Asad Air Base"), (dt.date(2023, 11, 9), "Al-Tanf Garrison")]
    assert "timeline.heading" in events[0].mentions[0].evidence.rule_ids


def test_one_dated_sentence_is_not_a_timeline(kb):
    # An ordinary report that opens with its date keeps its detail sentences.
    text = ("On Oct. 11, a one-way drone struck Erbil Air Base in northern Iraq. "
            "The attack, claimed by Kataib Hezbollah, wounded three U.S. troops.")
    (event,) = sitrep.extract_events(text, published="2023-10-12", kb=kb)
    assert event.injured == 3 and event.actor1 == "Kataib Hezbollah"


def test_the_same_day_dates_the_next_engagement_by_the_attack_told_before(kb):
    text = ("Houthi fighters fired two anti-ship missiles at USS Mason in the Gulf of Aden on Feb. 6. Both were "
            "shot down by the destroyer. Later that day, U.S. Navy jets struck a radar site near Hodeidah.")
    events = sitrep.extract_events(text, published="2024-02-09", kb=kb)
    got = sorted((e.date, e.location, e.actor1_affiliation, e.actor2_affiliation) for e in events)
    assert got == [(dt.date(2024, 2, 6), "Gulf of Aden", "IR", "US"), (dt.date(2024, 2, 6), "Hodeidah", "US", "IR")]


def test_a_force_that_then_struck_is_dated_by_the_sentence_before(kb):
    text = ("On March 2, Houthi fighters launched a drone from rebel-held parts of Yemen into the Bab el-Mandeb. "
            "The coalition then struck two launchers in Houthi-controlled areas of Yemen.")
    events = sitrep.extract_events(text, published="2024-03-05", kb=kb)
    got = sorted((e.date, e.location, e.actor1_affiliation) for e in events)
    assert got == [(dt.date(2024, 3, 2), "Bab el-Mandeb", "IR"), (dt.date(2024, 3, 2), "Yemen", "US")]


def test_earlier_in_the_day_with_no_attack_dated_near_it_is_the_day_the_report_leads_with(kb):
    text = ("The rebel movement said in a statement on Sunday that it had fired drones at a tanker.\n\n"
            "The shipping agency said the tanker reported no damage.\n\n"
            "Earlier in the day, US warplanes carried out three strikes on rebel positions near Hodeidah.")
    events = sitrep.extract_events(text, published="2024-03-05", kb=kb)
    assert [(e.date, e.location, e.actor1_affiliation) for e in events if e.actor1_affiliation == "US"] == [
        (dt.date(2024, 3, 3), "Hodeidah", "US")]
