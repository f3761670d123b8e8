"""Incremental clustering of fingerprints into campaigns, with stable campaign ids.

Owns: ``CampaignIndex`` (candidate search, verification, union-find, campaign ids) and its
serialisable ``IndexState``. Must not import: the store, the judge, the CLI.

Two paths share one union-find:

* ``build`` (batch, for a full import or a rebuild): the digests form a numpy matrix; for each
  LSH band the band keys are sorted and neighbours with equal keys become candidate pairs;
  pairs already in one component are skipped, the rest verified. No per-item dicts, so a
  million notes fit in well under 4 GB (see benchmarks/RESULTS.md, "Campaigns").
* ``add`` (one new item): candidates come from the sorted band keys of the last batch
  (``np.searchsorted``) and from one dict per band holding only the items added since (the
  same band keys); they are folded into the sorted arrays when they grow past ``DELTA_MAX``.

Persistence: ``state``/``restore`` give and take plain lists (the store rebuilds from its rows
with them); ``save``/``open`` write and map a snapshot directory (``campaign.snapshot``) so that
a process can add items to a million-item index without reading it whole: skeletons, ids and
digests of old items stay in memory-mapped files until a candidate needs them, and the
members and threads of a campaign are gathered only when a union touches it.

A candidate pair joins only when verified on the skeletons themselves (``campaign.verify``):
the exact Jaccard similarity of their word 1+2-gram sets is high enough and they share enough
shingles. A second channel (``campaign.frame``) finds templates
whose fills are whole clauses: candidates share the skeleton's opening and closing words (a
sorted key, like the bands), and are verified by the shared word runs.

Items of one thread (one owner's conversation, passed as ``thread``) are steps of one
sequence, never two fills of one template: no campaign holds two items of one thread (a
cannot-link constraint checked at every union). Because a union cannot be undone, verified
pairs that touch a thread of two or more items are unioned after the others, strongest first,
so that a weak link to a sibling step cannot take the place of an exact copy.

A campaign is a component of at least
``MIN_CAMPAIGN_SIZE`` items; its id comes from its earliest member and so stays the same when
members join, and when two campaigns merge the older id is kept (the union-find root is
always the smallest item index, i.e. the earliest added).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from seedbed.campaign import snapshot
from seedbed.campaign.columns import GrowableArray, RowColumn, StringColumn
from seedbed.campaign.fingerprint import (
    LSH_BANDS,
    LSH_ROWS,
    MIN_SKELETON_WORDS,
    NUM_PERM,
    SEED,
    Fingerprint,
    band_keys,
)
from seedbed.campaign.frame import frame_key, frame_match
from seedbed.campaign.verify import VERIFY_MIN_JACCARD, similarity
from seedbed.errors import StoreError

# A campaign is the same template seen at least twice: one note is just a note.
MIN_CAMPAIGN_SIZE = 2
# Candidate pairs whose MinHash estimate of Jaccard is below this are dropped before the exact
# check: 0.2 is more than three standard deviations (0.042 at 128 permutations) below the
# verification threshold, so almost no true pair is lost, and most false candidates go
# without building a single set.
PREFILTER_MIN_ESTIMATE = 0.2
# In ``add``, the members of one candidate component tried before giving up on it (those
# hitting most bands first): a campaign with drifting fills may verify against some only.
VERIFY_PER_COMPONENT = 3
# In ``add``, candidates of one component whose digests are compared before the verification
# (twice ``VERIFY_PER_COMPONENT``, so that a few members failing the prefilter do not hide a
# campaign).
PREFILTER_PER_COMPONENT = 2 * VERIFY_PER_COMPONENT
# In ``add``, at most this many items are read from one bulk bucket: a template's bucket can
# hold thousands of items, all in one component, and reading them all costs time for nothing.
MAX_BUCKET_READ = 16
_WINDOW = np.arange(MAX_BUCKET_READ)
# Items added one by one sit in per-band dicts until there are this many, then are folded into
# the sorted arrays (a dict-based LSH costs ~9 GB per million items; the arrays ~0.5 GB).
DELTA_MAX = 50_000
STATE_VERSION = 2
# Candidate pairs compared per numpy block in the batch path: 65,536 pairs x 128 permutations
# x 4 bytes x 2 sides is 64 MB of scratch, where all pairs at once cost gigabytes at 1M items.
_PAIR_BLOCK = 1 << 16
# In the batch path, each item with a frame key is compared with this many next items of the
# same key in sorted order: a frame key ("hi ⟨name⟩ i ... love to connect") can be shared by
# several templates, so the nearest neighbour alone may be of another one.
FRAME_WINDOW = 4
# Pairs verified by the frame channel rank after every Jaccard-verified pair when unions are
# ordered (their score is the run coverage minus this).
_FRAME_RANK = 1.0


@dataclass(frozen=True, slots=True)
class IndexState:
    """Everything needed to restore a ``CampaignIndex`` without re-verifying anything.

    ``digests`` holds ``NUM_PERM`` little-endian uint32 values per item, in item order;
    ``parents`` is the union-find parent of each item (an index into the same lists);
    ``threads`` the key of each item's thread (``thread_key``; 0 for none), or None when no
    item has one.
    """

    item_ids: list[str]
    skeletons: list[str]
    digests: bytes
    parents: list[int]
    params: tuple[int, int, int, int] = (NUM_PERM, SEED, LSH_BANDS, LSH_ROWS)
    version: int = STATE_VERSION
    threads: list[int] | None = None


def campaign_key(skel: str) -> str:
    """The id of a campaign whose earliest member has this skeleton."""
    return "c" + hashlib.sha256(skel.encode("utf-8")).hexdigest()[:10]


def thread_key(thread: str | None) -> int:
    """A thread's 63-bit key (0 for no thread): the index compares threads only for equality."""
    if thread is None:
        return 0
    digest = hashlib.blake2b(thread.encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(digest, "little") >> 1) or 1


