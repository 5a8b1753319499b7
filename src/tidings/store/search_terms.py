"""What a search looks for: the reader's text as safe terms, and per article language
the terms that are not that language's stop words.

The reader's text is never handed to the engine's query language as is: words
(and "quoted phrases" when the quotes balance) are picked out and quoted, so
FTS operators, stray quotes or 10 KB of paste give results or a plain message,
never an error.

PostgreSQL parses the query in each article's language and drops that
language's stop words (``store/stopwords``): an English article is matched by
"the harvest" through "harvest" alone, and by "the of and" never. SQLite's FTS5
has no stop words, so it is given the same terms per language (``TermPlan``):
both databases then find the same articles for the same words, and a query that
says nothing in any language the search reaches is told so instead of "no
article matches".

A word is a run of letters, digits and combining marks (``words``), as both
indexes read it (FTS5's tokenizer since migration ``indic_search``; PostgreSQL's
parser always). The vowel signs and viramas of Devanagari, Bengali or Tamil are
marks, which a regular expression's ``\\w`` leaves out: it cut "नेपाल" (Nepal)
into "न", "प", "ल", which "नेपाली" (Nepali) holds too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from itertools import groupby

from tidings.store.stopwords import all_stop_words, list_name, stop_words

MAX_TERMS = 12
MAX_TERM_CHARS = 60
_PHRASE = re.compile(r'"([^"]*)"')


def is_word_char(char: str) -> bool:
    """A letter, digit or combining mark (Unicode categories L*, N*, M*)."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def words(text: str) -> list[str]:
    """The words of ``text``: everything else (spaces, punctuation, ``_``) separates."""
    return ["".join(run) for inside, run in groupby(text, is_word_char) if inside]


def query_terms(raw: str) -> list[str]:
    """Words and balanced "phrases" of the reader's text; operators are just words."""
    terms: list[str] = []
    quotes_balance = raw.count('"') % 2 == 0
    rest = _PHRASE.sub(lambda m: _keep_phrase(m, terms), raw) if quotes_balance else raw
    terms.extend(word.lower() for word in words(rest))
    unique = list(dict.fromkeys(t[:MAX_TERM_CHARS] for t in terms if t))
    return unique[:MAX_TERMS]


def _keep_phrase(match: re.Match[str], terms: list[str]) -> str:
    found = words(match.group(1))
    if found:
        terms.append(" ".join(word.lower() for word in found))
    return " "


@dataclass(frozen=True, slots=True)
class TermPlan:
    """The terms each article language must match.

    ``terms`` for articles of a language not in ``by_language`` (and of no known
    language); ``by_language`` the fewer terms of the languages whose stop words
    some terms are, empty for a language the query says nothing in (``silent``).
    A phrase stays whole unless all its words are stop words, as PostgreSQL keeps a
    phrase's stop words as gaps.
    """

    terms: tuple[str, ...]
    by_language: dict[str, tuple[str, ...]] = field(default_factory=dict)
    everywhere: bool = False  # silent in every language the search reaches

    @property
    def silent(self) -> frozenset[str]:
        return frozenset(code for code, terms in self.by_language.items() if not terms)

    @property
    def words(self) -> list[str]:
        return [word for term in self.terms for word in term.split()]

    def parts(self) -> list[tuple[tuple[str, ...], frozenset[str] | None]]:
        """(terms, languages) to search for them in; None: every language not named
        in another part, and articles of no known language."""
        grouped: dict[tuple[str, ...], set[str]] = {}
        for code, terms in self.by_language.items():
            if terms:
                grouped.setdefault(terms, set()).add(code)
        return [(terms, frozenset(codes)) for terms, codes in grouped.items()] + [
            (self.terms, None)
        ]


def may_drop(terms: Iterable[str]) -> bool:
    """Whether some term is a stop word (every word of it, for a phrase) in some
    language: only then does a plan need the languages stored."""
    every = all_stop_words()
    return any(set(term.split()) <= every for term in terms)


def plan_terms(terms: list[str], languages: Collection[str | None]) -> TermPlan:
    """The plan of ``terms`` over the article ``languages`` a search reaches (None:
    articles of no known language, which have no stop words and match every term)."""
    by_language: dict[str, tuple[str, ...]] = {}
    known = sorted(code for code in languages if code is not None)
    for code in known:
        stop = stop_words(code)
        kept = tuple(term for term in terms if not set(term.split()) <= stop)
        if kept != tuple(terms):
            by_language[code] = kept
    silent = {code for code, kept in by_language.items() if not kept}
    everywhere = bool(known) and None not in languages and silent == set(known)
    return TermPlan(tuple(terms), by_language, everywhere)


def common_words_message(words: list[str]) -> str:
    return f"Your search only has very common words ({_quoted(words)}): add a more specific word."


def no_match_message(plan: TermPlan) -> str:
    """No article matches; and the languages whose articles the words were too common
    to be searched in, if any: a reader who typed "the of and" learns why."""
    message = "No article matches all of these words."
    if not plan.silent:
        return message
    names = " or ".join(sorted({(list_name(code) or code).capitalize() for code in plan.silent}))
    words = plan.words
    verb = "is" if len(set(words)) == 1 else "are"
    return f"{message} {_quoted(words)} {verb} too common to be searched in {names} articles."


def _quoted(words: list[str], limit: int = 5) -> str:
    unique = list(dict.fromkeys(words))
    shown = ", ".join(f"“{word}”" for word in unique[:limit])
    return shown + (", …" if len(unique) > limit else "")
