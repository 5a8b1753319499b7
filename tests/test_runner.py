"""`tidings run`'s refresh loop: in its own process, storing, and leaving nothing behind."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import psutil

from tidings.config import Settings
from tidings.eval.newsserver import NewsServer, load_pages
from tidings.runner import RefreshProcess
from tidings.store import Store

PAGES = 4


def test_the_refresh_process_stores_articles_and_stops_with_its_workers(
    shared_data: Path, tmp_path: Path
) -> None:
    pages = load_pages(shared_data / "article_extraction_aeb", limit=PAGES)
    settings = Settings(
        data_dir=tmp_path, allow_private_networks=True, per_host_delay=0, extract_processes=2
    )
    store = Store.open(settings)
    with NewsServer(pages) as server:
        store.sources.add(server.url("/rss.xml"))
        refresh = RefreshProcess(replace(settings, refresh_interval=3600))
        refresh.start()
        try:
            deadline = time.monotonic() + 240
            while store.reader.article_count() < PAGES // 2 and time.monotonic() < deadline:
                time.sleep(0.5)
            family = psutil.Process(refresh.pid).children(recursive=True)
        finally:
            refresh.stop()
    assert store.reader.article_count() == PAGES // 2, "the /rss.xml half of the pages, stored"
    assert family, "extraction ran in worker processes of the refresh process"
    _gone, alive = psutil.wait_procs(family, timeout=10)  # each sees its parent's end
    assert not alive, f"orphaned: {[child.cmdline()[-1][:80] for child in alive]}"
