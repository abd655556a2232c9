"""Attacks at sea and on Yemen told the way those reports tell them: interceptions, a port instead of a sea,
a named ship with no place, strikes ordered by an office holder, digests of many attacks. Texts are our own."""
from __future__ import annotations

import datetime as dt

import sitrep


def events(text, published, kb):
    return sitrep.extract_events(text, published=published, kb=kb)


def one(text, published, kb):
    found = events(text, published, kb)
    assert len(found) == 1, [(e.date, e.location, e.actor1) for e in found]
    return found[0]


def test_a_warship_that_shoots_down_a_missile_is_the_side_attacked(kb):
    e = one("On Tuesday the destroyer USS Mason shot down a Houthi drone over the Gulf of Aden.", "2024-02-02", kb)
    assert (e.actor1, e.actor1_affiliation, e.actor2_affiliation) == ("Houthis", "IR", "US")
    assert (e.location, e.country, e.date) == ("Gulf of Aden", None, dt.date(2024, 1, 30))


def test_a_weekday_opening_the_sentence_does_not_make_the_attacker_a_target(kb):
    e = one("On Monday the Houthis fired two missiles at USS Carney in the Bab el-Mandeb.", "2024-02-02", kb)
    assert (e.actor1_affiliation, e.actor2_affiliation) == ("IR", "US")
    assert (e.location, e.country, e.geo_precision) == ("Bab el-Mandeb", None, "region")


def test_a_ship_attacked_off_a_coastal_town_is_one_event_at_that_town(kb):
    e = one("On Monday the Houthis fired two missiles at a tanker in the Red Sea off Mokha.", "2024-02-02", kb)
    assert (e.location, e.country, e.geo_precision) == ("Mokha", "YE", "city")


def test_a_distance_from_a_port_places_the_attack_by_the_port(kb):
    e = one("Houthi forces on Sunday fired an anti-ship missile at USS Mason some 60 nautical miles east of Aden "
            "in the Gulf of Aden.", "2024-02-02", kb)
    assert (e.location, e.country, e.actor2_affiliation) == ("Aden", "YE", "US")
