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


def test_a_detail_fills_in_what_the_mention_lacks_and_never_replaces_what_it_says():
    from sitrep.facts import merge_facts

    m = _mention(actor1="Iran-backed militias", damage=None, operation="Operation Alpha")
    detail = _mention(id="m2", actor1="Kataib Hezbollah", damage="a hangar", operation="Operation Beta")
    merge_facts(m, detail, ("actor1", "damage", "operation"))
    assert (m.actor1, m.damage, m.operation) == ("Iran-backed militias", "a hangar", "Operation Alpha")


def test_a_clock_time_is_kept_over_a_part_of_the_day_whichever_comes_first():
    from sitrep.facts import merged

    ms = [_mention(time="night"), _mention(id="m2", time="22:30"), _mention(id="m3", time="23:00")]
    assert merged(ms, ("time",)).time == "22:30"
    assert merged(ms[::-1], ("time",)).time == "23:00"


def test_weapons_are_a_union_in_which_a_named_kind_replaces_a_bare_missile():
    from sitrep.facts import merged

    ms = [_mention(weapons=["unknown"]), _mention(id="m2", weapons=["ballistic_missile"], weapon_models=["Fateh-110"]),
          _mention(id="m3", weapons=["drone"], weapon_models=["Shahed-136"])]
    facts = merged(ms, ("weapons", "weapon_models"))
    assert facts.weapons == ["ballistic_missile", "drone"]
    assert facts.weapon_models == ["Fateh-110", "Shahed-136"]


def test_friendly_fire_is_any_of_the_records():
    from sitrep.facts import merged

    assert merged([_mention(), _mention(id="m2", friendly_fire=True)], ("friendly_fire",)).friendly_fire


def test_merging_a_frame_copy_leaves_the_frame_it_was_copied_from_alone():
    from dataclasses import replace

    from sitrep.extract.frames import Frame
    from sitrep.extract.roles import Roles
    from sitrep.extract.sentences import Sentence
    from sitrep.facts import merge_facts

    sentence = Sentence(text="Drones struck the base.", start=0, end=23, index=0, paragraph=0)
    frame = Frame(sentence, None, None, Roles(), weapons=["drone"])
    other = Frame(sentence, None, None, Roles(), weapons=["rocket"], weapon_models=["Katyusha"], damage="a hangar")
    copy = merge_facts(replace(frame), other, ("weapons", "weapon_models", "damage"))
    assert (copy.weapons, copy.weapon_models, copy.damage) == (["drone", "rocket"], ["Katyusha"], "a hangar")
    assert (frame.weapons, frame.weapon_models, frame.damage) == (["drone"], [], None)


def test_a_frame_states_its_facts_in_the_ledger_vocabulary():
    from sitrep.extract.frames import Frame
    from sitrep.extract.roles import Roles
    from sitrep.extract.sentences import Sentence

    sentence = Sentence(text="The group said it fired rockets at 21:30.", start=0, end=41, index=0, paragraph=0)
    roles = Roles("Kataib Hezbollah", "IR", "US forces", "US")
    facts = Frame(sentence, None, None, roles, weapons=["rocket"], claimed=True, clock="21:30").facts()
    assert (facts.actor1, facts.actor2_affiliation, facts.claimed_by, facts.time) == \
        ("Kataib Hezbollah", "US", "Kataib Hezbollah", "21:30")
    assert facts.sub_event_type == "Shelling/artillery/missile attack"
