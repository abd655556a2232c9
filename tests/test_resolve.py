"""Resolve: an undated mention joins the one dated event it fits, whatever the order of the reports, and a
strike in one document is linked to the attack of another document that its response clause describes.
Invented reports through the whole pipeline into a SQLite ledger."""
from __future__ import annotations

import json

import pytest

import sitrep

DATED = ("doc-dated", "2024-03-06",
         "Iran-backed militants fired rockets at Ain al-Asad Air Base in Iraq on March 5, 2024, a U.S. official said.")
UNDATED = ("doc-undated", None, "Rockets fired by Iran-backed militias struck Ain al-Asad Air Base in western Iraq on March 5.")
YEAR_BEFORE = ("doc-2023", "2023-03-07",
               "Iran-backed militants launched rockets at Ain al-Asad Air Base in Iraq on March 5, 2023.")
ELSEWHERE = ("doc-tanf", None, "Iran-backed militias fired rockets at the al-Tanf garrison in Syria on March 5.")


def _ingest(tmp_path, name: str, *runs: list[tuple]) -> list[dict]:
    """Each run is one ingest of its documents, in the order given; returns the exported events."""
    with sitrep.open_ledger(str(tmp_path / f"{name}.db")) as ledger:
        for i, docs in enumerate(runs):
            path = tmp_path / f"{name}-{i}.jsonl"
            path.write_text("".join(json.dumps({"id": d, "published": p, "text": t}) + "\n" for d, p, t in docs),
                            encoding="utf-8")
            sitrep.ingest([str(path)], ledger)
        return sorted((json.loads(line) for line in sitrep.export(ledger, "events", "jsonl").splitlines()),
                      key=lambda e: e["id"])


def _docs(event: dict) -> set[str]:
    return {s["doc"] for s in event["sources"]}


def test_an_undated_report_and_its_dated_one_are_one_event_in_either_order(tmp_path):
    first = _ingest(tmp_path, "dated-first", [DATED, UNDATED])
    last = _ingest(tmp_path, "dated-last", [UNDATED, DATED])
    assert first == last
    assert len(first) == 1 and _docs(first[0]) == {"doc-dated", "doc-undated"}
    assert (first[0]["date"], first[0]["date_precision"]) == ("2024-03-05", "day")


def test_an_undated_report_stored_before_its_dated_one_becomes_that_event(tmp_path):
    """Two ingests: the event of the undated report takes the dated one in. Its id is the first report's
    (ids come from the first mention), everything else is the ledger the other order gives."""
    early = _ingest(tmp_path, "undated-run-first", [UNDATED], [DATED])
    late = _ingest(tmp_path, "dated-run-first", [DATED], [UNDATED])
    assert len(early) == len(late) == 1
    assert {k: v for k, v in early[0].items() if k != "id"} == {k: v for k, v in late[0].items() if k != "id"}


def test_an_undated_report_that_fits_two_events_equally_joins_neither(tmp_path):
    events = _ingest(tmp_path, "two-years", [DATED, YEAR_BEFORE, UNDATED])
    assert len(events) == 3
    alone = [e for e in events if _docs(e) == {"doc-undated"}]
    assert len(alone) == 1 and alone[0]["date"] is None and alone[0]["date_precision"] == "unknown"


def test_an_undated_report_that_fits_no_event_is_its_own_undated_event(tmp_path):
    events = _ingest(tmp_path, "elsewhere", [DATED, ELSEWHERE])
    assert len(events) == 2
    tanf = next(e for e in events if _docs(e) == {"doc-tanf"})
    assert tanf["date"] is None and tanf["date_precision"] == "unknown"


JORDAN = ("doc-jordan", "2024-01-29",
          "A drone launched by Iran-backed militants killed three U.S. soldiers at Tower 22 in Jordan on Jan. 28, 2024.")
# Later and deadlier than the Jordan attack: the one a strike would answer if the clause were not read.
ERBIL = ("doc-erbil", "2024-02-01", "Iran-backed militants fired rockets at Erbil Air Base in Iraq on Feb. 1, 2024, "
         "killing four U.S. contractors.")
RUMALYN = ("doc-rumalyn", "2024-03-11",
           "Iran-backed militants fired rockets at the Rumalyn Landing Zone in Syria on March 10, 2024.")
TANF = ("doc-tanf-2", "2024-03-07", "Iran-backed militias launched drones at the al-Tanf garrison in Syria on March 6, 2024.")


