"""Going back to the first schema keeps every article linked to its source and story.

On SQLite, Alembic's batch mode drops a column by copying the table and dropping the
old one; dropping ``sources`` or ``stories`` set every article's link to it to NULL
(ON DELETE SET NULL), so an operator who went back a version lost them all.
"""

from __future__ import annotations

from sqlalchemy import text

from tests.store.migrations.revisions import move_to
from tests.store.migrations.test_source_named_by import write_old_rows
from tidings.store import Store


def test_going_down_to_the_first_schema_keeps_the_articles_links(store: Store) -> None:
    engine = store.engine
    write_old_rows(engine)  # at head; the source_named_by test writes the same rows
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO stories (id, title, profile, article_count, revision)"
                " VALUES (1, 'Floods', '{}', 1, 1)"
            )
        )
        connection.execute(text("UPDATE articles SET story_id = 1"))
    move_to(engine, "storyline_stories")  # the schema that made stories
    with engine.connect() as connection:
        links = connection.execute(text("SELECT source_id, story_id FROM articles")).all()
    assert links == [(1, 1)]
    move_to(engine, "0001")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT source_id FROM articles")).all() == [(1,)]
    move_to(engine, "head")
