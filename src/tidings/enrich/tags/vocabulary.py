"""The concept vocabulary: IPTC Media Topics below the top level plus Tidings' own.

IPTC Media Topics (CC BY 4.0, © IPTC - International Press Telecommunications Council,
https://iptc.org) give labels and definitions in many languages; Tidings adds recurring
news-event concepts IPTC lacks (``tidings_concepts.json``), each with trigger cues.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache

from tidings.enrich.tags.gazetteer import DATA
from tidings.enrich.tags.slugs import tag_slug

# Words joining the parts of a compound IPTC label ("merger, acquisition and takeover").
_CONJUNCTIONS = {"en": "and", "fr": "et", "pt": "e", "es": "y", "de": "und", "it": "e"}
# IPTC labels written as lists that name one idea, not several kinds of thing: their
# items alone mean something else ("equity" in finance news, "social" anywhere). Split,
# they put #diversityEquityAndInclusion on 301 and the ESG tag on 179 of the BBC,
# Reuters and KPCrowd stories, nearly all about shares ("equities") or social class.
_ONE_IDEA = frozenset(
    {"diversity, equity and inclusion", "environmental, social and governance policy (ESG)"}
)


@dataclass(frozen=True, slots=True)
class Concept:
    slug: str
    display: str
    definition: str
    cues: dict[str, tuple[str, ...]]  # language -> phrases that signal the concept
    qcode: str | None = None  # the IPTC Media Topic, when from IPTC


def label_cues(label: str, language: str, split: bool = True) -> tuple[str, ...]:
    """The label and, for a listing label ("merger, acquisition and takeover") unless
    ``split`` is off, its items.

    Only labels with a comma are lists; "online and remote learning" is one thing, and
    "online" alone would be a misleading cue.
    """
    if not split or "," not in label:
        return (label.strip(),)
    conjunction = _CONJUNCTIONS.get(language)
    pattern = rf",\s*|\s+{conjunction}\s+" if conjunction else r",\s*"
    parts = [p.strip() for p in re.split(pattern, label) if p.strip()]
    return tuple(dict.fromkeys([label.strip(), *parts]))


def _iptc_concept(record: dict) -> Concept:
    labels: dict[str, str] = record["labels"]
    return Concept(
        slug=tag_slug(record["label"].lower()),
        display=record["label"][:1].upper() + record["label"][1:],
        definition=record["definition"] or "",
        cues={
            lang: label_cues(text, lang, split=record["label"] not in _ONE_IDEA)
            for lang, text in labels.items()
        },
        qcode=record["qcode"],
    )


def _own_concept(record: dict) -> Concept:
    return Concept(
        slug=record["slug"],
        display=record["label"][:1].upper() + record["label"][1:],
        definition=record["definition"],
        cues={"en": tuple(dict.fromkeys([record["label"], *record["cues"]]))},
    )


@cache
def concepts() -> tuple[Concept, ...]:
    """Tidings' own concepts first: on a slug clash they win over IPTC's."""
    own = json.loads((DATA / "tidings_concepts.json").read_text(encoding="utf-8"))
    with gzip.open(DATA / "iptc_concepts.jsonl.gz", "rt", encoding="utf-8") as fh:
        iptc = [json.loads(line) for line in fh]
    found = [_own_concept(r) for r in own] + [_iptc_concept(r) for r in iptc]
    unique: dict[str, Concept] = {}
    for concept in found:
        unique.setdefault(concept.slug, concept)
    return tuple(unique.values())
