"""Sentence in, expected fields out: the rules on the way reports are written (texts are our own)."""
from __future__ import annotations

import datetime as dt

import pytest

import sitrep


def one(text, published, kb):
    events = sitrep.extract_events(text, published=published, kb=kb)
    assert len(events) == 1, [(e.date, e.location) for e in events]
    return events[0]


def test_relative_night_resolves_to_previous_day(kb):
    e = one("Iran-backed militants fired rockets at Ain al-Asad Air Base in western Iraq late Monday night, "
            "injuring seven U.S. personnel, a defense official said.", "2025-06-24", kb)
    assert e.date == dt.date(2025, 6, 23) and e.date_precision == "day"
    assert e.location == "Ain al-Asad Air Base" and e.country == "IQ"
    assert e.actor1_affiliation == "IR" and e.actor2_affiliation == "US"
    assert e.weapons == ["rocket"] and e.injured == 7


def test_spelling_variants_are_one_base(kb):
    for spelling in ("Al-Asad Airbase", "al-Assad Airbase", "Ain al Asad base", "Al Asad Air Base"):
        e = one(f"Two rockets hit {spelling} in Iraq on Saturday, U.S. officials said.", "2024-01-21", kb)
        assert e.location == "Ain al-Asad Air Base", spelling


def test_yearless_date_without_publication_date_is_unknown(kb):
    e = one("The July 16 drone attack on the U.S. area of the Ain al Asad base did not result in injuries.", None, kb)
    assert e.date is None and e.date_precision == "unknown"
    assert e.injured == 0


def test_threats_vows_and_plans_are_not_attacks(kb):
    for text in ("Iran's president vowed to strike U.S. bases in Iraq on Monday.",
                 "The Pentagon is weighing preemptive strikes on Iranian missile sites in Iraq on Monday.",
                 "Iran on Sunday denied any involvement in the attack on U.S. troops in Jordan.",
                 "We will respond to any attack against our personnel in Iraq on Monday."):
        assert sitrep.extract_events(text, published="2024-01-29", kb=kb) == [], text


def test_tally_is_not_an_event(kb):
    text = "Since Oct. 7, there have been over 143 attacks on US and coalition forces in Iraq and Syria."
    assert sitrep.extract_events(text, published="2024-01-21", kb=kb) == []


def test_list_of_dates_and_places_gives_one_event_each(kb):
    text = ("Recent rocket attacks by Iran-backed militia groups have included ones on Balad Air Base on April 4 "
            "and May 3, 2021; and Al-Asad Air Base on May 24, 2021.")
    events = sitrep.extract_events(text, published="2021-06-29", kb=kb)
    got = sorted((e.date.isoformat(), e.location) for e in events)
    assert got == [("2021-04-04", "Balad Air Base"), ("2021-05-03", "Balad Air Base"),
                   ("2021-05-24", "Ain al-Asad Air Base")]


def test_us_strike_in_two_countries_gives_two_events(kb):
    text = ("At my direction, on June 27, 2021, United States forces conducted targeted strikes against facilities "
            "in Syria and Iraq used by Iran-backed militia groups.")
    events = sitrep.extract_events(text, published="2021-06-29", kb=kb)
    assert sorted(e.country for e in events) == ["IQ", "SY"]
    assert all(e.actor1_affiliation == "US" and e.actor2_affiliation == "IR" for e in events)
    assert all(e.lat is None for e in events)  # a country is never shown as a point


def test_retaliation_is_linked(kb):
    text = ("Iran-backed militias fired a ballistic missile at Al-Asad Airbase in Iraq on Monday night. "
            "A U.S. AC-130 aircraft conducted a self-defense strike against the militia vehicle immediately after the attack.")
    events = sitrep.extract_events(text, published="2023-11-22", kb=kb)
    strike = next(e for e in events if e.actor1_affiliation == "US")
    attack = next(e for e in events if e.actor1_affiliation == "IR")
    assert strike.responds_to == [attack.id]
    assert "aircraft" in strike.weapons and "AC-130" in " ".join(strike.weapon_models)


