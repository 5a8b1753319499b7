"""Search pages: filters, highlighted snippets, and hostile input never breaks them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.web.corpus import Written
from tidings.web.pages.search import MAX_QUERY, clip_query


def test_search_finds_highlights_and_filters(client: TestClient, written: Written) -> None:
    page = client.get("/api/search", params={"q": "ambassador corridor"}).json()
    assert page["matches"] == 6 and page["message"] is None
    assert "<mark>ambassador</mark>" in page["hits"][0]["snippet_html"]
    french = client.get("/api/search", params={"q": "plan", "lang": "fr"}).json()
    assert {h["article"]["language"] for h in french["hits"]} == {"fr"}
    talks = client.get("/api/search", params={"q": "talks"}).json()
    by_tag = client.get("/api/search", params={"q": "talks", "tag": "diplomaticConflict"}).json()
    assert talks["matches"] == 32 and by_tag["matches"] == 2
    assert {h["article"]["title"] for h in by_tag["hits"]} == {
        "Ceasefire talks resume in Doha",
        "Moscow offers to mediate as Zangezur corridor talks stall",
    }
    by_source = client.get(
        "/api/search", params={"q": "Moscow", "source": str(written.source_ids[1])}
    ).json()
    assert by_source["hits"] and {h["article"]["source"]["name"] for h in by_source["hits"]} == {
        "Al Arabiya"
    }


def test_a_phrase_is_stricter_than_its_words(client: TestClient) -> None:
    words = client.get("/api/search", params={"q": "talks continue"}).json()["matches"]
    phrase = client.get("/api/search", params={"q": '"talks continue"'}).json()["matches"]
    assert words == 30 and phrase == 0


def test_date_range_and_country_narrow_results(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "Kremlin"}).json()["matches"]
    recent = client.get("/api/search", params={"q": "Kremlin", "since": "2999-01-01"}).json()
    assert everything == 30 and recent["matches"] == 0 and recent["message"]
    france = client.get("/api/search", params={"q": "plan", "country": "France"}).json()
    assert france["matches"] == 4


def test_search_html_escapes_text_and_keeps_marks(client: TestClient) -> None:
    assert "<mark>Baku</mark>" in client.get("/search", params={"q": "Baku"}).text
    html = client.get("/search", params={"q": "<script>alert(1)</script> Baku"}).text
    assert "&lt;script&gt;alert(1)" in html and "<script>alert" not in html


def test_empty_and_nonsense_queries_get_a_plain_message(client: TestClient) -> None:
    for query in ("", '""', "AND OR NOT", "*", "NEAR(a b)"):
        page = client.get("/api/search", params={"q": query}).json()
        assert page["hits"] == [] or query in ("AND OR NOT",)
        assert page["message"] or page["hits"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.one_of(
        st.text(max_size=200),
        st.text(alphabet='"*^():-+ANDORNEAR{}[]\\/ ', max_size=60),
        st.just("x" * 10_240),
        st.just('" ' * 5000),
    ),
    since=st.one_of(st.none(), st.text(max_size=12)),
    page=st.one_of(st.none(), st.text(max_size=6)),
)
@example(query="", since="2025-02-30", page="³")  # a digit that int() refuses
@example(query="ambassador", since=None, page="2")  # a page past the last
def test_hostile_queries_never_fail(client: TestClient, query: str, since, page) -> None:
    params = {"q": query}
    if since is not None:
        params["since"] = since
    if page is not None:
        params["page"] = page
    response = client.get("/api/search", params=params)
    assert response.status_code == 200
    body = response.json()
    assert body["hits"] or body["message"]
    assert client.get("/search", params=params).status_code == 200


def test_the_search_page_links_to_the_next_page_of_results(client: TestClient) -> None:
    seen: list[str] = []
    href: str | None = "/search?q=Kremlin"
    while href:
        html = client.get(href).text
        seen += re.findall(r'<h2[^>]*><a href="(/article/\d+)">', html)
        more = re.search(r'<a rel="next" href="([^"]+)">More results</a>', html)
        href = more and more.group(1).replace("&amp;", "&")
    assert len(seen) == len(set(seen)) == 30  # three pages of ten, each article once


def test_the_tag_filter_reads_a_tag_as_a_reader_types_it(client: TestClient) -> None:
    for tag in (
        "diplomaticConflict",
        "diplomaticconflict",
        "#DiplomaticConflict",
        "  #diplomatic conflict",
    ):
        page = client.get("/api/search", params={"q": "talks", "tag": tag}).json()
        assert page["matches"] == 2, tag
        assert page["filters"]["tag"] == "diplomaticConflict"
    unknown = client.get("/api/search", params={"q": "talks", "tag": "#NoSuchTag"}).json()
    assert unknown["hits"] == [] and unknown["message"] == "No news with #NoSuchTag yet."


def test_an_unknown_language_code_is_said_to_the_reader(client: TestClient) -> None:
    """ "lang=zz" searched every language, as if no language had been asked for."""
    page = client.get("/api/search", params={"q": "plan", "lang": "zz"}).json()
    assert page["hits"] == [] and page["reason"] == "impossible_filter"
    assert page["message"].startswith("No articles in language “zz”: it is not a language code")
    assert page["filters"]["lang"] == "zz"  # left in the form, to be corrected
    html = client.get("/search", params={"q": "plan", "lang": "zz"}).text
    assert "No articles in language “zz”" in html and 'name="lang" size="3" value="zz"' in html
    french = client.get("/api/search", params={"q": "plan", "lang": "FR"}).json()
    assert french["filters"]["lang"] == "fr" and french["matches"] == 4


def test_the_country_filter_takes_an_iso_code_like_the_editions(client: TestClient) -> None:
    for country in ("France", "france", "fr", "FR"):
        page = client.get("/api/search", params={"q": "plan", "country": country}).json()
        assert page["matches"] == 4, country
    nowhere = client.get("/api/search", params={"q": "plan", "country": "Atlantis"}).json()
    assert nowhere["hits"] == [] and "Atlantis" in nowhere["message"]


def test_dates_that_cannot_match_or_cannot_be_read_are_said_to_the_reader(
    client: TestClient,
) -> None:
    params = {"q": "Kremlin", "since": "2026-03-01", "until": "2026-02-01"}
    swapped = client.get("/api/search", params=params).json()
    assert swapped["hits"] == []
    assert swapped["message"] == (
        "The date “from” (2026-03-01) is after the date “to” (2026-02-01): no article can match."
    )
    unreadable = client.get("/api/search", params={"q": "Kremlin", "since": "last week"}).json()
    assert unreadable["matches"] == 30  # the search still runs, without that filter
    assert unreadable["notes"] == ["“last week” is not a date (YYYY-MM-DD): “from” is not applied."]
    html = client.get("/search", params={"q": "Kremlin", "since": "last week"}).text
    assert "“last week” is not a date" in html


def test_a_long_pasted_query_is_cut_between_words(client: TestClient) -> None:
    alone = client.get("/api/search", params={"q": "Moscow"}).json()
    pasted = client.get("/api/search", params={"q": "Moscow " * 2000}).json()  # 14,000 chars
    assert alone["matches"] > 0 and pasted["matches"] == alone["matches"]
    assert pasted["filters"]["q"].split() == ["Moscow"] * 1428  # not "... Moscow Mos"


def test_a_long_query_is_not_cut_at_a_vowel_sign() -> None:
    """The cut falls after "नेपा": its "ा" is a mark, not a word's end, so the last
    word goes whole ("नेपा" would be searched for, and found nowhere)."""
    clipped = clip_query("नेपाल " * 2000)  # 12,000 characters, 6 a word
    assert len(clipped) < MAX_QUERY and clipped.split() == ["नेपाल"] * 1666


def test_a_query_of_only_very_common_words_is_told_so(client: TestClient) -> None:
    """The same answer in the page and its JSON twin, with a reason programs can read."""
    params = {"q": "the of and", "lang": "en"}
    page = client.get("/api/search", params=params).json()
    assert (page["hits"], page["reason"]) == ([], "common_words")
    message = (
        "Your search only has very common words (“the”, “of”, “and”): add a more specific word."
    )
    assert page["message"] == message
    assert message in client.get("/search", params=params).text
    anywhere = client.get("/api/search", params={"q": "the of and"}).json()  # French ones too
    assert (anywhere["hits"], anywhere["reason"]) == ([], "no_match")
    assert anywhere["message"].endswith("are too common to be searched in English articles.")


def test_every_search_without_results_says_why_for_programs(client: TestClient) -> None:
    def reason(**params: str) -> str | None:
        return client.get("/api/search", params=params).json()["reason"]

    assert reason(q="") == "no_words"
    assert reason(q="Kremlin") is None
    assert reason(q="zzyzx") == "no_match"
    assert reason(q="Kremlin", tag="Atlantis") == "impossible_filter"
    assert reason(q="Kremlin", lang="zz") == "impossible_filter"
    assert reason(q="Kremlin", lang="de") == "no_match"  # a language, with no news in it
    assert reason(q="Kremlin", page="99") == "past_last_page"


def test_one_match_is_counted_in_the_singular(client: TestClient) -> None:
    """ "1 matching articles" and "1 articles match, on pages 1 to 1" read as mistakes."""
    query = {"q": '"Ceasefire talks resume in Doha"'}
    assert client.get("/api/search", params=query).json()["matches"] == 1
    shown = client.get("/search", params=query).text
    assert "1 matching article." in shown and "matching articles" not in shown
    past = client.get("/api/search", params={**query, "page": "2"}).json()["message"]
    assert past == "No more results: 1 article matches, on page 1."
