"""Tidings' sections, and the decision which one an article belongs to.

The list is fixed: the 17 top-level IPTC Media Topics with short display
names, so every article lands in a section a reader recognises and the
section pages are the same for every installation. The qcodes, and the
definitions used as descriptions, come from the IPTC Media Topic NewsCodes
(https://iptc.org/standards/media-topics/), © IPTC, licensed CC BY 4.0.

| slug | display | IPTC qcode |
| --- | --- | --- |
| arts-culture | Arts & Culture | medtop:01000000 |
| conflict | Conflict | medtop:16000000 |
| crime-justice | Crime & Justice | medtop:02000000 |
| disaster | Disaster | medtop:03000000 |
| business | Business | medtop:04000000 |
| education | Education | medtop:05000000 |
| environment | Environment | medtop:06000000 |
| health | Health | medtop:07000000 |
| human-interest | Human Interest | medtop:08000000 |
| labour | Labour | medtop:09000000 |
| lifestyle | Lifestyle | medtop:10000000 |
| politics | Politics | medtop:11000000 |
| religion | Religion | medtop:12000000 |
| science-technology | Science & Technology | medtop:13000000 |
| society | Society | medtop:14000000 |
| sport | Sport | medtop:15000000 |
| weather | Weather | medtop:17000000 |

Decision order: a publisher label or URL path that names a topic decides
(the editor knows); a label that only leans ("World") is added to the text
classifier's probabilities; otherwise the classifier decides, and says
"unknown" (slug None) when it is unsure or cannot read the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tidings.enrich.section_encoder import EncoderTextModel, blend, encoder_input
from tidings.enrich.section_hints import SectionHint, label_hint, url_hint
from tidings.enrich.section_model import LinearTextModel, model_input
from tidings.models import ExtractedArticle


@dataclass(frozen=True)
class Section:
    """One of Tidings' fixed sections."""

    slug: str
    display: str
    iptc_qcode: str
    description: str


SECTIONS: tuple[Section, ...] = (
    Section("arts-culture", "Arts & Culture", "medtop:01000000",
            "All forms of arts, entertainment, cultural heritage and media"),
    Section("conflict", "Conflict", "medtop:16000000",
            "Protest, violence, military activities and geopolitical conflicts, and efforts "
            "to resolve them"),
    Section("crime-justice", "Crime & Justice", "medtop:02000000",
            "Laws, their enforcement and breaches, courts, punishment and the bodies involved"),
    Section("disaster", "Disaster", "medtop:03000000",
            "Man-made or natural events causing loss of life, injury or damage"),
    Section("business", "Business", "medtop:04000000",
            "The economy, business and finance: producing and exchanging wealth"),
    Section("education", "Education", "medtop:05000000",
            "All aspects of furthering knowledge, formally or informally"),
    Section("environment", "Environment", "medtop:06000000",
            "Protection, damage and condition of the planet's ecosystem"),
    Section("health", "Health", "medtop:07000000",
            "All aspects of physical and mental well-being"),
    Section("human-interest", "Human Interest", "medtop:08000000",
            "People, animals or things presented in an emotional way"),
    Section("labour", "Labour", "medtop:09000000",
            "Employment, working conditions, unions and support for the unemployed"),
    Section("lifestyle", "Lifestyle", "medtop:10000000",
            "Leisure, recreation, food and travel"),
    Section("politics", "Politics", "medtop:11000000",
            "The exercise of power, or the struggle for it, locally, nationally and between "
            "states"),
    Section("religion", "Religion", "medtop:12000000",
            "Belief systems, institutions and people who provide moral guidance"),
    Section("science-technology", "Science & Technology", "medtop:13000000",
            "Research, science and technology"),
    Section("society", "Society", "medtop:14000000",
            "Social issues and welfare, such as poverty, human rights and family planning"),
    Section("sport", "Sport", "medtop:15000000",
            "Competitive physical or mental activity, and the organisations behind it"),
    Section("weather", "Weather", "medtop:17000000",
            "Prediction and reporting of meteorological phenomena"),
)  # fmt: skip

BY_SLUG = {section.slug: section for section in SECTIONS}
MODEL_FILE = "section_data/sections_model.npz"
MODEL_LANGUAGES = frozenset({"en"})  # the shipped training corpora are English
STRONG_HINT_SCORE = 0.95
WEAK_HINT_BONUS = 0.25  # what a leaning label ("World") adds to its section's probability
WEAK_HINT_ALONE = 0.4  # score of a leaning label when the text cannot be read
# Below this the classifier's best section is a guess: "unknown". Trained without
# 500N-KPCrowd and tested on it (other publishers, 8 sections), the model was right
# on 52 % of all articles, 60 % of the 79 % scoring >= 0.35, 63 % of the 69 % >= 0.4.
MIN_PROBABILITY = 0.35
TITLE_CHARS = 500


