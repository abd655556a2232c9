"""The document time model: an undated text's reference date, from each source, through the real pipeline
(texts and URLs are our own)."""
from __future__ import annotations

import datetime as dt

import pytest

import sitrep
from sitrep.extract.dates import Reference, find_times
from sitrep.extract.doctime import find_reference, solar_hijri_date

ATTACK = "Militants fired rockets at Erbil Air Base in Iraq {when}, wounding two American contractors."


def dated(text, kb, url=None, published=None):
    events = sitrep.extract_events(text, published=published, url=url, kb=kb)
    assert len(events) == 1, [(e.date, e.location) for e in events]
    return events[0]


@pytest.mark.parametrize("byline", [
    "Published Feb. 4, 2022",
    "Updated 10:15 GMT, 4 February 2022",
    "Feb 4, 2022 — staff report",
    "4 February 2022 | 3 min read",
    "Northern Desk | Friday, 4 February 2022",
    "date 2022-02-04",
])
def test_a_byline_line_dates_an_undated_text_to_the_day(byline, kb):
    e = dated(f"Rockets at the airport\n{byline}\n\n" + ATTACK.format(when="on Wednesday"), kb)
    assert (e.date, e.date_precision) == (dt.date(2022, 2, 2), "day")
    assert "reference.byline" in e.mentions[0].evidence.rule_ids


def test_a_dateline_with_a_year_dates_an_undated_text(kb):
    e = dated("KIRKUK, Iraq, June 3, 2021 (AP) - " + ATTACK.format(when="late Tuesday"), kb)
    assert e.date == dt.date(2021, 6, 1) and e.location == "Erbil Air Base"
    assert "reference.dateline" in e.mentions[0].evidence.rule_ids


@pytest.mark.parametrize("url, rule_id", [
    ("https://news.example/2024/01/10/rockets-hit-base", "reference.url"),
    ("https://news.example/world/2024/0110/c1-77.html", "reference.url_mmdd"),
    ("https://news.example/amp/20240110/rockets", "reference.url_compact"),
    ("https://news.example/iraq/rockets-hit-base-20240110.html", "reference.url_compact"),
    ("https://news.example/iraq/rockets-hit-base-2024-01-10", "reference.url_slug"),
    ("https://news.example/a/202401/10/WS65a1.html", "reference.url_yyyymm_dd"),
])
def test_each_url_form_gives_the_day_of_writing(url, rule_id, kb):
    e = dated(ATTACK.format(when="on Tuesday"), kb, url=url)
    assert (e.date, e.date_precision) == (dt.date(2024, 1, 9), "day")
    assert rule_id in e.mentions[0].evidence.rule_ids


def test_a_millisecond_timestamp_in_the_url_dates_the_text_only_when_plausible(kb):
    e = dated(ATTACK.format(when="on Thursday"), kb, url="https://news.example/world/rockets-101712345678901.html")
    assert e.date == dt.date(2024, 4, 4)  # the stamp is Friday 2024-04-05 (UTC)
    assert "reference.url_millis" in e.mentions[0].evidence.rule_ids
    assert find_reference(None, "https://news.example/a/1400000000000", "", kb.rules) is None  # 2014


def test_a_year_and_month_url_gives_a_year_not_a_day(kb):
    e = dated(ATTACK.format(when="on Aug. 5"), kb, url="https://news.example/2024/08/8-contractors-hurt")
    assert e.date == dt.date(2024, 8, 5)
    # A weekday needs the day of writing, which a month does not give.
    events = sitrep.extract_events(ATTACK.format(when="on Tuesday"), url="https://news.example/2024/08/x", kb=kb)
    assert all(ev.date is None for ev in events)


def test_the_latest_full_date_in_the_text_gives_the_year_nearest_it(kb):
    text = ("The coalition announced a drawdown of its forces on 20 December 2023.\n\n"
            + ATTACK.format(when="on Jan. 4"))
    e = dated(text, kb)
    assert e.date == dt.date(2024, 1, 4)  # after the stated date, across the year's end
    assert "reference.text" in e.mentions[0].evidence.rule_ids


def test_a_weekday_does_not_count_from_a_date_the_text_states(kb):
    text = ("The coalition announced a drawdown of its forces on 20 December 2023.\n\n"
            + ATTACK.format(when="on Thursday"))
    assert all(e.date is None for e in sitrep.extract_events(text, kb=kb))


