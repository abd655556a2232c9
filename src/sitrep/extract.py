"""Stage 3, extract: find event mentions in a cleaned article, sentence by sentence.

A sentence with an attack trigger that is not a threat, a plan, a denial or a
habit gives one *frame* per (place, date) it states. Dated frames become
mentions; undated frames only add detail (a base, casualties, a weapon) to the
dated mention they follow, as reporters state the event and then describe it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field, replace

from . import lexicon as lx
from .dates import TimeExpression, find_times, parse_clock_time
from .kb import KnowledgeBase, Match
from .models import CleanArticle, Count, Evidence, Mention
from .rules import Rulebook
from .roles import Roles, assign_roles, implied_target
from .text import Sentence, split_sentences
from .weapons import classify_weapons, sub_event_type

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
    target_list: bool = False
    response_only: bool = False
    rule_ids: list[str] = field(default_factory=list)  # the trigger rules that made the sentence an attack
    count_rules: dict[str, list[str]] = field(default_factory=dict)  # "killed" -> the count rules behind it


def extract_mentions(article: CleanArticle, kb: KnowledgeBase) -> list[Mention]:
    """Every event mention in an article, each with its evidence."""
    text = article.text
    sentences = split_sentences(text)
    strong_ref = article.reference_date if article.reference_source in ("published", "url") else None
    refs = _sentence_references(sentences, strong_ref, kb.rules)
    frames: list[Frame] = []
    for sentence, ref in zip(sentences, refs):
        frames.extend(frames_of(sentence, ref, kb))
    mentions = _assemble(article, frames, kb)
    return mentions + _named_targets(sentences, mentions, kb) + _landmark_mentions(article, sentences, kb)


def _named_targets(sentences: list[Sentence], mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """'... fired missiles at two military bases in Iraq.' then 'The base in Erbil has been a hub ...' (or
    'The Erbil base ...', 'In Erbil, the base ...'): the definite base after an attack on several bases
    names one of them."""
    out, the_base = [], kb.rules.regex("site.the_base")
    for mention in [m for m in mentions if kb.rules.regex("site.plural_targets").search(m.evidence.quote)]:
        later = [s for s in sentences if 0 < s.start - mention.evidence.end <= 4000]
        for sentence in later:
            lead = the_base.match(sentence.text)
            # The rule's group that matched marks where the base's place is written.
            at = next(lead.start(g) for g in ("place", "named", "scene") if lead.group(g) is not None) if lead else 0
            places = kb.place_matcher.find(sentence.text, at, at + 40) if lead else []
            place = places[0] if places and places[0].start - at <= 4 else None
            if place is None or place.entry.id == mention.place_id or place.entry.country != mention.country:
                continue
            evidence = Evidence(doc=mention.doc, start=sentence.start, end=sentence.end, quote=sentence.text,
                                rule="named-target", rule_ids=["site.plural_targets", "site.the_base"])
            target = mention.model_copy(deep=True, update={
                "id": hashlib.sha1(f"{mention.doc}:{sentence.start}:{place.entry.id}".encode()).hexdigest()[:16],
                "evidence": evidence, "extra_evidence": [mention.evidence], "killed": None, "injured": None})
            _set_place(target, place)
            out.append(target)
    return out


def _landmark_mentions(article: CleanArticle, sentences: list[Sentence], kb: KnowledgeBase) -> list[Mention]:
    """'in retaliation for the killing of Soleimani': a reference to a landmark event is a mention of it,
    dated and placed by the knowledge base, so the attacks that answer it can be linked."""
    doc, out, seen = article.article, [], set()
    before_name, after_name = kb.rules.regex("response.killing_before"), kb.rules.regex("response.killing_after")
    for sentence in sentences:
        for match in kb.victim_matcher.find(sentence.text):
            landmark = match.entry
            before = sentence.text[max(0, match.start - 60):match.start]
            cue = ("response.killing_before" if before_name.search(before) else
                   "response.killing_after" if after_name.match(sentence.text[match.end:match.end + 20]) else None)
            if landmark.id in seen or cue is None:
                continue
            seen.add(landmark.id)
            mention = _landmark_mention(doc.id, doc.published, landmark, sentence, kb)
            mention.evidence.rule_ids = [cue]
            out.append(mention)
    return out


def _landmark_mention(doc_id: str, published, landmark, sentence: Sentence, kb: KnowledgeBase) -> Mention:
    place, attacker = kb.places[landmark.place], kb.actors[landmark.actor1]
    target = kb.actors.get(landmark.actor2 or "")
    evidence = Evidence(doc=doc_id, start=sentence.start, end=sentence.end, quote=sentence.text, rule="landmark")
    mention = Mention(
        id=hashlib.sha1(f"{doc_id}:{sentence.start}:{landmark.id}".encode()).hexdigest()[:16], doc=doc_id,
        published=published, date=landmark.date, date_precision="day", date_text=None,
        weapons=list(landmark.weapons), actor1=attacker.name, actor1_affiliation=kb.affiliation(attacker),
        actor2=target.name if target else None, actor2_affiliation=kb.affiliation(target) if target else None,
        killed=None, landmark=landmark.id, evidence=evidence)
    _set_place(mention, Match(sentence.start, sentence.start, "", place))
    mention.place_text = None
    mention.sub_event_type = sub_event_type(mention.weapons, mention.actor1_affiliation)
    return mention


def frames_of(sentence: Sentence, ref: dt.date | None, kb: KnowledgeBase) -> list[Frame]:
    """The (place, date) frames one sentence states, or none if it states no attack."""
    rules = kb.rules
    s, response = _main_clause(sentence.text, rules)
    states = _states_attack(s, rules)
    target_list = bool(rules.regex("trigger.target_list").search(s) and rules.regex("attribute.operation").search(s))
    response_alone = bool(rules.regex("response.alone").search(s))
    if not response_alone and (s.rstrip().endswith("?") or not (states or target_list)):
        return []
    dateline = rules.regex("site.dateline").match(s)
    body = dateline.end() if dateline else 0
    actors = [a for a in kb.actor_matcher.find(s) if a.start >= body and not rules.regex("site.names_war").match(s, a.end)]
    places = [p for p in kb.place_matcher.find(s) if p.start >= body and _attack_site(s, p, actors, rules)]
    roles = assign_roles(s, actors, places, kb)
    times = _event_times(s, ref, rules)
    triggers = [rule_id for rule_id, fired in (("trigger.attack", states), ("trigger.target_list", target_list),
                                               ("response.alone", response_alone)) if fired]
    if response_alone and not places and not (times and states):
        return [Frame(sentence, None, None, Roles(), response=sentence.text, response_only=True, rule_ids=triggers)]
    if response_alone and not states:
        return []
    if not times and places and roles.attacker_affiliation and roles.target_affiliation:
        times = _statement_day(s, ref, rules)
    if roles.attacker_affiliation is None and roles.target_affiliation is None and not _at_us_site(places):
        if times:
            return []  # a dated attack with neither side in this theatre
        places = []  # an undated detail sentence: it may only describe a nearby event
    if roles.attacker_affiliation == "US" and roles.target_affiliation is None:
        roles = replace(roles, target_affiliation=implied_target(sentence.text, rules))
    attrs = _attributes(s, kb)
    attrs["response"] = response
    attrs["target_list"] = target_list
    attrs["rule_ids"] = triggers
    pairs = _pair_places_and_times(s, places, times)
    return [Frame(sentence, t, p, roles, **attrs) for p, t in pairs]


def _attack_site(s: str, p: Match, actors: list[Match], rules: Rulebook) -> bool:
    """A place named in an attack sentence that could be where it happened: not part of an actor's name, a
    speaker ('Tehran said', 'officials in Amman'), a war's name, an origin, a border or the US itself."""
    return (not _inside_actor(p, actors) and not rules.regex("site.speaks").match(s, p.end)
            and not rules.regex("site.speaker_seat").search(s, max(0, p.start - 40), p.start)
            and not rules.regex("site.names_war").match(s, p.end)
            and not rules.regex("site.war_in").search(s, max(0, p.start - 30), p.start)
            and not _is_origin(s, p, rules) and not _names_actor(s, p, actors, rules)
            and not rules.regex("site.not_a_site_after").match(s, p.end)
            and p.entry.country != "US")


