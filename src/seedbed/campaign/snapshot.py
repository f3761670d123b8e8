"""The on-disk snapshot of a campaign index: numpy files in one directory, opened lazily.

Owns: the snapshot's file layout, writing it (append-only where it can be) and reading it back
as memory-mapped arrays. Must not import: the store, the judge, the CLI; it knows nothing of
how the index uses the arrays (see ``cluster.CampaignIndex.save`` and ``open``).

Why a snapshot: the store's ``fingerprint`` table is the truth, but rebuilding the index from a
million rows costs seconds (reading every skeleton and digest, re-sorting 42 band arrays). The
snapshot keeps what the index needs in files it can map without reading them: adding a thousand
items to a million-item index then touches only the pages it searches.

Layout. Per-item columns grow by appending (``ids``, ``skeletons`` as UTF-8 blobs with end
offsets; ``digests``, ``id_hash``, ``threads``, ``frames``, ``usable`` as raw arrays). Arrays
that change as a whole (the union-find ``parents``, the sorted band and frame arrays) are written
to new files named by a generation, so the files the current ``meta.json`` names are never
overwritten. ``meta.json`` is replaced last, atomically: until it is, readers see the previous
snapshot, and bytes appended past its item count are cut off by the next writer.

Each snapshot carries a ``token`` chosen by its owner (the store writes the same token into its
database in the transaction that records the same items): a snapshot whose token differs is
stale and is not used.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT = "seedbed-campaign-index"
VERSION = 1
META = "meta.json"
_PENDING = "meta.next.json"

# Per-item columns: file name -> (dtype, values per item). Blobs are handled apart.
_COLUMNS: dict[str, tuple[str, int]] = {
    "id_hash": ("<u8", 1),
    "threads": ("<i8", 1),
    "frames": ("<u8", 1),
    "usable": ("u1", 1),
}
_BLOBS = ("ids", "skeletons")
# Arrays written anew at each fold (generation files): the sorted band keys and their items,
# the sorted frame keys and their items, and the folded items' id hashes sorted with their
# positions (so that finding an id needs no sort of a million hashes at each open).
_BULK: dict[str, str] = {"keys": "<u4", "items": "<i4", "frames": "<u8", "frame_items": "<i4",
                         "id_hash": "<u8", "id_order": "<i8"}


@dataclass
class Snapshot:
    """A snapshot's arrays (memory-mapped when read from disk) and its bookkeeping."""

    n: int
    digests: npt.NDArray[np.uint32]  # (n, width)
    columns: dict[str, npt.NDArray[Any]]  # _COLUMNS, n each
    blobs: dict[str, tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]]  # bytes, ends
    parents: npt.NDArray[np.int64]
    bulk_n: int
    bulk: dict[str, npt.NDArray[Any]]  # _BULK
    params: list[int]


@dataclass
class Additions:
    """What a writer adds to the snapshot it opened (or to an empty one, from ``start`` 0)."""

    start: int  # items already in the files (the opened snapshot's n; 0 writes afresh)
    digests: npt.NDArray[np.uint32]
    columns: dict[str, npt.NDArray[Any]]
    blobs: dict[str, tuple[list[bytes], npt.NDArray[np.int64]]]  # UTF-8 parts, relative ends
    parents: npt.NDArray[np.int64]  # all items
    bulk_n: int
    bulk: dict[str, npt.NDArray[Any]] | None  # None: keep the previous generation's arrays


def _map(path: Path, dtype: str, shape: tuple[int, ...]) -> npt.NDArray[Any]:
    count = int(np.prod(shape))
    if count == 0:
        return np.empty(shape, dtype=dtype)
    if path.stat().st_size < count * np.dtype(dtype).itemsize:
        raise ValueError(f"{path.name} is shorter than its snapshot says")
    # A plain ndarray view of the map: slicing an np.memmap costs microseconds of Python each
    # time (it wraps every result), and the index slices its arrays thousands of times.
    return np.asarray(np.memmap(path, dtype=dtype, mode="r", shape=shape))


