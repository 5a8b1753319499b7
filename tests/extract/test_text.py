from __future__ import annotations

from tidings.extract.page import parse_page
from tidings.extract.text import (
    feed_body,
    html_to_text,
    normalise_text,
    readability_blocks,
    to_body,
    trafilatura_blocks,
)

SENTENCE = "The harbour authority approved the new ferry terminal after two years of planning. "
PAGE = f"""<html><body><nav><a href="/">Home</a></nav><article>
<h2>Terminal approved</h2>
{"".join(f"<p>{SENTENCE * 3}Paragraph {n}.</p>" for n in range(5))}
<ul><li>Cost: 40 million</li><li>Opening: 2027</li></ul>
</article><footer>Contact us</footer></body></html>"""


def test_trafilatura_blocks_carry_text_and_matching_html() -> None:
    tree = parse_page(PAGE)
    assert tree is not None
    blocks = trafilatura_blocks(tree, "https://port.example.com/a", precision=True)
    assert any(block.html.startswith("<p>") and "Paragraph 0." in block.text for block in blocks)
    assert any("<li>" in block.html and "Cost: 40 million" in block.text for block in blocks)
    assert all("Contact us" not in block.text for block in blocks)


def test_readability_blocks_are_paragraphs() -> None:
    tree = parse_page(PAGE)
    assert tree is not None
    texts = [block.text for block in readability_blocks(tree)]
    assert any(text.endswith("Paragraph 4.") for text in texts)


def test_to_body_needs_enough_text() -> None:
    tree = parse_page(PAGE)
    assert tree is not None
    body = to_body(trafilatura_blocks(tree, None, precision=True))
    assert body is not None and "\n\nThe harbour" in body.text
    assert to_body([]) is None


def test_html_to_text_breaks_blocks() -> None:
    assert html_to_text("<p>a <b>b</b></p><ul><li>c</li><li>d</li></ul>") == "a b\n\nc\n\nd"
    assert html_to_text("<html></html>") == ""


def test_normalise_text_squeezes_whitespace() -> None:
    assert normalise_text("  a   b \n\n\n c\t") == "a b\n\nc"


def test_feed_body_prefers_plain_text_and_sanitises_html() -> None:
    assert feed_body("Plain.", "<p>Html</p>", "https://x.test/a") is not None
    body = feed_body(
        None, '<p onclick="x()">Hi <a href="javascript:x">there</a></p>', "https://x.test/a"
    )
    assert body is not None
    assert body.text == "Hi there" and "onclick" not in body.html and "javascript" not in body.html
    assert feed_body(None, "<script>only</script>", "https://x.test/a") is None


def test_code_blocks_and_tables_keep_their_shape() -> None:
    """A config block ran into one line on the QA instance (gessfred.xyz, /article/669)."""
    code = "kind: Secret\napiVersion: v1\nmetadata:\n  name: github-regcred"
    page = PAGE.replace(
        "<ul>",
        f'<pre><code class="language-yaml">{code}</code></pre>'
        "<p>Run <code>kubectl edit</code> to change it.</p>"
        "<table><tr><th>Stop</th><th>Opens</th></tr><tr><td>Quay</td><td>2027</td></tr></table>"
        "<ul>",
    )
    tree = parse_page(page)
    assert tree is not None
    body = to_body(trafilatura_blocks(tree, "https://port.example.com/a", precision=True))
    assert body is not None
    assert f"<pre><code>{code}</code></pre>" in body.html
    assert "<p>Run <code>kubectl edit</code> to change it.</p>" in body.html
    assert "<tr><th>Stop</th> <th>Opens</th> </tr>" in body.html
    assert "<td>Quay</td> <td>2027</td>" in body.html


def test_the_wordpress_footer_is_not_part_of_the_body() -> None:
    summary = (
        "<p>Essays from The Daily News, May-October, 1913</p>\n"
        '<p>The post <a rel="nofollow" href="https://chesterton.org/lecture-134/">Lecture 134: '
        'The Trouble(s) with Being a Journalist</a> appeared first on <a rel="nofollow" '
        'href="https://chesterton.org">Society of Gilbert Keith Chesterton</a>.</p>\n'
    )
    body = feed_body(None, summary, "https://chesterton.org/lecture-134/")
    assert body is not None and body.text == "Essays from The Daily News, May-October, 1913"
    plain = "The post office reopened; the strike appeared first on Monday in Leeds."
    kept = feed_body(None, f"<p>{plain}</p><p>More to come.</p>", "https://news.example/")
    assert kept is not None and plain in kept.text
