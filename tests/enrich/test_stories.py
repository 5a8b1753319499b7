"""Same-story grouping as pure functions over persistable profiles."""

from __future__ import annotations

import gzip
import json
import math
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tidings.enrich.stories import (
    DEFAULT,
    StoryProfile,
    absorb,
    article_signal,
    assign,
    candidate_keys,
    decay,
    is_brief,
    is_open,
    join_bar,
    merge,
    mergeable,
    settle,
    similarity,
    story_keys,
)
from tidings.enrich.textvec import cosine

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def ecb_clusters(shared_data: Path) -> dict[str, list[dict]]:
    clusters = defaultdict(list)
    with gzip.open(shared_data / "story_clusters_ecbplus/documents.jsonl.gz", "rt") as lines:
        for line in lines:
            record = json.loads(line)
            clusters[record["cluster_id"]].append(record)
    return clusters


def signal_of(record: dict, published: datetime = NOW):
    title, _, body = record["text"].partition("\n")
    return article_signal(title, body, [], published)


def story_of(records: list[dict]) -> StoryProfile:
    profile = None
    for record in records:
        profile = absorb(profile, signal_of(record))
    assert profile is not None
    return profile


def test_an_article_joins_its_own_event_not_the_other_event_of_its_topic(ecb_clusters):
    """Topic 1: Tara Reid's rehab (ecb) against Lindsay Lohan's (ecbplus)."""
    reid, lohan = ecb_clusters["1_ecb"], ecb_clusters["1_ecbplus"]
    stories = [("reid", story_of(reid[:6])), ("lohan", story_of(lohan[:6]))]
    for record in reid[6:10]:
        assert assign(signal_of(record), stories, NOW).story_id == "reid"
    for record in lohan[6:10]:
        assert assign(signal_of(record), stories, NOW).story_id == "lohan"


def test_an_article_on_another_subject_starts_a_new_story(ecb_clusters):
    stories = [("rehab", story_of(ecb_clusters["1_ecb"][:6]))]
    earthquake = ecb_clusters["3_ecb"][0]
    decision = assign(signal_of(earthquake), stories, NOW)
    assert decision.story_id is None
    assert decision.similarity < DEFAULT.join_threshold


def test_candidate_keys_find_the_story_through_shared_index_keys(ecb_clusters):
    members = ecb_clusters["1_ecb"]
    profile = story_of(members[:6])
    found = sum(
        bool(set(candidate_keys(signal_of(r))) & set(story_keys(profile))) for r in members[6:]
    )
    assert found == len(members[6:])


def test_profile_survives_json_round_trip(ecb_clusters):
    profile = story_of(ecb_clusters["2_ecb"][:5])
    stored = json.loads(json.dumps(profile.to_json()))
    assert StoryProfile.from_json(stored) == profile
    assert profile.size == 5
    assert len(json.dumps(stored)) < 8_000


def test_headline_is_the_member_closest_to_the_centroid(ecb_clusters):
    members = ecb_clusters["1_ecbplus"][:8]
    profile = story_of(members)
    titles = [r["text"].partition("\n")[0] for r in members]
    assert profile.headline in titles
    assert "Lohan" in profile.headline


def test_a_quiet_story_fades_then_closes():
    profile = absorb(None, article_signal("Flood in Valencia", "Rain flooded Valencia.", [], NOW))
    later = article_signal("Flood in Valencia", "Rain flooded Valencia again.", [], NOW)
    assert decay(profile, NOW + timedelta(hours=20)) == 1.0
    assert 0 < decay(profile, NOW + timedelta(days=2)) < 1.0
    assert is_open(profile, NOW + timedelta(days=3))
    assert not is_open(profile, NOW + DEFAULT.quiet_after)
    week_later = article_signal("Flood in Valencia", "Rain.", [], NOW + timedelta(days=7))
    assert similarity(week_later, profile, NOW) == 0.0
    assert assign(later, [("flood", profile)], NOW).story_id == "flood"


def test_shared_tags_are_kept_as_counts():
    first = absorb(None, article_signal("A", "Talks in Baku.", ["Azerbaijan", "Baku"], NOW))
    second = absorb(first, article_signal("B", "Talks went on.", ["Azerbaijan"], NOW))
    assert second.tags == {"Azerbaijan": 2, "Baku": 1}
    assert "g:Azerbaijan" in story_keys(second)


@pytest.mark.parametrize(("title", "text"), [("", ""), ("", "\n \t "), ("", "- . ,")])
def test_an_article_without_words_never_joins_a_story(title, text):
    signal = article_signal(title, text, [], None)
    profile = absorb(None, signal)
    assert not signal.terms
    assert assign(signal, [("s", profile)], NOW).story_id is None
    assert StoryProfile.from_json(json.loads(json.dumps(profile.to_json()))) == profile


def test_a_huge_text_gives_a_bounded_vector():
    signal = article_signal("Budget vote", "€ parliament budget " * 300_000, [], NOW)
    assert 0 < len(signal.terms) <= 60
    assert "budget" in signal.terms


