"""The document time model: the reference date an article's year-less and relative dates are read against.

In: the publication date, the URL and the cleaned text. Out: a `Reference` (date, source, precision and
the rule that found it), from the first source that gives one: the publication date, a byline line, a
dateline with a year, the URL, the latest full date the text states.
"""
from __future__ import annotations

import datetime as dt

from ..rules import Rulebook
from .dates import Reference, find_times

# URL forms with a day, most specific first; each rule's groups are year, month, day.
URL_DAY_RULES = ("reference.url", "reference.url_mmdd", "reference.url_compact", "reference.url_slug")
# Milliseconds since 1970 are read as a date only in this range: a longer id can look like one.
MILLIS_YEARS = (2015, 2030)


def find_reference(published: dt.date | None, url: str | None, text: str, rules: Rulebook) -> Reference | None:
    """The article's reference, or None when nothing in it gives a date."""
    if published:
        return Reference(published, "published", "day")
    found = (_stated_line(text, "reference.byline", "byline", rules)
             or _stated_line(text, "reference.dateline", "dateline", rules)
             or (_url_date(url, rules) if url else None)
             or _latest_stated(text, rules))
    if found is not None and found.day is None:
        return _dateline_day(text, found, rules) or found
    return found


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
    return Reference(days[0], "dateline", "day", "reference.dateline") if days else None


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
    dates = [d for d in (_full_date(m.group(0), rules) for m in rules.regex("reference.text").finditer(text)) if d]
    return Reference(max(dates), "text", "year", "reference.text") if dates else None
