"""Who struck whom, from one sentence: the attacker and the target with their affiliations.

The rule follows NGEC: the subject of "launched/fired/struck/conducted" or the
agent of "by X" is the attacker; the object of "on/against/targeting" is the
target. Only the sentence itself is read, so actors are never stitched from
unrelated sentences.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..kb import KnowledgeBase, Match
from ..rules import Rulebook

US_NAME = "US forces"


@dataclass(frozen=True)
class Roles:
    attacker: str | None = None
    attacker_affiliation: str | None = None
    target: str | None = None
    target_affiliation: str | None = None


def assign_roles(s: str, actors: list[Match], places: list[Match], kb: KnowledgeBase) -> Roles:
    affiliated = [(a, kb.affiliation(a.entry)) for a in actors]
    rules = kb.rules
    attacker = _agent(s, affiliated, rules)
    victim = _victim(s, affiliated, rules) if attacker is None else None
    if victim is not None:
        # "Soleimani, head of the Quds Force, ... were killed in an air strike": the subject of a passive
        # killing is the side struck, whatever sites the sentence names.
        return Roles(None, None, victim[0], victim[1])
    us_attacks = bool(rules.regex("role.us_attacker").search(s))
    us_target = bool(rules.regex("role.us_target").search(s)) or any(p.entry.kind == "base" for p in places)
    iran_adjective = rules.regex("role.iranian_weapon").search(s)
    if attacker is None and iran_adjective and not us_attacks:
        iran = kb.actors.get("iran")
        attacker = (iran.name if iran else "Iran", "IR")
    if attacker is not None and attacker[1] == "US":
        us_attacks = True
    if us_attacks and (attacker is None or attacker[1] == "US"):
        target = _first(affiliated, exclude="US")
        return Roles(attacker[0] if attacker else US_NAME, "US", target[0] if target else None,
                     target[1] if target else implied_target(s, rules))
    if attacker is None and us_target:
        candidate = _first(affiliated, exclude="US")
        if candidate and candidate[1] == "IR":
            attacker = candidate
    if attacker is not None:
        if us_target:
            return Roles(attacker[0], attacker[1], US_NAME, "US")
        target = _object(s, affiliated, attacker[1], rules)
        return Roles(attacker[0], attacker[1], target[0] if target else None, target[1] if target else None)
    if us_target:
        return Roles(None, None, US_NAME, "US")
    return Roles()


def _agent(s: str, affiliated: list[tuple[Match, str | None]], rules: Rulebook):
    """The actor in agent position: 'carried out by X', 'X launched', 'X's missile attack'."""
    for actor, aff in affiliated:
        if rules.regex("role.passive_agent").search(s[max(0, actor.start - 30):actor.start]):
            return actor.entry.name, aff
    for actor, aff in affiliated:
        if rules.regex("role.target_prep").search(s[max(0, actor.start - 40):actor.start]):
            continue
        if rules.regex("role.active_verb").match(s[actor.end:]):
            return actor.entry.name, aff
    return None


def _victim(s: str, affiliated, rules: Rulebook):
    """The party named before a passive killing ('X and Y were killed early on Friday'), if no agent."""
    harm = rules.regex("role.passive_harm").search(s)
    if harm is None:
        return None
    before = [(a, aff) for a, aff in affiliated if a.end <= harm.start() and aff
              and not (a.entry.kind == "state" and a.entry.affiliation not in ("IR", "US"))]
    return (before[0][0].entry.name, before[0][1]) if before else None


def _object(s: str, affiliated, exclude: str | None, rules: Rulebook):
    for actor, aff in affiliated:
        if actor.entry.kind == "state" and actor.entry.affiliation not in ("IR", "US"):
            continue  # "facilities in eastern Syria": a place, not the party struck
        if aff != exclude and rules.regex("role.target_prep").search(s[max(0, actor.start - 40):actor.start]):
            return actor.entry.name, aff
    return None


def _first(affiliated, exclude: str | None):
    """The first party of another side; a state named as a place ('facilities in Iraq') is not one."""
    ranked = sorted(affiliated, key=lambda pair: pair[0].entry.kind == "state")
    for actor, aff in ranked:
        if aff and aff != exclude and not (actor.entry.kind == "state" and actor.entry.affiliation not in ("IR", "US")):
            return actor.entry.name, aff
    return None


def implied_target(s: str, rules: Rulebook) -> str | None:
    # In this theatre, US strikes "against facilities used by" a militia are on Iran's side.
    if rules.regex("role.iran_side_named").search(s):
        return "IR"
    return None
