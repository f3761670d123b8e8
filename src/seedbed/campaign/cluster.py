"""Incremental clustering of fingerprints into campaigns, with stable campaign ids.

Owns: ``CampaignIndex`` (candidate search, verification, union-find, campaign ids) and its
serialisable ``IndexState``. Must not import: the store, the judge, the CLI.

Two paths share one union-find:

* ``build`` (batch, for a full import or a rebuild): the digests form a numpy matrix; for each
  LSH band the band keys are sorted and neighbours with equal keys become candidate pairs;
  pairs already in one component are skipped, the rest verified. No per-item dicts, so a
  million notes fit in well under 4 GB (see benchmarks/RESULTS.md, "Campaigns").
* ``add`` (one new item): candidates come from the sorted band keys of the last batch
  (``np.searchsorted``) and from a datasketch ``MinHashLSH`` holding only the items added since;
  it is folded into the sorted arrays when it grows past ``DELTA_MAX``.

A candidate pair joins only when verified on the skeletons themselves: the exact Jaccard
similarity of their word 1+2-gram sets is at least ``VERIFY_MIN_JACCARD`` and they share at
least ``VERIFY_MIN_SHARED`` shingles. A second channel (``campaign.frame``) finds templates
whose fills are whole clauses: candidates share the skeleton's opening and closing words (a
sorted key, like the bands), and are verified by the shared word runs.

Items of one thread (one owner's conversation, passed as ``thread``) are steps of one
sequence, never two fills of one template: no campaign holds two items of one thread (a
cannot-link constraint checked at every union). Because a union cannot be undone, verified
pairs that touch a thread are unioned after the others, strongest first, so that a weak link
to a sibling step cannot take the place of an exact copy.

A campaign is a component of at least
``MIN_CAMPAIGN_SIZE`` items; its id comes from its earliest member and so stays the same when
members join, and when two campaigns merge the older id is kept (the union-find root is
always the smallest item index, i.e. the earliest added).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from datasketch import MinHashLSH

from seedbed.campaign.fingerprint import (
    LSH_BANDS,
    LSH_ROWS,
    MIN_SKELETON_WORDS,
    NUM_PERM,
    SEED,
    Fingerprint,
    band_key,
    band_keys,
)
from seedbed.campaign.frame import frame_key, frame_match
from seedbed.errors import StoreError

# A campaign is the same template seen at least twice: one note is just a note.
MIN_CAMPAIGN_SIZE = 2
# Verification. On 190,000 LSH candidate pairs of the benchmark corpus (20,000 notes), exact
# Jaccard of same-template pairs has p0.1 = 0.35 and p1 = 0.42; pairs of different templates
# reach 0.33 at most, unique notes 0.33 (two 7-word notes). On the devset, 17 of its 23
# same-template pairs are >= 0.35 and 3 of ~11,000 other pairs (same sender, sibling
# templates) are too; lowering to 0.30 would add one true and one false pair there.
VERIFY_MIN_JACCARD = 0.35
# ... and short notes must share this many shingles, so that two unrelated eight-word notes
# that happen to share "dear ⟨name⟩ ... on the" do not join.
VERIFY_MIN_SHARED = 10
# Candidate pairs whose MinHash estimate of Jaccard is below this are dropped before the exact
# check: 0.2 is more than three standard deviations (0.042 at 128 permutations) below the
# verification threshold, so almost no true pair is lost, and most false candidates go
# without building a single set.
PREFILTER_MIN_ESTIMATE = 0.2
# In ``add``, the members of one candidate component tried before giving up on it (those
# hitting most bands first): a campaign with drifting fills may verify against some only.
VERIFY_PER_COMPONENT = 3
# In ``add``, at most this many items are read from one bulk bucket: a template's bucket can
# hold thousands of items, all in one component, and reading them all costs time for nothing.
MAX_BUCKET_READ = 16
# Items added one by one sit in a MinHashLSH until there are this many, then are folded into
# the sorted arrays (a dict-based LSH costs ~9 GB per million items; the arrays ~0.5 GB).
DELTA_MAX = 50_000
STATE_VERSION = 1
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
    ``threads`` the thread of each item (None for none), or None when no item has one.
    """

    item_ids: list[str]
    skeletons: list[str]
    digests: bytes
    parents: list[int]
    params: tuple[int, int, int, int] = (NUM_PERM, SEED, LSH_BANDS, LSH_ROWS)
    version: int = STATE_VERSION
    threads: list[str | None] | None = None


