"""Assembly: frames become mentions. Dated frames become mentions; undated frames only add detail (a base,
casualties, a weapon) to the dated mention they follow, as reporters state the event and then describe it."""
from __future__ import annotations

import hashlib
from dataclasses import replace

from ..facts import COUNTS, DETAILS, WEAPONS_AND_COUNTS, merge_facts
from ..kb import KnowledgeBase, Match, Place
from ..models import CleanArticle, Count, Evidence, Mention, PassageFacts
from ..rules import Rulebook
from .attributes import nearest_told, places_told_before, tells_attack_of
from .context import attackers_from_context
from .dates import WEEKDAYS
from .frames import Frame, event_times
from .leads import TURNED, another_target, at_same_site, attack_area, at_sea, counter_fire, headline_place, turned_on, undated_lead
from .roles import Roles
from .timeline import Scopes


def assemble(article: CleanArticle, frames: list[Frame], kb: KnowledgeBase, scopes: Scopes = Scopes()) -> list[Mention]:
    """The mentions of a document's frames. A frame's detail, place and attacker are looked for only in its
    own scope (the whole text, or its timeline entry)."""
    doc = article.article
    mentions: list[Mention] = []
    operations: dict[str, list[Mention]] = {}
    undated = [f for f in frames if f.time is None or _bare_weekday(f)]
    leftovers: list[Frame] = []
    for frame in frames:
        if frame.time is None or _bare_weekday(frame):
            continue
        located = [frame] if frame.place is not None else _borrow_place(
            frame, [f for f in undated if scopes.same(f.sentence.start, frame.sentence.start)], kb.rules)
        if not located:
            leftovers.append(frame)
        for f in located:
            mention = _mention(doc.id, doc.published, f, kb)
            mentions.append(mention)
            if f.operation:
                operations.setdefault(f.operation, []).append(mention)
    for frame in leftovers:
        _place_leftover(frame, mentions, operations, kb, doc, scopes)
    lead = undated_lead(article, undated, mentions, kb.rules)
    if lead is not None:
        mentions.append(_mention(doc.id, doc.published, lead, kb))
    lists, context = _list_sentences(undated), places_told_before(frames, kb)
    for frame in (f for f in undated if lead is None or f.sentence is not lead.sentence):
        _attach(frame, mentions, operations, kb, doc.id, scopes, context=context.get(frame.sentence.start, []))
        mentions.extend(_mention(doc.id, wave.published, frame, kb, like=wave)
                        for wave in _same_wave(frame, frame.sentence.start in lists, mentions, kb, scopes))
    attackers_from_context(mentions, article.text, kb, scopes)
    return [m for m in mentions if m.country or m.place_id or at_sea(m.actor2, m.evidence.quote, kb.rules)]


def _place_leftover(frame: Frame, mentions: list[Mention], operations: dict, kb: KnowledgeBase, doc, scopes: Scopes) -> None:
    """A dated sentence with no place ("The attack on Saturday ...") describes a located one of its day; one on
    ships is an event at sea."""
    same_day = _same_day(frame, mentions, scopes)
    for mention in same_day[-1:]:
        _enrich(mention, frame, kb)
        if frame.operation:
            operations.setdefault(frame.operation, []).append(mention)
    placed = None if same_day else at_same_site(frame, [m for m in mentions if m.evidence.rule != ANSWERED
                                                        and scopes.same(m.evidence.start, frame.sentence.start)], kb)
    if placed is not None or (not same_day and at_sea(frame.roles.target, frame.sentence.text, kb.rules)):
        mentions.append(_mention(doc.id, doc.published, placed or headline_place(frame, doc.title, kb) or frame, kb))


def _same_day(frame: Frame, mentions: list[Mention], scopes: Scopes) -> list[Mention]:
    """The mentions a dated sentence with no place may describe: a day either side, sides agreeing, near."""
    return [m for m in mentions if m.date and frame.time.date and abs((m.date - frame.time.date).days) <= 1
            and _compatible(frame, m) and abs(m.evidence.start - frame.sentence.start) < 3000
            and scopes.same(m.evidence.start, frame.sentence.start)]


