"""Frames: which places, dates and counts of a sentence belong to the attack it tells. Texts are our own."""
from __future__ import annotations

import datetime as dt

import pytest

import sitrep


def places(text, published, kb):
    return sorted((e.country, e.location) for e in sitrep.extract_events(text, published=published, kb=kb))


def test_a_sentence_with_four_attacks_in_four_countries_gives_four_events(kb):
    text = "Iran fired drones at U.S. bases in Qatar, Bahrain, Kuwait and the United Arab Emirates on Sunday."
    events = sitrep.extract_events(text, published="2026-03-03", kb=kb)
    assert sorted(e.country for e in events) == ["AE", "BH", "KW", "QA"]
    assert {e.date for e in events} == {dt.date(2026, 3, 1)}
    assert all(e.actor1_affiliation == "IR" and e.actor2_affiliation == "US" for e in events)


def test_a_comma_after_a_place_does_not_make_the_next_name_a_place(kb):
    # 'in Iraq, Iran launched': no 'and' closes a list, so Iran is the attacker, not a site.
    text = "Days after the raids in Iraq, Iran launched drones at Al Udeid Air Base on Sunday."
    assert ("IR", "Iran") not in places(text, "2026-03-03", kb)


@pytest.mark.parametrize("text, expected", [
    ("MOSUL, March 3 (AFP) -- Two rockets hit Ain al-Asad Air Base in western Iraq on Sunday.",
     [("IQ", "Ain al-Asad Air Base")]),
    ("ERBIL, Iraq, March 2, 2024 (AP) — A drone struck Harir Air Base on Saturday.", [("IQ", "Harir Air Base")]),
    ("A map produced in Istanbul shows where drones struck Erbil Air Base on Monday.", [("IQ", "Erbil Air Base")]),
    ("Rockets struck the coalition base at Rumalyn in Hasakah province on Tuesday.",
     [("SY", "Rumalyn Landing Zone")]),
    ("Militia fighters fired rockets at Victory Base near Baghdad airport on Monday.", [("IQ", "Camp Victory")]),
    ("A day after militants fired rockets at Al-Tanf garrison, U.S. aircraft struck a militia depot in "
     "eastern Syria on Friday.", [("SY", "Eastern Syria")]),
])
def test_only_the_site_of_the_attack_is_its_place(text, expected, kb):
    assert places(text, "2024-03-05", kb) == expected


@pytest.mark.parametrize("text, expected", [
    ("On Feb. 3, Houthi fighters launched drones from militia-held districts of Yemen into the Red Sea.", ["Red Sea"]),
    ("Houthi missiles fired from rebel-held parts of Yemen on Monday fell in the Gulf of Aden.", ["Gulf of Aden"]),
    ("On Feb. 3 a Houthi drone launched from the coast toward Aden struck a tanker.", ["Aden"]),
])
def test_the_region_a_weapon_was_fired_from_is_not_a_frame_s_place(text, expected, kb):
    from sitrep.extract import frames_of
    from sitrep.extract.sentences import split_sentences
    (sentence,) = split_sentences(text)
    assert [f.place.entry.name for f in frames_of(sentence, dt.date(2024, 2, 5), kb)] == expected


def test_a_dateline_date_is_the_report_s_not_the_attack_s(kb):
    (event,) = sitrep.extract_events("AMMAN, Jan. 9 (Reuters) - Drones struck Tower 22 in Jordan on Sunday.",
                                     published="2024-01-09", kb=kb)
    assert event.date == dt.date(2024, 1, 7)


def test_days_listed_after_one_month_are_each_a_date(kb):
    text = "Mission Support Site Euphrates was attacked on July 26 and 27 with rockets."
    from sitrep.extract import frames_of
    from sitrep.extract.sentences import split_sentences
    (sentence,) = split_sentences(text)
    frames = frames_of(sentence, dt.date(2024, 7, 31), kb)
    assert [f.time.date for f in frames] == [dt.date(2024, 7, 26), dt.date(2024, 7, 27)]


def test_a_listed_number_of_people_is_not_a_day(kb):
    from sitrep.extract.frames import event_times
    times = event_times("On July 26 and 27 soldiers were hurt.", dt.date(2024, 7, 31), kb.rules)
    assert [t.date for t in times] == [dt.date(2024, 7, 26)]


