from __future__ import annotations

import pytest

from tidings.extract.sanitize import sanitize_html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="https://x.test/a.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<iframe src="https://evil.test"></iframe>',
        '<svg onload="alert(1)"><script>alert(1)</script></svg>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<math><mtext><script>alert(1)</script></mtext></math>",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<style>body{display:none}</style>",
        '<object data="https://evil.test/x.swf"></object>',
    ],
)
def test_active_content_is_removed(payload: str) -> None:
    cleaned = sanitize_html(f"<p>before</p>{payload}<p>after</p>").lower()
    for marker in ("script", "onerror", "onload", "javascript:", "iframe", "svg", "style", "data:"):
        assert marker not in cleaned
    assert "before" in cleaned and "after" in cleaned


def test_reading_structure_survives() -> None:
    html = (
        "<h2>Sub</h2><p>One <em>two</em> <strong>three</strong></p>"
        "<ul><li>a</li></ul><blockquote>q</blockquote>"
        '<figure><img src="https://x.test/a.png" alt="A"></figure>'
        '<p><a href="https://x.test/page">link</a></p>'
    )
    cleaned = sanitize_html(html)
    for fragment in ("<h2>Sub</h2>", "<em>two</em>", "<li>a</li>", "<blockquote>q</blockquote>"):
        assert fragment in cleaned
    assert 'src="https://x.test/a.png"' in cleaned
    assert 'href="https://x.test/page"' in cleaned


def test_relative_and_odd_urls_are_dropped_but_text_kept() -> None:
    cleaned = sanitize_html('<p><a href="/local">here</a><img src="//cdn.test/x.png"></p>')
    assert "href" not in cleaned and "src" not in cleaned
    assert "here" in cleaned


def test_relative_urls_are_made_absolute_against_the_article() -> None:
    """elijahpotter.dev's feed writes ``./next-post`` and ``/images/...``: both were lost."""
    cleaned = sanitize_html(
        '<li><a href="./building_the_weir_language">Building</a></li>'
        '<img src="/images/weir_studio_draft.png" alt="The Weir Studio">'
        '<img src="//cdn.test/x.png"><a href="#notes">notes</a>',
        "https://elijahpotter.dev/articles/imagine_a_weir_studio",
    )
    assert 'href="https://elijahpotter.dev/articles/building_the_weir_language"' in cleaned
    assert 'src="https://elijahpotter.dev/images/weir_studio_draft.png"' in cleaned
    assert 'src="https://cdn.test/x.png"' in cleaned
    assert 'href="https://elijahpotter.dev/articles/imagine_a_weir_studio#notes"' in cleaned


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:image/png;base64,AA",
        "file:///etc/passwd",
        "http://[::1/x",
    ],
)
def test_a_base_url_does_not_let_other_schemes_through(url: str) -> None:
    cleaned = sanitize_html(f'<a href="{url}">x</a><img src="{url}">', "https://x.test/a/b")
    assert "href" not in cleaned and "src" not in cleaned and "x" in cleaned


def test_layout_tags_and_attributes_are_stripped() -> None:
    cleaned = sanitize_html(
        '<div class="x" id="y"><span>text</span>'
        '<table border="1" style="width:9999px"><tr><td onclick="x()">c</td></tr></table></div>'
    )
    assert "<div" not in cleaned and "<span" not in cleaned
    assert "class" not in cleaned and "style" not in cleaned and "onclick" not in cleaned
    assert "text<table><tbody><tr><td>c</td></tr></tbody></table>" in cleaned


def test_code_blocks_keep_their_lines() -> None:
    """gessfred.xyz's kubectl commands ran into one line once <pre> was dropped."""
    code = "kubectl create secret docker-registry [SECRET_NAME] \\\n--namespace [NAMESPACE]"
    cleaned = sanitize_html(f'<pre class="x"><code class="language-sh">{code}</code></pre>')
    assert cleaned == f"<pre><code>{code}</code></pre>"


@pytest.mark.parametrize("empty", ["", "   ", "<script>x</script>"])
def test_empty_input_gives_empty_output(empty: str) -> None:
    assert sanitize_html(empty) == ""


def test_an_image_whose_address_was_refused_is_dropped_not_left_empty() -> None:
    html = '<p><img alt="Tweet" src="file:///feeds/a.png"> and <img src="/b.png" alt="b"></p>'
    assert sanitize_html(html, "https://coghlan.me/p/") == (
        '<p> and <img src="https://coghlan.me/b.png" alt="b"></p>'
    )
