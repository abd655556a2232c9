"""Leads: what a report's placement of an attack says when its sentence gives no day or no place. The
attack a report leads with is of the report's day; an attack on ships needs no place to be an event.
"""
from __future__ import annotations

from dataclasses import replace

from ..kb import KnowledgeBase, Match
from ..models import CleanArticle, Mention
from ..rules import Rulebook
from .dates import TimeExpression, find_times
from .frames import Frame, event_times, sites_and_roles, states_attack
from .weapons import classify_weapons


# A report's lead: its headline, a kicker or a caption, then its first sentences.
_LEAD_SENTENCES = 4
# What makes a lead no attack of the report's day: words setting it back in time, or a tally of many.
_NOT_A_LEAD = ("date.report_day", "count.many_attacks", "count.aggregate")


def undated_lead(article: CleanArticle, undated: list[Frame], mentions: list[Mention], rules: Rulebook) -> Frame | None:
    """'Two rockets fell on Balad Air Base, which houses U.S. forces' at the top of a report dated to the day:
    the attack a report leads with and gives no day is of the report's day (as ACLED codes it, at week
    precision), when no dated attack is told before it, nothing in it (rule date.report_day) sets it back and it is
    no tally of many attacks."""
    if article.reference_precision != "day" or article.reference_date is None:
        return None
    first = min((m.evidence.start for m in mentions), default=None)
    for frame in undated:
        # Where it stands first (cheap); then what its text and the text before it date (parsed).
        if frame.sentence.index > _LEAD_SENTENCES or (first is not None and frame.sentence.start >= first):
            return None
        if _dated_before(article, frame, rules) or _states_a_day(frame, article, rules):
            return None  # the report dates its attack, in a sentence not read as one: no guess at its day
        if frame.time is None and frame.place is not None and not (frame.answered or frame.response_only) \
                and (frame.roles.attacker_affiliation or frame.roles.target_affiliation) \
                and not any(rules.regex(r).search(frame.sentence.text) for r in _NOT_A_LEAD):
            # kind "report_day": its rule, date.report_day, is the frame's date rule (`_frame_rules`)
            return replace(frame, time=TimeExpression(0, 0, "", article.reference_date, "week", "report_day"))
    return None


def _dated_before(article: CleanArticle, frame: Frame, rules: Rulebook) -> bool:
    ref = article.reference_date
    return any(t.date and t.precision == "day" for t in event_times(article.text[:frame.sentence.start], ref, rules))


def _states_a_day(frame: Frame, article: CleanArticle, rules: Rulebook) -> bool:
    """'Iran said on Wednesday it had fired missiles ...' five days before the report: a lead that gives an
    older day, if only its statement's, is dated by it (or by nothing), never by the report's day. A statement
    of the last two days ('a source reported on Saturday', written Saturday) is fresh, as _statement_day has it."""
    ref = article.reference_date
    return any(t.date and t.precision == "day" and (ref - t.date).days > 2
               for t in find_times(frame.sentence.text, ref, rules))


def at_sea(target: str | None, quote: str, rules: Rulebook) -> bool:
    """An attack on a named ship, or on ships the sentence names as its target, is an event even with no
    place: the ships are where it happened, and reports of attacks at sea often name no sea (a sea area has
    no country, such a ship attack neither). Any other attack with no place is only detail."""
    return bool(target and rules.regex("role.named_ship").match(target)) or \
        bool(rules.regex("role.ship_target").search(quote))


def at_same_site(frame: Frame, before: list[Mention], kb: KnowledgeBase) -> Frame | None:
    """'On Friday, a separate drone attack on the same base caused no damage': a dated attack placed only by
    'the same base' (rule site.same_site) is at the site of the latest located attack told before it, and
    struck that attack's target. Not by its attacker: the text tells the two attacks apart."""
    located = [m for m in before if m.place_id and m.evidence.start < frame.sentence.start]
    if "site.same_site" not in frame.rule_ids or not located:
        return None
    last = max(located, key=lambda m: m.evidence.start)
    site = kb.places.get(last.place_id or "")
    if site is None:
        return None
    roles = replace(frame.roles, target=frame.roles.target or last.actor2,
                    target_affiliation=frame.roles.target_affiliation or last.actor2_affiliation)
    return replace(frame, place=Match(frame.sentence.start, frame.sentence.start, site.name, site), roles=roles)


def attack_area(attack: Mention, kb: KnowledgeBase):
    """Where a strike made at once on an attack's authors is coded when its sentence names no place: the
    attack's country (at sea, its sea area)."""
    return kb.country(attack.country) if attack.country else kb.places.get(attack.place_id or "")


