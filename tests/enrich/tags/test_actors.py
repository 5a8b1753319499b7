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


def test_common_acronyms_name_things_not_actors() -> None:
    text = (
        "The sale closed at 10:00 GMT. The FDA approved the drug for HIV patients. "
        "Google CEO Eric Schmidt said the FDA was right. GMT trading was thin, HIV rates fell."
    )
    actors = _actors("Google CEO backs deal", text)
    assert "FDA" in actors
    assert not {"GMT", "HIV", "GoogleCEO", "CEO"} & set(actors)


def test_titles_are_cut_unless_they_name_the_body() -> None:
    text = (
        "Secretary-General Ban Ki-moon met Captain Manohar Nambiar. Ban praised Nambiar. "
        "The Interior Department and the Foreign Ministry agreed. The Interior Department "
        "wrote to the Foreign Ministry. Police said the Senate and the Police would meet."
    )
    actors = set(_actors("", text))
    assert {"BanKiMoon", "ManoharNambiar", "InteriorDepartment", "ForeignMinistry"} <= actors
    assert not {"Department", "Ministry", "Police", "Senate"} & actors
    rice = "Secretary of State Condoleezza Rice flew in. Rice left on Monday."
    assert set(_actors("", rice)) == {"CondoleezzaRice"}


def test_places_and_passing_names_are_no_actors() -> None:
    text = "Russia and Azerbaijan argued. The South Caucasus is tense. Ziyaddin died."
    actors = _actors("Russia's Ural region", text)
    assert not {"Russia", "Azerbaijan", "RussiaUral", "Ziyaddin"} & set(actors)


def test_headline_capitals_do_not_make_names() -> None:
    assert _actors("Cambodia Accuses Thailand Of Escalating Tensions", "Talks went on.") == {}


def test_a_lone_word_written_as_a_company_is_an_organisation() -> None:
    text = (
        "Shares in Yukos fell on Monday. The oil firm Yukos said it would appeal. "
        "Yukos's chief executive left the country."
    )
    assert "Yukos" in _actors("Oil group in trouble", text)


def test_a_legal_suffix_elsewhere_makes_the_short_name_the_organisation() -> None:
    text = "A patch came from Microsoft Corp on Monday. Users should update, Microsoft said."
    assert set(_actors("", text)) == {"Microsoft"}


def test_surnames_and_titled_people_are_no_companies() -> None:
    text = (
        "Gordon Brown spoke on Monday. Brown's shares in the debate grew. "
        "Mr Hale met the board. Hale's shares were sold."
    )
    actors = _actors("", text)
    assert not {"Brown", "Hale"} & set(actors)


def test_a_common_word_opening_a_sentence_is_not_part_of_the_name() -> None:
    """The capital of "Actor" and "Ailing" comes from the sentence start; "Tyler" is a name."""
    text = (
        "Actor Bruce Willis is suing the makers of a film. "
        "Willis said he was hurt on set. The park said EuroDisney would recover. "
        "Tyler Hansbrough scored 20 points on Thursday. The crowd cheered as Hansbrough scored."
    )
    actors = _actors("Ailing EuroDisney vows turnaround", text)
    assert {"BruceWillis", "TylerHansbrough"} <= set(actors)
    assert not {"ActorBruceWillis", "Hansbrough", "AilingEuroDisney"} & set(actors)


def test_a_name_ending_in_an_acronym_is_no_person() -> None:
    """ "Jina AI" was taken for a person surnamed "AI", so "AI systems" counted as a
    mention of it and gave its evidence sentence. Post-nominals are cut from a
    person's name, and a regnal number is no acronym."""
    text = (
        "I build backends and infrastructure for AI systems, mainly in Python. "
        "Previously a founding engineer at Jina AI, which Elastic bought. "
        "Philippe Sands QC said the advice was wrong. Sands had warned the cabinet. "
        "King Charles III opened the session. Charles spoke briefly."
    )
    tagger = ActorTagger(lambda word: word in NAMES)
    tags = {t.slug: t for t in tagger.tag(analyse("About", text, "en"))}
    assert "JinaAI" not in tags
    assert {"PhilippeSands", "CharlesIII"} <= set(tags)
