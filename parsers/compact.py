"""Big lookup tables held compactly: what a run keeps of a million-article archive (#29 item 5).

A Python dict or set of a million strings costs 150-250 bytes an entry (the str object, its
hash slot, the value): the archive's IDF of 1.27 million terms took ~175 MB, the ids of a
million known articles ~240 MB, and a run's memory target is 450 MB in all. Here the keys are
UTF-8 bytes in sorted numpy arrays, one array per byte length (fixed-width `S<n>`, no padding
wasted), looked up by binary search: ~13 bytes an IDF term, 16 bytes a known article id.

* `ArchiveIdf`: the archive's IDF (`parsers.nlp.build_idf`'s values, bit for bit) from its
  document frequencies, a read-only Mapping; `get_many` looks up an article's terms at once.
* `KnownIds`: which article ids a warehouse holds, by a 128-bit digest of each (MD5, which
  DuckDB computes as it reads them: no str of a million ids is ever made here).
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np


class ArchiveIdf(Mapping[str, float]):
    """The archive's IDF table, log((N + 1) / (df + 1)) + 1 per term, held compactly.

    Built from parts, each a numpy array of UTF-8 terms of one byte length (`S<length>`) with
    their document frequencies (`fixed_width` makes them from str). Equal, as a Mapping, to
    `build_idf(doc_count, doc_freqs)` (the same floats); `median` is the median of its values
    as `statistics.median` gives it, without a sort of a million floats.
    """

    def __init__(self, doc_count: int, parts: Iterable[tuple[Any, Any]]) -> None:
        self.doc_count = doc_count
        gathered: dict[int, list[tuple[Any, Any]]] = {}
        for keys, dfs in parts:
            if len(keys):
                gathered.setdefault(keys.dtype.itemsize, []).append((keys, dfs))
        self._keys: dict[int, Any] = {}  # byte length -> sorted np.ndarray of S<length>
        self._dfs: dict[int, Any] = {}  # byte length -> each key's document frequency
        for length, pieces in gathered.items():
            keys = np.concatenate([k for k, _ in pieces])
            dfs = np.concatenate([np.asarray(d, dtype=np.int64) for _, d in pieces])
            order = np.argsort(keys, kind="stable")
            self._keys[length], self._dfs[length] = keys[order], dfs[order]
        self._values: dict[int, float] = {}

    def _idf(self, df: int) -> float:
        value = self._values.get(df)
        if value is None:
            # As parsers.nlp.build_idf computes it, from Python ints: the same float.
            value = self._values[df] = math.log((self.doc_count + 1) / (df + 1)) + 1.0
        return value

    def get_many(self, terms: Sequence[str], default: float) -> list[float]:
        """The IDF of each term (`default` for a term the archive does not hold)."""
        found = [default] * len(terms)
        by_length: dict[int, list[int]] = {}
        encoded = [term.encode("utf-8") for term in terms]
        for index, key in enumerate(encoded):
            by_length.setdefault(len(key), []).append(index)
        for length, indexes in by_length.items():
            held = self._keys.get(length)
            if held is None:
                continue
            wanted = np.array([encoded[i] for i in indexes], dtype=held.dtype)
            at = np.minimum(np.searchsorted(held, wanted), len(held) - 1)
            hits = held[at] == wanted
            dfs = self._dfs[length][at]
            for position, index in enumerate(indexes):
                if hits[position]:
                    found[index] = self._idf(int(dfs[position]))
        return found

    def __getitem__(self, term: str) -> float:
        [value] = self.get_many([term], math.nan)
        if math.isnan(value):
            raise KeyError(term)
        return value

    def __len__(self) -> int:
        return sum(len(keys) for keys in self._keys.values())

    def __iter__(self) -> Iterator[str]:
        for keys in self._keys.values():
            yield from (bytes(key).decode("utf-8") for key in keys)

    @property
    def median(self) -> float:
        """statistics.median of the values: the IDF falls as df grows, so the middle values
        are those of the middle document frequencies."""
        dfs = np.concatenate(list(self._dfs.values())) if self._dfs else np.zeros(0, np.int64)
        n = len(dfs)
        if n == 0:
            return 1.0
        middle = np.partition(dfs, [(n - 1) // 2, n // 2])
        high_df, low_df = int(middle[(n - 1) // 2]), int(middle[n // 2])
        if n % 2:
            return self._idf(low_df)
        # statistics.median: (data[n//2 - 1] + data[n//2]) / 2 of the ascending values.
        return (self._idf(low_df) + self._idf(high_df)) / 2

    @property
    def nbytes(self) -> int:
        return int(sum(a.nbytes for a in [*self._keys.values(), *self._dfs.values()]))


def fixed_width(terms: Sequence[str], dfs: Sequence[int]) -> list[tuple[Any, Any]]:
    """ArchiveIdf's parts from str terms and their document frequencies."""
    by_length: dict[int, list[int]] = {}
    encoded = [term.encode("utf-8") for term in terms]
    for index, key in enumerate(encoded):
        by_length.setdefault(len(key), []).append(index)
    return [
        (
            np.array([encoded[i] for i in indexes], dtype=f"S{max(length, 1)}"),
            np.array([dfs[i] for i in indexes], dtype=np.int64),
        )
        for length, indexes in by_length.items()
    ]


def id_digest(article_id: str) -> tuple[int, int]:
    """The MD5 of an article id as two unsigned 64-bit numbers, as DuckDB's
    md5_number_upper and md5_number_lower give them (little-endian halves)."""
    upper, lower = struct.unpack("<QQ", hashlib.md5(article_id.encode("utf-8")).digest())
    return upper, lower


class KnownIds:
    """A set of article ids, for `in` only: 16 bytes an id (its MD5 as two 64-bit numbers,
    computed by DuckDB as it reads them, `md5_number_upper`/`_lower`), not a str in a set.
    Ids are not chosen to collide: two of a million share a digest with odds of ~1e-27."""

    def __init__(self, upper: Any = (), lower: Any = ()) -> None:
        upper = np.asarray(upper, dtype=np.uint64)
        lower = np.asarray(lower, dtype=np.uint64)
        order = np.lexsort((lower, upper))
        self._upper, self._lower = upper[order], lower[order]

    @classmethod
    def of(cls, article_ids: Iterable[str]) -> KnownIds:
        """From the ids themselves (the warehouse has DuckDB compute the digests)."""
        digests = [id_digest(article_id) for article_id in article_ids]
        return cls([u for u, _ in digests], [lo for _, lo in digests])

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        upper, lower = id_digest(article_id)
        start = int(np.searchsorted(self._upper, np.uint64(upper), side="left"))
        end = int(np.searchsorted(self._upper, np.uint64(upper), side="right"))
        return bool(np.any(self._lower[start:end] == np.uint64(lower)))

    def __len__(self) -> int:
        return len(self._upper)

    @property
    def nbytes(self) -> int:
        return int(self._upper.nbytes + self._lower.nbytes)
