"""A word keeps its combining marks in SQLite's full-text index: "नेपाल" is one token.

FTS5's ``unicode61`` tokenizer keeps only letters, digits and private-use
characters in tokens (categories ``L* N* Co``). The vowel signs, viramas and
nasal signs of Devanagari, Bengali, Tamil and the other Indic scripts are
combining marks (``Mn``, ``Mc``), so it cut "नेपाल" into "न", "प", "ल" and
"प्रधानमन्त्री" into five pieces: a search matched any article holding those
pieces ("नेपाली", Nepali, for "नेपाल", Nepal), and none on PostgreSQL. Its
``categories`` option adds the marks (``M*``). PostgreSQL's parser already reads
a mark as part of a word: over the Basic Multilingual Plane, on a C.UTF-8
database, it and this tokenizer now disagree on no mark but ten rare spacing ones
(Tagalog, Batak, Javanese...) that SQLite's Unicode tables know and glibc's do
not. The reader's query is cut the same way (``store/search_terms.py``).

Why the tokenizer and not a rewritten index text, as ``cjk_search`` does for CJK:
a word boundary is what a tokenizer decides, the option is FTS5's own, and it
holds for the query too, which FTS5 cuts with the table's tokenizer. An index
text would double the stored size of every Indic article for the same result.
Latin text is cut as before: ``remove_diacritics 2`` already folded a combining
accent into its letter.

Only the FTS5 table changes: it is dropped and rebuilt from ``articles_search``
(the view of migration ``cjk_search``), whose triggers write to it by name and
are kept. PostgreSQL has nothing to change.

Revision ID: indic_search
Revises: undated_order
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "indic_search"
down_revision = "undated_order"
branch_labels = None
depends_on = None

WITH_MARKS = "unicode61 remove_diacritics 2 categories ''L* N* Co M*''"
WITHOUT_MARKS = "unicode61 remove_diacritics 2"  # as in cjk_search


def upgrade() -> None:
    _rebuild(WITH_MARKS)


def downgrade() -> None:
    _rebuild(WITHOUT_MARKS)


def _rebuild(tokenize: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE articles_fts")
    op.execute(
        f"""CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles_search', content_rowid='id',
            tokenize='{tokenize}')"""
    )
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
