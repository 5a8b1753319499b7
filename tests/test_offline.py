import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from tests.ingest.test_warc import write_warc
from tests.support import tidings_json
from tidings import pipeline as pipeline_module
from tidings.cli import app
from tidings.config import Settings
from tidings.ingest import archives
from tidings.offline import ingest_paths
from tidings.pipeline import Pipeline


def test_a_warc_archive_is_ingested_through_the_pipeline(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, gzip=True)
    report = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    # The archive holds one page under two URLs: one article, the other URL folded into it.
    assert (report["new"], report["duplicates"], report["errors"]) == (1, 1, [])
    again = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    assert (again["new"], again["skipped"], again["duplicates"]) == (0, 1, 1)


def test_saved_pages_and_warc_records_are_filed_under_their_publisher(tmp_path: Path) -> None:
    """129 QA articles from saved pages said "Unknown source" though their pages
    declared og:site_name; without one, the host names the publisher."""
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, gzip=True)  # news.example pages that declare no site name
    page = tmp_path / "wsj.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://www.wsj.com/articles/play-and-pay">'
        '<meta property="og:site_name" content="WSJ"></head><body><article>'
        f"<p>{own_words(1)}</p><p>{own_words(2)}</p></article></body></html>"
    )
    report = tidings_json(tmp_path / "data", "ingest", str(archive), str(page), "--no-enrich")
    assert (report["new"], report["errors"]) == (2, [])
    with sqlite3.connect(tmp_path / "data" / "tidings.db") as db:
        rows = db.execute(
            "select a.url, s.title, s.kind from articles a join sources s on s.id = a.source_id"
        ).fetchall()
    assert sorted(rows) == [
        ("https://news.example/a", "news.example", "archive"),
        ("https://www.wsj.com/articles/play-and-pay", "WSJ", "archive"),
    ]


def rss_file(path: Path, *dates: str) -> Path:
    """A feed file of one item per date, each with its own words (no two fold together)."""
    items = "".join(
        f"<item><title>Item {n}</title><link>https://blog.example/{n}</link>"
        f"<pubDate>{date}</pubDate><description>{own_words(n)}</description></item>"
        for n, date in enumerate(dates)
    )
    path.write_text(f'<rss version="2.0"><channel><title>Blog</title>{items}</channel></rss>')
    return path


def own_words(n: int) -> str:
    words = ["harbour", "violin", "glacier", "lantern", "orchard", "meadow", "falcon", "copper"]
    return " ".join(f"{words[(n + i) % len(words)]}{n}{i}" for i in range(60))


def test_placeholder_dates_are_stored_as_unknown_and_the_run_goes_on(tmp_path: Path) -> None:
    feed = rss_file(
        tmp_path / "hugo.xml",
        "Mon, 01 Jan 0001 00:00:00 +0000",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",
    )
    json_feed = tmp_path / "zero.json"
    json_feed.write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "items": [
                    {
                        "url": "https://blog.example/json",
                        "content_text": own_words(9),
                        "date_published": "0001-01-01T00:00:00+01:00",
                    }
                ],
            }
        )
    )
    report = tidings_json(tmp_path / "data", "ingest", str(feed), str(json_feed), "--no-enrich")
    assert (report["new"], report["errors"]) == (4, [])
    with sqlite3.connect(tmp_path / "data" / "tidings.db") as db:
        rows = db.execute("select published_at, story_id from articles").fetchall()
    assert [published for published, _ in rows] == [None] * 4
    assert all(story for _, story in rows)


def test_an_article_left_without_its_story_is_finished_by_the_next_ingest(
    tmp_path: Path,
) -> None:
    feed = rss_file(tmp_path / "feed.xml", "Tue, 24 Jun 2025 10:00:00 GMT")
    tidings_json(tmp_path / "data", "ingest", str(feed), "--no-enrich")
    with sqlite3.connect(tmp_path / "data" / "tidings.db") as db:  # a run died in between
        db.execute("update articles set story_id = null")
    again = tidings_json(tmp_path / "data", "ingest", str(feed), "--no-enrich")
    assert (again["new"], again["errors"]) == (0, [])
    with sqlite3.connect(tmp_path / "data" / "tidings.db") as db:
        assert db.execute("select story_id from articles").fetchone()[0] is not None


