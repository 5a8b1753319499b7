"""Fuzz the entry points that read hostile bytes: feeds, OPML, archive files, article pages.

Each target gets inputs from hypothesis: token soup built from the formats'
own markup, mutations (cut, splice, repeat, flip) of real feeds and pages from
the shared data, and a fixed list of known bombs (entity expansion, external
entities, deep nesting, 5 MB of text). A target may raise only its documented
error (FeedError, ExtractionError); anything else, a call slower than
``--timeout`` seconds, or an external entity that leaks a local file is a
finding. Peak RSS is reported to show memory stays bounded.

    python bench/fuzz.py [--minutes 10] [--data /work/shared/data] [--json]
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from tidings.config import Settings
from tidings.errors import ExtractionError, FeedError
from tidings.extract import extract_article
from tidings.ingest.archives import read_file
from tidings.ingest.feeds import parse_feed
from tidings.ingest.opml import parse_opml
from tidings.models import Document

SECRET = "root:x:0:0"  # what /etc/passwd would leak through an external entity
TOKENS = [
    b'<?xml version="1.0" encoding="utf-8"?>', b'<?xml version="1.0" encoding="utf-16"?>',
    b'<rss version="2.0">', b"<channel>", b"</channel>", b"<item>", b"</item>", b"<title>",
    b"</title>", b"<link>https://fuzz.example/a</link>", b"<description>", b"</description>",
    b'<feed xmlns="http://www.w3.org/2005/Atom">', b"<entry>", b"</entry>",
    b'<link href="https://fuzz.example/b"/>', b"<content type=\"html\">", b"</content>",
    b"<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>", b"<updated>9999-99-99T99:99</updated>",
    b"<![CDATA[", b"]]>", b"&amp;", b"&lt;script&gt;", b"&#0;", b"&#x110000;", b"&bogus;",
    b'<opml version="2.0"><body>', b'<outline text="x" xmlUrl="', b'"/>', b"</body></opml>",
    b"<!doctype html><html><head>", b"<meta charset=\"shift_jis\">", b"<body><article>",
    b"<p>", b"</p>", b"<script>alert(1)</script>", b"<svg onload=alert(1)>", b"<div>" * 50,
    b'<a href="javascript:alert(1)">x</a>', b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r\n",
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [', b'{"url": "https://f.example"',
    b'"title": "t", "text": "' + b"word " * 40 + b'"}', b"\n",
]  # fmt: skip
BOMBS = {
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
    )
    + b']><rss version="2.0"><channel><title>&i;</title><item><link>https://x.example/</link>'
    b"<description>&i;</description></item></channel></rss>",
    "external entity": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><title>&x;</title><item><link>https://x.example/</link>'
    b"<description>&x;</description></item></channel></rss>",
    "deep nesting": b"<rss><channel>" + b"<item>" * 100_000 + b"</rss>",
    "huge text": b"<!doctype html><html><body><article><p>" + b"news " * 1_000_000 + b"</p>",
    "huge attribute": b'<rss version="2.0"><channel><item><link href="' + b"a" * 2_000_000 + b'"/>',
    "many entries": b'<rss version="2.0"><channel>'
    + b"<item><link>https://x.example/1</link><title>t</title></item>" * 50_000
    + b"</channel></rss>",
}


class Hang(Exception):
    """A call used more than its budget of CPU time."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """CPU time, not wall time: a busy machine must not turn slowness into a finding."""

    def expire(_signum: int, _frame: object) -> None:
        raise Hang(f"still running after {seconds:g} s of CPU")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def feed_target(data: bytes) -> str:
    try:
        parsed = parse_feed(data, "https://fuzz.example/feed.xml")
    except FeedError:
        return ""
    return " ".join(f"{parsed.title} {e.title} {e.summary_html}" for e in parsed.entries[:50])


def opml_target(data: bytes) -> str:
    try:
        return " ".join(f"{s.title} {s.url}" for s in parse_opml(data))
    except FeedError:
        return ""


def page_target(data: bytes) -> str:
    document = Document(url="https://fuzz.example/a", html=data.decode("utf-8", "replace"))
    try:
        article = extract_article(document)
    except ExtractionError:
        return ""
    return f"{article.title} {article.text}"


def archive_target(data: bytes, suffix: str) -> str:
    """Archive files are read from disk; gzip the bytes for half of the suffixes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"input{suffix}")
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
        return " ".join(str(item) for item in list(read_file(path, Settings.max_body_bytes))[:50])


ARCHIVE_SUFFIXES = [".xml", ".html", ".jsonl", ".jsonl.gz", ".rss", ".txt", ".xml.gz"]
TARGETS: dict[str, Callable[[bytes, str], str]] = {
    "feed": lambda data, _suffix: feed_target(data),
    "opml": lambda data, _suffix: opml_target(data),
    "page": lambda data, _suffix: page_target(data),
    "archive": archive_target,
}


def seed_corpus(data: Path | None, limit: int = 300, rng_seed: int = 0) -> list[bytes]:
    """Real feeds, OPML-like and page bytes from the shared data (a sample)."""
    if data is None or not data.is_dir():
        return []
    files = [p for p in data.glob("feeds_*/**/*") if p.is_file() and p.stat().st_size < 300_000]
    files += list(data.glob("article_extraction_aeb/html/*"))[:40]
    random.Random(rng_seed).shuffle(files)
    corpus = []
    for path in files[:limit]:
        content = path.read_bytes()
        corpus.append(gzip.decompress(content) if path.suffix == ".gz" else content)
    return corpus


