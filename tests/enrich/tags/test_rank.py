"""Ranking: synonyms fold, each kind gets a few places, 3 to 10 tags."""

from __future__ import annotations

from tidings.enrich.tags.rank import MAX_TAGS, PER_KIND, rank
from tidings.models import TagAssignment, TagKind


def _tag(slug: str, kind: TagKind, score: float) -> TagAssignment:
    return TagAssignment(slug=slug, display=slug, kind=kind, score=score, evidence="e")


def test_aliases_fold_into_one_tag_with_the_best_score() -> None:
    tags = rank([_tag("Turkiye", TagKind.PLACE, 0.9), _tag("Turkey", TagKind.PLACE, 0.5)])
    assert [(t.slug, t.score) for t in tags] == [("Turkey", 0.9)]


def test_each_kind_is_capped_and_the_total_too() -> None:
    tags = [_tag(f"{kind.value}{i}", kind, 1 - i / 100) for kind in TagKind for i in range(10)]
    ranked = rank(tags)
    assert len(ranked) == MAX_TAGS
    for kind in TagKind:
        assert sum(t.kind is kind for t in ranked) <= PER_KIND[kind]
    assert [t.score for t in ranked] == sorted((t.score for t in ranked), reverse=True)


def test_spare_candidates_fill_up_to_three() -> None:
    spare = [_tag(f"e{i}", TagKind.EMERGING, 0.1) for i in range(5)]
    assert len(rank([_tag("Peru", TagKind.PLACE, 0.9)], spare)) == 3


def test_junk_slugs_are_dropped() -> None:
    assert rank([_tag("x" * 60, TagKind.EMERGING, 0.9), _tag("", TagKind.EMERGING, 0.9)]) == []