def test_every_value_keeps_its_evidence(kb):
    text = "Three U.S. soldiers were killed in a drone attack on Tower 22 in Jordan on Sunday."
    e = one(text, "2024-01-29", kb)
    m = e.mentions[0]
    assert text[m.evidence.start:m.evidence.end] == m.evidence.quote
    assert e.killed == 3 and e.casualties["killed"]["values"][0]["quote"]


def test_dateline_is_where_the_report_was_filed(kb):
    e = one("WASHINGTON (Example Wire) - Iran-backed militants fired two rockets at Al-Asad Air Base in western "
            "Iraq on Monday, injuring seven U.S. personnel.", "2024-08-06", kb)
    assert e.location == "Ain al-Asad Air Base"
    assert e.actor1_affiliation == "IR" and e.actor2_affiliation == "US"  # "WASHINGTON" is not the attacker


def test_capital_speaking_and_officials_seat_are_not_places(kb):
    e = one("Iran fired missiles at Al Udeid Air Base in Qatar on Monday, in what Tehran said was retaliation "
            "for U.S. strikes.", "2025-06-24", kb)
    assert e.location == "Al Udeid Air Base"
    events = sitrep.extract_events("A drone struck a base in northeast Jordan on Sunday, killing three U.S. "
                                   "soldiers. Officials in Amman later said the outpost was in Jordan.",
                                   published="2024-01-29", kb=kb)
    assert [e.location for e in events] == ["Northeastern Jordan"]


def test_a_war_named_for_its_parties_names_no_attacker(kb):
    e = one("They were the first U.S. troops killed since the Israel-Hamas war began. A drone struck Tower 22 "
            "in Jordan on Sunday, killing three U.S. soldiers.", "2024-01-29", kb)
    assert e.location == "Tower 22" and e.actor1 is None


def test_subject_of_a_passive_killing_is_the_side_struck(kb):
    e = one("Qassem Soleimani, head of the Quds Force, and Abu Mahdi al-Muhandis were killed early on Friday in "
            "an air strike on their convoy at Baghdad airport, Iraqi officials said.", "2020-01-03", kb)
    assert e.actor1_affiliation is None and e.actor2_affiliation == "IR"


def test_another_attack_in_the_same_area_is_its_own_event_at_the_place_told_before(kb):
    # 'was hit by a roadside bomb' makes the convoy the side struck (rule role.passive_harm), and 'in the
    # vicinity of the same area' places the earlier day's attack where the one just told was (site.same_site).
    text = ("Witnesses said that a supply convoy of the US-led coalition was targeted by an "
            "explosive device in Anbar province on Tuesday. On Saturday, another US convoy was hit by a roadside bomb in the "
            "vicinity of the same area.")
    events = sorted(sitrep.extract_events(text, published="2022-03-08", kb=kb), key=lambda e: e.date)
    assert [(e.date, e.country, e.actor2_affiliation) for e in events] == [
        (dt.date(2022, 3, 5), "IQ", "US"), (dt.date(2022, 3, 8), "IQ", "US")]
    assert events[0].location == events[1].location


def test_a_strike_the_us_led_told_after_comes_after_is_its_own_event(kb):
    # 'the U.S. led a strike on Tuesday in Syria' (rule role.us_attacker): the US side is its attacker, so the
    # strike told in passing is an event of its day, apart from the shelling the report leads with.
    text = ("Mortar shells fell on a base housing U.S. troops on Thursday. The shelling comes after the U.S. led a "
            "strike on Tuesday in Syria that killed an Iranian commander.")
    found = sorted(sitrep.extract_events(text, published="2031-06-13", kb=kb), key=lambda e: e.date)
    assert [(e.date, e.country, e.actor1_affiliation) for e in found][0] == (dt.date(2031, 6, 10), "SY", "US")


def test_the_place_of_a_named_war_is_not_an_attack_site(kb):
    e = one("Three US soldiers were killed in a drone attack overnight on a small US outpost in Jordan, the first "
            "US troops killed by enemy fire since the start of the Israel-Hamas war in Gaza.", "2024-01-28", kb)
    assert e.country == "JO"