def _main_clause(s: str, rules: Rulebook) -> tuple[str, str | None]:
    """Split off 'in response to the attack by X on Monday': it describes the earlier event.
    The main clause is blanked, not cut, so spans stay valid."""
    cue = rules.regex("response.clause").search(s)
    if not cue:
        return s, (s if rules.regex("response.cue").search(s) else None)
    if cue.start() < 5:
        comma = s.find(",", cue.end())
        if comma == -1:
            return s, s
        return " " * (comma + 1) + s[comma + 1:], s[:comma]
    return s[:cue.start()] + " " * (len(s) - cue.start()), s[cue.start():]


def _states_attack(s: str, rules: Rulebook) -> bool:
    if rules.regex("modality.negated").search(s) or rules.regex("modality.habitual").search(s):
        return False
    modal, tally, clause_break = (rules.regex("modality.before"), rules.regex("trigger.tally_before"),
                                  rules.regex("modality.clause_break"))
    for m in rules.regex("trigger.attack").finditer(s):
        if m.group(0).lower().endswith("s") and tally.search(s[max(0, m.start() - 30):m.start()]):
            continue  # "over 143 attacks": a running tally, not an event
        before = s[max(0, m.start() - 60):m.start()]
        window = clause_break.split(before)[-1]
        if not modal.search(window):
            return True
    return False


