"""Load and validate the knowledge base in `data/` into typed records and matchers.

Every malformed row is reported as `file:line: reason`. Names are matched by
token n-grams, so "Ain al-Asad", "Ain al Asad" and "AIN AL-ASAD" are one key.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .datafiles import index, line_at, LineLoader, read_csv, read_mapping, read_yaml, without_lines
from .errors import KnowledgeBaseError
from .matching import Match, Matcher, normalise, tokens
from .rules import Rulebook, load_rulebook

# Match, Matcher and tokens live in `matching` and are named here too, where the extractor looks them up.
__all__ = ["KnowledgeBase", "Match", "Matcher", "load", "normalise", "tokens"]

_UNSET = object()
PLACE_PRECISION = {"base": "site", "city": "city", "region": "region", "country": "country"}


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Place(_Entry):
    id: str
    name: str
    kind: Literal["base", "city", "region", "country"]
    country: str | None  # None only for a sea area: reports name a coastal state only where they mean one
    province: str | None = None
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    within: str | None = None  # the id of the area holding this one (a sea area within a greater sea)

    @field_validator("country")
    @classmethod
    def _iso(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Z]{2}", v):
            raise ValueError(f"country {v!r} is not an ISO 3166-1 alpha-2 code")
        return v

    @property
    def precision(self) -> str:
        return PLACE_PRECISION[self.kind]

    def km_to(self, other: "Place") -> float:
        """Great-circle distance between the two points, in km."""
        p1, p2 = math.radians(self.lat), math.radians(other.lat)
        dp, dl = p2 - p1, math.radians(other.lon - self.lon)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(h))


class Actor(_Entry):
    id: str
    name: str
    kind: Literal["state", "state_force", "militia", "group", "coalition", "generic"]
    affiliation: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    territory: str | None = None  # the one country where its forces can be struck, when there is one


class Weapon(_Entry):
    id: str
    name: str
    category: Literal["ballistic_missile", "cruise_missile", "rocket", "mortar", "drone", "aircraft",
                      "artillery", "explosive", "small_arms", "unknown"]
    model: bool = False
    aliases: tuple[str, ...] = ()


class Defence(_Entry):
    id: str
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()


class OfficeHolder(_Entry):
    person: str
    aliases: tuple[str, ...] = ()
    office: str
    body: str
    country: str
    valid_from: dt.date
    valid_to: dt.date | None = None


class Outlet(_Entry):
    outlet: str
    domains: tuple[str, ...] = ()
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    kind: str = ""


class Landmark(_Entry):
    """A dated event reports name instead of dating: a killing (by its victims) or a named operation (by its
    names). The kinds are defined in the header of data/landmarks.yaml."""
    id: str
    name: str
    kind: Literal["killing", "operation", "campaign", "mission"] = "killing"
    date: dt.date  # the local day of a killing or one-night operation; a campaign's or mission's first day
    date_end: dt.date | None = None  # a campaign's or mission's last day, where it has one
    place: str
    actor1: str
    actor2: str | None = None
    weapons: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # an operation's names as reports write them, without "Operation"
    targets: tuple[str, ...] = ()  # place ids of the sites a one-night operation struck

    @model_validator(mode="after")
    def _named(self):
        if not (self.victims if self.kind == "killing" else self.names):
            raise ValueError(f"a {self.kind} needs {'victims' if self.kind == 'killing' else 'names'}")
        return self


class Side(_Entry):
    """One side of the theatre (data/theatre.yaml): who its actors are and how reports speak of it."""
    id: str
    name: str
    affiliations: tuple[str, ...] = Field(min_length=1)
    home_country: str | None = None
    strikes_from_the_air: bool = False
    words: tuple[str, ...] = ()
    implied_by: str | None = None  # a rule id
    holds: tuple[str, ...] = ()  # countries where the other side's strikes can only be on this side


class Theatre(_Entry):
    coalition: Side
    opponent: Side
    generic_actors: tuple[str, ...] = ()
    not_attack_operations: tuple[str, ...] = ()

    @property
    def parties(self) -> frozenset[str]:
        """Every affiliation that is one of the two sides; a state of any other is a place, not a party."""
        return frozenset(self.coalition.affiliations) | frozenset(self.opponent.affiliations)

    def is_operation(self, name: str) -> bool:
        """Whether 'Operation <name>' can be an attack's name (a campaign or deployment is not)."""
        return normalise(name) not in {normalise(o) for o in self.not_attack_operations}


