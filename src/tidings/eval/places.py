"""``tidings eval places``: country tags against Reuters-21578 editors' ``places``.

Precision, recall and F1 over (story, country) pairs, for Tidings' place tags and for a
baseline that tags every country whose pycountry name occurs in the story. Stories
without places are skipped. The wire dateline ("SALVADOR, Feb 26 -") is part of the
story as printed and is given to both systems as its first line. Reuters names 1987
countries by codes (``usa``, ``west-germany``, ``ussr``); ``REUTERS_TO_TAG`` maps the
ones whose name is not simply our tag.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pycountry
import typer
from rich.console import Console
from rich.table import Table

from tidings.enrich.tags.aliases import canonical_tag
from tidings.enrich.tags.gazetteer import countries
from tidings.enrich.tags.slugs import tag_slug
from tidings.enrich.tags.tagger import Tagger
from tidings.eval.jsonl import read_jsonl
from tidings.eval.metrics import micro_scores
from tidings.models import TagKind

REUTERS_TO_TAG = {
    "usa": "UnitedStates",
    "uk": "UnitedKingdom",
    "west-germany": "Germany",
    "east-germany": "Germany",
    "ussr": "Russia",
    "uae": "UnitedArabEmirates",
    "zaire": "DemocraticRepublicOfTheCongo",
    "congo": "RepublicOfTheCongo",
    "kampuchea": "Cambodia",
    "burma": "Myanmar",
    "yemen-arab-republic": "Yemen",
    "yemen-demo-republic": "Yemen",
    "czechoslovakia": "CzechRepublic",
    "yugoslavia": "Serbia",
    "trinidad-tobago": "TrinidadAndTobago",
    "antigua": "AntiguaAndBarbuda",
    "us-virgin-islands": "VirginIslandsUS",
}


def reuters_tag(code: str) -> str:
    """Our country tag for a Reuters place code."""
    return REUTERS_TO_TAG.get(code) or canonical_tag(tag_slug(code.replace("-", " ").title()))


def story_text(record: dict) -> tuple[str, str]:
    """(title, text) of a Reuters story, the dateline leading the text."""
    dateline = (record.get("dateline") or "").strip()
    body = record.get("text") or ""
    return record.get("title") or "", f"{dateline}\n{body}" if dateline else body


class PycountryBaseline:
    """Every country whose pycountry name (name, common or official) is in the text."""

    def __init__(self) -> None:
        table = countries()
        names = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    names[value] = table[country.alpha_2][0]
        self._names = names
        self._pattern = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
        )

    def tags(self, title: str, text: str) -> set[str]:
        return {self._names[m] for m in self._pattern.findall(f"{title}\n{text}")}


def _scores(pairs: list[tuple[set[str], set[str]]]) -> dict[str, float]:
    tp = sum(len(gold & predicted) for gold, predicted in pairs)
    n_predicted = sum(len(predicted) for _, predicted in pairs)
    n_gold = sum(len(gold) for gold, _ in pairs)
    precision, recall, f1 = micro_scores(tp, n_predicted, n_gold)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def run(data: Path, limit: int | None = None) -> dict[str, dict[str, float]]:
    """Scores of Tidings and the pycountry baseline on the stories with places."""
    tagger = Tagger.load()
    baseline = PycountryBaseline()
    country_tags = {slug for slug, _ in countries().values()}
    ours, theirs = [], []
    for record in read_jsonl(data):
        if not record.get("places"):
            continue
        title, text = story_text(record)
        gold = {reuters_tag(code) for code in record["places"]}
        tags = tagger.tag(title, text, "en")
        predicted = {t.slug for t in tags if t.kind is TagKind.PLACE and t.slug in country_tags}
        ours.append((gold, predicted))
        theirs.append((gold, baseline.tags(title, text)))
        if limit and len(ours) >= limit:
            break
    if not ours:  # scores over nothing would print 0.0 as if measured
        raise ValueError(f"no record of {data} has gold places")
    return {"tidings": _scores(ours), "pycountry_names": _scores(theirs)}


def command(
    data: Path = typer.Option(
        ..., "--data", exists=True, dir_okay=False, help="Reuters-21578 articles.jsonl(.gz)"
    ),
    limit: int = typer.Option(0, help="score only the first N stories with places"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """Place tags against Reuters-21578 editors' places, beside pycountry name matching."""
    try:
        results = run(data, limit or None)
    except (OSError, ValueError) as error:  # unreadable file, no gold to score against
        raise typer.BadParameter(str(error), param_hint="--data") from error
    if as_json:
        import json

        sys.stdout.write(json.dumps(results) + "\n")
        return
    table = Table(title=f"Place tags vs Reuters places ({data.name})")
    for column in ("system", "precision", "recall", "f1"):
        table.add_column(column)
    for system, scores in results.items():
        table.add_row(system, *(f"{scores[m]:.4f}" for m in ("precision", "recall", "f1")))
    Console().print(table)


if __name__ == "__main__":
    typer.run(command)