def _event_times(s: str, ref: dt.date | None, rules: Rulebook) -> list[TimeExpression]:
    """Dates of the event, not of its report: 'As reported on October 27 and November 10, ...' is dropped
    as a whole list."""
    out, previous_dropped, previous_end = [], False, 0
    for t in find_times(s, ref, rules):
        listed = previous_dropped and rules.regex("date.list_and").fullmatch(s[previous_end:t.start])
        keep = _is_event_time(s, t, rules) and not listed
        if keep:
            out.append(t)
        previous_dropped, previous_end = not keep, t.end
    return out


def _statement_day(s: str, ref: dt.date | None, rules: Rulebook) -> list[TimeExpression]:
    """'Iran said on Wednesday it had concluded its attacks ... after firing missiles at two bases': a
    fresh report gives no day for the attack, only the statement's. As ACLED does, the attack takes the
    report's day at week precision, when the statement is at most two days before publication."""
    if ref is None:
        return []
    for t in find_times(s, ref, rules):
        if t.reporting and t.precision == "day" and t.date and 0 <= (ref - t.date).days <= 2:
            return [replace(t, precision="week", reporting=False, kind="statement-day")]
    return []


def _is_event_time(s: str, t: TimeExpression, rules: Rulebook) -> bool:
    if t.reporting or t.kind == "year" or t.precision in ("month", "year", "week"):
        return False
    before = s[max(0, t.start - 30):t.start]
    clause = rules.regex("date.clause_break").split(s[max(0, t.start - 60):t.start])[-1]
    return (not rules.regex("date.window_before").search(before) and not rules.regex("date.report_context").search(before)
            and not rules.regex("date.since_in_clause").search(clause))


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
    """Named sites and towns; a region or country only where nothing finer in it is named,
    and a town only if no named site lies in it ('Erbil Air Base in Erbil')."""
    finer = [p for p in places if p.entry.kind in ("base", "city")]
    out: list[Match] = []
    for p in places:
        kind = p.entry.kind
        if kind in ("region", "country") and any(f.entry.country == p.entry.country for f in finer):
            continue
        if kind == "city" and any(f.entry.kind == "base" and _km(f.entry, p.entry) < 30 for f in finer):
            continue
        if all(o.entry.id != p.entry.id for o in out):
            out.append(p)
    return sorted(out, key=lambda m: m.start)