@pytest.mark.parametrize("text", [
    "Between mid-October and early February the groups launched more than 170 attacks on U.S. forces in Syria.",
    "Since October 17, militias have attacked U.S. troops at Ain al-Asad Air Base at least 40 times.",
    "Iran-backed groups have fired dozens of drones at U.S. bases in Syria since Oct. 17.",
])
def test_tallies_over_a_period_are_not_events(text, kb):
    assert sitrep.extract_events(text, published="2024-03-05", kb=kb) == []


def test_a_past_attack_recalled_in_a_clause_lends_no_toll(kb):
    text = ("Rockets hit the garrison at al-Tanf on Tuesday, where a drone killed three soldiers in January 2024.")
    (event,) = sitrep.extract_events(text, published="2024-03-06", kb=kb)
    assert event.killed is None


@pytest.mark.parametrize("claim", [
    "Kataib Hezbollah, an Iran-backed militia, said it carried out the attack.",
    "Kataib Hezbollah claimed responsibility for the barrage.",
    "In a statement, Kataib Hezbollah announced that its fighters targeted the base.",
])
def test_the_attacker_comes_from_a_claim_in_the_next_sentence(claim, kb):
    (event,) = sitrep.extract_events(f"Drones attacked Harir Air Base on Monday. {claim}", published="2024-03-05", kb=kb)
    assert event.actor1 == "Kataib Hezbollah" and event.actor1_affiliation == "IR"


def test_a_total_over_many_attacks_is_not_the_event_s_toll(kb):
    text = "Rockets struck Ain al-Asad Air Base on Monday. In total, 62 U.S. personnel were injured in those attacks."
    (event,) = sitrep.extract_events(text, published="2024-03-05", kb=kb)
    assert event.injured is None


@pytest.mark.parametrize("text", [
    "U.S. jets struck militia sites in western Iraq on Friday in response to the March 3 drone attack on "
    "Al-Tanf garrison in Syria that killed two U.S. soldiers.",
    "U.S. jets struck militia sites in western Iraq on Friday. The strikes came in response to the March 3 "
    "drone attack on Al-Tanf garrison in Syria that killed two U.S. soldiers.",
    "In retaliation for the March 3 drone attack on Al-Tanf garrison in Syria, which killed two U.S. soldiers, "
    "U.S. jets struck militia sites in western Iraq on Friday.",
])
def test_the_attack_a_response_answers_is_an_event_of_its_own(text, kb):
    events = {e.country: e for e in sitrep.extract_events(text, published="2024-03-11", kb=kb)}
    assert set(events) == {"IQ", "SY"}
    answered, strike = events["SY"], events["IQ"]
    assert answered.date == dt.date(2024, 3, 3) and answered.location == "Al-Tanf Garrison"
    assert answered.actor2_affiliation == "US" and answered.killed == 2 and answered.weapons == ["drone"]
    # The toll of the answered attack is not the strike's.
    assert strike.date == dt.date(2024, 3, 8) and strike.actor1_affiliation == "US" and strike.killed is None


def test_a_response_clause_without_a_day_is_no_event(kb):
    text = "U.S. jets struck militia sites in western Iraq on Friday in response to recent attacks on U.S. troops."
    assert [e.country for e in sitrep.extract_events(text, published="2024-02-05", kb=kb)] == ["IQ"]


def test_a_series_of_strikes_on_a_day_is_read_but_a_series_over_a_period_is_not(kb):
    dated = "U.S. forces carried out a series of airstrikes on militia sites in eastern Syria on Friday."
    assert [e.location for e in sitrep.extract_events(dated, published="2024-02-05", kb=kb)] == ["Eastern Syria"]
    period = "Militias have waged a series of drone attacks on Ain al-Asad Air Base since October."
    assert sitrep.extract_events(period, published="2024-02-05", kb=kb) == []


