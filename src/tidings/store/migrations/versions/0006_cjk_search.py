"""Chinese, Japanese and Korean words are found inside runs of characters.

The full-text indexes read ``search_title``/``search_text`` where a title or text
has CJK runs: the same text with each run cut into overlapping pairs
(``store/cjk.py``, which the query side uses too), NULL otherwise, so Latin rows
are indexed exactly as before. SQLite's FTS5 table reads them through the view
``articles_search`` (its snippets then come from the same text the index saw);
PostgreSQL's generated ``search_vector`` reads them directly.

Existing rows get their pairs here and both indexes are rebuilt: FTS5 cannot
change an external-content table's source in place, and a generated column's
expression is replaced by dropping it. On a big archive this takes a while once.

Revision ID: cjk_search
Revises: stories_merges
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tidings.store.cjk import index_text

revision = "cjk_search"
down_revision = "stories_merges"
branch_labels = None
depends_on = None

BATCH = 500
INDEXED_CHARS = 100_000  # as in migration scale_postgres_search

FTS_TRIGGER_NAMES = ("articles_fts_insert", "articles_fts_delete", "articles_fts_update")


def _fts_sqlite(content: str, columns: str, watched: str) -> list[str]:
    """The FTS5 table over ``content``, fed ``columns`` (of ``{row}``) by triggers."""
    new, old = columns.format(row="new"), columns.format(row="old")
    return [
        f"""CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='{content}', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF {watched} ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, {old});
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, {new});
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    ]


FTS_PAIRS = [
    """CREATE VIEW articles_search AS SELECT id,
        coalesce(search_title, title) AS title, coalesce(search_text, text) AS text
        FROM articles""",
    *_fts_sqlite(
        "articles_search",
        "coalesce({row}.search_title, {row}.title), coalesce({row}.search_text, {row}.text)",
        "title, text, search_title, search_text",
    ),
]
FTS_PLAIN = _fts_sqlite("articles", "{row}.title, {row}.text", "title, text")  # as in 0001


def _search_vector(title: str, text: str) -> list[str]:
    return [
        f"""ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector(tidings_regconfig(language), {title}), 'A') ||
            setweight(to_tsvector(tidings_regconfig(language), left({text}, {INDEXED_CHARS})), 'B')
        ) STORED""",
        "CREATE INDEX ix_articles_search ON articles USING gin (search_vector)",
    ]


VECTOR_PAIRS = _search_vector(
    "coalesce(search_title, title, '')", "coalesce(search_text, text, '')"
)
VECTOR_PLAIN = _search_vector("coalesce(title, '')", "coalesce(text, '')")  # as before


def upgrade() -> None:
    op.add_column("articles", sa.Column("search_title", sa.Text))
    op.add_column("articles", sa.Column("search_text", sa.Text))
    _drop_index()  # first, so that writing the pairs does not update it row by row
    _write_pairs()
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in VECTOR_PAIRS if postgres else FTS_PAIRS:
        op.execute(statement)


def downgrade() -> None:
    _drop_index()
    postgres = op.get_bind().dialect.name == "postgresql"
    if not postgres:
        op.execute("DROP VIEW IF EXISTS articles_search")
    op.drop_column("articles", "search_text")
    op.drop_column("articles", "search_title")
    for statement in VECTOR_PLAIN if postgres else FTS_PLAIN:
        op.execute(statement)


def _drop_index() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
        return
    for name in FTS_TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS articles_fts")


def _write_pairs() -> None:
    """Give every stored article with CJK runs its index text, a batch at a time."""
    bind = op.get_bind()
    read = sa.text("SELECT id, title, text FROM articles WHERE id > :last ORDER BY id LIMIT :n")
    write = sa.text("UPDATE articles SET search_title = :title, search_text = :text WHERE id = :id")
    last = 0
    while rows := bind.execute(read, {"last": last, "n": BATCH}).all():
        last = rows[-1][0]
        changes = [
            {"id": id_, "title": index_text(title or ""), "text": index_text(text or "")}
            for id_, title, text in rows
        ]
        changes = [change for change in changes if change["title"] or change["text"]]
        if changes:
            bind.execute(write, changes)
