from tidings.ingest.entries import MAX_ENTRIES
from tidings.ingest.feeds import parse_feed

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
 <url><loc>https://news.example/world/talks</loc>
  <news:news><news:publication><news:name>Example Times</news:name>
   <news:language>en</news:language></news:publication>
   <news:publication_date>2025-06-24T10:00:00Z</news:publication_date>
   <news:title>Border talks stall</news:title><news:keywords>Asia, diplomacy</news:keywords>
  </news:news><image:image><image:loc>https://news.example/i.jpg</image:loc></image:image>
 </url>
 <url><loc>https://news.example/world/older</loc><lastmod>2025-06-01</lastmod></url>
 <url><loc>javascript:alert(1)</loc></url>
</urlset>"""


def test_news_sitemap_entries_carry_title_date_keywords_and_publication() -> None:
    feed = parse_feed(NEWS, "https://news.example/sitemap-news.xml")
    first, second = feed.entries
    assert first.url == "https://news.example/world/talks"
    assert first.title == "Border talks stall" and first.language == "en"
    assert first.keywords == ["Asia", "diplomacy"] and first.image == "https://news.example/i.jpg"
    assert first.source.name == "Example Times"
    assert second.published is not None and second.published.day == 1


def test_a_long_plain_sitemap_keeps_the_newest_urls() -> None:
    urls = "".join(
        f"<url><loc>https://site.example/p/{n}</loc><lastmod>2025-01-01T00:00:{n % 60:02d}Z"
        f"</lastmod></url>"
        for n in range(MAX_ENTRIES + 50)
    )
    content = f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
    feed = parse_feed(content.encode(), "https://site.example/sitemap.xml")
    assert len(feed.entries) == MAX_ENTRIES
    assert feed.entries[0].published.second == 59
    assert "kept the newest" in feed.warnings[0]


def test_a_sitemap_index_names_its_sitemaps_newest_first() -> None:
    content = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>/sitemap-2024.xml</loc><lastmod>2024-12-31</lastmod></sitemap>
      <sitemap><loc>/sitemap-2025.xml</loc><lastmod>2025-06-30</lastmod></sitemap>
    </sitemapindex>"""
    feed = parse_feed(content, "https://site.example/sitemap.xml")
    assert feed.entries == []
    assert feed.children == [
        "https://site.example/sitemap-2025.xml",
        "https://site.example/sitemap-2024.xml",
    ]
