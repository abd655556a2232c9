"""Mentions a document makes by reference: the one base of several it names later, and landmark events
(a killing named by its victims, an operation by its name), dated and placed by data/landmarks.yaml.
In: a cleaned article's sentences (and its mentions); out: the mentions those references add."""
from __future__ import annotations

import hashlib

from ..kb import KnowledgeBase, Landmark, Match, Place
from ..models import CleanArticle, Evidence, Mention
from .assemble import set_place
from .dates import Reference
from .frames import TRIGGER_RULES, event_times
from .sentences import Sentence
from .weapons import classify_weapons

# How far (characters) from where a one-night operation is named a sentence may tell of its targets.
_OPERATION_REACH = 3000
# A town within this distance (km) of an operation's site stands for the site ("struck Natanz").
_SITE_TOWN_KM = 40.0


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
    return out + operation_mentions(article, sentences, kb)


def operation_mentions(article: CleanArticle, sentences: list[Sentence], kb: KnowledgeBase) -> list[Mention]:
    """'Operation Midnight Hammer struck Fordow, Natanz and Isfahan': a named operation dates what the text
    tells of it. A one-night operation gives each of its sites the text tells an attack on; one with no
    sites listed, its attack-worded naming; a campaign only its first day, where the text says it began."""
    doc, out, seen = article.article, [], set()
    for landmark, sentence, match in _operations_named(sentences, kb):
        if landmark.kind == "operation" and landmark.targets:
            found = _target_mentions(doc.id, doc.published, landmark, sentence, sentences, kb)
        elif (landmark.kind == "operation" and _attack_worded(sentence.text, kb)) or (
                landmark.kind == "campaign" and _launched(sentence.text, match, kb)):
            found = [_landmark_mention(doc.id, doc.published, landmark, sentence, kb, weapons_from_text=True)]
        else:
            found = []
        for mention in found:
            if (landmark.id, mention.place_id) not in seen:
                seen.add((landmark.id, mention.place_id))
                out.append(mention)
    return out


def _operations_named(sentences: list[Sentence], kb: KnowledgeBase):
    """(operation, sentence, match) for each operation a sentence names outside a threat or a denial."""
    rules = kb.rules
    for sentence in sentences:
        text = sentence.text
        if text.rstrip().endswith("?") or rules.regex("modality.negated").search(text):
            continue
        for match in kb.operation_matcher.find(text):
            if match.entry.kind != "mission" and not rules.regex("modality.before").search(
                    text[max(0, match.start - 40):match.start]):
                yield match.entry, sentence, match


def _target_mentions(doc_id: str, published, landmark: Landmark, named: Sentence, sentences: list[Sentence],
                     kb: KnowledgeBase) -> list[Mention]:
    """The operation's sites that attack sentences near its naming tell of, each a mention on its day."""
    by_site: dict[str, Mention] = {}
    for sentence in sentences:
        if abs(sentence.start - named.start) > _OPERATION_REACH or not _tells_of(sentence.text, landmark, kb):
            continue
        weapons, models = classify_weapons(sentence.text, kb)
        for match in kb.place_matcher.find(sentence.text):
            site = _target_site(match.entry, landmark, kb)
            if site is None:
                continue
            mention = by_site.get(site.id)
            if mention is None:
                mention = _landmark_mention(doc_id, published, landmark, sentence, kb, site=site,
                                            weapons_from_text=True)
                by_site[site.id] = mention
            elif mention.evidence.start != sentence.start:
                mention.extra_evidence.append(Evidence(doc=doc_id, start=sentence.start, end=sentence.end,
                                                       quote=sentence.text, rule="operation"))
            mention.weapons = sorted(set(mention.weapons) | set(weapons))
            mention.weapon_models = sorted(set(mention.weapon_models) | set(models))
    return list(by_site.values())


