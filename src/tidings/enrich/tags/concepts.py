"""Concept tags: vocabulary concepts the article is about, with the sentence that says so.

A concept becomes a candidate only when one of its cue phrases (its label, label parts
or trigger cues, compared as stems) occurs in a sentence: the tag always has evidence.
In English the words must also be the cue's own words, singular or plural
(``inflection.noun_forms``), not any word sharing a stem: "celebrated" is no evidence of
celebrity. A one-word cue that is a verb's -ing form ("painting", "drawing", "voting")
is spelled like the verb itself ("painting a picture", "drawing up plans"), and in
other languages only stems are compared, so a concept found only through such weak
cues needs more than one piece of evidence: two sentences, or the title. On the
keyphrase sets' development splits the gold keyphrases named the concept of 11 % of
the French single-sentence tags (15 of 137; 51 % with two sentences, 86 % in the
title) and 48 % of the Portuguese (53 of 110; 75 % with two).
A concept named in one sentence after the lead (``Analysis.in_lead``) is a passing
mention, not a subject: "Irish horse racing millionaires own 29% of the club" deep in
a takeover story earns no #horseRacing. Before this rule, on 500N-KPCrowd (dev split)
the crowd's own keyphrases named the concept of 30 % of such tags (89 of 300), against
72 % of the others (462 of 666; 67 % for one mention in the body's first 500
characters, 48 % for one in the next 500). With it (and the scorer refitted), 757 concept
tags instead of 858 hold the same 506 that the keyphrases name; on Reuters' held-out
stories precision rose from 0.615 to 0.690 and recall fell from 0.221 to 0.202.
A logistic model then weighs how strongly: in how many sentences the cues occur, whether
in the title, how specific the cue is (its IDF in news text) and how much of the
concept's definition the article covers. The weights and the acceptance threshold are
fitted by ``scripts/fit_concepts.py`` on labelled news (Reuters-21578 topics mapped to
IPTC), not tuned by hand.
"""

from __future__ import annotations

import bisect
import json
import math
from collections import Counter
from collections.abc import Callable, Set
from dataclasses import dataclass

from tidings.enrich.tags.analysis import (
    TOKEN,
    Analysis,
    Token,
    plain_lower,
    stem_words,
    stopwords,
    words,
)
from tidings.enrich.tags.evidence import clip
from tidings.enrich.tags.gazetteer import DATA
from tidings.enrich.tags.idf import Idf, english_idf
from tidings.enrich.tags.inflection import noun_forms
from tidings.enrich.tags.matcher import PhraseMatcher
from tidings.enrich.tags.vocabulary import Concept, concepts
from tidings.models import TagAssignment, TagKind

FEATURES = ("cue_sentences", "title", "cue_specificity", "coverage", "cue_share")
MAX_CONCEPT_TAGS = 4
_SENTENCE_BREAK = " | "


@dataclass(frozen=True, slots=True)
class ConceptModel:
    """Fitted weights over ``FEATURES`` and the acceptance threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    @classmethod
    def load(cls) -> ConceptModel:
        raw = json.loads((DATA / "concept_model.json").read_text(encoding="utf-8"))
        return cls(
            weights=tuple(raw["weights"][name] for name in FEATURES),
            bias=raw["bias"],
            threshold=raw["threshold"],
        )

    def probability(self, features: tuple[float, ...]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue phrase of a concept, as stems, with the written forms each word may take."""

    concept: Concept
    stems: str
    forms: tuple[frozenset[str], ...] | None  # None: any word with the stem (no English)
    weak: bool  # alone, weak evidence: see ``Cue.of``

    @classmethod
    def of(cls, concept: Concept, phrase: str, language: str) -> Cue:
        """The phrase tokenised and stemmed exactly like article text.

        A cue is weak evidence when only its stems can be compared (every language but
        English, where "lugar" shares the stem of "luge") or when it is one English word
        that is a verb's -ing form.
        """
        lowers = [plain_lower(w) for w, _ in words(phrase.lower(), language)]
        english = language == "en"
        forms = tuple(noun_forms(w) for w in lowers) if english else None
        stems = stem_words(lowers, language)
        verbal = len(lowers) == 1 and _gerund(lowers[0], stems[0])
        return cls(concept, " ".join(stems), forms, not english or verbal)

    def written_in(self, tokens: list[Token]) -> bool:
        """Whether the matched tokens are this cue's own words, not other stem-mates."""
        if self.forms is None:
            return True
        return all(t.lower in forms for t, forms in zip(tokens, self.forms, strict=True))


@dataclass(frozen=True, slots=True)
class Candidate:
    concept: Concept
    features: tuple[float, ...]
    evidence: int  # index of the sentence that shows it best (the title if it can)


def definition_stems(concept: Concept) -> frozenset[str]:
    """Content stems of a concept's label and definition (English)."""
    stop = stopwords("en")
    words = TOKEN.findall(f"{concept.display} {concept.definition}".lower())
    return frozenset(stem_words([w for w in words if w not in stop], "en"))


