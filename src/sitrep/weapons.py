"""Weapon categories and models named in a sentence, and the ACLED sub-event type they imply."""
from __future__ import annotations

import re

from .kb import KnowledgeBase

# Generic phrasing the weapon table cannot hold: coordinated adjectives and plurals.
_GENERIC = [
    (re.compile(r"\bballistic\s+(?:and|or|&)\s+cruise\s+missiles?\b|\bcruise\s+(?:and|or|&)\s+ballistic\s+missiles?\b", re.I),
     ("ballistic_missile", "cruise_missile")),
    (re.compile(r"\bballistic(?:\s+missiles?)?\b", re.I), ("ballistic_missile",)),
    (re.compile(r"\bcruise\s+missiles?\b", re.I), ("cruise_missile",)),
    (re.compile(r"\brockets?\b|\bkatyushas?\b", re.I), ("rocket",)),
    (re.compile(r"\bmortars?\b", re.I), ("mortar",)),
    (re.compile(r"\bdrones?\b|\bUAVs?\b|\bUAS\b|\bunmanned\s+aerial\b|\bloitering\s+munitions?\b", re.I), ("drone",)),
    (re.compile(r"\bair\s?strikes?\b|\baircraft\b|\bwarplanes?\b|\bfighter\s+jets?\b|\bbombers?\b|\bgunships?\b", re.I),
     ("aircraft",)),
    (re.compile(r"\bartillery\b|\bshelling\b", re.I), ("artillery",)),
    (re.compile(r"\b(?:car|truck|roadside|suicide)\s+bomb(?:s|ing|er)?\b|\bIEDs?\b|\bexplosive\s+devices?\b", re.I),
     ("explosive",)),
]

# "more powerful than rockets or drones" up to the clause's end.
_COMPARISON = re.compile(r"\b(?:(?<!more\s)(?<!less\s)(?<!fewer\s)than|unlike|rather\s+than|instead\s+of)\b[^.;,]*+",
                         re.I)
_SHELLING = {"ballistic_missile", "cruise_missile", "rocket", "mortar", "artillery"}


def classify_weapons(s: str, kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    # "more powerful than rockets or drones": a comparison names weapons not used ("more than 20
    # missiles" is a quantity, not a comparison).
    s = _COMPARISON.sub(" ", s)
    categories: set[str] = set()
    models: set[str] = set()
    for match in kb.weapon_matcher.find(s):
        weapon = match.entry
        if weapon.category != "unknown":
            categories.add(weapon.category)
        if weapon.model:
            models.add(weapon.name)
    for pattern, cats in _GENERIC:
        if pattern.search(s):
            categories.update(cats)
    if "drone" in categories and re.search(r"\bdrones?\b", s, re.I) is None and "aircraft" in categories:
        categories.discard("drone")
    return sorted(categories), sorted(models)


def sub_event_type(weapons: list[str], attacker_affiliation: str | None) -> str | None:
    cats = set(weapons)
    if cats & {"drone", "aircraft"} and not cats & _SHELLING:
        return "Air/drone strike"
    if cats & _SHELLING:
        return "Shelling/artillery/missile attack"
    if "explosive" in cats:
        return "Remote explosive/landmine/IED"
    if attacker_affiliation == "US":
        return "Air/drone strike"  # US strikes in this theatre are from the air
    return None