def test_a_year_less_date_is_the_latest_before_the_day_of_writing_across_the_year_end(kb):
    e = dated(ATTACK.format(when="on Dec. 30"), kb, published="2024-01-02")
    assert e.date == dt.date(2023, 12, 30)
    # Two days of slack (time zones, a late date) and no more: Jan. 1 written on Dec. 28 is the January before.
    [t] = find_times("on Jan. 1", Reference(dt.date(2023, 12, 28), "url", "day", "reference.url"), kb.rules)
    assert t.date == dt.date(2023, 1, 1) and t.year_from == "reference.url"


def test_the_publication_date_comes_first_and_names_no_rule(kb):
    ref = find_reference(dt.date(2024, 3, 1), "https://news.example/2023/05/06/x", "Published Feb. 4, 2022", kb.rules)
    assert ref == Reference(dt.date(2024, 3, 1), "published", "day", None)


@pytest.mark.parametrize("phrase, published, expected, time", [
    ("over the weekend", "2024-07-08", dt.date(2024, 7, 6), None),    # written on a Monday
    ("last weekend", "2024-07-07", dt.date(2024, 6, 29), None),       # written on a Sunday: the one before
    ("last Thursday", "2024-07-08", dt.date(2024, 7, 4), None),
    ("earlier this evening", "2024-07-08", dt.date(2024, 7, 8), "evening"),
    ("on the night of 5-6 July", "2024-07-08", dt.date(2024, 7, 5), "night"),
    ("on the night of July 5-6", "2024-07-08", dt.date(2024, 7, 5), "night"),
    ("in the early hours of Sunday", "2024-07-08", dt.date(2024, 7, 7), "night"),
    ("at dawn", "2024-07-08", dt.date(2024, 7, 8), "morning"),
    ("shortly before dawn", "2024-07-08", dt.date(2024, 7, 8), "morning"),
    ("at daybreak", "2024-07-08", dt.date(2024, 7, 8), "morning"),
])
def test_relative_phrases_count_from_the_day_of_writing(phrase, published, expected, time, kb):
    e = dated(ATTACK.format(when=phrase), kb, published=published)
    assert (e.date, e.time) == (expected, time)


@pytest.mark.parametrize("published, expected, alternatives", [
    ("2024-07-08", dt.date(2024, 7, 6), [dt.date(2024, 7, 7)]),  # written on a Monday: either day of it
    ("2024-07-06", dt.date(2024, 7, 6), []),                     # written on the Saturday: Sunday is still to come
])
def test_over_the_weekend_is_its_saturday_or_its_sunday(published, expected, alternatives, kb):
    e = dated(ATTACK.format(when="over the weekend"), kb, published=published)
    assert (e.date, e.date_alternatives) == (expected, alternatives)


def test_a_year_less_date_half_a_year_from_every_stated_date_stays_unknown(kb):
    text = ("Missiles struck the airfield on 8 January 2020.\n\n"
            "Analysts recall the July 16 drone attack on Erbil Air Base in Iraq, which wounded no one.")
    assert all(e.date is None for e in sitrep.extract_events(text, kb=kb) if e.location == "Erbil Air Base")


@pytest.mark.parametrize("clock, expected, alternatives", [
    ("at 9:30 p.m. ET on Tuesday", dt.date(2024, 1, 10), [dt.date(2024, 1, 9)]),       # 05:30 Wednesday, UTC+3
    ("around 4 p.m. Washington time on Tuesday", dt.date(2024, 1, 10), [dt.date(2024, 1, 9)]),  # EST: midnight
    ("around 3 p.m. Washington time on Tuesday", dt.date(2024, 1, 9), []),
    ("at 9:30 p.m. local time on Tuesday", dt.date(2024, 1, 9), []),
])
def test_a_washington_evening_is_the_next_day_in_the_gulf(clock, expected, alternatives, kb):
    e = dated(ATTACK.format(when=clock), kb, published="2024-01-10")
    assert (e.date, e.date_alternatives) == (expected, alternatives)
    assert e.mentions[0].date_alternatives == alternatives


def test_us_daylight_time_moves_the_hour_of_the_gulf_midnight(kb):
    # In July Washington is UTC-4: 4 p.m. there is 11 p.m. in the Gulf, 5 p.m. is the next day.
    assert dated(ATTACK.format(when="at 4 p.m. ET on July 9"), kb, published="2024-07-12").date == dt.date(2024, 7, 9)
    assert dated(ATTACK.format(when="at 5 p.m. ET on July 9"), kb, published="2024-07-12").date == dt.date(2024, 7, 10)


