"""Evidence text for a tag: the sentence that earned it, short enough to show."""

from __future__ import annotations

MAX_EVIDENCE = 280


def clip(sentence: str, anchor: int = 0) -> str:
    """The sentence, or a window of it around ``anchor`` when it is too long to show."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= MAX_EVIDENCE:
        return sentence
    start = max(0, min(anchor - MAX_EVIDENCE // 3, len(sentence) - MAX_EVIDENCE + 2))
    window = sentence[start : start + MAX_EVIDENCE - 2]
    return ("…" if start else "") + window + ("…" if start + len(window) < len(sentence) else "")
