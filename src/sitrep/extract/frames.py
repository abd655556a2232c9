"""Frames: the (place, date) pairs an attack sentence states, with its sides and attributes.

A sentence with an attack trigger that is not a threat, a plan, a denial or a
habit gives one frame per (place, date) it states.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..kb import KnowledgeBase, Match
from ..models import Count, PassageFacts
from ..rules import Rulebook
from .attributes import attributes_of
from .dates import TimeExpression, as_reference, find_times
from .roles import Roles, assign_roles, implied_target
from .sentences import Sentence
from .sites import (bases_of_towns, by_the_coast, own_ground, pair_places_and_times, spread_over_country,
                    territory_struck)


@dataclass
class Frame:
    sentence: Sentence
    time: TimeExpression | None
    place: Match | None
    roles: Roles
    # The attributes below are named as models.Facts names them, so facts.merge_facts reads them as it reads
    # a mention's; `facts()` gives the rest (sides, clock time, claim) in that vocabulary too.
    weapons: list[str] = field(default_factory=list)
    weapon_models: list[str] = field(default_factory=list)
    defences: list[str] = field(default_factory=list)
    killed: Count | None = None
    injured: Count | None = None
    intercepted: Count | None = None
    launched: Count | None = None
    impacts: Count | None = None
    damage: str | None = None
    operation: str | None = None
    claimed: bool = False
    response: str | None = None
    clock: str | None = None
    anaphoric: bool = False
    target_list: bool = False
    response_only: bool = False
    answered: bool = False  # the earlier attack a response clause names, not the sentence's own attack
    rule_ids: list[str] = field(default_factory=list)  # the trigger rules that made the sentence an attack
    count_rules: dict[str, list[str]] = field(default_factory=dict)  # "killed" -> the count rules behind it

    def facts(self) -> PassageFacts:
        """What the frame states, in the ledger's vocabulary: its roles as sides, its clock time as `time`,
        a claim as `claimed_by`. Its date and place are not among them: a TimeExpression and a Match, which
        only assembly turns into a mention's date and place. Counts carry no evidence yet (no document)."""
        r = self.roles
        return PassageFacts(
            time=self.clock, weapons=self.weapons, weapon_models=self.weapon_models, defences=self.defences,
            actor1=r.attacker, actor1_affiliation=r.attacker_affiliation, actor2=r.target,
            actor2_affiliation=r.target_affiliation, killed=self.killed, injured=self.injured,
            launched=self.launched, intercepted=self.intercepted, impacts=self.impacts, damage=self.damage, operation=self.operation,
            claimed_by=r.attacker if self.claimed else None, responds_to_text=self.response)


def frames_of(sentence: Sentence, ref: dt.date | None, kb: KnowledgeBase,
              heading: TimeExpression | None = None) -> list[Frame]:
    """The (place, date) frames one sentence states, or none if it states no attack. `heading` is the date
    of the timeline entry the sentence belongs to, for a sentence that gives none of its own. An earlier
    attack the sentence answers ('in response to the January 28 drone attack in Jordan') is a frame too."""
    rules = kb.rules
    s, response = _main_clause(sentence.text, rules)
    body = _body_start(s, rules)
    times = [t for t in event_times(s, ref, rules) if t.start >= body]  # a dateline's date is the report's
    frames = [f for clause in _opposing_clauses(s, kb) for f in _clause_frames(
        sentence, clause, response, [t for t in times if clause[t.start:t.end].strip()] or times, ref, kb, heading)]
    if response is not None and response != sentence.text:
        main = frames[0].roles if frames and not frames[0].response_only else Roles()
        frames += _answered_frames(sentence, s, ref, kb, main)
    return frames


def _opposing_clauses(s: str, kb: KnowledgeBase) -> list[str]:
    """'Iran fired missiles at the bases overnight, while U.S. bombers struck sites near Tabriz': clauses in
    which each side strikes (rule role.opposing_clause) are read apart, the rest blanked (offsets hold); a
    time told in one clause dates the others ('while'). Else the sentence is one clause."""
    cuts = [m.start() for m in kb.rules.regex("role.opposing_clause").finditer(s)]
    if not cuts:
        return [s]
    bounds = list(zip([0, *cuts], [*cuts, len(s)]))
    clauses = [" " * a + s[a:b] + " " * (len(s) - b) for a, b in bounds]
    sides = [sites_and_roles(c, kb)[1].attacker_affiliation if states_attack(c, kb.rules) else None for c in clauses]
    if None in sides or len(set(sides)) < 2:
        return [s]
    return clauses


