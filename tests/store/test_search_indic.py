"""A word of an Indic script is one word, vowel signs and viramas included, on both
backends: it finds its article and not the articles that hold only its letters."""

from __future__ import annotations

import pytest

from tests.store.searching import found, save_corpus
from tidings.store import Store
from tidings.store.search import Searcher, SearchRequest, Unanswered
from tidings.store.search_terms import query_terms

# Each "fragment" article holds the letters of a word of another one, never the
# word: cut at its marks, "नेपाल" (Nepal) is न, प, ल, which "नेपाली" (Nepali) holds.
CORPUS = {
    "kathmandu": (
        "ne",
        "नेपाल र भारतबीच सीमा वार्ता",
        "प्रधानमन्त्री कार्यालयमा सीमा विवादबारे छलफल भयो। नेपाल सरकारले प्रस्ताव राख्यो।",
    ),
    "nepali": ("ne", "नेपाली भाषा दिवस", "नेपाली भाषाका लेखकहरूले काठमाडौँमा कार्यक्रम गरे।"),
    "delhi": ("hi", "प्रधानमंत्री ने संसद को संबोधित किया", "प्रधानमंत्री ने आज बजट पर भाषण दिया।"),
    "minister": ("hi", "मंत्री का बयान", "मंत्री ने नम्र होकर प्रधान सचिव से बात की।"),
    "dhaka": ("bn", "নির্বাচনের ফলাফল", "বাংলাদেশ নির্বাচন কমিশন আজ ফলাফল ঘোষণা করেছে।"),
    "bangla": ("bn", "বাংলা ভাষার দিন", "বাংলা আমাদের দেশের ভাষা।"),
    "chennai": ("ta", "தமிழ்நாடு சட்டமன்றம்", "தமிழ்நாடு முதலமைச்சர் இன்று அறிவிப்பு வெளியிட்டார்."),
    "tamil": ("ta", "தமிழ் மொழி", "தமிழ் மக்கள் வாழும் நாடு."),
    "london": ("en", "London weather", "Rain in London, the weather stays grey."),
}


@pytest.fixture
def searcher(store: Store) -> Searcher:
    return save_corpus(store, CORPUS)


def test_a_word_with_marks_is_one_term() -> None:
    assert query_terms('नेपाल प्रधानमन्त्री "বাংলাদেশ নির্বাচন"') == [
        "বাংলাদেশ নির্বাচন",
        "नेपाल",
        "प्रधानमन्त्री",
    ]
    assert query_terms("தமிழ்நாடு, ज़िंदगी।") == ["தமிழ்நாடு", "ज़िंदगी"]  # a danda ends a word


def test_a_word_finds_its_article_and_not_the_ones_holding_its_letters(
    searcher: Searcher,
) -> None:
    assert found(searcher, "नेपाल") == ["kathmandu"]  # Nepali, not "nepali"
    assert found(searcher, "प्रधानमन्त्री") == ["kathmandu"]  # Nepali spelling
    assert found(searcher, "प्रधानमंत्री") == ["delhi"]  # Hindi, not "minister"
    assert found(searcher, "বাংলাদেশ") == ["dhaka"]  # Bengali, not বাংলা ... দেশের
    assert found(searcher, "தமிழ்நாடு") == ["chennai"]  # Tamil, not தமிழ் ... நாடு
    assert found(searcher, "தமிழ்") == ["tamil"]  # nor the other way round


def test_phrases_filters_and_latin_words_as_before(searcher: Searcher) -> None:
    assert found(searcher, '"सीमा वार्ता"') == ["kathmandu"]
    assert found(searcher, '"वार्ता सीमा"') == []
    assert found(searcher, "नेपाल", language="ne") == ["kathmandu"]
    assert found(searcher, "नेपाल", language="hi") == []
    assert found(searcher, "नेपाल weather") == []  # all words must match
    assert found(searcher, "weather") == ["london"]


def test_nepali_stop_words_are_read_whole_and_dropped_in_nepali(searcher: Searcher) -> None:
    """ "पनि" (also) is a Nepali stop word only once read as one word, not as "पन"."""
    assert found(searcher, "नेपाल पनि") == ["kathmandu"]
    results = searcher.search(SearchRequest("पनि", language="ne"))
    assert results.reason is Unanswered.COMMON_WORDS


def test_snippets_mark_the_whole_word(searcher: Searcher) -> None:
    [hit] = searcher.search(SearchRequest("प्रधानमंत्री")).hits
    assert "<mark>प्रधानमंत्री</mark> ने आज बजट" in hit.snippet_html
    [hit] = searcher.search(SearchRequest("বাংলাদেশ")).hits
    assert "<mark>বাংলাদেশ</mark> নির্বাচন" in hit.snippet_html