def _list_sentences(frames: list[Frame]) -> set[int]:
    """The starts of the sentences whose frames lie in more than one country ('bases in Qatar and Bahrain')."""
    countries: dict[int, set] = {}
    for f in frames:
        if f.place is not None:
            countries.setdefault(f.sentence.start, set()).add(f.place.entry.country)
    return {start for start, found in countries.items() if len(found) > 1}


def _same_wave(frame: Frame, listed: bool, mentions: list[Mention], kb: KnowledgeBase, scopes: Scopes,
               reach: int = 1500) -> list[Mention]:
    """'Missiles struck Al Udeid on Saturday. The Guard confirmed attacks on Al Dhafra in the UAE and on bases
    in Kuwait and Bahrain': an undated sentence that names both sides and, in another country than the dated
    attack just told, a named site or a list of places (or a side also struck, leads.another_target), tells more
    attacks of that wave: the dated mention whose day they take (none or one). A date or year of its own: older."""
    r, start = frame.roles, frame.sentence.start
    if frame.place is None or frame.answered or not r.target_affiliation or \
            kb.rules.regex("modality.own_time").search(frame.sentence.text):
        return []
    before = [m for m in mentions if m.date and m.evidence.start < start and m.evidence.rule != ANSWERED
              and start - m.evidence.end <= reach and scopes.same(m.evidence.start, start)
              and r.attacker_affiliation in (None, m.actor1_affiliation) and m.actor2_affiliation == r.target_affiliation]
    also = another_target(frame, before, kb.rules)  # its attacker, if unnamed, the wave's (attackers_from_context)
    if also or not before or not r.attacker_affiliation or not (listed or frame.place.entry.kind == "base") or \
            any(m.country == frame.place.entry.country for m in before):
        return also  # the same country's attack is enriched, not repeated
    return [max(before, key=lambda m: m.evidence.start)]


def _borrow_place(frame: Frame, undated: list[Frame], rules: Rulebook) -> list[Frame]:
    """'An attack on Al-Asad Airbase ...' then 'The assault, carried out on Monday night': one event. A
    sentence about many attacks gives the place but not its weapons and tolls (rule count.many_attacks)."""
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
            lent = ("damage",) if rules.regex("count.many_attacks").search(f.sentence.text) else \
                ("damage", "weapons", "weapon_models", "killed", "injured")
            out.append(merge_facts(replace(frame, place=f.place, roles=roles), f, lent))
    return out


def _roles_agree(a: Roles, b: Roles) -> bool:
    return not any(x and y and x != y for x, y in ((a.attacker_affiliation, b.attacker_affiliation), (a.target_affiliation, b.target_affiliation)))


def _attach(frame: Frame, mentions, operations, kb, doc_id, scopes: Scopes, context: list[Place]) -> None:
    """An undated frame adds detail to the dated mention it describes, if one is near. `context`: the places
    the sentences just before it named, when it names none."""
    scoped = [m for m in mentions if scopes.same(m.evidence.start, frame.sentence.start)]
    if frame.response_only:
        return _attach_response(frame, scoped)
    if _wave_unharmed(frame, scoped, kb) or _each_attack(frame, scoped, kb):
        return
    if (turned := turned_on(frame, scoped, kb)) is not None:  # the fight turned on a second side: its own attack
        return mentions.append(_mention(doc_id, turned[1].published, turned[0], kb, like=turned[1], rule=TURNED))
    targets = operations.get(frame.operation or "", []) or _nearby(frame, scoped)
    # 'Jets struck depots on Friday. The attack on the base is seen as a response': a detail whose sides do
    # not fit the sentence just before describes the attack told before that one.
    compatible = [m for m in targets if _compatible(frame, m)] or \
        (_nearby(frame, [m for m in scoped if _compatible(frame, m)]) if not operations.get(frame.operation or "") else [])
    answered = [m for m in targets if _answers_immediately(frame, m, kb.rules)]
    if answered:
        return _add_prompt_answer(frame, answered[-1], mentions, kb, doc_id)
    if frame.place is None:
        for mention in nearest_told(compatible, context, kb):
            _enrich(mention, frame, kb)
        return
    _attach_located(frame, compatible, mentions, operations, kb, doc_id)


