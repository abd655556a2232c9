"""Stage 3, extract: find event mentions in a cleaned article, sentence by sentence.

A sentence with an attack trigger that is not a threat, a plan, a denial or a
habit gives one *frame* per (place, date) it states. Dated frames become
mentions; undated frames only add detail (a base, casualties, a weapon) to the
dated mention they follow, as reporters state the event and then describe it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .dates import TimeExpression, find_times, parse_clock_time
from .kb import KnowledgeBase, Match
from .models import CleanArticle, Count, Evidence, Mention
from .roles import Roles, assign_roles
from .text import Sentence, split_sentences
from .weapons import classify_weapons, sub_event_type

_POST_DATE = re.compile(r"^\s*[—–-]{1,2}\s*.{1,80}\(@\w+\)\s+(\w+\.? \d{1,2}, \d{4})\s*$")
_PLACE_ORIGIN = re.compile(r"\b(?:from|inside|out\s+of)\s+(?:\w+\s+){0,2}$", re.I)
_ANAPHOR = re.compile(r"\b(?:the|this|that|Monday's|Sunday's|Saturday's|these)\s+(?:\w+\s+){0,2}"
                      r"(?:attack|assault|strikes?|barrage|incident)\b", re.I)
_SINCE = re.compile(r"\b(?:since|as\s+of|until|through|by|after|before|from)\s+(?:\w+\s+)?$", re.I)
_REPORT_CONTEXT = re.compile(r"\b(?:reported|report|letter|statement|announced|said|wrote)\s+(?:on\s+)?$", re.I)


@dataclass
class Frame:
    sentence: Sentence
    time: TimeExpression | None
    place: Match | None
    roles: Roles
    weapons: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    defences: list[str] = field(default_factory=list)
    killed: Count | None = None
    injured: Count | None = None
    intercepted: Count | None = None
    launched: Count | None = None
    damage: str | None = None
    operation: str | None = None
    claimed: bool = False
    response: str | None = None
    clock: str | None = None
    anaphoric: bool = False


def extract_mentions(article: CleanArticle, kb: KnowledgeBase) -> list[Mention]:
    """Every event mention in an article, each with its evidence."""
    text = article.text
    sentences = split_sentences(text)
    strong_ref = article.reference_date if article.reference_source in ("published", "url") else None
    refs = _sentence_references(sentences, strong_ref)
    frames: list[Frame] = []
    for sentence, ref in zip(sentences, refs):
        frames.extend(frames_of(sentence, ref, kb))
    return _assemble(article, frames, kb)


def frames_of(sentence: Sentence, ref: dt.date | None, kb: KnowledgeBase) -> list[Frame]:
    """The (place, date) frames one sentence states, or none if it states no attack."""
    s = sentence.text
    if s.rstrip().endswith("?") or not _states_attack(s):
        return []
    actors = kb.actor_matcher.find(s)
    places = [p for p in kb.place_matcher.find(s) if not _inside_actor(p, actors) and not _is_origin(s, p)]
    roles = assign_roles(s, actors, places, kb)
    if roles.attacker_affiliation is None and roles.target_affiliation is None and not _at_us_site(places):
        return []
    times = [t for t in find_times(s, ref) if _is_event_time(s, t)]
    attrs = _attributes(s, kb)
    pairs = _pair_places_and_times(s, places, times)
    return [Frame(sentence, t, p, roles, **attrs) for p, t in pairs]


def _states_attack(s: str) -> bool:
    if lx.NEGATED_CLAUSE.search(s) or lx.HABITUAL.search(s):
        return False
    for m in lx.TRIGGER.finditer(s):
        before = s[max(0, m.start() - 60):m.start()]
        window = re.split(r"[,;:]|\b(?:and|but|which|that)\b", before)[-1]
        if not lx.MODAL_BEFORE.search(window):
            return True
    return False


def _is_event_time(s: str, t: TimeExpression) -> bool:
    if t.reporting or t.kind == "year" or t.precision in ("month", "year", "week"):
        return False
    before = s[max(0, t.start - 30):t.start]
    return not _SINCE.search(before) and not _REPORT_CONTEXT.search(before)


def _pair_places_and_times(s: str, places: list[Match], times: list[TimeExpression]):
    """'Balad Air Base on April 4 and May 3; Al-Asad Air Base on May 4': each date with its place."""
    best = _event_places(places)
    if len(times) <= 1:
        return [(p, times[0] if times else None) for p in (best or [None])]
    pairs, previous_end, last_place = [], 0, None
    for t in times:
        window = [p for p in places if previous_end <= p.start < t.start]
        segment_start = s.rfind(";", 0, t.start)
        if window:
            last_place = _event_places(window)[0]
        elif segment_start > previous_end:
            last_place = None
        pairs.append((last_place or (best[0] if best else None), t))
        previous_end = t.end
    return pairs


def _event_places(places: list[Match]) -> list[Match]:
    """Per country, the most specific places named; a country alone only if nothing finer is."""
    rank = {"base": 0, "city": 1, "region": 2, "country": 3}
    by_country: dict[str, list[Match]] = {}
    for p in places:
        by_country.setdefault(p.entry.country, []).append(p)
    out: list[Match] = []
    for matches in by_country.values():
        top = min(rank[m.entry.kind] for m in matches)
        seen = set()
        for m in matches:
            if rank[m.entry.kind] == top and m.entry.id not in seen:
                seen.add(m.entry.id)
                out.append(m)
    return sorted(out, key=lambda m: m.start)


def _attributes(s: str, kb: KnowledgeBase) -> dict:
    weapons, models = classify_weapons(s, kb)
    killed, injured = _casualties(s)
    op = lx.OPERATION.search(s)
    operation = None
    if op and op.group(1).lower() not in lx.NOT_ATTACK_OPERATIONS:
        operation = f"Operation {op.group(1)}"
    damage = lx.DAMAGE.search(s)
    response = lx.RESPONSE_CUE.search(s)
    return dict(
        weapons=weapons, models=models,
        defences=sorted({m.entry.name for m in kb.defence_matcher.find(s)}),
        killed=killed, injured=injured, intercepted=_intercepted(s), launched=_launched(s),
        damage=damage.group(1).lower() if damage else None, operation=operation,
        claimed=bool(lx.CLAIM.search(s)), response=s[response.start():] if response else None,
        clock=parse_clock_time(s), anaphoric=bool(_ANAPHOR.search(s)),
    )


def _casualties(s: str) -> tuple[Count | None, Count | None]:
    killed = injured = None
    for _, pattern in lx.COUNT_PATTERNS:
        for m in pattern.finditer(s):
            count = _count(m)
            kind = m.group("kind").lower()
            if kind.startswith(("kill", "die", "dead", "death")):
                killed = killed or count
            else:
                injured = injured or count
    if killed is None and lx.NONE_KILLED.search(s):
        killed = Count(value=0, qualifier="none reported")
    if injured is None and lx.NONE_INJURED.search(s):
        injured = Count(value=0, qualifier="none reported")
    if injured is None and re.search(r"\bno\s+(?:u\.?s\.?\s+)?casualties\b", s, re.I):
        injured = Count(value=0, qualifier="none reported")
    return killed, injured


def _count(m: re.Match) -> Count:
    raw = " ".join(m.group("n").lower().split())
    qualifier = " ".join((m.group("q") or "").lower().split()) or None
    who = " ".join((m.group("who") or "").split()) or None if "who" in m.groupdict() else None
    if raw.replace(",", "").isdigit():
        value = int(raw.replace(",", ""))
    elif raw in lx.NUMBER_WORDS:
        value = lx.NUMBER_WORDS[raw]
    else:
        return Count(value=None, qualifier=raw, who=who)
    low = value if qualifier in ("at least", "more than", "over") else None
    return Count(value=value if qualifier not in ("up to",) else None, low=low, qualifier=qualifier, who=who)


def _intercepted(s: str) -> Count | None:
    m = lx.INTERCEPT.search(s)
    if not m:
        return None
    raw = " ".join((m.group("n") or m.group("n2") or "").lower().split())
    if raw.isdigit():
        return Count(value=int(raw))
    if raw in lx.NUMBER_WORDS:
        return Count(value=lx.NUMBER_WORDS[raw])
    share = {"the majority": "most", "majority": "most", "a portion": "some", "part": "some"}.get(raw, raw)
    return Count(value=None, qualifier=share)


def _launched(s: str) -> Count | None:
    m = lx.LAUNCHED_RANGE.search(s)
    if not m or not re.search(r"missiles|rockets|drones|projectiles|barrage", s, re.I):
        return None
    lo, hi = int(m.group("lo")), int(m.group("hi"))
    if not (0 < lo < hi < 1000):
        return None
    return Count(low=lo, high=hi, qualifier="between")


def _inside_actor(place: Match, actors: list[Match]) -> bool:
    return any(a.start <= place.start and place.end <= a.end for a in actors)


def _is_origin(s: str, place: Match) -> bool:
    return bool(_PLACE_ORIGIN.search(s[max(0, place.start - 25):place.start]))


def _at_us_site(places: list[Match]) -> bool:
    return any(p.entry.kind == "base" for p in places)


def _sentence_references(sentences: list[Sentence], ref: dt.date | None) -> list[dt.date | None]:
    """An embedded post ('— CENTCOM (@CENTCOM) January 20, 2024') dates the sentences above it."""
    refs = [ref] * len(sentences)
    for i, sentence in enumerate(sentences):
        m = _POST_DATE.match(sentence.text)
        if not m:
            continue
        times = find_times(m.group(1), None)
        if not times or times[0].date is None:
            continue
        j = i - 1
        while j >= 0 and sentences[j].paragraph >= sentences[i].paragraph - 2 and not _POST_DATE.match(sentences[j].text):
            refs[j] = times[0].date
            j -= 1
    return refs


def _assemble(article: CleanArticle, frames: list[Frame], kb: KnowledgeBase) -> list[Mention]:
    doc = article.article
    mentions: list[Mention] = []
    by_sentence: dict[int, list[Mention]] = {}
    operations: dict[str, list[Mention]] = {}
    for frame in frames:
        if frame.time is not None:
            mention = _mention(doc.id, doc.published, frame, kb)
            mentions.append(mention)
            by_sentence.setdefault(frame.sentence.index, []).append(mention)
            if frame.operation:
                operations.setdefault(frame.operation, []).append(mention)
    for frame in frames:
        if frame.time is None:
            _attach(frame, mentions, by_sentence, operations, kb, doc.id)
    return mentions


def _attach(frame: Frame, mentions, by_sentence, operations, kb, doc_id) -> None:
    """An undated frame adds detail to the dated mention it describes, if one is near."""
    targets = operations.get(frame.operation or "", [])
    if not targets:
        for back in range(0, 4):
            near = by_sentence.get(frame.sentence.index - back, [])
            if near and (back <= 1 or frame.anaphoric or frame.place is not None):
                targets = near
                break
    compatible = [m for m in targets if _compatible(frame, m)]
    if frame.place is not None:
        same_place = [m for m in compatible if m.place_id == frame.place.entry.id or
                      (m.country == frame.place.entry.country and _coarser(m, frame.place))]
        if frame.operation and not same_place and compatible and frame.roles.attacker_affiliation:
            # The text ties an operation's named targets to its dated mention.
            mentions.append(_mention(doc_id, compatible[0].published, frame, kb, like=compatible[0]))
            return
        compatible = same_place
    for mention in compatible:
        _enrich(mention, frame, kb)


def _compatible(frame: Frame, mention: Mention) -> bool:
    a = frame.roles.attacker_affiliation
    return not (a and mention.actor1_affiliation and a != mention.actor1_affiliation)


def _coarser(mention: Mention, place: Match) -> bool:
    rank = {"site": 0, "city": 1, "region": 2, "country": 3, "unknown": 4}
    return rank[mention.geo_precision] > rank[{"base": "site"}.get(place.entry.kind, place.entry.kind)]


def _enrich(mention: Mention, frame: Frame, kb: KnowledgeBase) -> None:
    if frame.place is not None and _coarser(mention, frame.place):
        _set_place(mention, frame.place)
    mention.weapons = sorted(set(mention.weapons) | set(frame.weapons))
    mention.weapon_models = sorted(set(mention.weapon_models) | set(frame.models))
    mention.defences = sorted(set(mention.defences) | set(frame.defences))
    for key in ("killed", "injured", "intercepted", "launched"):
        if getattr(mention, key) is None and getattr(frame, key) is not None:
            setattr(mention, key, _with_evidence(getattr(frame, key), frame, mention.doc))
    mention.damage = mention.damage or frame.damage
    mention.operation = mention.operation or frame.operation
    mention.time = mention.time or frame.clock
    if frame.claimed and frame.roles.attacker and not mention.claimed_by:
        mention.claimed_by = frame.roles.attacker
    if mention.actor1 is None and frame.roles.attacker:
        mention.actor1, mention.actor1_affiliation = frame.roles.attacker, frame.roles.attacker_affiliation
    if mention.actor2 is None and frame.roles.target:
        mention.actor2 = frame.roles.target
    mention.actor2_affiliation = mention.actor2_affiliation or frame.roles.target_affiliation
    mention.responds_to_text = mention.responds_to_text or frame.response
    mention.sub_event_type = sub_event_type(mention.weapons, mention.actor1_affiliation)
    mention.extra_evidence.append(_evidence(frame, mention.doc, "detail"))


def _mention(doc_id: str, published, frame: Frame, kb: KnowledgeBase, like: Mention | None = None) -> Mention:
    t = frame.time or (None if like is None else None)
    date = like.date if like else (t.date if t else None)
    precision = like.date_precision if like else (t.precision if t and t.date else "unknown")
    evidence = _evidence(frame, doc_id, "attack-trigger")
    key = f"{doc_id}:{evidence.start}:{frame.place.entry.id if frame.place else ''}:{t.start if t else ''}"
    mention = Mention(
        id=hashlib.sha1(key.encode()).hexdigest()[:16], doc=doc_id, published=published,
        date=date, date_precision=precision if date else "unknown", date_text=t.text if t else None,
        time=frame.clock or (t.time_of_day if t else None),
        weapons=frame.weapons, weapon_models=frame.models, defences=frame.defences,
        actor1=frame.roles.attacker or (like.actor1 if like else None),
        actor1_affiliation=frame.roles.attacker_affiliation or (like.actor1_affiliation if like else None),
        actor2=frame.roles.target, actor2_affiliation=frame.roles.target_affiliation,
        killed=_with_evidence(frame.killed, frame, doc_id), injured=_with_evidence(frame.injured, frame, doc_id),
        launched=frame.launched, intercepted=frame.intercepted, damage=frame.damage,
        claimed_by=frame.roles.attacker if frame.claimed else None,
        operation=frame.operation or (like.operation if like else None), responds_to_text=frame.response,
        evidence=evidence,
    )
    if frame.place is not None:
        _set_place(mention, frame.place)
    mention.sub_event_type = sub_event_type(mention.weapons, mention.actor1_affiliation)
    return mention


def _set_place(mention: Mention, place: Match) -> None:
    p = place.entry
    mention.place_id, mention.location, mention.place_text, mention.country = p.id, p.name, place.text, p.country
    mention.geo_precision = p.precision
    mention.lat, mention.lon = (None, None) if p.kind == "country" else (p.lat, p.lon)


def _evidence(frame: Frame, doc_id: str, rule: str) -> Evidence:
    s = frame.sentence
    return Evidence(doc=doc_id, start=s.start, end=s.end, quote=s.text, rule=rule)


def _with_evidence(count: Count | None, frame: Frame, doc_id: str) -> Count | None:
    if count is None:
        return None
    return count.model_copy(update={"evidence": _evidence(frame, doc_id, "casualty-count")})
