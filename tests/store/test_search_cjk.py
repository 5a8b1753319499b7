"""Words inside runs of Chinese, Japanese and Korean are found, alike on both backends."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.searching import found, save_corpus
from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.store.search import Searcher, SearchRequest, query_terms

CORPUS = {
    "beijing": ("zh", "北京天气", "今天北京下雨，气温很低。Beijing weather turned cold."),
    "tokyo": ("ja", "東京のニュース", "昨日東京都に行きました。トランプ大統領が来日した。"),
    "seoul": ("ko", "서울 소식", "서울에서 정상회의가 열렸다."),
    "south": ("zh", "南方", "南京和北海都很热，东京，北海道很冷。"),
    "london": ("en", "London weather", "Rain in London, the weather stays grey."),
}


@pytest.fixture
def searcher(store: Store) -> Searcher:
    return save_corpus(store, CORPUS)


def test_a_word_inside_a_run_is_found_in_each_language(searcher: Searcher) -> None:
    assert found(searcher, "北京") == ["beijing"]  # Chinese, inside 今天北京下雨
    assert found(searcher, "下雨") == ["beijing"]  # at the end of the run
    assert found(searcher, "行き") == ["tokyo"]  # Japanese kanji + kana
    assert found(searcher, "トランプ") == ["tokyo"]  # katakana
    assert found(searcher, "東京都") == ["tokyo"]  # three characters: a phrase of two pairs
    assert found(searcher, "회의") == ["seoul"]  # Korean, inside 정상회의가
    assert found(searcher, "天气") == ["beijing"]  # in the title only


def test_one_character_is_found_wherever_it_stands_in_a_run(searcher: Searcher) -> None:
    assert found(searcher, "京") == ["beijing", "south", "tokyo"]  # 北京, 南京, 東京 (not 東)
    assert found(searcher, "雨") == ["beijing"]  # the last character of its run
    assert found(searcher, "서") == ["seoul"]


def test_mixed_queries_and_quoted_phrases(searcher: Searcher) -> None:
    assert found(searcher, "北京 weather") == ["beijing"]
    assert found(searcher, "weather") == ["beijing", "london"]  # Latin as before
    assert found(searcher, '"北京下雨"') == ["beijing"]
    # A space or punctuation in a phrase is a word break, as for Latin words: it
    # matches the comma in 下雨，气温; without one the run would have to go on.
    assert found(searcher, '"下雨 气温"') == found(searcher, '"下雨，气温"') == ["beijing"]
    assert found(searcher, '"下雨气温"') == []
    assert found(searcher, "北京 tokyo") == []  # all words must match


def test_characters_that_are_not_next_to_each_other_do_not_match(searcher: Searcher) -> None:
    # Both characters of 北京 are in "south" (南京和北海), never side by side; and
    # 京北 stands there only across a comma (东京，北海道), which ends the run.
    assert found(searcher, "北京") == ["beijing"]
    assert found(searcher, "京北") == []
    assert found(searcher, "北海") == ["south"]


def unmarked(snippet_html: str) -> str:
    return snippet_html.replace("<mark>", "").replace("</mark>", "").strip("…")


def test_snippets_show_the_original_text_with_the_word_marked(searcher: Searcher) -> None:
    [hit] = searcher.search(SearchRequest("北京")).hits
    assert "<mark>北京</mark>下雨，气温很低。" in hit.snippet_html
    assert unmarked(hit.snippet_html) in CORPUS["beijing"][2]  # no pairs, no separators
    by_url = {hit.article.url: hit for hit in searcher.search(SearchRequest("京")).hits}
    assert "<mark>京</mark>下雨" in by_url["https://news.example/beijing"].snippet_html
    [hit] = searcher.search(SearchRequest("회의")).hits
    assert "정상<mark>회의</mark>가 열렸다." in hit.snippet_html
    assert unmarked(hit.snippet_html) in CORPUS["seoul"][2]
    [latin] = searcher.search(SearchRequest("london")).hits
    assert "<mark>London</mark>" in latin.snippet_html


def test_the_index_follows_a_text_that_changes(store: Store, searcher: Searcher) -> None:
    content = ExtractedArticle(
        url="https://news.example/beijing", title="Weather", text="Rain, in English now."
    )
    store.articles.save(Article(content, Enrichment(language="en")), None)
    assert found(searcher, "北京") == []
    assert found(searcher, "english") == ["beijing"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet="北京天气今下雨南东海道很冷都行き서울회의 ，", max_size=6))
def test_a_query_finds_exactly_the_articles_holding_its_words(
    searcher: Searcher, query: str
) -> None:
    """A CJK word matches where it stands as written, anywhere in a title or text."""
    words = query_terms(query)
    expected = sorted(
        slug
        for slug, (_language, title, text) in CORPUS.items()
        if words and all(word in title or word in text for word in words)
    )
    assert found(searcher, query) == expected
