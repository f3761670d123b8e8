"""Fingerprints of skeletons: an exact hash and a MinHash digest, and a shareable hash-only form.

Owns: ``Fingerprint``, the shingling of skeletons, the MinHash parameters (seed, permutations,
LSH bands) and ``to_shareable``. Must not import: the store, the judge, the CLI.

Shingles are word 1-grams plus word 2-grams of the skeleton. Measured on the synthetic corpus
of benchmarks/bench_campaigns.py (20,000 notes, 60 templates with varied fills and light
paraphrase, 40 % unique notes; 4,000 random pairs of each kind), true Jaccard of the shingle
sets (the full table is in benchmarks/RESULTS.md, "Campaigns"):

=============  ========  ====================  ================  ================
shingles       per note  same template p1/p5   other template    unique vs any
                                               p99 / max         p99 / max
=============  ========  ====================  ================  ================
word 1         26        0.47 / 0.52           0.20 / 0.30       0.18 / 0.29
word 1+2       52        0.39 / 0.45           0.12 / 0.20       0.09 / 0.18
word 2         26        0.32 / 0.38           0.06 / 0.13       0.04 / 0.10
char 4         139       0.37 / 0.43           0.14 / 0.19       0.11 / 0.18
char 5         141       0.33 / 0.41           0.10 / 0.16       0.08 / 0.15
=============  ========  ====================  ================  ================

Word 1+2-grams leave the widest gap between the worst same-template pairs and the best
unrelated pairs (0.39 against 0.20), with a third of the shingles of character n-grams, so
hashing costs a third. Unigrams alone let unrelated notes share too much ("hi", "your",
"to"); bigrams alone keep the gap but put true pairs lower (0.32), where 128-permutation
estimates are relatively noisier and the LSH threshold has to sit lower.

Shingles are hashed stably (the first 4 bytes of SHA-1 of each word, as datasketch's default
``sha1_hash32``; a bigram's hash is mixed from its two word hashes), so digests are the same
on every machine and can be stored and shared. The MinHash itself is datasketch's ``MinHash``
("affine32" scheme) with a fixed seed; ``fingerprint_many`` computes the same values for many
skeletons at once with numpy.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash

from seedbed.campaign.skeleton import EMPTY_CONTEXT, MaskContext, skeleton

# 128 permutations: Jaccard estimates within about +-0.04 (one s.d. at J=0.5), and 42 bands of
# 3 rows fit in 126 of them. Fewer permutations made small campaigns (2-3 notes) miss.
NUM_PERM = 128
# Fixed so that digests are comparable across runs, machines and seedbeds. Never change it
# without a new SHAREABLE_VERSION: stored and shared digests would stop matching.
SEED = 20250601
# LSH banding: 42 bands of 3 rows, i.e. a candidate threshold near (1/42)^(1/3) = 0.29.
# A pair at Jaccard 0.38 (the worst same-template pair in 100 on the benchmark) becomes a
# candidate with probability 1-(1-0.38^3)^42 = 0.91, a pair at 0.1 (unrelated) with 0.04.
# Candidates are verified afterwards, so false candidates cost time, not precision.
LSH_BANDS = 42
LSH_ROWS = 3
# Skeletons with fewer words than this are not fingerprinted for campaigns: "hi ⟨name⟩" or a
# blank invitation is sent by everybody and says nothing about a template.
MIN_SKELETON_WORDS = 5
SHAREABLE_VERSION = 1

_MASK32 = 0xFFFFFFFF
# Odd multiplier mixing a bigram's first word hash before it is combined with the second
# (the golden-ratio constant; any odd 32-bit constant with mixed bits would do).
_BIGRAM_MULT = np.uint32(0x9E3779B1)
_BIGRAM_SALT = np.uint32(0x7F4A7C15)
# The word-hash cache is only a cache: cleared when it grows past this many words.
_WORD_CACHE_MAX = 1 << 20
_WORD_CACHE: dict[str, int] = {}

_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
_PERMS: npt.NDArray[np.uint32] = np.asarray(_TEMPLATE.permutations, dtype=np.uint32)
_A = _PERMS[0]
_B = _PERMS[1]
_EMPTY = np.full(NUM_PERM, _MASK32, dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A skeleton with its SHA-256 (exact) and its MinHash digest (``NUM_PERM`` uint32, LE)."""

    skeleton: str
    exact: str
    digest: bytes

    @property
    def values(self) -> npt.NDArray[np.uint32]:
        """The digest as a read-only numpy array."""
        return np.frombuffer(self.digest, dtype="<u4")

    @property
    def clusterable(self) -> bool:
        """Whether the skeleton is long enough to say anything about a template."""
        return self.skeleton.count(" ") + 1 >= MIN_SKELETON_WORDS if self.skeleton else False

    def minhash(self) -> LeanMinHash:
        """The digest as a datasketch ``LeanMinHash`` (for ``MinHashLSH``)."""
        mh = MinHash(
            seed=SEED, hashvalues=self.values, permutations=_TEMPLATE.permutations,
            scheme="affine32",
        )
        return LeanMinHash(mh)

    def jaccard(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two skeletons' shingle sets."""
        return float(np.mean(self.values == other.values))


def _word_hash(word: str) -> int:
    value: int = struct.unpack("<I", hashlib.sha1(word.encode("utf-8")).digest()[:4])[0]
    return value


def _word_hashes(words: list[str]) -> list[int]:
    cache = _WORD_CACHE
    hashes = [cache.get(w, -1) for w in words]
    if -1 in hashes:
        if len(cache) > _WORD_CACHE_MAX:
            cache.clear()
        for k, h in enumerate(hashes):
            if h == -1:
                h = cache[words[k]] = _word_hash(words[k])
                hashes[k] = h
    return hashes


def shingle_hashes(skel: str) -> npt.NDArray[np.uint32]:
    """The 32-bit hashes of a skeleton's word 1-grams and 2-grams (duplicates possible)."""
    words = skel.split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    unigrams = np.array(_word_hashes(words), dtype=np.uint32)
    bigrams = (unigrams[:-1] * _BIGRAM_MULT) ^ unigrams[1:] ^ _BIGRAM_SALT
    return np.concatenate([unigrams, bigrams])


def _fmix32(h: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3's finaliser, as datasketch applies it before the affine permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _identity(value: int) -> int:
    return value


def fingerprint_skeleton(skel: str) -> Fingerprint:
    """Fingerprint an already computed skeleton, with datasketch's ``MinHash``."""
    exact = hashlib.sha256(skel.encode("utf-8")).hexdigest()
    hashes = shingle_hashes(skel)
    if hashes.size == 0:
        return Fingerprint(skel, exact, _EMPTY.tobytes())
    mh = MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=_identity,
        permutations=_TEMPLATE.permutations, scheme="affine32",
    )
    mh.update_batch(hashes.tolist())
    return Fingerprint(skel, exact, np.asarray(mh.hashvalues, dtype="<u4").tobytes())


def fingerprint(text: str, context: MaskContext = EMPTY_CONTEXT) -> Fingerprint:
    """Fingerprint a plain-text note or message: ``skeleton`` then ``fingerprint_skeleton``."""
    return fingerprint_skeleton(skeleton(text, context))


# Skeletons per numpy block in ``fingerprint_many``: 500 notes x ~50 shingles x 128 permutations
# x 4 bytes is about 13 MB of scratch; measured 4 us per note, against 6 us at 2,000 (cache).
_BATCH = 500


def fingerprint_many(skeletons: Sequence[str]) -> list[Fingerprint]:
    """Fingerprint many skeletons at once; equal to ``fingerprint_skeleton`` on each."""
    result: list[Fingerprint] = []
    for start in range(0, len(skeletons), _BATCH):
        block = skeletons[start : start + _BATCH]
        parts = [shingle_hashes(s) for s in block]
        sizes = np.array([p.size for p in parts], dtype=np.int64)
        digests = np.tile(_EMPTY, (len(block), 1))
        nonempty = np.flatnonzero(sizes)
        if nonempty.size:
            flat = _fmix32(np.concatenate([parts[i] for i in nonempty]))
            # Permutations along rows, shingles along the contiguous axis: reduceat is 5x faster.
            permuted = _A[:, None] * flat[None, :]
            permuted += _B[:, None]
            offsets = np.concatenate([[0], np.cumsum(sizes[nonempty])[:-1]])
            digests[nonempty] = np.minimum.reduceat(permuted, offsets, axis=1).T
        digests = digests.astype("<u4", copy=False)
        for skel, row in zip(block, digests, strict=True):
            exact = hashlib.sha256(skel.encode("utf-8")).hexdigest()
            result.append(Fingerprint(skel, exact, row.tobytes()))
    return result


def _mix_bands(
    rows: npt.NDArray[np.uint64], bands: npt.NDArray[np.uint64]
) -> npt.NDArray[np.uint32]:
    """Hash ``LSH_ROWS`` values (last axis of ``rows``) and a band number into 32 bits."""
    key = bands * np.uint64(0xBF58476D1CE4E5B9)
    for r in range(LSH_ROWS):
        key = (key ^ rows[..., r]) * np.uint64(0x9E3779B97F4A7C15)
        key ^= key >> np.uint64(29)
    result: npt.NDArray[np.uint32] = (key >> np.uint64(32)).astype(np.uint32)
    return result


def band_key(band_values: npt.NDArray[np.uint32], band: int) -> npt.NDArray[np.uint32]:
    """The 32-bit LSH key of band ``band`` for each row of ``band_values`` (n, LSH_ROWS).

    Rows whose ``LSH_ROWS`` values are equal get equal keys; different values collide with
    probability 2^-32 (a few spurious candidates per band at a million items, all dropped by
    verification). 32 bits halve the memory of the sorted key arrays.
    """
    rows = np.atleast_2d(band_values).astype(np.uint64)
    return _mix_bands(rows, np.full(rows.shape[0], band, dtype=np.uint64))


def band_keys(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """All band keys, shape (n, LSH_BANDS), for ``values`` of shape (n, NUM_PERM)."""
    values = np.atleast_2d(values)
    rows = values[:, : LSH_BANDS * LSH_ROWS].reshape(-1, LSH_BANDS, LSH_ROWS).astype(np.uint64)
    return _mix_bands(rows, np.arange(LSH_BANDS, dtype=np.uint64)[None, :])


def to_shareable(fp: Fingerprint) -> dict[str, object]:
    """A one-way, hash-only form of a fingerprint for matching with other seedbeds.

    Holds the SHA-256 of the skeleton and one hash per LSH band of the digest (salted with the
    band number, truncated to 48 bits so that JSON readers keep them exact); no text, no words,
    no digest values. Two shareable forms match exactly when ``sha256`` is equal, and are
    near-duplicate candidates when any band hash is equal (``shareable_similarity``).
    """
    bands = [
        int.from_bytes(
            hashlib.sha256(b"seedbed-band:%d:" % band + chunk.tobytes()).digest()[:6], "big"
        )
        for band, chunk in enumerate(
            fp.values[: LSH_BANDS * LSH_ROWS].reshape(LSH_BANDS, LSH_ROWS)
        )
    ]
    return {
        "v": SHAREABLE_VERSION,
        "sha256": fp.exact,
        "lsh": [NUM_PERM, SEED, LSH_BANDS, LSH_ROWS],
        "b": bands,
    }


def shareable_similarity(a: dict[str, object], b: dict[str, object]) -> float:
    """Share of LSH bands two shareable forms have in common: 1.0 for the same skeleton.

    Like Rspamd's fuzzy match, a fraction of matching hashes; 0.0 when the forms were made
    with different parameters.
    """
    if a.get("v") != b.get("v") or a.get("lsh") != b.get("lsh"):
        return 0.0
    if a.get("sha256") == b.get("sha256"):
        return 1.0
    bands_a, bands_b = a.get("b"), b.get("b")
    if not isinstance(bands_a, list) or not isinstance(bands_b, list) or not bands_a:
        return 0.0
    same = sum(1 for x, y in zip(bands_a, bands_b, strict=False) if x == y)
    return same / len(bands_a)
