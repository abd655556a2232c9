"""Context: what the text around a mention tells it that its own sentence does not, read once every mention
of a document is assembled. In: the mentions, the document's text and scopes; out: the same mentions, an
attacker filled in where the text before names it."""
from __future__ import annotations

from ..kb import KnowledgeBase
from ..models import Mention
from .timeline import Scopes


def attackers_from_context(mentions: list[Mention], text: str, kb: KnowledgeBase, scopes: Scopes) -> None:
    """Each mention with a target and no attacker takes the attacker the text names before it, in its scope.
    Not an attack told apart from the one before ('a separate attack on the same base', site.same_site): it
    shares that attack's place, not its attacker. Nor the attack a response clause answers ('the strikes on
    the Guard's proxies were in response to a drone attack on the garrison'): the group named before it is
    whom the answer struck, not a name the text gives its attacker (its side, the side struck in answer, it
    keeps: responses.lend_responses)."""
    for mention in mentions:
        rule_ids = mention.evidence.rule_ids
        if mention.actor1 is None and mention.actor2_affiliation and "site.same_site" not in rule_ids \
                and "response.clause" not in rule_ids:
            _attacker_from_context(mention, text, kb, scopes.of(mention.evidence.start))


_ARMED_KINDS = ("militia", "state_force", "group", "generic")


def _attacker_from_context(mention: Mention, text: str, kb: KnowledgeBase, scope: int, reach: int = 700) -> None:
    """'Iran-backed militia groups ... have been involved in attacks. Recent attacks have included ones on
    Balad Air Base on April 4': an attack told without its attacker is by the armed group of the other
    side named just before it. Only a party of the theatre is looked for: a third party named in the
    background ('the war between Israel and Hamas') is not whoever fired."""
    start = mention.evidence.start
    window = text[max(scope, start - reach):start]
    for match in reversed(kb.actor_matcher.find(window)):
        if kb.rules.regex("site.names_war").match(window, match.end) or \
                kb.rules.regex("site.war_party").search(window, max(0, match.start - 60), match.start):
            continue
        actor = match.entry
        affiliation = kb.affiliation(actor)
        if actor.kind in _ARMED_KINDS and affiliation in kb.theatre.parties and affiliation != mention.actor2_affiliation:
            mention.actor1, mention.actor1_affiliation = actor.name, affiliation
            return
