"""Alias folding: every name of a thing leads to one tag."""

from __future__ import annotations

import pytest

from tidings.enrich.tags.aliases import canonical_tag


@pytest.mark.parametrize(
    ("alias", "tag"),
    [
        ("Turkiye", "Turkey"),
        ("USA", "UnitedStates"),
        ("US", "UnitedStates"),
        ("UnitedStatesOfAmerica", "UnitedStates"),
        ("UK", "UnitedKingdom"),
        ("Britain", "UnitedKingdom"),
        ("RussianFederation", "Russia"),
        ("Burma", "Myanmar"),
        ("diplomaticRow", "diplomaticConflict"),
        ("borderDisputes", "borderDispute"),
        ("EU", "EuropeanUnion"),
    ],
)
def test_aliases_fold_into_the_canonical_tag(alias: str, tag: str) -> None:
    assert canonical_tag(alias) == tag


@pytest.mark.parametrize(
    "tag", ["Turkey", "UnitedStates", "ZangezurCorridor", "diplomaticConflict"]
)
def test_canonical_tags_and_unknown_tags_stay(tag: str) -> None:
    assert canonical_tag(tag) == tag


def test_words_that_only_mention_a_country_are_no_alias_of_its_tag() -> None:
    """#Congress is no page for the United States, though "Congress" tags it."""
    assert canonical_tag("Congress") == "Congress"
    assert canonical_tag("Kremlin") == "Kremlin"
