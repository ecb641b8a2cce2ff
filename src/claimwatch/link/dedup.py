"""Near-duplicate articles: MinHash signatures over word shingles and an LSH index (datasketch).

Wire copies and syndicated rewrites of one report must count once in a series. Each document
gets a signature; a new document whose estimated Jaccard similarity with an earlier one reaches
the threshold joins that document's cluster.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch pulls in scipy (0.3 s): imported when a signature is first made
    from datasketch import LeanMinHash

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.8
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str, *, num_perm: int = NUM_PERM, shingle: int = SHINGLE) -> LeanMinHash:
    """The MinHash of a text's word ``shingle``-grams (case-folded)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    from datasketch import LeanMinHash, MinHash

    m = MinHash(num_perm=num_perm)
    grams = {" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))}
    m.update_batch([g.encode("utf-8") for g in grams])
    return LeanMinHash(m)


def to_bytes(sig: LeanMinHash) -> bytes:
    """Compact storage form (the hash values as little-endian uint32; the seed is fixed)."""
    return np.asarray(sig.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    """Inverse of :func:`to_bytes`."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint64)
    from datasketch import LeanMinHash

    return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)


class DuplicateIndex:
    """An in-memory LSH index of document signatures keyed by document row id."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[int, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, key: int, sig: LeanMinHash) -> None:
        """Index a document's signature."""
        if key not in self._sigs:
            self._lsh.insert(key, sig)
            self._sigs[key] = sig

    def remove(self, key: int) -> None:
        """Forget a document (e.g. superseded by a newer version)."""
        if key in self._sigs:
            self._lsh.remove(key)
            del self._sigs[key]

    def similar(self, sig: LeanMinHash) -> list[tuple[int, float]]:
        """Indexed documents whose estimated similarity reaches the threshold, most similar first."""
        hits = [(k, self._sigs[k].jaccard(sig)) for k in self._lsh.query(sig)]
        return sorted((h for h in hits if h[1] >= self.threshold), key=lambda h: (-h[1], h[0]))