def test_a_year_less_dateline_gives_the_day_its_year_from_the_url(kb):
    text = "BAGHDAD, Jan. 9 (Reuters) - " + ATTACK.format(when="late Monday")
    e = dated(text, kb, url="https://news.example/2024/01/rockets-hit-base")
    assert (e.date, e.location) == (dt.date(2024, 1, 8), "Erbil Air Base")
    assert "reference.dateline" in e.mentions[0].evidence.rule_ids
    # With nothing to give it a year, the dateline dates nothing.
    assert all(ev.date is None for ev in sitrep.extract_events(text, kb=kb))


@pytest.mark.parametrize("byline, expected", [
    ("Published 09.11.23, 11:05 AM", dt.date(2023, 11, 8)),   # dotted: day first; '23' is 2023
    ("Updated: 11/16/2023 10:02", dt.date(2023, 11, 15)),     # 16 can only be the day
    ("Posted on 05.04.2025", dt.date(2025, 4, 2)),            # dotted figures up to 12: still day first
    ("2023/11/23 | 08:40 - Source: Desk", dt.date(2023, 11, 22)),
])
def test_a_byline_in_figures_dates_an_undated_text(byline, expected, kb):
    e = dated(f"Rockets at the airport\n{byline}\n\n" + ATTACK.format(when="on Wednesday"), kb)
    assert (e.date, e.date_precision) == (expected, "day")
    assert "reference.byline_numeric" in e.mentions[0].evidence.rule_ids


def test_two_slashed_figures_up_to_twelve_are_not_read(kb):
    # 04/05/2025 is April 5 in the US and 4 May elsewhere: the weekday is left undated, not guessed.
    text = "Rockets at the airport\nPublished 04/05/2025\n\n" + ATTACK.format(when="on Wednesday")
    assert all(e.date is None for e in sitrep.extract_events(text, kb=kb))


def test_a_caption_release_day_dates_an_undated_text(kb):
    text = ("Smoke over the camp, seen in a screenshot of a video released on May 9, 2024 by the ministry.\n\n"
            + ATTACK.format(when="late Wednesday"))
    e = dated(text, kb)
    assert (e.date, e.date_precision) == (dt.date(2024, 5, 8), "day")
    assert "reference.caption" in e.mentions[0].evidence.rule_ids


@pytest.mark.parametrize("caption", [
    "In this file photo taken on May 9, 2024, a convoy leaves the base.",
    # A picture released before a date the text states is an archive picture, not the day of writing.
    "A view of the base in an image released on May 9, 2024. The ministry spoke on 20 June 2024.",
])
def test_an_archive_caption_gives_no_day(caption, kb):
    events = sitrep.extract_events(caption + "\n\n" + ATTACK.format(when="late Wednesday"), kb=kb)
    assert all(e.date is None for e in events)


@pytest.mark.parametrize("heading", ["# Morning briefing · 2026-03-02", "# 每日新闻 · 2026年3月2日"])
def test_a_digest_heading_dated_after_a_dot_gives_the_day(heading, kb):
    e = dated(f"{heading}\n\n" + ATTACK.format(when="on Sunday"), kb)
    assert (e.date, e.date_precision) == (dt.date(2026, 3, 1), "day")
    assert "reference.byline" in e.mentions[0].evidence.rule_ids


def test_a_cjk_date_is_read_with_and_without_its_year(kb):
    [full] = find_times("美军于2026年3月2日发动袭击", None, kb.rules)
    assert (full.date, full.precision, full.kind) == (dt.date(2026, 3, 2), "day", "cjk")
    [short] = find_times("3月1日凌晨", Reference(dt.date(2026, 3, 2), "byline", "day", "reference.byline"), kb.rules)
    assert (short.date, short.year_from) == (dt.date(2026, 3, 1), "reference.byline")
    assert find_times("13月2日", None, kb.rules) == []


def test_a_named_operation_gives_its_year_to_year_less_dates_but_not_a_day(kb):
    text = ("Operation Midnight Hammer was the talk of the bases.\n\n" + ATTACK.format(when="on June 27"))
    [e] = [ev for ev in sitrep.extract_events(text, kb=kb) if ev.location == "Erbil Air Base"]
    assert e.date == dt.date(2025, 6, 27)
    assert "landmark.midnight-hammer" in e.mentions[0].evidence.rule_ids
    weekday = "Operation Midnight Hammer was the talk of the bases.\n\n" + ATTACK.format(when="on Friday")
    assert all(ev.date is None for ev in sitrep.extract_events(weekday, kb=kb) if ev.location == "Erbil Air Base")