@dataclass(frozen=True)
class SectionDecision:
    """The section chosen for one article and why; slug None means "unknown"."""

    slug: str | None
    score: float
    evidence: str


class SectionClassifier:
    """Publisher evidence first, the text classifiers second: the shipped linear model,
    averaged with a fine-tuned MiniLM where the operator has built one."""

    def __init__(self, model: LinearTextModel, encoder: EncoderTextModel | None = None) -> None:
        if encoder is not None and encoder.classes != model.classes:
            raise ValueError("the section encoder was trained on other sections: rebuild it")
        self._model = model
        self._encoder = encoder
        self._columns = np.array([model.classes.index(s.slug) for s in SECTIONS])

    @classmethod
    def load(cls, encoder: Path | None = None) -> SectionClassifier:
        """Load the shipped artefact (2.4 MB of arrays, 0.1-0.3 s) and, given its folder,
        the encoder that ``scripts/train_sections.py --encoder`` built (the ``encoder``
        extra; torch takes about 4 s to load)."""
        artefact = resources.files("tidings.enrich").joinpath(MODEL_FILE)
        with resources.as_file(artefact) as path:
            model = LinearTextModel.load(path)
        return cls(model, EncoderTextModel.load(encoder) if encoder is not None else None)

    def classify(self, article: ExtractedArticle, language: str | None = None) -> SectionDecision:
        """Section of ``article``; ``language`` (ISO 639-1) gates the English-only classifier."""
        hints = [h for h in (label_hint(article.section), url_hint(article.url)) if h]
        strong = next((h for h in hints if h.strong and len(h.slugs) == 1), None)
        if strong is not None:
            return _decided(strong.slugs[0], STRONG_HINT_SCORE, strong.evidence)
        probabilities = self._probabilities(article, language)
        if hints:
            return _with_hint(_merged(hints), probabilities)
        if probabilities is None:
            return SectionDecision(None, 0.0, "no publisher section, no English text to classify")
        best = int(probabilities.argmax())
        slug, score = SECTIONS[best].slug, float(probabilities[best])
        if score < MIN_PROBABILITY:
            return SectionDecision(
                None,
                round(score, 4),
                f"classifier unsure (best {BY_SLUG[slug].display} {score:.2f})",
            )
        return _decided(slug, score, f"classifier {score:.2f}")

    def _probabilities(self, article: ExtractedArticle, language: str | None) -> np.ndarray | None:
        """Probability per entry of SECTIONS, or None when the model cannot read the text."""
        if language is not None and language not in MODEL_LANGUAGES:
            return None
        title = (article.title or "")[:TITLE_CHARS]
        if not title.strip() and not (article.text or "").strip():
            return None
        probabilities = self._model.probabilities(model_input(title, article.text))
        if self._encoder is not None:
            read = self._encoder.probabilities([encoder_input(title, article.text)])[0]
            probabilities = blend(probabilities, read)
        return probabilities[self._columns]


def _decided(slug: str, score: float, evidence: str) -> SectionDecision:
    return SectionDecision(slug, round(score, 4), f"{evidence} -> {BY_SLUG[slug].display}")


def _merged(hints: list[SectionHint]) -> SectionHint:
    """One hint from the label's and the URL's: naming hints outrank leaning ones."""
    strong = [h for h in hints if h.strong]
    chosen = strong or hints
    slugs = tuple(dict.fromkeys(slug for h in chosen for slug in h.slugs))
    return SectionHint(slugs, bool(strong), " + ".join(h.evidence for h in chosen))


def _with_hint(hint: SectionHint, probabilities: np.ndarray | None) -> SectionDecision:
    """Combine a hint that does not decide alone with what the text says."""
    candidates = [i for i, s in enumerate(SECTIONS) if s.slug in hint.slugs]
    if probabilities is None:
        score = STRONG_HINT_SCORE / len(candidates) if hint.strong else WEAK_HINT_ALONE
        return _decided(hint.slugs[0], score, f"{hint.evidence} (text not read)")
    if hint.strong:  # the label names several sections: the text picks among them
        best = max(candidates, key=lambda i: probabilities[i])
        share = probabilities[best] / max(probabilities[candidates].sum(), 1e-9)
        return _decided(SECTIONS[best].slug, float(share), f"{hint.evidence} + text")
    combined = probabilities.copy()
    combined[candidates] += WEAK_HINT_BONUS
    best = int(combined.argmax())
    return _decided(SECTIONS[best].slug, min(float(combined[best]), 1.0), f"{hint.evidence} + text")
