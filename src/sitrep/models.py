"""Typed records passed between the pipeline stages.

Glossary: an *article* is one ingested document; a *mention* is one event as one
sentence (or a tight window) of one article states it; an *event* is the merged
record of every mention of the same real attack; *evidence* ties a value to the
characters it came from.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WrapSerializer, computed_field, model_validator

DatePrecision = Literal["day", "week", "month", "year", "unknown"]
# Where an article's reference date came from, in the order tried (extract/doctime.py).
ReferenceSource = Literal["published", "byline", "dateline", "url", "caption", "text", "operation", "none"]
GeoPrecision = Literal["site", "city", "region", "country", "unknown"]
Credibility = Literal["low", "normal", "high"]
# `disputed`: one party says the attack happened (a claim, a report), another denies it (trust.grade).
Status = Literal["reported", "corroborated", "confirmed", "disputed"]
# What a mention that is not an attack report says of one: a party denies it happened or hit.
Statement = Literal["denial"]

WEAPON_CATEGORIES = (
    "ballistic_missile", "cruise_missile", "rocket", "mortar", "drone",
    "aircraft", "artillery", "explosive", "small_arms", "unknown",
)


class Record(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class Article(Record):
    """One document as read, before cleaning."""

    id: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    raw_text: str
    content_hash: str
    source_path: str | None = None


class Rejection(Record):
    """A document that could not be read, with the reason."""

    source: str
    reason: str


class Flag(Record):
    code: str
    reason: str


class CleanArticle(Record):
    """An article with the non-reporting parts removed (spans refer to `text`)."""

    article: Article
    text: str
    removed: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    reference_date: dt.date | None = None
    reference_source: ReferenceSource = "none"
    # day: the day of writing (weekdays count from it); month: a URL's month; year: the text's latest date.
    reference_precision: DatePrecision = "unknown"
    reference_rule: str | None = None  # the rule that found the reference; None for a publication date
    # Sentences longer than extract.sentences.MAX_SENTENCE, which extraction reads in pieces: a sign of a malformed text.
    long_sentences: int = 0


class Evidence(Record):
    doc: str
    start: int
    end: int
    quote: str
    rule: str = ""
    rule_ids: list[str] = Field(default_factory=list)  # the rulebook's rules that produced the value


class Count(Record):
    """A number as a report gives it: exact, bounded or only described."""

    value: int | None = None
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None  # "at least", "several", "approximately", ...
    who: str | None = None  # troops, contractors, civilians, militants
    evidence: Evidence | None = None


class ResponseCue(Record):
    """What a response clause says of the attack it answers ("in response to the January 28 drone attack
    in Jordan that killed three soldiers"), read at extraction; linking compares events with it."""

    date: dt.date | None = None  # a full date with a year
    month_day: tuple[int, int] | None = None  # a date without a year: (month, day)
    days_before: tuple[int, int] | None = None  # "a day after", "last week's": days before the strike, low-high
    place_ids: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    killed: int | None = None
    weapons: list[str] = Field(default_factory=list)
    rule_ids: list[str] = Field(default_factory=list)


class Assessment(Record):
    """An event's credibility as trust.grade assesses it, on the Admiralty scale analysts use."""

    level: Credibility
    information: int  # information credibility 1-6: 1 confirmed by independent sources ... 6 cannot be judged
    source_reliability: str  # A-F: the best reliability among the event's sources
    reason: str  # why, in a sentence
    sources: int  # documents asserting the event
    independent_sources: int  # of which independent (copies of one text and one outlet's articles are one)


# An ungraded event (before trust.grade) has no assessment; it is written `{}` as it always was, so the
# export contract's `credibility` is an object, and a stored `{}` reads back as none. On the type, not on
# Event, so the API's item model built from Event's fields keeps both.
Graded = Annotated[Assessment | None, BeforeValidator(lambda value: value or None),
                   WrapSerializer(lambda value, dump: {} if value is None else dump(value))]


class Facts(Record):
    """What a passage, a mention or an event says of one attack, in the ledger's vocabulary: when, where, who
    struck whom, with what, with what result, under which operation, claimed by whom. `Mention` and `Event`
    are Facts; the export contract (gold README) fixes these names, so fields are added, never renamed.
    `facts.merge_facts` is the one fill-in merge of two of them, with each field's policy stated once."""

    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    # Another day the passage may mean: the US day of a strike told in Washington time ("9 p.m. ET").
    date_alternatives: list[dt.date] = Field(default_factory=list)
    time: str | None = None
    country: str | None = None
    location: str | None = None
    place_id: str | None = None
    place_text: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: GeoPrecision = "unknown"
    weapons: list[str] = Field(default_factory=list)
    weapon_models: list[str] = Field(default_factory=list)
    defences: list[str] = Field(default_factory=list)
    actor1: str | None = None
    actor1_affiliation: str | None = None
    actor2: str | None = None
    actor2_affiliation: str | None = None
    # killed and injured are not here: a mention's is a Count as its passage gives it (with its evidence),
    # an event's the headline number trust.grade chooses among them (the contract's integer `fatalities`).
    launched: Count | None = None
    intercepted: Count | None = None
    impacts: Count | None = None
    damage: str | None = None
    claimed_by: str | None = None
    operation: str | None = None
    landmark: str | None = None  # id in data/landmarks.yaml when the facts are a reference to one
    # One coalition member's fire on its own side or an ally's ("air defences mistakenly shot down three US
    # jets"): an event, never an attack of the other side. An event's is any of its mentions'.
    friendly_fire: bool = False

    @model_validator(mode="before")
    @classmethod
    def _derived_not_read(cls, data):
        """A stored record carries its `sub_event_type`; it is derived, so read back it is computed again."""
        if isinstance(data, dict) and "sub_event_type" in data:
            data = {k: v for k, v in data.items() if k != "sub_event_type"}
        return data

    @computed_field
    @property
    def sub_event_type(self) -> str | None:
        """The ACLED sub-event type, derived here only (from the weapons and the attacker's side), so a
        mention and the event it joins can never disagree with their own weapons."""
        from .extract.weapons import sub_event_type  # the weapon taxonomy; extract imports models, not back
        return sub_event_type(self.weapons, self.actor1_affiliation)


class PassageFacts(Facts):
    """What one passage states of an attack: the facts, with its counts as it gives them (an event's are
    numbers: see Facts) and the response clause it carries. A frame's facts (extract.frames.Frame.facts)."""

    killed: Count | None = None
    injured: Count | None = None
    responds_to_text: str | None = None


class Mention(PassageFacts):
    """One event as stated by one passage of one article."""

    id: str
    doc: str
    published: dt.date | None = None
    date_text: str | None = None
    response: ResponseCue | None = None  # `responds_to_text` read
    statement: Statement | None = None  # a denial: it joins the event it denies, never founds one
    # Detail passages not attached because their own date contradicts this mention's date.
    date_conflicts: list[Evidence] = Field(default_factory=list)
    evidence: Evidence
    extra_evidence: list[Evidence] = Field(default_factory=list)


class Event(Facts):
    """The ledger's record of one real attack, merged from its mentions."""

    id: str
    sea_area: str | None = None  # for an event at sea, the named sea area (its point is the area's)
    generic_point: bool = False  # the point is an area's generic point, not a position
    # The headline figures trust.grade chooses from `casualties` (a mention's are Counts: see Facts).
    killed: int | None = None
    injured: int | None = None
    casualties: dict[str, dict] = Field(default_factory=dict)
    counts: dict[str, dict] = Field(default_factory=dict)  # launched/intercepted/impacts, as casualties
    responds_to: list[str] = Field(default_factory=list)
    status: Status = "reported"
    credibility: Graded = None
    field_sources: dict[str, list[dict]] = Field(default_factory=dict)  # field -> [{doc, quote, start, end}]
    # For each figure that changed across reports: {field: {first_reported, current, first_doc, first_published}}.
    revisions: dict[str, dict] = Field(default_factory=dict)
    # Each change in report order: [{field, from, to, doc, published, quote}] (revisions.figure_history).
    corrections: list[dict] = Field(default_factory=list)
    sources: list[dict] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Claim(Record):
    """A running tally or total a source states ("the 66th attack since October 17")."""

    id: str
    doc: str
    kind: str  # attack_count, injured_count, killed_count, troop_level
    value: int
    qualifier: str | None = None  # "over", "more than", "approximately", "at least"
    since: dt.date | None = None
    as_of: dt.date | None = None
    where: list[str] = Field(default_factory=list)  # ISO alpha-2 countries
    target_affiliation: str | None = None
    evidence: Evidence


class EventQuery(Record):
    """Filters over the ledger's events, shared by the CLI, the library and the API."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    place: str | None = None  # place id or a substring of the location name
    actor: str | None = None  # substring of attacker or target name, or an affiliation code
    weapon: str | None = None  # weapon category
    status: Status | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    q: str | None = None  # free text over names, places, operations, quotes
    limit: int = Field(default=100, ge=1, le=1000)
    offset: int = Field(default=0, ge=0)
