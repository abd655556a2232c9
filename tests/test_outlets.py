"""Outlets by name as well as by domain, and a user's own outlets file (issue 12, point 5)."""
from __future__ import annotations

import pytest

import sitrep
from sitrep.credibility import find_outlet
from sitrep.errors import KnowledgeBaseError
from sitrep.outlets import outlet_name, read_outlets, with_outlets

TEXT = "Two rockets struck near Ain al-Asad Air Base in western Iraq on Thursday, causing no casualties."


@pytest.mark.parametrize("given, listed", [("Reuters", "Reuters"), ("reuters", "Reuters"),
                                           ("The U.S. Central Command", "US Central Command"),
                                           ("The White House", "White House"),
                                           ("Associated Press", "Associated Press")])
def test_an_outlet_without_an_address_is_found_by_its_name(kb, given, listed):
    found = find_outlet(None, given, kb)
    assert found is not None and found.outlet == listed


def test_a_name_that_is_only_part_of_an_outlet_is_not_it(kb):
    assert find_outlet(None, "Reuters Fan Blog", kb) is None
    assert outlet_name("The Hill") == "hill" and outlet_name("The") == "the"


def test_a_document_named_as_reuters_with_no_address_is_graded_as_reuters(kb):
    from sitrep.models import Article
    from sitrep.pipeline import prepare

    reuters = next(o for o in kb.outlets if o.outlet == "Reuters")
    named = prepare(Article(id="a", outlet="Reuters", raw_text=TEXT, content_hash="x"), kb)
    unnamed = prepare(Article(id="b", raw_text=TEXT, content_hash="y"), kb)
    assert (named.trust["source_reliability"], unnamed.trust["source_reliability"]) == (reuters.reliability, "F")


def test_a_users_file_adds_and_overrides_outlets(tmp_path, kb):
    mine = tmp_path / "mine.csv"
    mine.write_text("outlet,domains,reliability,kind\nBorder Courier,bordercourier.example,B,regional\n"
                    "Reuters,reuters.com,C,wire\n")
    rated = with_outlets(kb, mine)
    assert find_outlet("https://www.bordercourier.example/a/b", None, rated).reliability == "B"
    assert find_outlet(None, "Reuters", rated).reliability == "C"
    assert find_outlet(None, "Reuters", kb).reliability == "B"  # the packaged table is unchanged
    assert len(rated.outlets) == len(kb.outlets) + 1


@pytest.mark.parametrize("content, where", [
    ("outlet,domains,reliability,kind\nGood,good.example,B,wire\nBad,bad.example,Z,wire\n", ":3"),
    ("name,site,grade\nGood,good.example,B\n", ":1"),
    ("outlet,domains,reliability,kind\nShort,short.example\n", ":2"),
])
def test_a_bad_outlets_file_is_an_error_naming_file_and_line(tmp_path, content, where):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    with pytest.raises(KnowledgeBaseError) as caught:
        read_outlets(bad)
    assert f"{bad}{where}" in str(caught.value)


def test_ingest_outlets_option_rates_the_documents_and_a_bad_file_exits_2(tmp_path):
    from typer.testing import CliRunner

    from sitrep.cli import app

    mine = tmp_path / "mine.csv"
    mine.write_text("outlet,domains,reliability,kind\nBorder Courier,bordercourier.example,A,regional\n")
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", "-", "--db", db, "--published", "2024-03-08", "--outlet", "Border Courier",
                               "--outlets", str(mine)], input=TEXT)
    assert done.exit_code == 0, done.output
    with sitrep.open_ledger(db, create=False) as ledger:
        (doc,) = ledger.documents()
    assert doc["source_reliability"] == "A"
    missing = runner.invoke(app, ["ingest", "-", "--db", db, "--outlets", str(tmp_path / "none.csv")], input=TEXT)
    assert missing.exit_code == 2 and "none.csv" in missing.output