def test_a_bug_on_one_record_or_file_is_its_failure_and_the_run_goes_on(
    tmp_path: Path, monkeypatch
) -> None:
    real_extract, real_read = pipeline_module.extract_article, archives.read_file

    def extract(document):
        if document.url.endswith("/boom"):
            raise RuntimeError("a bug in extraction")
        return real_extract(document)

    def read(path, max_bytes):
        if path.name == "cursed.jsonl":
            raise RuntimeError("a bug in reading")
        return real_read(path, max_bytes)

    monkeypatch.setattr(pipeline_module, "extract_article", extract)
    monkeypatch.setattr(archives, "read_file", read)
    records = [
        {"url": f"https://x.example/{name}", "text": own_words(n)}
        for n, name in enumerate(["boom", "fine"])
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(map(json.dumps, records)))
    (tmp_path / "cursed.jsonl").write_text(json.dumps(records[1]))
    pipeline = Pipeline.open(Settings(data_dir=tmp_path / "data"), enrich=False)
    report = ingest_paths(pipeline, [tmp_path / "a.jsonl", tmp_path / "cursed.jsonl"])
    assert report.new == 1
    assert [(Path(f.where).name, f.why.split(":")[0]) for f in report.errors] == [
        ("boom", "unexpected error (RuntimeError"),
        ("cursed.jsonl", "unexpected error (RuntimeError"),
    ]


def test_what_a_readable_feed_file_lacked_is_noted_in_the_report(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Linked</title><link>https://news.example/a</link>"
        "<description>A dam broke on Friday.</description></item>"
        "<item><title>No link</title><description>Lost.</description></item>"
        "</channel></rss>"
    )
    report = tidings_json(tmp_path / "data", "ingest", str(feed), "--no-enrich")
    assert (report["new"], report["errors"]) == (1, [])
    assert report["warnings"] == [
        {"where": str(feed), "why": "1 entries without a usable link were skipped"}
    ]


def test_an_interrupted_ingest_says_what_stays_and_how_to_finish(
    tmp_path: Path, monkeypatch
) -> None:
    """Ctrl+C ended an ingest with exit 130 and not a word."""
    feed = rss_file(
        tmp_path / "feed.xml", "Mon, 02 Feb 2026 10:00:00 GMT", "Tue, 03 Feb 2026 10:00:00 GMT"
    )
    save = Pipeline.save
    calls = 0

    def save_then_interrupt(self, prepared, source_id=None):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return save(self, prepared, source_id)

    monkeypatch.setattr(Pipeline, "save", save_then_interrupt)
    args = ["ingest", str(feed), "--no-enrich", "--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 130
    assert "Interrupted after 1 article. What was stored stays" in result.stderr
    monkeypatch.setattr(Pipeline, "save", save)
    again = tidings_json(tmp_path / "data", "ingest", str(feed), "--no-enrich")
    assert (again["new"], again["skipped"]) == (1, 1)


def test_ingest_holds_each_record_to_the_max_body_bytes_setting(tmp_path: Path) -> None:
    """An archive record larger than a fetched body may be is not read, whatever the format."""
    records = [{"url": f"https://x.example/{n}", "text": own_words(n) * n} for n in (9, 1)]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(map(json.dumps, records)))
    args = ["ingest", str(path), "--no-enrich", "--json", "--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(
        app, args, env={"TIDINGS_MAX_BODY_BYTES": "5000", "TIDINGS_EXTRACT_PROCESSES": "1"}
    )
    report = json.loads(result.stdout)
    assert report["new"] == 1
    assert report["errors"] == [
        {"where": f"{path}:1", "why": "record larger than 5,000 bytes (max_body_bytes), skipped"}
    ]


def test_an_archived_feed_is_filed_under_its_publisher_and_site(tmp_path: Path) -> None:
    """Ingesting again renames a source stored under the feed's whole title."""
    feed = rss_file(tmp_path / "dawn.xml", "Mon, 06 Sep 2021 16:45:00 +0000")
    channel = "<title>Dawn - World</title><link>https://www.dawn.com/</link>"
    feed.write_text(feed.read_text().replace("<title>Blog</title>", channel))
    database = tmp_path / "data" / "tidings.db"
    query = "select title, site_url from sources"
    assert tidings_json(tmp_path / "data", "ingest", str(feed), "--no-enrich")["new"] == 1
    with sqlite3.connect(database) as db:
        assert db.execute(query).fetchall() == [("Dawn", "https://www.dawn.com/")]
        db.execute("update sources set title = 'Dawn - World', site_url = null")  # as stored before
    tidings_json(tmp_path / "data", "ingest", str(feed), "--no-enrich")
    with sqlite3.connect(database) as db:
        assert db.execute(query).fetchall() == [("Dawn", "https://www.dawn.com/")]
