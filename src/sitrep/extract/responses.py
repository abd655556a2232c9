"""Read a response clause ("in response to the January 28 drone attack in Jordan that killed three
soldiers", "a day after militants fired rockets at the airport") into what it says of the earlier attack:
its date (full, without a year, or counted back from the strike), places, dead and weapons.
"""
from __future__ import annotations

from itertools import takewhile

from .. import lexicon as lx
from ..kb import KnowledgeBase
from ..models import Mention, ResponseCue
from .attributes import attributes_of
from .dates import MONTHS, find_times

# "last week's" is one to thirteen days back; "days after" two to ten; a day back is always allowed for a
# night attack told by the day it began.
_VAGUE = {"hours": (0, 1), "days": (2, 10), "weeks": (7, 35), "week": (1, 13), "weekend": (1, 9)}


def read_responses(mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Set `response` on every mention whose text says it answered an earlier attack."""
    for mention in mentions:
        if mention.responds_to_text and mention.response is None:
            mention.response = read_response(mention.responds_to_text, kb)


def read_response(text: str, kb: KnowledgeBase) -> ResponseCue:
    rules, cue = kb.rules, ResponseCue()
    for t in find_times(text, None, kb.rules):
        if t.date is not None and t.precision == "day":
            cue.date, cue.rule_ids = t.date, [*cue.rule_ids, f"date.{t.kind}"]
            break
        if t.kind in ("mdy", "dmy") and (md := month_day(t.text)):
            cue.month_day, cue.rule_ids = md, [*cue.rule_ids, f"date.{t.kind}"]
            break
    cue.days_before = _days_before(text, kb)
    if cue.days_before is not None:
        cue.rule_ids.append("response.days_after" if rules.regex("response.days_after").search(text)
                            else "response.last_week")
    places = kb.place_matcher.find(text)
    cue.place_ids = list(dict.fromkeys(p.entry.id for p in places))
    cue.countries = sorted({p.entry.country for p in places if p.entry.country})
    attrs = attributes_of(text, kb)
    cue.killed = attrs["killed"].value if attrs["killed"] is not None else None
    cue.weapons = attrs["weapons"]
    return cue


def _days_before(text: str, kb: KnowledgeBase) -> tuple[int, int] | None:
    m = kb.rules.regex("response.days_after").search(text)
    if m and m.group("vague"):
        return _VAGUE[m.group("vague").lower()]
    if m:
        n = lx.parse_count(m.group("n")) or 1
        days = n * (7 if m.group("unit").lower() == "week" else 1)
        return days, days
    m = kb.rules.regex("response.last_week").search(text)
    if m and m.group("week"):
        return _VAGUE[m.group("week").lower()]
    return (1, 1) if m else None


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
