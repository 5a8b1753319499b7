"""Place tags: countries named directly, by demonym, capital, city or seat of power.

"Azerbaijani officials", "Baku" and "Azerbaijan" are all mentions of #Azerbaijan; a
city is tagged itself only when the story is about it (in the title or named twice).
The score grows with mentions, weighted by where they occur: the title and the lead
say what a story is about, a passing mention deep in the text does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tidings.enrich.tags.analysis import Analysis
from tidings.enrich.tags.evidence import clip
from tidings.enrich.tags.gazetteer import (
    DATA,
    Place,
    countries,
    localized_country_names,
    place_names,
)
from tidings.enrich.tags.matcher import PhraseMatcher
from tidings.enrich.tags.slugs import tag_slug
from tidings.models import TagAssignment, TagKind

HALF_SCORE_WEIGHT = 1.5  # mention weight at which the score reaches 0.5
MIN_CITY_WEIGHT = 2.0
MAX_PLACE_TAGS = 5


@dataclass(frozen=True, slots=True)
class PlaceThresholds:
    """When a mentioned country is a subject of the story, not a passing mention.

    Fitted by ``scripts/fit_places.py`` on Reuters-21578 editors' places.
    """

    min_weight: float  # mention weight a country needs (title 2, lead 1.5, other 1)
    min_share: float  # ... and its share of the most-mentioned country's weight

    @classmethod
    def load(cls) -> PlaceThresholds:
        raw = json.loads((DATA / "place_thresholds.json").read_text(encoding="utf-8"))
        return cls(min_weight=raw["min_weight"], min_share=raw["min_share"])


@dataclass(slots=True)
class Tally:
    """The mentions of one place: total weight and the best evidence."""

    display: str
    weight: float = 0.0
    evidence: tuple[float, int, int] | None = None  # (-mention weight, sentence, offset)

    def add(self, weight: float, sentence: int, offset: int) -> None:
        self.weight += weight
        key = (-weight, sentence, offset)
        if self.evidence is None or key < self.evidence:
            self.evidence = key


Mention = tuple[int, int, Place]  # (start, end, place) in the analysed text


class PlaceTagger:
    """Finds place names with a gazetteer and scores the places a story is about."""

    def __init__(self, names: dict[str, Place], thresholds: PlaceThresholds) -> None:
        self._names = names
        self._matchers: dict[str, tuple[PhraseMatcher[Place], frozenset[str]]] = {}
        self._thresholds = thresholds

    @classmethod
    def load(cls) -> PlaceTagger:
        return cls(place_names(), PlaceThresholds.load())

    def mentions(self, analysis: Analysis) -> list[Mention]:
        """Every place name in the text.

        A country named as the article's language names it that is followed by a
        capitalised word is part of a person's name ("Maurice Papon", "Salvador Dalí").
        """
        matcher, local = self._matcher(analysis.language)
        text = analysis.text
        return [
            (start, end, place)
            for start, end, place in matcher.find(text)
            if not (text[start:end] in local and _name_goes_on(text, end))
        ]

    def _matcher(self, language: str) -> tuple[PhraseMatcher[Place], frozenset[str]]:
        """The gazetteer's names plus the countries' names in the article's language
        (those names, too, to check them in ``mentions``).

        The tag keeps its one display name ("Spain" for "Espagne"): a site mixing
        languages shows each tag one way, and the evidence shows the name as written.
        """
        if language not in self._matchers:
            table = countries()
            local = {
                name: Place(*table[code])
                for name, code in localized_country_names(language).items()
                if name not in self._names
            }
            names = self._names | local
            # Upper-case keys too: headlines and wire datelines ("NEW YORK, Feb 26 -").
            upper = {n.upper(): p for n, p in names.items() if n.upper() not in names}
            matcher = PhraseMatcher([*names.items(), *upper.items()])
            self._matchers[language] = (matcher, frozenset(local) | {n.upper() for n in local})
        return self._matchers[language]

    def tallies(
        self, analysis: Analysis, mentions: list[Mention]
    ) -> tuple[dict[str, Tally], dict[str, Tally]]:
        """Mention weight per country slug and per city name."""
        countries: dict[str, Tally] = {}
        cities: dict[str, Tally] = {}
        for start, _end, place in mentions:
            index = analysis.sentence_at(start)
            weight = analysis.position_weight(index)
            offset = start - analysis.sentences[index].start
            countries.setdefault(place.country, Tally(place.country_display)).add(
                weight, index, offset
            )
            if place.city:
                cities.setdefault(place.city, Tally(place.city)).add(weight, index, offset)
        return countries, cities

    def subjects(self, countries: dict[str, Tally]) -> dict[str, Tally]:
        """The countries the story is about, by the fitted thresholds."""
        top = max((t.weight for t in countries.values()), default=0.0)
        floor = max(self._thresholds.min_weight, self._thresholds.min_share * top)
        return {slug: t for slug, t in countries.items() if t.weight >= floor}

    def tag(self, analysis: Analysis, mentions: list[Mention] | None = None) -> list[TagAssignment]:
        """The places the story is about, best first; ``mentions`` if already found."""
        found = self.mentions(analysis) if mentions is None else mentions
        countries, cities = self.tallies(analysis, found)
        tags = [self._assign(slug, t, analysis) for slug, t in self.subjects(countries).items()]
        tags += [
            self._assign(tag_slug(city), tally, analysis)
            for city, tally in cities.items()
            if tally.weight >= MIN_CITY_WEIGHT
        ]
        tags.sort(key=lambda t: -t.score)
        return tags[:MAX_PLACE_TAGS]

    @staticmethod
    def _assign(slug: str, tally: Tally, analysis: Analysis) -> TagAssignment:
        assert tally.evidence is not None
        _, index, offset = tally.evidence
        return TagAssignment(
            slug=slug,
            display=tally.display,
            kind=TagKind.PLACE,
            score=round(tally.weight / (tally.weight + HALF_SCORE_WEIGHT), 3),
            evidence=clip(analysis.sentences[index].text, offset),
        )


def _name_goes_on(text: str, end: int) -> bool:
    """Whether a capitalised word follows, on the same line, after nothing but spaces."""
    rest = text[end : end + 40]
    stripped = rest.lstrip(" \t")
    return stripped != rest and stripped[:1].isupper()
