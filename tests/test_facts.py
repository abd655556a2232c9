"""The shared facts of mentions and events: one derivation of sub_event_type, one merge policy."""
from __future__ import annotations

import datetime as dt

from sitrep.models import Event, Evidence, Mention


def _mention(**facts) -> Mention:
    evidence = Evidence(doc="d1", start=0, end=10, quote="Rockets struck the base on Monday.")
    return Mention(id=facts.pop("id", "m1"), doc="d1", evidence=evidence, **facts)


def test_sub_event_type_follows_the_weapons_whenever_they_change():
    m = _mention(weapons=["drone"], actor1_affiliation="IR")
    assert m.sub_event_type == "Air/drone strike"
    m.weapons = ["drone", "rocket"]  # a detail sentence adds a rocket: shelling wins, with no re-assignment
    assert m.sub_event_type == "Shelling/artillery/missile attack"


def test_a_us_strike_with_no_weapon_named_is_from_the_air():
    assert _mention(actor1_affiliation="US").sub_event_type == "Air/drone strike"
    assert _mention(actor1_affiliation="IR").sub_event_type is None


def test_an_event_derives_its_sub_event_type_as_a_mention_does():
    e = Event(id="ev-1", weapons=["explosive"], actor1_affiliation="IR")
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_a_stored_sub_event_type_is_computed_again_on_reading():
    stored = Event(id="ev-1", weapons=["mortar"]).model_dump(mode="json")
    assert stored["sub_event_type"] == "Shelling/artillery/missile attack"
    stored["sub_event_type"] = "Air/drone strike"  # stale: written before its weapons were known
    assert Event.model_validate(stored).sub_event_type == "Shelling/artillery/missile attack"


def test_the_api_item_carries_the_derived_field():
    from sitrep.api_schema import EventItem

    item = EventItem(**Event(id="ev-1", weapons=["rocket"], date=dt.date(2024, 1, 2)).model_dump())
    assert item.sub_event_type == "Shelling/artillery/missile attack"