def test_a_month_and_year_gives_the_year_when_no_full_date_is_stated(kb):
    text = ("Nov. 2023: Talks on a truce stalled at the ministry.\n\n" + ATTACK.format(when="on Jan. 4"))
    e = dated(text, kb)
    assert e.date == dt.date(2024, 1, 4)  # the Jan. 4 nearest November 2023
    assert "reference.text_month" in e.mentions[0].evidence.rule_ids
    # Half a year from the month named, a year-less date stays unknown; a weekday never counts from it.
    far = "Nov. 2023: Talks on a truce stalled at the ministry.\n\n" + ATTACK.format(when="on June 4")
    assert all(ev.date is None for ev in sitrep.extract_events(far, kb=kb))


def test_a_live_page_stamp_gives_the_day_its_year_from_the_url(kb):
    text = ("Live: strikes across the region\n09:10 GMT, 2 March\n" + ATTACK.format(when="yesterday")
            + "\n18:45 GMT, 1 March\nSirens sounded again.")
    e = dated(text, kb, url="https://news.example/2026/03/live-region")
    assert (e.date, e.date_precision) == (dt.date(2026, 3, 1), "day")  # from the latest stamp, 2 March
    assert "reference.stamp" in e.mentions[0].evidence.rule_ids
    # Without a year from anywhere a stamp dates nothing.
    assert all(ev.date is None for ev in sitrep.extract_events(text, kb=kb))


def test_a_fars_story_code_gives_the_solar_hijri_day_of_filing(kb):
    # 15 Mehr 1402 is Saturday 7 October 2023.
    e = dated(ATTACK.format(when="on Friday") + "\nAS/FNA14020715000321", kb)
    assert (e.date, e.date_precision) == (dt.date(2023, 10, 6), "day")
    assert "reference.fars_code" in e.mentions[0].evidence.rule_ids


@pytest.mark.parametrize("hijri, expected", [
    ((1399, 1, 1), dt.date(2020, 3, 20)),     # a Nowruz after a leap February
    ((1403, 12, 30), dt.date(2025, 3, 20)),   # the leap day of a leap year
    ((1402, 10, 10), dt.date(2023, 12, 31)),
    ((1402, 12, 30), None),                   # 1402 is not leap
    ((1400, 7, 31), None),                    # the second half's months have 30 days
])
def test_solar_hijri_dates_convert(hijri, expected):
    assert solar_hijri_date(*hijri) == expected


def test_a_caption_outside_the_month_of_the_url_gives_no_day(kb):
    text = ("Smoke over the camp, seen in a screenshot of a video released on May 9, 2024 by the ministry.\n\n"
            + ATTACK.format(when="late Wednesday"))
    assert all(e.date is None for e in sitrep.extract_events(text, url="https://news.example/2024/06/x", kb=kb))
    e = dated(text, kb, url="https://news.example/2024/05/x")
    assert e.date == dt.date(2024, 5, 8)


@pytest.mark.parametrize("text, expected, part", [
    ("美军周二打击目标", dt.date(2026, 9, 1), None),       # written on Wednesday 2 September
    ("星期三晚无人机来袭", dt.date(2026, 9, 2), "night"),
    ("礼拜天凌晨基地遭袭", dt.date(2026, 8, 30), "night"),
    ("无人机昨晚袭击基地", dt.date(2026, 9, 1), "night"),
    ("今晨火箭弹落在机场附近", dt.date(2026, 9, 2), "morning"),
    ("前天车队遭伏击", dt.date(2026, 8, 31), None),
])
def test_a_chinese_weekday_or_relative_day_counts_back_from_the_day_of_writing(text, expected, part, kb):
    t = find_times(text, dt.date(2026, 9, 2), kb.rules)[0]
    assert (t.date, t.precision, t.time_of_day) == (expected, "day", part)


@pytest.mark.parametrize("caption", [
    "The destroyer sails with a frigate in the Baltic Sea, May 16, 2022. (U.S. Navy photo by a petty officer)",
    "In this June 13, 2016 file photo, a carrier transits the strait.",
])
def test_a_stock_pictures_date_does_not_give_an_undated_text_its_year(caption, kb):
    # The caption dates the picture, not the report: the year-less date stays unknown.
    assert find_reference(None, None, caption + "\n" + ATTACK.format(when="on Jan. 4"), kb.rules) is None
    # A date the report itself states still gives the year.
    stated = caption + "\nTalks resumed on 2 December 2023.\n" + ATTACK.format(when="on Jan. 4")
    assert find_reference(None, None, stated, kb.rules).date.year == 2023
