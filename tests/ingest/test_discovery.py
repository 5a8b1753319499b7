from tidings.ingest.discovery import discover_feeds

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/site.css">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" title="All" href="/rss.xml">
<link rel="Alternate home" type="application/atom+xml; charset=utf-8" href="https://cdn.example/atom">
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
</head><body></body></html>"""


def test_feeds_are_found_in_declaration_order_and_made_absolute() -> None:
    assert discover_feeds(PAGE, "https://example.com/news/") == [
        "https://example.com/rss.xml",
        "https://cdn.example/atom",
        "https://example.com/news/feed.json",
    ]


def test_pages_without_feeds_or_without_markup_give_nothing() -> None:
    assert discover_feeds("<html><head><title>x</title></head></html>", "https://e.com/") == []
    assert discover_feeds("", "https://e.com/") == []
    assert discover_feeds("\0\0 not html", "https://e.com/") == []