def _strike_links(tmp_path, name: str, strike: str, published: str, attacks: list[tuple]) -> list[set[str]]:
    events = _ingest(tmp_path, name, [*attacks, ("doc-strike", published, strike)])
    by_id = {e["id"]: e for e in events}
    strikes = [e for e in events if _docs(e) == {"doc-strike"} and e["actor1_affiliation"] == "US"]
    assert len(strikes) == 1
    return [_docs(by_id[i]) for i in strikes[0]["responds_to"]]


def test_a_strike_in_response_to_an_attack_on_a_named_date_links_to_it_in_another_document(tmp_path):
    strike = ("U.S. jets struck militia depots in al-Qaim, Iraq, on Feb. 2, 2024, "
              "in response to the attack on January 28.")
    assert _strike_links(tmp_path, "named-date", strike, "2024-02-03", [JORDAN, ERBIL]) == [{"doc-jordan"}]


def test_a_strike_that_answered_the_deadly_drone_attack_links_to_it_not_to_a_later_one(tmp_path):
    strike = ("U.S. jets struck militia depots in al-Qaim, Iraq, on Feb. 2, 2024. "
              "The strikes answered the drone attack that killed three soldiers in Jordan.")
    assert _strike_links(tmp_path, "answered", strike, "2024-02-03", [JORDAN, ERBIL]) == [{"doc-jordan"}]


def test_a_strike_a_day_after_a_rocket_attack_links_to_that_day_not_to_an_earlier_one(tmp_path):
    strike = ("U.S. jets struck militia depots in al-Qaim, Iraq, on March 11, 2024, "
              "a day after militants fired rockets at the Rumalyn Landing Zone in Syria.")
    assert _strike_links(tmp_path, "day-after", strike, "2024-03-12", [TANF, RUMALYN]) == [{"doc-rumalyn"}]
    # Days earlier than the clause says: no link, even with no other candidate.
    early = ("U.S. jets struck militia depots in al-Qaim, Iraq, on March 9, 2024, "
             "a day after militants fired drones at the al-Tanf garrison in Syria.")
    assert _strike_links(tmp_path, "day-after-none", early, "2024-03-10", [TANF]) == []


def test_two_attacks_the_clause_fits_equally_give_no_link(tmp_path):
    rumalyn = ("doc-rumalyn-drone", "2024-03-07",
               "Iran-backed militants launched drones at the Rumalyn Landing Zone in Syria on March 6, 2024.")
    strike = ("U.S. jets struck militia depots in al-Qaim, Iraq, on March 11, 2024, "
              "in response to last week's drone attacks in Syria.")
    assert _strike_links(tmp_path, "tie", strike, "2024-03-12", [TANF, rumalyn]) == []
    # The clause names one of them: that one.
    named = strike.replace("in Syria", "on the Rumalyn Landing Zone")
    assert _strike_links(tmp_path, "tie-broken", named, "2024-03-12", [TANF, rumalyn]) == [{"doc-rumalyn-drone"}]


def test_a_named_group_is_the_event_s_attacker_over_the_theatre_s_generic_one(tmp_path):
    # The generic names are the knowledge base's (theatre.yaml generic_actors), whichever report came first.
    generic = ("doc-generic", "2024-03-06", "Iran-backed militias fired rockets at Ain al-Asad Air Base on March 5, 2024.")
    named = ("doc-named", "2024-03-07", "Kataib Hezbollah fired rockets at Ain al-Asad Air Base on March 5, 2024.")
    (event,) = _ingest(tmp_path, "named", [generic], [named])
    assert event["actor1"] == "Kataib Hezbollah" and _docs(event) == {"doc-generic", "doc-named"}


def test_an_attack_recalled_by_its_month_joins_no_day_s_strikes_told_only_by_country(tmp_path):
    """'since February, when a U.S. strike in Baghdad killed a commander' (month precision, a city) and 'U.S.
    jets struck militia sites in Iraq on Feb. 2' (a day, the country alone): nothing says they are one attack.
    The same month's attack at the same place is still one."""
    wave = ("doc-wave", "2024-02-03", "U.S. jets struck militia sites in Iraq on Feb. 2, 2024, officials said.")
    recalled = ("doc-recalled", "2024-08-06", "It was the first attack on U.S. troops since February, when a U.S. "
                "strike in Baghdad killed a commander of Kataib Hezbollah.")
    events = _ingest(tmp_path, "month-country", [wave, recalled])
    assert sorted((e["location"], e["date_precision"]) for e in events) == [("Baghdad", "month"), ("Iraq", "day")]
    same = ("doc-same", "2024-02-08", "A U.S. drone strike in Baghdad killed a commander of Kataib Hezbollah on "
            "Feb. 7, 2024.")
    events = _ingest(tmp_path, "month-same-place", [same, recalled])
    assert [(e["location"], e["date"], len(e["sources"])) for e in events] == [("Baghdad", "2024-02-07", 2)]