def test_naive_dates_are_taken_as_utc():
    signal = article_signal("T", "Words here.", [], datetime(2026, 1, 1, 8))
    assert signal.published == datetime(2026, 1, 1, 8, tzinfo=UTC)


def test_two_stories_of_one_event_settle_into_the_older(ecb_clusters):
    """An event split by its first reports is one story again once an article bridges it."""
    reid, lohan = ecb_clusters["1_ecb"], ecb_clusters["1_ecbplus"]
    stories = [("1", story_of(reid[:3])), ("2", story_of(lohan[:6])), ("3", story_of(reid[3:6]))]
    profiles = dict(stories)
    bridging = signal_of(reid[6])
    joined = assign(bridging, stories, NOW)
    assert joined.story_id in {"1", "3"} and set(joined.near) >= {"1", "3"} - {joined.story_id}
    settled = settle(joined, absorb(profiles[joined.story_id], bridging), stories)
    assert (settled.story_id, settled.absorbed) == ("1", ("3",))  # the younger folds in
    assert settled.profile.size == 7
    assert settled.profile.headline in {
        profiles["1"].headline,
        profiles["3"].headline,
        bridging.title,
    }
    other = signal_of(lohan[6])
    joined = assign(other, stories, NOW)
    assert joined.story_id == "2"
    assert settle(joined, absorb(profiles["2"], other), stories).absorbed == ()  # events apart


def test_a_closed_story_is_never_merged(ecb_clusters):
    reid = ecb_clusters["1_ecb"]
    older = story_of(reid[:3])
    later = NOW + DEFAULT.quiet_after + timedelta(days=1)
    grown = absorb(None, signal_of(reid[3], later))
    for record in reid[4:6]:
        grown = absorb(grown, signal_of(record, later))
    assert mergeable(grown, [("1", older)]) == []
    assert mergeable(absorb(story_of(reid[3:5]), signal_of(reid[5])), [("1", older)]) == ["1"]


def test_a_lone_report_needs_only_the_join_threshold_to_merge(ecb_clusters):
    """A single article left on its own merges into a young story as easily as it would
    have joined it; two grown stories of different events of one topic need more and
    stay apart."""
    reid = story_of(ecb_clusters["1_ecb"][:3])
    lohan = story_of(ecb_clusters["1_ecbplus"][:8])
    assert reid.size < DEFAULT.settled_size
    for record in ecb_clusters["1_ecb"][8:12]:
        lone = absorb(None, signal_of(record))
        close = cosine(lone.terms, reid.terms) >= DEFAULT.join_threshold
        assert mergeable(reid, [("lone", lone)]) == (["lone"] if close else [])
    grown = story_of(ecb_clusters["1_ecb"][:8])
    assert 0.3 < cosine(grown.terms, lohan.terms) < DEFAULT.merge_threshold  # a lone one would join
    assert mergeable(grown, [("lohan", lohan)]) == []


def _at_cosine(size: int, target: float) -> tuple[StoryProfile, StoryProfile]:
    """A story of ``size`` members and a lone report whose vectors meet at ``target``."""
    story = replace(absorb(None, article_signal("Dam", "x", [], NOW)), size=size)
    story = replace(story, terms={"dam": 1.0, "flood": 1.0})
    off = math.sqrt(1 / (2 * target**2) - 1)
    lone = replace(absorb(None, article_signal("Dam", "x", [], NOW)), terms={"dam": 1.0, "x": off})
    return story, lone


def test_a_lone_report_gets_a_second_chance_beside_a_settled_story():
    """Once a story has ``settled_size`` members its centroid judges an off-angle report
    that missed the join bar: ``lone_threshold`` is enough to fold it in; not so beside a
    young story, nor for two grown stories, nor when the report is further off."""
    between = (DEFAULT.lone_threshold + DEFAULT.join_threshold) / 2
    assert DEFAULT.lone_threshold < between < DEFAULT.join_threshold
    settled, lone = _at_cosine(DEFAULT.settled_size, between)
    assert cosine(settled.terms, lone.terms) == pytest.approx(between)
    assert mergeable(settled, [("lone", lone)]) == ["lone"]
    assert mergeable(lone, [("settled", settled)]) == ["settled"]  # either may be the grown one
    young, _ = _at_cosine(DEFAULT.settled_size - 1, between)
    assert mergeable(young, [("lone", lone)]) == []
    pair = replace(lone, size=2)
    assert mergeable(settled, [("pair", pair)]) == []
    further = _at_cosine(DEFAULT.settled_size, DEFAULT.lone_threshold - 0.01)[1]
    assert mergeable(settled, [("lone", further)]) == []


def test_a_long_report_is_judged_by_its_lead(ecb_clusters):
    """Topic 31: an 882-word game report with a few lines on Hansbrough's scoring record.
    Its long tail (the season, other players) once outweighed the event in its vector,
    leaving it alone beside the record's settled story; with the tail at half count it
    folds in, though it still misses the join bar itself."""
    records = ecb_clusters["31_ecb"]
    (long,) = [r for r in records if r["text"].startswith("Hansbrough, who came back")]
    assert len(long["text"]) > 5 * 1000
    story = story_of([r for r in records if r is not long][: DEFAULT.settled_size])
    lone = absorb(None, signal_of(long))
    assert DEFAULT.lone_threshold <= cosine(lone.terms, story.terms) < DEFAULT.join_threshold
    assert mergeable(story, [("lone", lone)]) == ["lone"]