def _shingle_sets(skel: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Word 1-grams and 2-grams, as the MinHash sees them (kept apart: no string joins)."""
    words = skel.split()
    return set(words), set(pairwise(words))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two skeletons' shingle sets; 0.0 when they share too few."""
    if a == b:
        return 1.0
    ua, ba = _shingle_sets(a)
    ub, bb = _shingle_sets(b)
    shared = len(ua & ub) + len(ba & bb)
    if shared < VERIFY_MIN_SHARED:
        return 0.0
    return shared / (len(ua) + len(ba) + len(ub) + len(bb) - shared)


def verify(a: str, b: str) -> bool:
    """Whether two skeletons are close enough to be the same template (first channel)."""
    return similarity(a, b) >= VERIFY_MIN_JACCARD


def campaign_key(skel: str) -> str:
    """The id of a campaign whose earliest member has this skeleton."""
    return "c" + hashlib.sha256(skel.encode("utf-8")).hexdigest()[:10]


def _clusterable(skel: str) -> bool:
    return bool(skel) and skel.count(" ") + 1 >= MIN_SKELETON_WORDS


def _roots(parent: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Every item's root, by pointer jumping (vectorised path compression)."""
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return parent
        parent = grand


class CampaignIndex:
    """Items and their campaigns; see the module docstring for how they are found."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._skeletons: list[str] = []
        self._digests = np.empty((0, NUM_PERM), dtype=np.uint32)
        self._frames = np.empty(0, dtype=np.uint64)
        self._parent: list[int] = []
        # Members of every component of two or more items, keyed by its root.
        self._members: dict[int, list[int]] = {}
        self._keys: dict[int, str] = {}
        # Thread of each item (-1: none), thread names, and the threads in each component
        # that has any (keyed by its root): the cannot-link constraint.
        self._threads: list[int] = []
        self._thread_ids: dict[str, int] = {}
        self._thread_names: list[str] = []
        self._root_threads: dict[int, set[int]] = {}
        # Sorted band keys of the items folded in by the last batch, and their item indices.
        self._bulk_keys = np.empty((LSH_BANDS, 0), dtype=np.uint32)
        self._bulk_items = np.empty((LSH_BANDS, 0), dtype=np.int32)
        # The same for frame keys; items added since sit in a dict.
        self._bulk_frames = np.empty(0, dtype=np.uint64)
        self._bulk_frame_items = np.empty(0, dtype=np.int32)
        self._delta = self._new_delta()
        self._delta_items: list[int] = []
        self._delta_frames: dict[int, list[int]] = {}

    @staticmethod
    def _new_delta() -> MinHashLSH:
        return MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))

    # --- reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._pos

    def campaign_of(self, item_id: str) -> str | None:
        """The campaign key of an item, or None when it is in no campaign (yet)."""
        pos = self._pos.get(item_id)
        if pos is None:
            return None
        root = self._find(pos)
        if len(self._members.get(root, ())) < MIN_CAMPAIGN_SIZE:
            return None
        return self._key(root)

    def campaigns(self) -> dict[str, list[str]]:
        """Every campaign's key and its member ids, earliest first."""
        return {
            self._key(root): [self._ids[p] for p in sorted(members)]
            for root, members in sorted(self._members.items())
            if len(members) >= MIN_CAMPAIGN_SIZE
        }

    def members(self, key: str) -> list[str]:
        """The member ids of one campaign, earliest first ([] for an unknown key)."""
        for root, members in self._members.items():
            if len(members) >= MIN_CAMPAIGN_SIZE and self._key(root) == key:
                return [self._ids[p] for p in sorted(members)]
        return []

    def labels(self) -> dict[str, str]:
        """Item id -> campaign key, for every item that is in a campaign."""
        return {item: key for key, items in self.campaigns().items() for item in items}

    def skeleton_of(self, item_id: str) -> str:
        """The skeleton stored for an item (KeyError when unknown)."""
        return self._skeletons[self._pos[item_id]]

    # --- union-find ----------------------------------------------------------------------------

    def _find(self, pos: int) -> int:
        parent = self._parent
        while parent[pos] != pos:
            parent[pos] = parent[parent[pos]]  # path halving
            pos = parent[pos]
        return pos

    def _union(self, a: int, b: int) -> bool:
        """Join the components of a and b unless they hold items of one thread."""
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return True
        threads_a, threads_b = self._root_threads.get(ra), self._root_threads.get(rb)
        if threads_a and threads_b and not threads_a.isdisjoint(threads_b):
            return False
        # The older (smaller) index stays the root, so the older campaign id survives.
        old, new = (ra, rb) if ra < rb else (rb, ra)
        self._parent[new] = old
        # Extend the longer list with the shorter one: merging stays O(n log n) overall.
        kept, moved = self._members.pop(old, [old]), self._members.pop(new, [new])
        if len(kept) < len(moved):
            kept, moved = moved, kept
        kept.extend(moved)
        self._members[old] = kept
        t_old, t_new = self._root_threads.pop(old, None), self._root_threads.pop(new, None)
        if t_old or t_new:
            big, small = (t_old or set()), (t_new or set())
            if len(big) < len(small):
                big, small = small, big
            big |= small
            self._root_threads[old] = big
        return True

    def _has_threads(self, a: int, b: int) -> bool:
        """Whether a union of a's and b's components could meet the thread constraint."""
        return bool(self._root_threads) and (
            self._find(a) in self._root_threads or self._find(b) in self._root_threads)

    def _union_ordered(self, pairs: list[tuple[float, int, int]]) -> None:
        """Union verified pairs strongest first (each pair once), honouring threads.

        A frame-channel pair (negative score) joins two campaigns only when their earliest
        members share the frame too: a stock phrase, a P.S. line and a sign-off can give two
        members of different large templates a common frame, their founding notes rarely.
        """
        skeletons = self._skeletons
        for score, a, b in sorted(set(pairs), key=lambda p: (-p[0], p[1], p[2])):
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

    def _thread_id(self, thread: str | None) -> int:
        if thread is None:
            return -1
        tid = self._thread_ids.get(thread)
        if tid is None:
            tid = self._thread_ids[thread] = len(self._thread_names)
            self._thread_names.append(thread)
        return tid

    def _append(self, item_id: str, fp: Fingerprint, thread: str | None = None) -> int:
        pos = len(self._ids)
        self._ids.append(item_id)
        self._pos[item_id] = pos
        self._skeletons.append(fp.skeleton)
        self._parent.append(pos)
        tid = self._thread_id(thread)
        self._threads.append(tid)
        if tid >= 0:
            self._root_threads[pos] = {tid}
        if pos >= self._digests.shape[0]:
            size = max(1024, 2 * pos)
            grown = np.empty((size, NUM_PERM), dtype=np.uint32)
            grown[:pos] = self._digests[:pos]
            self._digests = grown
            frames = np.zeros(size, dtype=np.uint64)
            frames[:pos] = self._frames[:pos]
            self._frames = frames
        self._digests[pos] = fp.values
        self._frames[pos] = frame_key(fp.skeleton) if _clusterable(fp.skeleton) else 0
        return pos

    def _band_candidates(self, fp: Fingerprint) -> npt.NDArray[np.int64]:
        """Items sharing an LSH band with the new item, most shared bands first, prefiltered."""
        keys = band_keys(fp.values)[0]
        found: list[npt.NDArray[np.int32]] = []
        if self._bulk_keys.shape[1]:
            for band in range(LSH_BANDS):
                column = self._bulk_keys[band]
                lo = int(column.searchsorted(keys[band]))
                # Equal keys sit together from ``lo`` on; read a bounded window of them.
                equal = int(np.count_nonzero(column[lo : lo + MAX_BUCKET_READ] == keys[band]))
                if equal:
                    found.append(self._bulk_items[band, lo : lo + equal])
        delta = self._delta.query(fp.minhash())
        if delta:
            found.append(np.asarray(delta, dtype=np.int32))
        if not found:
            return np.empty(0, dtype=np.int64)
        # The new item is not in the bulk arrays nor in the delta yet: it cannot find itself.
        others, hits = np.unique(np.concatenate(found), return_counts=True)
        estimate = (self._digests[others] == fp.values).mean(axis=1)
        keep = estimate >= PREFILTER_MIN_ESTIMATE
        # Most band hits first: the likeliest template mates are verified first.
        order = np.argsort(-hits[keep], kind="stable")
        result: npt.NDArray[np.int64] = others[keep][order].astype(np.int64)
        return result

    def _frame_candidates(self, pos: int) -> list[int]:
        key = self._frames[pos]
        if not key:
            return []
        found: list[int] = []
        if self._bulk_frames.size:
            lo = int(self._bulk_frames.searchsorted(key))
            window = self._bulk_frames[lo : lo + MAX_BUCKET_READ]
            found.extend(self._bulk_frame_items[lo : lo + int(np.count_nonzero(window == key))]
                         .tolist())
        found.extend(self._delta_frames.get(int(key), ()))
        return found

    def add(self, item_id: str, fp: Fingerprint, thread: str | None = None) -> str | None:
        """Add one item; return the key of the campaign it joined, or None.

        ``thread`` names the sequence the item belongs to (e.g. owner and conversation):
        it never joins a campaign holding another item of that thread. Adding an id that
        is already present changes nothing and returns its campaign. When the new item links
        two campaigns they merge under the older key.
        """
        if item_id in self._pos:
            return self.campaign_of(item_id)
        pos = self._append(item_id, fp, thread)
        if not _clusterable(fp.skeleton):
            return None
        verified: list[tuple[float, int, int]] = []
        joined: set[int] = set()
        tries: dict[int, int] = {}
        for other in self._band_candidates(fp).tolist():
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
        self._delta.insert(pos, fp.minhash())
        self._delta_items.append(pos)
        if self._frames[pos]:
            self._delta_frames.setdefault(int(self._frames[pos]), []).append(pos)
        if len(self._delta_items) >= DELTA_MAX:
            self._fold()
        return self.campaign_of(item_id)

    def build(self, items: Iterable[tuple[str, Fingerprint]],
              threads: Mapping[str, str] | None = None) -> None:
        """Add many items at once (the batch path), then link all items.

        ``threads`` maps item ids to their thread (see ``add``). Finds the campaigns ``add``
        would find, with one difference at the margin: the batch links each item to its
        neighbours in sorted key order, ``add`` tries up to ``VERIFY_PER_COMPONENT`` members
        of each candidate campaign. Items whose id is already present are skipped.
        """
        threads = threads or {}
        for item_id, fp in items:
            if item_id not in self._pos:
                self._append(item_id, fp, threads.get(item_id))
        self._link_all()

    def _clusterable_positions(self) -> npt.NDArray[np.int32]:
        return np.array(
            [i for i, s in enumerate(self._skeletons) if _clusterable(s)], dtype=np.int32
        )

    def _sorted_band(
        self, positions: npt.NDArray[np.int32], band: int
    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int32]]:
        """One band's keys for ``positions``, sorted, with the item of each key."""
        keys = band_key(self._digests[positions, band * LSH_ROWS : (band + 1) * LSH_ROWS], band)
        order = np.argsort(keys, kind="stable")
        return keys[order], positions[order]

    def _sorted_frames(self) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32]]:
        """Frame keys of all items that have one, sorted, with the item of each key."""
        n = len(self._ids)
        positions = np.flatnonzero(self._frames[:n]).astype(np.int32)
        keys = self._frames[positions]
        order = np.argsort(keys, kind="stable")
        return keys[order], positions[order]

    def _link_all(self) -> None:
        """Candidate pairs from sorted band and frame keys, verified, then unioned."""
        positions = self._clusterable_positions()
        sorted_keys = np.empty((LSH_BANDS, positions.size), dtype=np.uint32)
        sorted_items = np.empty((LSH_BANDS, positions.size), dtype=np.int32)
        deferred: list[tuple[float, int, int]] = []
        for band in range(LSH_BANDS):
            sorted_keys[band], sorted_items[band] = self._sorted_band(positions, band)
            same = np.flatnonzero(sorted_keys[band, 1:] == sorted_keys[band, :-1])
            if not same.size:
                continue
            left = sorted_items[band, same]
            right = sorted_items[band, same + 1]
            roots = _roots(np.asarray(self._parent, dtype=np.int64))
            todo = np.flatnonzero(roots[left] != roots[right])
            self._verify_pairs(left[todo], right[todo], deferred)
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
                    deferred.append((cover - _FRAME_RANK, a, b))
        self._union_ordered(deferred)
        self._bulk_keys, self._bulk_items = sorted_keys, sorted_items
        self._bulk_frames, self._bulk_frame_items = frames, frame_items
        self._delta = self._new_delta()
        self._delta_items = []
        self._delta_frames = {}

    def _verify_pairs(self, left: npt.NDArray[np.int32], right: npt.NDArray[np.int32],
                      deferred: list[tuple[float, int, int]]) -> None:
        """Verify and union candidate pairs, in blocks that bound the scratch memory.

        Pairs touching a thread go to ``deferred`` instead, to be unioned strongest first.
        """
        skeletons = self._skeletons
        for start in range(0, left.size, _PAIR_BLOCK):
            a_block = left[start : start + _PAIR_BLOCK]
            b_block = right[start : start + _PAIR_BLOCK]
            estimate = (self._digests[a_block] == self._digests[b_block]).mean(axis=1)
            keep = np.flatnonzero(estimate >= PREFILTER_MIN_ESTIMATE)
            for a, b in zip(a_block[keep].tolist(), b_block[keep].tolist(), strict=True):
                if self._find(a) == self._find(b):
                    continue
                score = similarity(skeletons[a], skeletons[b])
                if score < VERIFY_MIN_JACCARD:
                    continue
                if self._has_threads(a, b):
                    deferred.append((score, a, b))
                else:
                    self._union(a, b)

    def _fold(self) -> None:
        """Move the delta's items into the sorted arrays (no new links are made)."""
        positions = self._clusterable_positions()
        self._bulk_keys = np.empty((LSH_BANDS, positions.size), dtype=np.uint32)
        self._bulk_items = np.empty((LSH_BANDS, positions.size), dtype=np.int32)
        for band in range(LSH_BANDS):
            self._bulk_keys[band], self._bulk_items[band] = self._sorted_band(positions, band)
        self._bulk_frames, self._bulk_frame_items = self._sorted_frames()
        self._delta = self._new_delta()
        self._delta_items = []
        self._delta_frames = {}

    # --- state -------------------------------------------------------------------------------

    def state(self) -> IndexState:
        """A plain snapshot (lists, bytes and ints) for the store to persist."""
        n = len(self._ids)
        names = self._thread_names
        threads = [names[t] if t >= 0 else None for t in self._threads] if names else None
        return IndexState(
            item_ids=list(self._ids),
            skeletons=list(self._skeletons),
            digests=self._digests[:n].astype("<u4").tobytes(),
            parents=list(self._parent),
            threads=threads,
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
        index._ids = list(state.item_ids)
        index._pos = {item: i for i, item in enumerate(index._ids)}
        index._skeletons = list(state.skeletons)
        index._digests = np.frombuffer(state.digests, dtype="<u4").reshape(n, NUM_PERM).copy()
        index._frames = np.array(
            [frame_key(s) if _clusterable(s) else 0 for s in index._skeletons], dtype=np.uint64)
        index._parent = list(state.parents)
        index._threads = [index._thread_id(t) for t in (state.threads or [None] * n)]
        roots = _roots(np.asarray(index._parent, dtype=np.int64))
        for pos, tid in enumerate(index._threads):
            if tid >= 0:
                index._root_threads.setdefault(int(roots[pos]), set()).add(tid)
        counts = np.bincount(roots, minlength=n) if n else roots
        in_groups = np.flatnonzero(counts[roots] > 1)
        order = in_groups[np.argsort(roots[in_groups], kind="stable")]
        bounds = np.flatnonzero(np.diff(roots[order])) + 1
        for group in np.split(order, bounds) if order.size else []:
            index._members[int(roots[group[0]])] = group.tolist()
        if n:
            index._fold()
        return index
