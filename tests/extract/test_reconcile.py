from __future__ import annotations

import pytest

from tidings.extract.reconcile import choose_url, clean_title, normalise_language


def test_declared_canonical_on_same_site_wins() -> None:
    url, others = choose_url(
        "https://www.news.co.uk/a?utm=x", ["https://news.co.uk/a", "https://m.news.co.uk/a"]
    )
    assert url == "https://news.co.uk/a"
    assert others == ["https://www.news.co.uk/a?utm=x", "https://m.news.co.uk/a"]


def test_relative_canonical_is_resolved() -> None:
    assert choose_url("https://news.co.uk/x/y?p=1", ["/x/y"])[0] == "https://news.co.uk/x/y"


@pytest.mark.parametrize(
    "declared", ["https://other.co.uk/a", "javascript:alert(1)", "ftp://news.co.uk/a", ""]
)
def test_foreign_or_odd_canonical_is_refused(declared: str) -> None:
    assert choose_url("https://news.co.uk/a", [declared]) == ("https://news.co.uk/a", [])


def test_file_uri_accepts_any_web_canonical() -> None:
    url, others = choose_url("file:///tmp/page.html", ["https://news.co.uk/a"])
    assert url == "https://news.co.uk/a" and others == ["file:///tmp/page.html"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en-GB", "en"), ("pt_BR", "pt"), ("DE", "de"), ("deu", "de"), ("xx", None), ("", None)],
)
def test_language_codes_normalise_to_iso_639_1(code: str, expected: str | None) -> None:
    assert normalise_language(code) == expected


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Trams expand | City Paper", None, "Trams expand"),
        (
            "Konfliktkultur zum Erfolg - ERFOLG Magazin",
            "ERFOLG Magazin",
            "Konfliktkultur zum Erfolg",
        ),
        ("Olympia 2028 dabei -", None, "Olympia 2028 dabei"),
        ("news.co.uk | Gas prices", None, "Gas prices"),
        ("Minions malen - mit Malerrolle", "Papaganda", "Minions malen - mit Malerrolle"),
        ("Atim: &#8222;The Woman King&#8220;", None, "Atim: „The Woman King“"),
        ("Talks <em>resume</em> &amp; stall | City Paper", None, "Talks resume & stall"),
        ("A well-known title", None, "A well-known title"),
    ],
)
def test_clean_title_drops_the_site_part(title: str, site: str | None, expected: str) -> None:
    assert clean_title(title, site, "https://www.news.co.uk/a") == expected


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        # The site's name spelled otherwise than its domain: "CBS News" is cbsnews.com.
        (
            "Black voters in South Carolina are crucial for Democratic candidates - CBS News",
            None,
            "https://www.cbsnews.com/news/2020-presidential-election",
            "Black voters in South Carolina are crucial for Democratic candidates",
        ),
        (
            "Home Depot Stock Falls - Barron's",
            "Barrons",
            "https://www.barrons.com/a",
            "Home Depot Stock Falls",
        ),
        # A headline naming its site too: the site's part is the shorter one.
        (
            "Introducing Junior Gaspard, New CEO at Experience - Experience",
            "Experience",
            "https://www.expapp.com/blog/introducing",
            "Introducing Junior Gaspard, New CEO at Experience",
        ),
        (
            "gipfelbuch.ch - Outdoornews - Schneekarten auf Gipfelbuch.ch",
            "gipfelbuch.ch",
            "https://www.gipfelbuch.ch/outdoornews/detail/id/71",
            "Schneekarten auf Gipfelbuch.ch",
        ),
        (
            "Penny - Stardew Valley Wiki",
            "Stardew Valley Wiki",
            "https://stardewvalleywiki.com/P",
            "Penny",
        ),
    ],
)
def test_the_site_part_is_found_by_its_name_or_domain(
    title: str, site: str | None, url: str, expected: str
) -> None:
    assert clean_title(title, site, url) == expected