def _target_site(place: Place, landmark: Landmark, kb: KnowledgeBase) -> Place | None:
    """The operation's site a named place stands for: the site itself, or a town within reach of it."""
    for target in (kb.places[t] for t in landmark.targets):
        if place.id == target.id or (place.kind in ("base", "city") and place.country == target.country
                                     and place.km_to(target) <= _SITE_TOWN_KM):
            return target
    return None


def _tells_of(text: str, landmark: Landmark, kb: KnowledgeBase) -> bool:
    """An attack sentence that may be about the operation: no other attacker named without its own side,
    and no date of its own on another day. Near the operation's name, a weapon delivered on a site ("B-2s
    dropped bunker busters on Fordow") tells of the attack as a trigger word does."""
    if not (_attack_worded(text, kb) or classify_weapons(text, kb)[0]):
        return False
    own, target = kb.affiliation(kb.actors[landmark.actor1]), kb.affiliation(kb.actors.get(landmark.actor2 or ""))
    sides = {kb.affiliation(m.entry) for m in kb.actor_matcher.find(text)} - {None, target}
    if sides and own not in sides:
        return False
    # Year-less dates read in the operation's year ("on June 13"); weekdays are left undated.
    ref = Reference(landmark.date, source="landmark", precision="year")
    return not any(t.date is not None and t.precision == "day" and abs((t.date - landmark.date).days) > 1
                   for t in event_times(text, ref, kb.rules))


def _attack_worded(text: str, kb: KnowledgeBase) -> bool:
    """Whether the sentence tells that an attack happened: a trigger word not under a threat or a plan."""
    rules = kb.rules
    if rules.regex("modality.negated").search(text) or rules.regex("modality.habitual").search(text):
        return False
    modal = rules.regex("modality.before")
    return any(not modal.search(text[max(0, m.start() - 60):m.start()])
               for rule_id in (*TRIGGER_RULES, "trigger.target_list") for m in rules.regex(rule_id).finditer(text))


def _launched(text: str, match: Match, kb: KnowledgeBase) -> bool:
    """'launched Operation X', 'Operation X began with strikes': the text tells the campaign's start."""
    before = text[max(0, match.start - 80):match.start]
    return bool(kb.rules.regex("operation.launched_before").search(before)
                or kb.rules.regex("operation.launched_after").search(text[match.end:match.end + 80]))


def _landmark_mention(doc_id: str, published, landmark: Landmark, sentence: Sentence, kb: KnowledgeBase,
                      site: Place | None = None, weapons_from_text: bool = False) -> Mention:
    """A mention of the landmark, on its day, at `site` or its place. A killing takes the weapons it is known
    by; an operation only those its sentence names, as an event lists only the weapons its texts name."""
    place, attacker = site or kb.places[landmark.place], kb.actors[landmark.actor1]
    target = kb.actors.get(landmark.actor2 or "")
    rule = "landmark" if landmark.kind == "killing" else "operation"
    weapons, models = classify_weapons(sentence.text, kb) if weapons_from_text else (list(landmark.weapons), [])
    evidence = Evidence(doc=doc_id, start=sentence.start, end=sentence.end, quote=sentence.text, rule=rule)
    key = f"{doc_id}:{sentence.start}:{landmark.id}" + (f":{site.id}" if site else "")
    mention = Mention(
        id=hashlib.sha1(key.encode()).hexdigest()[:16], doc=doc_id, published=published, date=landmark.date, date_precision="day", date_text=None,
        weapons=weapons, weapon_models=models, actor1=attacker.name, actor1_affiliation=kb.affiliation(attacker),
        actor2=target.name if target else None, actor2_affiliation=kb.affiliation(target) if target else None,
        killed=None, landmark=landmark.id, evidence=evidence,
        operation=None if landmark.kind == "killing" else _operation_name(landmark))
    set_place(mention, Match(sentence.start, sentence.start, "", place))
    mention.place_text = None
    return mention


def _operation_name(landmark: Landmark) -> str:
    """'Operation Midnight Hammer', as the attribute reader names an operation."""
    name = landmark.names[0]
    return name if name.startswith("Operation ") else f"Operation {name}"