def test_injured_groups_of_one_sentence_add_up(kb):
    e = one("Iran-backed militants fired rockets at Erbil airport in Iraq on February 15, 2021, which wounded one "
            "United States service member, wounded four United States contractors, and killed one Filipino "
            "contractor.", "2021-02-27", kb)
    assert e.injured == 5 and e.killed == 1


def test_fresh_statement_dates_an_undated_attack_at_week_precision(kb):
    events = sitrep.extract_events(
        "Iran said on Wednesday it had concluded its attacks on American forces in Iraq after firing more than "
        "20 ballistic missiles at two military bases in Iraq. The base in Erbil has been a hub for special "
        "operations troops.", published="2020-01-08", kb=kb)
    # The country-level mention of the two bases merges into the one base the text names.
    assert [e.location for e in events] == ["Erbil"]
    erbil = events[0]
    assert (erbil.date, erbil.date_precision) == (dt.date(2020, 1, 8), "week")
    assert erbil.actor1_affiliation == "IR" and erbil.actor2_affiliation == "US"
    assert erbil.weapons == ["ballistic_missile"]  # "more than 20 missiles" is a quantity, not a comparison


def test_an_old_statement_dates_nothing(kb):
    assert sitrep.extract_events("Iran said on Wednesday it had fired missiles at two bases in Iraq housing "
                                 "American forces.", published="2020-01-20", kb=kb) == []


def test_the_speaker_after_a_tweet_is_a_party_not_a_place(kb):
    events = sitrep.extract_events(
        "Iran fired missiles at Ain al-Asad Air Base in Iraq on January 8, 2020. Zarif made the remarks in a tweet "
        "after Iran conducted the attacks in response to the killing of Qassem Soleimani.",
        published="2020-01-08", kb=kb)
    asad = next(e for e in events if e.location == "Ain al-Asad Air Base")
    landmark = next(e for e in events if e.landmark == "soleimani-killing")
    assert asad.responds_to == [landmark.id]


def test_mention_evidence_names_the_rules_that_produced_it(kb):
    e = one("Militants fired rockets at Erbil Air Base in Iraq on 5 January 2024, wounding two American "
            "contractors.", "2024-01-06", kb)
    [mention] = e.mentions
    assert mention.evidence.rule_ids == ["trigger.attack", "date.dmy", "count.active"]
    assert mention.injured.evidence.rule_ids == ["count.active"]
    assert all(rule_id in kb.rules.rules for rule_id in mention.evidence.rule_ids)


@pytest.mark.parametrize("follow_up", [
    "The base in Erbil has hosted coalition troops since 2014.",
    "The Erbil air base has hosted coalition troops since 2014.",
    "In Erbil, the base has hosted coalition troops since 2014.",
])
def test_the_definite_base_after_an_attack_on_several_bases_names_one_however_worded(kb, follow_up):
    text = ("Iran fired ballistic missiles at two military bases in Iraq housing U.S. troops on Wednesday, "
            f"officials said. {follow_up}")
    events = sitrep.extract_events(text, published="2021-03-11", kb=kb)
    assert any(e.location and "Erbil" in e.location for e in events), [e.location for e in events]


def test_a_zero_comment_counter_under_the_byline_opens_no_comment_section(kb):
    # A header widget ("0 Comments", a view count) sits between the byline and the story: with no comment
    # counted there is no comment section, and the story under it is read.
    text = ("Regional Desk\n\nNews\n\nDrones Strike Border Depot\n\nby: Staff Writer | Monday, 4 May 2026 09:10\n"
            "World\n0 Comments\n514\n"
            "Militants launched three drones at Erbil Air Base in Iraq on Sunday, officials said, "
            "and two were shot down over the runway.\n"
            "Nobody was hurt, the coalition said in a short statement released in the morning.\n")
    e = one(text, "2026-05-04", kb)
    assert e.location == "Erbil Air Base" and e.date == dt.date(2026, 5, 3)


@pytest.mark.parametrize("said", [
    "said Thursday night it had struck",
    "announced on Thursday that it hit",
    "said on Thursday its forces struck",
])
def test_a_command_saying_when_it_struck_is_the_attacker(said, kb):
    e = one(f"US Central Command {said} nine Iranian fast boats near the Strait of Hormuz.", "2026-05-08", kb)
    assert (e.actor1_affiliation, e.actor2_affiliation) == ("US", "IR")
    assert e.date == dt.date(2026, 5, 7)


