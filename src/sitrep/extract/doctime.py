"""The document time model: the reference date an article's year-less and relative dates are read against.

In: the publication date, the URL, the cleaned text and the knowledge base's operations. Out: a `Reference`
(date, source, precision and the rule that found it), from the first source that gives one: the publication
date, a byline line (in words or figures) or a Fars story code, a dateline with a year, the URL; then, under
a coarser year, a year-less dateline or live-page stamp, a caption's release day; last the year of the latest
full date (or month and year) the text states, or of an operation it names.
"""
from __future__ import annotations

import datetime as dt

from ..kb import KnowledgeBase, Landmark
from ..rules import Rulebook
from .dates import Reference, find_times, month_day

# URL forms with a day, most specific first; each rule's groups are year, month, day.
URL_DAY_RULES = ("reference.url", "reference.url_mmdd", "reference.url_yyyymm_dd", "reference.url_compact",
                 "reference.url_slug")
# Milliseconds since 1970 are read as a date only in this range: a longer id can look like one.
MILLIS_YEARS = (2015, 2030)


def find_reference(published: dt.date | None, url: str | None, text: str, rules: Rulebook,
                   named: Reference | None = None) -> Reference | None:
    """The article's reference, or None when nothing in it gives a date. `named` is the year the knowledge
    base knows for what the text names (`operation_reference`), the last resort."""
    if published:
        return Reference(published, "published", "day")
    found = (_stated_line(text, "reference.byline", "byline", rules)
             or _numeric_byline(text, rules)
             or _fars_code(text, rules)
             or _stated_line(text, "reference.dateline", "dateline", rules)
             or (_url_date(url, rules) if url else None))
    if found is not None and found.day is not None:
        return found
    coarse = found or _latest_stated(text, rules) or named
    return ((_dateline_day(text, coarse, rules) or _stamp_day(text, coarse, rules) if coarse else None)
            or _caption_day(text, found, rules) or coarse)


def operation_reference(text: str, kb: KnowledgeBase) -> Reference | None:
    """A text naming Operation Midnight Hammer is of that operation's year: its year-less dates near the
    operation's day take that year, and its weekdays stay unread (the day of writing is not known). The
    latest of several operations named: a text is written after what it names."""
    named = [m.entry for m in kb.operation_matcher.find(text) if _within_a_year(m.entry)]
    if not named:
        return None
    latest = max(named, key=lambda landmark: landmark.date)
    return Reference(latest.date, "operation", "year", f"landmark.{latest.id}")


def _within_a_year(landmark: Landmark) -> bool:
    """A one-night operation, or a campaign not known to run past its first year. A campaign with no known
    end is kept: a year-precision reference only dates what lies within a season of its first day. A mission
    (a naval escort of years) is not: its name tells nothing of when a report was written."""
    if landmark.kind == "campaign":
        return landmark.date_end is None or landmark.date_end.year == landmark.date.year
    return landmark.kind == "operation"


def _numeric_byline(text: str, rules: Rulebook) -> Reference | None:
    """'Published 27.02.24', 'Updated: 03/21/2024', '2023/11/02 | 08:40': a byline in figures."""
    for m in rules.regex("reference.byline_numeric").finditer(text):
        if m.group(5):  # year first: always year, month, day
            date = _date(int(m.group(5)), int(m.group(7)), int(m.group(8)))
        else:
            date = _day_first(int(m.group(1)), int(m.group(3)), m.group(2), m.group(4))
        if date:
            return Reference(date, "byline", "day", "reference.byline_numeric")
    return None


def _day_first(first: int, second: int, separator: str, year_text: str) -> dt.date | None:
    """A figure over 12 is the day, whichever side it is on. Two figures up to 12 are read day first only
    with dots: the US writes 04/05/2024 for April 5 and most others for 4 May, and nothing on the line says
    which; dotted dates are written day first."""
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)  # '25' in a byline of this century
    if first > 12:
        return _date(year, second, first)
    if second > 12 or separator != ".":
        return _date(year, first, second) if second > 12 else None
    return _date(year, second, first)


def _caption_day(text: str, coarse: Reference | None, rules: Rulebook) -> Reference | None:
    """A caption's release or taken day, within a day or so of the report, is its day of writing when nothing
    better gives one; it must fall within what a URL or line gave (`coarse`) and not before any full date the
    text states, or the picture is an archive one."""
    latest = _latest_stated(text, rules)
    for m in rules.regex("reference.caption").finditer(text):
        date = _full_date(m.group(1), rules)
        if date and (latest is None or date >= latest.date) and _inside(date, coarse):
            return Reference(date, "caption", "day", "reference.caption")
    return None


def _inside(date: dt.date, coarse: Reference | None) -> bool:
    """Within the month a URL gave: the only source coarser than a day a caption is weighed against."""
    return coarse is None or (date.year, date.month) == (coarse.date.year, coarse.date.month)


def _stated_line(text: str, rule_id: str, source: str, rules: Rulebook) -> Reference | None:
    """The first line of its kind whose full date reads as a date."""
    for m in rules.regex(rule_id).finditer(text):
        date = _full_date(m.group(0), rules)
        if date:
            return Reference(date, source, "day", rule_id)
    return None


