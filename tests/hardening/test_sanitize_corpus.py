"""feedparser's sanitisation corpus never reaches a served page or the API.

Every file of ``feeds_feedparser_tests/files/wellformed/sanitize`` (script,
event handlers, javascript: URLs, frames, CSS expressions, SVG...) is ingested
twice: as the feed itself (given a link, so that its entry becomes an article
and its feed title a source name) and with each payload inside a saved article
page (the page-extraction path). Then every page and API answer the site
serves is parsed and searched for anything that could run, frame, restyle or
navigate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tidings.config import Settings
from tidings.offline import ingest_paths
from tidings.pipeline import Pipeline
from tidings.store import Store
from tidings.web.app import create_app

FILLER = (
    "The harbour authority said on Tuesday that the new ferry timetable would start in"
    " spring, after months of talks with the unions and the city council."
)
DANGEROUS_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "style", "base", "form", "input", "button", "textarea", "meta", "link", "blink",
}  # fmt: skip
DANGEROUS_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|livescript|mocha):", re.I)
CSS_TRICKS = re.compile(r"expression\s*\(|url\s*\(|behavio(u)?r\s*:|-moz-binding", re.I)
MARKUP_IN_TEXT = re.compile(r"<\s*(script|iframe|svg|object|embed)\b|javascript:", re.I)


def _with_links(content: str, name: str) -> str:
    """The corpus file with a link (and a body when it has none) in each entry.

    The body has words of its own: files whose payloads sanitise to the same text would
    otherwise be one text under many URLs, folded into a single article."""
    url = f"https://payloads.example/{name}"
    is_atom = "<feed" in content
    link = f'<link rel="alternate" href="{url}"/>' if is_atom else f"<link>{url}</link>"
    has_body = re.search(r"<(content|summary|description)\b", content)
    filler = f"{FILLER} {own_words(f'{name}feed', 0)}"
    body = (
        ""
        if has_body
        else f"<summary>{filler}</summary>"
        if is_atom
        else f"<description>{filler}</description>"
    )
    entry = re.compile(r"<(item|entry)(\s[^>]*)?>")
    if entry.search(content):
        return entry.sub(lambda m: m.group(0) + link + body, content, count=1)
    closing = "</feed>" if is_atom else "</channel>"
    tag = "entry" if is_atom else "item"
    return content.replace(
        closing, f"<{tag}><title>Filler</title>{link}{body or ''}</{tag}>{closing}", 1
    )


def _entry_payloads(path: Path) -> Iterator[str]:
    """The entry bodies of the file as feedparser decodes them (base64 too), unsanitised.

    Titles and feed-level texts reach pages through the feed itself."""
    parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
    for entry in parsed.entries:
        for key in ("summary",):
            if entry.get(key):
                yield entry[key]
        for content in entry.get("content", []):
            if content.get("value"):
                yield content["value"]


def _page(name: str, number: int, payload: str) -> str:
    url = f"https://pages.example/{name}/{number}"
    return (
        f'<!doctype html><html><head><title>Page {name}</title><link rel="canonical" href="{url}">'
        f"</head><body><article><h1>Ferry timetable {number}</h1><p>{FILLER}</p>{payload}"
        f"<p>{FILLER}</p><p>{own_words(name, number)}</p></article></body></html>"
    )


def own_words(name: str, number: int) -> str:
    """Words only this page has: pages that share their filler are not near-duplicates."""
    stem = name.replace("_", "")  # one word: an underscore splits words
    return " ".join(f"{stem}{number}w{i}" for i in range(60))


@pytest.fixture(scope="module")
def served(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    corpus = sorted(
        (shared_data / "feeds_feedparser_tests/files/wellformed/sanitize").glob("*.xml")
    )
    assert len(corpus) > 400
    folder = tmp_path_factory.mktemp("payloads")
    for path in corpus:
        text = path.read_text(encoding="utf-8", errors="replace")
        (folder / path.name).write_text(_with_links(text, path.stem), encoding="utf-8")
        for number, payload in enumerate(_entry_payloads(path)):
            page = folder / f"{path.stem}-{number}.html"
            page.write_text(_page(path.stem, number, payload), encoding="utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), rate_limit_per_minute=0)
    store = Store.open(settings)
    report = ingest_paths(Pipeline(store, None), [folder])
    assert report.new > 800, report.as_dict()  # nearly every payload became an article
    return TestClient(create_app(settings, store))


def _urls(client: TestClient) -> Iterator[str]:
    cursor: str | None = None
    while True:
        page = client.get("/api/", params={"cursor": cursor} if cursor else {}).json()
        for article in page["articles"]:
            yield f"/article/{article['id']}"
            yield f"/api/article/{article['id']}"
            if article.get("source"):
                yield f"/source/{article['source']['id']}"
                yield f"/api/source/{article['source']['id']}"
        cursor = page.get("next_cursor")
        if not cursor:
            return


def _dangers(markup: str, *, own_head: bool = False) -> list[str]:
    """What in ``markup`` could run code, embed, navigate or restyle."""
    if not markup.strip():
        return []
    tree = lxml_html.fromstring(markup) if not own_head else lxml_html.document_fromstring(markup)
    found = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        in_our_head = (
            own_head and element.getparent() is not None and element.getparent().tag == "head"
        )
        if tag.lower() in DANGEROUS_ELEMENTS and not (
            (in_our_head and tag in {"link", "meta", "title"})
            or (own_head and _site_control(element))
        ):
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{name}= on <{tag}>")
            if DANGEROUS_SCHEMES.match(value or ""):
                found.append(f"{name}={value[:40]}")
            if name.lower() == "style" or (CSS_TRICKS.search(value or "") and name != "title"):
                found.append(f"style {name}={value[:40]}")
    return found


def _site_control(element: lxml_html.HtmlElement) -> bool:
    """The site's own script files and search/follow controls, not content.

    Content reaches pages only through the stored ``html`` field, which the API
    check parses with no such allowance, so an injected form is still caught.
    """
    if element.tag == "script":
        return element.get("src", "").startswith("/static/") and not (element.text or "").strip()
    if element.tag == "form":
        return element.get("action", "/").startswith("/")
    return element.tag in {"input", "button"}


def _json_dangers(value: object, *, text_fields: bool, path: str = "") -> list[str]:
    """``html`` fields are parsed like pages; with ``text_fields``, plain text is searched too."""
    if isinstance(value, dict):
        return [
            danger
            for key, item in value.items()
            for danger in (
                _dangers(f"<div>{item}</div>")
                if key == "html" and isinstance(item, str)
                else _json_dangers(item, text_fields=text_fields, path=f"{path}.{key}")
            )
        ]
    if isinstance(value, list):
        return [
            d for item in value for d in _json_dangers(item, text_fields=text_fields, path=path)
        ]
    if text_fields and isinstance(value, str) and MARKUP_IN_TEXT.search(value):
        return [f"{path}: {value[:60]!r}"]
    return []


def _problems(client: TestClient, *, text_fields: bool = False) -> dict[str, list[str]]:
    problems = {}
    for url in sorted(set(_urls(client))):
        if text_fields and not url.startswith("/api/"):
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        if url.startswith("/api/"):
            found = _json_dangers(response.json(), text_fields=text_fields)
        else:
            found = _dangers(response.text, own_head=True)
        if found:
            problems[url] = found
    return problems


def test_no_payload_reaches_a_page_or_an_html_field_of_the_api(served: TestClient) -> None:
    problems = _problems(served)
    assert not problems, json.dumps(dict(list(problems.items())[:10]), indent=1)
