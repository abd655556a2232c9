"""Stage 2, clean: drop what is not reporting from an article's text.

Removed: reader comments, "You may also like"/"Related"/"More from" tails and
their headline lists, lists of unrelated link titles, and repeated copies of
an embedded post (the first copy stays: a dated post can be an event's only
source). Each removal is recorded as a flag with its reason.
"""
from __future__ import annotations

from .extract.doctime import find_reference, operation_reference
from .kb import KnowledgeBase
from .models import Article, CleanArticle, Flag
from .rules import Rulebook
from .extract.sentences import count_long_sentences

def clean_article(article: Article, kb: KnowledgeBase) -> CleanArticle:
    rules = kb.rules  # the `cleaning` pass: data/rules/cleaning.yaml
    lines = article.raw_text.split("\n")
    flags: list[Flag] = []
    removed: list[str] = []
    lines = _cut_comments(lines, flags, removed, rules)
    lines = _cut_headline_blocks(lines, flags, removed, rules)
    lines = _cut_link_lists(lines, flags, removed, rules)
    lines = _cut_repeated_posts(lines, flags, removed, rules)
    lines = _cut_headline_tail(lines, flags, removed, rules)
    text = "\n".join(lines).strip("\n")
    # Link targets are not reporting: a URL slug must not name a place ("...-gaza-news").
    text = rules.regex("clean.image").sub("", text)
    text = rules.regex("clean.link").sub(r"\1", text)
    text = rules.regex("clean.url").sub("", text)
    text = rules.regex("clean.emphasis").sub(r"\1", text)
    ref = find_reference(article.published, article.url, text, rules, operation_reference(text, kb))
    dating = {"reference_date": ref.date, "reference_source": ref.source, "reference_precision": ref.precision,
              "reference_rule": ref.rule} if ref else {}
    return CleanArticle(article=article, text=text, removed=removed, flags=flags,
                        long_sentences=count_long_sentences(text), **dating)


def _cut_comments(lines: list[str], flags: list[Flag], removed: list[str], rules: Rulebook) -> list[str]:
    comments = rules.regex("clean.comments")
    for i, line in enumerate(lines):
        if comments.match(line) and i > len(lines) // 3:
            tail = [l for l in lines[i:] if l.strip()]
            if tail:
                removed.extend(tail)
                has_reader_text = any(len(l.split()) > 4 and not comments.match(l) for l in tail)
                code = "reader_comments" if has_reader_text else "comment_widget"
                flags.append(Flag(code=code, reason=f"reader comments section removed ({len(tail)} lines from {line.strip()!r})"))
            return lines[:i]
    return lines


def _cut_headline_blocks(lines: list[str], flags: list[Flag], removed: list[str], rules: Rulebook) -> list[str]:
    """A tail marker ('You may also like', 'Sources', 'Videos:') and the headline lines under it."""
    out, i, cut = [], 0, []
    tail_marker = rules.regex("clean.tail")
    while i < len(lines):
        if tail_marker.match(lines[i]):
            cut.append(lines[i].strip())
            i += 1
            while i < len(lines) and (not lines[i].strip() or _is_headline(lines[i], rules)) and not tail_marker.match(lines[i]):
                if lines[i].strip():
                    cut.append(lines[i].strip())
                i += 1
            continue
        out.append(lines[i])
        i += 1
    if cut:
        removed.extend(cut)
        flags.append(Flag(code="related_headlines_tail",
                          reason=f"{len(cut)} lines of related-article headlines or link sections removed"))
    return out


def _cut_link_lists(lines: list[str], flags: list[Flag], removed: list[str], rules: Rulebook) -> list[str]:
    """A run of bullet items of which few are about the conflict: spam link titles."""
    out, i = [], 0
    bullet, topical = rules.regex("clean.bullet"), rules.regex("clean.topical")
    while i < len(lines):
        j = i
        while j < len(lines) and bullet.match(lines[j]) and len(lines[j]) < 90:
            j += 1
        run = lines[i:j]
        if len(run) >= 3 and sum(bool(topical.search(l)) for l in run) / len(run) < 0.3:
            removed.extend(l.strip() for l in run)
            titles = ", ".join(repr(rules.regex("clean.bullet_mark").sub("", l).strip()) for l in run[:3])
            flags.append(Flag(code="spam_links", reason=f"list of {len(run)} unrelated link titles in the body ({titles}, ...)"))
            i = j
            continue
        out.extend(run or [lines[i]])
        i = max(j, i + 1)
    return out


def _cut_repeated_posts(lines: list[str], flags: list[Flag], removed: list[str], rules: Rulebook) -> list[str]:
    """Keep the first copy of a repeated paragraph (an embedded post quoted twice)."""
    seen: set[str] = set()
    out, i, dropped = [], 0, 0
    while i < len(lines):
        key = " ".join(lines[i].split()).lower()
        if len(key) > 80 and key in seen:
            removed.append(lines[i].strip())
            dropped += 1
            # The post's attribution line goes with it.
            if i + 1 < len(lines) and rules.regex("clean.post_attribution").match(lines[i + 1]):
                removed.append(lines[i + 1].strip())
                i += 1
            if out and len(out[-1]) < 80 and out[-1].strip() and out[-1].strip().lower() in seen:
                removed.append(out.pop().strip())
            i += 1
            continue
        if key:
            seen.add(key)
        out.append(lines[i])
        i += 1
    if dropped:
        flags.append(Flag(code="embedded_posts_repeated", reason=f"{dropped} repeated copies of embedded posts removed"))
    return out


def _cut_headline_tail(lines: list[str], flags: list[Flag], removed: list[str], rules: Rulebook) -> list[str]:
    """Headline-like lines after the article's last paragraph (no marker before them)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and (_is_headline(lines[start - 1], rules) and lines[start - 1].strip()):
        start -= 1
    tail = [l for l in lines[start:end] if l.strip()]
    if len(tail) >= 2 and start > 0 and not lines[start - 1].strip():
        removed.extend(tail)
        flags.append(Flag(code="related_headlines_tail", reason=f"{len(tail)} related-article headlines after the article removed"))
        return lines[:start]
    return lines


def _is_headline(line: str, rules: Rulebook) -> bool:
    s = line.strip()
    if not s or len(s) > 160 or rules.regex("clean.post_attribution").match(s):
        return False
    if s.endswith(("|", "YOUTUBE")) or " | " in s or " – YOUTUBE" in s.upper():
        return True
    return not rules.regex("clean.sentence_end").search(s) and len(s.split()) >= 3