class ConceptTagger:
    """Matches concept cues in stemmed text and scores candidates with a fitted model."""

    def __init__(self, vocabulary: tuple[Concept, ...], model: ConceptModel, idf: Idf) -> None:
        self._model = model
        self._idf = idf
        self._matchers: dict[str, PhraseMatcher[Cue]] = {}
        self._vocabulary = vocabulary
        self._definitions = {c.slug: definition_stems(c) for c in vocabulary}

    @classmethod
    def load(cls) -> ConceptTagger:
        return cls(concepts(), ConceptModel.load(), english_idf())

    def _matcher(self, language: str) -> PhraseMatcher[Cue]:
        if language not in self._matchers:
            cues = [
                Cue.of(concept, phrase, language)
                for concept in self._vocabulary
                for phrase in concept.cues.get(language, ())
            ]
            self._matchers[language] = PhraseMatcher((f" {c.stems} ", c) for c in cues if c.stems)
        return self._matchers[language]

    def candidates(self, analysis: Analysis, in_places: Set[int] = frozenset()) -> list[Candidate]:
        """Every concept with a cue in the text, with its features.

        A cue inside a place's name (``in_places``: token indices) is part of that name:
        the Soviet Union is no evidence of trade unions.
        """
        stems, token_at = _stem_string(analysis)
        tokens = analysis.tokens
        hits: dict[str, list[tuple[int, Cue]]] = {}
        for start, _end, cue in self._matcher(analysis.language).find_all(stems):
            first = token_at(start)
            span = range(first, first + cue.stems.count(" ") + 1)
            if in_places and any(i in in_places for i in span):
                continue
            if cue.written_in(tokens[span.start : span.stop]):
                hits.setdefault(cue.concept.slug, []).append((tokens[first].sentence, cue))
        if not hits:
            return []
        counts = Counter(t.stem for t in analysis.tokens if not t.stop)
        n_sentences = max(len(analysis.sentences), 1)
        found = []
        for concept_hits in hits.values():
            concept = concept_hits[0][1].concept
            sentences = {s for s, _ in concept_hits}
            title = any(analysis.sentences[s].in_title for s in sentences)
            weak = all(cue.weak for _, cue in concept_hits)
            once = len(sentences) < 2
            if once and (not analysis.in_lead(min(sentences)) or (weak and not title)):
                continue
            features = (
                math.log1p(len(sentences)),
                float(title),
                max(self._specificity(cue.stems) for _, cue in concept_hits),
                self._coverage(concept, counts),
                len(sentences) / n_sentences,
            )
            first = min(sentences, key=lambda s: (not analysis.sentences[s].in_title, s))
            found.append(Candidate(concept, features, first))
        return found

    def tag(self, analysis: Analysis, in_places: Set[int] = frozenset()) -> list[TagAssignment]:
        scored = []
        for candidate in self.candidates(analysis, in_places):
            probability = self._model.probability(candidate.features)
            if probability >= self._model.threshold:
                scored.append((probability, candidate))
        scored.sort(key=lambda pair: -pair[0])
        return [
            TagAssignment(
                slug=c.concept.slug,
                display=c.concept.display,
                kind=TagKind.CONCEPT,
                score=round(p, 3),
                evidence=clip(analysis.sentences[c.evidence].text),
            )
            for p, c in scored[:MAX_CONCEPT_TAGS]
        ]

    def _specificity(self, cue: str) -> float:
        """How telling a cue is, 0..1: its IDF over the rarest IDF.

        A phrase's IDF is taken as the sum of its words' (as if they were independent),
        so "escalating border tensions" counts as specific though each word is common.
        """
        return min(sum(self._idf(s) for s in cue.split()) / self._idf.rare, 1.0)

    def _coverage(self, concept: Concept, counts: Counter[str]) -> float:
        """IDF-weighted share of the concept's label and definition stems in the article."""
        stems = self._definitions[concept.slug]
        if not stems:
            return 0.0
        total = sum(self._idf(s) for s in stems)
        present = sum(self._idf(s) for s in stems if counts[s])
        return present / total


def _gerund(word: str, stem: str) -> bool:
    """Whether the word is an -ing form the stemmer strips ("painting"; not "king")."""
    return word.endswith("ing") and not stem.endswith("ing")


def _stem_string(analysis: Analysis) -> tuple[str, Callable[[int], int]]:
    """The text as space-separated stems, with " | " between sentences.

    Also gives the index of the token at a match's offset in that string.
    """
    parts: list[str] = [" "]
    offsets: list[int] = []
    length = 1
    previous = None
    for token in analysis.tokens:
        if previous is not None and token.sentence != previous:
            parts.append("| ")
            length += 2
        offsets.append(length)
        parts.append(token.stem + " ")
        length += len(token.stem) + 1
        previous = token.sentence
    text = "".join(parts)

    def token_at(offset: int) -> int:
        return max(bisect.bisect_right(offsets, offset + 1) - 1, 0)

    return text, token_at
