"""All hashtags of one article: the four taggers over one shared text analysis."""

from __future__ import annotations

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
        places = self.places.tag(analysis, mentions)
        names = find_names(analysis)
        actors = self.actors.tag(analysis, names)
        emerging = []
        if segmented(analysis.language) and stopwords(analysis.language):
            spans = [(start, end) for start, end, _ in mentions]
            excluded = {
                i for i, t in enumerate(analysis.tokens) if any(s <= t.start < e for s, e in spans)
            }
            actor_words = [w.lower() for tag in actors for w in tag.display.split()]
            taken = set(stem_words(actor_words, analysis.language))
            emerging = self.keyphrases.tag(analysis, excluded, name_tokens(names), taken)
        return {
            "concepts": self.concepts.tag(analysis),
            "places": places,
            "actors": actors,
            "emerging": emerging,
        }

    def tag(self, title: str, text: str, language: str | None) -> list[TagAssignment]:
        parts = self.candidates(self.analyse(title, text, language))
        merged = [tag for kind in parts.values() for tag in kind]
        return rank(merged, spare=parts["emerging"])