def _briefs(records: list[dict]) -> list[dict]:
    return [r for r in records if is_brief(signal_of(r).terms)]


def test_one_events_briefs_join_each_other_below_the_join_bar(ecb_clusters):
    """Topic 22: the Staunton arrest's title-only items, worded two ways ("Sharron Diane
    Crawford Smith is accused..." / "a 60-year-old woman charged..."). Two such briefs
    meet below the join bar; a brief beside a story of briefs needs less, while the other
    event's full reports (the Kraft plant shooting) stay out of the briefs' story."""
    briefs = _briefs(ecb_clusters["22_ecb"])
    assert len(briefs) >= 5
    first = absorb(None, signal_of(briefs[0]))
    assert first.briefs == 1
    low = [
        r
        for r in briefs[1:]
        if DEFAULT.brief_threshold <= similarity(signal_of(r), first, NOW) < DEFAULT.join_threshold
    ]
    assert low, "some briefs of the event meet the first one below the join bar"
    for record in low:
        assert assign(signal_of(record), [("briefs", first)], NOW).story_id == "briefs"
    story = story_of(briefs)
    assert story.briefs == story.size
    for record in ecb_clusters["22_ecbplus"]:
        assert assign(signal_of(record), [("briefs", story)], NOW).story_id is None


DAM_TITLE = "Vale dam breaks at Brumadinho"
DAM_TEXT = "The Brumadinho tailings dam of Vale broke on Friday."


def _dam_brief(source: str = "", title: str = DAM_TITLE, text: str = DAM_TEXT):
    return article_signal(title, text, [], NOW, source=source)


def test_the_join_bar_depends_on_briefs_on_both_sides():
    brief = _dam_brief()
    words = " ".join(f"word{i}" for i in range(DEFAULT.brief_terms + 5))
    report = article_signal(DAM_TITLE, f"{DAM_TEXT} {words}", [], NOW)
    assert is_brief(brief.terms) and not is_brief(report.terms)
    of_briefs, of_reports = absorb(None, brief), absorb(None, report)
    mixed = absorb(absorb(of_briefs, report), report)  # briefs are no longer most
    assert (of_briefs.briefs, of_reports.briefs, mixed.briefs) == (1, 0, 1)
    assert merge(mixed, of_briefs).briefs == 2
    assert join_bar(brief, of_briefs) == DEFAULT.brief_threshold
    assert join_bar(report, of_briefs) == DEFAULT.report_on_briefs_threshold
    for signal, profile in [(brief, of_reports), (report, of_reports), (brief, mixed)]:
        assert join_bar(signal, profile) == DEFAULT.join_threshold


def test_a_publishers_own_briefs_get_no_low_bar():
    """One feed's items share its dateline and prefixes, not an event."""
    story = absorb(None, _dam_brief("https://a.example/feed"))
    assert story.sources == ("https://a.example/feed",)
    own = join_bar(_dam_brief("https://a.example/feed"), story)
    assert own == DEFAULT.report_on_briefs_threshold > DEFAULT.join_threshold
    assert join_bar(_dam_brief("https://b.example/feed"), story) == DEFAULT.brief_threshold
    both = absorb(story, _dam_brief("https://b.example/feed"))
    assert both.sources == ("https://a.example/feed", "https://b.example/feed")
    assert join_bar(_dam_brief("https://a.example/feed"), both) == DEFAULT.brief_threshold
    other = absorb(None, _dam_brief("https://c.example/feed"))
    assert merge(story, other).sources == ("https://a.example/feed", "https://c.example/feed")


def test_a_brief_sharing_one_word_with_a_story_of_briefs_needs_the_join_bar():
    """On a busy day many one-liners say "Russia"; that is not one event."""
    story = absorb(None, _dam_brief("a", "Russia bans cucumber imports", "Prices soar in Russia."))
    unrelated = _dam_brief("b", "Russia hosts peace talks", "Delegates met in Russia today.")
    assert similarity(unrelated, story, NOW) >= DEFAULT.brief_threshold
    assert join_bar(unrelated, story) == DEFAULT.join_threshold
    assert assign(unrelated, [("s", story)], NOW).story_id is None


def test_a_profile_stored_before_briefs_were_counted_loads_with_none():
    profile = absorb(None, article_signal("Dam breaks", "The dam broke.", [], NOW))
    stored = profile.to_json()
    assert stored["briefs"] == 1
    del stored["briefs"]
    assert StoryProfile.from_json(stored).briefs == 0


def test_a_profile_stored_before_sources_were_kept_loads_with_none():
    stored = absorb(None, _dam_brief("https://a.example/feed")).to_json()
    assert stored["sources"] == ["https://a.example/feed"]
    del stored["sources"]
    assert StoryProfile.from_json(stored).sources == ()
