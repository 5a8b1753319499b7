"""Same-story grouping: one online pass, each article joins an open story or starts one.

A story is what several publishers report about one real-world event. Articles arrive
one at a time and the number of stories grows without end, so there is no global
re-clustering: each article is compared only with the few open stories that share a
key with it, and a story's whole state is its ``StoryProfile`` (a centroid of term
vectors, tag counts, size, last coverage time and headline), a few KB of JSON.

How the pipeline and the store use it (this module stays pure):

1. ``signal = article_signal(title, text, tags, published)`` for the new article.
2. The store fetches the open stories indexed under any of ``candidate_keys(signal)``
   (``story_keys`` rows, see 4) whose ``last_seen`` is within ``params.quiet_after`` of
   the article's time, with their profiles (``StoryProfile.from_json``): the
   ``params.candidates`` of them that share the most keys with the article, the most
   recently covered first among equals. A common stem may index hundreds of open
   stories; capping by shared keys keeps an article's cost flat however many are open
   (ECB+ scores are the same with and without the cap).
3. ``assign(signal, [(story_id, profile), ...], now)`` names the story to join, or
   ``None`` for a new one; the store then saves ``absorb(profile_or_None, signal)``
   under that (or a new) story id and links the article to it.
4. The store replaces the story's index rows with ``story_keys(profile)``. Index table:
   ``(key TEXT, story_id, last_seen)`` with an index on ``key``; a story whose
   ``last_seen`` is older than ``quiet_after`` is closed and can drop its rows.

Similarity = cosine of TF-IDF vectors (``textvec``), blended with the share of the
article's place/actor tags the story already carries, times a time decay: full weight
within ``grace`` of the story's last coverage, then halving every ``half_life``; after
``quiet_after`` without coverage a story is closed and a new article starts a new one.
An article joins the best story whose ``join_bar`` it clears: the join threshold,
lower between briefs (a headline and a line), higher for a full report beside a story
of briefs.
Two open stories that an arriving article resembles merge when their centroids agree
(``settle``); a report left on its own gets a second chance there against a settled
story's centroid (``_merge_bar``). The default thresholds were chosen on ECB+ by
``scripts/tune_stories.py`` (cross-validated over topics).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from tidings.enrich.textvec import TermVector, cosine, strongest, term_vector

PROFILE_VERSION = 1


@dataclass(frozen=True, slots=True)
class StoryParams:
    """The knobs of story grouping; defaults come from ``scripts/tune_stories.py``."""

    join_threshold: float = 0.40  # similarity needed to join a story
    tag_weight: float = 0.1  # share of the similarity that comes from shared tags
    grace: timedelta = timedelta(days=1)
    half_life: timedelta = timedelta(days=2)
    quiet_after: timedelta = timedelta(days=4)  # no coverage for this long: story closed
    centroid_terms: int = 100
    key_terms: int = 6  # strongest stems an article or story is indexed under
    key_tags: int = 4
    bridge_threshold: float = 0.2  # an article this similar to a second story may merge the two
    merge_threshold: float = 0.55  # centroid cosine at which two big open stories are one event
    lone_threshold: float = 0.3  # cosine at which a lone report folds into a settled story
    settled_size: int = 6  # members from which a story's centroid judges a lone report
    brief_terms: int = 30  # an article with fewer stems is a brief (a headline and a line)
    brief_threshold: float = 0.15  # similarity a brief needs to join a story of briefs
    report_on_briefs_threshold: float = 0.5  # ... and a full report needs to join one
    brief_overlap: int = 3  # ... when the brief has this many of the story's core stems
    core_terms: int = 10  # a story's strongest stems, its core
    candidates: int = 20  # open stories compared per article: those sharing the most keys


DEFAULT = StoryParams()


@dataclass(frozen=True, slots=True)
class ArticleSignal:
    """What an arriving article brings to story grouping."""

    terms: TermVector
    tags: tuple[str, ...]  # place and actor tag slugs
    published: datetime | None
    title: str
    source: str = ""  # the publisher's key (its feed or site URL); "" when unknown


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """A story's whole state: what the store persists (``to_json``) per story."""

    terms: TermVector  # sum of member vectors, cut to the strongest ``centroid_terms``
    tags: dict[str, int]  # how many members carry each tag
    size: int
    first_seen: datetime | None
    last_seen: datetime | None
    headline: str  # member title closest to the centroid
    headline_terms: TermVector = field(default_factory=dict)
    briefs: int = 0  # members that were briefs (see ``join_bar``)
    sources: tuple[str, ...] = ()  # the members' publishers, sorted (see ``join_bar``)

    def to_json(self) -> dict:
        return {
            "version": PROFILE_VERSION,
            "terms": self.terms,
            "tags": self.tags,
            "size": self.size,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "headline": self.headline,
            "headline_terms": self.headline_terms,
            "briefs": self.briefs,
            "sources": list(self.sources),
        }

    @classmethod
    def from_json(cls, data: dict) -> StoryProfile:
        return cls(
            terms={str(t): float(w) for t, w in data["terms"].items()},
            tags={str(t): int(c) for t, c in data["tags"].items()},
            size=int(data["size"]),
            first_seen=_parse(data.get("first_seen")),
            last_seen=_parse(data.get("last_seen")),
            headline=str(data.get("headline") or ""),
            headline_terms={str(t): float(w) for t, w in data.get("headline_terms", {}).items()},
            briefs=int(data.get("briefs", 0)),
            sources=tuple(str(s) for s in data.get("sources", ())),
        )


