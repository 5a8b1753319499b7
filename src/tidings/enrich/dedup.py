"""Near-duplicate articles: MinHash fingerprints over word shingles, with LSH band keys.

The same story is often published twice: a syndicated wire copy, a republished page
under a new URL (tracking parameters, a new slug), a correction that edits one
sentence. Identity by URL misses these, so Tidings compares content.

How it is used (the store does the lookups, this module stays pure):

1. ``fingerprint(title, text)`` gives a ``Fingerprint``: a MinHash ``signature`` of the
   text's word 3-shingles and its ``band_keys``.
2. The store persists ``fingerprint.to_bytes()`` with the article and one index row
   ``(band_key, article_id)`` per band key.
3. For a new article, the store fetches the fingerprints of the articles that share at
   least one band key (``SELECT article_id FROM bands WHERE band_key IN (...)``) and
   keeps those for which ``is_near_duplicate(new, old)`` holds.

Why these numbers: 128 hash functions estimate Jaccard similarity to about ±0.04;
32 bands of 4 rows make any pair above 0.6 share a band key with probability above
0.98 while pairs below 0.2 rarely do (0.05), so the lookup returns few candidates.
A threshold of 0.6 on 3-shingles is met by a republished text with one rewritten
sentence even in a short article (one sentence of ten changes about a fifth of its
shingles) while two reports of the same event by different writers stay below 0.2.

The hashing is our own (crc32 + fixed affine permutations) rather than a library's, so
a stored signature never silently changes meaning with a dependency upgrade;
``SCHEME`` names the scheme and is part of every band key.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

SCHEME = "m1"  # change when shingling or hashing changes: old keys then never match
SHINGLE = 3  # words per shingle
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.6  # estimated Jaccard similarity of shingle sets
MAX_WORDS = 3_000  # a republication differs early if at all; cost stays flat on 5 MB
_MAX_CHARS = 20 * MAX_WORDS  # read no further than MAX_WORDS words can reach

# Multiply-shift hashing (odd multiplier, top 32 bits): universal, and numpy's
# wrapping uint64 arithmetic computes it for all shingles and permutations at once.
_rng = np.random.default_rng(20251129)
_A = _rng.integers(0, 2**64, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**64, size=PERMUTATIONS, dtype=np.uint64)
_MIX = _rng.integers(0, 2**64, size=SHINGLE, dtype=np.uint64) | np.uint64(1)
_SHIFT = np.uint64(32)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the store keeps per article to find its near-duplicates.

    ``signature`` is empty for an article without words: such an article has no band
    keys and is nobody's duplicate.
    """

    signature: tuple[int, ...]
    band_keys: tuple[str, ...]

    def to_bytes(self) -> bytes:
        """512 bytes (128 little-endian uint32); empty for an empty text."""
        return np.asarray(self.signature, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """The fingerprint back from ``to_bytes``; malformed bytes give an empty one."""
        if len(data) != 4 * PERMUTATIONS:
            return EMPTY
        return _from_signature(np.frombuffer(data, dtype="<u4"))

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two shingle sets (0 when either is empty)."""
        if not self.signature or len(self.signature) != len(other.signature):
            return 0.0
        same = np.count_nonzero(np.asarray(self.signature) == np.asarray(other.signature))
        return same / len(self.signature)


EMPTY = Fingerprint((), ())


def fingerprint(title: str, text: str) -> Fingerprint:
    """The fingerprint of an article's words, blind to case, spacing and punctuation."""
    words = _WORD.findall(f"{title}\n{text[:_MAX_CHARS]}".lower())[:MAX_WORDS]
    if not words:
        return EMPTY
    permuted = (_shingle_hashes(words)[:, None] * _A + _B) >> _SHIFT
    return _from_signature(permuted.min(axis=0).astype(np.uint32))


def is_near_duplicate(a: Fingerprint, b: Fingerprint, threshold: float = THRESHOLD) -> bool:
    """Whether two articles are the same text up to small edits."""
    return a.similarity(b) >= threshold


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """One 64-bit hash per distinct run of ``SHINGLE`` words, built from word hashes."""
    hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    span = min(SHINGLE, len(words))
    count = len(words) - span + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(span):
        combined += hashes[offset : offset + count] * _MIX[offset]
    return np.unique(combined)


def _from_signature(signature: np.ndarray) -> Fingerprint:
    packed = signature.astype("<u4").tobytes()
    width = 4 * ROWS
    keys = tuple(
        f"{SCHEME}:{i}:{zlib.crc32(packed[i * width : (i + 1) * width]):08x}" for i in range(BANDS)
    )
    return Fingerprint(tuple(signature.tolist()), keys)
