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


def test_a_language_no_one_speaks_is_neither_applied_nor_remembered(client: TestClient) -> None:
    client.get("/", params={"lang": "fr"})
    response = client.get("/", params={"lang": "zz"})
    assert response.status_code == 200 and "Language: <strong>" not in response.text
    assert client.cookies.get("lang") is None  # ?lang=zz clears the choice, as ?lang= does
    home = client.get("/api/", params={"lang": "zz"}).json()
    assert home["narrowing"]["language"] is None and len(home["articles"]) == 10
    client.cookies.set("lang", "zz")  # a cookie from before the check: ignored
    assert client.get("/api/").json()["narrowing"]["language"] is None
    assert client.get("/api/", params={"lang": "FR"}).json()["narrowing"]["language"] == "fr"


def test_a_language_with_no_news_yet_says_so_without_the_operator_hint(
    client: TestClient,
) -> None:
    html = client.get("/", params={"lang": "de"}).text
    assert "Language: <strong>German (de)</strong>" in html  # the name, not only the code
    assert "No news here yet in this edition or language." in html
    assert "tidings sources add" not in html
