"""Emerging tags: the phrases that say what a story is about when no vocabulary does.

Corpus-free apart from one shipped IDF table: candidates are runs of up to three
content words inside a clause (stopwords, punctuation and numbers end a run), scored
by how often and how early they occur (title and lead weigh more), how specific their
words are in news (IDF) and whether they are written as a proper name. About 100 times
faster than YAKE on full text, which the 200 articles/s budget needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tidings.enrich.tags.analysis import Analysis, Token, calendar_words, without_possessive
from tidings.enrich.tags.evidence import clip
from tidings.enrich.tags.idf import Idf
from tidings.enrich.tags.slugs import tag_slug
from tidings.models import TagAssignment, TagKind

MAX_WORDS = 3
MIN_CHARS = 3
MAX_WORD_CHARS = 30  # longer "words" are URLs, hashes or unsegmented script
PROPER_BOOST = 1.5
MIN_MIXED_WEIGHT = 2.0  # mention weight of name-plus-words phrases: a repeated one
LONGER_SHARE = 0.7  # of a phrase's mention weight a longer phrase needs to replace it
HALF_SCORE = 3.0
MAX_KEYPHRASES = 10
_DIGIT = re.compile(r"\d")
_WEB_ADDRESS = re.compile(r"(?:https?|www)$|www\.")  # the words a link in the text leaves


@dataclass(slots=True)
class Phrase:
    stems: tuple[str, ...]
    first: int  # token index of the first occurrence
    weight: float = 0.0
    count: int = 0
    proper: int = 0  # occurrences that include a proper name
    mixed: bool = False  # a name with common words ("Zangezur corridor", "Buble sang")
    surfaces: dict[str, int] = field(default_factory=dict)
    score: float = 0.0


def _content(token: Token) -> bool:
    return (
        not token.stop
        and 2 <= len(token.lower) <= MAX_WORD_CHARS
        and not _DIGIT.search(token.lower)
        and not _WEB_ADDRESS.match(token.lower)
    )


def _runs(analysis: Analysis, excluded: set[int]) -> list[list[int]]:
    """Maximal runs of content-word token indices within one clause."""
    runs: list[list[int]] = []
    current: list[int] = []
    text = analysis.text
    previous: Token | None = None
    for index, token in enumerate(analysis.tokens):
        joined = (
            previous is not None
            and previous.sentence == token.sentence
            and text[previous.start + len(previous.surface) : token.start].strip() == ""
        )
        content = _content(token) and index not in excluded
        if not (content and joined and current):
            if current:
                runs.append(current)
            current = [index] if content else []
        else:
            current.append(index)
        previous = token
    if current:
        runs.append(current)
    return runs


class KeyphraseTagger:
    """Ranks candidate phrases of an article; the best become emerging tags."""

    def __init__(self, idf: Idf) -> None:
        self._idf = idf

    def phrases(
        self,
        analysis: Analysis,
        excluded: set[int] = frozenset(),
        names: dict[int, int] | None = None,
    ) -> list[Phrase]:
        """Scored candidate phrases, best first.

        ``excluded`` tokens are never part of a phrase; ``names`` (token -> start of its
        proper name, see ``names.name_tokens``) keeps names whole: "Michael Buble", never
        "Michael" or "journalist Michael".
        """
        tokens = analysis.tokens
        weights = analysis.weights
        names = names or {}
        bare = [without_possessive(token.surface) for token in tokens]
        calendar = calendar_words(analysis.language)
        dated = [token.lower in calendar for token in tokens]
        found: dict[tuple[str, ...], Phrase] = {}
        for run in _runs(analysis, excluded):
            for n in range(1, MAX_WORDS + 1):
                for k in range(len(run) - n + 1):
                    indices = run[k : k + n]
                    if _cuts_name(indices, names) or all(dated[i] for i in indices):
                        continue
                    surface = " ".join([bare[i] for i in indices])
                    if len(surface) < MIN_CHARS:
                        continue
                    stems = tuple([tokens[i].stem for i in indices])
                    phrase = found.get(stems)
                    if phrase is None:
                        phrase = found[stems] = Phrase(stems, first=indices[0])
                    phrase.weight += weights[tokens[indices[0]].sentence]
                    phrase.count += 1
                    phrase.surfaces[surface] = phrase.surfaces.get(surface, 0) + 1
                    in_name = sum(1 for i in indices if i in names)
                    if in_name:
                        phrase.proper += 1
                        phrase.mixed = in_name < len(indices)
        # A name with common words is a tag only when repeated: "Zangezur corridor" is,
        # "Buble sang" is not.
        found = {k: p for k, p in found.items() if not (p.mixed and p.weight < MIN_MIXED_WEIGHT)}
        english = analysis.language == "en"
        total = max(len(tokens), 1)
        idf: dict[str, float] = {}
        for phrase in found.values():
            specificity = 1.0
            if english:
                for stem in phrase.stems:
                    if stem not in idf:
                        idf[stem] = self._idf(stem) / self._idf.rare
                specificity = sum(idf[s] for s in phrase.stems) / len(phrase.stems)
            early = 1.0 + 1.0 - phrase.first / total
            proper = PROPER_BOOST if phrase.proper * 2 >= phrase.count else 1.0
            phrase.score = phrase.weight * specificity * early * proper
        return sorted(found.values(), key=lambda p: -p.score)

    def tag(
        self,
        analysis: Analysis,
        excluded: set[int] = frozenset(),
        names: dict[int, int] | None = None,
        taken: set[str] = frozenset(),
    ) -> list[TagAssignment]:
        """The best phrases, not overlapping each other nor the ``taken`` stems.

        ``excluded`` and ``names`` as for ``phrases``.
        """
        chosen: list[tuple[Phrase, set[str]]] = []
        ranked = self.phrases(analysis, excluded, names)
        for phrase in _prefer_longer(ranked):
            stems = set(phrase.stems)
            if _one_off(phrase) or stems & taken:
                continue
            if any(stems <= other or other <= stems for _, other in chosen):
                continue
            chosen.append((phrase, stems))
            if len(chosen) == MAX_KEYPHRASES:
                break
        return [self._assign(phrase, analysis) for phrase, _ in chosen]

    @staticmethod
    def _assign(phrase: Phrase, analysis: Analysis) -> TagAssignment:
        display = max(phrase.surfaces, key=phrase.surfaces.__getitem__)
        if not phrase.proper:
            display = display.lower()
        token = analysis.tokens[phrase.first]
        sentence = analysis.sentences[token.sentence]
        return TagAssignment(
            slug=tag_slug(display),
            display=display,
            kind=TagKind.EMERGING,
            score=round(phrase.score / (phrase.score + HALF_SCORE), 3),
            evidence=clip(sentence.text, token.start - sentence.start),
        )


def _one_off(phrase: Phrase) -> bool:
    """A phrase of common words said once is mostly a clause's verb and object ("helped
    empower", "Trump deepens ties"), not a subject: a repeated one or a name is kept.
    On KPCrowd such phrases matched an editor's keyphrase 15 % of the time, against
    about half for the other emerging tags."""
    return len(phrase.stems) > 1 and phrase.count < 2 and (not phrase.proper or phrase.mixed)


def _prefer_longer(ranked: list[Phrase]) -> Iterator[Phrase]:
    """Each phrase replaced by its best longer phrase when that is nearly as frequent.

    "corridor" alone ranks above "Zangezur corridor" by frequency, but when most of its
    mentions are in the longer phrase, the longer one is the better tag.
    """
    longer: dict[str, list[Phrase]] = {}
    for phrase in ranked:
        if len(phrase.stems) > 1:
            for stem in phrase.stems:
                longer.setdefault(stem, []).append(phrase)
    seen: set[tuple[str, ...]] = set()
    for phrase in ranked:
        containing = [
            other
            for other in longer.get(phrase.stems[0], ())
            if len(other.stems) > len(phrase.stems)
            and set(phrase.stems) <= set(other.stems)
            and other.weight >= LONGER_SHARE * phrase.weight
        ]
        best = max(containing, key=lambda p: p.score) if containing else phrase
        if best.stems not in seen:
            seen.add(best.stems)
            yield best


def _cuts_name(indices: list[int], names: dict[int, int]) -> bool:
    """Whether a phrase starts or ends inside a proper name instead of at its edges."""
    first, last = indices[0], indices[-1]
    starts_inside = first in names and names[first] != first
    ends_inside = last in names and names.get(last + 1) == names[last]
    return starts_inside or ends_inside