def _body_start(s: str, rules: Rulebook) -> int:
    dateline = rules.regex("site.dateline").match(s)
    return dateline.end() if dateline else 0


def _clause_frames(sentence: Sentence, s: str, response: str | None, times: list[TimeExpression], ref,
                   kb: KnowledgeBase, heading: TimeExpression | None) -> list[Frame]:
    """The frames of the main clause `s` (the sentence with any response clause blanked)."""
    rules = kb.rules
    states = states_attack(s, rules, days=[t.start for t in times if t.date and t.precision == "day"])
    target_list = bool(rules.regex("trigger.target_list").search(s) and rules.regex("attribute.operation").search(s))
    response_alone = bool(rules.regex("response.alone").search(s))
    if not response_alone and (s.rstrip().endswith("?") or not (states or target_list)):
        return _harm_detail(sentence, s, kb, bool(times)) or _claim_detail(sentence, s, kb)
    places, roles = sites_and_roles(s, kb)
    triggers = [rule_id for rule_id, fired in ((states, states), ("trigger.target_list", target_list),
                                               ("response.alone", response_alone)) if fired]
    if not times and heading is not None:
        times, triggers = [heading], [*triggers, "timeline.heading"]
    if not times and states:
        times = _in_progress(sentence, s, ref, rules)
    if response_alone and not places and not (times and states):
        return [Frame(sentence, None, None, Roles(), response=sentence.text, response_only=True, rule_ids=triggers)]
    if response_alone and not states:
        return []
    if not times and places and roles.attacker_affiliation and roles.target_affiliation:
        times = _statement_day(s, ref, rules)
    if not places and rules.regex("site.same_site").search(s):
        triggers = [*triggers, "site.same_site"]  # 'a separate attack on the same base': placed in assembly
    if roles.attacker_affiliation is None and roles.target_affiliation is None and not _at_us_site(places):
        if times and "site.same_site" not in triggers:
            return []  # a dated attack with neither side in this theatre
        places = []  # an undated detail sentence: it may only describe a nearby event
    if roles.attacker_affiliation in kb.theatre.coalition.affiliations and roles.target_affiliation is None:
        roles = replace(roles, target_affiliation=implied_target(sentence.text, kb, places))
    if not places and times and roles.attacker_affiliation in kb.theatre.coalition.affiliations:
        places = territory_struck(s, roles, kb)
    attrs = dict(attributes_of(s, kb), response=response, target_list=target_list, rule_ids=triggers)
    return [Frame(sentence, t, p, roles, **attrs) for p, t in pair_places_and_times(s, places, times, rules)]


# A report's first sentences: where strikes under way (rule date.in_progress) are the report's own news.
_OPENING_SENTENCES = 3


def _in_progress(sentence: Sentence, s: str, ref, rules: Rulebook) -> list[TimeExpression]:
    """'The US and UK are delivering airstrikes on ...' atop a report dated to the day (rule date.in_progress)."""
    m = rules.regex("date.in_progress").search(s)
    day = as_reference(ref).day if ref is not None else None
    if m is None or day is None or sentence.index > _OPENING_SENTENCES:
        return []
    return [TimeExpression(m.start(), m.end(), m.group(0), day, "day", "in_progress")]


# The rules by which a sentence with no attack word still speaks of the attack told before it.
_NO_HARM = ("count.none_injured", "count.no_casualties", "count.none_killed")


def _harm_detail(sentence: Sentence, s: str, kb: KnowledgeBase, dated: bool) -> list[Frame]:
    """'No one was hurt.', 'Five soldiers were hurt.': a sentence that only tells who was harmed, with no attack word,
    place or time of its own, details the attack on that side told before it (a toll with a place or time may be another's)."""
    fired = [rule_id for rule_id in _NO_HARM if kb.rules.regex(rule_id).search(s)]
    attrs = attributes_of(s, kb)
    toll = [r for key in ("killed", "injured") if attrs[key] for r in attrs["count_rules"].get(key, [])]
    if not fired and (dated or not toll or kb.place_matcher.find(s)):
        return []
    if s.rstrip().endswith("?"):
        return []
    r = sites_and_roles(s, kb)[1]  # 'no damage to U.S. personnel': the side told unharmed is the side struck
    return [Frame(sentence, None, None, Roles(None, None, r.target, r.target_affiliation), killed=attrs["killed"], injured=attrs["injured"],
                  count_rules=attrs["count_rules"], anaphoric=True, rule_ids=fired or list(dict.fromkeys(toll)))]


