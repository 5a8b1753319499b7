"""Filing fingerprints on PostgreSQL: the band look-up's plan does not hang on statistics."""

from __future__ import annotations

import pytest
from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session

from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.prints import band_sharers
from tidings.store.schema import ArticleBandRow, ArticleRow


@pytest.mark.postgres
def test_the_band_look_up_reads_the_index_per_key_without_statistics(
    postgres_store: Store,
) -> None:
    """A young table has no statistics until autovacuum analyses it (never, with it off).
    Handed the whole list of keys, PostgreSQL then planned a read of every band row:
    10 ms an article at 30,000 rows, and growing."""
    engine = postgres_store.engine
    content = ExtractedArticle("https://news.example/1", "Rates", "Rates rose.")
    article_id, _ = postgres_store.articles.save(Article(content, Enrichment()), None)
    rows = [{"band_key": f"m1:{n % 32}:{n:08x}", "article_id": article_id} for n in range(5000)]
    with engine.begin() as connection:
        connection.execute(update(ArticleRow).values(fingerprint=b"printed"))
        connection.execute(insert(ArticleBandRow), rows)
    statements: list[tuple[str, dict]] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append((a[2], a[3])))
    with Session(engine) as session:
        keys = tuple(f"m1:{n}:{n:08x}" for n in range(32))
        assert [id_ for id_, _ in band_sharers(session, keys)] == [article_id]
    looked_up, params = statements[-1]
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN {looked_up}", params).scalars().all()
    assert not [line for line in plan if "Seq Scan on article_bands" in line], plan
