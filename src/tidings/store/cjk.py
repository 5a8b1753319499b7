"""Chinese, Japanese and Korean words for the full-text index: runs cut into pairs.

Neither FTS5's unicode61 tokenizer nor PostgreSQL's parser knows where a word
ends inside a run of Han, kana or Hangul written without spaces: "今天北京下雨"
is one token to both, so a search for "北京" found nothing. No dictionary is
shipped for three languages, and a segmenter's guess could cut the query and
the text differently, so the index uses the well-known dictionary-free way:
overlapping pairs. What the index sees of a run is each character with the one
after it, ``今天 天北 北京 京下 下雨 雨`` (the last one alone, so that every
character begins exactly one token), and a word the reader types becomes the
phrase of its own pairs, which matches wherever the word stands in a run. A
single character matches as the prefix of a token. Other scripts are left as
they are, so Latin text is indexed exactly as before.

The tokens are kept apart by ``SEPARATOR`` (U+001F), which both engines read as
a space; one in the text itself becomes a space first. So a passage the engine
cuts from the index text reads back into the original: each token's first
character, in order (``readable``).

Both backends call these functions at write time (``store/articles.py``,
migration ``cjk_search``) and at query time, so they agree by construction.
Changing the rules needs a migration that rewrites the stored index text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SEPARATOR = "\x1f"
# Letters only (no CJK punctuation, symbols or the katakana middle dot ・), so a
# pair is one token to both engines; unassigned code points in a block are harmless.
LETTER_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul jamo
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3041, 0x3096),  # hiragana
    (0x309D, 0x309F),
    (0x30A1, 0x30FA),  # katakana
    (0x30FC, 0x30FF),  # ー and friends
    (0x3131, 0x318E),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97C),  # Hangul jamo extended A
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xD7B0, 0xD7FB),  # Hangul jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # halfwidth katakana
    (0xFFA0, 0xFFDC),  # halfwidth Hangul
    (0x1B000, 0x1B16F),  # kana supplement and extensions
    (0x20000, 0x323AF),  # CJK extensions B to H, compatibility supplement
)
_LETTER = "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in LETTER_RANGES) + "]"
_RUN = re.compile(_LETTER + "+")
_CHAIN = re.compile(f"{SEPARATOR}?{_LETTER}{{1,2}}(?:{SEPARATOR}{_LETTER}{{1,2}})*{SEPARATOR}?")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One query term as the engines' phrase syntax needs it."""

    words: str  # the term, its CJK runs in pairs
    prefix: str = ""  # a character that must begin the token after ``words``


def index_text(text: str) -> str | None:
    """What the index reads instead of ``text``; None when it can read ``text`` itself."""
    if not _RUN.search(text):
        return None
    return _RUN.sub(lambda run: _joined(_tokens(run.group())), text.replace(SEPARATOR, " "))


def query_phrase(term: str) -> Phrase:
    """The phrase that finds ``term`` (a word or words) where the index holds it.

    A run that ends the term may continue in the text ("北京" in "北京市"), so it
    asks for its pairs only, or for one character as a prefix; a run followed by
    more of the term ("北京 weather") ended in the text too, as it does in the index.
    """
    runs = list(_RUN.finditer(term))
    if not runs:
        return Phrase(term)
    last = runs[-1]
    open_end = not term[last.end() :].strip()
    parts: list[str] = []
    position = 0
    for run in runs:
        tokens = _tokens(run.group())
        if run is last and open_end:
            tokens = tokens[:-1]  # the last character alone, or as a prefix below
        parts += [term[position : run.start()], _joined(tokens) if tokens else ""]
        position = run.end()
    parts.append(term[position:])
    prefix = last.group() if open_end and len(last.group()) == 1 else ""
    return Phrase("".join(parts), prefix)


def query_words(terms: Iterable[str]) -> list[str]:
    """The CJK runs of the reader's terms: what a passage marks in CJK text."""
    return [run for term in terms for run in _RUN.findall(term)]


def readable(passage: str, words: Iterable[str], marks: tuple[str, str]) -> str:
    """A passage of index text, as the original text with ``marks`` around the matches.

    The engine's marks are kept outside CJK runs. Inside, it marked tokens, which
    are pairs (or, for a prefix match, one of their characters), so the reader's
    CJK ``words`` are marked where they occur instead.
    """
    if SEPARATOR not in passage:
        return passage
    plain, marked = _unmark(passage, marks)
    wanted = [word for word in words if word]
    chars: list[str] = []
    flags: list[bool] = []
    position = 0
    for chain in _CHAIN.finditer(plain):
        chars += plain[position : chain.start()]
        flags += marked[position : chain.start()]
        run = _run_of(chain.group())
        chars += run
        flags += _occurrences(run, wanted)
        position = chain.end()
    chars += plain[position:]
    flags += marked[position:]
    return _remark(list(zip(chars, flags, strict=True)), marks)


def _tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run))]


def _joined(tokens: list[str]) -> str:
    return SEPARATOR + SEPARATOR.join(tokens) + SEPARATOR


def _run_of(chain: str) -> str:
    """Each token's first character; a chain cut by the passage's end keeps its last pair."""
    tokens = chain.strip(SEPARATOR).split(SEPARATOR)
    return "".join(token[0] for token in tokens[:-1]) + tokens[-1]


def _occurrences(run: str, words: list[str]) -> list[bool]:
    flags = [False] * len(run)
    for word in words:
        start = run.find(word)
        while start >= 0:
            flags[start : start + len(word)] = [True] * len(word)
            start = run.find(word, start + 1)
    return flags


def _unmark(passage: str, marks: tuple[str, str]) -> tuple[str, list[bool]]:
    """The passage without marks, and for each character whether it was marked."""
    opening, closing = marks
    chars: list[str] = []
    flags: list[bool] = []
    inside = False
    for char in passage:
        if char in (opening, closing):
            inside = char == opening
        else:
            chars.append(char)
            flags.append(inside)
    return "".join(chars), flags


def _remark(chars: list[tuple[str, bool]], marks: tuple[str, str]) -> str:
    opening, closing = marks
    out: list[str] = []
    inside = False
    for char, flag in chars:
        if flag != inside:
            out.append(opening if flag else closing)
            inside = flag
        out.append(char)
    if inside:
        out.append(closing)
    return "".join(out)