def _claim_detail(sentence: Sentence, s: str, kb: KnowledgeBase) -> list[Frame]:
    """'A little-known faction claimed responsibility.': a claim naming nothing it claims (rule
    attribute.claim_alone) is a detail of the attacks told before it, its claimant their attacker."""
    claim = kb.rules.regex("attribute.claim").search(s)
    if claim is None or s.rstrip().endswith("?") or not kb.rules.regex("attribute.claim_alone").match(s[claim.end():]):
        return []
    roles = sites_and_roles(s, kb)[1]
    if roles.attacker is None:
        return []
    return [Frame(sentence, None, None, Roles(roles.attacker, roles.attacker_affiliation), claimed=True,
                  anaphoric=True, rule_ids=["attribute.claim_alone"])]


def sites_and_roles(s: str, kb: KnowledgeBase) -> tuple[list[Match], Roles]:
    """The places of `s` that could be where its attack happened, and who struck whom (a pure function of
    the text: computed once per sentence, its matches and roles frozen)."""
    places, roles = kb.remember(("sites_and_roles", s), lambda: _read_sites_and_roles(s, kb))
    return list(places), roles


def _read_sites_and_roles(s: str, kb: KnowledgeBase) -> tuple[tuple[Match, ...], Roles]:
    rules, body = kb.rules, _body_start(s, kb.rules)
    actors = [a for a in _actors(s, kb) if a.start >= body and not rules.regex("site.names_war").match(s, a.end)]
    home = kb.theatre.coalition.home_country
    named = [p for p in kb.place_matcher.find(s) if p.start >= body]
    heads, addresses = list_heads(s, named, rules), _addresses(s, named, rules)
    places = by_the_coast([p for p in named if p.start not in addresses
                            and _attack_site(s, p, actors, rules, heads.get(p.start, p), home)], s, rules)
    places = bases_of_towns(spread_over_country(places, heads, kb), s, kb)
    return tuple(places), _with_claimant(s, assign_roles(s, actors, places, kb), actors, kb)


def _actors(s: str, kb: KnowledgeBase) -> list[Match]:
    """The actors named: the knowledge base's, and the opponent's proxies named by backer and a common noun
    (rule role.backed_group: 'an Iranian-backed Shia militia group'), as the generic Iran-backed militias."""
    named = kb.actor_matcher.find(s)
    generic = kb.actors.get("iran-backed-militias")
    extra = [Match(m.start(), m.end(), m.group(0), generic) for m in kb.rules.regex("role.backed_group").finditer(s)
             if generic is not None and not any(a.start < m.end() and m.start() < a.end for a in named)]
    return sorted(named + extra, key=lambda a: a.start)


def _answered_frames(sentence: Sentence, main: str, ref, kb: KnowledgeBase, main_roles: Roles) -> list[Frame]:
    """'... in response to the January 28 drone attack in Jordan that killed three US troops': the attack a
    response answers is an event of its own when the clause dates it to a day and places it. Its sides are
    the clause's, or else the response's reversed (the answered attack struck the side that responds). In a
    text with no date to count from, a month and day is a day all the same, of no known year."""
    rules = kb.rules
    clause = "".join(c if m == " " else " " for c, m in zip(sentence.text, main))
    times = [t for t in event_times(clause, ref, rules) if (t.date is not None and t.precision == "day")
             or (ref is None and t.date is None and t.kind == "mdy")]
    if not times or states_attack(clause, rules, days=[t.start for t in times]) is None:
        return []
    places, roles = sites_and_roles(clause, kb)
    places = places or own_ground(clause, main_roles.attacker, kb)
    if not places:
        return []
    roles = Roles(roles.attacker, roles.attacker_affiliation or main_roles.target_affiliation,
                  roles.target, roles.target_affiliation or main_roles.attacker_affiliation)
    if roles.attacker_affiliation is None and roles.target_affiliation is None and main_roles != Roles():
        return []  # sides named in the sentence, none of them this theatre's (with none, the strike before lends them)
    attrs = dict(attributes_of(clause, kb), rule_ids=["response.clause"])
    return [Frame(sentence, t, p, roles, answered=True, **attrs) for p, t in pair_places_and_times(clause, places, times, rules)]