def _add_prompt_answer(frame: Frame, m: Mention, mentions: list[Mention], kb: KnowledgeBase, doc_id: str) -> None:
    """'a self-defence strike ... immediately after it occurred': the attack's day, in its country (at sea: its
    sea); fire back at the attackers there too, with the attackers as its target (`counter_fire`)."""
    where = attack_area(m, kb)
    located = counter_fire(frame, m, kb) or (where is not None and replace(
        frame, place=frame.place or Match(m.evidence.start, m.evidence.start, where.name, where)))
    if located:
        mentions.append(_mention(doc_id, m.published, located, kb, like=m))


def _attach_located(frame: Frame, compatible: list[Mention], mentions, operations, kb, doc_id) -> None:
    """An undated frame with a place details the compatible mention at that place or a coarser one; the
    further site of an attack on several sites, or an operation's named target, is a mention of its own."""
    same = [m for m in compatible if m.place_id == frame.place.entry.id]
    coarser = [m for m in compatible if m.country == frame.place.entry.country and _coarser(m, frame.place)]
    # 'The attack on the US base in Syria was claimed by ...': "the attack", placed only by its country,
    # is the attack at a site of that country told before.
    within = [m for m in compatible if frame.anaphoric and frame.place.entry.kind == "country"
              and m.country == frame.place.entry.country]
    # 'The missiles struck two bases, at Al-Asad and at Erbil': the sentence placed the attack at its first site
    # (a sibling frame refined the mention); each further site it names is an attack of the same salvo.
    salvo = [m for m in compatible if m.country == frame.place.entry.country and kb.rules.regex(
        "site.plural_targets").search(frame.sentence.text) and any(e.start == frame.sentence.start for e in m.extra_evidence)]
    if same or coarser or within:
        for mention in same or coarser[:1] or within[-1:]:
            _enrich(mention, frame, kb)
    elif salvo:
        mentions.append(merge_facts(_mention(doc_id, salvo[0].published, frame, kb, like=salvo[0]), salvo[0],
                                    ("weapons", "weapon_models")))
    elif frame.operation and compatible and (frame.roles.attacker_affiliation or frame.target_list):
        # The text ties an operation's named targets to its dated mention.
        mention = _mention(doc_id, compatible[0].published, frame, kb, like=compatible[0])
        mentions.append(mention)
        operations.setdefault(frame.operation, []).append(mention)


def _each_attack(frame: Frame, mentions: list[Mention], kb: KnowledgeBase) -> bool:
    """'No injuries were reported from either attack' (rule count.each_attack), 'A faction claimed
    responsibility.' (a claim naming nothing it claims, attribute.claim_alone): the detail is of every attack
    told just before it (`_in_paragraph_before`) that its sides fit."""
    each = "attribute.claim_alone" in frame.rule_ids or kb.rules.regex("count.each_attack").search(frame.sentence.text)
    if frame.place is not None or not each:
        return False
    for mention in (m for m in _in_paragraph_before(frame, mentions) if _compatible(frame, m)):
        _enrich(mention, frame, kb)
    return True


def _in_paragraph_before(frame: Frame, mentions: list[Mention]) -> list[Mention]:
    """The dated mentions told up to 1,500 characters (a paragraph or so) before the frame."""
    first = frame.sentence.start - 1500
    return [m for m in mentions if first <= m.evidence.start < frame.sentence.start and m.evidence.rule != ANSWERED
            and m.date is not None]


def _wave_unharmed(frame: Frame, mentions: list[Mention], kb: KnowledgeBase) -> bool:
    """'... the US military reported no American casualties ... despite hundreds of Iranian missile and drone
    attacks across the region': a statement that a whole wave harmed none of the coalition is the toll of
    each attack on it told before, on the day of the latest of them. Such a campaign sentence lends no
    single attack its figures otherwise (count.many_attacks); one with a toll already keeps it."""
    rules, s = kb.rules, frame.sentence.text
    if not (frame.killed and frame.killed.value == 0 and rules.regex("count.wave_unharmed").search(s)
            and rules.regex("count.many_attacks").search(s)):
        return False
    before = [m for m in mentions if m.date and m.evidence.start < frame.sentence.start]
    if not before:
        return False
    day = max(before, key=lambda m: m.evidence.start).date
    wave = [m for m in before if m.date == day and m.actor2_affiliation == kb.theatre.coalition.id and m.killed is None]
    for m in wave:
        merge_facts(m, _told(frame, m.doc, ("killed", "injured")), ("killed", "injured"))
        m.extra_evidence.append(_evidence(frame, m.doc, "detail", _frame_rules(frame)))
    return bool(wave)