def _km(a, b) -> float:
    dlat, dlon = (a.lat - b.lat) * 111.0, (a.lon - b.lon) * 111.0 * math.cos(math.radians(a.lat))
    return math.hypot(dlat, dlon)


def _attributes(s: str, kb: KnowledgeBase) -> dict:
    weapons, models = classify_weapons(s, kb)
    rules = kb.rules
    killed, injured, count_rules = _casualties(s, rules)
    op = rules.regex("attribute.operation").search(s)
    operation = None
    if op and op.group(1).lower() not in lx.NOT_ATTACK_OPERATIONS:
        operation = f"Operation {op.group(1)}"
    damage = rules.regex("attribute.damage").search(s)
    response = rules.regex("response.cue").search(s)
    intercepted, launched = _intercepted(s, rules), _launched(s, rules)
    if intercepted is not None:
        count_rules["intercepted"] = ["count.intercepted"]
    if launched is not None:
        count_rules["launched"] = ["count.launched_range"]
    return dict(
        weapons=weapons, models=models,
        defences=sorted({m.entry.name for m in kb.defence_matcher.find(s)}),
        killed=killed, injured=injured, intercepted=intercepted, launched=launched, count_rules=count_rules,
        damage=damage.group(1).lower() if damage else None, operation=operation,
        claimed=bool(rules.regex("attribute.claim").search(s)), response=s[response.start():] if response else None,
        clock=parse_clock_time(s, rules), anaphoric=bool(rules.regex("trigger.anaphor").search(s)),
    )


# The casualty rules, in the order their matches are read: a figure found by an earlier one is kept.
COUNT_RULES = ("count.passive", "count.active", "count.noun", "count.sustain")


def _casualties(s: str, rules: Rulebook) -> tuple[Count | None, Count | None, dict[str, list[str]]]:
    """The killed and injured counts of a sentence, and the rules that gave each."""
    found: dict[str, list[tuple[int, Count]]] = {"killed": [], "injured": []}
    rule_of: dict[tuple[str, int], str] = {}
    for rule_id in COUNT_RULES:
        for m in rules.regex(rule_id).finditer(s):
            kind = m.group("kind").lower()
            key = "killed" if kind.startswith(("kill", "die", "dead", "death")) else "injured"
            count = _count(m)
            if count is not None and all(m.start() != start for start, _ in found[key]):
                found[key].append((m.start(), count))
                rule_of[key, m.start()] = rule_id
    killed, injured = _total(found["killed"]), _total(found["injured"])
    ids = {key: _count_rules(found[key], total, key, rule_of) for key, total in (("killed", killed), ("injured", injured))
           if total is not None}
    if killed is None and rules.regex("count.none_killed").search(s):
        killed, ids["killed"] = Count(value=0, qualifier="none reported"), ["count.none_killed"]
    if injured is None and rules.regex("count.none_injured").search(s):
        injured, ids["injured"] = Count(value=0, qualifier="none reported"), ["count.none_injured"]
    if injured is None and rules.regex("count.no_casualties").search(s):
        injured, ids["injured"] = Count(value=0, qualifier="none reported"), ["count.no_casualties"]
    return killed, injured, ids


def _count_rules(found: list[tuple[int, Count]], total: Count, key: str, rule_of: dict) -> list[str]:
    """The rules behind `total`: the first figure's, or every figure's when `_total` added them up."""
    ordered = sorted(found, key=lambda sc: sc[0])
    starts = [ordered[0][0]] if total is ordered[0][1] else [start for start, _ in ordered]
    return list(dict.fromkeys(rule_of[key, start] for start in starts))


def _total(counts: list[tuple[int, Count]]) -> Count | None:
    """'wounded one U.S. service member, wounded four U.S. contractors': groups of one sentence add up;
    a figure given twice for the same people, or with no number, is taken once (the first)."""
    if not counts:
        return None
    ordered = [c for _, c in sorted(counts, key=lambda sc: sc[0])]
    groups = {c.who for c in ordered}
    if len(ordered) > 1 and len(groups) == len(ordered) and None not in groups and \
            all(c.value is not None and c.qualifier is None for c in ordered):
        return Count(value=sum(c.value for c in ordered), who=", ".join(f"{c.value} {c.who}" for c in ordered))
    return ordered[0]


