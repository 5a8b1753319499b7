"""Proper-name phrases found by capitalisation: the offline stand-in for NER.

A name is a run of capitalised words (with "of", "for", "de", "al", "bin"... allowed
inside: "Organization of Turkic States") in one clause. The first word of a sentence is
capitalised anyway, so there it counts only when the same word also appears
capitalised mid-sentence or is not a common word at all. All-caps sentences (wire
headlines) say nothing about names and are skipped.

A longer run that opens a sentence may start with a common word glued to the name
("Actor Bruce Willis is suing", "Ailing EuroDisney vows"): that word is dropped when
news writes it in lower case (``common_words``), the article never capitalises it
mid-sentence, and the article names what follows it on its own ("Willis said").
"""

from __future__ import annotations

import calendar
import gzip
from dataclasses import dataclass, field
from functools import cache

from tidings.enrich.tags.analysis import Analysis, Token, without_possessive
from tidings.enrich.tags.gazetteer import DATA

CONNECTORS = frozenset(["of", "for", "de", "del", "da", "al", "bin", "van", "von", "der", "du"])
CALENDAR = frozenset(
    w.lower() for w in (*calendar.month_name[1:], *calendar.day_name, "Mr", "Mrs", "Ms", "Dr")
)
MAX_NAME_WORDS = 6


@dataclass(slots=True)
class Name:
    """One proper name and where it occurs (token indices of each occurrence)."""

    words: tuple[str, ...]
    occurrences: list[int] = field(default_factory=list)  # index of first token


def name_tokens(names: dict[tuple[str, ...], Name]) -> dict[int, int]:
    """Token index -> index of the first token of the name occurrence it belongs to."""
    starts: dict[int, int] = {}
    for name in names.values():
        for first in name.occurrences:
            for offset in range(len(name.words)):
                starts[first + offset] = first
    return starts


def _capitalised(token: Token) -> bool:
    first = token.surface[0]
    return first.isupper() and token.lower not in CALENDAR


def _joined(text: str, left: Token, right: Token) -> bool:
    """Whether only spaces separate two tokens (no punctuation: same phrase)."""
    gap = text[left.start + len(left.surface) : right.start]
    return gap.strip() == "" and "\n" not in gap


def _headline_case(analysis: Analysis, sentence: int) -> bool:
    """All caps or Title Case: capitals there say nothing about names."""
    text = analysis.sentences[sentence].text
    if text.isupper():
        return True
    words = [t for t in analysis.tokens if t.sentence == sentence and not t.stop]
    capitals = sum(1 for t in words if t.surface[0].isupper())
    return len(words) >= 4 and capitals >= 0.8 * len(words)


def find_names(analysis: Analysis) -> dict[tuple[str, ...], Name]:
    """Proper names by their words; each with the tokens where it starts."""
    tokens = analysis.tokens
    upper_sentences = {
        i for i, s in enumerate(analysis.sentences) if s.in_title and _headline_case(analysis, i)
    } | {i for i, s in enumerate(analysis.sentences) if s.text.isupper()}
    mid_capitalised = {
        t.lower for i, t in enumerate(tokens) if _capitalised(t) and not _sentence_start(tokens, i)
    }
    names: dict[tuple[str, ...], Name] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.sentence in upper_sentences or not _capitalised(token):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j - i < MAX_NAME_WORDS:
            nxt = tokens[j]
            if not _joined(analysis.text, tokens[j - 1], nxt):
                break
            if nxt.sentence != token.sentence:
                break
            connects = (
                nxt.lower in CONNECTORS and j + 1 < len(tokens) and _capitalised(tokens[j + 1])
            )
            if not (_capitalised(nxt) or connects):
                break
            j += 1
        start = i
        if _sentence_start(tokens, i) and (
            tokens[i].stop or (j - i == 1 and tokens[i].lower not in mid_capitalised)
        ):
            start += 1
        while start < j and tokens[start].lower in CONNECTORS:
            start += 1
        end = j
        while end > start and tokens[end - 1].lower in CONNECTORS:
            end -= 1
        words = tuple(without_possessive(t.surface) for t in tokens[start:end])
        if words and not all(tokens[k].stop for k in range(start, end)):
            names.setdefault(words, Name(words)).occurrences.append(start)
        i = max(j, i + 1)
    return _drop_common_openers(names, mid_capitalised, analysis.language)


@cache
def common_words(language: str) -> frozenset[str]:
    """Words news in this language writes in lower case (``scripts/build_word_stats.py``);
    empty where Tidings has no such list."""
    path = DATA / f"common_words_{language}.txt.gz"
    if not path.is_file():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset(fh.read().split())


def _drop_common_openers(
    names: dict[tuple[str, ...], Name], mid_capitalised: set[str], language: str
) -> dict[tuple[str, ...], Name]:
    """Re-key "Actor Bruce Willis" as "Bruce Willis" when the article also says "Willis"."""
    common = common_words(language)
    for words, name in list(names.items()):
        first = words[0].lower()
        if len(words) < 2 or first not in common or first in mid_capitalised:
            continue
        rest = words[1:]
        while rest and rest[0].lower() in CONNECTORS:
            rest = rest[1:]
        if not rest or not (rest in names or (len(rest) > 1 and (rest[-1],) in names)):
            continue
        shift = len(words) - len(rest)
        del names[words]
        names.setdefault(rest, Name(rest)).occurrences.extend(o + shift for o in name.occurrences)
    return names


def _sentence_start(tokens: list[Token], index: int) -> bool:
    return index == 0 or tokens[index - 1].sentence != tokens[index].sentence
