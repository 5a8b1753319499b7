"""``tidings export``: enriched JSON Lines that ``tidings ingest`` reads back."""

from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.backends import empty_postgres, postgres_url
from tests.support import tidings, tidings_json
from tests.test_offline import own_words
from tidings.cli import app
from tidings.config import Settings
from tidings.store import Store
from tidings.store.export import exported_articles

__all__ = ["postgres_url"]

RECORDS = [
    {
        "url": "https://news.example/azerbaijan-armenia",
        "title": "Azerbaijan and Armenia trade accusations over the border",
        "text": "Azerbaijan accused Armenia of shelling its positions near the border on "
        "Tuesday, and Armenia's defence ministry denied it. Talks in Brussels stalled.",
        "published": "2026-11-20T08:00:00+00:00",
        "source": "Caucasus Daily",
    },
    {
        "title": "Harvest festival opens in the valley",
        "text": "The harvest festival opened on Saturday with music and a market of "
        "apples, pears and honey from the valley's farms.",
        "published": "2026-11-25T10:00:00+00:00",
        "source": "Valley Post",
    },
]


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def test_an_export_carries_the_enrichment_and_moves_an_instance(tmp_path: Path) -> None:
    tidings_json(tmp_path / "first", "ingest", str(_jsonl(tmp_path / "in.jsonl", RECORDS)))
    out = tmp_path / "out.jsonl.gz"
    tidings(tmp_path / "first", "export", "--output", str(out))
    border, festival = _lines(out)  # oldest first
    assert festival["url"].startswith("urn:tidings:")  # a record without a URL
    assert border["source"] == "Caucasus Daily"
    assert border["published"] == "2026-11-20T08:00:00+00:00"
    place = next(t for t in border["hashtags"] if t["tag"] == "Azerbaijan")
    assert place["kind"] == "place" and "Azerbaijan" in place["evidence"]
    assert border["section"] and border["story_id"]

    moved = tidings_json(tmp_path / "second", "ingest", str(out))
    assert (moved["new"], moved["errors"]) == (2, [])
    again = tmp_path / "again.jsonl.gz"
    tidings(tmp_path / "second", "export", "--output", str(again))
    kept = ("url", "title", "text", "published", "source", "section")
    assert [{k: r.get(k) for k in kept} for r in _lines(again)] == [
        {k: r.get(k) for k in kept} for r in (border, festival)
    ]


def test_a_moved_instance_does_not_take_the_decided_section_for_the_publishers(
    tmp_path: Path,
) -> None:
    """Tidings' own section of an article comes back decided again, not as the
    publisher's word, and a publisher's section comes back as the publisher's."""
    records = [RECORDS[0], {**RECORDS[1], "section": "Regional life"}]
    tidings_json(tmp_path / "first", "ingest", str(_jsonl(tmp_path / "in.jsonl", records)))
    out = tmp_path / "out.jsonl.gz"
    tidings(tmp_path / "first", "export", "--output", str(out))
    tidings_json(tmp_path / "second", "ingest", str(out))
    moved = {line["title"]: line for line in _lines_of(tmp_path / "second", tmp_path)}
    border, festival = (moved[r["title"]] for r in RECORDS)
    assert "publisher_section" not in border
    assert not border["section_evidence"].startswith("publisher section")
    assert festival["publisher_section"] == "Regional life"


def test_filters_narrow_the_export_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    tidings_json(tmp_path / "data", "ingest", str(_jsonl(tmp_path / "in.jsonl", RECORDS)))
    before = tidings(tmp_path / "data", "export", "--until", "2026-11-24")
    assert [json.loads(line)["source"] for line in before.splitlines()] == ["Caucasus Daily"]
    tagged = tidings(tmp_path / "data", "export", "--tag", "#azerbaijan")
    assert len(tagged.splitlines()) == 1
    result = CliRunner().invoke(
        app, ["export", "--tag", "nowhere", "--data-dir", str(tmp_path / "data")]
    )
    assert result.exit_code == 2 and "no hashtag 'nowhere'" in result.output
    typo = CliRunner().invoke(
        app, ["export", "--section", "sports", "--data-dir", str(tmp_path / "data")]
    )
    assert typo.exit_code == 2 and "no section 'sports': one of" in typo.output


