"""Find time expressions in a sentence and resolve them to a date with a precision.

Explicit dates ("June 27, 2021", "8 January 2020", "Jan. 20", "2026年3月2日") are read with
dateutil or from their figures; relative ones ("late Monday night", "yesterday", "this past Sunday")
are resolved against the article's reference (see `doctime`). A year-less date
with no reference is left `unknown`, never guessed; a weekday or relative phrase
counts only from a reference precise to the day.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from itertools import takewhile

from dateutil import parser as dateparser

from ..rules import Rulebook

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
# Days from the latest date a text states within which a year-less date takes that date's year.
STATED_YEAR_REACH = 120
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# The date rules of the rulebook (`data/rules/dates.yaml`), in the order they are tried: a later kind never
# takes text an earlier one matched.
KINDS = ("iso", "cjk", "mdy", "dmy_range", "dmy", "month_year", "month_part", "weekday", "cjk_weekday", "weekend",
         "relative", "cjk_relative", "year")


@dataclass(frozen=True)
class Reference:
    """The date a document's year-less and relative dates are read against, where it came from and how
    precise it is. Only a day precise reference (a publication date, byline, dateline, URL day or embedded
    post) dates weekdays and "yesterday"; one of month or year precision gives year-less dates a year."""

    date: dt.date
    source: str = "published"
    precision: str = "day"  # day, month (a URL with year and month: `date` is the month's first day) or year
    rule: str | None = None  # the rule that found it; None for a publication date given with the document

    @property
    def day(self) -> dt.date | None:
        """The day of writing, when the reference knows it."""
        return self.date if self.precision == "day" else None


def as_reference(ref: Reference | dt.date | None) -> Reference | None:
    """A bare date (a publication date, a post's date, another mention's day) is a day precise reference."""
    return Reference(ref) if isinstance(ref, dt.date) else ref


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
    year_from: str | None = None  # the rule that found the reference the date was completed from
    alternatives: tuple[dt.date, ...] = ()  # another day it may mean (the US day of a time in Washington)


def find_times(sentence: str, reference: Reference | dt.date | None, rules: Rulebook) -> list[TimeExpression]:
    """Every time expression of a sentence, left to right, resolved against `reference`."""
    return list(_times(sentence, as_reference(reference), rules))


# A sentence is read for its dates by the frame, the claims and the detail checks: each reading of one
# sentence against one reference is computed once (the values are frozen, so sharing them is safe).
@functools.lru_cache(maxsize=8192)
def _times(sentence: str, reference: Reference | None, rules: Rulebook) -> tuple[TimeExpression, ...]:
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    reporting = rules.regex("date.reporting")
    for kind, matches in _scan(sentence, rules):
        for m in matches:
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            expr = _resolve(kind, m, sentence, reference, reporting)
            if expr is not None and expr.date is not None and reference is not None and _completed(kind, m):
                expr = replace(expr, year_from=reference.rule)
            if expr is not None:
                found.append(expr)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t.start)
    return tuple(_local_day(_share_years(found, sentence, rules), sentence, rules))


@functools.lru_cache(maxsize=8192)
def _scan(sentence: str, rules: Rulebook) -> tuple[tuple[str, tuple[re.Match, ...]], ...]:
    """Each date rule's matches in a sentence. They do not depend on the reference, and a sentence recurs
    with other references (a wire's background paragraph in many reports): it is scanned once."""
    return tuple((kind, tuple(rules.regex(f"date.{kind}").finditer(sentence))) for kind in KINDS)


def _completed(kind: str, m: re.Match) -> bool:
    """The reference gave the date its year or day: a year-less month and day, a weekday, a relative phrase."""
    if kind in ("mdy", "dmy", "dmy_range"):
        return m.group(3) is None
    if kind == "cjk":
        return m.group(1) is None
    return kind not in ("iso", "month_year", "year")


def _resolve(kind: str, m: re.Match, sentence: str, ref: Reference | None,
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
    if kind == "cjk":
        return _cjk(m, ref, reporting)
    if kind in ("mdy", "dmy", "dmy_range"):
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
    day = ref.day if ref else None
    if kind == "weekday":
        return _weekday(m, day, reporting, part)
    if kind in ("cjk_weekday", "weekend", "relative", "cjk_relative"):  # counted from the day of writing
        return {"cjk_weekday": _cjk_weekday, "weekend": _weekend, "relative": _relative,
                "cjk_relative": _cjk_relative}[kind](m, day, reporting)
    if kind == "year":
        return TimeExpression(m.start(), m.end(), text, dt.date(int(m.group(1)), 1, 1), "year", kind, reporting)
    return None


def _cjk(m: re.Match, ref: Reference | None, reporting: bool) -> TimeExpression | None:
    """'2026年3月2日' is a full date; '3月2日' takes its year from the reference as 'March 2' does."""
    month, day = int(m.group(2)), int(m.group(3))
    if m.group(1):
        try:
            date, precision = dt.date(int(m.group(1)), month, day), "day"
        except ValueError:
            return None  # "2025年2月30日" names no day
    else:
        date = _year_for(month, day, ref)
        precision = "day" if date else "unknown"
    return TimeExpression(m.start(), m.end(), m.group(0), date, precision, "cjk", reporting)


def _month_day(month_text: str, day_text: str, year: str | None, ref: Reference | None):
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


def _year_for(month: int, day: int, ref: Reference | None) -> dt.date | None:
    """A year-less date is the latest such date not after the day of writing ("Dec. 30" written on Jan. 2 is
    the year before; two days of slack for time zones and late dates). Against a reference of year precision
    (the latest date a text states, which it may be written long after) it is the such date nearest it, if
    within a season of it: a text tells a year-less date next to the dated ones of the same story, and one
    half a year from every stated date could be in either year."""
    if ref is None:
        return None
    candidates = []
    for year in (ref.date.year + 1, ref.date.year, ref.date.year - 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue  # Feb. 29 in a year without one, or a year outside the calendar
    if ref.precision == "year":
        nearest = min(candidates, key=lambda d: abs((d - ref.date).days), default=None)
        return nearest if nearest and abs((nearest - ref.date).days) <= STATED_YEAR_REACH else None
    latest = _month_end(ref.date) if ref.precision == "month" else _shift(ref.date, -2) or dt.date.max
    return max((d for d in candidates if d <= latest), default=None)


def latest_month(month: int, ref: Reference | None) -> dt.date | None:
    """The first day of the latest such month not after the day of writing ("February" written in August is
    this year's), as a year-less date is read; None with no reference."""
    return _year_for(month, 1, ref)


def _month_end(date: dt.date) -> dt.date:
    if date.month == 12:
        return date.replace(day=31)  # also the last day of the calendar, which has no next month
    return date.replace(month=date.month + 1, day=1) - dt.timedelta(days=1)


def _shift(ref: dt.date, days: int) -> dt.date | None:
    """`ref` minus `days`, or None when that falls outside the calendar (a reference date of 0001-01-01 or
    9999-12-31)."""
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


# The day characters of a Chinese weekday ('周二' Tuesday; '周日', '星期天' Sunday), Monday first.
_CJK_DAYS = "一二三四五六"


def _cjk_weekday(m: re.Match, ref: dt.date | None, reporting: bool) -> TimeExpression:
    """'周二', '星期二晚' is the latest Tuesday not after the day of writing, as 'Tuesday' is; '晚', '夜' and
    '凌晨' make it a night attack."""
    text, char = m.group(0), m.group(1)
    part = "night" if any(c in text for c in "晚夜") or "凌晨" in text else None
    if ref is None:
        return TimeExpression(m.start(), m.end(), text, None, "unknown", "weekday", reporting, part)
    target = _CJK_DAYS.index(char) if char in _CJK_DAYS else 6
    date = _shift(ref, (ref.weekday() - target) % 7)
    return TimeExpression(m.start(), m.end(), text, date, "day" if date else "unknown", "weekday", reporting, part)


def _cjk_relative(m: re.Match, ref: dt.date | None, reporting: bool) -> TimeExpression | None:
    """'今天', '今晨' are the day of writing; '昨天', '昨晚' the day before; '前天' the day before that."""
    if ref is None:
        return None
    text = m.group(0)
    back = {"今": 0, "昨": 1, "前": 2}[text[0]]
    date = _shift(ref, back)
    part = "night" if any(c in text for c in "晚夜") else ("morning" if any(c in text for c in "晨早") else None)
    return TimeExpression(m.start(), m.end(), text, date, "day" if date else "unknown", "relative", reporting, part)


def _weekend(m: re.Match, ref: dt.date | None, reporting: bool) -> TimeExpression:
    """'over the weekend' is the latest Saturday not after the day of writing; 'last weekend', written on a
    weekend, is the one before. The Saturday dates it, as the night of a night attack does, and its Sunday,
    when the day of writing is past it, is the other day it may mean."""
    text = m.group(0)
    if ref is None:
        return TimeExpression(m.start(), m.end(), text, None, "unknown", "weekend", reporting)
    delta = (ref.weekday() - 5) % 7
    if ref.weekday() >= 5 and m.group(1).lower() == "last":
        delta += 7
    date = _shift(ref, delta)
    sunday = _shift(ref, delta - 1) if date and delta >= 1 else None
    return TimeExpression(m.start(), m.end(), text, date, "day" if date else "unknown", "weekend", reporting,
                          alternatives=(sunday,) if sunday else ())


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


# The theatre's clock (Iraq, Syria, Jordan, the Gulf states, Yemen) is UTC+3.
THEATRE_UTC_OFFSET = 3


def _local_day(found: list[TimeExpression], sentence: str, rules: Rulebook) -> list[TimeExpression]:
    """'at 9:30 p.m. ET on Tuesday' is already Wednesday in the Gulf: the day nearest the clock becomes the
    local day, and the US day is kept as an alternative."""
    m = rules.regex("date.clock_eastern").search(sentence)
    days = [t for t in found if t.date is not None and t.precision == "day"]
    if not m or not days:
        return found
    hour, half = int(m.group(1)), (m.group(3) or "").lower()
    hour = hour + 12 if half.startswith("p") and hour < 12 else (0 if half.startswith("a") and hour == 12 else hour)
    nearest = min(days, key=lambda t: min(abs(t.start - m.end()), abs(m.start() - t.end)))
    zone = m.group(4).upper()
    offset = -4 if zone == "EDT" or (zone != "EST" and _us_summer(nearest.date)) else -5
    if hour + THEATRE_UTC_OFFSET - offset < 24:
        return found
    local = replace(nearest, date=nearest.date + dt.timedelta(days=1), alternatives=(nearest.date,))
    return [local if t is nearest else t for t in found]


def _us_summer(day: dt.date) -> bool:
    """US daylight time: from the second Sunday of March to the first Sunday of November."""
    start = dt.date(day.year, 3, 8) + dt.timedelta(days=(6 - dt.date(day.year, 3, 8).weekday()) % 7)
    end = dt.date(day.year, 11, 1) + dt.timedelta(days=(6 - dt.date(day.year, 11, 1).weekday()) % 7)
    return start <= day < end


def _time_of_day(text: str) -> str | None:
    if "early hours" in text.lower():
        return "night"  # the hours after midnight: the night the attack began
    if "dawn" in text.lower() or "daybreak" in text.lower():
        return "morning"
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


def month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a date written with a month name ("Jan. 28", "28th of January", "May 8th")."""
    words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
    for i, word in enumerate(words):
        if word not in MONTHS:
            continue
        for near in words[i + 1:i + 2] + words[max(0, i - 2):i][::-1]:
            digits = "".join(takewhile(str.isdecimal, near))
            if digits and 1 <= int(digits) <= 31 and len(digits) <= 2:
                return MONTHS[word], int(digits)
    return None