def test_a_fresh_statement_leading_a_report_is_of_the_report_s_week(kb):
    # Written on Monday 20 January 2020: a statement of the day before is fresh, one of the Wednesday before is not.
    [e] = sitrep.extract_events("Iran said on Sunday it had fired missiles at two bases in Iraq housing "
                                "American forces.", published="2020-01-20", kb=kb)
    assert e.date in (dt.date(2020, 1, 19), dt.date(2020, 1, 20))
    assert (e.date_precision, e.actor1_affiliation, e.country) == ("week", "IR", "IQ")


def test_each_further_site_of_a_salvo_told_in_the_next_sentence_is_an_attack_of_its_day(kb):
    events = sitrep.extract_events(
        "Iran fired a dozen ballistic missiles at US forces in Iraq on Monday night. The missiles hit two bases "
        "that host coalition troops, Ain al-Asad Air Base and Erbil Air Base.", published="2027-05-12", kb=kb)
    assert sorted((e.location, e.date, tuple(e.weapons), e.actor1_affiliation) for e in events) == [
        ("Ain al-Asad Air Base", dt.date(2027, 5, 10), ("ballistic_missile",), "IR"),
        ("Erbil Air Base", dt.date(2027, 5, 10), ("ballistic_missile",), "IR")]


def test_the_party_that_tells_of_the_wounded_is_not_the_target(kb):
    e = one("The Pentagon said on Tuesday that more than 30 service members had been wounded in Sunday's drone "
            "attack on Tower 22.", "2027-05-12", kb)
    assert e.actor2 == "US forces" and e.injured == 30


def test_a_us_aircraft_that_engaged_the_launchers_lends_the_attack_no_weapon_or_dead(kb):
    events = sitrep.extract_events(
        "Iran-backed militants fired rockets at Camp Taji in Iraq on Monday. A US gunship circling nearby spotted "
        "the launch truck and engaged it, killing two militants.", published="2027-05-12", kb=kb)
    attack = next(e for e in events if e.actor1_affiliation == "IR")
    assert attack.weapons == ["rocket"] and attack.killed is None


# Counter-fire (rule response.counter_fire): a force under attack fires back at once at the attackers, where
# they fired from. A sentence that does not say where is coded at country level (the gold convention for a
# strike the texts do not place), its own event apart from the report's other strikes.
RUMALYN = ("Rockets hit the Rumalyn Landing Zone in northeastern Syria on Thursday, wounding two U.S. troops, "
           "the military said on Friday. U.S. attack helicopters fired back, destroying a truck and killing four "
           "militants believed to belong to an Iran-backed group.")


def _by_side(events):
    """The attacks on US forces, by whomever (the rockets' launchers are not named), and the US strikes."""
    return ([e for e in events if e.actor2_affiliation == "US"], [e for e in events if e.actor1_affiliation == "US"])


def test_return_fire_naming_no_place_is_in_the_country_attacked_and_not_part_of_a_strike_of_the_day_before(kb):
    text = RUMALYN + " On Wednesday, U.S. jets had struck a militia depot near Al-Malikiyah."
    events = sitrep.extract_events(text, published="2024-03-08", kb=kb)
    (attack,), strikes = _by_side(events)
    fire = next(e for e in strikes if e.location == "Syria")
    assert (fire.date, fire.killed, fire.weapons, fire.responds_to) == (dt.date(2024, 3, 7), 4, ["aircraft"], [attack.id])
    depot = next(e for e in strikes if e is not fire)
    assert (depot.location, depot.date, depot.killed) == ("Al-Malikiyah", dt.date(2024, 3, 6), None)


