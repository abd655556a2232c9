"""Chinese sentences: names found inside runs of characters, attacks read clause by clause (texts are our own)."""
from __future__ import annotations

import datetime as dt

import sitrep

DIGEST = ("# 每日简报 · 2026-05-06\n\n"
          "> **窗口**：约过去 24 小时（2026-05-05 至 05-06，北京时间）\n\n"
          "## 要闻\n\n")


def events(body, kb, published="2026-05-06"):
    return sitrep.extract_events(DIGEST + body, published=published, kb=kb)


def test_a_list_of_countries_after_dui_is_one_attack_per_country(kb):
    es = events("伊方称美军打中一处民宅，随即对巴林、科威特、伊拉克等美军基地还击。\n", kb)
    got = {(e.country, e.actor1_affiliation, e.actor2_affiliation) for e in es}
    assert got == {("BH", "IR", "US"), ("KW", "IR", "US"), ("IQ", "IR", "US")}
    assert all(e.date == dt.date(2026, 5, 5) for e in es)  # the digest window's first day


def test_a_weekday_dates_the_strike_and_the_country_after_the_verb_is_where(kb):
    es = events("- **某通讯社**：美军周一开始打击伊朗境内革命卫队目标。\n", kb)
    assert [(e.country, e.date, e.actor1_affiliation, e.actor2_affiliation) for e in es] == \
        [("IR", dt.date(2026, 5, 4), "US", "IR")]


def test_the_source_label_and_a_speaker_are_no_party(kb):
    # The bullet's source names Iran; the strike is on a town in Iran with nobody named: the coalition's.
    es = events("- **伊朗红新月会**：称导弹碎片击中克尔曼沙赫一处民宅，多人受伤。\n", kb)
    assert [(e.location, e.actor1_affiliation, e.actor2_affiliation) for e in es] == [("Kermanshah", "US", "IR")]


def test_a_toll_by_place_after_the_attack_word_is_a_strike_at_each_place(kb):
    es = events("官媒称美军三处打击阿瓦士 **5** 死；革命卫队称拉万岛 **2** 名人员死亡。\n", kb)
    assert {e.location for e in es} == {"Ahvaz", "Lavan Island"}


def test_no_attack_in_a_threat_a_retaliation_named_or_a_toll_revision(kb):
    text = ("- **某总统**：称此次行动是对伊朗向约旦美军基地发射导弹的报复；并警告若伊朗还击，将再打。\n\n"
            "- **官媒**：一名女子在医院死亡，克尔曼沙赫袭击的官方死亡数从 3 调至 4。\n\n"
            "- **某通讯社**：革命卫队向亚喀巴一处美军基地发射导弹。\n")
    assert [(e.location, e.actor1_affiliation) for e in events(text, kb)] == [("Aqaba", "IR")]


def test_a_quotation_names_no_site(kb):
    es = events("- **发言人**：称伊方连夜对科威特美军目标发射，并称「我们已袭击巴林美军基地」。\n", kb)
    assert [e.country for e in es] == ["KW"]


def test_chinese_weapons_and_tolls_are_read(kb):
    es = events("- **某通讯社**：革命卫队向亚喀巴一处美军基地发射弹道导弹。\n\n"
                "约旦军方称没有人员伤亡。\n\n"
                "- **官媒**：称美军打击克尔曼沙赫，**6** 名人员死亡、**20** 余人受伤。\n", kb)
    by_place = {e.location: e for e in es}
    aqaba, kermanshah = by_place["Aqaba"], by_place["Kermanshah"]
    assert aqaba.weapons == ["ballistic_missile"] and aqaba.sub_event_type == "Shelling/artillery/missile attack"
    assert (aqaba.killed, aqaba.injured) == (0, 0)
    assert (kermanshah.killed, kermanshah.injured) == (6, 20)


def test_an_english_sentence_glossing_a_name_in_characters_is_read_as_english(kb):
    es = events("Militants fired rockets at Erbil Air Base (埃尔比勒空军基地) on Monday, wounding two contractors.\n", kb)
    assert [(e.location, e.date, e.injured) for e in es] == [("Erbil Air Base", dt.date(2026, 5, 4), 2)]


def test_a_third_state_striking_the_opponent_is_no_coalition_strike(kb):
    es = events("- **某通讯社**：以色列周一空袭德黑兰多处目标。\n\n- **官媒**：称导弹击中克尔曼沙赫一处仓库。\n", kb)
    assert [(e.location, e.actor1_affiliation) for e in es] == [("Kermanshah", "US")]
