"""``tidings eval sections``: section classification accuracy beside a TF-IDF baseline.

Trains the same model family that ships (``enrich.section_model``) on the
train file's own labels and scores it on the test file, next to the textbook
baseline (TF-IDF + logistic regression) trained and tested on the same split.
Files are JSON Lines (optionally gzipped) with ``title``, ``text`` and
``label``, as in the shared ``news_category_bbc`` and ``news_category_agnews_test``.
When train and test are the same file, a seeded stratified 70/30 split of it is
used, with exact duplicates kept on one side as the shared holdouts keep them (BBC
has 103 duplicate groups; split apart, 32 of the 468 test articles of the default
split were copies of training articles, which made the split easier than the holdout).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tidings.enrich.section_model import LinearTextModel, model_input

SEED = 20251129
HOLDOUT = 0.3

Record = dict[str, str]


def read_records(path: Path) -> list[Record]:
    """Records with a label; lines that are not JSON objects with a label are skipped."""
    opener = gzip.open if path.suffix == ".gz" else open
    records = []
    with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("label") is not None:
                records.append(record)
    return records


def _duplicate_key(record: Record) -> str:
    """Title and text, lower-cased with whitespace collapsed: equal keys are the same article."""
    return " ".join(f"{record.get('title') or ''} {record.get('text') or ''}".lower().split())


def split(records: list[Record], seed: int) -> tuple[list[Record], list[Record]]:
    """Seeded 70/30 split of duplicate groups, stratified by label: no article is on both sides."""
    from sklearn.model_selection import train_test_split

    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(_duplicate_key(record), []).append(record)
    members = list(groups.values())
    labels = [group[0]["label"] for group in members]
    train, test = train_test_split(members, test_size=HOLDOUT, stratify=labels, random_state=seed)
    return [r for group in train for r in group], [r for group in test for r in group]


def _scores(truth: list[str], predicted: list[str]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
    }


def _tidings(train: list[Record], test: list[Record], seed: int) -> list[str]:
    model = LinearTextModel.fit(
        [model_input(r.get("title"), r.get("text")) for r in train],
        [str(r["label"]) for r in train],
        seed=seed,
    )
    return model.predict(model_input(r.get("title"), r.get("text")) for r in test)


def _tfidf_logreg(train: list[Record], test: list[Record], seed: int) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def joined(records: list[Record]) -> list[str]:
        return [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in records]

    vectoriser = TfidfVectorizer(sublinear_tf=True)
    solver = LogisticRegression(max_iter=2000, random_state=seed)
    solver.fit(vectoriser.fit_transform(joined(train)), [str(r["label"]) for r in train])
    return list(solver.predict(vectoriser.transform(joined(test))))


def run(train: Path, test: Path, seed: int = SEED) -> dict[str, dict[str, float]]:
    """Accuracy and macro F1 of Tidings' section model and the baseline on one split."""
    if train.resolve() == test.resolve():
        train_records, test_records = split(read_records(train), seed)
    else:
        train_records, test_records = read_records(train), read_records(test)
    if len({r["label"] for r in train_records}) < 2 or not test_records:
        raise ValueError("need labelled records of at least two labels to train and some to test")
    truth = [str(r["label"]) for r in test_records]
    return {
        "tidings": _scores(truth, _tidings(train_records, test_records, seed)),
        "tfidf_logreg": _scores(truth, _tfidf_logreg(train_records, test_records, seed)),
    }


def command(
    train: Path = typer.Option(..., exists=True, dir_okay=False, help="JSON Lines to train on"),
    test: Path = typer.Option(..., exists=True, dir_okay=False, help="JSON Lines to test on"),
    seed: int = typer.Option(SEED, help="seed of the split and the solvers"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """Section classification: Tidings' model family beside TF-IDF + logistic regression."""
    same = train.resolve() == test.resolve()
    note = f"seeded stratified 70/30 split of {train.name} (seed {seed})" if same else ""
    try:
        results = run(train, test, seed)
    except (ValueError, OSError, EOFError) as error:  # unreadable file, too few labels
        raise typer.BadParameter(str(error)) from error
    if as_json:
        if note:
            print(note, file=sys.stderr)
        print(json.dumps(results))
        return
    table = Table(title="Section classification", caption=note or None)
    table.add_column("system")
    table.add_column("accuracy", justify="right")
    table.add_column("macro_f1", justify="right")
    for system, metrics in results.items():
        table.add_row(system, f"{metrics['accuracy']:.4f}", f"{metrics['macro_f1']:.4f}")
    Console().print(table)


if __name__ == "__main__":
    typer.run(command)
