"""Concept tags: vocabulary concepts the article is about, with the sentence that says so.

A concept becomes a candidate only when one of its cue phrases (its label, label parts
or trigger cues, compared as stems) occurs in a sentence: the tag always has evidence.
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
from collections.abc import Callable
from dataclasses import dataclass

from tidings.enrich.tags.analysis import TOKEN, Analysis, stem_words, stopwords
from tidings.enrich.tags.evidence import clip
from tidings.enrich.tags.gazetteer import DATA
from tidings.enrich.tags.idf import Idf, english_idf
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
class Candidate:
    concept: Concept
    features: tuple[float, ...]
    evidence: int  # index of the sentence that shows it best (the title if it can)


def stem_phrase(text: str, language: str) -> str:
    """Stems of a phrase, tokenised exactly like article text."""
    return " ".join(stem_words(TOKEN.findall(text.lower()), language))


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
        self._matchers: dict[str, PhraseMatcher[tuple[Concept, str]]] = {}
        self._vocabulary = vocabulary
        self._definitions = {c.slug: definition_stems(c) for c in vocabulary}

    @classmethod
    def load(cls) -> ConceptTagger:
        return cls(concepts(), ConceptModel.load(), english_idf())

    def _matcher(self, language: str) -> PhraseMatcher[tuple[Concept, str]]:
        if language not in self._matchers:
            phrases = [
                (f" {stem_phrase(cue, language)} ", (concept, stem_phrase(cue, language)))
                for concept in self._vocabulary
                for cue in concept.cues.get(language, ())
            ]
            self._matchers[language] = PhraseMatcher(phrases)
        return self._matchers[language]

    def candidates(self, analysis: Analysis) -> list[Candidate]:
        """Every concept with a cue in the text, with its features."""
        stems, sentence_of = _stem_string(analysis)
        hits: dict[str, list[tuple[int, int, str]]] = {}
        by_slug: dict[str, Concept] = {}
        for start, _end, (concept, cue) in self._matcher(analysis.language).find_all(stems):
            hits.setdefault(concept.slug, []).append((start, sentence_of(start), cue))
            by_slug[concept.slug] = concept
        if not hits:
            return []
        counts = Counter(t.stem for t in analysis.tokens if not t.stop)
        n_sentences = max(len(analysis.sentences), 1)
        found = []
        for slug, concept_hits in hits.items():
            concept = by_slug[slug]
            sentences = {s for _, s, _ in concept_hits}
            title = any(analysis.sentences[s].in_title for s in sentences)
            features = (
                math.log1p(len(sentences)),
                float(title),
                max(self._specificity(cue) for _, _, cue in concept_hits),
                self._coverage(concept, counts),
                len(sentences) / n_sentences,
            )
            first = min(sentences, key=lambda s: (not analysis.sentences[s].in_title, s))
            found.append(Candidate(concept, features, first))
        return found

    def tag(self, analysis: Analysis) -> list[TagAssignment]:
        scored = []
        for candidate in self.candidates(analysis):
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


def _stem_string(analysis: Analysis) -> tuple[str, Callable[[int], int]]:
    """The text as space-separated stems, with " | " between sentences."""
    parts: list[str] = [" "]
    offsets: list[int] = []
    sentences: list[int] = []
    length = 1
    previous = None
    for token in analysis.tokens:
        if previous is not None and token.sentence != previous:
            parts.append("| ")
            length += 2
        offsets.append(length)
        sentences.append(token.sentence)
        parts.append(token.stem + " ")
        length += len(token.stem) + 1
        previous = token.sentence
    text = "".join(parts)

    def sentence_of(offset: int) -> int:
        index = bisect.bisect_right(offsets, offset + 1) - 1
        return sentences[max(index, 0)] if sentences else 0

    return text, sentence_of