SEA_DATED = ("doc-sea-dated", "2024-04-04",
             "Houthi forces fired drones and an anti-ship missile at USS Mason in the Red Sea on April 3, 2024, "
             "the Pentagon said.")
SEA_UNDATED = ("doc-sea-undated", None,
               "On April 3, the Houthis launched drones at USS Mason in the southern Red Sea, officials said.")
SEA_GULF = ("doc-sea-gulf", None,
            "On April 3, the Houthis launched drones at USS Mason in the Gulf of Aden, officials said.")


def test_an_undated_report_in_a_part_of_a_sea_joins_the_dated_attack_in_that_sea_and_places_it_there(tmp_path):
    """The southern Red Sea lies within the Red Sea (places.csv `within`): the two agree as a country and a
    site in it do, though their generic points are far apart, and the more precise area is the event's."""
    for order in ([SEA_DATED, SEA_UNDATED], [SEA_UNDATED, SEA_DATED]):
        events = _ingest(tmp_path, f"sea-{order[0][0]}", order)
        assert len(events) == 1 and _docs(events[0]) == {"doc-sea-dated", "doc-sea-undated"}
        assert (events[0]["date"], events[0]["location"]) == ("2024-04-03", "Southern Red Sea")


def test_an_undated_report_in_another_sea_stays_apart_from_the_dated_attack(tmp_path):
    events = _ingest(tmp_path, "sea-gulf", [SEA_DATED, SEA_GULF])
    assert len(events) == 2


@pytest.mark.parametrize("area, attacks", [("the northern Red Sea", 2), ("the Red Sea", 1)])
def test_attacks_at_sea_told_for_two_days_are_two_attacks_but_a_base_s_night_attack_is_one(tmp_path, area, attacks):
    """An area and a part of it agree as places, but on two days they are two attacks ('in the Red Sea' on
    Friday, 'in the northern Red Sea' on Saturday); one area told by two days is one night's attack, as one
    night's rockets at a base told by the day each report gives are."""
    friday = ("doc-fri", "2024-06-01", "Houthi forces fired missiles at a US warship in the Red Sea on "
              "May 31, 2024, the group said.")
    saturday = ("doc-sat", "2024-06-02", f"Houthi forces said they fired drones at a US warship in {area} "
                "on June 1, 2024.")
    assert len(_ingest(tmp_path, "sea-two-days", [friday, saturday])) == attacks
    night = ("doc-night", "2024-03-06", "Iran-backed militants fired rockets at Ain al-Asad Air Base in Iraq "
             "late on March 4, 2024, a U.S. official said.")
    assert len(_ingest(tmp_path, "base-night", [DATED, night])) == 1


def test_a_fight_turned_on_the_helicopters_stays_apart_from_the_attack_on_the_ship(tmp_path):
    # resolve._turned_apart (leads.turned_on) and links._best_answers (one on the answer's own side): invented
    # text. The skiffs' fire on the helicopters is its own attack, not part of the attack on the carrier of the
    # same hour and sea, and the helicopters' return fire answers the fire on them.
    text = ("On Sunday, March 3, a bulk carrier in the Gulf of Aden radioed that it was under attack by Houthi "
            "skiffs. Navy helicopters from a nearby destroyer arrived within minutes. The skiffs fired on the US "
            "helicopters with machine guns. The US helicopters returned fire in self-defense, sinking two of the "
            "skiffs.")
    events = _ingest(tmp_path, "turned", [("doc-fight", "2030-03-04", text)])
    sides = {(e["actor1_affiliation"], e["actor2_affiliation"]): e for e in events}
    assert set(sides) == {("IR", None), ("IR", "US"), ("US", "IR")}
    assert all(e["date"] == "2030-03-03" and e["sea_area"] == "Gulf of Aden" for e in events)
    assert sides[("US", "IR")]["responds_to"] == [sides[("IR", "US")]["id"]]
