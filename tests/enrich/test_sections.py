"""Sections: the fixed list, publisher evidence, the shipped classifier, and hostile input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

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


def test_leaning_label_and_url_yield_to_clear_text(classifier: SectionClassifier) -> None:
    decision = classifier.classify(
        article(
            "Rebels shell the capital",
            "Troops and rebel fighters clashed as artillery shelled the city.",
            url="https://example.com/world/africa/2024/rebels-shell-the-capital",
            section="International",
        ),
        "en",
    )
    assert decision.slug == "conflict"  # "International" and /world/ lean to Politics
    assert decision.evidence.startswith(
        "publisher section 'International' + URL path /world/africa/ + text"
    )


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
