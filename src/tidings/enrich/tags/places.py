"""Place tags: countries named directly, by demonym, capital, city or seat of power.

"Azerbaijani officials", "Baku" and "Azerbaijan" are all mentions of #Azerbaijan; a
city is tagged itself only when the story is about it (in the title or named twice).
The score grows with mentions, weighted by where they occur: the title and the lead
say what a story is about, a passing mention deep in the text does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tidings.enrich.tags.analysis import Analysis
from tidings.enrich.tags.evidence import clip
from tidings.enrich.tags.gazetteer import Place, place_names
from tidings.enrich.tags.matcher import PhraseMatcher
from tidings.enrich.tags.slugs import tag_slug
from tidings.models import TagAssignment, TagKind

HALF_SCORE_WEIGHT = 1.5  # mention weight at which the score reaches 0.5
MIN_CITY_WEIGHT = 2.0
MAX_PLACE_TAGS = 5


@dataclass(slots=True)
class _Tally:
    display: str
    weight: float = 0.0
    evidence: tuple[float, int, int] | None = None  # (-mention weight, sentence, offset)
    names: set[str] = field(default_factory=set)

    def add(self, weight: float, sentence: int, offset: int, name: str) -> None:
        self.weight += weight
        self.names.add(name)
        key = (-weight, sentence, offset)
        if self.evidence is None or key < self.evidence:
            self.evidence = key


class PlaceTagger:
    """Finds place names with a gazetteer and scores the places a story is about."""

    def __init__(self, names: dict[str, Place]) -> None:
        # Upper-case keys too: headlines and wire datelines ("NEW YORK, Feb 26 -").
        upper = {n.upper(): p for n, p in names.items() if n.upper() not in names}
        self._matcher = PhraseMatcher([*names.items(), *upper.items()])

    @classmethod
    def load(cls) -> PlaceTagger:
        return cls(place_names())

    def mentions(self, analysis: Analysis) -> list[tuple[int, int, Place]]:
        """Every place name in the text: (start, end, place)."""
        return list(self._matcher.find(analysis.text))

    def tag(
        self, analysis: Analysis, mentions: list[tuple[int, int, Place]] | None = None
    ) -> list[TagAssignment]:
        """The places the story is about, best first; ``mentions`` if already found."""
        countries: dict[str, _Tally] = {}
        cities: dict[str, _Tally] = {}
        for start, end, place in self.mentions(analysis) if mentions is None else mentions:
            index = analysis.sentence_at(start)
            sentence = analysis.sentences[index]
            weight = analysis.position_weight(index)
            name = analysis.text[start:end]
            offset = start - sentence.start
            countries.setdefault(place.country, _Tally(place.country_display)).add(
                weight, index, offset, name
            )
            if place.city:
                cities.setdefault(place.city, _Tally(place.city)).add(weight, index, offset, name)
        tags = [self._assign(slug, tally, analysis) for slug, tally in countries.items()]
        tags += [
            self._assign(tag_slug(city), tally, analysis)
            for city, tally in cities.items()
            if tally.weight >= MIN_CITY_WEIGHT
        ]
        tags.sort(key=lambda t: -t.score)
        return tags[:MAX_PLACE_TAGS]

    @staticmethod
    def _assign(slug: str, tally: _Tally, analysis: Analysis) -> TagAssignment:
        assert tally.evidence is not None
        _, index, offset = tally.evidence
        return TagAssignment(
            slug=slug,
            display=tally.display,
            kind=TagKind.PLACE,
            score=round(tally.weight / (tally.weight + HALF_SCORE_WEIGHT), 3),
            evidence=clip(analysis.sentences[index].text, offset),
        )
