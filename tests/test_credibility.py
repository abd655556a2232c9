"""Credibility of a page: content-farm signs, copies, garbled text, partisan wording and a base placed in
the wrong country, each with its reason; strong signs make a page low, weak ones only in pairs.
All pages are invented for these tests."""
from __future__ import annotations

from sitrep.clean import clean_article
from sitrep.credibility import assess_article
from sitrep.models import Article

WIRE = ("Two drones targeted Harir Air Base in northern Iraq late on Thursday, a security official said.\n\n"
        "One drone was shot down and the other fell near the perimeter fence, causing no casualties, "
        "the official told Reuters on condition of anonymity.\n\n"
        "No group claimed the attack, which came a day after rockets were fired at a base in Syria.")


def _assess(kb, text: str, url: str | None = "https://www.example-daily.com/world/drones-target-base"):
    article = Article(id="doc-1", url=url, raw_text=text, content_hash="h1")
    return assess_article(clean_article(article, kb), kb)


def test_a_plain_wire_story_stays_normal(kb):
    trust = _assess(kb, WIRE, url="https://www.reuters.com/world/middle-east/drones-target-harir-base-2025-05-02/")
    assert trust["credibility"] == "normal"
    assert trust["flags"] == []


def test_lookalike_of_a_known_outlet_is_low(kb):
    trust = _assess(kb, WIRE, url="https://reuterss.com/?p=1234")
    assert trust["credibility"] == "low"
    assert "Reuters" in trust["reasons"]["typosquat_domain"]


def test_the_real_outlet_is_no_lookalike(kb):
    trust = _assess(kb, WIRE, url="https://apnews.com/article/iraq-drones-0123")
    assert "typosquat_domain" not in trust["flags"]


def test_page_of_a_documented_propaganda_network_is_low(kb):
    trust = _assess(kb, WIRE, url="https://news-pravda.com/world/2025/05/02/1234.html")
    assert trust["credibility"] == "low"
    assert "disinformation_network" in trust["flags"]


def test_offtopic_teaser_block_is_a_content_farm(kb):
    text = WIRE + ("\n\nTrending Now\n\nCheap Car Insurance in Houston\n\nFinding the right cover can be hard, "
                   "but a few simple tips can...\n\nWhy Cats Sleep So Much\n\nOwners often wonder why their pets "
                   "spend the day...\n\nThe Best Garden Chairs of the Year\n\nSummer is coming and the patio...")
    trust = _assess(kb, text)
    assert trust["credibility"] == "low"
    assert "Trending Now" in trust["reasons"]["offtopic_teasers"]


def test_topical_teasers_are_not_a_content_farm(kb):
    text = WIRE + ("\n\nMost Read\n\nRockets hit a base near Baghdad airport, officials say it was...\n\n"
                   "Pentagon reviews air defences after a drone attack on troops...")
    assert "offtopic_teasers" not in _assess(kb, text)["flags"]


def test_personal_blog_page_with_another_outlets_reporting_is_low(kb):
    text = "A security source told Rudaw that two rockets landed near the base overnight."
    trust = _assess(kb, text, url="https://someone123.medium.com/rockets-near-the-base-7fa3")
    assert trust["credibility"] == "low"
    assert "Rudaw" in trust["reasons"]["copied_reporting"]


def test_outlets_own_reporting_on_its_site_is_no_copy(kb):
    text = "A security source told Rudaw that two rockets landed near the base overnight."
    assert "copied_reporting" not in _assess(kb, text, url="https://www.rudaw.net/english/iraq/123")["flags"]


def test_address_ending_with_another_outlets_name_is_a_scraped_copy(kb):
    trust = _assess(kb, WIRE, url="https://daily-buzz-feed.net/two-drones-target-base-in-iraq-al-jazeera")
    assert trust["credibility"] == "low"
    assert "Al Jazeera" in trust["reasons"]["scraped_title"]


def test_short_outlet_names_in_an_address_are_not_read_as_a_copy(kb):
    # 'bbc' or 'cnn' at the end of a slug may be any word; only names of six letters or more count.
    trust = _assess(kb, WIRE, url="https://daily-buzz-feed.net/two-drones-target-base-in-iraq-cnn")
    assert "scraped_title" not in trust["flags"]


def test_many_glued_words_mean_a_garbled_text(kb):
    text = ("Rockets fell on the airfield near Kirkuk andErbil police said the launcherswhich were found "
            "later belonged to a cell of the “Sons of the River“Group, whose leader fled.")
    trust = _assess(kb, text)
    assert trust["credibility"] == "low"
    assert "andErbil" in trust["reasons"]["garbled_text"]