def _with_claimant(s: str, roles: Roles, actors: list[Match], kb: KnowledgeBase) -> Roles:
    """'Kataib Hezbollah, an Iran-backed militia, said it carried out the attack': a group that claims the
    attack is its attacker, when the sentence names no other. The claimant is the subject, the first actor
    before the claim, not an appositive after it."""
    claim = kb.rules.regex("attribute.claim").search(s)
    if roles.attacker is not None or claim is None:
        return roles
    before = [a for a in actors if a.end <= claim.start() and kb.affiliation(a.entry) not in (None, roles.target_affiliation)]
    if not before:
        return roles
    return replace(roles, attacker=before[0].entry.name, attacker_affiliation=kb.affiliation(before[0].entry))


def _attack_site(s: str, p: Match, actors: list[Match], rules: Rulebook, head: Match, home: str | None) -> bool:
    """A place named in an attack sentence that could be where it happened: not part of an actor's name, a
    speaker ('Tehran said', 'officials in Amman'), a war's name, an origin, a border or the US itself.
    What stands before a list ('in', 'from') is read before its head, for every name of the list."""
    return (not _inside_actor(p, actors) and not rules.regex("site.speaks").match(s, p.end)
            and not rules.regex("site.speaker_seat").search(s, max(0, head.start - 40), head.start)
            and not rules.regex("site.names_war").match(s, p.end)
            and not rules.regex("site.war_in").search(s, max(0, head.start - 90), head.start)
            and not _is_origin(s, head, rules) and not _names_actor(s, p, head, actors, rules)
            and not rules.regex("site.not_a_site_after").match(s, p.end)
            and not rules.regex("site.caption").search(s, max(0, p.start - 40), p.start)
            and p.entry.country != home)


def _main_clause(s: str, rules: Rulebook) -> tuple[str, str | None]:
    """Split off 'in response to the attack by X on Monday': it describes the earlier event.
    The main clause is blanked, not cut, so spans stay valid. A clause that opens the sentence, or follows
    only words setting the scene ('Then, late Tuesday, in response to that attack, jets ...'), ends at a comma."""
    cue = rules.regex("response.clause").search(s)
    if not cue:
        return s, (s if rules.regex("response.cue").search(s) else None)
    start = 0 if cue.start() < 5 else cue.start()
    if start == 0 or (s[:start].rstrip().endswith(",") and states_attack(s[:start], rules) is None):
        comma = s.find(",", cue.end())
        while comma != -1 and rules.regex("response.relative").match(s, comma + 1):
            comma = s.find(",", comma + 1)  # 'In retaliation for the attack, which killed three, jets ...'
        if comma == -1:
            return s, s
        return s[:start] + " " * (comma + 1 - start) + s[comma + 1:], s[start:comma]
    return s[:start] + " " * (len(s) - start), s[start:]


# The trigger rules, past tense first: the id of the first that fires is the frame's trigger.
TRIGGER_RULES = ("trigger.attack", "trigger.present", "trigger.preemptive")


def states_attack(s: str, rules: Rulebook, days: list[int] = ()) -> str | None:
    """The id of the trigger rule by which the sentence states an attack, or None. A summary ('a series
    of strikes on Friday') states attacks only when a day follows it (`days`: where the sentence's days
    start); 'These August 15 attacks followed a series of attacks' is a summary of the months before."""
    if rules.regex("modality.negated").search(s) or rules.regex("modality.habitual").search(s):
        return None
    modal, tally, clause_break = (rules.regex("modality.before"), rules.regex("trigger.tally_before"),
                                  rules.regex("modality.clause_break"))
    summary = rules.regex("modality.summary")
    for rule_id in TRIGGER_RULES:
        for m in rules.regex(rule_id).finditer(s):
            if m.group(0).lower().endswith("s") and tally.search(s[max(0, m.start() - 30):m.start()]):
                continue  # "over 143 attacks": a running tally, not an event
            window = clause_break.split(s[max(0, m.start() - 60):m.start()])[-1]
            if not modal.search(window) and (any(d > m.start() for d in days) or not summary.search(window)):
                return rule_id
    return None


def event_times(s: str, ref: dt.date | None, rules: Rulebook) -> list[TimeExpression]:
    """Dates of the event, not of its report: 'As reported on October 27 and November 10, ...' is dropped
    as a whole list."""
    out, previous_dropped, previous_end = [], False, 0
    for t in _with_listed_days(s, find_times(s, ref, rules), rules):
        listed = previous_dropped and rules.regex("date.list_and").fullmatch(s[previous_end:t.start])
        keep = _is_event_time(s, t, rules) and not listed
        if keep:
            out.append(t)
        previous_dropped, previous_end = not keep, t.end
    return out


