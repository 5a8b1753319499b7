"""The text classifier behind sections: TF-IDF words and word pairs, a linear model.

Why this family: on the BBC and AG News splits it matched sentence embeddings
(see /work/shared/MODELS.md §2) at a thousandth of the cost, and a linear model
over a fixed vocabulary saves as plain arrays (no pickle) and scores one
article in well under a millisecond with a dictionary lookup per token.

The same code trains the shipped artefact (``scripts/train_sections.py``) and
the model ``tidings eval sections`` measures, so the figures describe what ships.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

TITLE_REPEAT = 2  # the headline is the densest statement of the topic
TEXT_CHARS = 3_000  # the lead carries the topic; the tail adds cost, not signal
MAX_FEATURES = 60_000
_WORD = re.compile(r"[^\W\d_]{2,}")


def model_input(title: str | None, text: str | None) -> str:
    """The string the model reads for one article: the headline, weighted, then the lead."""
    head = (title or "").strip()
    return " \n ".join([head] * TITLE_REPEAT + [(text or "")[:TEXT_CHARS]])


def analyse(document: str) -> list[str]:
    """Lower-cased words of two or more letters and their adjacent pairs."""
    words = _WORD.findall(document.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


@dataclass(frozen=True)
class LinearTextModel:
    """Sublinear TF-IDF over a fixed vocabulary, then one weight vector per class."""

    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_features,)
    weights: np.ndarray  # (n_features, n_classes)
    bias: np.ndarray  # (n_classes,)

    @classmethod
    def fit(
        cls,
        documents: Sequence[str],
        labels: Sequence[str],
        seed: int = 0,
        sample_weight: Sequence[float] | None = None,
    ) -> LinearTextModel:
        """Train on model-input strings; the seed makes the solver's result repeatable."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectoriser = TfidfVectorizer(
            analyzer=analyse, sublinear_tf=True, min_df=2, max_features=MAX_FEATURES
        )
        matrix = vectoriser.fit_transform(documents)
        solver = LogisticRegression(C=20.0, max_iter=3000, random_state=seed)
        solver.fit(matrix, list(labels), sample_weight=sample_weight)
        coef = solver.coef_
        intercept = solver.intercept_
        if len(solver.classes_) == 2:  # sklearn keeps one vector for two classes
            coef = np.vstack([-coef, coef]) / 2
            intercept = np.concatenate([-intercept, intercept]) / 2
        return cls(
            classes=tuple(str(c) for c in solver.classes_),
            vocabulary={term: int(i) for term, i in vectoriser.vocabulary_.items()},
            idf=vectoriser.idf_.astype(np.float32),
            weights=np.ascontiguousarray(coef.T, dtype=np.float32),
            bias=intercept.astype(np.float32),
        )

    def probabilities(self, document: str) -> np.ndarray:
        """Class probabilities for one model-input string (softmax of the linear scores)."""
        counts = Counter(
            index for index in map(self.vocabulary.get, analyse(document)) if index is not None
        )
        scores = self.bias.astype(np.float64)
        if counts:
            index = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = np.fromiter(
                (1.0 + math.log(n) for n in counts.values()), dtype=np.float32, count=len(counts)
            )
            values = tf * self.idf[index]
            values /= np.linalg.norm(values)
            scores = scores + values @ self.weights[index]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def predict(self, documents: Iterable[str]) -> list[str]:
        """The most probable class for each document."""
        return [self.classes[int(self.probabilities(d).argmax())] for d in documents]

    def save(self, path: Path) -> None:
        """Plain compressed arrays: loading needs numpy only and runs no stored code."""
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            classes=np.frombuffer("\n".join(self.classes).encode(), dtype=np.uint8),
            terms=np.frombuffer("\n".join(terms).encode(), dtype=np.uint8),
            idf=self.idf.astype(np.float16),
            weights=self.weights.astype(np.float16),
            bias=self.bias,
        )
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        """Read what ``save`` wrote."""
        with np.load(path, allow_pickle=False) as arrays:
            terms = arrays["terms"].tobytes().decode().split("\n")
            return cls(
                classes=tuple(arrays["classes"].tobytes().decode().split("\n")),
                vocabulary={term: i for i, term in enumerate(terms)},
                idf=arrays["idf"].astype(np.float32),
                weights=arrays["weights"].astype(np.float32),
                bias=arrays["bias"].astype(np.float32),
            )
