"""Place tags: names, demonyms, capitals, cities and datelines; passing mentions left out."""

from __future__ import annotations

import pytest

from tidings.enrich.tags.analysis import analyse
from tidings.enrich.tags.gazetteer import country_name_in, place_names
from tidings.enrich.tags.places import PlaceTagger
from tidings.models import TagKind


@pytest.fixture(scope="module")
def places() -> PlaceTagger:
    return PlaceTagger.load()


def _slugs(tagger: PlaceTagger, title: str, text: str) -> list[str]:
    return [t.slug for t in tagger.tag(analyse(title, text, "en"))]


def test_demonyms_capitals_and_seats_of_power_name_countries(places) -> None:
    slugs = _slugs(
        places,
        "Baku protests to Moscow",
        "Azerbaijani officials said the Kremlin had been told. Azerbaijan wants answers.",
    )
    assert slugs[:2] == ["Azerbaijan", "Russia"] or slugs[:2] == ["Russia", "Azerbaijan"]


def test_countries_named_in_the_article_s_language_are_the_same_tags(places) -> None:
    text = "L'Espagne a rappelé son ambassadeur en Égypte. L'Égypte proteste; l'Espagne attend."
    tags = {t.slug: t for t in places.tag(analyse("Espagne et Égypte", text, "fr"))}
    assert set(tags) == {"Spain", "Egypt"}
    assert tags["Spain"].display == "Spain" and "Espagne" in tags["Spain"].evidence
    portuguese = "O Egipto e a Espanha assinaram. O Egito confirmou."
    assert {"Egypt", "Spain"} <= {t.slug for t in places.tag(analyse("", portuguese, "pt"))}
    papon = "Maurice Papon a été condamné. Le procès de Maurice Papon a duré six mois."
    assert places.tag(analyse("Maurice Papon condamné", papon, "fr")) == []
    assert places.tag(analyse("MAURICE PAPON CONDAMNÉ", "Le procès a duré.", "fr")) == []
    meeting = "Reunión del gabinete en Madrid. El presidente habló."
    assert [t.slug for t in places.tag(analyse("Reunión del gabinete", meeting, "es"))] == ["Spain"]
    assert country_name_in("Spain", "fr") == "Espagne"
    assert country_name_in("Paris", "fr") is None and country_name_in("Spain", "xx") is None
    # German "Island" is Iceland; in English it is a word of place names.
    english = "Rhode Island voted. Island life on Rhode Island is calm."
    assert "Iceland" not in _slugs(places, "Rhode Island votes", english)


def test_wire_dateline_in_capitals_names_the_country(places) -> None:
    slugs = _slugs(
        places, "CHAMPION PRODUCTS APPROVES SPLIT", "ROCHESTER, N.Y., Feb 26 - The board..."
    )
    assert slugs == ["UnitedStates"]
    assert _slugs(places, "COCOA REVIEW", "LONDON, March 3 - Cocoa prices rose.") == [
        "UnitedKingdom"
    ]


def test_a_passing_mention_is_not_a_subject(places) -> None:
    text = (
        "Cambodia accused Thailand of closing the border. Cambodia and Thailand met. "
        "Thailand said talks would go on. Cambodia agreed. A similar dispute once hit Peru."
    )
    slugs = _slugs(places, "Cambodia and Thailand in border row", text)
    assert {"Cambodia", "Thailand"} <= set(slugs)
    assert "Peru" not in slugs


def test_ambiguous_names_are_not_places() -> None:
    names = place_names()
    for word in ("George", "Man", "Kennedy", "Jackson"):
        assert word not in names


def test_evidence_is_the_sentence_that_names_the_place(places) -> None:
    tags = places.tag(analyse("", "Talks resumed. Officials in Baku said little.", "en"))
    assert tags[0].kind is TagKind.PLACE
    assert tags[0].evidence == "Officials in Baku said little."
