"""Statements: what a party says of an attack beside reporting it, read after the attack mentions.

In: an article's sentences, their references and the mentions assembly made; out: those mentions, with
host-nation statements marked official (and the interceptions and debris they give), plus a `denial`
mention for each sentence denying an attack hit, and a `friendly_fire` mention for each sentence telling
fire on one's own side. A denial or friendly-fire sentence is never also an attack of the other side.
"""
from __future__ import annotations

import hashlib

from ..kb import KnowledgeBase, Match
from ..lexicon import parse_count
from ..models import CleanArticle, Count, Evidence, Mention
from .assemble import set_place
from .dates import Reference
from .frames import event_times
from .sentences import Sentence
from .weapons import classify_weapons

OFFICIAL = "statement.official"  # the rule id a host-nation statement's evidence carries (trust reads it)
_SITE_RANK = {"base": 0, "city": 1, "sea": 2}


def read_statements(article: CleanArticle, sentences: list[Sentence], refs: list[Reference | None],
                    mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """The mentions with what statements add; denial and friendly-fire sentences replace the attack
    mentions assembly made of them."""
    rules, doc = kb.rules, article.article
    special: list[Mention] = []
    taken: set[int] = set()  # the starts of the sentences that are not attacks of the other side
    for sentence, ref in zip(sentences, refs):
        s = sentence.text
        if rules.regex("statement.friendly_fire").search(s):
            special += _friendly_fire(doc.id, doc.published, sentence, ref, kb)
        elif (denied := rules.regex("statement.denial").search(s)) and _denier(s, kb):
            special += _denial(doc.id, doc.published, sentence, ref, kb)
            if rules.regex("statement.claim_then_denial").search(s, 0, denied.start()):
                continue  # the claim told first, in a clause of its own, stays: the denial disputes it
        else:
            continue
        taken.add(sentence.start)
    kept = [m for m in mentions if m.evidence.start not in taken]
    for mention in kept:
        _read_official(mention, kb)
    return kept + special


def state_of(text: str, kb: KnowledgeBase) -> str | None:
    """The state a speaker's words name ("Kuwait's", "the Bahraini"), by the `statement.state.*` rules."""
    hits = [(m.start(), rule.yields[0]) for rule in kb.rules.in_pass("statements")
            if rule.id.startswith("statement.state.") and (m := rule.regex.search(text))]
    return min(hits)[1] if hits else None


def _host_states(s: str, kb: KnowledgeBase) -> list[str]:
    """The states whose institutions speak in the sentence ("Qatar's Ministry of Defence said ...")."""
    return [c for m in kb.rules.regex("statement.host_speaker").finditer(s)
            if (c := state_of(m.group("speaker"), kb))]


def _read_official(mention: Mention, kb: KnowledgeBase) -> None:
    """A host nation speaking of an attack on its territory is an official source for it, as CENTCOM is
    for US forces: its passages carry `statement.official`, and give interceptions and debris."""
    rules = kb.rules
    for evidence in [mention.evidence, *mention.extra_evidence]:
        q = evidence.quote
        if mention.country not in _host_states(q, kb) or not rules.regex("modality.reporting_lead").search(q):
            continue
        if OFFICIAL not in evidence.rule_ids:
            evidence.rule_ids.append(OFFICIAL)
        if mention.intercepted is None and (count := _intercepted(q, evidence, kb)):
            mention.intercepted = count
        if mention.damage is None and rules.regex("statement.debris").search(q):
            mention.damage = "debris"


def _intercepted(q: str, evidence: Evidence, kb: KnowledgeBase) -> Count | None:
    m = kb.rules.regex("statement.intercepted_active").search(q)
    if not m:
        return None
    raw = " ".join(m.group("n").lower().split())
    value = parse_count(raw)
    qualifier = (m.group("q") or "").lower() or (raw if value is None else None)
    low = value if qualifier in ("at least", "more than", "over") else None
    proof = evidence.model_copy(update={"rule_ids": ["statement.intercepted_active", OFFICIAL]})
    return Count(value=value, low=low, qualifier=qualifier, evidence=proof)


def _denier(s: str, kb: KnowledgeBase) -> bool:
    """A denial counts when a host nation's institution or the coalition's side speaks it, not the
    attacker denying its own part."""
    coalition = kb.theatre.coalition.affiliations
    return bool(_host_states(s, kb)) or any(kb.affiliation(a.entry) in coalition for a in kb.actor_matcher.find(s))


def _denial(doc: str, published, sentence: Sentence, ref, kb: KnowledgeBase) -> list[Mention]:
    """'The ministry denied that Camp X was hit': a mention of the attack at the named site that says it did
    not happen. It takes a date only from an event date in the sentence; the statement's own day is not it."""
    s = sentence.text
    place = _finest_site(s, kb)
    if place is None:
        return []
    mention = _mention(doc, published, sentence, "statement.denial", event_times(s, ref, kb.rules))
    set_place(mention, place)
    mention.statement = "denial"
    opponent, coalition = kb.theatre.opponent, kb.theatre.coalition
    if any(kb.affiliation(a.entry) in opponent.affiliations for a in kb.actor_matcher.find(s)):
        mention.actor1_affiliation = opponent.id
    # A base is the coalition's; at sea, the ship or the command that speaks for it names the side struck.
    at_sea = _kind(place) == "sea" and any(kb.affiliation(a.entry) in coalition.affiliations for a in kb.actor_matcher.find(s))
    mention.actor2_affiliation = coalition.id if place.entry.kind == "base" or at_sea else None
    return [mention] if mention.actor1_affiliation or mention.actor2_affiliation else []


def _friendly_fire(doc: str, published, sentence: Sentence, ref, kb: KnowledgeBase) -> list[Mention]:
    """'Kuwaiti air defences mistakenly shot down three US jets': the shooter is the state the sentence
    names beside the coalition (or the coalition itself, firing on its own), the target the coalition."""
    s = sentence.text
    coalition = kb.theatre.coalition
    sides = (*coalition.affiliations, *kb.theatre.opponent.affiliations)
    states = [c for c in _states_named(_shooter_text(s, kb), kb) if c not in sides]
    shooter = states[0] if states else coalition.id
    place = _finest_site(s, kb) or _country_match(shooter if shooter != coalition.home_country else None, kb)
    if place is None:
        return []
    mention = _mention(doc, published, sentence, "statement.friendly_fire", event_times(s, ref, kb.rules))
    if mention.date is None:
        return []  # as assembly does: an undated sentence can only describe an event told nearby
    set_place(mention, place)
    shooter_actor = next((a for a in kb.actors.values() if a.kind == "state" and a.affiliation == shooter), None)
    mention.actor1 = shooter_actor.name if shooter_actor and states else coalition.name
    mention.actor1_affiliation, mention.actor2, mention.actor2_affiliation = shooter, coalition.name, coalition.id
    mention.weapons, mention.weapon_models = classify_weapons(s, kb)
    mention.friendly_fire = True
    return [mention]


def _shooter_text(s: str, kb: KnowledgeBase) -> str:
    """Where the shooter is named: the subject before the verb, or the agent right after it ('shot down
    by X'); not a place after it ('over Bahrain'). Blanked, not cut, as elsewhere."""
    m = kb.rules.regex("statement.friendly_fire").search(s)
    by = s.find(" by ", m.end(), m.end() + 12)
    agent = s[by:by + 60] if by != -1 else ""
    return s[:m.start()] + " " + agent


def _states_named(s: str, kb: KnowledgeBase) -> list[str]:
    """The states a sentence names, by actor and by name or adjective, in order of appearance."""
    found = [(a.start, kb.affiliation(a.entry)) for a in kb.actor_matcher.find(s)]
    for rule in kb.rules.in_pass("statements"):
        if rule.id.startswith("statement.state."):
            found += [(m.start(), rule.yields[0]) for m in rule.regex.finditer(s)]
    return list(dict.fromkeys(code for _, code in sorted(found, key=lambda f: f[0]) if code))


def _finest_site(s: str, kb: KnowledgeBase) -> Match | None:
    """The first base named, else the first town: where a statement places the attack it speaks of."""
    named = [p for p in kb.place_matcher.find(s) if _kind(p) in _SITE_RANK]
    return min(named, key=lambda p: (_SITE_RANK[_kind(p)], p.start), default=None)


def _kind(p: Match) -> str:
    """A place's kind, a sea area (a region of no country) apart."""
    return "sea" if p.entry.kind == "region" and not p.entry.country else p.entry.kind


def _country_match(code: str | None, kb: KnowledgeBase) -> Match | None:
    country = kb.country(code) if code else None
    return Match(0, 0, country.name, country) if country else None


def _mention(doc: str, published, sentence: Sentence, rule_id: str, times) -> Mention:
    t = next((t for t in times if t.date is not None), None)
    evidence = Evidence(doc=doc, start=sentence.start, end=sentence.end, quote=sentence.text, rule="statement",
                        rule_ids=[rule_id])
    key = f"{doc}:{sentence.start}:{rule_id}"
    return Mention(id=hashlib.sha1(key.encode()).hexdigest()[:16], doc=doc, published=published,
                   date=t.date if t else None, date_precision=t.precision if t else "unknown",
                   date_text=t.text if t else None, date_alternatives=list(t.alternatives) if t else [],
                   evidence=evidence)
