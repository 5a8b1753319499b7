"""Sections: the fixed list, publisher evidence, the shipped classifier, and hostile input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tidings.enrich.section_hints import label_hint, url_hint
from tidings.enrich.sections import SECTIONS, SectionClassifier, SectionDecision
from tidings.models import ExtractedArticle

SLUGS = {s.slug for s in SECTIONS}
BBC_SLUGS = {
    "business": "business",
    "entertainment": "arts-culture",
    "politics": "politics",
    "sport": "sport",
    "tech": "science-technology",
}


@pytest.fixture(scope="module")
def classifier() -> SectionClassifier:
    return SectionClassifier.load()


def article(title: str = "", text: str = "", url: str = "https://example.com/a/1", **kw):
    return ExtractedArticle(url=url, title=title, text=text, **kw)


def test_the_list_is_the_17_iptc_top_level_topics() -> None:
    assert len(SECTIONS) == 17 == len(SLUGS)
    assert len({s.iptc_qcode for s in SECTIONS}) == 17
    assert {"politics", "business", "science-technology", "arts-culture"} <= SLUGS


@pytest.mark.parametrize(
    ("label", "slugs", "strong"),
    [
        ("Politics", ("politics",), True),
        ("Sport > Football", ("sport",), True),
        ("Économie", ("business",), True),
        ("Deportes", ("sport",), True),
        ("Wissenschaft", ("science-technology",), True),
        ("Life and Style", ("lifestyle",), True),
        ("Crime & Justice", ("crime-justice",), True),
        ("Science & Environment", ("science-technology", "environment"), True),
        ("World News", ("politics",), False),
        ("Middle East", ("politics",), False),
    ],
)
def test_publisher_labels_map_to_sections(label: str, slugs: tuple, strong: bool) -> None:
    hint = label_hint(label)
    assert hint is not None
    assert (hint.slugs, hint.strong) == (slugs, strong)
    assert label in hint.evidence


@pytest.mark.parametrize("label", ["News", "Opinion", "Latest", "", "   ", "Top Stories"])
def test_labels_that_name_no_topic_give_no_hint(label: str) -> None:
    assert label_hint(label) is None


@pytest.mark.parametrize(
    ("url", "slug", "strong"),
    [
        ("https://www.bbc.co.uk/sport/football/68712345", "sport", True),
        ("https://www.bbc.co.uk/news/business-68712345", "business", True),
        ("https://www.nytimes.com/2024/05/12/us/politics/trump-rally.html", "politics", True),
        ("https://elpais.com/deportes/2024-01-01/el-madrid-gana.html", "sport", True),
        ("https://sport.lemonde.fr/article/les-bleus-gagnent", "sport", True),
        ("https://www.theguardian.com/world/middle-east/2024/jan/01/gaza", "politics", False),
    ],
)
def test_url_paths_map_to_sections(url: str, slug: str, strong: bool) -> None:
    hint = url_hint(url)
    assert hint is not None
    assert (hint.slugs[0], hint.strong) == (slug, strong)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/art-theft",  # an article slug, not a section
        "https://example.com/",
        "not a url",
        "http://[::1/x",
        "",
    ],
)
def test_urls_without_a_section_give_no_hint(url: str) -> None:
    assert url_hint(url) is None


def test_a_strong_publisher_label_decides(classifier: SectionClassifier) -> None:
    decision = classifier.classify(
        article("Markets rally", "Shares rose sharply.", section="Sport"), "en"
    )
    assert decision.slug == "sport"
    assert decision.evidence == "publisher section 'Sport' -> Sport"


def test_a_weak_label_is_combined_with_the_text(classifier: SectionClassifier) -> None:
    decision = classifier.classify(
        article(
            "Ceasefire talks collapse",
            "Talks between the two governments on a ceasefire collapsed as ministers "
            "and diplomats failed to agree.",
            url="https://www.theguardian.com/world/middle-east/2024/jan/01/talks",
        ),
        "en",
    )
    assert decision.slug == "politics"
    assert decision.evidence.startswith("URL path /world/middle-east/ + text")


def test_unread_language_without_publisher_evidence_is_unknown(
    classifier: SectionClassifier,
) -> None:
    decision = classifier.classify(article("Le match", "Le PSG a gagné hier soir."), "fr")
    assert decision.slug is None


def test_unread_language_still_uses_publisher_evidence(classifier: SectionClassifier) -> None:
    decision = classifier.classify(
        article("Le match", "Le PSG a gagné hier soir.", url="https://x.fr/sport/psg-123"), "fr"
    )
    assert decision.slug == "sport"


def _bbc_sample(shared_data: Path, per_label: int) -> list[dict]:
    chosen: dict[str, list[dict]] = {}
    with gzip.open(shared_data / "news_category_bbc" / "articles.jsonl.gz", "rt") as lines:
        for record in map(json.loads, lines):
            bucket = chosen.setdefault(record["label"], [])
            if len(bucket) < per_label:
                bucket.append(record)
    return [r for bucket in chosen.values() for r in bucket]


def test_the_classifier_files_bbc_articles(
    classifier: SectionClassifier, shared_data: Path
) -> None:
    records = _bbc_sample(shared_data, per_label=10)
    decisions = [classifier.classify(article(r["title"], r["text"]), "en") for r in records]
    right = sum(d.slug == BBC_SLUGS[r["label"]] for d, r in zip(decisions, records, strict=True))
    assert right >= 0.9 * len(records)
    assert all(d.evidence.startswith("classifier") for d in decisions)


@pytest.mark.parametrize(
    "bad",
    [
        article(),
        article("x" * 5_000_000, "word " * 1_000_000),
        article("ข่าวการเมือง", "รัฐบาลประกาศมาตรการใหม่เพื่อควบคุมเงินเฟ้อ" * 500),
        article("<div>", "<div><span>&nbsp;</span><script>x()</script></div>" * 10_000),
        article("\x00\ud800", "\ufffd" * 1000, url="::::"),
    ],
    ids=["empty", "huge", "thai", "markup", "garbage"],
)
def test_bad_input_gets_a_decision(classifier: SectionClassifier, bad: ExtractedArticle) -> None:
    for language in ("en", None, "th"):
        decision = classifier.classify(bad, language)
        assert isinstance(decision, SectionDecision)
        assert decision.slug is None or decision.slug in SLUGS
        assert 0.0 <= decision.score <= 1.0
