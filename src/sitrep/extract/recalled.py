"""Recalled attacks: an earlier attack a sentence about something else tells in passing, by the time it
happened and a when-clause ("the first injuries since February, when a U.S. strike in Baghdad killed a
commander"). In: a sentence and its reference. Out: the frames of the recalled attack, at that time's
precision (a month alone is the latest such month). The sentence's own reading is left as it is.
"""
from __future__ import annotations

from dataclasses import replace

from ..kb import KnowledgeBase
from .attributes import attributes_of
from .dates import MONTHS, Reference, TimeExpression, find_times, latest_month
from .frames import Frame, sites_and_roles, states_attack
from .sentences import Sentence
from .sites import pair_places_and_times


def recalled_frames(sentence: Sentence, ref: Reference | None, kb: KnowledgeBase) -> list[Frame]:
    """The frames of each when-clause (rule date.recalled_when) that states an attack of this theatre at a
    place, dated by the time before it. Like the attack a response answers, it is not the sentence's own
    attack (`answered`): later detail describes the sentence's attack, not it."""
    frames = []
    for m in kb.rules.regex("date.recalled_when").finditer(sentence.text):
        t = _time(m.group("time"), m.start("time"), ref, kb)
        if t is None:
            continue
        start, end = m.span("clause")
        clause = " " * start + sentence.text[start:end] + " " * (len(sentence.text) - end)
        trigger = states_attack(clause, kb.rules)
        places, roles = sites_and_roles(clause, kb)
        if trigger is None or not places or not (roles.attacker_affiliation or roles.target_affiliation):
            continue  # no attack told, nowhere, or neither side this theatre's
        attrs = dict(attributes_of(clause, kb), rule_ids=[trigger, "date.recalled_when"])
        frames += [Frame(sentence, t, p, roles, answered=True, **attrs)
                   for p, _ in pair_places_and_times(clause, places, [t], kb.rules)]
    return frames


def _time(text: str, offset: int, ref: Reference | None, kb: KnowledgeBase) -> TimeExpression | None:
    """The time the recalled attack is told at: a date the date rules read ('Feb. 3', 'March 2023', 'late
    May'), or a month alone, at month precision; None when nothing dates it (no reference to count from)."""
    found = [t for t in find_times(text, ref, kb.rules) if t.date is not None]
    if found:
        t = found[0]
        return replace(t, start=t.start + offset, end=t.end + offset)
    month = MONTHS.get(text.lower().rstrip("."))
    date = latest_month(month, ref) if month else None
    if date is None:
        return None
    return TimeExpression(offset, offset + len(text), text, date, "month", "recalled_when")
