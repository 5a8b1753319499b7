"""Whole-word dictionary matching with Aho-Corasick (about 20k articles/s).

Shared by the place and concept taggers: both look up thousands of phrases in every
article, which regular expressions cannot do fast enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

import ahocorasick

V = TypeVar("V")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class PhraseMatcher(Generic[V]):
    """Finds whole-word occurrences of known phrases; one phrase may carry many values."""

    def __init__(self, phrases: Iterable[tuple[str, V]]) -> None:
        grouped: dict[str, list[V]] = {}
        for phrase, value in phrases:
            if phrase:
                grouped.setdefault(phrase, []).append(value)
        self._automaton = ahocorasick.Automaton()
        for phrase, values in grouped.items():
            self._automaton.add_word(phrase, (len(phrase), values))
        self._empty = not grouped
        if not self._empty:
            self._automaton.make_automaton()

    def find_all(self, text: str) -> Iterator[tuple[int, int, V]]:
        """(start, end, value) of every match, overlaps included, in order of end."""
        if self._empty:
            return
        for end_index, (length, values) in self._automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
                continue
            if end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
                continue
            for value in values:
                yield start, end, value

    def find(self, text: str) -> Iterator[tuple[int, int, V]]:
        """(start, end, value) of the longest non-overlapping matches, left to right."""
        hits = sorted(self.find_all(text), key=lambda h: (h[0], h[0] - h[1]))
        last_end = -1
        for start, end, value in hits:
            if start >= last_end:
                last_end = end
                yield start, end, value
