"""The first verification channel: are two skeletons the same template, by their words.

Owns: ``similarity`` (exact Jaccard of word 1- and 2-gram sets, as the MinHash estimates it)
and ``verify`` with its thresholds. The second channel, for templates whose fills are whole
clauses, is ``campaign.frame``. Must not import: the store, the judge, the CLI.
"""

from __future__ import annotations

from itertools import pairwise

# Verification. On 190,000 LSH candidate pairs of the benchmark corpus (20,000 notes), exact
# Jaccard of same-template pairs has p0.1 = 0.35 and p1 = 0.42; pairs of different templates
# reach 0.33 at most, unique notes 0.33 (two 7-word notes). On the devset, 17 of its 23
# same-template pairs are >= 0.35 and 3 of ~11,000 other pairs (same sender, sibling
# templates) are too; lowering to 0.30 would add one true and one false pair there.
VERIFY_MIN_JACCARD = 0.35
# ... and short notes must share this many shingles, so that two unrelated eight-word notes
# that happen to share "dear ⟨name⟩ ... on the" do not join.
VERIFY_MIN_SHARED = 10


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