def _count(m: re.Match) -> Count | None:
    """The count a casualty match states; None for a figure that is no count (over lx.MAX_COUNT)."""
    raw = " ".join(m.group("n").lower().split())
    qualifier = " ".join((m.group("q") or "").lower().split()) or None
    who = " ".join((m.group("who") or "").split()) or None if "who" in m.groupdict() else None
    value = lx.parse_count(raw)
    if value is None:
        if raw[:1].isdigit():
            return None
        return Count(value=None, qualifier=raw, who=who)
    low = value if qualifier in ("at least", "more than", "over") else None
    return Count(value=value if qualifier not in ("up to",) else None, low=low, qualifier=qualifier, who=who)


def _intercepted(s: str, rules: Rulebook) -> Count | None:
    m = rules.regex("count.intercepted").search(s)
    if not m:
        return None
    raw = " ".join((m.group("n") or m.group("n2") or "").lower().split())
    if raw.isdecimal() or raw in lx.NUMBER_WORDS:
        value = lx.parse_count(raw)
        return Count(value=value) if value is not None else None  # None: a figure too large to be a count
    share = {"the majority": "most", "majority": "most", "a portion": "some", "part": "some"}.get(raw, raw)
    return Count(value=None, qualifier=share)


def _launched(s: str, rules: Rulebook) -> Count | None:
    m = rules.regex("count.launched_range").search(s)
    if not m or not rules.regex("count.launched_weapon").search(s):
        return None
    lo, hi = lx.parse_count(m.group("lo")), lx.parse_count(m.group("hi"))
    if lo is None or hi is None or not (0 < lo < hi < 1000):
        return None
    return Count(low=lo, high=hi, qualifier="between")


def _inside_actor(place: Match, actors: list[Match]) -> bool:
    """'Islamic Resistance in Iraq' names an actor, not a place; a bare 'Iraq' is both."""
    return any(a.start <= place.start and place.end <= a.end and a.end - a.start > place.end - place.start
               for a in actors)


def _names_actor(s: str, place: Match, actors: list[Match], rules: Rulebook) -> bool:
    """'Iran launched ...' names a party; 'in Iran' names a place."""
    if not any(a.start == place.start and a.end == place.end for a in actors):
        return False
    return not rules.regex("site.locative").search(s[max(0, place.start - 40):place.start])


def _is_origin(s: str, place: Match, rules: Rulebook) -> bool:
    return bool(rules.regex("site.origin").search(s[max(0, place.start - 25):place.start]))


def _at_us_site(places: list[Match]) -> bool:
    return any(p.entry.kind == "base" for p in places)


def _sentence_references(sentences: list[Sentence], ref: dt.date | None, rules: Rulebook) -> list[dt.date | None]:
    """An embedded post ('— CENTCOM (@CENTCOM) January 20, 2024') dates the sentences above it."""
    refs = [ref] * len(sentences)
    post_date = rules.regex("clean.post_attribution")
    for i, sentence in enumerate(sentences):
        m = post_date.match(sentence.text)
        if not m:
            continue
        times = find_times(m.group(1), None, rules)
        if not times or times[0].date is None:
            continue
        j = i - 1
        while j >= 0 and sentences[j].paragraph >= sentences[i].paragraph - 2 and not post_date.match(sentences[j].text):
            refs[j] = times[0].date
            j -= 1
    return refs


