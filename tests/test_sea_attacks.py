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


def test_the_coalition_ship_struck_is_the_target_past_an_opponent_site_struck_first(kb):
    # The sentence opens with a strike on a Houthi site, then tells the Houthi attack on a US ship before it.
    e = one("Last week's raid on the Houthi radar site was preceded by Houthi drone attacks on USS Mason as it "
            "sailed in the Gulf of Aden on Jan. 30.", "2024-02-05", kb)
    assert (e.actor1_affiliation, e.actor2, e.actor2_affiliation) == ("IR", "USS Mason", "US")
    assert (e.location, e.date) == ("Gulf of Aden", dt.date(2024, 1, 30))


def test_a_distance_from_a_port_places_the_attack_by_the_port(kb):
    e = one("Houthi forces on Sunday fired an anti-ship missile at USS Mason some 60 nautical miles east of Aden "
            "in the Gulf of Aden.", "2024-02-02", kb)
    assert (e.location, e.country, e.actor2_affiliation) == ("Aden", "YE", "US")


def test_a_named_ship_attacked_where_no_sea_is_named_is_an_event_with_no_place(kb):
    e = one("On Monday Houthi fighters fired an anti-ship missile at USS Mason, officials said.", "2024-02-02", kb)
    assert (e.country, e.lat, e.geo_precision, e.actor2_affiliation) == (None, None, "unknown", "US")
    assert e.date == dt.date(2024, 1, 29)


def test_an_attack_with_no_place_and_no_named_ship_is_no_event(kb):
    assert events("On Monday the militia fired rockets at the convoy, officials said.", "2024-02-02", kb) == []


def test_a_president_who_orders_strikes_is_his_state_striking(kb):
    e = one("President Biden ordered a series of airstrikes on Houthi targets in Yemen on Thursday.", "2024-02-02", kb)
    assert (e.country, e.actor1_affiliation, e.actor2_affiliation) == ("YE", "US", "IR")


def test_a_president_who_speaks_of_an_attack_is_not_its_attacker(kb):
    e = one("On Thursday, President Biden said Iran-backed militias attacked Al-Asad Air Base.", "2024-02-02", kb)
    assert (e.actor1_affiliation, e.actor2_affiliation) == ("IR", "US")
    assert events("President Biden said on Thursday the strikes on Houthi sites in Yemen were a message.",
                  "2024-02-02", kb) == []


def test_warplanes_delivering_airstrikes_are_the_attacker(kb):
    e = one("US and British warplanes are delivering airstrikes on Houthi positions near Sanaa on Friday.",
            "2024-02-02", kb)
    assert (e.location, e.actor1_affiliation, e.actor2_affiliation) == ("Sanaa", "US", "IR")


def test_a_drone_launched_toward_a_base_is_an_attack_on_it(kb):
    e = one("On Saturday Iran launched a drone toward Ali Al Salem Air Base in Kuwait.", "2024-02-02", kb)
    assert (e.location, e.actor1_affiliation, e.actor2_affiliation) == ("Ali Al Salem Air Base", "IR", "US")


def test_a_digest_sentence_listing_sites_in_four_countries_gives_one_event_per_place(kb):
    text = ("Iranian missiles struck Al Udeid Air Base in Qatar on Saturday. The Revolutionary Guard confirmed "
            "attacks on Al Dhafra Air Base in the United Arab Emirates, on US bases in Kuwait and on the Fifth "
            "Fleet headquarters in Bahrain.")
    found = events(text, "2024-02-02", kb)
    assert sorted(e.country for e in found) == ["AE", "BH", "KW", "QA"]
    assert {e.date for e in found} == {dt.date(2024, 1, 27)}
    digest = [e for e in found if e.country != "QA"]
    # each event cites only the sentence that tells it
    assert all(m.evidence.quote.startswith("The Revolutionary Guard") for e in digest for m in e.mentions)


def test_an_undated_sentence_with_a_year_of_its_own_is_not_the_wave_just_told(kb):
    text = ("Iranian missiles struck Al Udeid Air Base in Qatar on Saturday. In 2020 the Revolutionary Guard "
            "fired missiles at Ain al-Asad Air Base in Iraq.")
    assert [e.country for e in events(text, "2024-02-02", kb)] == ["QA"]


def test_a_missile_fired_from_the_other_side_toward_a_warship_has_both_sides(kb):
    e = one("On Monday a cruise missile was fired from Houthi-held areas toward USS Mason, which was sailing in "
            "the Bab el-Mandeb.", "2024-02-02", kb)
    assert (e.actor1_affiliation, e.actor2, e.actor2_affiliation) == ("IR", "USS Mason", "US")
    assert (e.location, e.country) == ("Bab el-Mandeb", None)