def test_export_refuses_a_data_dir_without_an_instance(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--data-dir", str(tmp_path / "typo")])
    assert result.exit_code == 2 and "No Tidings instance" in result.output
    assert not (tmp_path / "typo").exists()


def test_a_moved_instance_lists_undated_articles_where_the_first_one_did(
    tmp_path: Path,
) -> None:
    """Ingested elsewhere, an export's undated articles keep their place: a crawled one
    at its first sight (not the day of the move), an archived one with no date last."""
    first = tmp_path / "first"
    records = [{k: v for k, v in r.items() if k != "published"} for r in RECORDS]
    tidings_json(first, "ingest", str(_jsonl(tmp_path / "in.jsonl", records)))
    crawled = datetime(2026, 11, 1, 9, tzinfo=UTC)
    with sqlite3.connect(first / "tidings.db") as db:  # as a crawl would have listed it
        db.execute(
            "update articles set listed_at = ? where url = ?",
            (crawled.strftime("%Y-%m-%d %H:%M:%S.%f"), RECORDS[0]["url"]),
        )
    out = tmp_path / "out.jsonl.gz"
    tidings(first, "export", "--output", str(out))
    lines = {line["title"]: line for line in _lines(out)}
    assert lines[RECORDS[0]["title"]]["listed"] == crawled.isoformat()
    assert "listed" not in lines[RECORDS[1]["title"]]  # archived, no date at all

    tidings_json(tmp_path / "second", "ingest", str(out))
    moved = {line["title"]: line for line in _lines_of(tmp_path / "second", tmp_path)}
    assert moved[RECORDS[0]["title"]]["listed"] == crawled.isoformat()
    assert "listed" not in moved[RECORDS[1]["title"]]


def _lines_of(data_dir: Path, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"{data_dir.name}.jsonl.gz"
    tidings(data_dir, "export", "--output", str(out))
    return _lines(out)


def test_a_move_keeps_the_order_of_articles_listed_at_one_moment(tmp_path: Path) -> None:
    """Undated archive records tie in the lists and are ordered by arrival: a
    newest-first file had reversed them in the instance that read it."""
    records = [
        {"title": f"Note {n}", "text": f"Harbour{n} notes, kept for the record."} for n in range(4)
    ]
    tidings_json(
        tmp_path / "first", "ingest", "--no-enrich", str(_jsonl(tmp_path / "in.jsonl", records))
    )
    out, again = tmp_path / "out.jsonl.gz", tmp_path / "again.jsonl.gz"
    tidings(tmp_path / "first", "export", "--output", str(out))
    tidings_json(tmp_path / "second", "ingest", "--no-enrich", str(out))
    tidings(tmp_path / "second", "export", "--output", str(again))
    titles = [r["title"] for r in _lines(out)]
    assert titles == [f"Note {n}" for n in range(4)]
    assert [r["title"] for r in _lines(again)] == titles


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def moved_to(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """The database an instance moves to: the new data folder's SQLite file (None), or
    an empty PostgreSQL database."""
    if request.param == "sqlite":
        return None
    url = request.getfixturevalue("postgres_url")
    Store.open(Settings(data_dir=tmp_path, database_url=url)).close()  # its tables, to empty
    empty_postgres(url)
    return url


def _republished(folder: Path) -> list[str]:
    """A publisher's feed of two articles, and the first one's text republished by a wire
    (with a tracking parameter) and kept in an archive without an address."""
    items = "".join(
        f"<item><title>{title}</title><link>https://daily.example/{n}</link>"
        f"<pubDate>Mon, 0{n} Jun 2026 08:00:00 GMT</pubDate>"
        f"<description>{own_words(n)}</description></item>"
        for n, title in ((1, "Flood"), (2, "Festival"))
    )
    feed = folder / "daily.xml"
    feed.write_text(f'<rss version="2.0"><channel><title>Daily</title>{items}</channel></rss>')
    copy = {"title": "Flood", "text": own_words(1), "published": "2026-06-01T09:00:00+00:00"}
    records = [
        copy | {"url": "https://wire.example/flood?utm_source=rss", "source": "Wire"},
        copy | {"source": "Archive"},
    ]
    return [str(feed), str(_jsonl(folder / "wire.jsonl", records))]


def _seen(data_dir: Path, database_url: str | None = None) -> list[tuple]:
    """What readers and researchers see of each article: its content, summary, source and
    other addresses with their sources, in the order they are listed."""
    store = Store.open(Settings(data_dir=data_dir, database_url=database_url))
    try:
        return [
            (
                a.url,
                a.title,
                a.text,
                a.summary,
                a.published_at,
                a.listed_at,
                a.source and (a.source.name, a.source.url),
                [(c.url, c.source and (c.source.name, c.source.url)) for c in exported.copies],
            )
            for exported in exported_articles(store.engine)
            for a in [exported.article]
        ]
    finally:
        store.close()


def test_a_move_keeps_each_articles_copies_and_summary(
    tmp_path: Path, moved_to: str | None
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    report = tidings_json(first, "ingest", "--no-enrich", *_republished(tmp_path))
    assert (report["new"], report["duplicates"]) == (2, 2)
    before = _seen(first)
    flood = before[0]
    assert flood[3].endswith("…")  # the feed's summary, cut at 300 characters
    assert flood[-1] == [
        ("https://wire.example/flood", ("Wire", "urn:tidings:source:wire")),
        (flood[-1][1][0], ("Archive", "urn:tidings:source:archive")),
    ]
    assert flood[-1][1][0].startswith("urn:tidings:")
    out = tmp_path / "out.jsonl.gz"
    tidings(first, "export", "--output", str(out))

    moved = tidings_json(second, "ingest", "--no-enrich", str(out), database_url=moved_to)
    assert (moved["new"], moved["duplicates"], moved["errors"], moved["warnings"]) == (2, 0, [], [])
    assert _seen(second, moved_to) == before
    again = tidings_json(second, "ingest", "--no-enrich", str(out), database_url=moved_to)
    assert (again["new"], again["skipped"], again["errors"]) == (0, 2, [])
    assert _seen(second, moved_to) == before
    store = Store.open(Settings(data_dir=second, database_url=moved_to))
    known = store.articles.known(["https://wire.example/flood"])  # as a crawl asks
    assert known["https://wire.example/flood"].id == store.articles.known([flood[0]])[flood[0]].id
    store.close()


def test_unusable_copies_in_a_line_are_said_and_its_article_is_kept(tmp_path: Path) -> None:
    record = {
        "url": "https://news.example/a",
        "title": "A",
        "text": own_words(3),
        "copies": [
            {"url": "javascript:alert(document.cookie)", "source": "Evil"},
            {"source": "Nobody"},
            {"url": 7},
            {"url": "https://wire.example/a", "source": "Wire"},
        ],
    }
    lines = [record, {**record, "url": "https://news.example/b", "copies": "https://x.example/"}]
    report = tidings_json(
        tmp_path / "data", "ingest", "--no-enrich", str(_jsonl(tmp_path / "in.jsonl", lines))
    )
    assert (report["new"], report["errors"]) == (1, [])  # the second repeats the first's text
    assert [w["why"] for w in report["warnings"]] == [
        "'copies': 3 of 4 without a web address or a Tidings identity skipped",
        "'copies' is not a list but str: ignored",
    ]
    [article] = _seen(tmp_path / "data")
    assert article[-1] == [
        ("https://wire.example/a", ("Wire", "urn:tidings:source:wire")),
        ("https://news.example/b", ("news.example", "urn:tidings:source:news-example")),
    ]
