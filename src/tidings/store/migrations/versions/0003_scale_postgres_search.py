"""PostgreSQL full-text search: a language-aware tsvector column with a GIN index.

SQLite has its FTS5 table (0001). On PostgreSQL each article is indexed with
the stemming and stop words of its own language (``tidings_regconfig`` maps
the ISO 639-1 code to a text search configuration, ``simple`` when unknown),
title weighted above text. The column is generated, so no code path can
forget to update it. Text past ``INDEXED_CHARS`` is not indexed: tsvector has
a 1 MB limit and a 5 MB page must still be storable.

Revision ID: scale_postgres_search
Revises: scale_source_leases
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "scale_postgres_search"
down_revision = "scale_source_leases"
branch_labels = None
depends_on = None

INDEXED_CHARS = 100_000
CONFIG_BY_LANGUAGE = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = {row[0] for row in bind.exec_driver_sql("SELECT cfgname FROM pg_ts_config")}
    cases = "\n".join(
        f"    WHEN '{code}' THEN '{config}'::pg_catalog.regconfig"
        for code, config in CONFIG_BY_LANGUAGE.items()
        if config in available
    )
    op.execute(
        f"""CREATE FUNCTION tidings_regconfig(language text) RETURNS pg_catalog.regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE lower(left(coalesce(language, ''), 2))
        {cases}
            ELSE 'simple'::pg_catalog.regconfig END
        $$"""
    )
    op.execute(
        f"""ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector(tidings_regconfig(language), coalesce(title, '')), 'A') ||
            setweight(to_tsvector(tidings_regconfig(language),
                                  left(coalesce(text, ''), {INDEXED_CHARS})), 'B')
        ) STORED"""
    )
    op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_search")
    op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
    op.execute("DROP FUNCTION IF EXISTS tidings_regconfig(text)")