@dataclass(frozen=True, slots=True)
class Assignment:
    """The story an article joins (``story_id``), or ``None`` to start a new one."""

    story_id: str | None
    similarity: float  # with the chosen story; the best one seen when starting anew
    near: tuple[str, ...] = ()  # other stories the article also resembles: merge candidates


def article_signal(
    title: str,
    text: str,
    tags: list[str] | tuple[str, ...] = (),
    published: datetime | None = None,
    language: str | None = "en",
    source: str | None = None,
) -> ArticleSignal:
    """The article's term vector, place/actor tags, time, headline and publisher."""
    return ArticleSignal(
        terms=term_vector(title or "", text or "", language),
        tags=tuple(dict.fromkeys(tags)),
        published=_utc(published),
        title=" ".join((title or "").split()),
        source=source or "",
    )


def candidate_keys(signal: ArticleSignal, params: StoryParams = DEFAULT) -> list[str]:
    """Index keys under which the store looks up open stories that may match."""
    return _keys(signal.terms, signal.tags[: params.key_tags], params)


def story_keys(profile: StoryProfile, params: StoryParams = DEFAULT) -> list[str]:
    """Index keys the store files a story under (replace them after each ``absorb``)."""
    tags = [t for t, _ in Counter(profile.tags).most_common(params.key_tags)]
    return _keys(profile.terms, tags, params)


def similarity(
    signal: ArticleSignal, profile: StoryProfile, now: datetime, params: StoryParams = DEFAULT
) -> float:
    """How well the article fits the story: text and tags, faded by the story's silence."""
    text = cosine(signal.terms, profile.terms)
    if params.tag_weight and signal.tags:
        shared = sum(1 for t in signal.tags if 2 * profile.tags.get(t, 0) >= profile.size)
        text = (1 - params.tag_weight) * text + params.tag_weight * shared / len(signal.tags)
    return text * decay(profile, signal.published or _utc(now), params)


def decay(profile: StoryProfile, when: datetime | None, params: StoryParams = DEFAULT) -> float:
    """1 while the story is fresh, halving per ``half_life`` after ``grace``, 0 when closed."""
    if when is None or profile.last_seen is None:
        return 1.0
    gap = abs(when - profile.last_seen)
    if gap >= params.quiet_after:
        return 0.0
    if gap <= params.grace:
        return 1.0
    return 0.5 ** ((gap - params.grace) / params.half_life)


def is_open(profile: StoryProfile, now: datetime, params: StoryParams = DEFAULT) -> bool:
    """Whether new articles may still join (the store may drop a closed story's keys)."""
    return profile.last_seen is None or _utc(now) - profile.last_seen < params.quiet_after


def is_brief(terms: TermVector, params: StoryParams = DEFAULT) -> bool:
    """A headline and a line or two: a feed item without its page, an agency's flash."""
    return len(terms) < params.brief_terms