@dataclass
class KnowledgeBase:
    places: dict[str, Place]
    actors: dict[str, Actor]
    weapons: dict[str, Weapon]
    defences: dict[str, Defence]
    office_holders: list[OfficeHolder]
    outlets: list[Outlet]
    place_matcher: Matcher
    actor_matcher: Matcher
    weapon_matcher: Matcher
    defence_matcher: Matcher
    holder_matcher: Matcher
    landmarks: dict[str, Landmark] = field(default_factory=dict)
    victim_matcher: Matcher = field(default_factory=Matcher)
    rules: Rulebook = field(default_factory=Rulebook)  # data/rules/*.yaml, compiled
    theatre: Theatre | None = None  # data/theatre.yaml; load() always reads it
    side_word_matcher: Matcher = field(default_factory=Matcher)  # the sides' loose short forms -> Side
    operation_matcher: Matcher = field(default_factory=Matcher)  # operation names -> Landmark
    # What `remember` keeps; not an argument, so `dataclasses.replace` gives the new knowledge base its own.
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """compute(), kept under `key` (4,096 at most): for a pure function of a text and this knowledge base,
        asked again for the same sentence (a wire's background paragraph recurs across reports)."""
        value = self._memo.get(key, _UNSET)  # one read: another thread may empty the memo in between
        if value is _UNSET:
            if len(self._memo) >= 4096:
                self._memo.clear()
            value = self._memo[key] = compute()
        return value

    @property
    def generic_actor_names(self) -> frozenset[str]:
        return frozenset(self.actors[a].name for a in self.theatre.generic_actors)

    @cached_property
    def areas_holding(self) -> dict[str, frozenset[str]]:
        """Each place with a `within` row: the ids of every area holding it (Bab el-Mandeb: the Southern Red
        Sea and the Red Sea), for resolve to read a sea area and an area inside it as agreeing."""
        out = {}
        for place in self.places.values():
            seen, up = set(), place.within
            while up and up not in seen and up != place.id:
                seen.add(up)
                up = self.places[up].within
            if seen:
                out[place.id] = frozenset(seen)
        return out

    def country(self, code: str) -> Place | None:
        return next((p for p in self.places.values() if p.kind == "country" and p.country == code), None)

    def affiliation(self, actor: Actor) -> str | None:
        """The actor's affiliation (its own or its parent's), given as its side's code when it is one of the
        affiliations a side counts (British forces fight as coalition forces: "US")."""
        seen = set()
        while actor is not None and actor.id not in seen:
            if actor.affiliation:
                return self._side_codes.get(actor.affiliation, actor.affiliation)
            seen.add(actor.id)
            actor = self.actors.get(actor.parent or "")
        return None

    @cached_property
    def _side_codes(self) -> dict[str, str]:
        return {a: side.id for side in (self.theatre.coalition, self.theatre.opponent) for a in side.affiliations}


def load(data_dir: str | Path | None = None) -> KnowledgeBase:
    """Read every data file; raise KnowledgeBaseError naming file:line on the first bad row."""
    root = Path(data_dir) if data_dir else Path(str(resources.files("sitrep") / "data"))
    places = index(read_csv(root / "places.csv", Place, split=("aliases",)), "id", root / "places.csv")
    actors = index(read_yaml(root / "actors.yaml", Actor), "id", root / "actors.yaml")
    weapons = index(read_yaml(root / "weapons.yaml", Weapon), "id", root / "weapons.yaml")
    defences = index(read_yaml(root / "defences.yaml", Defence), "id", root / "defences.yaml")
    holders = [h for _, h in read_csv(root / "office_holders.csv", OfficeHolder, split=("aliases",))]
    outlets = [o for _, o in read_csv(root / "outlets.csv", Outlet, split=("domains",))]
    _check_within(places, root / "places.csv")
    actors.update(load_ships(root / "ships.csv", actors))
    _check_parents(actors, root / "actors.yaml")
    landmarks = index(read_yaml(root / "landmarks.yaml", Landmark), "id", root / "landmarks.yaml")
    _check_landmarks(landmarks, places, actors, root / "landmarks.yaml")
    rules = load_rulebook(root / "rules", LineLoader)
    theatre = _read_theatre(root / "theatre.yaml", actors, rules)
    sides = (theatre.coalition, theatre.opponent)
    return KnowledgeBase(
        places, actors, weapons, defences, holders, outlets,
        _matcher(places.values(), lambda p: (p.name, *p.aliases)),
        _matcher(actors.values(), lambda a: (a.name, *a.aliases)),
        _matcher(weapons.values(), lambda w: (w.name, *w.aliases)),
        _matcher(defences.values(), lambda d: (d.name, *d.aliases)),
        _matcher(holders, lambda h: (h.person, *h.aliases)),
        landmarks, _matcher(landmarks.values(), lambda e: e.victims),
        rules, theatre, _matcher(sides, lambda side: side.words),
        operation_matcher=_matcher(landmarks.values(), lambda e: e.names),
    )