def _with_listed_days(s: str, times: list[TimeExpression], rules: Rulebook) -> list[TimeExpression]:
    """'attacked again on July 26 and 27': the bare days listed after a month-day date are dates of the same
    month and year, each a time of its own."""
    out, day_list = [], rules.regex("date.day_list")
    for t in times:
        out.append(t)
        if t.kind != "mdy" or t.date is None or t.precision != "day":
            continue
        end = t.end
        while (m := day_list.match(s, end)) and not any(o.start < m.end() and m.start() < o.end for o in times):
            try:
                date = t.date.replace(day=int("".join(c for c in m.group(1) if c.isdigit())))
            except ValueError:
                break
            out.append(replace(t, start=m.start(1), end=m.end(1), text=m.group(1), date=date))
            end = m.end()
    return out


def _statement_day(s: str, ref: dt.date | None, rules: Rulebook) -> list[TimeExpression]:
    """'Iran said on Wednesday it had concluded its attacks ... after firing missiles at two bases': a
    fresh report gives no day for the attack, only the statement's. As ACLED does, the attack takes the
    report's day at week precision, when the statement is at most two days before publication."""
    day = as_reference(ref).day if ref else None  # only the day of writing makes a statement fresh
    if day is None:
        return []
    for t in find_times(s, ref, rules):
        if t.reporting and t.precision == "day" and t.date and 0 <= (day - t.date).days <= 2:
            return [replace(t, precision="week", reporting=False, kind="statement-day")]
    return []


def _is_event_time(s: str, t: TimeExpression, rules: Rulebook) -> bool:
    if t.reporting or t.kind == "year" or t.precision in ("month", "year", "week"):
        return False
    before = s[max(0, t.start - 30):t.start]
    clause = rules.regex("date.clause_break").split(s[max(0, t.start - 60):t.start])[-1]
    return (not rules.regex("date.window_before").search(before) and not rules.regex("date.report_context").search(before)
            and not rules.regex("date.since_in_clause").search(clause)
            and not rules.regex("date.war_began").search(s, max(0, t.start - 180), t.start))


def _inside_actor(place: Match, actors: list[Match]) -> bool:
    """'Islamic Resistance in Iraq' names an actor, not a place; a bare 'Iraq' is both."""
    return any(a.start <= place.start and place.end <= a.end and a.end - a.start > place.end - place.start
               for a in actors)


def _names_actor(s: str, place: Match, head: Match, actors: list[Match], rules: Rulebook) -> bool:
    """'Iran launched ...' names a party; 'in Iran' (or 'in Qatar, Iran and Kuwait') names a place."""
    if not any(a.start == place.start and a.end == place.end for a in actors):
        return False
    return not rules.regex("site.locative").search(s[max(0, head.start - 40):head.start])


def _addresses(s: str, places: list[Match], rules: Rulebook) -> set[int]:
    """The starts of places that only say where the place before them is ('the base at Rumalyn in Hasakah
    province', 'Victory Base near Baghdad airport'): written right after a site or town, and no finer."""
    address, rank = rules.regex("site.address"), {"base": 0, "city": 1, "region": 2, "country": 3}
    return {cur.start for prev, cur in zip(places, places[1:])
            if prev.entry.kind in ("base", "city") and address.fullmatch(s[prev.end:cur.start])
            and rank.get(cur.entry.kind, 3) >= rank[prev.entry.kind]}


def list_heads(s: str, places: list[Match], rules: Rulebook) -> dict[int, Match]:
    """'bases in Qatar, Bahrain, Kuwait and the UAE': the names of a list, each mapped (by its start) to the
    list's first name. A run of names joined by commas is a list only if it closes with 'and' or 'or';
    otherwise 'in Iraq, Iran launched ...' would make Iran a place."""
    sep, heads, run = rules.regex("site.list_separator"), {}, [places[0]] if places else []
    for previous, current in zip(places, places[1:]):
        joined = sep.fullmatch(s[previous.end:current.start])
        if joined:
            run.append(current)
            if joined.group("last") or joined.group("joins"):
                heads.update({p.start: run[0] for p in run[1:]})
        else:
            run = [current]
    return heads


def _is_origin(s: str, place: Match, rules: Rulebook) -> bool:
    return bool(rules.regex("site.origin").search(s[max(0, place.start - 45):place.start]))


def _at_us_site(places: list[Match]) -> bool:
    return any(p.entry.kind == "base" for p in places)

