from tidings.ingest.urls import canonical_url, is_http_url


def test_tracking_parameters_fragments_and_case_fold_to_one_identity() -> None:
    variants = [
        "https://WWW.Example.com/news/story?id=7&utm_source=rss&utm_medium=feed",
        "https://www.example.com:443/news/./story?fbclid=abc&id=7#comments",
        "https://www.example.com/news/x/../story?id=7&gclid=1",
    ]
    assert {canonical_url(url) for url in variants} == {"https://www.example.com/news/story?id=7"}


def test_content_parameters_are_kept_and_sorted() -> None:
    assert canonical_url("http://x.org/a?b=2&a=1") == "http://x.org/a?a=1&b=2"
    assert canonical_url("http://x.org/a?page=2") != canonical_url("http://x.org/a?page=3")


def test_non_http_urls_pass_through() -> None:
    assert canonical_url("urn:tidings:abc") == "urn:tidings:abc"
    assert canonical_url("file:///tmp/a.html") == "file:///tmp/a.html"
    assert not is_http_url("javascript:alert(1)")
    assert is_http_url("https://example.com/x")


def test_bad_ports_and_brackets_are_not_http_urls_and_pass_through_unchanged() -> None:
    for url in ("https://c.example:99999/p", "https://c.example:abc/p", "http://[::1/x"):
        assert not is_http_url(url)
        assert canonical_url(url) == url