def join_bar(signal: ArticleSignal, profile: StoryProfile, params: StoryParams = DEFAULT) -> float:
    """The similarity an article needs to join this story.

    Two briefs about one event share only the few words each has room for, so their
    cosine stays low where two full reports would agree: a brief joins a story made
    mostly of briefs at ``brief_threshold``. The other way round such a story is a
    centroid of few, often generic words ("climber", "Mount Cook"), which a full report
    of any event of that kind shares: it needs ``report_on_briefs_threshold``. A brief
    beside full reports needs what any article needs. On ECB+ (title-only items) this
    kept one event's briefs, worded two ways, in one story instead of two
    (``docs/stories.md``).

    The low bar also needs evidence that the event is the same, which ECB+ (a few
    dozen events) could not ask for but a live stream of thousands of briefs a day
    does: one-liners of one event share its who, what and where, at least
    ``brief_overlap`` of the story's ``core_terms`` strongest stems, where one-liners
    that share only "Russia" or "China" reach a cosine of 0.15 too. And it holds
    between publishers only: one feed's items share its recurring words (a dateline
    such as "[Capital FM] Nairobi", a "Kenya:" prefix, "Lecture 134: ..."), so its
    briefs about seven different events had made one story. A brief joins briefs of
    its own publisher only as a full report joins briefs.
    """
    if 2 * profile.briefs <= profile.size:
        return params.join_threshold
    if is_brief(signal.terms, params):
        if _same_publisher(signal, profile):
            return max(params.report_on_briefs_threshold, params.join_threshold)
        if not _shares_core(signal, profile, params):
            return params.join_threshold
        return min(params.brief_threshold, params.join_threshold)
    return max(params.report_on_briefs_threshold, params.join_threshold)


def assign(
    signal: ArticleSignal,
    open_stories: list[tuple[str, StoryProfile]],
    now: datetime,
    params: StoryParams = DEFAULT,
) -> Assignment:
    """The best-matching story among those the article clears ``join_bar`` for, else
    ``None`` (start a new one).

    The other stories scoring at least ``bridge_threshold`` come along as ``near``: if
    the article bridges one of them and the story it joins, ``settle`` may merge them.
    """
    scores = {i: similarity(signal, profile, now, params) for i, profile in open_stories}
    joinable = [i for i, profile in open_stories if scores[i] >= join_bar(signal, profile, params)]
    best_id = max(joinable, key=scores.__getitem__, default=None)
    if best_id is None or not signal.terms:
        return Assignment(None, max(scores.values(), default=0.0))
    best = scores[best_id]
    near = tuple(i for i, s in scores.items() if s >= params.bridge_threshold and i != best_id)
    return Assignment(best_id, best, near)


def absorb(
    profile: StoryProfile | None, signal: ArticleSignal, params: StoryParams = DEFAULT
) -> StoryProfile:
    """The story's profile with the article added (a new story's when ``profile`` is None)."""
    if profile is None:
        return StoryProfile(
            terms=dict(signal.terms),
            tags=dict.fromkeys(signal.tags, 1),
            size=1,
            first_seen=signal.published,
            last_seen=signal.published,
            headline=signal.title,
            headline_terms=dict(signal.terms),
            briefs=int(is_brief(signal.terms, params)),
            sources=_with_source((), signal.source),
        )
    terms = dict(profile.terms)
    for term, weight in signal.terms.items():
        terms[term] = terms.get(term, 0.0) + weight
    terms = strongest(terms, params.centroid_terms)
    tags = dict(profile.tags)
    for tag in signal.tags:
        tags[tag] = tags.get(tag, 0) + 1
    grown = replace(
        profile,
        terms=terms,
        tags=tags,
        size=profile.size + 1,
        first_seen=_earliest(profile.first_seen, signal.published),
        last_seen=_latest(profile.last_seen, signal.published),
        briefs=profile.briefs + is_brief(signal.terms, params),
        sources=_with_source(profile.sources, signal.source),
    )
    return _with_headline(grown, signal)


@dataclass(frozen=True, slots=True)
class Settlement:
    """Where a grown story ends up: itself, or the oldest of the stories it merged with."""

    story_id: str
    profile: StoryProfile
    absorbed: tuple[str, ...] = ()  # younger stories folded into ``story_id``


def settle(
    joined: Assignment,
    grown: StoryProfile,
    open_stories: list[tuple[str, StoryProfile]],
    params: StoryParams = DEFAULT,
) -> Settlement:
    """Merge the grown story with the ``near`` stories it now matches, younger into older.

    ``open_stories`` are listed oldest first and include ``joined.story_id``.
    """
    assert joined.story_id is not None, "settle a story that was joined"
    near = [(i, p) for i, p in open_stories if i in joined.near]
    found = set(mergeable(grown, near, params))
    if not found:
        return Settlement(joined.story_id, grown)
    merging = [
        (i, grown if i == joined.story_id else p)
        for i, p in open_stories
        if i == joined.story_id or i in found
    ]
    (survivor, profile), younger = merging[0], merging[1:]
    for _, other in younger:
        profile = merge(profile, other, params)
    return Settlement(survivor, profile, tuple(i for i, _ in younger))