def test_one_glued_word_is_only_a_weak_flag(kb):
    trust = _assess(kb, WIRE.replace("Harir Air Base", "AlHarir base"))
    assert trust["flags"] == ["glued_words"]
    assert trust["credibility"] == "normal"


def test_partisan_wording_alone_is_a_flag_not_low(kb):
    trust = _assess(kb, WIRE.replace("a base in Syria", "a base of the US occupation forces in Syria"))
    assert "US occupation forces" in trust["reasons"]["partisan_framing"]
    assert trust["credibility"] == "normal"


def test_quoted_partisan_wording_is_the_speakers(kb):
    text = WIRE + '\n\nThe group said it had struck "the occupation base" in revenge.'
    assert "partisan_framing" not in _assess(kb, text)["flags"]


def test_base_placed_in_the_wrong_country_is_flagged(kb):
    trust = _assess(kb, "Rockets were fired at the Ain al-Asad air base in Syria on Monday, officials said.")
    assert "Iraq" in trust["reasons"]["base_misplaced"]
    assert trust["credibility"] == "normal"  # one factual error is not a content farm


def test_base_in_its_own_country_is_no_error(kb):
    trust = _assess(kb, "Rockets were fired at the Ain al-Asad air base in western Iraq on Monday.")
    assert "base_misplaced" not in trust["flags"]


def test_two_weak_signs_together_make_a_page_low(kb):
    text = ("Drones struck Ain al-Asad air base in Syria on Monday, a blow to the US occupation forces there, "
            "the statement of the group said.")
    trust = _assess(kb, text)
    assert {"base_misplaced", "partisan_framing"} <= set(trust["flags"])
    assert trust["credibility"] == "low"


def test_paragraph_printed_twice_on_a_self_branded_address_is_low(kb):
    paragraph = ("Two drones were launched at the coalition base near the river shortly after midnight on "
                 "Sunday, local sources reported to the press. The guards shot down one of the two drones "
                 "before it reached the fence of the base, and the second one crashed in an empty field.")
    text = f"Attack on a base.\n{paragraph}\nMore on the story.\n{paragraph}"
    trust = _assess(kb, text, url="https://desertherald.com/two-drones-hit-base-desert-herald-news/")
    assert {"repeated_passage", "self_branded_slug"} <= set(trust["flags"])
    assert trust["credibility"] == "low"


def test_standfirst_printed_again_is_not_a_repeated_paragraph(kb):
    lead = "Two drones targeted Harir Air Base in northern Iraq late on Thursday, a security official said."
    assert "repeated_passage" not in _assess(kb, lead + "\n\n" + WIRE)["flags"]


def test_shuffled_wiki_copy_is_low(kb):
    text = ("Timeline\n[2] On 3 May a drone was shot down over the sea.\n[6] Two missiles missed a tanker.\n"
            "[3] The navy said the destroyer was unharmed.\n[9] Rebels claimed another attack.")
    trust = _assess(kb, text, url="https://wiki-mirror.example.org/wiki/Timeline")
    assert trust["credibility"] == "low"
    assert "out of order" in trust["reasons"]["scrambled_citations"]


def test_list_of_bases_in_another_language_is_not_spam(kb):
    text = ("Raketen trafen drei Stützpunkte:\n- den Luftwaffenstützpunkt Harir im Nordirak,\n- das Lager "
            "Ali Al Salem,\n- den Flughafen Erbil.\nÜber Opfer ist nichts bekannt.")
    trust = _assess(kb, text, url="https://www.beispiel-zeitung.de/welt/raketen-auf-stuetzpunkte")
    assert "spam_links" not in trust["flags"]
    assert trust["credibility"] == "normal"


def test_outlet_spoken_to_in_the_address_is_no_scraped_copy(kb):
    trust = _assess(kb, WIRE, url="https://gulf-courier.net/base-was-hit-minister-tells-al-jazeera")
    assert "scraped_title" not in trust["flags"]


def test_credited_repost_on_a_blog_is_no_copy(kb):
    text = ("A security source told Rudaw that two rockets landed near the base overnight.\n"
            "This article first appeared in Rudaw.")
    trust = _assess(kb, text, url="https://regionwatch.blogspot.com/2025/05/rockets-near-base.html")
    assert "copied_reporting" not in trust["flags"]
