"""Chinese sentences: their places, sides and attacks, clause by clause.

Chinese writes no spaces, so the knowledge base's word matchers see a run of characters as one word and
find none of the names in it; here the Chinese names of places and actors (their aliases in places.csv and
actors.yaml) are looked up inside the runs. A Chinese sentence joins several attacks with commas
("美军打中南部一场婚礼，随即对约旦、巴林等美军基地还击": the US hit a wedding, then Iran struck back at US
bases in Jordan and Bahrain), so each clause with an attack word is read on its own: its places, and its
sides (the party after 对/向 or after the attack word is the target; the one before it, the attacker).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..kb import KnowledgeBase, Match
from ..rules import Rulebook
from .attributes import attributes_of
from .dates import TimeExpression
from .frames import Frame, event_times
from .roles import Roles
from .sentences import Sentence

CJK = re.compile(r"[\u3400-\u9fff]")
# A quotation in corner brackets: the words of a speaker (a threat, a boast), not the report's own telling.
_QUOTE = re.compile(r"「[^「」]*+」|『[^『』]*+』")
_CLAUSE = re.compile(r"[，；：,;:]")


def has_cjk(s: str) -> bool:
    return bool(CJK.search(s))


_LETTER = re.compile(r"[A-Za-z]")


def is_chinese(s: str) -> bool:
    """Whether the sentence is written in Chinese: an English sentence glossing a name in characters
    ('Sirik (锡里克) county') is read as English."""
    han = len(CJK.findall(s))
    return han >= 4 and han >= 0.3 * (han + len(_LETTER.findall(s)))


def unquoted(s: str) -> str:
    """`s` with its quotations blanked (same length, so offsets stay those of the sentence)."""
    return _QUOTE.sub(lambda m: " " * len(m.group(0)), s)


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    trigger: int  # where its attack word starts


def attack_clauses(s: str, rules: Rulebook) -> list[Clause]:
    """The clauses of a Chinese sentence that tell an attack: an attack word not after a word of intent or
    condition in its clause ('若伊朗还击' if Iran strikes back, '试图攻击' tried to attack) nor after the
    attack it answers ('是对…的报复'), in a clause that is no toll ('死亡数从 4 调至 5'). After one, a clause
    of deaths at a place ('克尔曼沙赫 4 人死亡') tells the same wave's strike there."""
    trigger, toll = rules.regex("trigger.attack_cjk"), rules.regex("trigger.cjk_toll")
    skip = [rules.regex(r) for r in ("modality.cjk_before", "response.cjk_answered")]
    revision = rules.regex("modality.cjk_toll")
    out, start = [], 0
    for end in [m.start() for m in _CLAUSE.finditer(s)] + [len(s)]:
        m = trigger.search(s, start, end) or (toll.search(s, start, end) if out else None)
        if m and not any(r.search(s, start, m.start()) for r in skip) and not revision.search(s, start, end):
            out.append(Clause(start, end, m.start()))
        start = end + 1
    return out


def cjk_names(s: str, matcher_entries: dict[str, object]) -> list[Match]:
    """The names of `matcher_entries` (Chinese name -> entry) in `s`, longest first, left to right."""
    longest = max((len(n) for n in matcher_entries), default=0)
    out, i = [], 0
    while i < len(s):
        for n in range(min(longest, len(s) - i), 0, -1):
            entry = matcher_entries.get(s[i:i + n])
            if entry is not None:
                out.append(Match(i, i + n, s[i:i + n], entry))
                i += n
                break
        else:
            i += 1
    return out


# kb id -> (the kb, its Chinese place names, its Chinese actor names); the kb is kept so that a new kb reusing
# a freed one's id is not given the old names.
_INDEX: dict[int, tuple[KnowledgeBase, dict, dict]] = {}


def _index(kb: KnowledgeBase) -> tuple[dict, dict]:
    """The Chinese names of the kb's places and actors (built once per kb)."""
    known = _INDEX.get(id(kb))
    if known is None or known[0] is not kb:
        places = {a: p for p in kb.places.values() for a in (p.name, *p.aliases) if has_cjk(a)}
        actors = {a: x for x in kb.actors.values() for a in (x.name, *x.aliases) if has_cjk(a)}
        known = _INDEX[id(kb)] = (kb, places, actors)
    return known[1], known[2]


def clause_sites_and_roles(s: str, clause: Clause, kb: KnowledgeBase) -> tuple[list[Match], Roles]:
    """The places of one attack clause and who struck whom in it. A speaker is no party and no place: the
    source a digest bullet opens with ('**伊朗红新月会**：称…'), and a name right before a speech verb
    ('伊方称…', '沙特指责…'). A country named before the attack word as its subject ('伊朗还击…') is the
    attacker, not where the attack was."""
    place_names, actor_names = _index(kb)
    rules, text = kb.rules, s[:clause.end]
    label = rules.regex("role.cjk_source_label").match(s)
    speaker = rules.regex("role.cjk_speech")
    spoken = lambda m: (label is not None and m.end <= label.end()) or bool(speaker.match(s, m.end))
    actors = [a for a in cjk_names(text, actor_names) + kb.actor_matcher.find(text) if not spoken(a)]
    marker = rules.regex("role.cjk_target_marker").search(s, clause.start, clause.trigger)
    split = marker.start() if marker else clause.trigger
    places = [p for p in cjk_names(text, place_names) + kb.place_matcher.find(text)
              if p.start >= clause.start and not spoken(p) and not _inside(p, actors)
              and not (p.start < split and any(a.start == p.start and a.end == p.end for a in actors))]
    return sorted(places, key=lambda m: m.start), _roles(clause, split, actors, places, kb)


