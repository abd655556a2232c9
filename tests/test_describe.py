"""How `sitrep show` tells an event: each value with the rules (or the knowledge-base entry) behind it."""
from __future__ import annotations

import sitrep
from sitrep.describe import event_lines


def test_each_value_names_its_own_rules(kb):
    text = "Rockets struck Ain al-Asad Air Base in Iraq on Monday, wounding two U.S. soldiers."
    (event,) = sitrep.extract_events(text, published="2024-01-16", kb=kb)
    lines = {line.split(":")[0]: line for line in event_lines(event)}
    assert lines["date"].endswith("[rules: date.weekday]")
    assert lines["injured"].endswith("[rules: count.active]")
    assert lines["type"].endswith("[rules: trigger.attack]")
    assert lines["place"].endswith("[gazetteer: ain-al-asad]")


def test_a_year_from_the_url_is_named_beside_the_date(kb):
    from sitrep.models import Article
    from sitrep.pipeline import read_article
    from sitrep.settings import Settings
    article = Article(id="a", raw_text="Rockets struck Ain al-Asad Air Base in Iraq on March 3.", content_hash="h",
                      url="https://example.org/2024/03/05/rockets-hit-base")
    (event,) = read_article(article, kb, Settings())
    date_line = next(line for line in event_lines(event) if line.startswith("date:"))
    assert "date.mdy" in date_line and "reference.url" in date_line


def test_a_date_is_printed_as_precisely_as_it_is_known(kb):
    from sitrep.describe import date_label, event_line
    text = ("Rockets hit Erbil Air Base on Tuesday. It was the first attack since March, when a US drone strike in "
            "Baghdad killed a militia commander.")
    events = {e.date_precision: e for e in sitrep.extract_events(text, published="2024-08-07", kb=kb)}
    assert date_label(events["day"]) == "2024-08-06 (day)"
    assert date_label(events["month"]) == "2024-03 (month)"  # not the first of March it is stored as
    assert "2024-03 (month)" in event_line(events["month"])
    assert any(line.startswith("date: 2024-03 (month precision)") for line in event_lines(events["month"]))
