"""The scores every eval and fitting script reports, computed one way."""

from __future__ import annotations


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def micro_scores(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts pooled over all documents."""
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    return precision, recall, f1_score(precision, recall)
