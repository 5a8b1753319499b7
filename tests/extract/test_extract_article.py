from __future__ import annotations

import contextlib
import gzip
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.errors import ExtractionError
from tidings.extract import extract_article
from tidings.extract.reconcile import MAX_TITLE_CHARS
from tidings.models import Document, SourceRef

PARAGRAPH = (
    "The council voted on Tuesday to expand the city's tram network by twelve "
    "kilometres, after a debate that lasted most of the afternoon and evening. "
)
ARTICLE_PAGE = f"""<!doctype html><html lang="en-GB"><head>
<title>Trams expand | City Paper</title>
<link rel="canonical" href="https://www.citypaper.co.uk/news/trams">
<meta property="og:title" content="Trams expand">
<meta property="og:site_name" content="City Paper">
<meta property="og:image" content="/img/tram.jpg">
<meta property="article:section" content="Local">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Trams expand",
 "datePublished": "2024-05-02T18:30:00-04:00", "author": {{"name": "Jo Reporter"}},
 "keywords": ["transport", "council"]}}</script>
<script>var tracking = "do not show";</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Trams expand</h1>
{"".join(f"<p>{PARAGRAPH}Paragraph {n} adds detail about stops and costs.</p>" for n in range(6))}
<p>Read <a href="javascript:alert(1)">more</a>.</p>
</article><footer>Copyright City Paper. All rights reserved.</footer></body></html>"""


def test_page_gives_text_metadata_and_safe_html() -> None:
    doc = Document(
        url="https://citypaper.co.uk/news/trams?utm_source=feed",
        html=ARTICLE_PAGE,
        title="Trams to expand",
        published=datetime(2024, 5, 1, tzinfo=UTC),
        keywords=["Transport", "Budget"],
        source=SourceRef(name="City Paper feed"),
    )
    article = extract_article(doc)
    assert "twelve kilometres" in article.text
    assert "do not show" not in article.text and "All rights reserved" not in article.text
    assert article.url == "https://www.citypaper.co.uk/news/trams"
    assert article.alternate_urls == [doc.url]
    assert article.title == "Trams to expand"  # the feed's title wins
    assert article.published == datetime(2024, 5, 2, 22, 30, tzinfo=UTC)  # the page's wins
    assert article.author == "Jo Reporter"
    assert article.section == "Local"
    assert article.keywords == ["transport", "council", "Budget"]
    assert article.image == "https://www.citypaper.co.uk/img/tram.jpg"
    assert article.language == "en"
    assert article.site_name == "City Paper"
    assert article.html is not None and "<p>" in article.html
    assert "javascript" not in article.html and "<script" not in article.html


def test_feed_date_is_converted_to_utc_when_page_has_none() -> None:
    page = ARTICLE_PAGE.replace('"datePublished": "2024-05-02T18:30:00-04:00",', "")
    tz = timezone(timedelta(hours=2))
    doc = Document(
        url="https://citypaper.co.uk/n", html=page, published=datetime(2024, 1, 1, 12, tzinfo=tz)
    )
    assert extract_article(doc).published == datetime(2024, 1, 1, 10, tzinfo=UTC)


def test_boilerplate_page_falls_back_to_feed_content() -> None:
    doc = Document(
        url="https://x.test/a",
        html="<html><body><nav><a href='/'>Home</a></nav></body></html>",
        title="Feed title",
        summary_html="<p>The feed's <b>own</b> text.</p><script>alert(1)</script>",
    )
    article = extract_article(doc)
    assert article.text == "The feed's own text."
    assert article.html == "<p>The feed's own text.</p>"
    assert article.title == "Feed title"


def test_relative_images_and_links_of_feed_content_point_at_the_publisher() -> None:
    """An offline feed file gives feedparser no base: its relative URLs reach the
    extractor as written and were dropped (728 images without src on the QA instance)."""
    doc = Document(
        url="https://elijahpotter.dev/articles/imagine_a_weir_studio",
        summary_html=(
            "<p>This week, I received a message from someone working on a learning system.</p>"
            '<ul><li><a href="./building_the_weir_language">Building The Weir Language</a></li>'
            '</ul><p><img src="/images/weir_studio_draft.png" alt="The Initial Version"></p>'
        ),
    )
    html = extract_article(doc).html or ""
    assert 'href="https://elijahpotter.dev/articles/building_the_weir_language"' in html
    assert '<img src="https://elijahpotter.dev/images/weir_studio_draft.png"' in html


