"""Stage 4, resolve (last step): link retaliation. An event whose text says it answered an earlier attack
gets `responds_to`: the earlier event of the other side, in any document, that fits what the response
clause says of it (its date, place, dead and weapons; `extract.responses` reads them). A link never runs
forward in time nor both ways between two events.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .extract.assemble import ANSWERED
from .models import Event, Mention, ResponseCue

_SLACK = 1  # days: a night attack is told by the day it began, a strike by Washington's day


def link_responses(events: list[Event], touched: set[str] | None = None, window_days: int = 45) -> set[str]:
    """`responds_to`: a strike whose text says it answered an attack, linked to that attack.

    Every link is the single best candidate by one ranking (`_rank`); two candidates ranked equal give no
    link. With `touched` (the events a batch changed), a strike is looked at again only where it, its
    current target, or a touched event within its reach changed: the cost of the batch, not of the ledger."""
    changed = set()
    by_day = _by_day(events)
    new_by_day = by_day if touched is None else _by_day([e for e in events if e.id in touched])
    by_id = {e.id: e for e in events}
    for event in events:
        cues = _cues(event) if event.date is not None else []
        if not cues:
            if event.responds_to:  # a link read from a clause the event no longer counts as its own
                event.responds_to, _ = [], changed.add(event.id)
            continue
        days = _days(event, cues, window_days)
        current = by_id.get(event.responds_to[0]) if event.responds_to else None
        whole = touched is None or event.id in touched or (event.responds_to and (
            current is None or current.id in touched))
        if not whole and not any(e is not event for d in days for e in new_by_day.get(d, ())):
            continue  # nothing the batch changed is within this strike's reach
        said = [m.response for m in cues if m.response is not None]
        candidates = [e for d in days for e in by_day.get(d, ()) if e is not event and _answers(event, e)
                      and _before(e, event, said) and _in_reach(e, cues, said)]
        links = [e.id for e in _best_answers(event, cues, candidates)]
        if links != event.responds_to:
            event.responds_to = links
            changed.add(event.id)
    return changed


def _cues(event: Event) -> list[Mention]:
    """The mentions that say what the event answered. The mention of an answered attack, taken from a
    response clause ("in response to the January 28 attack"), carries that clause too: it says what
    answered the attack, not what the attack answered."""
    return [m for m in event.mentions if m.responds_to_text and m.evidence.rule != ANSWERED]


def _by_day(events: Iterable[Event]) -> dict[int, list[Event]]:
    out: dict[int, list[Event]] = {}
    for e in events:
        if e.date is not None:
            out.setdefault(e.date.toordinal(), []).append(e)
    return out


def _days(event: Event, cues: list[Mention], window_days: int) -> list[int]:
    """The days the earlier attack may be on: those the clauses name, else the window before the strike."""
    named = _named_days(event.date, [m.response for m in cues if m.response is not None])
    if named:
        return sorted(named)
    day = event.date.toordinal()
    return list(range(day - window_days, day + 1))


def _named_days(strike: dt.date, said: list[ResponseCue]) -> set[int]:
    day, out = strike.toordinal(), set()
    for cue in said:
        if cue.date is not None:
            out.update(range(cue.date.toordinal() - _SLACK, cue.date.toordinal() + _SLACK + 1))
        elif cue.month_day is not None and (date := _latest(cue.month_day, strike)) is not None:
            out.update(range(date.toordinal() - _SLACK, date.toordinal() + _SLACK + 1))
        elif cue.days_before is not None:
            low, high = cue.days_before
            out.update(range(day - high - _SLACK, day - low + _SLACK + 1))
    return {d for d in out if d <= day}


def _latest(month_day: tuple[int, int], strike: dt.date) -> dt.date | None:
    """A year-less date in a response clause is the latest such day not after the strike."""
    for year in (strike.year, strike.year - 1):
        try:
            date = dt.date(year, *month_day)
        except ValueError:
            continue
        if date <= strike:
            return date
    return None


def _best_answers(event: Event, cues: list[Mention], candidates: list[Event]) -> list[Event]:
    """The candidate that fits the clauses best; then one told in the same document, one by the side the
    answer struck (`_struck_back`), for fire returned at once (rule response.counter_fire) one on the answer's own
    side ('returned fire in self-defense' answers the fire on the answering side, not the attack on a merchant
    ship of the same hour), at a place the text names, the deadliest, the latest. Two ranked equal: no link
    (no guess between them), unless they are one wave told in one sentence and split by place
    ('airstrikes across eastern Syria and western Iraq on Friday'): an attack that answers 'the airstrikes'
    answers all of them."""
    if not candidates:
        return []
    said = [m.response for m in cues if m.response is not None]
    cue_docs = {m.doc for m in cues}
    cue_text = " ".join(m.responds_to_text for m in cues).lower()
    returned = any("response.counter_fire" in m.evidence.rule_ids for m in cues)

    def rank(e: Event) -> tuple:
        docs = {m.doc for m in e.mentions}
        named = bool(e.location and e.location.lower().split()[0] in cue_text)
        own_side = returned and bool(e.actor2_affiliation) and e.actor2_affiliation == event.actor1_affiliation
        return (_fit(e, said), bool(cue_docs & docs), _struck_back(event, e), own_side, named, e.killed or 0, e.date)

    ranked = sorted(((rank(e), e.id, e) for e in candidates), key=lambda r: r[:2], reverse=True)
    top = [e for r, _, e in ranked if r == ranked[0][0]]
    return top if len(top) == 1 or _one_wave(top) else []


def _struck_back(event: Event, earlier: Event) -> bool:
    """A reprisal is aimed at whoever attacked: of two attacks on its side ('the joint strikes by Washington
    and Tel Aviv'), missiles fired at one ally's bases answer that ally's attack, not the other's."""
    return bool(earlier.actor1_affiliation) and earlier.actor1_affiliation == event.actor2_affiliation


def _one_wave(events: list[Event]) -> bool:
    """Events of one day that share a sentence: the places of one wave of strikes."""
    told = [{(m.doc, m.evidence.start) for m in e.mentions if m.evidence.rule != ANSWERED} for e in events]
    return len({e.date for e in events}) == 1 and bool(set.intersection(*told))


def _fit(e: Event, said: list[ResponseCue]) -> int:
    """How much of what the clauses say of the earlier attack this event agrees with: a named place counts
    two, its country one, the dead and a weapon one each; a weapon the event does not have counts against."""
    score = 0
    for cue in said:
        if e.place_id and e.place_id in cue.place_ids:
            score += 2
        elif e.country and e.country in cue.countries:
            score += 1
        if cue.killed is not None and e.killed == cue.killed:
            score += 1
        if cue.weapons and e.weapons:
            score += 1 if set(cue.weapons) & set(e.weapons) else -1
    return score


def _in_reach(earlier: Event, cues: list[Mention], said: list[ResponseCue]) -> bool:
    """A clause that says of the attack it answers only "the attack" ("Following the attack, ...") points
    at one its own report has told: only an event of that report answers."""
    if not said or not all("response.definite" in c.rule_ids for c in said):
        return True
    return bool({m.doc for m in cues} & {m.doc for m in earlier.mentions})


def _before(earlier: Event, event: Event, said: list[ResponseCue]) -> bool:
    """No loop: the later-dated event cannot be answered by the earlier one. Of two events on one day each
    told as an answer to the other, the answer is the one whose clause fits the other better, then the one
    told as made at once; else neither (nothing says which came first)."""
    if earlier.date != event.date:
        return earlier.date < event.date
    theirs = [m.response for m in _cues(earlier) if m.response is not None]
    if not theirs or not _answers(earlier, event):
        return True
    return (_fit(earlier, said), _prompt(said)) > (_fit(event, theirs), _prompt(theirs))


def _prompt(said: list[ResponseCue]) -> bool:
    """The clause says the answer came at once ("immediately after it occurred", "in self-defence")."""
    return any("response.prompt" in cue.rule_ids for cue in said)


def _answers(event: Event, earlier: Event) -> bool:
    """A strike answers an attack by the other side, or an attack on its own side by an unnamed attacker."""
    a, b = event.actor1_affiliation, earlier.actor1_affiliation
    if not a:
        return False
    if b:
        return a != b and earlier.actor2_affiliation in (a, None)
    return earlier.actor2_affiliation == a
