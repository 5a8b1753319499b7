"""Editions and the language filter: narrowed lists, remembered in cookies."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_an_edition_narrows_to_its_country_and_is_remembered(client: TestClient) -> None:
    response = client.get("/edition/fr")  # the ISO code names the France edition
    assert response.status_code == 200 and "Edition: <strong>France</strong>" in response.text
    assert client.cookies.get("edition") == "fr"
    home = client.get("/api/").json()  # the cookie now narrows the home page
    assert home["narrowing"]["edition"]["slug"] == "France"
    assert {a["title"][:9] for a in home["articles"]} == {"La France"}
    client.get("/edition/world", follow_redirects=False)
    assert client.cookies.get("edition") is None
    assert len(client.get("/api/").json()["articles"]) == 10


def test_the_language_filter_applies_to_sections_too(client: TestClient) -> None:
    client.get("/", params={"lang": "fr"})
    assert client.cookies.get("lang") == "fr"
    page = client.get("/api/section/environment").json()
    assert page["narrowing"]["language"] == "fr" and len(page["articles"]) == 4
    assert client.get("/api/section/politics").json()["articles"] == []
    client.get("/", params={"lang": ""})
    assert client.cookies.get("lang") is None


def test_the_world_edition_sends_its_next_page_to_the_home_pages(client: TestClient) -> None:
    cursor = client.get("/api/", params={"limit": 2}).json()["next_cursor"]
    assert cursor
    response = client.get("/edition/world", params={"cursor": cursor}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/?cursor={cursor}"


def test_an_unknown_edition_is_a_404(client: TestClient) -> None:
    assert client.get("/edition/Atlantis").status_code == 404
    assert client.get("/api/edition/Atlantis").status_code == 404


def test_a_language_code_is_read_as_readers_write_it(client: TestClient) -> None:
    for typed in ("fr", "FR", " fr-FR ", "fra"):
        page = client.get("/api/", params={"lang": typed}).json()
        assert page["narrowing"]["language"] == "fr", typed
        assert page["reason"] is None and len(page["articles"]) == 4


def test_an_unknown_language_code_lists_nothing_and_says_why(client: TestClient) -> None:
    """A typo in ?lang= used to list every language as if none was asked for."""
    client.get("/", params={"lang": "fr"})
    response = client.get("/", params={"lang": "zz"})
    assert response.status_code == 200
    said = (
        "No articles in language “zz”: it is not a language code (ISO 639-1, such as “en” or “fr”)."
    )
    assert said in response.text and "Language: <strong>“zz”</strong>, unknown" in response.text
    assert "tidings sources add" not in response.text
    assert client.cookies.get("lang") == "fr"  # the reader's choice survives the typo
    home = client.get("/api/", params={"lang": "zz"}).json()
    assert (home["articles"], home["by_section"], home["next_cursor"]) == ([], [], None)
    assert (home["reason"], home["message"]) == ("impossible_filter", said)
    assert home["narrowing"] == {"edition": None, "language": None, "unknown_language": "zz"}
    for path in ("/api/section/environment", "/api/tag/diplomaticConflict", "/api/edition/fr"):
        page = client.get(path, params={"lang": "english"}).json()
        assert page["articles"] == [] and page["reason"] == "impossible_filter", path
        assert "“english”" in page["message"]
    assert client.get("/section/environment", params={"lang": "zz"}).status_code == 200
    client.cookies.clear()
    client.cookies.set("lang", "zz")  # a cookie from before the check: ignored, not a typo
    home = client.get("/api/").json()
    assert home["narrowing"]["unknown_language"] is None and len(home["articles"]) == 10


def test_a_language_with_no_news_yet_is_an_ordinary_empty_list(client: TestClient) -> None:
    page = client.get("/api/", params={"lang": "de"}).json()
    assert page["articles"] == [] and page["narrowing"]["language"] == "de"
    assert page["reason"] is None and page["message"] is None
    html = client.get("/", params={"lang": "de"}).text
    assert "Language: <strong>German (de)</strong>" in html  # the name, not only the code
    assert "No news here yet in German (de)." in html
    assert "tidings sources add" not in html
    france = client.get("/edition/fr", params={"lang": "de"}).text
    assert "No news here yet in the France edition in German (de)." in france
