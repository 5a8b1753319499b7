"""Merge the four kinds of tags into the one list a reader sees.

Synonyms fold into one tag (``canonical_tag``); each kind gets a few places so a story
reads as topic, places, actors and what is new about it; the list keeps 3 to 10 tags.
Fewer than 3 only when the text offers no more candidates.
"""

from __future__ import annotations

from dataclasses import replace

from tidings.enrich.tags.aliases import canonical_tag
from tidings.models import TagAssignment, TagKind

MAX_TAGS = 10
MAX_SLUG_CHARS = 40  # a longer "tag" is a sentence or junk, not a hashtag
MIN_TAGS = 3
PER_KIND = {TagKind.CONCEPT: 4, TagKind.PLACE: 3, TagKind.ACTOR: 2, TagKind.EMERGING: 3}


def fold(tags: list[TagAssignment]) -> list[TagAssignment]:
    """One tag per canonical slug, keeping the best-scored evidence."""
    best: dict[str, TagAssignment] = {}
    for tag in tags:
        slug = canonical_tag(tag.slug)
        if not slug or len(slug) > MAX_SLUG_CHARS:
            continue
        tag = replace(tag, slug=slug) if slug != tag.slug else tag
        key = slug.casefold()
        if key not in best or tag.score > best[key].score:
            best[key] = tag
    return list(best.values())


def rank(tags: list[TagAssignment], spare: list[TagAssignment] = ()) -> list[TagAssignment]:
    """The tags to show, best first; ``spare`` candidates fill up to ``MIN_TAGS``."""
    chosen: list[TagAssignment] = []
    used = dict.fromkeys(PER_KIND, 0)
    for tag in sorted(fold(tags), key=lambda t: -t.score):
        if used[tag.kind] < PER_KIND[tag.kind] and len(chosen) < MAX_TAGS:
            chosen.append(tag)
            used[tag.kind] += 1
    taken = {t.slug.casefold() for t in chosen}
    for tag in fold(list(spare)):
        if len(chosen) >= MIN_TAGS:
            break
        if tag.slug.casefold() not in taken:
            chosen.append(tag)
            taken.add(tag.slug.casefold())
    return sorted(chosen, key=lambda t: -t.score)
