"""An article: sanitised body, tags with their evidence, the original link."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.corpus import Written


def test_article_body_is_sanitised_and_tags_explain_themselves(
    client: TestClient, written: Written
) -> None:
    article_id = written.article_ids["https://www.aljazeera.com/news/script-test"]
    html = client.get(f"/article/{article_id}").text
    assert "Negotiators met in" in html and "alert(" not in html
    assert "<details><summary>Why this tag?</summary>" in html
    assert "Diplomatic conflict is named in the text." in html
    assert 'href="https://www.aljazeera.com/news/script-test"' in html  # the original
    assert 'alt="Picture for: Ceasefire talks resume in Doha"' in html
    assert "<time datetime=" in html and "By Staff writer" in html


def test_article_json_twin(client: TestClient, written: Written) -> None:
    article_id = written.article_ids["https://www.aljazeera.com/news/script-test"]
    page = client.get(f"/api/article/{article_id}").json()
    assert page["tags"][0]["evidence"] == "Diplomatic conflict is named in the text."
    assert "<script" not in page["html"]
    assert client.get("/api/article/424242").status_code == 404


def test_an_article_s_words_are_marked_in_its_language(client: TestClient) -> None:
    """The site is in English but a French article's title and text are not: marked
    lang="fr", a screen reader voices them in French (and a browser draws Japanese
    with Japanese glyphs, not Chinese ones), on its page, in lists and in search."""
    french = next(
        a for a in client.get("/api/", params={"lang": "fr"}).json()["articles"] if a["lead"]
    )
    page = client.get(f"/article/{french['id']}").text
    assert '<h1 lang="fr">' in page and '<div class="body" lang="fr">' in page
    home = client.get("/", params={"lang": "fr"}).text
    assert f'<h2 lang="fr"><a href="/article/{french["id"]}">' in home
    word = re.findall(r"\w{6,}", french["title"])[0]
    found = client.get("/search", params={"q": word, "lang": "fr"}).text
    assert '<h2 lang="fr">' in found and '<p class="snippet" lang="fr">' in found