def _attach_response(frame: Frame, mentions: list[Mention]) -> None:
    """'In response, I directed this military action': the clause is the latest strike's told before it."""
    for mention in _latest_before(frame, mentions):
        merge_facts(mention, frame.facts(), ("responds_to_text",))
        mention.extra_evidence.append(_evidence(frame, mention.doc, "response", frame.rule_ids))


# The evidence rule of a mention of the earlier attack a response clause names: later detail describes the
# response, not it.
ANSWERED = "answered-event"


def _nearby(frame: Frame, mentions: list[Mention]) -> list[Mention]:
    """The dated mentions of the closest earlier sentence within reach (in characters)."""
    reach = 4000 if frame.place is not None else (2500 if frame.anaphoric else 1200)
    before = [m for m in mentions if m.evidence.start <= frame.sentence.start and m.evidence.rule != ANSWERED
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
    before = [m for m in mentions if m.date and m.evidence.start <= frame.sentence.start and m.evidence.rule != ANSWERED
              and frame.sentence.start - m.evidence.end <= reach]
    if not before:
        return []
    latest = max(m.date for m in before)
    return [m for m in before if m.date == latest]


def _answers_immediately(frame: Frame, mention: Mention, rules: Rulebook) -> bool:
    """A strike made at once on the side of the attack told before it; fire back at once (rule
    response.counter_fire) answers an attack on the side firing back, whoever made it."""
    a, b = frame.roles.attacker_affiliation, mention.actor1_affiliation
    if not (a and frame.response and rules.regex("response.prompt").search(frame.response)):
        return False
    return (b is not None and a != b) or (b is None and mention.actor2_affiliation == a
                                          and bool(rules.regex("response.counter_fire").search(frame.sentence.text)))


def _compatible(frame: Frame, mention: Mention) -> bool:
    """Neither side contradicts, and the frame's attacker is not the mention's target."""
    r = frame.roles
    mention_roles = Roles(None, mention.actor1_affiliation, None, mention.actor2_affiliation)
    crossed = r.attacker_affiliation and r.attacker_affiliation == mention.actor2_affiliation
    crossed = crossed or (r.target_affiliation and r.target_affiliation == mention.actor1_affiliation)
    return _roles_agree(r, mention_roles) and not crossed


def _coarser(mention: Mention, place: Match) -> bool:
    """The mention's place is coarser than `place`: of a coarser kind, or a region that `place` names a part
    of ('the northern Red Sea' in 'the Red Sea', 'southern Iraq' in 'Iraq')."""
    rank = {"site": 0, "city": 1, "region": 2, "country": 3, "unknown": 4}
    kind = {"base": "site"}.get(place.entry.kind, place.entry.kind)
    part_of = (kind == mention.geo_precision == "region" and mention.location is not None
               and place.entry.name.lower().endswith(" " + mention.location.lower()))
    return rank[mention.geo_precision] > rank[kind] or part_of


def _enrich(mention: Mention, frame: Frame, kb: KnowledgeBase) -> None:
    if _dated_otherwise(frame, mention, kb.rules):
        # A quote stitched in from another attack ("hit Al Asad on Monday" under a Wednesday strike)
        # describes that attack: keep it out, and keep it as a sign of a stitched article.
        mention.date_conflicts.append(_evidence(frame, mention.doc, "date-conflict"))
        return
    if frame.place is not None and _coarser(mention, frame.place):
        set_place(mention, frame.place)
    lent = DETAILS
    if tells_attack_of(frame, mention, kb) and not _told_at_another_time(frame.sentence.text, mention, kb.rules):
        lent = (*WEAPONS_AND_COUNTS, *DETAILS)
    merge_facts(mention, _told(frame, mention.doc, COUNTS), lent)
    mention.extra_evidence.append(_evidence(frame, mention.doc, "detail", _frame_rules(frame)))


def _told_at_another_time(text: str, mention: Mention, rules: Rulebook) -> bool:
    """'Last week, two rockets fell on the base', 'In June 2022 a drone killed a guard': the sentence tells an
    earlier attack (rule count.other_time), unless the year and month it names are the mention's own."""
    for m in rules.regex("count.other_time").finditer(text):
        year, month = m.group("year"), m.group("month")
        if year is None or mention.date is None or int(year) != mention.date.year:
            return True
        if month and month[:3].lower() != mention.date.strftime("%b").lower():
            return True
    return False


def _bare_weekday(frame: Frame) -> bool:
    """'on Monday' in a text with no date to count from: it can only describe an event told nearby."""
    return frame.time is not None and frame.time.date is None and frame.time.kind == "weekday"


def _dated_otherwise(frame: Frame, mention: Mention, rules: Rulebook) -> bool:
    """The detail sentence's own day (a weekday or a full date) is not the mention's day, nor the next."""
    if mention.date is None or mention.date_precision != "day":
        return False
    if _bare_weekday(frame):
        said = next((i for i, day in enumerate(WEEKDAYS) if day in frame.time.text.lower()), None)
        # A night attack is told by the day it began: the weekday may be the event's day or the one before.
        return said is not None and said not in (mention.date.weekday(), (mention.date.weekday() - 1) % 7)
    text = frame.sentence.text
    for t in event_times(text, mention.date, rules):
        if t.precision != "day" or t.date is None or rules.regex("date.possessive_after").match(text[t.end:t.end + 2]):
            continue  # "Monday's attack" names another event; it does not date this passage
        if not -1 <= (t.date - mention.date).days <= 1:
            return True
    return False


def _mention(doc_id: str, published, frame: Frame, kb: KnowledgeBase, like: Mention | None = None, rule=None) -> Mention:
    t = frame.time
    date = like.date if like else (t.date if t else None)
    precision = like.date_precision if like else (t.precision if t and t.date else "unknown")
    evidence = _evidence(frame, doc_id, rule or (ANSWERED if frame.answered else "attack-trigger"), _frame_rules(frame))
    key = f"{doc_id}:{evidence.start}:{frame.place.entry.id if frame.place else ''}:{t.start if t else ''}"
    told = _told(frame, doc_id, ("killed", "injured"))
    told.time = told.time or (t.time_of_day if t else None)  # a part of the day the date expression gives
    mention = Mention(**{
        **dict(told), "id": hashlib.sha1(key.encode()).hexdigest()[:16], "doc": doc_id, "published": published,
        "date": date, "date_precision": precision if date else "unknown", "date_text": t.text if t else None,
        "date_alternatives": like.date_alternatives if like else list(t.alternatives if t else ()),
        "evidence": evidence})
    if like is not None:  # a wave's further attack: by the dated mention's attacker, in its operation
        merge_facts(mention, like, ("actor1", "actor1_affiliation", "operation", "responds_to_text"))
    if frame.place is not None:
        set_place(mention, frame.place)
    return mention


def set_place(mention: Mention, place: Match) -> None:
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
        date = ["date.reporting" if frame.time.kind == "statement-day" else f"date.{frame.time.kind}",
                *filter(None, [frame.time.year_from])]  # and the rule behind its reference
    counts = [rule_id for key in COUNTS
              for rule_id in frame.count_rules.get(key, ())]
    return list(dict.fromkeys([*frame.rule_ids, *date, *counts]))


def _told(frame: Frame, doc_id: str, counted: tuple[str, ...]) -> PassageFacts:
    """The frame's facts, the counts named in `counted` with its sentence as their evidence."""
    told = frame.facts()
    for key in counted:
        setattr(told, key, _with_evidence(getattr(told, key), frame, doc_id, key))
    return told


def _with_evidence(count: Count | None, frame: Frame, doc_id: str, key: str) -> Count | None:
    if count is None:
        return None
    evidence = _evidence(frame, doc_id, "casualty-count", frame.count_rules.get(key))
    return count.model_copy(update={"evidence": evidence})