def _check_landmarks(landmarks: dict, places: dict, actors: dict, path: Path) -> None:
    for landmark in landmarks.values():
        unknown = [ref for ref, table in ((landmark.place, places), (landmark.actor1, actors),
                                          (landmark.actor2, actors), *((t, places) for t in landmark.targets))
                   if ref and ref not in table]
        if unknown:
            raise KnowledgeBaseError(f"{path}: landmark {landmark.id!r} names unknown ids {unknown}")


def _read_theatre(path: Path, actors: dict[str, Actor], rules: Rulebook) -> Theatre:
    """The theatre file, validated; its references to actors and rules must resolve."""
    raw = read_mapping(path)
    try:
        theatre = Theatre(**without_lines(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise KnowledgeBaseError(f"{path}:{line_at(raw, first['loc'])}: {'.'.join(map(str, first['loc']))}: "
                                 f"{first['msg']}") from exc
    unknown = [a for a in theatre.generic_actors if a not in actors]
    if unknown:
        raise KnowledgeBaseError(f"{path}:{raw.get('__line__', 1)}: generic_actors: unknown actor ids {unknown}")
    for key, side in (("coalition", theatre.coalition), ("opponent", theatre.opponent)):
        if side.implied_by and side.implied_by not in rules.rules:
            raise KnowledgeBaseError(f"{path}:{line_at(raw, (key,))}: {key}.implied_by: no rule {side.implied_by!r}")
    return theatre


def _matcher(entries, names) -> Matcher:
    matcher = Matcher()
    # Specific entries first, so a base keeps its own name over a same-named city.
    order = {"base": 0, "city": 1, "region": 2, "country": 3}
    for entry in sorted(entries, key=lambda e: order.get(getattr(e, "kind", ""), 0)):
        for name in names(entry):
            matcher.add(name, entry)
    return matcher


# libyaml's parser where it is built (it reads the rulebook about ten times faster); the mapping hook is the same.


def _check_within(places: dict[str, Place], path: Path) -> None:
    for place in places.values():
        if place.within and place.within not in places:
            raise KnowledgeBaseError(f"{path}: place {place.id!r} names unknown area {place.within!r}")


def _check_parents(actors: dict[str, Actor], path: Path) -> None:
    for actor in actors.values():
        if actor.parent and actor.parent not in actors:
            raise KnowledgeBaseError(f"{path}: actor {actor.id!r} names unknown parent {actor.parent!r}")


class Ship(_Entry):
    id: str
    name: str
    hull: str
    type: str
    side: str
    aliases: tuple[str, ...] = ()

    @field_validator("hull")
    @classmethod
    def _hull(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Z]{2,4}-\d{1,3}", v):
            raise ValueError(f"hull {v!r} is not a hull number like DDG-64")
        return v


def load_ships(path: Path, actors: dict[str, Actor]) -> dict[str, Actor]:
    """Named warships as actors of their side's forces, so the actor matcher reads 'USS Carney (DDG-64)'
    as a US target with no code of its own."""
    parent = {"US": "us-forces"}
    out = {}
    for line, ship in read_csv(path, Ship, split=("aliases",)):
        if ship.id in actors or ship.id in out:
            raise KnowledgeBaseError(f"{path}:{line}: duplicate id {ship.id!r}")
        out[ship.id] = Actor(id=ship.id, name=ship.name, kind="state_force", affiliation=ship.side,
                             parent=parent.get(ship.side), aliases=ship.aliases)
    return out
