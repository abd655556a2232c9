"""Stage 3, extract: find event mentions and claims in a cleaned article, sentence by sentence.

The package holds one module per step: `sentences` splits the text, `dates` reads
time expressions, `frames` reads each attack sentence (with `roles` and
`attributes`), `assemble` turns frames into mentions, `references` adds the
mentions a text makes by reference, and `claims` reads tallies and totals.
"""
from __future__ import annotations

import datetime as dt

from ..kb import KnowledgeBase
from ..models import CleanArticle, Mention
from ..rules import Rulebook
from .assemble import assemble
from .claims import extract_claims
from .dates import find_times
from .frames import Frame, frames_of
from .references import landmark_mentions, named_targets
from .responses import read_responses
from .sentences import Sentence, split_sentences

__all__ = ["extract_mentions", "extract_claims", "frames_of", "Frame"]


def extract_mentions(article: CleanArticle, kb: KnowledgeBase) -> list[Mention]:
    """Every event mention in an article, each with its evidence."""
    text = article.text
    sentences = split_sentences(text)
    strong_ref = article.reference_date if article.reference_source in ("published", "url") else None
    refs = _sentence_references(sentences, strong_ref, kb.rules)
    frames: list[Frame] = []
    for sentence, ref in zip(sentences, refs):
        frames.extend(frames_of(sentence, ref, kb))
    mentions = assemble(article, frames, kb)
    mentions = mentions + named_targets(sentences, mentions, kb) + landmark_mentions(article, sentences, kb)
    read_responses(mentions, kb)
    return mentions


def _sentence_references(sentences: list[Sentence], ref: dt.date | None, rules: Rulebook) -> list[dt.date | None]:
    """An embedded post ('— CENTCOM (@CENTCOM) January 20, 2024') dates the sentences above it."""
    refs = [ref] * len(sentences)
    post_date = rules.regex("clean.post_attribution")
    for i, sentence in enumerate(sentences):
        m = post_date.match(sentence.text)
        if not m:
            continue
        times = find_times(m.group(1), None, rules)
        if not times or times[0].date is None:
            continue
        j = i - 1
        while j >= 0 and sentences[j].paragraph >= sentences[i].paragraph - 2 and not post_date.match(sentences[j].text):
            refs[j] = times[0].date
            j -= 1
    return refs

