"""The site in a real headless Chromium: follow a tag, read "For you", read an
article offline from the service worker, search. Saves the README screenshots.

Needs the Debian ``chromium`` package (scripts/test.sh installs it) and Python
Playwright; never downloads a browser.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from tidings.config import Settings
from tidings.models import Article, Enrichment, ExtractedArticle
from tidings.store import Store
from tidings.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
# The README's screenshots are refreshed on request; a plain test run leaves the tree clean.
SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("TIDINGS_UPDATE_SCREENSHOTS")
    else Path(tempfile.mkdtemp(prefix="tidings-screenshots-"))
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="chromium is not installed at /usr/bin/chromium"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")


@pytest.fixture(scope="module")
def base_url(written_store) -> Iterator[str]:
    settings, store, _written = written_store
    with served(settings, store) as url:
        yield url


@contextmanager
def served(settings: Settings, store: Store) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, store), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_follow_a_tag_read_for_you_read_offline_and_search(browser, base_url: str) -> None:
    context = browser.new_context(viewport=SIZES["desktop"], service_workers="allow")
    page = context.new_page()
    page.goto(f"{base_url}/tag/ZangezurCorridor")
    assert page.locator("h1").inner_text() == "Latest news with #ZangezurCorridor"
    follow = page.locator('button[data-follow="tag"]')
    follow.click()
    assert follow.get_attribute("aria-pressed") == "true"

    page.goto(f"{base_url}/for-you")
    cards = page.locator("#for-you article.card")
    cards.first.wait_for()
    assert cards.count() == 6 and "Zangezur" in cards.first.inner_text()

    cards.first.locator("h2 a").click()
    page.wait_for_url("**/article/*")
    title = page.locator("h1").inner_text()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker's control: the article is kept
    page.wait_for_timeout(300)
    context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == title
    context.set_offline(False)

    page.fill("#q", "ambassador")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=ambassador")
    assert page.locator(".snippet mark").count() >= 6
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_the_main_pages(browser, base_url: str, size: str) -> None:
    context = browser.new_context(viewport=SIZES[size], color_scheme="light")
    page = context.new_page()
    page.goto(f"{base_url}/")
    article_href = page.locator(".top article.card h2 a").first.get_attribute("href")
    for name, path in (
        ("home", "/"),
        ("tag", "/tag/ZangezurCorridor"),
        ("article", article_href),
        ("search", "/search?q=ambassador+corridor"),
    ):
        response = page.goto(f"{base_url}{path}")
        assert response is not None and response.ok
        page.wait_for_load_state("networkidle")
        shoot(page, f"{name}-{size}")
    context.close()
    for name in ("home", "tag", "article", "search"):
        assert (SCREENSHOTS / f"{name}-{size}.png").stat().st_size > 10_000


def test_a_long_unbroken_word_does_not_widen_a_phone_s_page(browser, tmp_path: Path) -> None:
    """Inline code (``System.Windows.Forms.Design.ControlDesigner``) or a bare URL in an
    article, or its title, made a real feed's articles scroll sideways on a phone."""
    settings = Settings(data_dir=tmp_path, rate_limit_per_minute=0)
    store = Store.open(settings)
    word = "System.Windows.Forms.Design.ControlDesigner.NonResizableDesigner"
    body = f"<p>Use <code>{word}</code> as in https://example.org/{'a' * 80}.</p>"
    content = ExtractedArticle(
        url="https://blog.example/designer", title=f"On {word}", text=body, html=body
    )
    article_id = store.articles.save(Article(content, Enrichment(language="en")), None)[0]
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    with served(settings, store) as url:
        for path in (f"/article/{article_id}", "/", "/search?q=designer"):
            page.goto(url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]
    context.close()
    store.close()
