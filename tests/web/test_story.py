"""Stories through the whole pipeline: an ECB+ slice ingested in two halves groups its
events into stories, a story's page keeps its URL as it grows, and lists show each
story once with "N more sources"."""

from __future__ import annotations

import html
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.ecbplus import archive_record, ecb_records, url_of, write_archive
from tests.support import tidings_json
from tests.web.corpus import Written
from tidings.config import Settings
from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.stories import CopyView, StoryUpdate, StoryView
from tidings.web.app import create_app
from tidings.web.pages.story import source_groups

QUIET = timedelta(days=4)
LIMIT = 20  # open stories per lookup
TOPICS = {1, 3}  # four events: two celebrity rehab stays, two prison cases


@dataclass
class Ingested:
    records: list[dict]
    client: TestClient
    early: dict[str, dict]  # the story page of each first-half article, before the second half

    def article_id(self, url: str) -> int:
        return article_id(self.client, url)

    def story_of(self, url: str) -> int:
        return story_of(self.client, url)


def article_id(client: TestClient, url: str) -> int:
    store: Store = client.app.state.site.store
    return store.articles.known([url])[url].id


def story_of(client: TestClient, url: str) -> int:
    store: Store = client.app.state.site.store
    view = store.reader.article(article_id(client, url))
    assert view is not None and view.story is not None
    return view.story.id


@pytest.fixture(scope="module")
def ingested(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingested]:
    folder = tmp_path_factory.mktemp("stories")
    records = ecb_records(shared_data, TOPICS)
    half = len(records) // 2
    written = [archive_record(n, r) for n, r in enumerate(records)]
    settings = Settings(data_dir=folder / "data")
    tidings_json(
        settings.data_dir, "ingest", str(write_archive(folder / "1.jsonl", written[:half]))
    )
    with TestClient(create_app(settings)) as client:
        early = {
            url: client.get(f"/api/story/{story_of(client, url)}").json()
            for url in (url_of(n, r) for n, r in enumerate(records[:half]))
        }
    tidings_json(
        settings.data_dir, "ingest", str(write_archive(folder / "2.jsonl", written[half:]))
    )
    with TestClient(create_app(settings)) as client:
        yield Ingested(records, client, early)


def test_articles_of_one_event_share_a_story_and_events_stay_apart(ingested: Ingested) -> None:
    stories = [ingested.story_of(url_of(n, r)) for n, r in enumerate(ingested.records)]
    events = [r["cluster_id"] for r in ingested.records]
    together = defaultdict(list)
    pairs = itertools.combinations(zip(stories, events, strict=True), 2)
    for (story_a, event_a), (story_b, event_b) in pairs:
        together[event_a == event_b].append(story_a == story_b)
    recall = sum(together[True]) / len(together[True])
    false_merges = sum(together[False]) / len(together[False])
    assert recall >= 0.8 and false_merges <= 0.05, (recall, false_merges)


def test_a_story_page_keeps_its_url_as_the_story_grows(ingested: Ingested) -> None:
    grown = 0
    for url, before in ingested.early.items():
        after = ingested.client.get(f"/api/story/{before['id']}").json()
        assert after["article_count"] >= before["article_count"]
        assert ingested.article_id(url) in [m["article_id"] for m in after["timeline"]]
        grown += after["article_count"] > before["article_count"]
    assert grown > 0


def test_full_coverage_groups_the_publishers_with_a_time_line(ingested: Ingested) -> None:
    biggest = Counter(
        ingested.story_of(url_of(n, r)) for n, r in enumerate(ingested.records)
    ).most_common(1)[0][0]
    page = ingested.client.get(f"/api/story/{biggest}").json()
    members = [a for group in page["groups"] for a in group["articles"]]
    assert len(members) == page["article_count"] == len(page["timeline"])
    assert page["source_count"] == len({g["name"] for g in page["groups"]}) > 1
    times = [m["at"] for m in page["timeline"]]
    assert times == sorted(times)
    assert page["tags"] and page["tags"][0]["count"] > 1
    shown = ingested.client.get(f"/story/{biggest}").text
    assert html.escape(page["title"], quote=False) in shown
    assert all(f'href="/article/{a["id"]}"' in shown for a in members)
    assert ingested.client.get("/api/story/999999").status_code == 404