@pytest.mark.parametrize("sentence", [
    "U.S. attack helicopters engaged the launcher, killing two militants.",
    "A U.S. gunship overhead tracked the truck that fired the rocket and engaged it, killing two militants.",
    "A U.S. gunship conducted a self-defense strike on the crew that fired the rocket.",
])
def test_aircraft_engaging_the_launcher_is_a_us_strike_in_the_country_attacked(kb, sentence):
    text = "Iran-backed militants fired a rocket at Al-Shaddadi Base in Syria on Monday. " + sentence
    events = sitrep.extract_events(text, published="2024-03-05", kb=kb)
    (attack,), (strike,) = _by_side(events)
    assert (attack.location, attack.weapons) == ("Al-Shaddadi Base", ["rocket"])
    assert (strike.location, strike.geo_precision, strike.date, strike.actor2_affiliation) == \
        ("Syria", "country", dt.date(2024, 3, 4), "IR")
    assert "aircraft" in strike.weapons and strike.responds_to == [attack.id]


def test_counter_fire_takes_the_day_of_its_attack_not_of_a_strike_told_after_it(kb):
    text = RUMALYN + " On Friday, U.S. F-15s struck a militia depot near Al-Malikiyah in response."
    events = sitrep.extract_events(text, published="2024-03-09", kb=kb)
    strikes = {e.location: e for e in _by_side(events)[1]}
    assert (strikes["Syria"].date, strikes["Syria"].killed) == (dt.date(2024, 3, 7), 4)
    assert (strikes["Al-Malikiyah"].date, strikes["Al-Malikiyah"].killed) == (dt.date(2024, 3, 8), None)


def test_counter_fire_is_not_a_planned_strike_its_report_tells_of_the_same_day(kb):
    # "Later that night" dates the planned strikes by the attack's day (rule timeline.same_day).
    text = ("Iran-backed militants fired a missile at Ain al-Asad Air Base in Iraq on Tuesday. A U.S. gunship "
            "overhead tracked the truck that launched it and engaged it, killing three militants. Later that night, "
            "U.S. forces conducted strikes on two militia depots near Al-Qaim in response to the attack.")
    events = sitrep.extract_events(text, published="2024-03-06", kb=kb)
    strikes = {e.location: e for e in _by_side(events)[1]}
    assert set(strikes) == {"Iraq", "Al-Qaim"}
    assert (strikes["Iraq"].killed, strikes["Al-Qaim"].killed) == (3, None)
    assert strikes["Iraq"].date == strikes["Al-Qaim"].date == dt.date(2024, 3, 5)


def test_a_state_that_says_what_struck_it_is_the_speaker_not_the_attacker(kb):
    # role.active_verb does not read across a speech verb; 'the headquarters of the U.S. Fifth Fleet' is a base.
    (e,) = sitrep.extract_events("Bahrain said Iranian drones struck near the headquarters of the U.S. Fifth Fleet "
                                 "on Tuesday, wounding three sailors.", published="2027-03-10", kb=kb)
    assert (e.actor1_affiliation, e.actor2_affiliation, e.location, e.injured) == \
        ("IR", "US", "Naval Support Activity Bahrain", 3)


def test_a_force_that_engaged_the_incoming_drones_is_the_side_struck(kb):
    # role.defence_verb: 'engaged both' (the drones), not 'engaged the drone teams' (a strike).
    (e,) = sitrep.extract_events("Two drones targeted Tower 22 in Jordan on Sunday; U.S. forces engaged both, "
                                 "downing one.", published="2027-03-09", kb=kb)
    assert (e.actor1_affiliation, e.actor2_affiliation, e.location) == (None, "US", "Tower 22")


def test_a_sentence_telling_both_sides_strikes_reads_each_clause_apart(kb):
    # Rule role.opposing_clause: the US bombers' clause is a US strike, not the Iranian barrage's.
    text = ("Iran fired 30 ballistic missiles at U.S. bases in Qatar overnight, while U.S. bombers struck "
            "missile sites near Tabriz.")
    found = {e.location: e for e in sitrep.extract_events(text, published="2027-03-10", kb=kb)}
    assert (found["Qatar"].actor1_affiliation, found["Qatar"].weapons) == ("IR", ["ballistic_missile"])
    assert (found["Tabriz"].actor1_affiliation, found["Tabriz"].weapons) == ("US", ["aircraft"])
    assert found["Tabriz"].date == found["Qatar"].date