@pytest.mark.parametrize("text", [
    "Proxy groups have stepped up drone attacks on U.S. forces in Iraq and Syria since the war, which began "
    "after gunmen killed hundreds of people, most of them villagers, in the border towns on October 7.",
    "U.S. troops in Syria have come under attack by rockets on dozens of occasions since Oct. 17.",
    "Militias have intensified their rocket attacks on bases in Iraq since the conflict broke out on Oct. 7.",
])
def test_trends_and_the_day_a_war_began_are_not_events(text, kb):
    assert sitrep.extract_events(text, published="2023-12-04", kb=kb) == []


def test_a_third_party_in_the_background_is_not_the_attacker(kb):
    text = ("The strikes came amid the war between Israel and Hamas in Gaza. "
            "Rockets hit Ain al-Asad Air Base in western Iraq on Monday.")
    (event,) = sitrep.extract_events(text, published="2024-01-16", kb=kb)
    assert event.actor1 is None


def test_a_dateline_after_a_syndication_prefix_is_not_a_site(kb):
    text = "(Wire Service) BEIRUT, Aug 14 (ANA) – Rockets hit Mission Support Site Conoco in Syria last night."
    assert places(text, "2024-08-14", kb) == [("SY", "Mission Support Site Conoco")]


def test_a_footnote_marker_does_not_join_two_sentences(kb):
    text = ("Iranian-backed militias launched two drones at Ain al-Asad Air Base in Iraq on July 16, officials said.[i] "
            "The militias previously threatened on June 5 to attack U.S. forces.[ii]")
    assert [e.date for e in sitrep.extract_events(text, published="2024-07-18", kb=kb)] == [dt.date(2024, 7, 16)]


def test_rockets_that_landed_or_fell_tell_an_attack(kb):
    for text in ("On February 15, several rockets landed in and near Erbil Air Base, wounding a contractor.",
                 "Two mortar shells fell inside Camp Victory on February 15."):
        (event,) = sitrep.extract_events(text, published="2021-04-15", kb=kb)
        assert event.date == dt.date(2021, 2, 15), text


@pytest.mark.parametrize("text", [
    "A drone hit the coalition base at Erbil airport on Tuesday as tensions in the region continue to rise.",
    "Rockets struck Ain al-Asad Air Base on Tuesday, while talks on the troop drawdown continued to stall.",
    "As regional tensions continue to escalate, a drone hit the Tanf garrison on Tuesday.",
])
def test_an_attack_told_against_a_background_that_continues_is_still_an_attack(text, kb):
    events = sitrep.extract_events(text, published="2024-02-08", kb=kb)
    assert [(e.date, e.actor2_affiliation) for e in events] == [(dt.date(2024, 2, 6), "US")]


def test_what_a_group_continues_to_do_is_no_attack(kb):
    text = "Iran-backed militias continue to target US bases in Syria with drones and rockets."
    assert sitrep.extract_events(text, published="2024-02-08", kb=kb) == []


@pytest.mark.parametrize("claim", [
    "Kataib Hezbollah took credit for the attack in a statement.",
    "In a video, Kataib Hezbollah, an Iran-backed militia, assumed responsibility for the attack.",
    "Kataib Hezbollah has accepted responsibility for the attack.",
])
def test_a_claim_of_responsibility_in_a_later_sentence_names_the_attacker(claim, kb):
    text = "Two rockets struck Ain al-Asad Air Base in western Iraq on Tuesday, causing no casualties. " + claim
    events = sitrep.extract_events(text, published="2024-02-08", kb=kb)
    assert [(e.actor1, e.actor1_affiliation, e.claimed_by) for e in events] == \
        [("Kataib Hezbollah", "IR", "Kataib Hezbollah")]


def test_british_forces_striking_beside_the_us_are_coalition_forces(kb):
    text = "British and American warplanes struck a Houthi radar site near Hodeidah on Thursday."
    [event] = sitrep.extract_events(text, published="2024-02-10", kb=kb)
    assert (event.actor1_affiliation, event.actor2_affiliation) == ("US", "IR")


@pytest.mark.parametrize("text", [
    "US jets struck targets in Sanaa on Thursday.",
    "American warships fired cruise missiles at sites near Hodeidah in Yemen on Thursday.",
    "US bombers hit underground facilities in Iran on Thursday.",
])
def test_a_coalition_strike_where_only_the_opponent_holds_ground_is_on_the_opponent(text, kb):
    [event] = sitrep.extract_events(text, published="2024-02-10", kb=kb)
    assert (event.actor1_affiliation, event.actor2_affiliation) == ("US", "IR")


