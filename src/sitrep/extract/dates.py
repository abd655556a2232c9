"""Find time expressions in a sentence and resolve them to a date with a precision.

Explicit dates ("June 27, 2021", "8 January 2020", "Jan. 20") are read with
dateutil; relative ones ("late Monday night", "yesterday", "this past Sunday")
are resolved against the article's reference date. A year-less date with no
publication or URL date is left `unknown`, never guessed.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import takewhile

from dateutil import parser as dateparser

from ..rules import Rulebook

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# The date rules of the rulebook (`data/rules/dates.yaml`), in the order they are tried: a later kind never
# takes text an earlier one matched.
KINDS = ("iso", "mdy", "dmy", "month_year", "month_part", "weekday", "relative", "year")


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str
    kind: str
    reporting: bool = False  # the date of a statement ("officials said Monday"), not of the event
    time_of_day: str | None = None


def find_times(sentence: str, reference: dt.date | None, rules: Rulebook) -> list[TimeExpression]:
    """Every time expression of a sentence, left to right, resolved against `reference`."""
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    reporting = rules.regex("date.reporting")
    for kind in KINDS:
        for m in rules.regex(f"date.{kind}").finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            expr = _resolve(kind, m, sentence, reference, reporting)
            if expr is not None:
                found.append(expr)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t.start)
    return _share_years(found, sentence, rules)


def _resolve(kind: str, m: re.Match, sentence: str, ref: dt.date | None,
             reporting_verb: re.Pattern) -> TimeExpression | None:
    text = m.group(0)
    # The reporting verb ends at most 25 characters before the date: search only there, not the whole prefix.
    reporting = bool(reporting_verb.search(sentence, max(0, m.start() - 45), m.start()))
    part = _time_of_day(text)
    if kind == "iso":
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            return None  # "2024-02-30" names no day: not a date
        return TimeExpression(m.start(), m.end(), text, date, "day", kind, reporting)
    if kind in ("mdy", "dmy"):
        month_text, day_text = (m.group(1), m.group(2)) if kind == "mdy" else (m.group(2), m.group(1))
        year = m.group(3)
        date, precision = _month_day(month_text, day_text, year, ref)
        if date is None and precision != "unknown":
            return None
        return TimeExpression(m.start(), m.end(), text, date, precision, kind, reporting, part)
    if kind == "month_year":
        month = MONTHS[m.group(2).lower().rstrip(".")]
        return TimeExpression(m.start(), m.end(), text, dt.date(int(m.group(3)), month, 1), "month", kind, reporting)
    if kind == "month_part":
        month = MONTHS[m.group(2).lower().rstrip(".")]
        date = _year_for(month, 1, ref)
        return TimeExpression(m.start(), m.end(), text, date, "month" if date else "unknown", kind, reporting)
    if kind == "weekday":
        return _weekday(m, ref, reporting, part)
    if kind == "relative":
        return _relative(m, ref, reporting)
    if kind == "year":
        return TimeExpression(m.start(), m.end(), text, dt.date(int(m.group(1)), 1, 1), "year", kind, reporting)
    return None


def _month_day(month_text: str, day_text: str, year: str | None, ref: dt.date | None):
    month = MONTHS.get(month_text.lower().rstrip("."))
    day = int("".join(takewhile(str.isdecimal, day_text)))  # "27th" -> 27
    if month is None:
        return None, "none"
    if year:
        try:
            return dateparser.parse(f"{year}-{month:02d}-{day:02d}").date(), "day"
        except (ValueError, OverflowError):
            return None, "none"
    date = _year_for(month, day, ref)
    return (date, "day") if date else (None, "unknown")


def _year_for(month: int, day: int, ref: dt.date | None) -> dt.date | None:
    """A year-less date is the latest such date not after the reference date."""
    if ref is None:
        return None
    try:
        date = dt.date(ref.year, month, day)
        if date > ref and (date - ref).days > 2:
            date = date.replace(year=ref.year - 1)
    except ValueError:
        return None  # Feb. 29 in a year without one, or a year before 1
    return date


def _shift(ref: dt.date, days: int) -> dt.date | None:
    """`ref` minus `days`, or None when that falls outside the calendar (a reference date of 0001-01-01)."""
    try:
        return ref - dt.timedelta(days=days)
    except OverflowError:
        return None


def _weekday(m: re.Match, ref: dt.date | None, reporting: bool, part: str | None) -> TimeExpression:
    text = m.group(0)
    if ref is None:
        return TimeExpression(m.start(), m.end(), text, None, "unknown", "weekday", reporting, part)
    target = WEEKDAYS.index(m.group(2).lower())
    delta = (ref.weekday() - target) % 7
    modifiers = (m.group(1) or "").lower()
    if delta == 0 and ("last" in modifiers or "past" in modifiers):
        delta = 7
    date = _shift(ref, delta)
    return TimeExpression(m.start(), m.end(), text, date, "day" if date else "unknown", "weekday", reporting, part)


def _relative(m: re.Match, ref: dt.date | None, reporting: bool) -> TimeExpression | None:
    text = m.group(0)
    word = " ".join(text.lower().split())
    if ref is None:
        return None  # "today" in an undated text dates nothing
    if word in ("yesterday", "last night", "last week", "last month") and _shift(ref, 31) is None:
        return None  # a reference date in the calendar's first month: the day before may not exist
    if word in ("yesterday", "last night"):
        return TimeExpression(m.start(), m.end(), text, ref - dt.timedelta(days=1), "day", "relative", reporting,
                              "night" if "night" in word else None)
    if word in ("last week",):
        return TimeExpression(m.start(), m.end(), text, ref - dt.timedelta(days=7), "week", "relative", reporting)
    if word in ("this week",):
        return TimeExpression(m.start(), m.end(), text, ref, "week", "relative", reporting)
    if word == "last month":
        prev = (ref.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
        return TimeExpression(m.start(), m.end(), text, prev, "month", "relative", reporting)
    if word == "earlier this month":
        return TimeExpression(m.start(), m.end(), text, ref.replace(day=1), "month", "relative", reporting)
    return TimeExpression(m.start(), m.end(), text, ref, "day", "relative", reporting, _time_of_day(text))


def _share_years(found: list[TimeExpression], sentence: str, rules: Rulebook) -> list[TimeExpression]:
    """'April 4, April 18, and May 3, 2021': the year closing a list of dates applies to all of it."""
    out = list(found)
    has_year, gap = rules.regex("date.has_year"), rules.regex("date.list_gap")
    for i, expr in enumerate(out):
        if expr.kind not in ("mdy", "dmy") or has_year.search(expr.text):
            continue
        for later in out[i + 1:]:
            if later.start - expr.end > 60:
                break
            if later.kind in ("mdy", "dmy") and later.date and has_year.search(later.text):
                if gap.fullmatch(sentence[expr.end:later.start]):
                    month = MONTHS[rules.regex("date.month_name").search(expr.text).group(0).lower().rstrip(".")]
                    day = int(rules.regex("date.day_of_month").search(expr.text).group(1))
                    try:
                        date = dt.date(later.date.year, month, day)
                    except ValueError:
                        break
                    out[i] = TimeExpression(expr.start, expr.end, expr.text, date, "day", expr.kind,
                                            expr.reporting, expr.time_of_day)
                break
    return out


def _time_of_day(text: str) -> str | None:
    for part in ("morning", "afternoon", "evening", "night"):
        if part in text.lower():
            return part
    return None


def parse_clock_time(sentence: str, rules: Rulebook) -> str | None:
    """'around 22:30 local time', 'approximately 6:30 p.m.' -> 'HH:MM'."""
    m = rules.regex("date.clock").search(sentence)
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2)), (m.group(3) or "").lower()
    if half.startswith("p") and hour < 12:
        hour += 12
    if half.startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def find_reference_date(published: dt.date | None, url: str | None, text: str, rules: Rulebook):
    """The date relative expressions are resolved against, and where it came from."""
    if published:
        return published, "published"
    if url:
        m = rules.regex("date.url").search(url)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "url"
            except ValueError:
                pass
    latest = None
    for m in rules.regex("date.mdy").finditer(text):
        if m.group(3):
            date, _ = _month_day(m.group(1), m.group(2), m.group(3), None)
            if date and (latest is None or date > latest):
                latest = date
    return (latest, "text") if latest else (None, "none")
