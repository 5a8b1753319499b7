"""Crawls of a loopback news site: formats, politeness, identity and health end to end."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from tests.ingest.hostile import HostileServer, send
from tidings import crawl as crawl_module
from tidings import pipeline as pipeline_module
from tidings.cli import app
from tidings.config import Settings
from tidings.crawl import Crawler
from tidings.errors import IngestReport
from tidings.eval.newsserver import NewsServer, SavedPage, load_pages
from tidings.ingest.entries import MAX_ENTRIES
from tidings.pipeline import Pipeline
from tidings.web.app import create_app

PAGES = 4


@pytest.fixture(scope="module")
def pages(shared_data: Path) -> list[SavedPage]:
    return load_pages(shared_data / "article_extraction_aeb", limit=PAGES)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        allow_private_networks=True,
        per_host_delay=0,
        read_timeout=2,
        broken_after_failures=2,
    )


def crawl(settings: Settings, *urls: str) -> tuple[IngestReport, Pipeline]:
    """Subscribe to ``urls`` (once) and crawl them all now."""
    pipeline = Pipeline.open(settings, enrich=False)
    sources = [pipeline.store.sources.add(url)[0] for url in urls]
    crawler = Crawler(settings, pipeline)
    try:
        fresh = [pipeline.store.sources.get(source.id) for source in sources]
        report = asyncio.run(crawler.crawl([s for s in fresh if s is not None]))
    finally:
        crawler.close()
    return report, pipeline


@pytest.mark.parametrize("path", ["/rss.xml", "/atom.xml", "/feed.json", "/sitemap.xml"])
def test_every_format_feeds_articles(settings, pages, path: str) -> None:
    with NewsServer(pages) as server:
        report, _ = crawl(settings, server.url(path))
    expected = PAGES // 2 if path in ("/rss.xml", "/atom.xml") else PAGES
    assert (report.new, report.errors) == (expected, [])


def test_a_home_page_leads_to_its_feed_and_the_source_follows_it(settings, pages) -> None:
    with NewsServer(pages) as server:
        report, pipeline = crawl(settings, server.url("/"))
        [source] = pipeline.store.sources.list()
        assert source.url == server.url("/all.xml")
    assert report.new == PAGES


def test_a_permanent_redirect_updates_the_stored_url(settings, pages) -> None:
    with NewsServer(pages) as server:
        crawl(settings, server.url("/old-feed.xml"))
        _, pipeline = crawl(settings)
        assert [s.url for s in pipeline.store.sources.list()] == [server.url("/rss.xml")]


def test_etags_make_the_second_crawl_a_304_and_nothing_is_lost_or_duplicated(
    settings, pages
) -> None:
    with NewsServer(pages, etags=True) as server:
        first, _ = crawl(settings, server.url("/all.xml"), server.url("/rss.xml"))
        server.requests.clear()
        second, pipeline = crawl(settings, server.url("/all.xml"), server.url("/rss.xml"))
        assert sorted(server.requests) == ["/all.xml", "/rss.xml"]  # no page fetched again
    assert first.new == PAGES and first.skipped == PAGES // 2
    assert (second.new, second.updated, second.skipped, second.errors) == (0, 0, 0, [])
    assert pipeline.store.sources.list()[0].etag
    with TestClient(create_app(settings)) as client:
        urls = [a["url"] for a in client.get("/api/").json()["articles"]]
    assert len(urls) == len(set(urls)) == PAGES


def test_robots_txt_refusals_fall_back_to_the_feed_and_are_counted(settings, pages) -> None:
    with NewsServer(pages, robots_txt="User-agent: *\nDisallow: /articles/\n") as server:
        report, _ = crawl(settings, server.url("/all.xml"))
        assert not [path for path in server.requests if path.startswith("/articles/")]
    assert report.robots_disallowed == PAGES and report.new == PAGES


def test_retry_after_pushes_the_next_check_back(settings) -> None:
    with HostileServer() as server:
        report, pipeline = crawl(settings, server.url("/busy"))
    [source] = pipeline.store.sources.list()
    assert "HTTP 429" in source.last_error
    assert source.next_check_at >= datetime.now(UTC) + timedelta(seconds=7000)
    assert report.sources_failed == 1


def test_html_served_as_a_feed_is_a_readable_error(settings) -> None:
    with HostileServer() as server:
        report, _ = crawl(settings, server.url("/html-as-feed"))
    assert [failure.why for failure in report.errors] == ["an HTML page, not a feed"]


def test_a_failing_source_backs_off_then_shows_as_broken(settings, pages) -> None:
    with NewsServer(pages) as server:
        crawl(settings, server.url("/broken/404"))
        _, pipeline = crawl(settings, server.url("/broken/404"))
    [source] = pipeline.store.sources.list()
    assert source.broken and source.error_count == 2
    listed = CliRunner().invoke(
        app, ["sources", "list", "--json", "--data-dir", str(settings.data_dir)]
    )
    [row] = json.loads(listed.stdout)
    assert row["broken"] and "HTTP 404" in row["error"]
    with TestClient(create_app(settings)) as client:
        page = client.get(f"/source/{source.id}").text
    assert 'class="health broken"' in page and "HTTP 404 (not found)" in page


def test_an_article_a_killed_crawl_left_without_its_story_is_finished_by_the_next(
    settings, pages
) -> None:
    with NewsServer(pages) as server:
        _, pipeline = crawl(settings, server.url("/all.xml"))
        with pipeline.store.engine.begin() as connection:  # killed between article and story
            cut = connection.execute(text("select min(id) from articles")).scalar_one()
            unfile = text("update articles set story_id = null where id = :id")
            connection.execute(unfile, {"id": cut})
        server.requests.clear()
        second, _ = crawl(settings, server.url("/all.xml"))
        pages_fetched = [path for path in server.requests if path.startswith("/articles/")]
    assert len(pages_fetched) == 1  # only the unfinished article is read again
    assert (second.new, second.errors) == (0, [])
    with pipeline.store.engine.connect() as connection:
        story = text("select story_id from articles where id = :id")
        assert connection.execute(story, {"id": cut}).scalar_one() is not None


def test_a_url_with_a_port_out_of_range_is_refused_by_sources_add(settings) -> None:
    url = "http://example.com:99999/feed.xml"
    added = CliRunner().invoke(app, ["sources", "add", url, "--data-dir", str(settings.data_dir)])
    assert added.exit_code == 2 and "Not an http(s) URL" in added.stderr


@pytest.mark.parametrize("allow_private", [True, False])
def test_a_stored_source_with_a_bad_port_is_a_recorded_failure(settings, allow_private) -> None:
    settings = replace(settings, allow_private_networks=allow_private)
    report, pipeline = crawl(settings, "http://example.com:99999/feed.xml")
    [source] = pipeline.store.sources.list()
    assert report.sources_failed == 1 and "valid host and port" in (source.last_error or "")


@pytest.mark.parametrize("seconds", ["999999999999", "99999999999999999"])
def test_an_absurd_retry_after_waits_a_week_at_most(settings, seconds: str) -> None:
    with HostileServer() as server:
        server.routes["/forever"] = lambda h: send(h, 503, b"", Retry_After=seconds)
        report, pipeline = crawl(settings, server.url("/forever"))
    [source] = pipeline.store.sources.list()
    assert report.sources_failed == 1 and "HTTP 503" in (source.last_error or "")
    assert source.next_check_at <= datetime.now(UTC) + timedelta(days=7, minutes=1)


def feed_of(*links: str) -> bytes:
    """An RSS feed whose items (own words each, so none fold together) link to ``links``."""
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link>"
        f"<description>{' '.join(f'item{n}word{i}' for i in range(80))}</description></item>"
        for n, link in enumerate(links)
    )
    return f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


@pytest.fixture
def feeds_only(settings: Settings) -> Settings:
    """The feed's own content, read on the writer thread (where a test can break it)."""
    return replace(settings, fetch_article_pages=False, extract_processes=1)