def _dateline_day(text: str, coarse: Reference, rules: Rulebook) -> Reference | None:
    """'BAGHDAD, Jan. 9 (Reuters) -' under a URL of January 2024: the filing day, its year from the URL."""
    m = rules.regex("reference.dateline").search(text)
    if not m:
        return None
    days = [t.date for t in find_times(m.group(0), coarse, rules) if t.date and t.precision == "day"]
    if not days and coarse.source == "text" and (after := _first_after(month_day(m.group(0)), coarse.date)):
        days = [after]
    return Reference(days[0], "dateline", "day", "reference.dateline") if days else None


def _first_after(said: tuple[int, int] | None, stated: dt.date) -> dt.date | None:
    """A year-less filing day under a text whose latest stated date is `stated`: a report is filed after
    what it tells ('vowed in November 2023' under 'Sanaa, June 2'), so the first such day after it."""
    if said is None:
        return None
    for year in (stated.year, stated.year + 1):
        day = _date(year, *said)
        if day is not None and day >= stated:
            return day
    return None


def _stamp_day(text: str, coarse: Reference, rules: Rulebook) -> Reference | None:
    """'10:32 GMT, 2 March' on a live page of 2026: the latest entry's day is the day of the last update."""
    days = [t.date for m in rules.regex("reference.stamp").finditer(text)
            for t in find_times(m.group(0), coarse, rules) if t.date and t.precision == "day"]
    return Reference(max(days), "byline", "day", "reference.stamp") if days else None


def _fars_code(text: str, rules: Rulebook) -> Reference | None:
    """'AS/FNA14020715000321': the Solar Hijri day of filing in a Fars News story code."""
    for m in rules.regex("reference.fars_code").finditer(text):
        date = solar_hijri_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if date:
            return Reference(date, "byline", "day", "reference.fars_code")
    return None


# 1 Farvardin 1400, the first day of a Solar Hijri year, was 21 March 2021; years are counted from it.
SOLAR_HIJRI_EPOCH = (1400, dt.date(2021, 3, 21))
SOLAR_HIJRI_YEARS = range(1370, 1431)  # 1991-2052: the arithmetic leap rule holds there


def solar_hijri_date(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian day of a Solar Hijri date: six months of 31 days, five of 30, the last of 29 or 30.
    A year is leap when (25 * year + 11) mod 33 < 8, the 33-year rule that matches the calendar here."""
    last = 31 if month <= 6 else 30 if month <= 11 else 29 + _solar_hijri_leap(year)
    if year not in SOLAR_HIJRI_YEARS or not 1 <= month <= 12 or not 1 <= day <= last:
        return None
    epoch_year, epoch = SOLAR_HIJRI_EPOCH
    years = sum(365 + _solar_hijri_leap(y) for y in range(min(year, epoch_year), max(year, epoch_year)))
    new_year = epoch + dt.timedelta(days=years if year >= epoch_year else -years)
    return new_year + dt.timedelta(days=31 * min(month - 1, 6) + 30 * max(month - 7, 0) + day - 1)


def _solar_hijri_leap(year: int) -> int:
    return int((25 * year + 11) % 33 < 8)


def _full_date(text: str, rules: Rulebook) -> dt.date | None:
    for m in rules.regex("reference.text").finditer(text):
        times = [t for t in find_times(m.group(0), None, rules) if t.date and t.precision == "day"]
        if times:
            return times[0].date
    return None


def _url_date(url: str, rules: Rulebook) -> Reference | None:
    for rule_id in URL_DAY_RULES:
        for m in rules.regex(rule_id).finditer(url):
            date = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if date:
                return Reference(date, "url", "day", rule_id)
    m = rules.regex("reference.url_millis").search(url)
    if m:
        moment = dt.datetime.fromtimestamp(int(m.group(1)) / 1000, tz=dt.timezone.utc)
        if MILLIS_YEARS[0] <= moment.year <= MILLIS_YEARS[1]:
            return Reference(moment.date(), "url", "day", "reference.url_millis")
    m = rules.regex("reference.url_month").search(url)
    if m:
        date = _date(int(m.group(1)), int(m.group(2)), 1)
        if date:
            return Reference(date, "url", "month", "reference.url_month")
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None  # "/2024/02/30/" names no day


def _latest_stated(text: str, rules: Rulebook) -> Reference | None:
    """The latest full date the text states: a text is written on or after it, so it gives the year only."""
    caption = rules.regex("reference.stock_caption")
    dates = [d for d in (_full_date(m.group(0), rules) for m in rules.regex("reference.text").finditer(text)
                         if not caption.search(_line_of(text, m.start()))) if d]
    return Reference(max(dates), "text", "year", "reference.text") if dates else _latest_month(text, rules)


def _line_of(text: str, at: int) -> str:
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:end if end != -1 else len(text)]


def _latest_month(text: str, rules: Rulebook) -> Reference | None:
    """With no full date, the latest month and year the text names ('Dec. 2023:'), by its first day."""
    months = [t.date for m in rules.regex("reference.text_month").finditer(text)
              for t in find_times(m.group(0), None, rules) if t.date and t.precision == "month"]
    return Reference(max(months), "text", "year", "reference.text_month") if months else None
