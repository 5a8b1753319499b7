from __future__ import annotations

from tidings.extract.consensus import (
    TRUSTED_CHARS,
    choose_blocks,
    choose_body,
    contained,
    overlap,
    shingles,
)
from tidings.extract.text import plain_blocks

STORY = [
    "The river flooded the old town on Monday night after three days of heavy rain.",
    "Residents of the lower streets spent the morning carrying furniture upstairs.",
    "The mayor promised emergency funds at an evening meeting in the town hall.",
    "Engineers expect the water to recede by the end of the week if the rain stops.",
]
LONG_MISSED = " ".join(["The second half of the story continues with many more words"] * 8)
TEASER = "Subscribe now to read the whole story about the flood and more."


def _asked(blocks):
    """A second opinion that records whether it was asked."""
    calls = []

    def opinion():
        calls.append(True)
        return blocks

    return opinion, calls


def _texts(blocks) -> list[str]:
    return [block.text for block in blocks]


def test_shingle_overlap_measures() -> None:
    a, b = shingles("one two three four five"), shingles("one two three four six")
    assert overlap(a, a) == 1.0
    assert 0 < overlap(a, b) < 1
    assert contained(shingles("one two three four"), a) == 1.0


def test_medoid_wins_over_the_odd_one_out() -> None:
    story = plain_blocks("\n\n".join(STORY))
    opinion, calls = _asked(plain_blocks("\n\n".join(STORY[:3])))
    chosen = choose_blocks([plain_blocks(TEASER), story], opinion)
    assert _texts(chosen) == STORY
    assert calls  # the candidates disagreed, so readability was asked


def test_agreeing_candidates_need_no_second_opinion() -> None:
    story = plain_blocks("\n\n".join(STORY))
    edited = plain_blocks("\n\n".join([*STORY, "Updated at noon."]))
    opinion, calls = _asked(plain_blocks(LONG_MISSED))
    assert choose_blocks([story, edited], opinion) == story
    assert not calls


def test_tie_goes_to_the_first_candidate() -> None:
    first, second = plain_blocks(STORY[0] * 2), plain_blocks(STORY[1] * 2)
    assert choose_blocks([first, second]) == first


def test_long_paragraph_missed_by_the_chosen_body_is_added_in_place() -> None:
    chosen = plain_blocks("\n\n".join(STORY[:2]))
    fuller = plain_blocks("\n\n".join([STORY[0], LONG_MISSED, STORY[1], "Short caption"]))
    result = choose_blocks([chosen, plain_blocks(TEASER)], lambda: fuller)
    assert _texts(result) == [STORY[0], LONG_MISSED, STORY[1]]


def test_nothing_is_added_when_readability_reads_another_text() -> None:
    chosen = plain_blocks("\n\n".join(STORY[:2]))
    unrelated = plain_blocks(LONG_MISSED)
    assert choose_blocks([chosen, plain_blocks(TEASER)], lambda: unrelated) == chosen


def test_no_candidates_gives_no_blocks() -> None:
    assert choose_blocks([[], []], list) == []


def test_an_article_length_precision_reading_is_trusted_alone() -> None:
    long_story = plain_blocks("\n\n".join(STORY * 5))
    assert len("\n".join(_texts(long_story))) >= TRUSTED_CHARS
    balanced, balanced_calls = _asked(plain_blocks(TEASER))
    opinion, opinion_calls = _asked([])
    assert choose_body(long_story, balanced, opinion) == long_story
    assert not balanced_calls and not opinion_calls


def test_a_short_precision_reading_is_checked_against_the_other_readings() -> None:
    story = plain_blocks("\n\n".join(STORY))
    balanced, balanced_calls = _asked(story)
    opinion, opinion_calls = _asked(story)
    chosen = choose_body(plain_blocks(TEASER), balanced, opinion)
    assert balanced_calls and opinion_calls
    assert _texts(chosen) == STORY