def test_a_coalition_strike_in_iraq_with_no_target_named_has_no_target_side(kb):
    # In Iraq the coalition also strikes the Islamic State: nothing says whose site it was.
    [event] = sitrep.extract_events("US jets struck a cave complex in Anbar on Thursday.", published="2024-02-10", kb=kb)
    assert event.actor2_affiliation is None


def test_a_wave_over_three_provinces_of_one_country_is_one_event_in_that_country(kb):
    text = "US and UK aircraft struck Houthi positions in the provinces of Sanaa, Hodeidah, Taiz and Saada on Thursday."
    assert places(text, "2024-02-10", kb) == [("YE", "Yemen")]
    # Two towns, or three named sites, stay events of their own.
    assert len(places("US jets struck Sanaa and Hodeidah on Thursday.", "2024-02-10", kb)) == 2
    sites = "US bombers struck Fordow, Natanz and Isfahan in Iran on Sunday."
    assert len(places(sites, "2025-06-23", kb)) == 3


def test_a_place_that_names_a_broadcaster_is_not_a_site(kb):
    text = "US and British jets struck Houthi radars near Hodeidah on Saturday, according to al-Masirah TV."
    assert places(text, "2024-06-23", kb) == [("YE", "Hodeidah")]


def test_a_place_joined_to_an_affiliation_word_is_not_a_site(kb):
    text = "A network of Tehran-allied militias fired rockets at Ain al-Asad Air Base on Monday."
    assert places(text, "2024-02-08", kb) == [("IQ", "Ain al-Asad Air Base")]


def test_the_country_of_a_war_between_two_parties_is_not_a_site(kb):
    text = ("Iran fired missiles at a villa in Erbil on Monday, amid fears that the war between Israel and the "
            "armed group in Gaza would spread.")
    assert places(text, "2024-02-08", kb) == [("IQ", "Erbil")]


def test_a_pattern_of_attacks_coinciding_with_a_war_that_began_on_a_day_is_no_attack(kb):
    text = ("This pattern of attacks on US forces in Iraq and Syria coincides with the fighting in the south "
            "between the army and the armed group, which began on Oct. 7.")
    assert sitrep.extract_events(text, published="2023-12-05", kb=kb) == []


@pytest.mark.parametrize("lead, dated", [
    ("Two rockets fell on Balad Air Base, which houses U.S. forces, causing no casualties.", True),
    ("Two rockets fell on Balad Air Base, which houses U.S. forces, last week.", False),
])
def test_the_attack_a_report_leads_with_and_gives_no_day_is_of_the_reports_day(lead, dated, kb):
    text = "ROCKETS HIT IRAQI BASE\n\n" + lead + " Officials gave no further details."
    events = sitrep.extract_events(text, published="2020-01-04", kb=kb)
    assert [(e.date, e.date_precision) for e in events] == ([(dt.date(2020, 1, 4), "week")] if dated else [])


def test_troops_treated_for_injuries_after_an_attack_are_its_injured_and_its_target(kb):
    text = ("Six U.S. troops are being treated for minor injuries after a drone attack on a base in eastern Syria "
            "on Friday. Officials assess an Iranian-backed Shia militia group carried out the attack.")
    [e] = sitrep.extract_events(text, published="2024-08-12", kb=kb)
    assert (e.date, e.injured, e.actor1_affiliation, e.actor2_affiliation) == (dt.date(2024, 8, 9), 6, "IR", "US")


def test_a_report_that_dates_its_attack_gives_no_later_sentence_the_reports_day(kb):
    # The dated sentence is not read as an attack (no side), so the next one is not taken as the lead.
    text = "A drone attack on Friday started a fire in the desert. The drone targeted the Rumalyn Landing Zone."
    assert [e.date for e in sitrep.extract_events(text, published="2024-08-12", kb=kb)] != [dt.date(2024, 8, 12)]