def test_archive_text_without_page() -> None:
    doc = Document(url="https://x.test/a", text="First para.\n\nSecond <para>.")
    article = extract_article(doc)
    assert article.text == "First para.\n\nSecond <para>."
    assert article.html == "<p>First para.</p><p>Second &lt;para&gt;.</p>"
    assert article.title == "First para. Second <para>."


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "\x00\x01\x02\xff garbage",
        "<html><body></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html></html>",
    ],
)
def test_nothing_to_show_raises_readable_error(html: str) -> None:
    with pytest.raises(ExtractionError, match=r"no feed content|gave no content") as raised:
        extract_article(Document(url="https://x.test/a", html=html))
    assert "x.test" not in str(raised.value)  # the Failure reporting it names the page


def test_deeply_nested_markup_does_not_crash() -> None:
    nested = "<div>" * 50_000 + "text" + "</div>" * 50_000
    with contextlib.suppress(ExtractionError):
        extract_article(Document(url="https://x.test/a", html=nested))


def test_megabytes_of_markup_soup_are_refused_quickly() -> None:
    soup = "<p><b><i>unclosed <td>soup &amp; &#xffff; " * 120_000  # 5 MB
    with pytest.raises(ExtractionError, match="too many for one article"):
        extract_article(Document(url="https://x.test/a", html=soup))
    feed = Document(url="https://x.test/a", html=soup, summary_html="<p>Feed text.</p>")
    assert extract_article(feed).text == "Feed text."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.sampled_from(["<p>", "<div>", "</", "<script>", "&#", "<![CDATA[", '"@type":"Article"']),
)
def test_any_text_gives_article_or_extraction_error(noise: str, markup: str) -> None:
    html = (
        f"<html><head><script type='application/ld+json'>{noise}</script></head>"
        f"<body>{markup}{noise}</body></html>"
    )
    try:
        article = extract_article(Document(url="https://x.test/a", html=html))
    except ExtractionError:
        return
    assert article.text


def test_real_benchmark_pages_give_their_text(shared_data: Path) -> None:
    folder = shared_data / "article_extraction_aeb"
    with (folder / "ground_truth.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(4), lines, strict=False)]
    for record in records:
        html = gzip.decompress((folder / record["html_file"]).read_bytes()).decode(
            "utf-8", "replace"
        )
        article = extract_article(Document(url=record["url"], html=html))
        truth_start = " ".join(record["text"].split()[:8])
        assert truth_start in " ".join(article.text.split())
        assert article.title


def test_feed_content_wins_over_a_paywall_teaser() -> None:
    teaser = (
        "<html><body><article><p>" + PARAGRAPH + "Subscribe to read on.</p></article></body></html>"
    )
    full = "".join(f"<p>{PARAGRAPH} Part {n}.</p>" for n in range(5))
    article = extract_article(Document(url="https://x.test/a", html=teaser, summary_html=full))
    assert "Part 4." in article.text
    short_feed = Document(url="https://x.test/a", html=ARTICLE_PAGE, summary_html="<p>Teaser.</p>")
    assert "Paragraph 5" in extract_article(short_feed).text


@pytest.mark.parametrize("where", ["record", "page"])
def test_a_title_of_a_hundred_thousand_characters_is_cut_at_a_word(where: str) -> None:
    """A body given as the title was shown whole on every list, and past 1 MB it broke
    PostgreSQL's full-text index of the title, stopping the ingest."""
    words = " ".join(f"word{n}" for n in range(15_000))  # 100k characters
    body = "<article>" + "<p>A paragraph about the harbour strike and its end.</p>" * 4
    page = f"<html><head><title>{words}</title></head><body>{body}</article></body></html>"
    doc = Document(url="https://x.test/a", html=page, title=words if where == "record" else None)
    title = extract_article(doc).title
    assert len(title) <= MAX_TITLE_CHARS and title.endswith(" word43…")
    assert words.startswith(title.removesuffix("…"))


def test_a_title_as_long_as_a_headline_may_be_is_kept_whole() -> None:
    title = "x" * MAX_TITLE_CHARS
    doc = Document(url="https://x.test/a", title=title, text="A paragraph. " * 20)
    assert extract_article(doc).title == title