def _assemble(article: CleanArticle, frames: list[Frame], kb: KnowledgeBase) -> list[Mention]:
    doc = article.article
    mentions: list[Mention] = []
    operations: dict[str, list[Mention]] = {}
    undated = [f for f in frames if f.time is None or _bare_weekday(f)]
    leftovers: list[Frame] = []
    for frame in frames:
        if frame.time is None or _bare_weekday(frame):
            continue
        located = [frame] if frame.place is not None else _borrow_place(frame, undated)
        if not located:
            leftovers.append(frame)
        for f in located:
            mention = _mention(doc.id, doc.published, f, kb)
            mentions.append(mention)
            if f.operation:
                operations.setdefault(f.operation, []).append(mention)
    for frame in leftovers:
        # A dated sentence with no place ("The attack on Saturday ...") describes a located one.
        same_day = [m for m in mentions if m.date and frame.time.date and abs((m.date - frame.time.date).days) <= 1
                    and _compatible(frame, m) and abs(m.evidence.start - frame.sentence.start) < 3000]
        for mention in same_day[-1:]:
            _enrich(mention, frame, kb)
            if frame.operation:
                operations.setdefault(frame.operation, []).append(mention)
    for frame in undated:
        _attach(frame, mentions, operations, kb, doc.id)
    for mention in mentions:
        if mention.actor1 is None and mention.actor2_affiliation:
            _attacker_from_context(mention, article.text, kb)
    return [m for m in mentions if m.country]


_ARMED_KINDS = ("militia", "state_force", "group", "generic")


def _attacker_from_context(mention: Mention, text: str, kb: KnowledgeBase, reach: int = 700) -> None:
    """'Iran-backed militia groups ... have been involved in attacks. Recent attacks have included ones on
    Balad Air Base on April 4': an attack told without its attacker is by the armed group of the other
    side named just before it."""
    start = mention.evidence.start
    window = text[max(0, start - reach):start]
    for match in reversed(kb.actor_matcher.find(window)):
        if kb.rules.regex("site.names_war").match(window, match.end):
            continue
        actor = match.entry
        affiliation = kb.affiliation(actor)
        if actor.kind in _ARMED_KINDS and affiliation and affiliation != mention.actor2_affiliation:
            mention.actor1, mention.actor1_affiliation = actor.name, affiliation
            mention.sub_event_type = sub_event_type(mention.weapons, affiliation)
            return


def _borrow_place(frame: Frame, undated: list[Frame]) -> list[Frame]:
    """'An attack on Al-Asad Airbase ...' then 'The assault, carried out on Monday night': one event."""
    near = [f for f in undated if f.place is not None and abs(f.sentence.index - frame.sentence.index) <= 2
            and f.sentence.paragraph == frame.sentence.paragraph and _roles_agree(f.roles, frame.roles)]
    if not near:
        return []
    closest = min(abs(f.sentence.index - frame.sentence.index) for f in near)
    out = []
    for f in near:
        if abs(f.sentence.index - frame.sentence.index) == closest:
            roles = Roles(frame.roles.attacker or f.roles.attacker,
                          frame.roles.attacker_affiliation or f.roles.attacker_affiliation,
                          frame.roles.target or f.roles.target,
                          frame.roles.target_affiliation or f.roles.target_affiliation)
            merged = replace(frame, place=f.place, roles=roles,
                             weapons=sorted(set(frame.weapons) | set(f.weapons)),
                             models=sorted(set(frame.models) | set(f.models)),
                             killed=frame.killed or f.killed, injured=frame.injured or f.injured,
                             damage=frame.damage or f.damage)
            out.append(merged)
    return out


def _roles_agree(a: Roles, b: Roles) -> bool:
    return not (a.attacker_affiliation and b.attacker_affiliation and a.attacker_affiliation != b.attacker_affiliation) \
        and not (a.target_affiliation and b.target_affiliation and a.target_affiliation != b.target_affiliation)


