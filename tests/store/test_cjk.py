"""CJK runs in pairs for the index, phrases for the query, and passages read back."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tidings.store.cjk import (
    LETTER_RANGES,
    SEPARATOR,
    Phrase,
    index_text,
    query_phrase,
    query_words,
    readable,
)

S = SEPARATOR
MARKS = ("[", "]")
CJK_TEXT = st.text(alphabet=st.sampled_from("今天北京下雨東京都にトランプ한국어 ab1,，。・\x1f"))
ANY_TEXT = st.text().map(lambda text: text.replace("[", "").replace("]", ""))


def test_runs_become_overlapping_pairs_and_other_scripts_stay() -> None:
    assert index_text("今天北京下雨") == f"{S}今天{S}天北{S}北京{S}京下{S}下雨{S}雨{S}"
    assert index_text("iPhone手机, 2024年") == f"iPhone{S}手机{S}机{S}, 2024{S}年{S}"
    assert index_text("서울 회의") == f"{S}서울{S}울{S} {S}회의{S}의{S}"
    assert index_text(f"ルド・トプ{S}") == f"{S}ルド{S}ド{S}・{S}トプ{S}プ{S} "  # ・ and U+001F cut
    assert index_text("Plain Latin, café") is None  # the index reads the text itself


def test_only_letters_are_cut_so_a_pair_is_one_token_to_both_engines() -> None:
    for low, high in LETTER_RANGES:
        for code in range(low, high + 1):
            category = unicodedata.category(chr(code))
            assert category[0] == "L" or category in ("Nl", "Cn"), (hex(code), category)


def test_a_word_is_the_phrase_of_its_pairs_and_one_character_a_prefix() -> None:
    assert query_phrase("北京") == Phrase(f"{S}北京{S}")
    assert query_phrase("北京市") == Phrase(f"{S}北京{S}京市{S}")
    assert query_phrase("京") == Phrase("", "京")
    assert query_phrase("2024年") == Phrase("2024", "年")
    assert query_phrase("北京 weather") == Phrase(f"{S}北京{S}京{S} weather")  # run ends here
    assert query_phrase("peace talks") == Phrase("peace talks")
    assert query_words(["北京 weather", "talks", "東京都に"]) == ["北京", "東京都に"]


def test_a_passage_reads_back_into_the_original_text_with_the_words_marked() -> None:
    passage = index_text("今天北京下雨 weather") or ""
    assert readable(passage, ["北京"], MARKS) == "今天[北京]下雨 weather"
    cut = f"…天北{S}北京{S}[京下]{S}下雨"  # a prefix match on 京, the passage cut mid-run
    assert readable(cut, ["京"], MARKS) == "…天北[京]下雨"
    across = f"{S}[北京{S}京{S} weather] and"  # a phrase running out of the run
    assert readable(across, ["北京"], MARKS) == "[北京 weather] and"
    assert readable("a [talks resume] b", [], MARKS) == "a [talks resume] b"


@given(st.one_of(CJK_TEXT, ANY_TEXT))
def test_any_text_reads_back_from_its_index_text(text: str) -> None:
    indexed = index_text(text)
    expected = text.replace(S, " ") if indexed is not None else text
    assert readable(indexed if indexed is not None else text, [], MARKS) == expected


@given(CJK_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_a_passage_cut_between_tokens_is_a_piece_of_the_original(
    text: str, start: int, length: int
) -> None:
    indexed = index_text(text)
    if indexed is None:
        return
    tokens = indexed.split(S)  # what an engine's passage begins and ends on
    piece = S.join(tokens[start : start + length])
    assert readable(piece, [], MARKS).replace(S, "") in text.replace(S, " ")
