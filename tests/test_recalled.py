"""Recalled attacks: an attack a sentence about something else tells in passing, 'since March, when ...',
is an event of that time at that time's precision; the sentence around it keeps its own reading.
Invented texts."""
from __future__ import annotations

import datetime as dt

import pytest

import sitrep


def events(text, kb, published="2024-07-10"):
    return sitrep.extract_events(text, published=published, kb=kb)


def test_an_attack_recalled_since_a_month_is_an_event_of_that_month(kb):
    text = ("It was the first rocket fire on the garrison since March, when a drone struck Erbil Air Base, "
            "wounding two U.S. soldiers.")
    (e,) = events(text, kb)
    assert (e.location, e.date, e.date_precision) == ("Erbil Air Base", dt.date(2024, 3, 1), "month")
    assert e.injured == 2 and e.weapons == ["drone"] and e.actor2_affiliation == "US"


def test_a_month_alone_is_the_latest_such_month_before_the_report(kb):
    # Written in July, 'since November' is the November before.
    text = "Officials said the lull has held since November, when militants shelled Ain al-Asad Air Base."
    (e,) = events(text, kb)
    assert (e.date, e.date_precision) == (dt.date(2023, 11, 1), "month")


def test_a_recalled_attack_dated_to_the_day_keeps_its_day(kb):
    text = ("The embassy has been quiet since Jan. 9, when rockets fired by Iran-backed militants hit the "
            "Baghdad embassy compound.")
    dates = {(e.date, e.date_precision) for e in events(text, kb)}
    assert dates == {(dt.date(2024, 1, 9), "day")}


@pytest.mark.parametrize("text", [
    "Since February, attacks on U.S. forces in Iraq have largely stopped.",       # no when-clause: a tally
    "In March, when the talks began, U.S. officials visited Baghdad.",           # the when-clause states no attack
    "Troops have stayed on alert since March, when the militia said it would strike Erbil Air Base.",  # a threat
])
def test_a_time_with_no_attack_told_at_it_is_no_event(text, kb):
    assert events(text, kb) == []


def test_the_general_clause_after_the_recalled_attack_is_no_event_of_its_own(kb):
    text = ("It was the first attack to hurt Americans since February, when a U.S. strike in Baghdad killed a "
            "commander of Kataib Hezbollah and attacks on U.S. forces in Syria largely stopped.")
    (e,) = events(text, kb)
    assert (e.location, e.killed, e.actor1_affiliation, e.actor2_affiliation) == ("Baghdad", 1, "US", "IR")


def test_with_no_date_to_count_from_a_month_alone_dates_nothing(kb):
    text = "It was the first strike since March, when a drone struck Erbil Air Base."
    assert events(text, kb, published=None) == []