def test_lists_show_a_story_once_with_more_sources(ingested: Ingested) -> None:
    home = ingested.client.get("/api/").json()
    stories = [a["story"]["id"] for a in home["articles"] if a["story"]]
    assert stories and len(stories) == len(set(stories))
    crowded = next(a for a in home["articles"] if a["story"]["more_sources"])
    count = crowded["story"]["more_sources"]
    page = ingested.client.get("/").text
    assert f'href="/story/{crowded["story"]["id"]}">{count} more sources' in page
    tag = ingested.client.get(f"/api/story/{crowded['story']['id']}").json()["tags"][0]["slug"]
    listed = ingested.client.get(f"/api/tag/{tag}").json()["articles"]
    on_tag = [a["story"]["id"] for a in listed if a["story"]]
    assert len(on_tag) == len(set(on_tag)) and crowded["story"]["id"] in on_tag


def test_a_merged_story_redirects_to_the_older_story_it_joined(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, rate_limit_per_minute=0)
    store = Store.open(settings)
    articles = [
        store.articles.save(
            Article(
                ExtractedArticle(url=f"https://news.example/{n}", title=f"Dam {n}", text="Text."),
                Enrichment(language="en"),
            ),
            None,
        )[0]
        for n in range(3)
    ]
    now = datetime.now(UTC)
    first = StoryUpdate({}, "Dam bursts", now, now, 1, ["t:dam"])
    older, younger = (store.stories.start(a, first) for a in articles[:2])
    reads = {s.id: s for s in store.stories.open_stories(["t:dam"], now, QUIET, LIMIT)}
    merged = StoryUpdate({}, "Dam bursts", now, now, 3, ["t:dam"])
    assert store.stories.grow(articles[2], reads[older], merged, [reads[younger]])
    with TestClient(create_app(settings, store)) as client:
        for prefix in ("/story", "/api/story"):
            moved = client.get(f"{prefix}/{younger}", follow_redirects=False)
            assert moved.status_code == 308
            assert moved.headers["location"].endswith(f"{prefix}/{older}")
        page = client.get(f"/api/story/{younger}").json()
        assert page["id"] == older and page["article_count"] == 3
        assert client.get(f"/story/{older}", follow_redirects=False).status_code == 200
    store.close()


def test_a_copy_at_a_server_path_is_not_offered_to_readers(
    client: TestClient, written: Written
) -> None:
    site = client.app.state.site
    view = site.store.reader.article(min(written.article_ids.values()))
    copies = [
        CopyView("file:///srv/imports/page.html", None),
        CopyView("https://example.org/a", None),
    ]
    story = StoryView(1, view.title, None, None, 1, [view], {view.id: copies})
    [group] = source_groups(site, story)
    assert [copy.url for copy in group.articles[0].copies] == ["https://example.org/a"]


def test_a_story_of_undated_archive_pages_is_given_no_date(
    shared_data: Path, tmp_path: Path
) -> None:
    """Its import day is no news date: the facts line and the time line say none, as
    the lists do; a dated story is dated by its time line, not by when it was seen."""
    records = [archive_record(n, r) for n, r in enumerate(ecb_records(shared_data, {1})[:8])]
    for record in records[:4]:
        del record["published"]
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0)
    tidings_json(settings.data_dir, "ingest", str(write_archive(tmp_path / "a.jsonl", records)))
    with TestClient(create_app(settings)) as client:
        undated, dated = (story_of(client, r["url"]) for r in (records[0], records[-1]))
        assert undated != dated
        shown = client.get(f"/story/{undated}").text
        assert "<time" not in shown.split('class="story-facts"')[1].split("</p>")[0]
        assert "Time line" not in shown
        page = client.get(f"/api/story/{undated}").json()
        assert page["first_seen_at"] is not None  # the import: said to no reader
        assert page["reported_from"] is page["reported_to"] is None and page["timeline"] == []
        page = client.get(f"/api/story/{dated}").json()
        assert page["reported_from"] == page["timeline"][0]["at"]
        assert page["reported_from"].startswith("2025-07-01")
        assert "1 July 2025" in client.get(f"/story/{dated}").text
