"""``tidings export``: the stored articles as JSON Lines, enriched, and ingestible again.

One line per article, oldest first (``store/export.py`` says why). The fields
``tidings ingest`` reads (``url``, ``title``, ``text``, ``summary``, ``published``,
``source``, ``source_url``, ``author``, ``image``, ``language``) carry their ingest
meaning, so an export moves an instance: ingest the file into a PostgreSQL instance
and it holds the same articles, enriched again there. ``section`` is the one Tidings
decided, with its ``section_evidence``; ``ingest`` reads such a line's
``publisher_section`` as the publisher's, not the decision. The ``copies`` folded
into an article (other addresses of the same text, each with its publisher, named and
addressed as the article's own) come back as its copies, so the moved instance shows
them and knows them when a feed lists one. The rest is what Tidings made of each
article, for research: ``hashtags`` with their kind, score and evidence, the
``story_id``, and when it was first seen. ``listed`` (where the lists placed it,
absent for an archived article with no date at all) is read back by ``ingest`` as the
archive's date of an undated record, so a moved instance lists its undated articles
where the first one did, not at the day of the move.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from tidings.store.export import ExportedArticle
from tidings.store.views import SourceView


def record(item: ExportedArticle, *, html: bool = False) -> dict[str, Any]:
    """The JSON object of one article; empty fields are left out, not written as null."""
    article, source = item.article, item.article.source
    fields: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "text": article.text,
        "html": article.html if html else None,
        "summary": article.summary,
        "author": article.author,
        "image": article.image_url,
        "language": article.language,
        "published": _iso(article.published_at),
        "first_seen": _iso(article.first_seen_at),
        "listed": _iso(article.listed_at),
        **_publisher(source),
        "section": article.section,
        "section_evidence": article.section_evidence,
        "publisher_section": article.publisher_section,
        "hashtags": [
            {
                "tag": link.tag.slug,
                "kind": link.tag.kind,
                "score": round(link.score, 4),
                "evidence": link.evidence,
            }
            for link in article.tags
        ],
        "story_id": article.story.id if article.story else None,
        "copies": [_filled({"url": copy.url, **_publisher(copy.source)}) for copy in item.copies],
    }
    return _filled(fields)


def _publisher(source: SourceView | None) -> dict[str, str | None]:
    """A source as ``ingest`` finds it again: by its address, else by its name."""
    return {"source": source.name if source else None, "source_url": source.url if source else None}


def _filled(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value not in (None, [])}


def write_jsonl(
    items: Iterable[ExportedArticle],
    out: IO[str],
    *,
    html: bool = False,
    on_line: Callable[[], object] = lambda: None,
) -> int:
    """Write one line per article; how many were written."""
    count = 0
    for item in items:
        out.write(json.dumps(record(item, html=html), ensure_ascii=False) + "\n")
        count += 1
        on_line()
    return count


@contextmanager
def opened(path: Path) -> Iterator[IO[str]]:
    """A text file to write, gzip-compressed when its name ends in ``.gz`` (as
    ``tidings ingest`` reads it back)."""
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as out:
            yield out
    else:
        with path.open("w", encoding="utf-8") as out:
            yield out


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
