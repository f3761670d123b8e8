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
least ``VERIFY_MIN_SHARED`` shingles. A campaign is a component of at least
``MIN_CAMPAIGN_SIZE`` items; its id comes from its earliest member and so stays the same when
members join, and when two campaigns merge the older id is kept (the union-find root is
always the smallest item index, i.e. the earliest added).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
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


@dataclass(frozen=True, slots=True)
class IndexState:
    """Everything needed to restore a ``CampaignIndex`` without re-verifying anything.

    ``digests`` holds ``NUM_PERM`` little-endian uint32 values per item, in item order;
    ``parents`` is the union-find parent of each item (an index into the same lists).
    """

    item_ids: list[str]
    skeletons: list[str]
    digests: bytes
    parents: list[int]
    params: tuple[int, int, int, int] = (NUM_PERM, SEED, LSH_BANDS, LSH_ROWS)
    version: int = STATE_VERSION


def _shingle_sets(skel: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Word 1-grams and 2-grams, as the MinHash sees them (kept apart: no string joins)."""
    words = skel.split()
    return set(words), set(pairwise(words))


def verify(a: str, b: str) -> bool:
    """Whether two skeletons are close enough to be the same template."""
    if a == b:
        return True
    ua, ba = _shingle_sets(a)
    ub, bb = _shingle_sets(b)
    shared = len(ua & ub) + len(ba & bb)
    if shared < VERIFY_MIN_SHARED:
        return False
    return shared >= VERIFY_MIN_JACCARD * (len(ua) + len(ba) + len(ub) + len(bb) - shared)


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
        self._parent: list[int] = []
        # Members of every component of two or more items, keyed by its root.
        self._members: dict[int, list[int]] = {}
        self._keys: dict[int, str] = {}
        # Sorted band keys of the items folded in by the last batch, and their item indices.
        self._bulk_keys = np.empty((LSH_BANDS, 0), dtype=np.uint32)
        self._bulk_items = np.empty((LSH_BANDS, 0), dtype=np.int32)
        self._delta = self._new_delta()
        self._delta_items: list[int] = []

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

    def _union(self, a: int, b: int) -> int:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        # The older (smaller) index stays the root, so the older campaign id survives.
        old, new = (ra, rb) if ra < rb else (rb, ra)
        self._parent[new] = old
        # Extend the longer list with the shorter one: merging stays O(n log n) overall.
        kept, moved = self._members.pop(old, [old]), self._members.pop(new, [new])
        if len(kept) < len(moved):
            kept, moved = moved, kept
        kept.extend(moved)
        self._members[old] = kept
        return old

    def _key(self, root: int) -> str:
        key = self._keys.get(root)
        if key is None:
            key = self._keys[root] = campaign_key(self._skeletons[root])
        return key

    # --- adding ------------------------------------------------------------------------------

    def _append(self, item_id: str, fp: Fingerprint) -> int:
        pos = len(self._ids)
        self._ids.append(item_id)
        self._pos[item_id] = pos
        self._skeletons.append(fp.skeleton)
        self._parent.append(pos)
        if pos >= self._digests.shape[0]:
            grown = np.empty((max(1024, 2 * pos), NUM_PERM), dtype=np.uint32)
            grown[:pos] = self._digests[:pos]
            self._digests = grown
        self._digests[pos] = fp.values
        return pos

    def add(self, item_id: str, fp: Fingerprint) -> str | None:
        """Add one item; return the key of the campaign it joined, or None.

        Adding an id that is already present changes nothing and returns its campaign.
        When the new item links two campaigns they merge under the older key.
        """
        if item_id in self._pos:
            return self.campaign_of(item_id)
        pos = self._append(item_id, fp)
        if not _clusterable(fp.skeleton):
            return None
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
        minhash = fp.minhash()
        delta = self._delta.query(minhash)
        if delta:
            found.append(np.asarray(delta, dtype=np.int32))
        if found:
            others, hits = np.unique(np.concatenate(found), return_counts=True)
            estimate = (self._digests[others] == fp.values).mean(axis=1)
            keep = estimate >= PREFILTER_MIN_ESTIMATE
            # Most band hits first: the likeliest template mates are verified first.
            order = np.argsort(-hits[keep], kind="stable")
            tries: dict[int, int] = {}
            for other in others[keep][order].tolist():
                root = self._find(other)
                if root == self._find(pos) or tries.get(root, 0) >= VERIFY_PER_COMPONENT:
                    continue
                tries[root] = tries.get(root, 0) + 1
                if verify(fp.skeleton, self._skeletons[other]):
                    self._union(pos, other)
        self._delta.insert(pos, minhash)
        self._delta_items.append(pos)
        if len(self._delta_items) >= DELTA_MAX:
            self._fold()
        return self.campaign_of(item_id)

    def build(self, items: Iterable[tuple[str, Fingerprint]]) -> None:
        """Add many items at once (the batch path), then link all items.

        Finds the campaigns ``add`` would find, with one difference at the margin: the
        batch links each item to its neighbours in sorted band order, ``add`` tries up to
        ``VERIFY_PER_COMPONENT`` members of each candidate campaign. Items whose id is
        already present are skipped.
        """
        for item_id, fp in items:
            if item_id not in self._pos:
                self._append(item_id, fp)
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

    def _link_all(self) -> None:
        """Candidate pairs from sorted band keys over all items, verified, then unioned."""
        positions = self._clusterable_positions()
        sorted_keys = np.empty((LSH_BANDS, positions.size), dtype=np.uint32)
        sorted_items = np.empty((LSH_BANDS, positions.size), dtype=np.int32)
        for band in range(LSH_BANDS):
            sorted_keys[band], sorted_items[band] = self._sorted_band(positions, band)
            same = np.flatnonzero(sorted_keys[band, 1:] == sorted_keys[band, :-1])
            if not same.size:
                continue
            left = sorted_items[band, same]
            right = sorted_items[band, same + 1]
            roots = _roots(np.asarray(self._parent, dtype=np.int64))
            todo = np.flatnonzero(roots[left] != roots[right])
            self._verify_pairs(left[todo], right[todo])
        self._bulk_keys, self._bulk_items = sorted_keys, sorted_items
        self._delta = self._new_delta()
        self._delta_items = []

    def _verify_pairs(self, left: npt.NDArray[np.int32], right: npt.NDArray[np.int32]) -> None:
        """Verify and union candidate pairs, in blocks that bound the scratch memory."""
        skeletons = self._skeletons
        for start in range(0, left.size, _PAIR_BLOCK):
            a_block = left[start : start + _PAIR_BLOCK]
            b_block = right[start : start + _PAIR_BLOCK]
            estimate = (self._digests[a_block] == self._digests[b_block]).mean(axis=1)
            keep = np.flatnonzero(estimate >= PREFILTER_MIN_ESTIMATE)
            for a, b in zip(a_block[keep].tolist(), b_block[keep].tolist(), strict=True):
                if self._find(a) != self._find(b) and verify(skeletons[a], skeletons[b]):
                    self._union(a, b)

    def _fold(self) -> None:
        """Move the delta LSH's items into the sorted arrays (no new links are made)."""
        positions = self._clusterable_positions()
        self._bulk_keys = np.empty((LSH_BANDS, positions.size), dtype=np.uint32)
        self._bulk_items = np.empty((LSH_BANDS, positions.size), dtype=np.int32)
        for band in range(LSH_BANDS):
            self._bulk_keys[band], self._bulk_items[band] = self._sorted_band(positions, band)
        self._delta = self._new_delta()
        self._delta_items = []

    # --- state -------------------------------------------------------------------------------

    def state(self) -> IndexState:
        """A plain snapshot (lists, bytes and ints) for the store to persist."""
        n = len(self._ids)
        return IndexState(
            item_ids=list(self._ids),
            skeletons=list(self._skeletons),
            digests=self._digests[:n].astype("<u4").tobytes(),
            parents=list(self._parent),
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
        index._parent = list(state.parents)
        roots = _roots(np.asarray(index._parent, dtype=np.int64))
        counts = np.bincount(roots, minlength=n) if n else roots
        in_groups = np.flatnonzero(counts[roots] > 1)
        order = in_groups[np.argsort(roots[in_groups], kind="stable")]
        bounds = np.flatnonzero(np.diff(roots[order])) + 1
        for group in np.split(order, bounds) if order.size else []:
            index._members[int(roots[group[0]])] = group.tolist()
        if n:
            index._fold()
        return index
