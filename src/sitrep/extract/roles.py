"""Who struck whom, from one sentence: the attacker and the target with their affiliations.

The rule follows NGEC: the subject of "launched/fired/struck/conducted" or the
agent of "by X" is the attacker; the object of "on/against/targeting" is the
target. Only the sentence itself is read, so actors are never stitched from
unrelated sentences.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..kb import KnowledgeBase, Match, Theatre
from ..rules import Rulebook


@dataclass(frozen=True)
class Roles:
    attacker: str | None = None
    attacker_affiliation: str | None = None
    target: str | None = None
    target_affiliation: str | None = None


def assign_roles(s: str, actors: list[Match], places: list[Match], kb: KnowledgeBase) -> Roles:
    affiliated = [(a, kb.affiliation(a.entry)) for a in actors]
    rules, theatre = kb.rules, kb.theatre
    us, them = theatre.coalition, theatre.opponent
    defender = _defender(s, affiliated, rules, theatre)
    if defender is not None:
        return _intercepted(s, defender, affiliated, kb)
    attacker = _agent(s, affiliated, rules) or _ordered_by(s, kb)
    victim = _victim(s, affiliated, rules, theatre) if attacker is None else None
    if victim is not None:
        # "Soleimani, head of the Quds Force, ... were killed in an air strike": the subject of a passive
        # killing is the side struck, whatever sites the sentence names.
        return Roles(None, None, victim[0], victim[1])
    us_attacks = bool(rules.regex("role.us_attacker").search(s))
    us_target = bool(rules.regex("role.us_target").search(s)) or any(p.entry.kind == "base" for p in places)
    iran_adjective = rules.regex("role.iranian_weapon").search(s)
    if attacker is None and iran_adjective and not us_attacks:
        attacker = (them.name, them.id)
    if attacker is not None and attacker[1] in us.affiliations:
        us_attacks = True
    if us_attacks and (attacker is None or attacker[1] in us.affiliations):
        target = _first(affiliated, us.id, theatre)
        return Roles(attacker[0] if attacker else us.name, us.id, target[0] if target else None,
                     target[1] if target else implied_target(s, kb))
    if attacker is None and us_target:
        candidate = _first(affiliated, us.id, theatre)
        if candidate and candidate[1] in them.affiliations:
            attacker = candidate
    if attacker is not None:
        if us_target:
            return Roles(attacker[0], attacker[1], us.name, us.id)
        target = _object(s, affiliated, attacker[1], rules, theatre)
        return Roles(attacker[0], attacker[1], target[0] if target else None, target[1] if target else None)
    if us_target:
        return Roles(None, None, us.name, us.id)
    return _target_first(s, affiliated, rules, theatre)


def _target_first(s: str, affiliated, rules: Rulebook, theatre: Theatre) -> Roles:
    """'a missile was fired from Houthi areas toward USS Laboon': with no agent, a coalition force named after
    'toward', 'at' or 'on' is the target, and the opponent's party the sentence names is the attacker. Only
    that direction: 'the campaign in Gaza against Hamas' does not make every party named an attacker. The
    coalition force is looked for past an opponent's site struck first ('The strike on the Houthi station
    was preceded by Houthi drone attacks on USS Mason')."""
    target = _object(s, affiliated, None, rules, theatre, among=theatre.coalition.affiliations)
    if target is None:
        return Roles()
    attacker = _first(affiliated, target[1], theatre)
    if attacker is not None and attacker[1] not in theatre.opponent.affiliations:
        attacker = None
    return Roles(attacker[0] if attacker else None, attacker[1] if attacker else None, target[0], target[1])


def _agent(s: str, affiliated: list[tuple[Match, str | None]], rules: Rulebook):
    """The actor in agent position: 'carried out by X', 'X launched', 'X's missile attack'."""
    for actor, aff in affiliated:
        if rules.regex("role.passive_agent").search(s[max(0, actor.start - 50):actor.start]):
            return actor.entry.name, aff
    for actor, aff in affiliated:
        if rules.regex("role.target_prep").search(s[max(0, actor.start - 40):actor.start]):
            continue
        if rules.regex("role.active_verb").match(s[actor.end:]) or rules.regex("role.said_it_struck").match(s[actor.end:]):
            return actor.entry.name, aff
    return None


