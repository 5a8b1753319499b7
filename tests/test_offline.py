from pathlib import Path

from tests.ingest.test_warc import write_warc
from tests.support import tidings_json


def test_a_warc_archive_is_ingested_through_the_pipeline(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, gzip=True)
    report = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    assert (report["new"], report["errors"]) == (2, [])
    again = tidings_json(tmp_path / "data", "ingest", str(archive), "--no-enrich")
    assert (again["new"], again["skipped"]) == (0, 2)
