"""The knowledge base: data/theatre.yaml is read into kb.theatre, what it says reaches the output, and a
bad file is a KnowledgeBaseError naming the file and line. Texts are our own."""
from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

import sitrep
from sitrep.errors import KnowledgeBaseError
from sitrep.extract.roles import implied_target
from sitrep.kb import Theatre, load

# An attack on a base with no unit named: the target is the coalition side under its default name.
ROCKETS_ON_A_BASE = "Militants fired three rockets at Ain al-Asad Air Base in western Iraq on Sunday."
# A coalition strike whose target is told only by a loose short form of the opponent's groups.
STRIKE_ON_KATAIB = "US jets struck depots used by Kataib fighters near Al-Qaim on Monday."
# A campaign's name is not an attack's name.
UNDER_A_CAMPAIGN = ("Rockets hit Ain al-Asad Air Base, where troops of Operation Inherent Resolve are "
                    "based, on Sunday.")


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A writable copy of the packaged data directory."""
    root = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("sitrep") / "data")), root)
    return root


def edit_theatre(root: Path, change) -> None:
    path = root / "theatre.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def one(text, kb):
    events = sitrep.extract_events(text, published="2026-03-02", kb=kb)
    assert len(events) == 1, [(e.date, e.location) for e in events]
    return events[0]


def test_theatre_loads_as_a_typed_record(kb):
    theatre = kb.theatre
    assert isinstance(theatre, Theatre)
    assert theatre.coalition.id == "US" and theatre.opponent.id == "IR"
    assert theatre.parties == {"US", "GB", "IR"}
    # A member's actor carries its side's code: British forces are coalition forces.
    assert kb.affiliation(kb.actors["united-kingdom"]) == "US"
    assert kb.affiliation(kb.actors["houthis"]) == "IR"
    assert theatre.coalition.home_country == "US"
    assert all(actor_id in kb.actors for actor_id in theatre.generic_actors)
    assert theatre.opponent.implied_by in kb.rules.rules


def test_campaign_names_are_not_operations(kb):
    assert not kb.theatre.is_operation("Inherent  Resolve")
    assert not kb.theatre.is_operation("prosperity guardian")
    assert kb.theatre.is_operation("Martyr Example")


def test_default_target_name_is_read_from_the_theatre(kb, data_copy):
    assert one(ROCKETS_ON_A_BASE, kb).actor2 == "US forces"
    edit_theatre(data_copy, lambda doc: doc["coalition"].update(name="Allied garrison"))
    changed = one(ROCKETS_ON_A_BASE, load(data_copy))
    assert changed.actor2 == "Allied garrison" and changed.actor2_affiliation == "US"


def test_opponent_words_imply_the_target_side(kb, data_copy):
    assert one(STRIKE_ON_KATAIB, kb).actor2_affiliation == "IR"
    edit_theatre(data_copy, lambda doc: doc["opponent"].update(words=[]))
    assert one(STRIKE_ON_KATAIB, load(data_copy)).actor2_affiliation is None


def test_not_attack_operations_are_read_from_the_theatre(kb, data_copy):
    assert one(UNDER_A_CAMPAIGN, kb).operation is None
    edit_theatre(data_copy, lambda doc: doc.update(not_attack_operations=[]))
    assert one(UNDER_A_CAMPAIGN, load(data_copy)).operation == "Operation Inherent Resolve"


@pytest.mark.parametrize("text", [
    "US aircraft bombed a compound used by militias in the desert.",   # the rule's wording
    "The strikes hit storage sites of Iranian units near the border.",  # a loose short form (theatre words)
    "American jets struck targets in response to attacks by the IRGC.",  # an actor of that side, any clause
])
def test_implied_target_is_the_opponent(kb, text):
    assert implied_target(text, kb) == "IR"


def test_no_implied_target_without_a_sign_of_the_opponent(kb):
    assert implied_target("US jets struck a depot in the desert.", kb) is None


@pytest.mark.parametrize("change, message", [
    (lambda doc: doc["coalition"].pop("name"), "coalition.name"),
    (lambda doc: doc["opponent"].update(affiliations=[]), "opponent.affiliations"),
    (lambda doc: doc.update(generic_actors=["no-such-actor"]), "no-such-actor"),
    (lambda doc: doc["opponent"].update(implied_by="role.no_such_rule"), "role.no_such_rule"),
    (lambda doc: doc.update(colour="blue"), "colour"),
])
def test_a_bad_theatre_names_the_file(data_copy, change, message):
    edit_theatre(data_copy, change)
    with pytest.raises(KnowledgeBaseError, match=message) as err:
        load(data_copy)
    assert f"{data_copy / 'theatre.yaml'}:" in str(err.value)


def test_a_broken_theatre_names_the_line(data_copy):
    (data_copy / "theatre.yaml").write_text("coalition:\n  id: US\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"theatre\.yaml:\d+: not valid YAML"):
        load(data_copy)


def test_a_missing_theatre_is_reported(data_copy):
    (data_copy / "theatre.yaml").unlink()
    with pytest.raises(KnowledgeBaseError, match=r"theatre\.yaml: missing data file"):
        load(data_copy)


def test_a_nested_error_gives_the_line_of_its_mapping(data_copy):
    path = data_copy / "theatre.yaml"
    text = path.read_text(encoding="utf-8").replace("  home_country: US", "  home_country: [US, CA]")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("coalition:"))
    with pytest.raises(KnowledgeBaseError, match=rf"theatre\.yaml:{line + 1}: coalition\.home_country"):
        load(data_copy)
