"""Knowledge of the Red Sea, Yemen, Iran and the 2026 war: named operations date and place undated texts,
the gazetteer knows Yemen's ports and Iran's sites, weapon phrases give one category (texts are our own)."""
from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path

import pytest

import sitrep
from sitrep.errors import KnowledgeBaseError
from sitrep.extract.weapons import classify_weapons
from sitrep.kb import load

JUNE_22_2025 = dt.date(2025, 6, 22)


def events(text, kb, published=None):
    return sitrep.extract_events(text, published=published, kb=kb)


def test_a_one_night_operation_dates_and_places_each_site_it_hit(kb):
    found = events("Operation Midnight Hammer hit Fordow, Natanz and Isfahan.", kb)
    assert sorted((e.location, e.date, e.geo_precision) for e in found) == [
        ("Fordow Fuel Enrichment Plant", JUNE_22_2025, "site"),
        ("Isfahan Nuclear Technology Center", JUNE_22_2025, "site"),
        ("Natanz Enrichment Facility", JUNE_22_2025, "site")]
    assert {(e.actor1_affiliation, e.actor2_affiliation, e.country) for e in found} == {("US", "IR", "IR")}
    assert {e.operation for e in found} == {"Operation Midnight Hammer"}


def test_the_sites_may_be_told_in_the_sentences_after_the_name_with_their_own_weapons(kb):
    found = events("Washington called the raid Operation Midnight Hammer. Stealth bombers dropped "
                   "bunker-buster bombs on Fordow. A submarine fired Tomahawks at the Isfahan nuclear site.", kb)
    weapons = {e.location: e.weapons for e in found}
    assert weapons == {"Fordow Fuel Enrichment Plant": ["aircraft"],
                       "Isfahan Nuclear Technology Center": ["cruise_missile"]}


def test_a_site_another_attacker_struck_is_not_the_operations(kb):
    found = events("Israeli jets pounded Natanz, days before Operation Midnight Hammer.", kb)
    assert not [e for e in found if e.date == JUNE_22_2025]


def test_a_threat_to_repeat_an_operation_is_no_attack(kb):
    assert events("Officials said the US could launch another Operation Midnight Hammer on Fordow.", kb) == []


def test_an_operation_with_no_sites_listed_is_one_event_in_its_country(kb):
    found = events("The IRGC said Operation True Promise I had hit military targets with drones.", kb)
    assert [(e.date, e.location, e.actor1_affiliation, e.weapons) for e in found] == [
        (dt.date(2024, 4, 13), "Israel", "IR", ["drone"])]


@pytest.mark.parametrize("text", [
    "During Operation Rough Rider, American jets pounded Houthi positions around Saada.",
    "Raids that began during Operation Rough Rider killed dozens in Hajjah, the Houthis said."])
def test_a_campaign_named_in_passing_dates_nothing(kb, text):
    found = events(text, kb)
    assert [e for e in found if e.date is not None] == []


def test_a_campaign_that_began_gives_its_first_day_at_country_level(kb):
    found = events("Washington launched Operation Rough Rider against the Houthis, striking radar sites.", kb)
    assert [(e.date, e.location, e.geo_precision, e.actor1_affiliation, e.actor2) for e in found] == [
        (dt.date(2025, 3, 15), "Yemen", "country", "US", "Houthis")]


def test_a_naval_mission_is_never_an_attack(kb):
    assert events("Frigates joined Operation Prosperity Guardian as it began patrols.", kb) == []


def test_a_us_strike_on_the_fuel_port_is_placed_at_the_port(kb):
    found = events("US warplanes bombed the Ras Isa fuel port in Yemen on Thursday, the Houthis said.", kb,
                   published=dt.date(2025, 4, 19))
    assert [(e.location, e.country, e.geo_precision, e.actor1_affiliation) for e in found] == [
        ("Ras Isa Port", "YE", "site", "US")]


@pytest.mark.parametrize("name, place_id", [
    ("Hodeidah governorate", "hodeidah"), ("Sa'dah province", "saada"), ("Dhamar", "dhamar"),
    ("Al-Bayda governorate", "al-bayda"), ("Kamaran island", "kamaran-island"), ("Sana'a airport", "sanaa-airport"),
    ("Kharg Island", "kharg-island"), ("Bandar-e Jask", "jask"), ("Qeshm", "qeshm"),
    ("Isfahan uranium conversion facility", "isfahan-nuclear")])
def test_the_gazetteer_knows_the_name(kb, name, place_id):
    assert [m.entry.id for m in kb.place_matcher.find(f"Strikes were reported in {name} overnight.")] == [place_id]


@pytest.mark.parametrize("text, categories", [
    ("The Houthis fired an anti-ship ballistic missile at the tanker.", ["ballistic_missile"]),
    ("Two ASBMs fell harmlessly into the sea.", ["ballistic_missile"]),
    ("The destroyer downed an anti-ship cruise missile.", ["cruise_missile"]),
    ("The cruiser launched Tomahawk missiles at the radar.", ["cruise_missile"]),
    ("B-2 bombers dropped bunker-buster bombs on the plant.", ["aircraft"]),
    ("Each GBU-57 weighs 30,000 pounds.", ["aircraft"]),
    ("A one-way attack drone crashed near the gate.", ["drone"]),
    ("Shaheds were launched in waves.", ["drone"]),
    ("Sailors destroyed a Houthi USV approaching the convoy.", ["explosive"]),
    ("A drone boat packed with explosives was sunk.", ["explosive"]),
])
def test_a_weapon_phrase_gives_its_category_only(kb, text, categories):
    assert classify_weapons(text, kb)[0] == categories


@pytest.mark.parametrize("alias, actor_id", [
    ("Ansarullah", "houthis"), ("Kuwait's Ministry of Defense", "kuwait"), ("UAE Defence Ministry", "uae"),
    ("Bahraini Interior Ministry", "bahrain"), ("Saudi air defenses", "saudi-arabia"),
    ("Jordanian air defences", "jordan"), ("IRGC Navy forces", "irgc-navy")])
def test_host_nation_and_iranian_forces_are_known(kb, alias, actor_id):
    assert [m.entry.id for m in kb.actor_matcher.find(f"{alias} said on Monday.")] == [actor_id]


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("sitrep") / "data")), data)
    return data


def test_an_operation_without_names_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "landmarks.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- id: nameless\n  kind: operation\n  name: x\n"
                    "  date: 2024-01-01\n  place: ye\n  actor1: us-forces\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="needs names"):
        load(data)


def test_an_operation_target_must_be_a_known_place(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "landmarks.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- id: lost\n  kind: operation\n  name: x\n  names: [Lost Arrow]\n"
                    "  date: 2024-01-01\n  place: ye\n  actor1: us-forces\n  targets: [nowhere-site]\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="nowhere-site"):
        load(data)