def test_a_party_named_after_against_does_not_make_the_other_party_its_attacker(kb):
    text = "Meanwhile, Israel pressed on with its offensive in Gaza against Hamas after the group's raid on Israel on October 7."
    assert events(text, "2024-02-02", kb) == []


def test_a_navy_that_foils_an_attack_is_the_side_attacked(kb):
    e = one("On Tuesday the US Navy foiled a large Houthi drone attack in the Red Sea.", "2024-02-02", kb)
    assert (e.actor1_affiliation, e.actor2_affiliation, e.date) == ("IR", "US", dt.date(2024, 1, 30))


def test_an_attack_on_ships_with_no_sea_named_is_an_event_at_sea(kb):
    e = one("On Tuesday the Houthis fired drones and missiles toward commercial and military ships.", "2024-02-02", kb)
    assert (e.actor1_affiliation, e.country, e.location, e.date) == ("IR", None, None, dt.date(2024, 1, 30))
    # An attack on a place with no place named stays a detail: no event.
    assert events("On Tuesday the Houthis fired drones at a fuel depot.", "2024-02-02", kb) == []


def test_a_date_inside_what_a_statement_confirmed_is_the_attacks(kb):
    text = ("A statement issued Wednesday by the command confirmed that on Jan. 9 the Houthis launched drones "
            "into the Southern Red Sea.")
    assert one(text, "2024-01-11", kb).date == dt.date(2024, 1, 9)


def test_a_strike_on_a_party_that_holds_one_country_is_in_that_country(kb):
    e = one("On Thursday the U.S. and its allies launched a fresh wave of strikes against the Houthis.", "2024-02-02", kb)
    assert (e.actor1_affiliation, e.actor2_affiliation, e.country, e.date) == ("US", "IR", "YE", dt.date(2024, 2, 1))
    # A party that fights in several countries gives no place: the strike stays a detail.
    assert events("On Thursday US forces struck Kataib Hezbollah again.", "2024-02-02", kb) == []


def test_a_ship_named_as_attacked_in_a_passive_sentence_is_the_side_attacked(kb):
    text = ("Houthi militants fired drones at ships in the Red Sea on Tuesday. The US aircraft carrier Eisenhower was attacked in "
            "the northern Red Sea with several drones, a spokesman said.")
    e = one(text, "2024-02-02", kb)
    # The finer sea area the detail names replaces the one the attack sentence gave.
    assert (e.actor2_affiliation, e.location, e.date) == ("US", "Northern Red Sea", dt.date(2024, 1, 30))


def test_a_title_case_dateline_closed_by_its_agency_dates_an_undated_text_after_what_it_tells(kb):
    # No publication date; the text names November 2023 as past, so the June 2 filing day is of 2024, and
    # "on Saturday" is the Saturday before it.
    text = ("Aden, June 2 (UNI) The Houthis attacked a US destroyer in the Red Sea on Saturday, a spokesman said.\n"
            "The group vowed in November 2023 to keep up its campaign.")
    [e] = sitrep.extract_events(text, kb=kb)
    assert e.date == dt.date(2024, 6, 1)
    assert e.location == "Red Sea"  # the dateline's town is where it was filed, not a site


def test_return_fire_in_self_defense_is_an_event_of_its_own_answering_the_attack(kb):
    text = ("On Sunday, Dec. 31, Houthi small boats fired at a container ship in the Red Sea and tried to board it. "
            "The US Navy helicopters returned fire in self-defense, sinking three of the boats.")
    found = events(text, "2024-01-01", kb)
    sides = sorted((e.actor1_affiliation or "", e.date, e.location) for e in found)
    assert sides == [("IR", dt.date(2023, 12, 31), "Red Sea"), ("US", dt.date(2023, 12, 31), "Red Sea")]
    answer = next(e for e in found if e.actor1_affiliation == "US")
    assert answer.responds_to == [next(e.id for e in found if e.actor1_affiliation == "IR")]


def test_markdown_emphasis_and_images_are_no_text(kb):
    text = ("![](https://cdn.example/ship.jpg)On Tuesday the destroyer USS *Carney* shot down a Houthi drone "
            "over the Gulf of Aden.")
    e = one(text, "2024-02-02", kb)
    assert (e.actor2, e.location) == ("USS Carney", "Gulf of Aden")


def test_weapons_destroyed_before_launch_are_a_strike_by_the_side_that_destroyed_them(kb):
    e = one("On Feb. 3, CENTCOM forces destroyed three Houthi drones that presented an imminent threat to shipping.",
            "2024-02-05", kb)
    assert (e.actor1_affiliation, e.actor2_affiliation, e.country, e.date) == ("US", "IR", "YE", dt.date(2024, 2, 3))


