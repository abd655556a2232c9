"""Stage 3, extract: find event mentions and claims in a cleaned article, sentence by sentence.

The package holds one module per step: `sentences` splits the text, `dates` reads
time expressions, `frames` reads each attack sentence (with `roles` and
`attributes`), `recalled` an attack told in passing ('since February, when ...'),
`assemble` turns frames into mentions (`context` gives them what the text around
them tells), `references` adds the mentions a text makes by reference, and
`claims` reads tallies and totals.
"""
from __future__ import annotations


from ..kb import KnowledgeBase
from ..models import CleanArticle, Mention
from ..rules import Rulebook
from .assemble import assemble
from .claims import extract_claims
from .cjk import cjk_frames, is_chinese
from .dates import Reference, find_times
from .frames import Frame, frames_of
from .recalled import recalled_frames
from .references import landmark_mentions, named_targets
from .responses import read_responses
from .sentences import Sentence, split_sentences
from .statements import read_statements
from .timeline import heading_times, same_day_times, scopes_of, window_times

__all__ = ["extract_mentions", "extract_claims", "frames_of", "Frame"]


def extract_mentions(article: CleanArticle, kb: KnowledgeBase) -> list[Mention]:
    """Every event mention in an article, each with its evidence."""
    text = article.text
    sentences = split_sentences(text)
    refs = _sentence_references(sentences, article_reference(article), kb.rules)
    windows = window_times(sentences, refs, kb.rules)
    same_days = same_day_times(sentences, refs, kb.rules)
    headings = [h or w or d for h, w, d in zip(heading_times(sentences, refs, kb.rules), windows, same_days)]
    frames: list[Frame] = []
    for sentence, ref, heading in zip(sentences, refs, headings):
        if is_chinese(sentence.text):
            frames.extend(cjk_frames(sentence, ref, kb, heading))
        else:
            frames.extend(frames_of(sentence, ref, kb, heading) + recalled_frames(sentence, ref, kb))
    mentions = assemble(article, frames, kb, scopes_of(sentences, kb.rules))
    mentions = mentions + named_targets(sentences, mentions, kb) + landmark_mentions(article, sentences, kb)
    mentions = read_statements(article, sentences, refs, mentions, kb)
    return read_responses(mentions, kb)


def article_reference(article: CleanArticle) -> Reference | None:
    """The article's reference as cleaning found it (what precision it has decides what it may date)."""
    if article.reference_date is None or article.reference_source == "none":
        return None
    return Reference(article.reference_date, article.reference_source, article.reference_precision,
                     article.reference_rule)


def _sentence_references(sentences: list[Sentence], ref: Reference | None, rules: Rulebook) -> list[Reference | None]:
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
            refs[j] = Reference(times[0].date, "post", "day", "clean.post_attribution")
            j -= 1
    return refs