def _id_hash(item_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(item_id.encode("utf-8"), digest_size=8).digest(),
                          "little")


def _clusterable(skel: str) -> bool:
    return bool(skel) and skel.count(" ") + 1 >= MIN_SKELETON_WORDS


def _roots(parent: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Every item's root, by pointer jumping (vectorised path compression)."""
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return parent
        parent = grand



class _Pairs:
    """Verified pairs waiting to be unioned strongest first, packed in arrays (16 bytes a
    pair): the batch path defers about a million of them at 300,000 items, which as Python
    tuples (with the set and the sorted list of them) took hundreds of megabytes."""

    def __init__(self) -> None:
        self._scores = array("d")
        self._left = array("q")
        self._right = array("q")

    def __len__(self) -> int:
        return len(self._scores)

    def append(self, score: float, a: int, b: int) -> None:
        self._scores.append(score)
        self._left.append(a)
        self._right.append(b)

    def ordered(self) -> Iterable[tuple[float, int, int]]:
        """The pairs strongest first, ties by the items, each distinct pair once: the order
        of ``sorted(set(pairs), key=lambda p: (-p[0], p[1], p[2]))``."""
        if not self._scores:
            return []
        scores = np.frombuffer(self._scores, dtype=np.float64)
        left = np.frombuffer(self._left, dtype=np.int64)
        right = np.frombuffer(self._right, dtype=np.int64)
        order = np.lexsort((right, left, -scores))
        scores, left, right = scores[order], left[order], right[order]
        keep = np.ones(scores.size, dtype=bool)
        keep[1:] = ((scores[1:] != scores[:-1]) | (left[1:] != left[:-1])
                    | (right[1:] != right[:-1]))
        return zip(scores[keep].tolist(), left[keep].tolist(), right[keep].tolist(),
                   strict=True)


class CampaignIndex:
    """Items and their campaigns; see the module docstring for how they are found."""

    def __init__(self) -> None:
        self._ids = StringColumn()
        # Positions of ids added in memory; ids of a snapshot are found by their hash.
        self._tail_pos: dict[str, int] = {}
        self._id_hashes = GrowableArray(np.uint64)
        self._base_hash_sorted: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]] | None = None
        # Ids of an opened snapshot beyond its last fold, by hash (the sorted ones cover the rest).
        self._unsorted_hashes: dict[int, list[int]] = {}
        self._skeletons = StringColumn()
        self._digests = RowColumn(NUM_PERM)
        self._frames = GrowableArray(np.uint64)
        self._usable = GrowableArray(np.bool_)
        self._parent: list[int] = []
        # Members of the components a union touched, keyed by root; other components are read
        # from ``_groups`` (the grouping of an opened snapshot) or are single items.
        self._members: dict[int, list[int]] = {}
        self._groups: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None
        self._group_n = 0
        self._keys: dict[int, str] = {}
        # Thread key of each item (0: none) and the threads of components that have any, keyed
        # by root: the cannot-link constraint. ``_threads_read`` lists the roots of an opened
        # snapshot whose threads were gathered already.
        self._threads = GrowableArray(np.int64)
        self._root_threads: dict[int, set[int]] = {}
        self._threads_read: set[int] = set()
        self._any_threads = False
        # During a batch link: whether each component (by root) holds an item of a thread with
        # two or more items (see ``_has_threads``).
        self._link_flags: npt.NDArray[np.bool_] | None = None
        # Sorted band keys and their item indices, level by level: the last batch (``_bulk_n``
        # items), then the items an opened snapshot held beyond it.
        self._levels: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.int32]]] = []
        self._bulk_n = 0
        # The same for frame keys; items added since the last batch sit in a dict.
        self._bulk_frames = np.empty(0, dtype=np.uint64)
        self._bulk_frame_items = np.empty(0, dtype=np.int32)
        self._delta: list[dict[int, list[int]]] = [{} for _ in range(LSH_BANDS)]
        self._delta_frames: dict[int, list[int]] = {}
        # For ``take_changes``: items from ``_watermark`` on are new since the last call;
        # ``_dirty`` holds older items whose campaign may have changed since.
        self._watermark = 0
        self._dirty: set[int] = set()
        # What the snapshot this index was opened from (or last saved to) holds.
        self._saved_n = 0
        self._saved_bulk_n = -1

    # --- reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._parent)

    def __contains__(self, item_id: object) -> bool:
        return isinstance(item_id, str) and self._position(item_id) is not None

    def _position(self, item_id: str) -> int | None:
        pos = self._tail_pos.get(item_id)
        if pos is not None or self._base_hash_sorted is None:
            return pos
        # An id of an opened snapshot: beyond its last fold by hash, else in the sorted hashes.
        wanted = np.uint64(_id_hash(item_id))
        for candidate in self._unsorted_hashes.get(int(wanted), ()):
            if self._ids[candidate] == item_id:
                return candidate
        hashes, order = self._base_hash_sorted
        lo, hi = np.searchsorted(hashes, wanted), np.searchsorted(hashes, wanted, "right")
        for found in order[lo:hi].tolist():
            if self._ids[found] == item_id:
                return int(found)
        return None

    def campaign_of(self, item_id: str) -> str | None:
        """The campaign key of an item, or None when it is in no campaign (yet)."""
        pos = self._position(item_id)
        return None if pos is None else self._campaign_at(pos)

    def _campaign_at(self, pos: int) -> str | None:
        root = self._find(pos)
        if self._size_of(root) < MIN_CAMPAIGN_SIZE:
            return None
        return self._key(root)

    def campaigns(self) -> dict[str, list[str]]:
        """Every campaign's key and its member ids, earliest first."""
        n = len(self)
        if not n:
            return {}
        roots = _roots(np.asarray(self._parent, dtype=np.int64))
        counts = np.bincount(roots, minlength=n)
        in_groups = np.flatnonzero(counts[roots] >= MIN_CAMPAIGN_SIZE)
        order = in_groups[np.argsort(roots[in_groups], kind="stable")]
        bounds = np.flatnonzero(np.diff(roots[order])) + 1
        return {self._key(int(roots[group[0]])): [self._ids[p] for p in group.tolist()]
                for group in (np.split(order, bounds) if order.size else [])}

    def members(self, key: str) -> list[str]:
        """The member ids of one campaign, earliest first ([] for an unknown key)."""
        return self.campaigns().get(key, [])

    def labels(self) -> dict[str, str]:
        """Item id -> campaign key, for every item that is in a campaign."""
        return {item: key for key, items in self.campaigns().items() for item in items}

    def skeleton_of(self, item_id: str) -> str:
        """The skeleton stored for an item (KeyError when unknown)."""
        pos = self._position(item_id)
        if pos is None:
            raise KeyError(item_id)
        return self._skeletons[pos]

    def take_changes(self) -> dict[str, str | None]:
        """Item id -> campaign key (None: in none) of every item whose campaign may have
        changed since the last call (or since opening): added items, and members moved by a
        merge. Lets a store write only what changed."""
        positions = sorted(self._dirty) + list(range(self._watermark, len(self)))
        changes = {self._ids[pos]: self._campaign_at(pos) for pos in positions}
        self._dirty.clear()
        self._watermark = len(self)
        return changes

    # --- union-find ----------------------------------------------------------------------------

    def _find(self, pos: int) -> int:
        parent = self._parent
        while parent[pos] != pos:
            parent[pos] = parent[parent[pos]]  # path halving
            pos = parent[pos]
        return pos

    def _members_of(self, root: int) -> list[int]:
        members = self._members.get(root)
        if members is not None:
            return members
        if root < self._group_n and self._groups is not None:
            roots, order = self._groups
            lo, hi = np.searchsorted(roots, root), np.searchsorted(roots, root, "right")
            group: list[int] = order[lo:hi].tolist()
            return group
        return [root]

    def _size_of(self, root: int) -> int:
        members = self._members.get(root)
        if members is not None:
            return len(members)
        if root < self._group_n and self._groups is not None:
            roots = self._groups[0]
            return int(np.searchsorted(roots, root, "right") - np.searchsorted(roots, root))
        return 1

    def _threads_of(self, root: int) -> set[int]:
        threads = self._root_threads.get(root)
        if threads is not None:
            return threads
        if root < self._group_n and root not in self._threads_read:
            self._threads_read.add(root)
            keys = self._threads.values()[self._members_of(root)]
            found = {int(k) for k in keys[keys != 0]}
            if found:
                self._root_threads[root] = found
            return found
        return set()

    def _union(self, a: int, b: int) -> bool:
        """Join the components of a and b unless they hold items of one thread."""
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return True
        threads_a, threads_b = self._threads_of(ra), self._threads_of(rb)
        if threads_a and threads_b and not threads_a.isdisjoint(threads_b):
            return False
        # The older (smaller) index stays the root, so the older campaign id survives.
        old, new = (ra, rb) if ra < rb else (rb, ra)
        self._parent[new] = old
        if self._link_flags is not None and self._link_flags[new]:
            self._link_flags[old] = True
        kept, moved = self._members_of(old), self._members_of(new)
        self._members.pop(new, None)
        # Items already reported by ``take_changes`` whose campaign changes: the moved ones,
        # and a single item that becomes a campaign.
        if self._watermark:
            self._dirty.update(p for p in moved if p < self._watermark)
            if len(kept) < MIN_CAMPAIGN_SIZE and kept[0] < self._watermark:
                self._dirty.add(kept[0])
        # Extend the longer list with the shorter one: merging stays O(n log n) overall.
        # (Lists from ``_members_of`` are this index's own: the stored ones or fresh copies.)
        if len(kept) < len(moved):
            kept, moved = moved, kept
        kept.extend(moved)
        self._members[old] = kept
        self._root_threads.pop(new, None)
        if threads_a or threads_b:
            big, small = ((threads_a, threads_b) if len(threads_a) >= len(threads_b)
                          else (threads_b, threads_a))
            big |= small
            self._root_threads[old] = big
        if old < self._group_n:
            self._threads_read.add(old)
        return True

    def _has_threads(self, a: int, b: int) -> bool:
        """Whether a union of a's and b's components could meet the thread constraint.

        During a batch link only threads with two or more items count (``_link_flags``: does
        a component hold an item of such a thread): a thread of one item can never meet
        itself, so a component whose threads are all single behaves as one with none.
        """
        if self._link_flags is not None:
            flags = self._link_flags
            return bool(flags[self._find(a)] or flags[self._find(b)])
        return self._any_threads and bool(
            self._threads_of(self._find(a)) or self._threads_of(self._find(b)))

    def _shared_thread_flags(self) -> npt.NDArray[np.bool_] | None:
        """For each root, whether its component holds an item of a thread with 2+ items."""
        keys = self._threads.values()
        if not self._any_threads:
            return None
        threaded = keys[keys != 0]
        values, counts = np.unique(threaded, return_counts=True)
        shared = np.isin(keys, values[counts >= 2])
        roots = _roots(np.asarray(self._parent, dtype=np.int64))
        flags = np.zeros(len(keys), dtype=np.bool_)
        np.logical_or.at(flags, roots, shared)
        return flags

    def _union_ordered(self, pairs: list[tuple[float, int, int]] | _Pairs) -> None:
        """Union verified pairs strongest first (each pair once), honouring threads.

        A frame-channel pair (negative score) joins two campaigns only when their earliest
        members share the frame too: a stock phrase, a P.S. line and a sign-off can give two
        members of different large templates a common frame, their founding notes rarely.
        """
        skeletons = self._skeletons
        ordered = (pairs.ordered() if isinstance(pairs, _Pairs)
                   else sorted(set(pairs), key=lambda p: (-p[0], p[1], p[2])))
        for score, a, b in ordered:
            if score < 0:
                ra, rb = self._find(a), self._find(b)
                if ra == rb or ((ra, rb) != (a, b) and not frame_match(skeletons[ra],
                                                                       skeletons[rb])):
                    continue
            self._union(a, b)

    def _key(self, root: int) -> str:
        key = self._keys.get(root)
        if key is None:
            key = self._keys[root] = campaign_key(self._skeletons[root])
        return key

    # --- adding ------------------------------------------------------------------------------

    def _append(self, item_id: str, fp: Fingerprint, thread: str | None = None) -> int:
        pos = len(self._parent)
        self._ids.append(item_id)
        self._tail_pos[item_id] = pos
        self._id_hashes.append(_id_hash(item_id))
        self._skeletons.append(fp.skeleton)
        self._parent.append(pos)
        key = thread_key(thread)
        self._threads.append(key)
        if key:
            self._root_threads[pos] = {key}
            self._any_threads = True
        self._digests.append(fp.values)
        usable = _clusterable(fp.skeleton)
        self._usable.append(usable)
        self._frames.append(frame_key(fp.skeleton) if usable else 0)
        return pos

    def _band_candidates(self, fp: Fingerprint,
                         keys: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
        """Items sharing an LSH band (``keys``) with the new item, most shared bands first,
        prefiltered."""
        found: list[npt.NDArray[np.int32]] = []
        bands = np.arange(LSH_BANDS)[:, None]
        for level_keys, level_items in self._levels:
            size = level_keys.shape[1]
            if not size:
                continue
            lo = np.array([level_keys[band].searchsorted(keys[band])
                           for band in range(LSH_BANDS)], dtype=np.int64)
            # Equal keys sit together from ``lo`` on; read a bounded window of them, all bands
            # at once.
            window = lo[:, None] + _WINDOW
            inside = window < size
            window = np.minimum(window, size - 1)
            equal = inside & (level_keys[bands, window] == keys[:, None])
            if equal.any():
                found.append(level_items[bands, window][equal])
        delta = [pos for band, key in enumerate(keys.tolist())
                 for pos in self._delta[band].get(key, ())]
        if delta:
            found.append(np.asarray(delta, dtype=np.int32))
        if not found:
            return np.empty(0, dtype=np.int64)
        # The new item is not in the sorted arrays nor in the delta yet: it cannot find itself.
        others, hits = np.unique(np.concatenate(found), return_counts=True)
        # Most band hits first: the likeliest template mates are verified first. A big
        # campaign fills every band's window with its own members: only the first few of each
        # campaign are read (a digest read from a mapped snapshot is a page fault).
        ranked = others[np.argsort(-hits, kind="stable")].tolist()
        per_root: dict[int, int] = {}
        chosen = []
        for other in ranked:
            root = self._find(other)
            if per_root.get(root, 0) < PREFILTER_PER_COMPONENT:
                per_root[root] = per_root.get(root, 0) + 1
                chosen.append(other)
        picked = np.asarray(chosen, dtype=np.int64)
        estimate = (self._digests.rows(picked) == fp.values).mean(axis=1)
        result: npt.NDArray[np.int64] = picked[estimate >= PREFILTER_MIN_ESTIMATE]
        return result

    def _frame_candidates(self, pos: int) -> list[int]:
        key = self._frames.values()[pos]
        if not key:
            return []
        found: list[int] = []
        if self._bulk_frames.size:
            lo = int(self._bulk_frames.searchsorted(key))
            window = np.asarray(self._bulk_frames[lo : lo + MAX_BUCKET_READ])
            found.extend(np.asarray(
                self._bulk_frame_items[lo : lo + int(np.count_nonzero(window == key))]).tolist())
        found.extend(self._delta_frames.get(int(key), ()))
        return found

    def add(self, item_id: str, fp: Fingerprint, thread: str | None = None) -> str | None:
        """Add one item; return the key of the campaign it joined, or None.

        ``thread`` names the sequence the item belongs to (e.g. owner and conversation):
        it never joins a campaign holding another item of that thread. Adding an id that
        is already present changes nothing and returns its campaign. When the new item links
        two campaigns they merge under the older key.
        """
        if self._position(item_id) is not None:
            return self.campaign_of(item_id)
        pos = self._append(item_id, fp, thread)
        if not _clusterable(fp.skeleton):
            return None
        verified: list[tuple[float, int, int]] = []
        joined: set[int] = set()
        tries: dict[int, int] = {}
        # (A numpy key, not a Python int: searchsorted would cast the whole column to int64.)
        keys = band_keys(fp.values)[0]
        for other in self._band_candidates(fp, keys).tolist():
            root = self._find(other)
            if root in joined or tries.get(root, 0) >= VERIFY_PER_COMPONENT:
                continue
            tries[root] = tries.get(root, 0) + 1
            score = similarity(fp.skeleton, self._skeletons[other])
            if score >= VERIFY_MIN_JACCARD:
                verified.append((score, pos, other))
                joined.add(root)
        frame_tries: dict[int, int] = {}
        for other in self._frame_candidates(pos):
            root = self._find(other)
            if root in joined or frame_tries.get(root, 0) >= VERIFY_PER_COMPONENT:
                continue
            frame_tries[root] = frame_tries.get(root, 0) + 1
            cover = frame_match(fp.skeleton, self._skeletons[other])
            if cover:
                verified.append((cover - _FRAME_RANK, pos, other))
                joined.add(root)
        self._union_ordered(verified)
        for band, key in enumerate(keys.tolist()):
            self._delta[band].setdefault(key, []).append(pos)
        frame = int(self._frames.values()[pos])
        if frame:
            self._delta_frames.setdefault(frame, []).append(pos)
        if len(self) - self._bulk_n >= DELTA_MAX:
            self._fold()
        return self.campaign_of(item_id)

    def build(self, items: Iterable[tuple[str, Fingerprint]],
              threads: Mapping[str, str] | None = None, count: int | None = None) -> None:
        """Add many items at once (the batch path), then link all items.

        ``threads`` maps item ids to their thread (see ``add``). Finds the campaigns ``add``
        would find, with one difference at the margin: the batch links each item to its
        neighbours in sorted key order, ``add`` tries up to ``VERIFY_PER_COMPONENT`` members
        of each candidate campaign. Items whose id is already present are skipped.
        ``count``: how many items come, when known (their digests get their room at once).
        """
        threads = threads or {}
        if count:
            self._digests.reserve(count)
        for item_id, fp in items:
            if self._position(item_id) is None:
                self._append(item_id, fp, threads.get(item_id))
        self._link_all()

    def _sorted_levels(self) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int32]]:
        """Band keys of every clusterable item, each band sorted, with the item of each key.

        Keys are computed in blocks, so that a memory-mapped digest matrix is read once and
        never held whole in memory.
        """
        positions = np.flatnonzero(self._usable.values()).astype(np.int32)
        keys = np.empty((LSH_BANDS, positions.size), dtype=np.uint32)
        for start in range(0, positions.size, _PAIR_BLOCK):
            block = positions[start : start + _PAIR_BLOCK]
            keys[:, start : start + block.size] = band_keys(self._digests.rows(block)).T
        items = np.empty((LSH_BANDS, positions.size), dtype=np.int32)
        for band in range(LSH_BANDS):
            order = np.argsort(keys[band], kind="stable")
            keys[band] = keys[band, order]
            items[band] = positions[order]
        return keys, items

    def _sorted_frames(self) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32]]:
        """Frame keys of all items that have one, sorted, with the item of each key."""
        frames = self._frames.values()
        positions = np.flatnonzero(frames).astype(np.int32)
        keys = frames[positions]
        order = np.argsort(keys, kind="stable")
        return keys[order], positions[order]

    def _link_all(self) -> None:
        """Candidate pairs from sorted band and frame keys, verified, then unioned."""
        sorted_keys, sorted_items = self._sorted_levels()
        deferred = _Pairs()
        checked: set[int] = set()
        self._link_flags = self._shared_thread_flags()
        for band in range(LSH_BANDS):
            same = np.flatnonzero(sorted_keys[band, 1:] == sorted_keys[band, :-1])
            if not same.size:
                continue
            left = sorted_items[band, same]
            right = sorted_items[band, same + 1]
            roots = _roots(np.asarray(self._parent, dtype=np.int64))
            todo = np.flatnonzero(roots[left] != roots[right])
            self._verify_pairs(left[todo], right[todo], deferred, checked)
        self._link_flags = None
        # Frame-channel pairs rank after every Jaccard-verified pair, so those are unioned
        # first: the frame channel then skips the pairs they already joined (most of them).
        self._union_ordered(deferred)
        frame_pairs: list[tuple[float, int, int]] = []
        frames, frame_items = self._sorted_frames()
        for offset in range(1, FRAME_WINDOW + 1):
            same = np.flatnonzero(frames[offset:] == frames[:-offset])
            if not same.size:
                break
            left, right = frame_items[same], frame_items[same + offset]
            roots = _roots(np.asarray(self._parent, dtype=np.int64))
            todo = np.flatnonzero(roots[left] != roots[right])
            for a, b in zip(left[todo].tolist(), right[todo].tolist(), strict=True):
                if self._find(a) == self._find(b):
                    continue
                cover = frame_match(self._skeletons[a], self._skeletons[b])
                if cover:
                    frame_pairs.append((cover - _FRAME_RANK, a, b))
        self._union_ordered(frame_pairs)
        self._set_sorted(sorted_keys, sorted_items, frames, frame_items)

    def _set_sorted(self, keys: npt.NDArray[np.uint32], items: npt.NDArray[np.int32],
                    frames: npt.NDArray[np.uint64], frame_items: npt.NDArray[np.int32]) -> None:
        """Make these sorted arrays the one level covering every item; empty the delta."""
        self._levels = [(keys, items)]
        self._bulk_n = len(self)
        self._bulk_frames, self._bulk_frame_items = frames, frame_items
        self._delta = [{} for _ in range(LSH_BANDS)]
        self._delta_frames = {}

    def _verify_pairs(self, left: npt.NDArray[np.int32], right: npt.NDArray[np.int32],
                      deferred: _Pairs, checked: set[int]) -> None:
        """Verify and union candidate pairs, in blocks that bound the scratch memory.

        Pairs touching a thread go to ``deferred`` instead, to be unioned strongest first.
        ``checked`` holds the pairs verified and left apart, so that no pair is verified twice.
        """
        skeletons = self._skeletons
        n = len(self)
        for start in range(0, left.size, _PAIR_BLOCK):
            a_block = left[start : start + _PAIR_BLOCK]
            b_block = right[start : start + _PAIR_BLOCK]
            estimate = (self._digests.rows(a_block) == self._digests.rows(b_block)).mean(axis=1)
            keep = np.flatnonzero(estimate >= PREFILTER_MIN_ESTIMATE)
            for a, b in zip(a_block[keep].tolist(), b_block[keep].tolist(), strict=True):
                if self._find(a) == self._find(b):
                    continue
                # A pair that stays apart (failed, or deferred) meets again in other bands.
                pair = a * n + b if a < b else b * n + a
                if pair in checked:
                    continue
                score = similarity(skeletons[a], skeletons[b])
                if score < VERIFY_MIN_JACCARD:
                    checked.add(pair)
                elif self._has_threads(a, b):
                    checked.add(pair)
                    deferred.append(score, a, b)
                else:
                    self._union(a, b)

    def _fold(self) -> None:
        """Move the delta's items into the sorted arrays (no new links are made)."""
        keys, items = self._sorted_levels()
        self._set_sorted(keys, items, *self._sorted_frames())

    # --- state -------------------------------------------------------------------------------

    def state(self) -> IndexState:
        """A plain snapshot (lists, bytes and ints); reads every item, even from a snapshot."""
        n = len(self)
        threads = self._threads.values()
        return IndexState(
            item_ids=self._ids[0:n],
            skeletons=self._skeletons[0:n],
            digests=self._digests.matrix().astype("<u4").tobytes(),
            parents=list(self._parent),
            threads=threads.tolist() if threads.any() else None,
        )

    @classmethod
    def restore(cls, state: IndexState) -> CampaignIndex:
        """Rebuild an index from ``state()``: no verification is repeated, only sorting.

        Raises StoreError when the state is inconsistent or was made with other parameters.
        """
        where = "campaign index state"
        if state.version != STATE_VERSION:
            raise StoreError(f"{where}: version {state.version}, expected {STATE_VERSION}")
        if tuple(state.params) != (NUM_PERM, SEED, LSH_BANDS, LSH_ROWS):
            raise StoreError(f"{where}: made with MinHash parameters {state.params}")
        n = len(state.item_ids)
        if len(state.skeletons) != n or len(state.parents) != n:
            raise StoreError(f"{where}: {n} item ids but {len(state.skeletons)} skeletons "
                             f"and {len(state.parents)} parents")
        if state.threads is not None and len(state.threads) != n:
            raise StoreError(f"{where}: {n} item ids but {len(state.threads)} threads")
        if len(state.digests) != n * NUM_PERM * 4:
            raise StoreError(f"{where}: digests hold {len(state.digests)} bytes for {n} items")
        if len(set(state.item_ids)) != n:
            raise StoreError(f"{where}: item ids are not unique")
        if any(not 0 <= p <= i for i, p in enumerate(state.parents)):
            raise StoreError(f"{where}: a parent points to a later or missing item")
        index = cls()
        index._ids.extend(state.item_ids)
        index._tail_pos = {item: i for i, item in enumerate(state.item_ids)}
        index._id_hashes.extend([_id_hash(item) for item in state.item_ids])
        index._skeletons.extend(state.skeletons)
        index._digests = RowColumn(NUM_PERM, np.frombuffer(state.digests, dtype="<u4")
                                   .reshape(n, NUM_PERM))
        usable = [_clusterable(skel) for skel in state.skeletons]
        index._usable.extend(usable)
        index._frames.extend([frame_key(skel) if ok else 0
                              for skel, ok in zip(state.skeletons, usable, strict=True)])
        index._threads.extend(state.threads or [0] * n)
        index._parent = list(state.parents)
        index._adopt_grouping()
        if n:
            index._fold()
        return index

    def _adopt_grouping(self) -> None:
        """Group items by root from ``_parent`` (after a restore or an open)."""
        n = len(self)
        roots = _roots(np.asarray(self._parent, dtype=np.int64))
        order = np.argsort(roots, kind="stable")
        self._groups = (roots[order], order)
        self._group_n = n
        self._members = {}
        self._root_threads = {}
        self._threads_read = set()
        self._any_threads = bool(self._threads.values().any())
        self._watermark = n
        self._dirty = set()

    def save(self, directory: Path, token: str) -> None:
        """Write a snapshot of this index to ``directory``, pending until ``publish``.

        Appends to the snapshot the index was opened from (or last saved to); otherwise writes
        the whole index. ``token`` names the snapshot (see ``open``).
        """
        n, start = len(self), self._saved_n
        blobs = {name: column.encoded_since(start)
                 for name, column in (("ids", self._ids), ("skeletons", self._skeletons))}
        folded = self._bulk_n != self._saved_bulk_n or not start
        keys, items = self._levels[0] if self._levels and self._bulk_n else (
            np.empty((LSH_BANDS, 0), dtype=np.uint32), np.empty((LSH_BANDS, 0), dtype=np.int32))
        additions = snapshot.Additions(
            start=start,
            digests=self._digests.matrix(start),
            columns={"id_hash": self._id_hashes.values()[start:],
                     "threads": self._threads.values()[start:],
                     "frames": self._frames.values()[start:],
                     "usable": self._usable.values()[start:].astype(np.uint8)},
            blobs=blobs,
            parents=np.asarray(self._parent, dtype=np.int64),
            bulk_n=self._bulk_n,
            bulk=self._bulk_arrays(keys, items) if folded else None,
        )
        snapshot.prepare(directory, token, additions, [NUM_PERM, SEED, LSH_BANDS, LSH_ROWS])
        self._saved_n, self._saved_bulk_n = n, self._bulk_n

    def _bulk_arrays(self, keys: npt.NDArray[np.uint32], items: npt.NDArray[np.int32]
                     ) -> dict[str, npt.NDArray[Any]]:
        """What a snapshot rewrites at a fold (see ``snapshot._BULK``)."""
        hashes = self._id_hashes.values()[: self._bulk_n]
        order = np.argsort(hashes, kind="stable")
        return {"keys": keys, "items": items, "frames": self._bulk_frames,
                "frame_items": self._bulk_frame_items, "id_hash": hashes[order],
                "id_order": order}

    @staticmethod
    def publish(directory: Path) -> None:
        """Make the snapshot ``save`` prepared the current one."""
        snapshot.publish(directory)

    @classmethod
    def open(cls, directory: Path, token: str) -> CampaignIndex | None:
        """The index saved in ``directory`` under ``token``; None when absent or stale.

        Reads no skeleton, id or digest: they are mapped and read when a candidate needs them.
        """
        snap = snapshot.read(directory, token, NUM_PERM)
        if snap is None or snap.params != [NUM_PERM, SEED, LSH_BANDS, LSH_ROWS]:
            return None
        index = cls()
        index._ids = StringColumn(*snap.blobs["ids"])
        index._skeletons = StringColumn(*snap.blobs["skeletons"])
        index._digests = RowColumn(NUM_PERM, snap.digests)
        index._id_hashes = GrowableArray(np.uint64, snap.columns["id_hash"])
        index._threads = GrowableArray(np.int64, np.array(snap.columns["threads"]))
        index._frames = GrowableArray(np.uint64, np.array(snap.columns["frames"]))
        index._usable = GrowableArray(np.bool_, np.array(snap.columns["usable"], dtype=np.bool_))
        index._parent = np.asarray(snap.parents).tolist()
        index._adopt_grouping()
        index._levels = [(snap.bulk["keys"], snap.bulk["items"])]
        index._bulk_n = snap.bulk_n
        index._bulk_frames, index._bulk_frame_items = snap.bulk["frames"], snap.bulk["frame_items"]
        index._base_hash_sorted = (snap.bulk["id_hash"], snap.bulk["id_order"])
        for pos, key in enumerate(snap.columns["id_hash"][snap.bulk_n :].tolist(), snap.bulk_n):
            index._unsorted_hashes.setdefault(key, []).append(pos)
        if snap.n > snap.bulk_n:  # items added one by one since the last fold: a small level
            tail = np.arange(snap.bulk_n, snap.n, dtype=np.int32)
            tail = tail[index._usable.values()[tail]]
            keys = band_keys(index._digests.rows(tail)).T.copy()
            items = np.empty_like(keys, dtype=np.int32)
            for band in range(LSH_BANDS):
                order = np.argsort(keys[band], kind="stable")
                keys[band], items[band] = keys[band, order], tail[order]
            index._levels.append((keys, items))
            frames = index._frames.values()
            for pos in tail.tolist():
                if frames[pos]:
                    index._delta_frames.setdefault(int(frames[pos]), []).append(pos)
        index._saved_n, index._saved_bulk_n = snap.n, snap.bulk_n
        return index