def test_a_bug_on_one_entry_fails_that_entry_and_the_crawl_goes_on(feeds_only, monkeypatch) -> None:
    real = pipeline_module.extract_article

    def extract(document):
        if document.url.endswith("/boom"):
            raise RuntimeError("a bug")
        return real(document)

    monkeypatch.setattr(pipeline_module, "extract_article", extract)
    with HostileServer() as server:
        server.routes["/feed"] = lambda h: send(
            h, 200, feed_of("http://news.test/boom", "http://news.test/fine")
        )
        report, _ = crawl(feeds_only, server.url("/feed"))
    assert report.new == 1 and report.sources_ok == 1
    [failure] = report.errors
    assert failure.where.endswith("/boom") and "unexpected error (RuntimeError" in failure.why


def test_a_bug_on_one_source_is_recorded_on_it_and_the_others_are_crawled(
    feeds_only, monkeypatch
) -> None:
    real = crawl_module.read_source

    async def read(fetcher, url, **kw):
        if url.endswith("/bad"):
            raise RuntimeError("a bug")
        return await real(fetcher, url, **kw)

    monkeypatch.setattr(crawl_module, "read_source", read)
    with HostileServer() as server:
        server.routes["/good"] = lambda h: send(h, 200, feed_of("http://news.test/one"))
        report, pipeline = crawl(feeds_only, server.url("/bad"), server.url("/good"))
    assert (report.new, report.sources_ok, report.sources_failed) == (1, 1, 1)
    bad = next(s for s in pipeline.store.sources.list() if s.url.endswith("/bad"))
    assert "unexpected error (RuntimeError" in (bad.last_error or "")