def _attach(frame: Frame, mentions, operations, kb, doc_id) -> None:
    """An undated frame adds detail to the dated mention it describes, if one is near."""
    if frame.response_only:
        for mention in _latest_before(frame, mentions):
            mention.responds_to_text = mention.responds_to_text or frame.response
            mention.extra_evidence.append(_evidence(frame, mention.doc, "response", frame.rule_ids))
        return
    targets = operations.get(frame.operation or "", []) or _nearby(frame, mentions)
    compatible = [m for m in targets if _compatible(frame, m)]
    answered = [m for m in targets if _answers_immediately(frame, m, kb.rules)]
    if answered:
        # "a self-defence strike ... immediately after it occurred": same day, same country.
        m = answered[-1]
        country = kb.country(m.country)
        if country is not None:
            located = replace(frame, place=Match(m.evidence.start, m.evidence.start, m.country, country))
            mentions.append(_mention(doc_id, m.published, located, kb, like=m))
        return
    if frame.place is None:
        for mention in compatible:
            _enrich(mention, frame, kb)
        return
    same = [m for m in compatible if m.place_id == frame.place.entry.id]
    coarser = [m for m in compatible if m.country == frame.place.entry.country and _coarser(m, frame.place)]
    if same or coarser:
        for mention in same or coarser[:1]:
            _enrich(mention, frame, kb)
    elif frame.operation and compatible and (frame.roles.attacker_affiliation or frame.target_list):
        # The text ties an operation's named targets to its dated mention.
        mention = _mention(doc_id, compatible[0].published, frame, kb, like=compatible[0])
        mentions.append(mention)
        operations.setdefault(frame.operation, []).append(mention)


def _nearby(frame: Frame, mentions: list[Mention]) -> list[Mention]:
    """The dated mentions of the closest earlier sentence within reach (in characters)."""
    reach = 4000 if frame.place is not None else (2500 if frame.anaphoric else 1200)
    before = [m for m in mentions if m.evidence.start <= frame.sentence.start
              and frame.sentence.start - m.evidence.end <= reach]
    if frame.place is not None:
        before = [m for m in before if m.country == frame.place.entry.country]
    if not before:
        return []
    last = max(m.evidence.start for m in before)
    return [m for m in before if m.evidence.start == last]


def _latest_before(frame: Frame, mentions: list[Mention], reach: int = 2500) -> list[Mention]:
    """'In response, I directed this military action': a response follows what it answers, so the
    sentence speaks of the latest-dated strike told just before it."""
    before = [m for m in mentions if m.date and m.evidence.start <= frame.sentence.start
              and frame.sentence.start - m.evidence.end <= reach]
    if not before:
        return []
    latest = max(m.date for m in before)
    return [m for m in before if m.date == latest]


def _answers_immediately(frame: Frame, mention: Mention, rules: Rulebook) -> bool:
    a = frame.roles.attacker_affiliation
    return bool(a and mention.actor1_affiliation and a != mention.actor1_affiliation and frame.response
                and rules.regex("response.prompt").search(frame.response))


def _compatible(frame: Frame, mention: Mention) -> bool:
    """Neither side contradicts, and the frame's attacker is not the mention's target."""
    r = frame.roles
    mention_roles = Roles(None, mention.actor1_affiliation, None, mention.actor2_affiliation)
    crossed = r.attacker_affiliation and r.attacker_affiliation == mention.actor2_affiliation
    crossed = crossed or (r.target_affiliation and r.target_affiliation == mention.actor1_affiliation)
    return _roles_agree(r, mention_roles) and not crossed


def _coarser(mention: Mention, place: Match) -> bool:
    rank = {"site": 0, "city": 1, "region": 2, "country": 3, "unknown": 4}
    return rank[mention.geo_precision] > rank[{"base": "site"}.get(place.entry.kind, place.entry.kind)]


def _enrich(mention: Mention, frame: Frame, kb: KnowledgeBase) -> None:
    if _dated_otherwise(frame, mention, kb.rules):
        # A quote stitched in from another attack ("hit Al Asad on Monday" under a Wednesday strike)
        # describes that attack: keep it out, and keep it as a sign of a stitched article.
        mention.date_conflicts.append(_evidence(frame, mention.doc, "date-conflict"))
        return
    if frame.place is not None and _coarser(mention, frame.place):
        _set_place(mention, frame.place)
    mention.weapons = sorted(set(mention.weapons) | set(frame.weapons))
    mention.weapon_models = sorted(set(mention.weapon_models) | set(frame.models))
    mention.defences = sorted(set(mention.defences) | set(frame.defences))
    for key in ("killed", "injured", "intercepted", "launched"):
        if getattr(mention, key) is None and getattr(frame, key) is not None:
            setattr(mention, key, _with_evidence(getattr(frame, key), frame, mention.doc, key))
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
    mention.extra_evidence.append(_evidence(frame, mention.doc, "detail", _frame_rules(frame)))


