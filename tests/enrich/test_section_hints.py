"""Publisher evidence: section labels and URL paths mapped to Tidings' sections."""

from __future__ import annotations

import pytest

from tidings.enrich.section_hints import label_hint, url_hint


@pytest.mark.parametrize(
    ("label", "slugs", "strong"),
    [
        ("Politics", ("politics",), True),
        ("Sport > Football", ("sport",), True),
        ("Économie", ("business",), True),
        ("Deportes", ("sport",), True),
        ("Wissenschaft", ("science-technology",), True),
        ("Life and Style", ("lifestyle",), True),
        ("Crime & Justice", ("crime-justice",), True),
        ("Science & Environment", ("science-technology", "environment"), True),
        ("World News", ("politics",), False),
        ("Middle East", ("politics",), False),
    ],
)
def test_publisher_labels_map_to_sections(label: str, slugs: tuple, strong: bool) -> None:
    hint = label_hint(label)
    assert hint is not None
    assert (hint.slugs, hint.strong) == (slugs, strong)
    assert label in hint.evidence


@pytest.mark.parametrize("label", ["News", "Opinion", "Latest", "", "   ", "Top Stories"])
def test_labels_that_name_no_topic_give_no_hint(label: str) -> None:
    assert label_hint(label) is None


@pytest.mark.parametrize(
    ("url", "slug", "strong"),
    [
        ("https://www.bbc.co.uk/sport/football/68712345", "sport", True),
        ("https://www.bbc.co.uk/news/business-68712345", "business", True),
        ("https://www.nytimes.com/2024/05/12/us/politics/trump-rally.html", "politics", True),
        ("https://elpais.com/deportes/2024-01-01/el-madrid-gana.html", "sport", True),
        ("https://sport.lemonde.fr/article/les-bleus-gagnent", "sport", True),
        ("https://www.theguardian.com/world/middle-east/2024/jan/01/gaza", "politics", False),
    ],
)
def test_url_paths_map_to_sections(url: str, slug: str, strong: bool) -> None:
    hint = url_hint(url)
    assert hint is not None
    assert (hint.slugs[0], hint.strong) == (slug, strong)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/art-theft",  # an article slug, not a section
        "https://example.com/",
        "not a url",
        "http://[::1/x",
        "",
    ],
)
def test_urls_without_a_section_give_no_hint(url: str) -> None:
    assert url_hint(url) is None


def test_a_section_subdomain_counts_as_url_evidence() -> None:
    hint = url_hint("https://money.example.com/markets/one-two-three-four-five")
    assert hint is not None
    assert hint.slugs == ("business",)
    assert hint.evidence == "URL host money.example.com + URL path /markets/"


def test_every_table_term_is_reachable() -> None:
    from tidings.enrich.section_hints import LONGEST_TERM, _table
    from tidings.enrich.sections import BY_SLUG

    for term, row in _table().items():
        assert len(term.split()) <= LONGEST_TERM, term
        assert row.slug is None or row.slug in BY_SLUG, term


@pytest.mark.parametrize(
    ("label", "slug"),
    [("World Wide Web", "science-technology"), ("Culture &amp; Life", "arts-culture")],
)
def test_longer_terms_and_entities_win_over_their_words(label: str, slug: str) -> None:
    hint = label_hint(label)
    assert hint is not None
    assert hint.slugs == (slug,)