def mergeable(
    grown: StoryProfile,
    others: list[tuple[str, StoryProfile]],
    params: StoryParams = DEFAULT,
) -> list[str]:
    """The other open stories that a grown story turned out to cover: one event, split earlier.

    Online grouping splits an event when its first reports differ enough, often
    leaving one odd report on its own; once an article pulls the two centroids
    together, their cosine (faded by the gap between their coverage) says whether
    they are one. The bar is ``_merge_bar``'s.
    """
    return [
        story_id
        for story_id, other in others
        if cosine(grown.terms, other.terms) * decay(other, grown.last_seen, params)
        >= _merge_bar(min(other.size, grown.size), max(other.size, grown.size), params)
    ]


def _merge_bar(smaller: int, larger: int, params: StoryParams) -> float:
    """The centroid cosine two stories of these sizes need to merge.

    A story of one article needs what an article needs to join; bigger centroids
    average their members' quirks away, so the bar rises with the smaller story's
    size towards ``merge_threshold``. The exception is a lone report beside a
    settled story (``settled_size`` members or more): it is the off-angle report
    (an opinion piece, a round-up, a two-line brief) that arrived before the story's
    centroid had settled, or that says too little to reach the join bar on its
    own, and a settled centroid is a fair judge of it, so ``lone_threshold``
    (below the join bar) is enough. Only a lone report gets this second chance:
    folding one article in costs at most that article, folding a grown story in
    could join two events for good.
    """
    if smaller == 1 and larger >= params.settled_size:
        return min(params.lone_threshold, params.join_threshold)
    return params.merge_threshold - (params.merge_threshold - params.join_threshold) / smaller


def merge(
    older: StoryProfile, younger: StoryProfile, params: StoryParams = DEFAULT
) -> StoryProfile:
    """One story's profile from two: the older keeps its headline unless the younger's is closer."""
    terms = dict(older.terms)
    for term, weight in younger.terms.items():
        terms[term] = terms.get(term, 0.0) + weight
    tags = Counter(older.tags) + Counter(younger.tags)
    merged = replace(
        older,
        terms=strongest(terms, params.centroid_terms),
        tags=dict(tags),
        size=older.size + younger.size,
        first_seen=_earliest(older.first_seen, younger.first_seen),
        last_seen=_latest(older.last_seen, younger.last_seen),
        briefs=older.briefs + younger.briefs,
        sources=tuple(sorted({*older.sources, *younger.sources})),
    )
    if cosine(younger.headline_terms, merged.terms) > cosine(older.headline_terms, merged.terms):
        return replace(merged, headline=younger.headline, headline_terms=younger.headline_terms)
    return merged


def _with_headline(profile: StoryProfile, signal: ArticleSignal) -> StoryProfile:
    """Keep the headline whose article is closest to the (moved) centroid."""
    if not signal.title:
        return profile
    current = cosine(profile.headline_terms, profile.terms) if profile.headline else -1.0
    if cosine(signal.terms, profile.terms) > current:
        return replace(profile, headline=signal.title, headline_terms=dict(signal.terms))
    return profile


def _same_publisher(signal: ArticleSignal, profile: StoryProfile) -> bool:
    """Whether every member came from the article's publisher (known only in the store)."""
    return bool(signal.source) and set(profile.sources) <= {signal.source}


def _shares_core(signal: ArticleSignal, profile: StoryProfile, params: StoryParams) -> bool:
    core = strongest(profile.terms, params.core_terms)
    return len(signal.terms.keys() & core.keys()) >= params.brief_overlap


def _with_source(sources: tuple[str, ...], source: str) -> tuple[str, ...]:
    return tuple(sorted({*sources, source})) if source else sources


def _keys(terms: TermVector, tags: list[str] | tuple[str, ...], params: StoryParams) -> list[str]:
    stems = strongest(terms, params.key_terms)
    return [f"t:{s}" for s in stems] + [f"g:{t}" for t in tags]


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    return min(a, b) if a and b else a or b


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a and b else a or b


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return _utc(datetime.fromisoformat(value))
    except ValueError:
        return None
