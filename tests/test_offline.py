from pathlib import Path

from tests.ingest.test_warc import write_warc
from tests.support import tidings_json


def test_a_warc_archive_is_ingested_through_the_pipeline(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, gzip=True)
    report = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    # The archive holds one page under two URLs: one article, the other URL folded into it.
    assert (report["new"], report["duplicates"], report["errors"]) == (1, 1, [])
    again = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    assert (again["new"], again["skipped"], again["duplicates"]) == (0, 1, 1)