def _bare_weekday(frame: Frame) -> bool:
    """'on Monday' in a text with no date to count from: it can only describe an event told nearby."""
    return frame.time is not None and frame.time.date is None and frame.time.kind == "weekday"


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _dated_otherwise(frame: Frame, mention: Mention, rules: Rulebook) -> bool:
    """The detail sentence's own day (a weekday or a full date) is not the mention's day, nor the next."""
    if mention.date is None or mention.date_precision != "day":
        return False
    if _bare_weekday(frame):
        said = next((i for i, day in enumerate(_WEEKDAYS) if day in frame.time.text.lower()), None)
        # A night attack is told by the day it began: the weekday may be the event's day or the one before.
        return said is not None and said not in (mention.date.weekday(), (mention.date.weekday() - 1) % 7)
    text = frame.sentence.text
    for t in _event_times(text, mention.date, rules):
        if t.precision != "day" or t.date is None or rules.regex("date.possessive_after").match(text[t.end:t.end + 2]):
            continue  # "Monday's attack" names another event; it does not date this passage
        if not -1 <= (t.date - mention.date).days <= 1:
            return True
    return False


def _mention(doc_id: str, published, frame: Frame, kb: KnowledgeBase, like: Mention | None = None) -> Mention:
    t = frame.time
    date = like.date if like else (t.date if t else None)
    precision = like.date_precision if like else (t.precision if t and t.date else "unknown")
    evidence = _evidence(frame, doc_id, "attack-trigger", _frame_rules(frame))
    key = f"{doc_id}:{evidence.start}:{frame.place.entry.id if frame.place else ''}:{t.start if t else ''}"
    mention = Mention(
        id=hashlib.sha1(key.encode()).hexdigest()[:16], doc=doc_id, published=published,
        date=date, date_precision=precision if date else "unknown", date_text=t.text if t else None,
        time=frame.clock or (t.time_of_day if t else None),
        weapons=frame.weapons, weapon_models=frame.models, defences=frame.defences,
        actor1=frame.roles.attacker or (like.actor1 if like else None),
        actor1_affiliation=frame.roles.attacker_affiliation or (like.actor1_affiliation if like else None),
        actor2=frame.roles.target, actor2_affiliation=frame.roles.target_affiliation,
        killed=_with_evidence(frame.killed, frame, doc_id, "killed"),
        injured=_with_evidence(frame.injured, frame, doc_id, "injured"),
        launched=frame.launched, intercepted=frame.intercepted, damage=frame.damage,
        claimed_by=frame.roles.attacker if frame.claimed else None,
        operation=frame.operation or (like.operation if like else None),
        responds_to_text=frame.response or (like.responds_to_text if like else None),
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


def _evidence(frame: Frame, doc_id: str, rule: str, rule_ids: list[str] | None = None) -> Evidence:
    s = frame.sentence
    return Evidence(doc=doc_id, start=s.start, end=s.end, quote=s.text, rule=rule, rule_ids=rule_ids or [])


def _frame_rules(frame: Frame) -> list[str]:
    """The rules behind a frame: its triggers, the rule that read its date, the rules behind its counts."""
    date = []
    if frame.time is not None:  # a day taken from a statement ("said on Wednesday") is a reporting date
        date = ["date.reporting" if frame.time.kind == "statement-day" else f"date.{frame.time.kind}"]
    counts = [rule_id for key in ("killed", "injured", "intercepted", "launched")
              for rule_id in frame.count_rules.get(key, ())]
    return list(dict.fromkeys([*frame.rule_ids, *date, *counts]))


def _with_evidence(count: Count | None, frame: Frame, doc_id: str, key: str) -> Count | None:
    if count is None:
        return None
    evidence = _evidence(frame, doc_id, "casualty-count", frame.count_rules.get(key))
    return count.model_copy(update={"evidence": evidence})
