"""Tag slugs: camelCase for concepts, capitals kept for proper names."""

from __future__ import annotations

import pytest

from tidings.enrich.tags.slugs import tag_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("diplomatic conflict", "diplomaticConflict"),
        ("Azerbaijan", "Azerbaijan"),
        ("Zangezur corridor", "ZangezurCorridor"),
        ("United Kingdom", "UnitedKingdom"),
        ("U.S.", "US"),
        ("NATO", "NATO"),
        ("Türkiye", "Turkiye"),
        ("oil and gas", "oilAndGas"),
        ("  ", ""),
        ("—", ""),
    ],
)
def test_tag_slug(text: str, slug: str) -> None:
    assert tag_slug(text) == slug