def read_meta(directory: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((directory / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("v") != VERSION:
        return None
    return meta


def read(directory: Path, token: str, width: int) -> Snapshot | None:
    """The snapshot in ``directory`` when it exists, is whole and carries ``token``."""
    meta = read_meta(directory)
    if meta is None or meta.get("token") != token:
        return None
    try:
        n, gen, bulk_n = int(meta["n"]), str(meta["generation"]), int(meta["bulk_n"])
        bulk_gen, bulk_sizes = str(meta["bulk_generation"]), meta["bulk_sizes"]
        columns = {name: _map(directory / name, dtype, (n,))
                   for name, (dtype, _) in _COLUMNS.items()}
        blobs = {}
        for name in _BLOBS:
            ends = _map(directory / f"{name}.ends", "<i8", (n,))
            size = int(ends[-1]) if n else 0
            blobs[name] = (_map(directory / f"{name}.utf8", "u1", (size,)), ends)
        bands = int(meta["params"][2])
        bulk = {
            "keys": _map(directory / f"bulk_keys.{bulk_gen}", "<u4", (bands, bulk_sizes[0])),
            "items": _map(directory / f"bulk_items.{bulk_gen}", "<i4", (bands, bulk_sizes[0])),
            "frames": _map(directory / f"bulk_frames.{bulk_gen}", "<u8", (bulk_sizes[1],)),
            "frame_items": _map(directory / f"bulk_frame_items.{bulk_gen}", "<i4",
                                (bulk_sizes[1],)),
            "id_hash": _map(directory / f"bulk_id_hash.{bulk_gen}", "<u8", (bulk_n,)),
            "id_order": _map(directory / f"bulk_id_order.{bulk_gen}", "<i8", (bulk_n,)),
        }
        return Snapshot(
            n=n,
            digests=_map(directory / "digests", "<u4", (n, width)),
            columns=columns,
            blobs=blobs,
            parents=_map(directory / f"parents.{gen}", "<i8", (n,)),
            bulk_n=bulk_n,
            bulk=bulk,
            params=[int(p) for p in meta["params"]],
        )
    except (OSError, KeyError, TypeError, ValueError, IndexError):
        return None


def _raw(array: npt.NDArray[Any], dtype: str) -> memoryview:
    """The bytes of ``array`` as ``dtype``, without a copy when it is already that (a million
    items' digests are half a gigabyte: copies are what peaks the memory of a save)."""
    flat = np.ascontiguousarray(array, dtype=dtype).reshape(-1)
    return memoryview(flat.view(np.uint8))  # type: ignore[arg-type]  # numpy arrays are buffers


def _append(path: Path, keep: int, *chunks: bytes | memoryview) -> None:
    """Cut ``path`` to ``keep`` bytes (dropping what a failed writer left) and append."""
    with open(path, "r+b" if path.exists() else "w+b") as f:
        f.truncate(keep)
        f.seek(keep)
        for chunk in chunks:
            f.write(chunk)


def prepare(directory: Path, token: str, add: Additions, params: list[int]) -> None:
    """Write the data files of a new snapshot and its pending meta; ``publish`` makes it live.

    Until ``publish``, the snapshot named by the current ``meta.json`` stays whole.
    """
    directory.mkdir(parents=True, exist_ok=True)
    previous = read_meta(directory) if add.start else None
    if add.start and previous is None:
        raise ValueError("appending to a snapshot that is gone")
    n = add.start + add.digests.shape[0]
    width = add.digests.shape[1] if add.digests.ndim == 2 else 0
    _append(directory / "digests", add.start * width * 4, _raw(add.digests, "<u4"))
    for name, (dtype, _) in _COLUMNS.items():
        itemsize = np.dtype(dtype).itemsize
        _append(directory / name, add.start * itemsize, _raw(add.columns[name], dtype))
    blob_sizes = dict(previous["blob_sizes"]) if previous else {}
    for name in _BLOBS:
        parts, ends = add.blobs[name]
        kept = int(blob_sizes.get(name, 0)) if add.start else 0
        _append(directory / f"{name}.utf8", kept, *parts)
        _append(directory / f"{name}.ends", add.start * 8, _raw(ends + kept, "<i8"))
        blob_sizes[name] = kept + (int(ends[-1]) if ends.size else 0)
    generation = uuid.uuid4().hex[:12]
    _append(directory / f"parents.{generation}", 0, _raw(add.parents, "<i8"))
    if add.bulk is not None:
        bulk_gen = generation
        for name, dtype in _BULK.items():
            _append(directory / f"bulk_{name}.{bulk_gen}", 0, _raw(add.bulk[name], dtype))
        bulk_sizes = [int(add.bulk["keys"].shape[1]), int(add.bulk["frames"].shape[0])]
    else:
        assert previous is not None
        bulk_gen, bulk_sizes = previous["bulk_generation"], previous["bulk_sizes"]
    meta = {"format": FORMAT, "v": VERSION, "token": token, "n": n, "params": params,
            "generation": generation, "bulk_generation": bulk_gen, "bulk_n": add.bulk_n,
            "bulk_sizes": bulk_sizes, "blob_sizes": blob_sizes}
    (directory / _PENDING).write_text(json.dumps(meta), encoding="utf-8")


def publish(directory: Path) -> None:
    """Make the prepared snapshot the current one and remove files no snapshot names."""
    os.replace(directory / _PENDING, directory / META)
    meta = read_meta(directory)
    assert meta is not None
    live = {f"parents.{meta['generation']}"} | {
        f"bulk_{name}.{meta['bulk_generation']}" for name in _BULK}
    for path in directory.iterdir():
        if path.name.startswith(("parents.", "bulk_")) and path.name not in live:
            # Still mapped where that forbids removal: the next publish removes it.
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
