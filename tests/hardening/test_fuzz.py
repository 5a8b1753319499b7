"""A short seeded run of bench/fuzz.py: no crash, no hang, no leaked file, on every target."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.hardening.benches import load_bench

fuzz = load_bench("fuzz")


def _short_run(data: Path) -> tuple[list[str], dict[str, int], dict[str, float]]:
    report = fuzz.run(
        seconds=1,
        data=data,
        rng_seed=11,
        examples=15,
        bombs=["billion laughs", "external entity"],
    )
    return report.findings, report.examples, report.metrics()


def test_hostile_inputs_give_results_or_documented_errors(shared_data: Path) -> None:
    # A forkserver child: its peak memory is the run's. The process's peak survives fork
    # + exec, so a spawned child would report the test session's (2073 MB in CI, with
    # the section encoder's tests before it); a child forked by a forkserver starts anew.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        findings, examples, metrics = pool.submit(_short_run, shared_data).result()
    assert findings == []
    assert set(examples) == set(fuzz.TARGETS)
    assert min(examples.values()) >= 15
    assert metrics["peak_rss_mb"] < 2048


def test_a_crash_in_a_target_is_reported_as_a_finding(monkeypatch) -> None:
    def broken(data: bytes, suffix: str) -> str:
        raise KeyError("boom")

    monkeypatch.setitem(fuzz.TARGETS, "broken", broken)
    report = fuzz.FuzzReport()
    fuzz.fuzz_round("broken", fuzz.inputs([]), report, examples=5, round_seed=1, timeout=5)
    assert report.findings and "KeyError" in report.findings[0]


def test_an_opml_file_declaring_utf16_is_a_feed_error_not_a_crash() -> None:
    """Found by bench/fuzz.py: expat refuses multi-byte declarations with a ValueError."""
    from tidings.errors import FeedError
    from tidings.ingest.opml import parse_opml

    with pytest.raises(FeedError):
        parse_opml(b'<?xml version="1.0" encoding="utf-16"?><opml><body/></opml>')
