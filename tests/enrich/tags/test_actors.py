"""Actor tags: organisations and people from capitalised names, places left out."""

from __future__ import annotations

from tidings.enrich.tags.actors import ActorTagger
from tidings.enrich.tags.analysis import analyse
from tidings.enrich.tags.gazetteer import place_names

NAMES = place_names()


def _actors(title: str, text: str) -> dict[str, float]:
    tagger = ActorTagger(lambda word: word in NAMES)
    return {t.slug: t.score for t in tagger.tag(analyse(title, text, "en"))}


def test_a_titled_person_named_again_by_surname_is_one_actor() -> None:
    text = (
        "Prime Minister Paetongtarn Shinawatra ordered the closure. "
        "Critics said Paetongtarn had acted too fast."
    )
    assert set(_actors("Border closed", text)) == {"PaetongtarnShinawatra"}


def test_organisations_and_their_acronyms_fold_together() -> None:
    text = (
        "The Collective Security Treaty Organisation met on Monday. "
        "Members of the CSTO disagreed. The CSTO will meet again."
    )
    assert "CollectiveSecurityTreatyOrganisation" in _actors("", text)


def test_places_and_passing_names_are_no_actors() -> None:
    text = "Russia and Azerbaijan argued. The South Caucasus is tense. Ziyaddin died."
    actors = _actors("Russia's Ural region", text)
    assert not {"Russia", "Azerbaijan", "RussiaUral", "Ziyaddin"} & set(actors)


def test_headline_capitals_do_not_make_names() -> None:
    assert _actors("Cambodia Accuses Thailand Of Escalating Tensions", "Talks went on.") == {}