def _defender(s: str, affiliated, rules: Rulebook, theatre: Theatre):
    """The party that shot down or intercepted what was fired ('USS Mason shot down a drone'): the side
    attacked. Only a party of the theatre counts; a host state's air defences say nothing of the target."""
    for actor, aff in affiliated:
        if aff in theatre.parties and not _third_state(actor, theatre) \
                and rules.regex("role.defence_verb").match(s[actor.end:]):
            return actor.entry.name, aff
    return None


def _intercepted(s: str, defender, affiliated, kb: KnowledgeBase) -> Roles:
    """An interception: the defender is the target; the attacker is the other side's actor the sentence names
    ('a Houthi missile'), else the opponent when the weapon is called Iranian."""
    theatre = kb.theatre
    attacker = _first(affiliated, defender[1], theatre)
    if attacker is None and defender[1] in theatre.coalition.affiliations \
            and kb.rules.regex("role.iranian_weapon").search(s):
        attacker = (theatre.opponent.name, theatre.opponent.id)
    return Roles(attacker[0] if attacker else None, attacker[1] if attacker else None, defender[0], defender[1])


# The offices whose holder ordering a strike is the state striking.
_COMMANDING_OFFICES = ("president", "defence_minister", "supreme_leader")


def _ordered_by(s: str, kb: KnowledgeBase):
    """'President Biden ordered a series of airstrikes': a head of state or defence minister ordering strikes
    is that state striking. Only the order makes the holder a party: 'Biden said ...' names a speaker."""
    theatre = kb.theatre
    for match in kb.holder_matcher.find(s):
        holder = match.entry
        if holder.office not in _COMMANDING_OFFICES or not kb.rules.regex("role.ordered").match(s[match.end:]):
            continue
        for side in (theatre.coalition, theatre.opponent):
            if holder.country in side.affiliations:
                return side.name, side.id
    return None


def _victim(s: str, affiliated, rules: Rulebook, theatre: Theatre):
    """The party named before a passive killing ('X and Y were killed early on Friday'), if no agent; not one
    that tells of it ('The Pentagon said ... were wounded', rule role.speaker)."""
    harm = rules.regex("role.passive_harm").search(s)
    if harm is None:
        return None
    before = [(a, aff) for a, aff in affiliated if a.end <= harm.start() and aff
              and not _third_state(a, theatre) and not rules.regex("role.speaker").match(s[a.end:])]
    return (before[0][0].entry.name, before[0][1]) if before else None


def _object(s: str, affiliated, exclude: str | None, rules: Rulebook, theatre: Theatre, among=None):
    """The first party named as what was struck ('on', 'against', 'toward' before it), of the sides `among`
    if given."""
    for actor, aff in affiliated:
        if _third_state(actor, theatre) or (among is not None and aff not in among):
            continue  # "facilities in eastern Syria": a place, not the party struck
        if aff != exclude and rules.regex("role.target_prep").search(s[max(0, actor.start - 40):actor.start]):
            return actor.entry.name, aff
    return None


def _first(affiliated, exclude: str | None, theatre: Theatre):
    """The first party of another side; a state named as a place ('facilities in Iraq') is not one."""
    ranked = sorted(affiliated, key=lambda pair: pair[0].entry.kind == "state")
    for actor, aff in ranked:
        if aff and aff != exclude and not _third_state(actor, theatre):
            return actor.entry.name, aff
    return None


def _third_state(actor: Match, theatre: Theatre) -> bool:
    """A state that is neither side ('facilities in Iraq'): named as a place, not as a party."""
    return actor.entry.kind == "state" and actor.entry.affiliation not in theatre.parties


def implied_target(s: str, kb: KnowledgeBase, places: list[Match] = ()) -> str | None:
    """The side a coalition strike with no named target hit: the opponent, when the sentence speaks of
    its forces by the side's wording ("militias"), a loose short form of it ("Kataib leaders") or names
    an actor of that side anywhere, a response clause included; or when every place struck is in a
    country only that side holds against the coalition ("struck targets in Sanaa and Hodeidah")."""
    side = kb.theatre.opponent
    if places and all(p.entry.country in side.holds for p in places):
        return side.id
    if side.implied_by and kb.rules.regex(side.implied_by).search(s):
        return side.id
    if any(m.entry is side for m in kb.side_word_matcher.find(s)):
        return side.id
    if any(kb.affiliation(a.entry) in side.affiliations for a in kb.actor_matcher.find(s)):
        return side.id
    return None
