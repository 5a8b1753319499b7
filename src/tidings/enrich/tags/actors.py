"""Actor tags: the organisations and people a story is about.

Proper names come from ``names.find_names``. A name is an organisation when it carries
an organisation word ("Ministry", "Party", "Bank"...), is an acronym, or is one word the
article writes as a company (``organisations``: "shares in Yukos", "Google's chief
executive"; "Microsoft Corp" then counts as "Microsoft"); a person when a
title precedes it ("Prime Minister Hun Manet") or the story later calls them by the last
name alone ("Paetongtarn Shinawatra" ... "Paetongtarn"). Names that are places belong to
the place tagger; other names ("South Caucasus") are left to the keyphrase tagger.
An actor is tagged when the story names it at least twice or in its title.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from tidings.enrich.tags.analysis import TIME_ZONES, Analysis
from tidings.enrich.tags.evidence import clip
from tidings.enrich.tags.gazetteer import DATA
from tidings.enrich.tags.names import Name, find_names
from tidings.enrich.tags.organisations import COMPANY_SUFFIXES, single_word_organisations
from tidings.enrich.tags.slugs import tag_slug
from tidings.models import TagAssignment, TagKind

_WORDS = json.loads((DATA / "actor_words.json").read_text(encoding="utf-8"))
TITLES = frozenset(_WORDS["titles"])
ORG_WORDS = frozenset(_WORDS["organisation_words"])
COMMON_ACRONYMS = frozenset(_WORDS["common_acronyms"]) | {z.upper() for z in TIME_ZONES}
MIN_WEIGHT = 2.0
HALF_SCORE_WEIGHT = 2.5
MAX_ACTOR_TAGS = 4
# Words tying a title to its domain ("Secretary of State", "Minister for Europe"): cut with
# the title and the domain; surname particles ("de Gaulle", "von der Leyen") stay.
_TITLE_LINKS = frozenset({"of", "for"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}$")
_ROMAN = re.compile(r"^[IVXL]+$")


@dataclass(slots=True)
class _Actor:
    words: tuple[str, ...]
    occurrences: list[int]
    person: bool


def is_title(word: str) -> bool:
    """A title before a name, hyphenated ones too ("Secretary-General", "Vice-President")."""
    return word.rpartition("-")[2] in TITLES


def is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word))


class ActorTagger:
    """Turns proper names into organisation and person tags."""

    def __init__(self, is_place: Callable[[str], bool]) -> None:
        self._is_place = is_place

    def actors(self, names: dict[tuple[str, ...], Name], analysis: Analysis) -> list[_Actor]:
        """The names that are organisations or people, with short forms folded in."""
        actors: dict[tuple[str, ...], _Actor] = {}
        companies = single_word_organisations(analysis, names, self._is_place, is_acronym)
        for name in names.values():
            words = name.words
            if words[0] in companies and all(w in COMPANY_SUFFIXES for w in words[1:]):
                _merge(actors, words[:1], name.occurrences, person=False)
                continue
            start = _after_titles(words)
            if _generic(words[start:]):  # "Interior Department": the title word names the body
                start = 0
            titled = start > 0
            words = words[start:]
            occurrences = [o + start for o in name.occurrences]
            while words and words[-1] in COMMON_ACRONYMS:  # "Google CEO", "GMT"
                words = words[:-1]
            place = self._is_place(" ".join(words)) or all(map(self._is_place, words))
            if _generic(words) or place:
                continue
            if any(w in ORG_WORDS for w in words) or (
                len(words) == 1 and (is_acronym(words[0]) or words[0] in companies)
            ):
                _merge(actors, words, occurrences, person=False)
            elif (
                not any(map(self._is_place, words))
                and not _ends_in_acronym(words)
                and (titled or (1 < len(words) <= 3 and _surname_used(words, names)))
            ):
                _merge(actors, words, occurrences, person=True)
        _fold_short_forms(actors, names)
        return list(actors.values())

    def tag(
        self, analysis: Analysis, names: dict[tuple[str, ...], Name] | None = None
    ) -> list[TagAssignment]:
        found = self.actors(find_names(analysis) if names is None else names, analysis)
        return self.assign(found, analysis)

    @staticmethod
    def assign(actors: list[_Actor], analysis: Analysis) -> list[TagAssignment]:
        tags = []
        for actor in actors:
            weights = [
                analysis.position_weight(analysis.tokens[o].sentence) for o in actor.occurrences
            ]
            weight = sum(weights)
            if weight < MIN_WEIGHT:
                continue
            best = max(range(len(weights)), key=lambda k: (weights[k], -actor.occurrences[k]))
            token = analysis.tokens[actor.occurrences[best]]
            sentence = analysis.sentences[token.sentence]
            display = " ".join(actor.words)
            tags.append(
                TagAssignment(
                    slug=tag_slug(display),
                    display=display,
                    kind=TagKind.ACTOR,
                    score=round(weight / (weight + HALF_SCORE_WEIGHT), 3),
                    evidence=clip(sentence.text, token.start - sentence.start),
                )
            )
        tags.sort(key=lambda t: -t.score)
        return tags[:MAX_ACTOR_TAGS]


def _after_titles(words: tuple[str, ...]) -> int:
    """Where the name proper starts: after titles and their domains ("Secretary of State
    for Health Jeremy Hunt", "Queen of Burlesque Dita Von Teese")."""
    start = 0
    while start < len(words):
        if is_title(words[start]):
            start += 1
        elif start and words[start] in _TITLE_LINKS:
            start += 2  # the link and the one word of its domain
        else:
            break
    return min(start, len(words))


def _ends_in_acronym(words: tuple[str, ...]) -> bool:
    """No surname is written in capitals: "Jina AI" or "Telewest PVR" is no person, whose
    short forms ("AI" in "AI systems") would count as more mentions of it. A regnal
    number ("Charles III") is no acronym; post-nominals ("QC") are cut before."""
    return len(words) > 1 and is_acronym(words[-1]) and not _ROMAN.match(words[-1])


def _generic(words: tuple[str, ...]) -> bool:
    """Organisation words alone ("Police", "the Senate") name no particular organisation."""
    return all(w in ORG_WORDS for w in words)


def _merge(actors: dict, words: tuple[str, ...], occurrences: list[int], person: bool) -> None:
    actor = actors.setdefault(words, _Actor(words, [], person))
    actor.occurrences.extend(occurrences)


def _surname_used(words: tuple[str, ...], names: dict[tuple[str, ...], Name]) -> bool:
    return (words[-1],) in names or (words[0],) in names


def _fold_short_forms(actors: dict, names: dict) -> None:
    """Count "Paetongtarn" or "CSTO" as mentions of the full name they stand for."""
    for actor in list(actors.values()):
        if len(actor.words) == 1:
            continue
        short_forms = [(actor.words[-1],), (actor.words[0],)] if actor.person else []
        short_forms.append(("".join(w[0] for w in actor.words if w[0].isupper()),))
        for short in short_forms:
            if short in names and short != actor.words:
                actor.occurrences.extend(names[short].occurrences)
                actors.pop(short, None)
