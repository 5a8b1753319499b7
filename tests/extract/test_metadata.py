from __future__ import annotations

from tidings.extract.metadata import read_metadata
from tidings.extract.page import parse_page


def _metadata(head: str, body: str = "<p>x</p>", lang: str = ""):
    tree = parse_page(f"<html {lang}><head>{head}</head><body>{body}</body></html>")
    assert tree is not None
    return read_metadata(tree)


def test_json_ld_graph_with_lists_and_objects() -> None:
    head = """<script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Site"},
      {"@type": ["NewsArticle"], "headline": "Big news",
       "articleBody": "Body text.", "datePublished": "2024-03-01T10:00:00+02:00",
       "author": [{"@type": "Person", "name": "Ann"}, {"name": "Bob"}],
       "articleSection": ["World", "Europe"], "keywords": "EU, summit ,trade",
       "image": [{"url": "https://img.test/1.jpg"}], "inLanguage": "de-AT",
       "publisher": {"name": "The Paper"}}
    ]}</script>"""
    meta = _metadata(head)
    assert meta.headline == "Big news"
    assert meta.article_body == "Body text."
    assert meta.author == "Ann, Bob"
    assert meta.section == "World"
    assert meta.keywords == ["EU", "summit", "trade"]
    assert meta.image == "https://img.test/1.jpg"
    assert meta.language == "de-AT"
    assert meta.site_name == "The Paper"
    assert meta.date_candidates[0] == "2024-03-01T10:00:00+02:00"


def test_broken_json_ld_is_repaired_or_ignored() -> None:
    head = (
        '<script type="application/ld+json">'
        '<!-- {"@type": "Article", "headline": "H",} --></script>'
        '<script type="application/ld+json">{not json at all</script>'
    )
    assert _metadata(head).headline == "H"


def test_opengraph_meta_and_canonical() -> None:
    head = """
      <title>Title | Site</title>
      <link rel="canonical" href="https://example.com/a">
      <meta property="og:title" content="OG title">
      <meta property="og:url" content="https://example.com/a?utm=1">
      <meta property="og:site_name" content="Example">
      <meta property="og:image" content="https://example.com/i.jpg">
      <meta property="article:published_time" content="2023-05-06T07:08:09Z">
      <meta property="article:section" content="Politics">
      <meta property="article:tag" content="Elections">
      <meta property="article:tag" content="Budget">
      <meta name="news_keywords" content="budget, parliament">
      <meta name="keywords" content="seo, filler">
      <meta name="description" content="What happened.">
    """
    meta = _metadata(head, lang='lang="fr-CA"')
    assert meta.og_title == "OG title"
    assert meta.html_title == "Title | Site"
    assert meta.canonical == "https://example.com/a"
    assert meta.og_url == "https://example.com/a?utm=1"
    assert meta.site_name == "Example"
    assert meta.section == "Politics"
    assert meta.keywords == ["Elections", "Budget", "parliament"]
    assert meta.description == "What happened."
    assert meta.language == "fr-CA"
    assert meta.date_candidates == ["2023-05-06T07:08:09Z"]


def test_plain_meta_keywords_only_as_last_resort() -> None:
    assert _metadata('<meta name="keywords" content="a, b">').keywords == ["a", "b"]
