"""Fingerprints: exact and MinHash parts, the batch path, and the hash-only shareable form."""

from __future__ import annotations

import json
import re

import numpy as np

from seedbed.campaign.fingerprint import (
    LSH_BANDS,
    LSH_ROWS,
    NUM_PERM,
    band_key,
    band_keys,
    fingerprint,
    fingerprint_many,
    fingerprint_skeleton,
    shareable_similarity,
    to_shareable,
)
from seedbed.campaign.skeleton import MaskContext, skeleton

NOTES = [
    "Hi Vilja, I noticed Quorvik Nutrition is expanding its warehouse in Tromsø. We help "
    "growing brands like yours automate pallet tracking. Open to a quick chat on Thursday?",
    "Hi Vilja, I noticed Quorvik Nutrition is expanding its warehouse in Tromsø. We help "
    "growing brands like yours automate pallet tracking. Open to a brief chat on Thursday?",
    "Loved your keynote about sourdough fermentation; my grandmother kept a starter alive "
    "for twenty years.",
]


def test_batch_fingerprints_equal_single_ones() -> None:
    skeletons = [skeleton(n) for n in NOTES] + ["", "word"]
    assert fingerprint_many(skeletons) == [fingerprint_skeleton(s) for s in skeletons]


def test_digest_has_one_value_per_permutation() -> None:
    assert fingerprint(NOTES[0]).values.shape == (NUM_PERM,)


def test_minhash_estimate_tracks_similarity() -> None:
    a, b, c = (fingerprint(n) for n in NOTES)
    assert a.jaccard(b) > 0.6
    assert a.jaccard(c) < 0.2
    assert a.minhash().jaccard(b.minhash()) == a.jaccard(b)


def test_shareable_form_contains_no_word_of_the_input() -> None:
    # Words made only of the letters a-f (like "face") could occur inside hex by chance;
    # these notes have none, so every word must be absent from the export.
    ctx = MaskContext.build(names=["Vilja Strand"], companies=["Quorvik Nutrition"])
    exported = json.dumps([to_shareable(fingerprint(n, ctx)) for n in NOTES]).lower()
    words = {w.lower() for n in NOTES for w in re.findall(r"\w+", n) if len(w) >= 3}
    assert not {w for w in words if re.fullmatch(r"[a-f]+", w)}, "pick other test words"
    assert [w for w in sorted(words) if w in exported] == []


def test_shareable_forms_match_near_duplicates_and_not_unrelated_notes() -> None:
    a, b, c = (to_shareable(fingerprint(n)) for n in NOTES)
    assert shareable_similarity(a, a) == 1.0
    assert shareable_similarity(a, b) > 0.2
    assert shareable_similarity(a, c) < shareable_similarity(a, b)


def test_shareable_forms_from_other_parameters_never_match() -> None:
    a = to_shareable(fingerprint(NOTES[0]))
    other = dict(a, lsh=[64, 1, 16, 4])
    assert shareable_similarity(a, other) == 0.0


def test_short_skeletons_are_not_clusterable() -> None:
    assert not fingerprint("").clusterable
    assert not fingerprint("Hi Anna!").clusterable
    assert fingerprint(NOTES[2]).clusterable


def test_band_keys_of_all_bands_equal_the_per_band_keys() -> None:
    values = np.stack([fingerprint(n).values for n in NOTES])
    keys = band_keys(values)
    for band in range(LSH_BANDS):
        rows = values[:, band * LSH_ROWS : (band + 1) * LSH_ROWS]
        assert np.array_equal(keys[:, band], band_key(rows, band))


def test_near_duplicates_share_band_keys_and_unrelated_notes_share_few() -> None:
    a, b, c = (band_keys(fingerprint(n).values)[0] for n in NOTES)
    assert np.sum(a == b) > np.sum(a == c)
