"""Read a response clause ("in response to the January 28 drone attack in Jordan that killed three
soldiers", "a day after militants fired rockets at the airport") into what it says of the earlier attack:
its date (full, without a year, or counted back from the strike), places, dead and weapons.
"""
from __future__ import annotations

from .. import lexicon as lx
from ..kb import KnowledgeBase
from ..models import Evidence, Mention, ResponseCue
from .assemble import ANSWERED
from .attributes import attributes_of
from .dates import find_times, month_day

# "last week's" is one to thirteen days back; "days after" two to ten; a day back is always allowed for a
# night attack told by the day it began.
_VAGUE = {"hours": (0, 1), "days": (2, 10), "weeks": (7, 35), "week": (1, 13), "weekend": (1, 9)}
# How far (in characters) before a sentence that only names the attack answered the strike it speaks of
# may end: a paragraph or so of description between them, with no other attack told in it.
_REACH = 1200


def read_responses(mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """Set `response` on every mention whose text says it answered an earlier attack. An answered attack
    that neither its clause nor the strike told before it gives a side is dropped: nothing says it is
    this theatre's."""
    lend_responses(mentions)
    for mention in mentions:
        if mention.responds_to_text and mention.response is None:
            mention.response = read_response(mention.responds_to_text, kb, own_date=mention.date_text)
    return [m for m in mentions if m.evidence.rule != ANSWERED or m.actor1_affiliation or m.actor2_affiliation]


def lend_responses(mentions: list[Mention]) -> None:
    """'U.S. jets struck depots on Feb. 2. The strikes came in response to the January 28 attack on ...':
    a sentence that states no attack of its own, only the one answered, speaks of the strike of the other
    side told just before it. That strike takes the clause, and the answered attack the side it struck."""
    own = {m.evidence.start for m in mentions if m.evidence.rule != ANSWERED}
    for answered in mentions:
        if answered.evidence.rule != ANSWERED or answered.evidence.start in own or not answered.responds_to_text:
            continue
        for strike in _told_before(answered, mentions):
            answered.actor1_affiliation = answered.actor1_affiliation or strike.actor2_affiliation
            answered.actor2_affiliation = answered.actor2_affiliation or strike.actor1_affiliation
            if strike.responds_to_text is None:
                strike.responds_to_text = answered.responds_to_text
                e = answered.evidence
                strike.extra_evidence.append(Evidence(doc=e.doc, start=e.start, end=e.end, quote=e.quote,
                                                      rule="response", rule_ids=["response.clause"]))


def _told_before(answered: Mention, mentions: list[Mention]) -> list[Mention]:
    """The mentions of the last attack told before `answered`'s sentence, when its side struck the side that
    sentence's attack struck: 'The strikes came in response to ...' speaks of the last strike told."""
    start = answered.evidence.start
    told = [m for m in mentions if m.evidence.rule != ANSWERED and m.evidence.end <= start
            and start - m.evidence.end <= _REACH]
    last = max((m.evidence.start for m in told), default=None)
    return [m for m in told if m.evidence.start == last and m.actor1_affiliation
            and m.actor1_affiliation != answered.actor1_affiliation
            and answered.actor2_affiliation in (None, m.actor1_affiliation)]


def read_response(text: str, kb: KnowledgeBase, own_date: str | None = None) -> ResponseCue:
    """`own_date`: how the text dates the strike itself. A cue word inside the strike's own clause
    ("retaliatory strikes on February 2") leaves that clause as the response text: its date is the
    strike's, not the earlier attack's."""
    rules, cue = kb.rules, ResponseCue()
    for t in find_times(text, None, kb.rules):
        if own_date is not None and t.text == own_date:
            continue
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
    if rules.regex("response.prompt").search(text):
        cue.rule_ids.append("response.prompt")  # the answer came at once: it is the later of two same-day events
    agent = rules.regex("response.agent_place")
    places = [p for p in kb.place_matcher.find(text) if not agent.search(text, max(0, p.start - 60), p.start)]
    cue.place_ids = list(dict.fromkeys(p.entry.id for p in places))
    cue.countries = sorted({p.entry.country for p in places if p.entry.country})
    attrs = attributes_of(text, kb)
    cue.killed = attrs["killed"].value if attrs["killed"] is not None else None
    cue.weapons = attrs["weapons"]
    if not (cue.date or cue.month_day or cue.days_before or cue.place_ids or cue.killed is not None or cue.weapons) \
            and rules.regex("response.definite").search(text):
        cue.rule_ids.append("response.definite")  # "the attack" and nothing more: one its report told
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
    if m and m.group("same"):
        return 0, 0
    return (1, 1) if m else None
