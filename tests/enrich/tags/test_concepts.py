"""Concept tags: cue phrases with evidence, scored by the fitted model."""

from __future__ import annotations

import pytest

from tidings.enrich.tags.analysis import LEAD_CHARS, analyse
from tidings.enrich.tags.concepts import ConceptTagger
from tidings.enrich.tags.tagger import Tagger
from tidings.enrich.tags.vocabulary import concepts, label_cues


@pytest.fixture(scope="module")
def tagger() -> ConceptTagger:
    return ConceptTagger.load()


def test_vocabulary_has_iptc_below_top_level_and_own_concepts() -> None:
    by_slug = {c.slug: c for c in concepts()}
    assert by_slug["diplomaticConflict"].qcode is None
    assert by_slug["mergerOrAcquisition"].qcode.startswith("medtop:")
    assert "politics" not in by_slug  # a top-level topic is a section, not a tag
    assert all(c.definition for c in by_slug.values() if c.qcode is None)


def test_only_listing_labels_are_split_into_cues() -> None:
    assert label_cues("merger, acquisition and takeover", "en") == (
        "merger, acquisition and takeover",
        "merger",
        "acquisition",
        "takeover",
    )
    assert label_cues("online and remote learning", "en") == ("online and remote learning",)


def test_a_list_naming_one_idea_is_not_split(tagger) -> None:
    by_slug = {c.slug: c for c in concepts()}
    assert by_slug["diversityEquityAndInclusion"].cues["en"] == ("diversity, equity and inclusion",)
    text = "The bank sold part of its equity. Its head of UK equities said social class mattered."
    found = _slugs(tagger, "Bank sells stake", text)
    assert not {"diversityEquityAndInclusion", "environmentalSocialAndGovernancePolicyEsg"} & found


def test_a_story_about_a_ceasefire_gets_the_concept_with_evidence(tagger) -> None:
    text = (
        "Both sides agreed to a ceasefire on Sunday after weeks of shelling. "
        "The truce is to be monitored by observers. Violations of the ceasefire were reported."
    )
    tags = {t.slug: t for t in tagger.tag(analyse("Ceasefire agreed in the north", text, "en"))}
    assert "ceasefire" in tags
    assert "ceasefire" in tags["ceasefire"].evidence.lower()


def test_no_cue_no_concept(tagger) -> None:
    assert tagger.tag(analyse("", "The the the. A an.", "en")) == []


def test_other_languages_use_iptc_labels_in_that_language(tagger) -> None:
    text = "Les taux d'intérêt ont augmenté. La banque centrale a relevé ses taux d'intérêt."
    tags = tagger.tag(analyse("Taux d'intérêt en hausse", text, "fr"))
    assert "interestRate" in {t.slug for t in tags}


def test_elsewhere_than_english_one_sentence_is_weak_evidence(tagger) -> None:
    """Only stems are compared there ("lugar" shares the stem of "luge")."""
    once = "La banque a parlé. Les taux d'intérêt ont augmenté. Les marchés ont suivi."
    assert "interestRate" not in _slugs(tagger, "La banque parle", once, "fr")
    assert "interestRate" in _slugs(tagger, "Taux d'intérêt en hausse", once, "fr")


def _slugs(tagger: ConceptTagger, title: str, text: str, language: str = "en") -> set[str]:
    return {c.concept.slug for c in tagger.candidates(analyse(title, text, language))}


def test_words_sharing_only_a_stem_with_a_label_are_no_evidence(tagger) -> None:
    text = (
        "The celebrated director said the row over funding was important. "
        "Conservative critics were rallying against the plan. The celebrated row went on."
    )
    found = _slugs(tagger, "Director in funding row", text)
    assert not {"celebrity", "rowing", "imports", "conservation", "protest"} & found


def test_singular_plural_and_al_adjective_of_a_label_still_count(tagger) -> None:
    text = "Two players suffered injuries. Agricultural output fell. Another injury followed."
    assert {"injury", "agriculture"} <= _slugs(tagger, "", text)


def test_forms_with_a_sense_of_their_own_are_no_evidence(tagger) -> None:
    text = (
        "Ukraine pays more for natural gas. The lawsuit cites physical injuries. "
        "The natural choice was an economical car."
    )
    assert not {"nature", "physics", "economics"} & _slugs(tagger, "Gas deal", text)
    worth = "The value of the shares rose. Its stated value is 50 dollars a share."
    assert "values" not in _slugs(tagger, "Share value rises", worth)
    assert "values" in _slugs(tagger, "Family values", "Voters cited family values.")


def test_a_pipeline_is_energy_only_where_it_carries_oil_or_gas(tagger) -> None:
    """A lone "pipeline" cue put #energySecurity on data pipelines, a drug maker's
    pipeline and a carmaker's "models pipeline"."""
    software = "She built data pipelines at Adobe. The firm's drug pipeline looks strong."
    assert "energySecurity" not in _slugs(tagger, "Models pipeline", software)
    cut = "An earthquake cut the oil pipeline to the coast. Exports stopped for a month."
    assert "energySecurity" in _slugs(tagger, "Oil pipeline cut by landslide", cut)


def test_one_mention_after_the_lead_is_a_passing_one(tagger) -> None:
    filler = "The club's board met the bidder's advisers again on Tuesday. " * 20
    late = "Irish horse racing millionaires own 29% of the club."
    assert len(filler) > LEAD_CHARS
    assert "horseRacing" not in _slugs(tagger, "Takeover talks", filler + late)
    assert "horseRacing" in _slugs(tagger, "Takeover talks", late + " " + filler)
    twice = filler + late + " Horse racing is their trade."
    assert "horseRacing" in _slugs(tagger, "Takeover talks", twice)


def test_a_cue_inside_a_place_name_is_part_of_the_name() -> None:
    tagger = Tagger.load()
    soviet = "Grain exports to the Soviet Union rose. The Soviet Union bought more wheat."
    assert "unions" not in {t.slug for t in tagger.tag("Soviet Union buys grain", soviet, "en")}
    strike = "The union called a strike. Union leaders met the board."
    assert "unions" in {t.slug for t in tagger.tag("Union calls strike", strike, "en")}


def test_a_lone_ing_label_needs_a_second_piece_of_evidence(tagger) -> None:
    idiom = "The report is painting a grim picture of the economy. Growth slowed."
    assert "painting" not in _slugs(tagger, "Economy slows", idiom)
    story = "The painting sold for £2m. Experts had doubted the painting was genuine."
    assert "painting" in _slugs(tagger, "Auction record", story)
    assert "painting" in _slugs(tagger, "Lost painting found", "It hung in a barn for years.")
