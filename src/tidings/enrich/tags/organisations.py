"""Single-word organisations ("Yukos", "Google", "Peugeot") told by the company they keep.

A lone capitalised word carries no organisation word ("Bank", "Party") and is no
acronym, yet news writes companies so: "Yukos", "Boeing". What gives them away is how
the article around them writes them, the way an editor reads it: a legal suffix
somewhere ("Microsoft Corp"), a company noun after the name or its possessive ("Yukos
shares", "Google's chief executive", up to three words after a possessive: "Nissan's
most senior executive"), a descriptor before it ("oil firm Yukos",
"carmaker Peugeot") or a deal phrase ("a stake in Boeing", "shares in Yukos"). One such
context anywhere in the article is enough; a personal title before any mention ("Mr
Brown") or use as the last word of a longer name ("Gordon Brown" ... "Brown") makes it a
person, whatever else it keeps company with. The lists are hand-curated in
``actor_words.json``; a handful of look-ups per name, so it costs nothing next to NER.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from tidings.enrich.tags.analysis import Analysis, without_possessive
from tidings.enrich.tags.gazetteer import DATA
from tidings.enrich.tags.names import Name

_WORDS = json.loads((DATA / "actor_words.json").read_text(encoding="utf-8"))
COMPANY_SUFFIXES = frozenset(_WORDS["company_suffixes"])
_NOUNS_AFTER = frozenset(_WORDS["company_nouns_after"])
_DESCRIPTORS = frozenset(_WORDS["company_descriptors_before"])
_PHRASES = frozenset(tuple(p.split()) for p in _WORDS["company_phrases_before"])
_PERSONAL = frozenset(_WORDS["personal_titles_before"])
POSSESSIVE_REACH = 3  # words after "Nissan's" that still belong to its noun phrase


def single_word_organisations(
    analysis: Analysis,
    names: dict[tuple[str, ...], Name],
    is_place: Callable[[str], bool],
    is_acronym: Callable[[str], bool],
) -> set[str]:
    """The one-word names (not places, not acronyms) the article writes as organisations."""
    surnames = {n[-1] for n in names if len(n) > 1 and n[-1] not in COMPANY_SUFFIXES}
    suffixed = {n[0] for n in names if len(n) == 2 and n[1] in COMPANY_SUFFIXES}
    found = set()
    for words, name in names.items():
        if len(words) != 1:
            continue
        word = words[0]
        if word in surnames or is_acronym(word) or is_place(word):
            continue
        contexts = [_context(analysis, o) for o in name.occurrences]
        if "person" in contexts:
            continue
        if word in suffixed or "organisation" in contexts:
            found.add(word)
    return found


def _context(analysis: Analysis, index: int) -> str:
    """ "person", "organisation" or "" for the words around one mention."""
    tokens = analysis.tokens
    sentence = tokens[index].sentence

    def lower(k: int) -> str:
        inside = 0 <= k < len(tokens) and tokens[k].sentence == sentence
        return tokens[k].lower if inside else ""

    before = lower(index - 1)
    if before in _PERSONAL:
        return "person"
    reach = (
        POSSESSIVE_REACH
        if tokens[index].surface != without_possessive(tokens[index].surface)
        else 1
    )
    if (
        any(lower(index + k) in _NOUNS_AFTER for k in range(1, reach + 1))
        or before in _DESCRIPTORS
        or (lower(index - 2), before) in _PHRASES
    ):
        return "organisation"
    return ""