def counter_fire(frame: Frame, attack: Mention, kb: KnowledgeBase) -> Frame | None:
    """'Helicopters returned fire', 'a gunship tracked the truck that fired the rockets and engaged it' (rule
    response.counter_fire): the force attacked fires back at once at its attackers. Its target is where the
    attackers fired from, which a sentence naming no place does not say: it is in the attacked site's country
    (at sea: its sea), coded at country level as any strike the texts do not place. The attackers are its
    target, and what they fired (rule weapon.answered_fire) is the attack's weapon, not its own. None: no
    counter-fire."""
    rules, s = kb.rules, frame.sentence.text
    where = attack_area(attack, kb)
    if where is None or not rules.regex("response.counter_fire").search(s):
        return None
    r = frame.roles
    theirs = r.target_affiliation in (None, attack.actor1_affiliation)
    roles = replace(r, target=r.target or (attack.actor1 if theirs else None),
                    target_affiliation=r.target_affiliation or attack.actor1_affiliation)
    weapons, models = classify_weapons(rules.regex("weapon.answered_fire").sub(" ", s), kb)
    place = frame.place or Match(attack.evidence.start, attack.evidence.start, where.name, where)
    return replace(frame, place=place, roles=roles, weapons=weapons, weapon_models=models,
                   rule_ids=[*frame.rule_ids, "response.counter_fire"])


def another_target(frame: Frame, before: list[Mention], rules: Rulebook) -> list[Mention]:
    """'..., adding that a US destroyer was also attacked in the Red Sea': the place after 'was also attacked'
    (rule site.also_struck) in an undated clause, other than that of the dated attack just told (the last of
    `before`), is a second side struck in the same wave: an attack of its own on that attack's day (the one
    mention given), not a detail of it. None: no such clause."""
    m = rules.regex("site.also_struck").search(frame.sentence.text)
    if m is None or frame.place is None or frame.place.start < m.end() or not before:
        return []  # offsets are the sentence's: the place must follow the clause
    last = max(before, key=lambda m: m.evidence.start)
    return [last] if last.place_id != frame.place.entry.id else []


# The evidence rule of the mention of a fight turned on a second side (`turned_on`): resolve keeps it apart
# from the attack on the ship its report told before it (resolve._turned_apart).
TURNED = "turned-on"


def headline_place(frame: Frame, title: str | None, kb: KnowledgeBase) -> Frame | None:
    """'US helicopters sink three rebel boats in Red Sea' over a report whose lead tells a dated attack on a
    ship and names no sea: the one place of a headline that tells an attack places the attack the lead tells
    (in its first sentences) when the body names no place for it. A headline alone is no event, and never
    overrides a place the body names: only a frame with no place of its own, which assembly keeps as an
    attack at sea, is placed. None: no headline, no attack in it, no single place, or not in the lead."""
    if not title or frame.place is not None or frame.sentence.index > _LEAD_SENTENCES \
            or states_attack(title, kb.rules) is None:
        return None
    places = {p.entry.id: p for p in sites_and_roles(title, kb)[0]}
    if len(places) != 1:
        return None
    [site] = places.values()
    return replace(frame, place=Match(frame.sentence.start, frame.sentence.start, site.text, site.entry))


def turned_on(frame: Frame, before: list[Mention], kb: KnowledgeBase) -> tuple[Frame, Mention] | None:
    """'A tanker radioed on Sunday that it was under attack by skiffs. ... The skiffs fired on the Navy
    helicopters that came to its aid': an undated attack on the coalition, told just after a dated attack on a
    ship of neither side (no target side) by its attackers or by attackers it does not name, is the fight
    turning on a second target: an attack of its own on that attack's day and at its place, not a detail of the
    attack on the ship. The frame (placed there) and that attack, or None."""
    r = frame.roles
    if frame.place is not None or frame.answered or r.target_affiliation not in kb.theatre.coalition.affiliations:
        return None
    told = [m for m in before if m.date and m.evidence.start < frame.sentence.start
            and frame.sentence.start - m.evidence.end <= 1500]
    last = max(told, key=lambda m: m.evidence.start) if told else None
    if last is None or last.actor2_affiliation is not None or last.actor1_affiliation in (None, r.target_affiliation) \
            or r.attacker_affiliation not in (None, last.actor1_affiliation) or not at_sea(None, last.evidence.quote, kb.rules):
        return None
    site = kb.places.get(last.place_id or "")
    start = frame.sentence.start
    return (replace(frame, place=Match(start, start, site.name, site)) if site else frame), last
