"""Reading lists (SQLite and PostgreSQL): the per-tag time index follows the articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.models import Article, Enrichment, ExtractedArticle, TagAssignment, TagKind
from tidings.store import Store
from tidings.store.reading import ListFilter

START = datetime(2025, 7, 1, tzinfo=UTC)


def tagged(n: int, hours: int, tags: tuple[str, ...], text: str = "Body.") -> Article:
    content = ExtractedArticle(
        url=f"https://example.org/{n}",
        title=f"Headline {n}",
        text=text,
        published=START + timedelta(hours=hours),
    )
    assigned = [TagAssignment(t, t, TagKind.CONCEPT, 0.5, "evidence") for t in tags]
    return Article(content, Enrichment(language="en", section="politics", tags=assigned))


def test_a_changed_date_moves_the_article_in_its_tag_list(store: Store) -> None:
    for n in range(1, 4):
        store.articles.save(tagged(n, n, ("energy",)), None)
    assert [a.title for a in store.reader.latest(tag="energy").articles] == [
        "Headline 3",
        "Headline 2",
        "Headline 1",
    ]
    store.articles.save(tagged(1, 10, ("energy",), text="Corrected and re-dated."), None)
    titles = [a.title for a in store.reader.latest(tag="energy").articles]
    assert titles == ["Headline 1", "Headline 3", "Headline 2"]


def test_filters_combine_and_unknown_tags_give_nothing(store: Store) -> None:
    store.articles.save(tagged(1, 1, ("energy", "France")), None)
    store.articles.save(tagged(2, 2, ("energy",)), None)
    store.articles.save(tagged(3, 3, ("France", "sport")), None)
    only = ListFilter(tags=("energy",), place="France")
    assert [a.title for a in store.reader.latest(where=only).articles] == ["Headline 1"]
    either = ListFilter(tags=("energy", "sport"), muted=("France",))
    assert [a.title for a in store.reader.latest(where=either).articles] == ["Headline 2"]
    assert store.reader.latest(where=ListFilter(tags=("nothing",))).articles == []


def test_find_tag_reads_a_name_as_a_reader_types_it(store: Store) -> None:
    assigned = [
        TagAssignment("France", "France", TagKind.PLACE, 0.5, "evidence"),
        TagAssignment("france", "france", TagKind.CONCEPT, 0.5, "evidence"),
        TagAssignment("UnitedStates", "United States", TagKind.PLACE, 0.5, "evidence"),
    ]
    content = ExtractedArticle(url="https://example.org/1", title="Headline", text="Body.")
    store.articles.save(Article(content, Enrichment(language="en", tags=assigned)), None)
    assert store.reader.find_tag("united states").slug == "UnitedStates"
    assert store.reader.find_tag("UNITEDSTATES").slug == "UnitedStates"
    assert store.reader.find_tag("france").slug == "france"  # the exact slug first
    assert store.reader.find_tag("France").slug == "France"
    assert store.reader.find_tag("FRANCE", kind="place").slug == "France"
    assert store.reader.find_tag("Atlantis") is None
