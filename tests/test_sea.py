"""Targets at sea: named warships are their side's forces, and a sea area is a place with no country
and a generic point (texts are our own)."""
from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path

import pytest

import sitrep
from sitrep.errors import KnowledgeBaseError
from sitrep.kb import load


def one(text, published, kb):
    events = sitrep.extract_events(text, published=published, kb=kb)
    assert len(events) == 1, [(e.date, e.location) for e in events]
    return events[0]


def test_missile_at_a_destroyer_in_a_strait_is_a_sea_event_on_us_forces(kb):
    e = one("Houthi forces fired two anti-ship ballistic missiles at USS Carney (DDG-64) in the Bab el-Mandeb "
            "on Tuesday.", dt.date(2024, 1, 11), kb)
    assert (e.location, e.geo_precision, e.country) == ("Bab el-Mandeb", "region", None)
    assert (e.lat, e.lon) == (12.6, 43.4)
    assert (e.actor1, e.actor1_affiliation, e.actor2_affiliation) == ("Houthis", "IR", "US")
    assert e.date == dt.date(2024, 1, 9)


def test_drone_at_a_carrier_in_a_gulf_named_like_a_city_is_placed_at_sea(kb):
    e = one("The Houthis launched a drone at the aircraft carrier Dwight D. Eisenhower in the Gulf of Aden on "
            "Friday, officials said.", dt.date(2024, 5, 20), kb)
    assert (e.location, e.country, e.actor2_affiliation) == ("Gulf of Aden", None, "US")


@pytest.mark.parametrize("name", ["USS Gravely", "the destroyer Gravely", "Gravely (DDG-107)", "DDG-107",
                                  "guided-missile destroyer USS Gravely"])
def test_a_warship_is_named_by_name_or_hull_number(kb, name):
    found = kb.actor_matcher.find(f"A cruise missile came within a mile of {name} late on Sunday.")
    assert [m.entry.id for m in found] == ["uss-gravely"]
    assert kb.affiliation(found[0].entry) == "US"


@pytest.mark.parametrize("text, place", [("tankers crossing the Strait of Hormuz", "strait-of-hormuz"),
                                         ("a patrol in the Arabian Gulf", "persian-gulf"),
                                         ("ships in the Sea of Oman", "gulf-of-oman"),
                                         ("a drone over the southern Red Sea", "southern-red-sea")])
def test_sea_areas_have_no_country(kb, text, place):
    found = kb.place_matcher.find(text)
    assert [m.entry.id for m in found] == [place]
    assert found[0].entry.country is None and found[0].entry.precision == "region"


@pytest.mark.parametrize("text, place", [("sirens at Al Minhad on Monday", "al-minhad-air-base"),
                                         ("cargo unloaded at Port Shuaiba", "port-shuaiba"),
                                         ("jets at the Al-Azraq Air Base", "muwaffaq-salti-air-base")])
def test_gulf_and_jordan_bases_by_their_reported_names(kb, text, place):
    assert [m.entry.id for m in kb.place_matcher.find(text)] == [place]


def test_a_bad_hull_number_is_reported_with_its_line(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(str(resources.files("sitrep") / "data"), data)
    with (data / "ships.csv").open("a", encoding="utf-8") as fh:
        fh.write("uss-example,USS Example,destroyer 12,destroyer,US,\n")
    with pytest.raises(KnowledgeBaseError, match=r"ships\.csv:\d+: hull"):
        load(data)


def test_a_country_code_is_still_checked_where_one_is_given(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(str(resources.files("sitrep") / "data"), data)
    with (data / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write("example-town,Example Town,city,Yemen,,15.0,44.0,,\n")
    with pytest.raises(KnowledgeBaseError, match=r"places\.csv:\d+: country"):
        load(data)


def test_a_sea_event_exports_its_sea_area_and_a_generic_point(kb):
    from sitrep.exports import event_record
    text = "Houthi forces fired a drone at USS Mason in the Gulf of Aden on Tuesday, the Pentagon said."
    (event,) = sitrep.extract_events(text, published="2024-01-10", kb=kb)
    record = event_record(event)
    assert record["sea_area"] == "Gulf of Aden" and record["generic_point"] is True and record["country"] is None
    (ashore,) = sitrep.extract_events("Rockets hit Ain al-Asad Air Base in Iraq on Tuesday.", published="2024-01-10", kb=kb)
    assert event_record(ashore)["sea_area"] is None and event_record(ashore)["generic_point"] is False


def test_a_sea_area_lies_within_the_greater_sea_and_names_only_known_areas(kb, tmp_path: Path):
    assert kb.areas_holding["bab-el-mandeb"] == {"southern-red-sea", "red-sea"}
    assert "gulf-of-aden" not in kb.areas_holding  # the strait joins it to the Red Sea but lies in the Red Sea
    data = tmp_path / "data"
    shutil.copytree(str(resources.files("sitrep") / "data"), data)
    with (data / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write("inner-sea,Inner Sea,region,,,15.0,40.0,,no-such-sea\n")
    with pytest.raises(KnowledgeBaseError, match=r"places\.csv: place 'inner-sea' names unknown area"):
        load(data)
