"""The publisher's name in a feed's title, on the titles of real feeds."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tidings.ingest.publisher import publisher_name, site_link
from tidings.ingest.urls import registered_domain

# Titles and channel links as the shared real-world feeds (feeds_realworld_fastfeedparser)
# declare them, with the name a news app shows.
NEWS_FEEDS = [
    (
        "Al Jazeera – Breaking News, World News and Video from Al Jazeera",
        "https://www.aljazeera.com",
        "Al Jazeera",
    ),
    ("World - CBSNews.com", "https://www.cbsnews.com/", "CBSNews.com"),
    ("Dawn - World", "https://www.dawn.com/", "Dawn"),
    ("NYT > World News", "https://www.nytimes.com/section/world", "NYT"),
    ("Tech – TIME", "https://time.com", "TIME"),
    ("WSJ.com: World News", "http://online.wsj.com/page/2_0006.html", "WSJ.com"),
    ("ABC News: International", "http://abcnews.com", "ABC News"),
    ("NPR Topics: World", "https://www.npr.org/templates/story/story.php?storyId=1004", "NPR"),
    (
        "The Christian Science Monitor | All stories",
        "https://www.csmonitor.com",
        "The Christian Science Monitor",
    ),
    ("Rest of World -", "https://restofworld.org", "Rest of World"),
    ("TheWeek feed", "https://theweek.com", "TheWeek"),
    ("AllAfrica News: Latest", "https://allafrica.com/latest/", "AllAfrica News"),
    ("Blog - Ardour", "https://discourse.ardour.org/c/blog/15", "Ardour"),
    ("Always Twisted| Articles", "https://www.alwaystwisted.com/", "Always Twisted"),
    # A section's name alone is nobody's: the site's domain says whose it is.
    ("Asia", "https://www.economist.com/asia", "economist.com"),
    ("World", "https://www.washingtonpost.com", "washingtonpost.com"),
    (
        "World News: Breaking news, politics, crime, tech, and more",
        "https://www.boston.com/tag/world-news/",
        "boston.com",
    ),
]

# Blogs and others whose titles are their names, separators and all.
KEPT_AS_WRITTEN = [
    ("Sound Code - Mark Heath's Blog", "https://markheath.net/"),
    ("(Fabio Alessandro Locati|Fale)'s blog", "https://fale.io"),
    ("YANUB: yet another (nearly) useless blog", "https://vince-debian.blogspot.com/"),
    ("Web • Tech • Audio", "https://www.morningtempo.com/"),
    (
        'Setuptools "development" Requirements - Stack Overflow',
        "https://stackoverflow.com/q/28509965",
    ),
    ("David duChemin – Photographer, Author, Creative Instigator", "https://davidduchemin.com"),
    ("FoolControl: Phear the penguin", "https://foolcontrol.org"),
    ("Kagi Blog", "https://blog.kagi.com"),
    ("Gatsby Starter Blog RSS Feed", "https://gessfred.xyz"),
    ("J-F Gagné's MySQL Blog", "https://jfg-mysql.blogspot.com/"),
    ("EL PAÍS in English", "https://english.elpais.com"),
    ("Foreign Policy", "https://foreignpolicy.com"),
    ("Ray Woodcock's Latest", "https://raywoodcockslatest.wordpress.com"),
    ("Collective Action in Tech", "https://collectiveaction.tech/"),
    ("Deutsche Welle", "https://www.dw.com/english/?maca=en-rss-en-all-1573-rdf"),
]


@pytest.mark.parametrize(("title", "site", "expected"), NEWS_FEEDS)
def test_a_news_feed_is_called_by_its_publisher(title: str, site: str, expected: str) -> None:
    assert publisher_name(title, site) == expected


@pytest.mark.parametrize(("title", "site"), KEPT_AS_WRITTEN)
def test_a_title_that_is_a_name_is_kept_as_written(title: str, site: str) -> None:
    assert publisher_name(title, site) == title


def test_without_a_site_there_is_no_evidence_of_whose_name_a_part_is() -> None:
    tagline = "Al Jazeera – Breaking News, World News and Video from Al Jazeera"
    assert publisher_name(tagline, None) == tagline
    assert publisher_name("Asia", None) == "Asia"
    assert publisher_name("Asia", "/asia") == "Asia"  # a relative link names no site
    assert publisher_name("Dawn - World", None) == "Dawn"  # the label alone is evidence


def test_a_feed_without_a_title_is_called_by_its_site() -> None:
    assert publisher_name(None, "https://www.economist.com/asia") == "economist.com"
    assert publisher_name("  ", None) is None


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("https://www.dawn.com/", "https://www.dawn.com/"),
        ("  http://abcnews.com ", "http://abcnews.com"),
        ("/blog/", None),
        ("coghlan.me/", None),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        (None, None),
        (["https://list.example/"], None),
    ],
)
def test_only_a_web_address_is_a_site(declared: object, expected: str | None) -> None:
    assert site_link(declared) == expected


SITES = st.sampled_from(
    [None, "https://www.aljazeera.com", "https://time.com", "https://economist.com/asia"]
)
TITLES = st.lists(
    st.sampled_from(["World", "News", "Al Jazeera", "TIME", "Asia", "feed", "Mark's blog"])
    | st.text(min_size=1, max_size=12),
    min_size=1,
    max_size=4,
).flatmap(
    lambda parts: st.sampled_from([" - ", " | ", ": ", " > ", " • ", " "]).map(
        lambda separator: separator.join(parts)
    )
)


@given(TITLES, SITES)
@example("World", "https://economist.com/asia")
@example("(a|b)", None)
def test_the_name_is_never_empty_and_always_the_titles_or_the_sites(
    title: str, site: str | None
) -> None:
    name = publisher_name(title, site)
    if not title.strip() and site is None:
        assert name is None
        return
    assert name and name.strip() == name
    assert name in title or name == registered_domain(site or "")


@given(TITLES, SITES)
def test_a_name_read_again_stays_the_same(title: str, site: str | None) -> None:
    """A feed already titled as its publisher ("NYT", "economist.com") keeps that title."""
    name = publisher_name(title, site)
    assert publisher_name(name, site) == name
