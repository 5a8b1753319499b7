"""An article: sanitised body, tags with their evidence, the original link."""

from __future__ import annotations

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
