"""Attributes of an attack sentence: weapons, casualty and projectile counts, damage, operation; and which
mention a detail sentence may lend its weapons and counts to (the one whose attack it tells)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import lexicon as lx
from ..kb import KnowledgeBase, Place
from ..models import Count, Mention
from ..rules import Rulebook
from .dates import parse_clock_time
from .weapons import classify_weapons

if TYPE_CHECKING:
    from .frames import Frame


def attributes_of(s: str, kb: KnowledgeBase) -> dict:
    """What a sentence says of its attack beside place, date and sides: weapons, counts, damage, operation,
    claim, response cue, clock time. A pure function of the text, read once per knowledge base (a wire's
    paragraph recurs across reports); each caller gets its own copy of the lists and counts."""
    read = kb.remember(("attributes", s), lambda: _read_attributes(s, kb))
    return {name: _copied(value) for name, value in read.items()}


def _copied(value):
    if isinstance(value, Count):
        return value.model_copy()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return {key: list(rules) for key, rules in value.items()}
    return value


def _read_attributes(s: str, kb: KnowledgeBase) -> dict:
    weapons, models = classify_weapons(s, kb)
    rules = kb.rules
    killed, injured, count_rules = _casualties(s, rules)
    if killed is None and (killed := _named_dead(s, kb)) is not None:
        count_rules["killed"] = ["count.named"]
    op = rules.regex("attribute.operation").search(s)
    operation = None
    if op and kb.theatre.is_operation(op.group(1)):
        operation = f"Operation {op.group(1)}"
    damage = rules.regex("attribute.damage").search(s)
    # an English cue, or a Chinese attack word that is itself an answer ('还击', struck back)
    response = rules.regex("response.cue").search(s) or rules.regex("response.cjk_strike_back").search(s)
    (launched, launch_rule), intercepted, impacts = _launched(s, rules), _intercepted(s, rules), _impacts(s, rules)
    for key, count, rule_id in (("intercepted", intercepted, "count.intercepted"),
                                ("launched", launched, launch_rule), ("impacts", impacts, "count.impacts")):
        if count is not None:
            count_rules[key] = [rule_id]
    return dict(
        weapons=weapons, weapon_models=models,
        defences=sorted({m.entry.name for m in kb.defence_matcher.find(s)}),
        killed=killed, injured=injured, intercepted=intercepted, launched=launched, impacts=impacts,
        count_rules=count_rules,
        damage=damage.group(1).lower() if damage else None, operation=operation,
        claimed=bool(rules.regex("attribute.claim").search(s)), response=s[response.start():] if response else None,
        clock=parse_clock_time(s, rules), anaphoric=bool(rules.regex("trigger.anaphor").search(s)),
    )


# The casualty rules, in the order their matches are read: a figure found by an earlier one is kept.
COUNT_RULES = ("count.passive", "count.active", "count.elliptic", "count.noun", "count.sustain", "count.toll",
               "count.cjk")
# The Chinese words for the dead (count.cjk's `kind`): 死 (dead), 死亡, 身亡, 遇难, 丧生 (died, killed).
_CJK_DEATH = ("死", "身亡", "遇难", "丧生")


def _casualties(s: str, rules: Rulebook) -> tuple[Count | None, Count | None, dict[str, list[str]]]:
    """The killed and injured counts of a sentence, and the rules that gave each."""
    found: dict[str, list[tuple[int, Count]]] = {"killed": [], "injured": []}
    rule_of: dict[tuple[str, int], str] = {}
    if rules.regex("count.aggregate").search(s):
        return None, None, {}  # a total over many attacks: the claims reader keeps it
    past = [(m.start(), m.end()) for m in rules.regex("count.past_clause").finditer(s)]
    for rule_id in COUNT_RULES:
        for m in rules.regex(rule_id).finditer(s):
            if any(a <= m.start() < b for a, b in past):
                continue  # the toll of an earlier attack the sentence recalls
            kind = m.group("kind").lower()
            key = "killed" if kind.startswith(("kill", "die", "dead", "death", *_CJK_DEATH)) else "injured"
            for start, count in _counts_of(m, s, rules):
                if all(start != seen for seen, _ in found[key]):
                    found[key].append((start, count))
                    rule_of[key, start] = rule_id
    killed, injured = _total(found["killed"]), _total(found["injured"])
    ids = {key: _count_rules(found[key], total, key, rule_of) for key, total in (("killed", killed), ("injured", injured))
           if total is not None}
    counts = {"killed": killed, "injured": injured}
    for rule_id, keys in _NONE_REPORTED:
        if any(counts[k] is None for k in keys) and rules.regex(rule_id).search(s):
            for key in (k for k in keys if counts[k] is None):
                counts[key], ids[key] = Count(value=0, qualifier="none reported"), [rule_id]
    return counts["killed"], counts["injured"], ids


def _named_dead(s: str, kb: KnowledgeBase) -> Count | None:
    """'killed Karim Haddad, a senior commander, and Samir al-Tamimi' (rule count.named): one dead for each
    person named, and the others counted after them. A name that is a place or a group of the knowledge base
    ('killed at Ain al-Asad', 'killed Kataib Hezbollah fighters') is no person."""
    m = kb.rules.regex("count.named").search(s)
    if m is None:
        return None
    names = [m.span(g) for g in ("first", "second") if m.group(g)]
    known = [(x.start, x.end) for x in (*kb.place_matcher.find(s), *kb.actor_matcher.find(s))]
    if any(a < end and start < b for a, b in names for start, end in known):
        return None
    others = lx.parse_count(" ".join(m.group("n").lower().split())) if m.group("n") else 0
    if others is None:
        return None
    value, floor = len(names) + others, bool(m.group("q"))
    who = "named" if not others else f"{len(names)} named and {others} others"
    return Count(value=value, low=value if floor else None, qualifier="at least" if floor else None, who=who)


def _counts_of(m: re.Match, s: str, rules: Rulebook) -> list[tuple[int, Count]]:
    """The figures (by where each starts) of one casualty match, and of a group joined to its victims by 'and'
    ('wounding five contractors and a U.S. service member', rule count.and_more)."""
    out = [(m.start(), _count(m))]
    if "who" in m.groupdict() and m.group("who"):
        # right after the first group: 'killed two soldiers and a contractor', 'two soldiers and a contractor were'
        more = rules.regex("count.and_more").match(s[m.end("who"):])
        if more:
            out.append((m.end("who") + more.start("n"), _count(more)))
    return [(start, count) for start, count in out if count is not None]


# What each way of saying nobody was harmed says: "no fatalities" speaks of the dead only; "no casualties"
# of both; "no one was hurt" of both too, since a report that someone died would not say nobody was hurt.
_NONE_REPORTED = (("count.none_killed", ("killed",)), ("count.no_casualties", ("killed", "injured")),
                  ("count.none_injured", ("injured", "killed")), ("count.cjk_no_casualties", ("killed", "injured")))


def _count_rules(found: list[tuple[int, Count]], total: Count, key: str, rule_of: dict) -> list[str]:
    """The rules behind `total`: the first figure's, or every figure's when `_total` added them up."""
    ordered = sorted(found, key=lambda sc: sc[0])
    starts = [ordered[0][0]] if total is ordered[0][1] else [start for start, _ in ordered]
    return list(dict.fromkeys(rule_of[key, start] for start in starts))


def _total(counts: list[tuple[int, Count]]) -> Count | None:
    """'wounded one U.S. service member, wounded four U.S. contractors': groups of one sentence add up;
    a figure given twice for the same people, or with no number, is taken once (the first); a figure that
    is the sum of the others is their total, told with its parts."""
    if not counts:
        return None
    ordered = [c for _, c in sorted(counts, key=lambda sc: sc[0])]
    for c in ordered:
        rest = [o.value for o in ordered if o is not c]
        if len(rest) > 1 and None not in rest and c.value == sum(rest):
            return c  # 'seven were hurt ... five soldiers and two contractors': the total, then its parts
    groups = {c.who for c in ordered}
    if len(ordered) > 1 and len(groups) == len(ordered) and None not in groups and \
            all(c.value is not None and c.qualifier in (None, "at least") for c in ordered):
        # 'at least five contractors and a soldier': at least six.
        value, floor = sum(c.value for c in ordered), any(c.qualifier for c in ordered)
        return Count(value=value, low=value if floor else None, qualifier="at least" if floor else None,
                     who=", ".join(f"{c.value} {c.who}" for c in ordered))
    return ordered[0]


def _count(m: re.Match) -> Count | None:
    """The count a casualty match states; None for a figure that is no count (over lx.MAX_COUNT)."""
    raw = " ".join(m.group("n").lower().split())
    who = " ".join((m.group("who") or "").split()) or None if "who" in m.groupdict() else None
    count = _figure(raw, m.group("q"))
    if count is None:
        return None if raw[:1].isdigit() else Count(value=None, qualifier=raw, who=who)  # 'several'
    return count.model_copy(update={"who": who})


def _intercepted(s: str, rules: Rulebook) -> Count | None:
    m = rules.regex("count.intercepted").search(s)
    if not m:
        return None
    if m.group("n3"):
        return _figure(m.group("n3"), m.group("q3"))  # 'shot down three drones'
    raw = " ".join((m.group("n") or m.group("n2") or "").lower().split())
    if raw.isdecimal() or raw in lx.NUMBER_WORDS:
        value = lx.parse_count(raw)
        return Count(value=value) if value is not None else None  # None: a figure too large to be a count
    share = {"the majority": "most", "majority": "most", "a portion": "some", "part": "some"}.get(raw, raw)
    return Count(value=None, qualifier=share)


def _impacts(s: str, rules: Rulebook) -> Count | None:
    """'one missile struck the base': how many of what was fired landed (rule count.impacts)."""
    m = rules.regex("count.impacts").search(s)
    return _count(m) if m else None


def _launched(s: str, rules: Rulebook) -> tuple[Count | None, str | None]:
    """What was fired, and the rule that read it: a range ('between 14 and 19 ballistic missiles',
    count.launched_range) or a figure ('fired four rockets', 'a barrage of 30 rockets', count.launched)."""
    m = rules.regex("count.launched_range").search(s)
    if m and rules.regex("count.launched_weapon").search(s):
        lo, hi = lx.parse_count(m.group("lo")), lx.parse_count(m.group("hi"))
        if lo is not None and hi is not None and 0 < lo < hi < 1000:
            return Count(low=lo, high=hi, qualifier="between"), "count.launched_range"
    m = rules.regex("count.launched").search(s)
    if m is None:
        return None, None
    key = next(k for k in ("", "2", "3", "4", "5") if m.group("n" + k))
    count = _figure(m.group("n" + key), m.group("q" + key))
    return (count, "count.launched") if count is not None and count.value else (None, None)


def _figure(n: str, q: str | None) -> Count | None:
    """A figure as a count: 'at least 30' is 30 with 30 its floor; None past lx.MAX_COUNT."""
    value = lx.parse_count(" ".join(n.lower().split()))
    qualifier = " ".join((q or "").lower().split()) or None
    if value is None:
        return None
    low = value if qualifier in ("at least", "more than", "over") else None
    return Count(value=value if qualifier != "up to" else None, low=low, qualifier=qualifier)


def places_told_before(frames: list[Frame], kb: KnowledgeBase, reach: int = 5) -> dict[int, list[Place]]:
    """For each sentence naming no place, the places named by the closest earlier sentence (within `reach`)
    that tells a weapon or a toll there: 'In Erbil, drones hit a base. Air defences downed two of them.' tells
    Erbil. A place named otherwise ('Qatar condemned the attack') is who spoke, not where it was."""
    out: dict[int, list[Place]] = {}
    last: tuple[int, list[Place]] = (-reach - 1, [])
    told = {f.sentence.start for f in frames if f.weapons or f.killed or f.injured}
    for sentence in sorted({f.sentence.start: f.sentence for f in frames}.values(), key=lambda s: s.start):
        named = _named_places(sentence.text, kb) if sentence.start in told else []
        if named:
            last = (sentence.index, named)
        elif sentence.index - last[0] <= reach:
            out[sentence.start] = last[1]
    return out


def nearest_told(mentions: list[Mention], context: list[Place], kb: KnowledgeBase) -> list[Mention]:
    """A detail sentence after a sentence that lists several places tells the one the text spoke of last."""
    if len({m.place_id for m in mentions}) < 2 or not context:
        return mentions
    return [m for m in mentions if any(_within(p, m, kb) for p in context)] or mentions


def tells_attack_of(frame: Frame, mention: Mention, kb: KnowledgeBase) -> bool:
    """Whether a detail sentence tells this mention's attack, so may give it weapons and casualties: not a
    sentence about many attacks or a period (rule count.many_attacks), nor one naming only other places
    ("In Erbil, drones ..." under a list of Baghdad and Erbil tells Erbil's attack, not Baghdad's)."""
    if kb.rules.regex("count.many_attacks").search(frame.sentence.text):
        return False
    named = _named_places(frame.sentence.text, kb)
    return not named or any(_within(place, mention, kb) for place in named)


def _named_places(text: str, kb: KnowledgeBase) -> list[Place]:
    """The places a sentence names, but a side's own country: "Iranian drones", "US officials said" name
    who, not where."""
    homes = {kb.theatre.coalition.home_country, *kb.theatre.parties}
    return [m.entry for m in kb.place_matcher.find(text) if not (m.entry.kind == "country" and m.entry.country in homes)]


def _within(place: Place, mention: Mention, kb: KnowledgeBase, reach_km: float = 40.0) -> bool:
    """Whether a place a sentence names may be where the mention's attack was: the same place, its country
    or region, or a place within reach of it (a city and the base outside it). An attack at sea is told with
    the coast it was fired from ("from Yemen"), so any place may be named with it."""
    if place.id == mention.place_id or mention.country is None:
        return True
    if place.country != mention.country:
        return False
    site = kb.places.get(mention.place_id or "")
    if place.kind in ("country", "region") or site is None or site.kind in ("country", "region"):
        return True
    return place.km_to(site) <= reach_km
