"""All hashtags of one article: the four taggers over one shared text analysis."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tidings.enrich.tags.actors import ActorTagger
from tidings.enrich.tags.analysis import Analysis, analyse, segmented, stem_words, stopwords
from tidings.enrich.tags.concepts import ConceptTagger
from tidings.enrich.tags.gazetteer import place_names
from tidings.enrich.tags.idf import english_idf
from tidings.enrich.tags.keyphrases import KeyphraseTagger
from tidings.enrich.tags.names import find_names, name_tokens
from tidings.enrich.tags.places import PlaceTagger, PlaceThresholds
from tidings.enrich.tags.rank import rank
from tidings.models import TagAssignment


@dataclass(frozen=True, slots=True)
class Tagger:
    """Concept, place, actor and keyphrase taggers, loaded once."""

    concepts: ConceptTagger
    places: PlaceTagger
    actors: ActorTagger
    keyphrases: KeyphraseTagger

    @classmethod
    def load(cls) -> Tagger:
        names = place_names()
        return cls(
            concepts=ConceptTagger.load(),
            places=PlaceTagger(names, PlaceThresholds.load()),
            actors=ActorTagger(lambda word: word in names),
            keyphrases=KeyphraseTagger(english_idf()),
        )

    def analyse(self, title: str, text: str, language: str | None) -> Analysis:
        return analyse(title, text, language)

    def candidates(self, analysis: Analysis) -> dict[str, list[TagAssignment]]:
        """Every kind's own tags before merging (the eval and bench look at parts)."""
        mentions = self.places.mentions(analysis)
        in_places = tokens_within(analysis, [(start, end) for start, end, _ in mentions])
        places = self.places.tag(analysis, mentions)
        names = find_names(analysis)
        actors = self.actors.tag(analysis, names)
        concepts = self.concepts.tag(analysis, in_places)
        emerging = []
        if segmented(analysis.language) and stopwords(analysis.language):
            tagged_words = [w.lower() for t in (*actors, *concepts) for w in t.display.split()]
            taken = set(stem_words(tagged_words, analysis.language))
            emerging = self.keyphrases.tag(analysis, in_places, name_tokens(names), taken)
        return {
            "concepts": concepts,
            "places": places,
            "actors": actors,
            "emerging": emerging,
        }

    def tag(self, title: str, text: str, language: str | None) -> list[TagAssignment]:
        parts = self.candidates(self.analyse(title, text, language))
        merged = [tag for kind in parts.values() for tag in kind]
        return rank(merged, spare=parts["emerging"])


def tokens_within(analysis: Analysis, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that start inside any of the character spans."""
    starts = [t.start for t in analysis.tokens]
    inside: set[int] = set()
    for start, end in spans:
        inside.update(range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)))
    return inside
