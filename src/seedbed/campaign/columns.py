"""Append-only columns with a frozen base that may live in a memory-mapped file.

Owns: ``StringColumn`` (strings, e.g. skeletons and item ids), ``RowColumn`` (fixed-width
uint32 rows, e.g. MinHash digests) and ``GrowableArray`` (numbers, one per item). Each holds a
*base* (what was loaded from a campaign index snapshot, read lazily, never changed) and a
*tail* (what was appended since, in memory), so that opening an index of a million items
reads no item until one is needed. Must not import: the
store, the judge, the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt


class StringColumn(Sequence[str]):
    """Strings by position: a UTF-8 blob with end offsets as the base, a list as the tail."""

    def __init__(self, blob: npt.NDArray[np.uint8] | None = None,
                 ends: npt.NDArray[np.int64] | None = None) -> None:
        self._blob = blob if blob is not None else np.empty(0, dtype=np.uint8)
        self._ends = ends if ends is not None else np.empty(0, dtype=np.int64)
        self._tail: list[str] = []

    @property
    def base_len(self) -> int:
        return int(self._ends.size)

    def __len__(self) -> int:
        return self.base_len + len(self._tail)

    @overload
    def __getitem__(self, pos: int) -> str: ...
    @overload
    def __getitem__(self, pos: slice) -> list[str]: ...

    def __getitem__(self, pos: int | slice) -> str | list[str]:
        if isinstance(pos, slice):
            return [self[i] for i in range(*pos.indices(len(self)))]
        if pos < 0:
            pos += len(self)
        base = self.base_len
        if pos >= base:
            return self._tail[pos - base]
        if pos < 0:
            raise IndexError(pos)
        start = int(self._ends[pos - 1]) if pos else 0
        return bytes(self._blob[start : int(self._ends[pos])]).decode("utf-8")

    def append(self, text: str) -> None:
        self._tail.append(text)

    def extend(self, texts: Iterable[str]) -> None:
        self._tail.extend(texts)

    def encoded_since(self, start: int) -> tuple[list[bytes], npt.NDArray[np.int64]]:
        """The strings from position ``start`` on, UTF-8 encoded, and their end offsets
        relative to the first (written one after another they make the blob)."""
        parts = [t.encode("utf-8") for t in self[start:]]
        ends = np.cumsum([len(p) for p in parts], dtype=np.int64) if parts else np.empty(
            0, dtype=np.int64)
        return parts, ends


class RowColumn:
    """Rows of ``width`` uint32 values: a (possibly memory-mapped) base matrix and a tail."""

    def __init__(self, width: int, base: npt.NDArray[np.uint32] | None = None) -> None:
        self.width = width
        self._base = base if base is not None else np.empty((0, width), dtype=np.uint32)
        self._tail = np.empty((0, width), dtype=np.uint32)
        self._tail_len = 0

    @property
    def base_len(self) -> int:
        return int(self._base.shape[0])

    def __len__(self) -> int:
        return self.base_len + self._tail_len

    def reserve(self, extra: int) -> None:
        """Make room for ``extra`` more rows at once: a batch of many rows then grows the
        tail once, instead of doubling it (old and new copy held together) as rows come."""
        need = self._tail_len + extra
        if need > self._tail.shape[0]:
            grown = np.empty((need, self.width), dtype=np.uint32)
            grown[: self._tail_len] = self._tail[: self._tail_len]
            self._tail = grown

    def append(self, row: npt.NDArray[np.uint32]) -> None:
        if self._tail_len >= self._tail.shape[0]:
            grown = np.empty((max(1024, 2 * self._tail_len), self.width), dtype=np.uint32)
            grown[: self._tail_len] = self._tail[: self._tail_len]
            self._tail = grown
        self._tail[self._tail_len] = row
        self._tail_len += 1

    def rows(self, positions: npt.NDArray[np.integer] | Iterable[int]) -> npt.NDArray[np.uint32]:
        """The rows at ``positions`` (in that order), as an in-memory matrix."""
        idx = np.asarray(positions, dtype=np.int64)
        base = self.base_len
        if not self._tail_len:
            return np.asarray(self._base[idx])
        if not base:
            return self._tail[idx]
        out = np.empty((idx.size, self.width), dtype=np.uint32)
        in_base = idx < base
        out[in_base] = self._base[idx[in_base]]
        out[~in_base] = self._tail[idx[~in_base] - base]
        return out

    def matrix(self, start: int = 0) -> npt.NDArray[np.uint32]:
        """All rows from ``start`` on as one matrix (reads the whole base when start is 0)."""
        tail = self._tail[: self._tail_len]
        if start >= self.base_len:
            return tail[start - self.base_len :]
        return np.concatenate([np.asarray(self._base[start:]), tail])


class GrowableArray:
    """A one-dimensional numpy array that grows by appending (amortised doubling)."""

    def __init__(self, dtype: type, base: npt.NDArray[Any] | None = None) -> None:
        self._base = base  # read-only and possibly memory-mapped until the first append
        self._data = np.empty(0, dtype=dtype) if base is None else base
        self._len = 0 if base is None else int(base.size)

    def values(self) -> npt.NDArray[Any]:
        return self._data[: self._len]

    def append(self, value: Any) -> None:
        if self._base is not None or self._len >= self._data.size:
            grown = np.empty(max(1024, 2 * self._len), dtype=self._data.dtype)
            grown[: self._len] = self._data[: self._len]
            self._data, self._base = grown, None
        self._data[self._len] = value
        self._len += 1

    def extend(self, values: Iterable[Any]) -> None:
        array = np.fromiter(values, dtype=self._data.dtype)
        self._data = np.concatenate([self._data[: self._len], array])
        self._base, self._len = None, int(self._data.size)
