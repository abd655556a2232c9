"""Response clauses: what a clause that presents a strike as an answer says of the attack answered (its place,
when the clause names none but the answering state's own ground). Invented texts."""
from __future__ import annotations

import datetime as dt

import pytest

import sitrep


@pytest.mark.parametrize("clause", [
    "in what the government said was revenge for Israeli raids on its oil facilities over the weekend",
    "calling it revenge for Israeli air strikes against its own territory over the weekend",
])
def test_strikes_answered_on_the_responder_s_own_ground_are_in_its_country(clause, kb):
    # The responder is a state: 'its oil facilities' is its own ground, so the answered raids were in Iran.
    text = f"Iran launched missiles at Al Udeid Air Base in Qatar on Tuesday, {clause}."
    events = {e.country: e for e in sitrep.extract_events(text, published="2024-07-10", kb=kb)}
    assert set(events) == {"QA", "IR"}
    answered = events["IR"]
    assert (answered.location, answered.date, answered.date_alternatives) == ("Iran", dt.date(2024, 7, 6),
                                                                               [dt.date(2024, 7, 7)])
    assert answered.actor2_affiliation == "IR"


def test_strikes_answered_on_a_group_s_own_ground_or_on_its_proxies_are_no_event(kb):
    # A militia is no state with a country of its own; a state's proxies are not its ground.
    group = ("Kataib Hezbollah fired rockets at Ain al-Asad Air Base on Tuesday, in what it said was revenge for "
             "U.S. strikes on its facilities over the weekend.")
    proxies = ("Iran launched missiles at Al Udeid Air Base in Qatar on Tuesday, in what it said was revenge for "
               "U.S. strikes on its proxies over the weekend.")
    for text in (group, proxies):
        assert [e.country for e in sitrep.extract_events(text, published="2024-07-10", kb=kb)] in (["IQ"], ["QA"])
