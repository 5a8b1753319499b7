"""The enrich stage: language, section and hashtags with evidence for one article.

Bad input never raises: empty text gets no tags, markup is stripped, a huge text is
cut (see ``tags.analysis.MAX_CHARS``), an unreadable language gets place tags only.
An article without text is logged as a warning; the other cases are INFO notes, one
per article (an archive of 4,000 blog posts printed 250 of them as warnings), which
an operator who wants to see what the stage did turns on with the log level.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from tidings.enrich.language import detect_language
from tidings.enrich.sections import SectionClassifier
from tidings.enrich.tags.analysis import MAX_CHARS
from tidings.enrich.tags.tagger import Tagger
from tidings.models import Enrichment, ExtractedArticle

log = logging.getLogger(__name__)

_MARKUP = re.compile(r"<[^<>]{0,500}>")
MARKUP_SHARE = 0.05  # of characters inside tags: text that is really markup
LANGUAGE_SAMPLE = 2_000  # characters: plenty to tell a language, and 5x faster than all


_WARM_UP = ExtractedArticle(
    url="https://warm-up.invalid/",
    title="Foreign ministers meet in Brussels over new trade sanctions",
    text=(
        "The foreign ministers of France and Germany met their Japanese counterpart in"
        " Brussels on Monday to discuss sanctions, the border dispute and the elections.\n\n"
        "Markets in London and New York rose after the talks, the central bank said."
    ),
)


@dataclass(frozen=True, slots=True)
class Enricher:
    """Loads every model and gazetteer once; ``enrich`` then takes about 5 ms."""

    tagger: Tagger
    sections: SectionClassifier

    @classmethod
    def load(cls, section_encoder: Path | None = None) -> Enricher:
        """The shipped models, and the operator's section encoder when one is named."""
        return cls(tagger=Tagger.load(), sections=SectionClassifier.load(section_encoder))

    def warm(self) -> None:
        """Load now what the first article would (language model, gazetteers, stemmers):
        a worker's first page is then as fast as the rest."""
        self.enrich(_WARM_UP)

    def enrich(self, article: ExtractedArticle) -> Enrichment:
        title = clean_text(article.title or "", article.url)
        text = clean_text(article.text or "", article.url)
        language = detect_language(f"{title}\n{text}"[:LANGUAGE_SAMPLE], article.language)
        decision = self.sections.classify(article, language)
        enrichment = Enrichment(
            language=language, section=decision.slug, section_evidence=decision.evidence
        )
        if not (title.strip() or text.strip()):
            log.warning("no text to tag: %s", article.url)
            return enrichment
        if language is None:
            log.info("language unknown, tagging places and names only: %s", article.url)
        if len(title) + len(text) > MAX_CHARS:
            log.info("text of %d characters cut for tagging: %s", len(text), article.url)
        enrichment.tags = self.tagger.tag(title, text, language)
        return enrichment


def clean_text(text: str, url: str) -> str:
    """The text without markup, when an extractor let HTML through."""
    markup = sum(len(m) for m in _MARKUP.findall(text[:MAX_CHARS]))
    if markup > MARKUP_SHARE * min(len(text), MAX_CHARS):
        log.info("markup stripped from the text: %s", url)
        return _MARKUP.sub(" ", text)
    return text