def test_a_failing_page_keeps_the_stored_full_text_of_an_updated_entry(settings) -> None:
    settings = replace(settings, extract_processes=1)
    state = {"date": datetime.now(UTC) - timedelta(days=1), "page": 200}
    paragraphs = "".join(
        f"<p>{' '.join(f'full{n}text{i}' for i in range(40))}.</p>" for n in range(12)
    )
    page = f"<html><body><article><h1>Headline</h1>{paragraphs}</article></body></html>"

    def feed(handler) -> None:
        item = (
            f"<item><title>Headline</title><link>{server.url('/story')}</link>"
            f"<pubDate>{format_datetime(state['date'], usegmt=True)}</pubDate>"
            "<description>Short feed teaser.</description></item>"
        )
        send(handler, 200, f'<rss version="2.0"><channel>{item}</channel></rss>'.encode())

    with HostileServer() as server:
        server.routes["/feed"] = feed
        server.routes["/story"] = lambda h: send(
            h, state["page"], page.encode(), Content_Type="text/html"
        )
        first, pipeline = crawl(settings, server.url("/feed"))
        state.update(date=datetime.now(UTC) + timedelta(hours=1), page=503)
        second, _ = crawl(settings, server.url("/feed"))
    with pipeline.store.engine.connect() as connection:
        stored = connection.execute(text("select text from articles")).scalar_one()
    assert first.new == 1 and len(stored) > 3000
    assert second.updated == 0
    [failure] = second.errors
    assert "HTTP 503" in failure.why and "kept the stored text" in failure.why


@pytest.mark.parametrize("target", ["/private/page", "http://localhost:{port}/private/page"])
def test_a_page_redirecting_to_a_path_robots_txt_refuses_is_not_fetched(
    settings, target: str
) -> None:
    asked: list[str] = []

    def private(handler) -> None:
        asked.append(handler.path)
        send(handler, 200, b"<html><p>secret</p></html>")

    with HostileServer() as server:
        port = server.url("/").split(":")[-1].strip("/")
        server.routes.update(
            {
                "/feed": lambda h: send(h, 200, feed_of(server.url("/go"))),
                "/go": lambda h: send(h, 302, b"", Location=target.format(port=port)),
                "/robots.txt": lambda h: send(h, 200, b"User-agent: *\nDisallow: /private/\n"),
                "/private/page": private,
            }
        )
        report, _ = crawl(replace(settings, extract_processes=1), server.url("/feed"))
    assert asked == [] and report.robots_disallowed == 1 and report.new == 1


def test_one_crawl_takes_the_newest_entries_of_a_huge_feed(feeds_only) -> None:
    with HostileServer() as server:
        report, _ = crawl(feeds_only, server.url("/big-feed"))  # 10,000 items
    assert report.new + report.duplicates + len(report.errors) == MAX_ENTRIES
    [notice] = report.warnings  # the operator learns that the rest waits for later crawls
    assert notice.where == server.url("/big-feed") and str(MAX_ENTRIES) in notice.why


def test_a_source_is_called_by_the_publisher_its_feed_names(feeds_only) -> None:
    """ "Dawn - World" is Dawn's World section: readers see "Dawn", linked to its site;
    a title the operator gave stays theirs."""
    channel = "<title>Dawn - World</title><link>https://www.dawn.com/</link>"
    feed = feed_of("http://news.test/1").replace(b"<title>T</title>", channel.encode())
    with HostileServer() as server:
        for path in ("/dawn.xml", "/mine.xml"):
            server.routes[path] = lambda h: send(h, 200, feed, Content_Type="application/rss+xml")
        store = Pipeline.open(feeds_only, enrich=False).store
        store.sources.add(server.url("/mine.xml"), title="Dawn (Karachi)")
        crawl(feeds_only, server.url("/dawn.xml"), server.url("/mine.xml"))
    named = {source.url.rsplit("/", 1)[1]: source for source in store.sources.list()}
    dawn, mine = named["dawn.xml"], named["mine.xml"]
    assert (dawn.title, dawn.site_url) == ("Dawn", "https://www.dawn.com/")
    assert (mine.title, mine.site_url) == ("Dawn (Karachi)", "https://www.dawn.com/")