def _inside(place: Match, actors: list[Match]) -> bool:
    """'伊朗革命卫队' names an actor; the '伊朗' in it is no place."""
    return any(a.start <= place.start and place.end <= a.end and a.end - a.start > place.end - place.start
               for a in actors)


def _roles(clause: Clause, split: int, actors: list[Match], places: list[Match], kb: KnowledgeBase) -> Roles:
    """The target is the party after 对/向 (or after the attack word); the attacker the party nearest before
    it. A clause naming no party takes the one before it in the sentence; with only one side known, the
    other is its opponent (the theatre has two sides); with none, a strike in a country the opponent holds
    is on it."""
    theatre = kb.theatre
    sided = [(a, kb.affiliation(a.entry)) for a in actors if kb.affiliation(a.entry) in theatre.parties]
    targets = [x for x in sided if x[0].start >= max(split, clause.start)]
    before = [x for x in sided if x[0].end <= split]
    target = targets[0] if targets else None
    attacker = next((x for x in reversed(before) if target is None or x[1] != target[1]), None)
    # A third state named as the subject ('以色列空袭德黑兰', Israel struck Tehran) struck: no side of the theatre did.
    third = any(a.end <= split and kb.affiliation(a.entry) not in (None, *theatre.parties) for a in actors)
    if attacker is None and target is None and not third and places \
            and all(p.entry.country in theatre.opponent.holds for p in places):
        target = (None, theatre.opponent.id)
    return _completed(attacker, target, kb)


def _completed(attacker, target, kb: KnowledgeBase) -> Roles:
    us, them = kb.theatre.coalition, kb.theatre.opponent
    other = {us.id: them.id, them.id: us.id}
    if attacker and not target:
        target = (None, other[attacker[1]])
    if target and not attacker:
        attacker = (None, other[target[1]])
    if not attacker:
        return Roles()
    return Roles(_name(attacker, kb), attacker[1], _name(target, kb), target[1])


def _name(party, kb: KnowledgeBase) -> str:
    """The actor named, or the side's own name where the clause names none ('US forces', 'Iran')."""
    if party[0] is not None:
        return party[0].entry.name
    side = kb.theatre.coalition if party[1] == kb.theatre.coalition.id else kb.theatre.opponent
    return side.name


def cjk_frames(sentence: Sentence, ref, kb: KnowledgeBase, heading: TimeExpression | None) -> list[Frame]:
    """The frames of a Chinese sentence: one per place of each attack clause, dated by the sentence's own
    day or else by its heading (a timeline entry's, a digest window's)."""
    s = unquoted(sentence.text)
    times = event_times(s, ref, kb.rules)
    time = times[0] if times else heading
    rule_ids = ["trigger.attack_cjk"] + (["timeline.heading"] if time is not None and not times else [])
    clauses = attack_clauses(s, kb.rules)
    if not clauses:
        return _harm_detail(sentence, s, kb)
    out = []
    for clause in clauses:
        places, roles = clause_sites_and_roles(s, clause, kb)
        if roles.attacker_affiliation is None:
            continue
        attrs = dict(attributes_of(s[clause.start:clause.end], kb), rule_ids=rule_ids)
        out += [Frame(sentence, time, p, roles, **attrs) for p in (_finest(places) or [None])]
    return out


def _harm_detail(sentence: Sentence, s: str, kb: KnowledgeBase) -> list[Frame]:
    """'约旦武装部队称没有人员伤亡。' after an attack: a sentence that only says nobody was harmed is a detail
    of the attack told before it, as its English counterpart is."""
    if not kb.rules.regex("count.cjk_no_casualties").search(s):
        return []
    attrs = attributes_of(s, kb)
    return [Frame(sentence, None, None, Roles(), killed=attrs["killed"], injured=attrs["injured"],
                  count_rules=attrs["count_rules"], anaphoric=True, rule_ids=["count.cjk_no_casualties"])]


def _finest(places: list[Match]) -> list[Match]:
    """A country or region only where nothing finer in it is named ('约旦：…亚喀巴': Aqaba, not Jordan)."""
    finer = {p.entry.country for p in places if p.entry.kind in ("base", "city")}
    out = [p for p in places if p.entry.kind in ("base", "city") or p.entry.country not in finer]
    return [p for i, p in enumerate(out) if all(o.entry.id != p.entry.id for o in out[:i])]
