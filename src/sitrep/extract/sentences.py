"""Split cleaned article text into paragraphs and sentences, keeping character spans.

Reports arrive hard-wrapped (official letters at 72 columns), as one line per
paragraph (wire copy), or as headings and bullets; a sentence must not run across
a heading, and a wrapped line must not end a sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A period after one of these does not end a sentence.
ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "brig", "lt", "col", "maj",
    "capt", "sgt", "adm", "gov", "sen", "rep", "st", "jr", "sr", "no", "vs", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "a.m", "p.m",
    "etc", "approx", "inc", "corp", "dept", "d.c", "e.g", "i.e", "u.s.-led",
    # US states as AP datelines abbreviate them ("TAMPA, Fla. -", "NORFOLK, Va. -"); not those that are
    # also common words at a sentence's end ("ill", "mass", "wash", "miss").
    "ala", "ariz", "ark", "calif", "colo", "conn", "fla", "ga", "kan", "ky", "md", "mich", "minn", "mont",
    "neb", "nev", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "okla", "tenn", "tex", "vt", "va", "w.va",
    "wis", "wyo", "s.c", "s.d", "r.i",
}

# Not rules (yet): the sentence splitter reads text layout, and split_sentences takes no kb; issue 9 splits
# each document once in the extract package, and these move to the rulebook there ("reply →" is fitted).
_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
# A footnote marker after the stop ("...media.[ii] An ...", "...said.[3] The ...") still ends the sentence.
# Chinese and Japanese end a sentence with a full-width stop, with no space after it ("。", "！", "？").
_SENTENCE_END = re.compile(r"[.!?…](?:[\"”’')\]]*)(?:\[(?:\d{1,3}|[ivxlc]{1,6})\])*(?=\s+[\"“‘(\[]?[A-Z0-9#@—-])"
                           r"|[。！？][」』”’）*]*+(?=\s*+\S)")
_WHITESPACE = re.compile(r"\s++")
_LINE_ENDS_PARAGRAPH = re.compile(r"([.!?:\"”’]|\breply\s*→?)\s*$", re.I)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int
    index: int


def split_paragraphs(text: str) -> list[Span]:
    """Paragraphs by blank lines, and by single newlines that end a complete line."""
    spans: list[Span] = []
    for block_start, block_end in _blocks(text):
        lines = _line_spans(text, block_start, block_end)
        start = None
        for i, (ls, le) in enumerate(lines):
            line = text[ls:le]
            if start is None:
                start = ls
            nxt = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
            if not nxt or _ends_paragraph(line, nxt):
                _append(spans, text, start, le)
                start = None
    return spans


# No real sentence is longer than this (the longest in the gold corpora is under 1,000 characters); a longer
# "sentence" is a run-on line, a table or noise. The sentence patterns see it in pieces of at most this
# length, cut at whitespace, so no pattern ever scans more than this much text at once.
MAX_SENTENCE = 2000


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their spans; one longer than MAX_SENTENCE comes as pieces cut at whitespace."""
    sentences: list[Sentence] = []
    for start, end, p_index in _sentence_spans(text):
        if end - start <= MAX_SENTENCE:
            _add_sentence(sentences, text, start, end, p_index)
            continue
        for piece_start, piece_end in _pieces(text, start, end):
            _add_sentence(sentences, text, piece_start, piece_end, p_index)
    return sentences


def count_long_sentences(text: str) -> int:
    """How many sentences of `text` are longer than MAX_SENTENCE (and so are read in pieces)."""
    if len(text) <= MAX_SENTENCE:
        return 0
    return sum(1 for start, end, _ in _sentence_spans(text) if end - start > MAX_SENTENCE)


def _sentence_spans(text: str):
    """(start, end, paragraph) of every sentence, as the text gives it."""
    for p_index, para in enumerate(split_paragraphs(text)):
        start = para.start
        for match in _SENTENCE_END.finditer(text, para.start, para.end):
            end = match.end()
            if _is_abbreviation(text, match.start()):
                continue
            yield start, end, p_index
            start = end
        yield start, para.end, p_index


def _pieces(text: str, start: int, end: int):
    """Cut [start, end) at the last whitespace before each MAX_SENTENCE boundary; a stretch of
    MAX_SENTENCE characters without whitespace is no text to read and is skipped."""
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(" ", start, limit), text.rfind("\n", start, limit), text.rfind("\t", start, limit))
        if cut <= start:
            gap = _WHITESPACE.search(text, limit, end)
            start = gap.end() if gap else end
            continue
        yield start, cut
        start = cut + 1
    if end > start:
        yield start, end


def _blocks(text: str):
    start = 0
    for m in _BREAK.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        if nl == -1:
            break
        pos = nl + 1
    return out


def _ends_paragraph(line: str, nxt: str) -> bool:
    stripped, following = line.strip(), nxt.strip()
    if following[:1] in "-•*–—" or stripped[:1] in "-•*–—":
        return True
    if len(stripped) > 90 or len(following) > 90:
        return True  # one line per paragraph (wire copy), not hard-wrapped text
    if len(stripped) < 45 and not stripped.endswith(","):
        return True  # a heading, a byline, a short list item
    if following[:1].islower() or following[:1].isdigit():
        return False  # a wrapped line
    return bool(_LINE_ENDS_PARAGRAPH.search(stripped)) and len(stripped) < 60


def _is_full_paragraph(line: str) -> bool:
    # One line per paragraph (wire copy) is long; wrapped lines are ~65-80 characters.
    return len(line) > 100 and line.rstrip()[-1:] in ".!?\"”’:)"


def _is_abbreviation(text: str, period: int) -> bool:
    if text[period] != ".":
        return False
    word = re.search(r"([A-Za-z][A-Za-z.\-]*)$", text[max(0, period - 12):period])
    if not word:
        return False
    token = word.group(1).lower()
    if token in ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # initials: "Joseph R. Biden"


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))


def _add_sentence(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph, len(out)))