def mutate(original: bytes, edits: list[tuple[int, float, float, bytes]]) -> bytes:
    """Apply cut / insert / repeat / flip edits at relative positions."""
    data = bytearray(original)
    for kind, where, span, token in edits:
        at = int(where * len(data))
        length = int(span * min(len(data) - at, 4096))
        if kind == 0:
            del data[at : at + length]
        elif kind == 1:
            data[at:at] = token
        elif kind == 2:
            data[at:at] = data[at : at + length] * 8
        elif data:
            data[min(at, len(data) - 1)] ^= 0xFF
    return bytes(data)


def inputs(corpus: list[bytes]) -> st.SearchStrategy[bytes]:
    soup = st.lists(
        st.one_of(
            st.sampled_from(TOKENS), st.binary(max_size=40), st.text(max_size=40).map(str.encode)
        ),
        max_size=120,
    ).map(b"".join)
    if not corpus:
        return soup
    edit = st.tuples(st.integers(0, 3), st.floats(0, 1), st.floats(0, 1), st.sampled_from(TOKENS))
    mutated = st.builds(mutate, st.sampled_from(corpus), st.lists(edit, max_size=8))
    return st.one_of(soup, mutated)


@dataclass
class FuzzReport:
    examples: dict[str, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    bombs: dict[str, float] = field(default_factory=dict)  # seconds each took
    seconds: float = 0.0

    def metrics(self) -> dict[str, float]:
        return {
            "examples": sum(self.examples.values()),
            **{f"examples_{name}": n for name, n in self.examples.items()},
            "findings": len(self.findings),
            "bombs": len(self.bombs),
            "slowest_bomb_s": round(max(self.bombs.values(), default=0.0), 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "seconds": round(self.seconds, 1),
        }


def check(target: str, data: bytes, suffix: str, timeout: float) -> None:
    """One call; raises on anything but a clean result or a documented error."""
    with time_limit(timeout):
        output = TARGETS[target](data, suffix)
    if SECRET in output and SECRET.encode() not in data:
        raise AssertionError("an external entity leaked a local file")


def run_bombs(report: FuzzReport, timeout: float, names: list[str]) -> None:
    for name in names:
        data = BOMBS[name]
        for target in TARGETS:
            started = time.monotonic()
            try:
                check(target, data, ".xml", timeout)
            except Exception as exc:
                report.findings.append(f"{target} / bomb {name}: {type(exc).__name__}: {exc}"[:300])
            report.bombs[f"{target}:{name}"] = time.monotonic() - started


def fuzz_round(
    target: str,
    strategy: st.SearchStrategy[bytes],
    report: FuzzReport,
    *,
    examples: int,
    round_seed: int,
    timeout: float,
) -> None:
    """One hypothesis run of ``examples`` inputs; its (shrunk) failure becomes a finding."""

    @seed(round_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=strategy, suffix=st.sampled_from(ARCHIVE_SUFFIXES))
    def one(data: bytes, suffix: str) -> None:
        report.examples[target] = report.examples.get(target, 0) + 1
        check(target, data, suffix, timeout)

    try:
        one()
    except Exception as exc:
        report.findings.append(f"{target}: {type(exc).__name__}: {exc}"[:500])


def run(
    seconds: float,
    data: Path | None = None,
    rng_seed: int = 0,
    timeout: float = 20.0,
    examples: int = 50,
    bombs: list[str] | None = None,
) -> FuzzReport:
    """The ``bombs`` (default all) once, then rounds over every target until ``seconds``."""
    started = time.monotonic()
    report = FuzzReport()
    strategy = inputs(seed_corpus(data, rng_seed=rng_seed))
    run_bombs(report, timeout, list(BOMBS) if bombs is None else bombs)
    round_seed = rng_seed
    while True:  # at least one round, however short the budget
        for target in TARGETS:
            fuzz_round(
                target, strategy, report, examples=examples, round_seed=round_seed, timeout=timeout
            )
            round_seed += 1
        if time.monotonic() - started >= seconds:
            break
    report.seconds = time.monotonic() - started
    return report


def main(
    minutes: Annotated[float, typer.Option(help="How long to fuzz.")] = 10.0,
    data: Annotated[Path, typer.Option(help="Shared data folder (seed inputs).")] = Path(
        "/work/shared/data"
    ),
    rng_seed: Annotated[int, typer.Option("--seed", help="First hypothesis seed.")] = 0,
    timeout: Annotated[float, typer.Option(help="Seconds one call may take.")] = 20.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    report = run(minutes * 60, data, rng_seed, timeout)
    for finding in report.findings:
        Console(stderr=True).print(f"[red]finding:[/] {finding}")
    if as_json:
        print(json.dumps({"tidings": report.metrics()}))
    else:
        table = Table("metric", "value")
        for name, value in report.metrics().items():
            table.add_row(name, str(value))
        console = Console()
        console.print(table)
        for name, took in sorted(report.bombs.items(), key=lambda item: -item[1])[:5]:
            console.print(f"bomb {name}: {took:.1f} s")
    if report.findings:
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