def test_a_sea_that_describes_a_port_town_is_not_a_site(kb):
    text = "On Saturday US jets struck Houthi radars north of Yemen's Red Sea port city of Hodeidah."
    assert places(text, "2024-06-23", kb) == [("YE", "Hodeidah")]


def test_a_headline_counting_us_troops_killed_names_them_victims_not_attackers(kb):
    [e] = sitrep.extract_events("Drone attack: Three US troops killed at Tower 22 in Jordan on Sunday",
                                published="2024-01-29", kb=kb)
    assert (e.actor1_affiliation, e.actor2_affiliation) == (None, "US")
    # Without a number before them, US troops who killed are the attackers.
    [s] = sitrep.extract_events("US troops killed two militants near Hit in Anbar on Sunday.", published="2024-01-29", kb=kb)
    assert s.actor1_affiliation == "US"


def test_a_separate_attack_on_the_same_base_is_an_event_there_on_its_own_day(kb):
    found = sitrep.extract_events(
        "Militants fired three rockets at Camp Taji in Iraq on Thursday, wounding two contractors, police said. "
        "Two days earlier, on Tuesday, a drone attack against that same camp caused no damage.",
        published="2027-05-14", kb=kb)
    by_day = {e.date: e for e in found}
    assert sorted(by_day) == [dt.date(2027, 5, 11), dt.date(2027, 5, 13)]
    earlier = by_day[dt.date(2027, 5, 11)]
    assert earlier.location == "Camp Taji" and earlier.weapons == ["drone"]
    assert earlier.actor2_affiliation == "US" and earlier.actor1_affiliation is None


def test_a_dated_attack_on_an_unnamed_base_with_no_side_is_no_event(kb):
    found = sitrep.extract_events(
        "Militants fired three rockets at Camp Taji in Iraq on Thursday, police said. "
        "On Tuesday, a drone attack on a base in the desert caused no damage.", published="2027-05-14", kb=kb)
    assert [e.date for e in found] == [dt.date(2027, 5, 13)]


def test_drones_destroyed_in_flight_tell_an_attack_on_the_side_that_destroyed_them(kb):
    (event,) = sitrep.extract_events("Coalition gunners destroyed three drones heading for Erbil Air Base in Iraq on "
                                     "Monday, a spokesman said.", published="2027-05-12", kb=kb)
    assert (event.location, event.weapons) == ("Erbil Air Base", ["drone"])
    assert (event.actor1_affiliation, event.actor2_affiliation) == (None, "US")


def test_drones_destroyed_on_the_ground_tell_no_attack(kb):
    assert sitrep.extract_events("Coalition engineers destroyed three drones found in a depot near Erbil on Monday.",
                                 published="2027-05-12", kb=kb) == []


def test_a_claim_naming_nothing_it_claims_names_the_attacker_of_every_attack_told_before(kb):
    text = ("Drones struck Erbil Air Base in Iraq on Monday. Separately, rockets hit Ain al-Asad Air Base in "
            "western Iraq on Monday. Kataib Hezbollah claimed responsibility in a statement.")
    events = sitrep.extract_events(text, published="2027-05-12", kb=kb)
    assert sorted((e.location, e.actor1, e.actor1_affiliation) for e in events) == [
        ("Ain al-Asad Air Base", "Kataib Hezbollah", "IR"), ("Erbil Air Base", "Kataib Hezbollah", "IR")]


def test_a_claim_of_something_else_names_no_attacker(kb):
    text = "Drones struck Erbil Air Base in Iraq on Monday. Kataib Hezbollah claimed responsibility for a kidnapping."
    (event,) = sitrep.extract_events(text, published="2027-05-12", kb=kb)
    assert event.actor1 is None


def test_a_town_named_after_several_bases_stands_for_the_base_named_after_it(kb):
    assert places("Rockets struck two military bases, at Ain al-Asad and at Erbil, on Monday, officials said.",
                  "2027-05-12", kb) == [("IQ", "Ain al-Asad Air Base"), ("IQ", "Erbil Air Base")]


def test_a_town_named_after_one_base_is_the_town(kb):
    assert places("Rockets struck a checkpoint in Erbil on Monday, wounding a US soldier, officials said.",
                  "2027-05-12", kb) == [("IQ", "Erbil")]


