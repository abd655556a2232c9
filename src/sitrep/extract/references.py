"""Mentions a document makes by reference: the one base of several it names later, and landmark events."""
from __future__ import annotations

import hashlib

from ..kb import KnowledgeBase, Match
from ..models import CleanArticle, Evidence, Mention
from .assemble import set_place
from .sentences import Sentence
from .weapons import sub_event_type


def named_targets(sentences: list[Sentence], mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
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
            set_place(target, place)
            out.append(target)
    return out


def landmark_mentions(article: CleanArticle, sentences: list[Sentence], kb: KnowledgeBase) -> list[Mention]:
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
    set_place(mention, Match(sentence.start, sentence.start, "", place))
    mention.place_text = None
    mention.sub_event_type = sub_event_type(mention.weapons, mention.actor1_affiliation)
    return mention

