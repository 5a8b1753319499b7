"""Shared feed files ingest with a result or a recorded error, never an exception.

The two small feed corpora run here in full; ``bench/corpus.py`` runs every
``feeds_*`` and ``article_extraction_*`` folder (minutes) and prints the counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.benches import load_bench

corpus = load_bench("corpus")


@pytest.mark.parametrize("folder", ["feeds_feedparser_tests", "feeds_feedrs_fixtures"])
def test_every_file_gives_articles_or_recorded_errors(
    shared_data: Path, tmp_path: Path, folder: str
) -> None:
    from tidings.config import Settings
    from tidings.pipeline import Pipeline
    from tidings.store import Store

    store = Store.open(Settings(data_dir=tmp_path))
    result = corpus.ingest_folder(shared_data / folder, Pipeline(store, None))
    print(folder, result.as_dict())
    assert result.crashed is None, result.crashed
    assert result.new > 0
    assert result.new + result.updated + result.skipped + result.errors >= result.files * 0.9