def test_the_attack_a_strike_followed_is_an_event_of_its_own(kb):
    text = ("U.S. jets struck militia depots in western Iraq on Friday, and the strikes followed a drone attack on "
            "Al-Tanf garrison in Syria on March 3 that killed two U.S. soldiers.")
    events = sitrep.extract_events(text, published="2027-03-08", kb=kb)
    tanf = [e for e in events if e.location == "Al-Tanf Garrison"]
    assert [(e.date, e.actor1_affiliation, e.actor2_affiliation, e.killed) for e in tanf] == \
        [(dt.date(2027, 3, 3), "IR", "US", 2)]


def test_in_an_undated_text_the_answered_attack_of_a_month_and_day_has_no_known_date(kb):
    text = ("A U.S. drone strike hit a militia convoy near Al-Qaim on March 9. The U.S. strike on the militia "
            "followed a rocket attack on March 3 that killed a U.S. contractor near Kirkuk.")
    kirkuk = [e for e in sitrep.extract_events(text, kb=kb) if e.location == "Kirkuk"]
    assert [(e.date, e.actor1_affiliation, e.actor2_affiliation, e.killed) for e in kirkuk] == [(None, "IR", "US", 1)]



@pytest.mark.parametrize("text", [
    "U.S. F-15 and F-16 jets struck militia bunkers near Deir ez-Zor on Tuesday.",
    "American attack helicopters and a gunship struck militia trucks near Deir ez-Zor on Tuesday.",
])
def test_us_aircraft_named_by_model_or_role_are_the_attacker(text, kb):
    (event,) = sitrep.extract_events(text, published="2027-05-13", kb=kb)
    assert (event.location, event.actor1_affiliation, event.actor2_affiliation) == ("Deir ez-Zor", "US", "IR")


def test_a_response_clause_after_words_setting_the_scene_ends_at_its_comma(kb):
    text = ("Then, late on Tuesday, in response to the drone attack on the outpost, U.S. jets struck a militia "
            "depot near Al-Qaim.")
    events = sitrep.extract_events(text, published="2027-05-13", kb=kb)
    assert [(e.date, e.location, e.actor1_affiliation) for e in events] == [(dt.date(2027, 5, 11), "Al-Qaim", "US")]


def test_a_response_clause_runs_on_past_a_comma_that_continues_it(kb):
    text = ("Today, in response to the attacks on our troops in Syria, and in particular the raid that killed two "
            "soldiers in Jordan, wounding dozens, U.S. forces struck depots near Al-Qaim.")
    assert [e.location for e in sitrep.extract_events(text, published="2027-05-13", kb=kb)] == ["Al-Qaim"]


def test_what_an_attack_was_said_to_be_retaliation_for_is_a_clause_of_its_own(kb):
    text = ("Drones struck Al Udeid Air Base in Qatar on Monday, in what the militia said was retaliation for "
            "strikes on its depots over the weekend.")
    events = sitrep.extract_events(text, published="2027-05-12", kb=kb)
    assert [(e.date, e.location) for e in events] == [(dt.date(2027, 5, 10), "Al Udeid Air Base")]


def test_the_date_after_including_is_the_singled_out_attack_s_not_the_series(kb):
    text = ("U.S. jets struck militia depots in Iraq on Friday in response to a series of attacks on U.S. forces in "
            "Iraq, Syria and Jordan, including the March 3 drone attack on Tower 22.")
    events = sitrep.extract_events(text, published="2027-03-13", kb=kb)
    assert sorted((str(e.date), e.location) for e in events if e.actor1_affiliation != "US") == [
        ("2027-03-03", "Tower 22")]


def test_bases_called_american_that_a_group_attacked_are_the_us_side_struck(kb):
    # rule role.us_target: the object of "attacked" is the side struck, "American bases" as much as "a US base".
    text = "On Tuesday the Kataib Hezbollah said its fighters attacked American bases in Erbil with drones."
    [event] = sitrep.extract_events(text, published="2024-02-08", kb=kb)
    assert (event.actor1_affiliation, event.actor2_affiliation) == ("IR", "US")

