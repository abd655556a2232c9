"""Weapon categories and models named in a sentence, and the ACLED sub-event type they imply.

Models come from the weapon table (`data/weapons.yaml`); generic phrasing from the `weapons` pass of the
rulebook (`data/rules/weapons.yaml`), whose rules name the categories they yield.
"""
from __future__ import annotations

from ..kb import KnowledgeBase

_SHELLING = {"ballistic_missile", "cruise_missile", "rocket", "mortar", "artillery"}
# `unknown` is a weapon named without its kind (rule weapon.missile: "Iran fired missiles"): a missile, so
# a shelling/missile weapon, unless the kind is named beside it or aircraft or a drone fired it (air-launched
# munitions are `aircraft`, data/README.md).
_KNOWN_KIND = _SHELLING | {"aircraft", "drone"}


def classify_weapons(s: str, kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """The weapon categories and models a sentence names (once per sentence: see `KnowledgeBase.remember`)."""
    categories, models = kb.remember(("weapons", s), lambda: _classify(s, kb))
    return list(categories), list(models)


def _classify(s: str, kb: KnowledgeBase) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # "more powerful than rockets or drones": a comparison names weapons not used ("more than 20
    # missiles" is a quantity, not a comparison).
    rules = kb.rules
    s = rules.regex("weapon.comparison").sub(" ", s)
    s = rules.regex("weapon.not_fired").sub(" ", s)  # "rocket propellant" in debris, an "aircraft hangar" hit
    s = rules.regex("weapon.defender").sub(" ", s)  # "downed by US jets": the defence, not the attack
    s = rules.regex("weapon.earlier_strike").sub(" ", s)  # "hours after US jets struck": another attack's
    categories: set[str] = set()
    models: set[str] = set()
    for match in kb.weapon_matcher.find(s):
        weapon = match.entry
        if weapon.category != "unknown":
            categories.add(weapon.category)
        if weapon.model:
            models.add(weapon.name)
    for rule in rules.in_pass("weapons"):
        if rule.yields and rule.regex.search(s):
            categories.update(rule.yields)
    if "drone" in categories and rules.regex("weapon.drone_word").search(s) is None and "aircraft" in categories:
        categories.discard("drone")
    return tuple(sorted(_specific(categories))), tuple(sorted(models))


def _specific(categories: set[str]) -> set[str]:
    return categories - {"unknown"} if categories & _KNOWN_KIND else categories


def sub_event_type(weapons: list[str], attacker_affiliation: str | None) -> str | None:
    cats = _specific(set(weapons))
    shelling = cats & (_SHELLING | {"unknown"})
    if cats & {"drone", "aircraft"} and not shelling:
        return "Air/drone strike"
    if shelling:
        return "Shelling/artillery/missile attack"
    if "explosive" in cats:
        return "Remote explosive/landmine/IED"
    if attacker_affiliation == "US":
        return "Air/drone strike"  # US strikes in this theatre are from the air
    return None


def merge_weapons(*lists: list[str]) -> list[str]:
    """The categories of one event told by several sentences: a kind named in one ("ballistic missiles")
    is what another's bare "missiles" (`unknown`) was."""
    return sorted(_specific({w for weapons in lists for w in weapons}))
