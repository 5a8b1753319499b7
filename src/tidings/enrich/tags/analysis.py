"""One pass over an article's text that every tagger shares.

Splitting sentences, tokenising and stemming once keeps the whole enrichment within its
time budget (200 articles/s on 2 cores). Very long texts are cut: a news story's tags
are earned in its first pages, and a 5 MB blob must not stall the pipeline.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import NamedTuple

import Stemmer
from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

MAX_CHARS = 20_000
UNKNOWN = "und"  # ISO 639-2 "undetermined"
TITLE_WEIGHT = 2.0
LEAD_WEIGHT = 1.5
LEAD_SENTENCES = 2
LEAD_CHARS = 1000  # about the first three paragraphs: the lead of a news report
# Time zones news gives beside a time ("10:00 GMT"), lower-cased.
TIME_ZONES = frozenset({"gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "ist"})

# ISO 639-1 -> Snowball algorithm name.
_STEMMERS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nl": "dutch",
    "no": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]?\s+(?=[\"'“‘(\[]?[^\W\d_])|\s*\n\s*")
TOKEN = re.compile(r"[^\W_](?:[^\W_]|[-'’.](?=[^\W_]))*")
# Elided articles and pronouns glued to the next word ("l'armée", "d'Yvan", "dell'Italia"):
# stopwords, not part of the word they precede.
_ELISION = {
    "fr": re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=[^\W\d_])", re.I),
    "it": re.compile(r"(?:[cdlmnst]|un|all|dall|dell|nell|sull|quell|quest)['’](?=[^\W\d_])", re.I),
    "ca": re.compile(r"(?:[dlmnst])['’](?=[^\W\d_])", re.I),
}


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset in ``Analysis.text``
    in_title: bool


class Token(NamedTuple):
    """One word; a tuple because articles have thousands and they are made per article."""

    surface: str
    lower: str
    stem: str
    sentence: int  # index into ``Analysis.sentences``
    start: int  # offset in ``Analysis.text``
    stop: bool  # a stopword of the text's language


@dataclass(slots=True)
class Analysis:
    """Title and body as one text, with sentences and stemmed tokens."""

    text: str  # title + "\n" + body (cut to MAX_CHARS)
    language: str
    sentences: list[Sentence]
    tokens: list[Token]
    truncated: bool
    weights: list[float] = field(init=False)  # ``position_weight`` of each sentence
    _starts: list[int] = field(init=False)
    _body_start: int = field(init=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]
        first_body = next((i for i, s in enumerate(self.sentences) if not s.in_title), 0)
        self._body_start = self.sentences[first_body].start if self.sentences else 0
        self.weights = [
            TITLE_WEIGHT if s.in_title else LEAD_WEIGHT if i - first_body < LEAD_SENTENCES else 1.0
            for i, s in enumerate(self.sentences)
        ]

    def position_weight(self, sentence: int) -> float:
        """How much a mention in this sentence says about the story's subject.

        The title counts double and the lead (the first sentences of the body) half
        again: that is where news says what a story is about.
        """
        return self.weights[sentence]

    def in_lead(self, sentence: int) -> bool:
        """Whether the sentence is the title or starts within the body's first ``LEAD_CHARS``."""
        found = self.sentences[sentence]
        return found.in_title or found.start - self._body_start < LEAD_CHARS

    def sentence_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)


@cache
def stopwords(language: str) -> frozenset[str]:
    """The language's stopwords from YAKE's lists (in the stack); empty when unknown."""
    folder = resources.files("yake") / "core" / "StopwordsList"
    path = folder / f"stopwords_{language}.txt"
    if not path.is_file():
        return frozenset()
    text = path.read_text(encoding="utf-8", errors="replace")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())


@cache
def calendar_words(language: str) -> frozenset[str]:
    """Month and weekday names, lower-cased (CLDR through Babel), and time zones.

    A date is when a story happened, never what it is about: "January" or "GMT" alone
    is no hashtag, though "protest march" and "Theresa May" are.
    """
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return TIME_ZONES
    names = [
        *get_month_names("wide", locale=locale).values(),
        *get_day_names("wide", locale=locale).values(),
    ]
    return frozenset(plain_lower(name) for name in names) | TIME_ZONES


@cache
def stemmer(language: str) -> Stemmer.Stemmer | None:
    name = _STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


def segmented(language: str) -> bool:
    """Whether Tidings can split this language into words and stem them."""
    return language in _STEMMERS


def stem_words(words: list[str], language: str) -> list[str]:
    """Snowball stems of lower-cased words; the words themselves for other languages."""
    algorithm = stemmer(language)
    return algorithm.stemWords(words) if algorithm else list(words)


def split_sentences(text: str, title_end: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append(sentences, text, start, match.start(), title_end)
        start = match.end()
    _append(sentences, text, start, len(text), title_end)
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int, title_end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped[0])
        out.append(Sentence(stripped, offset, in_title=offset < title_end))


def words(text: str, language: str | None) -> Iterator[tuple[str, int]]:
    """Each word of the text and its offset, without an elided article ("l'armée" is
    "armée"): like any stopword, the article ends a phrase and names nothing."""
    elision = _ELISION.get(language or "")
    for match in TOKEN.finditer(text):
        word, start = match.group(), match.start()
        cut = elision.match(word) if elision else None
        if cut:
            word, start = word[cut.end() :], start + cut.end()
        yield word, start


def without_possessive(word: str) -> str:
    """The word without a possessive ending: "Russia's" -> "Russia"."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def plain_lower(word: str) -> str:
    """Lower case with a straight apostrophe and no possessive: "Malick’s" -> "malick"."""
    return without_possessive(word.lower().replace("’", "'"))


def analyse(title: str, body: str, language: str | None) -> Analysis:
    """Sentences and tokens of an article; ``language`` picks stemmer and stopwords.

    An unknown language (None) gets neither: its tokens are kept as written.
    """
    lang = language or UNKNOWN
    title = " ".join(title.split())
    text = f"{title}\n{body}" if title else body
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    sentences = split_sentences(text, len(title) + 1 if title else 0)
    starts = [s.start for s in sentences]
    found = list(words(text, lang))
    lowers = [plain_lower(word) for word, _ in found]
    stems = stem_words(lowers, lang)
    stop = stopwords(lang)
    tokens = []
    sentence = 0
    next_start = starts[1] if len(starts) > 1 else len(text) + 1
    for (word, offset), low, stem in zip(found, lowers, stems, strict=True):
        while offset >= next_start:
            sentence += 1
            next_start = starts[sentence + 1] if sentence + 1 < len(starts) else len(text) + 1
        tokens.append(Token(word, low, stem, sentence, offset, low in stop))
    return Analysis(text, lang, sentences, tokens, truncated)