def test_the_region_a_barrage_was_fired_from_is_not_where_it_was_aimed(kb):
    e = one("On Feb. 3, the Houthis fired a missile from rebel-held parts of Yemen into the southern Red Sea, "
            "toward shipping lanes.", "2024-02-05", kb)
    assert (e.location, e.country, e.actor1_affiliation) == ("Southern Red Sea", None, "IR")


def test_a_side_also_attacked_at_another_sea_is_an_attack_of_its_own_on_the_waves_day(kb):
    # 'adding that a US frigate was also attacked in the Gulf of Aden' (rule site.also_struck): a second
    # target at a place other than the first, on the day of the attack just told, not a detail of it.
    text = ("The Houthis attacked a US cruiser and a frigate in the Red Sea, their spokesman said on "
            "Sunday. \u201cThe US cruiser was attacked in the northern Red Sea with drones,\u201d he said, adding "
            "that a US frigate was also attacked in the Gulf of Aden.")
    found = events(text, "2029-03-05", kb)
    assert sorted((e.date, e.location) for e in found) == [
        (dt.date(2029, 3, 4), "Gulf of Aden"), (dt.date(2029, 3, 4), "Northern Red Sea")]
    assert all(e.actor1_affiliation == "IR" and e.actor2_affiliation == "US" for e in found)


def test_strikes_under_way_at_the_top_of_a_dated_report_are_of_its_day(kb):
    # 'are delivering airstrikes' with no day (rule date.in_progress) in a report's opening sentence: the
    # report's day, to the day; a strike on the Houthis with no place named is in Yemen.
    text = ("ROME, May 9. /ANSA/. The United States and United Kingdom are delivering airstrikes on areas held "
            "by the Houthi rebels, a local television channel reported.")
    e = one(text, "2030-05-09", kb)
    assert (e.date, e.date_precision, e.country) == (dt.date(2030, 5, 9), "day", "YE")
    assert (e.actor1_affiliation, e.actor2_affiliation) == ("US", "IR")


def test_strikes_under_way_told_deep_in_a_report_are_no_event_of_its_day(kb):
    text = ("Officials met in the capital on Monday. Talks went on late. Nobody spoke to the press. Then a statement "
            "came. The United States and United Kingdom are delivering airstrikes on Houthi areas as part of "
            "their campaign.")
    assert not [e for e in events(text, "2030-05-09", kb) if e.date_precision == "day"]


def test_a_headline_places_a_fight_at_sea_its_lead_tells_with_no_sea(kb):
    # leads.headline_place, leads.turned_on, rule role.passive_agent ('under attack by'): invented text.
    import hashlib
    from sitrep.models import Article
    from sitrep.pipeline import read_article
    from sitrep.settings import Settings
    text = ("On Sunday, Dec. 3, a bulk carrier radioed that it was under attack by three Houthi skiffs. "
            "Helicopters from a destroyer arrived soon after. "
            "The skiffs fired upon the US helicopters with machine guns. "
            "The US Navy helicopters returned fire in self-defense, sinking two of the skiffs.")
    article = Article(id="t", title="Navy helicopters sink two rebel skiffs in Red Sea", published=dt.date(2023, 12, 3),
                      raw_text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    events = read_article(article, kb, Settings())
    sides = {(e.actor1_affiliation, e.actor2_affiliation) for e in events}
    assert sides == {("IR", None), ("IR", "US"), ("US", "IR")}  # the carrier's, the helicopters', the answer
    assert all(e.sea_area == "Red Sea" and e.date == dt.date(2023, 12, 3) for e in events)
    # A headline alone is no event.
    bare = Article(id="h", title="Navy helicopters sink two rebel skiffs in Red Sea", published=dt.date(2023, 12, 3),
                   raw_text="The navy held a briefing.", content_hash="x")
    assert read_article(bare, kb, Settings()) == []


def test_no_damage_to_personnel_is_the_toll_of_the_attack_on_that_side(kb):
    # count.no_casualties ('no damage to ... personnel'), role.target_prep ('damage to'), frames._harm_detail
    # (the side told unharmed): invented text. The statement is the toll of the fire on the helicopters, not of
    # the helicopters' answer told just before it.
    text = ("On Sunday, March 3, a bulk carrier in the Gulf of Aden radioed that it was under attack by Houthi "
            "skiffs. The skiffs fired on the US helicopters with machine guns. The US helicopters returned fire "
            "in self-defense, sinking two of the skiffs. There was no damage to American personnel or aircraft.")
    by_sides = {(e.actor1_affiliation, e.actor2_affiliation): e for e in events(text, "2030-03-04", kb)}
    assert (by_sides[("IR", "US")].killed, by_sides[("IR", "US")].injured) == (0, 0)
    assert by_sides[("US", "IR")].killed is None
